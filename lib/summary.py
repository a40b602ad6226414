"""The machine-readable summary (`python -m lib summary --json`) built from the same metrics
the pages show, so a script and the dashboard can never disagree.

docs/summary.md describes every key, with an example a test compares to the code's output.
Keys are only ever added: other tools read this. Counts of people are JSON integers (never
5.0); phone and ID numbers never appear unmasked (no person-level data is included at all).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from lib import metrics
from lib.campaign import Campaign, Target
from lib.contract import tab_specs
from lib.dataset import Dataset
from lib.privacy import HIDDEN_NAME, hides_name, mask_text, name_headers, name_hidden

# The keys of a village group's entry, per village and per inter-family group.
_VILLAGE_KEYS = ("installed", "base", "coverage", "met", "gap", "status", "needed_per_day", "pace", "projected")
_FAMILY_GROUP_KEYS = ("installed", "base", "coverage", "met", "gap", "status")


def _target(campaign: Campaign, target: Target) -> dict[str, Any]:
    return {
        "percent": float(target.percent),
        "rule": target.rule,
        "phase": target.phase,
        "deadline": campaign.deadline(target).isoformat(),
    }


def _evaluation(e: metrics.Evaluation) -> dict[str, Any]:
    """One target as of the as-of date: the figures that depend on the target."""
    return {
        "met": e.met,
        "gap": e.gap,
        "met_at_deadline": e.met_at_deadline,
        "status": e.status,
        "remaining_days": e.remaining_days,
        "needed_per_day": e.needed_per_day,
        "projected": _iso(e.projected),
    }


def _group_entry(campaign: Campaign, evaluations: list[metrics.Evaluation]) -> dict[str, Any]:
    """Installed, base, coverage; `target`/`met`/`gap`/`status`/`needed_per_day` are the final
    target's, `targets` all of them (in deadline order)."""
    final = evaluations[-1]
    return {
        "installed": final.installed,
        "base": final.base,
        "coverage": final.coverage,
        "target": _target(campaign, final.target),
        "met": final.met,
        "gap": final.gap,
        "status": final.status,
        "needed_per_day": final.needed_per_day,
        "pace": final.pace,
        "targets": [{**_target(campaign, e.target), **_evaluation(e)} for e in evaluations],
    }


def build_summary(ds: Dataset, campaign: Campaign, as_of: dt.date, today: dt.date | None = None) -> dict[str, Any]:
    """The summary as of `as_of`, seen on `today` (the real date; default `as_of`): a target
    whose deadline is over is judged met or missed (see `metrics.deadline_over`)."""
    today = as_of if today is None else today
    results = metrics.target_results(ds, campaign, as_of, today=today)
    totals: dict[str, Any] = {}
    for group in campaign.groups:
        own = [e for e in results if e.group == group.key]
        own.sort(key=lambda e: campaign.targets_of(group.key).index(e.target))
        if own:
            totals[group.key] = _group_entry(campaign, own)
        else:
            installed, base, _ = metrics.group_totals(ds, campaign, group, as_of)
            totals[group.key] = {"installed": installed, "base": base, "coverage": metrics.coverage(installed, base)}
    villages: dict[str, dict[str, Any]] = {name: {"village": name} for name in ds.village_names}
    for group in campaign.village_groups:
        table = metrics.village_table(ds, campaign, group.key, as_of, today=today)
        for rec in table.to_dict("records"):
            villages[rec["village"]][group.key] = {k: _plain(rec[k]) for k in _VILLAGE_KEYS}
    helpers = metrics.helpers_by_village(ds, campaign, as_of).set_index("village")
    sources = _count_sources(ds, campaign)
    crosscheck = _crosscheck(ds, campaign, as_of)
    family_groups = _family_groups(ds, campaign, as_of, today)
    personal = name_headers(tab_specs(campaign))
    for name, entry in villages.items():
        entry["helpers"] = int(helpers.at[name, "helpers"])
        entry["helpers_it"] = int(helpers.at[name, "helpers_it"])
        entry["sessions"] = int(helpers.at[name, "sessions"])
        entry["count_source"] = sources.get(name)
        entry["crosscheck"] = crosscheck.get(name)
        entry["family_groups"] = family_groups.get(name, [])
    return {
        "commune": campaign.commune,
        "source": ds.source,
        "as_of": as_of.isoformat(),
        "today": today.isoformat(),
        "count_source": campaign.count_source,
        "totals": totals,
        "villages": list(villages.values()),
        "tabs": _tabs(ds, campaign),
        "rejected": [_issue(r, personal) for r in ds.rejected.itertuples(index=False)],
        "warnings": len(ds.warnings),
        "warning_rows": [_issue(r, personal) for r in ds.warnings.itertuples(index=False)],
    }


