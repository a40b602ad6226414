"""Villages whose installs exceed their base: counted, but worth a look (a warning on tab CaiDat).

The installs compared are the village's figure as of today, the one the dashboard shows.
Validation rejects every date after today, so as of today every counted tally row has been
reported: `installed_per_village` counts them all, in the campaign's tally mode, by the same
rules as `lib.metrics.installed_by_village` (a test compares the two). Computing it here, from
the tables about to go into the Dataset, keeps validation below metrics: it imports nothing from
the layer above it, and the Dataset is complete when built (no issue added to it afterwards).
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pandas as pd

from lib.campaign import Campaign
from lib.dataset import ISSUE_COLUMNS, WARNING
from lib.formatting import fmt_int
from lib.validation.issues import _issue


def installed_per_village(installs: pd.DataFrame, villages: pd.Series, campaign: Campaign) -> pd.DataFrame:
    """Installs per village of `villages` (in order) and group, every dated tally row counted.

    Incremental tallies are summed. Cumulative tallies are running totals: the latest row
    (by date, then sheet row) of each village and inter-family group counts, and a village's
    figure is the larger of its whole-village rows (no group) and the sum of its groups; rows
    made from the person list (sheet row 0) are a group like any other, never a whole-village
    total. Rows without a date or village (or, cumulative, without a group) count nowhere.
    """
    keys = [g.key for g in campaign.village_groups]
    index = pd.Index(villages, name="village")
    zeros = pd.DataFrame({k: np.zeros(len(index), dtype=np.int64) for k in keys}, index=index, columns=keys)
    if not len(installs):
        return zeros
    valid = installs["date"].notna() & installs["village"].notna()
    cumulative = campaign.tally_mode == "cumulative"
    if cumulative:
        valid &= installs["family_group"].notna()
    rows = installs[valid.to_numpy(dtype=bool)]
    if not len(rows):
        return zeros
    if not cumulative:
        totals = rows.groupby("village", sort=False)[keys].sum()
        return totals.reindex(index, fill_value=0).astype("int64")
    pair = ["village", "family_group"]
    day = pd.to_datetime(rows["date"]).dt.floor("D").to_numpy()
    latest = rows.iloc[np.lexsort((rows["row"].to_numpy(), day))].drop_duplicates(pair, keep="last")
    listed = pd.MultiIndex.from_frame(latest[pair]).isin(pd.MultiIndex.from_frame(rows.loc[rows["row"] == 0, pair]))
    whole = (latest["family_group"] == "").to_numpy(dtype=bool) & ~listed
    by_village = latest[whole].groupby("village", sort=False)[keys].sum().reindex(index, fill_value=0)
    by_groups = latest[~whole].groupby("village", sort=False)[keys].sum().reindex(index, fill_value=0)
    return np.maximum(by_village, by_groups).astype("int64")


def over_base_warnings(
    villages: pd.DataFrame, installs: pd.DataFrame, campaign: Campaign, found: dict[str, str]
) -> pd.DataFrame:
    """Villages whose installs (as of today) exceed their base: counted, but worth a look."""
    installed = installed_per_village(installs, villages["village"], campaign)
    rows: list[dict[str, Any]] = []
    figure = functools.cache(fmt_int)  # villages share many figures; Babel is slow per call
    by_village = villages.set_index("village")
    for g in campaign.village_groups:
        base = by_village[f"base:{g.key}"]
        done = installed[g.key].reindex(base.index, fill_value=0)
        over = (base.notna() & (done > base.fillna(0))).to_numpy(dtype=bool)
        for village, n_done, n_base in zip(
            base.index[over].tolist(), done.to_numpy()[over].tolist(), base.to_numpy()[over].tolist(), strict=True
        ):
            rows.append(
                _issue(
                    WARNING,
                    found.get("installs", "CaiDat"),
                    None,
                    g.installed_column,
                    village,
                    "issue.over_base",
                    None,
                    village=village,
                    group={"vi": g.label, "en": g.label_en},
                    installed=figure(n_done),
                    base=figure(n_base),
                )
            )
    frame = pd.DataFrame(rows, columns=ISSUE_COLUMNS)
    return frame.astype({"row": "Int64", "installs": "Int64"})
