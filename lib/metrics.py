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

import numpy as np
import pandas as pd

from lib.campaign import Campaign, Group, Target
from lib.dataset import Dataset
from lib.people import list_installs

PACE_DAYS = 3

MET, ON_TRACK, BEHIND, OPEN, MISSED, NO_DATA = "met", "on_track", "behind", "open", "missed", "no_data"
STATUSES = (MET, ON_TRACK, BEHIND, OPEN, MISSED, NO_DATA)


# --------------------------------------------------------------------------- target rules


def required_installs(base: int, target: Target) -> int:
    """The fewest installs that meet the target: trên p% is strictly above, đạt p% at least."""
    percent = target.percent
    if isinstance(percent, int | Fraction) and isinstance(base, int):
        # Exact integer arithmetic on percent * base / 100 (the same as with Fractions, faster).
        top, bottom = percent.numerator * base, percent.denominator * 100
        return top // bottom + 1 if target.rule == "tren" else -(-top // bottom)
    share = percent * base / 100
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
    percent = target.percent
    if isinstance(percent, int | Fraction):
        # installed * 100 / base against p / q, cross-multiplied (base > 0, q > 0): exact.
        left, right = int(installed) * 100 * percent.denominator, percent.numerator * int(base)
        return left > right if target.rule == "tren" else left >= right
    share = Fraction(int(installed) * 100, int(base))
    return share > percent if target.rule == "tren" else share >= percent


def gap(installed: int, base: object, target: Target) -> int | None:
    """Further installs needed to meet the target, never below 0; None without a base."""
    if not has_base(base):
        return None
    return max(0, required_installs(int(base), target) - int(installed))


# ---------------------------------------------------------------------------- installs
#
# Every count is read from one table per dataset: cumulative installs per day and village,
# per village group (`_Tallies`). It is built once, on first use, and kept on the Dataset
# object itself (validated tables are never changed in place), so a page that asks for
# installs as of several dates, and every page after it, reads rows of an array instead of
# grouping the tally rows again. The rules are those of the docstrings below; the arrays
# hold exactly the integers the row-by-row rules give (tests compare both).

_MEMO = "_metrics_memo"


def _memo(ds: Dataset) -> dict:
    """Per-dataset store for derived arrays; dropped when a table is replaced."""
    ident = (id(ds.villages), id(ds.installs), id(ds.helpers), id(ds.sessions))
    memo = ds.__dict__.get(_MEMO)
    if memo is None or memo.get("ident") != ident:
        memo = {"ident": ident}
        ds.__dict__[_MEMO] = memo
    return memo


