"""Tables as files people open in Excel: CSV and .xlsx, safe to open and free of personal data.

Two dangers come with every spreadsheet export, and both are handled here, in one place, for
the table buttons and the report workbook alike:

- Formula injection: a village, unit or person name typed into the shared Google Sheet as
  `=HYPERLINK(...)`, `+1` or `@SUM(...)` would run as a formula when the export is opened. Any
  text starting with `=`, `+`, `-`, `@`, a tab or a carriage return is written as text: with a
  leading `'` in CSV (Excel's own "this is text" mark), as a string cell in .xlsx (never a
  formula cell).
- Personal data: phone and citizen-ID (CCCD) numbers leave the app only masked (`09******78`),
  whatever column they sit in (a phone typed into a count column ends up in the data-quality
  table's 'value' and message), unless the caller passes `unmasked=True` on purpose.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from lib.formatting import fmt_date, is_missing
from lib.privacy import masked
from lib.texts import LANGS, t

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
INT_FORMAT = "#,##0"
PCT_FORMAT = "0.0%"
NUMBER_FORMAT = "#,##0.0"
DATE_FORMAT = "dd/mm/yyyy"
CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")


# ------------------------------------------------------------------------- cell rules


def is_formula_like(text: str) -> bool:
    """Would a spreadsheet read this text as a formula (or a DDE command)?"""
    return text.startswith(FORMULA_STARTS)


def csv_text(text: str) -> str:
    """Text as a CSV cell that Excel and LibreOffice show as typed, never evaluate."""
    return "'" + text if is_formula_like(text) else text


def plain(value: Any) -> Any:
    """numpy and pandas scalars as Python values; missing values as None."""
    if is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date() if value == value.normalize() else value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        return value.item()
    return value


# -------------------------------------------------------------------------- labelling


# lib's column keys whose header is not the table one (a progress series' date is a day).
_EXPORT_TITLES = {"series": "export.col_series", "date": "export.col_day", "new": "export.col_new"}
_EXPORT_TITLES |= {"cumulative": "export.col_cumulative", "family_group": "report.col_family_group"}


def _column_title(column: object, lang: str) -> str:
    key = _EXPORT_TITLES.get(str(column), f"col.{column}")
    try:
        return t(key, lang)
    except KeyError:
        return str(column)


def labelled(frame: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Headers in the reader's language where `frame` still has lib's column keys, and
    statuses as words; a frame that is already labelled (a table's `.data`) passes as is."""
    out = frame.rename(columns={c: _column_title(c, lang) for c in frame.columns})
    if "status" in frame.columns:
        out[_column_title("status", lang)] = frame["status"].map(
            lambda s: t(f"status.{s}", lang) if isinstance(s, str) else s
        )
    return out


def percent_column(name: object) -> bool:
    """Columns holding a share (0.853), written as 85.3% in a workbook."""
    return str(name) == "coverage" or str(name) in {t("col.coverage", lang) for lang in LANGS}


# ------------------------------------------------------------------------------- CSV


