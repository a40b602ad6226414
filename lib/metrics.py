"""Coverage, gaps, pace and status: every figure the dashboard and the reports show.

Counts are exact integers; a target is met by integer arithmetic, never by comparing rounded
percentages. Totals are sums of installs over sums of bases (never an average of rates), and
a total's gap follows the same rule as a village's.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from lib.campaign import Campaign, Group, Target
from lib.dataset import Dataset

PACE_DAYS = 3

MET, ON_TRACK, BEHIND, OPEN, NO_DATA = "met", "on_track", "behind", "open", "no_data"
STATUSES = (MET, ON_TRACK, BEHIND, OPEN, NO_DATA)


# --------------------------------------------------------------------------- target rules


def required_installs(base: int, target: Target) -> int:
    """The fewest installs that meet the target: trên p% is strictly above, đạt p% at least."""
    share = target.percent * base / 100
    if target.rule == "tren":
        return math.floor(share) + 1
    return math.ceil(share)


def has_base(base: object) -> bool:
    return base is not None and base is not pd.NA and not (isinstance(base, float) and math.isnan(base)) and base > 0


def _is_zero(value: object) -> bool:
    return value is not None and value is not pd.NA and not isinstance(value, float | str) and value == 0


def coverage(installed: int, base: object) -> float | None:
    """installed / base, or None ('—') when the base is 0 or missing."""
    return installed / int(base) if has_base(base) else None


def is_met(installed: int, base: object, target: Target) -> bool | None:
    if not has_base(base):
        return None
    share = Fraction(int(installed) * 100, int(base))
    return share > target.percent if target.rule == "tren" else share >= target.percent


def gap(installed: int, base: object, target: Target) -> int | None:
    """Further installs needed to meet the target, never below 0; None without a base."""
    if not has_base(base):
        return None
    return max(0, required_installs(int(base), target) - int(installed))


# ---------------------------------------------------------------------------- installs


def first_day(ds: Dataset, campaign: Campaign) -> dt.date:
    """The earliest day worth showing: the campaign's start or an earlier report."""
    dates = pd.concat([ds.installs["date"], ds.sessions["date"]]).dropna()
    return min(campaign.start, dates.min().date()) if len(dates) else campaign.start


def default_as_of(ds: Dataset, today: dt.date, campaign: Campaign | None = None) -> dt.date:
    """Today, clamped to the last day with data (a finished campaign shows its last day)."""
    last = ds.last_data_date
    day = today if last is None else min(today, last)
    return day if campaign is None else max(day, min(first_day(ds, campaign), today))


def pace_days(ds: Dataset, as_of: dt.date) -> int:
    """The pace window: PACE_DAYS, or fewer in the first days of reporting (day 1 counts 1 day)."""
    if not len(ds.installs):
        return PACE_DAYS
    since_first = (as_of - ds.installs["date"].min().date()).days + 1
    return max(1, min(PACE_DAYS, since_first))


def installed_by_village(ds: Dataset, campaign: Campaign, as_of: dt.date) -> pd.DataFrame:
    """Installs per village and group counted up to and including `as_of`.

    Incremental tallies are summed. Cumulative tallies are running totals, so the latest row
    of each village and inter-family group counts (the last row of that day wins).
    """
    keys = [g.key for g in campaign.village_groups]
    rows = ds.installs[ds.installs["date"] <= pd.Timestamp(as_of)]
    if campaign.tally_mode == "cumulative":
        rows = rows.sort_values(["date", "row"]).groupby(["village", "family_group"], sort=False).tail(1)
    totals = rows.groupby("village")[keys].sum()
    return totals.reindex(ds.villages["village"], fill_value=0).astype("int64")


def daily_installed(
    ds: Dataset, campaign: Campaign, until: dt.date, villages: list[str] | None = None
) -> dict[str, pd.DataFrame]:
    """Cumulative installs per day (rows) and village (columns), one frame per group.

    Days run from the earlier of the campaign's start and the first report to `until`.
    """
    names = villages if villages is not None else ds.village_names
    first = ds.installs["date"].min() if len(ds.installs) else pd.Timestamp(campaign.start)
    start = min(pd.Timestamp(campaign.start), first)
    days = pd.date_range(start, pd.Timestamp(until), freq="D")
    rows = ds.installs[(ds.installs["date"] <= pd.Timestamp(until)) & ds.installs["village"].isin(names)]
    out: dict[str, pd.DataFrame] = {}
    for g in campaign.village_groups:
        if campaign.tally_mode == "cumulative":
            last = rows.sort_values(["date", "row"]).groupby(["date", "village", "family_group"])[g.key].last()
            wide = last.unstack(["village", "family_group"]).reindex(days).ffill().fillna(0)
            per_village = wide.T.groupby(level="village").sum().T if wide.shape[1] else wide
        else:
            per_day = rows.pivot_table(index="date", columns="village", values=g.key, aggfunc="sum")
            per_village = per_day.reindex(days, fill_value=0).fillna(0).cumsum()
        out[g.key] = per_village.reindex(columns=names, fill_value=0).astype("int64")
    return out


