"""In Chromium: the app on the fake Google sheet reads once, the sheet is edited (a tally row's
count changed, one deleted, one back-dated, one added for a past day), the app reads again, and
/thay-doi lists those changes, the edited, deleted and back-dated rows flagged 'sửa số liệu cũ'
with their old and new values. The store is a temporary SQLite file."""

from __future__ import annotations

import copy
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from lib.sample_data import sample_tabs
from lib.store import list_snapshots, open_store
from tests.browser.conftest import streamlit_server
from tests.fake_google import Book, FakeGoogle

pytestmark = pytest.mark.browser
SHEET_ID = "1ChangesSheet"
TITLE = "Sổ theo dõi i-HaTinh (thay đổi)"


@pytest.fixture(scope="module")
def google() -> Iterator[FakeGoogle]:
    with FakeGoogle({SHEET_ID: Book(TITLE, copy.deepcopy(sample_tabs()))}) as fake:
        yield fake


@pytest.fixture(scope="module")
def store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("changes-store") / "snapshots.sqlite3"


@pytest.fixture(scope="module")
def live_url(google: FakeGoogle, store_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    section = {"spreadsheet": SHEET_ID, **google.service_account_info(), "api_base_url": google.url, "ttl": 1}
    toml = "[connections.gsheets]\n" + "\n".join(f"{k} = {json.dumps(v)}" for k, v in section.items())
    toml += f'\n\n[store]\nurl = "sqlite:///{store_file}"\n'
    with streamlit_server(tmp_path_factory.mktemp("changes-server"), toml) as url:
        yield url


def _cell(page: Page, text: str):
    return page.get_by_test_id("stDataFrame").locator("td[role=gridcell]").filter(has_text=text)


def test_changes_page_after_editing_the_sheet(page: Page, live_url: str, google: FakeGoogle, store_file: Path) -> None:
    page.goto(live_url)
    expect(page.get_by_text(TITLE)).to_be_visible()
    expect(page.get_by_test_id("stMetric").first).to_be_visible()
    engine = open_store(f"sqlite:///{store_file}")
    assert len(list_snapshots(engine)) == 1

    page.goto(f"{live_url}/thay-doi")
    expect(page.get_by_text(re.compile("Mới có một lần đọc được lưu"))).to_be_visible()

    rows = google.books[SHEET_ID].tabs["CaiDat"]
    assert (
        rows[21][2:4] == ["Tổ 1", 4]
        and rows[27][2] == "Tổ 2"
        and rows[36][:3] == ["20/05/2026", "Thôn Trung Hà", "Tổ 1"]
    )
    rows[21][3] = 9  # 17/05, Tổ 1: 4 -> 9
    rows[36][0] = "19/05/2026"  # back-dated from 20/05
    del rows[27]  # 18/05, Tổ 2
    rows.append(["24/05/2026", "Thôn Trung Hà", "Tổ 1", 2, 0, 0])  # entered late
    time.sleep(1.5)  # past the 1 s time-to-live: the next run reads again ('Làm mới' waits 15 s between reads)
    page.reload()
    expect(page.get_by_text(re.compile("Từ bản ghi #1 .* đến bản ghi #2"))).to_be_visible()
    assert len(list_snapshots(engine)) == 2
    engine.dispose()

    page.reload()
    expect(page.get_by_text(re.compile(r"Từ bản ghi #1 \(đọc lúc .*\) đến bản ghi #2"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"thêm 1 dòng, sửa 2, xóa 1 · 3 dòng sửa số liệu cũ"))).to_be_visible()
    expect(page.get_by_text("Sửa số liệu cũ: dòng của những ngày đã báo cáo bị sửa hoặc xóa")).to_be_visible()
    expect(_cell(page, "sửa số liệu cũ").first).to_be_attached()
    expect(_cell(page, "17/05/2026 · Tổ 1 · Người dân từ 18 tuổi 4,").first).to_be_attached()  # before
    expect(_cell(page, "17/05/2026 · Tổ 1 · Người dân từ 18 tuổi 9,").first).to_be_attached()  # after
    expect(_cell(page, "20/05/2026 · Tổ 1 ·").first).to_be_attached()  # back-dated: before
    expect(_cell(page, "19/05/2026 · Tổ 1 ·").first).to_be_attached()  # … and after
    expect(_cell(page, "18/05/2026 · Tổ 2 ·").first).to_be_attached()  # deleted
    expect(_cell(page, "nhập bổ sung cho ngày đã qua").first).to_be_attached()  # the late row
    expect(_cell(page, "Thôn Trung Hà").first).to_be_attached()
    expect(page.get_by_test_id("stPlotlyChart")).to_have_count(1)  # the village's history
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_text("Traceback")).to_have_count(0)
