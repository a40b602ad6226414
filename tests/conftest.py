"""Shared fixtures: the repository's campaign, and workbooks built from Python lists.

Tests describe a workbook as the rows a village clerk would type; the helpers here put the
template header on row 1 so no test needs a file on disk.
"""

from __future__ import annotations

import atexit
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from typing import Any, Protocol

import pytest

from lib.campaign import Campaign, load_campaign
from lib.dataset import Dataset, RawWorkbook
from lib.validation import validate

Rows = list[list[Any]]

# The app keeps every good read in the snapshot store (lib/ui/history.py, issue #16): in tests, and
# in the servers browser tests start (they inherit this environment), a temporary SQLite file,
# never data/store/. A test that needs its own store sets `[store] url` in its secrets.
if "IHATINH_STORE_URL" not in os.environ:
    _STORE_DIR = tempfile.mkdtemp(prefix="ihatinh-test-store-")
    atexit.register(shutil.rmtree, _STORE_DIR, ignore_errors=True)
    os.environ["IHATINH_STORE_URL"] = f"sqlite:///{_STORE_DIR}/snapshots.sqlite3"

# The template headers, exactly as the sample workbook and the data-entry guide spell them.
HEADERS: dict[str, list[str]] = {
    "Thon": ["Thôn", "Số tổ liên gia", "Dân số từ 18 tuổi", "Số đảng viên", "Số hội viên, đoàn viên"],
    "CaiDat": [
        "Ngày",
        "Thôn",
        "Tổ liên gia",
        "Số người từ 18 tuổi đã cài",
        "Trong đó đảng viên",
        "Trong đó hội viên, đoàn viên",
    ],
    "CoQuan": ["Đơn vị", "Tổng số CBCCVC, NLĐ", "Đã cài đặt"],
    "DoanVien": ["Họ và tên", "Thôn", "Chi đoàn", "Số điện thoại", "Kỹ năng CNTT", "Vai trò"],
    "HoatDong": ["Ngày", "Thôn", "Hình thức", "Số người tham dự"],
}


@pytest.fixture(autouse=True)
def warm_server_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """AppTest starts every run as a server's very first one (it resets Streamlit's pages/-folder
    flag), where the app reruns through app.py once (see `ui.current`) and a clicked
    button is lost in that rerun. A real server does this on its first run only; AppTests run
    as on a warm server. The cold first run is tested in a real browser
    (tests/browser/test_deep_links.py)."""
    from streamlit.testing.v1 import app_test

    from tests.warm_pages import WarmPagesManager

    monkeypatch.setattr(app_test, "PagesManager", WarmPagesManager)


# A day after the campaign (13/05/2026 – 24/05/2026), so no campaign date is in the future.
AFTER_CAMPAIGN = dt.date(2026, 5, 31)
# Long after the campaign: the day the sample is validated on, and AppTests' default "today".
SAMPLE_TODAY = dt.date(2026, 11, 29)


def build_workbook(
    thon: Rows | None = None,
    caidat: Rows | None = None,
    coquan: Rows | None = None,
    doanvien: Rows | None = None,
    hoatdong: Rows | None = None,
    *,
    raw_tabs: dict[str, Rows] | None = None,
) -> RawWorkbook:
    """Each tab given gets its template header on row 1; `raw_tabs` are used exactly as given."""
    bodies = {"Thon": thon, "CaiDat": caidat, "CoQuan": coquan, "DoanVien": doanvien, "HoatDong": hoatdong}
    tabs: dict[str, Rows] = {name: [list(HEADERS[name]), *rows] for name, rows in bodies.items() if rows is not None}
    tabs.update(raw_tabs or {})
    return RawWorkbook(tabs, "test", "test workbook")


class MakeDataset(Protocol):
    def __call__(
        self,
        thon: Rows | None = None,
        caidat: Rows | None = None,
        coquan: Rows | None = None,
        doanvien: Rows | None = None,
        hoatdong: Rows | None = None,
        *,
        raw_tabs: dict[str, Rows] | None = None,
        today: dt.date = AFTER_CAMPAIGN,
        campaign: Campaign | None = None,
    ) -> Dataset: ...


@pytest.fixture(scope="session")
def campaign() -> Campaign:
    """The repository's campaign.toml: every figure of the plan comes from there."""
    return load_campaign()


@pytest.fixture(scope="session")
def sample() -> Dataset:
    """The bundled sample (data/sample.xlsx) validated with campaign.toml as of SAMPLE_TODAY,
    once per session. Shared: a test that changes a table does so on `dataclasses.replace(sample)`.
    (Not built on the `campaign` fixture, which some tests parametrize with other campaigns.)"""
    from lib.sources.sample import read_sample

    return validate(read_sample(), load_campaign(), SAMPLE_TODAY)


@pytest.fixture
def app_today() -> dt.date:
    """The day `fresh_app` pins; a module that runs its AppTests on another day overrides this."""
    return SAMPLE_TODAY


@pytest.fixture
def fresh_app(app_today: dt.date, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """For AppTests: a pinned 'today' (IHATINH_TODAY) and empty Streamlit caches before and
    after, since AppTests in one process share Streamlit's caches. Modules whose every test
    runs the app use `pytestmark = pytest.mark.usefixtures("fresh_app")`."""
    import streamlit as st

    monkeypatch.setenv("IHATINH_TODAY", app_today.isoformat())
    st.cache_data.clear()
    st.cache_resource.clear()
    _forget_shared_reads()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def _forget_shared_reads() -> None:
    """A fresh server in a test is also alone on the test store: the sheet reads another test's
    server shared through it (lib/store/shared_reads.py) are forgotten."""
    from sqlalchemy import create_engine, delete, inspect

    from lib.store.schema import shared_reads

    engine = create_engine(os.environ["IHATINH_STORE_URL"])
    try:
        if inspect(engine).has_table("shared_reads"):
            with engine.begin() as conn:
                conn.execute(delete(shared_reads))
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def headers() -> dict[str, list[str]]:
    """Template headers per tab (a copy, so a test may alter its own)."""
    return {tab: list(cells) for tab, cells in HEADERS.items()}


@pytest.fixture(scope="session")
def make_workbook() -> Callable[..., RawWorkbook]:
    """Build a RawWorkbook from Python lists (see `build_workbook`)."""
    return build_workbook


@pytest.fixture(scope="session")
def make_dataset(campaign: Campaign) -> MakeDataset:
    """Build a workbook from lists and validate it, as the app does after reading a source."""
    default_campaign = campaign

    def make(
        thon: Rows | None = None,
        caidat: Rows | None = None,
        coquan: Rows | None = None,
        doanvien: Rows | None = None,
        hoatdong: Rows | None = None,
        *,
        raw_tabs: dict[str, Rows] | None = None,
        today: dt.date = AFTER_CAMPAIGN,
        campaign: Campaign | None = None,
    ) -> Dataset:
        raw = build_workbook(thon, caidat, coquan, doanvien, hoatdong, raw_tabs=raw_tabs)
        return validate(raw, campaign or default_campaign, today)

    return make
