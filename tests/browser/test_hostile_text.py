"""In Chromium: a Google Sheet (the local fake) whose every shown text cell, tab title and title
is Markdown, and an uploaded file named in Markdown. No page may hold a link or an image that
points outside the app, no request may leave 127.0.0.1, no maths, colour or icon may be drawn
from sheet text, and each hostile value reads exactly as typed.

What Streamlit 1.67 itself puts on these pages: links to the page's own fragments (the skip
link '#stMain', each heading's anchor) and to the app's own pages (the sidebar navigation),
and no image at all.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

from lib.sources.files import write_xlsx
from tests.browser.conftest import streamlit_server
from tests.fake_google import Book, FakeGoogle
from tests.ui.test_hostile_text_pages import (
    EMAIL,
    FILE_NAME,
    SHEET_TABS,
    SHEET_TITLE,
    VILLAGES,
    XLSX_TABS,
    hostile_tabs,
)

pytestmark = pytest.mark.browser
SHEET_ID = "1HostileBrowserSheet"
WORD_JOINER = "\u2060"

# (url path, query, a text the finished page shows as typed)
PAGES = [
    ("", {"thon": VILLAGES[:3]}, VILLAGES[2]),
    ("theo-thon", {}, "Tỷ lệ cài đặt theo thôn"),
    ("theo-thon", {"nhom": "civil_servants"}, "Tỷ lệ cài đặt theo cơ quan, đơn vị"),
    ("tien-do", {"thon": VILLAGES[:2]}, "Tiến độ cài đặt theo ngày"),
    ("luc-luong", {}, VILLAGES[4]),
    ("to-lien-gia", {}, f"Theo từng tổ liên gia – {VILLAGES[0]}"),
    ("chat-luong", {}, "Chất lượng dữ liệu"),
    ("bao-cao", {}, "Báo cáo kết quả theo đợt"),
    ("nguon-du-lieu", {}, SHEET_TITLE),
    ("thay-doi", {}, "Số liệu thay đổi giữa hai lần đọc"),
    ("", {"lang": "en"}, "To do today"),
]
IDS = [f"{path or 'tong-quan'}-{'-'.join(query)}".rstrip("-") for path, query, _ in PAGES]

# Every link and image on the page, with where it is, and which Markdown elements hold markup.
SURVEY = """() => {
  const where = (e) => e.closest('[data-testid]')?.dataset.testid || '';
  const md = '[data-testid=stMarkdownContainer]';
  return {
    links: [...document.querySelectorAll('a[href]')].map(a => [a.href, where(a)]),
    images: [...document.querySelectorAll('img[src], image[href], source[srcset]')]
      .map(i => [i.src || i.getAttribute('href') || i.srcset, where(i)]),
    maths: document.querySelectorAll(md + ' .katex').length,
    colours: [...document.querySelectorAll(md + ' [class*=stMarkdownColored], ' + md + ' span[style*=color]')]
      .map(s => s.textContent),
    icons: [...document.querySelectorAll(md + ' [data-testid=stIconMaterial]')].map(i => i.textContent),
    headings: [...document.querySelectorAll(md + ' :is(h1,h2,h3,h4,h5,h6)')]
      .filter(h => !h.closest('[data-testid=stHeading]')).map(h => h.textContent),
    text: document.body.innerText,
  };
}"""


@pytest.fixture(scope="module")
def google() -> Iterator[FakeGoogle]:
    with FakeGoogle({SHEET_ID: Book(SHEET_TITLE, hostile_tabs(SHEET_TABS), readers={EMAIL})}) as fake:
        yield fake


@pytest.fixture(scope="module")
def hostile_url(google: FakeGoogle, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    section = {"spreadsheet": SHEET_ID, **google.service_account_info(EMAIL), "api_base_url": google.url}
    toml = "[connections.gsheets]\n" + "\n".join(f"{k} = {json.dumps(v)}" for k, v in section.items())
    with streamlit_server(tmp_path_factory.mktemp("hostile-server"), toml) as url:
        yield url


@pytest.fixture
def requests(page: Page) -> list[str]:
    """Every URL the browser asked for while the test ran."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def settled(page: Page, text: str) -> None:
    """The script run is over and `text` (as typed, joiners aside) is on the page."""
    expect(page.get_by_test_id("stMain").get_by_role("heading").first).to_be_visible()
    page.wait_for_function(
        "(t) => document.body.innerText.replaceAll('\\u2060', '').includes(t)", arg=text, timeout=30_000
    )
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0)


