"""Reading cells the way village teams type them.

Every parser takes one raw cell (text from a CSV or the Sheets API, or a typed value from
Excel/UNFORMATTED_VALUE) and returns either a value or a `ParseError` code. They never raise:
the validator turns each code into a Vietnamese message that names the cell.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from enum import Enum
from typing import Any


class ParseError(Enum):
    EMPTY = "empty"
    NOT_A_NUMBER = "not_a_number"
    NOT_INTEGER = "not_integer"
    NEGATIVE = "negative"
    BAD_DATE = "bad_date"
    BAD_YES_NO = "bad_yes_no"
    TOO_LARGE = "too_large"
    BAD_YEAR = "bad_year"


# No village, commune or province has more people than this: a larger count is a typo (or a
# phone number in the wrong column), and would overflow the 64-bit sums downstream.
MAX_COUNT = 10_000_000


# Google Sheets and Excel count days from 30/12/1899 (Excel's 1900 leap-year bug included).
SHEET_EPOCH = dt.date(1899, 12, 30)
# Serials outside this window are not plausible dates for a report (years 1900-2200).
_SERIAL_MIN, _SERIAL_MAX = 1, 109_574

_SPACES = re.compile(r"\s+")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# 1234 | 1.234 | 1.234.567 | 1 234 (thousands grouped by dots or spaces, Vietnamese style)
_VN_INTEGER = re.compile(r"^[+-]?(\d{1,3}([. \u00a0]\d{3})+|\d+)$", re.ASCII)
# Anything else made only of digits and separators is a number, but not a whole one: 1,5 / 1.5
_NUMBER_LIKE = re.compile(r"^[+-]?\d[\d., \u00a0]*$", re.ASCII)
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$", re.ASCII)
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$", re.ASCII)
# Yes/no cells (docs/workbook.md, "Ô có/không"): compared on `header_key` (no case, spaces,
# punctuation or diacritics), so "Có", "CÓ", "có." and "co" are one word; tick marks as typed.
_YES = {"co", "x", "yes", "y", "1", "true", "dung", "v"}
_NO = {"khong", "no", "n", "0", "false", "sai"}
_TICKS = {"✓", "✔", "☑", "✅"}


def is_blank(value: Any) -> bool:
    """A cell counts as empty when it holds nothing but white space."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() == ""


def clean_text(value: Any) -> str:
    """Text as shown: NFC, single spaces, no padding. Numbers from typed cells become text."""
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(value))).strip()


class _WithoutMarks(dict):
    """str.translate table deleting combining marks, filled in as characters are first seen."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        if len(self) < 65_536:  # bounded, whatever text arrives
            self[code] = kept
        return kept


_WITHOUT_MARKS = _WithoutMarks()


def strip_diacritics(text: str) -> str:
    """Vietnamese without marks: 'Đông Hà' -> 'Dong Ha'. đ/Đ have no combining form, so map them."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return decomposed if decomposed.isascii() else decomposed.translate(_WITHOUT_MARKS)


def header_key(text: Any) -> str:
    """Key for matching tab names and headers: no case, spaces, punctuation or diacritics."""
    return _NON_ALNUM.sub("", strip_diacritics(clean_text(text)).casefold())


# The five Vietnamese tone marks. "Hòa" and "Hoà" put the mark on different letters (old and
# new spelling rules) but are one word, so a name key moves each syllable's tone to its end.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


_TONE = re.compile("[" + "".join(sorted(_TONES)) + "]")
# A tone mark with a letter after it in its syllable, or two marks in a row (maybe unsorted).
_TONE_TO_MOVE = re.compile("[{0}](?=[^{0} ])|[{0}]{{2}}".format("".join(sorted(_TONES))))


def name_key(text: Any) -> str:
    """Key for village names: case, spacing, normal form and tone placement ignored."""
    # Normalisation never reorders or composes across a space, so the whole name is
    # decomposed (and, when every tone is already last in its syllable, recomposed) at once.
    decomposed = unicodedata.normalize("NFD", clean_text(text).casefold())
    if not _TONE_TO_MOVE.search(decomposed):
        return unicodedata.normalize("NFC", decomposed)
    syllables = []
    for syllable in decomposed.split(" "):
        tones = _TONE.findall(syllable)
        if tones:
            syllable = _TONE.sub("", syllable) + "".join(sorted(tones))
        syllables.append(unicodedata.normalize("NFC", syllable))
    return " ".join(syllables)


def loose_name_key(text: Any) -> str:
    """Village name key with diacritics removed, used only as an unambiguous fallback."""
    return strip_diacritics(name_key(text))


