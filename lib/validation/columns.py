"""Finding a tab and its columns: which sheet tab, which header row, which column holds each
field (`contract.match_header`), and the tab's body read into coded columns (`_Tab`).

Tab-level problems are reported here: a missing tab, data above the header row, a column typed
twice. A number shaped like a phone or an ID in any column not meant for one is masked as it is
read, so it is never shown in full afterwards. `_Tab.report` is how every rule of `rows`, `tabs`
and `people` records what it found, one issue per row of a mask.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from lib.contract import TabSpec, column_letter, match_header, present_tabs
from lib.dataset import REJECTED, WARNING, RawWorkbook
from lib.parsing import ParseError, clean_text, is_blank
from lib.privacy import has_number_run, mask_value
from lib.validation.cells import _blank_column, _Coded, _is, _read_body
from lib.validation.issues import PARSE_CODES, _display_value, _issue, _what


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
    return column.map(mask_value)


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