class _Tallies:
    """Cumulative installs per day (rows) and village (columns), one int64 array per group.

    Days run from the earlier of the campaign's start and the first report to the later of
    that and the last report; the counts stay flat after the last report. Columns are the
    Thon villages in their order, then any other village a tally row names.
    """

    def __init__(self, ds: Dataset, campaign: Campaign):
        keys = [g.key for g in campaign.village_groups]
        rows = ds.installs
        dates = pd.to_datetime(rows["date"]) if len(rows) else pd.Series([], dtype="datetime64[s]")
        valid = dates.notna() & rows["village"].notna() if len(rows) else np.zeros(0, dtype=bool)
        if campaign.tally_mode == "cumulative" and len(rows):
            valid &= rows["family_group"].notna()
        valid = np.asarray(valid, dtype=bool)
        first = dates.min() if len(rows) else pd.NaT  # any dated row, counted or not, as before
        self.start = pd.Timestamp(campaign.start) if pd.isna(first) else min(pd.Timestamp(campaign.start), first)
        last = dates[valid].max() if valid.any() else self.start
        self.n_days = max((last - self.start).days, 0) + 1
        names = ds.village_names
        position: dict[str, int] = {}
        for name in names:
            position.setdefault(name, len(position))
        villages = rows["village"].to_numpy(dtype=object)[valid] if len(rows) else np.zeros(0, dtype=object)
        for name in villages:
            if name not in position:
                position[name] = len(position)
        self.position = position
        self.own = np.fromiter((position[n] for n in names), dtype=np.intp, count=len(names))
        width = len(position)
        day = ((dates[valid] - self.start).dt.days).to_numpy(dtype=np.intp) if valid.any() else np.zeros(0, np.intp)
        col = np.fromiter((position[n] for n in villages), dtype=np.intp, count=len(villages))
        self.cum: dict[str, np.ndarray] = {}
        if campaign.tally_mode == "cumulative":
            # The latest row of each village and inter-family group counts (the last row of
            # a day wins); its value holds until that group reports again. A village's figure
            # is the larger of its whole-village rows (no group) and the sum of its groups; the
            # person list's people without a group (rows made from the list: sheet row 0) are a
            # group like any other, never a whole-village total.
            order = np.lexsort((rows["row"].to_numpy()[valid], day)) if len(day) else np.zeros(0, np.intp)
            fg = rows["family_group"].to_numpy(dtype=object)[valid] if len(rows) else np.zeros(0, dtype=object)
            pair_codes, pairs = pd.factorize(pd.MultiIndex.from_arrays([col, fg]) if len(col) else pd.Index([]))
            pair_village = np.asarray([p[0] for p in pairs], dtype=np.intp) if len(pairs) else np.zeros(0, np.intp)
            listed = np.zeros(len(pairs), dtype=bool)
            if len(pairs):
                np.logical_or.at(listed, pair_codes, rows["row"].to_numpy()[valid] == 0)
            whole = np.fromiter((not p[1] for p in pairs), dtype=bool, count=len(pairs)) & ~listed
            for key in keys:
                values = rows[key].to_numpy(dtype=np.int64)[valid] if len(rows) else np.zeros(0, np.int64)
                state = np.full((self.n_days, len(pairs)), np.nan)
                state[day[order], pair_codes[order]] = values[order]  # later rows overwrite earlier ones
                filled = pd.DataFrame(state).ffill().fillna(0).to_numpy(dtype=np.int64)
                by_village = np.zeros((self.n_days, width), dtype=np.int64)
                by_groups = np.zeros((self.n_days, width), dtype=np.int64)
                if len(pairs):
                    np.add.at(by_village.T, pair_village[whole], filled.T[whole])
                    np.add.at(by_groups.T, pair_village[~whole], filled.T[~whole])
                self.cum[key] = np.maximum(by_village, by_groups)
        else:
            for key in keys:
                values = rows[key].to_numpy(dtype=np.int64)[valid] if len(rows) else np.zeros(0, np.int64)
                per_day = np.zeros((self.n_days, width), dtype=np.int64)
                np.add.at(per_day, (day, col), values)
                self.cum[key] = np.cumsum(per_day, axis=0)

    def row(self, day: dt.date | pd.Timestamp) -> int | None:
        """Index of the row that holds the counts as of `day` (None: before the first day)."""
        offset = (pd.Timestamp(day) - self.start).days
        return None if offset < 0 else min(offset, self.n_days - 1)

    def at(self, key: str, day: dt.date) -> np.ndarray:
        """Installs per Thon village (in its order) counted up to and including `day`."""
        i = self.row(day)
        return np.zeros(len(self.own), dtype=np.int64) if i is None else self.cum[key][i, self.own]


def _tallies(ds: Dataset, campaign: Campaign) -> _Tallies:
    memo = _memo(ds)
    key = ("tallies", campaign.tally_mode, campaign.start, tuple(g.key for g in campaign.village_groups))
    if key not in memo:
        memo[key] = _Tallies(ds, campaign)
    return memo[key]


def first_day(ds: Dataset, campaign: Campaign) -> dt.date:
    """The earliest day worth showing: the campaign's start or an earlier report."""
    memo = _memo(ds)
    if "first_date" not in memo:
        dates = pd.concat([ds.installs["date"], ds.sessions["date"]]).dropna()
        memo["first_date"] = dates.min().date() if len(dates) else None
        memo["last_date"] = ds.last_data_date
    first = memo["first_date"]
    return min(campaign.start, first) if first is not None else campaign.start


