"""Phase reports: the Word, Excel and PDF files say what lib.metrics computes, in the Decree 30
layout, with numbers as numbers, formula-like names as text and personal numbers masked."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import tomllib
import unicodedata
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import openpyxl
import pandas as pd
import pytest
from docx.shared import Pt
from pypdf import PdfReader

from lib import metrics
from lib.campaign import Campaign, CampaignError, Phase, campaign_from_dict, load_campaign
from lib.dataset import Dataset
from lib.formatting import fmt_date, fmt_int, fmt_pct
from lib.reports import FORMATS, build_report, file_name, report_as_of
from lib.reports import docx as docx_report
from lib.reports import pdf as pdf_report
from lib.reports.content import build_content, date_line, report_villages
from lib.texts import t
from tests.ui.test_download_buttons import Made, capture_downloads, download, run_page

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 29)
ISSUED = dt.date(2026, 6, 5)


@pytest.fixture(scope="module")
def sample(sample: Dataset, campaign: Campaign) -> tuple[Campaign, Dataset, dt.date]:
    """The campaign, the shared sample (tests/conftest.py) and its default as-of day."""
    return campaign, sample, metrics.default_as_of(sample, TODAY)


def figures_date(campaign: Campaign, phase: int, as_of: dt.date) -> dt.date:
    """The date a report on `phase` made with `as_of` gives its figures as of (never after
    the phase's last day): 17/05 for phase 1 with the sample's 24/05."""
    return report_as_of(campaign, phase, as_of)[0]


@pytest.fixture(scope="module")
def files(sample) -> dict[tuple[int, str], bytes]:
    """Every format of the phase 1 and phase 2 reports on the sample, made once."""
    campaign, ds, as_of = sample
    return {(p, f): build_report(ds, campaign, p, as_of, f, issued=ISSUED) for p in (1, 2) for f in FORMATS}


def target_groups(campaign: Campaign, phase: int) -> list:
    return [g for g in campaign.groups if campaign.target_for(g.key, phase) is not None]


def unit_table(campaign: Campaign, ds, group, as_of: dt.date, phase: int) -> pd.DataFrame:
    """A group's table per village (or agency) as a report issued on ISSUED shows it."""
    if group.unit == "agency":
        table = metrics.agency_table(ds, campaign, group.key, as_of, phase, ISSUED)
        return table.rename(columns={"unit": "village"})
    return metrics.village_table(ds, campaign, group.key, as_of, None, phase, ISSUED)


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    return unicodedata.normalize("NFC", "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


# --------------------------------------------------------------------------- the date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 6, 5), "Cẩm Xuyên, ngày 05 tháng 6 năm 2026"),
        (dt.date(2026, 2, 3), "Cẩm Xuyên, ngày 03 tháng 02 năm 2026"),
        (dt.date(2026, 1, 15), "Cẩm Xuyên, ngày 15 tháng 01 năm 2026"),
        (dt.date(2026, 12, 9), "Cẩm Xuyên, ngày 09 tháng 12 năm 2026"),
        (dt.date(2026, 11, 29), "Cẩm Xuyên, ngày 29 tháng 11 năm 2026"),
    ],
)
def test_date_line_follows_decree_30(day: dt.date, expected: str) -> None:
    """Decree 30/2020, Appendix I: a leading zero for days below 10 and for months 1 and 2."""
    assert date_line("Cẩm Xuyên", day) == expected


# ----------------------------------------------------------------------------- Word


@pytest.mark.slow
def test_docx_heading_block_and_page_layout(files) -> None:
    document = docx.Document(io.BytesIO(files[1, "docx"]))
    section = document.sections[0]
    sizes = [section.page_width, section.page_height, section.top_margin, section.bottom_margin]
    sizes += [section.left_margin, section.right_margin]
    assert [round(v.cm, 2) for v in sizes] == [21, 29.7, 2, 2, 3, 1.5], "A4; margins 20/20/30/15 mm"
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size == Pt(14)
    heading = document.tables[0]
    left, right = heading.cell(0, 0).paragraphs, heading.cell(0, 1).paragraphs
    assert left[0].text == "UBND XÃ CẨM XUYÊN" and not left[0].runs[0].bold
    assert left[1].text == "BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ" and left[1].runs[0].bold
    assert right[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and right[0].runs[0].bold
    assert right[1].text == "Độc lập - Tự do - Hạnh phúc" and right[1].runs[0].bold
    assert heading.cell(1, 0).text == "Số: …/BC-BCĐ"
    date = heading.cell(1, 1).paragraphs[0]
    assert date.text == "Cẩm Xuyên, ngày 05 tháng 6 năm 2026" and date.runs[0].italic
    assert section.different_first_page_header_footer, "page numbers from page 2"


def test_docx_title_sections_and_signature(files, sample) -> None:
    campaign = sample[0]
    text = docx_text(files[1, "docx"])
    for expected in (
        "BÁO CÁO",
        "Kết quả cao điểm cài đặt ứng dụng Công dân số i-HaTinh Đợt 1 (từ ngày 13/05/2026 đến ngày 17/05/2026)",
        "I. Kết quả so với chỉ tiêu",
        "II. Kết quả theo thôn, cơ quan, đơn vị",
        "III. Lực lượng hỗ trợ và công tác tuyên truyền",
        "IV. Khó khăn, vướng mắc và đề xuất",
        "Nơi nhận:",
        "TRƯỞNG BAN",
        "DỮ LIỆU MẪU",
    ):
        assert expected in text, expected
    for recipient in campaign.report.recipients:
        assert f"- {recipient}" in text


def test_docx_tables_equal_metrics(files, sample) -> None:
    campaign, ds, chosen = sample
    as_of = figures_date(campaign, 1, chosen)
    document = docx.Document(io.BytesIO(files[1, "docx"]))
    grids = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables[1:]]
    results = metrics.target_results(ds, campaign, as_of, None, 1, ISSUED)
    assert [r[7] for r in grids[0][1:]] == [t(f"status.{e.status}") for e in results]
    targets = grids[0]
    assert [r[4] for r in targets[1:]] == [fmt_int(e.installed) for e in results]
    assert [r[5] for r in targets[1:]] == [fmt_pct(e.coverage) for e in results]
    unit_grids = [g for g in grids if g[0][:3] in (["TT", "Thôn", "Tổng số"], ["TT", "Đơn vị", "Tổng số"])]
    groups = target_groups(campaign, 1)
    assert len(unit_grids) == len(groups)
    for grid, group in zip(unit_grids, groups, strict=True):
        table = unit_table(campaign, ds, group, as_of, 1)
        body, total = grid[1:-1], grid[-1]
        assert [r[1] for r in body] == table["village"].tolist()
        assert [r[2] for r in body] == [fmt_int(v) for v in table["base"]]
        assert [r[3] for r in body] == [fmt_int(v) for v in table["installed"]]
        assert [r[4] for r in body] == [fmt_pct(v) for v in table["coverage"]]
        assert [r[5] for r in body] == [fmt_int(v) for v in table["gap"]]
        e = next(e for e in results if e.group == group.key)
        assert total[2:6] == [fmt_int(e.base), fmt_int(e.installed), fmt_pct(e.coverage), fmt_int(e.gap)]
    helpers = metrics.helpers_by_village(ds, campaign, as_of)
    grid = next(g for g in grids if g[0][2] == "Tổng số hỗ trợ")
    assert [r[1] for r in grid[1:]] == helpers["village"].tolist()
    assert [r[3] for r in grid[1:]] == [fmt_int(v) for v in helpers["helpers_it"]]


