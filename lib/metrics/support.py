"""Helpers and propaganda sessions per village against the campaign's minimums."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from lib.campaign import Campaign
from lib.dataset import Dataset
from lib.metrics.selection import _selected, _selection
from lib.metrics.tallies import _memo


def helpers_by_village(
    ds: Dataset, campaign: Campaign, as_of: dt.date, villages: list[str] | None = None
) -> pd.DataFrame:
    """Helpers and IT-skilled helpers per village against the minimum, and sessions held."""
    support = _support(ds)
    chosen = _selection(ds, villages)
    held = support["session_date"] <= np.datetime64(pd.Timestamp(as_of))
    width = len(chosen) + 1  # the last slot collects rows of no Thon village
    sessions = np.bincount(support["session_village"][held], minlength=width)[:-1][chosen].astype(np.int64)
    attendees = np.bincount(support["session_village"][held], support["attendees"][held], minlength=width)[:-1]
    helpers_it = support["helpers_it"][chosen]
    return pd.DataFrame(
        {
            "village": _selected(ds, villages),
            "helpers": support["helpers"][chosen],
            "helpers_it": helpers_it,
            "sessions": sessions,
            "attendees": attendees[chosen].astype(np.int64),
            "helpers_short": np.clip(campaign.min_helpers_it - helpers_it, 0, None).astype(np.int64),
            "sessions_short": np.clip(campaign.min_sessions - sessions, 0, None).astype(np.int64),
        }
    )


def _support(ds: Dataset) -> dict[str, np.ndarray]:
    """Helpers per Thon village (they do not depend on the date), and each session's village
    position, date and attendees (none counted as 0), computed once per dataset."""
    memo = _memo(ds)
    if "support" not in memo:
        names = ds.village_names
        helpers = ds.helpers.groupby("village").agg(helpers=("name", "size"), helpers_it=("it_skill", "sum"))
        helpers = helpers.reindex(pd.Index(names, dtype=object)).fillna(0).astype("int64")
        position = {n: i for i, n in reversed(list(enumerate(names)))}
        village = ds.sessions["village"].to_numpy(dtype=object)
        dates = pd.to_datetime(ds.sessions["date"]).to_numpy(dtype="datetime64[ns]")
        memo["support"] = {
            "helpers": helpers["helpers"].to_numpy(),
            "helpers_it": helpers["helpers_it"].to_numpy(),
            "session_village": np.fromiter(
                (position.get(v, len(names)) if isinstance(v, str) else len(names) for v in village),
                dtype=np.intp,
                count=len(village),
            ),
            "session_date": dates,  # NaT is never <= a day
            "attendees": pd.Series(ds.sessions["attendees"], dtype="Float64").fillna(0).to_numpy(dtype=np.float64),
        }
    return memo["support"]


def support_gaps(table: pd.DataFrame) -> dict[str, list[str]]:
    """Villages short of IT-skilled helpers, and villages short of propaganda sessions."""
    return {
        "short_helpers": table.loc[table["helpers_short"] > 0, "village"].tolist(),
        "no_sessions": table.loc[table["sessions_short"] > 0, "village"].tolist(),
    }
