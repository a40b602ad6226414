"""CSV and Excel downloads: numbers stay numbers, text never runs as a formula, phone and ID
numbers leave the app only masked; and the download buttons under the pages' tables."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from lib import exports, tables
from lib.privacy import mask_text

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 29)
# What a village clerk could type in a name cell of the shared sheet, and how Excel would read it.
HOSTILE = ['=HYPERLINK("http://x.example","bấm")', "+1", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1"]


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM, so Excel reads the diacritics right"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def read_xlsx(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def has_formula(data: bytes) -> bool:
    """Any <f> element in any worksheet of the .xlsx: that is a formula Excel would run."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return any(b"<f>" in archive.read(n) or b"<f " in archive.read(n) for n in archive.namelist())


# ------------------------------------------------------------------------- cell rules


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_text_is_quoted_in_csv(text: str) -> None:
    assert exports.is_formula_like(text)
    assert exports.csv_text(text) == "'" + text


@pytest.mark.parametrize("text", ["Thôn Trung Hà", "Tổ 1", "1.234", "—", "Đã đạt", ""])
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert not exports.is_formula_like(text)
    assert exports.csv_text(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0912345678", "09******78"),
        ("0912 345 678", "09******78"),
        ("0912.345.678", "09******78"),
        ("CCCD 001234567890 của ông A", "CCCD 00********90 của ông A"),
        ("'0912345678' quá lớn để là số người", "'09******78' quá lớn để là số người"),
        ("Thôn Trung Hà", "Thôn Trung Hà"),
        ("1.234.567", "1.234.567"),  # a head count is not a phone number
        ("13/05/2026", "13/05/2026"),
        ("tối đa 10.000.000", "tối đa 10.000.000"),
    ],
)
def test_phone_and_id_numbers_are_masked_wherever_they_are(text: str, expected: str) -> None:
    assert mask_text(text) == expected


@pytest.mark.parametrize(
    ("name", "taken", "expected"),
    [
        ("Cán bộ, đảng viên", [], "Cán bộ, đảng viên"),
        ("a/b[c]:d*e?f\\g", [], "a b c  d e f g"),
        ("x" * 40, [], "x" * 31),
        ("Tổng hợp", ["tổng hợp"], "Tổng hợp (2)"),
    ],
)
def test_sheet_titles_are_valid_and_unique(name: str, taken: list[str], expected: str) -> None:
    assert exports.sheet_title(name, taken) == expected


# ----------------------------------------------------------------------- whole tables


@pytest.fixture
def hostile_table() -> pd.DataFrame:
    """A coverage table as metrics gives it, with hostile names, a phone and an ID number."""
    n = len(HOSTILE)
    return pd.DataFrame(
        {
            "village": HOSTILE,
            "installed": list(range(1000, 1000 + n)),
            "base": [2000] * n,
            "coverage": [0.5 + i / 100 for i in range(n)],
            "gap": [-1, *range(1, n)],
            "status": ["met", "behind", "open", "on_track", "no_data", "met"],
            "phone": ["0912345678", "0987654321", None, "", "0912345678", "0912345678"],
            "note": ["CCCD 001234567890", "", "", "", "", ""],
        }
    )


def test_csv_neutralises_and_masks(hostile_table: pd.DataFrame) -> None:
    rows = read_csv(exports.table_csv(hostile_table))
    header, body = rows[0], rows[1:]
    assert header[:6] == ["Thôn", "Đã cài", "Tổng số", "Tỷ lệ", "Còn thiếu", "Tình trạng"]
    assert [r[0] for r in body] == ["'" + h for h in HOSTILE]
    assert body[0][1] == "1000" and body[0][4] == "-1", "numbers (even negative) stay numbers"
    assert body[1][5] == "Chậm", "statuses in words"
    assert body[0][6] == "09******78" and body[2][6] == ""
    assert body[0][7] == "CCCD 00********90"
    unmasked = read_csv(exports.table_csv(hostile_table, unmasked=True))
    assert unmasked[1][6] == "0912345678" and unmasked[1][7] == "CCCD 001234567890"


def test_csv_in_english_and_dates_as_dd_mm_yyyy() -> None:
    frame = pd.DataFrame({"village": ["A"], "projected": [dt.date(2026, 5, 3)], "date": [pd.Timestamp("2026-05-13")]})
    rows = read_csv(exports.table_csv(frame, lang="en"))
    assert rows == [["Village", "Projected", "Day"], ["A", "03/05/2026", "13/05/2026"]]


def test_xlsx_keeps_text_as_text_numbers_as_numbers(hostile_table: pd.DataFrame) -> None:
    data = exports.table_xlsx(hostile_table, "Theo thôn")
    assert not has_formula(data)
    ws = read_xlsx(data)["Theo thôn"]
    assert ws.freeze_panes == "A2"
    for i, text in enumerate(HOSTILE, start=2):
        cell = ws.cell(row=i, column=1)
        assert cell.data_type == "s" and cell.value == text
    installed, coverage, gap = ws["B2"], ws["D2"], ws["E2"]
    assert installed.value == 1000 and installed.number_format == "#,##0"
    assert isinstance(coverage.value, float) and coverage.number_format == "0.0%"
    assert gap.value == -1 and gap.data_type == "n"
    assert ws["G2"].value == "09******78" and ws["H2"].value == "CCCD 00********90"
    assert ws.column_dimensions["A"].width >= len(HOSTILE[0]), "widths fit the longest text"


def test_xlsx_unmasked_on_request(hostile_table: pd.DataFrame) -> None:
    ws = read_xlsx(exports.table_xlsx(hostile_table, "x", unmasked=True)).active
    assert ws["G2"].value == "0912345678"


def test_an_already_labelled_table_passes_as_is() -> None:
    """Pages hand over a table's `.data`: headers already translated, numbers raw."""
    frame = pd.DataFrame({"Thôn": ["A"], "Tỷ lệ": [0.853], "Còn thiếu": [3]})
    ws = read_xlsx(exports.table_xlsx(frame, "x")).active
    assert [c.value for c in ws[1]] == ["Thôn", "Tỷ lệ", "Còn thiếu"]
    assert ws["B2"].number_format == "0.0%" and ws["C2"].number_format == "#,##0"


def test_phone_typed_into_a_count_is_masked_in_the_rejected_rows_download(make_dataset) -> None:
    """Neither the data-quality table nor its download carries the number (masked when the
    issue is made, docs/workbook.md)."""
    ds = make_dataset(
        thon=[["Thôn A", 3, 100, 10, 20]],
        caidat=[["14/05/2026", "Thôn A", "Tổ 1", "0912345678", 1, 1]],
    )
    assert "09******78" in ds.rejected["value"].tolist()
    frame = tables.issues_table(ds.rejected, "vi", with_installs=True).data
    text = exports.table_csv(frame).decode("utf-8-sig")
    assert "0912345678" not in text and "09******78" in text
    ws = read_xlsx(exports.table_xlsx(frame, "Dòng bị loại")).active
    assert "0912345678" not in str([c.value for row in ws.iter_rows() for c in row])
