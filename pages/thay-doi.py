"""Thay đổi: what changed between two stored reads, village by village, and one village's
history (coverage over read time next to coverage by report date). lib computes; this lays out."""

import datetime as dt

import streamlit as st

from lib import changes_tables as ct
from lib import ui
from lib.charts_history import history_figure
from lib.texts import t

view = ui.current()
c, lang = view.campaign, view.lang
st.subheader(t("changespage.header", lang))

snaps = ui.stored_reads()
if snaps is None:
    st.warning(t("changespage.store_down", lang), icon=":material/cloud_off:")
    st.stop()
if not snaps:
    st.info(t("changespage.none", lang), icon=":material/history:")
    st.stop()
if len(snaps) == 1:
    st.info(
        t("changespage.only_one", lang, n=int(snaps[0].id), time=ct.fmt_moment(snaps[0].read_at)),
        icon=":material/history:",
    )
    st.stop()

now = ui.store_now()
first, last = ct.default_pair(snaps, now)
by_id = {int(s.id): s for s in snaps}
ids = list(by_id)
labels = {int(s.id): ct.snapshot_label(s) for s in snaps}
mode = st.radio(
    t("changespage.mode", lang),
    ["reads", "meeting"],
    format_func=lambda m: t(f"changespage.mode_{m}", lang),
    horizontal=True,
    key="changes_mode",
)
left, right = st.columns(2)
if mode == "meeting":
    yesterday = now.date() - dt.timedelta(days=1)
    with left:
        day = st.date_input(t("changespage.meeting_day", lang), value=yesterday, format="DD/MM/YYYY", key="meeting_day")
    with right:
        hour = st.time_input(t("changespage.meeting_time", lang), value=dt.time(17, 0), key="meeting_time", step=900)
    old = ct.in_force(snaps, dt.datetime.combine(day, hour))
    new = last
else:
    with left:
        old = by_id[
            st.selectbox(
                t("changespage.from", lang), ids, index=ids.index(int(first.id)), format_func=labels.get, key="from"
            )
        ]
    with right:
        new = by_id[
            st.selectbox(
                t("changespage.to", lang), ids, index=ids.index(int(last.id)), format_func=labels.get, key="to"
            )
        ]

st.caption(
    t("changespage.between", lang, a=int(old.id), a_time=ct.fmt_moment(old.read_at), b=int(new.id),
      b_time=ct.fmt_moment(new.read_at))
)  # fmt: skip
if (old.read_at, old.id) > (new.read_at, new.id):
    st.warning(t("changespage.reversed", lang), icon=":material/swap_horiz:")
    st.stop()

result = ui.stored_changes(int(old.id), int(new.id))
if result is None:
    st.warning(t("changespage.store_down", lang), icon=":material/cloud_off:")
    st.stop()
if old.id == new.id or not (result["villages"] or result["rejected_new"] or result["rejected_fixed"]):
    st.success(t("changespage.no_changes", lang), icon=":material/check_circle:")
else:
    st.markdown(ct.summary_line(result, lang))
    if result["villages"]:
        st.markdown(f"**{t('changespage.by_village', lang)}**")
        st.dataframe(ct.village_table(result, c, lang), hide_index=True, key="changes_villages")
    old_rows = ct.row_changes(result, c, lang, old_only=True)
    if len(old_rows):
        st.markdown(f"**:orange[:material/warning:] {t('changespage.old_data_header', lang)}**")
        st.caption(t("changespage.old_data_note", lang))
        st.dataframe(old_rows, hide_index=True, key="changes_old")
    rows = ct.row_changes(result, c, lang)
    if len(rows):
        st.markdown(f"**{t('changespage.rows_header', lang)}**")
        st.dataframe(rows, hide_index=True, key="changes_rows")
    if result["rejected_new"]:
        st.markdown(f"**{t('changespage.rejected_header', lang)}**")
        st.dataframe(ct.rejected_table(result["rejected_new"], lang), hide_index=True, key="changes_rejected")
    if result["rejected_fixed"]:
        st.caption(ct.rejected_fixed_line(result, lang))

st.divider()
st.subheader(t("changespage.history_header", lang))
villages = ui.stored_village_names(int(last.id))
if villages:
    changed = [v["village"] for v in result["villages"] if v["village"] in villages]
    village = st.selectbox(
        t("changespage.village", lang),
        villages,
        index=villages.index(changed[0]) if changed else 0,
        key="history_village",
    )
    group = c.group(view.filters.group)
    if group.unit != "village":
        group = c.village_groups[0]
    history = ui.stored_history(snaps, village)
    if history is None:
        st.warning(t("changespage.store_down", lang), icon=":material/cloud_off:")
    else:
        ui.show_figure(history_figure(history, group.key, group.title(lang), lang), "history_chart")
        st.caption(t("changespage.history_note", lang))
