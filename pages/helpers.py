"""Lực lượng hỗ trợ: IT-skilled helpers per village against the minimum, and sessions held."""

import streamlit as st

from lib import charts, metrics, tables
from lib.texts import t
from lib.ui_state import current

view = current()
c, ds, f, lang = view.campaign, view.dataset, view.filters, view.lang

st.subheader(t("helpers.header", lang))
table = metrics.helpers_by_village(ds, c, f.as_of, view.villages)
gaps = metrics.support_gaps(table)
st.plotly_chart(charts.helpers_figure(table, c.min_helpers_it, lang), key="helpers_chart")
if gaps["short_helpers"]:
    st.warning(f"**{t('helpers.short', lang, min=c.min_helpers_it)}:** " + ", ".join(gaps["short_helpers"]))
else:
    st.success(t("helpers.all_ok", lang))
st.subheader(t("helpers.sessions", lang))
if gaps["no_sessions"]:
    st.warning(t("helpers.no_sessions", lang, names=", ".join(gaps["no_sessions"])))
else:
    st.success(t("helpers.all_sessions", lang))
st.dataframe(tables.helpers_table(table, lang), hide_index=True)
st.caption(t("helpers.privacy", lang))
