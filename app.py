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
# Each page's file is named after its address (pages/theo-thon.py is /theo-thon): on a server's
# very first run Streamlit still looks pages up by file name (see ui_state.current), and a link
# shared to any page must open that page, cold or warm.
PAGES = [  # (key, address, icon)
    ("overview", "tong-quan", ":material/dashboard:"),
    ("villages", "theo-thon", ":material/holiday_village:"),
    ("progress", "tien-do", ":material/trending_up:"),
    ("helpers", "luc-luong", ":material/groups:"),
    ("people", "to-lien-gia", ":material/family_restroom:"),
    ("quality", "chat-luong", ":material/fact_check:"),
    ("reports", "bao-cao", ":material/summarize:"),
    ("source", "nguon-du-lieu", ":material/database:"),
]
pages = [
    st.Page(
        f"pages/{address}.py",
        title=t(f"page.{key}", lang),
        icon=icon,
        url_path="trang-chu" if key == "overview" else address,  # the first page lives at "/"
        default=key == "overview",
    )
    for key, address, icon in PAGES
]
# The overview under its own name too, for links to /tong-quan (hidden: "/" is in the menu).
overview_alias = st.Page(
    "pages/tong-quan.py", title=t("page.overview", lang), url_path="tong-quan", visibility="hidden"
)
navigation = st.navigation([*pages, overview_alias])
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
