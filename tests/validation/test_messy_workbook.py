"""One messy, hand-built workbook, validated by the real code, with every figure asserted.

The rules are those of docs/workbook.md and docs/campaign.md; the campaign is the repository's
`campaign.toml` with `tally_mode = "cumulative"` and `count_source = "list"`. Today is 01/06/2026,
so every deadline is over. Targets (from campaign.toml): Đợt 1 ends 17/05 (cán bộ, đảng viên
trên 85%; hội viên, đoàn viên đạt 10%; CBCCVC trên 85%), Đợt 2 ends 24/05 (người từ 18 tuổi
trên 30%; CBCCVC đạt 100%).

THE WORKBOOK (row = spreadsheet row; A/P/H = adults, party members, association members)

Thon (headers partly NFD; Đông Hà typed in NFD)
  row 2  Thôn Trung Hà   2 tổ   A 12      P 4    H 5
  row 3  Thôn Đông Hà    3 tổ   A "1.250" P 50   H 300     "1.250" = 1250 (dots group thousands)
  row 4  Thôn Đồng Hà    (—)    A 200     P 10   H "-"     dash: warning bad_base; no H base, so
                                                           Đồng Hà is left out of the commune's H total
  "thon dong ha" (no diacritics) could be Đông Hà or Đồng Hà: rows typed so are rejected.

"Cài đặt" (tab title typed in NFD; a one-cell title on row 1, header on row 2; cumulative figures)
  row 3  12/05/2026   Đồng Hà   whole   20/2/4      before the campaign: warning, still counted
  row 4  "13/5/2026"  Đông Hà*  whole   100/20/30   (* village typed in NFD)
  row 5  "2026-05-14" Trung Hà  whole   3/1/1       Trung Hà counts by its list: cross-check only
  row 6  "2026-05-14" Đông Hà   Tổ 1    60/15/20
  row 7  date cell    Đông Hà*  Tổ 2    50/10/15    14/05: groups 110/25/35 > whole 100/20/30
  row 8  date cell    Đồng Hà   whole   50/6/10
  row 9  "15.05.2026" Đông Hà   whole   130/30/40   15/05: whole 130/30/40 > groups 110/25/35
  row 10 16/05/2026   Đông Hà   Tổ 1    90/20/25    16/05: groups 140/30/40 vs whole 130/30/40
  row 11 16/05/2026   Trung Hà  Tổ 1    2/1/1
  row 12 16/05/2026   Trung Hà  Tổ 2    2/0/1
  row 13 17/05/2026   Đồng Hà   whole   80/9/12
  row 14 (empty: skipped, not read)
  row 15 18/05/2026   "thon dong ha"  85/9/13   rejected: unknown_village (ambiguous)
  row 16 20/05/2026   Đông Hà   whole   300/36/60   20/05: whole 300/36/60 > groups 140/30/40
  row 17 21/05/2026   Trung Hà  whole   6/2/2
  row 18 22/05/2026   Đông Hà   Tổ 2    150/12/20   22/05: whole 300/36/60 > groups 240/32/45
  row 19 23/05/2026   Đông Hà   Tổ 3    120/12/30
  row 20 23/05/2026   Đông Hà   Tổ 3    125/12/30   same day, same group: the lower row counts
  row 21 23/05/2026   Đông Hà   Tổ 3    125/12/30   identical to row 20: warning double_entry
                                                    23/05: groups 365/44/75 > whole 300/36/60
  row 22 24/05/2026   Đông Hà   Tổ 1    200/"-"/40  rejected: not_a_number (a count must be a
                                                    whole number; a dash is not one)
  row 23 24/05/2026   Đồng Hà   whole   90/9/14
  row 24 02/06/2026   Đồng Hà   whole   100/10/15   rejected: future_date (after 01/06/2026)

CoQuan: Văn phòng HĐND và UBND xã 22/22, Trạm Y tế xã (NFD) "16"/"16", Trường Tiểu học
  Cẩm Xuyên 40/40: 78 of 78, exactly 100%.

DoanVien: row 2 Nguyễn Văn An, Trung Hà, "Có"; row 3 Trần Thị Lan, Đông Hà (NFD), "x";
  row 4 Hồ Thị Em, Đồng Hà, "-" -> rejected bad_yes_no.

ToLienGia (A/P/H bases): Trung Hà Tổ 1 6/2/2, Tổ 2 6/2/3; Đông Hà (NFD) Tổ 1 "450"/20/100,
  Tổ 2 400/15/100, Tổ 3 400/15/100.

DanhSach (Trung Hà has a valid row, so with count_source = "list" it counts by its list)
  row 2 Nguyễn Văn An 1975, Tổ 1, CCCD typed as the number 42075001234, 14/05, Đảng viên x
        -> counted (A, P)
  row 3 Trần Thị Lan 1990, "thon trung ha", Tổ 2, "2026-05-15", Hội viên x
        -> warning loose_village; counted (A, H)
  row 4 Nguyễn V. An 1975, Tổ 2, CCCD "042 075 001 234" (= row 2's), 16/05, Hội viên x
        -> warning repeat_person (of row 2): not counted, its mark not counted either
  row 5 Lê Thị Hoa 2009, Tổ 1, 16/05 -> warning minor (17 in 2026): listed, not counted
  row 6 Phạm Văn Dũng 1988, Tổ 1, 17/05, Đảng viên "-" -> rejected bad_yes_no
  row 7 Võ Thị Mai 1995, Trung Hà typed in NFD, Tổ 2, 20/05, Hội viên x -> counted (A, H)
  row 8 Lê Văn Bình 2008, Tổ 1, 22/05, Đảng viên "X" -> 18 in 2026: counted (A, P)
  row 9 Hồ Văn Em 1970, "thon dong ha", 18/05 -> rejected unknown_village (so Đông Hà has no list)

FIGURES BY HAND (A/P/H installed)
  Trung Hà by list:  17/05 Tổ 1 1/1/0 + Tổ 2 1/0/1 = 2/1/1;  24/05 Tổ 1 2/2/0 + Tổ 2 2/0/2 = 4/2/2
  Đông Hà:           17/05 140/30/40;  24/05 365/44/75 (row 22 rejected, so Tổ 1 stays at 90)
  Đồng Hà:           17/05 80/9/12;    24/05 90/9/14
  Commune 17/05: A 2+140+80 = 222 of 1462; P 1+30+9 = 40 of 64; H 1+40 = 41 of 305 (no Đồng Hà)
  Commune 24/05: A 4+365+90 = 459;         P 2+44+9 = 55;        H 2+75 = 77
  Three days earlier (pace window): 14/05 A 161, P 32, H 35; 21/05 A 383, P 46, H 62.
  Needed: P trên 85% of 64 -> 55; H đạt 10% of 305 -> 31; A trên 30% of 1462 -> 439;
          CBCCVC trên 85% of 78 -> 67, đạt 100% of 78 -> 78.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
from typing import Any

import pandas as pd
import pytest

from lib import metrics
from lib.campaign import Campaign, load_campaign
from lib.contract import tab_specs
from lib.dataset import Dataset, RawWorkbook
from lib.validation import validate

TODAY = dt.date(2026, 6, 1)
D = dt.date
P1_END, P2_END = D(2026, 5, 17), D(2026, 5, 24)
CAMPAIGN: Campaign = dataclasses.replace(load_campaign(), tally_mode="cumulative", count_source="list")

TH, DONG, DONG2 = "Thôn Trung Hà", "Thôn Đông Hà", "Thôn Đồng Hà"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


CAIDAT = nfd("Cài đặt")  # the tab's title as typed: messages name it so


def headers(key: str) -> list[str]:
    return [c.header for c in next(s for s in tab_specs(CAMPAIGN) if s.key == key).columns]


def messy_tabs() -> dict[str, list[list[Any]]]:
    """The workbook of the module docstring, as fresh lists (a test may add to its copy)."""
    thon_header = [nfd(h) if i in (0, 2, 4) else h for i, h in enumerate(headers("villages"))]
    caidat_header = [nfd(h) if i in (1, 3, 5) else h for i, h in enumerate(headers("installs"))]
    list_header = [nfd(h) if i == 0 else h for i, h in enumerate(headers("people"))]
    return {
        "Thon": [
            thon_header,
            [TH, 2, 12, 4, 5],  # 2
            [nfd(DONG), 3, "1.250", 50, 300],  # 3
            [DONG2, "", 200, 10, "-"],  # 4
        ],
        CAIDAT: [
            ["BÁO CÁO SỐ NGƯỜI ĐÃ CÀI (số cộng dồn)"],  # 1: a title above the header
            caidat_header,  # 2
            ["12/05/2026", DONG2, "", 20, 2, 4],  # 3
            ["13/5/2026", nfd(DONG), "", 100, 20, 30],  # 4
            ["2026-05-14", TH, "", 3, 1, 1],  # 5
            ["2026-05-14", DONG, "Tổ 1", 60, 15, 20],  # 6
            [D(2026, 5, 14), nfd(DONG), "Tổ 2", 50, 10, 15],  # 7
            [D(2026, 5, 14), DONG2, "", 50, 6, 10],  # 8
            ["15.05.2026", DONG, "", 130, 30, 40],  # 9
            ["16/05/2026", DONG, "Tổ 1", 90, 20, 25],  # 10
            ["16/05/2026", TH, "Tổ 1", 2, 1, 1],  # 11
            ["16/05/2026", TH, "Tổ 2", 2, 0, 1],  # 12
            ["17/05/2026", DONG2, "", 80, 9, 12],  # 13
            ["", "", "", "", "", ""],  # 14: empty
            ["18/05/2026", "thon dong ha", "", 85, 9, 13],  # 15
            ["20/05/2026", DONG, "", 300, 36, 60],  # 16
            ["21/05/2026", TH, "", 6, 2, 2],  # 17
            ["22/05/2026", DONG, "Tổ 2", 150, 12, 20],  # 18
            ["23/05/2026", DONG, "Tổ 3", 120, 12, 30],  # 19
            ["23/05/2026", DONG, "Tổ 3", 125, 12, 30],  # 20
            ["23/05/2026", DONG, "Tổ 3", 125, 12, 30],  # 21
            ["24/05/2026", DONG, "Tổ 1", 200, "-", 40],  # 22
            ["24/05/2026", DONG2, "", 90, 9, 14],  # 23
            ["02/06/2026", DONG2, "", 100, 10, 15],  # 24
        ],
        "CoQuan": [
            headers("agencies"),
            ["Văn phòng HĐND và UBND xã", 22, 22],  # 2
            [nfd("Trạm Y tế xã"), "16", "16"],  # 3
            ["Trường Tiểu học Cẩm Xuyên", 40, 40],  # 4
        ],
        "DoanVien": [
            headers("helpers"),
            ["Nguyễn Văn An", TH, "Chi đoàn Trung Hà", "0912345678", "Có", "Đoàn viên nòng cốt"],  # 2
            ["Trần Thị Lan", nfd(DONG), "Chi đoàn Đông Hà", "", "x", ""],  # 3
            ["Hồ Thị Em", DONG2, "Chi đoàn Đồng Hà", "", "-", ""],  # 4
        ],
        "ToLienGia": [
            [nfd(h) for h in headers("family_groups")],
            [TH, "Tổ 1", 6, 2, 2],  # 2
            [TH, "Tổ 2", 6, 2, 3],  # 3
            [nfd(DONG), "Tổ 1", "450", 20, 100],  # 4
            [nfd(DONG), "Tổ 2", 400, 15, 100],  # 5
            [DONG, "Tổ 3", 400, 15, 100],  # 6
        ],
        "DanhSach": [
            list_header,
            ["Nguyễn Văn An", 1975, TH, "Tổ 1", "0912345678", 42075001234, "14/05/2026", "x", ""],  # 2
            ["Trần Thị Lan", 1990, "thon trung ha", "Tổ 2", "", "", "2026-05-15", "", "x"],  # 3
            ["Nguyễn V. An", 1975, TH, "Tổ 2", "0987000111", "042 075 001 234", D(2026, 5, 16), "", "x"],  # 4
            ["Lê Thị Hoa", 2009, TH, "Tổ 1", "", "", "16/05/2026", "", ""],  # 5
            ["Phạm Văn Dũng", 1988, TH, "Tổ 1", "", "", "17/05/2026", "-", ""],  # 6
            ["Võ Thị Mai", 1995, nfd(TH), "Tổ 2", "0905111222", "", "20/05/2026", "", "x"],  # 7
            ["Lê Văn Bình", 2008, TH, "Tổ 1", "", "", "22/05/2026", "X", ""],  # 8
            ["Hồ Văn Em", 1970, "thon dong ha", "Tổ 1", "", "", "18/05/2026", "", ""],  # 9
        ],
    }


def messy(tabs: dict[str, list[list[Any]]] | None = None) -> Dataset:
    return validate(RawWorkbook(tabs or messy_tabs(), "test", "messy workbook"), CAMPAIGN, TODAY)


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return messy()


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts with pandas' missing values (NA, NaN) as None and numpy scalars as Python."""
    return [{k: (None if v is None or v is pd.NA or v != v else v) for k, v in row.items()} for row in
            frame.astype(object).to_dict("records")]  # fmt: skip


