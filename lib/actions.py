"""What to do today: the short list under the overview's villages behind.

Each item names the villages (or rows) and the page that shows them, so a leader at a meeting
can assign it on the spot. Built only from figures other modules compute: the helpers table
(`metrics.helpers_by_village`, via `metrics.support_gaps`) and the rejected rows of the read.
Rules (docs/campaign.md, "Việc cần làm hôm nay"): villages without a propaganda or guidance
session, villages short of IT-skilled helpers, rows the sheet must fix; an item with nothing
in it is left out.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib import metrics
from lib.dataset import Dataset


@dataclass(frozen=True)
class Action:
    kind: str  # "no_sessions" | "short_helpers" | "rows_to_fix"
    count: int  # villages, or rows for rows_to_fix
    names: tuple[str, ...]  # the villages, in tab Thon's order (empty for rows_to_fix)
    page: str  # the address of the page that shows the detail

    def first(self, limit: int) -> tuple[tuple[str, ...], int]:
        """The first `limit` names and how many more there are (a province has thousands)."""
        return self.names[:limit], max(0, len(self.names) - limit)


def for_today(helpers: pd.DataFrame, ds: Dataset) -> list[Action]:
    """Today's actions for the selection the helpers table covers, in the order to read them."""
    gaps = metrics.support_gaps(helpers)
    found = [
        Action("no_sessions", len(gaps["no_sessions"]), tuple(gaps["no_sessions"]), "luc-luong"),
        Action("short_helpers", len(gaps["short_helpers"]), tuple(gaps["short_helpers"]), "luc-luong"),
        Action("rows_to_fix", len(ds.rejected), (), "chat-luong"),
    ]
    return [a for a in found if a.count]
