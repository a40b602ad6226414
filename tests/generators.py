"""Deterministic large workbooks for the tests and the benchmarks (bench/*.py import this
module), never committed: generated on demand. The commune-sized sample the app ships is
lib/sample_data.py, whose name lists this module reuses.

province_tabs(): ~70 communes' villages (2.100) with daily tallies per inter-family group,
helpers, sessions, and a DanhSach tab of person rows (1.000.000 by default) as the province
would hold them. cells_payload(): the same data as the JSON a Sheets `values:batchGet` answers,
sized to a number of cells (Google's cap is 10.000.000 per spreadsheet).

Values are what the API returns with valueRenderOption=UNFORMATTED_VALUE and
dateTimeRenderOption=SERIAL_NUMBER: numbers as numbers, dates as day serials, text as text
(phone and ID numbers are text in the sheet, so they keep their leading zero).

DanhSach, one row per person who installed:
  Họ và tên | Năm sinh | Thôn | Tổ liên gia | Số điện thoại | Số CCCD | Ngày cài | Đảng viên |
  Hội viên, đoàn viên
Vietnamese names; birth years 1940–2010 (about 3 % born 2009–2010: under 18 in 2026); phones of
10 digits starting with 0 (about 2 % left empty); 12-digit CCCD numbers (Hà Tĩnh's code 042,
century-and-sex digit, birth year, 6 digits); install dates 13–24/05/2026; "x" marks for party
and association members; the village's own inter-family groups. About 1 % of rows are a second
entry of an earlier person (listed again by another helper, on another day).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

import numpy as np

from lib.sample_data import FAMILY, GIVEN, MIDDLE

SEED = 2026
DAYS = [dt.date(2026, 5, 13) + dt.timedelta(days=i) for i in range(12)]
SERIAL0 = (dt.date(2026, 5, 13) - dt.date(1899, 12, 30)).days
PEOPLE_HEADER = ["Họ và tên", "Năm sinh", "Thôn", "Tổ liên gia", "Số điện thoại", "Số CCCD", "Ngày cài",
                 "Đảng viên", "Hội viên, đoàn viên"]  # fmt: skip
MOBILE_PREFIXES = ["09", "08", "03", "07", "05"]
DUPLICATE_SHARE = 0.01


def _village(commune: int, index: int) -> str:
    return f"Thôn {index + 1:02d} xã số {commune + 1:02d}"


def province_tabs(
    communes: int = 70, villages_per_commune: int = 30, people: int = 1_000_000, seed: int = SEED
) -> dict[str, list]:
    """Tabs as the Sheets API returns them UNFORMATTED: numbers as numbers, dates as serials."""
    rng = random.Random(seed)
    thon = [["Thôn", "Số tổ liên gia", "Dân số từ 18 tuổi", "Số đảng viên", "Số hội viên, đoàn viên"]]
    caidat = [["Ngày", "Thôn", "Tổ liên gia", "Số người từ 18 tuổi đã cài", "Trong đó đảng viên",
               "Trong đó hội viên, đoàn viên"]]  # fmt: skip
    doanvien = [["Họ và tên", "Thôn", "Chi đoàn", "Số điện thoại", "Kỹ năng CNTT", "Vai trò"]]
    hoatdong = [["Ngày", "Thôn", "Hình thức", "Số người tham dự"]]
    names: list[str] = []
    group_counts: list[int] = []
    adult_counts: list[int] = []
    for c in range(communes):
        for v in range(villages_per_commune):
            name = _village(c, v)
            adults = rng.randrange(400, 1600)
            groups = max(3, adults // 150)
            names.append(name)
            group_counts.append(groups)
            adult_counts.append(adults)
            thon.append([name, groups, adults, rng.randrange(20, 90), rng.randrange(150, 700)])
            for day in range(len(DAYS)):
                for g in range(groups):
                    p, m, o = rng.randrange(0, 2), rng.randrange(0, 3), rng.randrange(0, 6)
                    caidat.append([SERIAL0 + day, name, f"Tổ {g + 1}", p + m + o, p, m])
            for h in range(4):
                doanvien.append([f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}", name,
                                 f"Chi đoàn {v + 1}", f"09{rng.randrange(10**8):08d}",
                                 "Có" if h < 3 else "Không", "Nòng cốt"])  # fmt: skip
            hoatdong.append([SERIAL0 + rng.randrange(8), name, "Họp thôn", rng.randrange(30, 200)])
    tabs = {
        "Thon": thon,
        "CaiDat": caidat,
        "CoQuan": [["Đơn vị", "Tổng số CBCCVC, NLĐ", "Đã cài đặt"], ["UBND", 40, 38]],
        "DoanVien": doanvien,
        "HoatDong": hoatdong,
    }
    tabs["DanhSach"] = [PEOPLE_HEADER, *people_rows(people, names, group_counts, adult_counts)]
    return tabs


def people_rows(n: int, villages: list[str], group_counts: list[int], adult_counts: list[int]) -> list[list]:
    """n DanhSach rows (deterministic); villages weighted by their adult population."""
    if n <= 0 or not villages:
        return []
    g = np.random.default_rng(SEED)
    weights = np.asarray(adult_counts, dtype=float)
    village = g.choice(len(villages), size=n, p=weights / weights.sum())
    group = (g.random(n) * np.asarray(group_counts)[village]).astype(np.int64) + 1
    # birth years 1940-2010: adults spread over 1940-2008, about 3 % under 18 (2009-2010)
    minor = g.random(n) < 0.03
    year = np.where(minor, g.integers(2009, 2011, n), g.integers(1940, 2009, n))
    sex = g.integers(0, 2, n)  # 0 male, 1 female
    family = g.integers(0, len(FAMILY), n)
    given = g.integers(0, len(GIVEN), n)
    middle_male = [i for i, m in enumerate(MIDDLE) if not m.startswith("Thị")]
    middle_female = [i for i, m in enumerate(MIDDLE) if m.startswith("Thị") or m in ("Ngọc", "Thanh", "Minh")]
    middle = np.where(
        sex == 1,
        np.asarray(middle_female)[g.integers(0, len(middle_female), n)],
        np.asarray(middle_male)[g.integers(0, len(middle_male), n)],
    )
    prefix = g.integers(0, len(MOBILE_PREFIXES), n)
    phone_rest = g.integers(0, 10**8, n)
    no_phone = g.random(n) < 0.02
    id_rest = g.permutation(10**6)[np.arange(n) % 10**6]  # distinct people, distinct IDs
    century_sex = np.where(year >= 2000, 2, 0) + sex  # CCCD digit 4: century and sex
    day = g.integers(0, len(DAYS), n)
    party = (g.random(n) < 0.06) & ~minor
    member = g.random(n) < 0.35
    duplicate = g.random(n) < DUPLICATE_SHARE
    duplicate[0] = False
    earlier = (g.random(n) * np.arange(n)).astype(np.int64)  # a uniformly chosen earlier row
    later_day = np.minimum(day + g.integers(1, 4, n), len(DAYS) - 1)

    rows: list[list] = []
    append = rows.append
    for i, (v, t, y, fa, mi, gi, pr, pn, np_, ir, cs, d, pa, me, du) in enumerate(
        zip(
            village.tolist(), group.tolist(), year.tolist(), family.tolist(), middle.tolist(), given.tolist(),
            prefix.tolist(), phone_rest.tolist(), no_phone.tolist(), id_rest.tolist(), century_sex.tolist(),
            day.tolist(), party.tolist(), member.tolist(), duplicate.tolist(), strict=True,
        )
    ):  # fmt: skip
        if du:  # the same person listed again by another helper, a few days later
            again = list(rows[int(earlier[i])])
            again[6] = max(again[6], SERIAL0 + int(later_day[i]))
            append(again)
            continue
        append([
            f"{FAMILY[fa]} {MIDDLE[mi]} {GIVEN[gi]}",
            y,
            villages[v],
            f"Tổ {t}",
            "" if np_ else f"{MOBILE_PREFIXES[pr]}{pn:08d}",
            f"042{cs}{y % 100:02d}{ir:06d}",
            SERIAL0 + d,
            "x" if pa else "",
            "x" if me else "",
        ])  # fmt: skip
    return rows


def cells(tabs: dict[str, list]) -> int:
    return sum(len(r) for rows in tabs.values() for r in rows)


def batch_get_payload(tabs: dict[str, list[list[Any]]]) -> bytes:
    """The JSON body of values:batchGet for these tabs (what Google sends over the wire)."""
    ranges = [
        {"range": f"'{title}'!A1:Z{len(rows)}", "majorDimension": "ROWS", "values": rows}
        for title, rows in tabs.items()
    ]
    return json.dumps({"spreadsheetId": "bench", "valueRanges": ranges}, ensure_ascii=False).encode()


def tabs_with_cells(target_cells: int) -> dict[str, list]:
    """A province workbook whose person list is sized so the whole has ~target_cells cells."""
    base = province_tabs(people=0)
    remaining = max(0, target_cells - cells(base))
    return province_tabs(people=remaining // len(PEOPLE_HEADER))


def tally_tabs_with_cells(target_cells: int) -> dict[str, list]:
    """A workbook of ~target_cells cells with no person list: as many communes' villages (and
    their daily tallies, the tab the app validates row by row) as fill it."""
    per_commune = cells(province_tabs(communes=10, people=0)) / 10
    return province_tabs(communes=max(1, round(target_cells / per_commune)), people=0)


# ---------------------------------------------------------------- a province of commune files

# Communes of Hà Tĩnh, for provinces that read like real ones (numbered beyond the list).
COMMUNE_NAMES = [
    "Cẩm Xuyên", "Cẩm Thành", "Cẩm Bình", "Cẩm Vịnh", "Cẩm Duệ", "Cẩm Quan", "Cẩm Mỹ", "Cẩm Trung",
    "Cẩm Lạc", "Cẩm Hưng", "Thạch Hà", "Thạch Kênh", "Thạch Khê", "Thạch Lạc", "Thạch Xuân", "Đồng Tiến",
    "Kỳ Anh", "Kỳ Khang", "Kỳ Lạc", "Kỳ Hoa", "Kỳ Văn", "Kỳ Xuân", "Hương Sơn", "Sơn Tây", "Sơn Kim",
    "Sơn Giang", "Sơn Tiến", "Đức Thọ", "Đức Minh", "Đức Đồng", "Nghi Xuân", "Xuân Lĩnh", "Tiên Điền",
    "Can Lộc", "Tùng Lộc", "Gia Hanh", "Hồng Lộc", "Lộc Hà", "Mai Phụ", "Hương Khê", "Phúc Trạch",
    "Hương Đô", "Vũ Quang", "Hương Minh", "Thạch Điền", "Cổ Đạm", "Xuân Viên", "Đan Hải", "Kỳ Sơn",
]  # fmt: skip


def commune_name(index: int) -> str:
    base = COMMUNE_NAMES[index % len(COMMUNE_NAMES)]
    return base if index < len(COMMUNE_NAMES) else f"{base} {index // len(COMMUNE_NAMES) + 1}"


def commune_tabs(index: int, adults: int, people_share: float = 0.0) -> dict[str, list]:
    """One commune of about `adults` adults (villages of 400–1.600), its own random tallies, and
    a DanhSach list of `people_share` × adults rows (0: none)."""
    villages = max(1, round(adults / 1000))
    people = int(adults * people_share)
    tabs = province_tabs(communes=1, villages_per_commune=villages, people=people, seed=SEED + index)
    if not people_share:
        tabs.pop("DanhSach")
    return tabs


def write_province(
    folder: Any,
    adults: list[int],
    broken: tuple[str, ...] = (),
    name: str = "Hà Tĩnh",
    people_share: float = 0.0,
    extra: str = "",
) -> Any:
    """province.toml and one .xlsx per commune in `folder` (a pathlib.Path); `broken` adds
    communes that fail: "shape" (tab Thon missing), "hostile" (not a zip at all), "missing" (no
    file). Returns province.toml's path."""
    from lib.sources.files import write_xlsx

    folder.mkdir(parents=True, exist_ok=True)
    lines = [f'province = "{name}"', extra]
    for i, size in enumerate(adults):
        file = f"xa-{i + 1:02d}.xlsx"
        (folder / file).write_bytes(write_xlsx(commune_tabs(i, size, people_share)))
        lines += ["[[commune]]", f'name = "{commune_name(i)}"', f'source = "{file}"']
    for j, kind in enumerate(broken):
        i, file = len(adults) + j, f"xa-{len(adults) + j + 1:02d}.xlsx"
        if kind == "shape":
            (folder / file).write_bytes(write_xlsx({k: v for k, v in commune_tabs(i, 2000).items() if k != "Thon"}))
        elif kind == "hostile":
            (folder / file).write_bytes(b"PK\x03\x04 not a zip at all")
        lines += ["[[commune]]", f'name = "{commune_name(i)}"', f'source = "{file}"']
    path = folder / "province.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
