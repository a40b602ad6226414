""".xlsx workbooks read as tabs of rows, streamed, and tabs written back to .xlsx bytes.

Nothing a workbook says about itself is trusted (issue #13): its zip directory is checked before
any part is opened (lib.sources.xlsx_parts); its shared strings and sheets are then
streamed a few MB of XML at a time, and only the cells that exist are kept: a sheet's declared
dimension (`A1:XFD1048576`), which openpyxl's read-only mode pads every row to, is never read.

How a sheet's XML becomes rows: where every row of a stretch is plain (shared strings, numbers,
dates), one expression matches a whole row (lib.sources.xlsx_rows). Otherwise, cell by cell:
one regular expression matches a whole cell in the forms Excel,
LibreOffice, Google Sheets and openpyxl write (`<c r="B7" s="2" t="s"><v>12</v></c>`); a
stretch of rows holding anything else (rich text, other attribute orders, namespace prefixes)
is parsed as XML and its cells converted by openpyxl's own `WorkSheetParser`. Values are the
ones openpyxl's read-only, data-only mode gave (shared strings, numbers as int or float, dates
from date-formatted numbers, booleans, cached formula results), each row padded with None to
the sheet's widest row; tests/sources/test_hostile_files.py compares both readers cell by cell.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
import zlib
from typing import Any
from xml.etree import ElementTree

import numpy as np
from openpyxl import Workbook
from openpyxl.styles import Font

from lib.errors import FileError
from lib.sources.read_budget import Budget, column_letters
from lib.sources.xlsx_parts import (
    ROOT,
    ROW_BYTES,
    Book,
    NotPlain,
    open_zip,
    opening,
    shared_strings,
    xml_parts,
    xml_text,
)
from lib.sources.xlsx_rows import WIDEST, number, plain_rows


def read_xlsx(data: bytes, name: str, budget: Budget) -> dict[str, list[list[Any]]]:
    archive = open_zip(data, name, budget.limits)
    try:
        book = Book(data, archive, name)
        strings = shared_strings(archive, book.strings_part, name, budget) if book.strings_part else []
        table = np.array(strings, dtype=object)  # the rows path looks texts up all at once
        tabs: dict[str, list[list[Any]]] = {}
        for title, part in book.sheets:
            tabs[title] = _Sheet(archive, part, title, strings, table, book, budget).read()
        return tabs
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:  # a part's data broken in the zip
        raise FileError("file.not_xlsx", name=name, detail=type(exc).__name__) from None
    finally:
        archive.close()


# A worksheet's cells. Groups: column letters, row number, style, type, <v> text, the inline
# string's <t> element; the last one holds any character no alternative knows.
_CELLS = re.compile(
    rb'<c r="([A-Z]{1,3})([0-9]{1,7})"(?: s="([0-9]{1,9})")?(?: t="([a-zA-Z]{1,9})")?'
    rb"(?:/>|>(?:<f\b[^<>]{0,1024}?(?:/>|>[^<]*</f>))?"
    rb'(?:<v>([^<]*)</v>|<is>(<t(?: xml:space="preserve")?>[^<]*</t>|<t/>)</is>)?</c>)'
    rb"|<row\b[^<>]{0,1024}+>|</row>|(\S)",  # a row's tag bounded: one never closed costs no rescan
    re.S,
)
_SHEET_DATA = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?)sheetData\s*(/?)>")
MISSES = 3
_DATE_CACHE = 65_536  # distinct dates remembered per style and sheet (a list's days repeat)


class _Sheet:
    """One worksheet streamed into rows, every cell checked against the caps as it comes."""

    def __init__(self, archive: zipfile.ZipFile, part: str, tab: str, strings: list[str], table: np.ndarray,
                 book: Book, budget: Budget):  # fmt: skip
        from openpyxl.worksheet._reader import WorkSheetParser

        self.archive, self.part, self.tab, self.book, self.budget = archive, part, tab, book, budget
        self.strings, self.table, self.limits = strings, table, budget.limits  # table: the strings for numpy
        self.rows: list[list[Any]] = []
        self.row_no = 0  # the last row kept
        self.width = 0  # the widest row kept
        self.columns = {column_letters(i).encode(): i for i in range(1, self.limits.columns + 1)}
        # Per date style (as written in s="…"; no s is style 0): the dates met so far, by serial.
        self.dates: dict[bytes, dict[bytes, Any]] = {str(i).encode(): {} for i in book.date_styles}
        if 0 in book.date_styles:
            self.dates[b""] = self.dates[b"0"]
        self.parser = WorkSheetParser(
            None, self.strings, data_only=True, epoch=book.epoch, date_formats=book.date_styles,
            timedelta_formats=book.timedelta_styles,
        )  # fmt: skip
        # Stretches in a row that were not plain rows (lib.sources.xlsx_rows): after MISSES (a sheet
        # of formulas) the rest is read cell by cell, the row expression's passes no longer wasted.
        self.misses = 0
        self.wrap = (b"", b"")  # what makes whole rows an XML document again: the root's tags and <sheetData>

    def read(self) -> list[list[Any]]:
        try:
            return self._read()
        except (ValueError, IndexError, TypeError, OverflowError, ElementTree.ParseError) as exc:
            raise FileError("file.corrupt_sheet", tab=self.tab, name=self.budget.name, row=max(self.row_no, 1),
                            detail=type(exc).__name__) from None  # fmt: skip

    def _read(self) -> list[list[Any]]:
        """A few MB of XML at a time, cut before the last <row> begun: whole rows each time."""
        blocks = xml_parts(self.archive, self.part, self.budget, self.tab)
        buffer, found = opening(blocks, _SHEET_DATA)
        if found.group(2):  # <sheetData/>
            return []
        root = ROOT.search(found.string, 0, found.start())
        if root is None:
            raise ValueError("no root element before <sheetData>")
        prefix = found.group(1)
        if prefix:  # the row expression knows no prefixes
            self.misses = MISSES
        end, row = b"</" + prefix + b"sheetData>", b"<" + prefix + b"row"
        self.wrap = (root.group(0) + b"<" + prefix + b"sheetData>", end + b"</" + root.group(1) + root.group(2) + b">")
        while True:
            close = buffer.find(end)
            if close >= 0:
                self._chunk(buffer[:close])
                return self._padded()
            cut = buffer.rfind(row)
            if cut > 0:
                self._chunk(buffer[:cut])
                buffer = buffer[cut:]
            elif len(buffer) > ROW_BYTES:
                raise FileError("file.row_bytes", tab=self.tab, row=self.row_no + 1, cap=ROW_BYTES >> 20)
            block = next(blocks, b"")
            if not block:
                raise ValueError("the sheet ends before </sheetData>")
            buffer += block

    def _chunk(self, chunk: bytes) -> None:
        """Whole rows of XML: by the expression, or all as XML if it meets anything else."""
        kept = len(self.rows), self.row_no
        try:
            plain = None
            if self.misses < MISSES and 0 < self.width <= WIDEST:
                plain = plain_rows(chunk, self.width, self.table, self.dates, self._date, self.row_no, self.limits.rows)
                self.misses = 0 if plain is not None else self.misses + 1
            if plain is None:
                self._cells(_CELLS.findall(chunk))
            else:
                self.rows += plain[0]
                self.row_no = plain[1]
        except NotPlain:
            reached = self.row_no  # the expression read well up to this row
            del self.rows[kept[0] :]
            self.row_no = kept[1]
            try:
                self._cells_as_xml(chunk)
            except ElementTree.ParseError:
                self.row_no = reached  # for the message: where the damage is
                raise
        new = self.rows[kept[0] :]
        if new:
            self.width = max(self.width, max(map(len, new)))
        if self.row_no * self.width > self.budget.cells:
            raise self.budget.too_many_cells(self.tab)

    def _cells(self, found: list[tuple[bytes, ...]]) -> None:
        """The hot loop: a few operations per cell (about 0,3 µs of a 1 µs budget)."""
        rows, strings, columns, dates, date = self.rows, self.strings, self.columns, self.dates, self._date
        row_no, max_rows = self.row_no, self.limits.rows
        current: list[Any] = []
        append = current.append
        last = None
        for column, row, style, kind, value, inline, unknown in found:
            if row != last:
                if not column:  # <row>, </row>, or something the expression does not know
                    if unknown:
                        raise NotPlain
                    continue
                last = row
                r = int(row)
                current = []
                append = current.append
                if r > row_no:
                    if r > max_rows:
                        raise self.budget.too_many_rows(self.tab)
                    if r > row_no + 1:
                        rows.extend([] for _ in range(r - row_no - 1))
                    rows.append(current)
                    row_no = self.row_no = r
                # else: a row again, or out of order: left out (a list kept nowhere), as openpyxl did
            if kind == b"s":
                cell = strings[int(value)] if value else None
            elif not kind or kind == b"n":
                if not value:
                    cell = None
                elif style in dates:
                    cell = dates[style].get(value)
                    if cell is None:
                        cell = date(value, style)
                elif value.isdigit():
                    cell = int(value)
                else:
                    cell = number(value)
            else:
                cell = self._other(kind, value, inline)
            c = columns.get(column)
            if c == len(current) + 1:
                append(cell)
            elif c is None:
                raise self.budget.too_wide(self.tab, _column_number(column))
            elif c > len(current):
                current.extend([None] * (c - 1 - len(current)))
                append(cell)
            else:
                current[c - 1] = cell

    def _date(self, value: bytes, style: bytes) -> Any:
        """A date-formatted number as openpyxl converts it, remembered for the next cells."""
        from openpyxl.utils.datetime import from_excel

        duration = int(style or b"0") in self.book.timedelta_styles
        try:
            cell = from_excel(number(value), self.book.epoch, timedelta=duration)
        except (OverflowError, ValueError):  # openpyxl: "marked as a date but ... outside the limits"
            cell = "#VALUE!"
        cache = self.dates[style]
        if len(cache) < _DATE_CACHE:
            cache[value] = cell
        return cell

    @staticmethod
    def _other(kind: bytes, value: bytes, inline: bytes) -> Any:
        if kind == b"inlineStr":
            if not inline or inline.endswith(b"/>"):
                return "" if inline else None
            return xml_text(inline[inline.index(b">") + 1 : -4])
        if kind == b"str" or kind == b"e":
            return xml_text(value) or None
        if kind == b"b":
            return bool(int(value)) if value else None
        if kind == b"d" and value:
            from openpyxl.utils.datetime import from_ISO8601

            return from_ISO8601(xml_text(value))
        raise NotPlain  # a type openpyxl keeps as it finds it: let it

    def _cells_as_xml(self, chunk: bytes) -> None:
        """Rows the expression does not know, parsed as XML, their cells converted by openpyxl."""
        root = ElementTree.fromstring(self.wrap[0] + chunk + self.wrap[1])
        parser, max_rows, max_columns = self.parser, self.limits.rows, self.limits.columns
        parser.row_counter = self.row_no
        for element in root[0]:
            r, cells = parser.parse_row(element)
            if r <= self.row_no:
                continue  # as openpyxl's read-only mode: a row again, or out of order
            if r > max_rows:
                raise self.budget.too_many_rows(self.tab)
            for _ in range(r - self.row_no - 1):
                self.rows.append([])
            current: list[Any] = []
            self.rows.append(current)
            self.row_no = r
            for cell in cells:
                c = cell["column"]
                if c > max_columns:
                    raise self.budget.too_wide(self.tab, c)
                if c > len(current):
                    current.extend([None] * (c - len(current)))
                current[c - 1] = cell["value"]
        self.budget.check_time(self.tab)

    def _padded(self) -> list[list[Any]]:
        """Every row as wide as the widest, as openpyxl's read-only mode gave them."""
        width = self.width
        for row in self.rows:
            if len(row) < width:
                row.extend([None] * (width - len(row)))
        self.budget.cells -= self.row_no * width
        return self.rows


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def write_xlsx(tabs: dict[str, list[list[Any]]]) -> bytes:
    """Tabs (header row first) to .xlsx bytes; dates get a dd/mm/yyyy format, headers bold."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in tabs.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column in sheet.iter_cols(min_row=2):
            for cell in column:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "dd/mm/yyyy"
        for column in sheet.columns:
            width = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(max(10, width + 2), 50)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
