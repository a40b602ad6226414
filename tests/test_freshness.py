"""How old the figures are, in words, and when the stale-data banner appears."""

from __future__ import annotations

import datetime as dt

import pytest

from lib.clock import ZONE
from lib.freshness import banner, describe_age, fmt_time


@pytest.mark.parametrize(
    ("seconds", "lang", "expected"),
    [
        (0, "vi", "cách đây 0 giây"),
        (59, "vi", "cách đây 59 giây"),
        (60, "vi", "cách đây 1 phút"),
        (3599, "vi", "cách đây 59 phút"),
        (7300, "vi", "cách đây 2 giờ"),
        (300, "en", "5 minutes ago"),
    ],
)
def test_describe_age(seconds: float, lang: str, expected: str) -> None:
    assert describe_age(seconds, lang) == expected


def test_fmt_time_is_in_vietnam_time() -> None:
    moment = dt.datetime(2026, 5, 20, 3, 32, tzinfo=dt.UTC)  # 10:32 in Hà Tĩnh
    assert fmt_time(moment.timestamp()) == "10:32 20/05/2026"
    assert ZONE.key == "Asia/Ho_Chi_Minh"


def test_banner_rules() -> None:
    assert banner(100.0, None, 200.0) is None
    level, text = banner(None, "Lỗi X.", 200.0)
    assert level == "error" and "Lỗi X." in text
    level, text = banner(0.0, "Lỗi Y.", 600.0)
    assert level == "warning" and "cách đây 10 phút" in text and "Lỗi Y." in text
