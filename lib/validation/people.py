"""Person-list rules (tab DanhSach): each row checked, phones and ID numbers read, and who is a
repeat of an earlier person or under age (the identity rules themselves are `lib.people`).

Phone and ID columns hold a million nearly distinct values at province size: plain digits of a
right length are recognised in bulk (`_digit_kinds`) and only the others are parsed one by one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from lib.campaign import Campaign
from lib.dataset import REJECTED, WARNING
from lib.parsing import (
    clean_text,
    is_id_number,
    is_phone_number,
    name_key,
    parse_birth_year,
    parse_id_number,
    parse_phone,
    parse_yes_no,
)
from lib.people import duplicate_of, is_adult
from lib.validation.cells import _Coded, _datetimes, _empty, _text, _valid
from lib.validation.columns import _Tab
from lib.validation.issues import _what
from lib.validation.rows import VillageMatcher, _dates, _group_ids, _match_villages


def _people(tab: _Tab | None, campaign: Campaign, matcher: VillageMatcher, today: dt.date) -> pd.DataFrame:
    """The person list (optional tab DanhSach): one row per person who installed.

    Every accepted row is kept, repeats included (marked `duplicate_of`, listed on the page),
    so nothing disappears; only `counted` rows (first entry of an adult) add to the counts.
    """
    flags = [g for g in campaign.village_groups if g.list_column]
    columns = ["row", "name", "birth_year", "village", "family_group", "phone", "id_number", "date"]
    columns += [f"in:{g.key}" for g in flags] + ["adult", "duplicate_of", "counted"]
    if tab is None:
        return _empty(columns)
    tab.report(REJECTED, tab.cells["name"].blank, "issue.empty", "name", what=_what("name"))
    year = tab.cells["birth_year"].map(lambda v: parse_birth_year(v, today))
    tab.reject_parse_errors(year, "birth_year", what="birth_year")
    village = _match_villages(tab, matcher)
    date = _dates(tab, campaign, today)
    marks = {}
    for g in flags:
        parsed = tab.cells[f"in:{g.key}"].map(parse_yes_no)
        tab.reject_parse_errors(parsed, f"in:{g.key}")
        marks[g.key] = _valid(parsed, False)
    phone, plain, bad_phone = _numbers(tab.cells["phone"], parse_phone, (10, 11), "0", is_phone_number)
    tab.report(WARNING, bad_phone & tab.kept, "issue.bad_phone", "phone")
    id_number, plain_id, bad_id = _numbers(tab.cells["id_number"], parse_id_number, (9, 12), "", is_id_number)
    tab.report(WARNING, bad_id & tab.kept, "issue.bad_id_number", "id_number")
    keep = np.flatnonzero(tab.kept)
    name = tab.cells["name"].map(clean_text)
    shown = phone.values.copy()  # phones as digits only; plain ones already are
    for i in np.flatnonzero(~plain).tolist():
        shown[i] = re.sub(r"\D", "", shown[i])
    digits = _Coded(phone.codes, shown)
    birth_year = _valid(year, 0).ints()
    out = pd.DataFrame(
        {
            "row": tab.row[keep],
            "name": _text(name, keep),
            "birth_year": birth_year[keep],
            "village": _text(village, keep),
            "family_group": _text(tab.cells["family_group"].map(clean_text), keep),
            "phone": _text(digits, keep).fillna(""),
            "id_number": _text(id_number, keep).fillna(""),
            "date": _datetimes(date, keep),
            **{f"in:{k}": m.test(bool)[keep] for k, m in marks.items()},
        }
    )
    out["adult"] = is_adult(out["birth_year"], out["date"], campaign.adult_age)
    same_name = [name.map(name_key).ids()[keep], birth_year[keep], village.ids()[keep]]
    out["duplicate_of"] = duplicate_of(
        out["row"].to_numpy(),
        _key(id_number, plain_id, keep),
        _key(digits, plain, keep),
        _group_ids(same_name) if len(keep) else np.zeros(0, dtype=np.int64),
    )
    out["counted"] = out["duplicate_of"].isna().to_numpy(dtype=bool) & out["adult"].to_numpy(dtype=bool)
    _person_warnings(tab, keep, out, campaign)
    return out


def _numbers(
    cells: _Coded, parse: Callable[[Any], str], lengths: tuple[int, ...], prefix: str, plausible: Callable[[str], bool]
) -> tuple[_Coded, np.ndarray, np.ndarray]:
    """Phone or ID cells as text ('' when empty); per distinct value whether it was typed as
    plain digits; per row whether a non-empty value is not `plausible`.

    Nearly every such value is distinct and plain digits of a right length and first digit:
    those are found without parsing (`_digit_kinds`) and taken as they are; only the others are
    parsed and checked one by one.
    """
    values = cells.values
    kind = _digit_kinds(values, lengths, prefix)
    plain, good = kind > 0, kind == 2
    out = values.copy()
    bad = np.zeros(len(values), dtype=bool)
    for i in np.flatnonzero(~good).tolist():
        value = out[i] if plain[i] else parse(values[i])
        out[i] = value
        bad[i] = value != "" and not plausible(value)
    return _Coded(cells.codes, out), plain, bad[cells.codes]


def _digit_kinds(values: np.ndarray, lengths: tuple[int, ...], prefix: str) -> np.ndarray:
    """Per value 0: not plain digits (text matching the regex `\\d+` in full, which is exactly
    `str.isdecimal`); 1: plain digits; 2: plain digits of an allowed length starting with
    `prefix`.

    The usual column (text, then the empty cell's None) is checked in bulk when all its text is
    ASCII digits: one joined string, its bytes and the lengths, with no Python step per value.
    Anything else goes value by value.
    """
    if len(values) > 1 and values[-1] is None and len(prefix) <= 1:
        texts = values[:-1].tolist()
        try:
            joined = "".join(texts)
        except TypeError:  # not all text
            joined = ""
        if joined.isascii() and joined:
            size = np.fromiter(map(len, texts), dtype=np.intp, count=len(texts))
            codes = np.frombuffer(joined.encode("ascii"), dtype=np.uint8)
            if size.all() and ((codes - np.uint8(48)) < 10).all():  # every value: 1+ ASCII digits
                good = np.isin(size, lengths)
                if prefix:
                    good &= codes[np.cumsum(size) - size] == ord(prefix)
                return np.append(np.where(good, 2, 1).astype(np.int8), np.int8(0))
    return np.array(
        [
            (2 if len(v) in lengths and v.startswith(prefix) else 1) if isinstance(v, str) and v.isdecimal() else 0
            for v in values.tolist()
        ],
        dtype=np.int8,
    )


def _key(text: _Coded, plain: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Per kept row an integer, equal exactly where the text is equal; -1 where it is ''.

    Plain digits are kept as typed, and a raw column holds each distinct cell once, so plain
    values are distinct already: when every other value is empty, the positions are the key and
    the million texts need not be hashed again.
    """
    values = text.values
    empty = values == ""
    if (plain | empty).all():
        ids = np.arange(len(values), dtype=np.int64)
    else:
        ids = pd.factorize(values, use_na_sentinel=False)[0].astype(np.int64)
    ids[empty] = -1
    return ids[text.codes[keep]]


def _person_warnings(tab: _Tab, keep: np.ndarray, people: pd.DataFrame, campaign: Campaign) -> None:
    """Repeats and minors are used (listed) but not counted: each gets a warning on its row."""
    at = np.zeros(len(tab), dtype=bool)
    repeat = people["duplicate_of"].notna().to_numpy(dtype=bool)
    at[keep[repeat]] = True
    first = np.zeros(len(tab), dtype=np.int64)
    first[keep[repeat]] = people["duplicate_of"].to_numpy(dtype=np.int64, na_value=0)[repeat]
    tab.report(WARNING, at, "issue.repeat_person", None, first=first)
    minor = np.zeros(len(tab), dtype=bool)
    minor[keep[~people["adult"].to_numpy(dtype=bool)]] = True
    born = np.zeros(len(tab), dtype=np.int64)
    born[keep] = people["birth_year"].to_numpy(dtype=np.int64)
    tab.report(WARNING, minor, "issue.minor", "birth_year", age=campaign.adult_age, value=born)