def test_docx_lists_villages_below_target_and_support_gaps(files, sample) -> None:
    campaign, ds, chosen = sample
    as_of = figures_date(campaign, 1, chosen)
    text = docx_text(files[1, "docx"])
    table = metrics.village_table(ds, campaign, "party_members", as_of, None, 1, ISSUED)
    below = table[table["met"] == False]  # noqa: E712 (object column of True/False/None)
    assert len(below), "the sample has villages below the party members' target"
    for rec in below.itertuples():
        assert f"{rec.village} (thiếu {fmt_int(rec.gap)})" in text
    gaps = metrics.support_gaps(metrics.helpers_by_village(ds, campaign, as_of))
    assert all(v in text for v in gaps["short_helpers"])


def test_docx_has_one_chart_per_village_group_with_a_target(files, sample) -> None:
    campaign = sample[0]
    for phase in (1, 2):
        document = docx.Document(io.BytesIO(files[phase, "docx"]))
        expected = [g for g in target_groups(campaign, phase) if g.unit == "village"]
        assert len(document.inline_shapes) == len(expected)


def test_docx_order_numbers_stay_on_one_line(sample) -> None:
    """The order-number column is 1,1 cm, wider once a table reaches 1.000 rows (a province's)."""
    campaign, ds, as_of = sample
    content = build_content(ds, campaign, 2, as_of, ISSUED, charts=False)
    part = content.groups[0]
    many = tuple((i, *row[1:]) for i, row in enumerate(part.table.rows * (1000 // len(part.table.rows) + 1), 1))
    content = replace(content, groups=(replace(part, table=replace(part.table, rows=many)), *content.groups[1:]))
    document = docx.Document(io.BytesIO(docx_report.render(content)))
    widths = {len(t.rows): t.columns[0].width.cm for t in document.tables[1:] if t.cell(0, 0).text == "TT"}
    assert widths[len(many) + 2] >= 1.38, "'1.000' and up on one line at 12 pt"
    assert {round(w, 2) for n, w in widths.items() if n < 1000} == {1.1}


def test_family_group_tables_follow_metrics(sample) -> None:
    """Per inter-family group tables appear for each group where metrics has rows."""
    campaign, ds, chosen = sample
    content = build_content(ds, campaign, 1, chosen, ISSUED, charts=False)
    as_of = figures_date(campaign, 1, chosen)
    for part, group in zip(content.groups, target_groups(campaign, 1), strict=True):
        if group.unit == "agency":
            assert part.family is None
            continue
        rows = metrics.family_group_table(ds, campaign, group.key, as_of, None, 1, ISSUED)
        if not len(rows):
            assert part.family is None
            continue
        assert part.family is not None and len(part.family.rows) == len(rows)
        assert [r[3] for r in part.family.rows] == [None if pd.isna(v) else v for v in rows["base"]]
        assert [r[4] for r in part.family.rows] == rows["installed"].tolist()


@pytest.mark.slow
def test_family_group_table_shown_when_metrics_has_rows_and_not_otherwise(sample, monkeypatch) -> None:
    campaign, ds, as_of = sample
    rows = pd.DataFrame(
        [
            ["Thôn Trung Hà", "Tổ 1", 12, 20, 0.6, False, 6, "behind"],
            ["Thôn Trung Hà", "Tổ 2", 19, 20, 0.95, True, 0, "met"],
        ],
        columns=metrics.FAMILY_GROUP_COLUMNS,
    )
    monkeypatch.setattr(metrics, "family_group_table", lambda *args, **kwargs: rows)
    text = docx_text(build_report(ds, campaign, 1, as_of, "docx", issued=ISSUED))
    assert "Theo tổ liên gia – Cán bộ, đảng viên" in text and "Tổ 2" in text and "95,0%" in text
    monkeypatch.setattr(metrics, "family_group_table", lambda *a, **k: pd.DataFrame(columns=rows.columns))
    assert "Theo tổ liên gia" not in docx_text(build_report(ds, campaign, 1, as_of, "docx", issued=ISSUED))


# ----------------------------------------------------------------------------- Excel


def test_xlsx_sheets_numbers_and_frozen_headers(files, sample) -> None:
    campaign, ds, chosen = sample
    as_of = figures_date(campaign, 1, chosen)
    data = files[1, "xlsx"]
    wb = openpyxl.load_workbook(io.BytesIO(data))
    groups = target_groups(campaign, 1)
    assert wb.sheetnames == ["Tổng hợp", *(g.label for g in groups), "Lực lượng hỗ trợ"]
    summary = wb["Tổng hợp"]
    header_row = summary.freeze_panes and int(summary.freeze_panes[1:]) - 1
    assert [c.value for c in summary[header_row]][:3] == ["TT", "Nhóm", "Chỉ tiêu"]
    assert summary.cell(header_row - 1, 1).value == "I. Kết quả so với chỉ tiêu – Số liệu đến ngày 17/05/2026"
    for group in groups:
        ws = wb[group.label]
        assert ws.freeze_panes == "A3", "the table's title and date, then its header, stay in view"
        assert ws["A1"].value == f"{group.label} – Số liệu đến ngày 17/05/2026"
        table = unit_table(campaign, ds, group, as_of, 1)
        header = [c.value for c in ws[2]]
        assert header[:6] == [
            "TT",
            "Thôn" if group.unit == "village" else "Đơn vị",
            "Tổng số",
            "Đã cài",
            "Tỷ lệ",
            "Còn thiếu",
        ]
        body = list(ws.iter_rows(min_row=3, max_row=2 + len(table)))
        assert [r[1].value for r in body] == table["village"].tolist()
        assert [r[3].value for r in body] == table["installed"].tolist()
        for row, coverage in zip(body, table["coverage"], strict=True):
            installed, rate = row[3], row[4]
            assert installed.data_type == "n" and installed.number_format == "#,##0"
            assert isinstance(rate.value, int | float) and rate.value == pytest.approx(coverage)
            assert rate.number_format == "0.0%"
        assert ws.column_dimensions["B"].width >= max(len(v) for v in table["village"])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert not any(b"<f>" in archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))


# ------------------------------------------------------------------------------- PDF


def test_pdf_has_the_vietnamese_text_and_figures(files, sample) -> None:
    campaign, ds, chosen = sample
    as_of = figures_date(campaign, 1, chosen)
    data = files[1, "pdf"]
    reader = PdfReader(io.BytesIO(data))
    fonts = {reader.get_object(f)["/BaseFont"] for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert all("DejaVuSerif" in f for f in fonts), "an embedded font with Vietnamese glyphs"
    text = pdf_text(data)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Cẩm Xuyên, ngày 05 tháng 6 năm 2026",
        "BÁO CÁO",
        "IV. Khó khăn, vướng mắc và đề xuất",
        "Nơi nhận:",
    ):
        assert expected in text, expected
    table = metrics.village_table(ds, campaign, "party_members", as_of, None, 1)
    for rec in table.itertuples():
        line = f"{rec.village} {fmt_int(rec.base)} {fmt_int(rec.installed)} {fmt_pct(rec.coverage)}"
        assert line in text, line


@pytest.mark.slow
def test_pdf_long_table_keeps_its_header_rows_and_page_numbers(sample) -> None:
    """A table over many pages: the header on top of each, every row once and whole (a long
    name wraps inside its cell, a 3-digit order number does not), the page number centred over
    the text on every page."""
    campaign, ds, as_of = sample
    content = build_content(ds, campaign, 2, as_of, ISSUED, charts=False)
    part = content.groups[0]
    long_name = "Thôn có một cái tên rất dài, dài hơn cả cột dành cho nó"
    many = part.table.rows * (120 // len(part.table.rows) + 1)
    rows = tuple((i, long_name if i == 7 else f"Thôn {i:02d}", *row[2:]) for i, row in enumerate(many, start=1))
    content = replace(content, groups=(replace(part, table=replace(part.table, rows=rows)), *content.groups[1:]))
    reader = PdfReader(io.BytesIO(pdf_report.render(content)))
    pages = [unicodedata.normalize("NFC", page.extract_text()) for page in reader.pages]
    names = [f"{i} Thôn {i:02d} " for i in range(1, len(rows) + 1) if i != 7]
    with_rows = [i for i, text in enumerate(pages) if any(n in " ".join(text.split()) for n in names)]
    first, last = min(with_rows), max(with_rows)
    assert last > first, "the table runs over several pages"
    for text in pages[first : last + 1]:
        assert "TT Thôn Tổng số" in " ".join(text.split()), "the header on top of every page of the table"
    text = " ".join(" ".join(pages).split())
    assert all(n in text for n in names)
    assert long_name in text or all(word in text for word in long_name.split())

    def page_number_x(page) -> list[float]:
        found: list[float] = []
        top = page.mediabox.top - 40  # the top margin, above the text
        visit = lambda s, cm, tm, *_: found.append(tm[4]) if s.strip().isdigit() and tm[5] > top else None  # noqa: E731
        page.extract_text(visitor_text=visit)
        return found

    numbers = [page_number_x(page) for page in reader.pages[1:]]
    assert all(len(n) == 1 for n in numbers) and len({round(n[0], 1) for n in numbers}) == 1, numbers


# ------------------------------------------------------------- hostile and personal data


@pytest.fixture
def hostile(make_dataset):
    """A village typed as a formula, one named with a phone number, an agency typed '+1'."""
    return make_dataset(
        thon=[
            ['=HYPERLINK("http://x.example","bấm")', 2, 100, 10, 20],
            ["Thôn 0912345678", 2, 100, 10, 20],
        ],
        caidat=[
            ["14/05/2026", '=HYPERLINK("http://x.example","bấm")', "Tổ 1", 40, 9, 3],
            ["14/05/2026", "Thôn 0912345678", "Tổ 1", 20, 5, 1],
        ],
        coquan=[["+1", 20, 18], ["@SUM(A1)", 10, 10]],
    )


def test_formula_like_names_stay_text_in_the_report_workbook(hostile, campaign) -> None:
    data = build_report(hostile, campaign, 1, dt.date(2026, 5, 24), "xlsx", issued=ISSUED)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    cells = {c.value: c for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for name in ('=HYPERLINK("http://x.example","bấm")', "+1", "@SUM(A1)"):
        assert cells[name].data_type == "s", name
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert not any(b"<f>" in archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))
    assert '=HYPERLINK("http://x.example","bấm")' in docx_text(
        build_report(hostile, campaign, 1, dt.date(2026, 5, 24), "docx", issued=ISSUED)
    )


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
def test_phone_numbers_are_masked_unless_asked(hostile, campaign, fmt: str) -> None:
    def text(unmasked: bool) -> str:
        data = build_report(hostile, campaign, 1, dt.date(2026, 5, 24), fmt, issued=ISSUED, unmasked=unmasked)
        if fmt == "docx":
            return docx_text(data)
        if fmt == "pdf":
            return pdf_text(data)
        wb = openpyxl.load_workbook(io.BytesIO(data))
        return "\n".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row)

    # A phone typed as a village name is masked when the workbook is validated (docs/workbook.md):
    # no report shows it in full, not even one made with the phone and ID columns unmasked.
    for unmasked in (False, True):
        shown = text(unmasked)
        assert "Thôn 09******78" in shown and "0912345678" not in shown


# ------------------------------------------- the date of the figures, and the status

D = dt.date


def report_text(data: bytes, fmt: str) -> str:
    """What a reader sees in a report file: Word's paragraphs and cells, Excel's cells, PDF's text."""
    if fmt == "docx":
        return docx_text(data)
    if fmt == "pdf":
        return pdf_text(data)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)


def n_tables(content) -> int:
    """Targets, one per group with a target, one per inter-family table, and helpers."""
    families = sum(part.family is not None for part in content.groups)
    return (content.targets is not None) + len(content.groups) + families + 1


@pytest.mark.parametrize(
    ("phase", "chosen", "today", "expected"),
    [
        (1, D(2026, 5, 24), None, (D(2026, 5, 17), False)),  # after the phase: its last day
        (1, D(2026, 5, 30), D(2026, 6, 5), (D(2026, 5, 17), False)),
        (1, D(2026, 5, 17), D(2026, 5, 18), (D(2026, 5, 17), False)),  # the last day, over
        (1, D(2026, 5, 17), D(2026, 5, 17), (D(2026, 5, 17), True)),  # the last day, not over yet
        (1, D(2026, 5, 17), None, (D(2026, 5, 17), False)),
        (1, D(2026, 5, 15), D(2026, 6, 5), (D(2026, 5, 15), True)),  # before the end: provisional
        (2, D(2026, 5, 20), D(2026, 5, 20), (D(2026, 5, 20), True)),
        (2, D(2026, 5, 24), D(2026, 5, 25), (D(2026, 5, 24), False)),
        (2, D(2026, 5, 30), D(2026, 5, 20), (D(2026, 5, 24), True)),  # --as-of ahead of today
    ],
)
def test_report_as_of_is_never_after_the_phase_end(
    campaign, phase: int, chosen: dt.date, today: dt.date | None, expected: tuple
) -> None:
    assert report_as_of(campaign, phase, chosen, today) == expected


# docs/campaign.md, `[report]`: the worked examples, on the sample, reports made on ISSUED.
# (phase, date chosen, the date line under the title, per group: (group, installed/base, rate, result))
DOC_EXAMPLES = {
    "vi": [
        (1, D(2026, 5, 24), "Số liệu đến ngày 17/05/2026", [
            ("Cán bộ, đảng viên", "1.469/1.620", "90,7%", "đã đạt"),
            ("Hội viên, đoàn viên", "1.671/14.352", "11,6%", "đã đạt"),
        ]),
        (2, D(2026, 5, 30), "Số liệu đến ngày 24/05/2026", [
            ("Người dân từ 18 tuổi", "11.047/30.707", "36,0%", "đã đạt"),
            ("CBCCVC, NLĐ các cơ quan, đơn vị", "253/260", "97,3%", "không đạt, còn thiếu 7 người"),
        ]),
        (2, D(2026, 5, 20), "Số liệu tạm tính đến ngày 20/05/2026", [
            ("Người dân từ 18 tuổi", "7.240/30.707", "23,6%", "đúng tiến độ, còn thiếu 1.973 người"),
        ]),
    ],
    "en": [
        (1, D(2026, 5, 24), "Figures as of 17/05/2026", [
            ("Cadres and party members", "1,469/1,620", "90.7%", "met"),
            ("Association and Youth Union members", "1,671/14,352", "11.6%", "met"),
        ]),
        (2, D(2026, 5, 30), "Figures as of 24/05/2026", [
            ("Residents aged 18+", "11,047/30,707", "36.0%", "met"),
            ("Civil servants and staff of commune agencies", "253/260", "97.3%", "missed, 7 people short"),
        ]),
        (2, D(2026, 5, 20), "Figures provisional, as of 20/05/2026", [
            ("Residents aged 18+", "7,240/30,707", "23.6%", "on track, 1,973 people short"),
        ]),
    ],
}  # fmt: skip


def _first_lower(text: str) -> str:
    return text[:1].lower() + text[1:]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_documented_examples(sample, lang: str) -> None:
    """docs/campaign.md states these figures, and the reports made on the sample say them."""
    campaign, ds, _ = sample
    doc = " ".join((ROOT / "docs" / "campaign.md").read_text(encoding="utf-8").split())
    for phase, chosen, line, figures in DOC_EXAMPLES[lang]:
        title = campaign.phase(phase).title(lang)
        made = "Báo cáo {p} lập với ngày {d}" if lang == "vi" else "{p} report made with the date {d}"
        assert f"{made.format(p=title, d=fmt_date(chosen))}: {_first_lower(line)}." in doc
        text = docx_text(build_report(ds, campaign, phase, chosen, "docx", lang=lang, issued=ISSUED))
        assert f"({line})" in text, "the line under the title"
        results = {r.split(":")[0]: r for r in text.splitlines() if r.startswith("- ")}
        for group, ratio, rate, result in figures:
            said = (
                f"{group}: đã cài {ratio} người, đạt {rate};"
                if lang == "vi"
                else f"{group}: {ratio} people installed, {rate};"
            )
            assert results[f"- {group}"].startswith(f"- {said}") and results[f"- {group}"].endswith(f"): {result}.")
            at = doc.index(f"{group} {ratio} = {rate}")
            assert f": {result}" in doc[at : doc.index(". ", at)], group  # in the same sentence


@pytest.mark.slow
def test_the_documented_phase_1_example_is_the_figure_of_17_05(sample) -> None:
    """'Đợt 1 report made with date 24/05': 1.671/14.352 = 11,6% (17/05), not 2.522/14.352 = 17,6%
    (24/05), and Thôn Bình Sơn's cadres and party members 42/60 = 70,0%: Không đạt (thiếu 10)."""
    campaign, ds, chosen = sample
    assert chosen == D(2026, 5, 24)
    doc = " ".join((ROOT / "docs" / "campaign.md").read_text(encoding="utf-8").split())
    later = next(e for e in metrics.target_results(ds, campaign, chosen, None, 1) if e.group == "association_members")
    assert (fmt_int(later.installed), fmt_int(later.base), fmt_pct(later.coverage)) == ("2.522", "14.352", "17,6%")
    assert "(không phải 2.522/14.352 = 17,6%, số đến ngày 24/05/2026)" in doc
    assert "(not 2,522/14,352 = 17.6%, the figure as of 24/05/2026)" in doc
    assert "Thôn Bình Sơn, cán bộ, đảng viên 42/60 = 70,0%: Không đạt (thiếu 10)." in doc
    assert "Thôn Bình Sơn, cadres and party members 42/60 = 70.0%: Missed (10 short)." in doc
    document = docx.Document(io.BytesIO(build_report(ds, campaign, 1, chosen, "docx", issued=ISSUED)))
    text = docx_text(build_report(ds, campaign, 1, chosen, "docx", issued=ISSUED))
    assert "2.522" not in text and "17,6%" not in text.split("II.")[0]
    rows = [[c.text for c in row.cells] for table in document.tables[1:] for row in table.rows]
    assert ["Thôn Bình Sơn", "60", "42", "70,0%", "10", "Không đạt"] in [r[1:] for r in rows]
    assert "Thôn Bình Sơn (thiếu 10)" in next(p for p in text.splitlines() if p.startswith("Thôn không đạt"))
    english = docx_text(build_report(ds, campaign, 1, chosen, "docx", lang="en", issued=ISSUED))
    assert "Thôn Bình Sơn (10 short)" in next(p for p in english.splitlines() if p.startswith("Villages that missed"))


def test_any_date_after_the_phase_makes_the_same_report(sample) -> None:
    campaign, ds, _ = sample
    on_the_day = build_content(ds, campaign, 1, D(2026, 5, 17), ISSUED, charts=False)
    for later in (D(2026, 5, 18), D(2026, 5, 24), D(2026, 5, 30)):
        assert build_content(ds, campaign, 1, later, ISSUED, charts=False) == on_the_day
    assert on_the_day.as_of == D(2026, 5, 17) and not on_the_day.provisional


def test_rows_entered_later_but_dated_within_the_phase_count(make_dataset, campaign) -> None:
    """Figures are of rows dated up to the report's date, in whatever order they were entered."""
    ds = make_dataset(
        thon=[["Thôn A", 2, 100, 10, 20]],
        caidat=[
            ["14/05/2026", "Thôn A", "Tổ 1", 20, 5, 1],
            ["20/05/2026", "Thôn A", "Tổ 1", 30, 3, 1],  # in phase 2
            ["16/05/2026", "Thôn A", "Tổ 2", 10, 2, 1],  # entered last, dated within phase 1
        ],
    )
    content = build_content(ds, campaign, 1, D(2026, 5, 24), ISSUED, charts=False)
    party = next(r for r in content.targets.rows if r[1] == "Cán bộ, đảng viên")
    assert party[3:6] == (10, 7, 0.7) and party[7] == "Không đạt"


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_states_the_date_in_its_heading_and_over_every_table(sample, fmt: str) -> None:
    campaign, ds, chosen = sample
    content = build_content(ds, campaign, 1, chosen, ISSUED, charts=False)
    assert content.as_of_line == "Số liệu đến ngày 17/05/2026"
    text = report_text(build_report(ds, campaign, 1, chosen, fmt, issued=ISSUED), fmt)
    assert text.count("Số liệu đến ngày 17/05/2026") == n_tables(content) + 1, "the title's line and each table's"
    assert "tạm tính" not in text and "24/05/2026" not in text


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_report_before_the_phase_end_is_provisional(sample, fmt: str, lang: str) -> None:
    """Phase 2 (to 24/05) with the date 20/05: 'tạm tính đến ngày 20/05/2026', heading and tables."""
    campaign, ds, _ = sample
    chosen = D(2026, 5, 20)
    content = build_content(ds, campaign, 2, chosen, ISSUED, lang, charts=False)
    assert (content.as_of, content.provisional) == (chosen, True)
    text = report_text(build_report(ds, campaign, 2, chosen, fmt, lang, issued=ISSUED), fmt)
    words = "tạm tính đến ngày 20/05/2026" if lang == "vi" else "provisional, as of 20/05/2026"
    assert text.count(words) >= n_tables(content) + 2, "the title's line, the note and each table's"
    note = t("report.provisional", lang, phase=campaign.phase(2).title(lang), end="24/05/2026", date="20/05/2026")
    assert " ".join(note.split()) in " ".join(text.split())
    assert ("Không đạt" if lang == "vi" else "Missed") not in text, "the deadline is ahead"


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_missed_target_reads_khong_dat_in_every_format(sample, fmt: str) -> None:
    """Phase 1 made after 17/05: villages below the target 'Không đạt'; never 'Chậm' or
    'Đúng tiến độ', which are for a deadline still ahead."""
    campaign, ds, chosen = sample
    text = report_text(build_report(ds, campaign, 1, chosen, fmt, issued=ISSUED), fmt)
    assert "Không đạt" in text and "Đã đạt" in text
    assert "Chậm" not in text and "Đúng tiến độ" not in text


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
def test_on_the_last_day_itself_a_target_is_not_yet_missed(sample, fmt: str) -> None:
    """A phase 1 report made on 17/05 for 17/05: the day is not over, so the villages below
    the target are 'Chậm' or 'Đúng tiến độ', and the report is provisional."""
    campaign, ds, _ = sample
    day = D(2026, 5, 17)
    text = report_text(build_report(ds, campaign, 1, day, fmt, issued=day), fmt)
    assert "Chậm" in text and "Đúng tiến độ" in text and "Không đạt" not in text
    assert "Số liệu tạm tính đến ngày 17/05/2026" in text


def test_results_say_what_the_status_column_says(sample) -> None:
    """Section I's sentences use the status column's word: no 'đã đạt; tại hạn: Không đạt'."""
    campaign, ds, _ = sample
    for phase, chosen in ((1, D(2026, 5, 24)), (2, D(2026, 5, 30)), (2, D(2026, 5, 20))):
        content = build_content(ds, campaign, phase, chosen, ISSUED, charts=False)
        for line, row in zip(content.results, content.targets.rows, strict=True):
            status = row[7]
            assert line.rsplit("): ", 1)[1].startswith(_first_lower(status)), (line, status)
            assert "tại hạn" not in line


# ------------------------------------------------------------------------ other cases


def test_english_report(sample) -> None:
    campaign, ds, as_of = sample
    text = docx_text(build_report(ds, campaign, 2, as_of, "docx", lang="en", issued=ISSUED))
    for expected in ("SOCIALIST REPUBLIC OF VIETNAM", "REPORT", "Phase 2", "I. Results against targets"):
        assert expected in text


def test_a_phase_without_targets_still_reports_helpers(sample) -> None:
    campaign, ds, as_of = sample
    extra = Phase(3, "Đợt 3", "Phase 3", dt.date(2026, 5, 25), dt.date(2026, 5, 31))
    bigger = replace(campaign, phases=(*campaign.phases, extra))
    content = build_content(ds, bigger, 3, as_of, ISSUED)
    assert content.groups == () and content.targets is None and content.charts == ()
    assert content.results == ("Đợt này không có chỉ tiêu nào trong cấu hình chiến dịch.",)
    for fmt in FORMATS:
        assert build_report(ds, bigger, 3, as_of, fmt, issued=ISSUED)


def test_file_name_and_unknown_format(sample) -> None:
    campaign, ds, as_of = sample
    assert file_name(campaign, 1, dt.date(2026, 5, 24), "docx") == "bao-cao-dot-1-2026-05-17.docx", "figures' date"
    assert file_name(campaign, 1, dt.date(2026, 5, 15), "pdf") == "bao-cao-dot-1-2026-05-15.pdf"
    assert file_name(campaign, 2, dt.date(2026, 5, 24), "xlsx") == "bao-cao-dot-2-2026-05-24.xlsx"
    with pytest.raises(ValueError):
        build_report(ds, campaign, 1, as_of, "odt")


# ------------------------------------------------------- one commune of a larger workbook

CHOSEN = ["Thôn Đông Hà", "Thôn Trung Hà", "Thôn Bình Sơn"]  # Thon order: Trung Hà, Đông Hà, Bình Sơn


def with_villages(campaign: Campaign, villages: list[str]) -> Campaign:
    return replace(campaign, report=replace(campaign.report, villages=tuple(villages)))


def test_report_villages_key_is_read_and_checked() -> None:
    data = tomllib.loads((ROOT / "campaign.toml").read_text(encoding="utf-8"))
    assert load_campaign().report.villages == (), "default: every village of the workbook"
    data["report"]["villages"] = CHOSEN
    assert campaign_from_dict(data).report.villages == tuple(CHOSEN)
    for wrong in ("Thôn Trung Hà", ["Thôn Trung Hà", ""], [1]):
        data["report"]["villages"] = wrong
        with pytest.raises(CampaignError, match=r"report\.villages"):
            campaign_from_dict(data)


def test_report_villages_match_like_rows_in_the_order_of_tab_thon(sample) -> None:
    campaign, ds, _ = sample
    assert report_villages(ds, campaign) is None
    typed = ["thôn  ĐÔNG HÀ", " Thôn Trung Hà", "Thôn Bình Sơn"]  # case and spacing do not matter
    assert report_villages(ds, with_villages(campaign, typed)) == ["Thôn Trung Hà", "Thôn Đông Hà", "Thôn Bình Sơn"]


def test_a_village_the_workbook_lacks_stops_the_report(sample) -> None:
    """Leaving it out silently would understate the commune's figures in a signed report."""
    campaign, ds, as_of = sample
    wrong = with_villages(campaign, ["Thôn Trung Hà", "Thôn Dong Ha", "Thôn Không Có"])
    with pytest.raises(CampaignError, match="'Thôn Dong Ha', 'Thôn Không Có'"):
        build_report(ds, wrong, 1, as_of, "xlsx", issued=ISSUED)


def test_the_report_covers_only_the_configured_villages(sample) -> None:
    """Every table and total equals lib.metrics for those villages; agencies all count."""
    campaign, ds, day = sample
    chosen = with_villages(campaign, CHOSEN)
    villages = report_villages(ds, chosen)
    content = build_content(ds, chosen, 1, day, ISSUED, charts=False)
    as_of = figures_date(campaign, 1, day)
    results = metrics.target_results(ds, campaign, as_of, villages, 1, ISSUED)
    assert results != metrics.target_results(ds, campaign, as_of, None, 1, ISSUED)
    assert [(r[3], r[4], r[6]) for r in content.targets.rows] == [(e.base, e.installed, e.gap) for e in results]
    for part, group in zip(content.groups, target_groups(campaign, 1), strict=True):
        if group.unit == "agency":
            table = metrics.agency_table(ds, campaign, group.key, as_of, 1, ISSUED)
            assert [r[1] for r in part.table.rows] == table["unit"].tolist()
            continue
        table = metrics.village_table(ds, campaign, group.key, as_of, villages, 1, ISSUED)
        assert [r[1:6] for r in part.table.rows] == [
            tuple(None if pd.isna(v) else v for v in r)
            for r in table[["village", "base", "installed", "coverage", "gap"]].itertuples(index=False)
        ]
        e = next(e for e in results if e.group == group.key)
        assert part.table.total[2:6] == (e.base, e.installed, e.coverage, e.gap)
        family = metrics.family_group_table(ds, campaign, group.key, as_of, villages, 1, ISSUED)
        assert part.family is not None and [r[1:3] for r in part.family.rows] == list(
            zip(family["village"], family["family_group"], strict=True)
        )
    assert [r[1] for r in content.helpers.rows] == villages
    text = docx_text(build_report(ds, chosen, 1, day, "docx", issued=ISSUED))
    assert "Thôn Bình Sơn" in text and "Thôn Tây Hà" not in text


# ----------------------------------------------------------------------- command line


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "IHATINH_TODAY": TODAY.isoformat()}
    return subprocess.run([sys.executable, "-m", "lib", *args], cwd=ROOT, env=env, capture_output=True, text=True)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
