"""Cells as village teams type them: Vietnamese numbers, day-first dates, Có/Không, phones.

Each table is one parser against real-world inputs (text from CSV or the Sheets API, typed
values from Excel). The parsers must never raise: a bad cell becomes a `ParseError` code the
validator turns into a message.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.parsing import (
    MAX_COUNT,
    SHEET_EPOCH,
    ParseError,
    clean_text,
    header_key,
    is_blank,
    loose_name_key,
    name_key,
    parse_count,
    parse_date,
    parse_phone,
    parse_yes_no,
)
from lib.privacy import mask_phone

MAY_13 = dt.date(2026, 5, 13)


def nfd(text: str) -> str:
    """Text as macOS and some phone keyboards send it: letters and marks decomposed."""
    return unicodedata.normalize("NFD", text)


# ------------------------------------------------------------------------------ counts

COUNT_CASES: list[tuple[Any, int | ParseError]] = [
    # Vietnamese thousands separators: a dot or a space groups thousands.
    ("1.234", 1234),
    ("1.234.567", 1_234_567),
    ("1 234", 1234),
    ("1\u00a0234", 1234),  # no-break space, as Excel exports it
    ("1 234 567", 1_234_567),
    ("25", 25),
    (" 25 ", 25),
    ("0", 0),
    ("+5", 5),
    # Typed cells from Excel / UNFORMATTED_VALUE.
    (1234, 1234),
    (0, 0),
    (12.0, 12),
    (1234.0, 1234),
    # Not whole numbers: a comma is the Vietnamese decimal mark; a dot not grouping 3 digits.
    ("1,5", ParseError.NOT_INTEGER),
    ("1.5", ParseError.NOT_INTEGER),
    ("1.23", ParseError.NOT_INTEGER),
    ("1.2345", ParseError.NOT_INTEGER),
    (12.5, ParseError.NOT_INTEGER),
    (0.5, ParseError.NOT_INTEGER),
    # Negative.
    ("-3", ParseError.NEGATIVE),
    (-3, ParseError.NEGATIVE),
    (-3.0, ParseError.NEGATIVE),
    ("-1.234", ParseError.NEGATIVE),
    # Words, spreadsheet errors and formulas are not numbers.
    ("mười", ParseError.NOT_A_NUMBER),
    ("#REF!", ParseError.NOT_A_NUMBER),
    ("#N/A", ParseError.NOT_A_NUMBER),
    ("=SUM(A1)", ParseError.NOT_A_NUMBER),
    ("abc", ParseError.NOT_A_NUMBER),
    ("12 người", ParseError.NOT_A_NUMBER),
    (True, ParseError.NOT_A_NUMBER),  # a checkbox is not a head count
    (float("inf"), ParseError.NOT_A_NUMBER),
    # Empty.
    ("", ParseError.EMPTY),
    ("   ", ParseError.EMPTY),
    (None, ParseError.EMPTY),
    (float("nan"), ParseError.EMPTY),
]


@pytest.mark.parametrize(("cell", "expected"), COUNT_CASES, ids=[repr(c) for c, _ in COUNT_CASES])
def test_parse_count(cell: Any, expected: int | ParseError) -> None:
    """'1.234' is one thousand two hundred thirty-four, never 1.234; errors are codes."""
    result = parse_count(cell)
    assert result == expected
    assert type(result) is type(expected)  # 12.0 -> int 12, not float


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=MAX_COUNT))
def test_parse_count_reads_every_vietnamese_spelling_of_a_count(n: int) -> None:
    """However a clerk groups the thousands, the count is the same."""
    dotted = f"{n:,}".replace(",", ".")
    spaced = f"{n:,}".replace(",", " ")
    assert parse_count(dotted) == parse_count(spaced) == parse_count(str(n)) == parse_count(n) == n
    assert parse_count(float(n)) == n  # exact: every n here is below 2**53


@pytest.mark.parametrize("cell", [MAX_COUNT + 1, "10.000.001", 1e19, "9" * 40, 2**63])
def test_parse_count_rejects_counts_no_commune_has(cell: Any) -> None:
    """A phone number in a count column, or extra digits: rejected, never summed into overflow."""
    assert parse_count(cell) is ParseError.TOO_LARGE


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.text(), st.integers(), st.floats(), st.none(), st.booleans()))
def test_parse_count_never_raises(cell: Any) -> None:
    """Any cell gives a non-negative int or a ParseError; the validator relies on that."""
    result = parse_count(cell)
    assert isinstance(result, ParseError) or (type(result) is int and result >= 0)


# ------------------------------------------------------------------------------- dates

DATE_CASES: list[tuple[Any, dt.date | ParseError]] = [
    ("13/5/2026", MAY_13),
    ("13/05/2026", MAY_13),
    ("2026-05-13", MAY_13),
    ("2026-5-13", MAY_13),
    ("13.05.2026", MAY_13),
    ("13-05-2026", MAY_13),
    (" 13/05/2026 ", MAY_13),
    ("2026-05-13 00:00:00", MAY_13),  # a datetime rendered as text
    (dt.datetime(2026, 5, 13, 8, 30), MAY_13),
    (dt.date(2026, 5, 13), MAY_13),
    (46155, MAY_13),  # spreadsheet serial, days since 30/12/1899
    (46155.0, MAY_13),
    (46155.75, MAY_13),  # serial with a time of day
    ("46155", MAY_13),
    ("1/1/2026", dt.date(2026, 1, 1)),
    ("24/5/2026", dt.date(2026, 5, 24)),
    ("29/2/2028", dt.date(2028, 2, 29)),
    # Impossible or unreadable dates.
    ("32/5/2026", ParseError.BAD_DATE),
    ("29/2/2026", ParseError.BAD_DATE),
    ("13/13/2026", ParseError.BAD_DATE),
    ("0/5/2026", ParseError.BAD_DATE),
    ("abc", ParseError.BAD_DATE),
    ("13/5", ParseError.BAD_DATE),
    ("hôm qua", ParseError.BAD_DATE),
    (True, ParseError.BAD_DATE),
    (0, ParseError.BAD_DATE),
    (-5, ParseError.BAD_DATE),
    (10**7, ParseError.BAD_DATE),
    # Empty.
    ("", ParseError.EMPTY),
    (None, ParseError.EMPTY),
]


@pytest.mark.parametrize(("cell", "expected"), DATE_CASES, ids=[repr(c) for c, _ in DATE_CASES])
def test_parse_date(cell: Any, expected: dt.date | ParseError) -> None:
    """Day first as typed in Vietnam, ISO, real dates and serials all read the same day."""
    result = parse_date(cell)
    assert result == expected
    if isinstance(expected, dt.date):
        assert type(result) is dt.date  # a datetime would never equal a date in pandas filters


def test_sheet_epoch_is_the_spreadsheet_one() -> None:
    """Google Sheets and Excel count serial days from 30/12/1899."""
    assert dt.date(1899, 12, 30) == SHEET_EPOCH
    assert parse_date((MAY_13 - SHEET_EPOCH).days) == MAY_13


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2150, 12, 31)))
def test_parse_date_round_trips_every_way_a_date_is_typed(day: dt.date) -> None:
    """dd/mm/yyyy, d/m/yyyy, ISO, dotted and the serial all name the same day."""
    spellings = [
        day.strftime("%d/%m/%Y"),
        f"{day.day}/{day.month}/{day.year}",
        day.isoformat(),
        day.strftime("%d.%m.%Y"),
        (day - SHEET_EPOCH).days,
        str((day - SHEET_EPOCH).days),
    ]
    assert [parse_date(s) for s in spellings] == [day] * len(spellings)


# What a clerk's keyboard produces: digits, separators, Vietnamese letters, spreadsheet noise.
TYPED_TEXT = st.text(alphabet="0123456789/.-: ,aáàảãạăâbcdđeêghiklmnoôơpqrstuưvxyAĐHT#=!()", max_size=14)


@settings(max_examples=150, deadline=None)
@given(st.one_of(TYPED_TEXT, st.integers(), st.floats(), st.none(), st.booleans()))
def test_parse_date_never_raises(cell: Any) -> None:
    """Any cell gives a date or a ParseError."""
    assert isinstance(parse_date(cell), dt.date | ParseError)


@pytest.mark.parametrize("cell", ["²", "①", "12³"])
def test_parse_date_rejects_digit_like_symbols_instead_of_raising(cell: str) -> None:
    """Superscript and circled digits pasted from a document are a bad date, not a crash."""
    assert parse_date(cell) is ParseError.BAD_DATE


# ------------------------------------------------------------------------------ yes/no

YES_NO_CASES: list[tuple[Any, bool | ParseError]] = [
    ("Có", True),
    ("có", True),
    ("CÓ", True),
    (nfd("Có"), True),
    ("co", True),
    ("x", True),
    ("X", True),
    ("yes", True),
    ("Yes", True),
    ("1", True),
    (1, True),
    ("TRUE", True),
    ("true", True),
    (True, True),
    ("Không", False),
    ("không", False),
    ("KHÔNG", False),
    (nfd("Không"), False),
    ("khong", False),
    ("no", False),
    ("0", False),
    (0, False),
    ("FALSE", False),
    (False, False),
    ("", False),
    ("  ", False),
    (None, False),
    ("✓", True),
    ("✔", True),
    ("đúng", True),
    ("Sai", False),
    # docs/workbook.md "Ô có/không": a dash is not an answer; the row is rejected.
    ("-", ParseError.BAD_YES_NO),
    ("–", ParseError.BAD_YES_NO),
    ("—", ParseError.BAD_YES_NO),
    ("?", ParseError.BAD_YES_NO),
    ("biết chút ít", ParseError.BAD_YES_NO),
    ("có thể", ParseError.BAD_YES_NO),
    ("maybe", ParseError.BAD_YES_NO),
    ("2", ParseError.BAD_YES_NO),
]


@pytest.mark.parametrize(("cell", "expected"), YES_NO_CASES, ids=[repr(c) for c, _ in YES_NO_CASES])
def test_parse_yes_no(cell: Any, expected: bool | ParseError) -> None:
    """'Có'/'x' mean yes, 'Không'/blank mean no; anything else must be asked about."""
    assert parse_yes_no(cell) is expected


# ------------------------------------------------------------------------------ phones

PHONE_CASES: list[tuple[Any, str]] = [
    ("0912345678", "0912345678"),
    (" 0912345678 ", "0912345678"),
    (912345678, "0912345678"),  # a number cell dropped the leading zero
    (912345678.0, "0912345678"),
    ("0987654321", "0987654321"),
    ("+84 912 345 678", "+84 912 345 678"),
    (84912345678, "84912345678"),  # 11 digits: not a local number missing its zero
    ("", ""),
    (None, ""),
]


@pytest.mark.parametrize(("cell", "expected"), PHONE_CASES, ids=[repr(c) for c, _ in PHONE_CASES])
def test_parse_phone(cell: Any, expected: str) -> None:
    """Phones stay text, and keep (or get back) their leading zero."""
    assert parse_phone(cell) == expected


MASK_CASES: list[tuple[str, str]] = [
    ("0912345678", "09******78"),
    ("0912 345 678", "09******78"),
    ("091.234.5678", "09******78"),
    ("+84912345678", "84*******78"),
    ("12345", "12*45"),
    ("1234", "****"),
    ("", ""),
    ("09******78", "09******78"),  # already masked: unchanged (a screen table masked again for download)
    ("****", "****"),
]


@pytest.mark.parametrize(("phone", "expected"), MASK_CASES)
def test_mask_phone(phone: str, expected: str) -> None:
    """Enough digits to recognise a helper's number, not enough to call it."""
    assert mask_phone(phone) == expected


