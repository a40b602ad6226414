"""Raw tabs -> clean tables + every rejected row with a reason a commune clerk can act on.

The rules pinned here: every non-empty row is used or rejected (read = accepted + rejected),
each rejection has one code and a Vietnamese message naming tab, spreadsheet row, column and
value, and warnings only flag rows that are still counted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib import metrics
from lib.campaign import Campaign
from lib.dataset import Dataset, RawWorkbook
from lib.errors import ShapeError
from lib.sample_data import VILLAGES, _bad_tally_rows, sample_tabs
from lib.sources.sample import read_sample
from lib.validation import VillageMatcher, validate
from lib.validation.over_base import installed_per_village
from lib.validation.people import _digit_kinds

Rows = list[list[Any]]

TODAY = dt.date(2026, 5, 31)  # the day after the campaign ended (conftest's default `today`)

THON: Rows = [
    ["Thôn Trung Hà", 6, "1.020", 61, "480"],
    ["Thôn Đông Hà", 5, 800, 40, 300],
    ["Thôn Đồng Hà", 4, "600", 30, 250],
    ["Thôn Phú Hòa", 3, 500, 25, 200],
    ["Thôn Tây Hà", 4, 100, 10, 40],
]
ADULTS = "Số người từ 18 tuổi đã cài"
PARTY = "Trong đó đảng viên"
MEMBERS = "Trong đó hội viên, đoàn viên"


def tally(date: Any, village: Any, adults: Any, party: Any = 0, members: Any = 0, group: Any = "") -> list[Any]:
    """One CaiDat row in template column order."""
    return [date, village, group, adults, party, members]


GOOD = tally("14/5/2026", "Thôn Trung Hà", 5, 1, 2)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def assert_conserved(ds: Dataset) -> None:
    """Per tab: read = accepted + rejected, the clean table holds the accepted rows, and each
    rejected row has exactly one rejection issue."""
    titles = {title: key for key, title in ds.tabs.items()}
    for rec in ds.rows.itertuples(index=False):
        assert rec.read == rec.accepted + rec.rejected, rec
        table = getattr(ds, titles[rec.tab])  # spec key == Dataset attribute
        assert len(table) == rec.accepted, rec
        rejected = ds.rejected[ds.rejected["tab"] == rec.tab]
        assert rejected["row"].notna().all() and rejected["row"].is_unique
        assert len(rejected) == rec.rejected
        assert not set(rejected["row"]) & set(table["row"])


def rows_of(ds: Dataset, tab: str) -> dict[str, int]:
    return ds.rows.set_index("tab").loc[tab, ["read", "accepted", "rejected"]].to_dict()


# --------------------------------------------------------------------------- tab names

TAB_NAMES: list[tuple[str, str]] = [
    ("Thon", "CaiDat"),
    ("Thôn", "Cài đặt"),
    ("thon", "cai dat"),
    ("THÔN", "CAI DAT"),
    (unicodedata.normalize("NFD", "Thôn"), unicodedata.normalize("NFD", "Cài đặt")),
    ("Danh sách thôn", "Cài-đặt"),
]


@pytest.mark.parametrize(("thon_name", "caidat_name"), TAB_NAMES)
def test_tabs_are_found_however_named(
    make_workbook: Callable[..., RawWorkbook],
    campaign: Campaign,
    thon_name: str,
    caidat_name: str,
    headers: dict[str, list[str]],
) -> None:
    """'Cài đặt', 'cai dat' and 'CAI DAT' are all the CaiDat tab."""
    raw = make_workbook(raw_tabs={thon_name: [headers["Thon"], *THON], caidat_name: [headers["CaiDat"], GOOD]})
    ds = validate(raw, campaign, TODAY)
    assert ds.tabs["villages"] == thon_name and ds.tabs["installs"] == caidat_name
    assert len(ds.villages) == len(THON)
    assert ds.installs["adults"].tolist() == [5]
    assert "missing_tab" not in set(ds.rejected["code"])
    assert_conserved(ds)


HEADER_VARIANTS: list[list[str]] = [
    ["NGÀY", "THÔN", "TỔ LIÊN GIA", "SỐ NGƯỜI TỪ 18 TUỔI ĐÃ CÀI", "TRONG ĐÓ ĐẢNG VIÊN", "TRONG ĐÓ HỘI VIÊN, ĐOÀN VIÊN"],
    ["ngay", "thon", "to lien gia", "so nguoi tu 18 tuoi da cai", "trong do dang vien", "trong do hoi vien doan vien"],
    [unicodedata.normalize("NFD", h) for h in ["Ngày", "Thôn", "Tổ liên gia", ADULTS, PARTY, MEMBERS]],
    [
        "Ngày báo cáo",
        "Tên thôn",
        "Tổ liên gia",
        "Số người từ 18 tuổi đã cài:",
        "Trong đó: đảng viên",
        "Trong đó (hội viên/đoàn viên)",
    ],
]


@pytest.mark.parametrize("header", HEADER_VARIANTS, ids=["capitals", "no marks", "NFD", "aliases+punctuation"])
def test_headers_are_found_however_typed(make_dataset: Callable[..., Dataset], header: list[str]) -> None:
    """Headers match ignoring case, spaces, punctuation and diacritics; messages quote them as typed."""
    ds = make_dataset(THON, raw_tabs={"CaiDat": [header, GOOD, tally("14/5/2026", "Thôn Phú Hòa", "mười")]})
    assert ds.installs[["adults", "party_members", "association_members"]].values.tolist() == [[5, 1, 2]]
    issue = ds.rejected.iloc[0]
    assert (issue["code"], issue["row"], issue["column"]) == ("not_a_number", 3, header[3].strip())
    assert_conserved(ds)


# ------------------------------------------------------------------------ rejections

# (id, CaiDat row, code, column header, value shown)
REJECTIONS: list[tuple[str, list[Any], str, str, str]] = [
    ("unknown village", tally("18/5/2026", "Thôn Xóm Mới", 12, 1, 3), "unknown_village", "Thôn", "Thôn Xóm Mới"),
    ("village without 'Thôn'", tally("18/5/2026", "Trung Hà", 12), "unknown_village", "Thôn", "Trung Hà"),
    ("ambiguous unaccented", tally("20/5/2026", "thon dong ha", 4, 0, 1), "unknown_village", "Thôn", "thon dong ha"),
    ("half-accented", tally("20/5/2026", "Thôn Dong Hà", 4), "unknown_village", "Thôn", "Thôn Dong Hà"),
    ("impossible date", tally("32/5/2026", "Thôn Tây Hà", 8, 0, 2), "bad_date", "Ngày", "32/5/2026"),
    ("29 Feb of 2026", tally("29/2/2026", "Thôn Tây Hà", 8), "bad_date", "Ngày", "29/2/2026"),
    ("words for a date", tally("hôm qua", "Thôn Tây Hà", 8), "bad_date", "Ngày", "hôm qua"),
    ("next year", tally("14/05/2027", "Thôn Phú Hòa", 9, 1, 2), "future_date", "Ngày", "14/05/2027"),
    ("tomorrow", tally("1/6/2026", "Thôn Phú Hòa", 9), "future_date", "Ngày", "01/06/2026"),
    ("decimal comma", tally("19/5/2026", "Thôn Phú Hòa", "1,5"), "not_integer", ADULTS, "1,5"),
    ("decimal dot", tally("19/5/2026", "Thôn Phú Hòa", "1.5"), "not_integer", ADULTS, "1.5"),
    ("typed fraction", tally("19/5/2026", "Thôn Phú Hòa", 12.5), "not_integer", ADULTS, "12.5"),
    ("words", tally("21/5/2026", "Thôn Phú Hòa", "mười"), "not_a_number", ADULTS, "mười"),
    ("sheet error", tally("21/5/2026", "Thôn Phú Hòa", "#REF!"), "not_a_number", ADULTS, "#REF!"),
    ("formula text", tally("21/5/2026", "Thôn Phú Hòa", "=SUM(A1)"), "not_a_number", ADULTS, "=SUM(A1)"),
    ("checkbox", tally("21/5/2026", "Thôn Phú Hòa", True), "not_a_number", ADULTS, "TRUE"),
    ("party words", tally("21/5/2026", "Thôn Phú Hòa", 5, "hai"), "not_a_number", PARTY, "hai"),
    ("negative total", tally("21/5/2026", "Thôn Phú Hòa", "-3"), "negative", ADULTS, "-3"),
    ("negative part", tally("21/5/2026", "Thôn Phú Hòa", 5, -1), "negative", PARTY, "-1"),
    ("party above total", tally("20/5/2026", "Thôn Phú Hòa", 5, 7, 0), "part_exceeds_total", PARTY, "7"),
    ("members above total", tally("20/5/2026", "Thôn Phú Hòa", 5, 0, 6), "part_exceeds_total", MEMBERS, "6"),
    ("no date", tally("", "Thôn Phú Hòa", 5), "empty", "Ngày", ""),
    ("no village", tally("20/5/2026", "  ", 5), "empty", "Thôn", ""),
    ("no counts", tally("20/5/2026", "Thôn Phú Hòa", "", "", ""), "no_counts", "", ""),
]


@pytest.fixture(scope="module")
def rejections(make_dataset: Callable[..., Dataset]) -> Dataset:
    """The whole REJECTIONS table as one tab, validated once: row 2 is good, case i is on row i + 3."""
    return make_dataset(THON, [GOOD, *(r[1] for r in REJECTIONS)])


@pytest.mark.parametrize(
    ("index", "code", "column", "value"),
    [(i, *r[2:]) for i, r in enumerate(REJECTIONS)],
    ids=[r[0] for r in REJECTIONS],
)
def test_caidat_rejections(rejections: Dataset, index: int, code: str, column: str, value: str) -> None:
    """A bad row is rejected once, with its code, and a message naming tab, row, column and value."""
    row = index + 3
    found = rejections.rejected[rejections.rejected["row"] == row]
    assert len(found) == 1
    issue = found.iloc[0]
    assert (issue["tab"], issue["code"], issue["column"], issue["value"]) == ("CaiDat", code, column, value)
    message = nfc(issue["message_vi"])
    assert f"Trang 'CaiDat', dòng {row}" in message
    assert nfc(column) in message and value in message
    assert row not in set(rejections.installs["row"])


def test_caidat_rejections_conserve_rows(rejections: Dataset) -> None:
    """Only the good row survives the table of mistakes; every other row is accounted for."""
    assert rows_of(rejections, "CaiDat") == {"read": len(REJECTIONS) + 1, "accepted": 1, "rejected": len(REJECTIONS)}
    assert rejections.installs["row"].tolist() == [2]
    assert_conserved(rejections)


# (id, CaiDat row, adults count the rejected row held or None when unreadable)
INSTALLS_LOST: list[tuple[str, list[Any], int | None]] = [
    ("party above total", tally("20/5/2026", "Thôn Phú Hòa", 5, 7, 0), 5),
    ("negative part", tally("20/5/2026", "Thôn Phú Hòa", "1.234", 0, -2), 1234),
    ("party words", tally("20/5/2026", "Thôn Phú Hòa", 5, "hai"), 5),
    ("adults words", tally("20/5/2026", "Thôn Phú Hòa", "mười"), None),
    ("adults not whole", tally("20/5/2026", "Thôn Phú Hòa", "1,5"), None),
    ("no counts", tally("20/5/2026", "Thôn Phú Hòa", "", "", ""), None),
    ("bad date", tally("32/5/2026", "Thôn Tây Hà", 8, 0, 2), 8),
    ("future date", tally("14/05/2027", "Thôn Phú Hòa", 9), 9),
    ("no date", tally("", "Thôn Phú Hòa", 5), 5),
    ("unknown village", tally("18/5/2026", "Thôn Xóm Mới", 12, 1, 3), 12),
    ("no village", tally("18/5/2026", "", "1.020"), 1020),
]


@pytest.fixture(scope="module")
def installs_lost(make_dataset: Callable[..., Dataset]) -> Dataset:
    """INSTALLS_LOST as one tab: case i on row i + 2."""
    return make_dataset(THON, [case[1] for case in INSTALLS_LOST])


@pytest.mark.parametrize(
    ("index", "installs"),
    [pytest.param(i, case[2], id=case[0]) for i, case in enumerate(INSTALLS_LOST)],
)
def test_rejected_tally_rows_carry_the_installs_they_lost(installs_lost: Dataset, index: int, installs: int) -> None:
    """The quality page totals installs lost to rejections, so each rejected row carries its adults count."""
    found = installs_lost.rejected[installs_lost.rejected["row"] == index + 2]
    assert len(found) == 1
    lost = found.iloc[0]["installs"]
    assert (None if pd.isna(lost) else int(lost)) == installs


# --------------------------------------------------------------------------- villages

# (typed, village in tab Thon or None when unknown, matched only without diacritics)
MATCHES: list[tuple[str, str | None, bool]] = [
    ("Thôn Phú Hòa", "Thôn Phú Hòa", False),
    ("Thôn Phú Hoà", "Thôn Phú Hòa", False),
    ("thôn phú hoà", "Thôn Phú Hòa", False),
    (unicodedata.normalize("NFD", "THÔN PHÚ HOÀ"), "Thôn Phú Hòa", False),
    ("  Thôn   Phú  Hòa ", "Thôn Phú Hòa", False),
    ("Thôn Đông Hà", "Thôn Đông Hà", False),
    ("Thôn Đồng Hà", "Thôn Đồng Hà", False),
    ("thon trung ha", "Thôn Trung Hà", True),
    ("THON TRUNG HA", "Thôn Trung Hà", True),
    ("Thon Phu Hoa", "Thôn Phú Hòa", True),
    ("thon dong ha", None, False),  # Đông Hà or Đồng Hà: nobody can tell
    ("Thôn Dong Ha", None, False),
    ("Thôn Xóm Mới", None, False),
    ("Trung Hà", None, False),
]


@pytest.mark.parametrize(("typed", "village", "loose"), MATCHES)
def test_village_matcher(typed: str, village: str | None, loose: bool) -> None:
    """Case, spacing, NFC/NFD and tone placement never matter; missing diacritics only when unambiguous."""
    matcher = VillageMatcher([row[0] for row in THON])
    assert matcher.match(typed) == (village, loose)


@pytest.fixture(scope="module")
def matches(make_dataset: Callable[..., Dataset]) -> Dataset:
    """MATCHES as one tab: case i on row i + 2 (counts differ, so no row repeats another)."""
    return make_dataset(THON, [tally("14/5/2026", typed, i + 1) for i, (typed, _, _) in enumerate(MATCHES)])


@pytest.mark.parametrize(("index", "village", "loose"), [(i, m[1], m[2]) for i, m in enumerate(MATCHES)])
def test_village_names_in_tallies(matches: Dataset, index: int, village: str | None, loose: bool) -> None:
    """A matched row counts for the village of tab Thon; an unaccented match is also warned about."""
    row = index + 2
    used = matches.installs[matches.installs["row"] == row]
    rejected = matches.rejected[matches.rejected["row"] == row]
    if village is None:
        assert rejected["code"].tolist() == ["unknown_village"] and used.empty
    else:
        assert used["village"].tolist() == [village] and rejected.empty
        warned = matches.warnings[(matches.warnings["row"] == row) & (matches.warnings["code"] == "loose_village")]
        assert len(warned) == int(loose)
        assert all(f"'{village}'" in m for m in warned["message_vi"])
    assert_conserved(matches)


# ---------------------------------------------------------------------------- tab Thon

# (id, Thon rows, villages kept, rejected (row, code), warnings (row, code))
THON_CASES: list[tuple[str, Rows, list[str], list[tuple[int, str]], list[tuple[int, str]]]] = [
    ("clean", THON, [r[0] for r in THON], [], []),
    (
        "village entered twice",
        [*THON, ["Thôn Trung Hà", 6, "1.020", 61, "480"]],
        [r[0] for r in THON],
        [(7, "duplicate_village")],
        [],
    ),
    (
        "twice with other case and tone placement",
        [["Thôn Phú Hòa", 3, 500, 25, 200], ["thôn  phú hoà", 3, 500, 25, 200]],
        ["Thôn Phú Hòa"],
        [(3, "duplicate_village")],
        [],
    ),
    (
        "Đông Hà and Đồng Hà are two villages",
        [["Thôn Đông Hà", 5, 800, 40, 300], ["Thôn Đồng Hà", 4, 600, 30, 250]],
        ["Thôn Đông Hà", "Thôn Đồng Hà"],
        [],
        [],
    ),
    ("no name", [["Thôn A", 1, 10, 1, 1], ["", 2, 20, 2, 2]], ["Thôn A"], [(3, "empty")], []),
    ("base empty", [["Thôn A", 1, "", 1, 1]], ["Thôn A"], [], [(2, "missing_base")]),
    ("base unreadable", [["Thôn A", 1, "khoảng 500", 1, 1]], ["Thôn A"], [], [(2, "bad_base")]),
    ("names tidied", [["  Thôn   A ", 1, 10, 1, 1]], ["Thôn A"], [], []),
]


@pytest.mark.parametrize(
    ("thon", "villages", "rejected", "warnings"), [c[1:] for c in THON_CASES], ids=[c[0] for c in THON_CASES]
)
def test_thon_tab(
    make_dataset: Callable[..., Dataset],
    thon: Rows,
    villages: list[str],
    rejected: list[tuple[int, str]],
    warnings: list[tuple[int, str]],
) -> None:
    """One row per village; a repeat is rejected, a bad base only blanks that village's rate."""
    ds = make_dataset(thon, [])
    assert ds.village_names == villages
    assert list(zip(ds.rejected["row"], ds.rejected["code"], strict=True)) == rejected
    thon_warnings = ds.warnings[ds.warnings["tab"] == "Thon"]
    assert list(zip(thon_warnings["row"], thon_warnings["code"], strict=True)) == warnings
    assert_conserved(ds)


