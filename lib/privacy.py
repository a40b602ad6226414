"""Phone and ID numbers are personal data: how every output shows them.

One rule for pages, messages, the command line, downloads and reports: a number of 9 to 12
digits (a phone, a CCCD; grouped by spaces, dots or dashes, or written +84…) is shown as its
first two and last two digits, '09******78': enough to recognise, not enough to call.
"""

from __future__ import annotations

import re

import numpy as np

# A run of 9 to 12 digits, possibly grouped by spaces, dots or dashes, or +84 and a number:
# what a phone or an ID number looks like inside a longer text.
_NUMBER_RUN = re.compile(r"(?<![\d])\+?\d(?:[ .\-]?\d){8,13}(?![\d])")


_MASKED = re.compile(r"\d{2}\*+\d{2}|\*+")


def mask_phone(phone: str) -> str:
    """'0912345678' -> '09******78' (the digits of one phone or ID number); a masked number
    stays as it is (a table masked on screen is masked again for its download)."""
    if _MASKED.fullmatch(phone):
        return phone
    digits = re.sub(r"\D", "", phone)
    if len(digits) <= 4:
        return "*" * len(digits)
    return digits[:2] + "*" * (len(digits) - 4) + digits[-2:]


_NOT_DIGITS = bytes(b for b in range(256) if not 48 <= b <= 57)


def has_number_run(text: str) -> bool:
    """Whether `text` may hold anything `mask_text` would mask. Cheap tests first, in C: fewer
    than 9 digits in all (a million names: ~40 ms), or no 9 digits within 17 bytes (9 digits with
    a one-character separator between each); then the rule itself."""
    data = text.encode("utf-8")
    if len(data.translate(None, _NOT_DIGITS)) < 9:
        return False
    at = np.flatnonzero((np.frombuffer(data, dtype=np.uint8) - np.uint8(48)) < 10)
    if not (at[8:] - at[:-8] <= 16).any():
        return False
    return any(9 <= sum(c.isdigit() for c in m.group()) <= 12 for m in _NUMBER_RUN.finditer(text))


def mask_text(text: str) -> str:
    """Every phone- or ID-shaped number inside `text` masked: '0912 345 678' -> '09******78'."""

    def _mask(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group())
        return mask_phone(digits) if 9 <= len(digits) <= 12 else match.group()

    return _NUMBER_RUN.sub(_mask, text)
