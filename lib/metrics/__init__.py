"""Coverage, gaps, pace and status: every figure the dashboard and the reports show.

Counts are exact integers; a target is met by integer arithmetic, never by comparing rounded
percentages. Totals are sums of installs over sums of bases (never an average of rates), and
a total's gap follows the same rule as a village's.

One module per rule; callers use `metrics.X` from this package and never need to know which:

    targets.py        required installs, coverage, met or not, gap
    tallies.py        cumulative installs per day and village; first day, default date, pace window
    status.py         Evaluation, evaluate, deadline over, needed per day, the status values
    selection.py      the chosen villages and their bases (what a total counts)
    villages.py       per village, per agency, commune totals and every target's result
    progress.py       new and cumulative installs per day (commune, villages, series)
    support.py        helpers and propaganda sessions per village
    family_groups.py  inter-family groups (tổ liên gia) against a target
    lists.py          the person list: cross-check against the tallies, its rows
"""

from __future__ import annotations

from lib.metrics.family_groups import (
    FAMILY_GROUP_COLUMNS,
    _group_order,
    family_group_table,
    per_family_group,
    village_sums,
    villages_with_family_groups,
)
from lib.metrics.lists import CROSSCHECK_COLUMNS, LIST, TALLIES, crosscheck_table, people_table, villages_with_list
from lib.metrics.progress import commune_progress, progress_series, village_progress
from lib.metrics.status import (
    BEHIND,
    MET,
    MISSED,
    NO_DATA,
    ON_TRACK,
    OPEN,
    PENDING,
    STATUSES,
    Evaluation,
    deadline_over,
    deadline_result,
    evaluate,
    needed_per_day,
    status_counts,
)
from lib.metrics.support import helpers_by_village, support_gaps
from lib.metrics.tallies import PACE_DAYS, daily_installed, default_as_of, first_day, installed_by_village, pace_days
from lib.metrics.targets import coverage, gap, has_base, is_met, required_installs
from lib.metrics.villages import VILLAGE_COLUMNS, _row, agency_table, group_totals, target_results, village_table

__all__ = [
    "BEHIND",
    "CROSSCHECK_COLUMNS",
    "FAMILY_GROUP_COLUMNS",
    "LIST",
    "MET",
    "MISSED",
    "NO_DATA",
    "ON_TRACK",
    "OPEN",
    "PACE_DAYS",
    "PENDING",
    "STATUSES",
    "TALLIES",
    "VILLAGE_COLUMNS",
    "Evaluation",
    "_group_order",  # tests sort group names with it
    "_row",  # tests build village rows with it
    "agency_table",
    "commune_progress",
    "coverage",
    "crosscheck_table",
    "daily_installed",
    "deadline_over",
    "deadline_result",
    "default_as_of",
    "evaluate",
    "family_group_table",
    "first_day",
    "gap",
    "group_totals",
    "has_base",
    "helpers_by_village",
    "installed_by_village",
    "is_met",
    "needed_per_day",
    "pace_days",
    "people_table",
    "per_family_group",
    "progress_series",
    "required_installs",
    "status_counts",
    "support_gaps",
    "target_results",
    "village_progress",
    "village_sums",
    "village_table",
    "villages_with_family_groups",
    "villages_with_list",
]
