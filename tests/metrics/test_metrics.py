"""Coverage, gaps, pace and status: the figures a commune leader acts on.

Targets are met by exact integer arithmetic ("trên 85%" is strictly above, "đạt 10%" at least),
totals are sums over sums, and every per-day series agrees with the as-of counts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib import metrics
from lib.campaign import Campaign, Target
from lib.dataset import Dataset

D = dt.date
DEADLINE_1 = D(2026, 5, 17)


def target(percent: float | int, rule: str, group: str = "adults", phase: int = 1) -> Target:
    return Target(group, Fraction(str(percent)), rule, phase)


def tally(date: str, village: str, adults: int, party: int = 0, members: int = 0, group: str = "") -> list[Any]:
    return [date, village, group, adults, party, members]


def cumulative(campaign: Campaign) -> Campaign:
    return dataclasses.replace(campaign, tally_mode="cumulative")


# ------------------------------------------------------------------------ target rules

# (base, percent, rule, fewest installs that meet the target)
REQUIRED: list[tuple[int, float, str, int]] = [
    (100, 85, "tren", 86),  # 85 of 100 is 85%, not above it
    (100, 85, "dat", 85),
    (100, 10, "dat", 10),
    (100, 10, "tren", 11),
    (200, 10, "dat", 20),
    (10, 30, "tren", 4),
    (10, 30, "dat", 3),
    (7, 85, "tren", 6),  # 85% of 7 is 5.95
    (7, 85, "dat", 6),
    (61, 85, "tren", 52),  # 51.85
    (1020, 30, "tren", 307),  # 306 exactly: above needs one more
    (1020, 30, "dat", 306),
    (480, 10, "dat", 48),
    (8, 12.5, "tren", 2),  # 12.5% of 8 is exactly 1
    (8, 12.5, "dat", 1),
    (3, 100, "dat", 3),
    (3, 0, "dat", 0),
]


@pytest.mark.parametrize(("base", "percent", "rule", "required"), REQUIRED)
def test_required_installs(base: int, percent: float, rule: str, required: int) -> None:
    """trên p% needs floor(p·base/100) + 1; đạt p% needs ceil(p·base/100)."""
    assert metrics.required_installs(base, target(percent, rule)) == required


# (installed, base, percent, rule, gap, met)
GAPS: list[tuple[int, Any, float, str, int | None, bool | None]] = [
    (85, 100, 85, "tren", 1, False),
    (86, 100, 85, "tren", 0, True),
    (10, 100, 10, "dat", 0, True),
    (9, 100, 10, "dat", 1, False),
    (19, 200, 10, "dat", 1, False),
    (20, 200, 10, "dat", 0, True),
    (3, 10, 30, "tren", 1, False),
    (4, 10, 30, "tren", 0, True),
    (0, 100, 85, "tren", 86, False),
    (150, 100, 85, "tren", 0, True),  # more than the base: the gap never goes below 0
    (306, 1020, 30, "tren", 1, False),
    (307, 1020, 30, "tren", 0, True),
    (5, 0, 85, "tren", None, None),  # no base: nothing to measure
    (5, None, 85, "tren", None, None),
    (5, pd.NA, 85, "tren", None, None),
    (5, float("nan"), 85, "tren", None, None),
    (5, np.int64(10), 30, "tren", 0, True),  # bases come out of pandas as numpy integers
]


@pytest.mark.parametrize(("installed", "base", "percent", "rule", "gap", "met"), GAPS)
def test_gap_and_is_met(
    installed: int, base: Any, percent: float, rule: str, gap: int | None, met: bool | None
) -> None:
    """The boundary is exact: 85 of 100 is not 'trên 85%', 86 is; 10 of 100 is 'đạt 10%'."""
    t = target(percent, rule)
    assert metrics.gap(installed, base, t) == gap
    assert metrics.is_met(installed, base, t) is met


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(
    base=st.integers(min_value=1, max_value=100_000),
    installed_share=st.floats(min_value=0, max_value=1.2),
    half_percent=st.integers(min_value=0, max_value=200),
    rule=st.sampled_from(["tren", "dat"]),
)
def test_gap_is_zero_exactly_when_met(base: int, installed_share: float, half_percent: int, rule: str) -> None:
    """Met, gap 0 and 'at least the required count' are one and the same; the count is the fewest."""
    t = Target("adults", Fraction(half_percent, 2), rule, 1)
    installed = int(base * installed_share)
    required = metrics.required_installs(base, t)
    gap = metrics.gap(installed, base, t)
    assert gap is not None and gap >= 0
    assert metrics.is_met(installed, base, t) is (gap == 0) is (installed >= required)
    assert metrics.is_met(required, base, t)
    assert required == 0 or not metrics.is_met(required - 1, base, t)


# (installed, base, coverage)
COVERAGE: list[tuple[int, Any, float | None]] = [
    (50, 100, 0.5),
    (0, 100, 0.0),
    (150, 100, 1.5),
    (1, 3, 1 / 3),
    (5, np.int64(10), 0.5),
    (5, 0, None),
    (0, 0, None),
    (5, None, None),
    (5, pd.NA, None),
    (5, float("nan"), None),
]


@pytest.mark.parametrize(("installed", "base", "expected"), COVERAGE)
def test_coverage(installed: int, base: Any, expected: float | None) -> None:
    """A rate needs a base: base 0 or missing shows '—', never a division error or 0%."""
    assert metrics.coverage(installed, base) == expected


# ---------------------------------------------------------------------------- evaluate

TREN_85 = target(85, "tren", "party_members")

# (id, installed, base, as_of, seen on (None: the as-of day), installed 3 days earlier,
#  installed on the deadline, status, gap, remaining days, needed per day, pace, met at deadline)
EVALUATIONS: list[tuple] = [
    ("met early", 86, 100, D(2026, 5, 15), None, 80, None, "met", 0, 2, 0, 2.0, None),
    ("on track", 70, 100, D(2026, 5, 15), None, 40, None, "on_track", 16, 2, 8, 10.0, None),
    ("pace exactly enough", 70, 100, D(2026, 5, 15), None, 46, None, "on_track", 16, 2, 8, 8.0, None),
    ("behind", 70, 100, D(2026, 5, 15), None, 61, None, "behind", 16, 2, 8, 3.0, None),
    ("needed rounds up", 71, 100, D(2026, 5, 15), None, 61, None, "behind", 15, 2, 8, 10 / 3, None),
    ("no history", 70, 100, D(2026, 5, 15), None, None, None, "open", 16, 2, 8, None, None),
    # The deadline day is not over while it is today: behind or on track, the gap needed today.
    ("deadline day, not met", 80, 100, DEADLINE_1, None, 70, None, "behind", 6, 0, 6, 10 / 3, None),
    ("deadline day, on track", 80, 100, DEADLINE_1, None, 60, None, "on_track", 6, 0, 6, 20 / 3, None),
    ("deadline day, met", 86, 100, DEADLINE_1, None, 70, None, "met", 0, 0, 0, 16 / 3, None),
    # Seen the day after, the deadline day's figures are final.
    (
        "deadline day seen later, missed",
        80,
        100,
        DEADLINE_1,
        D(2026, 5, 18),
        70,
        None,
        "missed",
        6,
        0,
        None,
        10 / 3,
        False,
    ),
    ("deadline day seen later, met", 86, 100, DEADLINE_1, D(2026, 5, 30), 70, None, "met", 0, 0, None, 16 / 3, True),
    ("met later, missed on the deadline", 90, 100, D(2026, 5, 20), None, 84, 80, "missed", 0, 0, None, 2.0, False),
    ("met on the deadline", 90, 100, D(2026, 5, 20), None, 84, 86, "met", 0, 0, None, 2.0, True),
    ("past the deadline, still short", 80, 100, D(2026, 5, 20), None, 78, 80, "missed", 6, 0, None, 2 / 3, False),
    ("no base", 5, None, D(2026, 5, 15), None, 0, None, "no_data", None, 2, None, 5 / 3, None),
    ("base zero", 0, 0, D(2026, 5, 15), None, 0, None, "no_data", None, 2, None, 0.0, None),
]


@pytest.mark.parametrize(
    (
        "installed",
        "base",
        "as_of",
        "today",
        "before",
        "at_deadline",
        "status",
        "gap",
        "remaining",
        "needed",
        "pace",
        "at_end",
    ),
    [e[1:] for e in EVALUATIONS],
    ids=[e[0] for e in EVALUATIONS],
)
def test_evaluate(
    installed: int,
    base: Any,
    as_of: dt.date,
    today: dt.date | None,
    before: int | None,
    at_deadline: int | None,
    status: str,
    gap: int | None,
    remaining: int,
    needed: int | None,
    pace: float | None,
    at_end: bool | None,
) -> None:
    """Pace = installs over the last 3 days / 3; needed = gap / days left, in whole people
    rounded up; a deadline over is judged on the deadline's count (docs/campaign.md)."""
    e = metrics.evaluate(installed, base, TREN_85, DEADLINE_1, as_of, before, at_deadline, today=today)
    assert (e.status, e.gap, e.remaining_days, e.met_at_deadline) == (status, gap, remaining, at_end)
    assert e.needed_per_day == needed and (needed is None or isinstance(e.needed_per_day, int))
    assert e.pace == (None if pace is None else pytest.approx(pace))
    assert e.deadline == DEADLINE_1 and e.target == TREN_85 and e.group == "party_members"


