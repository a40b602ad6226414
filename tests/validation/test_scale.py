"""Validation at province scale: work per distinct value, not per cell, with the same results.

The validator factorizes each column once and runs parsing, matching and formatting once per
distinct value; per-row checks are numpy masks, and a message is built only for a row it
reports. These tests pin that (by counting calls, not by timing alone) and pin the cell rules
the vectorised reading must keep: a checkbox is not the number 1, white space is empty, a row
with data only outside the tab's columns still counts, rows may be ragged or very wide.
"""

from __future__ import annotations

import datetime as dt
import importlib
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

from lib.campaign import Campaign
from lib.dataset import Dataset, RawWorkbook
from lib.parsing import is_blank
from lib.validation import validate
from tests.generators import cells, province_tabs

AS_OF = dt.date(2026, 5, 24)
# The validation package's modules: a cell function is patched in each one that calls it.
MODULES = [
    importlib.import_module(f"lib.validation.{name}")
    for name in ("cells", "columns", "issues", "over_base", "people", "rows", "tabs")
]
THON = [["Thôn A", 3, 100, 10, 40], ["Thôn B", 3, 200, 20, 80]]


@pytest.fixture(scope="module")
def province() -> RawWorkbook:
    """10 communes of the benchmark province (300 villages, ~140k cells), no person rows."""
    return RawWorkbook(province_tabs(communes=10, people=0), "bench", "province")


