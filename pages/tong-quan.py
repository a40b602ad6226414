"""Tổng quan: the first screen answers "who is behind, what do we do today"; every target below.

Read top down: the current phase's targets in words, the villages behind ranked by people
missing, today's actions with a link to the page that shows each; then all phases' results
and the cumulative progress chart (a picture; each group's days in plotly on "Tiến độ").
"""

import streamlit as st

from lib import charts_image, metrics, ranking, tables, ui
from lib.formatting import fmt_date, fmt_int, fmt_pct, rule_text
from lib.markup import plain
from lib.tables import status_tone
from lib.texts import t

PER_ROW = 3
BEHIND_SHOWN = 8  # rows of the ranking on the first screen; the rest on "Theo thôn"
NAMES_SHOWN = 12  # village names per action; the rest on the action's page
NOT_GROUP = ("as_of", "villages", "phase", "lang")  # every group is on these
view = ui.current()
c, ds, lang = view.campaign, view.dataset, view.lang


def phase_cards(shown: list[metrics.Evaluation]) -> None:
    """One card per target of the phase: the rate, its status in words, what is missing."""
    for i, e in enumerate(shown):
        if i % PER_ROW == 0:  # a fresh row of cards, so a phone reads them in order
            columns = st.columns(min(len(shown), PER_ROW))
        rule = rule_text(e.target.rule, e.target.percent, lang)
        with columns[i % PER_ROW].container(border=True):
            st.metric(  # the status in words, coloured: red only for what is behind
                plain(c.group(e.group).title(lang)),
                fmt_pct(e.coverage, lang),
                delta=t(f"status.{e.status}", lang),
                delta_color=status_tone(e.status),
                delta_arrow="off",
                delta_description=t("overview.card_rule", lang, rule=rule),
            )
            numbers = t("overview.card_counts", lang, installed=fmt_int(e.installed, lang), base=fmt_int(e.base, lang))
            if e.gap:
                numbers += " · " + t("overview.card_gap", lang, gap=fmt_int(e.gap, lang))
            if e.reached_late:
                numbers += " · " + t("overview.card_late", lang, deadline=fmt_date(e.deadline))
            if e.needed_per_day and e.pace is not None:
                needed, pace = fmt_int(e.needed_per_day, lang), fmt_int(e.pace, lang)  # whole people
                numbers += " · " + t("overview.card_pace", lang, needed=needed, pace=pace)
            st.caption(numbers)


def behind_list(behind: list[ranking.Behind], phase_title: str) -> None:
    missed = any(b.status == metrics.MISSED for b in behind)
    st.subheader(t("overview.missed_header" if missed else "overview.behind_header", lang, phase=phase_title))
    if not behind:
        st.success(t("overview.behind_none", lang), icon=":material/check_circle:")
        return
    groups = {b.group for b in behind}
    label = (lambda key: c.group(key).title(lang)) if len(groups) > 1 else None
    st.html(tables.html(tables.behind_table(behind[:BEHIND_SHOWN], lang, with_group=label)))
    if len(behind) > BEHIND_SHOWN:
        st.caption(t("overview.behind_more", lang, n=fmt_int(len(behind), lang)))
    st.page_link("pages/theo-thon.py", label=t("overview.behind_link", lang), icon=":material/arrow_forward:")


def todo(actions: list) -> None:
    st.subheader(t("overview.todo_header", lang))
    if not actions:
        st.success(t("overview.todo_none", lang), icon=":material/check_circle:")
        return
    lines = []
    for a in actions:
        names, more = a.first(NAMES_SHOWN)
        listed = ", ".join(plain(n) for n in names)
        if more:
            listed += " " + t("overview.and_more", lang, n=fmt_int(more, lang))
        lines.append(
            "- " + t(f"overview.todo_{a.kind}", lang, n=fmt_int(a.count, lang), min=c.min_helpers_it, names=listed)
        )
    st.markdown("\n".join(lines))
    for page in dict.fromkeys(a.page for a in actions):  # each page once, in the order of the list
        st.page_link(f"pages/{page}.py", label=t(f"overview.todo_link_{page}", lang), icon=":material/arrow_forward:")


@st.fragment
def overview(view: ui.View) -> None:
    """Everything the villages filter changes, with the filter (and 'Chia sẻ') on top: a village
    picked reruns this fragment alone (lib/ui/filters.village_filter)."""
    choosing, sharing = st.columns([5, 1], vertical_alignment="center")
    with choosing:
        view = ui.village_filter(view)
    if ui.reload().token != view.token:  # newer shared data since the last full run: draw it all
        st.rerun()
    with sharing:
        ui.share(view)
    f = view.filters
    phase = ui.current_phase(view)
    left = ranking.days_left(phase, f.as_of)
    when = t("overview.days_left", lang, n=left) if left else t("overview.phase_ends", lang, date=fmt_date(phase.end))
    scope = (
        t("scope.chosen", lang, n=len(f.villages)) if f.villages else t("scope.commune", lang, n=len(ds.village_names))
    )
    phase_title = plain(phase.title(lang))
    st.subheader(t("overview.phase_header", lang, phase=phase_title, scope=scope, date=fmt_date(f.as_of), when=when))
    if f.villages:
        st.caption(", ".join(plain(v) for v in f.villages))
    results = ui.target_results(view)  # cached per dataset and filters, for every viewer
    now = [e for e in results if e.target.phase == phase.id]
    phase_cards(now)
    if f.villages and any(c.group(e.group).unit == "agency" for e in now):
        st.caption(t("overview.agencies_ignore_villages", lang))
    left_side, right_side = st.columns([3, 2], gap="large")
    with left_side:
        behind_list(ui.villages_behind(view), phase_title)
    with right_side:
        todo(ui.actions_today(view))

    st.divider()
    st.subheader(t("overview.phase_table", lang))
    shown = ui.table("targets", view, lambda: tables.targets_table(results, c, lang), on=NOT_GROUP)
    if results:  # a campaign may set no target yet
        st.html(tables.html(shown))
        ui.download_buttons(view, shown.data, "chi-tieu", "targets")
    if any(g.unit == "agency" for g in c.groups):
        st.caption(t("overview.agencies_note", lang))
    progress = ui.commune_progress(view)
    # A picture, not a plotly chart: the first page then needs no plotly.js (lib/charts_image.py).
    picture = ui.figure("progress", view, lambda: charts_image.progress_svg(progress, c, results, lang), on=NOT_GROUP)
    ui.show_picture(picture, t("chart.progress_title", lang), t("overview.chart_note", lang))


overview(view)
