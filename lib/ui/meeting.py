"""Meeting mode: a meeting-room screen that keeps itself current and can turn through pages."""

from __future__ import annotations

import time

import streamlit as st

from lib.freshness import fmt_time
from lib.texts import t
from lib.ui.filters import reload
from lib.ui.state import Q_MEETING, View


def meeting_requested() -> bool:
    """Meeting mode asked for by the URL or the switch (read before the sidebar is drawn)."""
    return st.session_state.get("f_meeting", st.query_params.get(Q_MEETING) == "1")


def meeting_watch(view: View, rotation: list[str], here: str) -> None:
    """Meeting mode keeps every page current by itself: every TTL the page checks the shared
    data (no extra Google reads: the same cache as every viewer) and redraws only when it
    changed; with ?xoay=N it goes to the next page of `rotation` every N seconds. Shows when
    the screen was last brought up to date."""
    f = view.filters
    if not f.meeting:
        return
    st.session_state["_drawn_at"] = time.monotonic()
    every = f.rotate or max(view.source.ttl, 5)

    @st.fragment(run_every=every)
    def watch() -> None:
        if f.rotate and time.monotonic() - st.session_state["_drawn_at"] >= f.rotate - 1:
            addresses = [p.removeprefix("pages/").removesuffix(".py") for p in rotation]
            at = addresses.index(here) if here in addresses else -1
            st.switch_page(rotation[(at + 1) % len(rotation)])
        if reload().token != view.token:
            st.rerun()
        st.caption(t("meeting.updated", view.lang, time=fmt_time(time.time())))

    watch()
