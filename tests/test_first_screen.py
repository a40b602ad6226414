"""The overview's first screen (docs/campaign.md, "Màn hình đầu"): its worked example, as written."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from lib import actions, metrics, ranking
from lib.campaign import load_campaign
from lib.sources.sample import read_sample
from lib.validation import validate

DOC = Path(__file__).resolve().parents[1] / "docs" / "campaign.md"
DAY = dt.date(2026, 5, 20)


def _example() -> tuple[list[tuple[str, int, int]], str]:
    text = DOC.read_text(encoding="utf-8")
    block = text.split("<!-- vd:man-hinh-dau -->", 1)[1]
    rows = re.findall(r"^\| (Thôn [^|]+?) \| ([\d.]+) \| ([\d.]+) \|$", block.split("\n\n", 1)[0], re.M)
    todo = block.split("Việc cần làm:", 1)[1].split("\n\n", 1)[0].replace("\n", " ")
    return [(v, int(m.replace(".", "")), int(n.replace(".", ""))) for v, m, n in rows], todo


def test_the_documented_first_screen_is_what_lib_computes() -> None:
    campaign = load_campaign()
    ds = validate(read_sample(), campaign, DAY)
    rows, todo = _example()
    behind = ranking.villages_behind(ds, campaign, DAY, DAY)
    assert rows == [(b.village, b.missing, b.needed_per_day) for b in behind]
    found = actions.for_today(metrics.helpers_by_village(ds, campaign, DAY), ds)
    assert [a.kind for a in found] == ["no_sessions", "short_helpers", "rows_to_fix"]
    no_sessions, short, rows_to_fix = found
    assert f"{no_sessions.count} thôn chưa tổ chức" in todo and all(v in todo for v in no_sessions.names)
    assert f"{short.count} thôn chưa đủ {campaign.min_helpers_it} đoàn viên" in todo
    assert f"{rows_to_fix.count} dòng số liệu bị loại" in todo


def test_an_action_names_the_first_villages_and_counts_the_rest() -> None:
    action = actions.Action("no_sessions", 14, tuple(f"Thôn {i}" for i in range(14)), "luc-luong")
    assert action.first(12) == (tuple(f"Thôn {i}" for i in range(12)), 2)
    assert action.first(20) == (action.names, 0)