def test_duplicate_village_message_names_the_first_row(make_dataset: Callable[..., Dataset]) -> None:
    """The clerk needs both rows to merge them."""
    ds = make_dataset([*THON, ["Thôn Trung Hà", 6, "1.020", 61, "480"]], [])
    message = ds.rejected.iloc[0]["message_vi"]
    assert "Trang 'Thon', dòng 7, cột 'Thôn'" in message and "Thôn Trung Hà" in message and "dòng 2" in message


EMPTY_BASES: list[Any] = ["", None, "  "]


@pytest.fixture(scope="module")
def empty_bases(make_dataset: Callable[..., Dataset]) -> Dataset:
    """One village per kind of empty base cell, each with one report."""
    thon = [[f"Thôn {i}", 1, empty, 10, 40] for i, empty in enumerate(EMPTY_BASES)]
    return make_dataset(thon, [tally("14/5/2026", f"Thôn {i}", 5 + i) for i in range(len(EMPTY_BASES))])


@pytest.mark.parametrize("index", range(len(EMPTY_BASES)), ids=[repr(e) for e in EMPTY_BASES])
def test_empty_base_is_missing_not_rejected(empty_bases: Dataset, campaign: Campaign, index: int) -> None:
    """An empty base is NA (rate '—'); the village and its installs still count."""
    village = empty_bases.villages.set_index("village").loc[f"Thôn {index}"]
    assert pd.isna(village["base:adults"]) and village["base:party_members"] == 10
    table = metrics.village_table(empty_bases, campaign, "adults", TODAY).set_index("village")
    assert table.loc[f"Thôn {index}", "installed"] == 5 + index
    assert metrics.coverage(5 + index, village["base:adults"]) is None
    assert pd.isna(table.loc[f"Thôn {index}", "coverage"])
    assert empty_bases.rejected.empty
    # a warning, because the village then drops out of the commune's rate for that group
    thon = empty_bases.issues[empty_bases.issues["tab"] == "Thon"]
    assert thon["code"].tolist() == ["missing_base"] * len(EMPTY_BASES)
    assert (thon["severity"] == "warning").all()


