"""Toàn tỉnh: every commune of the province ranked by people missing per target, each against its
own targets, with its data age and its problem; province totals as sums of people. lib computes
(lib/province.py, lib/province_table.py); this lays out. Province mode only (lib/ui/province.py)."""

import streamlit as st

from lib import province_table as pt
from lib import ui
from lib.texts import t

view = ui.province_view()
if view is None:  # province mode off: the one-commune app, and how to turn the mode on
    lang = ui.current().lang
    st.subheader(t("provincepage.off_header", lang))
    st.info(t("provincepage.off", lang), icon=":material/map:")
    st.stop()

rolled, lang = view.rolled, view.lang
now = pt.moment(view.now)
st.caption(pt.headline(rolled, lang))
query = pt.link_query(lang, view.meeting)
phases = pt.phases(rolled)
if not phases:
    st.info(t("provincepage.none", lang), icon=":material/hourglass_top:")
    ui.province_watch(view)
    st.stop()

current = pt.current_phase(rolled)
phase = st.sidebar.selectbox(  # in the sidebar: the first screen keeps room for the ranking
    t("provincepage.phase_pick", lang),
    phases,
    index=phases.index(current),
    format_func=lambda p: pt.phase_title(rolled, p, lang),
    key="province_phase",
)
st.subheader(t("provincepage.header", lang, phase=pt.phase_title(rolled, phase, lang)))
keys = pt.targets_of(rolled, phase)
cards = [pt.card(rolled, key, lang) for key in keys]
for i, card in enumerate(cards):
    if i % 3 == 0:
        columns = st.columns(min(len(cards), 3))
    with columns[i % 3].container(border=True):
        st.metric(card.title, card.coverage, delta=card.statuses or None, delta_color=card.tone, delta_arrow="off")
        st.caption(card.counts)

if len(keys) > 1:
    key = st.segmented_control(
        t("provincepage.target_pick", lang),
        keys,
        default=keys[0],
        format_func=lambda k: pt.title(rolled, k, lang),
        key=f"province_target_{phase}",
    )
    key = key or keys[0]
else:
    key = keys[0]
st.subheader(t("provincepage.ranking", lang, target=pt.title(rolled, key, lang)))
with st.container(key="province_ranking"):  # smaller type on a phone (lib/theme.py)
    st.table(pt.ranking_table(rolled, key, lang, now, query), border="horizontal")
st.caption(t("provincepage.how", lang))
ui.province_watch(view)