def parse_count(value: Any) -> int | ParseError:
    """A head count: a non-negative integer; '1.234' is one thousand two hundred thirty-four."""
    if is_blank(value):
        return ParseError.EMPTY
    if isinstance(value, bool):
        return ParseError.NOT_A_NUMBER
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not math.isfinite(value):
            return ParseError.NOT_A_NUMBER
        if not value.is_integer():
            return ParseError.NOT_INTEGER
        number = int(value)
    else:
        text = clean_text(value)
        if _VN_INTEGER.match(text):
            number = int(re.sub(r"[. \u00a0+]", "", text))
        elif _NUMBER_LIKE.match(text):
            return ParseError.NOT_INTEGER
        else:
            return ParseError.NOT_A_NUMBER
    if number < 0:
        return ParseError.NEGATIVE
    return ParseError.TOO_LARGE if number > MAX_COUNT else number


def parse_date(value: Any) -> dt.date | ParseError:
    """Day-first dates as typed in Vietnam, ISO dates, and spreadsheet date serials."""
    if is_blank(value):
        return ParseError.EMPTY
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return ParseError.BAD_DATE
    if isinstance(value, (int, float)):
        return _from_serial(value)
    text = clean_text(value)
    if match := _DMY.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _YMD.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif text.isascii() and text.isdigit():
        return _from_serial(int(text))
    else:
        return ParseError.BAD_DATE
    try:
        return dt.date(year, month, day)
    except ValueError:
        return ParseError.BAD_DATE


# Nobody on an install list was born before this year (a 4-digit year outside it is a typo).
FIRST_BIRTH_YEAR = 1900


def parse_birth_year(value: Any, today: dt.date) -> int | ParseError:
    """A year of birth, typed as 1985 or as a whole date of birth (15/03/1985)."""
    if is_blank(value):
        return ParseError.EMPTY
    if isinstance(value, dt.date):
        year = value.year
    elif isinstance(value, bool):
        return ParseError.BAD_YEAR
    else:
        text = clean_text(value) if isinstance(value, str) else value
        if isinstance(text, str) and not (text.isascii() and text.isdigit()):
            parsed = parse_date(text)
            if isinstance(parsed, ParseError):
                return ParseError.BAD_YEAR
            year = parsed.year
        else:
            number = parse_count(text)
            if isinstance(number, ParseError):
                return ParseError.BAD_YEAR
            year = number
    return year if FIRST_BIRTH_YEAR <= year <= today.year else ParseError.BAD_YEAR


def parse_id_number(value: Any) -> str:
    """A citizen ID (CCCD, 12 digits) as digits; a number cell that lost its leading zero gets
    it back. Anything else is kept as typed (the validator warns about it)."""
    if is_blank(value):
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
            return clean_text(value)
        digits = str(int(value))
        return digits.zfill(12) if 10 <= len(digits) < 12 else digits
    return re.sub(r"[ .\-]", "", clean_text(value))


def is_id_number(text: str) -> bool:
    """12 digits (CCCD) or 9 (the old CMND)."""
    return text.isascii() and text.isdigit() and len(text) in (9, 12)


def is_phone_number(text: str) -> bool:
    """A Vietnamese mobile or landline: 10 or 11 digits starting with 0 (spaces and dots allowed)."""
    digits = re.sub(r"[ .\-]", "", text)
    return digits.isascii() and digits.isdigit() and digits.startswith("0") and len(digits) in (10, 11)


def _from_serial(serial: float) -> dt.date | ParseError:
    if not math.isfinite(serial) or not _SERIAL_MIN <= serial <= _SERIAL_MAX:
        return ParseError.BAD_DATE
    return SHEET_EPOCH + dt.timedelta(days=int(serial))


def parse_yes_no(value: Any) -> bool | ParseError:
    """'Có', 'x', '✓', 'yes', '1' mean yes; 'Không', 'no', '0' and an empty cell mean no.

    Anything else, a dash included, is a question for the clerk (the row is rejected): a dash
    may mean "no" to one team and "not asked yet" to another."""
    if is_blank(value):
        return False
    if clean_text(value) in _TICKS:
        return True
    key = header_key(value)
    if key in _YES:
        return True
    if key in _NO:
        return False
    return ParseError.BAD_YES_NO


def parse_phone(value: Any) -> str:
    """Phone numbers as text; a number cell that lost its leading zero gets it back."""
    if is_blank(value):
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not value.is_integer():
            return clean_text(value)
        digits = str(int(value))
        return "0" + digits if len(digits) == 9 else digits
    return clean_text(value)
