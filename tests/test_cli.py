"""`python -m lib summary`: the same figures as the pages, for scripts."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lib import metrics
from lib.campaign import load_campaign
from lib.dataset import Dataset
from lib.sample_data import sample_tabs

pytestmark = pytest.mark.slow  # each test runs `python -m lib` as a subprocess: out of the quick subset

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-11-29"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "IHATINH_TODAY": TODAY}
    return subprocess.run([sys.executable, "-m", "lib", *args], cwd=ROOT, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def summary() -> dict:
    result = run_cli("summary", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_summary_json_shape_and_totals(summary: dict, sample: Dataset) -> None:
    campaign, ds = load_campaign(), sample
    as_of = metrics.default_as_of(ds, dt.date.fromisoformat(TODAY))
    assert summary["as_of"] == as_of.isoformat()
    assert set(summary["totals"]) == {"adults", "party_members", "association_members", "civil_servants"}
    for e in metrics.target_results(ds, campaign, as_of):
        entry = summary["totals"][e.group]
        assert (entry["installed"], entry["base"]) == (e.installed, e.base)
        assert entry["coverage"] == pytest.approx(e.coverage)
    for entry in summary["totals"].values():
        assert {"installed", "base", "coverage", "target", "met", "gap", "targets"} <= set(entry)
    assert len(summary["villages"]) == len(ds.village_names)
    assert {"village", "adults", "helpers", "helpers_it"} <= set(summary["villages"][0])
    assert len(summary["rejected"]) == len(ds.rejected)
    assert {"tab", "row", "column", "reason"} <= set(summary["rejected"][0])  # keys are only added


def test_civil_servants_final_target_and_each_target(summary: dict) -> None:
    """Several targets: top-level fields are the final one (đạt 100%), `targets` lists all."""
    entry = summary["totals"]["civil_servants"]
    assert entry["target"]["percent"] == 100 and entry["target"]["rule"] == "dat"
    assert [t["percent"] for t in entry["targets"]] == [85, 100]
    assert entry["met"] is False and entry["gap"] == entry["base"] - entry["installed"]
    assert entry["targets"][0]["met"] is True


def test_as_of_changes_the_figures() -> None:
    early = json.loads(run_cli("summary", "--json", "--as-of", "2026-05-14").stdout)
    assert early["as_of"] == "2026-05-14"
    assert early["totals"]["adults"]["installed"] < 2000


def test_reads_a_folder_of_csv_files(tmp_path: Path, summary: dict) -> None:
    """Each tab as a CSV file typed as text, as a team's export would be."""
    import csv

    for tab, rows in sample_tabs().items():
        with (tmp_path / f"{tab}.csv").open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            for row in rows:
                writer.writerow(
                    ["" if c is None else (c.strftime("%d/%m/%Y") if hasattr(c, "strftime") else c) for c in row]
                )
    result = run_cli("summary", "--json", "--source", str(tmp_path))
    assert result.returncode == 0, result.stderr
    from_csv = json.loads(result.stdout)
    assert from_csv["totals"] == summary["totals"]


@pytest.mark.parametrize("source", ["/no/such/file.xlsx", "README.md"])
def test_unreadable_source_exits_2_with_one_vietnamese_line(source: str) -> None:
    result = run_cli("summary", "--source", source)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and ("Không" in lines[0] or "chỉ đọc" in lines[0])


def test_text_output_is_vietnamese() -> None:
    result = run_cli("summary")
    assert result.returncode == 0
    assert "Xã Cẩm Xuyên" in result.stdout and "24/05/2026" in result.stdout


def test_text_output_says_each_targets_status() -> None:
    """Seen long after phase 1, as of its last day: each target's status in words, the unmet
    100% target of the agencies 'Không đạt' once its deadline is over."""
    early = run_cli("summary", "--as-of", "2026-05-17").stdout
    assert "chỉ tiêu trên 85%, hạn 17/05/2026: Đã đạt" in early
    assert "chỉ tiêu đạt 100%, hạn 24/05/2026: Chưa đạt" in early
    final = run_cli("summary", "--as-of", "2026-05-24").stdout
    assert "chỉ tiêu đạt 100%, hạn 24/05/2026: Không đạt" in final