def test_bases_are_read_as_vietnamese_counts(make_dataset: Callable[..., Dataset]) -> None:
    """'1.020' in tab Thon is one thousand and twenty people."""
    ds = make_dataset(THON, [])
    assert ds.villages.set_index("village").loc["Thôn Trung Hà", "base:adults"] == 1020


# ------------------------------------------------------------------- missing pieces


def test_missing_required_column_fails_the_read(
    make_workbook: Callable[..., RawWorkbook], campaign: Campaign, headers: dict[str, list[str]]
) -> None:
    """docs/workbook.md, "Bảng tính đổi cấu trúc": a renamed or deleted required header fails the
    whole read, naming the tab as typed, the header row, the column and the columns present."""
    header = [h for h in headers["CaiDat"] if h != MEMBERS]
    body = [GOOD[:5], [], GOOD[:5], tally("15/5/2026", "Thôn Phú Hòa", 3)[:5]]
    raw = make_workbook(raw_tabs={"Thon": [headers["Thon"], *THON], "Cài đặt": [["Báo cáo"], header, *body]})
    with pytest.raises(ShapeError) as caught:
        validate(raw, campaign, TODAY)
    assert caught.value.problems == [
        (
            "shape.missing_column",
            {"tab": "Cài đặt", "row": "2", "column": MEMBERS, "found": ", ".join(f"'{h}'" for h in header)},
        )
    ]
    message = caught.value.message("vi")
    assert "Trang 'Cài đặt', dòng tiêu đề 2: thiếu cột 'Trong đó hội viên, đoàn viên'" in message
    assert "Ghi lại tiêu đề" in message and "\n" not in message
    assert "Tab 'Cài đặt', header row 2: column 'Trong đó hội viên, đoàn viên' is missing" in caught.value.message("en")


