"""The phase report as a PDF, laid out like the Word file, ready to print or send as it is.

PDF needs an embedded font with every Vietnamese glyph. DejaVu Serif comes with matplotlib
(already a dependency for the chart): nothing large goes into git, nothing is downloaded at
run time, and a serif face is the closest to the Times New Roman of official documents. It
runs wider than Times, so sizes are a point smaller than the Word file's, and a heading line
that would not fit its column is set smaller rather than broken.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.enums import Align

from lib.reports.content import DATE, INT, NUMBER, PCT, ReportContent, Table, cell_text, text_weights

FONT = "DejaVuSerif"
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT_FILES = {"": "DejaVuSerif.ttf", "B": "DejaVuSerif-Bold.ttf", "I": "DejaVuSerif-Italic.ttf"}
FONT_FILES["BI"] = "DejaVuSerif-BoldItalic.ttf"
BODY_PT, TABLE_PT = 12, 9
LEFT_MM, RIGHT_MM, TOP_MM, BOTTOM_MM = 30, 15, 20, 20
LEFT_HEAD_MM = 66
FIGURE_MM = {INT: 15.0, PCT: 15.0, NUMBER: 15.0, DATE: 22.0}  # a text column shares the rest
LINE_MM, PAD_V_MM, PAD_H_MM = 4.6, 0.8, 1.2  # table text: line height, padding above/below and beside
PADDING = (PAD_V_MM, PAD_H_MM, PAD_V_MM, PAD_H_MM)
CAPTION_MM = 5.0  # the line over a table saying which date its figures are as of
HEADER_FILL = (221, 230, 240)


class _ReportPDF(FPDF):
    def header(self) -> None:
        """Page numbers centred in the top margin, from page 2 on (Decree 30)."""
        if self.page_no() > 1:
            self.set_font(FONT, "", 11)
            self.set_y(10)
            self.cell(0, 5, str(self.page_no()), align="C")
            self.set_y(TOP_MM)

    snapshot_line = ""

    def footer(self) -> None:
        """The stored snapshot the figures are from (lib.store), on every page."""
        if self.snapshot_line:
            self.set_y(-12)
            self.set_font(FONT, "I", 9)
            self.cell(0, 5, self.snapshot_line, align="C")


def render(content: ReportContent) -> bytes:
    pdf = _ReportPDF(format="A4", unit="mm")
    pdf.snapshot_line = content.snapshot_line
    pdf.set_margins(LEFT_MM, TOP_MM, RIGHT_MM)
    pdf.set_auto_page_break(True, margin=BOTTOM_MM)
    for style, file in FONT_FILES.items():
        pdf.add_font(FONT, style, str(FONT_DIR / file))
    pdf.set_title(f"{content.kind} – {content.subtitle}")
    pdf.set_lang("vi" if content.lang == "vi" else "en")
    pdf.add_page()
    _heading_block(pdf, content)
    _title(pdf, content)
    for note in content.notes:
        _paragraph(pdf, note, "I")
    _paragraph(pdf, content.intro)

    _heading(pdf, content.results_heading)
    for line in content.results:
        _paragraph(pdf, f"- {line}")
    if content.targets is not None:
        _table(pdf, content.targets, content.lang)

    _heading(pdf, content.units_heading)
    for part in content.groups:
        _paragraph(pdf, part.heading, "BI")
        _table(pdf, part.table, content.lang)
        if part.family is not None:
            _paragraph(pdf, part.family.title, "I")
            _table(pdf, part.family, content.lang)
        for note in part.notes:
            _paragraph(pdf, note)

    _heading(pdf, content.support_heading)
    for line in content.support:
        _paragraph(pdf, f"- {line}")
    _table(pdf, content.helpers, content.lang)

    if content.charts:
        _heading(pdf, content.charts_heading)
        for chart in content.charts:
            _image(pdf, chart.png)

    # Section IV and the signature block stay on one page: a signature alone on a page is not done.
    _heading(pdf, content.issues_heading, room=12 + 4 * 9 + _signature_height(content))
    pdf.set_font(FONT, "", BODY_PT)
    dots = "." * int(pdf.epw / pdf.get_string_width("."))
    for _ in range(4):  # dotted lines for the office to write on
        pdf.cell(0, 9, dots, new_x="LMARGIN", new_y="NEXT")
    _signature_block(pdf, content)
    return bytes(pdf.output())


# ------------------------------------------------------------------------------ text


def _fitted(pdf: FPDF, text: str, style: str, size: float, width: float) -> float:
    """The largest size up to `size` at which `text` fits on one line of `width`."""
    while size > 7:
        pdf.set_font(FONT, style, size)
        if pdf.get_string_width(text) <= width - 1:
            break
        size -= 0.5
    return size


def _centred(pdf: FPDF, x: float, width: float, text: str, style: str, size: float, height: float = 5.5) -> None:
    _fitted(pdf, text, style, size, width)
    pdf.set_x(x)
    pdf.cell(width, height, text, align="C", new_x="LEFT", new_y="NEXT")


def _rule(pdf: FPDF, x: float, width: float, length: float) -> None:
    """A short solid line centred under a heading line."""
    y = pdf.get_y() + 1.2
    start = x + (width - length) / 2
    pdf.set_line_width(0.3)
    pdf.line(start, y, start + length, y)
    pdf.set_y(y + 1.8)


def _heading_block(pdf: FPDF, content: ReportContent) -> None:
    fields = content.fields
    left_x, right_x = LEFT_MM, LEFT_MM + LEFT_HEAD_MM
    right_w = pdf.w - RIGHT_MM - right_x
    top = pdf.get_y()
    if fields.issuer_parent:
        _centred(pdf, left_x, LEFT_HEAD_MM, fields.issuer_parent.upper(), "", 11.5)
    _centred(pdf, left_x, LEFT_HEAD_MM, fields.issuer.upper(), "B", 11.5)
    _rule(pdf, left_x, LEFT_HEAD_MM, LEFT_HEAD_MM / 3)
    left_bottom = pdf.get_y()
    pdf.set_y(top)
    _centred(pdf, right_x, right_w, content.nation, "B", 11.5)
    size = _fitted(pdf, content.motto, "B", 12.5, right_w)
    _centred(pdf, right_x, right_w, content.motto, "B", size)
    _rule(pdf, right_x, right_w, pdf.get_string_width(content.motto))
    pdf.set_y(max(left_bottom, pdf.get_y()) + 2)
    line_y = pdf.get_y()
    _centred(pdf, left_x, LEFT_HEAD_MM, content.number_line, "", 12)
    pdf.set_y(line_y)
    _centred(pdf, right_x, right_w, content.date_line, "I", 12.5)
    pdf.ln(6)


def _title(pdf: FPDF, content: ReportContent) -> None:
    pdf.set_font(FONT, "B", 13)
    pdf.cell(0, 7, content.kind, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6.5, content.subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "I", 11.5)
    pdf.multi_cell(0, 6, f"({content.as_of_line})", align="C", new_x="LMARGIN", new_y="NEXT")
    _rule(pdf, LEFT_MM, pdf.epw, 45)
    pdf.ln(4)


def _paragraph(pdf: FPDF, text: str, style: str = "") -> None:
    pdf.set_font(FONT, style, BODY_PT)
    with (
        pdf.text_columns(text_align="J", line_height=1.3) as columns,
        columns.paragraph(first_line_indent=10, bottom_margin=1.5) as paragraph,
    ):
        paragraph.write(text)


def _heading(pdf: FPDF, text: str, room: float = 30) -> None:
    """A section heading, on a new page unless `room` mm (what must follow it) is left."""
    if pdf.get_y() > pdf.page_break_trigger - room:
        pdf.add_page()
    pdf.ln(1.5)
    _paragraph(pdf, text, "B")


# ----------------------------------------------------------------------------- tables


def _table(pdf: FPDF, table: Table, lang: str) -> None:
    """Under its line saying which date its figures are as of; bordered, header repeated on
    each page, figures right-aligned, total in bold.

    Drawn cell by cell rather than with fpdf2's `pdf.table()`, in the same layout (centred on
    the page, 0,8/1,2 mm padding, 4,6 mm lines, text centred vertically in its row, a row
    never split, the header never alone at the foot of a page). `pdf.table()` lays every cell
    out twice through its line breaker, about 0,5 ms a cell: 2 s for one commune's report,
    minutes for a province's. Here a text that fits its column (nearly all) is measured once
    and drawn as one line; only a text that wraps goes through `multi_cell`.
    """
    columns = table.columns
    pdf.set_font(FONT, "", TABLE_PT)
    fixed = [_number_width(pdf, table, lang) if j == 0 else FIGURE_MM.get(c.kind, 0.0) for j, c in enumerate(columns)]
    free = [j for j, w in enumerate(fixed) if not w]
    spare = max(pdf.epw - sum(fixed), 18.0 * len(free))
    weights = text_weights(table, lang)
    total = sum(weights[j] for j in free) or 1.0
    widths = [w or spare * weights[j] / total for j, w in enumerate(fixed)]
    widths = [w * min(1.0, (pdf.epw - 0.01) / sum(widths)) for w in widths]  # a wide table is narrowed
    aligns = [
        Align.C if j == 0 else (Align.R if c.kind in (INT, PCT, NUMBER) else Align.L) for j, c in enumerate(columns)
    ]
    lefts = [(pdf.w - sum(widths)) / 2]  # centred on the page, as pdf.table() places it
    for width in widths[:-1]:
        lefts.append(lefts[-1] + width)
    header = _Row(pdf, [c.title for c in columns], "B", widths, [Align.C] * len(columns), HEADER_FILL)
    rows = [*table.rows, *([table.total] if table.total is not None else [])]
    body = [
        _Row(
            pdf,
            [
                "" if value is None and j == 0 else cell_text(value, c.kind, lang)
                for j, (c, value) in enumerate(zip(columns, values, strict=True))
            ],
            "B" if table.total is not None and i == len(rows) else "",
            widths,
            aligns,
        )
        for i, values in enumerate(rows, start=1)
    ]
    caption = CAPTION_MM if table.as_of else 0.0
    if body and pdf.will_page_break(caption + header.height + body[0].height):
        pdf.add_page()  # never the header (or the caption) alone at the foot of a page
    if pdf.will_page_break(caption + header.height):
        pdf.add_page()
    if table.as_of:
        pdf.set_font(FONT, "I", TABLE_PT)
        pdf.set_x(lefts[0])
        pdf.cell(sum(widths), caption, table.as_of, align="R", new_x="LMARGIN", new_y="NEXT")
    header.draw(pdf, lefts)
    for row in body:
        if pdf.will_page_break(row.height):
            pdf.add_page()
            header.draw(pdf, lefts)
        row.draw(pdf, lefts)
    pdf.set_font(FONT, "", TABLE_PT)
    pdf.ln(3)


def _number_width(pdf: FPDF, table: Table, lang: str) -> float:
    """The order-number column: 8 mm, or wide enough for the largest number ("1.234") on one
    line; a narrower column broke 100 into "10" over "0" and doubled the row."""
    widest = cell_text(len(table.rows), INT, lang)
    return max(8.0, pdf.get_string_width(widest) + 2 * PAD_H_MM + 0.5)


class _Row:
    """One table row: its texts measured (lines per cell), then drawn at the current y."""

    def __init__(
        self,
        pdf: FPDF,
        texts: list[str],
        style: str,
        widths: list[float],
        aligns: list[Align],
        fill: tuple[int, int, int] | None = None,
    ):
        self.texts, self.style, self.widths, self.aligns, self.fill = texts, style, widths, aligns, fill
        pdf.set_font(FONT, style, TABLE_PT)
        self.heights = [
            _text_height(pdf, text, width, align) for text, width, align in zip(texts, widths, aligns, strict=True)
        ]
        self.height = max(self.heights) or LINE_MM

    def draw(self, pdf: FPDF, lefts: list[float]) -> None:
        pdf.set_font(FONT, self.style, TABLE_PT)
        top, margin = pdf.get_y(), pdf.c_margin
        pdf.c_margin = PAD_H_MM  # a one-line cell's text sits where multi_cell's padding puts it
        try:
            for x, width, text, align, height in zip(
                lefts, self.widths, self.texts, self.aligns, self.heights, strict=True
            ):
                if self.fill is None:
                    pdf.rect(x, top, width, self.height, style="D")
                else:
                    with pdf.local_context(fill_color=self.fill):
                        pdf.rect(x, top, width, self.height, style="DF")
                if not text:
                    continue
                y = top + (self.height - height) / 2  # centred in the row, as pdf.table() does
                if height > LINE_MM + PAD_V_MM + PAD_V_MM:
                    pdf.set_xy(x, y)
                    pdf.multi_cell(
                        width,
                        LINE_MM,
                        text,
                        align=align,
                        max_line_height=LINE_MM,
                        new_x="RIGHT",
                        new_y="TOP",
                        padding=PADDING,
                    )
                else:
                    pdf.set_xy(x, y + PAD_V_MM)
                    pdf.cell(width, LINE_MM, text, align=align)
        finally:
            pdf.c_margin = margin
        pdf.set_xy(pdf.l_margin, top + self.height)


def _text_height(pdf: FPDF, text: str, width: float, align: Align) -> float:
    """A cell's height with padding, summed as multi_cell sums it (so rows land on the same
    points): one line when the text fits its column with room to spare (measured once),
    else as many lines as multi_cell breaks it into."""
    if not text:
        return 0.0
    lines = 1
    if "\n" in text or pdf.get_string_width(text) > width - 2 * PAD_H_MM - 0.01:
        broken = pdf.multi_cell(
            width, LINE_MM, text, align=align, max_line_height=LINE_MM, padding=PADDING, dry_run=True, output="LINES"
        )
        lines = len(broken)
    height = 0.0
    for _ in range(lines):
        height += LINE_MM
    return height + PAD_V_MM + PAD_V_MM


def _image(pdf: FPDF, png: bytes) -> None:
    from PIL import Image  # matplotlib's own dependency

    with Image.open(io.BytesIO(png)) as picture:
        width_px, height_px = picture.size
    width = pdf.epw - 5
    height = width * height_px / width_px
    if pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()
    pdf.image(io.BytesIO(png), x=LEFT_MM + 2.5, w=width, h=height)
    pdf.ln(3)


# -------------------------------------------------------------------------- signature


def _signature_height(content: ReportContent) -> float:
    return 14 + 5 * max(len(content.recipients), 7)


def _signature_block(pdf: FPDF, content: ReportContent) -> None:
    """'Nơi nhận:' and its list on the left; the signer's title and name on the right."""
    if pdf.get_y() + _signature_height(content) > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(4)
    top = pdf.get_y()
    left_w = 75
    pdf.set_font(FONT, "BI", 11)
    pdf.cell(left_w, 5.5, content.recipients_heading, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    last = len(content.recipients) - 1
    for i, name in enumerate(content.recipients):
        pdf.multi_cell(left_w, 5, f"- {name}{'.' if i == last else ';'}", align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(top)
    right_x, right_w = LEFT_MM + left_w, pdf.epw - left_w
    _centred(pdf, right_x, right_w, content.signer_title.upper(), "B", 12.5)
    pdf.ln(24)  # room for the signature and the seal
    _centred(pdf, right_x, right_w, content.signer_name, "B", 12.5)
