"""The live Google Sheet, end to end, against the local fake of Google (tests/fake_google.py).

The real gspread and google-auth code runs: token -> metadata -> values:batchGet -> the same
figures as the bundled .xlsx. Every fault leaves the page showing the last good figures with a
banner that says what went wrong, and the private key is never shown.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from lib.access import hash_password
from lib.campaign import load_campaign
from lib.contract import tab_specs
from lib.sample_data import sample_tabs
from lib.sources.check import check_connection
from lib.sources.gsheets import config_from_secrets, make_reader
from lib.sources.live import LiveSource
from lib.sources.sample import read_sample
from lib.summary import build_summary
from lib.validation import validate
from tests.fake_google import Book, FakeGoogle

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 29)
SHEET_ID = "1FakeSheet_CamXuyen-2026"
TITLE = "Số liệu cài đặt i-HaTinh – xã Cẩm Xuyên"
PAGES = ["pages/tong-quan.py", "pages/theo-thon.py", "pages/tien-do.py", "pages/luc-luong.py", "pages/chat-luong.py"]


@pytest.fixture
def google() -> Iterator[FakeGoogle]:
    with FakeGoogle({SHEET_ID: Book(TITLE, sample_tabs())}) as fake:
        yield fake


# fresh_app: pinned today, empty caches (tests/conftest.py); slow: AppTests, out of the quick subset
pytestmark = [pytest.mark.usefixtures("fresh_app"), pytest.mark.slow]


def secrets(google: FakeGoogle, ttl: float = 60, sheet: str = SHEET_ID, **extra) -> dict:
    section = {
        "spreadsheet": f"https://docs.google.com/spreadsheets/d/{sheet}/edit#gid=0",
        **google.service_account_info(),
        "api_base_url": google.url,
        "ttl": ttl,
        **extra,
    }
    return {"connections": {"gsheets": section}}


def app(google_secrets: dict, page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets.update(google_secrets)
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    """Everything a viewer can read on the page, as one string."""
    parts = []
    for kind in ("title", "markdown", "caption", "info", "warning", "error", "success", "metric", "subheader", "toast"):
        for element in getattr(at, kind, []):
            parts.append(f"{getattr(element, 'label', '')} {element.value}")
    return "\n".join(parts)


def adults_metric(at: AppTest) -> str:
    return next(m.value for m in at.metric if "Người dân từ 18 tuổi" in m.label)


def summary_of(raw) -> dict:
    campaign = load_campaign()
    result = build_summary(validate(raw, campaign, TODAY), campaign, dt.date(2026, 5, 24))
    result.pop("source")
    return result


# ------------------------------------------------------------------------ round trip


def test_round_trip_gives_the_same_figures_as_the_xlsx(google: FakeGoogle) -> None:
    config = config_from_secrets(secrets(google))
    reader = make_reader(config)
    raw = reader.values(reader.metadata())
    assert raw.title == TITLE and list(raw.tabs) == list(sample_tabs())
    assert summary_of(raw) == summary_of(read_sample())
    assert google.count("/v4/") == 2
    assert google.count("/token") == 1
    assert google.count("/v1/") == 0, "no background lookup may bypass api_base_url"


def test_app_shows_the_sheet_with_its_title_and_read_time(google: FakeGoogle) -> None:
    sample = app({"tests": "sample"})
    at = app(secrets(google))
    assert adults_metric(at) == adults_metric(sample)
    shown = texts(at)
    assert f"Nguồn: Google Sheet {TITLE} · đọc lúc " in shown.replace("\\", "")
    assert "DỮ LIỆU MẪU" not in shown


def test_many_sessions_and_reruns_within_one_ttl_cost_at_most_two_requests(google: FakeGoogle) -> None:
    config = secrets(google)
    sessions = [app(config) for _ in range(3)]
    for at in sessions:
        for page in PAGES:
            at.switch_page(page).run()
            assert not at.exception
        at.multiselect(key="f_villages").set_value(["Thôn Trung Hà"]).run()
        at.sidebar.selectbox[0].set_value("party_members").run()
    assert google.count("/v4/") <= 2


def test_meeting_mode_reruns_use_the_shared_cache(google: FakeGoogle) -> None:
    at = app(secrets(google))
    at.query_params["hop"] = "1"
    for _ in range(5):
        at.run()
    assert not at.exception
    assert google.count("/v4/") <= 2


def test_refresh_button_is_throttled_for_the_whole_server(google: FakeGoogle) -> None:
    first, second = app(secrets(google)), app(secrets(google))
    first.sidebar.button(key="refresh").click().run()
    second.sidebar.button(key="refresh").click().run()
    assert google.count("/v4/spreadsheets/" + SHEET_ID + "/values") == 1
    assert "Vừa làm mới" in texts(second)


# ---------------------------------------------------------------------------- faults

FAULTS = [
    ("429", "hạn mức đọc"),
    ("500", "lỗi tạm thời"),
    ("500_html", "lỗi tạm thời"),
    ("503", "lỗi tạm thời"),
    ("malformed_json", "không đọc được"),
    ("timeout", "không trả lời kịp"),
]


@pytest.mark.parametrize(("fault", "words"), FAULTS)
def test_fault_keeps_last_good_figures_with_a_banner(google: FakeGoogle, fault: str, words: str) -> None:
    google.fault_delay = 6
    at = app(secrets(google, ttl=0))
    good = adults_metric(at)
    google.fault = fault
    at.run()
    assert not at.exception
    assert adults_metric(at) == good
    banner = " ".join(w.value for w in at.warning)
    assert "Đang hiển thị số liệu đọc lúc" in banner and words in banner


def test_a_read_never_waits_more_than_about_five_seconds(google: FakeGoogle) -> None:
    google.fault, google.fault_delay = "timeout", 30
    live = LiveSource(lambda count: make_reader(config_from_secrets(secrets(google)), count))
    started = dt.datetime.now()
    snap = live.snapshot()
    assert (dt.datetime.now() - started).total_seconds() < 6
    assert snap.problem.code == "timeout"


def test_connection_refused(google: FakeGoogle) -> None:
    at = app(secrets(google, ttl=0))
    google.stop()
    at.run()
    assert not at.exception
    assert "Không kết nối được tới Google" in texts(at)


def test_not_shared_with_the_service_account_names_the_email(google: FakeGoogle) -> None:
    google.books[SHEET_ID].readers.clear()
    at = app(secrets(google))
    shown = texts(at)
    assert "dashboard@test-project.iam.gserviceaccount.com" in shown and "Người xem" in shown
    assert not at.metric, "no figures without data, and no crash"


def test_wrong_spreadsheet_id(google: FakeGoogle) -> None:
    assert "Không tìm thấy bảng tính" in texts(app(secrets(google, sheet="no-such-sheet")))


def test_token_endpoint_refusing_the_key(google: FakeGoogle) -> None:
    google.fault = "token_refused"
    assert "Google từ chối khóa" in texts(app(secrets(google)))


def test_mangled_key_is_explained_not_raised(google: FakeGoogle) -> None:
    broken = secrets(google)
    broken["connections"]["gsheets"]["private_key"] = (
        "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n"
    )
    assert "không hợp lệ" in texts(app(broken))


# ----------------------------------------------------------- a workbook that changed shape

# (A second 'Cài đặt' tab is seen only when the tab list is read again, every 10 minutes; the
# rule itself is tested in test_validation.py.)
SHAPE_CHANGES = [
    ("tab renamed", lambda tabs: tabs.__setitem__("Cai dat moi", tabs.pop("CaiDat")), "Không tìm thấy trang 'CaiDat'"),
    ("header renamed", lambda tabs: tabs["CaiDat"][0].__setitem__(1, "Tên thôn xóm"), "thiếu cột 'Thôn'"),
]


@pytest.mark.parametrize(("change", "words"), [(c[1], c[2]) for c in SHAPE_CHANGES], ids=[c[0] for c in SHAPE_CHANGES])
def test_a_workbook_that_changed_shape_keeps_the_last_good_figures(google: FakeGoogle, change, words: str) -> None:
    """docs/workbook.md, "Bảng tính đổi cấu trúc": the headline used to drop from 90,7% to 5,5%
    with no banner; now the last good figures stay, under a red banner naming the tab or column."""
    at = app(secrets(google, ttl=0))
    good = adults_metric(at)
    change(google.books[SHEET_ID].tabs)
    at.run()
    assert not at.exception
    assert adults_metric(at) == good
    banner = " ".join(e.value for e in at.error)
    assert "Đang hiển thị số liệu đọc lúc" in banner and "đổi cấu trúc" in banner and words in banner
    for page in PAGES:  # every page keeps working on the last good figures
        at.switch_page(page).run()
        assert not at.exception and words in " ".join(e.value for e in at.error)


def test_a_changed_shape_is_named_by_the_connection_check_and_the_cli(google: FakeGoogle, tmp_path: Path) -> None:
    google.books[SHEET_ID].tabs["CaiDat"][0][1] = "Tên thôn xóm"
    steps = check_connection(config_from_secrets(secrets(google)), specs=tab_specs(load_campaign()))
    assert [(s.name, s.ok) for s in steps][-2:] == [("values", True), ("shape", False)]
    assert "Trang 'CaiDat', dòng tiêu đề 1: thiếu cột 'Thôn'" in steps[-1].problem.message("vi").replace("\\", "")
    secrets_file = tmp_path / "secrets.toml"
    section = secrets(google)["connections"]["gsheets"]
    secrets_file.write_text("[connections.gsheets]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in section.items()))
    done = subprocess.run(
        [sys.executable, "-m", "lib", "summary", "--json", "--secrets", str(secrets_file)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "IHATINH_TODAY": TODAY.isoformat()},
        timeout=120,
    )
    assert done.returncode == 2 and not done.stdout
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Trang 'CaiDat', dòng tiêu đề 1: thiếu cột 'Thôn'" in lines[0]


def test_a_read_that_lost_most_rows_is_shown_with_a_warning(google: FakeGoogle) -> None:
    """A mass deletion is no changed shape: the new figures show, with a warning naming the tab."""
    tabs = google.books[SHEET_ID].tabs
    before = sum(1 for row in tabs["CaiDat"][1:] if any(str(c).strip() for c in row))
    at = app(secrets(google, ttl=0))
    assert not any("dòng hợp lệ" in w.value for w in at.warning)
    good = adults_metric(at)
    del tabs["CaiDat"][20:]
    at.run()
    warning = " ".join(w.value for w in at.warning)
    assert "CaiDat: 19 dòng hợp lệ, lần đọc trước" in warning.replace("\\", "")
    assert adults_metric(at) != good  # the new read's figures
    at.run()  # the warning stays while this read is the latest
    assert "dòng hợp lệ" in " ".join(w.value for w in at.warning)
    assert before > 40


def test_private_key_is_never_displayed(google: FakeGoogle, caplog: pytest.LogCaptureFixture) -> None:
    config = secrets(google)
    key_body = config["connections"]["gsheets"]["private_key"].splitlines()[1]
    for fault in (None, "token_refused", "500_html"):
        google.fault = fault
        st.cache_resource.clear()
        at = app(config, "pages/nguon-du-lieu.py")
        at.button(key="check_connection").click().run()
        shown = texts(at)
        assert "PRIVATE KEY" not in shown and key_body not in shown
    assert key_body not in caplog.text


# ------------------------------------------------------------------ data source page


def test_connection_check_explains_each_step(google: FakeGoogle) -> None:
    config = config_from_secrets(secrets(google))
    steps = check_connection(config)
    assert [s.name for s in steps] == ["config", "key", "token", "metadata", "values"]
    assert all(s.ok for s in steps)
    google.books[SHEET_ID].readers.clear()
    failed = check_connection(config)[-1]
    assert (failed.name, failed.ok, failed.problem.code) == ("metadata", False, "forbidden")


def test_source_page_shows_email_tabs_and_requests(google: FakeGoogle) -> None:
    at = app(secrets(google), "pages/nguon-du-lieu.py")
    shown = texts(at)
    assert "dashboard@test-project.iam.gserviceaccount.com" in shown
    assert "Thon, CaiDat, CoQuan, DoanVien, ToLienGia, DanhSach, HoatDong" in shown
    assert "Lượt gọi Google Sheets API trong 1 giờ qua:** 2" in shown


# ------------------------------------------------------------------------ public link


def test_public_link_reads_without_a_key(google: FakeGoogle) -> None:
    google.books[SHEET_ID].public = True
    public = {"connections": {"gsheets": {"spreadsheet": SHEET_ID, "docs_base_url": google.url}}}
    reader = make_reader(config_from_secrets(public))
    raw = reader.values(reader.metadata())
    assert summary_of(raw) == summary_of(read_sample())
    assert google.count("/v4/") == 0 and google.count("/token") == 0


def test_sign_in_page_means_not_public(google: FakeGoogle) -> None:
    public = {"connections": {"gsheets": {"spreadsheet": SHEET_ID, "docs_base_url": google.url}}}
    shown = texts(app(public))
    assert "tài khoản dịch vụ" in shown and "Đừng mở công khai" in shown  # never just "make it public"


def test_a_public_sheets_id_is_shown_to_authorised_viewers_only(google: FakeGoogle) -> None:
    """Issue #13: with a public link the spreadsheet's ID lets anyone download the whole sheet."""
    google.books[SHEET_ID].public = True
    public = {"connections": {"gsheets": {"spreadsheet": SHEET_ID, "docs_base_url": google.url}}}
    at = app(public, "pages/nguon-du-lieu.py")
    assert SHEET_ID not in texts(at).replace("\\", "")
    at.button(key="check_connection").click().run()
    assert SHEET_ID not in " ".join(str(e.value) for kind in ("success", "error") for e in at.get(kind))
    password = {"access": {"password_hash": hash_password("pw", iterations=1000)}}
    at = app({**public, **password}, "pages/to-lien-gia.py")
    at.text_input(key="access_password").input("pw")
    at.button(key="access_submit").click().run()
    at.switch_page("pages/nguon-du-lieu.py").run()
    assert SHEET_ID in texts(at).replace("\\", "")


# ---------------------------------------------------------------------- command line


def test_cli_reads_the_sheet_through_secrets(google: FakeGoogle, tmp_path: Path) -> None:
    section = secrets(google)["connections"]["gsheets"]
    lines = ["[connections.gsheets]", *(f"{k} = {json.dumps(v)}" for k, v in section.items())]
    path = tmp_path / "secrets.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    env = {**os.environ, "IHATINH_TODAY": TODAY.isoformat()}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "lib", "summary", "--json", "--as-of", "2026-05-24", *args],
                              cwd=ROOT, env=env, capture_output=True, text=True)  # fmt: skip

    from_sheet, from_sample = run("--secrets", str(path)), run()
    assert from_sheet.returncode == 0, from_sheet.stderr
    sheet, sample = json.loads(from_sheet.stdout), json.loads(from_sample.stdout)
    assert sheet["totals"] == sample["totals"] and sheet["villages"] == sample["villages"]
    google.books[SHEET_ID].readers.clear()
    refused = run("--secrets", str(path))
    assert refused.returncode == 2 and "Người xem" in refused.stderr and "PRIVATE" not in refused.stderr
