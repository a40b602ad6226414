"""The phase report as a Word document in the layout of Decree 30/2020/NĐ-CP (Appendix I).

The office opens it, writes section IV, and prints it for signing, so it follows the decree
where a reviewer would look: A4, margins 20/20/30/15 mm, Times New Roman 13–14 pt, the
two-column heading (issuing body | national title and motto, each with its short rule), the
number, the italic place-and-date line, the title and summary line, the 'Nơi nhận' list and
the signature block, and page numbers from page 2.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from lib.reports.content import DATE, INT, NUMBER, PCT, TEXT, ReportContent, Table, cell_text, text_weights

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
TEXT_WIDTH_CM = 16.5  # A4 (21 cm) less the 3 cm left and 1.5 cm right margins
LEFT_HEAD_CM, RIGHT_HEAD_CM = 7.2, TEXT_WIDTH_CM - 7.2


def render(content: ReportContent) -> bytes:
    doc = Document()
    _page_setup(doc)
    if content.snapshot_line:  # which stored snapshot the figures are from, on every page
        section = doc.sections[0]
        for footer in (section.footer, section.first_page_footer):
            _format(footer.paragraphs[0], content.snapshot_line, size=10, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _heading_block(doc, content)
    _title(doc, content)
    for note in content.notes:
        _paragraph(doc, note, italic=True, indent=True)
    _paragraph(doc, content.intro, indent=True)

    _section_heading(doc, content.results_heading)
    for line in content.results:
        _paragraph(doc, f"- {line}", indent=True)
    if content.targets is not None:
        _table(doc, content.targets, content.lang)

    _section_heading(doc, content.units_heading)
    for part in content.groups:
        _paragraph(doc, part.heading, bold=True, italic=True, indent=True)
        _table(doc, part.table, content.lang)
        if part.family is not None:
            _paragraph(doc, part.family.title, italic=True, indent=True)
            _table(doc, part.family, content.lang)
        for note in part.notes:
            _paragraph(doc, note, indent=True)

    _section_heading(doc, content.support_heading)
    for line in content.support:
        _paragraph(doc, f"- {line}", indent=True)
    _table(doc, content.helpers, content.lang)

    if content.charts:
        _section_heading(doc, content.charts_heading)
        for chart in content.charts:
            picture = doc.add_paragraph()
            picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
            picture.add_run().add_picture(io.BytesIO(chart.png), width=Cm(TEXT_WIDTH_CM - 0.5))

    # Section IV and the signature block stay together: a signature alone on a page is not done.
    _section_heading(doc, content.issues_heading)
    for _ in range(4):  # room for the office to write before signing
        _paragraph(doc, "", indent=True).paragraph_format.keep_with_next = True

    _signature_block(doc, content)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------------------ page


def _page_setup(doc: DocumentObject) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.header_distance = Cm(1)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    # Page numbers: centred in the top margin, not on the first page.
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(number, "PAGE", size=13)


def _field(paragraph: Paragraph, instruction: str, size: int) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    font_size = OxmlElement("w:sz")
    font_size.set(qn("w:val"), str(size * 2))
    properties.append(font_size)
    run.append(properties)
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _rule_below(paragraph: Paragraph, width_cm: float, box_cm: float) -> None:
    """A short solid line under a heading line (Decree 30 draws one under the issuing body,
    the motto and the summary line): a bottom border on an empty paragraph indented to width."""
    paragraph.paragraph_format.left_indent = Cm((box_cm - width_cm) / 2)
    paragraph.paragraph_format.right_indent = Cm((box_cm - width_cm) / 2)
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _format(
    paragraph: Paragraph,
    text: str,
    size: int = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
    after: float = 0,
) -> Paragraph:
    if text:
        run = paragraph.add_run(text)
        run.font.size, run.bold, run.italic = Pt(size), bold, italic
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.line_spacing = 1.0
    return paragraph


def _cell_paragraph(cell: _Cell, first: bool = False) -> Paragraph:
    return cell.paragraphs[0] if first else cell.add_paragraph()


def _no_borders(table: DocxTable, margins: bool = False) -> None:
    """A layout table: no lines; with `margins`, no cell padding either (the heading lines
    then have the whole column, as in the decree's model)."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)
    if margins:
        padding = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            element = OxmlElement(f"w:{side}")
            element.set(qn("w:w"), "0")
            element.set(qn("w:type"), "dxa")
            padding.append(element)
        table._tbl.tblPr.append(padding)


def _column_widths(table: DocxTable, widths_cm: list[float]) -> None:
    """Widths in both places readers look: the grid (LibreOffice) and each cell (Word)."""
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def _heading_block(doc: DocumentObject, content: ReportContent) -> None:
    """Issuing body and number on the left; national title, motto and date on the right."""
    fields = content.fields
    table = doc.add_table(rows=2, cols=2)
    _no_borders(table, margins=True)
    table.autofit = False
    _column_widths(table, [LEFT_HEAD_CM, RIGHT_HEAD_CM])
    center = WD_ALIGN_PARAGRAPH.CENTER
    left, right = table.cell(0, 0), table.cell(0, 1)
    first = True
    if fields.issuer_parent:
        _format(_cell_paragraph(left, first), fields.issuer_parent.upper(), 12, align=center)
        first = False
    _format(_cell_paragraph(left, first), fields.issuer.upper(), 12, bold=True, align=center)
    _rule_below(left.add_paragraph(), min(LEFT_HEAD_CM / 3 + 0.5, LEFT_HEAD_CM), LEFT_HEAD_CM)
    _format(_cell_paragraph(right, True), content.nation, 12, bold=True, align=center)
    _format(right.add_paragraph(), content.motto, 13, bold=True, align=center)
    _rule_below(right.add_paragraph(), 6.1, RIGHT_HEAD_CM)  # about the motto's width at 13 pt
    _format(_cell_paragraph(table.cell(1, 0), True), content.number_line, 13, align=center, after=6)
    _format(_cell_paragraph(table.cell(1, 1), True), content.date_line, 14, italic=True, align=center, after=6)


def _title(doc: DocumentObject, content: ReportContent) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    kind = _format(doc.add_paragraph(), content.kind, 14, bold=True, align=center)
    kind.paragraph_format.space_before = Pt(18)
    _format(doc.add_paragraph(), content.subtitle, 14, bold=True, align=center)
    _format(doc.add_paragraph(), f"({content.as_of_line})", 13, italic=True, align=center)
    _rule_below(doc.add_paragraph(), 5.0, TEXT_WIDTH_CM)
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


def _paragraph(doc: DocumentObject, text: str, bold: bool = False, italic: bool = False, indent: bool = False):
    paragraph = doc.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1)
    return paragraph


