"""Properties that must hold for ANY workbook a village team could produce (hypothesis).

Cells are drawn from what really arrives: Vietnamese text in NFC and NFD, other scripts,
formulas and error values, huge and negative numbers, dates out of range, empty cells, very
long strings; headers duplicated, missing, misspelt or extra.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib import metrics
from lib.campaign import load_campaign
from lib.contract import check_shape, tab_specs
from lib.dataset import Dataset, RawWorkbook
from lib.errors import ShapeError
from lib.sample_data import sample_tabs
from lib.summary import build_summary
from lib.validation import validate

pytestmark = pytest.mark.slow  # hypothesis over whole workbooks, seconds a test: out of the quick subset

CAMPAIGN = load_campaign()
TODAY = dt.date(2026, 11, 29)
SPECS = tab_specs(CAMPAIGN)
VILLAGES = ["Thôn Trung Hà", "Thôn Đông Hà", "Thôn Đồng Hà", "Thôn Phú Hòa"]
AS_OF = dt.date(2026, 5, 24)

texts = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "1.234",
            "1,5",
            "-3",
            "0",
            "12",
            "=SUM(A1:A3)",
            "#REF!",
            "#N/A",
            "TRUE",
            "Có",
            "không",
            "x",
            "13/5/2026",
            "2026-05-13",
            "32/13/2026",
            "46155",
            "thon trung ha",
            "Thôn  Trung   Hà",
            "١٢٣",
            "²",
            "①",
            "9" * 40,
            "a" * 5000,
            "Thôn Xóm Mới",
            "\u200b",
            "\t=1+1",
            "@cmd",
        ]
    ),
    st.sampled_from(VILLAGES).map(lambda v: unicodedata.normalize("NFD", v)),
    st.text(max_size=30),
)
cells = st.one_of(
    texts,
    st.none(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
)


@st.composite
def headers(draw: st.DrawFn, spec_index: int) -> list[Any]:
    """The tab's real headers, some dropped, repeated, re-spelt or joined by strangers."""
    real: list[Any] = [c.header for c in SPECS[spec_index].columns]
    # Now and then a tab that changed shape (a header dropped): that read fails as a whole.
    mangled = draw(st.integers(0, 7)) == 0
    chosen = draw(st.lists(st.sampled_from(real), max_size=len(real) + 2)) if mangled else real
    spelt = [draw(st.sampled_from([h, h.upper(), unicodedata.normalize("NFD", h), f" {h} "])) for h in chosen]
    extra = draw(st.lists(texts, max_size=2))
    return spelt + extra


@st.composite
def workbooks(draw: st.DrawFn) -> dict[str, list[list[Any]]]:
    tabs: dict[str, list[list[Any]]] = {}
    for index, spec in enumerate(SPECS):
        if draw(st.integers(0, 9)) == 0:
            continue  # a missing tab
        header = draw(headers(index))
        width = max(1, len(header))
        body = draw(st.lists(st.lists(cells, max_size=width + 1), max_size=6))
        if spec.key == "villages":
            body += [[v, 3, draw(cells), draw(cells), draw(cells)] for v in VILLAGES]
        tabs[draw(st.sampled_from([spec.name, spec.name.lower(), *spec.aliases]))] = [header, *body]
    return tabs


def _validate(tabs: dict) -> Dataset | None:
    """The dataset, or None when the workbook changed shape: `validate` raises `ShapeError`
    exactly when `check_shape` names a problem, and with those problems."""
    problems = check_shape(SPECS, tabs) if tabs else []  # no tabs at all: no read yet
    try:
        ds = validate(RawWorkbook(tabs, "file", "fuzz"), CAMPAIGN, TODAY)
    except ShapeError as exc:
        assert problems and exc.problems == problems
        return None
    assert not problems
    return ds


def _totals(ds) -> dict:
    return {g.key: metrics.group_totals(ds, CAMPAIGN, g, AS_OF)[:2] for g in CAMPAIGN.groups}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example])
