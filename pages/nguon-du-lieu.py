"""Nguồn dữ liệu: where the figures come from, how fresh they are, and a step-by-step check."""

import time
from dataclasses import replace

import streamlit as st

from lib import theme, ui
from lib.formatting import fmt_int
from lib.freshness import describe_age, fmt_time
from lib.markup import plain
from lib.quality import quality_summary
from lib.sources.check import check_connection
from lib.texts import t

view = ui.current()
ds, src, lang = view.dataset, view.source, view.lang
st.subheader(t("sourcepage.header", lang))

facts = {
    t("sourcepage.kind", lang): t(f"source.kind.{src.kind}", lang),
    t("sourcepage.title", lang): plain(src.title or ds.title or "—"),
}
if src.spreadsheet_id and (src.kind != "public" or ui.authorised()):
    # A public sheet's ID is its key: anyone who has it downloads the whole sheet.
    facts[t("sourcepage.id", lang)] = plain(src.spreadsheet_id)
if src.email:
    facts[t("sourcepage.email", lang)] = plain(src.email)
facts[t("sourcepage.tabs", lang)] = ", ".join(map(plain, ds.tabs.values())) or "—"
summary = quality_summary(ds)
facts[t("sourcepage.rows", lang)] = f"{fmt_int(summary['read'], lang)} / {fmt_int(summary['rejected'], lang)}"
if src.read_at is not None:
    facts[t("sourcepage.read_at", lang)] = f"{fmt_time(src.read_at)} ({describe_age(time.time() - src.read_at, lang)})"
if src.requests_last_hour is not None:
    facts[t("sourcepage.requests", lang)] = fmt_int(src.requests_last_hour, lang)
for label, value in facts.items():
    st.markdown(f"**{label}:** {value}")
if src.kind in ("gsheet", "public"):
    st.caption(t("sourcepage.cache", lang, ttl=fmt_int(src.ttl, lang)))

st.markdown(f"**{t('sourcepage.last_error', lang)}:**")
if src.problem:
    st.error(replace(src.problem, email=plain(src.problem.email)).message(lang))
    st.caption(t("check.detail", lang, detail=plain(src.problem.detail or "—")))
else:
    st.write(t("sourcepage.no_error", lang))

st.divider()
st.caption(t("sourcepage.check_intro", lang))
if st.button(t("check.button", lang), key="check_connection"):
    config = ui.sheet_config()
    live = ui.live_source(config) if config else None
    if live is not None and not live.claim():
        st.warning(t("source.throttled", lang, seconds=int(live.seconds_until_refresh()) + 1))
        st.stop()
    specs = ui.tab_specs()
    for step in check_connection(config, live.count_request if live else lambda: None, specs):
        name = t(f"check.{step.name}", lang)
        if step.ok:
            st.success(t("check.ok", lang, step=name, detail=plain(step.detail or "OK")))
        else:
            problem = replace(step.problem, email=plain(step.problem.email))
            st.error(t("check.failed", lang, step=name, message=problem.message(lang)))
            if step.problem.detail:
                st.caption(t("check.detail", lang, detail=plain(step.problem.detail)))

st.divider()
upload = st.session_state.get("upload")
if upload:
    st.info(t("sourcepage.upload_active", lang, name=plain(upload[0])))
    if st.button(t("sourcepage.upload_clear", lang), key="upload_clear"):
        st.session_state.pop("upload")
        st.rerun()
# One .xlsx, or several .csv files (each a tab named after its file). The files chosen are taken
# once per choice (Streamlit gives each upload its own id): dropping the upload above does not
# bring the same files back; choosing files again does. Streamlit's own words in the box
# are replaced by ours (lib/theme.uploader).
specs = ui.tab_specs()
upload_mb = ui.get_campaign().limits.upload_mb  # [limits] in campaign.toml
words = [t(f"sourcepage.upload_{key}", lang, mb=upload_mb) for key in ("button", "limit", "too_big")]
st.html(theme.uploader(*words))
files = st.file_uploader(
    t("sourcepage.upload", lang),
    type=["xlsx", "csv"],
    accept_multiple_files=True,
    key="upload_file",
    help=t(
        "sourcepage.upload_help",
        lang,
        files=", ".join(f"{s.name}.csv" for s in specs if s.presence != "optional"),
        tabs=", ".join(s.name for s in specs if s.presence == "required"),
        mb=upload_mb,
    ),
)
chosen = tuple(f.file_id for f in files)
if chosen and chosen != st.session_state.get("_upload_chosen"):
    st.session_state["_upload_chosen"] = chosen
    if len(files) == 1:
        st.session_state["upload"] = (files[0].name, files[0].getvalue())
    else:
        st.session_state["upload"] = (", ".join(f.name for f in files), tuple((f.name, f.getvalue()) for f in files))
    st.rerun()
