"""Tiến độ: new installs per day and running totals, for the commune or chosen villages."""

import streamlit as st

from lib import charts, ui
from lib.markup import plain
from lib.texts import t

view = ui.current()
c, f, lang = view.campaign, view.filters, view.lang
group = c.group(f.group)
label = group.title(lang)

if group.unit == "agency":
    st.info(t("progress.agency_note", lang))
else:
    st.subheader(t("progress.header", lang, group=plain(label)))
    series = ui.progress_series(view, group.key, t("progress.commune", lang))
    goal = ui.goal(view, group.key)  # installs the phase's target needs, for its line
    chart = ui.figure("daily", view, lambda: charts.daily_figure(series, label, lang, goal))
    ui.show_figure(chart, "daily_chart")
    ui.download_buttons(view, series, f"tien-do-{group.key}", "daily")
