"""Derived values (lib/ui/derived.py) in the running app: a rerun that changed nothing
recomputes nothing, for this viewer or another, and what the cached pages show is what lib
computes directly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib import metrics, tables
from lib.campaign import load_campaign
from lib.dataset import Dataset
from tests.conftest import SAMPLE_TODAY as TODAY

ROOT = Path(__file__).resolve().parents[2]
D = dt.date
# fresh_app: pinned today, empty caches (tests/conftest.py); slow: AppTests, out of the quick subset
pytestmark = [pytest.mark.usefixtures("fresh_app"), pytest.mark.slow]


def app(page: str, secrets: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if secrets:
        at.secrets.update(secrets)
    else:
        at.secrets["tests"] = "sample"
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def counting(monkeypatch: pytest.MonkeyPatch, module, name: str) -> list[int]:
    calls: list[int] = []
    original = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_group_without_a_target_in_the_phase_shows_coverage_only() -> None:
    """Người dân từ 18 tuổi has no Đợt 1 target: the page showed a traceback before."""
    at = app("pages/theo-thon.py")
    at.selectbox(key="f_group").set_value("adults").run()
    at.selectbox(key="f_phase").set_value(1).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.info and at.get("plotly_chart")


@pytest.mark.parametrize(
    ("page", "module", "name"),
    [
        ("pages/tong-quan.py", metrics, "target_results"),
        ("pages/tong-quan.py", metrics, "commune_progress"),
        ("pages/theo-thon.py", metrics, "village_table"),
        ("pages/theo-thon.py", tables, "coverage_table"),
        ("pages/luc-luong.py", metrics, "helpers_by_village"),
        ("pages/tien-do.py", metrics, "progress_series"),
    ],
)
def test_unchanged_reruns_and_other_viewers_recompute_nothing(
    monkeypatch: pytest.MonkeyPatch, page: str, module, name: str
) -> None:
    calls = counting(monkeypatch, module, name)
    at = app(page)
    first = len(calls)
    assert first >= 1
    for _ in range(3):
        at.run()
    other = app(page)  # another viewer, same filters
    assert len(calls) == first
    other.selectbox(key="f_group").set_value("party_members").run()
    other.selectbox(key="f_as_of").set_value(D(2026, 5, 20)).run()
    assert len(calls) > first  # a real change is computed
    changed = len(calls)
    at.selectbox(key="f_group").set_value("party_members").run()
    at.selectbox(key="f_as_of").set_value(D(2026, 5, 20)).run()
    assert len(calls) == changed  # ...once, for every viewer who picks it


def test_figures_match_a_fresh_computation(sample: Dataset) -> None:
    """What the cached pages show is what lib computes directly for the same filters."""
    campaign, ds = load_campaign(), sample
    at = app("pages/theo-thon.py")
    at.selectbox(key="f_group").set_value("party_members").run()
    at.run()  # from the cache
    shown = at.dataframe[0].value
    want = metrics.village_table(ds, campaign, "party_members", metrics.default_as_of(ds, TODAY, campaign))
    assert shown["Thôn"].tolist() == want.sort_values("coverage", na_position="first")["village"].tolist()
