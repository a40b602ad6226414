"""The "Thay đổi" page (pages/thay-doi.py) through AppTest on a SQLite store: the docs/history.md
example's two reads compared (installs added, rows added/edited/deleted, 'sửa số liệu cũ' with
old and new values, rows newly rejected), the picker and the meeting option, one village's
history chart, and plain messages for no store, one read or none. The app's own recording of a
read is tested here too: once per read, and a store that is down never breaks a page."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib.store import list_snapshots, open_store, record
from lib.ui import history
from tests.store.test_changes import CAMPAIGN_TEXT, FIRST_READ, SECOND_READ, doc_example

ROOT = Path(__file__).resolve().parents[2]
PAGE = "pages/thay-doi.py"


# fresh_app: pinned today, empty caches (tests/conftest.py); slow: AppTests, out of the quick subset
pytestmark = [pytest.mark.usefixtures("fresh_app"), pytest.mark.slow]


@pytest.fixture
def app_today() -> dt.date:
    return SECOND_READ.date()


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'snapshots.sqlite3'}"


@pytest.fixture
def two_reads(store_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The doc example's two reads stored as the sample's; the app's own read not recorded."""
    _, old, new = doc_example()
    engine = open_store(store_url)
    assert record(engine, old, CAMPAIGN_TEXT, "sample", FIRST_READ) == 1
    assert record(engine, new, CAMPAIGN_TEXT, "sample", SECOND_READ) == 2
    engine.dispose()
    monkeypatch.setattr(history, "record_read", lambda *args: None)
    return store_url


