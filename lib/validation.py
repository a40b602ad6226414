"""Raw tabs -> clean tables + every rejected row and warning, with a reason a clerk can act on.

Rules: every non-empty row below a tab's header is either used or rejected (never silently
dropped); a rejection names tab, spreadsheet row, column and value in Vietnamese (and
English). Each column is factorized once (numpy/pandas, in C): parsing, matching and
formatting run once per distinct cell value, and per-row checks are array operations; a
message is built only for the rows it reports. So a province-size tab costs little more than
its number of distinct values.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

try:  # rows of cells -> one 2-D object array, in C (pandas' own helper for lists of rows)
    from pandas._libs.lib import to_object_array as _to_object_array
except ImportError:  # pragma: no cover - another pandas: the plain Python path below
    _to_object_array = None

from lib.campaign import Campaign
from lib.contract import TabSpec, check_shape, column_letter, match_header, present_tabs, tab_specs
from lib.dataset import ISSUE_COLUMNS, REJECTED, ROW_COLUMNS, WARNING, Dataset, RawWorkbook
from lib.errors import ShapeError
from lib.formatting import fmt_date, fmt_int
from lib.parsing import (
    ParseError,
    clean_text,
    is_blank,
    is_id_number,
    is_phone_number,
    name_key,
    parse_birth_year,
    parse_count,
    parse_date,
    parse_id_number,
    parse_phone,
    parse_yes_no,
    strip_diacritics,
)
from lib.people import counted_rows, duplicate_of, is_adult, list_installs
from lib.privacy import has_number_run, mask_phone, mask_text
from lib.texts import LANGS, t

PARSE_CODES = {
    ParseError.NOT_A_NUMBER: "issue.not_a_number",
    ParseError.NOT_INTEGER: "issue.not_integer",
    ParseError.NEGATIVE: "issue.negative",
    ParseError.BAD_DATE: "issue.bad_date",
    ParseError.BAD_YES_NO: "issue.bad_yes_no",
    ParseError.TOO_LARGE: "issue.too_large",
    ParseError.BAD_YEAR: "issue.bad_year",
}


def validate(raw: RawWorkbook, campaign: Campaign, today: dt.date) -> Dataset:
    """The one entry point: a raw workbook in, a `Dataset` out. Never raises on bad cells;
    raises `ShapeError` for a workbook that changed shape (`contract.check_shape`). A
    workbook of no tabs at all is no read yet: every tab is reported missing, nothing raised."""
    specs = {s.key: s for s in tab_specs(campaign)}
    problems = check_shape(tuple(specs.values()), raw.tabs) if raw.tabs else []
    if problems:
        raise ShapeError(problems)
    issues: list[dict[str, Any]] = []
    counts: list[dict[str, Any]] = []
    found: dict[str, str] = {}
    tabs = {key: _read_tab(spec, raw, issues, counts, found) for key, spec in specs.items()}

    villages = _villages(tabs["villages"], campaign)
    matcher = VillageMatcher(villages["village"].tolist())
    installs = _installs(tabs["installs"], campaign, matcher, today)
    agencies = _agencies(tabs["agencies"])
    helpers = _helpers(tabs["helpers"], matcher)
    sessions = _sessions(tabs["sessions"], campaign, matcher, today)
    family_groups = _family_groups(tabs["family_groups"], campaign, matcher)
    people = _people(tabs["people"], campaign, matcher, today)
    counted = counted_rows(installs, list_installs(people, campaign), campaign.count_source)

    for tab in tabs.values():
        if tab is not None:
            issues.extend(tab.final_issues())
            read = len(tab) + tab.above_header
            _count(counts, tab.spec, tab.title, read, int(tab.rejected.sum()) + tab.above_header)
    issue_frame = pd.DataFrame(issues, columns=ISSUE_COLUMNS)
    issue_frame["row"] = issue_frame["row"].astype("Int64")
    issue_frame["installs"] = issue_frame["installs"].astype("Int64")
    dataset = Dataset(
        villages=villages,
        installs=counted,
        tallies=installs,
        people=people,
        family_groups=family_groups,
        agencies=agencies,
        helpers=helpers,
        sessions=sessions,
        issues=issue_frame,
        rows=pd.DataFrame(counts, columns=ROW_COLUMNS),
        source=raw.source,
        title=raw.title,
        tabs=found,
    )
    dataset.issues = pd.concat([dataset.issues, _over_base_warnings(dataset, campaign, today)], ignore_index=True)
    return dataset


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


# ---------------------------------------------------------------------------- reading tabs


class _Tab:
    """One tab's body, one coded column of raw cells per field, plus what went wrong."""

    def __init__(self, spec: TabSpec, title: str, row: np.ndarray, cells: dict[str, _Coded], headers: dict[str, str]):
        self.spec = spec
        self.title = title
        self.row = row  # spreadsheet row number of each body row
        self.cells = cells
        self.headers = headers  # field -> header as typed in the sheet
        self.rejected = np.zeros(len(row), dtype=bool)
        self.issues: list[dict[str, Any]] = []
        self._row_of_issue: list[int | None] = []  # body position of each issue (None: tab-level)
        # What each row would have added if used (tally rows): shown beside its rejection.
        self.lost: _Coded | None = None
        self.above_header = 0  # rows with data above the header row, rejected

    def __len__(self) -> int:
        return len(self.row)

    def report(self, severity: str, mask: np.ndarray, code: str, field: str | None, **values: Any) -> None:
        """Add one issue per row in `mask`. A `_Coded` or an array in `values` gives a per-row
        value; it is looked up for the reported rows only."""
        mask = np.asarray(mask, dtype=bool)
        if severity == REJECTED:
            mask = mask & ~self.rejected  # one reason per rejected row is enough to act on
            self.rejected |= mask
        at = np.flatnonzero(mask)
        if not len(at):
            return
        # Per-row values are taken for all reported rows at once (tens of thousands of warnings
        # on a province list), not looked up row by row.
        given = {k: v for k, v in values.items() if not isinstance(v, (_Coded, np.ndarray))}
        taken = {k: _values_at(v, at) for k, v in values.items() if k not in given}
        header = self.headers.get(field, "") if field else ""
        for n, (i, row) in enumerate(zip(at.tolist(), self.row[at].tolist(), strict=True)):
            row_values = {**given, **{k: v[n] for k, v in taken.items()}}
            if "value" in row_values:  # given: the cell is not looked up
                value = row_values.pop("value")
            else:
                value = _display_value(field, self.cells[field].at(i) if field else "")
            installs = row_values.pop("installs", None)
            if installs is None and severity == REJECTED and self.lost is not None:
                installs = self.lost.at(i)
            self._row_of_issue.append(i)
            self.issues.append(_issue(severity, self.title, row, header, str(value), code, installs, **row_values))

    def reject_parse_errors(self, parsed: _Coded, field: str, what: str | None = None) -> None:
        """Reject rows whose cell did not parse; an empty cell too when `what` is given."""
        for error, code in PARSE_CODES.items():
            self.report(REJECTED, _is(parsed, error), code, field)
        if what is not None:
            self.report(REJECTED, _is(parsed, ParseError.EMPTY), "issue.empty", field, what=_what(what))

    @property
    def kept(self) -> np.ndarray:
        return ~self.rejected

    def final_issues(self) -> list[dict[str, Any]]:
        """Rejections, plus warnings about rows that were in the end used: a row rejected by
        a later check gets its rejection only, not a 'still counted' warning as well."""
        return [
            issue
            for issue, i in zip(self.issues, self._row_of_issue, strict=True)
            if issue["severity"] == REJECTED or i is None or not self.rejected[i]
        ]