def _issue(r: Any, personal: set[str]) -> dict[str, Any]:
    """A rejected row or a warning: where, what, why, as the pages word it, with phone and ID
    numbers masked and a person's name (a repeated helper) left out."""
    value = "" if _plain(r.value) is None else str(r.value)
    reason, reason_en = r.message_vi, r.message_en
    if hides_name(r.column, value, personal):
        reason, reason_en = (name_hidden(m, value) for m in (reason, reason_en))
        value = HIDDEN_NAME
    return {
        "tab": r.tab,
        "row": _plain(r.row),
        "column": r.column,
        "reason": mask_text(reason),
        "code": r.code,
        "value": mask_text(value),
        "reason_en": mask_text(reason_en),
        "installs": _plain(r.installs),
    }


def _tabs(ds: Dataset, campaign: Campaign) -> list[dict[str, Any]]:
    """Every tab of the contract: the title found in the workbook (the expected name when
    absent), rows read, accepted, rejected, and warnings about it."""
    rows = ds.rows.set_index("tab")
    warned = ds.warnings["tab"].value_counts()
    out = []
    for spec in tab_specs(campaign):
        title = ds.tabs.get(spec.key)
        shown = spec.name if title is None else title
        counts = rows.loc[title] if title is not None and title in rows.index else None
        out.append(
            {
                "key": spec.key,
                "tab": shown,
                "found": title is not None,
                "presence": spec.presence,
                **{k: 0 if counts is None else int(counts[k]) for k in ("read", "accepted", "rejected")},
                "warnings": int(warned.get(shown, 0)),
            }
        )
    return out


def _count_sources(ds: Dataset, campaign: Campaign) -> dict[str, str]:
    """Per village, the source its counts come from (`people.counted_rows`): the configured
    one where it has both a person list and tallies, else the one it has (none: absent)."""
    tallied = set(ds.tallies["village"].dropna().unique()) if len(ds.tallies) else set()
    listed = set(ds.people["village"].dropna().unique()) if len(ds.people) else set()
    both = metrics.LIST if campaign.count_source == metrics.LIST else metrics.TALLIES
    out = {}
    for name in ds.village_names:
        if name in tallied and name in listed:
            out[name] = both
        elif name in tallied or name in listed:
            out[name] = metrics.TALLIES if name in tallied else metrics.LIST
    return out


def _crosscheck(ds: Dataset, campaign: Campaign, as_of: dt.date) -> dict[str, dict[str, Any]]:
    """Per village with both a list and tallies, per village group: both figures and list
    minus tallies (`metrics.crosscheck_table`)."""
    out: dict[str, dict[str, Any]] = {}
    for group in campaign.village_groups:
        table = metrics.crosscheck_table(ds, campaign, group.key, as_of)
        for rec in table.to_dict("records"):
            out.setdefault(rec["village"], {})[group.key] = {
                k: _plain(rec[k]) for k in (metrics.TALLIES, metrics.LIST, "difference")
            }
    return out


def _family_groups(ds: Dataset, campaign: Campaign, as_of: dt.date, today: dt.date) -> dict[str, list[dict[str, Any]]]:
    """Per village, its inter-family groups in order, each with every village group's figures
    against that group's final target (`metrics.family_group_table`)."""
    entries: dict[tuple[str, str], dict[str, Any]] = {}
    for group in campaign.village_groups:
        table = metrics.family_group_table(ds, campaign, group.key, as_of, today=today)
        for rec in table.to_dict("records"):
            entry = entries.setdefault((rec["village"], rec["family_group"]), {"family_group": rec["family_group"]})
            entry[group.key] = {k: _plain(rec[k]) for k in _FAMILY_GROUP_KEYS}
    out: dict[str, list[dict[str, Any]]] = {}
    for (village, _), entry in entries.items():  # every table lists the same groups in one order
        out.setdefault(village, []).append(entry)
    return out


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _plain(value: Any) -> Any:
    """numpy/pandas scalars and missing values as JSON-ready Python values (dates as ISO text)."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp | dt.date):
        return value.date().isoformat() if isinstance(value, pd.Timestamp) else value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value