def test_cli_writes_each_format(tmp_path: Path, sample, fmt: str) -> None:
    campaign, ds, as_of = sample
    out = tmp_path / f"bao-cao.{fmt}"
    result = run_cli("report", "--phase", "1", "--format", fmt, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    results = metrics.target_results(ds, campaign, figures_date(campaign, 1, as_of), None, 1, TODAY)
    e = next(e for e in results if e.group == "association_members")  # 2.522 on 24/05, 1.671 on 17/05
    figure = f"{fmt_int(e.installed)}/{fmt_int(e.base)}"
    if fmt == "docx":
        assert figure in docx_text(out.read_bytes())
        assert "ngày 29 tháng 11 năm 2026" in docx_text(out.read_bytes()), "dated the day it is made"
    elif fmt == "pdf":
        assert figure in pdf_text(out.read_bytes())
    else:
        summary = openpyxl.load_workbook(out)["Tổng hợp"]
        assert e.installed in [c.value for row in summary.iter_rows() for c in row]


@pytest.mark.slow
def test_cli_as_of_and_source(tmp_path: Path, sample) -> None:
    campaign, ds, _ = sample
    out = tmp_path / "r.xlsx"
    early = dt.date(2026, 5, 14)
    result = run_cli("report", "--phase", "1", "--format", "xlsx", "--out", str(out), "--as-of", early.isoformat(),
                     "--source", str(ROOT / "data" / "sample.xlsx"), "--unmasked")  # fmt: skip
    assert result.returncode == 0, result.stderr
    installed = [e.installed for e in metrics.target_results(ds, campaign, early, None, 1)]
    summary = openpyxl.load_workbook(out)["Tổng hợp"]
    column = [c.value for c in summary[int(summary.freeze_panes[1:]) - 1]].index("Đã cài")
    shown = [row[column].value for row in summary.iter_rows(min_row=int(summary.freeze_panes[1:]))]
    assert shown == installed


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--phase", "9", "--format", "pdf", "--out", "{tmp}/x.pdf"], "Không có đợt 9"),
        (["--phase", "1", "--format", "docx", "--out", "{tmp}/no/such/dir/x.docx"], "Không ghi được tệp"),
        (["--phase", "1", "--format", "docx", "--out", "{tmp}/x.docx", "--source", "README.md"], "chỉ đọc được"),
    ],
)
def test_cli_errors_exit_2_with_one_vietnamese_line(tmp_path: Path, args: list[str], words: str) -> None:
    result = run_cli("report", *(a.format(tmp=tmp_path) for a in args))
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], result.stderr


