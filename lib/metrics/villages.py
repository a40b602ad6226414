"""Per village, per agency and for the commune: each group against its target as of a date.

Totals are sums of installs over sums of bases (never an average of rates), over the villages
that have a base, and a total's gap follows the same rule as a village's.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from lib.campaign import Campaign, Group
from lib.dataset import Dataset
from lib.metrics.selection import _base_values, _selection
from lib.metrics.status import Evaluation, deadline_over, evaluate
from lib.metrics.tallies import _tallies, pace_days
from lib.metrics.targets import coverage

VILLAGE_COLUMNS = [
    "village",
    "installed",
    "base",
    "coverage",
    "met",
    "gap",
    "needed_per_day",
    "pace",
    "projected",
    "status",
]


def village_table(
    ds: Dataset,
    campaign: Campaign,
    group: str,
    as_of: dt.date,
    villages: list[str] | None = None,
    phase: int | None = None,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """Per village, one group against its target for `phase` (the final one by default),
    as of `as_of` seen on `today` (see `deadline_over`)."""
    target = campaign.target_for(group, phase)
    names = ds.village_names
    window = pace_days(ds, as_of)
    tallies = _tallies(ds, campaign)
    now = tallies.at(group, as_of)
    before = tallies.at(group, as_of - dt.timedelta(days=window)).tolist()
    bases = _base_values(ds, group)[0]
    deadline = campaign.deadline(target) if target is not None else None
    at_deadline = [None] * len(names)
    if deadline is not None and deadline_over(deadline, as_of, today):
        at_deadline = tallies.at(group, deadline).tolist()
    records = []
    for i in np.flatnonzero(_selection(ds, villages)).tolist():
        b = bases[i]
        if target is None:
            n = now[i]
            records.append({"village": names[i], "installed": int(n), "base": b, "coverage": coverage(n, b)})
            continue
        e = evaluate(int(now[i]), b, target, deadline, as_of, before[i], at_deadline[i], window, today)
        records.append({"village": names[i], **_row(e)})
    return _whole_numbers(pd.DataFrame.from_records(records, columns=VILLAGE_COLUMNS))


def _whole_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Counts of people stay integers where some rows have none (a missing base): Int64, so
    that a gap of 5 is never 5.0 in a table, a download or the JSON summary."""
    counts = [c for c in ("base", "gap", "needed_per_day") if c in frame]
    return frame.astype({c: "Int64" for c in counts})


def _row(e: Evaluation) -> dict[str, object]:
    return {
        "installed": e.installed,
        "base": e.base,
        "coverage": e.coverage,
        "met": e.met,
        "gap": e.gap,
        "needed_per_day": e.needed_per_day,
        "pace": e.pace,
        "projected": e.projected,
        "status": e.status,
    }


def agency_table(
    ds: Dataset, campaign: Campaign, group: str, as_of: dt.date, phase: int | None = None, today: dt.date | None = None
) -> pd.DataFrame:
    """Per commune agency against the group's target for `phase` (counts are current totals)."""
    target = campaign.target_for(group, phase)
    records = []
    for rec in ds.agencies.itertuples(index=False):
        row: dict[str, object] = {"unit": rec.unit, "installed": int(rec.installed), "base": int(rec.base)}
        if target is not None:
            e = evaluate(int(rec.installed), int(rec.base), target, campaign.deadline(target), as_of, today=today)
            row |= {k: v for k, v in _row(e).items() if k not in ("installed", "base")}
        else:
            row["coverage"] = coverage(int(rec.installed), int(rec.base))
        records.append(row)
    return _whole_numbers(pd.DataFrame.from_records(records, columns=["unit", *VILLAGE_COLUMNS[1:]]))


def group_totals(
    ds: Dataset, campaign: Campaign, group: Group, as_of: dt.date, villages: list[str] | None = None
) -> tuple[int, int, int | None]:
    """(installed now, base, installed one pace window ago) over the villages with a base."""
    if group.unit == "agency":
        return int(ds.agencies["installed"].sum()), int(ds.agencies["base"].sum()), None
    counted = _selection(ds, villages) & _base_values(ds, group.key)[1]
    window = pace_days(ds, as_of)
    tallies = _tallies(ds, campaign)
    now = tallies.at(group.key, as_of)[counted].sum()
    before = tallies.at(group.key, as_of - dt.timedelta(days=window))[counted].sum()
    base = _base_values(ds, group.key)[2][counted].sum()
    return int(now), int(base), int(before)


def target_results(
    ds: Dataset,
    campaign: Campaign,
    as_of: dt.date,
    villages: list[str] | None = None,
    phase: int | None = None,
    today: dt.date | None = None,
) -> list[Evaluation]:
    """Every configured target (of `phase`, when given) for the commune or the selected
    villages, in deadline order, as of `as_of` seen on `today` (see `deadline_over`)."""
    window = pace_days(ds, as_of)
    results = []
    for group in campaign.groups:
        installed, base, before = group_totals(ds, campaign, group, as_of, villages)
        for target in campaign.targets_of(group.key):
            if phase is not None and target.phase != phase:
                continue
            deadline = campaign.deadline(target)
            at_deadline = None
            if group.unit == "village" and deadline_over(deadline, as_of, today):
                at_deadline = group_totals(ds, campaign, group, deadline, villages)[0]
            results.append(evaluate(installed, base, target, deadline, as_of, before, at_deadline, window, today))
    return sorted(results, key=lambda e: (e.deadline, campaign.groups.index(campaign.group(e.group))))