# -------------------------------------------------------------------------- evaluations


@dataclass(frozen=True)
class Evaluation:
    """One target, for one village or a total, as of a date."""

    group: str
    target: Target
    deadline: dt.date
    installed: int
    base: int | None
    coverage: float | None
    met: bool | None
    gap: int | None
    remaining_days: int  # days after the as-of date up to the deadline (0 when reached)
    needed_per_day: float | None
    pace: float | None  # installs per day over the last PACE_DAYS days (fewer at the start)
    projected: dt.date | None  # when the pace reaches the target
    status: str
    met_at_deadline: bool | None  # None while the deadline is still ahead


def evaluate(
    installed: int,
    base: object,
    target: Target,
    deadline: dt.date,
    as_of: dt.date,
    installed_before: int | None = None,
    installed_at_deadline: int | None = None,
    window: int = PACE_DAYS,
) -> Evaluation:
    """Judge one count against one target as of `as_of`.

    `installed_before` is the count `window` days earlier (None when there is no dated
    history, as for agencies); `installed_at_deadline` the count on the deadline, once passed.
    """
    base_value = int(base) if has_base(base) or _is_zero(base) else None
    met = is_met(installed, base, target)
    missing = gap(installed, base, target)
    remaining = max(0, (deadline - as_of).days)
    pace = None if installed_before is None else (installed - installed_before) / window
    needed = missing / remaining if missing is not None and remaining > 0 else None
    projected = None
    if missing and pace and pace > 0:
        projected = as_of + dt.timedelta(days=math.ceil(missing / pace))
    if met is None:
        status = NO_DATA
    elif met:
        status = MET
    elif remaining == 0:
        status = BEHIND
    elif pace is None:
        status = OPEN
    else:
        status = ON_TRACK if needed is not None and pace >= needed else BEHIND
    at_deadline = None
    if as_of >= deadline and has_base(base):
        at_deadline = is_met(installed if installed_at_deadline is None else installed_at_deadline, base, target)
    return Evaluation(
        group=target.group,
        target=target,
        deadline=deadline,
        installed=int(installed),
        base=base_value,
        coverage=coverage(installed, base),
        met=met,
        gap=missing,
        remaining_days=remaining,
        needed_per_day=needed,
        pace=pace,
        projected=projected,
        status=status,
        met_at_deadline=at_deadline,
    )


def _selected(ds: Dataset, villages: list[str] | None) -> list[str]:
    return ds.village_names if not villages else [v for v in ds.village_names if v in set(villages)]


def village_table(
    ds: Dataset,
    campaign: Campaign,
    group: str,
    as_of: dt.date,
    villages: list[str] | None = None,
    phase: int | None = None,
) -> pd.DataFrame:
    """Per village, one group against its target for `phase` (the final one by default)."""
    target = campaign.target_for(group, phase)
    names = _selected(ds, villages)
    window = pace_days(ds, as_of)
    now = installed_by_village(ds, campaign, as_of)[group]
    before = installed_by_village(ds, campaign, as_of - dt.timedelta(days=window))[group]
    base = _bases(ds, group)
    records = []
    for name in names:
        b = base.get(name)
        b = None if b is pd.NA else b
        if target is None:
            records.append(
                {"village": name, "installed": int(now[name]), "base": b, "coverage": coverage(now[name], b)}
            )
            continue
        e = evaluate(int(now[name]), b, target, campaign.deadline(target), as_of, int(before[name]), window=window)
        records.append({"village": name, **_row(e)})
    return pd.DataFrame.from_records(records, columns=VILLAGE_COLUMNS)


def _bases(ds: Dataset, group: str) -> pd.Series:
    return ds.villages.set_index("village")[f"base:{group}"]


def _with_base(ds: Dataset, group: str, names: list[str]) -> list[str]:
    """The villages that count in a total: a village without a base has no rate to add to.

    Totals are sums of installs over sums of bases; counting the installs of a village whose
    base is missing would inflate the commune's rate (validation warns about such villages).
    """
    base = _bases(ds, group)
    return [n for n in names if has_base(base.get(n))]


VILLAGE_COLUMNS = [
    "village",
    "installed",
    "base",
    "coverage",
    "met",
    "gap",
    "needed_per_day",
    "pace",
    "projected",
    "status",
]


