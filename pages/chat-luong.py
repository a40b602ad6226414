"""Chất lượng dữ liệu: every rejected row and warning, with where it is and what to fix."""

import streamlit as st

from lib import tables, ui
from lib.formatting import fmt_int
from lib.quality import quality_summary
from lib.texts import t

view = ui.current()
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
rows = ui.table("rows", view, lambda: tables.rows_table(ds.rows, lang), on=("lang",))
st.dataframe(rows, hide_index=True)
ui.download_buttons(view, rows.data, "so-dong", "rows")

st.subheader(t("quality.rejected", lang, n=fmt_int(len(ds.rejected), lang)))
if summary["installs_lost"]:
    st.error(t("quality.lost", lang, n=fmt_int(summary["installs_lost"], lang)))
if len(ds.rejected):
    rejected = ui.table("rejected", view, lambda: tables.issues_table(ds.rejected, lang, True), on=("lang",))
    st.dataframe(rejected, hide_index=True)
    ui.download_buttons(view, rejected.data, "dong-bi-loai", "rejected")
else:
    st.success(t("quality.none", lang))

st.subheader(t("quality.warnings", lang, n=fmt_int(len(ds.warnings), lang)))
if len(ds.warnings):
    warnings = ui.table("warnings", view, lambda: tables.issues_table(ds.warnings, lang), on=("lang",))
    st.dataframe(warnings, hide_index=True)
    ui.download_buttons(view, warnings.data, "canh-bao", "warnings")
else:
    st.success(t("quality.none", lang))