def default_as_of(ds: Dataset, today: dt.date, campaign: Campaign | None = None) -> dt.date:
    """Today, clamped to the last day with data (a finished campaign shows its last day)."""
    memo = _memo(ds)
    if "last_date" not in memo:
        memo["last_date"] = ds.last_data_date
    last = memo["last_date"]
    day = today if last is None else min(today, last)
    return day if campaign is None else max(day, min(first_day(ds, campaign), today))


def pace_days(ds: Dataset, as_of: dt.date) -> int:
    """The pace window: PACE_DAYS, or fewer in the first days of reporting (day 1 counts 1 day)."""
    if not len(ds.installs):
        return PACE_DAYS
    memo = _memo(ds)
    if "first_install" not in memo:
        memo["first_install"] = ds.installs["date"].min().date()
    since_first = (as_of - memo["first_install"]).days + 1
    return max(1, min(PACE_DAYS, since_first))


def installed_by_village(ds: Dataset, campaign: Campaign, as_of: dt.date) -> pd.DataFrame:
    """Installs per village and group counted up to and including `as_of`.

    Incremental tallies are summed. Cumulative tallies are running totals, so the latest row
    of each village and inter-family group counts (the last row of that day wins).
    """
    tallies = _tallies(ds, campaign)
    index = pd.Index(ds.villages["village"], name="village")
    columns = {g.key: tallies.at(g.key, as_of) for g in campaign.village_groups}
    return pd.DataFrame(columns, index=index, columns=list(columns)).astype("int64")


def daily_installed(
    ds: Dataset, campaign: Campaign, until: dt.date, villages: list[str] | None = None
) -> dict[str, pd.DataFrame]:
    """Cumulative installs per day (rows) and village (columns), one frame per group.

    Days run from the earlier of the campaign's start and the first report to `until`.
    """
    names = villages if villages is not None else ds.village_names
    tallies = _tallies(ds, campaign)
    days = pd.date_range(tallies.start, pd.Timestamp(until), freq="D")
    rows = np.minimum(np.arange(len(days)), tallies.n_days - 1)
    missing = len(tallies.position)  # a village no row names: zeros
    cols = np.fromiter((tallies.position.get(n, missing) for n in names), dtype=np.intp, count=len(names))
    header = pd.Index(names, name="village")
    out: dict[str, pd.DataFrame] = {}
    for g in campaign.village_groups:
        padded = np.concatenate([tallies.cum[g.key], np.zeros((tallies.n_days, 1), dtype=np.int64)], axis=1)
        out[g.key] = pd.DataFrame(padded[np.ix_(rows, cols)], index=days, columns=header)
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
    remaining_days: int  # days after the as-of date up to the deadline (0 on and after it)
    needed_per_day: int | None  # whole people a day to close the gap by the deadline
    pace: float | None  # installs per day over the last PACE_DAYS days (fewer at the start)
    projected: dt.date | None  # when the pace reaches the target
    status: str
    met_at_deadline: bool | None  # None while the deadline is not yet over


def deadline_over(deadline: dt.date, as_of: dt.date, today: dt.date | None = None) -> bool:
    """Whether the figures as of `as_of` are final for `deadline`: the deadline is past
    (as_of after it), or the figures are of the deadline day itself and that day is over
    (`today` after it). On the deadline day itself the day is not over yet."""
    today = as_of if today is None else today
    return as_of > deadline or (as_of == deadline and today > deadline)


