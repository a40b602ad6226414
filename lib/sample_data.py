"""A deterministic, plausible sample workbook for a commune of ~30 villages.

It behaves like the real sheet: mostly clean reports typed in the usual mixed ways (text
'1.234', numbers, dates as text or real dates), a few villages lagging, and a handful of bad
rows so the data-quality page has something to show. Same seed, same workbook, always.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

SEED = 20260513

VILLAGES = [
    "Trung Hà",
    "Đông Hà",
    "Đồng Hà",
    "Tây Hà",
    "Nam Hà",
    "Bắc Hà",
    "Phú Hòa",
    "Phú Thành",
    "Tân Thành",
    "Yên Thành",
    "Văn Thành",
    "Xuân Thành",
    "Hưng Thịnh",
    "Long Thịnh",
    "Đông Vĩnh",
    "Tây Vĩnh",
    "Nam Vĩnh",
    "Trung Lộc",
    "Đông Lộc",
    "Thượng Lộc",
    "Hạ Lộc",
    "Minh Tiến",
    "Quyết Tiến",
    "Tân Tiến",
    "Hồng Lam",
    "Thanh Sơn",
    "Bình Sơn",
    "Liên Hương",
    "Mỹ Hòa",
    "Kim Thành",
]
LAGGING = {"Bình Sơn", "Hạ Lộc", "Quyết Tiến", "Liên Hương"}
AGENCIES = [
    ("Đảng ủy xã", 14, 14),
    ("Văn phòng HĐND và UBND xã", 22, 22),
    ("Phòng Kinh tế", 9, 9),
    ("Phòng Văn hóa - Xã hội", 10, 10),
    ("Trung tâm Phục vụ hành chính công", 12, 12),
    ("Ủy ban MTTQ và các đoàn thể", 11, 10),
    ("Công an xã", 38, 38),
    ("Ban Chỉ huy Quân sự xã", 8, 8),
    ("Trạm Y tế xã", 16, 15),
    ("Trường Mầm non Cẩm Xuyên", 34, 30),
    ("Trường Tiểu học Cẩm Xuyên", 41, 41),
    ("Trường THCS Cẩm Xuyên", 45, 44),
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phan", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Dương", "Phạm"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thị Thu", "Hữu", "Ngọc", "Quang", "Thanh"]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hiếu",
    "Hoa",
    "Hùng",
    "Huyền",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Ngọc",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Trung",
    "Tuấn",
    "Vân",
    "Vy",
    "Yến",
]
KINDS = ["Họp thôn", "Loa truyền thanh", "Nhóm Zalo thôn", "Đi từng ngõ, gõ từng nhà", "Lớp tập huấn"]
DAYS = [dt.date(2026, 5, 13) + dt.timedelta(days=i) for i in range(12)]
PHASE1_END = dt.date(2026, 5, 17)


def _vn(n: int) -> str:
    """How a clerk types a count: '1.234'."""
    return f"{n:,}".replace(",", ".")


def _cell_count(rng: random.Random, n: int) -> Any:
    return _vn(n) if rng.random() < 0.5 else n


def _cell_date(rng: random.Random, d: dt.date) -> Any:
    roll = rng.random()
    if roll < 0.4:
        return d
    if roll < 0.7:
        return f"{d.day}/{d.month}/{d.year}"
    return d.strftime("%d/%m/%Y")


def _split(rng: random.Random, total: int, parts: list[float]) -> list[int]:
    """Spread `total` over days in proportion to `parts`, exactly."""
    weights = [p * (0.7 + 0.6 * rng.random()) for p in parts]
    raw = [total * w / sum(weights) for w in weights]
    counts = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)[: total - sum(counts)]:
        counts[i] += 1
    return counts


def sample_tabs() -> dict[str, list[list[Any]]]:
    rng = random.Random(SEED)
    thon = [
        ["DANH SÁCH THÔN - XÃ CẨM XUYÊN"],
        ["Thôn", "Số tổ liên gia", "Dân số từ 18 tuổi", "Số đảng viên", "Số hội viên, đoàn viên"],
    ]
    caidat = [
        [
            "Ngày",
            "Thôn",
            "Tổ liên gia",
            "Số người từ 18 tuổi đã cài",
            "Trong đó đảng viên",
            "Trong đó hội viên, đoàn viên",
        ]
    ]
    doanvien = [["Họ và tên", "Thôn", "Chi đoàn", "Số điện thoại", "Kỹ năng CNTT", "Vai trò"]]
    hoatdong = [["Ngày", "Thôn", "Hình thức", "Số người tham dự"]]
    phase1 = [1 if d <= PHASE1_END else 0 for d in DAYS]
    phase2 = [0.3 if d <= PHASE1_END else 1 for d in DAYS]
    for index, name in enumerate(VILLAGES):
        lagging = name in LAGGING
        adults = rng.randrange(420, 1650)
        party = max(8, round(adults * rng.uniform(0.035, 0.07)))
        members = round(adults * rng.uniform(0.35, 0.55))
        groups = max(3, adults // 140)
        thon.append([f"Thôn {name}", groups, _cell_count(rng, adults), party, _cell_count(rng, members)])
        party_done = round(party * (rng.uniform(0.6, 0.8) if lagging else rng.uniform(0.88, 1.0)))
        member_done = round(members * (rng.uniform(0.05, 0.09) if lagging else rng.uniform(0.12, 0.25)))
        adult_rate = rng.uniform(0.18, 0.27) if lagging else rng.uniform(0.31, 0.45)
        adults_done = max(round(adults * adult_rate), party_done + member_done)
        others = adults_done - party_done - member_done
        party_days = _split(rng, party_done, phase1)
        member_days = _split(rng, member_done, [0.6 + p for p in phase1])
        other_days = _split(rng, others, phase2)
        by_group = index % 5 == 0  # some teams report per inter-family group
        for day, p, m, o in zip(DAYS, party_days, member_days, other_days, strict=True):
            if p + m + o == 0:
                continue
            if by_group:
                per_group = [_split(rng, x, [1.0] * groups) for x in (p, m, o)]
                for g, (gp, gm, go) in enumerate(zip(*per_group, strict=True)):
                    if gp + gm + go:
                        caidat.append(
                            [
                                _cell_date(rng, day),
                                f"Thôn {name}",
                                f"Tổ {g + 1}",
                                _cell_count(rng, gp + gm + go),
                                gp,
                                _cell_count(rng, gm),
                            ]
                        )
            else:
                caidat.append(
                    [_cell_date(rng, day), f"Thôn {name}", "", _cell_count(rng, p + m + o), p, _cell_count(rng, m)]
                )
        helpers = 2 if lagging else rng.randrange(3, 6)
        for h in range(helpers + 1):
            full = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            phone = "09" + "".join(str(rng.randrange(10)) for _ in range(8))
            skilled = h < helpers
            doanvien.append(
                [
                    full,
                    f"Thôn {name}",
                    f"Chi đoàn {name}",
                    phone,
                    rng.choice(["Có", "x", "có"]) if skilled else "Không",
                    "Đoàn viên nòng cốt" if skilled else "Hỗ trợ tuyên truyền",
                ]
            )
        if not lagging or index % 2:
            for _ in range(rng.randrange(1, 4)):
                hoatdong.append(
                    [_cell_date(rng, rng.choice(DAYS[:8])), f"Thôn {name}", rng.choice(KINDS), rng.randrange(25, 210)]
                )
    caidat.extend(_bad_tally_rows(caidat))
    thon.append(["Thôn Trung Hà", 6, "1.020", 61, "480"])  # a village entered twice
    doanvien.append(["Lê Thị Hương", "Thôn Nam Hà", "Chi đoàn Nam Hà", "0987654321", "biết chút ít", "Hỗ trợ"])
    hoatdong.append(["15/5/2026", "thon tay ha", "Loa truyền thanh", ""])
    coquan = [["Đơn vị", "Tổng số CBCCVC, NLĐ", "Đã cài đặt"], *[list(a) for a in AGENCIES]]
    tabs = {"Thon": thon, "CaiDat": caidat, "CoQuan": coquan, "DoanVien": doanvien, "HoatDong": hoatdong}
    # Drawn from a second generator, so the tabs above stay exactly as they were without lists.
    listed = random.Random(SEED + 1)
    tabs["ToLienGia"] = _family_group_bases(listed, thon)
    tabs["DanhSach"] = _person_list(listed, caidat)
    return tabs


# Villages whose teams also keep the list of people who installed (tab DanhSach).
LISTED = ("Trung Hà", "Văn Thành")


def _family_group_bases(rng: random.Random, thon: list[list[Any]]) -> list[list[Any]]:
    """Each listed village's bases spread over its inter-family groups."""
    rows = [["Thôn", "Tổ liên gia", "Dân số từ 18 tuổi", "Số đảng viên", "Số hội viên, đoàn viên"]]
    for row in thon[2:]:
        name = row[0].removeprefix("Thôn ")
        if name not in LISTED or any(r[0] == row[0] for r in rows[1:]):
            continue
        groups = int(row[1])
        bases = [_split(rng, int(str(v).replace(".", "")), [1.0] * groups) for v in row[2:5]]
        for g, (adults, party, members) in enumerate(zip(*bases, strict=True)):
            rows.append([row[0], f"Tổ {g + 1}", adults, party, members])
    return rows


