"""Every page at the sizes the committee uses: a laptop, a meeting-room projector in meeting
mode, and a phone. Screenshots go to the pytest temp folder (printed on failure).

Asserted: no label, heading, figure or link cut (an element's scrollWidth within its
clientWidth); on a phone, no page scrolling sideways, no chart toolbar, tap targets of at
least 44 px; in meeting mode figures of at least 48 px and labels of at least 24 px; the
overview's first screen at 1366×768 holds the targets, the villages behind and today's actions,
and at 1024×768 in meeting mode the first village behind; captions in meeting mode not faded.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
ADDRESSES = sorted(p.stem for p in (ROOT / "pages").glob("*.py"))
SIZES = {"laptop": (1366, 768, ""), "projector": (1024, 768, "hop=1"), "phone": (390, 844, "")}
# Meeting mode on the other screens a meeting room has (the pages an unattended screen turns through).
MEETING = {"meeting-laptop": (1366, 768, "hop=1"), "meeting-full-hd": (1920, 1080, "hop=1")}
ROTATED = ["tong-quan", "theo-thon", "tien-do", "luc-luong"]
TEXT = (
    "[data-testid='stMetricLabel'], [data-testid='stMetricValue'], h1, h2, h3, [data-testid='stPageLink'] p,"
    " [data-testid='stCaptionContainer'], [data-testid='stMarkdownContainer'] p, [data-testid='stWidgetLabel'] p,"
    " button p"
)
SHOWN = "e => e.offsetParent !== null && e.getBoundingClientRect().right > 0"  # not in a closed sidebar
CUT = f"""() => [...document.querySelectorAll("{TEXT}")]
    .filter({SHOWN}).filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => e.innerText.slice(0, 60))"""


def _open(browser: Browser, url: str, size: str, address: str, tmp_path: Path) -> Page:
    width, height, query = {**SIZES, **MEETING}[size]
    if "?" in address:  # a page with its own query (province mode: ?xa=…)
        address, extra = address.split("?", 1)
        query = "&".join(q for q in (extra, query) if q)
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{url}/{address}" + (f"?{query}" if query else ""))
    expect(page.locator("h1").first).to_be_visible()
    page.wait_for_function(  # the run is over and nothing is drawn as a placeholder any more
        "() => !document.querySelector('[data-testid=stStatusWidget]')"
        " && !document.querySelector('[data-testid=stSkeleton]')"
    )
    page.wait_for_timeout(1000)  # charts lay themselves out after the run
    page.screenshot(path=str(tmp_path / f"{address}-{size}.png"))
    return page


def _check(page: Page, size: str, tmp_path: Path) -> None:
    """What every page must pass at `size` (see the module's docstring)."""
    _assert_fits(page, size, tmp_path)
    if size == "phone":
        toolbars = page.locator(".modebar-container")
        assert all(not toolbars.nth(i).is_visible() for i in range(toolbars.count())), "chart toolbar on a phone"
        small = page.evaluate(
            f"""() => [...document.querySelectorAll("[data-testid='stPageLink'] a, [data-testid^='stBaseButton']")]
            .filter({SHOWN}).filter(e => e.getBoundingClientRect().height < 44)
            .map(e => e.innerText.slice(0, 40))"""
        )
        assert small == [], "tap targets under 44 px"
    if size == "projector":
        figures = page.evaluate(
            "() => [...document.querySelectorAll('[data-testid=stMetricValue]')]"
            ".map(e => parseFloat(getComputedStyle(e).fontSize))"
        )
        labels = page.evaluate(
            "() => [...document.querySelectorAll('[data-testid=stMetricLabel] p')]"
            ".map(e => parseFloat(getComputedStyle(e).fontSize))"
        )
        assert all(f >= 48 for f in figures) and all(x >= 24 for x in labels), (figures, labels)
        expect(page.get_by_text("Màn hình cập nhật lúc")).to_be_visible()
        faded = page.evaluate(  # Streamlit draws captions at 60 % opacity: unreadable on a projector
            "() => [...document.querySelectorAll('[data-testid=stCaptionContainer]')]"
            ".filter(e => getComputedStyle(e).opacity !== '1').map(e => e.innerText.slice(0, 40))"
        )
        assert faded == [], f"faded captions in meeting mode: {faded}"


def _assert_fits(page: Page, size: str, tmp_path: Path) -> None:
    """Nothing cut, and the page does not scroll sideways."""
    assert page.evaluate(CUT) == [], f"cut at {size}: see {tmp_path}"
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px at {size}"


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("address", ADDRESSES)
def test_nothing_is_cut_and_phones_never_scroll_sideways(
    browser: Browser, app_url: str, address: str, size: str, tmp_path: Path
) -> None:
    page = _open(browser, app_url, size, address, tmp_path)
    _check(page, size, tmp_path)
    page.context.close()


@pytest.mark.parametrize("size", list(MEETING))
@pytest.mark.parametrize("address", ROTATED)
def test_meeting_mode_cuts_nothing_on_a_laptop_or_full_hd_screen(
    browser: Browser, app_url: str, address: str, size: str, tmp_path: Path
) -> None:
    page = _open(browser, app_url, size, address, tmp_path)
    _assert_fits(page, size, tmp_path)
    expect(page.get_by_text("Màn hình cập nhật lúc")).to_be_visible()
    page.context.close()


def test_the_overview_first_screen_answers_who_is_behind(browser: Browser, app_url: str, tmp_path: Path) -> None:
    page = _open(browser, app_url, "laptop", "tong-quan", tmp_path)
    for text in ("Người dân từ 18 tuổi", "Thôn không đạt", "Việc cần làm hôm nay", "dòng"):
        box = page.get_by_text(text).first.bounding_box()
        assert box and box["y"] + box["height"] <= 768, f"'{text}' is below the first screen"
    first_village = page.locator("table.ih-table").first.locator("tbody tr").first
    assert first_village.bounding_box()["y"] < 768
    page.context.close()


def test_in_the_meeting_room_the_villages_behind_start_on_the_first_screen(
    browser: Browser, app_url: str, tmp_path: Path
) -> None:
    page = _open(browser, app_url, "projector", "tong-quan", tmp_path)
    first_village = page.locator("table.ih-table").first.locator("tbody tr").first
    box = first_village.bounding_box()
    assert box and box["y"] + box["height"] <= 768, f"the first village behind is below the first screen: {box}"
    page.context.close()


def test_the_upload_box_speaks_the_viewers_language(browser: Browser, app_url: str, tmp_path: Path) -> None:
    page = _open(browser, app_url, "laptop", "nguon-du-lieu", tmp_path)
    drawn = page.evaluate(
        """() => ["[data-testid=stFileUploaderDropzone] button p",
                  "[data-testid=stFileUploaderDropzoneInstructions] span"].map(s => {
            const e = document.querySelector(s);
            return [getComputedStyle(e).fontSize, getComputedStyle(e, "::after").content];
        })"""
    )
    (button_size, button), (limit_size, limit) = drawn
    assert button_size == limit_size == "0px", "Streamlit's English words are hidden"
    assert button == '"Chọn tệp"' and "tối đa 150 MB mỗi tệp" in limit
    # A file over the cap: Streamlit marks its chip invalid and says why only in an English
    # tooltip; our words are drawn under the chip (a chip as Streamlit draws it, added here).
    too_big = page.evaluate(
        """() => {
            const chip = document.createElement("div");
            chip.setAttribute("data-testid", "stFileChip");
            chip.setAttribute("aria-invalid", "true");
            document.querySelector("[data-testid=stFileUploader]").appendChild(chip);
            return getComputedStyle(chip, "::after").content;
        }"""
    )
    assert "Tệp lớn hơn 150 MB nên không tải lên được" in too_big
    page.context.close()


# ---- province mode (IHATINH_PROVINCE, tests/browser/conftest.province_url)


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("address", ["toan-tinh", "tong-quan?xa=cam-thanh", "theo-thon?xa=cam-vinh"])
def test_province_mode_cuts_nothing_and_phones_never_scroll_sideways(
    browser: Browser, province_url: str, address: str, size: str, tmp_path: Path
) -> None:
    """The province page, a commune's overview and a broken commune's page (its banner)."""
    page = _open(browser, province_url, size, address, tmp_path)
    _check(page, size, tmp_path)
    page.context.close()


def test_the_province_page_first_screen_ranks_the_communes(browser: Browser, province_url: str, tmp_path: Path) -> None:
    page = _open(browser, province_url, "laptop", "toan-tinh", tmp_path)
    expect(page.get_by_role("heading", name="Toàn tỉnh Hà Tĩnh")).to_be_visible()
    first = page.get_by_test_id("stTable").first.locator("tbody tr").first
    assert first.bounding_box()["y"] + first.bounding_box()["height"] <= 768, "the ranking starts below the fold"
    rows = page.get_by_test_id("stTable").first.locator("tbody tr")
    assert rows.count() == 6  # five communes ranked, the broken one last with its problem
    expect(rows.last).to_contain_text("Lỗi")
    expect(rows.last).to_contain_text("Thon")
    link = rows.first.locator("a").first
    assert "?xa=" in (link.get_attribute("href") or "")
    with page.context.expect_page() as opened:  # a commune's own view, in a new tab
        link.click()
    commune = opened.value
    expect(commune.get_by_role("heading", name=re.compile("Chiến dịch i-HaTinh – xã"))).to_be_visible()
    expect(commune.get_by_role("heading", name=re.compile("Việc cần làm hôm nay"))).to_be_visible()
    expect(commune.locator("h1").first).to_contain_text(link.inner_text())
    page.context.close()
