"""Theo thôn: coverage per village (or agency) for the chosen group, against its target."""

import streamlit as st

from lib import charts, metrics, tables, ui
from lib.markup import plain
from lib.texts import t

view = ui.current()
c, f, lang = view.campaign, view.filters, view.lang
group = c.group(f.group)
target = c.target_for(group.key, f.phase)

table = ui.unit_table(view, group.key)  # cached per dataset and filters, for every viewer
if group.unit == "agency":
    st.subheader(t("villages.agencies_header", lang))
    names = "unit"
    if f.villages:  # agencies belong to the commune, not to a village: said, not silently ignored
        st.info(t("overview.agencies_ignore_villages", lang), icon=":material/info:")
else:
    st.subheader(t("villages.header", lang, group=plain(group.title(lang))))
    names = "village"
if target is None:
    # No target for this group in this phase: coverage only (the judging columns are empty).
    table = table[[names, "installed", "base", "coverage"]]
    st.info(t("villages.no_target", lang))
elif group.unit == "village":
    st.markdown(tables.status_counts_text(metrics.status_counts(table), lang))
chart = ui.figure(
    "villages", view, lambda: charts.village_figure(table, group.title(lang), target, lang, name_column=names)
)
ui.show_figure(chart, "village_chart")
shown = ui.table("coverage", view, lambda: tables.coverage_table(table, lang, name_column=names))
st.dataframe(shown, hide_index=True)
ui.download_buttons(view, shown.data, f"theo-thon-{group.key}", "coverage")
