"""Province mode in the app: one refresher for the server, the commune a view shows (`?xa=`),
and the frame of the province page.

Province mode is on when the environment variable IHATINH_PROVINCE or `[province] config` in
secrets.toml names a province.toml; otherwise nothing here runs and the app is the one-commune
app it always was (the province page is then a hidden page saying how to turn the mode on).

In province mode every commune page shows one commune: the one `?xa=<slug>` names (kept in the
URL like every filter), else the first of province.toml. Its figures come from the server's
refresher (lib/province_refresh.py), never from a read of its own: a page rerun never waits for
Google, except a commune page opened before that commune was ever read, which waits for that
one read (FIRST_READ_WAIT seconds at most).
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import streamlit as st

from lib.campaign import Campaign
from lib.dataset import Dataset
from lib.province import CommuneEntry, Province, ProvinceError, commune_secrets, load_province
from lib.province_refresh import FIRST_READ_WAIT, CommuneState, Refresher, empty_dataset, problem_of
from lib.province_schedule import FILE_CHECK_SECONDS
from lib.sources.gsheets import SheetConfig, config_from_secrets
from lib.sources.problems import Problem
from lib.texts import t
from lib.ui import config as ui_config
from lib.ui.state import Q_COMMUNE, Q_LANG, Q_MEETING, SourceStatus
from lib.ui.streamlit_private import ran_without_app

PROVINCE_ENV = "IHATINH_PROVINCE"
PAGE = "toan-tinh"
FIRST_PAGE_WAIT = 4.0  # the province page's first view after a start waits this long for first reads

# ------------------------------------------------------------------------------ the mode


def config_path() -> Path | None:
    """province.toml when province mode is on: IHATINH_PROVINCE, else `[province] config` in
    secrets.toml (a relative path is from the folder the server was started in)."""
    named = os.environ.get(PROVINCE_ENV, "").strip()
    if not named:
        section = ui_config._secrets().get("province")
        named = str(section.get("config", "")).strip() if isinstance(section, dict) else ""
    return Path(named).expanduser() if named else None


def active() -> bool:
    return config_path() is not None


_lock = threading.Lock()
_running: dict[str, tuple[int, Refresher | ProvinceError]] = {}  # path -> (mtime, refresher)


def refresher() -> Refresher:
    """The server's refresher of province.toml (started once; started again, and the old one
    stopped, when the file changes). Raises ProvinceError when the file is wrong."""
    path = config_path()
    assert path is not None, "province mode is off"
    key = str(path.resolve())
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        mtime = -1
    with _lock:
        known = _running.get(key)
        if known is None or known[0] != mtime:
            if known is not None and isinstance(known[1], Refresher):
                known[1].stop()
            try:
                made: Refresher | ProvinceError = Refresher(load_province(path), shared=_shared_reads).start()
            except ProvinceError as exc:
                made = exc
            _running[key] = known = (mtime, made)
    if isinstance(known[1], ProvinceError):
        raise known[1]
    return known[1]


def _shared_reads(entry: CommuneEntry, config: SheetConfig):
    """The store's row of a commune's sheet: one Google read per slot for every process of the
    app (lib/store/shared_reads.py; the store asked for at each use, as for the one sheet)."""
    from lib.ui import history

    return history.shared_reads(config)


def stop_all() -> None:
    """Stop every refresher (tests: no thread outlives its test)."""
    with _lock:
        for _, made in _running.values():
            if isinstance(made, Refresher):
                made.stop()
        _running.clear()


# ------------------------------------------------------------------------------ one commune


def chosen() -> CommuneEntry | None:
    """The commune this session's commune pages show; None when province mode is off."""
    if not active():
        return None
    province = refresher().province
    # The picker's own key goes when a page without it runs (the province page): "_commune" keeps
    # the choice for the next commune page of this session; a new session starts from ?xa=.
    slug = st.session_state.get("f_commune") or st.session_state.get("_commune")
    if slug is None:
        slug = st.query_params.get(Q_COMMUNE, "")
    entry = province.commune(slug) if slug else None
    return entry or province.communes[0]


def choose(lang: str) -> CommuneEntry | None:
    """The commune picker at the top of the sidebar (province mode only); its choice is the
    `?xa=` of the URL. A province.toml with a mistake stops the page with the message."""
    if not active():
        return None
    try:
        province = refresher().province
    except ProvinceError as exc:
        st.error(exc.message(lang), icon=":material/error:")
        st.stop()
    entry = chosen()
    slugs = [c.slug for c in province.communes]
    names = {c.slug: c.name for c in province.communes}
    st.session_state["f_commune"] = entry.slug
    st.sidebar.selectbox(t("provincepage.commune", lang), slugs, key="f_commune", format_func=names.get)
    st.session_state["_commune"] = st.session_state["f_commune"]
    return province.commune(st.session_state["f_commune"])


@st.cache_resource(max_entries=256, show_spinner=False)
def _named(_campaign: Campaign, campaign_id: int, name: str) -> Campaign:
    return replace(_campaign, commune=name)


def commune_campaign() -> Campaign | None:
    """The campaign of the commune the view shows, named as province.toml names the commune
    (communes sharing one campaign.toml still each show their own name); None when province
    mode is off. Raises CampaignError when the commune's campaign file is wrong."""
    entry = chosen()
    if entry is None:
        return None
    campaign = refresher().campaign(entry.name)
    return _named(campaign, id(campaign), entry.name)


def commune_sheet() -> SheetConfig | None:
    """The Google Sheet of the commune the view shows (None for a file commune)."""
    entry = chosen()
    if entry is None or entry.source is not None:
        return None
    try:
        return config_from_secrets(commune_secrets(entry))
    except Exception:  # the secrets file unreadable: the commune's banner says so
        return None


