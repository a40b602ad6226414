"""The blank workbook template that village teams download and fill in.

Why it is built from code and not shipped as a file: the columns come from `lib.contract`,
which takes the village-group columns from `campaign.toml`. A template file kept by hand
would drift from the contract the day a group is added or renamed; this one cannot. Its two
example rows per tab show how to type each cell (dates, counts, "Có"/"Không", a phone
number as text) and are written to pass validation cleanly, so a team that starts from the
template starts with no red rows. A test checks both properties.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from lib.campaign import Campaign, Group
from lib.contract import TabSpec, tab_specs
from lib.sources.files import write_xlsx

Row = list[Any]

# The example villages; both also appear in the bundled sample workbook.
EXAMPLE_VILLAGES = ("Thôn Trung Hà", "Thôn Đông Hà")
# Per example village: a base count for each top-level village group, and one tally row's count.
_BASES = (1250, 860)
_INSTALLED = (45, 28)
# The share of its parent's count ("Trong đó ...") an example gives the n-th subgroup of a
# group: small for the first (party members), larger for the next (association members).
# Each share is below 1, so a subgroup never exceeds its total; the first two sum below 1.
_BASE_SHARES = (Fraction(1, 20), Fraction(2, 5), Fraction(1, 10), Fraction(1, 4))
_INSTALLED_SHARES = (Fraction(1, 4), Fraction(2, 5), Fraction(1, 10), Fraction(1, 5))

# Values for the fixed (non-group) columns, keyed by (tab key, field): one value per example row.
_FIXED: dict[tuple[str, str], tuple[Any, Any]] = {
    ("villages", "village"): EXAMPLE_VILLAGES,
    ("villages", "family_groups"): (9, 6),
    ("installs", "village"): EXAMPLE_VILLAGES,
    ("installs", "family_group"): ("Tổ 1", "Tổ 4"),
    ("agencies", "unit"): ("Văn phòng HĐND và UBND xã", "Trạm Y tế xã"),
    ("agencies", "base"): (22, 16),
    ("agencies", "installed"): (20, 16),
    ("helpers", "name"): ("Nguyễn Văn An", "Trần Thị Lan"),
    ("helpers", "village"): EXAMPLE_VILLAGES,
    ("helpers", "branch"): ("Chi đoàn Trung Hà", "Chi đoàn Đông Hà"),
    ("helpers", "phone"): ("0912345678", "0987654321"),
    ("helpers", "it_skill"): ("Có", "Không"),
    ("helpers", "role"): ("Đoàn viên nòng cốt", "Hỗ trợ tuyên truyền"),
    ("sessions", "village"): EXAMPLE_VILLAGES,
    ("sessions", "kind"): ("Họp thôn", "Lớp tập huấn"),
    ("sessions", "attendees"): (120, 45),
    ("family_groups", "village"): EXAMPLE_VILLAGES,
    ("family_groups", "family_group"): ("Tổ 1", "Tổ 4"),
    ("people", "name"): ("Nguyễn Văn An", "Trần Thị Lan"),
    ("people", "birth_year"): (1975, 1990),
    ("people", "village"): EXAMPLE_VILLAGES,
    ("people", "family_group"): ("Tổ 1", "Tổ 4"),
    ("people", "phone"): ("0912345678", "0987654321"),
    ("people", "id_number"): ("042075001234", ""),
}
# An inter-family group's example base: its village's base shared over the village's groups.
_GROUPS_PER_VILLAGE = (9, 6)


def template_tabs(campaign: Campaign) -> dict[str, list[Row]]:
    """Tab name -> [header row, example row, example row], columns in contract order."""
    bases = _group_values(campaign, _BASES, _BASE_SHARES)
    installed = _group_values(campaign, _INSTALLED, _INSTALLED_SHARES)
    dates = _example_dates(campaign)
    tabs: dict[str, list[Row]] = {}
    for spec in tab_specs(campaign):
        rows: list[Row] = [[c.header for c in spec.columns]]
        for i in range(len(EXAMPLE_VILLAGES)):
            rows.append([_value(spec, c.field, i, bases, installed, dates) for c in spec.columns])
        tabs[spec.name] = rows
    return tabs


def template_xlsx(campaign: Campaign) -> bytes:
    """The template as an .xlsx file (bold headers, dates shown dd/mm/yyyy)."""
    return write_xlsx(template_tabs(campaign))


def _value(
    spec: TabSpec,
    field: str,
    index: int,
    bases: dict[str, tuple[int, ...]],
    installed: dict[str, tuple[int, ...]],
    dates: tuple[dt.date, ...],
) -> Any:
    if field.startswith("base:"):
        base = bases[field.removeprefix("base:")][index]
        return base // _GROUPS_PER_VILLAGE[index] if spec.key == "family_groups" else base
    if field.startswith("in:"):  # the n-th marked group's column holds 'x' on the n-th example
        marked = [c.field for c in spec.columns if c.field.startswith("in:")]
        return "x" if marked.index(field) % len(EXAMPLE_VILLAGES) == index else ""
    if field.startswith("count:"):
        return installed[field.removeprefix("count:")][index]
    if field == "date":
        return dates[index]
    values = _FIXED.get((spec.key, field))
    return values[index] if values is not None else None


def _example_dates(campaign: Campaign) -> tuple[dt.date, ...]:
    """The campaign's first days, so example dates are neither outside it nor in the future."""
    return tuple(min(campaign.start + dt.timedelta(days=i), campaign.end) for i in range(len(EXAMPLE_VILLAGES)))


def _group_values(campaign: Campaign, top: tuple[int, ...], shares: tuple[Fraction, ...]) -> dict[str, tuple[int, ...]]:
    """Per village group, one count per example row; a subgroup is a share of its parent's."""
    groups = {g.key: g for g in campaign.village_groups}
    children: dict[str, list[Group]] = {}
    for g in groups.values():
        if g.part_of in groups:
            children.setdefault(g.part_of, []).append(g)
    values: dict[str, tuple[int, ...]] = {}

    def fill(group: Group, counts: tuple[int, ...], seen: frozenset[str]) -> None:
        values[group.key] = counts
        for n, child in enumerate(children.get(group.key, [])):
            if child.key not in seen:  # a cycle in part_of must not loop forever
                share = shares[n % len(shares)]
                fill(child, tuple(int(c * share) for c in counts), seen | {child.key})

    for g in groups.values():
        if g.part_of not in groups:  # a top-level group (or one whose parent is not a village group)
            fill(g, top, frozenset({g.key}))
    for g in groups.values():  # groups only reachable through a part_of cycle
        values.setdefault(g.key, top)
    return values
