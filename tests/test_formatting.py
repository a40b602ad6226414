"""Vietnamese formats, one table of inputs per function."""

from __future__ import annotations

import datetime as dt

import pytest

from lib.formatting import fmt_date, fmt_int, fmt_number, fmt_pct, fmt_percent_number, rule_text


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