# Columns that hold phone and ID numbers on purpose: kept for authorised viewers, masked when shown.
_PERSONAL_NUMBERS = frozenset({"phone", "id_number"})


def _masked_numbers(column: _Coded) -> _Coded:
    """A column's text with every phone- or ID-shaped number masked ('09******78'): a phone
    typed as a village, a name or a note is personal data wherever it is shown afterwards.
    One pass over all the column's distinct texts decides whether any needs it."""
    texts = [v for v in column.values.tolist() if isinstance(v, str)]
    if not texts or not has_number_run("\n".join(texts)):
        return column
    return column.map(lambda v: mask_text(v) if isinstance(v, str) else v)


def _values_at(value: _Coded | np.ndarray, rows: np.ndarray) -> list[Any]:
    """A per-row value at each of `rows`: numpy scalars become Python ones, objects stay."""
    if isinstance(value, _Coded):
        return value.values[value.codes[rows]].tolist()
    return value[rows].tolist()


def _read_tab(spec: TabSpec, raw: RawWorkbook, issues: list, counts: list, found: dict[str, str]) -> _Tab | None:
    titles = present_tabs(spec, raw.tabs)
    title = titles[0] if titles else None
    if title is None:
        if spec.presence != "optional":
            severity = REJECTED if spec.presence == "required" else WARNING
            shown = ", ".join(f"'{n}'" for n in raw.tabs) or "—"
            issues.append(_issue(severity, spec.name, None, "", "", "issue.missing_tab", None, found=shown))
        return None
    found[spec.key] = title
    rows = raw.tabs[title]
    header = match_header(spec, rows)
    body = rows[header.row_index + 1 :]
    positions = sorted(set(header.positions.values()))
    keep, columns = _read_body(body, positions)
    cells = {}
    for column in spec.columns:
        pos = header.positions.get(column.field)
        cells[column.field] = _blank_column(len(keep)) if pos is None else columns[pos]
        if column.field not in _PERSONAL_NUMBERS:
            cells[column.field] = _masked_numbers(cells[column.field])
    headers = {f: header.headers[p] for f, p in header.positions.items()}
    tab = _Tab(spec, title, (keep + (header.row_index + 2)).astype(np.int64), cells, headers)
    # Rows above the header: a one-cell title is expected; anything fuller is data in the wrong place.
    for index, row in enumerate(rows[: header.row_index]):
        if sum(not is_blank(c) for c in row) >= 2:
            tab.above_header += 1
            tab._row_of_issue.append(None)
            shown = " | ".join(clean_text(c) for c in row if not is_blank(c))[:80]
            tab.issues.append(
                _issue(REJECTED, title, index + 1, "", shown, "issue.above_header", None, header=header.row_index + 1)
            )
    for typed, col_index in header.duplicates:
        tab._row_of_issue.append(None)
        tab.issues.append(
            _issue(
                WARNING,
                title,
                header.row_index + 1,
                typed,
                typed,
                "issue.duplicate_column",
                None,
                letter=column_letter(col_index),
            )
        )
    return tab