# ---------------------------------------------------------------------- install counts

THON = [["A", 3, 1000, 100, 500], ["B", 2, 100, 10, 50], ["C", 1, "", "", ""]]
LEDGER = [
    tally("13/5/2026", "A", 10, group="Tổ 1"),  # row 2
    tally("14/5/2026", "A", 20, group="Tổ 1"),
    tally("14/5/2026", "A", 7, group="Tổ 2"),
    tally("16/5/2026", "A", 25, group="Tổ 1"),
    tally("16/5/2026", "A", 24, group="Tổ 1"),  # row 6: same day, later row: the cumulative figure
    tally("15/5/2026", "B", 100),
    tally("18/5/2026", "B", 300),
    tally("10/5/2026", "C", 4),  # before the campaign: counted, with a warning
]


@pytest.fixture(scope="module")
def ledger(make_dataset: Callable[..., Dataset]) -> Dataset:
    """Three villages; A reports per inter-family group, twice on 16/05; B has no groups; C no base."""
    return make_dataset(THON, LEDGER)


# (tally mode, as-of date, installs of A, B, C)
BY_VILLAGE: list[tuple[str, dt.date, int, int, int]] = [
    ("incremental", D(2026, 5, 9), 0, 0, 0),
    ("incremental", D(2026, 5, 13), 10, 0, 4),
    ("incremental", D(2026, 5, 14), 37, 0, 4),
    ("incremental", D(2026, 5, 15), 37, 100, 4),
    ("incremental", D(2026, 5, 16), 86, 100, 4),
    ("incremental", D(2026, 5, 24), 86, 400, 4),
    ("cumulative", D(2026, 5, 9), 0, 0, 0),
    ("cumulative", D(2026, 5, 13), 10, 0, 4),
    ("cumulative", D(2026, 5, 14), 27, 0, 4),  # Tổ 1: 20, Tổ 2: 7
    ("cumulative", D(2026, 5, 16), 31, 100, 4),  # Tổ 1's last row that day (24) + Tổ 2 (7)
    ("cumulative", D(2026, 5, 24), 31, 300, 4),
]


