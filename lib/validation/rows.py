"""Cell and row rules shared by the tabs: parsed values, village names, dates, repeated rows.

A village typed in a row must name a village of tab Thon (`VillageMatcher`); a date must parse,
not lie after today, and is warned about outside the campaign; a row repeating an earlier row's
keys is found by `_first_rows`, which names that earlier row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from lib.campaign import Campaign
from lib.dataset import REJECTED, WARNING
from lib.formatting import fmt_date
from lib.parsing import is_blank, name_key, parse_date, strip_diacritics
from lib.validation.cells import _Coded, _valid
from lib.validation.columns import _Tab
from lib.validation.issues import _what


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
