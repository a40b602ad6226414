"""Phone and ID numbers and people's names are personal data: how every output shows them.

The one module for masking, used by pages (lib.tables), downloads (lib.exports), reports
(lib.reports), the summary and command line (lib.summary), issue messages
(lib.validation.issues), the bulletin and the snapshot store:

- Numbers: a number of 9 to 12 digits (a phone, a CCCD; grouped by spaces, dots or dashes, or
  written +84…) is shown as its first two and last two digits, '09******78': enough to
  recognise, not enough to call. `mask_text` masks them inside any text, `mask_phone` one
  number, `masked` every cell of a table, `mask_all` every text of a nested value.
- Names: a person's name quoted in an issue (a helper entered twice) is shown as `HIDDEN_NAME`
  wherever the issue leaves the app without the person list (summary JSON, snapshot store).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import fields, is_dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from lib.formatting import is_missing
from lib.parsing import header_key

if TYPE_CHECKING:
    from lib.contract import TabSpec

# Columns that hold a phone or ID number by name (internal keys and the headers people type).
PERSONAL_COLUMNS = frozenset(
    {"phone", "id_number", "id number", "số điện thoại", "điện thoại", "sđt", "số cccd", "cccd", "số định danh"}
)
# What stands for a person's name in an issue shown without the person list.
HIDDEN_NAME = "***"

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


def mask_value(value: Any) -> Any:
    """A text with its phone- and ID-shaped numbers masked; any other value as it is."""
    return mask_text(value) if isinstance(value, str) else value


def mask_number(value: Any) -> Any:
    """A cell of a phone or ID column masked whole ('09******78'); a missing value as it is."""
    return value if is_missing(value) else mask_phone(str(value))


def mask_all(value: Any) -> Any:
    """Every text inside `value` masked: texts, dicts' values, tuples and dataclasses' fields
    (a report's content, an issue's message values); anything else as it is."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {k: mask_all(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(mask_all(v) for v in value)
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: mask_all(getattr(value, f.name)) for f in fields(value)})
    return value


def personal_column(name: object) -> bool:
    """Does a column hold a phone or ID number by its name (key or typed header)?"""
    return str(name).strip().lower() in PERSONAL_COLUMNS


def masked(frame: pd.DataFrame, unmasked: bool = False) -> pd.DataFrame:
    """A copy with every phone/ID number masked (in named columns: the whole cell)."""
    if unmasked:
        return frame
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if personal_column(column):
            out[column] = values.map(mask_number)
        elif values.dtype == object or pd.api.types.is_string_dtype(values):
            out[column] = values.map(mask_value).astype(object)
    return out


def name_headers(specs: Iterable[TabSpec]) -> set[str]:
    """Header keys of the columns that hold a person's name (tabs DoanVien, DanhSach), given
    the contract's tabs (`lib.contract.tab_specs(campaign)`)."""
    return {key for spec in specs for c in spec.columns if c.field == "name" for key in c.match_keys()}


def hides_name(column: Any, value: Any, headers: set[str]) -> bool:
    """Is this issue's value a person's name (its column one of `name_headers`)?"""
    return bool(value) and isinstance(column, str) and header_key(column) in headers


def name_hidden(message: str, value: Any) -> str:
    """An issue's message with the quoted name replaced by `HIDDEN_NAME`."""
    return message.replace(f"'{value}'", f"'{HIDDEN_NAME}'")


def names_hidden(issues: pd.DataFrame, headers: set[str]) -> pd.DataFrame:
    """The issues table with each person's name (a helper entered twice) as `HIDDEN_NAME`, in
    the value and both messages."""
    if not len(issues):
        return issues
    columns = issues["column"].astype(object).tolist()
    values = issues["value"].astype(object).tolist()
    hit = [hides_name(c, v, headers) for c, v in zip(columns, values, strict=True)]
    if not any(hit):
        return issues
    out = issues.copy()
    at = np.flatnonzero(hit)
    for lang in ("message_vi", "message_en"):
        messages = out[lang].to_numpy(dtype=object).copy()
        for i in at.tolist():
            messages[i] = name_hidden(str(messages[i]), values[i])
        out[lang] = pd.Series(messages, index=out.index, dtype=out[lang].dtype)
    value = out["value"].to_numpy(dtype=object).copy()
    value[at] = HIDDEN_NAME
    out["value"] = pd.Series(value, index=out.index, dtype=out["value"].dtype)
    return out
