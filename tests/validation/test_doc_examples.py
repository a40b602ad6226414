"""The worked examples of docs/workbook.md, read from the doc itself and checked against the code.

Each example is the Markdown table after a `<!-- vd:NAME -->` marker, so the rule as written for the
clerks and the rule as coded cannot drift apart: editing either without the other fails here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

from lib import metrics
from lib.campaign import Campaign
from lib.contract import tab_specs
from lib.dataset import Dataset, RawWorkbook
from lib.errors import ShapeError
from lib.quality import shrunk_tabs
from lib.validation import validate

DOC = Path(__file__).resolve().parents[2] / "docs" / "workbook.md"
TODAY = dt.date(2026, 6, 1)
D = dt.date


def example(name: str) -> list[dict[str, str]]:
    """The rows of the table after `<!-- vd:name -->`, as {header: cell}."""
    text = DOC.read_text(encoding="utf-8")
    marker = f"<!-- vd:{name} -->"
    assert text.count(marker) == 1, f"docs/workbook.md has no single {marker}"
    lines = text.split(marker, 1)[1].strip().splitlines()
    table = []
    for line in lines:
        if not line.startswith("|"):
            break
        table.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    header, _, *body = table
    return [dict(zip(header, row, strict=True)) for row in body]


def headers(campaign: Campaign, key: str) -> list[str]:
    return [c.header for c in next(s for s in tab_specs(campaign) if s.key == key).columns]


def workbook(campaign: Campaign, **tabs: list[list[object]]) -> RawWorkbook:
    """Tabs by spec key, bodies in template column order, with Thon's four villages."""
    thon = [
        ["Thôn Trung Hà", 9, 1250, 62, 500],
        ["Thôn Đông Hà", 6, 860, 43, 344],
        ["Thôn Phú Hòa", 5, 700, 30, 200],
        ["Thôn Bình Sơn", 4, 500, 25, 150],
    ]
    names = {s.key: s.name for s in tab_specs(campaign)}
    out = {"Thon": [headers(campaign, "villages"), *thon], "CaiDat": [headers(campaign, "installs")]}
    for key, body in tabs.items():
        out[names[key]] = [headers(campaign, key), *body]
    return RawWorkbook(out, "test", "docs example")


def tally(day: str, village: str, adults: int, group: str = "") -> list[object]:
    return [day, village, group, adults, 0, 0]


# ------------------------------------------------------------------------------ yes/no


def test_yes_no_example(campaign: Campaign) -> None:
    rows = example("yes-no")
    helpers = [[r["Họ và tên"], r["Thôn"], "", "", r["Kỹ năng CNTT"], ""] for r in rows]
    ds = validate(workbook(campaign, helpers=helpers), campaign, TODAY)
    kept = dict(zip(ds.helpers["name"], ds.helpers["it_skill"], strict=True))
    for r in rows:
        result = r["Kết quả"]
        if result.startswith("bị loại"):
            issue = ds.rejected[ds.rejected["tab"] == "DoanVien"].iloc[0]
            assert r["Họ và tên"] not in kept and issue["code"] == "bad_yes_no"
            quoted = re.search(r'"(.+)"', result).group(1)
            assert quoted in issue["message_vi"]
        else:
            assert kept[r["Họ và tên"]] is ("không biết" not in result), r
    table = metrics.helpers_by_village(ds, campaign, TODAY).set_index("village")
    assert (table.at["Thôn Trung Hà", "helpers"], table.at["Thôn Trung Hà", "helpers_it"]) == (4, 3)
    assert table.at["Thôn Trung Hà", "helpers_short"] == 0 and campaign.min_helpers_it == 3


# --------------------------------------------------------------------------- person list


def test_dedup_example(campaign: Campaign) -> None:
    rows = example("dedup")
    people = [
        [r["Họ và tên"], int(r["Năm sinh"]), r["Thôn"], r["Tổ liên gia"], r["Số điện thoại"], r["Số CCCD"],
         r["Ngày cài"], r["Đảng viên"], ""]
        for r in rows
    ]  # fmt: skip
    ds = validate(workbook(campaign, people=people), campaign, TODAY)
    listed = ds.people.set_index("row")
    for r in rows:
        row, result = int(r["Dòng"]), r["Kết quả"]
        repeat = re.match(r"trùng dòng (\d+)", result)
        first = listed.at[row, "duplicate_of"]
        assert pd.isna(first) if not repeat else first == int(repeat.group(1)), r
        assert bool(listed.at[row, "counted"]) is result.startswith("tính"), r
    # "Thôn Trung Hà theo danh sách, đến 24/05/2026: 4 người … (Tổ 1: 2, Tổ 2: 1, Tổ 3: 1),
    # trong đó 1 đảng viên; đến 15/05/2026: 1 người."
    on_24 = metrics.installed_by_village(ds, campaign, D(2026, 5, 24)).loc["Thôn Trung Hà"]
    assert (on_24["adults"], on_24["party_members"]) == (4, 1)
    assert metrics.installed_by_village(ds, campaign, D(2026, 5, 15)).at["Thôn Trung Hà", "adults"] == 1
    per_group = metrics.per_family_group(ds.installs, campaign, D(2026, 5, 24))["adults"]["Thôn Trung Hà"]
    assert per_group.to_dict() == {"Tổ 1": 2, "Tổ 2": 1, "Tổ 3": 1}
    repeats = ds.warnings[ds.warnings["code"] == "repeat_person"]
    assert repeats["row"].tolist() == [3, 6] and "dòng 2" in repeats.iloc[0]["message_vi"]
    assert ds.warnings[ds.warnings["code"] == "minor"]["row"].tolist() == [8]