# ------------------------------------------------------------------ what was read, what not


def test_rows_read_accepted_rejected_per_tab(ds: Dataset) -> None:
    # Empty row 14 and the one-cell title of "Cài đặt" are not read; HoatDong (optional) is absent.
    assert records(ds.rows) == [
        {"tab": "Thon", "read": 3, "accepted": 3, "rejected": 0},
        {"tab": CAIDAT, "read": 21, "accepted": 18, "rejected": 3},
        {"tab": "CoQuan", "read": 3, "accepted": 3, "rejected": 0},
        {"tab": "DoanVien", "read": 3, "accepted": 2, "rejected": 1},
        {"tab": "ToLienGia", "read": 5, "accepted": 5, "rejected": 0},
        {"tab": "DanhSach", "read": 8, "accepted": 6, "rejected": 2},
    ]
    assert ds.tabs == {
        "villages": "Thon",
        "installs": CAIDAT,
        "agencies": "CoQuan",
        "helpers": "DoanVien",
        "family_groups": "ToLienGia",
        "people": "DanhSach",
    }


def test_rejected_rows(ds: Dataset) -> None:
    rejected = set(zip(ds.rejected["tab"], ds.rejected["row"], ds.rejected["code"], strict=True))
    assert rejected == {
        (CAIDAT, 15, "unknown_village"),  # "thon dong ha": Đông Hà or Đồng Hà
        (CAIDAT, 22, "not_a_number"),  # "-" in a count cell
        (CAIDAT, 24, "future_date"),  # 02/06/2026 after 01/06/2026
        ("DoanVien", 4, "bad_yes_no"),  # "-" for Kỹ năng CNTT
        ("DanhSach", 6, "bad_yes_no"),  # "-" for Đảng viên
        ("DanhSach", 9, "unknown_village"),  # "thon dong ha" again
    }
    assert len(ds.rejected) == 6  # one reason per rejected row


