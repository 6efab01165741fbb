import io

from pypdf import PdfReader

from kitek_portal.pdf import render_pdf


def _fonts(reader):
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (
                font.get("/FontDescriptor")
                or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            )
            fonts[str(font["/BaseFont"])] = "/FontFile2" in descriptor.get_object()
    return fonts


def test_russian_pdf_has_embedded_font_and_extractable_text(settings, tmp_path):
    (tmp_path / "doc.html").write_text(
        '{% extends "pdf/base.html" %}{% block body %}<h1>График дислокации обучающихся</h1>'
        "<p>Наставник: Руденко Светлана Игоревна, ООО «Сказка»</p>{% endblock %}",
        encoding="utf-8",
    )
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]}]

    pdf = render_pdf("doc.html")

    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "График дислокации обучающихся" in text
    assert "Руденко Светлана Игоревна" in text
    assert "БПОУ «КИТЭК»" in text
    fonts = _fonts(reader)
    assert fonts and all(fonts.values()), fonts
    # The font shipped in static/fonts, not a system fallback.
    assert any("Portal-Serif" in name for name in fonts), fonts


def test_fonts_are_subset_by_harfbuzz_not_the_slow_python_fallback(caplog):
    # WeasyPrint falls back to fontTools (pure Python, slower) and warns on every PDF
    # when libharfbuzz-subset is missing: bin/install-system-packages installs it.
    with caplog.at_level("WARNING", logger="weasyprint"):
        render_pdf("pdf/base.html")
    assert not [r for r in caplog.records if "HarfBuzz-Subset" in r.getMessage()]
