"""Numbers, rates and dates as a Vietnamese reader expects them: 1.234 · 85,3% · 13/05/2026.

Babel does the locale work; dates are written `dd/mm/yyyy` explicitly because official
documents (Decree 30/2020) want the leading zeros whatever the locale data says.
"""

from __future__ import annotations

import datetime as dt
import math

from babel.numbers import format_decimal, format_percent

from lib.texts import t

LOCALES = {"vi": "vi_VN", "en": "en_US"}
MISSING = "—"


def _locale(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["vi"])


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_int(value: float | int | None, lang: str = "vi") -> str:
    """1234 -> '1.234' (vi) or '1,234' (en)."""
    if _is_missing(value):
        return MISSING
    return format_decimal(round(value), format="#,##0", locale=_locale(lang))


def fmt_number(value: float | None, lang: str = "vi", decimals: int = 1) -> str:
    """A rate of people per day: 12.25 -> '12,3'."""
    if _is_missing(value):
        return MISSING
    pattern = "#,##0." + "0" * decimals if decimals else "#,##0"
    return format_decimal(value, format=pattern, locale=_locale(lang))


def fmt_pct(value: float | None, lang: str = "vi", decimals: int = 1) -> str:
    """A fraction as a rate: 0.853 -> '85,3%'; None (base 0 or missing) -> '—'."""
    if _is_missing(value):
        return MISSING
    pattern = "#,##0." + "0" * decimals + "%" if decimals else "#,##0%"
    return format_percent(value, format=pattern, locale=_locale(lang))


def fmt_percent_number(value: float, lang: str = "vi") -> str:
    """A target percentage as configured: 85 -> '85%', 12.5 -> '12,5%'."""
    return fmt_pct(float(value) / 100, lang, decimals=0 if float(value).is_integer() else 1)


def rule_text(rule: str, percent: float, lang: str = "vi") -> str:
    """A target as the plan words it: 'trên 85%' (strictly above) or 'đạt 10%' (at least)."""
    return t(f"rule.{rule}", lang, percent=fmt_percent_number(percent, lang))


def fmt_date(value: dt.date | None) -> str:
    """13/05/2026, with leading zeros, in every language."""
    return MISSING if value is None else value.strftime("%d/%m/%Y")


def plotly_separators(lang: str = "vi") -> str:
    """Plotly's `layout.separators`: decimal mark first, then the thousands mark."""
    return ",." if lang == "vi" else ".,"
