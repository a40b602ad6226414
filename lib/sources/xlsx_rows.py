"""A stretch of a sheet read one whole row per match, each column converted at once, when
every row in it is plain.

Cell by cell (lib.sources.xlsx's expression, then a Python loop) a 1.048.576-row list took 9 of
its 12 seconds (issue #13): ~0,5 µs matching each cell and ~0,4 µs placing it. Most rows of a
list are plain: shared strings, numbers and dates, columns left to right, nothing else. One
expression built for the sheet's width matches such a row whole (each cell must carry the row's
own number), so a row costs one match; its values are then converted a column at a time: texts
by numpy, numbers and dates once per distinct value. A stretch holding anything
else (another cell type or inline text, a formula, a row again or out of order, a row with no
cell, a cell past the width, whitespace between cells, a damaged value) returns None and is read
cell by cell, which keeps the values and the errors exactly as they were;
tests/sources/test_xlsx_rows.py compares both ways on generated sheets.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable
from itertools import compress
from typing import Any

import numpy as np

from lib.sources.read_budget import column_letters

WIDEST = 64  # columns: a wider sheet is read cell by cell (one group per cell and field)

Dates = dict[bytes, dict[bytes, Any]]  # per date style (as written in s="…"), the dates met, by serial


@functools.lru_cache(maxsize=16)
def row_pattern(width: int) -> re.Pattern[bytes]:
    """A whole row of up to `width` plain cells; groups: the row number, then per column its
    style, number and shared-string index. Every quantifier is possessive: a cell, once
    matched, can be nothing else (a third less time than backtracking)."""
    cells = b"".join(
        b'(?:<c r="' + column_letters(c).encode() + rb'\1"(?: s="([0-9]{1,9}+)")?+'
        rb'(?:/>|(?: t="n")?+><v>([^<]++)</v></c>| t="s"><v>([0-9]{1,9}+)</v></c>))?+'
        for c in range(1, width + 1)
    )
    # Anything else ends the match with the rest of the step: one match, not one per character.
    return re.compile(rb'<row r="([0-9]{1,7}+)"[^<>]{0,1024}+>(?=<c )' + cells + rb"</row>|(\S)[\s\S]*+")


def plain_rows(chunk: bytes, width: int, strings: np.ndarray, dates: Dates, date: Callable[[bytes, bytes], Any],
               row_no: int, max_rows: int) -> tuple[list[list[Any]], int] | None:  # fmt: skip
    """The rows after `row_no` (rows between that hold no cell as []) and the last row's number,
    each row `width` wide (the sheet's widest so far, as the rows are padded in the end); None
    where the stretch is not all plain rows."""
    found = row_pattern(width).findall(chunk)
    if not found or any(map(operator.itemgetter(-1), found)):
        return None
    fields = list(zip(*found, strict=True))
    numbers = list(map(int, fields[0]))
    if numbers[0] <= row_no or numbers[-1] > max_rows or not all(map(operator.lt, numbers, numbers[1:])):
        return None
    columns = []
    empty = [None] * len(numbers)
    for c in range(width):
        styles, values, texts = fields[1 + 3 * c : 4 + 3 * c]
        if not (any(values) or any(texts)):
            columns.append(empty)
            continue
        try:
            columns.append(_column(styles, values, texts, strings, dates, date))
        except (ValueError, IndexError, TypeError, OverflowError):  # damaged: cell by cell says where
            return None
    rows = list(map(list, zip(*columns, strict=True)))
    if numbers[-1] - row_no != len(numbers):  # rows with no cell between
        rows = _with_gaps(rows, numbers, row_no)
    return rows, numbers[-1]


def _column(styles: tuple[bytes, ...], values: tuple[bytes, ...], texts: tuple[bytes, ...], strings: np.ndarray,
            dates: Dates, date: Callable[[bytes, bytes], Any]) -> list[Any]:  # fmt: skip
    """One column's values as the cell-by-cell loop gives them: None for a cell with no value."""
    if not any(values):
        return _texts(texts, strings)
    number = _numbers(styles, values, dates, date)
    if not any(texts):
        return number
    return [strings[int(t)] if t else n for t, n in zip(texts, number, strict=True)]


def _texts(texts: tuple[bytes, ...], strings: np.ndarray) -> list[str | None]:
    """Shared strings by their indexes, parsed and looked up by numpy (a third of the time of
    `strings[int(t)]` each: a list's texts are scattered over two million strings)."""
    filled = all(texts)
    wanted = texts if filled else tuple(compress(texts, texts))
    index = np.fromstring(b" ".join(wanted), dtype=np.int64, sep=" ")  # digits only: the expression's
    if len(index) != len(wanted):
        raise ValueError("a shared string index that is not a number")
    found = strings[index]
    if filled:
        return found.tolist()
    out = np.full(len(texts), None, dtype=object)
    out[np.fromiter(map(bool, texts), bool, len(texts))] = found
    return out.tolist()


def _numbers(styles: tuple[bytes, ...], values: tuple[bytes, ...], dates: Dates,
             date: Callable[[bytes, bytes], Any]) -> list[Any]:  # fmt: skip
    """Numbers, or dates where the style is a date format; each distinct one converted once."""
    kinds = set(styles)
    if len(kinds) == 1:  # one style in the whole column: by value alone
        style = kinds.pop()
        once = {v: _dated((style, v), dates, date) for v in set(values)}
        return list(map(once.__getitem__, values))
    pairs = list(zip(styles, values, strict=True))
    once = {pair: _dated(pair, dates, date) for pair in set(pairs)}
    return list(map(once.__getitem__, pairs))


def _dated(pair: tuple[bytes, bytes], dates: Dates, date: Callable[[bytes, bytes], Any]) -> Any:
    style, value = pair
    if not value or style not in dates:
        return _number(value)
    cell = dates[style].get(value)
    return date(value, style) if cell is None else cell


def _number(value: bytes) -> int | float | None:
    if not value:
        return None
    return int(value) if value.isdigit() else number(value)


def number(value: bytes) -> int | float:
    """A number as openpyxl reads one: a float if it has a point or an exponent, else an int."""
    return float(value) if b"." in value or b"E" in value or b"e" in value else int(value)


def _with_gaps(rows: list[list[Any]], numbers: list[int], row_no: int) -> list[list[Any]]:
    out: list[list[Any]] = []
    for row, r in zip(rows, numbers, strict=True):
        out.extend([] for _ in range(r - row_no - 1))
        out.append(row)
        row_no = r
    return out
