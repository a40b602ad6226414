"""The validated workbook: clean tables, plus every row that was not used and why.

This is the one shape every consumer reads (pages, command line, reports), so that a number
means the same wherever it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

ISSUE_COLUMNS = ["severity", "tab", "row", "column", "value", "code", "message_vi", "message_en", "installs"]
ROW_COLUMNS = ["tab", "read", "accepted", "rejected"]

REJECTED = "rejected"
WARNING = "warning"


@dataclass(frozen=True)
class RawWorkbook:
    """Tabs as grids of cells, exactly as the source gave them (header rows included)."""

    tabs: dict[str, list[list[Any]]]
    source: str  # "sample", "file", ...
    title: str


@dataclass
class Dataset:
    """Clean tables. Each keeps `row`, the spreadsheet row it came from, for traceability.

    villages: village, family_groups, base:<group> (nullable Int64), one row per village.
    installs: row, date, village, family_group, <group> (int): the tally rows that count, per
              village from tab CaiDat or made from the person list (row 0), see people.py.
    tallies:  the same columns, every accepted CaiDat row (the cross-check's "tallies").
    people:   row, name, birth_year, village, family_group, phone, id_number, date, in:<group>,
              adult, duplicate_of (Int64 row), counted; one row per accepted DanhSach row.
    family_groups: row, village, family_group, base:<group>; from tab ToLienGia.
    agencies: row, unit, base, installed.
    helpers:  row, name, village, branch, phone, it_skill, role.
    sessions: row, date, village, kind, attendees.
    issues:   ISSUE_COLUMNS, one row per problem; `installs` is what a rejected tally row held.
    rows:     ROW_COLUMNS, per tab: non-empty rows read = accepted + rejected.
    """

    villages: pd.DataFrame
    installs: pd.DataFrame
    agencies: pd.DataFrame
    helpers: pd.DataFrame
    sessions: pd.DataFrame
    issues: pd.DataFrame
    rows: pd.DataFrame
    source: str = "sample"
    title: str = ""
    tabs: dict[str, str] = field(default_factory=dict)  # spec key -> tab title found
    tallies: pd.DataFrame | None = None  # None: the same as installs (no person list)
    people: pd.DataFrame = field(default_factory=pd.DataFrame)
    family_groups: pd.DataFrame = field(default_factory=pd.DataFrame)

    def __post_init__(self) -> None:
        if self.tallies is None:
            self.tallies = self.installs

    @property
    def village_names(self) -> list[str]:
        return self.villages["village"].tolist()

    @property
    def rejected(self) -> pd.DataFrame:
        return self.issues[self.issues["severity"] == REJECTED]

    @property
    def warnings(self) -> pd.DataFrame:
        return self.issues[self.issues["severity"] == WARNING]

    @property
    def last_data_date(self):
        """The latest date any install or session was reported for (None with no data)."""
        dates = pd.concat([self.installs["date"], self.sessions["date"]])
        return None if dates.dropna().empty else dates.max().date()