def commune_store_source() -> tuple[str, str] | None:
    """(kind, where) naming the commune's reads in the snapshot store, as `python -m lib snapshot`
    names them; None when province mode is off."""
    entry = chosen()
    if entry is None:
        return None
    if entry.source is not None:
        return "file", str(entry.source)
    config = commune_sheet()
    return ("gsheets", config.spreadsheet_id) if config is not None else ("unread", entry.name)


def commune_data(today, refresh: bool, lang: str) -> tuple[Dataset, SourceStatus]:
    """The chosen commune's last good figures and their status, from the refresher. 'Làm mới'
    asks for a read now (once per 15 s) and waits for it, as a page does for a first read."""
    entry = chosen()
    source = refresher()
    source.touch()
    state = source.state(entry.name)
    throttled = 0.0
    if refresh:
        throttled = source.refresh(entry.name)
    if (refresh and not throttled) or state.attempts == 0:
        with st.spinner(t("source.reading", lang)):
            state = source.wait_for(entry.name, FIRST_READ_WAIT, after=state.attempts)
    campaign = commune_campaign()
    ds = state.good.dataset if state.good is not None else _empty(campaign, state.kind, today)
    return ds, _status(state, throttled)


@st.cache_resource(max_entries=64, show_spinner=False)
def _empty_of(_campaign: Campaign, campaign_id: int, kind: str, today) -> Dataset:
    return empty_dataset(_campaign, kind, today)


def _empty(campaign: Campaign, kind: str, today) -> Dataset:
    return _empty_of(campaign, id(campaign), kind, today)


def _status(state: CommuneState, throttled: float) -> SourceStatus:
    entry = state.entry
    problem = problem_of(state.failed)
    if problem is None and state.good is None:
        messages = tuple((lang, t("province.commune_pending", lang)) for lang in ("vi", "en"))
        problem = Problem("pending", messages=messages)
    config = commune_sheet() if state.kind != "file" else None
    title = entry.source.name if entry.source is not None else (state.title or entry.name)
    return SourceStatus(
        kind="commune_file" if state.kind == "file" else state.kind,
        title=title,
        read_at=state.good_at,
        problem=problem,
        email=state.email,
        requests_last_hour=len(state.requests) if state.kind != "file" else None,
        throttled_for=throttled,
        spreadsheet_id=config.spreadsheet_id if config is not None else "",
        ttl=state.slot.ttl if state.slot is not None else FILE_CHECK_SECONDS,
    )


# ------------------------------------------------------------------------------ the province page


@dataclass(frozen=True)
class ProvinceView:
    """What the province page lays out: the roll-up now, each commune's state, the viewer's
    language and meeting mode."""

    province: Province
    rolled: dict[str, Any]
    states: tuple[CommuneState, ...]
    lang: str
    meeting: bool
    now: float
    version: tuple


def province_setup(lang: str) -> ProvinceView:
    """The province page's frame (in place of a commune's filters): title, language and meeting
    switches, the URL; the roll-up of every commune's latest good read."""
    from lib import theme
    from lib.markup import plain

    try:
        source = refresher()
    except ProvinceError as exc:
        st.error(exc.message(lang), icon=":material/error:")
        st.stop()
    source.touch()
    if all(s.attempts == 0 for s in source.all_states()):  # the server just started: its first reads
        with st.spinner(t("source.reading", lang)):
            source.wait_for_all(FIRST_PAGE_WAIT)
    for key, name in (("f_lang", Q_LANG), ("f_meeting", Q_MEETING)):
        if key not in st.session_state:
            st.session_state[key] = st.query_params.get(name) == ("en" if key == "f_lang" else "1")
    with st.sidebar:
        st.toggle(t("filters.english", lang), key="f_lang")
        st.toggle(t("filters.meeting", lang), key="f_meeting", help=t("filters.meeting_help", lang))
        st.caption(t("provincepage.sidebar", lang))
    lang = "en" if st.session_state["f_lang"] else "vi"
    meeting = bool(st.session_state["f_meeting"])
    wanted = {**({Q_LANG: "en"} if lang == "en" else {}), **({Q_MEETING: "1"} if meeting else {})}
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)
    st.html(theme.style(meeting, lang))
    province = source.province
    st.title(t("provincepage.title", lang, province=plain(province.name or "—")))
    view = ProvinceView(
        province, source.roll_up(), tuple(source.all_states()), lang, meeting, time.time(), source.version()
    )
    st.session_state["_province_view"] = view
    return view


def province_view() -> ProvinceView | None:
    """What `province_setup` prepared in this run; None when province mode is off."""
    if ran_without_app():
        st.rerun()  # now through app.py (see lib/ui/filters.current)
    if not active():
        return None
    view = st.session_state.get("_province_view")
    if view is None:
        st.rerun()
    return view


def province_watch(view: ProvinceView) -> None:
    """The province page redraws itself when a commune's figures, read time or problem change:
    every 2 s while some commune was never read (the first pass), else every 10 s in meeting
    mode or 30 s otherwise (ages in minutes move on). It never reads anything itself."""
    first_pass = any(s.attempts == 0 for s in view.states)
    every = 2 if first_pass else (10 if view.meeting else 30)

    @st.fragment(run_every=every)
    def watch() -> None:
        source = refresher()
        source.touch()
        if source.version() != view.version or (not first_pass and time.time() - view.now >= 60):
            st.rerun()
        if view.meeting:
            from lib.freshness import fmt_time

            st.caption(t("meeting.updated", view.lang, time=fmt_time(time.time())))

    watch()
