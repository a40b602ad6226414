"""Workbooks from disk or an upload: .xlsx, .csv files (each one tab), or a folder of .csv files.

CSV cells are read as text, never guessed: pandas would turn '1.234' into 1.234 and drop a
phone number's leading zero. The validator parses them with the Vietnamese rules.

Nothing a file says about itself is trusted (issue #13): every read counts what it actually
reads against the caps of `lib.sources.limits` and stops at the first one passed, raising
`lib.errors.FileError` (a SourceError) that names the tab, the cap and what to do. An .xlsx's
zip directory is checked before any part is opened; its shared strings and sheets are then
streamed a few MB of XML at a time, and only the cells that exist are kept: a sheet's declared
dimension (`A1:XFD1048576`), which openpyxl's read-only mode pads every row to, is never read.

How a sheet's XML becomes rows: one regular expression matches a whole cell in the forms Excel,
LibreOffice, Google Sheets and openpyxl write (`<c r="B7" s="2" t="s"><v>12</v></c>`); a
stretch of rows holding anything else (rich text, other attribute orders, namespace prefixes)
is parsed as XML and its cells converted by openpyxl's own `WorkSheetParser`. Values are the
ones openpyxl's read-only, data-only mode gave (shared strings, numbers as int or float, dates
from date-formatted numbers, booleans, cached formula results), each row padded with None to
the sheet's widest row; tests/test_hostile_files.py compares both readers cell by cell.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import gc
import io
import re
import struct
import time
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from openpyxl import Workbook
from openpyxl.styles import Font

from lib.dataset import RawWorkbook
from lib.errors import FileError, SourceError
from lib.sources.limits import LIMITS, Limits

__all__ = ["FileError", "SourceError", "read_bytes", "read_files", "read_path", "write_xlsx"]

_CHUNK = 1 << 22  # XML inflated and parsed per step (4 MiB)
_ROW_BYTES = 16 << 20  # one row's XML; Excel's widest row (16.384 cells) takes well under 1 MB
_WHOLE_PART_BYTES = 16_000_000  # a part parsed whole: the package's and workbook's (a few KB in practice)
_WHOLE_PARTS = ("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml")
_ZIP_PARTS = 10_000  # parts of one .xlsx (a workbook of 200 tabs with drawings has a few hundred)
_RATIO_FROM = 1 << 20  # parts smaller than this may compress as well as they like
_SHARED = 100_000  # distinct .csv values kept to share (about 10 MB)


def read_path(path: Path | str, source: str = "file", limits: Limits = LIMITS) -> RawWorkbook:
    """Read an .xlsx file, a .csv file or a folder of .csv files (one per tab)."""
    path = Path(path)
    if path.is_dir():
        found = sorted(path.glob("*.csv"))
        if not found:
            raise FileError("file.empty_folder", path=str(path))
        _check_size(sum(p.stat().st_size for p in found), path.name, limits)
        return _read_csvs([(p.name, p.read_bytes()) for p in found], source, path.name, limits)
    if not path.exists():
        raise FileError("file.not_found", path=str(path))
    _check_size(path.stat().st_size, path.name, limits)
    return read_bytes(path.read_bytes(), path.name, source, limits)


def read_bytes(data: bytes, name: str, source: str = "file", limits: Limits = LIMITS) -> RawWorkbook:
    """Read an uploaded workbook by its file name's ending."""
    suffix = Path(name).suffix.lower()
    _check_size(len(data), name, limits)
    if suffix == ".xlsx":
        with _collector_paused():
            return RawWorkbook(_read_xlsx(data, name, _Budget(name, limits)), source, Path(name).stem)
    if suffix == ".csv":
        return _read_csvs([(name, data)], source, Path(name).stem, limits)
    raise FileError("file.suffix", name=name)


def read_files(files: Sequence[tuple[str, bytes]], source: str = "file", limits: Limits = LIMITS) -> RawWorkbook:
    """Several uploaded files read as one workbook: one .xlsx alone, or .csv files, each one
    tab named after its file (Thon.csv -> tab 'Thon')."""
    if len(files) == 1:
        return read_bytes(files[0][1], files[0][0], source, limits)
    if not files or any(Path(n).suffix.lower() != ".csv" for n, _ in files):
        raise FileError("file.mixed")
    _check_size(sum(len(d) for _, d in files), ", ".join(n for n, _ in files), limits)
    return _read_csvs(list(files), source, ", ".join(Path(n).stem for n, _ in files), limits)


