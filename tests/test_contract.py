"""The workbook contract: which tab is which, and where each column's header sits.

Teams rename tabs, retype headers without diacritics and put a title above the header; the
contract must still find every column, and say exactly which one is missing when it cannot.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from typing import Any

import pytest

from lib.campaign import Campaign, Group
from lib.contract import HEADER_SEARCH_ROWS, TabSpec, column_letter, match_header, present_tabs, tab_specs


def spec_of(campaign: Campaign, key: str) -> TabSpec:
    return next(s for s in tab_specs(campaign) if s.key == key)


# ------------------------------------------------------------------------------ tabs

FIND_TAB_CASES: list[tuple[str, list[str], str | None]] = [
    ("installs", ["Thon", "CaiDat"], "CaiDat"),
    ("installs", ["Thon", "Cài đặt"], "Cài đặt"),
    ("installs", ["Thon", unicodedata.normalize("NFD", "Cài đặt")], unicodedata.normalize("NFD", "Cài đặt")),
    ("installs", ["Thon", "cai dat"], "cai dat"),
    ("installs", ["Thon", "CAI DAT"], "CAI DAT"),
    ("installs", ["Thon", "CÀI ĐẶT"], "CÀI ĐẶT"),
    ("installs", ["Thon", "Cai-Dat "], "Cai-Dat "),
    ("installs", ["Thon", "Cài đặt 2"], None),
    ("installs", ["Thon", "Cai"], None),
    ("villages", ["Thôn", "CaiDat"], "Thôn"),
    ("villages", ["DANH SÁCH THÔN"], "DANH SÁCH THÔN"),
    ("villages", ["Sheet1"], None),
    ("agencies", ["Cơ quan"], "Cơ quan"),
    ("agencies", ["CoQuan"], "CoQuan"),
    ("helpers", ["Đoàn viên"], "Đoàn viên"),
    ("helpers", ["Lực lượng hỗ trợ"], "Lực lượng hỗ trợ"),
    ("sessions", ["Hoạt động"], "Hoạt động"),
    ("sessions", [], None),
]


@pytest.mark.parametrize(("key", "titles", "expected"), FIND_TAB_CASES)
def test_find_tab(campaign: Campaign, key: str, titles: list[str], expected: str | None) -> None:
    """'Cài đặt', 'cai dat' and 'CAI DAT' are the CaiDat tab; near-misses are not."""
    tabs = {title: [["x"]] for title in titles}
    assert present_tabs(spec_of(campaign, key), tabs) == ([expected] if expected else [])


def test_two_matching_tabs_are_both_found_and_an_empty_one_is_not(campaign: Campaign) -> None:
    """Two candidates fail the read (contract.check_shape); a tab with no filled cell is absent."""
    spec = spec_of(campaign, "installs")
    assert present_tabs(spec, {"Cài đặt": [["x"]], "CaiDat": [["y"]]}) == ["Cài đặt", "CaiDat"]
    assert present_tabs(spec, {"Cài đặt": [[None, " "], []], "CaiDat": [["y"]]}) == ["CaiDat"]


# ---------------------------------------------------------------------------- headers

CAIDAT = [
    "Ngày",
    "Thôn",
    "Tổ liên gia",
    "Số người từ 18 tuổi đã cài",
    "Trong đó đảng viên",
    "Trong đó hội viên, đoàn viên",
]
COUNT_FIELDS = ["count:adults", "count:party_members", "count:association_members"]

# (rows of the tab, header row index, field -> column index, missing headers, duplicates)
HEADER_CASES: list[tuple[str, list[list[Any]], int, dict[str, int], list[str], list[tuple[str, int]]]] = [
    (
        "template",
        [CAIDAT, ["13/5/2026", "Thôn A", "", 1, 0, 0]],
        0,
        {"date": 0, "village": 1, "family_group": 2, **dict(zip(COUNT_FIELDS, [3, 4, 5], strict=True))},
        [],
        [],
    ),
    (
        "title row above the header",
        [["BÁO CÁO CÀI ĐẶT i-HaTinh"], [], CAIDAT, ["13/5/2026", "Thôn A", "", 1, 0, 0]],
        2,
        {"date": 0, "village": 1, "family_group": 2, **dict(zip(COUNT_FIELDS, [3, 4, 5], strict=True))},
        [],
        [],
    ),
    (
        "a title naming one column loses to the real header",
        [["Thôn"], CAIDAT],
        1,
        {"date": 0, "village": 1, "family_group": 2, **dict(zip(COUNT_FIELDS, [3, 4, 5], strict=True))},
        [],
        [],
    ),
    (
        "typed without diacritics, in capitals, reordered, with an extra column",
        [
            [
                "GHI CHU",
                "THON",
                "NGAY BAO CAO",
                "so nguoi tu 18 tuoi da cai",
                "Trong do: dang vien",
                "trong do hoi vien / doan vien",
            ]
        ],
        0,
        {"village": 1, "date": 2, **dict(zip(COUNT_FIELDS, [3, 4, 5], strict=True))},
        [],
        [],
    ),
    (
        "aliases",
        [["Ngày báo cáo", "Tên thôn", *CAIDAT[3:]]],
        0,
        {"date": 0, "village": 1, **dict(zip(COUNT_FIELDS, [2, 3, 4], strict=True))},
        [],
        [],
    ),
    (
        "optional column absent is not missing",
        [[c for c in CAIDAT if c != "Tổ liên gia"]],
        0,
        {"date": 0, "village": 1, **dict(zip(COUNT_FIELDS, [2, 3, 4], strict=True))},
        [],
        [],
    ),
    (
        "required column missing",
        [CAIDAT[:5]],
        0,
        {"date": 0, "village": 1, "family_group": 2, **dict(zip(COUNT_FIELDS[:2], [3, 4], strict=True))},
        ["Trong đó hội viên, đoàn viên"],
        [],
    ),
    (
        "duplicate header: the first column is used",
        [[*CAIDAT, "Thôn"]],
        0,
        {"date": 0, "village": 1, "family_group": 2, **dict(zip(COUNT_FIELDS, [3, 4, 5], strict=True))},
        [],
        [("Thôn", 6)],
    ),
    (
        "alias repeating a column is a duplicate too",
        [["Ngày", "Ngày báo cáo", *CAIDAT[1:]]],
        0,
        {"date": 0, "village": 2, "family_group": 3, **dict(zip(COUNT_FIELDS, [4, 5, 6], strict=True))},
        [],
        [("Ngày báo cáo", 1)],
    ),
    (
        "empty tab",
        [],
        0,
        {},
        ["Ngày", "Thôn", *CAIDAT[3:]],
        [],
    ),
]


@pytest.mark.parametrize(
    ("rows", "row_index", "positions", "missing", "duplicates"),
    [case[1:] for case in HEADER_CASES],
    ids=[case[0] for case in HEADER_CASES],
)
def test_match_header(
    campaign: Campaign,
    rows: list[list[Any]],
    row_index: int,
    positions: dict[str, int],
    missing: list[str],
    duplicates: list[tuple[str, int]],
) -> None:
    """The header is the row naming most columns; each field maps to its first column."""
    match = match_header(spec_of(campaign, "installs"), rows)
    assert match.row_index == row_index
    assert match.positions == positions
    assert [c.header for c in match.missing] == missing
    assert list(match.duplicates) == duplicates


def test_match_header_keeps_headers_as_typed(campaign: Campaign) -> None:
    """Messages quote the header the clerk sees, not the template's spelling."""
    row = ["NGAY", "thon", "So nguoi tu 18 tuoi da cai"]
    match = match_header(spec_of(campaign, "installs"), [row])
    assert match.headers == tuple(row)
    assert [c.header for c in match.missing] == ["Trong đó đảng viên", "Trong đó hội viên, đoàn viên"]