def test_renamed_village_header_in_thon_fails_the_read(
    make_workbook: Callable[..., RawWorkbook], campaign: Campaign, headers: dict[str, list[str]]
) -> None:
    """The issue's own case: 'Thôn' retyped as 'Tên xóm' used to reject every row (90,7% -> 5,5%)."""
    thon = [["Tên xóm", *headers["Thon"][1:]], *THON]
    raw = make_workbook(raw_tabs={"Thon": thon, "CaiDat": [headers["CaiDat"], GOOD]})
    with pytest.raises(ShapeError) as caught:
        validate(raw, campaign, TODAY)
    assert [(key, v["tab"], v["column"]) for key, v in caught.value.problems] == [
        ("shape.missing_column", "Thon", "Thôn")
    ]


def test_two_tabs_matching_one_name_fail_the_read(
    make_workbook: Callable[..., RawWorkbook], campaign: Campaign, headers: dict[str, list[str]]
) -> None:
    """'CaiDat' and 'Cài đặt' both present: which one is meant is the clerk's call, not ours."""
    raw = make_workbook(
        raw_tabs={
            "Thon": [headers["Thon"], *THON],
            "CaiDat": [headers["CaiDat"], GOOD],
            "Cài đặt": [headers["CaiDat"], GOOD, GOOD],
        }
    )
    with pytest.raises(ShapeError) as caught:
        validate(raw, campaign, TODAY)
    assert caught.value.problems == [("shape.two_tabs", {"tab": "CaiDat", "titles": "'CaiDat', 'Cài đặt'"})]
    assert "Các trang 'CaiDat', 'Cài đặt' cùng là trang 'CaiDat'" in str(caught.value)


def test_an_empty_tab_is_as_good_as_absent(
    make_workbook: Callable[..., RawWorkbook], campaign: Campaign, headers: dict[str, list[str]]
) -> None:
    """A freshly added empty 'Cài đặt' beside the real 'CaiDat' is no second tab; an empty
    optional tab is no missing header."""
    raw = make_workbook(
        raw_tabs={
            "Thon": [headers["Thon"], *THON],
            "CaiDat": [headers["CaiDat"], GOOD],
            "Cài đặt": [[], ["", None]],
            "HoatDong": [],
        }
    )
    ds = validate(raw, campaign, TODAY)
    assert ds.tabs["installs"] == "CaiDat" and ds.installs["adults"].tolist() == [5]
    assert "sessions" not in ds.tabs


