"""Totals for the data-quality page: rows read, used, rejected, and installs not counted."""

from __future__ import annotations

from lib.dataset import Dataset


def quality_summary(ds: Dataset) -> dict[str, int]:
    """read == accepted + rejected by construction; `installs_lost` is what rejected tallies held."""
    lost = ds.rejected["installs"].dropna()
    return {
        "read": int(ds.rows["read"].sum()),
        "accepted": int(ds.rows["accepted"].sum()),
        "rejected": int(ds.rows["rejected"].sum()),
        "installs_lost": int(lost.sum()) if len(lost) else 0,
    }