def _count(counts: list, spec: TabSpec, title: str, read: int, rejected: int) -> None:
    counts.append({"tab": title, "read": read, "accepted": read - rejected, "rejected": rejected})


def _issue(
    severity: str, tab: str, row: int | None, column: str, value: str, code: str, installs: Any, **values: Any
) -> dict[str, Any]:
    """One problem, its messages in every language. Phone- and ID-shaped numbers in any text of
    it (a phone typed into a tally cell or a village name) are masked here, once, so no page,
    download, report, log or summary can show them in full."""
    value = mask_text(value)
    values = {k: _masked_value(v) for k, v in values.items()}
    values = {"tab": tab, "row": row, "column": column, "value": value, **values}
    # A value given per language ({"vi": …, "en": …}) is filled in each message's own language.
    if any(isinstance(v, dict) for v in values.values()):
        messages = {
            lang: t(code, lang, **{k: v[lang] if isinstance(v, dict) else v for k, v in values.items()})
            for lang in LANGS
        }
    else:  # the common case, once per reported row: no copy of the values per language
        messages = {lang: t(code, lang, **values) for lang in LANGS}
    return {
        "severity": severity,
        "tab": tab,
        "row": row,
        "column": column,
        "value": value,
        "code": code.removeprefix("issue."),
        "message_vi": messages["vi"],
        "message_en": messages["en"],
        "installs": installs if isinstance(installs, int) else None,
    }


def _masked_value(value: Any) -> Any:
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {k: _masked_value(v) for k, v in value.items()}
    return value


