"""What pages show, derived from the shared dataset and cached for every viewer.

Each value builds its own cache key from its inputs (the dataset's token and the view's
filters), so a page never builds a key and cannot be served a stale table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any

import streamlit as st

from lib import actions, metrics, ranking
from lib.campaign import Campaign, Phase
from lib.dataset import Dataset

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler
from lib.ui.state import View
from lib.ui.streamlit_private import rendered_once

# ------------------------------------------------------------------ derived tables, figures
#
# A validated dataset is shared by every session (see `_validated`), so what the pages derive
# from it is too: each table below is computed once per dataset and filter choice, for the
# whole server, and a rerun that changed nothing (or a viewer choosing what another already
# chose) reads it back. Keys are a token naming the dataset plus the filters; DataFrames are
# never hashed. Tables go through st.cache_data (each caller gets its own copy); figures through
# st.cache_resource (shared objects: st.plotly_chart only reads them).


def _villages_key(view: View) -> tuple[str, ...]:
    return tuple(view.filters.villages)


@st.cache_data(max_entries=256, show_spinner=False)
def _target_results(token: str, _ds: Dataset, _campaign: Campaign, as_of: dt.date, villages: tuple, phase, today):
    return metrics.target_results(_ds, _campaign, as_of, list(villages) or None, phase, today)


def target_results(view: View) -> list[metrics.Evaluation]:
    f = view.filters
    args = (f.as_of, _villages_key(view), f.phase, view.today)
    return _target_results(view.token, view.dataset, view.campaign, *args)


@st.cache_data(max_entries=256, show_spinner=False)
def _behind(token: str, _ds: Dataset, _campaign: Campaign, as_of: dt.date, villages: tuple, phase: int, today):
    return ranking.villages_behind(_ds, _campaign, as_of, today, list(villages) or None, phase)


def current_phase(view: View) -> Phase:
    """The phase the sidebar chose, else the one the as-of date falls in (`ranking.current_phase`)."""
    f = view.filters
    return view.campaign.phase(f.phase) if f.phase else ranking.current_phase(view.campaign, f.as_of)


def villages_behind(view: View) -> list[ranking.Behind]:
    """The villages behind on the current phase's targets, most people missing first."""
    f = view.filters
    args = (f.as_of, _villages_key(view), current_phase(view).id, view.today)
    return _behind(view.token, view.dataset, view.campaign, *args)


def goal(view: View, group: str) -> tuple[int, str] | None:
    """(installs the group's target of the current phase needs over the selection, its rule
    in words), or None without a target or a base."""
    from lib.formatting import rule_text

    phase = current_phase(view).id
    e = next((e for e in target_results(view) if e.group == group and e.target.phase == phase), None)
    if e is None or e.base is None:
        return None
    return metrics.required_installs(e.base, e.target), rule_text(e.target.rule, e.target.percent, view.lang)


def actions_today(view: View) -> list[actions.Action]:
    return actions.for_today(helpers_by_village(view), view.dataset)


@st.cache_data(max_entries=256, show_spinner=False)
def _commune_progress(token: str, _ds: Dataset, _campaign: Campaign, until: dt.date, villages: tuple):
    return metrics.commune_progress(_ds, _campaign, until, list(villages) or None)


def commune_progress(view: View):
    return _commune_progress(view.token, view.dataset, view.campaign, view.filters.as_of, _villages_key(view))


@st.cache_data(max_entries=256, show_spinner=False)
def _helpers_by_village(token: str, _ds: Dataset, _campaign: Campaign, as_of: dt.date, villages: tuple):
    return metrics.helpers_by_village(_ds, _campaign, as_of, list(villages) or None)


def helpers_by_village(view: View):
    return _helpers_by_village(view.token, view.dataset, view.campaign, view.filters.as_of, _villages_key(view))


@st.cache_data(max_entries=256, show_spinner=False)
def _unit_table(token: str, _ds: Dataset, _campaign: Campaign, unit: str, group: str, as_of, villages, phase, today):
    if unit == "agency":
        return metrics.agency_table(_ds, _campaign, group, as_of, phase, today)
    return metrics.village_table(_ds, _campaign, group, as_of, list(villages) or None, phase, today)


def unit_table(view: View, group: str):
    """Per village (or per agency, for an agency group) against the group's target."""
    f, unit = view.filters, view.campaign.group(group).unit
    args = (unit, group, f.as_of, _villages_key(view), f.phase, view.today)
    return _unit_table(view.token, view.dataset, view.campaign, *args)


@st.cache_data(max_entries=256, show_spinner=False)
def _progress_series(token: str, _ds: Dataset, _campaign: Campaign, group, until, villages, label, phase):
    return metrics.progress_series(_ds, _campaign, group, until, list(villages) or None, label, phase)


def progress_series(view: View, group: str, commune_label: str):
    f = view.filters
    args = (group, f.as_of, _villages_key(view), commune_label, f.phase)
    return _progress_series(view.token, view.dataset, view.campaign, *args)


