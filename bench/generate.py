"""Deterministic large workbooks for the benchmarks (never committed: generated on demand).

province_tabs(): ~70 communes' villages (2.100) with daily tallies per inter-family group,
helpers, sessions, and a DanhSach tab of person rows (1.000.000 by default) as the province
would hold them. cells_payload(): the same data as the JSON a Sheets `values:batchGet` answers,
sized to a number of cells (Google's cap is 10.000.000 per spreadsheet).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

from lib.sample_data import FAMILY, GIVEN, MIDDLE

SEED = 2026
DAYS = [dt.date(2026, 5, 13) + dt.timedelta(days=i) for i in range(12)]
SERIAL0 = (dt.date(2026, 5, 13) - dt.date(1899, 12, 30)).days


def _village(commune: int, index: int) -> str:
    return f"Thôn {index + 1:02d} xã số {commune + 1:02d}"


def province_tabs(communes: int = 70, villages_per_commune: int = 30, people: int = 1_000_000) -> dict[str, list]:
    """Tabs as the Sheets API returns them UNFORMATTED: numbers as numbers, dates as serials."""
    rng = random.Random(SEED)
    thon = [["Thôn", "Số tổ liên gia", "Dân số từ 18 tuổi", "Số đảng viên", "Số hội viên, đoàn viên"]]
    caidat = [["Ngày", "Thôn", "Tổ liên gia", "Số người từ 18 tuổi đã cài", "Trong đó đảng viên",
               "Trong đó hội viên, đoàn viên"]]  # fmt: skip
    doanvien = [["Họ và tên", "Thôn", "Chi đoàn", "Số điện thoại", "Kỹ năng CNTT", "Vai trò"]]
    hoatdong = [["Ngày", "Thôn", "Hình thức", "Số người tham dự"]]
    names: list[str] = []
    for c in range(communes):
        for v in range(villages_per_commune):
            name = _village(c, v)
            names.append(name)
            adults = rng.randrange(400, 1600)
            groups = max(3, adults // 150)
            thon.append([name, groups, adults, rng.randrange(20, 90), rng.randrange(150, 700)])
            for day in range(len(DAYS)):
                for g in range(groups):
                    p, m, o = rng.randrange(0, 2), rng.randrange(0, 3), rng.randrange(0, 6)
                    caidat.append([SERIAL0 + day, name, f"Tổ {g + 1}", p + m + o, p, m])
            for h in range(4):
                doanvien.append([f"Người hỗ trợ {h}", name, f"Chi đoàn {v}", f"09{rng.randrange(10**8):08d}",
                                 "Có" if h < 3 else "Không", "Nòng cốt"])  # fmt: skip
            hoatdong.append([SERIAL0 + rng.randrange(8), name, "Họp thôn", rng.randrange(30, 200)])
    danhsach = [["Họ và tên", "Năm sinh", "Thôn", "Tổ liên gia", "Số điện thoại", "Số CCCD", "Ngày cài",
                 "Đảng viên", "Hội viên, đoàn viên"]]  # fmt: skip
    for i in range(people):
        danhsach.append([
            f"{FAMILY[i % len(FAMILY)]} {MIDDLE[i % len(MIDDLE)]} {GIVEN[i % len(GIVEN)]}",
            1950 + i % 55, names[i % len(names)], f"Tổ {1 + i % 5}", f"09{i:08d}", f"0420{i:08d}",
            SERIAL0 + i % 12, "x" if i % 17 == 0 else "", "x" if i % 3 == 0 else "",
        ])  # fmt: skip
    return {"Thon": thon, "CaiDat": caidat, "CoQuan": [["Đơn vị", "Tổng số CBCCVC, NLĐ", "Đã cài đặt"],
            ["UBND", 40, 38]], "DoanVien": doanvien, "HoatDong": hoatdong, "DanhSach": danhsach}  # fmt: skip


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
    return province_tabs(people=remaining // 9)
