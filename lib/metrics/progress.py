"""Progress over time: new and cumulative installs per day, for the commune or some villages."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from lib.campaign import Campaign
from lib.dataset import Dataset
from lib.metrics.selection import _base_values, _selected, _selection, _with_base
from lib.metrics.tallies import daily_installed


def commune_progress(
    ds: Dataset, campaign: Campaign, until: dt.date, villages: list[str] | None = None
) -> pd.DataFrame:
    """Per day and village group: new installs, cumulative installs and cumulative coverage."""
    names = _selected(ds, villages)
    daily = daily_installed(ds, campaign, until, names)
    frames = []
    for g in campaign.village_groups:
        counted = _with_base(ds, g.key, names)  # the same villages as the headline totals
        cumulative = daily[g.key][counted].sum(axis=1)
        _, usable, ints = _base_values(ds, g.key)
        base = ints[_selection(ds, villages) & usable].sum()
        frames.append(
            pd.DataFrame(
                {
                    "date": cumulative.index,
                    "group": g.key,
                    "new": cumulative.diff().fillna(cumulative).astype("int64").to_numpy(),
                    "cumulative": cumulative.to_numpy(),
                    "coverage": (cumulative / base).to_numpy() if base else float("nan"),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def village_progress(ds: Dataset, campaign: Campaign, group: str, until: dt.date, villages: list[str]) -> pd.DataFrame:
    """Long table (date, village, new, cumulative) for one group and some villages."""
    daily = daily_installed(ds, campaign, until, villages)[group]
    cumulative = daily.rename_axis(index="date", columns="village").stack().rename("cumulative").reset_index()
    new = daily.diff().fillna(daily).rename_axis(index="date", columns="village").stack().rename("new").reset_index()
    out = cumulative.merge(new, on=["date", "village"])
    out["new"] = out["new"].astype("int64")
    return out


def progress_series(
    ds: Dataset,
    campaign: Campaign,
    group: str,
    until: dt.date,
    villages: list[str] | None,
    commune_label: str,
    phase: int | None = None,
) -> pd.DataFrame:
    """Rows (series, date, new, cumulative): one series per chosen village, or the commune.

    With a phase chosen, only that phase's days are kept (running totals still start at 0
    on the campaign's first day, so they match the overview).
    """
    if villages:
        frame = village_progress(ds, campaign, group, until, villages).rename(columns={"village": "series"})
    else:
        rows = commune_progress(ds, campaign, until)
        frame = rows[rows["group"] == group].assign(series=commune_label)[["series", "date", "new", "cumulative"]]
    if phase is not None:
        p = campaign.phase(phase)
        frame = frame[(frame["date"] >= pd.Timestamp(p.start)) & (frame["date"] <= pd.Timestamp(p.end))]
    return frame.reset_index(drop=True)