def test_count_source_example(campaign: Campaign) -> None:
    rows = example("count-source")
    listed = dataclasses.replace(campaign, count_source="list")
    tallies = [tally("14/05/2026", r["Thôn"], int(r["Số tổng hợp (`CaiDat`)"])) for r in rows]
    people = [
        ["Nguyễn Văn An", 1980, "Thôn Trung Hà", "", "", "", "14/05/2026", "", ""],
        ["Trần Văn Ba", 1985, "Thôn Trung Hà", "", "", "", "14/05/2026", "", ""],
        ["Lê Văn Cường", "abc", "Thôn Đông Hà", "", "", "", "14/05/2026", "", ""],
        ["Phạm Thị Dung", 2010, "Thôn Phú Hòa", "", "", "", "14/05/2026", "", ""],
        ["Hồ Văn Em", 1990, "Thôn Bình Sơn", "", "", "", "20/05/2026", "", ""],
    ]
    raw = workbook(listed, installs=tallies, people=people)
    ds = validate(raw, listed, TODAY)
    counted = metrics.installed_by_village(ds, listed, D(2026, 5, 17))["adults"]
    for r in rows:
        assert counted[r["Thôn"]] == int(r["Được tính"].split()[0]), r
    assert metrics.installed_by_village(ds, listed, D(2026, 5, 20)).at["Thôn Bình Sơn", "adults"] == 1
    assert ds.rejected[ds.rejected["tab"] == "DanhSach"]["row"].tolist() == [4]


# ----------------------------------------------------------------------- cumulative


def test_cumulative_example(campaign: Campaign) -> None:
    rows = example("cumulative")
    cumulative = dataclasses.replace(campaign, tally_mode="cumulative")
    tallies = [tally(r["Ngày"], "Thôn Trung Hà", int(r["Số cộng dồn"]), r["Tổ liên gia"]) for r in rows]
    ds = validate(workbook(cumulative, installs=tallies), cumulative, TODAY)
    for r in rows:
        day = dt.datetime.strptime(r["Ngày"], "%d/%m/%Y").date()
        expected = int(r["Số của thôn đến hết ngày đó"].split()[0])
        assert metrics.installed_by_village(ds, cumulative, day).at["Thôn Trung Hà", "adults"] == expected, r
        daily = metrics.daily_installed(ds, cumulative, day)["adults"]
        assert daily.iloc[-1]["Thôn Trung Hà"] == expected


# ------------------------------------------------------------------ changed shape, shrink


def test_changed_shape_examples(campaign: Campaign) -> None:
    """docs/workbook.md, "Bảng tính đổi cấu trúc": the three quoted messages."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Bảng tính đổi cấu trúc", 1)[1].split("\n## ", 1)[0]
    quoted = [q for q in re.findall(r'"([^"]+)"', " ".join(section.split())) if q.startswith(("Không", "Trang", "Các"))]
    good = workbook(campaign)
    no_caidat = RawWorkbook({"Thon": good.tabs["Thon"]}, "test", "x")
    renamed = {**good.tabs, "CaiDat": [["Ngày", "Tên thôn xóm", *headers(campaign, "installs")[2:]]]}
    two = {**good.tabs, "Cài đặt": good.tabs["CaiDat"]}
    messages = []
    for tabs in (no_caidat.tabs, renamed, two):
        with pytest.raises(ShapeError) as caught:
            validate(RawWorkbook(tabs, "test", "x"), campaign, TODAY)
        messages.append(str(caught.value))
    assert len(quoted) >= 3
    for fragment in quoted[:3]:
        head = fragment.split("(")[0].split("…")[0].strip()
        assert any(head in m for m in messages), fragment


def test_shrink_example(campaign: Campaign) -> None:
    """'từ 1.630 xuống 815 (đúng một nửa) không cảnh báo; xuống 812 thì có'."""

    def with_rows(n: int) -> Dataset:
        tallies = [tally("14/05/2026", "Thôn Trung Hà", 1) for _ in range(n)]
        return validate(workbook(campaign, installs=tallies), campaign, TODAY)

    before = with_rows(1630)
    assert shrunk_tabs(before, with_rows(815)) == []
    (shrunk,) = shrunk_tabs(before, with_rows(812))
    assert shrunk.message("vi").startswith("Trang CaiDat: 812 dòng hợp lệ, lần đọc trước 1.630.")
    assert "Trang CaiDat: 812 dòng hợp lệ, lần đọc trước 1.630" in DOC.read_text(encoding="utf-8")
