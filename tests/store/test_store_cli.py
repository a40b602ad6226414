"""`python -m lib snapshot`, and `report --snapshot N` rebuilding a report with the same
figures after later reads, its footer naming the snapshot; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import openpyxl
import pypdf
import pytest

from lib.__main__ import main
from lib.campaign import DEFAULT_PATH, load_campaign
from lib.reports import build_report
from lib.sources.files import read_path
from lib.store import info, load, open_store
from lib.validation import validate

pytestmark = pytest.mark.slow  # each test runs `python -m lib` as a subprocess: out of the quick subset

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample.xlsx"


def _cells(data: bytes) -> list[list]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return [[ws.title, *[list(r) for r in ws.iter_rows(values_only=True)]] for ws in wb.worksheets]


def test_snapshot_then_report_from_it_after_later_reads(store_url, tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("IHATINH_TODAY", "2026-05-25")
    source = tmp_path / "so-lieu.xlsx"
    shutil.copy(SAMPLE, source)
    assert main(["snapshot", "--source", str(source), "--store", store_url, "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["new"] and first["id"] == 1 and first["source"] == f"file:{source.resolve()}"
    assert main(["snapshot", "--source", str(source), "--store", store_url]) == 0
    assert "không đổi" in capsys.readouterr().out
    # A later read of another workbook (the first tally row edited): a second snapshot.
    wb = openpyxl.load_workbook(source)
    ws = wb["CaiDat"]
    ws.cell(row=2, column=4).value = 97  # a count no sample row has
    wb.save(source)
    assert main(["snapshot", "--source", str(source), "--store", store_url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == 2

    out = tmp_path / "bao-cao.xlsx"
    args = ["report", "--snapshot", "1", "--phase", "1", "--format", "xlsx", "--out", str(out), "--store", store_url]
    assert main(args) == 0
    capsys.readouterr()
    campaign = load_campaign()
    original = validate(read_path(SAMPLE), campaign, dt.date(2026, 5, 25))
    engine = open_store(store_url)
    read_at = info(engine, 1).read_at
    assert load(engine, 1).tallies.equals(original.tallies)
    engine.dispose()
    expected = build_report(
        original, campaign, 1, dt.date(2026, 5, 24), "xlsx", issued=dt.date(2026, 5, 25), snapshot=(1, read_at)
    )
    assert _cells(out.read_bytes()) == _cells(expected)  # the same report, snapshot 2 notwithstanding
    footer = f"Số liệu bản ghi #1, đọc lúc {read_at:%H:%M %d/%m/%Y}"
    assert any(footer in str(row) for sheet in _cells(expected) for row in sheet)

    pdf = tmp_path / "bao-cao.pdf"
    assert main([*args[:6], "pdf", "--out", str(pdf), "--store", store_url]) == 0
    pages = pypdf.PdfReader(pdf).pages
    assert all(footer in page.extract_text() for page in pages)
    docx = tmp_path / "bao-cao.docx"
    assert main([*args[:6], "docx", "--out", str(docx), "--store", store_url]) == 0
    import docx as python_docx

    section = python_docx.Document(str(docx)).sections[0]
    assert footer in section.footer.paragraphs[0].text and footer in section.first_page_footer.paragraphs[0].text


def test_store_errors_are_one_line_and_exit_2(store_url, capsys) -> None:
    assert (
        main(["report", "--snapshot", "7", "--phase", "1", "--format", "xlsx", "--out", "x", "--store", store_url]) == 2
    )
    assert capsys.readouterr().err.strip() == "Không có bản ghi số 7 trong kho số liệu."
    assert main(["changes", "--store", store_url]) == 2
    assert "chưa có bản ghi" in capsys.readouterr().err
    assert main(["history", "--store", store_url, "--json"]) == 2


def test_a_report_not_from_a_snapshot_has_no_footer_line() -> None:
    campaign = load_campaign(DEFAULT_PATH)
    ds = validate(read_path(SAMPLE), campaign, dt.date(2026, 5, 25))
    data = build_report(ds, campaign, 1, dt.date(2026, 5, 24), "xlsx", issued=dt.date(2026, 5, 25))
    assert not any("bản ghi #" in str(row) for sheet in _cells(data) for row in sheet)