# (tabs given, tab reported missing, severity or None when nobody is told)
MISSING_TABS: list[tuple[list[str], str, str | None]] = [
    (["Thon", "CaiDat", "DoanVien", "HoatDong"], "CoQuan", "warning"),
    (["Thon", "CaiDat", "CoQuan", "HoatDong"], "DoanVien", "warning"),
    (["Thon", "CaiDat", "CoQuan", "DoanVien"], "HoatDong", None),
]
BODIES = {
    "thon": THON,
    "caidat": [GOOD],
    "coquan": [["Công an xã", 38, 38]],
    "doanvien": [["Lê Văn A", "Thôn Trung Hà", "", "0912345678", "Có", ""]],
    "hoatdong": [["14/5/2026", "Thôn Trung Hà", "Họp thôn", 40]],
}


@pytest.mark.parametrize(("present", "missing", "severity"), MISSING_TABS)
def test_missing_tab(
    make_dataset: Callable[..., Dataset], present: list[str], missing: str, severity: str | None
) -> None:
    """CoQuan and DoanVien are expected (a warning when absent); HoatDong is optional."""
    ds = make_dataset(**{k: v for k, v in BODIES.items() if k.lower() in {p.lower() for p in present}})
    found = ds.issues[ds.issues["code"] == "missing_tab"]
    if severity is None:
        assert found.empty
    else:
        assert found[["tab", "severity"]].values.tolist() == [[missing, severity]]
        message = found.iloc[0]["message_vi"]
        assert f"'{missing}'" in message and all(f"'{p}'" in message for p in present)
    assert_conserved(ds)


@pytest.mark.parametrize("missing", ["Thon", "CaiDat"])
def test_missing_required_tab_fails_the_read(make_dataset: Callable[..., Dataset], missing: str) -> None:
    """Thon and CaiDat are required: without one the read fails, naming the tab it must have."""
    with pytest.raises(ShapeError) as caught:
        make_dataset(**{k: v for k, v in BODIES.items() if k != missing.lower()})
    assert [(key, v["tab"]) for key, v in caught.value.problems] == [("shape.missing_tab", missing)]
    assert f"Không tìm thấy trang '{missing}'" in str(caught.value)


def test_duplicate_header_warns_and_uses_the_first_column(
    make_dataset: Callable[..., Dataset], headers: dict[str, list[str]]
) -> None:
    """A repeated header is a warning; the first such column is the one counted."""
    header = [*headers["CaiDat"], ADULTS]
    ds = make_dataset(THON, raw_tabs={"CaiDat": [header, [*GOOD, 999]]})
    assert ds.installs["adults"].tolist() == [5]
    warning = ds.warnings[ds.warnings["code"] == "duplicate_column"].iloc[0]
    assert warning["column"] == ADULTS
    assert "'CaiDat'" in warning["message_vi"] and "cột G" in warning["message_vi"]
    assert ds.rejected.empty


# -------------------------------------------------------------------- row numbering

# (id, CaiDat tab as typed, spreadsheet row of the bad row, rows of the clean table)
NUMBERING: list[tuple[str, Rows, int, list[int]]] = [
    ("header on row 1", [["H"], GOOD, tally("15/5/2026", "Thôn Phú Hòa", "mười")], 3, [2]),
    ("bad row first", [["H"], tally("15/5/2026", "Thôn Phú Hòa", "mười"), GOOD], 2, [3]),
    ("empty rows count", [["H"], [], GOOD, ["", None, "  "], tally("15/5/2026", "Thôn Phú Hòa", "mười")], 5, [3]),
    ("title above header", [["BÁO CÁO"], ["H"], GOOD, tally("15/5/2026", "Thôn Phú Hòa", "mười")], 4, [3]),
    (
        "title, blank, header on row 3",
        [["BÁO CÁO"], [], ["H"], [], GOOD, [], [], tally("15/5/2026", "Thôn Phú Hòa", "mười")],
        8,
        [5],
    ),
]


@pytest.mark.parametrize(("tab", "bad_row", "kept"), [n[1:] for n in NUMBERING], ids=[n[0] for n in NUMBERING])
def test_row_numbers_are_spreadsheet_rows(
    make_dataset: Callable[..., Dataset], headers: dict[str, list[str]], tab: Rows, bad_row: int, kept: list[int]
) -> None:
    """Messages point at the row the clerk sees: header rows and empty rows count."""
    tab = [headers["CaiDat"] if r == ["H"] else r for r in tab]
    ds = make_dataset(THON, raw_tabs={"CaiDat": tab})
    assert ds.rejected["row"].tolist() == [bad_row]
    assert f"dòng {bad_row}," in ds.rejected.iloc[0]["message_vi"]
    assert ds.installs["row"].tolist() == kept
    assert rows_of(ds, "CaiDat") == {"read": 2, "accepted": 1, "rejected": 1}


# (CaiDat date, code given on 25/05/2026: the campaign ran 13/05/2026 – 24/05/2026)
DATE_EDGES: list[tuple[str, str | None]] = [
    ("12/5/2026", "outside_campaign"),
    ("13/5/2026", None),
    ("24/5/2026", None),
    ("25/5/2026", "outside_campaign"),  # today itself: not in the future
    ("26/5/2026", "future_date"),
]


@pytest.fixture(scope="module")
def date_edges(make_dataset: Callable[..., Dataset]) -> Dataset:
    """DATE_EDGES as one tab (case i on row i + 2), validated on 25/05/2026."""
    rows = [tally(date, "Thôn Phú Hòa", i + 1) for i, (date, _) in enumerate(DATE_EDGES)]
    return make_dataset(THON, rows, today=dt.date(2026, 5, 25))


@pytest.mark.parametrize(
    ("index", "code"), [(i, e[1]) for i, e in enumerate(DATE_EDGES)], ids=[e[0] for e in DATE_EDGES]
)
def test_campaign_and_today_boundaries(date_edges: Dataset, index: int, code: str | None) -> None:
    """The campaign's first and last days are inside it; today is not the future, tomorrow is."""
    issues = date_edges.issues[date_edges.issues["row"] == index + 2]
    assert issues["code"].tolist() == ([] if code is None else [code])
    assert (index + 2 in set(date_edges.installs["row"])) is (code != "future_date")


def test_a_digit_like_symbol_in_a_date_cell_is_rejected_not_a_crash(make_dataset: Callable[..., Dataset]) -> None:
    """One odd cell must cost one row, never the whole dashboard."""
    ds = make_dataset(THON, [GOOD, tally("²", "Thôn Phú Hòa", 5)])
    assert ds.rejected["code"].tolist() == ["bad_date"]
    assert ds.installs["row"].tolist() == [2]