@given(workbooks())
def test_any_workbook_validates_without_raising_and_conserves_rows(tabs: dict) -> None:
    ds = _validate(tabs)
    if ds is None:
        return
    for rec in ds.rows.itertuples():
        assert rec.read == rec.accepted + rec.rejected
    tables = {"villages": ds.villages, "installs": ds.tallies, "agencies": ds.agencies,
              "helpers": ds.helpers, "sessions": ds.sessions, "family_groups": ds.family_groups,
              "people": ds.people}  # fmt: skip
    for key, title in ds.tabs.items():
        counted = ds.rows[ds.rows["tab"] == title]
        if len(counted):
            assert len(tables[key]) == int(counted["accepted"].iloc[0])
    assert set(ds.issues["severity"]) <= {"rejected", "warning"}
    # and every figure the pages show can be computed from it
    build_summary(ds, CAMPAIGN, metrics.default_as_of(ds, TODAY))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.large_base_example])
@given(st.randoms(use_true_random=False))
def test_totals_do_not_depend_on_row_order_tab_order_or_spelling(rnd: random.Random) -> None:
    tabs = sample_tabs()
    tabs["Thon"] = tabs["Thon"][:-1]  # its last row repeats a village: which one wins depends on order
    base = _totals(validate(RawWorkbook(tabs, "file", "a"), CAMPAIGN, TODAY))
    shuffled: dict[str, list[list[Any]]] = {}
    names = list(tabs)
    rnd.shuffle(names)
    for name in names:
        rows = [list(r) for r in tabs[name]]
        header_at = 1 if name == "Thon" else 0  # the sample's Thon has a title row above its header
        body = rows[header_at + 1 :]
        rnd.shuffle(body)
        header = [unicodedata.normalize("NFD", str(h)).upper() for h in rows[header_at]]
        body = [[unicodedata.normalize("NFD", c) if isinstance(c, str) else c for c in r] for r in body]
        spelt = rnd.choice([name, name.upper(), name.lower()])
        shuffled[spelt] = [header, *body]
    assert _totals(validate(RawWorkbook(shuffled, "file", "b"), CAMPAIGN, TODAY)) == base


@settings(max_examples=30, deadline=None)
@given(
    village=st.sampled_from(VILLAGES),
    day=st.dates(min_value=dt.date(2026, 5, 10), max_value=dt.date(2026, 5, 30)),
    party=st.integers(0, 50),
    members=st.integers(0, 50),
    others=st.integers(0, 200),
)
def test_adding_a_valid_install_row_never_lowers_any_coverage(
    village: str, day: dt.date, party: int, members: int, others: int
) -> None:
    tabs = {
        "Thon": [["Thôn", "Số tổ liên gia", "Dân số từ 18 tuổi", "Số đảng viên", "Số hội viên, đoàn viên"],
                 *([v, 3, 900, 60, 400] for v in VILLAGES)],
        "CaiDat": [["Ngày", "Thôn", "Tổ liên gia", "Số người từ 18 tuổi đã cài", "Trong đó đảng viên",
                    "Trong đó hội viên, đoàn viên"],
                   ["15/5/2026", "Thôn Trung Hà", "", 40, 10, 5]],
    }  # fmt: skip
    before = validate(RawWorkbook(tabs, "file", "x"), CAMPAIGN, TODAY)
    tabs["CaiDat"].append([day, village, "Tổ 1", party + members + others, party, members])
    after = validate(RawWorkbook(tabs, "file", "x"), CAMPAIGN, TODAY)
    assert len(after.rejected) == 0
    for g in CAMPAIGN.village_groups:
        old = metrics.village_table(before, CAMPAIGN, g.key, AS_OF).set_index("village")["coverage"]
        new = metrics.village_table(after, CAMPAIGN, g.key, AS_OF).set_index("village")["coverage"]
        assert (new.fillna(0) >= old.fillna(0)).all()
        old_total = metrics.group_totals(before, CAMPAIGN, g, AS_OF)[0]
        assert metrics.group_totals(after, CAMPAIGN, g, AS_OF)[0] >= old_total


def test_property_strategies_reach_rejections_and_acceptances() -> None:
    """Guard: the generators above must produce both outcomes, or the properties prove little."""
    seen: set[str] = set()

    @settings(max_examples=60, deadline=None)
    @given(workbooks())
    def collect(tabs: dict) -> None:
        ds = _validate(tabs)
        if ds is None:
            seen.add("changed-shape")
            return
        seen.update(ds.issues["code"])
        if len(ds.villages):
            seen.add("villages-accepted")

    collect()
    assert {"villages-accepted", "changed-shape"} <= seen and len(seen) >= 6, seen
    assert isinstance(pd.Timestamp(AS_OF), pd.Timestamp)
