"""Issue #13: a small file must not take the server down.

Every hostile file is generated here (bench/hostile.py's writers, small, with the caps of
lib.sources.limits lowered to match where the real cap would need a large file), read through
lib.sources.files, and refused at once with a message naming the tab or file and the cap; the
CLI exits 2 with one line. Ordinary workbooks read exactly as openpyxl's read-only mode read
them before (the reader is new; the values must not be).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import os
import re
import subprocess
import sys
import time
import tomllib
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from streamlit.testing.v1 import AppTest

from bench import hostile
from lib.campaign import load_campaign
from lib.dataset import Dataset
from lib.errors import FileError, ShapeError, SourceError
from lib.sample_data import sample_tabs
from lib.sources import xlsx as xlsx_reader
from lib.sources.files import read_bytes, read_files, read_path, write_xlsx
from lib.sources.limits import LIMITS, Limits
from lib.sources.sample import SAMPLE_PATH, read_sample
from lib.template import template_xlsx
from lib.ui import loading
from lib.validation import validate

ROOT = Path(__file__).resolve().parents[2]
FAST = 2.0  # seconds: the goal for refusing a file over a cap


def openpyxl_tabs(data: bytes) -> dict[str, list[list[Any]]]:
    """What lib.sources.files returned before issue #13: openpyxl's read-only, data-only rows."""
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}
    finally:
        book.close()


def xlsx(tmp_path: Path, make, scale: float = 1.0) -> bytes:
    path = tmp_path / "f.xlsx"
    make(path, scale)
    return path.read_bytes()


def sheets(tmp_path: Path, tabs: dict[str, Any], **kwargs: Any) -> bytes:
    """A workbook as Excel writes one (shared strings, styled dates) from raw sheet XML makers."""
    path = tmp_path / "w.xlsx"
    hostile.write_xlsx(path, tabs, **kwargs)
    return path.read_bytes()


def refused(data: bytes, name: str, limits: Limits = LIMITS, lang: str = "vi") -> str:
    """The message of the FileError the read raises; it must come quickly."""
    start = time.perf_counter()
    with pytest.raises(FileError) as caught:
        read_bytes(data, name, limits=limits)
    assert time.perf_counter() - start < FAST
    return caught.value.message(lang)


def rezip(data: bytes, changes: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, changes.get(info.filename, src.read(info.filename)))
    return out.getvalue()


# ------------------------------------------------------------------- ordinary files, as before


def test_the_sample_reads_as_before() -> None:
    data = SAMPLE_PATH.read_bytes()
    before = openpyxl_tabs(data)
    assert read_bytes(data, "sample.xlsx").tabs == before
    assert read_sample().tabs == before


def _odd_values() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Loại"
    rows = [
        ["chữ", 1, 2.5, -7, 10**15, 1e-5, True, False, None, ""],
        [dt.date(2026, 5, 13), dt.datetime(2026, 5, 13, 10, 30), dt.time(7, 45), dt.timedelta(hours=30)],
        ["a & b < c > \"d\" 'e'", "dòng 1\ndòng 2", "  cách  ", "=1+2", "09123", "Thôn Đông Hà ẩ ữ"],
    ]
    for row in rows:
        sheet.append(row)
    sheet["B2"].number_format = "dd/mm/yyyy hh:mm"
    sheet["D2"].number_format = "[h]:mm"
    sheet["A5"] = "=B1*2"  # a formula: data_only gives its cached value (none: openpyxl never computes)
    sheet["E7"] = "xa"  # a gap of rows and columns
    book.create_sheet("Trống")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


