"""Tiến độ: new installs per day and running totals, for the commune or chosen villages."""

import streamlit as st

from lib import charts, metrics
from lib.texts import t
from lib.ui_state import current

view = current()
c, ds, f, lang = view.campaign, view.dataset, view.filters, view.lang
group = c.group(f.group)
label = group.title(lang)

if group.unit == "agency":
    st.info(t("progress.agency_note", lang))
else:
    st.subheader(t("progress.header", lang, group=label))
    series = metrics.progress_series(ds, c, group.key, f.as_of, view.villages, t("progress.commune", lang), f.phase)
    st.plotly_chart(charts.daily_figure(series, label, lang), key="daily_chart")
