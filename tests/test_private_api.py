"""The private-API speed-up (lib/ui/streamlit_private.py) and its public fallback.

With the versions it was written for, a table is rendered once (tests/test_caching.py checks
Streamlit sends the same bytes as without it); with any other installed version it takes
the public path: the Styler as lib.tables made it, which Streamlit renders itself. Both paths
must put the same cells on screen.
"""

from __future__ import annotations

import datetime as dt
from importlib.metadata import version
from pathlib import Path

import pytest
from streamlit.elements.lib.pandas_styler_utils import marshall_styler
from streamlit.proto.ArrowData_pb2 import ArrowData

from lib import metrics, tables
from lib.campaign import load_campaign
from lib.sources.sample import read_sample
from lib.ui import streamlit_private
from lib.validation import validate

DAY = dt.date(2026, 5, 20)


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