def test_warnings(ds: Dataset) -> None:
    warned = set(zip(ds.warnings["tab"], ds.warnings["row"], ds.warnings["code"], strict=True))
    assert warned == {
        ("Thon", 4, "bad_base"),  # Đồng Hà's "-" for Số hội viên, đoàn viên
        (CAIDAT, 3, "outside_campaign"),  # 12/05/2026, before 13/05/2026: still counted
        (CAIDAT, 21, "double_entry"),  # the same as row 20
        ("DanhSach", 3, "loose_village"),  # "thon trung ha" read as Thôn Trung Hà
        ("DanhSach", 4, "repeat_person"),  # the same CCCD as row 2
        ("DanhSach", 5, "minor"),  # born 2009: 17 in 2026
    }
    assert len(ds.warnings) == 6  # nothing else: no over_base, no missing tab, no bad phone or CCCD


def test_dashes_say_what_to_write(ds: Dataset) -> None:
    by_row = ds.issues.set_index(["tab", "row"])
    yes_no = by_row.loc[("DanhSach", 6)]
    assert (yes_no["column"], yes_no["value"]) == ("Đảng viên", "-")
    assert "Ghi 'Có' (hoặc x) nếu có; 'Không' hoặc để trống nếu không." in yes_no["message_vi"]
    count = by_row.loc[(CAIDAT, 22)]
    assert (count["column"], count["value"]) == ("Trong đó đảng viên", "-")
    assert "không phải là số" in count["message_vi"]
    base = by_row.loc[("Thon", 4)]
    assert (base["column"], base["value"]) == (nfd("Số hội viên, đoàn viên"), "-")
    assert by_row.loc[(CAIDAT, 21)]["message_vi"].startswith(f"Trang '{CAIDAT}', dòng 21: giống hệt dòng 20")
    assert "dòng 2" in by_row.loc[("DanhSach", 4)]["message_vi"]
    assert f"'{TH}'" in by_row.loc[("DanhSach", 3)]["message_vi"]


