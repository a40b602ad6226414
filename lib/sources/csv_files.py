""".csv files read as tabs: UTF-8, UTF-16 or Windows-1258, every cell kept as text.

CSV cells are read as text, never guessed: pandas would turn '1.234' into 1.234 and drop a
phone number's leading zero. The validator parses them with the Vietnamese rules.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lib.dataset import RawWorkbook
from lib.errors import FileError
from lib.sources.limits import Limits
from lib.sources.read_budget import Budget, collector_paused

_SHARED = 100_000  # distinct .csv values kept to share (about 10 MB)


def read_csvs(files: list[tuple[str, bytes]], source: str, title: str, limits: Limits) -> RawWorkbook:
    budget = Budget(title, limits)
    tabs: dict[str, list[list[Any]]] = {}
    with collector_paused():
        for name, data in files:
            tab = Path(name).stem
            if tab in tabs:
                raise FileError("file.same_tab", tab=tab)
            tabs[tab] = _read_csv(data, name, tab, budget)
    return RawWorkbook(tabs, source, title)


def _read_csv(data: bytes, name: str, tab: str, budget: Budget) -> list[list[Any]]:
    """One .csv as rows of text: UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode Text")
    or else Windows-1258, the Vietnamese ANSI code page (its letters composed again, NFC)."""
    encoding = _csv_encoding(data, name)
    for candidate in [encoding] if encoding else ["utf-8-sig", "cp1258"]:
        try:
            return _csv_rows(data, candidate, name, tab, budget)
        except UnicodeDecodeError:
            continue
    raise FileError("file.encoding", name=name)


def _csv_encoding(data: bytes, name: str) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = data[:4096]
    if b"\0" not in head:
        return None
    odd, even = head[1::2].count(0), head[0::2].count(0)  # UTF-16 without BOM: every other byte 0 in ASCII
    if odd > len(head) // 4 and even < odd // 8:
        return "utf-16-le"
    if even > len(head) // 4 and odd < even // 8:
        return "utf-16-be"
    raise FileError("file.encoding", name=name)  # NUL bytes: not text at all


def _csv_rows(data: bytes, encoding: str, name: str, tab: str, budget: Budget) -> list[list[Any]]:
    sample = data[:8192].decode(encoding, errors="ignore")
    try:
        dialect = csv.Sniffer().sniff(sample[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    lines: Iterator[str] = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
    if encoding == "cp1258":  # tone marks are separate characters there: 'ẩ' is 'â' + U+0309
        lines = (unicodedata.normalize("NFC", line) for line in lines)
    limits = budget.limits
    rows: list[list[Any]] = []
    append = rows.append
    # One str object per distinct value, not per cell (a village's name on a million rows): the
    # first _SHARED distinct values are remembered, later cells only looked up. C-level map.
    seen: dict[str, str] = {}
    share = seen.setdefault
    try:
        for row in csv.reader(lines, dialect):
            row = list(map(share, row, row))
            append(row)
            budget.cells -= len(row)
            if len(row) > limits.columns:
                raise budget.too_wide(tab, limits.columns + 1)
            if budget.cells < 0:
                raise budget.too_many_cells(tab)
            if len(rows) & 0x3FFF == 0:
                if len(rows) > limits.rows:
                    raise budget.too_many_rows(tab)
                budget.check_time(tab)
                if len(seen) > _SHARED:
                    share = seen.get
    except csv.Error as exc:
        if "field larger" in str(exc):
            raise FileError("file.csv_field", name=name, row=len(rows) + 1, cap=csv.field_size_limit()) from None
        raise FileError("file.csv_broken", name=name, row=len(rows) + 1, detail=str(exc)) from None
    if len(rows) > limits.rows:
        raise budget.too_many_rows(tab)
    return rows