def _section_heading(doc: DocumentObject, text: str) -> None:
    heading = _paragraph(doc, text, bold=True, indent=True)
    heading.paragraph_format.space_before = Pt(6)
    heading.paragraph_format.keep_with_next = True


# ----------------------------------------------------------------------------- tables


def _widths(table: Table, lang: str) -> list[float]:
    """The order number narrow, figures about 2 cm, the text columns share what is left by
    how long their texts are; a table with many columns is narrowed as a whole to fit."""
    fixed = {0: _number_width(table, lang)} if table.columns and table.columns[0].kind == INT else {}
    for i, column in enumerate(table.columns):
        if i not in fixed and column.kind != TEXT:
            fixed[i] = 2.5 if column.kind == DATE else 1.8
    text = [i for i in range(len(table.columns)) if i not in fixed]
    weights = text_weights(table, lang)
    rest = max(TEXT_WIDTH_CM - sum(fixed.values()), 2.2 * len(text))
    total = sum(weights[i] for i in text) or 1.0
    widths = [fixed.get(i, rest * weights[i] / total) for i in range(len(table.columns))]
    return [w * min(1.0, TEXT_WIDTH_CM / sum(widths)) for w in widths]


def _number_width(table: Table, lang: str) -> float:
    """The order-number column: 1,1 cm, or wide enough for the largest number ("1.234") on one
    line at 12 pt (a Times digit is half an em, 0,212 cm; the separator a quarter; the cell's
    margins 0,19 cm a side); a narrower one breaks "1.000" over two lines."""
    widest = cell_text(len(table.rows), INT, lang)
    text_cm = sum(0.212 if c.isdigit() else 0.106 for c in widest)
    return max(1.1, text_cm + 2 * 0.19 + 0.05)