@pytest.mark.parametrize(("mode", "as_of", "a", "b", "c"), BY_VILLAGE)
def test_installed_by_village(
    ledger: Dataset, campaign: Campaign, mode: str, as_of: dt.date, a: int, b: int, c: int
) -> None:
    """Incremental rows are summed up to as_of; cumulative rows: the latest per village and group."""
    mode_campaign = dataclasses.replace(campaign, tally_mode=mode)
    installed = metrics.installed_by_village(ledger, mode_campaign, as_of)
    assert installed["adults"].to_dict() == {"A": a, "B": b, "C": c}
    assert installed.index.tolist() == ["A", "B", "C"]


@pytest.mark.parametrize("data", ["ledger", "sample"])
@pytest.mark.parametrize("mode", ["incremental", "cumulative"])
def test_daily_series_agree_with_as_of_counts(
    request: pytest.FixtureRequest, campaign: Campaign, data: str, mode: str
) -> None:
    """The progress chart and the headline can never disagree, on any day, in either tally mode."""
    ds: Dataset = request.getfixturevalue(data)
    mode_campaign = dataclasses.replace(campaign, tally_mode=mode)
    until = D(2026, 5, 24)
    daily = metrics.daily_installed(ds, mode_campaign, until)
    progress = metrics.commune_progress(ds, mode_campaign, until)
    days = daily["adults"].index
    assert days[-1] == pd.Timestamp(until) and days[0] <= pd.Timestamp(mode_campaign.start)
    for day in days:
        as_of = metrics.installed_by_village(ds, mode_campaign, day.date())
        for group in ("adults", "party_members", "association_members"):
            assert daily[group].loc[day].to_dict() == as_of[group].to_dict()
            row = progress[(progress["group"] == group) & (progress["date"] == day)].iloc[0]
            with_base = ds.villages.loc[ds.villages[f"base:{group}"].fillna(0) > 0, "village"]
            assert row["cumulative"] == as_of.loc[with_base, group].sum()  # the headline's villages
    adults = progress[progress["group"] == "adults"]
    assert adults["new"].sum() == adults["cumulative"].iloc[-1]


