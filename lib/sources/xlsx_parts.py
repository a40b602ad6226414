"""An .xlsx's package before its sheets: the zip directory checked against the caps before any
part is opened, the workbook's tabs and date styles, and the shared strings streamed a few MB of
XML at a time (a plain <si> by a regular expression, anything else by openpyxl's own Text).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from operator import itemgetter
from typing import Any
from xml.etree import ElementTree

from lib.errors import FileError
from lib.sources.limits import Limits
from lib.sources.read_budget import Budget

_CHUNK = 1 << 20  # XML inflated and parsed per step (1 MiB: its matches stay in the CPU's caches; 4 MiB: +12 %)
ROW_BYTES = 16 << 20  # one row's XML; Excel's widest row (16.384 cells) takes well under 1 MB
_WHOLE_PART_BYTES = 16_000_000  # a part parsed whole: the package's and workbook's (a few KB in practice)
_WHOLE_PARTS = ("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml")
_ZIP_PARTS = 10_000  # parts of one .xlsx (a workbook of 200 tabs with drawings has a few hundred)
_RATIO_FROM = 1 << 20  # parts smaller than this may compress as well as they like


def open_zip(data: bytes, name: str, limits: Limits) -> zipfile.ZipFile:
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


class Book:
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


def xml_text(raw: bytes) -> str:
    """An element's text as an XML parser gives it: line ends as \\n, references resolved (any
    other '&' is left to the XML parser, which knows what the document declared)."""
    text = raw.decode("utf-8")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in text:
        amps = text.count("&")
        text, resolved = _REFERENCE.subn(_reference, text)
        if resolved != amps:
            raise NotPlain
    return text


# A part's root element's start tag (it declares the namespaces): groups prefix ('x:' or ''), name.
ROOT = re.compile(rb"<(?![?!])((?:[A-Za-z_][\w.-]*:)?)([A-Za-z_][\w.-]*)\b[^>]*>")
_UNIQUE_COUNT = re.compile(rb'\suniqueCount="([0-9]{1,12})"')


def xml_parts(archive: zipfile.ZipFile, part: str, budget: Budget, tab: str = "") -> Iterator[bytes]:
    """A part's XML a few MB at a time, the time cap checked between."""
    with archive.open(part) as stream:
        while block := stream.read(_CHUNK):
            budget.check_time(tab)
            yield block


# Shared strings: a plain <si><t>…</t></si> by the expression, any other <si> (rich text runs,
# phonetic guides) by openpyxl's own Text; anything else at all: the whole table as XML.
# An <si> runs to its </si> but never past the next <si>: one without an end costs one scan, not one per <si> after it.
_STRINGS = re.compile(
    rb'<si><t(?: xml:space="preserve")?>([^<]*)</t></si>|<si><t/></si>|(<si\b(?:[^<]++|<(?!/?si\b))*+</si>)|(\S)'
)


def shared_strings(archive: zipfile.ZipFile, part: str, name: str, budget: Budget) -> list[str]:
    """The workbook's table of distinct texts, at most `shared_strings` of them."""
    cap = budget.limits.shared_strings
    try:
        try:
            strings = _strings_streamed(archive, part, name, budget)
        except NotPlain:
            strings = _strings_as_xml(archive, part, name, budget)
    except (ValueError, IndexError, TypeError, OverflowError, ElementTree.ParseError) as exc:
        raise FileError("file.corrupt_strings", name=name, detail=type(exc).__name__) from None
    if len(strings) > cap:
        raise FileError("file.shared_strings", name=name, cap=cap)
    return strings


def _strings_streamed(archive: zipfile.ZipFile, part: str, name: str, budget: Budget) -> list[str]:
    from openpyxl.cell.text import Text

    cap = budget.limits.shared_strings
    blocks = xml_parts(archive, part, budget)
    buffer, root = opening(blocks, ROOT)
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
        elif len(buffer) > ROW_BYTES:
            raise ValueError("one shared string over 16 MB")
        block = next(blocks, b"")
        if not block:
            raise ValueError("the shared strings end too early")
        buffer += block


def opening(blocks: Iterator[bytes], pattern: re.Pattern) -> tuple[bytes, re.Match]:
    """Read until `pattern` is found (within 16 MB): the rest after it, and the match."""
    buffer = b""
    for block in blocks:
        buffer += block
        match = pattern.search(buffer)
        if match is not None:
            return buffer[match.end() :], match
        if len(buffer) > ROW_BYTES:
            break
    raise ValueError(f"{pattern.pattern[:20]!r} not found")


class NotPlain(Exception):
    """XML the expressions do not know: read that stretch (or table) as XML instead."""


def _strings(chunk: bytes, strings: list[str], wrap: tuple[bytes, bytes], text_of: Any) -> None:
    found = _STRINGS.findall(chunk)
    if _all_plain(found, strings, chunk):
        return
    append = strings.append
    for plain, other, unknown in found:
        if unknown:
            raise NotPlain
        if other:  # rich text or a phonetic guide: as openpyxl reads it
            node = ElementTree.fromstring(wrap[0] + other + wrap[1])[0]
            value = text_of.from_tree(node).content
        else:
            value = xml_text(plain) if plain else ""
        append(value.replace("x005F_", "") if "x005F_" in value else value)


def _all_plain(found: list[tuple[bytes, bytes, bytes]], strings: list[str], chunk: bytes) -> bool:
    """Texts that are all plain <si><t>, decoded and resolved as one (a list's two million names
    and numbers: one decode instead of one each). NUL, which XML text cannot hold, parts them;
    False (nothing added) where any item is not plain or a reference resolves to a NUL."""
    if not found or b"\0" in chunk or any(map(itemgetter(1), found)) or any(map(itemgetter(2), found)):
        return False
    try:  # anything odd: one by one, which meets it where it is, as before
        text = xml_text(b"\0".join(map(itemgetter(0), found)))
    except (NotPlain, ValueError, OverflowError):
        return False
    if "x005F_" in text:
        text = text.replace("x005F_", "")
    items = text.split("\0")
    if len(items) != len(found):
        return False
    strings += items
    return True


def _strings_as_xml(archive: zipfile.ZipFile, part: str, name: str, budget: Budget) -> list[str]:
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
