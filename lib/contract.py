"""The workbook the village teams fill in: its tabs and columns, and how they are found.

Tab names and headers are matched on `parsing.header_key`, so "Cài đặt", "cai dat" and
"CAI DAT" are one tab. Village-group columns come from the campaign's groups, so a new group
in `campaign.toml` is a new column here without code changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lib.campaign import Campaign
from lib.parsing import header_key, is_blank
from lib.privacy import mask_text

# How far down a tab the header row may sit (teams sometimes put a title above it).
HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    required: bool = True
    aliases: tuple[str, ...] = ()

    def match_keys(self) -> set[str]:
        return {header_key(h) for h in (self.header, *self.aliases)}


@dataclass(frozen=True)
class TabSpec:
    key: str  # stable English name used in code
    name: str  # the tab name teams see
    columns: tuple[Column, ...]
    # "required": nothing can be computed without it; "expected": its figures are missing
    # without it (a warning); "optional": nobody is told when it is absent.
    presence: str = "required"
    aliases: tuple[str, ...] = ()

    def match_keys(self) -> set[str]:
        return {header_key(n) for n in (self.name, *self.aliases)}


VILLAGE = Column("village", "Thôn", aliases=("Tên thôn", "Thôn, xóm", "Thôn/tổ dân phố"))
FAMILY_GROUP = Column("family_group", "Tổ liên gia", aliases=("Tổ", "Tên tổ liên gia"))


def tab_specs(campaign: Campaign) -> tuple[TabSpec, ...]:
    groups = campaign.village_groups
    return (
        TabSpec(
            "villages",
            "Thon",
            (
                VILLAGE,
                Column("family_groups", "Số tổ liên gia", required=False),
                *(Column(f"base:{g.key}", g.base_column) for g in groups),
            ),
            aliases=("Thôn", "Danh sách thôn"),
        ),
        TabSpec(
            "installs",
            "CaiDat",
            (
                Column("date", "Ngày", aliases=("Ngày báo cáo",)),
                VILLAGE,
                Column("family_group", "Tổ liên gia", required=False),
                *(Column(f"count:{g.key}", g.installed_column) for g in groups),
            ),
            aliases=("Cài đặt",),
        ),
        TabSpec(
            "agencies",
            "CoQuan",
            (
                Column("unit", "Đơn vị", aliases=("Cơ quan, đơn vị", "Cơ quan")),
                Column("base", "Tổng số CBCCVC, NLĐ", aliases=("Tổng số",)),
                Column("installed", "Đã cài đặt", aliases=("Đã cài",)),
            ),
            presence="expected",
            aliases=("Cơ quan",),
        ),
        TabSpec(
            "helpers",
            "DoanVien",
            (
                Column("name", "Họ và tên", aliases=("Họ tên",)),
                VILLAGE,
                Column("branch", "Chi đoàn", required=False),
                Column("phone", "Số điện thoại", required=False, aliases=("Điện thoại", "SĐT")),
                Column("it_skill", "Kỹ năng CNTT", aliases=("Kỹ năng công nghệ thông tin",)),
                Column("role", "Vai trò", required=False),
            ),
            presence="expected",
            aliases=("Đoàn viên", "Lực lượng hỗ trợ"),
        ),
        TabSpec(
            "family_groups",
            "ToLienGia",
            (
                VILLAGE,
                FAMILY_GROUP,
                *(Column(f"base:{g.key}", g.base_column, required=False) for g in groups),
            ),
            presence="optional",
            aliases=("Tổ liên gia", "Danh sách tổ liên gia"),
        ),
        TabSpec(
            "people",
            "DanhSach",
            (
                Column("name", "Họ và tên", aliases=("Họ tên",)),
                Column("birth_year", "Năm sinh", aliases=("Ngày sinh", "Ngày tháng năm sinh")),
                VILLAGE,
                Column("family_group", "Tổ liên gia", required=False),
                Column("phone", "Số điện thoại", required=False, aliases=("Điện thoại", "SĐT")),
                Column("id_number", "Số CCCD", required=False, aliases=("CCCD", "Số định danh", "Số CCCD/ĐDCN")),
                Column("date", "Ngày cài", aliases=("Ngày cài đặt",)),
                *(Column(f"in:{g.key}", g.list_column, required=False) for g in groups if g.list_column),
            ),
            presence="optional",
            aliases=("Danh sách", "Danh sách đã cài", "Danh sách người đã cài"),
        ),
        TabSpec(
            "sessions",
            "HoatDong",
            (
                Column("date", "Ngày"),
                VILLAGE,
                Column("kind", "Hình thức", required=False),
                Column("attendees", "Số người tham dự", required=False, aliases=("Số người",)),
            ),
            presence="optional",
            aliases=("Hoạt động",),
        ),
    )


def present_tabs(spec: TabSpec, tabs: dict[str, list[list[Any]]]) -> list[str]:
    """Every tab that is this spec's tab and holds something: a tab with no filled cell is as
    good as absent (a clerk's freshly added, still empty tab)."""
    wanted = spec.match_keys()
    return [title for title, rows in tabs.items() if header_key(title) in wanted and not _empty(rows)]


def _empty(rows: list[list[Any]]) -> bool:
    return all(is_blank(c) for row in rows for c in row)


def check_shape(specs: tuple[TabSpec, ...], tabs: dict[str, list[list[Any]]]) -> list[tuple[str, dict[str, str]]]:
    """What makes this workbook a changed shape rather than data (docs/workbook.md, "Bảng tính
    đổi cấu trúc"): a required tab missing, two tabs matching one name, or a tab present
    without one of its required headers. Each problem is a texts key and its values; none: ok.

    A tab that exists is named as typed; a missing one by the name it must have.
    """
    problems: list[tuple[str, dict[str, str]]] = []
    found = mask_text(", ".join(f"'{title}'" for title in tabs)) or "—"  # a phone typed as a title or header
    for spec in specs:
        titles = present_tabs(spec, tabs)
        if len(titles) > 1:
            shown = mask_text(", ".join(f"'{title}'" for title in titles))
            problems.append(("shape.two_tabs", {"tab": spec.name, "titles": shown}))
            continue
        if not titles:
            if spec.presence == "required":
                problems.append(("shape.missing_tab", {"tab": spec.name, "found": found}))
            continue
        rows = tabs[titles[0]]
        header = match_header(spec, rows)
        headers = mask_text(", ".join(f"'{h}'" for h in header.headers if h)) or "—"
        for column in header.missing:
            tab, row = mask_text(titles[0]), str(header.row_index + 1)
            values = {"tab": tab, "row": row, "column": column.header, "found": headers}
            problems.append(("shape.missing_column", values))
    return problems


@dataclass(frozen=True)
class HeaderMatch:
    row_index: int  # 0-based index of the header row in the tab
    positions: dict[str, int]  # field -> 0-based column index
    missing: tuple[Column, ...]  # required columns not found
    duplicates: tuple[tuple[str, int], ...]  # (header, column index) ignored as repeats
    headers: tuple[str, ...]  # the header cells as typed


def match_header(spec: TabSpec, rows: list[list[Any]]) -> HeaderMatch:
    """Find the header row and map its columns: the first row naming every required column,
    else the one naming most columns (its missing columns are then reported)."""
    best: HeaderMatch | None = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if all(is_blank(c) for c in row):
            continue
        match = _match_row(spec, index, row)
        if not match.missing:
            return match
        if best is None or len(match.positions) > len(best.positions):
            best = match
    if best is None:
        return HeaderMatch(0, {}, tuple(c for c in spec.columns if c.required), (), ())
    return best


def _match_row(spec: TabSpec, index: int, row: list[Any]) -> HeaderMatch:
    positions: dict[str, int] = {}
    duplicates: list[tuple[str, int]] = []
    for col_index, cell in enumerate(row):
        key = header_key(cell)
        if not key:
            continue
        for column in spec.columns:
            if key in column.match_keys():
                if column.field in positions:
                    duplicates.append((str(cell), col_index))
                else:
                    positions[column.field] = col_index
                break
    missing = tuple(c for c in spec.columns if c.required and c.field not in positions)
    headers = tuple("" if is_blank(c) else str(c).strip() for c in row)
    return HeaderMatch(index, positions, missing, tuple(duplicates), headers)


def column_letter(index: int) -> str:
    """0 -> 'A', 27 -> 'AB': how the spreadsheet names a column."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
