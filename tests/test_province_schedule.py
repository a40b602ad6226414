"""The read plan of a province's Google Sheets (lib/province_schedule.py): docs/province.md's
example, the project's limit, the offsets that spread reads, and the sliding window."""

from __future__ import annotations

import pytest

from lib.province import Schedule
from lib.province_schedule import (
    HEADROOM,
    METADATA_EVERY,
    RateWindow,
    SheetUse,
    account_ttl,
    plan,
    requests_per_minute,
    take_all,
)


def _sheets(n: int, accounts: int = 1, projects: int = 1) -> list[SheetUse]:
    return [SheetUse(f"Xã {i:02d}", f"a{i % accounts}@p{i % accounts % projects}", f"p{i % accounts % projects}")
            for i in range(n)]  # fmt: skip


def test_the_docs_example_69_communes_on_one_account() -> None:
    """docs/province.md, "Lịch đọc": 69 × 60 / 50 = 82,8 → 83 s for the values alone; with the
    tab list every 10th read and 90 % of the budget, 69 × 60 × 1,1 / 45 = 101,2 → 102 s; one read
    every 1,48 s, 44,6 requests a minute."""
    assert (METADATA_EVERY, HEADROOM) == (10, 0.9)
    assert account_ttl(69, Schedule(reads_per_minute=50)) == 102 >= 83
    slots = plan(_sheets(69))
    assert {s.ttl for s in slots.values()} == {102.0}
    offsets = [s.offset for s in slots.values()]
    assert offsets[:3] == [0.0, 1.478, 2.957] and offsets == sorted(offsets) and offsets[-1] < 102
    cost = requests_per_minute(slots, "a0@p0")
    assert cost == pytest.approx(44.6, abs=0.05) and cost <= 50


def test_a_few_communes_keep_the_base_ttl() -> None:
    assert {s.ttl for s in plan(_sheets(20)).values()} == {60.0}
    assert {s.ttl for s in plan(_sheets(69, accounts=3)).values()} == {60.0}  # 23 per account
    assert {s.ttl for s in plan(_sheets(5), Schedule(ttl=300)).values()} == {300.0}


def test_a_smaller_budget_stretches_the_ttl() -> None:
    assert account_ttl(69, Schedule(reads_per_minute=30)) == 169  # 69 × 60 × 1,1 / 27 = 168,7


def test_the_project_limit_stretches_every_account_of_the_project() -> None:
    """400 sheets on 10 accounts of one project: 40 each fits an account at 60 s (58,7 s needed),
    but together 440 requests a minute pass 90 % of the project's 300: every ttl × 440/270 = 98 s."""
    slots = plan(_sheets(400, accounts=10))
    assert {s.ttl for s in slots.values()} == {98.0}
    total = sum(requests_per_minute(slots, f"a{i}@p0") for i in range(10))
    assert total <= 270
    # the same accounts in 10 projects: each project is far from its 300
    assert {s.ttl for s in plan(_sheets(400, accounts=10, projects=10)).values()} == {60.0}


def test_accounts_are_interleaved_not_all_at_second_zero() -> None:
    slots = plan(_sheets(6, accounts=2))
    starts = sorted(s.offset for s in slots.values())
    assert len(set(starts)) == 6


@pytest.mark.parametrize(("ttl", "offset", "after", "expected"), [(92, 10, 0, 10), (92, 10, 10, 10), (92, 10, 11, 102)])
def test_next_time_keeps_a_commune_on_its_offset(ttl: float, offset: float, after: float, expected: float) -> None:
    slot = plan([SheetUse("x", "a", "p")], Schedule(ttl=ttl))["x"]
    assert slot.ttl == ttl
    assert type(slot)(ttl, offset, "a", "p").next_time(after) == expected


def test_the_window_never_lets_more_than_the_limit_through_in_any_minute_and_spaces_them() -> None:
    window = RateWindow(3)  # one request per 20 s at most, 3 a minute
    assert [take_all([window], t, 1) for t in (0, 1, 20, 40, 59.9)] == [True, False, True, True, False]
    assert take_all([window], 60.0, 1) and window.used(60.0) == 3
    pair = RateWindow(3)
    assert take_all([pair], 0, 2) and not take_all([pair], 20, 1) and take_all([pair], 40, 1)  # 2 requests: 40 s
    ones = RateWindow(3)
    assert take_all([ones], 0, 1) and take_all([ones], 20, 1)
    assert not take_all([ones], 40, 2) and take_all([ones], 40, 1)  # spaced, but 2 more would make 4 a minute
    project = RateWindow(10)
    assert not take_all([RateWindow(5), project], 100, 6) and project.used(100) == 0  # all or nothing
