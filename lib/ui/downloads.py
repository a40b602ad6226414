"""Files a viewer takes away: the phase reports, tables as CSV/Excel, and the Zalo bulletin."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from lib.campaign import Campaign
from lib.dataset import Dataset
from lib.texts import t
from lib.ui.derived import _villages_key
from lib.ui.state import View

# ------------------------------------------------------------------- reports and downloads
#
# Files are made when a download button is clicked (Streamlit runs the callable then, off the
# script thread), never on an ordinary rerun. A phase report is kept per dataset and choice
# for every viewer; a table's CSV or Excel file is quick and made on each click.


@st.cache_data(max_entries=32, show_spinner=False)
def _report_file(
    token: str, _ds: Dataset, _campaign: Campaign, phase: int, as_of: dt.date, fmt: str, lang: str, issued: dt.date
) -> bytes:
    """Kept per dataset, phase, report date (not the sidebar's: every date after a phase's
    end makes the same report), format, language and issue day (statuses and the date line)."""
    from lib.reports import build_report  # python-docx, fpdf2, matplotlib: only for a report

    return build_report(_ds, _campaign, phase, as_of, fmt, lang, issued=issued)


def report_file(view: View, phase: int, fmt: str) -> bytes:
    """The phase report for the whole commune as of the sidebar's date, or of the phase's last
    day if that is earlier (`reports.report_as_of`), dated today."""
    from lib.reports import report_as_of

    as_of = report_as_of(view.campaign, phase, view.filters.as_of, view.today)[0]
    return _report_file(view.token, view.dataset, view.campaign, phase, as_of, fmt, view.lang, view.today)


@st.cache_data(max_entries=64, show_spinner=False)
def _bulletin(token: str, _ds: Dataset, _campaign: Campaign, as_of, villages: tuple, lang: str, link: str, today):
    from lib import bulletin

    return bulletin.bulletin_text(_ds, _campaign, as_of, lang, link or None, today, list(villages) or None)


def _share_link() -> str:
    """This page's address with its filters, as the viewer's browser has it; nothing when
    unknown (AppTest) or too long for a message (bulletin.clean_link's limit)."""
    from urllib.parse import urlencode

    from lib import bulletin

    base = st.context.url or ""
    query = urlencode([(k, v) for k in st.query_params for v in st.query_params.get_all(k)])
    try:
        return bulletin.clean_link(f"{base}?{query}" if base and query else base) if base else ""
    except ValueError:
        return bulletin.clean_link(base)


SHARE_KEY = "share_open"


def share(view: View) -> None:
    """'Chia sẻ': the Zalo bulletin to copy (st.code has a copy button) and the ranking as a
    PNG for a phone, made only when asked for (lib/bulletin.py).

    Built only while the popover is open (opening it reruns the page): on every other rerun
    it is one button, not four elements for the browser to redraw at each filter change
    (bench/RESULTS.md, "Where a filter redraw's time goes")."""
    from lib import bulletin

    f, lang = view.filters, view.lang
    popover = st.popover(t("share.button", lang), icon=":material/share:", key=SHARE_KEY, on_change="rerun")
    if not popover.open:
        return
    with popover:
        args = (f.as_of, _villages_key(view), lang, _share_link(), view.today)
        st.caption(t("share.text_help", lang))
        st.code(_bulletin(view.token, view.dataset, view.campaign, *args), language=None, wrap_lines=True)
        st.download_button(
            t("share.png", lang),
            lambda: bulletin.bulletin_png(
                view.dataset, view.campaign, f.as_of, lang, view.today, list(f.villages) or None
            ),
            file_name=f"ban-tin-{f.as_of.isoformat()}.png",
            mime="image/png",
            key="share_png",
            on_click="ignore",
            icon=":material/image:",
        )


def download_buttons(view: View, frame: Any, name: str, key: str, unmasked: bool = False) -> None:
    """'Tải CSV' and 'Tải Excel' under a table: the frame as shown (a table's `.data`: headers
    in the viewer's language, numbers unformatted), masked and safe against formula injection.
    `frame` may be a function that makes it: a long list whose page draws only its first rows
    is then made whole only when a download is asked for."""
    from lib import exports

    lang, stem = view.lang, f"{name}-{view.filters.as_of.isoformat()}"
    with st.container(horizontal=True):
        st.download_button(
            t("export.csv", lang),
            lambda: exports.table_csv(_made(frame), lang=lang, unmasked=unmasked),
            file_name=f"{stem}.csv",
            mime=exports.CSV_MIME,
            key=f"{key}_csv",
            on_click="ignore",
            icon=":material/download:",
            type="tertiary",
        )
        st.download_button(
            t("export.xlsx", lang),
            lambda: exports.table_xlsx(_made(frame), name, lang=lang, unmasked=unmasked),
            file_name=f"{stem}.xlsx",
            mime=exports.XLSX_MIME,
            key=f"{key}_xlsx",
            on_click="ignore",
            icon=":material/download:",
            type="tertiary",
        )


def _made(frame: Any) -> Any:
    return frame() if callable(frame) else frame