# ---------------------------------------------------------------------------- clean tables


def test_villages_bases_with_dot_thousands_and_nfd_names(ds: Dataset) -> None:
    assert records(ds.villages) == [
        {"row": 2, "village": TH, "family_groups": 2, "base:adults": 12, "base:party_members": 4,
         "base:association_members": 5},
        {"row": 3, "village": DONG, "family_groups": 3, "base:adults": 1250, "base:party_members": 50,
         "base:association_members": 300},
        {"row": 4, "village": DONG2, "family_groups": None, "base:adults": 200, "base:party_members": 10,
         "base:association_members": None},
    ]  # fmt: skip
    assert ds.villages["village"].tolist()[1] == unicodedata.normalize("NFC", DONG)


def test_person_list(ds: Dataset) -> None:
    columns = ["row", "village", "family_group", "id_number", "adult", "duplicate_of", "counted"]
    columns += ["in:party_members", "in:association_members"]
    assert records(ds.people[columns]) == [
        dict(zip(columns, values, strict=True))
        for values in [
            (2, TH, "Tổ 1", "042075001234", True, None, True, True, False),
            (3, TH, "Tổ 2", "", True, None, True, False, True),
            (4, TH, "Tổ 2", "042075001234", True, 2, False, False, True),
            (5, TH, "Tổ 1", "", False, None, False, False, False),
            (7, TH, "Tổ 2", "", True, None, True, False, True),
            (8, TH, "Tổ 1", "", True, None, True, True, False),
        ]
    ]