# ----------------------------------------------------------------------- blank / text

BLANK_CASES: list[tuple[Any, bool]] = [
    (None, True),
    ("", True),
    ("   ", True),
    ("\t\n", True),
    (float("nan"), True),
    ("0", False),
    (0, False),
    (0.0, False),
    (False, False),
    ("x", False),
]


@pytest.mark.parametrize(("cell", "expected"), BLANK_CASES, ids=[repr(c) for c, _ in BLANK_CASES])
def test_is_blank(cell: Any, expected: bool) -> None:
    """Only white space is empty: a typed 0 is a count of zero, not a missing cell."""
    assert is_blank(cell) is expected


CLEAN_CASES: list[tuple[Any, str]] = [
    ("  Thôn   Trung  Hà ", "Thôn Trung Hà"),
    (nfd("Thôn Trung Hà"), "Thôn Trung Hà"),
    (12.0, "12"),
    (12, "12"),
    (None, ""),
    ("", ""),
]


@pytest.mark.parametrize(("cell", "expected"), CLEAN_CASES, ids=[repr(c) for c, _ in CLEAN_CASES])
def test_clean_text(cell: Any, expected: str) -> None:
    """Names are shown NFC with single spaces, whatever keyboard typed them."""
    result = clean_text(cell)
    assert result == expected
    assert unicodedata.is_normalized("NFC", result)