# -------------------------------------------------------------------------- warnings

# (id, CaiDat rows after GOOD, code, row, column, value): the row is warned about and counted
WARNINGS: list[tuple[str, Rows, str, int | None, str, str]] = [
    ("typed without diacritics", [tally("15/5/2026", "thon trung ha", 6)], "loose_village", 3, "Thôn", "thon trung ha"),
    ("before the campaign", [tally("10/5/2026", "Thôn Phú Hòa", 3)], "outside_campaign", 3, "Ngày", "10/05/2026"),
    ("after the campaign", [tally("25/5/2026", "Thôn Phú Hòa", 3)], "outside_campaign", 3, "Ngày", "25/05/2026"),
    ("same report twice", [GOOD], "double_entry", 3, "", ""),
    (
        "more installs than people",
        [tally("15/5/2026", "Thôn Tây Hà", 60), tally("16/5/2026", "Thôn Tây Hà", 50)],
        "over_base",
        None,
        ADULTS,
        "Thôn Tây Hà",
    ),
]


@pytest.mark.parametrize(
    ("rows", "code", "row", "column", "value"), [w[1:] for w in WARNINGS], ids=[w[0] for w in WARNINGS]
)
def test_warnings_keep_the_row(
    make_dataset: Callable[..., Dataset], rows: Rows, code: str, row: int | None, column: str, value: str
) -> None:
    """A warning is worth a look, but the row is counted."""
    ds = make_dataset(THON, [GOOD, *rows])
    assert ds.rejected.empty
    assert len(ds.installs) == 1 + len(rows)
    found = ds.warnings[ds.warnings["code"] == code]
    assert len(found) == 1
    warning = found.iloc[0]
    assert (None if pd.isna(warning["row"]) else warning["row"], warning["column"], warning["value"]) == (
        row,
        column,
        value,
    )
    if row is not None:
        assert f"Trang 'CaiDat', dòng {row}" in warning["message_vi"]
    assert value in warning["message_vi"]
    assert_conserved(ds)


def test_double_entry_names_the_first_row(make_dataset: Callable[..., Dataset]) -> None:
    """Both copies count; the message says which row the repeat copies."""
    ds = make_dataset(
        THON, [tally("14/5/2026", "Thôn Phú Hòa", 2), GOOD, tally("14/05/2026", "thôn trung hà", "5", 1, 2)]
    )
    warning = ds.warnings[ds.warnings["code"] == "double_entry"].iloc[0]
    assert warning["row"] == 4 and "dòng 3" in warning["message_vi"]
    assert ds.installs["adults"].sum() == 12


def test_over_base_counts_up_to_today(make_dataset: Callable[..., Dataset]) -> None:
    """Installs above the base are a warning naming village, installed and base."""
    ds = make_dataset(THON, [tally("15/5/2026", "Thôn Tây Hà", 101, 11, 41)])
    over = ds.warnings[ds.warnings["code"] == "over_base"]
    assert sorted(over["column"]) == sorted([ADULTS, PARTY, MEMBERS])
    assert all("Thôn Tây Hà" in m and "101" in m for m in over[over["column"] == ADULTS]["message_vi"])
    at_base = make_dataset(THON, [tally("15/5/2026", "Thôn Tây Hà", 100, 10, 40)])
    assert "over_base" not in set(at_base.issues["code"])


@pytest.mark.parametrize("count_source", ["tallies", "list"])
@pytest.mark.parametrize("tally_mode", ["incremental", "cumulative"])
def test_over_base_figure_is_the_dashboards(campaign: Campaign, tally_mode: str, count_source: str) -> None:
    """Validation counts a village's installs for the over-base check itself (it imports nothing
    from metrics): every counted row, by the rules of `metrics.installed_by_village` as of today."""
    mode = dataclasses.replace(campaign, tally_mode=tally_mode, count_source=count_source)
    today = dt.date(2026, 11, 29)
    ds = validate(read_sample(), mode, today)
    assert len(ds.people) and ds.installs["family_group"].eq("").any() and ds.installs["family_group"].ne("").any()
    got = installed_per_village(ds.installs, ds.villages["village"], mode)
    pd.testing.assert_frame_equal(got, metrics.installed_by_village(ds, mode, today))


# (id, workbook bodies): each has a row that is both warned about and rejected
WARNED_ROWS: list[Any] = [
    pytest.param({"caidat": [tally("10/5/2026", "Thôn Xóm Mới", 5)]}, id="outside campaign + unknown village"),
    pytest.param({"caidat": [tally("10/5/2026", "Thôn Phú Hòa", "1,5")]}, id="outside campaign + not integer"),
    pytest.param({"caidat": [tally("15/5/2026", "thon trung ha", "mười")]}, id="loose village + not a number"),
    pytest.param(
        {"doanvien": [["Lê Thị Hương", "thon trung ha", "", "0987654321", "biết chút ít", ""]]},
        id="loose village + bad yes/no",
    ),
    pytest.param({"hoatdong": [["10/5/2026", "Thôn Xóm Mới", "Họp thôn", 30]]}, id="session outside + unknown"),
]


@pytest.mark.parametrize("bodies", WARNED_ROWS)
def test_warnings_only_name_rows_that_are_used(make_dataset: Callable[..., Dataset], bodies: dict[str, Rows]) -> None:
    """A warning says the row still counts; a rejected row must carry its rejection only."""
    ds = make_dataset(THON, **{"caidat": [], **bodies})
    assert len(ds.rejected) == 1
    rejected = set(zip(ds.rejected["tab"], ds.rejected["row"], strict=True))
    warned = set(zip(ds.warnings["tab"], ds.warnings["row"], strict=True))
    assert not rejected & warned


# ------------------------------------------------------------------ helpers, sessions

# (IT-skill cell, parsed value or None when the row is rejected)
SKILLS: list[tuple[Any, bool | None]] = [
    ("Có", True),
    ("có", True),
    ("x", True),
    ("X", True),
    ("yes", True),
    (1, True),
    (True, True),  # a checkbox
    ("Không", False),
    ("", False),
    (False, False),
    ("biết chút ít", None),
]


