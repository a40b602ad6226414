"""Speed without new numbers: the metrics read from precomputed per-dataset arrays give exactly
what the row-by-row rules give. (That a rerun which changed nothing recomputes nothing is
tests/ui/test_derived.py; the table speed-up, tests/ui/test_streamlit_private.py.)

The reference functions below are the straightforward implementations the metrics had before
they read from per-dataset arrays; every figure is compared against them, cell for cell and
dtype for dtype, on the sample, on a small generated province and on random ledgers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from lib import metrics
from lib.campaign import Campaign, load_campaign
from lib.dataset import Dataset, RawWorkbook
from lib.validation import validate
from tests.conftest import build_workbook

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 29)
D = dt.date
# Before any report, the first days (pace window not yet full), a deadline, after the end.
DAYS = [D(2026, 5, 1), D(2026, 5, 13), D(2026, 5, 14), D(2026, 5, 17), D(2026, 5, 20), D(2026, 6, 30)]


# ---------------------------------------------------------------------- the old rules


def ref_installed_by_village(ds: Dataset, campaign: Campaign, as_of: dt.date) -> pd.DataFrame:
    keys = [g.key for g in campaign.village_groups]
    rows = ds.installs[ds.installs["date"] <= pd.Timestamp(as_of)]
    if campaign.tally_mode == "cumulative":
        rows = rows.sort_values(["date", "row"]).groupby(["village", "family_group"], sort=False).tail(1)
        whole = rows["family_group"].fillna("") == ""  # the larger of whole-village and groups' sum
        by_village = rows[whole].groupby("village")[keys].sum()
        by_groups = rows[~whole].groupby("village")[keys].sum()
        totals = by_village.combine(by_groups, np.maximum, fill_value=0)
    else:
        totals = rows.groupby("village")[keys].sum()
    return totals.reindex(ds.villages["village"], fill_value=0).astype("int64")


def ref_daily_installed(ds: Dataset, campaign: Campaign, until: dt.date, villages=None) -> dict[str, pd.DataFrame]:
    names = villages if villages is not None else ds.village_names
    first = ds.installs["date"].min() if len(ds.installs) else pd.Timestamp(campaign.start)
    start = min(pd.Timestamp(campaign.start), first)
    days = pd.date_range(start, pd.Timestamp(until), freq="D")
    rows = ds.installs[(ds.installs["date"] <= pd.Timestamp(until)) & ds.installs["village"].isin(names)]
    out = {}
    for g in campaign.village_groups:
        if campaign.tally_mode == "cumulative":
            last = rows.sort_values(["date", "row"]).groupby(["date", "village", "family_group"])[g.key].last()
            wide = last.unstack(["village", "family_group"]).reindex(days).ffill().fillna(0)
            if wide.shape[1]:
                named = wide.columns.get_level_values("family_group").fillna("") != ""
                by_village = wide.loc[:, ~named].T.groupby(level="village").sum().T
                by_groups = wide.loc[:, named].T.groupby(level="village").sum().T
                per_village = by_village.combine(by_groups, np.maximum, fill_value=0)
            else:
                per_village = wide
        else:
            per_day = rows.pivot_table(index="date", columns="village", values=g.key, aggfunc="sum")
            per_village = per_day.reindex(days, fill_value=0).fillna(0).cumsum()
        out[g.key] = per_village.reindex(columns=names, fill_value=0).astype("int64")
    return out


def _ref_selected(ds: Dataset, villages):
    return ds.village_names if not villages else [v for v in ds.village_names if v in set(villages)]


def _ref_bases(ds: Dataset, group: str) -> pd.Series:
    return ds.villages.set_index("village")[f"base:{group}"]


def _ref_with_base(ds: Dataset, group: str, names):
    base = _ref_bases(ds, group)
    return [n for n in names if metrics.has_base(base.get(n))]


def ref_pace_days(ds: Dataset, as_of: dt.date) -> int:
    if not len(ds.installs):
        return metrics.PACE_DAYS
    since_first = (as_of - ds.installs["date"].min().date()).days + 1
    return max(1, min(metrics.PACE_DAYS, since_first))


def ref_village_table(ds, campaign, group, as_of, villages=None, phase=None) -> pd.DataFrame:
    target = campaign.target_for(group, phase)
    names = _ref_selected(ds, villages)
    window = ref_pace_days(ds, as_of)
    now = ref_installed_by_village(ds, campaign, as_of)[group]
    before = ref_installed_by_village(ds, campaign, as_of - dt.timedelta(days=window))[group]
    base = _ref_bases(ds, group)
    deadline = campaign.deadline(target) if target is not None else None
    final = ref_installed_by_village(ds, campaign, deadline)[group] if deadline and as_of > deadline else None
    records = []
    for name in names:
        b = base.get(name)
        b = None if b is pd.NA else b
        if target is None:
            cov = metrics.coverage(now[name], b)
            records.append({"village": name, "installed": int(now[name]), "base": b, "coverage": cov})
            continue
        at_deadline = None if final is None else int(final[name])
        e = ref_evaluate(int(now[name]), b, target, deadline, as_of, int(before[name]), at_deadline, window)
        records.append({"village": name, **metrics._row(e)})
    table = pd.DataFrame.from_records(records, columns=metrics.VILLAGE_COLUMNS)
    return table.astype({"base": "Int64", "gap": "Int64", "needed_per_day": "Int64"})


def ref_group_totals(ds, campaign, group, as_of, villages=None):
    if group.unit == "agency":
        return int(ds.agencies["installed"].sum()), int(ds.agencies["base"].sum()), None
    names = _ref_with_base(ds, group.key, _ref_selected(ds, villages))
    window = ref_pace_days(ds, as_of)
    now = ref_installed_by_village(ds, campaign, as_of).loc[names, group.key].sum()
    before = ref_installed_by_village(ds, campaign, as_of - dt.timedelta(days=window)).loc[names, group.key].sum()
    base = _ref_bases(ds, group.key).loc[names].sum()
    return int(now), int(base), int(before)


def ref_commune_progress(ds, campaign, until, villages=None) -> pd.DataFrame:
    names = _ref_selected(ds, villages)
    daily = ref_daily_installed(ds, campaign, until, names)
    frames = []
    for g in campaign.village_groups:
        counted = _ref_with_base(ds, g.key, names)
        cumulative = daily[g.key][counted].sum(axis=1)
        base = _ref_bases(ds, g.key).loc[counted].sum()
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


def ref_helpers_by_village(ds, campaign, as_of, villages=None) -> pd.DataFrame:
    names = _ref_selected(ds, villages)
    helpers = ds.helpers.groupby("village").agg(helpers=("name", "size"), helpers_it=("it_skill", "sum"))
    held = ds.sessions[ds.sessions["date"] <= pd.Timestamp(as_of)]
    sessions = held.groupby("village").agg(sessions=("row", "size"), attendees=("attendees", "sum"))
    table = pd.DataFrame({"village": names}).set_index("village")
    table = table.join(helpers).join(sessions).fillna(0).astype("int64").reset_index()
    table["helpers_short"] = (campaign.min_helpers_it - table["helpers_it"]).clip(lower=0)
    table["sessions_short"] = (campaign.min_sessions - table["sessions"]).clip(lower=0)
    return table


def ref_evaluate(installed, base, target, deadline, as_of, installed_before=None, at_deadline=None, window=3):
    """metrics.evaluate with the Fraction arithmetic the target rules had before."""
    from fractions import Fraction
    from math import ceil, floor

    def met_(n):
        if not metrics.has_base(base):
            return None
        share = Fraction(int(n) * 100, int(base))
        return share > target.percent if target.rule == "tren" else share >= target.percent

    e = metrics.evaluate(installed, base, target, deadline, as_of, installed_before, at_deadline, window)
    if metrics.has_base(base):
        share = target.percent * int(base) / 100
        required = floor(share) + 1 if target.rule == "tren" else ceil(share)
        assert e.gap == max(0, required - int(installed))
        assert e.met == met_(installed)
        if as_of > deadline:  # seen on the as-of day: the deadline day itself is not over
            assert e.met_at_deadline == met_(installed if at_deadline is None else at_deadline)
    return e


# ---------------------------------------------------------------------------- datasets


def _campaigns() -> list[Campaign]:
    c = load_campaign()
    return [c, dataclasses.replace(c, tally_mode="cumulative")]


@pytest.fixture(scope="module")
def province() -> Dataset:
    from tests.generators import province_tabs

    tabs = province_tabs(communes=2, villages_per_commune=6, people=0)
    tabs["Thon"][3][2] = ""  # a village without a base: counted nowhere in the totals
    tabs["Thon"][4][3] = 0  # a base of 0
    return validate(RawWorkbook(tabs, "test", "province"), load_campaign(), TODAY)


def _fresh(ds: Dataset) -> Dataset:
    """The same tables in a new Dataset object: nothing computed for it yet."""
    return dataclasses.replace(ds)


def assert_same_everything(ds: Dataset, campaign: Campaign, days=DAYS) -> None:
    names = ds.village_names
    choices = [c for c in (names[:1], names[1:4], [*names[:2], "Thôn không có"]) if c]
    for i, day in enumerate(days):
        pd.testing.assert_frame_equal(
            metrics.installed_by_village(ds, campaign, day), ref_installed_by_village(ds, campaign, day)
        )
        assert metrics.pace_days(ds, day) == ref_pace_days(ds, day)
        for villages in (None, choices[i % len(choices)]):
            got, want = (
                metrics.daily_installed(ds, campaign, day, villages),
                ref_daily_installed(ds, campaign, day, villages),
            )
            for key in want:
                # The old code named the columns axis 'village' except in cumulative mode
                # before the first row (None); nothing reads that name. Values, labels,
                # dtypes and days are compared.
                pd.testing.assert_frame_equal(got[key], want[key], check_freq=False, check_names=False)
                assert got[key].columns.name == "village" and got[key].index.name == want[key].index.name
            pd.testing.assert_frame_equal(
                metrics.commune_progress(ds, campaign, day, villages), ref_commune_progress(ds, campaign, day, villages)
            )
            pd.testing.assert_frame_equal(
                metrics.helpers_by_village(ds, campaign, day, villages),
                ref_helpers_by_village(ds, campaign, day, villages),
            )
            for group in campaign.groups:
                assert metrics.group_totals(ds, campaign, group, day, villages) == ref_group_totals(
                    ds, campaign, group, day, villages
                )
            groups = campaign.village_groups
            rotated = [(groups[i % len(groups)], p.id) for p in campaign.phases]
            for group, phase in [(g, None) for g in groups] + rotated:
                pd.testing.assert_frame_equal(
                    metrics.village_table(ds, campaign, group.key, day, villages, phase),
                    ref_village_table(ds, campaign, group.key, day, villages, phase),
                )


# ------------------------------------------------------------------ identical numbers


@pytest.mark.slow
@pytest.mark.parametrize("campaign", _campaigns(), ids=["incremental", "cumulative"])
def test_sample_figures_are_unchanged(sample: Dataset, campaign: Campaign) -> None:
    assert_same_everything(_fresh(sample), campaign)


@pytest.mark.slow
@pytest.mark.parametrize("campaign", _campaigns(), ids=["incremental", "cumulative"])
def test_generated_province_figures_are_unchanged(province: Dataset, campaign: Campaign) -> None:
    assert_same_everything(_fresh(province), campaign, days=[D(2026, 5, 12), D(2026, 5, 16), D(2026, 5, 24)])


@pytest.mark.slow
def test_target_results_are_unchanged(sample: Dataset) -> None:
    for campaign in _campaigns():
        ds = _fresh(sample)
        for day in DAYS:
            for villages in (None, ds.village_names[:2]):
                for phase in (None, 1, 2):
                    got = metrics.target_results(ds, campaign, day, villages, phase)
                    window = ref_pace_days(ds, day)
                    want = []
                    for group in campaign.groups:
                        installed, base, before = ref_group_totals(ds, campaign, group, day, villages)
                        for target in campaign.targets_of(group.key):
                            if phase is not None and target.phase != phase:
                                continue
                            deadline = campaign.deadline(target)
                            at_deadline = None
                            if group.unit == "village" and day > deadline:
                                at_deadline = ref_group_totals(ds, campaign, group, deadline, villages)[0]
                            want.append(
                                ref_evaluate(installed, base, target, deadline, day, before, at_deadline, window)
                            )
                    assert sorted(got, key=repr) == sorted(want, key=repr)


ROW = hs.tuples(
    hs.integers(0, 14),  # day offset from 10/05/2026 (some before the campaign)
    hs.sampled_from(["A", "B", "C"]),
    hs.sampled_from(["Tổ 1", "Tổ 2", ""]),  # "" : no inter-family group
    hs.integers(0, 40),
    hs.integers(0, 5),
    hs.integers(0, 5),
)


@pytest.mark.slow
@settings(max_examples=10, deadline=None)
@given(rows=hs.lists(ROW, max_size=25), mode=hs.sampled_from(["incremental", "cumulative"]))
def test_random_ledgers_give_the_same_figures(rows: list[tuple], mode: str) -> None:
    """Same-day rows, groups reporting out of order, rows before the campaign, blank groups."""
    campaign = dataclasses.replace(load_campaign(), tally_mode=mode)
    thon = [["A", 2, 100, 10, 30], ["B", 2, "", 5, 0], ["C", 1, 40, 0, 8]]
    caidat = [
        [(D(2026, 5, 10) + dt.timedelta(days=d)).strftime("%d/%m/%Y"), v, g, a, min(p, a), min(m, a)]
        for d, v, g, a, p, m in rows
    ]
    ds = validate(build_workbook(thon, caidat, hoatdong=[["14/5/2026", "A", "Họp", 30]]), campaign, TODAY)
    assert_same_everything(ds, campaign, days=[D(2026, 5, 9), D(2026, 5, 14), D(2026, 5, 30)])


@pytest.mark.slow
def test_uncounted_rows_still_set_the_first_day() -> None:
    """A cumulative row without an inter-family group counts nowhere, but the days still
    start at its date, as they always did."""
    campaign = dataclasses.replace(load_campaign(), tally_mode="cumulative")
    thon = [["A", 2, 100, 10, 30]]
    caidat = [["10/05/2026", "A", "", 5, 1, 1], ["14/05/2026", "A", "Tổ 1", 7, 1, 1]]
    ds = validate(build_workbook(thon, caidat), campaign, TODAY)
    assert_same_everything(ds, campaign, days=[D(2026, 5, 9), D(2026, 5, 12), D(2026, 5, 20)])
    assert metrics.daily_installed(ds, campaign, D(2026, 5, 20))["adults"].index[0] == pd.Timestamp(2026, 5, 10)


def test_an_empty_workbook_gives_zeros_not_errors() -> None:
    campaign = load_campaign()
    ds = validate(RawWorkbook({}, "test", ""), campaign, TODAY)
    assert metrics.target_results(ds, campaign, D(2026, 5, 20))
    assert metrics.installed_by_village(ds, campaign, D(2026, 5, 20)).empty
    assert metrics.default_as_of(ds, TODAY, campaign) == TODAY


def test_a_replaced_table_is_not_read_from_stale_arrays(sample: Dataset) -> None:
    campaign = load_campaign()
    ds = _fresh(sample)
    before = metrics.installed_by_village(ds, campaign, D(2026, 5, 24))
    ds.installs = ds.installs[ds.installs["village"] != ds.village_names[0]].reset_index(drop=True)
    after = metrics.installed_by_village(ds, campaign, D(2026, 5, 24))
    assert after.iloc[0].sum() == 0 < before.iloc[0].sum()
    pd.testing.assert_frame_equal(after, ref_installed_by_village(ds, campaign, D(2026, 5, 24)))


def test_shuffled_villages_give_the_same_totals(sample: Dataset) -> None:
    """Order of the chosen villages never matters (they are a set)."""
    campaign = load_campaign()
    names = sample.village_names[:5]
    shuffled = names[:]
    random.Random(1).shuffle(shuffled)
    assert metrics.target_results(sample, campaign, D(2026, 5, 20), names) == metrics.target_results(
        sample, campaign, D(2026, 5, 20), shuffled
    )
    assert np.array_equal(
        metrics.village_table(sample, campaign, "adults", D(2026, 5, 20), shuffled)["village"].to_numpy(),
        np.array(names, dtype=object),
    )
