"""The phase report's tables as an Excel workbook, for offices that rework the figures.

A summary sheet (the results against each target), one sheet per target group (per village
or agency, then per inter-family group when the data has them) and one for helpers. Every
table has a line above its header naming it and the date its figures are as of. Numbers
are stored as numbers with `#,##0` / `0.0%` formats so sums and sorting work; every header
row is frozen; text goes through lib.exports, so a name typed as `=HYPERLINK(...)` in the
shared sheet stays text here too.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from lib.exports import (
    DATE_FORMAT,
    HEADER_FILL,
    INT_FORMAT,
    NUMBER_FORMAT,
    PCT_FORMAT,
    fit_columns,
    sheet_title,
    workbook_bytes,
    write_cell,
)
from lib.reports.content import DATE, INT, NUMBER, PCT, ReportContent, Table

FORMATS = {INT: INT_FORMAT, PCT: PCT_FORMAT, NUMBER: NUMBER_FORMAT, DATE: DATE_FORMAT}


def render(content: ReportContent) -> bytes:
    wb = Workbook()
    summary = wb.active
    summary.title = sheet_title(content.summary_sheet)
    lines = [content.kind + " – " + content.subtitle, content.as_of_line, content.intro, *content.notes]
    if content.snapshot_line:  # the stored snapshot the figures are from, and in the print footer
        lines.append(content.snapshot_line)
        summary.oddFooter.center.text = content.snapshot_line
    for i, line in enumerate(lines, start=1):
        write_cell(summary, i, 1, line).font = Font(bold=i == 1)
    top = len(lines) + 2
    if content.targets is not None:
        end = _table(summary, content.targets, top)
        summary.freeze_panes = summary.cell(row=top + 2, column=1)
        fit_columns(summary, first_row=top + 1, last_row=end - 1)
    else:
        write_cell(summary, top, 1, content.results[0])

    for part in content.groups:
        ws = wb.create_sheet(sheet_title(part.table.title, wb.sheetnames))
        end = _table(ws, part.table, 1)
        ws.freeze_panes = "A3"
        fit_columns(ws, first_row=2, last_row=end - 1)
        row = _lines(ws, part.notes, end + 1)
        if part.family is not None:
            family_end = _table(ws, part.family, row + 1)
            fit_columns(ws, first_row=row + 2, last_row=family_end - 1)

    helpers = wb.create_sheet(sheet_title(content.helpers_sheet, wb.sheetnames))
    end = _table(helpers, content.helpers, 1)
    helpers.freeze_panes = "A3"
    fit_columns(helpers, first_row=2, last_row=end - 1)
    _lines(helpers, content.support, end + 1)
    return workbook_bytes(wb)


def _table(ws: Worksheet, table: Table, first_row: int) -> int:
    """The table's title and the date its figures are as of (bold) at `first_row`, the header
    under it, then the rows and the total (bold); returns the next free row."""
    title = f"{table.title} – {table.as_of}" if table.as_of else table.title
    write_cell(ws, first_row, 1, title).font = Font(bold=True)
    first_row += 1
    for j, column in enumerate(table.columns, start=1):
        cell = write_cell(ws, first_row, j, column.title)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    rows = [*table.rows, *([table.total] if table.total is not None else [])]
    for i, values in enumerate(rows, start=first_row + 1):
        bold = table.total is not None and i == first_row + len(rows)
        for j, (column, value) in enumerate(zip(table.columns, values, strict=True), start=1):
            cell = write_cell(ws, i, j, value, FORMATS.get(column.kind))
            if bold:
                cell.font = Font(bold=True)
    return first_row + 1 + len(rows)


def _lines(ws: Worksheet, lines: tuple[str, ...], first_row: int) -> int:
    for i, line in enumerate(lines, start=first_row):
        write_cell(ws, i, 1, line)
    return first_row + len(lines)