def table_csv(df: pd.DataFrame, *, lang: str = "vi", unmasked: bool = False) -> bytes:
    """CSV in UTF-8 with a BOM (so Excel reads the diacritics right), dates as 13/05/2026,
    text neutralised against formulas, phone/ID numbers masked."""
    frame = masked(labelled(df, lang), unmasked)
    out = pd.DataFrame(
        {
            csv_text(str(column)): [_csv_cell(plain(v)) for v in frame.iloc[:, i]]
            for i, column in enumerate(frame.columns)
        },
        columns=[csv_text(str(c)) for c in frame.columns],
    )
    return out.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _csv_cell(value: Any) -> Any:
    if isinstance(value, str):
        return csv_text(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return fmt_date(value)
    if isinstance(value, bool):
        return int(value)
    return value


# ------------------------------------------------------------------------------ .xlsx


def write_cell(ws: Worksheet, row: int, column: int, value: Any, number_format: str | None = None) -> Cell:
    """Put one value in a cell by the export rules: numbers as numbers (with `number_format`),
    dates as dates, text always as a text cell (a leading '=' never makes a formula)."""
    value = plain(value)
    cell = ws.cell(row=row, column=column)
    if value is None:
        return cell
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # openpyxl would otherwise store '=…' as a formula
        if is_formula_like(value):
            cell.quotePrefix = True  # Excel keeps it text even when the cell is edited
        return cell
    if isinstance(value, bool):
        cell.value = value
        return cell
    cell.value = value
    if isinstance(value, dt.datetime):
        cell.number_format = "dd/mm/yyyy hh:mm"
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    elif number_format:
        cell.number_format = number_format
    return cell


def number_format_for(column: object, values: pd.Series) -> str | None:
    """'0.0%' for a share, '#,##0' for whole numbers, '#,##0.0' for other numbers."""
    if percent_column(column):
        return PCT_FORMAT
    numbers = [plain(v) for v in values if not is_missing(v)]
    if not numbers or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in numbers):
        return None
    return INT_FORMAT if all(float(v).is_integer() for v in numbers) else NUMBER_FORMAT


def write_table(
    ws: Worksheet,
    frame: pd.DataFrame,
    first_row: int = 1,
    formats: dict[object, str | None] | None = None,
) -> int:
    """The frame with a bold header row at `first_row`; returns the row after the table."""
    formats = formats if formats is not None else {c: number_format_for(c, frame[c]) for c in frame.columns}
    for j, column in enumerate(frame.columns, start=1):
        cell = write_cell(ws, first_row, j, str(column))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for i, record in enumerate(frame.itertuples(index=False), start=first_row + 1):
        for j, (column, value) in enumerate(zip(frame.columns, record, strict=True), start=1):
            write_cell(ws, i, j, value, formats.get(column))
    return first_row + 1 + len(frame)


def fit_columns(
    ws: Worksheet, minimum: int = 6, maximum: int = 60, first_row: int = 1, last_row: int | None = None
) -> None:
    """Column widths from the longest shown text of each column (numbers as formatted), over
    rows `first_row`..`last_row` (a title line above a table should not widen its column);
    a width set by an earlier call is only ever widened."""
    widths: dict[int, int] = {}
    for row in ws.iter_rows(min_row=first_row, max_row=last_row):
        for cell in row:
            if cell.value is None:
                continue
            widths[cell.column] = max(widths.get(cell.column, 0), _shown_width(cell))
    for column, width in widths.items():
        letter = get_column_letter(column)
        wanted = max(minimum, min(maximum, width + 2))
        earlier = ws.column_dimensions[letter].width if letter in ws.column_dimensions else 0
        ws.column_dimensions[letter].width = max(wanted, earlier)


def _shown_width(cell: Cell) -> int:
    value = cell.value
    if isinstance(value, float) and cell.number_format == PCT_FORMAT:
        return len(f"{value:.1%}")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return len(f"{value:,.1f}") if isinstance(value, float) and not value.is_integer() else len(f"{value:,.0f}")
    if isinstance(value, dt.date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def sheet_title(name: str, taken: Iterable[str] = ()) -> str:
    """A valid, unique worksheet name: no []:*?/\\ and at most 31 characters."""
    base = _BAD_SHEET_CHARS.sub(" ", name).strip().strip("'") or "Sheet"
    base = base[:31]
    used = {s.lower() for s in taken}
    title, n = base, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    return title


def table_xlsx(df: pd.DataFrame, sheet: str, *, lang: str = "vi", unmasked: bool = False) -> bytes:
    """One sheet: header frozen, numbers as numbers (#,##0 and 0.0%), widths that fit,
    text never a formula, phone/ID numbers masked."""
    frame = masked(labelled(df, lang), unmasked)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(sheet)
    write_table(ws, frame)
    ws.freeze_panes = "A2"
    fit_columns(ws)
    return workbook_bytes(wb)


def workbook_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
