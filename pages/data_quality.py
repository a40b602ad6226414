"""Chất lượng dữ liệu: every rejected row and warning, with where it is and what to fix."""

import streamlit as st

from lib import tables
from lib.formatting import fmt_int
from lib.quality import quality_summary
from lib.texts import t
from lib.ui_state import current

view = current()
ds, lang = view.dataset, view.lang
summary = quality_summary(ds)

st.subheader(t("quality.header", lang))
st.markdown(
    t(
        "quality.balance",
        lang,
        read=fmt_int(summary["read"], lang),
        accepted=fmt_int(summary["accepted"], lang),
        rejected=fmt_int(summary["rejected"], lang),
    )
)
st.dataframe(tables.rows_table(ds.rows, lang), hide_index=True)

st.subheader(t("quality.rejected", lang, n=fmt_int(len(ds.rejected), lang)))
if summary["installs_lost"]:
    st.error(t("quality.lost", lang, n=fmt_int(summary["installs_lost"], lang)))
if len(ds.rejected):
    st.dataframe(tables.issues_table(ds.rejected, lang, with_installs=True), hide_index=True)
else:
    st.success(t("quality.none", lang))

st.subheader(t("quality.warnings", lang, n=fmt_int(len(ds.warnings), lang)))
if len(ds.warnings):
    st.dataframe(tables.issues_table(ds.warnings, lang), hide_index=True)
else:
    st.success(t("quality.none", lang))
