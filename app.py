"""Entry point: page set-up, navigation, the shared filters and the data banner; nothing else."""

import time
from dataclasses import replace

import streamlit as st

from lib import theme, ui
from lib.freshness import banner, source_line
from lib.markup import plain
from lib.texts import t

# In meeting mode (?hop=1) the sidebar starts closed: on a projector it took 30% of the width.
sidebar = "collapsed" if ui.meeting_requested() else "auto"
st.set_page_config(page_title="i-HaTinh", page_icon="📱", layout="wide", initial_sidebar_state=sidebar)

lang = ui.language()
# Each page's file is named after its address (pages/theo-thon.py is /theo-thon): on a server's
# very first run Streamlit still looks pages up by file name (see ui.current), and a link
# shared to any page must open that page, cold or warm.
ROTATED = 4  # the first pages, shown in turn on an unattended meeting-room screen (?hop=1&xoay=30)
PAGES = [  # (key, address, icon)
    ("overview", "tong-quan", ":material/dashboard:"),
    ("villages", "theo-thon", ":material/holiday_village:"),
    ("progress", "tien-do", ":material/trending_up:"),
    ("helpers", "luc-luong", ":material/groups:"),
    ("people", "to-lien-gia", ":material/family_restroom:"),
    ("quality", "chat-luong", ":material/fact_check:"),
    ("reports", "bao-cao", ":material/summarize:"),
    ("changes", "thay-doi", ":material/history:"),
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
# Province mode (province.toml named in secrets or IHATINH_PROVINCE): "Toàn tỉnh" heads the menu.
# Otherwise it stays a hidden page that says how to turn the mode on (a link to it still opens).
PROVINCE = ("province", "toan-tinh", ":material/map:")
province_mode = ui.province_mode()
province_page = st.Page(
    f"pages/{PROVINCE[1]}.py",
    title=t(f"page.{PROVINCE[0]}", lang),
    icon=PROVINCE[2],
    url_path=PROVINCE[1],
    visibility="visible" if province_mode else "hidden",
)
listed = [province_page, *pages, overview_alias] if province_mode else [*pages, overview_alias, province_page]
navigation = st.navigation(listed)
if province_mode and navigation.url_path == PROVINCE[1]:
    ui.province_setup(lang)  # its own frame: every commune, no one commune's filters
    navigation.run()
    st.stop()
OVERVIEW = ("", "trang-chu", "tong-quan")  # its addresses: it draws the villages filter itself
view = ui.setup(villages_in_page=navigation.url_path in OVERVIEW)
st.html(theme.style(view.filters.meeting, view.lang))  # our own CSS (lib/theme.py), never sheet text
st.title(t("app.title", view.lang, commune=plain(view.campaign.commune)))
campaign, src = view.campaign, view.source
place = f"{plain(campaign.title(view.lang))} · {plain(campaign.commune)}, {plain(campaign.province)}"
sample = f" :orange-badge[:material/science: {t('app.sample_banner', view.lang)}]" if src.kind == "sample" else ""
st.caption(f"{place} · {source_line(src.kind, plain(src.title), src.read_at, view.lang)}{sample}")
if src.throttled_for:
    st.toast(t("source.throttled", view.lang, seconds=int(src.throttled_for) + 1))
# The service account's e-mail in a problem's message comes from secrets: shown as text.
problem = replace(src.problem, email=plain(src.problem.email)) if src.problem else None
notice = banner(src.read_at, problem.message(view.lang) if problem else None, time.time(), view.lang,
                severe=bool(problem and problem.severe), kind=src.kind)  # fmt: skip
if notice:
    (st.warning if notice[0] == "warning" else st.error)(notice[1], icon=":material/cloud_off:")
for shrunk in src.shrunk:
    st.warning(shrunk.message(view.lang, plain), icon=":material/playlist_remove:")
ui.meeting_watch(view, [f"pages/{address}.py" for _, address, _ in PAGES[:ROTATED]], navigation.url_path)

needs_villages = navigation.url_path not in ("chat-luong", "nguon-du-lieu")
if needs_villages and not view.dataset.village_names:
    st.error(t("app.no_villages", view.lang), icon=":material/error:")
else:
    navigation.run()