def needed_per_day(missing: int | None, as_of: dt.date, deadline: dt.date) -> int | None:
    """Whole people a day to close the gap by the end of the deadline day, rounded up.

    The days are those after `as_of` up to the deadline; on the deadline day itself the one
    day left is that day. None without a base (no gap) or once the deadline is past."""
    if missing is None or as_of > deadline:
        return None
    return -(-missing // max(1, (deadline - as_of).days))


def evaluate(
    installed: int,
    base: object,
    target: Target,
    deadline: dt.date,
    as_of: dt.date,
    installed_before: int | None = None,
    installed_at_deadline: int | None = None,
    window: int = PACE_DAYS,
    today: dt.date | None = None,
) -> Evaluation:
    """Judge one count against one target as of `as_of` (seen on `today`, default `as_of`).

    `installed_before` is the count `window` days earlier (None when there is no dated
    history, as for agencies); `installed_at_deadline` the count on the deadline (None: the
    count now, as for agencies, whose figures are current totals).

    Status: no base -> no_data; deadline over -> met or missed by the count at the deadline;
    else met now -> met; no pace (no history) -> open; else on_track when the pace of the
    last days reaches the whole people needed per day, behind when it does not.
    """
    base_value = int(base) if has_base(base) or _is_zero(base) else None
    met = is_met(installed, base, target)
    missing = gap(installed, base, target)
    remaining = max(0, (deadline - as_of).days)
    pace = None if installed_before is None else (installed - installed_before) / window
    over = deadline_over(deadline, as_of, today)
    needed = None if over else needed_per_day(missing, as_of, deadline)
    projected = None
    if missing and pace and pace > 0:
        projected = as_of + dt.timedelta(days=math.ceil(missing / pace))
    at_deadline = None
    if over and has_base(base):
        at_deadline = is_met(installed if installed_at_deadline is None else installed_at_deadline, base, target)
    if met is None:
        status = NO_DATA
    elif over:
        status = MET if at_deadline else MISSED
    elif met:
        status = MET
    elif pace is None:
        status = OPEN
    else:
        status = ON_TRACK if needed is not None and pace >= needed else BEHIND
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
    if not villages:
        return ds.village_names
    wanted = set(villages)
    return [v for v in ds.village_names if v in wanted]


def _selection(ds: Dataset, villages: list[str] | None) -> np.ndarray:
    """The chosen villages as a mask over the Thon villages (all of them when none is chosen)."""
    names = ds.village_names
    if not villages:
        return np.ones(len(names), dtype=bool)
    wanted = set(villages)
    return np.fromiter((n in wanted for n in names), dtype=bool, count=len(names))


def village_table(
    ds: Dataset,
    campaign: Campaign,
    group: str,
    as_of: dt.date,
    villages: list[str] | None = None,
    phase: int | None = None,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """Per village, one group against its target for `phase` (the final one by default),
    as of `as_of` seen on `today` (see `deadline_over`)."""
    target = campaign.target_for(group, phase)
    names = ds.village_names
    window = pace_days(ds, as_of)
    tallies = _tallies(ds, campaign)
    now = tallies.at(group, as_of)
    before = tallies.at(group, as_of - dt.timedelta(days=window)).tolist()
    bases = _base_values(ds, group)[0]
    deadline = campaign.deadline(target) if target is not None else None
    at_deadline = [None] * len(names)
    if deadline is not None and deadline_over(deadline, as_of, today):
        at_deadline = tallies.at(group, deadline).tolist()
    records = []
    for i in np.flatnonzero(_selection(ds, villages)).tolist():
        b = bases[i]
        if target is None:
            n = now[i]
            records.append({"village": names[i], "installed": int(n), "base": b, "coverage": coverage(n, b)})
            continue
        e = evaluate(int(now[i]), b, target, deadline, as_of, before[i], at_deadline[i], window, today)
        records.append({"village": names[i], **_row(e)})
    return _whole_numbers(pd.DataFrame.from_records(records, columns=VILLAGE_COLUMNS))


def _whole_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Counts of people stay integers where some rows have none (a missing base): Int64, so
    that a gap of 5 is never 5.0 in a table, a download or the JSON summary."""
    counts = [c for c in ("base", "gap", "needed_per_day") if c in frame]
    return frame.astype({c: "Int64" for c in counts})


def _base_values(ds: Dataset, group: str) -> tuple[list, np.ndarray, np.ndarray]:
    """Per Thon village (in its order): the base as the table holds it (None when missing),
    whether it is a usable base (`has_base`), and the base as int64 (0 when not usable)."""
    memo = _memo(ds)
    key = ("bases", group)
    if key not in memo:
        values = [None if v is pd.NA else v for v in ds.villages[f"base:{group}"].array]
        usable = np.fromiter((has_base(v) for v in values), dtype=bool, count=len(values))
        ints = np.array([int(v) if ok else 0 for v, ok in zip(values, usable, strict=True)], dtype=np.int64)
        memo[key] = (values, usable, ints)
    return memo[key]


def _with_base(ds: Dataset, group: str, names: list[str]) -> list[str]:
    """The villages that count in a total: a village without a base has no rate to add to.

    Totals are sums of installs over sums of bases; counting the installs of a village whose
    base is missing would inflate the commune's rate (validation warns about such villages).
    """
    usable = dict(zip(ds.village_names, _base_values(ds, group)[1].tolist(), strict=True))
    return [n for n in names if usable.get(n, False)]


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


def agency_table(
    ds: Dataset, campaign: Campaign, group: str, as_of: dt.date, phase: int | None = None, today: dt.date | None = None
) -> pd.DataFrame:
    """Per commune agency against the group's target for `phase` (counts are current totals)."""
    target = campaign.target_for(group, phase)
    records = []
    for rec in ds.agencies.itertuples(index=False):
        row: dict[str, object] = {"unit": rec.unit, "installed": int(rec.installed), "base": int(rec.base)}
        if target is not None:
            e = evaluate(int(rec.installed), int(rec.base), target, campaign.deadline(target), as_of, today=today)
            row |= {k: v for k, v in _row(e).items() if k not in ("installed", "base")}
        else:
            row["coverage"] = coverage(int(rec.installed), int(rec.base))
        records.append(row)
    return _whole_numbers(pd.DataFrame.from_records(records, columns=["unit", *VILLAGE_COLUMNS[1:]]))


def group_totals(
    ds: Dataset, campaign: Campaign, group: Group, as_of: dt.date, villages: list[str] | None = None
) -> tuple[int, int, int | None]:
    """(installed now, base, installed one pace window ago) over the villages with a base."""
    if group.unit == "agency":
        return int(ds.agencies["installed"].sum()), int(ds.agencies["base"].sum()), None
    counted = _selection(ds, villages) & _base_values(ds, group.key)[1]
    window = pace_days(ds, as_of)
    tallies = _tallies(ds, campaign)
    now = tallies.at(group.key, as_of)[counted].sum()
    before = tallies.at(group.key, as_of - dt.timedelta(days=window))[counted].sum()
    base = _base_values(ds, group.key)[2][counted].sum()
    return int(now), int(base), int(before)


def target_results(
    ds: Dataset,
    campaign: Campaign,
    as_of: dt.date,
    villages: list[str] | None = None,
    phase: int | None = None,
    today: dt.date | None = None,
) -> list[Evaluation]:
    """Every configured target (of `phase`, when given) for the commune or the selected
    villages, in deadline order, as of `as_of` seen on `today` (see `deadline_over`)."""
    window = pace_days(ds, as_of)
    results = []
    for group in campaign.groups:
        installed, base, before = group_totals(ds, campaign, group, as_of, villages)
        for target in campaign.targets_of(group.key):
            if phase is not None and target.phase != phase:
                continue
            deadline = campaign.deadline(target)
            at_deadline = None
            if group.unit == "village" and deadline_over(deadline, as_of, today):
                at_deadline = group_totals(ds, campaign, group, deadline, villages)[0]
            results.append(evaluate(installed, base, target, deadline, as_of, before, at_deadline, window, today))
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


# ----------------------------------------------------------------------- helpers, sessions


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


# ------------------------------------------------------------------ inter-family groups

FAMILY_GROUP_COLUMNS = ["village", "family_group", "installed", "base", "coverage", "met", "gap", "status"]
CROSSCHECK_COLUMNS = ["village", "family_group", "tallies", "list", "difference", "counted"]
TALLIES, LIST = "tallies", "list"


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


def villages_with_family_groups(ds: Dataset, villages: list[str] | None = None) -> list[str]:
    """The chosen villages that have something per inter-family group to drill into."""
    named = set(ds.installs.loc[ds.installs["family_group"].fillna("") != "", "village"].unique())
    if len(ds.family_groups):
        named |= set(ds.family_groups["village"].unique())
    return [v for v in _selected(ds, villages) if v in named]