@pytest.fixture(scope="module")
def skills(make_dataset: Callable[..., Dataset]) -> Dataset:
    """SKILLS as one DoanVien tab: case i on row i + 2."""
    helpers = [[f"Lê Thị Hương {i}", "Thôn Trung Hà", "", 912345678, cell, ""] for i, (cell, _) in enumerate(SKILLS)]
    return make_dataset(THON, [], doanvien=helpers)


@pytest.mark.parametrize(("index", "cell", "skilled"), [(i, *s) for i, s in enumerate(SKILLS)])
def test_helper_it_skill(skills: Dataset, index: int, cell: Any, skilled: bool | None) -> None:
    """The IT-skill column is yes/no; anything else is asked about, naming the cell."""
    row = index + 2
    used = skills.helpers[skills.helpers["row"] == row]
    if skilled is None:
        issue = skills.rejected[skills.rejected["row"] == row].iloc[0]
        assert (issue["code"], issue["column"], issue["value"]) == ("bad_yes_no", "Kỹ năng CNTT", cell)
        assert f"Trang 'DoanVien', dòng {row}, cột 'Kỹ năng CNTT': '{cell}'" in issue["message_vi"]
        assert used.empty
    else:
        assert used["it_skill"].tolist() == [skilled]
        assert used["phone"].tolist() == ["0912345678"]  # the number cell got its leading zero back
    assert_conserved(skills)


# (id, HoatDong row, code of the rejection or None)
SESSIONS: list[tuple[str, list[Any], str | None]] = [
    ("clean", ["14/5/2026", "Thôn Phú Hòa", "Họp thôn", "120"], None),
    ("no attendee count", ["14/5/2026", "Thôn Phú Hòa", "Loa truyền thanh", ""], None),
    ("unaccented village", ["15/5/2026", "thon tay ha", "Loa truyền thanh", ""], None),
    ("future", ["1/6/2026", "Thôn Phú Hòa", "Họp thôn", 30], "future_date"),
    ("attendees in words", ["14/5/2026", "Thôn Phú Hòa", "Họp thôn", "ba mươi"], "not_a_number"),
    ("no date", ["", "Thôn Phú Hòa", "Họp thôn", 30], "empty"),
]


@pytest.fixture(scope="module")
def sessions(make_dataset: Callable[..., Dataset]) -> Dataset:
    """SESSIONS as one HoatDong tab: case i on row i + 2."""
    return make_dataset(THON, [], hoatdong=[s[1] for s in SESSIONS])


@pytest.mark.parametrize(("index", "code"), [(i, s[2]) for i, s in enumerate(SESSIONS)], ids=[s[0] for s in SESSIONS])
def test_sessions(sessions: Dataset, index: int, code: str | None) -> None:
    """Sessions follow the tally rules for dates and villages; the attendee count is optional."""
    row = index + 2
    assert sessions.rejected.loc[sessions.rejected["row"] == row, "code"].tolist() == ([] if code is None else [code])
    assert (row in set(sessions.sessions["row"])) is (code is None)
    assert_conserved(sessions)


# ---------------------------------------------------------------------- conservation

CELL_DATES = st.sampled_from(
    ["14/5/2026", "2026-05-15", dt.date(2026, 5, 16), 46158, "32/5/2026", "", "1/6/2026", "10/5/2026", "abc"]
)
CELL_VILLAGES = st.sampled_from(
    [
        "Thôn Trung Hà",
        "thon trung ha",
        "Thôn Phú Hoà",
        "thon dong ha",
        "Thôn Xóm Mới",
        "",
        "Thôn Đồng Hà",
        "THÔN TÂY HÀ",
    ]
)
CELL_COUNTS = st.sampled_from([0, 1, 5, "12", "1.234", "", "1,5", "-3", "mười", 2.0, 7.5, "#REF!"])
TALLY_ROWS = st.lists(
    st.one_of(
        st.tuples(CELL_DATES, CELL_VILLAGES, st.sampled_from(["", "Tổ 1"]), CELL_COUNTS, CELL_COUNTS, CELL_COUNTS).map(
            list
        ),
        st.just([]),
        st.just(["", None, " "]),
    ),
    min_size=5,
    max_size=30,
)


@settings(max_examples=12, deadline=None)
@given(rows=TALLY_ROWS)
def test_every_non_empty_row_is_used_or_rejected(make_dataset: Callable[..., Dataset], rows: Rows) -> None:
    """No row is silently dropped: each non-empty spreadsheet row is in the clean table or rejected."""
    ds = make_dataset(THON, rows, today=dt.date(2026, 5, 20))
    non_empty = {i + 2 for i, r in enumerate(rows) if any(c not in ("", None, " ") for c in r)}
    used = set(ds.installs["row"])
    rejected = set(ds.rejected.loc[ds.rejected["tab"] == "CaiDat", "row"])
    assert used | rejected == non_empty
    assert not used & rejected
    assert_conserved(ds)


# ------------------------------------------------------------------ the bundled sample

SAMPLE_TODAY = dt.date(2026, 11, 29)
# The code each of lib/sample_data.py::_bad_tally_rows gets; None: accepted (with a warning).
BAD_ROW_CODES = [
    "unknown_village",
    "bad_date",
    "not_integer",
    "part_exceeds_total",
    "not_a_number",
    "future_date",
    None,  # thon trung ha: loose_village
    "unknown_village",
    None,  # before the campaign: outside_campaign
    None,  # typed twice: double_entry
]


def test_sample_rejects_exactly_the_planted_mistakes(sample: Dataset) -> None:
    """The bundled workbook rejects its seeded bad rows, the repeated Trung Hà and the vague helper."""
    tabs = sample_tabs()
    caidat, thon, doanvien = tabs["CaiDat"], tabs["Thon"], tabs["DoanVien"]
    bad = _bad_tally_rows(caidat)
    assert caidat[-len(bad) :] == bad and len(bad) == len(BAD_ROW_CODES)
    first_bad_row = len(caidat) - len(bad) + 1  # spreadsheet rows are 1-based, header on row 1
    expected = {("CaiDat", first_bad_row + i, code) for i, code in enumerate(BAD_ROW_CODES) if code}
    assert thon[-1][0] == "Thôn Trung Hà" and doanvien[-1][4] == "biết chút ít"
    expected |= {("Thon", len(thon), "duplicate_village"), ("DoanVien", len(doanvien), "bad_yes_no")}
    people = tabs["DanhSach"]
    assert people[-1][1] == "19x5"
    expected |= {("DanhSach", len(people), "bad_year")}
    actual = set(zip(sample.rejected["tab"], sample.rejected["row"], sample.rejected["code"], strict=True))
    assert actual == expected


