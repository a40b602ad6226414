"""Báo cáo: the phase report for signing, as Word, Excel or PDF, made when downloaded."""

import streamlit as st

from lib import reports, ui
from lib.campaign import CampaignError
from lib.formatting import fmt_date
from lib.markup import plain
from lib.reports.content import report_villages
from lib.texts import t

view = ui.current()
c, f, lang = view.campaign, view.filters, view.lang
phases = [p.id for p in c.phases]
if "r_phase" not in st.session_state or st.session_state["r_phase"] not in phases:
    # The sidebar's phase if one is chosen, else the phase the as-of date falls in (or the last begun).
    started = [p.id for p in c.phases if p.start <= f.as_of] or phases[:1]
    st.session_state["r_phase"] = f.phase if f.phase in phases else started[-1]

st.subheader(t("reports.header", lang))
try:
    report_villages(view.dataset, c)  # a [report] village the sheet lacks: say so, make nothing
except CampaignError as problem:
    st.error(plain(problem.message(lang)), icon=":material/error:")
    st.stop()
phase = st.selectbox(
    t("reports.phase", lang),
    phases,
    key="r_phase",
    format_func=lambda p: f"{c.phase(p).title(lang)} ({fmt_date(c.phase(p).start)} – {fmt_date(c.phase(p).end)})",
)
# The date the report's figures are as of: the sidebar's, never after the phase's last day.
as_of, provisional = reports.report_as_of(c, phase, f.as_of, view.today)
shown = c.phase(phase)
if provisional:
    when = {"phase": plain(shown.title(lang)), "end": fmt_date(shown.end), "date": fmt_date(as_of)}
    st.info(t("reports.provisional", lang, **when), icon=":material/pending:")
else:
    chosen = "" if as_of == f.as_of else t("reports.as_of_chosen", lang, date=fmt_date(f.as_of))
    st.markdown(t("reports.as_of", lang, date=fmt_date(as_of), phase=plain(shown.title(lang)), chosen=chosen))
st.markdown(t("reports.scope", lang))
if not any(target.phase == phase for target in c.targets):
    st.info(t("reports.no_targets", lang))
ICONS = {"docx": ":material/description:", "xlsx": ":material/table:", "pdf": ":material/picture_as_pdf:"}
with st.container(horizontal=True):
    for fmt, icon in ICONS.items():
        st.download_button(
            t(f"reports.{fmt}", lang),
            lambda fmt=fmt: ui.report_file(view, phase, fmt),  # made on click, then kept
            file_name=reports.file_name(c, phase, f.as_of, fmt),
            mime=reports.MIME[fmt],
            key=f"report_{fmt}",
            on_click="ignore",
            icon=icon,
        )
