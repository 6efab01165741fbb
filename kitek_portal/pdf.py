"""One helper renders every PDF of the portal from a Django template.

Documents extend ``pdf/base.html``, whose @font-face loads the DejaVu fonts
shipped in ``static/fonts``; WeasyPrint embeds them, so Cyrillic text renders
(and extracts) the same on any server, whatever fonts the system has.
"""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

FONT_DIR = settings.BASE_DIR / "static" / "fonts"


def pdf_context(context=None):
    """What every document template gets: the fonts and the college's name."""
    return {
        "font_dir": FONT_DIR.as_uri(),
        "college_name": settings.COLLEGE_NAME,
        "college_short_name": settings.COLLEGE_SHORT_NAME,
        **(context or {}),
    }


def render_pdf(template_name, context=None, request=None):
    html = render_to_string(template_name, pdf_context(context), request=request)
    font_config = FontConfiguration()
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(font_config=font_config)


def pdf_response(template_name, context, filename, request=None):
    response = HttpResponse(
        render_pdf(template_name, context, request), content_type="application/pdf"
    )
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(filename):
    from urllib.parse import quote

    return quote(filename)