@pytest.mark.slow
def test_cli_report_for_the_villages_of_campaign_toml(tmp_path: Path, sample) -> None:
    campaign, ds, _ = sample
    config = (ROOT / "campaign.toml").read_text(encoding="utf-8")
    names = ", ".join(f'"{v}"' for v in CHOSEN)
    (tmp_path / "xa.toml").write_text(config.replace("[report]\n", f"[report]\nvillages = [{names}]\n"), "utf-8")
    out = tmp_path / "r.xlsx"
    result = run_cli(
        "report", "--phase", "1", "--format", "xlsx", "--out", str(out), "--campaign", str(tmp_path / "xa.toml")
    )
    assert result.returncode == 0, result.stderr
    sheet = openpyxl.load_workbook(out)["Cán bộ, đảng viên"]
    shown = [row[1].value for row in sheet.iter_rows(min_row=3, max_row=2 + len(CHOSEN))]
    assert shown == report_villages(ds, with_villages(campaign, CHOSEN))
    assert sheet.cell(3 + len(CHOSEN), 2).value == "Toàn xã"
    (tmp_path / "sai.toml").write_text(config.replace("[report]\n", '[report]\nvillages = ["Thôn Sai"]\n'), "utf-8")
    result = run_cli(
        "report", "--phase", "1", "--format", "pdf", "--out", str(out), "--campaign", str(tmp_path / "sai.toml")
    )
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "campaign.toml: [report] villages có thôn không có trong trang Thon: 'Thôn Sai'."
    ]