def test_family_group_bases(ds: Dataset) -> None:
    assert records(ds.family_groups) == [
        {"row": 2, "village": TH, "family_group": "Tổ 1", "base:adults": 6, "base:party_members": 2,
         "base:association_members": 2},
        {"row": 3, "village": TH, "family_group": "Tổ 2", "base:adults": 6, "base:party_members": 2,
         "base:association_members": 3},
        {"row": 4, "village": DONG, "family_group": "Tổ 1", "base:adults": 450, "base:party_members": 20,
         "base:association_members": 100},
        {"row": 5, "village": DONG, "family_group": "Tổ 2", "base:adults": 400, "base:party_members": 15,
         "base:association_members": 100},
        {"row": 6, "village": DONG, "family_group": "Tổ 3", "base:adults": 400, "base:party_members": 15,
         "base:association_members": 100},
    ]  # fmt: skip


# ------------------------------------------------------------------------- installs by village


INSTALLED = {  # (adults, party_members, association_members) per village
    P1_END: {TH: (2, 1, 1), DONG: (140, 30, 40), DONG2: (80, 9, 12)},
    P2_END: {TH: (4, 2, 2), DONG: (365, 44, 75), DONG2: (90, 9, 14)},
}


@pytest.mark.parametrize("as_of", [P1_END, P2_END], ids=str)
def test_installed_by_village(ds: Dataset, as_of: dt.date) -> None:
    table = metrics.installed_by_village(ds, CAMPAIGN, as_of)
    assert list(table.columns) == ["adults", "party_members", "association_members"]
    got = {village: tuple(int(n) for n in row) for village, row in zip(table.index, table.values, strict=True)}
    assert got == INSTALLED[as_of]


