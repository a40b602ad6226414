"""lib.privacy: the one masking rule for phone and ID numbers and people's names, as tables of
inputs and what every output shows."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from lib.campaign import load_campaign
from lib.contract import tab_specs
from lib.privacy import (
    HIDDEN_NAME,
    mask_all,
    mask_number,
    mask_phone,
    mask_text,
    masked,
    name_headers,
    names_hidden,
)


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        ("0912345678", "09******78"),
        ("0912 345 678", "09******78"),
        ("038123456789", "03********89"),
        ("09******78", "09******78"),  # already masked: as it is
        ("1234", "****"),
        ("", ""),
    ],
)
def test_mask_phone(number: str, shown: str) -> None:
    assert mask_phone(number) == shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Gọi 0912 345 678 nhé", "Gọi 09******78 nhé"),
        ("+84 912.345.678", "84*******78"),
        ("Thôn 12", "Thôn 12"),
        ("12345678", "12345678"),  # 8 digits: not a phone
        ("1234567890123", "1234567890123"),  # 13 digits: not a phone or an ID
    ],
)
def test_mask_text(text: str, shown: str) -> None:
    assert mask_text(text) == shown


@pytest.mark.parametrize(("value", "shown"), [("0912345678", "09******78"), (None, None), (912345678, "91*****78")])
def test_mask_number(value: object, shown: object) -> None:
    assert mask_number(value) == shown


def test_mask_all_reaches_texts_in_dicts_tuples_and_dataclasses() -> None:
    @dataclasses.dataclass(frozen=True)
    class Part:
        title: str
        rows: tuple
        count: int

    value = {"a": Part("0912345678", (("x 0912345678", 3),), 5), "b": ["0912345678"]}  # lists: left alone
    assert mask_all(value) == {"a": Part("09******78", (("x 09******78", 3),), 5), "b": ["0912345678"]}


def test_masked_table_whole_cells_in_personal_columns_and_numbers_in_text() -> None:
    frame = pd.DataFrame({"phone": ["0912345678", None], "SĐT": ["0987654321", ""], "note": ["gọi 0912345678", 7]})
    out = masked(frame)
    assert out["phone"][0] == "09******78" and pd.isna(out["phone"][1])
    assert out["SĐT"].tolist() == ["09******21", ""]
    assert out["note"].tolist() == ["gọi 09******78", 7]
    assert masked(frame, unmasked=True) is frame


def test_names_in_issues_hidden_in_value_and_messages() -> None:
    headers = name_headers(tab_specs(load_campaign()))
    column = next(c.header for s in tab_specs(load_campaign()) for c in s.columns if c.field == "name")
    issues = pd.DataFrame(
        {
            "column": [column, "Thôn"],
            "value": ["Nguyễn Văn A", "Thôn 1"],
            "message_vi": ["'Nguyễn Văn A' nhập hai lần", "'Thôn 1' lạ"],
            "message_en": ["'Nguyễn Văn A' entered twice", "'Thôn 1' unknown"],
        }
    )
    out = names_hidden(issues, headers)
    assert out["value"].tolist() == [HIDDEN_NAME, "Thôn 1"]
    assert out["message_vi"].tolist() == [f"'{HIDDEN_NAME}' nhập hai lần", "'Thôn 1' lạ"]
    assert out["message_en"].tolist() == [f"'{HIDDEN_NAME}' entered twice", "'Thôn 1' unknown"]