def _person(rng: random.Random, party: bool) -> tuple[str, int, str, str]:
    full = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    year = rng.randrange(1950, 1996) if party else rng.randrange(1946, 2008)
    phone = rng.choice(["09", "03", "08"]) + "".join(str(rng.randrange(10)) for _ in range(8))
    cccd = "042" + "".join(str(rng.randrange(10)) for _ in range(9)) if rng.random() < 0.8 else ""
    return full, year, phone, cccd


def _person_list(rng: random.Random, caidat: list[list[Any]]) -> list[list[Any]]:
    """One row per person the listed villages' tallies count, as a team would keep it: a few
    left off, a few entered twice, some under 18 and one unreadable year of birth."""
    header = ["Họ và tên", "Năm sinh", "Thôn", "Tổ liên gia", "Số điện thoại", "Số CCCD", "Ngày cài"]
    rows = [[*header, "Đảng viên", "Hội viên, đoàn viên"]]
    for tally in caidat[1:]:
        if tally[1].removeprefix("Thôn ") not in LISTED or tally[2] == "":
            continue
        total = int(str(tally[3]).replace(".", ""))
        party, members = int(tally[4]), int(str(tally[5]).replace(".", ""))
        for k in range(total):
            is_party, is_member = k < party, party <= k < party + members
            if rng.random() < 0.02:  # not written down
                continue
            name, year, phone, cccd = _person(rng, is_party)
            marks = ["x" if is_party else "", "x" if is_member else ""]
            rows.append([name, year, tally[1], tally[2], phone, cccd, tally[0], *marks])
    people = rows[1:]
    for k in range(6):  # the same person entered again, typed a little differently
        again = list(rng.choice(people))
        if k % 2:
            again[0] = again[0].lower()
        if k % 3 == 0:
            again[4] = f"{again[4][:4]} {again[4][4:7]} {again[4][7:]}"
        rows.append(again)
    for k in range(3):  # children helped to install: listed, not counted among adults
        name, _, phone, _ = _person(rng, False)
        rows.append([name, 2010 + k, "Thôn Trung Hà", "Tổ 2", phone, "", "20/5/2026", "", ""])
    rows.append(["Phan Văn Tùng", "19x5", "Thôn Văn Thành", "Tổ 1", "0912000111", "", "21/5/2026", "", ""])
    return rows


def _bad_tally_rows(caidat: list[list[Any]]) -> list[list[Any]]:
    """The mistakes real teams make, one of each, plus near-misses that are accepted."""
    return [
        ["18/5/2026", "Thôn Xóm Mới", "", 12, 1, 3],  # unknown village
        ["32/5/2026", "Thôn Tây Hà", "", 8, 0, 2],  # impossible date
        ["19/5/2026", "Thôn Nam Hà", "", "1,5", 0, 0],  # not a whole number
        ["20/5/2026", "Thôn Bắc Hà", "", 5, 7, 0],  # "of which" larger than the total
        ["21/5/2026", "Thôn Phú Thành", "", "mười", 0, 0],  # words, not digits
        ["14/05/2027", "Thôn Yên Thành", "", 9, 1, 2],  # after today
        ["20/5/2026", "thon trung ha", "", 6, 0, 2],  # typed without diacritics: accepted, warned
        ["20/5/2026", "thon dong ha", "", 4, 0, 1],  # ambiguous: Đông Hà or Đồng Hà
        ["10/5/2026", "Thôn Kim Thành", "", 3, 1, 0],  # before the campaign: accepted, warned
        list(caidat[5]),  # the same report typed twice: accepted, warned
    ]
