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
    "toan-tinh": "Toàn tỉnh",  # province mode off: a hidden page saying how to turn it on
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


# ---- province mode: /toan-tinh and ?xa= links, cold and warm


@pytest.mark.parametrize(
    ("link", "title", "heading"),
    [
        ("toan-tinh", "Toàn tỉnh Hà Tĩnh", "Các xã xếp theo số người còn thiếu"),
        ("theo-thon?xa=cam-thanh&nhom=party_members", "xã Cẩm Thành", "Tỷ lệ cài đặt theo thôn"),
    ],
)
def test_a_cold_province_server_opens_the_linked_page(
    page: Page, tmp_path: Path, link: str, title: str, heading: str
) -> None:
    from tests.browser.conftest import province_folder

    path = province_folder(tmp_path)
    with streamlit_server(tmp_path, env={"IHATINH_PROVINCE": str(path)}) as url:
        page.goto(f"{url}/{link}")
        expect(page.get_by_role("heading", name=re.compile(title)).first).to_be_visible()
        expect(page.get_by_role("heading", name=re.compile(heading)).first).to_be_visible()
        page.wait_for_timeout(1500)
        expect(page.get_by_text("Page not found")).to_have_count(0)
        expect(page.get_by_role("dialog")).to_have_count(0)
        if "xa=" in link:  # the commune stays in the URL, with the other filters
            page.wait_for_function("() => location.search.includes('xa=cam-thanh')")
            assert "nhom=party_members" in page.url


def test_a_warm_province_server_keeps_the_commune_across_pages(page: Page, province_url: str) -> None:
    page.goto(f"{province_url}/?xa=cam-binh")
    expect(page.get_by_role("heading", name=re.compile("xã Cẩm Bình"))).to_be_visible()
    page.get_by_test_id("stSidebarNav").get_by_text("Theo thôn").click()
    expect(page.get_by_role("heading", name=re.compile("Tỷ lệ cài đặt theo thôn")).first).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("xã Cẩm Bình"))).to_be_visible()
    page.wait_for_function("() => location.search.includes('xa=cam-binh')")
    page.get_by_test_id("stSidebarNav").get_by_text("Toàn tỉnh").click()
    expect(page.get_by_role("heading", name="Toàn tỉnh Hà Tĩnh")).to_be_visible()