def _check_size(size: int, name: str, limits: Limits) -> None:
    if size > limits.upload_bytes:
        raise FileError("file.too_big", name=name, size=-(-size // (1 << 20)), cap=limits.upload_mb)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a read builds millions of lists: each of
    its passes walks every object made so far (this halves the time of a large read; lists
    of cell values hold no cycles). Back on afterwards, unless it was off before."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class _Budget:
    """What is left of one read's caps: cells over all its tabs, and time."""

    def __init__(self, name: str, limits: Limits):
        self.name, self.limits = name, limits
        self.cells = limits.cells
        self.deadline = time.monotonic() + limits.seconds

    def check_time(self, tab: str = "") -> None:
        if time.monotonic() > self.deadline:
            cap = int(self.limits.seconds)
            if tab:
                raise FileError("file.seconds_tab", name=self.name, tab=tab, cap=cap)
            raise FileError("file.seconds", name=self.name, cap=cap)

    def too_many_rows(self, tab: str) -> FileError:
        return FileError("file.rows", tab=tab, cap=self.limits.rows)

    def too_wide(self, tab: str, column: int) -> FileError:
        return FileError("file.columns", tab=tab, column=_letters(column), cap=self.limits.columns)

    def too_many_cells(self, tab: str) -> FileError:
        return FileError("file.cells", tab=tab, cap=self.limits.cells)


def _letters(column: int) -> str:
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# ------------------------------------------------------------------------------ CSV


def _read_csvs(files: list[tuple[str, bytes]], source: str, title: str, limits: Limits) -> RawWorkbook:
    budget = _Budget(title, limits)
    tabs: dict[str, list[list[Any]]] = {}
    with _collector_paused():
        for name, data in files:
            tab = Path(name).stem
            if tab in tabs:
                raise FileError("file.same_tab", tab=tab)
            tabs[tab] = _read_csv(data, name, tab, budget)
    return RawWorkbook(tabs, source, title)


def _read_csv(data: bytes, name: str, tab: str, budget: _Budget) -> list[list[Any]]:
    """One .csv as rows of text: UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode Text")
    or else Windows-1258, the Vietnamese ANSI code page (its letters composed again, NFC)."""
    encoding = _csv_encoding(data, name)
    for candidate in [encoding] if encoding else ["utf-8-sig", "cp1258"]:
        try:
            return _csv_rows(data, candidate, name, tab, budget)
        except UnicodeDecodeError:
            continue
    raise FileError("file.encoding", name=name)


def _csv_encoding(data: bytes, name: str) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = data[:4096]
    if b"\0" not in head:
        return None
    odd, even = head[1::2].count(0), head[0::2].count(0)  # UTF-16 without BOM: every other byte 0 in ASCII
    if odd > len(head) // 4 and even < odd // 8:
        return "utf-16-le"
    if even > len(head) // 4 and odd < even // 8:
        return "utf-16-be"
    raise FileError("file.encoding", name=name)  # NUL bytes: not text at all


def _csv_rows(data: bytes, encoding: str, name: str, tab: str, budget: _Budget) -> list[list[Any]]:
    sample = data[:8192].decode(encoding, errors="ignore")
    try:
        dialect = csv.Sniffer().sniff(sample[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    lines: Iterator[str] = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
    if encoding == "cp1258":  # tone marks are separate characters there: 'ẩ' is 'â' + U+0309
        lines = (unicodedata.normalize("NFC", line) for line in lines)
    limits = budget.limits
    rows: list[list[Any]] = []
    append = rows.append
    # One str object per distinct value, not per cell (a village's name on a million rows): the
    # first _SHARED distinct values are remembered, later cells only looked up. C-level map.
    seen: dict[str, str] = {}
    share = seen.setdefault
    try:
        for row in csv.reader(lines, dialect):
            row = list(map(share, row, row))
            append(row)
            budget.cells -= len(row)
            if len(row) > limits.columns:
                raise budget.too_wide(tab, limits.columns + 1)
            if budget.cells < 0:
                raise budget.too_many_cells(tab)
            if len(rows) & 0x3FFF == 0:
                if len(rows) > limits.rows:
                    raise budget.too_many_rows(tab)
                budget.check_time(tab)
                if len(seen) > _SHARED:
                    share = seen.get
    except csv.Error as exc:
        if "field larger" in str(exc):
            raise FileError("file.csv_field", name=name, row=len(rows) + 1, cap=csv.field_size_limit()) from None
        raise FileError("file.csv_broken", name=name, row=len(rows) + 1, detail=str(exc)) from None
    if len(rows) > limits.rows:
        raise budget.too_many_rows(tab)
    return rows


# ------------------------------------------------------------------------------ .xlsx


def _read_xlsx(data: bytes, name: str, budget: _Budget) -> dict[str, list[list[Any]]]:
    archive = _open_zip(data, name, budget.limits)
    try:
        book = _Book(data, archive, name)
        strings = _shared_strings(archive, book.strings_part, name, budget) if book.strings_part else []
        tabs: dict[str, list[list[Any]]] = {}
        for title, part in book.sheets:
            tabs[title] = _Sheet(archive, part, title, strings, book, budget).read()
        return tabs
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:  # a part's data broken in the zip
        raise FileError("file.not_xlsx", name=name, detail=type(exc).__name__) from None
    finally:
        archive.close()


def _open_zip(data: bytes, name: str, limits: Limits) -> zipfile.ZipFile:
    """The zip, once its directory says it is a workbook's size: how many parts (read from the
    end record before zipfile walks the directory), their total and each one's ratio."""
    parts = _zip_parts(data)
    if parts is None:
        raise FileError("file.not_xlsx", name=name, detail="BadZipFile")
    if parts > _ZIP_PARTS:
        raise FileError("file.zip_parts", name=name, parts=parts, cap=_ZIP_PARTS)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, struct.error) as exc:
        raise FileError("file.not_xlsx", name=name, detail=type(exc).__name__) from None
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > _RATIO_FROM and info.file_size > limits.zip_ratio * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise FileError("file.zip_ratio", name=name, part=info.filename, ratio=ratio, cap=limits.zip_ratio)
    if total > limits.unzipped_bytes:
        raise FileError("file.unzipped", name=name, size=total // 1_000_000, cap=limits.unzipped_mb)
    for part in _WHOLE_PARTS:
        info = archive.NameToInfo.get(part)
        if info is not None and info.file_size > _WHOLE_PART_BYTES:
            raise FileError("file.part_size", name=name, part=part, size=-(-info.file_size // 1_000_000),
                            cap=_WHOLE_PART_BYTES // 1_000_000)  # fmt: skip
    return archive


def _zip_parts(data: bytes) -> int | None:
    """The number of parts the zip's end record announces (zip64's when it says 0xFFFF), and at
    least one per 46 bytes of its directory (the smallest entry), or None if it is no zip."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return None
    count, size = struct.unpack_from("<HI", data, end + 10)
    if count == 0xFFFF or size == 0xFFFFFFFF:
        locator = end - 20
        if locator >= 0 and data[locator : locator + 4] == b"PK\x06\x07":
            (record,) = struct.unpack_from("<Q", data, locator + 8)
            if data[record : record + 4] == b"PK\x06\x06" and record + 56 <= len(data):
                count, size = struct.unpack_from("<QQ", data, record + 32)
    return max(count, size // 46)


class _Book:
    """The workbook part, its tabs and their XML parts, found as openpyxl finds them (its
    manifest and workbook readers, on parts already known to be small); the dates' styles."""

    def __init__(self, data: bytes, archive: zipfile.ZipFile, name: str):
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.xml.constants import SHARED_STRINGS

        try:
            reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
            reader.read_manifest()
            reader.read_workbook()
            self.sheets = [
                (sheet.name, rel.target)
                for sheet, rel in reader.parser.find_sheets()
                if rel.target in reader.valid_files and "chartsheet" not in rel.Type
            ]
            found = reader.package.find(SHARED_STRINGS)
            self.strings_part = found.PartName[1:] if found is not None else None
            self.epoch = reader.wb.epoch
            self.date_styles, self.timedelta_styles = _date_styles(archive)
        except FileError:
            raise
        except Exception as exc:  # openpyxl raises many types for a broken file
            raise FileError("file.not_xlsx", name=name, detail=type(exc).__name__) from None


def _date_styles(archive: zipfile.ZipFile) -> tuple[set[int], set[int]]:
    """Which cell styles (indexes of cellXfs) show a number as a date, and which of those as a
    duration: openpyxl's rule (Stylesheet._normalise_numbers), without building its styles."""
    from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format

    if "xl/styles.xml" not in archive.NameToInfo:
        return set(), set()
    custom: dict[int, str] = {}
    formats: list[int] = []
    inside = False
    with archive.open("xl/styles.xml") as source:
        for event, element in ElementTree.iterparse(source, events=("start", "end")):
            tag = element.tag.rpartition("}")[2]
            if tag == "cellXfs":
                inside = event == "start"
            elif event == "end" and tag == "numFmt":
                custom[int(element.get("numFmtId"))] = element.get("formatCode")
            elif event == "end" and tag == "xf" and inside:
                formats.append(int(element.get("numFmtId", 0)))
    dates, durations = set(), set()
    for index, number_format in enumerate(formats):
        code = custom[number_format] if number_format in custom else builtin_format_code(number_format)
        if is_date_format(code):
            dates.add(index)
        if is_timedelta_format(code):
            durations.add(index)
    return dates, durations


_REFERENCE = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _reference(match: re.Match) -> str:
    ref = match.group(1)
    if ref[0] == "#":
        return chr(int(ref[2:], 16) if ref[1] in "xX" else int(ref[1:]))
    return _NAMED[ref]


def _text(raw: bytes) -> str:
    """An element's text as an XML parser gives it: line ends as \\n, references resolved (any
    other '&' is left to the XML parser, which knows what the document declared)."""
    text = raw.decode("utf-8")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in text:
        amps = text.count("&")
        text, resolved = _REFERENCE.subn(_reference, text)
        if resolved != amps:
            raise _NotPlain
    return text


# A part's root element's start tag (it declares the namespaces): groups prefix ('x:' or ''), name.
_ROOT = re.compile(rb"<(?![?!])((?:[A-Za-z_][\w.-]*:)?)([A-Za-z_][\w.-]*)\b[^>]*>")
_UNIQUE_COUNT = re.compile(rb'\suniqueCount="([0-9]{1,12})"')


def _xml_parts(archive: zipfile.ZipFile, part: str, budget: _Budget, tab: str = "") -> Iterator[bytes]:
    """A part's XML a few MB at a time, the time cap checked between."""
    with archive.open(part) as stream:
        while block := stream.read(_CHUNK):
            budget.check_time(tab)
            yield block


# Shared strings: a plain <si><t>…</t></si> by the expression, any other <si> (rich text runs,
# phonetic guides) by openpyxl's own Text; anything else at all: the whole table as XML.
_STRINGS = re.compile(rb'<si><t(?: xml:space="preserve")?>([^<]*)</t></si>|<si><t/></si>|(<si\b.*?</si>)|(\S)', re.S)


def _shared_strings(archive: zipfile.ZipFile, part: str, name: str, budget: _Budget) -> list[str]:
    """The workbook's table of distinct texts, at most `shared_strings` of them."""
    cap = budget.limits.shared_strings
    try:
        try:
            strings = _strings_streamed(archive, part, name, budget)
        except _NotPlain:
            strings = _strings_as_xml(archive, part, name, budget)
    except (ValueError, IndexError, TypeError, ElementTree.ParseError) as exc:
        raise FileError("file.corrupt_strings", name=name, detail=type(exc).__name__) from None
    if len(strings) > cap:
        raise FileError("file.shared_strings", name=name, cap=cap)
    return strings


def _strings_streamed(archive: zipfile.ZipFile, part: str, name: str, budget: _Budget) -> list[str]:
    from openpyxl.cell.text import Text

    cap = budget.limits.shared_strings
    blocks = _xml_parts(archive, part, budget)
    buffer, root = _opening(blocks, _ROOT)
    declared = _UNIQUE_COUNT.search(root.group(0))
    if declared and int(declared.group(1)) > cap:  # what the table says of itself: a quick no
        raise FileError("file.shared_strings", name=name, cap=cap)
    wrap = (root.group(0), b"</" + root.group(1) + root.group(2) + b">")
    item, end = b"<" + root.group(1) + b"si", wrap[1]
    strings: list[str] = []
    while True:
        close = buffer.find(end)
        if close >= 0:
            _strings(buffer[:close], strings, wrap, Text)
            return strings
        cut = buffer.rfind(item)
        if cut > 0:
            _strings(buffer[:cut], strings, wrap, Text)
            buffer = buffer[cut:]
            if len(strings) > cap:
                raise FileError("file.shared_strings", name=name, cap=cap)
        elif len(buffer) > _ROW_BYTES:
            raise ValueError("one shared string over 16 MB")
        block = next(blocks, b"")
        if not block:
            raise ValueError("the shared strings end too early")
        buffer += block


def _opening(blocks: Iterator[bytes], pattern: re.Pattern) -> tuple[bytes, re.Match]:
    """Read until `pattern` is found (within 16 MB): the rest after it, and the match."""
    buffer = b""
    for block in blocks:
        buffer += block
        match = pattern.search(buffer)
        if match is not None:
            return buffer[match.end() :], match
        if len(buffer) > _ROW_BYTES:
            break
    raise ValueError(f"{pattern.pattern[:20]!r} not found")


class _NotPlain(Exception):
    """XML the expressions do not know: read that stretch (or table) as XML instead."""


def _strings(chunk: bytes, strings: list[str], wrap: tuple[bytes, bytes], text_of: Any) -> None:
    append = strings.append
    for plain, other, unknown in _STRINGS.findall(chunk):
        if unknown:
            raise _NotPlain
        if other:  # rich text or a phonetic guide: as openpyxl reads it
            node = ElementTree.fromstring(wrap[0] + other + wrap[1])[0]
            value = text_of.from_tree(node).content
        else:
            value = _text(plain) if plain else ""
        append(value.replace("x005F_", "") if "x005F_" in value else value)


def _strings_as_xml(archive: zipfile.ZipFile, part: str, name: str, budget: _Budget) -> list[str]:
    """The table through an XML parser, as openpyxl's read_string_table reads it, capped."""
    from openpyxl.cell.text import Text

    cap = budget.limits.shared_strings
    strings: list[str] = []
    with archive.open(part) as source:
        events = ElementTree.iterparse(source, events=("start", "end"))
        _, root = next(events)
        for event, node in events:
            if event == "end" and node.tag.rpartition("}")[2] == "si":
                strings.append(Text.from_tree(node).content.replace("x005F_", ""))
                root.clear()
                if len(strings) > cap:
                    raise FileError("file.shared_strings", name=name, cap=cap)
                if len(strings) & 0xFFFF == 0:
                    budget.check_time()
    return strings


# A worksheet's cells. Groups: column letters, row number, style, type, <v> text, the inline
# string's <t> element; the last one holds any character no alternative knows.
_CELLS = re.compile(
    rb'<c r="([A-Z]{1,3})([0-9]{1,7})"(?: s="([0-9]{1,9})")?(?: t="([a-zA-Z]{1,9})")?'
    rb"(?:/>|>(?:<f\b[^>]*?(?:/>|>[^<]*</f>))?"
    rb'(?:<v>([^<]*)</v>|<is>(<t(?: xml:space="preserve")?>[^<]*</t>|<t/>)</is>)?</c>)'
    rb"|<row\b[^>]*>|</row>|(\S)",
    re.S,
)
_SHEET_DATA = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?)sheetData\s*(/?)>")
_DATE_CACHE = 65_536  # distinct dates remembered per style and sheet (a list's days repeat)


class _Sheet:
    """One worksheet streamed into rows, every cell checked against the caps as it comes."""

    def __init__(self, archive: zipfile.ZipFile, part: str, tab: str, strings: list[str], book: _Book,
                 budget: _Budget):  # fmt: skip
        from openpyxl.worksheet._reader import WorkSheetParser

        self.archive, self.part, self.tab, self.book, self.budget = archive, part, tab, book, budget
        self.strings, self.limits = strings, budget.limits
        self.rows: list[list[Any]] = []
        self.row_no = 0  # the last row kept
        self.width = 0  # the widest row kept
        self.columns = {_letters(i).encode(): i for i in range(1, self.limits.columns + 1)}
        # Per date style (as written in s="…"; no s is style 0): the dates met so far, by serial.
        self.dates: dict[bytes, dict[bytes, Any]] = {str(i).encode(): {} for i in book.date_styles}
        if 0 in book.date_styles:
            self.dates[b""] = self.dates[b"0"]
        self.parser = WorkSheetParser(
            None, strings, data_only=True, epoch=book.epoch, date_formats=book.date_styles,
            timedelta_formats=book.timedelta_styles,
        )  # fmt: skip
        self.wrap = (b"", b"")  # what makes whole rows an XML document again: the root's tags and <sheetData>

    def read(self) -> list[list[Any]]:
        try:
            return self._read()
        except (ValueError, IndexError, TypeError, OverflowError, ElementTree.ParseError) as exc:
            raise FileError("file.corrupt_sheet", tab=self.tab, name=self.budget.name, row=max(self.row_no, 1),
                            detail=type(exc).__name__) from None  # fmt: skip

    def _read(self) -> list[list[Any]]:
        """A few MB of XML at a time, cut before the last <row> begun: whole rows each time."""
        blocks = _xml_parts(self.archive, self.part, self.budget, self.tab)
        buffer, found = _opening(blocks, _SHEET_DATA)
        if found.group(2):  # <sheetData/>
            return []
        root = _ROOT.search(found.string, 0, found.start())
        if root is None:
            raise ValueError("no root element before <sheetData>")
        prefix = found.group(1)
        end, row = b"</" + prefix + b"sheetData>", b"<" + prefix + b"row"
        self.wrap = (root.group(0) + b"<" + prefix + b"sheetData>", end + b"</" + root.group(1) + root.group(2) + b">")
        while True:
            close = buffer.find(end)
            if close >= 0:
                self._chunk(buffer[:close])
                return self._padded()
            cut = buffer.rfind(row)
            if cut > 0:
                self._chunk(buffer[:cut])
                buffer = buffer[cut:]
            elif len(buffer) > _ROW_BYTES:
                raise FileError("file.row_bytes", tab=self.tab, row=self.row_no + 1, cap=_ROW_BYTES >> 20)
            block = next(blocks, b"")
            if not block:
                raise ValueError("the sheet ends before </sheetData>")
            buffer += block

    def _chunk(self, chunk: bytes) -> None:
        """Whole rows of XML: by the expression, or all as XML if it meets anything else."""
        kept = len(self.rows), self.row_no
        try:
            self._cells(_CELLS.findall(chunk))
        except _NotPlain:
            reached = self.row_no  # the expression read well up to this row
            del self.rows[kept[0] :]
            self.row_no = kept[1]
            try:
                self._cells_as_xml(chunk)
            except ElementTree.ParseError:
                self.row_no = reached  # for the message: where the damage is
                raise
        new = self.rows[kept[0] :]
        if new:
            self.width = max(self.width, max(map(len, new)))
        if self.row_no * self.width > self.budget.cells:
            raise self.budget.too_many_cells(self.tab)

    def _cells(self, found: list[tuple[bytes, ...]]) -> None:
        """The hot loop: a few operations per cell (about 0,3 µs of a 1 µs budget)."""
        rows, strings, columns, dates, date = self.rows, self.strings, self.columns, self.dates, self._date
        row_no, max_rows = self.row_no, self.limits.rows
        current: list[Any] = []
        append = current.append
        last = None
        for column, number, style, kind, value, inline, unknown in found:
            if number != last:
                if not column:  # <row>, </row>, or something the expression does not know
                    if unknown:
                        raise _NotPlain
                    continue
                last = number
                r = int(number)
                current = []
                append = current.append
                if r > row_no:
                    if r > max_rows:
                        raise self.budget.too_many_rows(self.tab)
                    if r > row_no + 1:
                        rows.extend([] for _ in range(r - row_no - 1))
                    rows.append(current)
                    row_no = self.row_no = r
                # else: a row again, or out of order: left out (a list kept nowhere), as openpyxl did
            if kind == b"s":
                cell = strings[int(value)] if value else None
            elif not kind or kind == b"n":
                if not value:
                    cell = None
                elif style in dates:
                    cell = dates[style].get(value)
                    if cell is None:
                        cell = date(value, style)
                elif value.isdigit():
                    cell = int(value)
                else:
                    cell = _number(value)
            else:
                cell = self._other(kind, value, inline)
            c = columns.get(column)
            if c == len(current) + 1:
                append(cell)
            elif c is None:
                raise self.budget.too_wide(self.tab, _column_number(column))
            elif c > len(current):
                current.extend([None] * (c - 1 - len(current)))
                append(cell)
            else:
                current[c - 1] = cell

    def _date(self, value: bytes, style: bytes) -> Any:
        """A date-formatted number as openpyxl converts it, remembered for the next cells."""
        from openpyxl.utils.datetime import from_excel

        duration = int(style or b"0") in self.book.timedelta_styles
        try:
            cell = from_excel(_number(value), self.book.epoch, timedelta=duration)
        except (OverflowError, ValueError):  # openpyxl: "marked as a date but ... outside the limits"
            cell = "#VALUE!"
        cache = self.dates[style]
        if len(cache) < _DATE_CACHE:
            cache[value] = cell
        return cell

    @staticmethod
    def _other(kind: bytes, value: bytes, inline: bytes) -> Any:
        if kind == b"inlineStr":
            if not inline or inline.endswith(b"/>"):
                return "" if inline else None
            return _text(inline[inline.index(b">") + 1 : -4])
        if kind == b"str" or kind == b"e":
            return _text(value) or None
        if kind == b"b":
            return bool(int(value)) if value else None
        if kind == b"d" and value:
            from openpyxl.utils.datetime import from_ISO8601

            return from_ISO8601(_text(value))
        raise _NotPlain  # a type openpyxl keeps as it finds it: let it

    def _cells_as_xml(self, chunk: bytes) -> None:
        """Rows the expression does not know, parsed as XML, their cells converted by openpyxl."""
        root = ElementTree.fromstring(self.wrap[0] + chunk + self.wrap[1])
        parser, max_rows, max_columns = self.parser, self.limits.rows, self.limits.columns
        parser.row_counter = self.row_no
        for element in root[0]:
            r, cells = parser.parse_row(element)
            if r <= self.row_no:
                continue  # as openpyxl's read-only mode: a row again, or out of order
            if r > max_rows:
                raise self.budget.too_many_rows(self.tab)
            for _ in range(r - self.row_no - 1):
                self.rows.append([])
            current: list[Any] = []
            self.rows.append(current)
            self.row_no = r
            for cell in cells:
                c = cell["column"]
                if c > max_columns:
                    raise self.budget.too_wide(self.tab, c)
                if c > len(current):
                    current.extend([None] * (c - len(current)))
                current[c - 1] = cell["value"]
        self.budget.check_time(self.tab)

    def _padded(self) -> list[list[Any]]:
        """Every row as wide as the widest, as openpyxl's read-only mode gave them."""
        width = self.width
        for row in self.rows:
            if len(row) < width:
                row.extend([None] * (width - len(row)))
        self.budget.cells -= self.row_no * width
        return self.rows


def _number(value: bytes) -> int | float:
    """A number as openpyxl reads one: a float if it has a point or an exponent, else an int."""
    return float(value) if b"." in value or b"E" in value or b"e" in value else int(value)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def write_xlsx(tabs: dict[str, list[list[Any]]]) -> bytes:
    """Tabs (header row first) to .xlsx bytes; dates get a dd/mm/yyyy format, headers bold."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in tabs.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column in sheet.iter_cols(min_row=2):
            for cell in column:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "dd/mm/yyyy"
        for column in sheet.columns:
            width = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(max(10, width + 2), 50)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
