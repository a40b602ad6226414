"""The summary JSON (`python -m lib summary --json`) and its documentation, docs/summary.md.

The doc's example is the real output of the command it shows, with long lists cut short: every
value it shows is checked against that output, and every key and type the output has must be in
the example, so the doc and the code cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from lib import metrics
from lib.campaign import load_campaign
from lib.contract import tab_specs
from lib.dataset import RawWorkbook
from lib.privacy import HIDDEN_NAME
from lib.sample_data import sample_tabs
from lib.sources.sample import read_sample
from lib.summary import build_summary
from lib.texts import t
from lib.validation import validate

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "summary.md"
TODAY = dt.date(2026, 5, 25)  # after the sample's last report (24/05/2026)
CAMPAIGN = load_campaign()

# Keys whose values count people (or rows, days, phases): JSON integers or null, never 5.0.
COUNT_KEYS = {
    "installed",
    "base",
    "gap",
    "needed_per_day",
    "tallies",
    "list",
    "difference",
    "helpers",
    "helpers_it",
    "sessions",
    "read",
    "accepted",
    "rejected",
    "warnings",
    "installs",
    "row",
    "remaining_days",
    "phase",
}
FLOAT_KEYS = {"coverage", "pace", "percent"}  # the only keys a float may appear under


# ------------------------------------------------------------------------------ helpers


def run_cli(today: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "IHATINH_TODAY": today}
    return subprocess.run([sys.executable, "-m", "lib", *args], cwd=ROOT, env=env, capture_output=True, text=True)


def kinds(value: Any, path: str = "$", out: dict[str, set[str]] | None = None) -> dict[str, set[str]]:
    """Per path ("$.villages[].adults.base"), the JSON types found there; an object's type
    names its keys in order, so two objects with other keys are two types."""
    out = defaultdict(set) if out is None else out
    if isinstance(value, dict):
        out[path].add("object(" + ",".join(value) + ")")
        for key, item in value.items():
            kinds(item, f"{path}.{key}", out)
    elif isinstance(value, list):
        out[path].add("array")
        for item in value:
            kinds(item, f"{path}[]", out)
    else:
        out[path].add("null" if value is None else type(value).__name__)
    return out


def assert_shown_in(example: Any, actual: Any, path: str = "$") -> None:
    """Objects: the same keys, each value shown in the actual one. Arrays: the example's items
    are some of the actual items, in order (long lists are cut short). Else equal."""
    if isinstance(example, dict):
        assert isinstance(actual, dict) and list(example) == list(actual), f"{path}: keys differ"
        for key in example:
            assert_shown_in(example[key], actual[key], f"{path}.{key}")
    elif isinstance(example, list):
        assert isinstance(actual, list), f"{path}: not an array"
        rest = iter(enumerate(actual))
        for n, item in enumerate(example):
            for _, candidate in rest:
                if _shown(item, candidate):
                    break
            else:
                raise AssertionError(f"{path}[{n}] of the example is not in the output (in this order): {item}")
    else:
        assert type(example) is type(actual) and example == actual, f"{path}: {example!r} != {actual!r}"


def _shown(example: Any, actual: Any) -> bool:
    try:
        assert_shown_in(example, actual)
    except AssertionError:
        return False
    return True


def walk(value: Any, key: str | None = None, path: str = "$"):
    """(key, value, path) for every value under an object key, however deep."""
    if isinstance(value, dict):
        for k, item in value.items():
            yield k, item, f"{path}.{k}"
            yield from walk(item, k, f"{path}.{k}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from walk(item, key, f"{path}[{i}]")


def as_json(result: dict) -> dict:
    """What a reader gets: the summary through the same json.dump as the command line."""
    return json.loads(json.dumps(result, ensure_ascii=False))


def workbook(tabs: dict[str, list[list[Any]]]) -> RawWorkbook:
    return RawWorkbook(tabs, "file", "test")


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def documented(doc: str) -> tuple[dict, dict]:
    """(the doc's example, the output of the command the doc says it comes from)."""
    blocks = re.findall(r"^```json\n(.*?)^```", doc, flags=re.MULTILINE | re.DOTALL)
    assert len(blocks) == 1, "docs/summary.md should hold exactly one JSON example"
    commands = re.findall(r"^IHATINH_TODAY=(\S+) python -m lib (summary .*--json)$", doc, flags=re.MULTILINE)
    assert len(commands) == 1, "docs/summary.md should say which command printed its example"
    today, args = commands[0]
    result = run_cli(today, *args.split())
    assert result.returncode == 0, result.stderr
    return json.loads(blocks[0]), json.loads(result.stdout)


@pytest.fixture(scope="module")
def sample():
    return validate(read_sample(), CAMPAIGN, TODAY)


# --------------------------------------------------------------------- the documentation


@pytest.mark.slow
def test_the_example_is_the_output_of_its_command(documented: tuple[dict, dict]) -> None:
    example, actual = documented
    assert_shown_in(example, actual)


def test_the_example_has_every_key_and_type_of_the_output(documented: tuple[dict, dict]) -> None:
    """Every path of the output with every type found there (null included) is in the
    example, and nothing else: the example is the whole structure."""
    example, actual = documented
    shown, produced = kinds(example), kinds(actual)
    differ = {p: (sorted(shown.get(p, ())), sorted(produced.get(p, ()))) for p in shown.keys() | produced.keys()}
    differ = {p: d for p, d in differ.items() if d[0] != d[1]}
    assert not differ, f"path: (in the example, in the output): {differ}"


def test_the_example_shows_a_phase_over_and_a_phase_running(documented: tuple[dict, dict]) -> None:
    """As of phase 1's last day seen later: phase 1 judged (met, missed), phase 2 running."""
    example, _ = documented
    statuses = {item for key, item, _ in walk(example) if key == "status"}
    assert {"met", "missed", "on_track", "behind", "open", "no_data"} <= statuses


def test_every_key_is_described_in_both_languages(doc: str, documented: tuple[dict, dict]) -> None:
    vietnamese, english = doc.split("\n## English\n")
    groups = {g.key for g in CAMPAIGN.groups}
    keys = {key for key, _, _ in walk(documented[1])} - groups
    for part, text in (("Vietnamese", vietnamese), ("English", english)):
        missing = sorted(k for k in keys if f"`{k}`" not in text)
        assert not missing, f"keys not described in the {part} part of docs/summary.md: {missing}"


def test_every_status_is_described_with_its_label(doc: str) -> None:
    vietnamese, english = doc.split("\n## English\n")
    for status in metrics.STATUSES:
        for text in (vietnamese, english):
            assert f"| `{status}` | {t('status.' + status, 'vi')} |" in text, status


# ----------------------------------------------------------------------- whole numbers


@pytest.mark.parametrize(
    ("as_of", "today"),
    [
        (dt.date(2026, 5, 14), TODAY),
        (dt.date(2026, 5, 17), dt.date(2026, 5, 17)),
        (dt.date(2026, 5, 17), TODAY),
        (dt.date(2026, 5, 24), dt.date(2026, 5, 24)),
        (dt.date(2026, 5, 24), TODAY),
    ],
)
def test_counts_are_integers_and_floats_only_rates(sample, as_of: dt.date, today: dt.date) -> None:
    summary = as_json(build_summary(sample, CAMPAIGN, as_of, today=today))
    check_numbers(summary)


def test_counts_stay_integers_where_some_bases_are_missing() -> None:
    """A village whose base does not read (a warning): its base is null, every other count of
    the column stays an integer (pandas would make the column float: 5 -> 5.0)."""
    tabs = sample_tabs()
    tabs["Thon"][3][2] = "khoảng 500"
    ds = validate(workbook(tabs), CAMPAIGN, TODAY)
    summary = as_json(build_summary(ds, CAMPAIGN, dt.date(2026, 5, 20), today=TODAY))
    village = summary["villages"][1]
    assert village["adults"]["base"] is None and village["adults"]["status"] == "no_data"
    assert isinstance(village["adults"]["installed"], int)
    check_numbers(summary)


def check_numbers(summary: dict) -> None:
    for key, value, path in walk(summary):
        if key in COUNT_KEYS and path != "$.rejected":  # the top-level `rejected` lists the rows
            assert value is None or (isinstance(value, int) and not isinstance(value, bool)), f"{path}: {value!r}"
        if isinstance(value, float):
            assert key in FLOAT_KEYS, f"{path}: a float {value!r} under a key that is not a rate"


# ------------------------------------------------------------------------------ statuses


def test_missed_once_the_deadline_is_over(sample) -> None:
    """As of phase 1's last day: on that day itself nothing is missed yet; seen a day later,
    an unmet phase-1 target is missed, per village, per group and per target."""
    on_the_day = build_summary(sample, CAMPAIGN, dt.date(2026, 5, 17), today=dt.date(2026, 5, 17))
    later = build_summary(sample, CAMPAIGN, dt.date(2026, 5, 17), today=dt.date(2026, 5, 18))
    assert on_the_day["today"] == "2026-05-17" and later["today"] == "2026-05-18"
    assert "missed" not in {v for k, v, _ in walk(on_the_day) if k == "status"}
    village = next(v for v in later["villages"] if v["village"] == "Thôn Trung Hà")
    assert village["association_members"]["status"] == "missed"
    assert village["association_members"]["needed_per_day"] is None
    assert "missed" in {g["association_members"]["status"] for g in village["family_groups"]}
    before = next(v for v in on_the_day["villages"] if v["village"] == "Thôn Trung Hà")
    assert before["association_members"]["status"] in ("on_track", "behind")
    assert before["association_members"]["needed_per_day"] == before["association_members"]["gap"]


def test_every_target_has_its_status(sample) -> None:
    summary = build_summary(sample, CAMPAIGN, dt.date(2026, 5, 24), today=TODAY)
    for key, total in summary["totals"].items():
        results = [e for e in metrics.target_results(sample, CAMPAIGN, dt.date(2026, 5, 24), today=TODAY)]
        own = [e for e in results if e.group == key]
        assert [t["status"] for t in total["targets"]] == [e.status for e in own]
        assert total["status"] == total["targets"][-1]["status"]
        assert all(t["status"] in metrics.STATUSES for t in total["targets"])
    agencies = summary["totals"]["civil_servants"]["targets"]
    assert [t["status"] for t in agencies] == ["met", "missed"]  # 253 of 260 by 24/05: 100% missed


def test_today_defaults_to_the_as_of_date(sample) -> None:
    """Callers that pass no `today` (older scripts) get the figures as seen on the as-of day."""
    as_of = dt.date(2026, 5, 17)
    assert build_summary(sample, CAMPAIGN, as_of) == build_summary(sample, CAMPAIGN, as_of, today=as_of)


# ---------------------------------------------------------------------------------- tabs


def test_rows_per_tab_add_up(sample) -> None:
    summary = build_summary(sample, CAMPAIGN, dt.date(2026, 5, 24), today=TODAY)
    tabs = summary["tabs"]
    assert [tab["key"] for tab in tabs] == [spec.key for spec in tab_specs(CAMPAIGN)]
    assert all(tab["found"] and tab["read"] == tab["accepted"] + tab["rejected"] for tab in tabs)
    assert sum(tab["rejected"] for tab in tabs) == len(summary["rejected"])
    assert sum(tab["warnings"] for tab in tabs) == summary["warnings"] == len(summary["warning_rows"])
    caidat = next(tab for tab in tabs if tab["key"] == "installs")
    assert (caidat["tab"], caidat["presence"]) == ("CaiDat", "required")
    assert caidat["rejected"] == sum(r["tab"] == "CaiDat" for r in summary["rejected"])


def test_a_tab_named_otherwise_and_missing_tabs() -> None:
    """The title is the workbook's; a missing tab is listed, not found, with its warning."""
    tabs = sample_tabs()
    tabs["Cài đặt"] = tabs.pop("CaiDat")
    del tabs["CoQuan"], tabs["HoatDong"]
    ds = validate(workbook(tabs), CAMPAIGN, TODAY)
    by_key = {tab["key"]: tab for tab in build_summary(ds, CAMPAIGN, dt.date(2026, 5, 24))["tabs"]}
    assert by_key["installs"]["tab"] == "Cài đặt" and by_key["installs"]["read"] == 790
    agencies = by_key["agencies"]
    assert (agencies["tab"], agencies["found"], agencies["read"], agencies["warnings"]) == ("CoQuan", False, 0, 1)
    sessions = by_key["sessions"]
    assert (sessions["found"], sessions["presence"], sessions["warnings"]) == (False, "optional", 0)


# ----------------------------------------------------------- list, tallies, family groups


def test_the_counted_source_and_the_crosscheck(sample) -> None:
    """Where a village has both, the configured source counts and both figures are shown; the
    counted figure is the village's `installed`."""
    as_of = dt.date(2026, 5, 20)
    summary = build_summary(sample, CAMPAIGN, as_of, today=TODAY)
    both = [v for v in summary["villages"] if v["crosscheck"] is not None]
    assert [v["village"] for v in both] == ["Thôn Trung Hà", "Thôn Văn Thành"]
    for group in CAMPAIGN.village_groups:
        table = metrics.crosscheck_table(sample, CAMPAIGN, group.key, as_of).set_index("village")
        for village in both:
            figures = village["crosscheck"][group.key]
            row = table.loc[village["village"]]
            assert (figures["tallies"], figures["list"], figures["difference"]) == (
                row["tallies"],
                row["list"],
                row["difference"],
            )
            assert village["count_source"] == "tallies" and village[group.key]["installed"] == figures["tallies"]
    assert {v["count_source"] for v in summary["villages"]} == {"tallies"}


def test_the_list_counts_where_configured_or_where_it_is_all_there_is() -> None:
    """count_source = "list": the list counts where a village has both. A village with only a
    list counts it whatever the setting; a village with neither has no source."""
    tabs = sample_tabs()
    tabs["CaiDat"] = [r for r in tabs["CaiDat"] if r[1] not in ("Thôn Văn Thành", "Thôn Đông Hà")]
    as_of = dt.date(2026, 5, 20)
    for source in ("tallies", "list"):
        campaign = dataclasses.replace(CAMPAIGN, count_source=source)
        summary = build_summary(validate(workbook(tabs), campaign, TODAY), campaign, as_of, today=TODAY)
        assert summary["count_source"] == source
        villages = {v["village"]: v for v in summary["villages"]}
        trung_ha, van_thanh, dong_ha = villages["Thôn Trung Hà"], villages["Thôn Văn Thành"], villages["Thôn Đông Hà"]
        assert trung_ha["count_source"] == source
        assert trung_ha["adults"]["installed"] == trung_ha["crosscheck"]["adults"][source]
        assert (van_thanh["count_source"], van_thanh["crosscheck"]) == ("list", None)
        assert van_thanh["adults"]["installed"] > 0
        assert (dong_ha["count_source"], dong_ha["crosscheck"], dong_ha["adults"]["installed"]) == (None, None, 0)


def test_family_groups_are_the_group_table(sample) -> None:
    as_of, today = dt.date(2026, 5, 17), TODAY
    summary = build_summary(sample, CAMPAIGN, as_of, today=today)
    shown = {
        (v["village"], g["family_group"], key): g[key]
        for v in summary["villages"]
        for g in v["family_groups"]
        for key in (group.key for group in CAMPAIGN.village_groups)
    }
    expected = {}
    for group in CAMPAIGN.village_groups:
        table = metrics.family_group_table(sample, CAMPAIGN, group.key, as_of, today=today)
        for rec in table.astype(object).where(table.notna(), None).to_dict("records"):
            expected[(rec["village"], rec["family_group"], group.key)] = {
                k: rec[k] for k in ("installed", "base", "coverage", "met", "gap", "status")
            }
    assert shown == expected
    no_groups = next(v for v in summary["villages"] if v["village"] == "Thôn Đông Hà")
    assert no_groups["family_groups"] == []


# --------------------------------------------------------------------- rejected, warnings


def test_rejected_rows_and_warnings_say_where_and_why(sample) -> None:
    summary = build_summary(sample, CAMPAIGN, dt.date(2026, 5, 24), today=TODAY)
    keys = ["tab", "row", "column", "reason", "code", "value", "reason_en", "installs"]
    for entries, issues in ((summary["rejected"], sample.rejected), (summary["warning_rows"], sample.warnings)):
        assert len(entries) == len(issues)
        assert all(list(entry) == keys for entry in entries)
        assert [e["code"] for e in entries] == issues["code"].tolist()
        assert [e["reason_en"] for e in entries] == issues["message_en"].tolist()
    bad_date = next(r for r in summary["rejected"] if r["code"] == "bad_date")
    assert (bad_date["row"], bad_date["value"], bad_date["installs"]) == (783, "32/5/2026", 8)


def test_no_phone_id_or_name_of_a_person_in_the_output() -> None:
    """Phones and ID numbers of the sample's helpers and list, and one typed where a village
    name belongs, never appear unmasked; a helper entered twice is not named."""
    tabs = sample_tabs()
    tabs["CaiDat"].append(["20/05/2026", "0912 345 678", "", 3, 1, 1])
    helper = tabs["DoanVien"][1]
    tabs["DoanVien"].append(list(helper))
    ds = validate(workbook(tabs), CAMPAIGN, TODAY)
    summary = build_summary(ds, CAMPAIGN, dt.date(2026, 5, 24), today=TODAY)
    text = json.dumps(summary, ensure_ascii=False)
    numbers = {"0912 345 678", "0912345678"}
    for tab, columns in (("DoanVien", ("Số điện thoại",)), ("DanhSach", ("Số điện thoại", "Số CCCD"))):
        header = tabs[tab][0]
        for column in columns:
            numbers |= {str(r[header.index(column)]) for r in tabs[tab][1:] if r[header.index(column)]}
    assert len(numbers) > 1000
    leaked = sorted(n for n in numbers if n in text)
    assert not leaked, leaked
    typed = next(r for r in summary["rejected"] if r["code"] == "unknown_village" and r["row"] == len(tabs["CaiDat"]))
    assert typed["value"] == "09******78" and "09******78" in typed["reason"] and "09******78" in typed["reason_en"]
    repeated = next(w for w in summary["warning_rows"] if w["code"] == "duplicate_person")
    assert repeated["value"] == HIDDEN_NAME and f"'{HIDDEN_NAME}'" in repeated["reason"]
    assert helper[0] not in text
