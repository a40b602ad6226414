"""What changed between two reads, and one village's history: pure functions on Datasets.

The rules (docs/history.md, with an example a test runs):

- Installs added: per village and village group, installs as of the later read's day minus
  installs as of the earlier read's day (each counted as the dashboard counts them, tallies or
  person list), so a correction downwards shows as a negative number.
- Tally rows (tab CaiDat) are matched per village in sheet order by their content (date,
  inter-family group, counts), not by row number: deleting a row shifts every row under it,
  and that is no change. Where the rows differ, a row of the earlier read and one of the later
  read are one row *edited* (before and after given) when they have the same date and
  inter-family group (the counts changed) or else the same group and counts (the date
  changed); any other row only in the later read is *added*, only in the earlier one *deleted*.
- A row edited or deleted whose date (before or after the edit) is earlier than the day of the
  earlier read is flagged *sửa số liệu cũ* (`old_data`): figures the meeting already saw were
  changed. An added row dated before that day is `late`: entered after the fact.
- Rejected rows: rows rejected in the later read that were not in the earlier one (`new`) and
  the other way round (`fixed`), matched by tab, column, value and reason, not row number.
  They are listed for the whole commune: a row rejected for its village cell has no village.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from lib import metrics
from lib.campaign import Campaign
from lib.dataset import Dataset
from lib.privacy import mask_text

OLD_DATA = "old_data"  # "sửa số liệu cũ"


def default_since(now: dt.datetime) -> dt.datetime:
    """'Since yesterday's meeting': 17:00 on the day before `now`."""
    return dt.datetime.combine(now.date() - dt.timedelta(days=1), dt.time(17, 0))


# --------------------------------------------------------------------------------- diff


def diff(
    old: Dataset,
    new: Dataset,
    campaign: Campaign,
    old_read_at: dt.datetime,
    new_read_at: dt.datetime,
) -> dict[str, Any]:
    """The changes from the read `old` (read at `old_read_at`) to the read `new`, as JSON-ready
    dicts: per village that changed (in tab Thon's order) installs before/after/added per
    village group and the tally rows added, edited and deleted; the rejected rows that are new
    or fixed; totals."""
    groups = [g.key for g in campaign.village_groups]
    before = metrics.installed_by_village(old, campaign, old_read_at.date())
    after = metrics.installed_by_village(new, campaign, new_read_at.date())
    names = list(dict.fromkeys([*new.village_names, *old.village_names]))
    old_rows, new_rows = _rows_by_village(old, groups), _rows_by_village(new, groups)
    cutoff = pd.Timestamp(old_read_at.date())
    villages = []
    for name in names:
        installed = {}
        for g in groups:
            b = int(before.at[name, g]) if name in before.index else 0
            a = int(after.at[name, g]) if name in after.index else 0
            installed[g] = {"before": b, "after": a, "added": a - b}
        rows = _match(old_rows.get(name, []), new_rows.get(name, []), groups, cutoff)
        if any(v["added"] for v in installed.values()) or any(rows.values()):
            old_data = sum(1 for r in [*rows["edited"], *rows["deleted"]] if r[OLD_DATA])
            villages.append({"village": name, "installed": installed, **rows, "old_data_edits": old_data})
    rejected_new, rejected_fixed = _rejections(old, new)
    totals = {
        "installed": {g: sum(v["installed"][g]["added"] for v in villages) for g in groups},
        "rows_added": sum(len(v["added"]) for v in villages),
        "rows_edited": sum(len(v["edited"]) for v in villages),
        "rows_deleted": sum(len(v["deleted"]) for v in villages),
        "old_data_edits": sum(v["old_data_edits"] for v in villages),
        "rejected_new": len(rejected_new),
        "rejected_fixed": len(rejected_fixed),
    }
    return {"villages": villages, "rejected_new": rejected_new, "rejected_fixed": rejected_fixed, "totals": totals}


_Row = tuple[int, tuple[Any, ...]]  # (sheet row, content)


def _rows_by_village(ds: Dataset, groups: list[str]) -> dict[str, list[_Row]]:
    """Accepted tally rows per village in sheet order: (row, (date, group, counts…))."""
    tallies = ds.tallies
    if tallies is None or not len(tallies):
        return {}
    frame = tallies.sort_values("row", kind="stable")
    dates = pd.to_datetime(frame["date"])
    family = frame["family_group"].astype(object).where(frame["family_group"].notna(), "")
    counts = [frame[g].to_numpy(dtype=np.int64).tolist() if g in frame else [0] * len(frame) for g in groups]
    out: dict[str, list[_Row]] = {}
    for row, village, day, fg, *values in zip(
        frame["row"].tolist(), frame["village"].tolist(), dates.tolist(), family.tolist(), *counts, strict=True
    ):
        out.setdefault(village, []).append((row, (day, fg, *values)))
    return out


def _row_dict(row: _Row, groups: list[str]) -> dict[str, Any]:
    number, (day, family, *values) = row
    return {
        "row": number,
        "date": None if pd.isna(day) else day.date().isoformat(),
        "family_group": family,
        **dict(zip(groups, values, strict=True)),
    }


def _is_old(row: _Row, cutoff: pd.Timestamp) -> bool:
    day = row[1][0]
    return not pd.isna(day) and day < cutoff


