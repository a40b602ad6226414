"""The machine-readable summary (`python -m lib summary --json`) built from the same metrics
the pages show, so a script and the dashboard can never disagree."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from lib import metrics
from lib.campaign import Campaign, Target
from lib.dataset import Dataset


def _target(campaign: Campaign, target: Target) -> dict[str, Any]:
    return {
        "percent": float(target.percent),
        "rule": target.rule,
        "phase": target.phase,
        "deadline": campaign.deadline(target).isoformat(),
    }


def _group_entry(campaign: Campaign, evaluations: list[metrics.Evaluation]) -> dict[str, Any]:
    """Installed, base, coverage; `target`/`met`/`gap` are the final target's, `targets` all."""
    final = evaluations[-1]
    return {
        "installed": final.installed,
        "base": final.base,
        "coverage": final.coverage,
        "target": _target(campaign, final.target),
        "met": final.met,
        "gap": final.gap,
        "targets": [
            {**_target(campaign, e.target), "met": e.met, "gap": e.gap, "met_at_deadline": e.met_at_deadline}
            for e in evaluations
        ],
    }


def build_summary(ds: Dataset, campaign: Campaign, as_of: dt.date) -> dict[str, Any]:
    results = metrics.target_results(ds, campaign, as_of)
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
        table = metrics.village_table(ds, campaign, group.key, as_of)
        for rec in table.to_dict("records"):
            villages[rec["village"]][group.key] = {
                k: _plain(rec[k]) for k in ("installed", "base", "coverage", "met", "gap", "status")
            }
    helpers = metrics.helpers_by_village(ds, campaign, as_of).set_index("village")
    for name, entry in villages.items():
        entry["helpers"] = int(helpers.at[name, "helpers"])
        entry["helpers_it"] = int(helpers.at[name, "helpers_it"])
        entry["sessions"] = int(helpers.at[name, "sessions"])
    return {
        "commune": campaign.commune,
        "source": ds.source,
        "as_of": as_of.isoformat(),
        "totals": totals,
        "villages": list(villages.values()),
        "rejected": [
            {"tab": r.tab, "row": _plain(r.row), "column": r.column, "reason": r.message_vi}
            for r in ds.rejected.itertuples(index=False)
        ],
        "warnings": len(ds.warnings),
    }


def _plain(value: Any) -> Any:
    """numpy/pandas scalars and missing values as JSON-ready Python values."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value
