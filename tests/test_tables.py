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


def test_markdown_table_keeps_the_formats_escapes_pipes_and_aligns_numbers() -> None:
    """The overview's tables as Markdown (lib/tables.markdown): the cells read as the Styler
    formats them, sheet text stays literal (a pipe does not split its cell), numbers right."""
    import pandas as pd

    from lib.markup import plain
    from lib.tables import _styled, markdown
    from tests.ui.markdown_tables import cells, parse

    frame = pd.DataFrame(
        {"village": [plain("Thôn A | [x](http://e.vn)"), plain("Thôn B")], "gap": [1234, 5], "coverage": [0.125, 0.5]}
    )
    text = markdown(_styled(frame, {"gap": lambda v: f"{v:,}".replace(",", "."), "coverage": "{:.1%}".format}, "vi"))
    lines = text.split("\n")
    assert lines[0] == "| Thôn | Còn thiếu | Tỷ lệ |"
    assert lines[1] == "|---|---:|---:|"
    assert lines[2] == "| Thôn A \\| `[x](http://e.vn)` | 1.234 | 12.5% |"
    back = parse(text)
    assert back["Còn thiếu"].tolist() == ["1.234", "5"] and back["Thôn"][0].startswith("Thôn A |")
    # A link-like word is inline code, which keeps its backslashes: a pair of them then a pipe
    # would end the cell in GFM and make the rest a cell of Markdown of its own (an image here).
    gaps = pd.DataFrame({"village": ["Thôn C", "Thôn D"], "needed_per_day": [3.0, None], "status": ["12", "đạt"]})
    assert markdown(_styled(gaps, {"needed_per_day": lambda v: f"{v:.0f}"}, "vi")).split("\n")[1] == "|---|---:|---|"
    hostile = plain("Thôn http://a\\\\|![x](http://evil.example/x.png) a@b\\\\|[y](http://evil.example/y)")
    row = markdown(_styled(pd.DataFrame({"village": [hostile]}), {}, "vi")).split("\n")[2]
    assert cells(row) == [hostile]  # one cell, as escaped: nothing read as an image or a link