# ---------------------------------------------------------------- totals and targets


def test_commune_total_is_sum_over_sum_not_mean_of_rates(
    make_dataset: Callable[..., Dataset], campaign: Campaign
) -> None:
    """A: 90/100 (90%), B: 90/900 (10%). The commune is 180/1000 = 18% (not 50%): 'trên 30%' is not met."""
    ds = make_dataset(
        [["A", 1, 100, 10, 10], ["B", 1, 900, 90, 90]],
        [tally("20/5/2026", "A", 90), tally("20/5/2026", "B", 90)],
    )
    as_of = D(2026, 5, 20)
    adults = next(e for e in metrics.target_results(ds, campaign, as_of) if e.group == "adults")
    assert (adults.installed, adults.base, adults.coverage) == (180, 1000, 0.18)
    assert adults.met is False and adults.gap == 301 - 180
    per_village = metrics.village_table(ds, campaign, "adults", as_of)
    assert per_village["coverage"].mean() == pytest.approx(0.5)  # what the wrong formula would show
    progress = metrics.commune_progress(ds, campaign, as_of)
    assert progress[progress["group"] == "adults"]["coverage"].iloc[-1] == pytest.approx(0.18)


def test_target_results_one_evaluation_per_configured_target(ledger: Dataset, campaign: Campaign) -> None:
    """Every target of campaign.toml is judged once, in deadline order."""
    for mode_campaign in (campaign, cumulative(campaign)):
        results = metrics.target_results(ledger, mode_campaign, D(2026, 5, 20))
        assert len(results) == len(campaign.targets) == 5
        assert sorted(map(repr, (e.target for e in results))) == sorted(map(repr, campaign.targets))
        assert [e.deadline for e in results] == sorted(e.deadline for e in results)
        assert all(e.deadline == campaign.deadline(e.target) for e in results)


def test_agency_targets_use_tab_coquan(make_dataset: Callable[..., Dataset], campaign: Campaign) -> None:
    """Civil servants are counted per agency: 68 of 79 is above 85% but short of 'đạt 100%' by 11."""
    ds = make_dataset(THON, [], coquan=[["Công an xã", 38, 38], ["Trường Tiểu học", 41, 30]])
    results = [e for e in metrics.target_results(ds, campaign, D(2026, 5, 20)) if e.group == "civil_servants"]
    assert [(e.target.percent, e.installed, e.base, e.met, e.gap) for e in results] == [
        (85, 68, 79, True, 0),
        (100, 68, 79, False, 11),
    ]
    assert results[1].needed_per_day == 3  # 11 over 21/05 to 24/05: 2,75 a day, 3 whole people
    assert results[1].pace is None and results[1].status == "open"  # agency totals have no history


def test_phase_target_is_judged_on_its_deadline(make_dataset: Callable[..., Dataset], campaign: Campaign) -> None:
    """Party members reach 86% on 18/05, a day late: met now, but the phase-1 target was missed."""
    ds = make_dataset(
        [["A", 1, 1000, 100, 500]],
        [tally("16/5/2026", "A", 200, 80, 50), tally("18/5/2026", "A", 6, 6, 0)],
    )
    party = next(e for e in metrics.target_results(ds, campaign, D(2026, 5, 20)) if e.group == "party_members")
    assert (party.installed, party.met, party.met_at_deadline) == (86, True, False)
    assert party.status == "missed" and party.reached_late  # the card says "đủ chỉ tiêu sau hạn 17/05/2026"
    on_time = next(e for e in metrics.target_results(ds, campaign, D(2026, 5, 16)) if e.group == "party_members")
    assert on_time.met_at_deadline is None  # the deadline is still ahead
    assert not on_time.reached_late


