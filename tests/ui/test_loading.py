"""Loading (lib/ui/loading.py): a read is validated once per content, an upload hashed once,
and the read token names the content exactly."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from streamlit.testing.v1 import AppTest

from lib import pipeline
from lib.dataset import RawWorkbook
from lib.sample_data import sample_tabs
from lib.ui import loading
from tests.fake_google import Book, FakeGoogle
from tests.ui.test_derived import app, counting

ROOT = Path(__file__).resolve().parents[2]
D = dt.date
# fresh_app: pinned today, empty caches (tests/conftest.py); slow: AppTests, out of the quick subset
pytestmark = [pytest.mark.usefixtures("fresh_app"), pytest.mark.slow]


def test_a_new_read_of_an_unchanged_sheet_keeps_the_validated_dataset(monkeypatch: pytest.MonkeyPatch) -> None:
    sheet = "1FakeSheet_Cache"
    with FakeGoogle({sheet: Book("Cache", sample_tabs())}) as google:
        secrets = {
            "connections": {
                "gsheets": {
                    "spreadsheet": sheet,
                    **google.service_account_info(),
                    "api_base_url": google.url,
                    "ttl": 0,  # a read on every rerun
                }
            }
        }
        validations = counting(monkeypatch, pipeline, "validate")
        at = app("pages/tong-quan.py", secrets)
        values = f"/v4/spreadsheets/{sheet}/values"
        reads = google.count(values)
        at.run()
        at.run()
        assert google.count(values) > reads, "ttl 0 reads again"
        assert len(validations) == 1
        first = next(m.value for m in at.metric if "Người dân" in m.label)
        google.books[sheet].tabs["CaiDat"].append([D(2026, 5, 24), "Thôn Trung Hà", "Tổ 1", 300, 0, 0])
        at.run()
        assert len(validations) == 2
        assert next(m.value for m in at.metric if "Người dân" in m.label) != first


def test_uploaded_file_is_hashed_once_not_on_every_rerun(monkeypatch: pytest.MonkeyPatch) -> None:
    from lib.sources.files import write_xlsx

    data = write_xlsx(sample_tabs())
    hashed: list[int] = []

    def sha256(content: bytes):
        hashed.append(1)
        return hashlib.sha256(content)

    monkeypatch.setattr(loading, "hashlib", SimpleNamespace(sha256=sha256))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["tests"] = "sample"
    at.session_state["upload"] = ("tai-len.xlsx", data)
    for _ in range(3):
        at.run()
    assert not at.exception
    assert len(hashed) == 1


def test_read_token_names_content_exactly() -> None:
    def token(read_at: float, tabs: dict) -> str:
        return loading._read_token("sheet", read_at, RawWorkbook(tabs, "gsheet", "T"))

    same = token(1.0, {"Thon": [["Thôn", "Dân số"], ["A", 1]]})
    assert token(2.0, {"Thon": [["Thôn", "Dân số"], ["A", 1]]}) == same  # a new read, same content
    assert token(3.0, {"Thon": [["Thôn", "Dân số"], ["A", True]]}) != same  # TRUE is not 1
    assert token(4.0, {"Thon": [["Thôn", "Dân số"], ["A", 1.5]]}) != same
    dated = {"CaiDat": [["Ngày"], [D(2026, 5, 13)]]}  # cells of an .xlsx export: one token per read
    assert token(5.0, dated) != token(6.0, dated)
