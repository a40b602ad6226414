"""The villages a figure counts: the chosen Thon villages, and their bases per group."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.dataset import Dataset
from lib.metrics.tallies import _memo
from lib.metrics.targets import has_base


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