def _row(e: Evaluation) -> dict[str, object]:
    return {
        "installed": e.installed,
        "base": e.base,
        "coverage": e.coverage,
        "met": e.met,
        "gap": e.gap,
        "needed_per_day": e.needed_per_day,
        "pace": e.pace,
        "projected": e.projected,
        "status": e.status,
    }


def agency_table(ds: Dataset, campaign: Campaign, group: str, as_of: dt.date, phase: int | None = None) -> pd.DataFrame:
    """Per commune agency against the group's target for `phase` (counts are current totals)."""
    target = campaign.target_for(group, phase)
    records = []
    for rec in ds.agencies.itertuples(index=False):
        row: dict[str, object] = {"unit": rec.unit, "installed": int(rec.installed), "base": int(rec.base)}
        if target is not None:
            e = evaluate(int(rec.installed), int(rec.base), target, campaign.deadline(target), as_of)
            row |= {k: v for k, v in _row(e).items() if k not in ("installed", "base")}
        else:
            row["coverage"] = coverage(int(rec.installed), int(rec.base))
        records.append(row)
    return pd.DataFrame.from_records(records, columns=["unit", *VILLAGE_COLUMNS[1:]])


def group_totals(
    ds: Dataset, campaign: Campaign, group: Group, as_of: dt.date, villages: list[str] | None = None
) -> tuple[int, int, int | None]:
    """(installed now, base, installed one pace window ago) over the villages with a base."""
    if group.unit == "agency":
        return int(ds.agencies["installed"].sum()), int(ds.agencies["base"].sum()), None
    names = _with_base(ds, group.key, _selected(ds, villages))
    window = pace_days(ds, as_of)
    now = installed_by_village(ds, campaign, as_of).loc[names, group.key].sum()
    before = installed_by_village(ds, campaign, as_of - dt.timedelta(days=window)).loc[names, group.key].sum()
    base = _bases(ds, group.key).loc[names].sum()
    return int(now), int(base), int(before)


def target_results(
    ds: Dataset,
    campaign: Campaign,
    as_of: dt.date,
    villages: list[str] | None = None,
    phase: int | None = None,
) -> list[Evaluation]:
    """Every configured target (of `phase`, when given) for the commune or the selected
    villages, in deadline order."""
    window = pace_days(ds, as_of)
    results = []
    for group in campaign.groups:
        installed, base, before = group_totals(ds, campaign, group, as_of, villages)
        for target in campaign.targets_of(group.key):
            if phase is not None and target.phase != phase:
                continue
            deadline = campaign.deadline(target)
            at_deadline = None
            if group.unit == "village" and as_of >= deadline:
                at_deadline = group_totals(ds, campaign, group, deadline, villages)[0]
            results.append(evaluate(installed, base, target, deadline, as_of, before, at_deadline, window))
    return sorted(results, key=lambda e: (e.deadline, campaign.groups.index(campaign.group(e.group))))


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
        base = _bases(ds, g.key).loc[counted].sum()
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


# ----------------------------------------------------------------------- helpers, sessions


def helpers_by_village(
    ds: Dataset, campaign: Campaign, as_of: dt.date, villages: list[str] | None = None
) -> pd.DataFrame:
    """Helpers and IT-skilled helpers per village against the minimum, and sessions held."""
    names = _selected(ds, villages)
    helpers = ds.helpers.groupby("village").agg(helpers=("name", "size"), helpers_it=("it_skill", "sum"))
    held = ds.sessions[ds.sessions["date"] <= pd.Timestamp(as_of)]
    sessions = held.groupby("village").agg(sessions=("row", "size"), attendees=("attendees", "sum"))
    table = pd.DataFrame({"village": names}).set_index("village")
    table = table.join(helpers).join(sessions).fillna(0).astype("int64").reset_index()
    table["helpers_short"] = (campaign.min_helpers_it - table["helpers_it"]).clip(lower=0)
    table["sessions_short"] = (campaign.min_sessions - table["sessions"]).clip(lower=0)
    return table


def support_gaps(table: pd.DataFrame) -> dict[str, list[str]]:
    """Villages short of IT-skilled helpers, and villages short of propaganda sessions."""
    return {
        "short_helpers": table.loc[table["helpers_short"] > 0, "village"].tolist(),
        "no_sessions": table.loc[table["sessions_short"] > 0, "village"].tolist(),
    }


def status_counts(table: pd.DataFrame) -> dict[str, int]:
    """How many rows of a village table are in each status."""
    counts = table["status"].value_counts() if "status" in table else pd.Series(dtype=int)
    return {s: int(counts.get(s, 0)) for s in STATUSES}


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
