"""Chất lượng dữ liệu: every rejected row and warning, with where it is and what to fix."""

import pandas as pd
import streamlit as st

from lib import tables, ui
from lib.formatting import fmt_int
from lib.quality import quality_summary
from lib.texts import t

view = ui.current()
ds, lang = view.dataset, view.lang
summary = quality_summary(ds)


def issues(kind: str, found: pd.DataFrame, file_name: str, with_installs: bool = False) -> None:
    """A list of rejected rows or warnings: its first rows drawn, all of them in the downloads."""
    if not len(found):
        st.success(t("quality.none", lang))
        return
    build = lambda: tables.issues_table(tables.first_rows(found), lang, with_installs)  # noqa: E731
    st.dataframe(ui.table(kind, view, build, on=("lang",)), hide_index=True)
    if len(found) > tables.SHOWN_ROWS:
        st.caption(t("quality.first_rows", lang, shown=fmt_int(tables.SHOWN_ROWS, lang), n=fmt_int(len(found), lang)))
    ui.download_buttons(view, lambda: tables.issues_table(found, lang, with_installs).data, file_name, kind)


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
issues("rejected", ds.rejected, "dong-bi-loai", with_installs=True)
st.subheader(t("quality.warnings", lang, n=fmt_int(len(ds.warnings), lang)))
issues("warnings", ds.warnings, "canh-bao")
