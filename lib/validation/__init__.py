"""Raw tabs -> clean tables + every rejected row and warning, with a reason a clerk can act on.

Rules: every non-empty row below a tab's header is either used or rejected (never silently
dropped); a rejection names tab, spreadsheet row, column and value in Vietnamese (and
English). Each column is factorized once (numpy/pandas, in C): parsing, matching and
formatting run once per distinct cell value, and per-row checks are array operations; a
message is built only for the rows it reports. So a province-size tab costs little more than
its number of distinct values.

`validate` is the one entry point; the rules live in the modules named for them:
  cells      raw cells as coded columns (one entry per distinct value), and back to frame columns
  columns    finding each tab, its header row and columns; tab-level problems
  rows       cell and row rules shared by the tabs: parsed values, villages, dates, repeats
  tabs       per-tab rules: Thon, CaiDat, CoQuan, DoanVien, HoatDong, ToLienGia
  people     person-list rules (DanhSach): phones, ID numbers, repeats, minors
  over_base  villages whose installs exceed their base
  issues     one issue record, its messages in every language, personal numbers masked
Validation reads only the layers below it (sources' raw tabs, campaign, contract, parsing,
people): it never imports metrics, and returns the Dataset complete.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from lib.campaign import Campaign
from lib.contract import check_shape, tab_specs
from lib.dataset import ISSUE_COLUMNS, ROW_COLUMNS, Dataset, RawWorkbook
from lib.errors import ShapeError
from lib.people import counted_rows, list_installs
from lib.validation.columns import _count, _read_tab
from lib.validation.issues import PARSE_CODES
from lib.validation.over_base import over_base_warnings
from lib.validation.people import _people
from lib.validation.rows import VillageMatcher
from lib.validation.tabs import _agencies, _family_groups, _helpers, _installs, _sessions, _villages

__all__ = ["PARSE_CODES", "VillageMatcher", "validate"]


def validate(raw: RawWorkbook, campaign: Campaign, today: dt.date) -> Dataset:
    """The one entry point: a raw workbook in, a `Dataset` out. Never raises on bad cells;
    raises `ShapeError` for a workbook that changed shape (`contract.check_shape`). A
    workbook of no tabs at all is no read yet: every tab is reported missing, nothing raised."""
    specs = {s.key: s for s in tab_specs(campaign)}
    problems = check_shape(tuple(specs.values()), raw.tabs) if raw.tabs else []
    if problems:
        raise ShapeError(problems)
    issues: list[dict[str, Any]] = []
    counts: list[dict[str, Any]] = []
    found: dict[str, str] = {}
    tabs = {key: _read_tab(spec, raw, issues, counts, found) for key, spec in specs.items()}

    villages = _villages(tabs["villages"], campaign)
    matcher = VillageMatcher(villages["village"].tolist())
    installs = _installs(tabs["installs"], campaign, matcher, today)
    agencies = _agencies(tabs["agencies"])
    helpers = _helpers(tabs["helpers"], matcher)
    sessions = _sessions(tabs["sessions"], campaign, matcher, today)
    family_groups = _family_groups(tabs["family_groups"], campaign, matcher)
    people = _people(tabs["people"], campaign, matcher, today)
    counted = counted_rows(installs, list_installs(people, campaign), campaign.count_source)

    for tab in tabs.values():
        if tab is not None:
            issues.extend(tab.final_issues())
            read = len(tab) + tab.above_header
            _count(counts, tab.spec, tab.title, read, int(tab.rejected.sum()) + tab.above_header)
    issue_frame = pd.DataFrame(issues, columns=ISSUE_COLUMNS)
    issue_frame["row"] = issue_frame["row"].astype("Int64")
    issue_frame["installs"] = issue_frame["installs"].astype("Int64")
    # Last, the villages over their base: the Dataset is built complete, never edited after.
    issue_frame = pd.concat([issue_frame, over_base_warnings(villages, counted, campaign, found)], ignore_index=True)
    return Dataset(
        villages=villages,
        installs=counted,
        tallies=installs,
        people=people,
        family_groups=family_groups,
        agencies=agencies,
        helpers=helpers,
        sessions=sessions,
        issues=issue_frame,
        rows=pd.DataFrame(counts, columns=ROW_COLUMNS),
        source=raw.source,
        title=raw.title,
        tabs=found,
    )
