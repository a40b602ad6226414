"""Downloads as an official gets them in Chromium: the Word report, and the charts' PNG button."""

from __future__ import annotations

import datetime as dt
import re

import docx
import pytest
from playwright.sync_api import Page, expect

from lib import metrics
from lib.campaign import load_campaign
from lib.formatting import fmt_int
from lib.sources.sample import read_sample
from lib.validation import validate
from tests.browser.conftest import TODAY

pytestmark = pytest.mark.browser
VILLAGE = "Thôn Bình Sơn"


def _installed(phase: int) -> str:
    """The village's adults installed, as lib computes it for the app's default date."""
    campaign = load_campaign()
    today = dt.date.fromisoformat(TODAY)
    ds = validate(read_sample(), campaign, today)
    table = metrics.village_table(ds, campaign, "adults", metrics.default_as_of(ds, today), None, phase)
    return fmt_int(int(table.set_index("village").at[VILLAGE, "installed"]))


def test_word_report_downloads_with_lib_figures(page: Page, app_url: str) -> None:
    # Through the menu, as an official gets there (a cold server can answer a first deep link
    # with Streamlit's own "Page not found" dialog before the navigation is registered).
    page.goto(app_url)
    expect(page.get_by_role("heading", name=re.compile("xã Cẩm Xuyên"))).to_be_visible()
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Báo cáo").click()
    expect(page.get_by_role("heading", name="Báo cáo kết quả theo đợt")).to_be_visible()
    expect(page).to_have_url(re.compile("/bao-cao"))
    button = page.get_by_role("button", name=re.compile(r"Tải báo cáo Word"))
    with page.expect_download(timeout=60_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "bao-cao-dot-2-2026-05-24.docx"
    document = docx.Document(download.path())
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Cẩm Xuyên" in text and "Đợt 2" in text
    rows = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    village_rows = [r for r in rows if len(r) > 3 and r[1] == VILLAGE]
    assert village_rows and village_rows[0][3] == _installed(2), village_rows


def test_charts_keep_plotly_download_as_png(page: Page, app_url: str) -> None:
    """Plotly's own 'Download plot as a png' is how a chart goes into a slide or a message (the
    overview's chart is a picture already: tests/browser/test_dashboard.py)."""
    page.goto(f"{app_url}/theo-thon")
    chart = page.locator(".js-plotly-plot").first
    expect(chart).to_be_visible()
    chart.hover()
    expect(page.get_by_role("button", name=re.compile("Download plot as a png", re.IGNORECASE)).first).to_be_attached()