# ------------------------------------------------------------------- headers and names

SAME_HEADER: list[tuple[str, str]] = [
    ("Cài đặt", "cai dat"),
    ("Cài đặt", "CAI DAT"),
    ("Cài đặt", "CaiDat"),
    ("Cài đặt", nfd("Cài đặt")),
    ("Cài đặt", nfd("CÀI ĐẶT")),
    ("Cài đặt", "cài-đặt"),
    ("Đoàn viên", "DoanVien"),
    ("Đoàn viên", "ĐOÀN VIÊN"),
    ("Số hội viên, đoàn viên", "so hoi vien doan vien"),
    ("Số người từ 18 tuổi đã cài", "SỐ NGƯỜI TỪ 18 TUỔI ĐÃ CÀI"),
    ("Số người từ 18 tuổi đã cài", "so nguoi tu 18 tuoi da cai"),
    ("Tổng số CBCCVC, NLĐ", "Tong so CBCCVC NLD"),
    ("Thôn", " thon "),
]


@pytest.mark.parametrize(("canonical", "typed"), SAME_HEADER)
def test_header_key_ignores_case_spacing_punctuation_and_marks(canonical: str, typed: str) -> None:
    """Tab names and headers are found however they were typed, đ/Đ included."""
    assert header_key(typed) == header_key(canonical)
    assert header_key(typed).isascii()


