"""In Chromium: the app wired to the fake Google server shows the sheet's figures, then the
stale-data banner (never a traceback) once Google starts answering 503."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from lib.sample_data import sample_tabs
from tests.browser.conftest import streamlit_server
from tests.fake_google import Book, FakeGoogle

pytestmark = pytest.mark.browser
SHEET_ID = "1BrowserSheet"
TITLE = "Sổ theo dõi i-HaTinh (máy chủ giả)"


@pytest.fixture(scope="module")
def google() -> Iterator[FakeGoogle]:
    with FakeGoogle({SHEET_ID: Book(TITLE, sample_tabs())}) as fake:
        yield fake


@pytest.fixture(scope="module")
def live_url(google: FakeGoogle, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    section = {"spreadsheet": SHEET_ID, **google.service_account_info(), "api_base_url": google.url, "ttl": 1}
    toml = "[connections.gsheets]\n" + "\n".join(f"{k} = {json.dumps(v)}" for k, v in section.items())
    with streamlit_server(tmp_path_factory.mktemp("live-server"), toml) as url:
        yield url


def test_figures_then_stale_banner_on_503(page: Page, live_url: str, google: FakeGoogle) -> None:
    page.goto(live_url)
    card = page.get_by_test_id("stMetric").filter(has_text="Người dân từ 18 tuổi")
    expect(card.get_by_test_id("stMetricValue")).to_have_text("36,0%")
    expect(page.get_by_text(TITLE)).to_be_visible()
    expect(page.get_by_text("DỮ LIỆU MẪU")).to_have_count(0)

    google.fault = "503"
    time.sleep(1.5)  # past the 1 s time-to-live configured for this server
    page.reload()
    expect(page.get_by_text(re.compile("Đang hiển thị số liệu đọc lúc"))).to_be_visible()
    expect(page.get_by_text(re.compile("Máy chủ Google đang gặp lỗi tạm thời"))).to_be_visible()
    expect(card.get_by_test_id("stMetricValue")).to_have_text("36,0%")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_text("Traceback")).to_have_count(0)
    google.fault = None