def test_sample_warnings_and_shape(sample: Dataset) -> None:
    """~30 villages; the near-misses are accepted with the right warnings; nothing is lost."""
    assert len(sample.villages) == len(VILLAGES) == 30
    assert set(sample.village_names) == {f"Thôn {v}" for v in VILLAGES}
    caidat_rows = len(sample_tabs()["CaiDat"])
    warned = set(zip(sample.warnings["row"], sample.warnings["code"], strict=True))
    assert {
        (caidat_rows - 3, "loose_village"),
        (caidat_rows - 1, "outside_campaign"),
        (caidat_rows, "double_entry"),
    } <= warned
    assert ("thon tay ha", "loose_village") in set(zip(sample.warnings["value"], sample.warnings["code"], strict=True))
    assert rows_of(sample, "CaiDat")["read"] == caidat_rows - 1
    assert_conserved(sample)


def test_a_workbook_built_from_lists_validates_like_the_sample(campaign: Campaign) -> None:
    """The generator's lists and the bundled .xlsx give the same clean tables (no disk needed)."""
    from_lists = validate(RawWorkbook(sample_tabs(), "sample", "lists"), campaign, SAMPLE_TODAY)
    assert_conserved(from_lists)
    assert from_lists.village_names == [f"Thôn {v}" for v in VILLAGES]
    expected = {c for c in BAD_ROW_CODES if c} | {"duplicate_village", "bad_yes_no", "bad_year"}
    assert set(from_lists.rejected["code"]) == expected


def _digit_kind(value: Any, lengths: tuple[int, ...], prefix: str) -> int:
    """The definition, value by value: text matching \\d+ in full; its length and first digit."""
    if not (isinstance(value, str) and re.fullmatch(r"\d+", value)):
        return 0
    return 2 if len(value) in lengths and value.startswith(prefix) else 1


DIGIT_TEXTS = ["0912345678", "912345678", "09123456789", "042080001234", "123456789", "0", "00000000000000000000"]
ODD_VALUES = ["", " ", "0912 345 678", "٠٩١٢٣٤٥٦٧٨", "０９１２３４５６７８", "09x", "²", 912345678, 9.5, True, None]


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(DIGIT_TEXTS) | st.from_regex(r"[0-9]{1,14}", fullmatch=True), max_size=12),
    st.lists(st.sampled_from(ODD_VALUES), max_size=2),
    st.sampled_from([((10, 11), "0"), ((9, 12), "")]),
)
def test_digit_kinds_in_bulk_are_the_value_by_value_definition(digits: list, odd: list, rule: tuple) -> None:
    """The bulk path (ASCII digits only, then None) and the fallback agree with the definition."""
    lengths, prefix = rule
    for cells in (digits, [*digits, *odd], [*odd, *digits]):
        values = np.array([*cells, None], dtype=object)
        expected = [_digit_kind(v, lengths, prefix) for v in values.tolist()]
        assert _digit_kinds(values, lengths, prefix).tolist() == expected


def test_phone_and_id_numbers_in_the_wrong_cell_are_masked_in_every_issue(
    make_dataset: Callable[..., Dataset],
) -> None:
    """A phone typed as a village name, a CCCD typed into a tally cell: the rejected-row value
    and both messages show '09******78', never the number (issue #13: personal data)."""
    ds = make_dataset(
        THON,
        [
            tally("14/5/2026", "0912 345 678", 5),
            tally("14/5/2026", "Thôn Trung Hà", "042075001234"),
            tally("14/5/2026", "Gọi +84 912 345 679", 5),
        ],
    )
    shown = " ".join(ds.issues[["value", "message_vi", "message_en"]].astype(str).to_numpy().ravel())
    for secret in ("912345678", "912 345 678", "042075001234", "912 345 679"):
        assert secret not in shown
    assert "09******78" in shown and "04********34" in shown and "84*******79" in shown


def test_a_phone_typed_as_a_name_anywhere_is_masked_in_the_clean_tables(
    make_dataset: Callable[..., Dataset],
) -> None:
    """A phone in a Thon village name, a helper's role or a session kind is personal data
    wherever it is shown next: masked in the clean tables themselves (docs/workbook.md)."""
    thon = [*THON, ["Thôn Mới (gọi 0912 345 678)", 2, 100, 10, 20]]
    ds = make_dataset(
        thon,
        [GOOD],
        doanvien=[["Lê Văn A", "Thôn Trung Hà", "", "0987654321", "Có", "trưởng nhóm, 0987 654 321"]],
        hoatdong=[["14/5/2026", "Thôn Trung Hà", "Zalo 0912345679", 40]],
    )
    assert "Thôn Mới (gọi 09******78)" in ds.village_names
    assert ds.helpers["role"].tolist() == ["trưởng nhóm, 09******21"]
    assert ds.helpers["phone"].tolist() == ["0987654321"]  # the phone column itself: masked when shown
    assert ds.sessions["kind"].tolist() == ["Zalo 09******79"]


def test_a_phone_in_a_header_or_tab_title_is_masked_in_the_changed_shape_message(
    make_workbook: Callable[..., RawWorkbook], campaign: Campaign, headers: dict[str, list[str]]
) -> None:
    thon = [["0912 345 678", *headers["Thon"][1:]], *THON]
    raw = make_workbook(raw_tabs={"Thon": thon, "CaiDat": [headers["CaiDat"], GOOD], "Gọi 0987654321": [["x"]]})
    with pytest.raises(ShapeError) as caught:
        validate(raw, campaign, TODAY)
    for lang in ("vi", "en"):
        message = caught.value.message(lang)
        assert "09******78" in message and "345 678" not in message and "0987654321" not in message