def check_page(page: Page, origin: str) -> dict:
    survey = page.evaluate(SURVEY)
    outside = [(url, where) for url, where in survey["links"] if not url.startswith(origin + "/")]
    assert outside == [], f"links leaving the app: {outside}"
    # The one picture allowed is the overview's chart, made on the server (lib/charts_image.py)
    # and sent inline: an SVG inside <img> runs no script and loads nothing.
    ours = [url for url, where in survey["images"] if where == "stImageContainer"]
    assert all(url.startswith("data:image/svg+xml;base64,") for url in ours), ours
    others = [image for image in survey["images"] if image[1] != "stImageContainer"]
    assert others == [], f"images: {others}"
    assert survey["maths"] == 0, survey
    assert not [c for c in survey["colours"] if "đỏ" in c or "xanh" in c], survey["colours"]  # ours colour figures
    assert survey["icons"] == [] and survey["headings"] == [], survey
    assert "😄" not in survey["text"]  # :smile: stays a word
    return survey


def assert_local(requests: list[str], origin: str) -> None:
    away = [url for url in requests if not url.startswith((origin + "/", "data:", "blob:"))]
    assert away == [], f"requests leaving 127.0.0.1: {away}"  # (the app's own URLs may quote sheet text)


@pytest.mark.parametrize(("path", "query", "ready"), PAGES, ids=IDS)
def test_no_page_links_or_loads_anything_from_sheet_text(
    page: Page, hostile_url: str, requests: list[str], path: str, query: dict, ready: str
) -> None:
    page.goto(f"{hostile_url}/{path}?{urlencode(query, doseq=True)}")
    settled(page, ready)
    survey = check_page(page, hostile_url)
    shown = survey["text"].replace(WORD_JOINER, "")
    if path == "":  # the chosen villages, as typed, in the scope line and the villages box's tags
        assert all(v in shown for v in query.get("thon", [])), shown
        page.get_by_test_id("stMain").get_by_test_id("stMultiSelect").locator("input").click()  # in the page
        expect(page.get_by_role("option").first).to_be_visible()  # the options list is drawn too
        check_page(page, hostile_url)
        page.keyboard.press("Escape")
    if path == "luc-luong":  # villages short of helpers and without a session, as typed
        assert all(v in shown for v in VILLAGES[1:]), shown
    if path == "nguon-du-lieu":
        assert all(v in shown for v in (SHEET_TITLE, EMAIL, *SHEET_TABS.values())), shown
    assert_local(requests, hostile_url)


def test_an_uploaded_files_name_is_text(page: Page, hostile_url: str, requests: list[str]) -> None:
    page.goto(f"{hostile_url}/nguon-du-lieu")
    settled(page, SHEET_TITLE)
    data = write_xlsx(hostile_tabs(XLSX_TABS))
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        files=[{"name": FILE_NAME, "mimeType": mime, "buffer": data}]
    )
    settled(page, f"Đang xem tệp tải lên '{FILE_NAME}'")
    survey = check_page(page, hostile_url)
    shown = survey["text"].replace(WORD_JOINER, "")
    assert all(title in shown for title in XLSX_TABS.values()), shown
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=re.compile("Theo thôn")).click()
    page.get_by_test_id("stSidebar").get_by_role("combobox").nth(1).click()  # the group picker
    page.get_by_role("option", name=re.compile("CBCCVC")).click()
    settled(page, "Tỷ lệ cài đặt theo cơ quan, đơn vị")
    check_page(page, hostile_url)
    assert_local(requests, hostile_url)
