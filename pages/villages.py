"""Theo thôn: coverage per village for the chosen group, against its final target."""

import streamlit as st

from lib import charts, metrics, tables
from lib.formatting import fmt_int
from lib.texts import t
from lib.ui_state import current

view = current()
c, ds, f, lang = view.campaign, view.dataset, view.filters, view.lang
group = c.group(f.group)
label = group.label if lang == "vi" else group.label_en
target = c.final_target(group.key)
percent = float(target.percent) if target else None
rule = target.rule if target else None

if group.unit == "agency":
    st.subheader(t("villages.agencies_header", lang))
    table = metrics.agency_table(ds, c, group.key, f.as_of)
    st.plotly_chart(charts.village_figure(table, label, rule, percent, lang, name_column="unit"), key="village_chart")
    st.dataframe(tables.coverage_table(table, lang, name_column="unit"), hide_index=True)
else:
    st.subheader(t("villages.header", lang, group=label))
    table = metrics.village_table(ds, c, group.key, f.as_of, view.villages)
    if target is None:
        st.info(t("villages.no_target", lang))
    else:
        counts = metrics.status_counts(table)
        st.markdown(
            t(
                "villages.summary",
                lang,
                met=fmt_int(counts["met"], lang),
                on_track=fmt_int(counts["on_track"], lang),
                behind=fmt_int(counts["behind"], lang),
            )
        )
    st.plotly_chart(charts.village_figure(table, label, rule, percent, lang), key="village_chart")
    st.dataframe(tables.coverage_table(table, lang), hide_index=True)