WORKBOOKS = {
    "sample": lambda: SAMPLE_PATH.read_bytes(),
    "template": lambda: template_xlsx(load_campaign()),
    "write_xlsx": lambda: write_xlsx(sample_tabs()),
    "odd values": _odd_values,
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(WORKBOOKS))
@pytest.mark.parametrize("path", ["expression", "xml"])
def test_workbooks_read_as_openpyxl_read_them(name: str, path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both ways a sheet's rows are read give openpyxl's values: the expression, and (for rows
    it does not know) XML through openpyxl's own cell parser, forced here for every row."""
    data = WORKBOOKS[name]()
    if path == "xml":
        monkeypatch.setattr(xlsx_reader, "_CELLS", re.compile(rb"()()()()()()(\S)"))
    assert read_bytes(data, "w.xlsx").tabs == openpyxl_tabs(data)


def _trimmed(tabs: dict) -> dict:
    """Rows without their trailing None: a sheet with no <dimension> was ragged in openpyxl."""
    out = {}
    for title, rows in tabs.items():
        rows = [list(r) for r in rows]
        for row in rows:
            while row and row[-1] is None:
                row.pop()
        while rows and not rows[-1]:
            rows.pop()
        out[title] = rows
    return out


def test_excel_layout_shared_strings_rich_text_and_prefixes(tmp_path: Path) -> None:
    """Shared strings as Excel writes them (plain, rich runs, phonetic guides, entities, the
    _x005F_ escape), a sheet with a namespace prefix, cells without coordinates, rows given
    twice or out of order: openpyxl's values, the rows padded to the widest."""
    ns = hostile.NS
    strings = (
        f'<?xml version="1.0"?>\n<sst xmlns="{ns}" count="6" uniqueCount="6"><si><t>a</t></si>'
        '<si><r><rPr><b/></rPr><t>gi</t></r><r><t xml:space="preserve">àu </t></r></si>'
        '<si><t>x_x005F_y &amp; &#7885;</t><rPh sb="0" eb="1"><t>ph</t></rPh></si><si><t/></si>'
        '<si><t xml:space="preserve">  dòng\r\nhai</t></si><si><t>z</t></si></sst>'
    ).encode()
    prefixed = (
        f'<?xml version="1.0"?>\n<x:worksheet xmlns:x="{ns}"><x:sheetData>'
        '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c></x:row>'
        '<x:row><x:c t="s"><x:v>2</x:v></x:c><x:c t="s"><x:v>3</x:v></x:c><x:c t="s"><x:v>4</x:v></x:c></x:row>'
        "</x:sheetData></x:worksheet>"
    ).encode()
    mixed = (
        f'<?xml version="1.0"?>\n<worksheet xmlns="{ns}"><dimension ref="A1:F5"/><sheetData>\n <row r="1">\n'
        '  <c r="A1" t="s"><v>5</v></c>\n  <c r="C1" t="inlineStr"><is><r><t>in</t></r><r><t>line</t></r></is></c>\n'
        ' </row>\n<row r="3"><c r="A3" s="0" t="n"><v>7</v></c><c r="B3" t="s" s="0"><v>1</v></c></row>'
        '<row r="2"><c r="A2"><v>9</v></c></row><row r="3"><c r="A3"><v>8</v></c></row>'
        '<row r="5"><c r="B5" t="b"><v>1</v></c><c r="C5" t="e"><v>#N/A</v></c>'
        '<c r="D5" t="str"><f>A1</f><v>a&amp;b</v></c><c r="E5" t="s"/><c r="F5"><v>1.5E3</v></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    base = sheets(tmp_path, {"P": lambda s: iter([b""]), "M": lambda s: iter([b""])})
    data = rezip(base, {"xl/sharedStrings.xml": strings, "xl/worksheets/sheet1.xml": prefixed,
                        "xl/worksheets/sheet2.xml": mixed})  # fmt: skip
    got = read_bytes(data, "w.xlsx").tabs
    assert got["P"] == [["a", "giàu ", None], ["x_y & ọ", "", "  dòng\nhai"]]
    assert got["M"] == openpyxl_tabs(data)["M"]
    assert _trimmed(got) == _trimmed(openpyxl_tabs(data))


@pytest.mark.slow
def test_the_province_shape_reads_as_before(tmp_path: Path) -> None:
    """tests.generators' province workbook, small, as Excel lays it out (shared strings, dates)."""
    data = xlsx(tmp_path, hostile.make_rows, 0.002)
    assert read_bytes(data, "p.xlsx").tabs == openpyxl_tabs(data)


# --------------------------------------------------------------------------- over the caps


def test_declared_dimension_is_never_read(tmp_path: Path) -> None:
    """66 KB that declares A1:XFD1048576 with one far cell: openpyxl padded every row to 16.384
    columns (9,2 GB). Only cells that exist are read, and the far one is past the columns."""
    message = refused(xlsx(tmp_path, hostile.make_declared_dimension), "Thon.xlsx")
    assert "Trang 'Thon'" in message and "cột XFD" in message and "1.000 cột" in message
    english = refused(xlsx(tmp_path, hostile.make_declared_dimension), "Thon.xlsx", lang="en")
    assert "Tab 'Thon'" in english and "column XFD" in english and "1,000 columns" in english


@pytest.mark.slow
def test_a_far_row_is_past_the_rows(tmp_path: Path) -> None:
    far = '<row r="1048576"><c r="A1048576"><v>1</v></c></row>'
    data = sheets(tmp_path, {"DanhSach": lambda s: hostile.sheet_xml([["Họ và tên"]], s, tail=far)})
    message = refused(data, "w.xlsx", dataclasses.replace(LIMITS, rows=1_000))
    assert message == (
        "Trang 'DanhSach' có hơn 1.000 dòng (tối đa 1.000). Xóa các dòng thừa ở cuối trang hoặc tách bảng tính."
    )
    # Within the caps the empty rows are there, as openpyxl gave them (a sheet's real extent).
    rows = read_bytes(data, "w.xlsx").tabs["DanhSach"]
    assert len(rows) == 1_048_576 and rows[1] == [None] and rows[-1] == [1]


def test_real_rows_past_the_cap(tmp_path: Path) -> None:
    rows = [["Họ và tên", "Năm sinh"], *([f"Người {i}", 1990] for i in range(3_000))]
    thon = [["Thôn"], ["Thôn Trung Hà"]]
    data = sheets(tmp_path, {"Thon": hostile._sheet_of(thon), "DanhSach": hostile._sheet_of(rows)})
    message = refused(data, "w.xlsx", dataclasses.replace(LIMITS, rows=2_000))
    assert "Trang 'DanhSach' có hơn 2.000 dòng (tối đa 2.000)" in message


def test_a_wide_sheet(tmp_path: Path) -> None:
    message = refused(xlsx(tmp_path, hostile.make_wide, 0.02), "w.xlsx")
    assert "Trang 'Thon' có ô ở cột ALM, quá giới hạn 1.000 cột" in message


def test_cells_of_all_tabs_together(tmp_path: Path) -> None:
    rows = [[c + 10 * r for c in range(10)] for r in range(300)]
    data = sheets(tmp_path, {"A": lambda s: hostile.sheet_xml(rows, s), "B": lambda s: hostile.sheet_xml(rows, s)})
    limits = dataclasses.replace(LIMITS, cells=6_000)
    assert set(read_bytes(data, "w.xlsx", limits=limits).tabs) == {"A", "B"}  # 3.000 cells each
    message = refused(data, "w.xlsx", dataclasses.replace(LIMITS, cells=5_000))
    assert "Đến trang 'B', bảng tính đã vượt 5.000 ô" in message


def test_shared_strings(tmp_path: Path) -> None:
    """2.000.000 distinct texts cost openpyxl 38 s before any sheet: the table is counted as it
    is read (and refused at once when it says itself that it is too large)."""
    extra = [f"Chuỗi {i}" for i in range(3_000)]
    data = sheets(tmp_path, {"Thon": lambda s: hostile.sheet_xml([["Thôn"]], s)}, extra_strings=extra)
    limits = dataclasses.replace(LIMITS, shared_strings=2_000)
    message = refused(data, "chu.xlsx", limits)
    assert message == "Tệp chu.xlsx có hơn 2.000 đoạn chữ khác nhau (tối đa 2.000). Tách bảng tính thành nhiều tệp."
    with zipfile.ZipFile(io.BytesIO(data)) as z:  # the table no longer says how many it holds
        table = re.sub(rb' uniqueCount="\d+"', b"", z.read("xl/sharedStrings.xml"))
    assert "2.000 đoạn chữ" in refused(rezip(data, {"xl/sharedStrings.xml": table}), "chu.xlsx", limits)


def test_zip_bomb(tmp_path: Path) -> None:
    """A part that unpacks to hundreds of times its size is refused from the zip's directory,
    before anything is inflated; so is a workbook larger than the cap unpacked."""
    data = xlsx(tmp_path, hostile.make_zip_bomb, 0.01)  # 10 MB of rows in 26 KB
    message = refused(data, "bom.xlsx")
    assert "phần 'xl/worksheets/sheet1.xml' khi giải nén lớn gấp" in message and "(tối đa 100 lần)" in message
    message = refused(data, "bom.xlsx", dataclasses.replace(LIMITS, zip_ratio=10_000, unzipped_mb=5))
    assert message.startswith("Tệp bom.xlsx khi giải nén lên tới 10 MB (tối đa 5 MB)")


def test_too_many_seconds(tmp_path: Path) -> None:
    data = xlsx(tmp_path, hostile.make_rows, 0.002)
    message = refused(data, "p.xlsx", dataclasses.replace(LIMITS, seconds=0))
    assert message.startswith("Đọc tệp p.xlsx mất hơn 0 giây") and "Tách bảng tính" in message


def test_too_many_bytes(tmp_path: Path) -> None:
    message = refused(b"x" * (2 << 20), "lon.csv", dataclasses.replace(LIMITS, upload_mb=1))
    assert message.startswith("Tệp lon.csv nặng 2 MB, quá giới hạn 1 MB")
    big = tmp_path / "lon.xlsx"
    big.write_bytes(b"\0" * (2 << 20))
    with pytest.raises(FileError, match="quá giới hạn 1 MB"):  # checked before the file is read
        read_path(big, limits=dataclasses.replace(LIMITS, upload_mb=1))


def test_streamlit_takes_uploads_up_to_the_same_size() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == LIMITS.upload_mb == load_campaign().limits.upload_mb


# ------------------------------------------------------------------------------ broken files


def test_corrupt_sheet_xml(tmp_path: Path) -> None:
    message = refused(xlsx(tmp_path, hostile.make_corrupt_xml), "hong.xlsx")
    assert re.fullmatch(
        r"Trang 'CaiDat' của tệp hong\.xlsx bị hỏng ở khoảng dòng [\d.]+ \(ParseError\)\. Mở tệp bằng Excel hoặc "
        r"Google Sheets rồi lưu lại thành \.xlsx\.",
        message,
    )


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short: no zip directory
        lambda data: b"not a zip at all",
        lambda data: b"PK\x05\x06" + b"\0" * 18,  # an empty zip
        lambda data: rezip(data, {"xl/workbook.xml": b"<workbook"}),
    ],
    ids=["truncated", "not-zip", "empty-zip", "broken-workbook-part"],
)
def test_damaged_xlsx(damage) -> None:
    message = refused(damage(SAMPLE_PATH.read_bytes()), "hong.xlsx")
    assert message.startswith("Tệp hong.xlsx không phải tệp Excel .xlsx đọc được (")


