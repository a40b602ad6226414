"""The bundled sample is what the generator makes, and shows what it promises."""

from __future__ import annotations

import datetime as dt

from lib import metrics
from lib.campaign import load_campaign
from lib.dataset import Dataset
from lib.sample_data import LAGGING, VILLAGES, sample_tabs
from lib.sources.files import read_bytes, write_xlsx
from lib.validation import validate

TODAY = dt.date(2026, 11, 29)


def test_generator_is_deterministic() -> None:
    assert sample_tabs() == sample_tabs()


def test_bundled_workbook_matches_the_generator(sample: Dataset) -> None:
    """data/sample.xlsx must be regenerated (scripts/make_sample.py) when the generator changes."""
    campaign, bundled = load_campaign(), sample
    fresh = validate(read_bytes(write_xlsx(sample_tabs()), "sample.xlsx"), campaign, TODAY)
    assert bundled.installs.drop(columns="row").equals(fresh.installs.drop(columns="row"))
    assert bundled.villages.equals(fresh.villages)
    assert bundled.issues["code"].tolist() == fresh.issues["code"].tolist()


def test_sample_has_lagging_villages_and_bad_rows(sample: Dataset) -> None:
    campaign, ds = load_campaign(), sample
    assert len(ds.village_names) == len(VILLAGES) == 30
    as_of = metrics.default_as_of(ds, TODAY)
    table = metrics.village_table(ds, campaign, "adults", as_of)
    behind = set(table.loc[table["status"] == "behind", "village"])
    assert behind == {f"Thôn {v}" for v in LAGGING}
    assert len(ds.rejected) >= 5 and len(ds.warnings) >= 3
