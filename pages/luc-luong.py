"""Lực lượng hỗ trợ: IT-skilled helpers per village against the minimum, and sessions held."""

import streamlit as st

from lib import charts, metrics, tables, ui
from lib.markup import plain
from lib.texts import t

AS_OF_VILLAGES = ("as_of", "villages", "lang")  # neither group nor phase changes these
view = ui.current()
c, f, lang = view.campaign, view.filters, view.lang

st.subheader(t("helpers.header", lang))
table = ui.helpers_by_village(view)  # cached per dataset and filters, for every viewer
gaps = metrics.support_gaps(table)
chart = ui.figure("helpers", view, lambda: charts.helpers_figure(table, c.min_helpers_it, lang), on=AS_OF_VILLAGES)
ui.show_figure(chart, "helpers_chart")
if gaps["short_helpers"]:
    st.warning(f"**{t('helpers.short', lang, min=c.min_helpers_it)}:** " + ", ".join(map(plain, gaps["short_helpers"])))
else:
    st.success(t("helpers.all_ok", lang))
st.subheader(t("helpers.sessions", lang))
if gaps["no_sessions"]:
    st.warning(t("helpers.no_sessions", lang, names=", ".join(map(plain, gaps["no_sessions"]))))
else:
    st.success(t("helpers.all_sessions", lang))
shown = ui.table("helpers", view, lambda: tables.helpers_table(table, lang), on=AS_OF_VILLAGES)
st.dataframe(shown, hide_index=True)
ui.download_buttons(view, shown.data, "luc-luong-ho-tro", "helpers")
st.caption(t("helpers.privacy", lang))
