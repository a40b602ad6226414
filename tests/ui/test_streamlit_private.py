"""The private-API speed-up (lib/ui/streamlit_private.py) and its public fallback.

With the versions it was written for, a table is rendered once (the last test here checks
Streamlit sends the same bytes as without it); with any other installed version it takes
the public path: the Styler as lib.tables made it, which Streamlit renders itself. Both paths
must put the same cells on screen.
"""

from __future__ import annotations

import datetime as dt
from importlib.metadata import version
from pathlib import Path

import pytest
from pandas.io.formats.style import Styler
from streamlit.elements.lib.pandas_styler_utils import marshall_styler
from streamlit.proto.ArrowData_pb2 import ArrowData

from lib import metrics, tables
from lib.campaign import load_campaign
from lib.dataset import Dataset
from lib.sources.sample import read_sample
from lib.ui import streamlit_private
from lib.validation import validate

DAY = dt.date(2026, 5, 20)
D = dt.date


def _table():
    campaign = load_campaign()
    ds = validate(read_sample(), campaign, DAY)
    return tables.coverage_table(metrics.village_table(ds, campaign, "adults", DAY), "vi")


def _sent(styler) -> ArrowData:
    proto = ArrowData()
    marshall_styler(proto, styler, "same")
    return proto


def test_the_pinned_versions_are_the_installed_ones() -> None:
    """A bump of Streamlit or pandas in requirements.txt must re-check the private names
    (then update WRITTEN_FOR): until then the public path is taken, slower but right."""
    lines = Path("requirements.txt").read_text(encoding="utf-8").splitlines()
    pins = dict(line.strip().split("==") for line in lines if "==" in line and "[" not in line)
    for name, written_for in streamlit_private.WRITTEN_FOR.items():
        assert pins[name] == written_for == version(name)
    assert streamlit_private.PRIVATE_OK


def test_the_public_path_and_the_private_one_send_the_same_cells(monkeypatch: pytest.MonkeyPatch) -> None:
    private = _sent(streamlit_private.rendered_once(_table()))
    monkeypatch.setattr(streamlit_private, "PRIVATE_OK", False)
    styler = _table()
    kept = streamlit_private.rendered_once(styler)
    assert kept is styler and "_translate" not in vars(kept), "other versions: the Styler untouched"
    public = _sent(kept)
    assert public.styler.display_values == private.styler.display_values
    assert public.data == private.data


def _every_table(sample: Dataset) -> dict[str, Styler]:
    campaign, as_of = load_campaign(), D(2026, 5, 24)
    table = metrics.village_table(sample, campaign, "adults", as_of)
    return {
        "coverage": tables.coverage_table(table, "vi"),
        "coverage, agencies": tables.coverage_table(
            metrics.agency_table(sample, campaign, "civil_servants", as_of), "en", "unit"
        ),
        "targets": tables.targets_table(metrics.target_results(sample, campaign, as_of), campaign, "vi"),
        "helpers": tables.helpers_table(metrics.helpers_by_village(sample, campaign, as_of), "vi"),
        "crosscheck": tables.crosscheck_table(metrics.crosscheck_table(sample, campaign, "adults", as_of), "vi"),
        "people": tables.people_table(metrics.people_table(sample), "vi", campaign.adult_age),
        "family groups": tables.coverage_table(
            metrics.family_group_table(sample, campaign, "adults", as_of, ["Thôn Trung Hà"]), "vi", "family_group"
        ),
    }


@pytest.mark.parametrize(
    "name", ["coverage", "coverage, agencies", "targets", "helpers", "crosscheck", "people", "family groups"]
)
def test_rendered_table_gives_streamlit_what_pandas_would(
    sample: Dataset, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """streamlit_private.rendered_once replaces pandas' Styler._translate and Streamlit's display-value copy;
    what st.dataframe sends must not change."""
    from streamlit.elements.lib import pandas_styler_utils
    from streamlit.elements.lib.pandas_styler_utils import marshall_styler
    from streamlit.proto.ArrowData_pb2 import ArrowData

    fresh, kept = _every_table(sample)[name], streamlit_private.rendered_once(_every_table(sample)[name])
    want = ArrowData()
    marshall_styler(want, fresh, "same")

    def not_again(*_: object) -> None:
        raise AssertionError("display values made again on a rerun")

    monkeypatch.setattr(pandas_styler_utils, "_use_display_values", not_again)
    for _ in range(2):  # what st.dataframe does, on every rerun
        got = ArrowData()
        marshall_styler(got, kept, "same")
        assert got.styler.display_values == want.styler.display_values
        assert got.styler.styles == want.styler.styles
    assert str(kept.data.iloc[0, 0]) in kept.to_html()  # any other use still renders afresh