def test_adults_day_by_day(ds: Dataset) -> None:
    """The cumulative rule day by day: Đông Hà takes the larger of its latest whole-village row
    and the sum of its groups' latest rows; Trung Hà counts its list; Đồng Hà its own rows."""
    days = [D(2026, 5, d) for d in range(12, 25)]
    expected = {
        #       12   13   14   15   16   17   18   19   20   21   22   23   24
        TH:    [0,   0,   1,   2,   2,   2,   2,   2,   3,   3,   4,   4,   4],
        DONG:  [0,   100, 110, 130, 140, 140, 140, 140, 300, 300, 300, 365, 365],
        DONG2: [20,  20,  50,  50,  50,  80,  80,  80,  80,  80,  80,  80,  90],
    }  # fmt: skip
    got = {v: [int(metrics.installed_by_village(ds, CAMPAIGN, d).at[v, "adults"]) for d in days] for v in expected}
    assert got == expected
    party = [int(metrics.installed_by_village(ds, CAMPAIGN, d).at[DONG, "party_members"]) for d in days]
    assert party == [0, 20, 25, 30, 30, 30, 30, 30, 36, 36, 36, 44, 44]


# ------------------------------------------------------------------------------ commune targets

FIELDS = ["group", "percent", "deadline", "installed", "base", "coverage", "met", "gap", "remaining_days",
          "needed_per_day", "pace", "projected", "status", "met_at_deadline"]  # fmt: skip

TARGETS = {
    # Seen on 01/06/2026, the Đợt 1 deadline (17/05) is over at both dates: met or missed by the
    # count at the end of 17/05. As of 17/05 the Đợt 2 deadline (24/05) is 7 days ahead.
    P1_END: [
        # trên 85% of 64 needs 55; 40 is 15 short. Pace (40 - 32) / 3; projected 17/05 + ceil(15 / (8/3)) days.
        ("party_members", 85, P1_END, 40, 64, 40 / 64, False, 15, 0, None, 8 / 3, D(2026, 5, 23), "missed", False),
        # đạt 10% of 305 needs 31 (Đồng Hà, without a base, is not added): 41 meets it.
        ("association_members", 10, P1_END, 41, 305, 41 / 305, True, 0, 0, None, 6 / 3, None, "met", True),
        # trên 85% of 78: 78 meets it; agencies have no dated history (no pace).
        ("civil_servants", 85, P1_END, 78, 78, 1.0, True, 0, 0, None, None, None, "met", True),
        # trên 30% of 1462 needs 439: 217 short, ceil(217 / 7) = 31 a day, pace (222 - 161) / 3 < 31.
        ("adults", 30, P2_END, 222, 1462, 222 / 1462, False, 217, 7, 31, 61 / 3, D(2026, 5, 28), "behind", None),
        # đạt 100% of 78: met already, nothing needed.
        ("civil_servants", 100, P2_END, 78, 78, 1.0, True, 0, 7, 0, None, None, "met", None),
    ],
    P2_END: [
        # 55 of 64 is above 85% (met now) but only 40 by 17/05: missed, even though met later.
        ("party_members", 85, P1_END, 55, 64, 55 / 64, True, 0, 0, None, 9 / 3, None, "missed", False),
        ("association_members", 10, P1_END, 77, 305, 77 / 305, True, 0, 0, None, 15 / 3, None, "met", True),
        ("civil_servants", 85, P1_END, 78, 78, 1.0, True, 0, 0, None, None, None, "met", True),
        # 459 of 1462 by the end of 24/05 (seen on 01/06: the day is over): met.
        ("adults", 30, P2_END, 459, 1462, 459 / 1462, True, 0, 0, None, 76 / 3, None, "met", True),
        # CBCCVC at exactly 100%: met with gap 0.
        ("civil_servants", 100, P2_END, 78, 78, 1.0, True, 0, 0, None, None, None, "met", True),
    ],
}


@pytest.mark.parametrize("as_of", [P1_END, P2_END], ids=str)
def test_commune_targets(ds: Dataset, as_of: dt.date) -> None:
    results = metrics.target_results(ds, CAMPAIGN, as_of, today=TODAY)
    got = [
        (e.group, e.target.percent, e.deadline, e.installed, e.base, e.coverage, e.met, e.gap, e.remaining_days,
         e.needed_per_day, e.pace, e.projected, e.status, e.met_at_deadline)
        for e in results
    ]  # fmt: skip
    assert [dict(zip(FIELDS, row, strict=True)) for row in got] == [
        dict(zip(FIELDS, row, strict=True)) for row in TARGETS[as_of]
    ]
    rules = [(e.group, e.target.rule, e.target.phase) for e in results]
    assert rules == [
        ("party_members", "tren", 1),
        ("association_members", "dat", 1),
        ("civil_servants", "tren", 1),
        ("adults", "tren", 2),
        ("civil_servants", "dat", 2),
    ]


