"""Installs counted from the tally rows: cumulative per day and village, and the dates around them.

Every count is read from one table per dataset: cumulative installs per day and village,
per village group (`_Tallies`). It is built once, on first use, and kept on the Dataset
object itself (validated tables are never changed in place), so a page that asks for
installs as of several dates, and every page after it, reads rows of an array instead of
grouping the tally rows again. The rules are those of the docstrings below; the arrays
hold exactly the integers the row-by-row rules give (tests compare both).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from lib.campaign import Campaign
from lib.dataset import Dataset

PACE_DAYS = 3

_MEMO = "_metrics_memo"


def _memo(ds: Dataset) -> dict:
    """Per-dataset store for derived arrays; dropped when a table is replaced."""
    ident = (id(ds.villages), id(ds.installs), id(ds.helpers), id(ds.sessions))
    memo = ds.__dict__.get(_MEMO)
    if memo is None or memo.get("ident") != ident:
        memo = {"ident": ident}
        ds.__dict__[_MEMO] = memo
    return memo


class _Tallies:
    """Cumulative installs per day (rows) and village (columns), one int64 array per group.

    Days run from the earlier of the campaign's start and the first report to the later of
    that and the last report; the counts stay flat after the last report. Columns are the
    Thon villages in their order, then any other village a tally row names.
    """

    def __init__(self, ds: Dataset, campaign: Campaign):
        keys = [g.key for g in campaign.village_groups]
        rows = ds.installs
        dates = pd.to_datetime(rows["date"]) if len(rows) else pd.Series([], dtype="datetime64[s]")
        valid = dates.notna() & rows["village"].notna() if len(rows) else np.zeros(0, dtype=bool)
        if campaign.tally_mode == "cumulative" and len(rows):
            valid &= rows["family_group"].notna()
        valid = np.asarray(valid, dtype=bool)
        first = dates.min() if len(rows) else pd.NaT  # any dated row, counted or not, as before
        self.start = pd.Timestamp(campaign.start) if pd.isna(first) else min(pd.Timestamp(campaign.start), first)
        last = dates[valid].max() if valid.any() else self.start
        self.n_days = max((last - self.start).days, 0) + 1
        names = ds.village_names
        position: dict[str, int] = {}
        for name in names:
            position.setdefault(name, len(position))
        villages = rows["village"].to_numpy(dtype=object)[valid] if len(rows) else np.zeros(0, dtype=object)
        for name in villages:
            if name not in position:
                position[name] = len(position)
        self.position = position
        self.own = np.fromiter((position[n] for n in names), dtype=np.intp, count=len(names))
        width = len(position)
        day = ((dates[valid] - self.start).dt.days).to_numpy(dtype=np.intp) if valid.any() else np.zeros(0, np.intp)
        col = np.fromiter((position[n] for n in villages), dtype=np.intp, count=len(villages))
        self.cum: dict[str, np.ndarray] = {}
        if campaign.tally_mode == "cumulative":
            # The latest row of each village and inter-family group counts (the last row of
            # a day wins); its value holds until that group reports again. A village's figure
            # is the larger of its whole-village rows (no group) and the sum of its groups; the
            # person list's people without a group (rows made from the list: sheet row 0) are a
            # group like any other, never a whole-village total.
            order = np.lexsort((rows["row"].to_numpy()[valid], day)) if len(day) else np.zeros(0, np.intp)
            fg = rows["family_group"].to_numpy(dtype=object)[valid] if len(rows) else np.zeros(0, dtype=object)
            pair_codes, pairs = pd.factorize(pd.MultiIndex.from_arrays([col, fg]) if len(col) else pd.Index([]))
            pair_village = np.asarray([p[0] for p in pairs], dtype=np.intp) if len(pairs) else np.zeros(0, np.intp)
            listed = np.zeros(len(pairs), dtype=bool)
            if len(pairs):
                np.logical_or.at(listed, pair_codes, rows["row"].to_numpy()[valid] == 0)
            whole = np.fromiter((not p[1] for p in pairs), dtype=bool, count=len(pairs)) & ~listed
            for key in keys:
                values = rows[key].to_numpy(dtype=np.int64)[valid] if len(rows) else np.zeros(0, np.int64)
                state = np.full((self.n_days, len(pairs)), np.nan)
                state[day[order], pair_codes[order]] = values[order]  # later rows overwrite earlier ones
                filled = pd.DataFrame(state).ffill().fillna(0).to_numpy(dtype=np.int64)
                by_village = np.zeros((self.n_days, width), dtype=np.int64)
                by_groups = np.zeros((self.n_days, width), dtype=np.int64)
                if len(pairs):
                    np.add.at(by_village.T, pair_village[whole], filled.T[whole])
                    np.add.at(by_groups.T, pair_village[~whole], filled.T[~whole])
                self.cum[key] = np.maximum(by_village, by_groups)
        else:
            for key in keys:
                values = rows[key].to_numpy(dtype=np.int64)[valid] if len(rows) else np.zeros(0, np.int64)
                per_day = np.zeros((self.n_days, width), dtype=np.int64)
                np.add.at(per_day, (day, col), values)
                self.cum[key] = np.cumsum(per_day, axis=0)

    def row(self, day: dt.date | pd.Timestamp) -> int | None:
        """Index of the row that holds the counts as of `day` (None: before the first day)."""
        offset = (pd.Timestamp(day) - self.start).days
        return None if offset < 0 else min(offset, self.n_days - 1)

    def at(self, key: str, day: dt.date) -> np.ndarray:
        """Installs per Thon village (in its order) counted up to and including `day`."""
        i = self.row(day)
        return np.zeros(len(self.own), dtype=np.int64) if i is None else self.cum[key][i, self.own]


def _tallies(ds: Dataset, campaign: Campaign) -> _Tallies:
    memo = _memo(ds)
    key = ("tallies", campaign.tally_mode, campaign.start, tuple(g.key for g in campaign.village_groups))
    if key not in memo:
        memo[key] = _Tallies(ds, campaign)
    return memo[key]


def first_day(ds: Dataset, campaign: Campaign) -> dt.date:
    """The earliest day worth showing: the campaign's start or an earlier report."""
    memo = _memo(ds)
    if "first_date" not in memo:
        dates = pd.concat([ds.installs["date"], ds.sessions["date"]]).dropna()
        memo["first_date"] = dates.min().date() if len(dates) else None
        memo["last_date"] = ds.last_data_date
    first = memo["first_date"]
    return min(campaign.start, first) if first is not None else campaign.start


