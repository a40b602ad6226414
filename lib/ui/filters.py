"""The shared filters: the sidebar, the language, and the URL that makes every view a link.

The app calls `setup()` once per run (language, source, filters in the sidebar); pages call
`current()` to get what it prepared."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import replace

import streamlit as st

from lib import clock, metrics
from lib.campaign import Campaign, CampaignError
from lib.dataset import Dataset
from lib.formatting import fmt_date
from lib.parsing import strip_diacritics
from lib.texts import t
from lib.ui import config as ui_config
from lib.ui import province
from lib.ui.loading import _load, _template
from lib.ui.state import (
    Q_AS_OF,
    Q_COMMUNE,
    Q_GROUP,
    Q_LANG,
    Q_MEETING,
    Q_PHASE,
    Q_ROTATE,
    Q_VILLAGES,
    ROTATE_SECONDS,
    Filters,
    View,
)
from lib.ui.streamlit_private import ran_without_app

# ----------------------------------------------------------------------------- filters


def language() -> str:
    """'vi' unless the URL or the sidebar switch asks for English."""
    if "f_lang" not in st.session_state:
        st.session_state["f_lang"] = st.query_params.get(Q_LANG) == "en"
    return "en" if st.session_state["f_lang"] else "vi"


def setup(villages_in_page: bool = False) -> View:
    """Load data and draw the shared sidebar filters; the result is kept for the pages.
    `villages_in_page`: the page draws the villages filter itself (`village_filter`)."""
    today = clock.today()
    lang = language()
    commune = province.choose(lang)  # province mode: the commune every page shows (?xa=)
    try:
        campaign = ui_config.get_campaign()
    except CampaignError as exc:  # province mode: this commune's campaign file has a mistake
        st.error(t("province.commune_campaign", lang, detail=exc.message(lang)), icon=":material/error:")
        st.stop()
    refresh = st.sidebar.button(t("source.refresh", lang), key="refresh", icon=":material/refresh:")
    ds, status = _load(today, refresh, lang)
    filters = _sidebar(ds, campaign, today, lang, commune.slug if commune is not None else "", villages_in_page)
    view = View(campaign, ds, filters, today, status)
    st.session_state["_view"] = view
    return view


def reload() -> View:
    """The same filters on the freshest shared data (for the meeting mode's timed reruns)."""
    view = current()
    ds, status = _load(view.today, False, view.lang)
    return View(view.campaign, ds, view.filters, view.today, status)


def current() -> View:
    """What `setup()` prepared in this run (pages run after the app's own code)."""
    if ran_without_app():
        st.rerun()  # now through app.py, which draws the frame and runs this page
    view = st.session_state.get("_view")
    return view if view is not None else setup()


def _init(key: str, value: object) -> None:
    if key not in st.session_state:
        st.session_state[key] = value


@functools.lru_cache(maxsize=65536)
def _village_label(name: str) -> str:
    """'Thôn Đông Hà (Thon Dong Ha)': the search box then finds it typed without diacritics."""
    plain = strip_diacritics(name)
    return name if plain == name else f"{name} ({plain})"


def _sidebar(
    ds: Dataset, campaign: Campaign, today: dt.date, lang: str, commune: str = "", villages_in_page: bool = False
) -> Filters:
    q = st.query_params
    names = ds.village_names
    groups = [g.key for g in campaign.groups]
    phases = [0, *(p.id for p in campaign.phases)]
    default_as_of = metrics.default_as_of(ds, today, campaign)
    first_day = min(metrics.first_day(ds, campaign), today)
    _init("f_villages", [v for v in q.get_all(Q_VILLAGES) if v in names])
    _init("f_group", q.get(Q_GROUP) if q.get(Q_GROUP) in groups else groups[0])
    phase = q.get(Q_PHASE, "")
    _init("f_phase", int(phase) if phase.isascii() and phase.isdigit() and int(phase) in phases else 0)
    chosen = _date_param(q.get(Q_AS_OF), first_day, today)
    _init("f_as_of_auto", chosen is None)  # follows the data until the viewer picks a date
    held = st.session_state.get("f_as_of")
    if st.session_state["f_as_of_auto"] or held is None or not first_day <= held <= today:
        st.session_state["f_as_of"] = chosen or default_as_of
    _init("f_meeting", q.get(Q_MEETING) == "1")
    _init("f_rotate", _rotate_param(q.get(Q_ROTATE)))
    # A village can vanish from the sheet between reads: keep only the ones still there. In
    # province mode another commune (another campaign) may have other groups and phases.
    st.session_state["f_villages"] = [v for v in st.session_state["f_villages"] if v in names]
    if st.session_state["f_group"] not in groups:
        st.session_state["f_group"] = groups[0]
    if st.session_state["f_phase"] not in phases:
        st.session_state["f_phase"] = 0
    with st.sidebar:
        st.toggle(t("filters.english", lang), key="f_lang")
        st.toggle(t("filters.meeting", lang), key="f_meeting", help=t("filters.meeting_help", lang))
        st.header(t("filters.header", lang))
        if not villages_in_page:
            _villages_box(names, lang)
        st.selectbox(
            t("filters.group", lang),
            groups,
            key="f_group",
            format_func=lambda k: campaign.group(k).title(lang),
        )
        st.selectbox(
            t("filters.phase", lang),
            phases,
            key="f_phase",
            format_func=lambda p: t("filters.all_phases", lang) if p == 0 else _phase_label(campaign, p, lang),
        )
        # A list of the days, newest first, rather than Streamlit's date box: the box applied a
        # typed date only when it lost focus, not on Enter; here typing "15/05" finds the day
        # and Enter chooses it, and a phone gets a list instead of a calendar.
        st.selectbox(
            t("filters.as_of", lang),
            [today - dt.timedelta(days=n) for n in range((today - first_day).days + 1)],
            key="f_as_of",
            format_func=fmt_date,
            on_change=_as_of_chosen,
        )
        st.caption(t("filters.share", lang))
        st.download_button(
            t("filters.template", lang),
            _template(campaign, campaign.name),
            file_name="mau-nhap-lieu-ihatinh.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key="template_download",
        )
    filters = Filters(
        villages=tuple(st.session_state["f_villages"]),
        group=st.session_state["f_group"],
        phase=st.session_state["f_phase"] or None,
        as_of=st.session_state["f_as_of"],
        lang="en" if st.session_state["f_lang"] else "vi",
        meeting=bool(st.session_state["f_meeting"]),
        rotate=st.session_state["f_rotate"] if st.session_state["f_meeting"] else 0,
        commune=commune,
    )
    _write_query(filters, follows_data=st.session_state["f_as_of_auto"])
    return filters


def _villages_box(names: list[str], lang: str, in_page: bool = False) -> None:
    """In a page, the label is hidden (a screen reader still reads it) and the box says what
    it does, so the first screen keeps its room for the figures."""
    st.multiselect(
        t("filters.villages", lang),
        names,
        key="f_villages",
        format_func=_village_label,
        help=None if in_page else t("filters.villages_help", lang),
        placeholder=t("filters.villages_in_page" if in_page else "scope.commune", lang, n=len(names)),
        label_visibility="collapsed" if in_page else "visible",
    )


def village_filter(view: View) -> View:
    """The villages filter drawn in the page, above what it filters; the view for its villages.

    The overview calls it inside a fragment (`st.fragment`): a village picked there reruns the
    fragment alone, not the title, the sidebar and the frame, which the browser would redraw
    too (bench/RESULTS.md, "The overview as a picture, HTML tables and a fragment"). A widget in the
    sidebar cannot belong to a fragment of the main area, hence its place. The choice is the
    same session value as the sidebar's box on the other pages, and the URL follows it."""
    _villages_box(view.dataset.village_names, view.lang, in_page=True)
    # The fragment is handed the view of the last full run: the URL and the stored view follow
    # this run's choice whatever it was then (back to that run's choice too).
    view = replace(view, filters=replace(view.filters, villages=tuple(st.session_state["f_villages"])))
    st.session_state["_view"] = view  # what meeting mode's watch and the next page start from
    _write_query(view.filters, follows_data=st.session_state["f_as_of_auto"])  # unchanged: no-op
    return view


def _rotate_param(value: str | None) -> int:
    """Seconds per page from ?xoay=N, within ROTATE_SECONDS; 0 (no rotation) when absent or not a number."""
    if not value or not value.isascii() or not value.isdigit():
        return 0
    low, high = ROTATE_SECONDS
    return min(max(int(value), low), high)


def _as_of_chosen() -> None:
    st.session_state["f_as_of_auto"] = False


def _phase_label(campaign: Campaign, phase_id: int, lang: str) -> str:
    phase = campaign.phase(phase_id)
    return f"{phase.title(lang)} ({fmt_date(phase.start)} – {fmt_date(phase.end)})"


def _date_param(value: str | None, low: dt.date, high: dt.date) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(value or "")
    except ValueError:
        return None
    return day if low <= day <= high else None


def _write_query(f: Filters, follows_data: bool) -> None:
    """Mirror the filters into the URL so the address bar is a shareable view."""
    wanted: dict[str, str | list[str]] = {}
    if f.commune:
        wanted[Q_COMMUNE] = f.commune
    if f.villages:
        wanted[Q_VILLAGES] = list(f.villages)
    wanted[Q_GROUP] = f.group
    if f.phase:
        wanted[Q_PHASE] = str(f.phase)
    if not follows_data:  # a chosen date is part of the view; the default follows the data
        wanted[Q_AS_OF] = f.as_of.isoformat()
    if f.lang == "en":
        wanted[Q_LANG] = "en"
    if f.meeting:
        wanted[Q_MEETING] = "1"
    if f.rotate:
        wanted[Q_ROTATE] = str(f.rotate)
    current = {k: (st.query_params.get_all(k) if k == Q_VILLAGES else st.query_params.get(k)) for k in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)