# --------------------------------------------------------------------- inter-family groups

GROUP_COLUMNS = ["village", "family_group", "installed", "base", "coverage", "met", "gap", "status"]

FAMILY_GROUPS = {
    # Adults against their final target (trên 30%, deadline 24/05). Needed: 6 -> 2,
    # 450 -> 136, 400 -> 121. Pace over 3 days (from 14/05), needed a day over the 7 days left.
    P1_END: [
        (TH, "Tổ 1", 1, 6, 1 / 6, False, 1, "behind"),  # pace (1 - 1) / 3 < ceil(1 / 7)
        (TH, "Tổ 2", 1, 6, 1 / 6, False, 1, "behind"),  # pace 1/3 < 1
        (DONG, "Tổ 1", 90, 450, 0.2, False, 46, "on_track"),  # pace (90 - 60) / 3 = 10 >= ceil(46 / 7) = 7
        (DONG, "Tổ 2", 50, 400, 0.125, False, 71, "behind"),  # pace 0 < 11
        (DONG, "Tổ 3", 0, 400, 0.0, False, 121, "behind"),  # listed in ToLienGia, nothing reported yet
        (DONG, "", 130, None, None, None, None, "no_data"),  # the whole-village rows (15/05)
    ],
    P2_END: [
        (TH, "Tổ 1", 2, 6, 2 / 6, True, 0, "met"),
        (TH, "Tổ 2", 2, 6, 2 / 6, True, 0, "met"),
        (DONG, "Tổ 1", 90, 450, 0.2, False, 46, "missed"),  # the 24/05 row (200) was rejected
        (DONG, "Tổ 2", 150, 400, 0.375, True, 0, "met"),
        (DONG, "Tổ 3", 125, 400, 0.3125, True, 0, "met"),  # the lower of the two 23/05 rows
        (DONG, "", 300, None, None, None, None, "no_data"),  # the whole-village row of 20/05
    ],
}


@pytest.mark.parametrize("as_of", [P1_END, P2_END], ids=str)
def test_family_group_table(ds: Dataset, as_of: dt.date) -> None:
    expected = [dict(zip(GROUP_COLUMNS, row, strict=True)) for row in FAMILY_GROUPS[as_of]]
    every = metrics.family_group_table(ds, CAMPAIGN, "adults", as_of, today=TODAY)
    assert records(every) == expected  # Đồng Hà names no group: nothing to drill into
    drilled = metrics.family_group_table(ds, CAMPAIGN, "adults", as_of, [DONG], today=TODAY)
    assert records(drilled) == [row for row in expected if row["village"] == DONG]
    assert metrics.villages_with_family_groups(ds) == [TH, DONG]


# ------------------------------------------------------------------------------ cross-check

CROSSCHECK = {  # Trung Hà, the only village with both a list and tallies: (tallies, list) per group
    # Tallies 17/05: whole 3/1/1 (14/05) vs groups 2/1/1 + 2/0/1 = 4/1/2 -> 4/1/2.
    # Tallies 24/05: whole 6/2/2 (21/05) vs groups 4/1/2 -> 6/2/2.
    P1_END: {"adults": (4, 2), "party_members": (1, 1), "association_members": (2, 1)},
    P2_END: {"adults": (6, 4), "party_members": (2, 2), "association_members": (2, 2)},
}


