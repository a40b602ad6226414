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


def test_html_table_keeps_the_formats_shows_sheet_text_as_text_and_aligns_numbers() -> None:
    """The overview's tables as HTML (lib/tables.html): the cells read as the Styler formats
    them, sheet text is the cells' text whatever it holds (tags, entities, a line break, the
    cell separator), numbers on the right."""
    import pandas as pd

    from lib.markup import one_line
    from lib.tables import TABLE_CLASS, _styled, html
    from lib.theme import EVERY_SCREEN
    from tests.ui.html_tables import parse, read

    hostile = "Thôn <img src=x onerror=alert(1)> &amp; </td></tr><script>x</script>\nB\x1fC | [x](http://e.vn)"
    frame = pd.DataFrame({"village": [one_line(hostile), "Thôn B"], "gap": [1234, 5], "coverage": [0.125, 0.5]})
    text = html(_styled(frame, {"gap": lambda v: f"{v:,}".replace(",", "."), "coverage": "{:.1%}".format}, "vi"))
    assert text.startswith(f'<div class="{TABLE_CLASS}-box"><table class="{TABLE_CLASS}"><thead><tr><th>Thôn</th>')
    back = parse(text)  # refuses any tag but the table's own
    assert back.columns.tolist() == ["Thôn", "Còn thiếu", "Tỷ lệ"]
    assert back["Thôn"].tolist() == [" ".join(hostile.split()), "Thôn B"]
    assert back["Còn thiếu"].tolist() == ["1.234", "5"] and back["Tỷ lệ"].tolist() == ["12.5%", "50.0%"]
    assert read(text).right == [False, True, True]
    # A column made text because it has gaps ('—') is still numbers: right; words stay left.
    gaps = pd.DataFrame({"village": ["Thôn C", "Thôn D"], "needed_per_day": [3.0, None], "status": ["12", "đạt"]})
    assert read(html(_styled(gaps, {"needed_per_day": lambda v: f"{v:.0f}"}, "vi"))).right == [False, True, False]
    assert f".{TABLE_CLASS}{{" in EVERY_SCREEN and f".{TABLE_CLASS}-box{{overflow-x:auto}}" in EVERY_SCREEN


def test_html_of_no_table_is_nothing() -> None:
    """A campaign with no target yet: the overview draws no targets' table (it crashed)."""
    from lib.campaign import load_campaign
    from lib.tables import html, targets_table

    assert html(targets_table([], load_campaign(), "vi")) == ""