def _table(doc: DocumentObject, table: Table, lang: str) -> None:
    """A bordered table under its line saying which date its figures are as of, header
    repeated on each page, figures right-aligned, total in bold.

    Widths live in the table grid with a fixed layout (Word and LibreOffice both follow it).
    Rows are written as WordprocessingML text and parsed once each: going through
    python-docx's objects cell by cell takes about 0,5 ms per cell.
    """
    rows = [*table.rows, *([table.total] if table.total is not None else [])]
    if table.as_of:
        caption = _format(doc.add_paragraph(), table.as_of, TABLE_PT, italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
        caption.paragraph_format.space_after = Pt(2)
        caption.paragraph_format.keep_with_next = True
    grid = doc.add_table(rows=0, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    grid._tbl.tblPr.append(layout)
    widths = _widths(table, lang)
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Cm(width)
    style = _table_style(doc).style_id
    twips = [int(w / 2.54 * 1440) for w in widths]
    header = [_cell_xml(c.title, style, twips[j], "center", True) for j, c in enumerate(table.columns)]
    grid._tbl.append(parse_xml(f"<w:tr {nsdecls('w')}><w:trPr><w:tblHeader/></w:trPr>{''.join(header)}</w:tr>"))
    aligns = [
        "center" if j == 0 else ("right" if c.kind in (INT, PCT, NUMBER) else "left")
        for j, c in enumerate(table.columns)
    ]
    for i, values in enumerate(rows, start=1):
        bold = table.total is not None and i == len(rows)
        texts = [cell_text(v, c.kind, lang) for c, v in zip(table.columns, values, strict=True)]
        if values[0] is None:  # the total row has no order number
            texts[0] = ""
        cells = [_cell_xml(text, style, twips[j], aligns[j], bold) for j, text in enumerate(texts)]
        grid._tbl.append(parse_xml(f"<w:tr {nsdecls('w')}>{''.join(cells)}</w:tr>"))
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


def _cell_xml(text: str, style: str, width_twips: int, align: str, bold: bool) -> str:
    run = ""
    if text:
        weight = "<w:rPr><w:b/></w:rPr>" if bold else ""
        run = f'<w:r>{weight}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width_twips}" w:type="dxa"/></w:tcPr>'
        f'<w:p><w:pPr><w:pStyle w:val="{escape(style)}"/><w:jc w:val="{align}"/></w:pPr>{run}</w:p></w:tc>'
    )


def _table_style(doc: DocumentObject):
    """'Bang so lieu': the paragraph style of table cells (12 pt, single spacing, no indent)."""
    name = "Bang so lieu"
    if name in [s.name for s in doc.styles]:
        return doc.styles[name]
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.font.size = Pt(TABLE_PT)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.line_spacing = 1.0
    style.paragraph_format.first_line_indent = Cm(0)
    return style


# -------------------------------------------------------------------------- signature


def _signature_block(doc: DocumentObject, content: ReportContent) -> None:
    """'Nơi nhận:' and its list on the left; the signer's title and name on the right."""
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    table.autofit = False
    _column_widths(table, [8, TEXT_WIDTH_CM - 8])
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    left, right = table.rows[0].cells
    _format(_cell_paragraph(left, True), content.recipients_heading, 12, bold=True, italic=True)
    last = len(content.recipients) - 1
    for i, name in enumerate(content.recipients):
        _format(left.add_paragraph(), f"- {name}{'.' if i == last else ';'}", 11)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _format(_cell_paragraph(right, True), content.signer_title.upper(), 14, bold=True, align=center)
    for _ in range(4):  # room for the signature and the seal
        _format(right.add_paragraph(), "", 14)
    _format(right.add_paragraph(), content.signer_name, 14, bold=True, align=center)
