"""Tables and their words: what a page prints beside its table."""

from __future__ import annotations

import pytest

from lib import metrics
from lib.tables import status_counts_text


@pytest.mark.parametrize(
    ("counts", "lang", "expected"),
    [
        (
            {"met": 3, "missed": 25, "no_data": 2},
            "vi",
            "3 thôn đã đạt, 25 thôn không đạt, 2 thôn chưa có số dân để tính tỷ lệ.",
        ),
        ({"met": 0, "on_track": 1, "behind": 1_234}, "vi", "1 thôn đúng tiến độ, 1.234 thôn chậm."),
        ({"open": 2}, "en", "2 not yet met."),
        ({}, "vi", ""),
    ],
)
def test_status_counts_text_names_only_the_statuses_some_village_has(counts: dict, lang: str, expected: str) -> None:
    full = {s: counts.get(s, 0) for s in metrics.STATUSES}
    assert status_counts_text(full, lang) == expected
