"""Who is behind: the villages behind on a target of the current phase, worst first.

One ranking for every place that answers "which villages are behind, by how many people"
(the Zalo bulletin, its picture, the overview page), built only from `lib.metrics`
(`village_table`, hence `evaluate`): the status, the people missing and the installs per day
needed are the ones every table shows, never recomputed here.

Rules (docs/campaign.md, "Bản tin Zalo"):

- The **current phase** is the phase whose days hold the as-of date; before the campaign the
  first phase, after it the last one, between two phases the next one.
- A village is **behind** on a village group's target of that phase when its status is
  `behind` ("Chậm") or `missed` ("Không đạt"): on track, met, no data are not behind.
- Villages behind are ranked by **people missing**, most first (ties: the village's order in
  tab Thon, then the campaign's order of groups), one entry per village and group.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from lib import metrics
from lib.campaign import Campaign, Group, Phase
from lib.dataset import Dataset

BEHIND_STATUSES = (metrics.BEHIND, metrics.MISSED)


@dataclass(frozen=True)
class Behind:
    """One village behind on one group's target of the phase, as of a date."""

    village: str  # as validated (phone- and ID-shaped numbers already masked)
    group: str  # group key (campaign.group(key).title(lang) for its label)
    missing: int  # people still to install to meet the target (> 0)
    needed_per_day: int | None  # whole people a day up to the deadline; None once it is over
    status: str  # metrics.BEHIND or metrics.MISSED
    installed: int
    base: int
    coverage: float


def current_phase(campaign: Campaign, as_of: dt.date) -> Phase:
    """The phase whose days hold `as_of`; before the campaign the first phase, after it the
    last, between two phases the next one to start."""
    phases = sorted(campaign.phases, key=lambda p: (p.start, p.end))
    for phase in phases:
        if as_of <= phase.end:
            return phase
    return phases[-1]


def days_left(phase: Phase, as_of: dt.date) -> int:
    """Days of the phase after the as-of date (0 on its last day and after it)."""
    return max(0, (phase.end - as_of).days)


def phase_groups(campaign: Campaign, phase: int) -> list[Group]:
    """The village groups with a target in `phase`, in the campaign's order."""
    return [g for g in campaign.village_groups if any(t.phase == phase for t in campaign.targets_of(g.key))]


def villages_behind(
    ds: Dataset,
    campaign: Campaign,
    as_of: dt.date,
    today: dt.date | None = None,
    villages: list[str] | None = None,
    phase: int | None = None,
    group: str | None = None,
) -> list[Behind]:
    """The villages behind on the village groups' targets of `phase` (default: the current
    phase, `current_phase`), as of `as_of` seen on `today` (default `as_of`, as in
    `metrics.evaluate`), most people missing first.

    `villages` limits the ranking to those villages (None: every village of tab Thon);
    `group` to one group key. A village behind in two groups appears once per group.
    """
    phase_id = current_phase(campaign, as_of).id if phase is None else phase
    groups = [g for g in phase_groups(campaign, phase_id) if group is None or g.key == group]
    order = {name: i for i, name in enumerate(ds.village_names)}
    rows: list[Behind] = []
    for g in groups:
        table = metrics.village_table(ds, campaign, g.key, as_of, villages, phase_id, today)
        for rec in table.to_dict("records"):
            if rec["status"] not in BEHIND_STATUSES or not rec["gap"]:
                continue
            needed = rec["needed_per_day"]
            rows.append(
                Behind(
                    village=rec["village"],
                    group=g.key,
                    missing=int(rec["gap"]),
                    needed_per_day=None if pd.isna(needed) else int(needed),
                    status=rec["status"],
                    installed=int(rec["installed"]),
                    base=int(rec["base"]),
                    coverage=float(rec["coverage"]),
                )
            )
    return sorted(rows, key=lambda b: (-b.missing, order.get(b.village, len(order))))  # stable: group order
