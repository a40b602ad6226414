"""The person list: the committee's cross-check against the tallies, and the list's rows."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from lib.campaign import Campaign
from lib.dataset import Dataset
from lib.metrics.family_groups import _empty_pair_index, _group_order, per_family_group, village_sums
from lib.metrics.selection import _selected
from lib.metrics.tallies import _memo
from lib.people import list_installs

CROSSCHECK_COLUMNS = ["village", "family_group", "tallies", "list", "difference", "counted"]
TALLIES, LIST = "tallies", "list"


def _list_rows(ds: Dataset, campaign: Campaign) -> pd.DataFrame:
    memo = _memo(ds)
    key = ("list_rows", campaign.tally_mode, tuple(g.key for g in campaign.village_groups), id(ds.people))
    if key not in memo:
        memo[key] = list_installs(ds.people, campaign)
    return memo[key]


def crosscheck_table(
    ds: Dataset,
    campaign: Campaign,
    group: str,
    as_of: dt.date,
    villages: list[str] | None = None,
    by_family_group: bool = False,
) -> pd.DataFrame:
    """The committee's cross-check: per village that has both a person list and tallies (and
    per inter-family group with `by_family_group`), both counts, list minus tallies, and the
    source that counts there (CROSSCHECK_COLUMNS)."""
    listed = _list_rows(ds, campaign)
    if listed.empty or ds.tallies.empty:
        return pd.DataFrame(columns=CROSSCHECK_COLUMNS)
    both = set(listed["village"].unique()) & set(ds.tallies["village"].unique())
    names = [n for n in _selected(ds, villages) if n in both]
    tallies = per_family_group(ds.tallies, campaign, as_of)[group]
    counts = per_family_group(listed, campaign, as_of)[group]
    if not by_family_group:
        tallies = village_sums(tallies, campaign)
        counts = counts.groupby(level="village").sum()  # people: a list's groups never overlap
        index = pd.Index(names, name="village")
        villages_of, family_groups = index, None
    else:
        order = {n: i for i, n in enumerate(names)}
        pairs = tallies.index.union(counts.index)
        pairs = pairs[pairs.get_level_values("village").isin(names)]
        keys = sorted(pairs.tolist(), key=lambda p: (order[p[0]], _group_order(p[1])))
        index = pd.MultiIndex.from_tuples(keys, names=["village", "family_group"]) if keys else _empty_pair_index()
        villages_of, family_groups = index.get_level_values("village"), index.get_level_values("family_group")
    t_n = tallies.reindex(index, fill_value=0).to_numpy(dtype="int64")
    l_n = counts.reindex(index, fill_value=0).to_numpy(dtype="int64")
    source = LIST if campaign.count_source == LIST else TALLIES
    return pd.DataFrame(
        {
            "village": villages_of.to_numpy(dtype=object),
            "family_group": None if family_groups is None else family_groups.to_numpy(dtype=object),
            "tallies": t_n,
            "list": l_n,
            "difference": l_n - t_n,
            "counted": source,
        },
        columns=CROSSCHECK_COLUMNS,
    )


def people_table(ds: Dataset, villages: list[str] | None = None, as_of: dt.date | None = None) -> pd.DataFrame:
    """The person list of the chosen villages up to `as_of`, in sheet order, with why a row is
    not counted (repeat, under age). Phones and IDs as held: the page masks them."""
    people = ds.people
    if people.empty:
        return people
    chosen = people["village"].isin(_selected(ds, villages))
    if as_of is not None:
        chosen &= people["date"] <= pd.Timestamp(as_of)
    return people[chosen].reset_index(drop=True)


def villages_with_list(ds: Dataset, villages: list[str] | None = None) -> list[str]:
    """The chosen villages with rows on the person list: one is shown at a time."""
    listed = set(ds.people["village"].unique()) if len(ds.people) else set()
    return [v for v in _selected(ds, villages) if v in listed]