def run(store_url: str | None, lang: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["tests"] = "sample"  # never a developer's real secrets.toml
    if store_url:
        at.secrets["store"] = {"url": store_url}
    if lang:
        at.query_params["lang"] = lang
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def frames(at: AppTest) -> dict[str, object]:
    return {d.key if hasattr(d, "key") else i: d.value for i, d in enumerate(at.dataframe)}


def test_default_compares_the_read_in_force_at_17h_yesterday_with_the_latest(two_reads: str) -> None:
    at = run(two_reads)
    text = " ".join(c.value for c in at.caption)
    assert "Từ bản ghi #1 (đọc lúc 14/05/2026 17:05) đến bản ghi #2 (đọc lúc 15/05/2026 09:30)." in text
    assert at.selectbox(key="from").value == 1 and at.selectbox(key="to").value == 2
    summary = " ".join(m.value for m in at.markdown)
    assert "**2** thôn có thay đổi · thêm **2** dòng, sửa **3**, xóa **1** · **3** dòng sửa số liệu cũ" in summary
    villages, old, rows, rejected = (d.value for d in at.dataframe)
    assert villages["Thôn"].tolist() == ["Thôn Trung Hà", "Thôn Đông Hà"]
    assert villages["Người dân từ 18 tuổi: cài thêm"].tolist() == ["-3", "+6"]
    assert villages["Dòng thêm"].tolist() == ["1", "1"]
    assert villages["Dòng sửa"].tolist() == ["1", "2"] and villages["Dòng xóa"].tolist() == ["1", "0"]
    assert villages["Sửa số liệu cũ"].tolist() == ["1", "2"]
    # 'sửa số liệu cũ': old and new values
    assert set(old["Ghi chú"]) == {"sửa số liệu cũ"} and len(old) == 3
    edit = old[(old["Thôn"] == "Thôn Đông Hà") & (old["Dòng (nay)"] == "4")].iloc[0]
    assert edit["Thay đổi"] == "sửa" and edit["Dòng (trước)"] == "5"
    assert edit["Trước"].startswith("13/05/2026 · Tổ 1 · Người dân từ 18 tuổi 12")
    assert edit["Sau"].startswith("13/05/2026 · Tổ 1 · Người dân từ 18 tuổi 15")
    backdated = old[old["Dòng (nay)"] == "5"].iloc[0]
    assert backdated["Trước"].startswith("14/05/2026 · Tổ 2") and backdated["Sau"].startswith("13/05/2026 · Tổ 2")
    deleted = old[old["Thay đổi"] == "xóa"].iloc[0]
    assert (
        deleted["Dòng (trước)"] == "3" and deleted["Sau"] == "" and "Tổ 2 · Người dân từ 18 tuổi 8" in deleted["Trước"]
    )
    assert len(rows) == 6 and "nhập bổ sung cho ngày đã qua" in rows["Ghi chú"].tolist()
    assert rejected["Trang"].tolist() == ["CaiDat"] and "16/05/2026" in rejected["Lý do"].iloc[0]
    assert "Dòng bị loại nay đã sửa: 1." in text
    # one village's history: the first village that changed, two lines
    assert at.selectbox(key="history_village").value == "Thôn Trung Hà"
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [tr["name"] for tr in fig["data"]] == ["Theo ngày báo cáo (lần đọc mới nhất)", "Theo giờ đọc"]
    assert "Thôn Trung Hà" in fig["layout"]["title"]["text"]
    assert len(fig["data"][1]["x"]) == 2  # one point per stored read
    assert fig["layout"]["separators"] == ",."


def test_picker_same_read_and_reversed(two_reads: str) -> None:
    at = run(two_reads)
    at.selectbox(key="to").set_value(1).run()
    assert not at.exception
    assert any("Không có thay đổi nào" in s.value for s in at.success)
    at.selectbox(key="from").set_value(2).run()
    assert any("phải trước" in w.value for w in at.warning)
    assert not at.dataframe


def test_since_the_meeting(two_reads: str) -> None:
    at = run(two_reads)
    at.radio(key="changes_mode").set_value("meeting").run()
    # 17:00 on 14/05 (default): nothing read yet, so from the first read kept
    assert "Từ bản ghi #1" in " ".join(c.value for c in at.caption)
    at.date_input(key="meeting_day").set_value(dt.date(2026, 5, 15)).run()
    at.time_input(key="meeting_time").set_value(dt.time(10, 0)).run()
    assert not at.exception
    assert "Từ bản ghi #2" in " ".join(c.value for c in at.caption)
    assert any("Không có thay đổi nào" in s.value for s in at.success)


def test_english(two_reads: str) -> None:
    at = run(two_reads, lang="en")
    villages = at.dataframe[0].value
    assert any(column.endswith(": installs added") for column in villages.columns)
    assert "earlier figures edited" in at.dataframe[1].value["Note"].tolist()
    assert "From record #1 (read at 14/05/2026 17:05)" in " ".join(c.value for c in at.caption)


def test_the_app_records_its_read_once_and_says_when_there_is_only_one(store_url: str) -> None:
    at = run(store_url)
    engine = open_store(store_url)
    snaps = list_snapshots(engine)
    assert [s.source for s in snaps] == ["sample"]
    assert any("Mới có một lần đọc được lưu (bản ghi #1" in i.value for i in at.info)
    at.switch_page("pages/tong-quan.py").run()  # reruns and other pages: no second snapshot
    at.switch_page(PAGE).run()
    assert len(list_snapshots(engine)) == 1
    engine.dispose()


def test_no_read_stored(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(history, "record_read", lambda *args: None)
    at = run(store_url)
    assert any("Chưa có lần đọc nào được lưu" in i.value for i in at.info)


def test_a_store_that_is_down_never_breaks_a_page(caplog: pytest.LogCaptureFixture) -> None:
    url = "postgresql://ihatinh:S3cretPass@127.0.0.1:1/ihatinh"
    with caplog.at_level(logging.WARNING):
        at = run(url)
        assert any("kho lưu các lần đọc" in w.value for w in at.warning)
        at.switch_page("pages/tong-quan.py").run()
        assert not at.exception and at.metric
    logged = " ".join(r.getMessage() for r in caplog.records if "snapshot store" in r.getMessage())
    assert "snapshot store (open) failed: StoreError" in logged
    assert "S3cretPass" not in logged