def _counting(monkeypatch: pytest.MonkeyPatch, name: str) -> Counter:
    """Count calls of `name` from every module of the validation package that uses it."""
    calls: Counter = Counter()
    modules = [m for m in MODULES if hasattr(m, name)]
    assert modules, name
    original = getattr(modules[0], name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls[name] += 1
        return original(*args, **kwargs)

    for module in modules:
        monkeypatch.setattr(module, name, counted)
    return calls


@pytest.mark.parametrize("name", ["parse_count", "parse_date", "clean_text", "name_key", "fmt_date", "is_blank"])
def test_cell_functions_run_once_per_distinct_value(
    monkeypatch: pytest.MonkeyPatch, province: RawWorkbook, campaign: Campaign, name: str
) -> None:
    """Parsers, keys and formatters run per distinct value (and per reported row), never per cell."""
    calls = _counting(monkeypatch, name)
    ds = validate(province, campaign, AS_OF)
    distinct = sum(
        len({(type(c), c) for c in column})
        for rows in province.tabs.values()
        for column in zip(*rows[1:], strict=False)
    )
    assert len(ds.installs) > 20_000
    # every column of every tab, mapped a few times over, plus a fixed allowance
    assert calls[name] <= 4 * distinct + 1_000 < cells(province.tabs) / 2, (calls[name], distinct)


def test_messages_are_built_only_for_reported_rows(
    monkeypatch: pytest.MonkeyPatch, province: RawWorkbook, campaign: Campaign
) -> None:
    """A clean tally tab builds no per-row message values (dates shown only where reported)."""
    calls = _counting(monkeypatch, "_issue")
    ds = validate(province, campaign, AS_OF)
    assert calls["_issue"] == len(ds.issues) == len(ds.warnings)  # warnings only, one message each
    # the generated helpers repeat a few names per village; all else is clean
    assert set(ds.issues["code"]) <= {"over_base", "duplicate_person"}


@pytest.mark.slow
def test_province_validates_quickly(campaign: Campaign) -> None:
    """The whole province without persons (~1M cells): once ~4 s of CPU, now well under 2.5 s."""
    raw = RawWorkbook(province_tabs(people=0), "bench", "province")
    start = time.process_time()
    ds = validate(raw, campaign, AS_OF)
    spent = time.process_time() - start
    assert len(ds.installs) == len(raw.tabs["CaiDat"]) - 1
    assert spent < 2.5, spent


def test_a_checkbox_is_not_the_number_one(make_dataset: Callable[..., Dataset]) -> None:
    """True and 1 hash alike; the vectorised reader must still tell a checkbox from a count."""
    ds = make_dataset(
        THON,
        [
            ["14/5/2026", "Thôn A", "", 1, 1, 0],
            ["14/5/2026", "Thôn A", "", True, 0, 0],
            ["14/5/2026", "Thôn B", "", 1.0, False, 1],
            ["15/5/2026", "Thôn B", "", 1, 0, np.int64(1)],
        ],
    )
    rejected = ds.rejected[ds.rejected["tab"] == "CaiDat"].set_index("row")
    assert rejected.loc[[3, 4], "code"].tolist() == ["not_a_number", "not_a_number"]
    assert rejected.loc[[3, 4], "value"].tolist() == ["TRUE", "FALSE"]
    assert ds.installs["row"].tolist() == [2, 5]
    assert ds.installs["adults"].tolist() == [1, 1]


def test_blank_cells_and_rows(make_dataset: Callable[..., Dataset]) -> None:
    """White space and NaN are empty; a row with data only in a column the tab does not use is
    read (and rejected), a row of blanks is skipped; rows may be ragged."""
    ds = make_dataset(
        THON,
        [
            ["14/5/2026", "Thôn A", " ", 5],  # ragged: the 'of which' counts are missing
            [" ", "\t", None, float("nan")],  # blank row: skipped
            [],  # blank row: skipped
            [None, None, None, None, None, None, "ghi chú"],  # data outside the columns: read
            ["15/5/2026", "Thôn B", float("nan"), "  7 ", None, None],
        ],
    )
    assert ds.rows.set_index("tab").loc["CaiDat", ["read", "accepted", "rejected"]].tolist() == [3, 2, 1]
    assert ds.rejected.set_index("row").loc[5, "code"] == "empty"
    assert ds.installs["family_group"].tolist() == ["", ""]
    assert ds.installs["adults"].tolist() == [5, 7]
    assert ds.installs["party_members"].tolist() == [0, 0]


def test_one_very_wide_row_is_cut_not_copied(make_dataset: Callable[..., Dataset]) -> None:
    """A stray cell far to the right does not make every row that wide in memory."""
    rows = [["14/5/2026", "Thôn A", "", i % 7, 0, 0] for i in range(2_000)]
    rows[5] = [*rows[5], *([None] * 20_000), "x"]
    ds = make_dataset(THON, rows)
    assert len(ds.installs) == 2_000


def test_duplicates_match_pandas(make_dataset: Callable[..., Dataset]) -> None:
    """Double entries (same date, village, group and counts among used rows) and the row each
    repeats agree with pandas' duplicated/groupby on the clean table."""
    rng = np.random.default_rng(7)
    days = ["14/5/2026", "15/5/2026", 46157, dt.date(2026, 5, 14)]  # 46157 is 15/5/2026
    rows = [
        [days[rng.integers(4)], ["Thôn A", "thôn  a", "Thôn B"][rng.integers(3)], f"Tổ {rng.integers(2)}",
         int(rng.integers(3)), 0, int(rng.integers(2))]
        for _ in range(400)
    ]  # fmt: skip
    ds = make_dataset(THON, rows)
    keys = ["date", "village", "family_group", "adults", "party_members", "association_members"]
    expected = ds.installs[ds.installs.duplicated(keys)]
    first = ds.installs.groupby(keys, sort=False)["row"].transform("first")[expected.index]
    found = ds.warnings[ds.warnings["code"] == "double_entry"]
    assert found["row"].tolist() == expected["row"].tolist()
    assert [f"dòng {n}" in m for n, m in zip(first, found["message_vi"], strict=True)] == [True] * len(found)


def test_dtypes_of_empty_and_partly_rejected_tables(make_dataset: Callable[..., Dataset]) -> None:
    """Text columns are `str` when some row (used or not) holds text, else object; dates are
    datetime64 however few rows are left."""
    all_unknown = make_dataset(THON, [["14/5/2026", "Thôn Z", "", 1, 0, 0]])
    assert all_unknown.installs.empty
    assert all_unknown.installs["village"].dtype == object
    assert all_unknown.installs["family_group"].dtype == "str"
    used = make_dataset(THON, [["14/5/2026", "Thôn A", "Tổ 1", 1, 0, 0]])
    assert used.installs["village"].dtype == "str" and used.installs["date"].dtype.kind == "M"
    assert pd.api.types.is_integer_dtype(used.installs["adults"])
    assert str(used.villages["base:adults"].dtype) == "Int64"


@pytest.mark.slow
def test_na_like_cells_keep_their_row(campaign: Campaign) -> None:
    """pd.NA is not a blank cell (`is_blank`), so its row is read (and rejected as empty)."""
    assert not is_blank(pd.NA)
    raw = RawWorkbook(
        {
            "Thon": [["Thôn", "Số tổ liên gia", "Dân số từ 18 tuổi", "Số đảng viên", "Số hội viên, đoàn viên"],
                     *THON],
            "CaiDat": [["Ngày", "Thôn", "Tổ liên gia", "Số người từ 18 tuổi đã cài", "Trong đó đảng viên",
                        "Trong đó hội viên, đoàn viên"], [pd.NA, None], [None]],
        },
        "test",
        "na",
    )  # fmt: skip
    ds = validate(raw, campaign, AS_OF)
    assert ds.rows.set_index("tab").loc["CaiDat", "read"] == 1
    assert ds.rejected[ds.rejected["tab"] == "CaiDat"]["code"].tolist() == ["empty"]