@st.cache_data(max_entries=256, show_spinner=False)
def _family_groups(token: str, _ds: Dataset, _campaign: Campaign, group: str, as_of, village: str, phase, today):
    return metrics.family_group_table(_ds, _campaign, group, as_of, [village], phase, today)


def family_group_table(view: View, village: str):
    """One village's inter-family groups against the chosen group's target."""
    f = view.filters
    args = (f.group, f.as_of, village, f.phase, view.today)
    return _family_groups(view.token, view.dataset, view.campaign, *args)


@st.cache_data(max_entries=32, show_spinner=False)
def _drillable(token: str, _ds: Dataset, villages: tuple):
    return metrics.villages_with_family_groups(_ds, list(villages) or None)


def villages_with_family_groups(view: View) -> list[str]:
    return _drillable(view.token, view.dataset, _villages_key(view))


@st.cache_data(max_entries=32, show_spinner=False)
def _listed(token: str, _ds: Dataset, villages: tuple):
    return metrics.villages_with_list(_ds, list(villages) or None)


def villages_with_list(view: View) -> list[str]:
    return _listed(view.token, view.dataset, _villages_key(view))


@st.cache_data(max_entries=64, show_spinner=False)
def _people_of(token: str, _ds: Dataset, village: str, as_of: dt.date):
    return metrics.people_table(_ds, [village], as_of)


def people_of(view: View, village: str):
    """One village's person list up to the as-of date (a province list holds a million rows;
    a page shows one village's few hundred). Call only for an authorised viewer."""
    return _people_of(view.token, view.dataset, village, view.filters.as_of)


@st.cache_data(max_entries=8, show_spinner=False)
def _list_summary(token: str, _ds: Dataset):
    from lib.people import list_summary

    return list_summary(_ds.people, _ds.village_names)


def list_summary(view: View):
    """Per village with a person list: rows, people counted, repeats, minors (one pass per read)."""
    return _list_summary(view.token, view.dataset)


@st.cache_data(max_entries=256, show_spinner=False)
def _crosscheck(token: str, _ds: Dataset, _campaign: Campaign, group: str, as_of, villages: tuple, by_group: bool):
    return metrics.crosscheck_table(_ds, _campaign, group, as_of, list(villages) or None, by_group)


def crosscheck_table(view: View, by_family_group: bool = False, village: str | None = None):
    """Per village of the selection, or per inter-family group (of one `village` when given)."""
    f = view.filters
    args = (f.group, f.as_of, (village,) if village else _villages_key(view), by_family_group)
    return _crosscheck(view.token, view.dataset, view.campaign, *args)


@st.cache_resource(max_entries=32, show_spinner=False)
def _figure(kind: str, token: str, key: tuple, _build: Callable[[], Any]) -> Any:
    return _build()


DATA_FILTERS = ("villages", "group", "phase", "as_of", "lang")  # what a figure can depend on


def _key(view: View, on: tuple[str, ...], inputs: tuple) -> tuple:
    """The cache key: the values, taken from the view here, of the filters a value depends on
    (all of them unless the page says fewer), and its other inputs."""
    unknown = set(on) - set(DATA_FILTERS)
    if unknown:
        raise ValueError(f"not a filter: {sorted(unknown)}")
    return tuple(getattr(view.filters, name) for name in on), inputs


def figure(
    kind: str, view: View, build: Callable[[], Any], *inputs: Hashable, on: tuple[str, ...] = DATA_FILTERS
) -> Any:
    """A chart built once per dataset, the filters it depends on (`on`: every filter and the
    language unless the page names fewer, so that, say, the helpers chart is not rebuilt when
    only the group changes) and `inputs` (what else `build` reads, such as the village drilled
    into), and shared; never modify it. The key's values are taken from the view here, so no
    page can hand a stale one."""
    return _figure(kind, view.token, _key(view, on, inputs), build)


def show_figure(fig: Any, key: str) -> None:
    """Draw a chart of lib.charts. Without Streamlit's plotly theme (`theme=None`): re-applied
    in the browser on every redraw it cost ~0,2 s (bench/RESULTS.md, browser); the charts'
    whole look is set in `charts._chart`."""
    st.plotly_chart(fig, key=key, theme=None)


def show_picture(svg: str, alt: str, caption: str) -> None:
    """Draw a chart of lib.charts_image: an SVG inside the page's own message (a data URL, no
    second request), at its own size or narrower, never wider (its text would grow)."""
    st.image(svg, caption=caption, alt=alt, width="content")


@st.cache_resource(max_entries=32, show_spinner=False)
def _table(kind: str, token: str, key: tuple, _build: Callable[[], Styler]) -> Styler:
    return rendered_once(_build())


def table(
    kind: str, view: View, build: Callable[[], Styler], *inputs: Hashable, on: tuple[str, ...] = DATA_FILTERS
) -> Styler:
    """A formatted table (a pandas Styler from lib.tables) built and rendered once per dataset,
    view and `inputs` (as `figure`), shared; never modify it."""
    return _table(kind, view.token, _key(view, on, inputs), build)
