"""Status of a target as of a date: met, on track, behind, open, missed or no data.

A deadline that is over is judged by the count on the deadline day; before it, by the count
now and the pace of the last days against the whole people needed per day.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from lib.campaign import Target
from lib.metrics.tallies import PACE_DAYS
from lib.metrics.targets import _is_zero, coverage, gap, has_base, is_met

MET, ON_TRACK, BEHIND, OPEN, MISSED, NO_DATA = "met", "on_track", "behind", "open", "missed", "no_data"
STATUSES = (MET, ON_TRACK, BEHIND, OPEN, MISSED, NO_DATA)
PENDING = "pending"  # a deadline not yet over: no result at the deadline (not a status)


@dataclass(frozen=True)
class Evaluation:
    """One target, for one village or a total, as of a date."""

    group: str
    target: Target
    deadline: dt.date
    installed: int
    base: int | None
    coverage: float | None
    met: bool | None
    gap: int | None
    remaining_days: int  # days after the as-of date up to the deadline (0 on and after it)
    needed_per_day: int | None  # whole people a day to close the gap by the deadline
    pace: float | None  # installs per day over the last PACE_DAYS days (fewer at the start)
    projected: dt.date | None  # when the pace reaches the target
    status: str
    met_at_deadline: bool | None  # None while the deadline is not yet over

    @property
    def reached_late(self) -> bool:
        """Missed at the deadline but reached since: 'Không đạt' beside a rate over the target
        needs these words, or it reads as a mistake."""
        return self.status == MISSED and bool(self.met)


def deadline_over(deadline: dt.date, as_of: dt.date, today: dt.date | None = None) -> bool:
    """Whether the figures as of `as_of` are final for `deadline`: the deadline is past
    (as_of after it), or the figures are of the deadline day itself and that day is over
    (`today` after it). On the deadline day itself the day is not over yet."""
    today = as_of if today is None else today
    return as_of > deadline or (as_of == deadline and today > deadline)


def deadline_result(met_at_deadline: bool | None) -> str:
    """The result at the deadline: MET or MISSED once it is over (judged by the count on the
    deadline day), "pending" while it is not. The one place this rule lives: `evaluate` takes
    a status from it and the targets table its label (texts `result.*`)."""
    if met_at_deadline is None:
        return PENDING
    return MET if met_at_deadline else MISSED


def needed_per_day(missing: int | None, as_of: dt.date, deadline: dt.date) -> int | None:
    """Whole people a day to close the gap by the end of the deadline day, rounded up.

    The days are those after `as_of` up to the deadline; on the deadline day itself the one
    day left is that day. None without a base (no gap) or once the deadline is past."""
    if missing is None or as_of > deadline:
        return None
    return -(-missing // max(1, (deadline - as_of).days))


def evaluate(
    installed: int,
    base: object,
    target: Target,
    deadline: dt.date,
    as_of: dt.date,
    installed_before: int | None = None,
    installed_at_deadline: int | None = None,
    window: int = PACE_DAYS,
    today: dt.date | None = None,
) -> Evaluation:
    """Judge one count against one target as of `as_of` (seen on `today`, default `as_of`).

    `installed_before` is the count `window` days earlier (None when there is no dated
    history, as for agencies); `installed_at_deadline` the count on the deadline (None: the
    count now, as for agencies, whose figures are current totals).

    Status: no base -> no_data; deadline over -> met or missed by the count at the deadline;
    else met now -> met; no pace (no history) -> open; else on_track when the pace of the
    last days reaches the whole people needed per day, behind when it does not.
    """
    base_value = int(base) if has_base(base) or _is_zero(base) else None
    met = is_met(installed, base, target)
    missing = gap(installed, base, target)
    remaining = max(0, (deadline - as_of).days)
    pace = None if installed_before is None else (installed - installed_before) / window
    over = deadline_over(deadline, as_of, today)
    needed = None if over else needed_per_day(missing, as_of, deadline)
    projected = None
    if missing and pace and pace > 0:
        projected = as_of + dt.timedelta(days=math.ceil(missing / pace))
    at_deadline = None
    if over and has_base(base):
        at_deadline = is_met(installed if installed_at_deadline is None else installed_at_deadline, base, target)
    if met is None:
        status = NO_DATA
    elif over:
        status = deadline_result(at_deadline)
    elif met:
        status = MET
    elif pace is None:
        status = OPEN
    else:
        status = ON_TRACK if needed is not None and pace >= needed else BEHIND
    return Evaluation(
        group=target.group,
        target=target,
        deadline=deadline,
        installed=int(installed),
        base=base_value,
        coverage=coverage(installed, base),
        met=met,
        gap=missing,
        remaining_days=remaining,
        needed_per_day=needed,
        pace=pace,
        projected=projected,
        status=status,
        met_at_deadline=at_deadline,
    )


def status_counts(table: pd.DataFrame) -> dict[str, int]:
    """How many rows of a village table are in each status."""
    counts = table["status"].value_counts() if "status" in table else pd.Series(dtype=int)
    return {s: int(counts.get(s, 0)) for s in STATUSES}
