"""Inter-family groups (tổ liên gia): installs per group by the tally rules, against a target."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from lib.campaign import Campaign
from lib.dataset import Dataset
from lib.metrics.selection import _selected
from lib.metrics.status import NO_DATA, deadline_over, evaluate
from lib.metrics.tallies import pace_days
from lib.metrics.targets import coverage

FAMILY_GROUP_COLUMNS = ["village", "family_group", "installed", "base", "coverage", "met", "gap", "status"]


def per_family_group(rows: pd.DataFrame, campaign: Campaign, as_of: dt.date) -> pd.DataFrame:
    """Installs per (village, inter-family group) counted up to `as_of`, by the tally rules
    (a report without a group is the group ""). Index: village, family_group."""
    keys = [g.key for g in campaign.village_groups]
    upto = rows[rows["date"] <= pd.Timestamp(as_of)].assign(family_group=rows["family_group"].fillna(""))
    if campaign.tally_mode == "cumulative":
        upto = upto.sort_values(["date", "row"], kind="stable").groupby(["village", "family_group"]).tail(1)
    out = upto.groupby(["village", "family_group"], sort=True)[keys].sum()
    return out.astype("int64") if len(out) else pd.DataFrame(columns=keys, index=_empty_pair_index())


def village_sums(per_group: pd.Series, campaign: Campaign) -> pd.Series:
    """Per village, from `per_family_group` figures of tab CaiDat: the sum of its groups; in
    cumulative mode the larger of its whole-village figure (group "") and the sum of its named
    groups, since both are running totals of the same people (docs/workbook.md)."""
    if campaign.tally_mode != "cumulative" or per_group.empty:
        return per_group.groupby(level="village").sum()
    whole = per_group.index.get_level_values("family_group") == ""
    villages = per_group.groupby(level="village").sum().index
    by_village = per_group[whole].groupby(level="village").sum().reindex(villages, fill_value=0)
    by_groups = per_group[~whole].groupby(level="village").sum().reindex(villages, fill_value=0)
    return by_village.where(by_village >= by_groups, by_groups)


def _empty_pair_index() -> pd.MultiIndex:
    return pd.MultiIndex.from_arrays([[], []], names=["village", "family_group"])


def family_group_table(
    ds: Dataset,
    campaign: Campaign,
    group: str,
    as_of: dt.date,
    villages: list[str] | None = None,
    phase: int | None = None,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """Per village and inter-family group, one group against its target (FAMILY_GROUP_COLUMNS).

    Groups are those the counted rows name or tab ToLienGia lists; bases come from ToLienGia
    (a group without one shows its count with no rate). Villages whose rows name no group
    have nothing to drill into and are left out.
    """
    target = campaign.target_for(group, phase)
    names = _selected(ds, villages)
    window = pace_days(ds, as_of)
    now = per_family_group(ds.installs, campaign, as_of)[group]
    before = per_family_group(ds.installs, campaign, as_of - dt.timedelta(days=window))[group]
    bases = pd.Series(dtype="Int64", index=_empty_pair_index())
    if len(ds.family_groups):
        fg = ds.family_groups
        bases = fg.set_index(["village", "family_group"])[f"base:{group}"]
    index = now.index.union(bases.index)
    index = index[index.get_level_values("village").isin(names)]
    named = set(index[index.get_level_values("family_group") != ""].get_level_values("village"))
    index = index[index.get_level_values("village").isin(named)]
    order = {n: i for i, n in enumerate(names)}
    pairs = sorted(index.tolist(), key=lambda p: (order[p[0]], _group_order(p[1])))
    deadline = campaign.deadline(target) if target is not None else None
    ordered = pd.MultiIndex.from_tuples(pairs, names=["village", "family_group"]) if pairs else _empty_pair_index()
    installed_now = now.reindex(ordered, fill_value=0).astype("int64").tolist()
    installed_before = before.reindex(ordered, fill_value=0).astype("int64").tolist()
    at_deadline: list[int | None] = [None] * len(pairs)
    if deadline is not None and deadline_over(deadline, as_of, today):
        final = per_family_group(ds.installs, campaign, deadline)[group]
        at_deadline = final.reindex(ordered, fill_value=0).astype("int64").tolist()
    base_of = [None if b is None or b is pd.NA else int(b) for b in bases.reindex(ordered).astype("object").tolist()]
    records = []
    for (village, family), installed, base, earlier, final_count in zip(
        pairs, installed_now, base_of, installed_before, at_deadline, strict=True
    ):
        row: dict[str, object] = {"village": village, "family_group": family, "installed": installed, "base": base}
        if target is None:
            row.update(coverage=coverage(installed, base), met=None, gap=None, status=NO_DATA)
        else:
            e = evaluate(installed, base, target, deadline, as_of, earlier, final_count, window, today)
            row.update(coverage=e.coverage, met=e.met, gap=e.gap, status=e.status)
        records.append(row)
    return pd.DataFrame.from_records(records, columns=FAMILY_GROUP_COLUMNS).astype({"base": "Int64", "gap": "Int64"})


def _group_order(name: str) -> tuple:
    """'Tổ 2' before 'Tổ 10'; the unnamed group last."""
    digits = "".join(c for c in name if c.isdecimal())
    return (name == "", int(digits) if digits else 0, name)


def villages_with_family_groups(ds: Dataset, villages: list[str] | None = None) -> list[str]:
    """The chosen villages that have something per inter-family group to drill into."""
    named = set(ds.installs.loc[ds.installs["family_group"].fillna("") != "", "village"].unique())
    if len(ds.family_groups):
        named |= set(ds.family_groups["village"].unique())
    return [v for v in _selected(ds, villages) if v in named]