def default_as_of(ds: Dataset, today: dt.date, campaign: Campaign | None = None) -> dt.date:
    """Today, clamped to the last day with data (a finished campaign shows its last day)."""
    memo = _memo(ds)
    if "last_date" not in memo:
        memo["last_date"] = ds.last_data_date
    last = memo["last_date"]
    day = today if last is None else min(today, last)
    return day if campaign is None else max(day, min(first_day(ds, campaign), today))


def pace_days(ds: Dataset, as_of: dt.date) -> int:
    """The pace window: PACE_DAYS, or fewer in the first days of reporting (day 1 counts 1 day)."""
    if not len(ds.installs):
        return PACE_DAYS
    memo = _memo(ds)
    if "first_install" not in memo:
        memo["first_install"] = ds.installs["date"].min().date()
    since_first = (as_of - memo["first_install"]).days + 1
    return max(1, min(PACE_DAYS, since_first))


def installed_by_village(ds: Dataset, campaign: Campaign, as_of: dt.date) -> pd.DataFrame:
    """Installs per village and group counted up to and including `as_of`.

    Incremental tallies are summed. Cumulative tallies are running totals, so the latest row
    of each village and inter-family group counts (the last row of that day wins).
    """
    tallies = _tallies(ds, campaign)
    index = pd.Index(ds.villages["village"], name="village")
    columns = {g.key: tallies.at(g.key, as_of) for g in campaign.village_groups}
    return pd.DataFrame(columns, index=index, columns=list(columns)).astype("int64")


def daily_installed(
    ds: Dataset, campaign: Campaign, until: dt.date, villages: list[str] | None = None
) -> dict[str, pd.DataFrame]:
    """Cumulative installs per day (rows) and village (columns), one frame per group.

    Days run from the earlier of the campaign's start and the first report to `until`.
    """
    names = villages if villages is not None else ds.village_names
    tallies = _tallies(ds, campaign)
    days = pd.date_range(tallies.start, pd.Timestamp(until), freq="D")
    rows = np.minimum(np.arange(len(days)), tallies.n_days - 1)
    missing = len(tallies.position)  # a village no row names: zeros
    cols = np.fromiter((tallies.position.get(n, missing) for n in names), dtype=np.intp, count=len(names))
    header = pd.Index(names, name="village")
    out: dict[str, pd.DataFrame] = {}
    for g in campaign.village_groups:
        padded = np.concatenate([tallies.cum[g.key], np.zeros((tallies.n_days, 1), dtype=np.int64)], axis=1)
        out[g.key] = pd.DataFrame(padded[np.ix_(rows, cols)], index=days, columns=header)
    return out
