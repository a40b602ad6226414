"""Entry point: page set-up, navigation and the shared filters; nothing else lives here."""

import streamlit as st

from lib import ui_state
from lib.texts import t

st.set_page_config(page_title="i-HaTinh", page_icon=":material/smartphone:", layout="wide")

lang = ui_state.language()
pages = [
    st.Page(
        "pages/overview.py",
        title=t("page.overview", lang),
        icon=":material/dashboard:",
        url_path="tong-quan",
        default=True,
    ),
    st.Page(
        "pages/villages.py", title=t("page.villages", lang), icon=":material/holiday_village:", url_path="theo-thon"
    ),
    st.Page("pages/progress.py", title=t("page.progress", lang), icon=":material/trending_up:", url_path="tien-do"),
    st.Page("pages/helpers.py", title=t("page.helpers", lang), icon=":material/groups:", url_path="luc-luong"),
    st.Page(
        "pages/data_quality.py", title=t("page.quality", lang), icon=":material/fact_check:", url_path="chat-luong"
    ),
]
navigation = st.navigation(pages)
view = ui_state.setup()
st.title(t("app.title", view.lang, commune=view.campaign.commune))
if view.dataset.source == "sample":
    st.info(t("app.sample_banner", view.lang), icon=":material/science:")
navigation.run()
