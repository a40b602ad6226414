"""Numbers, rates and dates as a Vietnamese reader expects them: 1.234 · 85,3% · 13/05/2026.

Babel's locale data gives the marks; dates are written `dd/mm/yyyy` explicitly because official
documents (Decree 30/2020) want the leading zeros whatever the locale data says.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from decimal import MAX_EMAX, MIN_EMIN, ROUND_HALF_EVEN, Context, Decimal

import pandas as pd
from babel import Locale
from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_group_symbol

from lib.texts import t

LOCALES = {"vi": "vi_VN", "en": "en_US"}
MISSING = "—"


def _locale(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["vi"])


def is_missing(value: object) -> bool:
    """None, NaN, and pandas' NA and NaT (an empty cell of a nullable column): one rule for every
    table, chart, report and export."""
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def fmt_int(value: float | int | None, lang: str = "vi") -> str:
    """1234 -> '1.234' (vi) or '1,234' (en)."""
    if is_missing(value):
        return MISSING
    if not math.isfinite(value):
        return format_decimal(value, format="#,##0", locale=_locale(lang))
    return f"{int(round(value)):,}".translate(_marks(lang))  # noqa: RUF046 (numpy scalars); half-even like Babel


def fmt_number(value: float | None, lang: str = "vi", decimals: int = 1) -> str:
    """A rate of people per day: 12.25 -> '12,3'."""
    if is_missing(value):
        return MISSING
    return _decimal(value, decimals, lang)


def fmt_pct(value: float | None, lang: str = "vi", decimals: int = 1) -> str:
    """A fraction as a rate: 0.853 -> '85,3%'; None (base 0 or missing) -> '—'."""
    if is_missing(value):
        return MISSING
    return _percent(value, decimals, lang)


@functools.cache
def _symbols(lang: str) -> tuple[str, str, str]:
    """Babel's decimal mark, thousands mark and percent sign for the language, read once."""
    locale = Locale.parse(_locale(lang))
    return get_decimal_symbol(locale), get_group_symbol(locale), locale.number_symbols["latn"]["percentSign"]


def _grouped(number: Decimal, decimals: int, lang: str) -> str:
    """The number rounded half-even as Babel rounds it, with the locale's thousands and decimal marks.

    Babel's format_decimal costs ~37 µs a call and a province page formats a few hundred thousand
    cells; this is Babel's own arithmetic (Decimal of the float's shortest repr, ROUND_HALF_EVEN)
    at ~5 µs, checked against Babel in tests/test_formatting.py. The wide context keeps any float
    exact, where Babel's default 28 digits raise.
    """
    rounded = number.quantize(Decimal(1).scaleb(-decimals), context=_WIDE)
    return f"{rounded:,f}".translate(_marks(lang))


@functools.cache
def _marks(lang: str) -> dict[int, str]:
    """Python's ',' and '.' of f"{n:,}" turned into the locale's thousands and decimal marks."""
    decimal_mark, group_mark, _ = _symbols(lang)
    return {ord(","): group_mark, ord("."): decimal_mark}


def _decimal(value: float | int, decimals: int, lang: str) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return format_decimal(value, format=_pattern(decimals), locale=_locale(lang))
    return _grouped(Decimal(str(value)), decimals, lang)


def _percent(value: float, decimals: int, lang: str) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return format_percent(value, format=_pattern(decimals) + "%", locale=_locale(lang))
    return _grouped(Decimal(str(value)).scaleb(2), decimals, lang) + _symbols(lang)[2]


def _pattern(decimals: int) -> str:
    return "#,##0." + "0" * decimals if decimals else "#,##0"


_WIDE = Context(prec=400, rounding=ROUND_HALF_EVEN, Emax=MAX_EMAX, Emin=MIN_EMIN)


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