def test_damaged_deflate_data() -> None:
    data = bytearray(SAMPLE_PATH.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("xl/worksheets/sheet7.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 200
    data[start : start + 64] = bytes(64)  # a scratched disk or a cut download
    with pytest.raises(FileError):
        read_bytes(bytes(data), "hong.xlsx")


# ----------------------------------------------------------------------------------- CSV


def _thon_csv(separator: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=separator, lineterminator="\r\n").writerows(hostile.thon_rows())
    return out.getvalue()


def _as_text(rows: list[list]) -> list[list[str]]:
    return [["" if v is None else str(v) for v in row] for row in rows]


@pytest.mark.parametrize(
    "encode",
    [
        lambda: _thon_csv().encode("utf-8"),
        lambda: _thon_csv().encode("utf-8-sig"),
        lambda: _thon_csv("\t").encode("utf-16"),  # Excel's "Unicode Text"
        lambda: _thon_csv().encode("utf-16-le"),  # without its byte order mark
        lambda: hostile.to_cp1258(_thon_csv()),  # Windows-1258, tone marks as combining characters
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-le-no-bom", "cp1258"],
)
def test_csv_encodings_read_the_same_text(encode) -> None:
    rows = read_bytes(encode(), "Thon.csv").tabs["Thon"]
    assert rows == _as_text(hostile.thon_rows())
    assert all(unicodedata.is_normalized("NFC", v) for row in rows for v in row)


@pytest.mark.parametrize(
    ("data", "start"),
    [
        (b"Th\x81n,1\r\n", "Tệp x.csv: không đọc được bảng mã"),  # a byte no code page here has
        (b"\x00\x01\x02\x03binary" * 100, "Tệp x.csv: không đọc được bảng mã"),
        (b'a,"' + b"b" * 200_000 + b"\r\n", "Tệp x.csv, dòng 1: có ô dài hơn 131.072 ký tự"),
    ],
    ids=["undefined-byte", "binary", "unclosed-quote"],
)
def test_csv_that_cannot_be_read(data: bytes, start: str) -> None:
    assert refused(data, "x.csv").startswith(start)


def test_csv_caps() -> None:
    rows = "\r\n".join(",".join(str(c) for c in range(5)) for _ in range(40_000)).encode()
    assert "Trang 'DanhSach' có hơn 20.000 dòng" in refused(
        rows, "DanhSach.csv", dataclasses.replace(LIMITS, rows=20_000)
    )
    assert "Trang 'DanhSach' có ô ở cột D, quá giới hạn 3 cột" in refused(
        rows, "DanhSach.csv", dataclasses.replace(LIMITS, columns=3)
    )
    assert "Đến trang 'DanhSach', bảng tính đã vượt 1.000 ô" in refused(
        rows, "DanhSach.csv", dataclasses.replace(LIMITS, cells=1_000)
    )


def test_several_csv_files_are_one_workbook(sample: Dataset) -> None:
    tabs = sample_tabs()
    data = [(f"{title}.csv", _csv_of(rows)) for title, rows in tabs.items()]
    raw = read_files(data)
    assert list(raw.tabs) == list(tabs)
    assert raw.tabs["Thon"] == _as_text(tabs["Thon"])
    assert validate(raw, load_campaign(), dt.date(2026, 5, 31)).village_names == sample.village_names
    with pytest.raises(FileError, match=re.escape("không chọn tệp .xlsx cùng với tệp khác")):
        read_files([("Thon.csv", b"a"), ("so-lieu.xlsx", SAMPLE_PATH.read_bytes())])
    with pytest.raises(FileError, match=re.escape("Hai tệp .csv cùng thành trang 'Thon'")):
        read_files([("Thon.csv", b"a"), ("thu-muc/Thon.csv", b"b")])


def _csv_of(rows: list[list]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(_as_text(rows))
    return out.getvalue().encode()


def test_one_csv_alone_says_which_tabs_are_missing() -> None:
    raw = read_bytes(_thon_csv().encode(), "Thon.csv")
    with pytest.raises(ShapeError) as caught:
        validate(raw, load_campaign(), dt.date(2026, 5, 31))
    message = caught.value.message("vi")
    assert "Không tìm thấy trang 'CaiDat' (các trang đang có: 'Thon')" in message


# ----------------------------------------------------------------------------------- CLI


@pytest.mark.slow
@pytest.mark.parametrize(
    ("make", "name", "words"),
    [
        (hostile.make_declared_dimension, "kich-thuoc.xlsx", "Trang 'Thon' có ô ở cột XFD"),
        (hostile.make_corrupt_xml, "hong.xlsx", "Trang 'CaiDat' của tệp hong.xlsx bị hỏng"),
        (hostile.make_utf16_csv, "CaiDat.csv", "Không tìm thấy trang 'Thon'"),
    ],
    ids=["declared-dimension", "corrupt-xml", "lone-csv"],
)
def test_cli_exits_2_with_one_line(tmp_path: Path, make, name: str, words: str) -> None:
    path = tmp_path / name
    make(path, 1.0)
    env = {**os.environ, "IHATINH_TODAY": "2026-05-31"}
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "lib", "summary", "--source", str(path), "--json"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert time.perf_counter() - start < 60
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert len(proc.stderr.splitlines()) == 1 and words in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


# ------------------------------------------------------------------------------ the app


@pytest.fixture
def app_today() -> dt.date:
    """The day `fresh_app` (tests/conftest.py) pins for this module's AppTests."""
    return dt.date(2026, 5, 31)


def _app(upload: tuple | None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["tests"] = "sample"
    if upload is not None:
        at.session_state["upload"] = upload
    return at


def _sample_banner(at: AppTest) -> bool:
    return any("DỮ LIỆU MẪU" in c.value for c in at.caption)


@pytest.mark.slow
def test_a_refused_upload_keeps_the_figures_shown(fresh_app: None, tmp_path: Path) -> None:
    at = _app(("Thon.xlsx", xlsx(tmp_path, hostile.make_declared_dimension)))
    at.run()
    assert not at.exception
    assert any("Trang 'Thon' có ô ở cột XFD" in e.value.replace("\\", "") for e in at.error)
    assert _sample_banner(at), "the main source (here the sample) is shown"
    assert "upload" not in at.session_state


@pytest.mark.slow
def test_a_refused_upload_keeps_the_sessions_earlier_upload(fresh_app: None, tmp_path: Path) -> None:
    tabs = sample_tabs()
    tabs["Thon"] = tabs["Thon"][:3]  # the title row, the header and one village
    at = _app(("mot-thon.xlsx", write_xlsx(tabs)))
    at.run()
    assert "toàn xã (1 thôn)" in at.subheader[0].value
    at.session_state["upload"] = ("hong.xlsx", xlsx(tmp_path, hostile.make_corrupt_xml))
    at.run()
    assert not at.exception
    assert any("bị hỏng" in e.value for e in at.error)
    assert "toàn xã (1 thôn)" in at.subheader[0].value
    assert at.session_state["upload"][0] == "mot-thon.xlsx"


def _held(at: AppTest):
    """The session's upload as the server holds it (lib/sources/held_uploads.py)."""
    return loading._held_uploads().get(at.session_state["_upload_handle"].key)


def test_uploads_are_held_within_a_total_and_dropped_with_their_session(fresh_app: None) -> None:
    import gc

    from lib.sources.held_uploads import HeldUploads

    held = HeldUploads(cap_bytes=100)
    assert held.put("a", "A", 60) == [] and held.put("b", "B", 30) == []
    assert held.get("a") == "A"  # a is now the most recently used
    assert held.put("c", "C", 40) == ["b"] and held.get("b") is None and held.total == 100
    assert held.was_dropped("b") and not held.was_dropped("b"), "the session is told once"
    assert held.put("d", "D", 500) == ["a", "c"] and held.get("d") == "D", "never the one just put"
    handle = loading._Handle(held)
    held.put(handle.key, "mine", 1)
    del handle
    gc.collect()
    assert handle_key_gone(held, "mine"), "a session's upload goes when the session ends"
    at = _app(("tai-len.xlsx", write_xlsx(sample_tabs())))
    at.run()
    size = loading._held_uploads().total
    assert size > len(at.session_state["upload"][1]), "bytes and validated tables are counted"


@pytest.mark.slow
def test_a_session_whose_upload_was_let_go_is_told_and_sees_the_main_source(
    fresh_app: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lib.sources.held_uploads import HeldUploads

    server = HeldUploads(cap_bytes=1)  # room for one upload only
    monkeypatch.setattr(loading, "_held_uploads", lambda: server)
    first = _app(("mot.xlsx", write_xlsx(sample_tabs())))
    first.run()
    assert not _sample_banner(first)
    second = _app(("hai.xlsx", write_xlsx(sample_tabs())))
    second.run()
    first.run()
    assert any("bỏ khỏi bộ nhớ máy chủ" in w.value for w in first.warning)
    assert _sample_banner(first) and "upload" not in first.session_state
    assert _held(second) is not None and not _sample_banner(second)


def handle_key_gone(held, value: str) -> bool:
    return all(v != value for v, _ in held._held.values())


@pytest.mark.slow
def test_several_csv_uploads_and_a_lone_one(fresh_app: None, sample: Dataset) -> None:
    data = tuple((f"{title}.csv", _csv_of(rows)) for title, rows in sample_tabs().items())
    at = _app((", ".join(n for n, _ in data), data))
    at.run()
    assert not at.exception
    assert not _sample_banner(at)
    assert _held(at).dataset.village_names == sample.village_names
    at = _app(("Thon.csv", _thon_csv().encode()))
    at.run()
    assert not at.exception
    banner = " ".join(e.value for e in at.error).replace("\\", "")
    assert "Không tìm thấy trang 'CaiDat'" in banner and "hãy chọn cùng lúc các tệp Thon.csv, CaiDat.csv" in banner
    assert banner.index("Mỗi tệp .csv chỉ là một trang") < banner.index("đổi cấu trúc"), "what to do first"
    assert "còn thiếu CaiDat.csv, CoQuan.csv, DoanVien.csv" in banner
    assert _sample_banner(at) and "upload" not in at.session_state  # refused: the sample stays


@pytest.mark.slow
def test_a_changed_shape_upload_is_refused_and_the_figures_shown_stay(fresh_app: None) -> None:
    tabs = sample_tabs()
    tabs["CaiDat"][0] = ["Tên xóm" if c == "Thôn" else c for c in tabs["CaiDat"][0]]
    at = _app(("doi-tieu-de.xlsx", write_xlsx(tabs)))
    at.run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error).replace("\\", "")
    assert "thiếu cột 'Thôn'" in errors and "Google Sheet" not in errors
    assert _sample_banner(at) and at.metric, "the sample's figures stay on screen"


@pytest.mark.slow
def test_an_upload_is_read_once_and_kept_in_its_session_only(fresh_app: None, monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[str] = []
    real = loading.read_bytes
    monkeypatch.setattr(loading, "read_bytes", lambda data, name, **kw: reads.append(name) or real(data, name, **kw))
    at = _app(("tai-len.xlsx", write_xlsx(sample_tabs())))
    for _ in range(3):
        at.run()
    assert not at.exception
    assert reads == ["tai-len.xlsx"]
    assert not any(key.startswith("file:") for key in loading._last_good()), "no server-wide copy"
    assert _held(at).dataset.village_names
    del at.session_state["upload"]  # as "Bỏ tệp tải lên" does
    at.run()
    assert _held(at) is None, "its figures go with it"
    assert "_upload_digest" not in at.session_state, "and its bytes"
    assert _sample_banner(at)


def test_a_phone_typed_as_a_tab_name_is_masked_in_the_message(tmp_path: Path) -> None:
    data = sheets(tmp_path, {"0912345678": lambda s: hostile.sheet_xml([["x"] * 5], s)})
    message = refused(data, "w.xlsx", dataclasses.replace(LIMITS, columns=3))
    assert "0912345678" not in message and "Trang '09******78' có ô ở cột D" in message


def test_source_errors_are_one_family() -> None:
    assert issubclass(FileError, SourceError)
    error = FileError("file.rows", tab="T[x](http://a)", cap=5)
    assert str(error) == error.message("vi")
    assert error.message("en", lambda s: f"<{s}>") == (
        "Tab '<T[x](http://a)>' has more than 5 rows (at most 5). Delete the surplus rows at the end of the tab "
        "or split the workbook."
    )


@pytest.mark.slow
def test_a_refused_upload_and_the_sources_own_errors_are_told_apart(fresh_app: None) -> None:
    """After a refused upload the data-source page says why at the top, and 'no error' below
    is about the source listed, not the upload (it read as a contradiction)."""
    at = _app(("Thon.csv", _thon_csv().encode()))
    at.switch_page("pages/nguon-du-lieu.py").run()
    assert not at.exception
    assert any("còn thiếu CaiDat.csv" in e.value for e in at.error)
    assert any(m.value == "**Lỗi gần nhất khi đọc nguồn này:**" for m in at.markdown)
