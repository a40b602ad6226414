"""Coded columns: a tab's raw cells read once per distinct value, then tested and turned into
frame columns.

Each column is factorized once (numpy/pandas, in C) into a `_Coded` column, so parsing,
matching and formatting run once per distinct cell value and per-row checks are array
operations: a province-size tab costs little more than its number of distinct values. What a
raw cell holds is decided here: None, NaN and white space are empty; a checkbox is
'TRUE'/'FALSE', never the number 1; a row with data only outside the tab's columns is a row.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

try:  # rows of cells -> one 2-D object array, in C (pandas' own helper for lists of rows)
    from pandas._libs.lib import to_object_array as _to_object_array
except ImportError:  # pragma: no cover - another pandas: the plain Python path below
    _to_object_array = None

from lib.parsing import ParseError, is_blank

# ------------------------------------------------------------------------- coded columns


class _Coded:
    """A column stored once per distinct value: row i holds `values[codes[i]]`.

    Code -1 picks the last entry, the value of an empty cell (None for raw cells), so a
    function mapped over `values` runs once per distinct value, empty cells included, and
    never once per row. Masks and per-row arrays are then taken through `codes` (numpy).
    """

    __slots__ = ("codes", "values")

    def __init__(self, codes: np.ndarray, values: np.ndarray):
        self.codes = codes
        self.values = values

    def __len__(self) -> int:
        return len(self.codes)

    @property
    def blank(self) -> np.ndarray:
        return self.codes < 0

    def at(self, i: int) -> Any:
        return self.values[self.codes[i]]

    def take(self, rows: np.ndarray) -> _Coded:
        return _Coded(self.codes[rows], self.values)

    def map(self, fn: Callable[[Any], Any]) -> _Coded:
        return _Coded(self.codes, _objects([fn(v) for v in self.values]))

    def test(self, predicate: Callable[[Any], bool]) -> np.ndarray:
        """Per-row booleans, the predicate evaluated once per distinct value."""
        return np.fromiter((bool(predicate(v)) for v in self.values), dtype=bool, count=len(self.values))[self.codes]

    def ints(self) -> np.ndarray:
        """Per-row int64 (every value must be an int)."""
        return np.array(self.values.tolist(), dtype=np.int64)[self.codes]

    def ids(self) -> np.ndarray:
        """Per-row integers, equal exactly where the values are equal (all empties equal)."""
        ids, _ = pd.factorize(self.values, use_na_sentinel=False)
        return ids[self.codes]

    def used(self) -> np.ndarray:
        """Which entries of `values` some row holds."""
        size = len(self.values)  # code -1 (the last entry) is counted in bin 0
        return np.bincount(self.codes + 1, minlength=size)[np.r_[1:size, 0]] > 0


def _objects(items: list[Any]) -> np.ndarray:
    return np.fromiter(items, dtype=object, count=len(items))


def _blank_column(n: int) -> _Coded:
    return _Coded(np.full(n, -1, dtype=np.intp), _objects([None]))


# Kinds (pandas' infer_dtype) that cannot hold a checkbox; in any other a True may hide,
# and it must not be taken for the number 1 (True == 1 for hashing).
_NO_CHECKBOX = frozenset({"string", "integer", "floating", "mixed-integer-float", "date", "datetime", "empty"})


def _distinct_cells(cells: np.ndarray) -> tuple[_Coded, np.ndarray]:
    """One column of raw cells -> its distinct values (blank cells: code -1; a checkbox becomes
    'TRUE'/'FALSE', kept apart from 1 and 0), and which cells are not blank."""
    n = len(cells)
    kind = pd.api.types.infer_dtype(cells, skipna=True)
    if kind == "integer":  # typed numbers, the common case: hash them as int64
        try:
            codes, uniques = pd.factorize(cells.astype(np.int64))
        except (TypeError, ValueError, OverflowError):  # an empty cell among them, or a huge number
            pass
        else:
            return _Coded(codes, _objects([*uniques.tolist(), None])), np.ones(n, dtype=bool)
    if kind not in _NO_CHECKBOX:
        boxes = np.fromiter(map(isinstance, cells, itertools.repeat(bool, n)), dtype=bool, count=n)
        if boxes.any():
            cells = cells.copy()
            cells[boxes] = _objects(["TRUE" if v else "FALSE" for v in cells[boxes]])
    codes, uniques = pd.factorize(cells)  # None and NaN (and other NA-likes) -> -1
    filled = codes >= 0
    if not filled.all():
        # None and NaN are empty; pd.NA, NaT and the like are not (`is_blank`), though they
        # hold no value either: their row is not blank.
        missing = np.flatnonzero(~filled)
        if not all(t is type(None) or issubclass(t, float) for t in set(map(type, cells[missing]))):
            filled[missing] = [not is_blank(v) for v in cells[missing]]
    blank = _blank_values(uniques, kind)  # '  ' typed
    if blank.any():
        remap = np.full(len(uniques) + 1, -1, dtype=np.intp)
        remap[:-1][~blank] = np.arange(int((~blank).sum()))
        blank_cells = blank[codes] & (codes >= 0)
        codes = remap[codes]
        filled &= ~blank_cells
        uniques = uniques[~blank]
    values = np.empty(len(uniques) + 1, dtype=object)  # None at the end: the empty cell's value
    values[:-1] = uniques  # the same objects, without a Python list of a million of them first
    return _Coded(codes, values), filled


def _blank_values(uniques: Any, kind: str) -> np.ndarray:
    """Which distinct values are blank (`is_blank`): in a text column, the empty string and
    white space only, found in one vectorised pass."""
    if kind == "string":
        uniques = np.asarray(uniques, dtype=object)
        try:  # str.isspace per value in C (a million IDs or phones: no pandas .str pass)
            return np.fromiter(map(str.isspace, uniques), dtype=bool, count=len(uniques)) | (uniques == "")
        except TypeError:  # a value that is not text after all: pandas' way, as before
            text = pd.Series(uniques, dtype=object)
            return (text.str.isspace() | text.eq("")).to_numpy(dtype=bool)
    return np.fromiter((is_blank(u) for u in uniques), dtype=bool, count=len(uniques))


# How many more columns than the tab's own a row may have before they are cut off first.
_SPARE_COLUMNS = 16


def _grid(body: list[list[Any]], positions: list[int]) -> dict[int, np.ndarray]:
    """The cells at `positions` of every row (None past a row's end), one array per position."""
    if not positions:
        return {}
    width = max(positions) + 1
    grid = None
    if body and _to_object_array is not None:
        if max(map(len, body)) > width + _SPARE_COLUMNS:  # a few very wide rows: cut them first
            body = [r[:width] for r in body]
        try:
            grid = _to_object_array(body, width)  # rows -> one 2-D object array, in C
        except TypeError:
            grid = None
    if grid is None or grid.shape[0] != len(body) or grid.shape[1] < width:
        return {p: _objects([r[p] if len(r) > p else None for r in body]) for p in positions}
    return {p: np.ascontiguousarray(grid[:, p]) for p in positions}


def _read_body(body: list[list[Any]], positions: list[int]) -> tuple[np.ndarray, dict[int, _Coded]]:
    """Indices of the non-blank rows of `body`, and the cells at `positions` of those rows."""
    filled = np.zeros(len(body), dtype=bool)
    columns: dict[int, _Coded] = {}
    for pos, cells in _grid(body, positions).items():
        columns[pos], has = _distinct_cells(cells)
        filled |= has
    # A row with nothing in the tab's own columns may hold something in another one.
    for i in np.flatnonzero(~filled):
        filled[i] = not all(c is None or is_blank(c) for c in body[i])
    keep = np.flatnonzero(filled)
    return keep, {pos: column.take(keep) for pos, column in columns.items()}


# ------------------------------------------------------------------------- parsed values


def _is(parsed: _Coded, error: ParseError) -> np.ndarray:
    return parsed.test(lambda v: v is error)


def _is_error(parsed: _Coded) -> np.ndarray:
    return parsed.test(lambda v: isinstance(v, ParseError))


def _valid(parsed: _Coded, fill: Any = None) -> _Coded:
    """Parsed values with every error replaced by `fill`."""
    return parsed.map(lambda v: fill if isinstance(v, ParseError) else v)


# ------------------------------------------------------------------------- frame columns


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


def _text(column: _Coded, keep: np.ndarray) -> pd.Series:
    """The kept rows of a text column (str or None per value), typed as `Series.map` types the
    whole column: `str` when some row holds text, else object."""
    used = column.values[column.used()]
    if pd.api.types.infer_dtype(used, skipna=True) == "string":  # text, maybe with gaps: what pandas
        dtype = pd.Series(["text"]).dtype  # infers for it, without converting a million values first
    else:
        dtype = pd.Series(used).dtype if len(used) else np.dtype(object)
    return pd.Series(pd.array(column.values, dtype=dtype).take(column.codes[keep]))


def _nullable_ints(column: _Coded, keep: np.ndarray) -> pd.arrays.IntegerArray:
    """Kept rows as Int64: None is missing."""
    missing = np.fromiter((v is None for v in column.values), dtype=bool, count=len(column.values))
    numbers = np.array([0 if v is None else v for v in column.values], dtype=np.int64)
    codes = column.codes[keep]
    return pd.arrays.IntegerArray(numbers[codes], missing[codes])


def _datetimes(column: _Coded, keep: np.ndarray) -> pd.Series:
    """Kept rows of a column of dates as `pd.to_datetime` gives them."""
    kept = column.take(keep)
    used = np.flatnonzero(kept.used())
    converted = pd.to_datetime(pd.Series(column.values[used], dtype=object))
    position = np.full(len(column.values), -1, dtype=np.intp)
    position[used] = np.arange(len(used))
    return pd.Series(converted.array.take(position[kept.codes]), name=None)
