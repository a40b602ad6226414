"""Theo thôn: coverage per village (or agency) for the chosen group, against its target."""

import streamlit as st

from lib import charts, metrics, tables
from lib.formatting import fmt_int
from lib.texts import t
from lib.ui_state import current

view = current()
c, ds, f, lang = view.campaign, view.dataset, view.filters, view.lang
group = c.group(f.group)
target = c.target_for(group.key, f.phase)

if group.unit == "agency":
    st.subheader(t("villages.agencies_header", lang))
    table = metrics.agency_table(ds, c, group.key, f.as_of, f.phase)
    names = "unit"
else:
    st.subheader(t("villages.header", lang, group=group.title(lang)))
    table = metrics.village_table(ds, c, group.key, f.as_of, view.villages, f.phase)
    names = "village"
if target is None:
    st.info(t("villages.no_target", lang))
elif group.unit == "village":
    counts = {k: fmt_int(v, lang) for k, v in metrics.status_counts(table).items()}
    st.markdown(t("villages.summary", lang, **counts))
st.plotly_chart(charts.village_figure(table, group.title(lang), target, lang, name_column=names), key="village_chart")
st.dataframe(tables.coverage_table(table, lang, name_column=names), hide_index=True)