def test_header_is_searched_only_near_the_top(campaign: Campaign) -> None:
    """A header row HEADER_SEARCH_ROWS down is found; one further down is not looked for."""
    title = [["Báo cáo"]]
    found = match_header(spec_of(campaign, "installs"), title * (HEADER_SEARCH_ROWS - 1) + [CAIDAT])
    assert found.row_index == HEADER_SEARCH_ROWS - 1 and not found.missing
    too_deep = match_header(spec_of(campaign, "installs"), title * HEADER_SEARCH_ROWS + [CAIDAT])
    assert too_deep.missing


# ------------------------------------------------------------------------ tab specs


def test_village_group_columns_come_from_the_campaign(campaign: Campaign) -> None:
    """Each village group of campaign.toml is a base column of Thon and a count column of CaiDat."""
    thon, caidat = spec_of(campaign, "villages"), spec_of(campaign, "installs")
    for group in campaign.village_groups:
        assert any(c.field == f"base:{group.key}" and c.header == group.base_column for c in thon.columns)
        assert any(c.field == f"count:{group.key}" and c.header == group.installed_column for c in caidat.columns)


def test_a_new_group_in_the_config_is_a_new_column(campaign: Campaign) -> None:
    """Adding a group to campaign.toml needs no code change."""
    youth = Group("youth", "Thanh niên", "Youth", "village", "Số thanh niên", "Trong đó thanh niên", "adults")
    bigger = dataclasses.replace(campaign, groups=(*campaign.groups, youth))
    caidat = spec_of(bigger, "installs")
    assert "Trong đó thanh niên" in [c.header for c in caidat.columns]
    assert "Số thanh niên" in [c.header for c in spec_of(bigger, "villages").columns]


PRESENCE = [
    ("villages", "required"),
    ("installs", "required"),
    ("agencies", "expected"),
    ("helpers", "expected"),
    ("sessions", "optional"),
]


@pytest.mark.parametrize(("key", "presence"), PRESENCE)
def test_tab_presence(campaign: Campaign, key: str, presence: str) -> None:
    """Thon and CaiDat are required: without them nothing can be computed."""
    assert spec_of(campaign, key).presence == presence


# -------------------------------------------------------------------------- letters

LETTERS = [(0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (27, "AB"), (51, "AZ"), (52, "BA"), (701, "ZZ"), (702, "AAA")]


@pytest.mark.parametrize(("index", "letter"), LETTERS)
def test_column_letter(index: int, letter: str) -> None:
    """Messages name columns the way the spreadsheet labels them."""
    assert column_letter(index) == letter