def _match(old: list[_Row], new: list[_Row], groups: list[str], cutoff: pd.Timestamp) -> dict[str, list]:
    """Added, edited and deleted rows of one village (see the module's rules)."""
    out: dict[str, list] = {"added": [], "edited": [], "deleted": []}
    a, b = [r[1] for r in old], [r[1] for r in new]
    if a == b:
        return out
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        gone, came = old[i1:i2], new[j1:j2]
        pairs = _pairs(gone, came)
        for was, now in pairs:
            out["edited"].append(
                {
                    "row": now[0],
                    "row_before": was[0],
                    "before": _row_dict(was, groups),
                    "after": _row_dict(now, groups),
                    OLD_DATA: _is_old(was, cutoff) or _is_old(now, cutoff),
                }
            )
        paired_old = {id(p[0]) for p in pairs}
        paired_new = {id(p[1]) for p in pairs}
        for r in gone:
            if id(r) not in paired_old:
                out["deleted"].append({**_row_dict(r, groups), OLD_DATA: _is_old(r, cutoff)})
        for r in came:
            if id(r) not in paired_new:
                out["added"].append({**_row_dict(r, groups), "late": _is_old(r, cutoff)})
    out["edited"].sort(key=lambda e: e["row"])
    return out


def _pairs(gone: list[_Row], came: list[_Row]) -> list[tuple[_Row, _Row]]:
    """Rows of a changed stretch that are one row edited: first the same date and
    inter-family group (its counts changed), then the same group and counts (its date changed,
    e.g. back-dated), each earlier row with the first such later one."""
    pairs: list[tuple[_Row, _Row]] = []
    free = list(came)
    for same in (lambda x, y: x[0] == y[0] and x[1] == y[1], lambda x, y: x[1:] == y[1:]):
        for was in gone:
            if any(p[0] is was for p in pairs):
                continue
            for now in free:
                if same(was[1], now[1]):
                    pairs.append((was, now))
                    free.remove(now)
                    break
    return pairs


def _issue_key(r: Any) -> tuple:
    return (r.tab, r.column, r.value, r.code, None if pd.isna(r.installs) else int(r.installs))


def _issue_dict(r: Any) -> dict[str, Any]:
    return {
        "tab": r.tab,
        "row": None if pd.isna(r.row) else int(r.row),
        "column": r.column,
        "value": mask_text(str(r.value)),
        "code": r.code,
        "reason": mask_text(str(r.message_vi)),
        "reason_en": mask_text(str(r.message_en)),
    }


def _rejections(old: Dataset, new: Dataset) -> tuple[list[dict], list[dict]]:
    def rows(ds: Dataset) -> list[Any]:
        return list(ds.rejected.itertuples(index=False))

    def only(first: list[Any], second: list[Any]) -> list[dict]:
        left = Counter(_issue_key(r) for r in second)
        out = []
        for r in first:
            key = _issue_key(r)
            if left[key]:
                left[key] -= 1
            else:
                out.append(_issue_dict(r))
        return out

    return only(rows(new), rows(old)), only(rows(old), rows(new))


# ------------------------------------------------------------------------------ history


def history_by_read_time(
    figures: Sequence[tuple[dt.datetime, pd.DataFrame]], village: str, groups: Sequence[str]
) -> list[dict[str, Any]]:
    """A village's installs, base and coverage per group as each read saw them (on its read
    day), in read order. `figures`: (read time, `store.village_figures` frame) pairs; reads
    whose workbook had no such village are left out."""
    out = []
    for read_at, frame in figures:
        row = frame[frame["village"] == village]
        if not len(row):
            continue
        entry: dict[str, Any] = {"read_at": read_at.isoformat(timespec="seconds")}
        for g in groups:
            installed = int(row[f"installed:{g}"].iloc[0]) if f"installed:{g}" in row else 0
            base = row[f"base:{g}"].iloc[0] if f"base:{g}" in row else None
            base = None if base is None or pd.isna(base) else int(base)
            entry[g] = {"installed": installed, "base": base, "coverage": metrics.coverage(installed, base)}
        out.append(entry)
    return out


def history_by_report_date(ds: Dataset, campaign: Campaign, village: str, until: dt.date) -> list[dict[str, Any]]:
    """A village's installs and coverage per group by the date rows were reported for, as the
    read `ds` sees them, from the campaign's first day to `until`."""
    if village not in ds.village_names:
        return []
    daily = metrics.daily_installed(ds, campaign, until, [village])
    base = ds.villages.set_index("village")
    out = []
    days = next(iter(daily.values())).index if daily else []
    for i, day in enumerate(days):
        entry: dict[str, Any] = {"date": day.date().isoformat()}
        for g in campaign.village_groups:
            installed = int(daily[g.key].iloc[i, 0])
            b = base.at[village, f"base:{g.key}"]
            b = None if pd.isna(b) else int(b)
            entry[g.key] = {"installed": installed, "base": b, "coverage": metrics.coverage(installed, b)}
        out.append(entry)
    return out


def village_history(
    figures: Sequence[tuple[dt.datetime, pd.DataFrame]],
    latest: Dataset,
    campaign: Campaign,
    village: str,
    until: dt.date,
) -> dict[str, Any]:
    """Coverage over read time next to coverage by report date (from the latest read): where
    the second is higher for a day than the first was on that day, rows came in late."""
    groups = [g.key for g in campaign.village_groups]
    return {
        "village": village,
        "by_read_time": history_by_read_time(figures, village, groups),
        "by_report_date": history_by_report_date(latest, campaign, village, until),
    }
