"""Streamlit's table toolbar speaks the viewer's language (lib/theme.toolbar_tooltips): its
tooltip words are drawn by CSS, so the test reads the drawn text (the ::after content) and
checks that Streamlit's own English words are not shown (font size 0)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

TOOLTIP = "[role=tooltip] [data-testid=stTooltipContent] p"


def tooltip_of(page: Page, url: str, label: str) -> tuple[str, str]:
    page.goto(url)
    table = page.get_by_test_id("stDataFrame").first
    table.hover()
    page.get_by_test_id("stElementToolbar").first.locator(f'button[aria-label="{label}"]').hover()
    page.locator(TOOLTIP).wait_for()
    return page.evaluate(
        f"() => {{ const p = document.querySelector('{TOOLTIP}');"
        " return [getComputedStyle(p, '::after').content, getComputedStyle(p).fontSize]; }"
    )


@pytest.mark.parametrize(
    ("query", "label", "words"),
    [
        ("", "Search", '"Tìm trong bảng"'),
        ("", "Fullscreen", '"Phóng to toàn màn hình"'),
        ("", "Show/hide columns", '"Ẩn hoặc hiện cột"'),
        ("?lang=en", "Search", '"Search"'),
    ],
)
def test_the_table_toolbar_tooltips_are_in_the_viewers_language(
    page: Page, app_url: str, query: str, label: str, words: str
) -> None:
    drawn, english_size = tooltip_of(page, f"{app_url}/theo-thon{query}", label)
    assert drawn == words
    assert english_size == "0px"
