"""The dashboard as a commune official sees it: in Chromium, on the bundled sample."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from lib import metrics
from lib.campaign import load_campaign
from lib.formatting import fmt_pct
from lib.sources.sample import read_sample
from lib.validation import validate
from tests.browser.conftest import TODAY

pytestmark = pytest.mark.browser
VILLAGE = "Thôn Bình Sơn"


def _expected(villages: list[str] | None) -> str:
    """The adults' coverage lib computes for the app's default as-of date."""
    campaign = load_campaign()
    ds = validate(read_sample(), campaign, dt.date.fromisoformat(TODAY))
    as_of = metrics.default_as_of(ds, dt.date.fromisoformat(TODAY))
    adults = next(e for e in metrics.target_results(ds, campaign, as_of, villages) if e.group == "adults")
    return fmt_pct(adults.coverage)


def _adults_card(page: Page):
    return page.get_by_test_id("stMetric").filter(has_text="Người dân từ 18 tuổi")


def test_overview_shows_lib_figures_and_sample_banner(page: Page, app_url: str) -> None:
    page.goto(app_url)
    expect(page.get_by_role("heading", name=re.compile("xã Cẩm Xuyên"))).to_be_visible()
    expect(page.get_by_text("DỮ LIỆU MẪU")).to_be_visible()
    expect(_adults_card(page).get_by_test_id("stMetricValue")).to_have_text(_expected(None))
    # The progress chart is a picture (lib/charts_image.py), drawn, and no plotly.js was fetched.
    picture = page.get_by_test_id("stImage").locator("img")
    expect(picture).to_have_attribute("alt", "Tỷ lệ cài đặt cộng dồn theo ngày")
    expect(picture).to_have_js_property("complete", True)
    assert page.evaluate("() => document.querySelector('[data-testid=stImage] img').naturalWidth") > 400
    fetched = page.evaluate("() => performance.getEntriesByType('resource').map((r) => r.name)")
    assert not [url for url in fetched if "Plotly" in url], fetched


def test_filter_by_village_updates_figure_and_url(page: Page, app_url: str) -> None:
    page.goto(app_url)
    expect(_adults_card(page).get_by_test_id("stMetricValue")).to_have_text(_expected(None))
    villages = page.get_by_test_id("stMain").get_by_test_id("stMultiSelect")  # the overview's, in the page
    villages.locator("input").fill("binh son")  # typed without diacritics, as on a phone
    page.get_by_role("option", name=re.compile(VILLAGE)).click()
    page.keyboard.press("Escape")
    expect(_adults_card(page).get_by_test_id("stMetricValue")).to_have_text(_expected([VILLAGE]))
    expect(page).to_have_url(re.compile(r"thon=Th%C3%B4n\+B%C3%ACnh\+S%C6%A1n|thon=Th%C3%B4n%20B%C3%ACnh%20S%C6%A1n"))


def test_shared_link_reopens_the_same_view(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/theo-thon?thon={VILLAGE}&nhom=party_members")
    expect(page.get_by_role("heading", name=re.compile("Cán bộ, đảng viên"))).to_be_visible()
    expect(page.get_by_test_id("stSidebar").get_by_text(VILLAGE)).to_be_visible()


def test_a_typed_date_applies_on_enter(page: Page, app_url: str) -> None:
    """'Số liệu đến ngày': typing a day and pressing Enter applies it at once (Streamlit's date
    box applied it only when it lost focus)."""
    page.goto(app_url)
    expect(_adults_card(page).get_by_test_id("stMetricValue")).to_have_text(_expected(None))
    day = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(has_text="Số liệu đến ngày")
    day.locator("input").fill("15/05")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"ngay=2026-05-15"))
    expect(page.get_by_text(re.compile("số liệu đến hết 15/05/2026"))).to_be_visible()
    expect(day.locator("input")).to_have_value("15/05/2026")


def test_share_is_built_when_opened(page: Page, app_url: str) -> None:
    """'Chia sẻ' holds one button until a viewer opens it; opening it reruns the page and shows
    the bulletin to copy and the PNG's button (lib/ui/downloads.share)."""
    page.goto(app_url)
    share = page.get_by_role("button", name="Chia sẻ")
    expect(share).to_be_visible()
    expect(page.get_by_test_id("stCode")).to_have_count(0)
    share.click()
    expect(page.get_by_test_id("stCode")).to_contain_text("Chiến dịch i-HaTinh – xã Cẩm Xuyên")
    expect(page.get_by_role("button", name="Tải ảnh xếp hạng các thôn (PNG)")).to_be_visible()
