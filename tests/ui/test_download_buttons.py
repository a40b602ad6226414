"""The 'Tải CSV' / 'Tải Excel' buttons under the pages' tables, run as a click runs them."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from lib import metrics, tables
from lib.campaign import load_campaign
from lib.dataset import ISSUE_COLUMNS, Dataset
from lib.formatting import fmt_int
from lib.texts import t

pytestmark = pytest.mark.slow  # AppTests of every page: out of the quick subset

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 29)
Made = dict[str, Callable[[], bytes]]


@pytest.fixture
def made(fresh_app: None, monkeypatch: pytest.MonkeyPatch) -> Made:
    return capture_downloads(monkeypatch)


def capture_downloads(monkeypatch: pytest.MonkeyPatch) -> Made:
    """Every download callable a run registers, by file id (AppTest's media manager lives only
    during a run; Streamlit calls these on a click). With `fresh_app` (tests/conftest.py)."""
    found: Made = {}
    register = MediaFileManager.add_deferred

    def add_deferred(self: MediaFileManager, data_callable: Callable[[], bytes], *args: Any, **kwargs: Any) -> str:
        file_id = register(self, data_callable, *args, **kwargs)
        found[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return found


def run_page(page: str, query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["tests"] = "sample"  # non-empty: a developer's real secrets.toml is never read
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def download(made: Made, at: AppTest, label: str, index: int = 0) -> bytes:
    """Run a download button's deferred callable, as Streamlit does when it is clicked."""
    buttons = [b for b in at.get("download_button") if b.proto.label == label]
    file_id = buttons[index].proto.deferred_file_id
    assert file_id, "files are made on click, not on every rerun"
    return made[file_id]()


@pytest.mark.parametrize(
    ("page", "tables"),
    [
        ("pages/tong-quan.py", 1),
        ("pages/theo-thon.py", 1),
        ("pages/tien-do.py", 1),
        ("pages/luc-luong.py", 1),
        ("pages/chat-luong.py", 3),
    ],
)
def test_every_table_has_csv_and_excel_buttons(made: Made, page: str, tables: int) -> None:
    at = run_page(page)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels.count("Tải CSV") == tables and labels.count("Tải Excel") == tables
    assert all(download(made, at, "Tải CSV", i).startswith(b"\xef\xbb\xbf") for i in range(tables))


def test_english_labels(made: Made) -> None:
    at = run_page("pages/luc-luong.py", {"lang": "en"})
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download CSV" in labels and "Download Excel" in labels


def test_village_table_download_matches_lib(made: Made, sample: Dataset) -> None:
    campaign, ds = load_campaign(), sample
    as_of = metrics.default_as_of(ds, TODAY)
    table = metrics.village_table(ds, campaign, "party_members", as_of).set_index("village")
    at = run_page("pages/theo-thon.py", {"nhom": "party_members"})
    rows = list(csv.reader(io.StringIO(download(made, at, "Tải CSV").decode("utf-8-sig"), newline="")))
    header = rows[0]
    shown = {r[header.index("Thôn")]: r for r in rows[1:]}
    assert set(shown) == set(ds.village_names)
    for village, rec in table.iterrows():
        assert int(shown[village][header.index("Đã cài")]) == rec["installed"]
        assert float(shown[village][header.index("Tỷ lệ")]) == pytest.approx(rec["coverage"])
    ws = openpyxl.load_workbook(io.BytesIO(download(made, at, "Tải Excel"))).active
    assert ws.freeze_panes == "A2"
    column = [c.value for c in ws[1]].index("Đã cài")
    assert sum(row[column].value for row in ws.iter_rows(min_row=2)) == table["installed"].sum()


def test_progress_download_is_the_chart_data(made: Made) -> None:
    at = run_page("pages/tien-do.py")
    ws = openpyxl.load_workbook(io.BytesIO(download(made, at, "Tải Excel"))).active
    assert [c.value for c in ws[1]] == ["Phạm vi", "Ngày", "Cài mới trong ngày", "Cộng dồn"]
    assert isinstance(ws["B2"].value, dt.datetime) and ws["B2"].number_format == "dd/mm/yyyy"
    assert ws["C2"].number_format == "#,##0"


def test_a_report_village_the_sheet_lacks_is_named_on_the_reports_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not Streamlit's "Failed to generate file" on a click: the message says which name to fix."""
    import dataclasses

    import lib.ui.config as ui
    from lib.campaign import load_campaign

    campaign = load_campaign()
    wrong = dataclasses.replace(campaign, report=dataclasses.replace(campaign.report, villages=("Thôn Không Có",)))
    monkeypatch.setattr(ui, "get_campaign", lambda: wrong)
    at = run_page("pages/bao-cao.py")
    assert not at.exception
    shown = [e.value.replace("\\", "") for e in at.error]  # escaped for Markdown (lib.markup.plain)
    assert any("Thôn Không Có" in text and "[report] villages" in text for text in shown)
    assert not [b for b in at.get("download_button") if b.key.startswith("report_")]


def test_a_long_list_draws_its_first_rows_and_downloads_them_all(made: Made, sample: Dataset,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """A 1M-row upload can reject 400.000 rows: drawn whole, that grid passed pandas' Styler limit
    and the page showed Streamlit's error box. The page draws the first SHOWN_ROWS, says how many
    there are, and the downloads hold every one."""
    monkeypatch.setattr(tables, "SHOWN_ROWS", 2)
    assert len(sample.rejected) > 2
    at = run_page("pages/chat-luong.py")
    assert len(at.dataframe[1].value) == 2
    said = t("quality.first_rows", "vi", shown="2", n=fmt_int(len(sample.rejected), "vi"))
    assert said in [c.value for c in at.caption]
    rows = list(csv.reader(io.StringIO(download(made, at, "Tải CSV", 1).decode("utf-8-sig"), newline="")))
    assert len(rows) - 1 == len(sample.rejected)


def test_the_rows_a_page_draws_stay_under_the_styler_limit() -> None:
    widest = len(tables.issues_table(pd.DataFrame(columns=ISSUE_COLUMNS), "vi", True).data.columns)
    assert tables.SHOWN_ROWS * widest < pd.get_option("styler.render.max_elements")