def test_village_table_pace_and_needed(make_dataset: Callable[..., Dataset], campaign: Campaign) -> None:
    """Pace is (installed(D) − installed(D−3)) / 3; needed is the gap over the days left to 24/05."""
    ds = make_dataset(
        [["A", 1, 1000, 100, 500], ["B", 1, 100, 10, 50], ["C", 1, "", "", ""]],
        [
            tally("13/5/2026", "A", 10),
            tally("14/5/2026", "A", 20),
            tally("16/5/2026", "A", 30),
            tally("17/5/2026", "A", 6),
            tally("17/5/2026", "B", 31),
            tally("17/5/2026", "C", 5),
        ],
    )
    table = metrics.village_table(ds, campaign, "adults", D(2026, 5, 17)).set_index("village")
    a, b, c = table.loc["A"], table.loc["B"], table.loc["C"]
    assert (a["installed"], a["gap"], a["status"]) == (66, 301 - 66, "behind")
    assert a["pace"] == pytest.approx((66 - 30) / 3)
    assert a["needed_per_day"] == 34  # 235 / 7 = 33,6: 34 whole people a day
    assert (b["installed"], b["gap"], b["met"], b["status"]) == (31, 0, True, "met")  # 31% is above 30%
    assert c["status"] == "no_data" and pd.isna(c["coverage"])


# ------------------------------------------------------------------ helpers, sessions

HELPERS = [
    ["Nguyễn Văn An", "A", "", "0912345678", "Có", ""],
    ["Trần Thị Bình", "A", "", "0912345679", "x", ""],
    ["Lê Văn Chi", "A", "", "0912345670", "Không", ""],
    *[[f"Đoàn viên {i}", "B", "", "", "có", ""] for i in range(4)],
]
SESSIONS = [["14/5/2026", "A", "Họp thôn", 30], ["20/5/2026", "A", "Loa truyền thanh", ""], ["15/5/2026", "B", "", 5]]

# (as-of date, village, helpers, IT-skilled, short of the minimum of 3, sessions held, short of 1)
HELPER_ROWS: list[tuple[dt.date, str, int, int, int, int, int]] = [
    (D(2026, 5, 18), "A", 3, 2, 1, 1, 0),
    (D(2026, 5, 18), "B", 4, 4, 0, 1, 0),
    (D(2026, 5, 18), "C", 0, 0, 3, 0, 1),
    (D(2026, 5, 20), "A", 3, 2, 1, 2, 0),
    (D(2026, 5, 13), "B", 4, 4, 0, 0, 1),
]


@pytest.fixture(scope="module")
def support(make_dataset: Callable[..., Dataset]) -> Dataset:
    return make_dataset(THON, [], doanvien=HELPERS, hoatdong=SESSIONS)


@pytest.mark.parametrize(("as_of", "village", "helpers", "it", "it_short", "sessions", "sessions_short"), HELPER_ROWS)
def test_helpers_by_village(
    support: Dataset,
    campaign: Campaign,
    as_of: dt.date,
    village: str,
    helpers: int,
    it: int,
    it_short: int,
    sessions: int,
    sessions_short: int,
) -> None:
    """IT-skilled helpers against the minimum of 3 per village; sessions held up to the as-of date."""
    assert campaign.min_helpers_it == 3
    table = metrics.helpers_by_village(support, campaign, as_of).set_index("village")
    row = table.loc[village]
    assert (row["helpers"], row["helpers_it"], row["helpers_short"]) == (helpers, it, it_short)
    assert (row["sessions"], row["sessions_short"]) == (sessions, sessions_short)
    assert table.index.tolist() == ["A", "B", "C"]


def test_support_gaps_name_the_short_villages(support: Dataset, campaign: Campaign) -> None:
    """The helpers page lists villages short of IT-skilled helpers and those without a session."""
    gaps = metrics.support_gaps(metrics.helpers_by_village(support, campaign, D(2026, 5, 18)))
    assert gaps == {"short_helpers": ["A", "C"], "no_sessions": ["C"]}


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Tổ 10", "", "Tổ 2", "Tổ 1"], ["Tổ 1", "Tổ 2", "Tổ 10", ""]),
        (["Tổ ①", "Tổ 3", "Tổ ²"], ["Tổ ²", "Tổ ①", "Tổ 3"]),  # digit-like symbols are no number (was a crash)
    ],
)
def test_inter_family_groups_in_number_order(names: list[str], expected: list[str]) -> None:
    assert sorted(names, key=metrics._group_order) == expected
