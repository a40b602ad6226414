"""Workbooks from disk or an upload: .xlsx, one .csv (a single tab), or a folder of .csv files.

CSV cells are read as text, never guessed: pandas would turn '1.234' into 1.234 and drop a
phone number's leading zero. The validator parses them with the Vietnamese rules.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from lib.dataset import RawWorkbook
from lib.errors import SourceError

__all__ = ["SourceError", "read_bytes", "read_path", "write_xlsx"]


def read_path(path: Path | str, source: str = "file") -> RawWorkbook:
    """Read an .xlsx file, a .csv file or a folder of .csv files (one per tab)."""
    path = Path(path)
    if path.is_dir():
        tabs = {p.stem: _read_csv(p.read_bytes(), p.name) for p in sorted(path.glob("*.csv"))}
        if not tabs:
            raise SourceError(f"Thư mục {path} không có tệp .csv nào.")
        return RawWorkbook(tabs, source, path.name)
    if not path.exists():
        raise SourceError(f"Không tìm thấy tệp {path}.")
    return read_bytes(path.read_bytes(), path.name, source)


def read_bytes(data: bytes, name: str, source: str = "file") -> RawWorkbook:
    """Read an uploaded workbook by its file name's ending."""
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        return RawWorkbook(_read_xlsx(data, name), source, Path(name).stem)
    if suffix == ".csv":
        return RawWorkbook({Path(name).stem: _read_csv(data, name)}, source, Path(name).stem)
    raise SourceError(f"Tệp {name}: chỉ đọc được tệp .xlsx hoặc .csv.")


def _read_xlsx(data: bytes, name: str) -> dict[str, list[list[Any]]]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise SourceError(f"Tệp {name} không phải tệp Excel .xlsx đọc được ({type(exc).__name__}).") from exc
    try:
        return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}
    finally:
        book.close()


def _read_csv(data: bytes, name: str) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SourceError(f"Tệp {name}: không đọc được bảng mã; hãy lưu CSV dạng UTF-8.")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [list(r) for r in csv.reader(io.StringIO(text), dialect)]


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
