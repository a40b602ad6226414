"""What changed between two reads (lib/changes.py), the docs/history.md example run through
the store and the command line on SQLite and PostgreSQL, and one village's history."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest

from lib import changes
from lib.__main__ import main
from lib.campaign import DEFAULT_PATH, load_campaign
from lib.store import load, open_store, record, village_figures
from lib.validation import validate
from tests.conftest import build_workbook

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "history.md"
CAMPAIGN = load_campaign()
CAMPAIGN_TEXT = DEFAULT_PATH.read_text(encoding="utf-8")
FIRST_READ = dt.datetime(2026, 5, 14, 17, 5)
SECOND_READ = dt.datetime(2026, 5, 15, 9, 30)


def _table(text: str, heading: str) -> list[list[str]]:
    """The Markdown table under `heading`: its body rows, cells stripped."""
    part = text.split(heading, 1)[1]
    lines = [ln for ln in part.splitlines() if ln.startswith("|")]
    rows = []
    for line in lines[2:]:
        rows.append([c.strip() for c in line.strip("|").split("|")])
        if part.splitlines().index(line) + 1 < len(part.splitlines()) and not part.splitlines()[
            part.splitlines().index(line) + 1
        ].startswith("|"):
            break
    return rows


def _block(text: str, heading: str, lang: str) -> str:
    part = text.split(heading, 1)[1]
    return re.search(rf"```{lang}\n(.*?)\n```", part, re.S).group(1)


def _number(cell: str) -> int | str:
    return int(cell) if cell.isdigit() else cell


def doc_example():
    text = DOC.read_text(encoding="utf-8")
    thon = [[_number(c) for c in r] for r in _table(text, "### Trang Thon")]
    first = [[_number(c) for c in r[1:]] for r in _table(text, "### Lần đọc thứ nhất")]
    second = [[_number(c) for c in r[1:]] for r in _table(text, "### Lần đọc thứ hai")]
    old = validate(build_workbook(thon, first), CAMPAIGN, FIRST_READ.date())
    new = validate(build_workbook(thon, second), CAMPAIGN, SECOND_READ.date())
    return text, old, new


@pytest.mark.slow
def test_the_doc_example_through_the_store_and_command_line(store_url, capsys) -> None:
    text, old, new = doc_example()
    engine = open_store(store_url)
    assert record(engine, old, CAMPAIGN_TEXT, "vi-du", FIRST_READ) == 1
    assert record(engine, new, CAMPAIGN_TEXT, "vi-du", SECOND_READ) == 2
    engine.dispose()
    assert main(["changes", "--from", "1", "--to", "2", "--store", store_url, "--json"]) == 0
    got_json = capsys.readouterr().out.strip()
    assert main(["changes", "--from", "1", "--to", "2", "--store", store_url]) == 0
    got_text = capsys.readouterr().out.strip()
    if os.environ.get("UPDATE_DOC"):  # regenerate the doc's outputs (then review the diff)
        text = text.replace(_block(text, "changes --from 1 --to 2`", "text"), got_text)
        text = text.replace(_block(text, "changes --from 1 --to 2 --json`", "json"), got_json)
        DOC.write_text(text, encoding="utf-8")
    assert json.loads(got_json) == json.loads(_block(text, "changes --from 1 --to 2 --json`", "json"))
    assert got_text == _block(text, "changes --from 1 --to 2`", "text")
    result = json.loads(got_json)
    assert result["totals"]["old_data_edits"] == 3 and result["totals"]["rows_deleted"] == 1
    # the default: since 17:00 yesterday (15/05 -> 14/05 17:00: the first read, 17:05, is after it)
    assert main(["changes", "--store", store_url, "--since", "2026-05-14 17:10", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["from"]["id"] == 1


def test_the_diff_itself_on_the_doc_example() -> None:
    _, old, new = doc_example()
    result = changes.diff(old, new, CAMPAIGN, FIRST_READ, SECOND_READ)
    trung, dong = result["villages"]
    assert trung["village"] == "Thôn Trung Hà"
    assert [(d["date"], d["adults"], d["old_data"]) for d in trung["deleted"]] == [("2026-05-13", 8, True)]
    assert [(e["before"]["adults"], e["after"]["adults"], e["old_data"]) for e in trung["edited"]] == [(5, 6, False)]
    assert [(a["date"], a["late"]) for a in trung["added"]] == [("2026-05-15", False)]
    assert [(e["before"]["date"], e["after"]["date"]) for e in dong["edited"]] == [
        ("2026-05-13", "2026-05-13"),
        ("2026-05-14", "2026-05-13"),  # back-dated
    ]
    assert all(e["old_data"] for e in dong["edited"])
    assert [(a["family_group"], a["late"]) for a in dong["added"]] == [("Tổ 3", True)]
    assert dong["installed"]["adults"] == {"before": 19, "after": 25, "added": 6}
    assert [r["code"] for r in result["rejected_new"]] == ["future_date"]
    assert [r["code"] for r in result["rejected_fixed"]] == ["bad_date"]


THON = [["Thôn A", 2, 100, 10, 20], ["Thôn B", 2, 100, 10, 20]]


def _ds(rows, today=dt.date(2026, 5, 20)):
    return validate(build_workbook(THON, rows), CAMPAIGN, today)


def test_no_change_is_no_change_and_a_deleted_row_is_one_deletion() -> None:
    rows = [[f"{13 + i}/05/2026", "Thôn A" if i % 2 else "Thôn B", "Tổ 1", i + 1, 0, 0] for i in range(6)]
    read = dt.datetime(2026, 5, 20, 8, 0)
    same = changes.diff(_ds(rows), _ds(rows), CAMPAIGN, read, read)
    assert same["villages"] == [] and same["totals"]["rows_added"] == 0
    shorter = changes.diff(_ds(rows), _ds(rows[:1] + rows[2:]), CAMPAIGN, read, read)
    (village,) = shorter["villages"]  # every row under it moved up: still one deletion
    assert (len(village["added"]), len(village["edited"]), len(village["deleted"])) == (0, 0, 1)
    assert village["deleted"][0]["row"] == 3 and village["deleted"][0]["old_data"]
    assert village["installed"]["adults"]["added"] == -2


def test_an_edit_on_the_read_day_is_not_old_data() -> None:
    read = dt.datetime(2026, 5, 20, 8, 0)
    before = _ds([["20/05/2026", "Thôn A", "Tổ 1", 3, 0, 0]])
    after = _ds([["20/05/2026", "Thôn A", "Tổ 1", 4, 0, 0]])
    (village,) = changes.diff(before, after, CAMPAIGN, read, read + dt.timedelta(hours=2))["villages"]
    assert village["edited"][0]["old_data"] is False and village["old_data_edits"] == 0


def test_default_since_is_five_pm_yesterday() -> None:
    assert changes.default_since(dt.datetime(2026, 5, 15, 9, 0)) == dt.datetime(2026, 5, 14, 17, 0)


def test_village_history_by_read_time_and_by_report_date(store_url, capsys) -> None:
    """A row entered late for 13/05 raises 13/05 by report date, not what the read of 13/05
    saw: the two histories side by side show it."""
    engine = open_store(store_url)
    first = _ds([["13/05/2026", "Thôn A", "Tổ 1", 5, 0, 0]], today=dt.date(2026, 5, 13))
    second = _ds(
        [["13/05/2026", "Thôn A", "Tổ 1", 5, 0, 0], ["14/05/2026", "Thôn A", "Tổ 1", 4, 0, 0]], dt.date(2026, 5, 14)
    )
    third = _ds(
        [
            ["13/05/2026", "Thôn A", "Tổ 1", 5, 0, 0],
            ["14/05/2026", "Thôn A", "Tổ 1", 4, 0, 0],
            ["13/05/2026", "Thôn A", "Tổ 2", 6, 0, 0],
        ],
        dt.date(2026, 5, 14),
    )
    times = [dt.datetime(2026, 5, 13, 18), dt.datetime(2026, 5, 14, 18), dt.datetime(2026, 5, 14, 20)]
    ids = [record(engine, ds, CAMPAIGN_TEXT, "s", at) for ds, at in zip([first, second, third], times, strict=True)]
    figures = village_figures(engine, ids)
    pairs = [(at, figures[i]) for i, at in zip(ids, times, strict=True)]
    history = changes.village_history(pairs, load(engine, ids[-1]), CAMPAIGN, "Thôn A", dt.date(2026, 5, 14))
    engine.dispose()
    assert [p["adults"]["installed"] for p in history["by_read_time"]] == [5, 9, 15]
    by_date = {p["date"]: p["adults"]["installed"] for p in history["by_report_date"]}
    assert (by_date["2026-05-13"], by_date["2026-05-14"]) == (11, 15)
    assert history["by_read_time"][0]["adults"]["coverage"] == pytest.approx(0.05)
    assert main(["history", "--store", store_url, "--village", "Thôn A", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["by_read_time"] == json.loads(json.dumps(history["by_read_time"]))
    assert main(["history", "--store", store_url, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["snapshots"]
    assert [s["installed"]["adults"] for s in listed] == [5, 9, 15]