# ----------------------------------------------------------------------------- the page


@pytest.fixture
def made(fresh_app: None, monkeypatch: pytest.MonkeyPatch) -> Made:
    return capture_downloads(monkeypatch)


@pytest.mark.slow
def test_reports_page_offers_the_three_files(made) -> None:
    at = run_page("pages/bao-cao.py")
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"Tải báo cáo Word (.docx)", "Tải bảng số liệu Excel (.xlsx)", "Tải báo cáo PDF"} <= set(labels)
    assert at.selectbox(key="r_phase").value == 2, "the phase the sidebar's date falls in"
    assert "24/05/2026" in at.markdown[-1].value or any("24/05/2026" in m.value for m in at.markdown)


@pytest.mark.slow
def test_reports_page_builds_on_click_and_only_once(made, monkeypatch) -> None:
    import lib.reports

    calls: list[tuple] = []
    build = lib.reports.build_report

    def counting(*args, **kwargs):
        calls.append(args[2:4])
        return build(*args, **kwargs)

    monkeypatch.setattr(lib.reports, "build_report", counting)
    at = run_page("pages/bao-cao.py", {"dot": "1"})
    at.run()  # an ordinary rerun
    assert calls == [], "nothing is built until a button is clicked"
    assert at.selectbox(key="r_phase").value == 1, "the sidebar's phase"
    first = download(made, at, "Tải báo cáo Word (.docx)")
    again = download(made, at, "Tải báo cáo Word (.docx)")
    assert first == again and len(calls) == 1, "kept for the next click"
    text = docx_text(first)
    assert "Cẩm Xuyên" in text and "Đợt 1" in text
    assert download(made, at, "Tải báo cáo PDF").startswith(b"%PDF")
    assert len(calls) == 2


