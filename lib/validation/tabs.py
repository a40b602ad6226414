"""Per-tab rules: what makes a row of Thon, CaiDat, CoQuan, DoanVien, HoatDong or ToLienGia
used or rejected, and the clean table each tab becomes (the person list is `people`).

Each function takes the tab as read (`columns._Tab`, None when the tab is absent) and returns
its table with the columns `Dataset` documents; every row it does not use is rejected with a
reason on the tab.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from lib.campaign import Campaign
from lib.dataset import REJECTED, WARNING
from lib.parsing import ParseError, clean_text, name_key, parse_count, parse_phone, parse_yes_no
from lib.validation.cells import _datetimes, _empty, _is, _nullable_ints, _text, _valid
from lib.validation.columns import _Tab
from lib.validation.issues import PARSE_CODES, _what
from lib.validation.rows import VillageMatcher, _dates, _first_rows, _match_villages


def _villages(tab: _Tab | None, campaign: Campaign) -> pd.DataFrame:
    base_fields = [f"base:{g.key}" for g in campaign.village_groups]
    columns = ["row", "village", "family_groups", *base_fields]
    if tab is None:
        return _empty(columns)
    village = tab.cells["village"]
    tab.report(REJECTED, village.blank, "issue.empty", "village", what=_what("village"))
    names = village.map(clean_text)
    dup, first = _first_rows(tab.row, [village.map(name_key).ids()], tab.kept)
    tab.report(REJECTED, dup, "issue.duplicate_village", "village", first=first)
    counts = {}
    for field in ("family_groups", *base_fields):
        parsed = tab.cells[field].map(parse_count)
        bad = parsed.test(lambda v: isinstance(v, ParseError) and v is not ParseError.EMPTY)
        tab.report(WARNING, bad & tab.kept, "issue.bad_base", field)
        if field.startswith("base:"):
            empty = _is(parsed, ParseError.EMPTY)
            tab.report(WARNING, empty & tab.kept, "issue.missing_base", field, value=names)
        counts[field] = _valid(parsed)
    keep = np.flatnonzero(tab.kept)
    out = pd.DataFrame({"row": tab.row[keep], "village": _text(names, keep)})
    for field, valid in counts.items():
        out[field] = _nullable_ints(valid, keep)
    return out


def _installs(tab: _Tab | None, campaign: Campaign, matcher: VillageMatcher, today: dt.date) -> pd.DataFrame:
    groups = campaign.village_groups
    columns = ["row", "date", "village", "family_group", *(g.key for g in groups)]
    if tab is None:
        return _empty(columns)
    top = next((g for g in groups if not g.part_of), None)
    parsed = {g.key: tab.cells[f"count:{g.key}"].map(parse_count) for g in groups}
    # A cumulative row holds a running total, not what it adds: no 'installs lost' figure then.
    tab.lost = _valid(parsed[top.key]) if top and campaign.tally_mode == "incremental" else None
    date = _dates(tab, campaign, today)
    village = _match_villages(tab, matcher)
    if groups:
        all_empty = np.logical_and.reduce([_is(parsed[g.key], ParseError.EMPTY) for g in groups])
        tab.report(REJECTED, all_empty, "issue.no_counts", None)
    for g in groups:
        for error, code in PARSE_CODES.items():
            tab.report(REJECTED, _is(parsed[g.key], error), code, f"count:{g.key}")
    counts = {k: _valid(p, 0).ints() for k, p in parsed.items()}
    for g in groups:
        if g.part_of:
            over = counts[g.key] > counts[g.part_of]
            tab.report(
                REJECTED,
                over,
                "issue.part_exceeds_total",
                f"count:{g.key}",
                total_column=tab.headers.get(f"count:{g.part_of}", ""),
                total=counts[g.part_of],
            )
    family = tab.cells["family_group"].map(clean_text)
    keys = [date.ids(), village.ids(), family.ids(), *counts.values()]
    dup, first = _first_rows(tab.row, keys, tab.kept)
    tab.report(WARNING, dup, "issue.double_entry", None, first=first)
    keep = np.flatnonzero(tab.kept)
    return pd.DataFrame(
        {
            "row": tab.row[keep],
            "date": _datetimes(date, keep),
            "village": _text(village, keep),
            "family_group": _text(family, keep),
            **{k: c[keep] for k, c in counts.items()},
        }
    )


def _agencies(tab: _Tab | None) -> pd.DataFrame:
    columns = ["row", "unit", "base", "installed"]
    if tab is None:
        return _empty(columns)
    unit = tab.cells["unit"]
    tab.report(REJECTED, unit.blank, "issue.empty", "unit", what=_what("unit"))
    base = tab.cells["base"].map(parse_count)
    tab.reject_parse_errors(base, "base", what="count")
    installed = tab.cells["installed"].map(parse_count)
    tab.reject_parse_errors(installed, "installed")
    base_n, installed_n = _valid(base, 0).ints(), _valid(installed, 0).ints()
    dup, first = _first_rows(tab.row, [unit.map(name_key).ids()], tab.kept)
    tab.report(REJECTED, dup, "issue.duplicate_unit", "unit", first=first)
    over = (installed_n > base_n) & tab.kept
    tab.report(WARNING, over, "issue.unit_over_base", "unit", installed=installed_n, base=base_n)
    keep = np.flatnonzero(tab.kept)
    return pd.DataFrame(
        {
            "row": tab.row[keep],
            "unit": _text(unit.map(clean_text), keep),
            "base": base_n[keep],
            "installed": installed_n[keep],
        }
    )


def _helpers(tab: _Tab | None, matcher: VillageMatcher) -> pd.DataFrame:
    columns = ["row", "name", "village", "branch", "phone", "it_skill", "role"]
    if tab is None:
        return _empty(columns)
    tab.report(REJECTED, tab.cells["name"].blank, "issue.empty", "name", what=_what("name"))
    village = _match_villages(tab, matcher)
    skill = tab.cells["it_skill"].map(parse_yes_no)
    tab.reject_parse_errors(skill, "it_skill")
    name = tab.cells["name"].map(clean_text)
    dup, first = _first_rows(tab.row, [name.map(name_key).ids(), village.ids()], tab.kept)
    tab.report(WARNING, dup, "issue.duplicate_person", "name", first=first)
    keep = np.flatnonzero(tab.kept)
    return pd.DataFrame(
        {
            "row": tab.row[keep],
            "name": _text(name, keep),
            "village": _text(village, keep),
            "branch": _text(tab.cells["branch"].map(clean_text), keep),
            "phone": _text(tab.cells["phone"].map(parse_phone), keep),
            "it_skill": _valid(skill, False).test(bool)[keep],
            "role": _text(tab.cells["role"].map(clean_text), keep),
        }
    )


def _sessions(tab: _Tab | None, campaign: Campaign, matcher: VillageMatcher, today: dt.date) -> pd.DataFrame:
    columns = ["row", "date", "village", "kind", "attendees"]
    if tab is None:
        return _empty(columns)
    date = _dates(tab, campaign, today)
    village = _match_villages(tab, matcher)
    attendees = tab.cells["attendees"].map(parse_count)
    tab.reject_parse_errors(attendees, "attendees")
    keep = np.flatnonzero(tab.kept)
    return pd.DataFrame(
        {
            "row": tab.row[keep],
            "date": _datetimes(date, keep),
            "village": _text(village, keep),
            "kind": _text(tab.cells["kind"].map(clean_text), keep),
            "attendees": _nullable_ints(_valid(attendees), keep),
        }
    )


def _family_groups(tab: _Tab | None, campaign: Campaign, matcher: VillageMatcher) -> pd.DataFrame:
    """Bases per inter-family group (optional tab ToLienGia): rates per group need them."""
    base_fields = [f"base:{g.key}" for g in campaign.village_groups]
    columns = ["row", "village", "family_group", *base_fields]
    if tab is None:
        return _empty(columns)
    village = _match_villages(tab, matcher)
    family = tab.cells["family_group"]
    tab.report(REJECTED, family.blank, "issue.empty", "family_group", what=_what("family_group"))
    family = family.map(clean_text)
    dup, first = _first_rows(tab.row, [village.ids(), family.map(name_key).ids()], tab.kept)
    tab.report(REJECTED, dup, "issue.duplicate_family_group", "family_group", first=first)
    counts = {}
    for field in base_fields:
        parsed = tab.cells[field].map(parse_count)
        bad = parsed.test(lambda v: isinstance(v, ParseError) and v is not ParseError.EMPTY)
        tab.report(WARNING, bad & tab.kept, "issue.bad_base", field)
        counts[field] = _valid(parsed)
    keep = np.flatnonzero(tab.kept)
    out = pd.DataFrame({"row": tab.row[keep], "village": _text(village, keep), "family_group": _text(family, keep)})
    for field, valid in counts.items():
        out[field] = _nullable_ints(valid, keep)
    return out
