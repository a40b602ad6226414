"""Target rules: the installs a target requires, coverage, met or not, and the gap.

Counts are exact integers; a target is met by integer arithmetic, never by comparing rounded
percentages (trên p% is strictly above, đạt p% at least).
"""

from __future__ import annotations

import math
from fractions import Fraction

import pandas as pd

from lib.campaign import Target


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
