"""A link shared to any page opens that page, on a server's first visit and on later ones.

Streamlit finds a page by its file name on a server's very first run (before app.py has
declared the pages): an address that is not a file name showed its English "Page not found"
dialog there. Each cold case below starts its own server so that its link is the first one.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import streamlit_server

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
ADDRESSES = sorted(p.stem for p in (ROOT / "pages").glob("*.py"))
HEADINGS = {  # what each page shows first, so a test knows the page that opened
    "tong-quan": "Việc cần làm hôm nay",
    "theo-thon": "Tỷ lệ cài đặt theo thôn",
    "tien-do": "Tiến độ",
    "luc-luong": "Lực lượng hỗ trợ",
    "to-lien-gia": "Danh sách người đã cài",
    "chat-luong": "Chất lượng",
    "bao-cao": "Báo cáo",
    "nguon-du-lieu": "Nguồn dữ liệu",
    "thay-doi": "Số liệu thay đổi giữa hai lần đọc",
}


def _opened(page: Page, address: str) -> None:
    expect(page.get_by_role("heading", name=re.compile("xã Cẩm Xuyên"))).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(HEADINGS[address])).first).to_be_visible()
    page.wait_for_timeout(1500)  # the dialog arrives with the first messages, if at all
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(page.get_by_role("dialog")).to_have_count(0)


def test_every_page_file_is_named_after_its_address() -> None:
    assert set(ADDRESSES) == set(HEADINGS)


@pytest.mark.parametrize(
    "link", ["theo-thon?thon=Thôn Bình Sơn&nhom=party_members", "tong-quan?hop=1", "nguon-du-lieu"]
)
def test_a_cold_server_opens_the_linked_page(page: Page, tmp_path: Path, link: str) -> None:
    with streamlit_server(tmp_path) as url:
        page.goto(f"{url}/{link}")
        _opened(page, link.split("?")[0])


@pytest.mark.parametrize("address", ADDRESSES)
def test_a_warm_server_opens_every_page_with_and_without_parameters(page: Page, app_url: str, address: str) -> None:
    for query in ("", "?thon=Thôn Bình Sơn&ngay=2026-05-20"):
        page.goto(f"{app_url}/{address}{query}")
        _opened(page, address)
