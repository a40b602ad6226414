"""Vietnamese formats, one table of inputs per function."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from babel.numbers import format_decimal, format_percent
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.formatting import LOCALES, MISSING, fmt_date, fmt_int, fmt_number, fmt_pct, fmt_percent_number, rule_text


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (0, "vi", "0"),
        (999, "vi", "999"),
        (1234, "vi", "1.234"),
        (1234567, "vi", "1.234.567"),
        (1234, "en", "1,234"),
        (None, "vi", "—"),
        (float("nan"), "vi", "—"),
    ],
)
def test_fmt_int(value, lang, expected) -> None:
    assert fmt_int(value, lang) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (0.853, "vi", "85,3%"),
        (0.85, "vi", "85,0%"),
        (1.0, "vi", "100,0%"),
        (0.0, "vi", "0,0%"),
        (0.853, "en", "85.3%"),
        (None, "vi", "—"),
        (0.8534999, "vi", "85,3%"),
    ],
)
def test_fmt_pct(value, lang, expected) -> None:
    assert fmt_pct(value, lang) == expected


@pytest.mark.parametrize(("value", "expected"), [(12.25, "12,2"), (12.26, "12,3"), (1500.5, "1.500,5"), (None, "—")])
def test_fmt_number(value, expected) -> None:
    assert fmt_number(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(dt.date(2026, 5, 3), "03/05/2026"), (dt.date(2026, 12, 24), "24/12/2026"), (None, "—")]
)
def test_fmt_date_keeps_leading_zeros(value, expected) -> None:
    assert fmt_date(value) == expected


@pytest.mark.parametrize(
    ("rule", "percent", "lang", "expected"),
    [
        ("tren", 85, "vi", "trên 85%"),
        ("dat", 10, "vi", "đạt 10%"),
        ("dat", 12.5, "vi", "đạt 12,5%"),
        ("tren", 30, "en", "above 30%"),
    ],
)
def test_rule_text(rule, percent, lang, expected) -> None:
    assert rule_text(rule, percent, lang) == expected
    assert fmt_percent_number(percent, lang) in expected


_REASONABLE = st.floats(min_value=-1e15, max_value=1e15, allow_nan=False) | st.integers(-(10**15), 10**15)


@pytest.mark.slow
@settings(max_examples=2000, deadline=None)
@given(value=_REASONABLE, decimals=st.integers(0, 3), lang=st.sampled_from(["vi", "en"]))
def test_numbers_and_rates_are_written_exactly_as_babel_writes_them(value, decimals, lang) -> None:
    """The fast formatter must stay a faster Babel: same rounding (half-even), marks and signs."""
    locale = LOCALES[lang]
    pattern = "#,##0." + "0" * decimals if decimals else "#,##0"
    assert fmt_number(value, lang, decimals) == format_decimal(value, format=pattern, locale=locale)
    assert fmt_pct(value / 1000, lang, decimals) == format_percent(value / 1000, format=pattern + "%", locale=locale)
    assert fmt_int(value, lang) == format_decimal(round(value), format="#,##0", locale=locale)


@pytest.mark.parametrize("value", [float("inf"), -float("inf"), 1e300, -1e300, 10**40])
def test_extreme_values_are_written_not_raised(value) -> None:
    for text in (fmt_int(value), fmt_number(value), fmt_pct(value)):
        assert text and text != MISSING


@pytest.mark.parametrize("empty", [None, float("nan"), pd.NA, pd.NaT])
def test_an_empty_cell_of_any_kind_reads_as_a_dash(empty) -> None:
    assert fmt_int(empty) == fmt_number(empty) == fmt_pct(empty) == MISSING