@pytest.mark.parametrize("as_of", [P1_END, P2_END], ids=str)
def test_crosscheck(ds: Dataset, as_of: dt.date) -> None:
    for group, (tallies, listed) in CROSSCHECK[as_of].items():
        table = metrics.crosscheck_table(ds, CAMPAIGN, group, as_of)
        assert records(table) == [
            {"village": TH, "family_group": None, "tallies": tallies, "list": listed,
             "difference": listed - tallies, "counted": "list"},
        ], group  # fmt: skip
    by_group = metrics.crosscheck_table(ds, CAMPAIGN, "adults", as_of, by_family_group=True)
    rows = [(r["family_group"], r["tallies"], r["list"], r["difference"], r["counted"]) for r in records(by_group)]
    assert set(by_group["village"]) == {TH}
    if as_of == P1_END:
        assert rows == [("Tổ 1", 2, 1, -1, "list"), ("Tổ 2", 2, 1, -1, "list"), ("", 3, 0, -3, "list")]
    else:
        assert rows == [("Tổ 1", 2, 2, 0, "list"), ("Tổ 2", 2, 2, 0, "list"), ("", 6, 0, -6, "list")]


# ---------------------------------------------------------------------------------- agencies

UNITS = [("Văn phòng HĐND và UBND xã", 22), ("Trạm Y tế xã", 16), ("Trường Tiểu học Cẩm Xuyên", 40)]
AGENCY_COLUMNS = ["unit", "installed", "base", "coverage", "met", "gap", "needed_per_day", "pace", "projected",
                  "status"]  # fmt: skip


@pytest.mark.parametrize(
    ("as_of", "phase", "needed"),
    [
        (P1_END, 1, None),  # trên 85%, deadline 17/05: over on 01/06
        (P2_END, 1, None),
        (P1_END, None, 0),  # the final target, đạt 100% by 24/05: met already, 0 needed a day
        (P1_END, 2, 0),
        (P2_END, 2, None),
    ],
)
def test_agencies_at_exactly_100_percent(ds: Dataset, as_of: dt.date, phase: int | None, needed: int | None) -> None:
    assert records(ds.agencies) == [
        {"row": row, "unit": unit, "base": n, "installed": n} for row, (unit, n) in enumerate(UNITS, start=2)
    ]
    table = metrics.agency_table(ds, CAMPAIGN, "civil_servants", as_of, phase=phase, today=TODAY)
    assert records(table) == [
        dict(zip(AGENCY_COLUMNS, (unit, n, n, 1.0, True, 0, needed, None, None, "met"), strict=True))
        for unit, n in UNITS
    ]


# -------------------------------------------------------------------------------- helpers


def test_helpers(ds: Dataset) -> None:
    table = metrics.helpers_by_village(ds, CAMPAIGN, P2_END)
    assert records(table) == [
        {"village": TH, "helpers": 1, "helpers_it": 1, "sessions": 0, "attendees": 0, "helpers_short": 2,
         "sessions_short": 1},
        {"village": DONG, "helpers": 1, "helpers_it": 1, "sessions": 0, "attendees": 0, "helpers_short": 2,
         "sessions_short": 1},
        {"village": DONG2, "helpers": 0, "helpers_it": 0, "sessions": 0, "attendees": 0, "helpers_short": 3,
         "sessions_short": 1},
    ]  # fmt: skip


# ------------------------------------------------------------------ where code and docs disagree


def test_doc_listed_person_without_group_counts_once_in_cumulative_mode() -> None:
    """A listed person without a Tổ liên gia is one person, never a whole-village running total."""
    tabs = messy_tabs()
    tabs["DanhSach"].append(["Đặng Thị Phúc", 1985, TH, "", "", "", "18/05/2026", "", ""])  # row 10, no Tổ
    ds = messy(tabs)
    assert ds.people.set_index("row").at[10, "counted"]
    # Docs: Trung Hà by its list, as of 24/05/2026: rows 2, 3, 7, 8 and 10 = 5 adults.
    assert metrics.installed_by_village(ds, CAMPAIGN, P2_END).at[TH, "adults"] == 5


def test_doc_empty_base_cell_is_warned() -> None:
    """docs/workbook.md, tab Thon: an empty base cell is a warning (missing_base), rate '—'."""
    tabs = messy_tabs()
    tabs["Thon"][3][4] = ""  # Đồng Hà's Số hội viên, đoàn viên left empty instead of "-"
    ds = messy(tabs)
    thon = ds.warnings[ds.warnings["tab"] == "Thon"]
    assert thon["code"].tolist() == ["missing_base"] and thon["row"].tolist() == [4]