def _display_value(field: str | None, value: Any) -> str:
    if field == "phone":
        return mask_phone(parse_phone(value))
    if field == "id_number":
        return mask_phone(parse_id_number(value))
    if isinstance(value, dt.date):
        return fmt_date(value)
    text = clean_text(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _what(key: str) -> dict[str, str]:
    return {lang: t(f"what.{key}", lang) for lang in LANGS}


# ------------------------------------------------------------------------------- parsing


def _is(parsed: _Coded, error: ParseError) -> np.ndarray:
    return parsed.test(lambda v: v is error)


def _is_error(parsed: _Coded) -> np.ndarray:
    return parsed.test(lambda v: isinstance(v, ParseError))


def _valid(parsed: _Coded, fill: Any = None) -> _Coded:
    """Parsed values with every error replaced by `fill`."""
    return parsed.map(lambda v: fill if isinstance(v, ParseError) else v)


class VillageMatcher:
    """Village names typed in rows -> the name in tab Thon.

    Case, spacing and Unicode normal form never matter. Diacritics do, because they can tell
    two villages apart; a name typed without them is accepted only when exactly one village
    has that unaccented spelling.
    """

    def __init__(self, villages: list[str]):
        self.exact: dict[str, str] = {}
        loose: dict[str, list[str]] = {}
        for v in villages:
            key = name_key(v)
            self.exact[key] = v
            loose.setdefault(strip_diacritics(key), []).append(v)  # strip(name_key) = loose_name_key
        self.loose = {k: vs[0] for k, vs in loose.items() if len(vs) == 1}

    def match(self, typed: Any) -> tuple[str | None, bool]:
        """(village, matched_without_diacritics); village is None when unknown."""
        key = name_key(typed)
        if key in self.exact:
            return self.exact[key], False
        loose = strip_diacritics(key)
        if key == loose and loose in self.loose:
            return self.loose[loose], True
        return None, False


def _match_villages(tab: _Tab, matcher: VillageMatcher) -> _Coded:
    """Canonical village per row; rejects blanks and unknowns, warns on unaccented matches."""
    cells = tab.cells["village"]
    matched = cells.map(lambda v: None if is_blank(v) else matcher.match(v))
    tab.report(REJECTED, cells.blank, "issue.empty", "village", what=_what("village"))
    unknown = matched.test(lambda m: m is not None and m[0] is None)
    tab.report(REJECTED, unknown, "issue.unknown_village", "village")
    village = matched.map(lambda m: m[0] if m else None)
    loose = matched.test(lambda m: bool(m and m[1]))
    tab.report(WARNING, loose & tab.kept, "issue.loose_village", "village", match=village)
    return village


def _dates(tab: _Tab, campaign: Campaign, today: dt.date) -> _Coded:
    parsed = tab.cells["date"].map(parse_date)
    tab.reject_parse_errors(parsed, "date", what="date")
    date = _valid(parsed)
    shown = date.map(fmt_date)
    future = date.test(lambda d: d is not None and d > today)
    tab.report(REJECTED, future, "issue.future_date", "date", value=shown, today=fmt_date(today))
    start, end = campaign.start, campaign.end
    outside = date.test(lambda d: d is not None and not start <= d <= end)
    tab.report(
        WARNING,
        outside & tab.kept,
        "issue.outside_campaign",
        "date",
        value=shown,
        start=fmt_date(campaign.start),
        end=fmt_date(campaign.end),
    )
    return date


def _group_ids(keys: list[np.ndarray]) -> np.ndarray:
    """One integer per row, equal where every key (non-negative integers) is equal; numbered
    in order of first row."""
    ids = keys[0].astype(np.int64)
    span = int(ids.max()) + 1
    for key in keys[1:]:
        size = int(key.max()) + 1
        if span * size >= 2**62:  # renumber before the combined key could overflow
            ids, uniques = pd.factorize(ids)
            span = len(uniques)
        ids = ids * size + key
        span *= size
    ids, _ = pd.factorize(ids)
    return ids


def _first_rows(row: np.ndarray, keys: list[np.ndarray], among: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows (within `among`) repeating an earlier row's `keys` (per-row ids, see
    `_Coded.ids`), and that earlier row's number."""
    mask = np.zeros(len(row), dtype=bool)
    first = np.zeros(len(row), dtype=np.int64)
    at = np.flatnonzero(among)
    if not len(at):
        return mask, first
    ids = _group_ids([k[at] for k in keys])
    # factorize numbers groups in order of appearance: a row is its group's first exactly
    # when its id is higher than every id before it.
    seen = np.maximum.accumulate(np.r_[-1, ids[:-1]])
    is_first = ids > seen
    mask[at[~is_first]] = True
    first[at] = row[at][np.flatnonzero(is_first)][ids]
    return mask, first


# --------------------------------------------------------------------------------- tables


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


def _villages(tab: _Tab | None, campaign: Campaign) -> pd.DataFrame:
    base_fields = [f"base:{g.key}" for g in campaign.village_groups]
    columns = ["row", "village", "family_groups", *base_fields]
    if tab is None:
        return _empty(columns)
    village = tab.cells["village"]
    tab.report(REJECTED, village.blank, "issue.empty", "village", what=_what("village"))
    names = village.map(clean_text)
    dup, first = _first_rows(tab.row, [village.map(name_key).ids()], tab.kept)
    tab.report(REJECTED, dup, "issue.duplicate_village", "village", first=first)
    counts = {}
    for field in ("family_groups", *base_fields):
        parsed = tab.cells[field].map(parse_count)
        bad = parsed.test(lambda v: isinstance(v, ParseError) and v is not ParseError.EMPTY)
        tab.report(WARNING, bad & tab.kept, "issue.bad_base", field)
        if field.startswith("base:"):
            empty = _is(parsed, ParseError.EMPTY)
            tab.report(WARNING, empty & tab.kept, "issue.missing_base", field, value=names)
        counts[field] = _valid(parsed)
    keep = np.flatnonzero(tab.kept)
    out = pd.DataFrame({"row": tab.row[keep], "village": _text(names, keep)})
    for field, valid in counts.items():
        out[field] = _nullable_ints(valid, keep)
    return out


def _installs(tab: _Tab | None, campaign: Campaign, matcher: VillageMatcher, today: dt.date) -> pd.DataFrame:
    groups = campaign.village_groups
    columns = ["row", "date", "village", "family_group", *(g.key for g in groups)]
    if tab is None:
        return _empty(columns)
    top = next((g for g in groups if not g.part_of), None)
    parsed = {g.key: tab.cells[f"count:{g.key}"].map(parse_count) for g in groups}
    # A cumulative row holds a running total, not what it adds: no 'installs lost' figure then.
    tab.lost = _valid(parsed[top.key]) if top and campaign.tally_mode == "incremental" else None
    date = _dates(tab, campaign, today)
    village = _match_villages(tab, matcher)
    if groups:
        all_empty = np.logical_and.reduce([_is(parsed[g.key], ParseError.EMPTY) for g in groups])
        tab.report(REJECTED, all_empty, "issue.no_counts", None)
    for g in groups:
        for error, code in PARSE_CODES.items():
            tab.report(REJECTED, _is(parsed[g.key], error), code, f"count:{g.key}")
    counts = {k: _valid(p, 0).ints() for k, p in parsed.items()}
    for g in groups:
        if g.part_of:
            over = counts[g.key] > counts[g.part_of]
            tab.report(
                REJECTED,
                over,
                "issue.part_exceeds_total",
                f"count:{g.key}",
                total_column=tab.headers.get(f"count:{g.part_of}", ""),
                total=counts[g.part_of],
            )
    family = tab.cells["family_group"].map(clean_text)
    keys = [date.ids(), village.ids(), family.ids(), *counts.values()]
    dup, first = _first_rows(tab.row, keys, tab.kept)
    tab.report(WARNING, dup, "issue.double_entry", None, first=first)
    keep = np.flatnonzero(tab.kept)
    return pd.DataFrame(
        {
            "row": tab.row[keep],
            "date": _datetimes(date, keep),
            "village": _text(village, keep),
            "family_group": _text(family, keep),
            **{k: c[keep] for k, c in counts.items()},
        }
    )


def _agencies(tab: _Tab | None) -> pd.DataFrame:
    columns = ["row", "unit", "base", "installed"]
    if tab is None:
        return _empty(columns)
    unit = tab.cells["unit"]
    tab.report(REJECTED, unit.blank, "issue.empty", "unit", what=_what("unit"))
    base = tab.cells["base"].map(parse_count)
    tab.reject_parse_errors(base, "base", what="count")
    installed = tab.cells["installed"].map(parse_count)
    tab.reject_parse_errors(installed, "installed")
    base_n, installed_n = _valid(base, 0).ints(), _valid(installed, 0).ints()
    dup, first = _first_rows(tab.row, [unit.map(name_key).ids()], tab.kept)
    tab.report(REJECTED, dup, "issue.duplicate_unit", "unit", first=first)
    over = (installed_n > base_n) & tab.kept
    tab.report(WARNING, over, "issue.unit_over_base", "unit", installed=installed_n, base=base_n)
    keep = np.flatnonzero(tab.kept)
    return pd.DataFrame(
        {
            "row": tab.row[keep],
            "unit": _text(unit.map(clean_text), keep),
            "base": base_n[keep],
            "installed": installed_n[keep],
        }
    )


def _helpers(tab: _Tab | None, matcher: VillageMatcher) -> pd.DataFrame:
    columns = ["row", "name", "village", "branch", "phone", "it_skill", "role"]
    if tab is None:
        return _empty(columns)
    tab.report(REJECTED, tab.cells["name"].blank, "issue.empty", "name", what=_what("name"))
    village = _match_villages(tab, matcher)
    skill = tab.cells["it_skill"].map(parse_yes_no)
    tab.reject_parse_errors(skill, "it_skill")
    name = tab.cells["name"].map(clean_text)
    dup, first = _first_rows(tab.row, [name.map(name_key).ids(), village.ids()], tab.kept)
    tab.report(WARNING, dup, "issue.duplicate_person", "name", first=first)
    keep = np.flatnonzero(tab.kept)
    return pd.DataFrame(
        {
            "row": tab.row[keep],
            "name": _text(name, keep),
            "village": _text(village, keep),
            "branch": _text(tab.cells["branch"].map(clean_text), keep),
            "phone": _text(tab.cells["phone"].map(parse_phone), keep),
            "it_skill": _valid(skill, False).test(bool)[keep],
            "role": _text(tab.cells["role"].map(clean_text), keep),
        }
    )


def _sessions(tab: _Tab | None, campaign: Campaign, matcher: VillageMatcher, today: dt.date) -> pd.DataFrame:
    columns = ["row", "date", "village", "kind", "attendees"]
    if tab is None:
        return _empty(columns)
    date = _dates(tab, campaign, today)
    village = _match_villages(tab, matcher)
    attendees = tab.cells["attendees"].map(parse_count)
    tab.reject_parse_errors(attendees, "attendees")
    keep = np.flatnonzero(tab.kept)
    return pd.DataFrame(
        {
            "row": tab.row[keep],
            "date": _datetimes(date, keep),
            "village": _text(village, keep),
            "kind": _text(tab.cells["kind"].map(clean_text), keep),
            "attendees": _nullable_ints(_valid(attendees), keep),
        }
    )


def _family_groups(tab: _Tab | None, campaign: Campaign, matcher: VillageMatcher) -> pd.DataFrame:
    """Bases per inter-family group (optional tab ToLienGia): rates per group need them."""
    base_fields = [f"base:{g.key}" for g in campaign.village_groups]
    columns = ["row", "village", "family_group", *base_fields]
    if tab is None:
        return _empty(columns)
    village = _match_villages(tab, matcher)
    family = tab.cells["family_group"]
    tab.report(REJECTED, family.blank, "issue.empty", "family_group", what=_what("family_group"))
    family = family.map(clean_text)
    dup, first = _first_rows(tab.row, [village.ids(), family.map(name_key).ids()], tab.kept)
    tab.report(REJECTED, dup, "issue.duplicate_family_group", "family_group", first=first)
    counts = {}
    for field in base_fields:
        parsed = tab.cells[field].map(parse_count)
        bad = parsed.test(lambda v: isinstance(v, ParseError) and v is not ParseError.EMPTY)
        tab.report(WARNING, bad & tab.kept, "issue.bad_base", field)
        counts[field] = _valid(parsed)
    keep = np.flatnonzero(tab.kept)
    out = pd.DataFrame({"row": tab.row[keep], "village": _text(village, keep), "family_group": _text(family, keep)})
    for field, valid in counts.items():
        out[field] = _nullable_ints(valid, keep)
    return out


def _people(tab: _Tab | None, campaign: Campaign, matcher: VillageMatcher, today: dt.date) -> pd.DataFrame:
    """The person list (optional tab DanhSach): one row per person who installed.

    Every accepted row is kept, repeats included (marked `duplicate_of`, listed on the page),
    so nothing disappears; only `counted` rows (first entry of an adult) add to the counts.
    """
    flags = [g for g in campaign.village_groups if g.list_column]
    columns = ["row", "name", "birth_year", "village", "family_group", "phone", "id_number", "date"]
    columns += [f"in:{g.key}" for g in flags] + ["adult", "duplicate_of", "counted"]
    if tab is None:
        return _empty(columns)
    tab.report(REJECTED, tab.cells["name"].blank, "issue.empty", "name", what=_what("name"))
    year = tab.cells["birth_year"].map(lambda v: parse_birth_year(v, today))
    tab.reject_parse_errors(year, "birth_year", what="birth_year")
    village = _match_villages(tab, matcher)
    date = _dates(tab, campaign, today)
    marks = {}
    for g in flags:
        parsed = tab.cells[f"in:{g.key}"].map(parse_yes_no)
        tab.reject_parse_errors(parsed, f"in:{g.key}")
        marks[g.key] = _valid(parsed, False)
    phone, plain, bad_phone = _numbers(tab.cells["phone"], parse_phone, (10, 11), "0", is_phone_number)
    tab.report(WARNING, bad_phone & tab.kept, "issue.bad_phone", "phone")
    id_number, plain_id, bad_id = _numbers(tab.cells["id_number"], parse_id_number, (9, 12), "", is_id_number)
    tab.report(WARNING, bad_id & tab.kept, "issue.bad_id_number", "id_number")
    keep = np.flatnonzero(tab.kept)
    name = tab.cells["name"].map(clean_text)
    shown = phone.values.copy()  # phones as digits only; plain ones already are
    for i in np.flatnonzero(~plain).tolist():
        shown[i] = re.sub(r"\D", "", shown[i])
    digits = _Coded(phone.codes, shown)
    birth_year = _valid(year, 0).ints()
    out = pd.DataFrame(
        {
            "row": tab.row[keep],
            "name": _text(name, keep),
            "birth_year": birth_year[keep],
            "village": _text(village, keep),
            "family_group": _text(tab.cells["family_group"].map(clean_text), keep),
            "phone": _text(digits, keep).fillna(""),
            "id_number": _text(id_number, keep).fillna(""),
            "date": _datetimes(date, keep),
            **{f"in:{k}": m.test(bool)[keep] for k, m in marks.items()},
        }
    )
    out["adult"] = is_adult(out["birth_year"], out["date"], campaign.adult_age)
    same_name = [name.map(name_key).ids()[keep], birth_year[keep], village.ids()[keep]]
    out["duplicate_of"] = duplicate_of(
        out["row"].to_numpy(),
        _key(id_number, plain_id, keep),
        _key(digits, plain, keep),
        _group_ids(same_name) if len(keep) else np.zeros(0, dtype=np.int64),
    )
    out["counted"] = out["duplicate_of"].isna().to_numpy(dtype=bool) & out["adult"].to_numpy(dtype=bool)
    _person_warnings(tab, keep, out, campaign)
    return out


def _numbers(
    cells: _Coded, parse: Callable[[Any], str], lengths: tuple[int, ...], prefix: str, plausible: Callable[[str], bool]
) -> tuple[_Coded, np.ndarray, np.ndarray]:
    """Phone or ID cells as text ('' when empty); per distinct value whether it was typed as
    plain digits; per row whether a non-empty value is not `plausible`.

    Nearly every such value is distinct and plain digits of a right length and first digit:
    those are found without parsing (`_digit_kinds`) and taken as they are; only the others are
    parsed and checked one by one.
    """
    values = cells.values
    kind = _digit_kinds(values, lengths, prefix)
    plain, good = kind > 0, kind == 2
    out = values.copy()
    bad = np.zeros(len(values), dtype=bool)
    for i in np.flatnonzero(~good).tolist():
        value = out[i] if plain[i] else parse(values[i])
        out[i] = value
        bad[i] = value != "" and not plausible(value)
    return _Coded(cells.codes, out), plain, bad[cells.codes]


def _digit_kinds(values: np.ndarray, lengths: tuple[int, ...], prefix: str) -> np.ndarray:
    """Per value 0: not plain digits (text matching the regex `\\d+` in full, which is exactly
    `str.isdecimal`); 1: plain digits; 2: plain digits of an allowed length starting with
    `prefix`.

    The usual column (text, then the empty cell's None) is checked in bulk when all its text is
    ASCII digits: one joined string, its bytes and the lengths, with no Python step per value.
    Anything else goes value by value.
    """
    if len(values) > 1 and values[-1] is None and len(prefix) <= 1:
        texts = values[:-1].tolist()
        try:
            joined = "".join(texts)
        except TypeError:  # not all text
            joined = ""
        if joined.isascii() and joined:
            size = np.fromiter(map(len, texts), dtype=np.intp, count=len(texts))
            codes = np.frombuffer(joined.encode("ascii"), dtype=np.uint8)
            if size.all() and ((codes - np.uint8(48)) < 10).all():  # every value: 1+ ASCII digits
                good = np.isin(size, lengths)
                if prefix:
                    good &= codes[np.cumsum(size) - size] == ord(prefix)
                return np.append(np.where(good, 2, 1).astype(np.int8), np.int8(0))
    return np.array(
        [
            (2 if len(v) in lengths and v.startswith(prefix) else 1) if isinstance(v, str) and v.isdecimal() else 0
            for v in values.tolist()
        ],
        dtype=np.int8,
    )


def _key(text: _Coded, plain: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Per kept row an integer, equal exactly where the text is equal; -1 where it is ''.

    Plain digits are kept as typed, and a raw column holds each distinct cell once, so plain
    values are distinct already: when every other value is empty, the positions are the key and
    the million texts need not be hashed again.
    """
    values = text.values
    empty = values == ""
    if (plain | empty).all():
        ids = np.arange(len(values), dtype=np.int64)
    else:
        ids = pd.factorize(values, use_na_sentinel=False)[0].astype(np.int64)
    ids[empty] = -1
    return ids[text.codes[keep]]


def _person_warnings(tab: _Tab, keep: np.ndarray, people: pd.DataFrame, campaign: Campaign) -> None:
    """Repeats and minors are used (listed) but not counted: each gets a warning on its row."""
    at = np.zeros(len(tab), dtype=bool)
    repeat = people["duplicate_of"].notna().to_numpy(dtype=bool)
    at[keep[repeat]] = True
    first = np.zeros(len(tab), dtype=np.int64)
    first[keep[repeat]] = people["duplicate_of"].to_numpy(dtype=np.int64, na_value=0)[repeat]
    tab.report(WARNING, at, "issue.repeat_person", None, first=first)
    minor = np.zeros(len(tab), dtype=bool)
    minor[keep[~people["adult"].to_numpy(dtype=bool)]] = True
    born = np.zeros(len(tab), dtype=np.int64)
    born[keep] = people["birth_year"].to_numpy(dtype=np.int64)
    tab.report(WARNING, minor, "issue.minor", "birth_year", age=campaign.adult_age, value=born)


def _over_base_warnings(ds: Dataset, campaign: Campaign, today: dt.date) -> pd.DataFrame:
    """Villages whose installs (as of today) exceed their base: counted, but worth a look."""
    from lib.metrics import installed_by_village  # metrics builds on the validated tables

    installed = installed_by_village(ds, campaign, today)
    rows = []
    figure = functools.cache(fmt_int)  # villages share many figures; Babel is slow per call
    by_village = ds.villages.set_index("village")
    for g in campaign.village_groups:
        base = by_village[f"base:{g.key}"]
        done = installed[g.key].reindex(base.index, fill_value=0)
        over = (base.notna() & (done > base.fillna(0))).to_numpy(dtype=bool)
        for village, n_done, n_base in zip(
            base.index[over].tolist(), done.to_numpy()[over].tolist(), base.to_numpy()[over].tolist(), strict=True
        ):
            rows.append(
                _issue(
                    WARNING,
                    ds.tabs.get("installs", "CaiDat"),
                    None,
                    g.installed_column,
                    village,
                    "issue.over_base",
                    None,
                    village=village,
                    group={"vi": g.label, "en": g.label_en},
                    installed=figure(n_done),
                    base=figure(n_base),
                )
            )
    frame = pd.DataFrame(rows, columns=ISSUE_COLUMNS)
    return frame.astype({"row": "Int64", "installs": "Int64"})