@pytest.mark.slow
def test_reports_page_says_the_date_of_the_figures(made, monkeypatch) -> None:
    """Phase 1 with the sidebar's 24/05 (or 20/05): figures as of 17/05, said before the
    buttons, one report for both dates (the cache is keyed by the figures' date)."""
    import lib.reports

    calls: list[tuple] = []
    build = lib.reports.build_report

    def counting(*args, **kwargs):
        calls.append(args[2:4])
        return build(*args, **kwargs)

    monkeypatch.setattr(lib.reports, "build_report", counting)
    at = run_page("pages/bao-cao.py", {"dot": "1"})
    said = " ".join(m.value for m in at.markdown)
    assert "**đến ngày 17/05/2026**, ngày cuối của Đợt 1 (ngày chọn ở thanh bên: 24/05/2026)" in said
    assert not [i for i in at.info if "tạm tính" in i.value], "not provisional"
    first = download(made, at, "Tải báo cáo Word (.docx)")
    assert "(Số liệu đến ngày 17/05/2026)" in docx_text(first)
    later = run_page("pages/bao-cao.py", {"dot": "1", "ngay": "2026-05-20"})
    assert download(made, later, "Tải báo cáo Word (.docx)") == first
    assert calls == [(1, D(2026, 5, 17))], "made once, for the figures' date"


@pytest.mark.slow
def test_reports_page_says_a_report_is_provisional(made) -> None:
    at = run_page("pages/bao-cao.py", {"dot": "2", "ngay": "2026-05-20"})
    assert [i.value for i in at.info if "tạm tính" in i.value] == [
        "Báo cáo **tạm tính**: Đợt 2 chưa kết thúc (đến hết ngày 24/05/2026), số liệu **tạm tính đến ngày "
        "20/05/2026** (đổi ngày ở thanh bên)."
    ]
    assert "Số liệu tạm tính đến ngày 20/05/2026" in docx_text(download(made, at, "Tải báo cáo Word (.docx)"))
    english = run_page("pages/bao-cao.py", {"dot": "2", "ngay": "2026-05-20", "lang": "en"})
    assert any("provisional, as of 20/05/2026" in i.value for i in english.info)


@pytest.mark.slow
def test_reports_page_in_english(made) -> None:
    at = run_page("pages/bao-cao.py", {"lang": "en"})
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download the Word report (.docx)" in labels
    assert at.subheader[0].value == "Phase report"
