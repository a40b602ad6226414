"""Entry point: page set-up, navigation, the shared filters and the data banner; nothing else."""

import time
from dataclasses import replace

import streamlit as st

from lib import ui_state
from lib.freshness import banner, fmt_time
from lib.markup import plain
from lib.texts import t

st.set_page_config(page_title="i-HaTinh", page_icon="📱", layout="wide")

lang = ui_state.language()
pages = {
    "overview": st.Page(
        "pages/overview.py",
        title=t("page.overview", lang),
        icon=":material/dashboard:",
        url_path="tong-quan",
        default=True,
    ),
    "villages": st.Page(
        "pages/villages.py", title=t("page.villages", lang), icon=":material/holiday_village:", url_path="theo-thon"
    ),
    "progress": st.Page(
        "pages/progress.py", title=t("page.progress", lang), icon=":material/trending_up:", url_path="tien-do"
    ),
    "helpers": st.Page(
        "pages/helpers.py", title=t("page.helpers", lang), icon=":material/groups:", url_path="luc-luong"
    ),
    "people": st.Page(
        "pages/people.py", title=t("page.people", lang), icon=":material/family_restroom:", url_path="to-lien-gia"
    ),
    "quality": st.Page(
        "pages/data_quality.py", title=t("page.quality", lang), icon=":material/fact_check:", url_path="chat-luong"
    ),
    "reports": st.Page(
        "pages/reports.py", title=t("page.reports", lang), icon=":material/summarize:", url_path="bao-cao"
    ),
    "source": st.Page(
        "pages/source.py", title=t("page.source", lang), icon=":material/database:", url_path="nguon-du-lieu"
    ),
}
navigation = st.navigation(list(pages.values()))
view = ui_state.setup()
st.title(t("app.title", view.lang, commune=plain(view.campaign.commune)))
campaign = view.campaign
st.caption(f"{plain(campaign.title(view.lang))} · {plain(campaign.commune)}, {plain(campaign.province)}")
src = view.source
if src.kind == "sample":
    st.info(t("app.sample_banner", view.lang), icon=":material/science:")
elif src.read_at is not None:
    st.caption(
        t(
            "source.line",
            view.lang,
            kind=t(f"source.kind.{src.kind}", view.lang),
            title=plain(src.title),
            time=fmt_time(src.read_at),
        )
    )
if src.throttled_for:
    st.toast(t("source.throttled", view.lang, seconds=int(src.throttled_for) + 1))
# The service account's e-mail in a problem's message comes from secrets: shown as text.
problem = replace(src.problem, email=plain(src.problem.email)) if src.problem else None
notice = banner(src.read_at, problem.message(view.lang) if problem else None, time.time(), view.lang,
                severe=bool(problem and problem.severe))  # fmt: skip
if notice:
    (st.warning if notice[0] == "warning" else st.error)(notice[1], icon=":material/cloud_off:")
for shrunk in src.shrunk:
    st.warning(shrunk.message(view.lang, plain), icon=":material/playlist_remove:")
# Our own constant CSS (never sheet content): on a phone the long title takes two lines, not four.
st.html("<style>@media (max-width: 640px){h1{font-size:1.75rem !important}}</style>")
if view.filters.meeting:
    # Our own constant CSS (never sheet content): big headline figures for a meeting-room screen.
    st.html(
        "<style>[data-testid='stMetricValue']{font-size:3.5rem}[data-testid='stMetricLabel'] p"
        "{font-size:1.25rem}</style>"
    )

needs_villages = navigation.url_path not in ("chat-luong", "nguon-du-lieu")
if needs_villages and not view.dataset.village_names:
    st.error(t("app.no_villages", view.lang), icon=":material/error:")
else:
    navigation.run()