def test_header_key_still_tells_different_headers_apart() -> None:
    """Ignoring marks must not merge the headers of one template."""
    distinct = ["Số tổ liên gia", "Tổ liên gia", "Dân số từ 18 tuổi", "Số người từ 18 tuổi đã cài", "Số đảng viên"]
    assert len({header_key(h) for h in distinct}) == len(distinct)


SAME_VILLAGE: list[tuple[str, str]] = [
    ("Thôn Phú Hòa", "Thôn Phú Hoà"),  # old and new tone placement
    ("Thôn Phú Hòa", "thôn phú hoà"),
    ("Thôn Phú Hòa", "THÔN PHÚ HÒA"),
    ("Thôn Phú Hòa", nfd("Thôn Phú Hòa")),
    ("Thôn Phú Hòa", nfd("Thôn Phú Hoà")),
    ("Thôn Phú Hòa", "  Thôn   Phú  Hòa "),
    ("Thôn Mỹ Thủy", "Thôn Mỹ Thuỷ"),
    ("Thôn Khỏe", "Thôn Khoẻ"),
    ("Thôn Thượng Lộc", nfd("THÔN THƯỢNG LỘC")),
    ("Thôn Đông Hà", "thôn đông hà"),
]


@pytest.mark.parametrize(("canonical", "typed"), SAME_VILLAGE)
def test_name_key_ignores_case_spacing_normal_form_and_tone_placement(canonical: str, typed: str) -> None:
    """'Hòa' and 'Hoà' are one village; so are NFC and NFD spellings."""
    assert name_key(typed) == name_key(canonical)


DIFFERENT_VILLAGE: list[tuple[str, str]] = [
    ("Thôn Đông Hà", "Thôn Đồng Hà"),  # two real villages of the sample commune
    ("Thôn Phú Hòa", "Thôn Phú Hoa"),
    ("Thôn Tân Thành", "Thôn Tấn Thành"),
    ("Thôn Trung Hà", "thon trung ha"),  # unaccented is only a fallback, never exact
]


@pytest.mark.parametrize(("one", "other"), DIFFERENT_VILLAGE)
def test_name_key_keeps_diacritics_that_tell_villages_apart(one: str, other: str) -> None:
    """Diacritics distinguish villages, so the exact key keeps them."""
    assert name_key(one) != name_key(other)


LOOSE_CASES: list[tuple[str, str]] = [
    ("Thôn Trung Hà", "thon trung ha"),
    ("Thôn Đông Hà", "thon dong ha"),
    ("Thôn Đồng Hà", "thon dong ha"),
    (nfd("THÔN ĐỒNG HÀ"), "thon dong ha"),
    ("Thôn Phú Hoà", "thon phu hoa"),
]


@pytest.mark.parametrize(("typed", "expected"), LOOSE_CASES)
def test_loose_name_key_drops_every_mark(typed: str, expected: str) -> None:
    """The fallback key is the name with no marks at all (đ -> d)."""
    assert loose_name_key(typed) == expected
