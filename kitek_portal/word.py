"""Word (DOCX) documents for texts negotiated in Word: python-docx with the college's layout.

Times New Roman throughout (body 12 pt, titles and headings 14 pt), A4 with the margins of
Russian office paperwork (ГОСТ Р 7.0.97: left 30 mm, right 15 mm, top and bottom 20 mm).
"""

from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
BODY_SIZE = Pt(12)
TITLE_SIZE = Pt(14)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class WordDocument:
    def __init__(self):
        self.doc = Document()
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        section.top_margin = section.bottom_margin = Mm(20)
        style = self.doc.styles["Normal"]
        style.font.name = FONT
        style.font.size = BODY_SIZE
        # Word takes Cyrillic text from the East Asian / complex-script font slots too.
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(slot), FONT)
        style.paragraph_format.space_after = Pt(3)

    @property
    def text_width(self):
        section = self.doc.sections[0]
        return section.page_width - section.left_margin - section.right_margin

    def title(self, text, subtitle=""):
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._run(paragraph, text, bold=True, size=TITLE_SIZE)
        if subtitle:
            self._run(paragraph, "\n" + subtitle, bold=True, size=TITLE_SIZE)
        paragraph.paragraph_format.space_after = Pt(12)

    def place_and_date(self, place, date):
        """«г. Омск» on the left, the date on the right edge of the same line."""
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.tab_stops.add_tab_stop(self.text_width, WD_TAB_ALIGNMENT.RIGHT)
        self._run(paragraph, f"{place}\t{date}")

    def heading(self, text):
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(12)
        paragraph.paragraph_format.keep_with_next = True
        self._run(paragraph, text, bold=True, size=TITLE_SIZE)

    def paragraph(self, text):
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Mm(12.5)
        self._run(paragraph, text)

    def signatures(self, parties):
        """Side by side: each party's name (bold), details, and a line to sign on."""
        table = self.doc.add_table(rows=1, cols=len(parties))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, (name, details, signer) in zip(table.rows[0].cells, parties, strict=True):
            cell.paragraphs[0].text = ""
            self._run(cell.paragraphs[0], name, bold=True)
            for line in details:
                self._run(cell.add_paragraph(), line)
            if signer:
                self._run(cell.add_paragraph(), signer)
            self._run(cell.add_paragraph(), "\n____________ / ______________")
            if signer:  # an organisation also stamps the agreement
                self._run(cell.add_paragraph(), "М. П.")

    def table(self, columns, rows):
        table = self.doc.add_table(rows=1, cols=len(columns))
        table.style = "Table Grid"
        for cell, column in zip(table.rows[0].cells, columns, strict=True):
            self._run(cell.paragraphs[0], column, bold=True)
        header = table.rows[0]._tr.get_or_add_trPr()
        repeat = header.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
        header.append(repeat)  # the header row repeats on every page
        for values in rows:
            for cell, value in zip(table.add_row().cells, values, strict=True):
                self._run(cell.paragraphs[0], value)

    def page_break(self):
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def to_bytes(self):
        buffer = BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()

    @staticmethod
    def _run(paragraph, text, bold=False, size=None):
        run = paragraph.add_run(text)
        run.bold = bold
        run.font.name = FONT
        if size:
            run.font.size = size
        return run


def docx_response(content, filename):
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
