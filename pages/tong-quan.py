"""Tổng quan: each target's headline figure, phase status and the cumulative progress chart."""

import streamlit as st

from lib import charts, metrics, tables, ui_state
from lib.formatting import fmt_date, fmt_int, fmt_number, fmt_pct, rule_text
from lib.markup import plain
from lib.texts import t

PER_ROW = 3
view = ui_state.current()


def cards(view: ui_state.View, shown: list[metrics.Evaluation]) -> None:
    c, lang = view.campaign, view.lang
    for i, e in enumerate(shown):
        if i % PER_ROW == 0:  # a fresh row of cards, so a phone reads them in order
            columns = st.columns(PER_ROW)
        group, phase = c.group(e.group), c.phase(e.target.phase)
        rule = rule_text(e.target.rule, e.target.percent, lang)
        with columns[i % PER_ROW].container(border=True):
            st.metric(  # phase first: on a phone a long group name is cut at the end
                f"{plain(phase.title(lang))} · {plain(group.title(lang))}",
                fmt_pct(e.coverage, lang),
            )
            st.caption(
                t(
                    "overview.card_caption",
                    lang,
                    installed=fmt_int(e.installed, lang),
                    base=fmt_int(e.base, lang),
                    rule=rule,
                    deadline=fmt_date(e.deadline),
                )
            )
            if e.met:
                st.markdown(f":green[**{t('overview.card_met', lang)}**]")
            elif e.gap is not None:
                st.markdown(f":red[**{t('overview.card_gap', lang, gap=fmt_int(e.gap, lang))}**]")
            if e.needed_per_day is not None and e.pace is not None:
                st.caption(
                    t(
                        "overview.card_pace",
                        lang,
                        needed=fmt_int(e.needed_per_day, lang),
                        days=e.remaining_days,
                        pace=fmt_number(e.pace, lang),
                    )
                )
            if e.projected and e.remaining_days:
                st.caption(t("overview.card_projected", lang, date=fmt_date(e.projected)))
            if e.met_at_deadline is not None:
                result = t("result.met" if e.met_at_deadline else "result.missed", lang)
                st.caption(t("overview.card_deadline", lang, deadline=fmt_date(e.deadline), result=result))


@st.fragment(run_every=max(view.source.ttl, 5) if view.filters.meeting else None)
def live_figures() -> None:
    """In meeting mode this whole page reruns by itself on the shared cache (no extra reads)."""
    fresh = ui_state.reload()
    c, ds, f, lang = fresh.campaign, fresh.dataset, fresh.filters, fresh.lang
    scope = (
        t("scope.villages", lang, n=len(f.villages), names=", ".join(plain(v) for v in f.villages))
        if f.villages
        else t("scope.commune", lang, n=len(ds.village_names))
    )
    st.markdown(t("overview.as_of", lang, date=fmt_date(f.as_of), scope=scope))
    results = ui_state.target_results(fresh)  # cached per dataset and filters, for every viewer
    st.subheader(t("overview.targets", lang))
    cards(fresh, results)
    progress = ui_state.commune_progress(fresh)
    key = (f.as_of, f.villages, f.phase, lang)
    chart = ui_state.figure("progress", fresh, key, lambda: charts.progress_figure(progress, c, results, lang))
    ui_state.show_figure(chart, "progress_chart")
    st.subheader(t("overview.phase_table", lang))
    shown = ui_state.table("targets", fresh, key, lambda: tables.targets_table(results, c, lang))
    st.table(shown, border="horizontal")
    ui_state.download_buttons(fresh, shown.data, "chi-tieu", "targets")
    if any(g.unit == "agency" for g in c.groups):
        st.caption(t("overview.agencies_note", lang))
    gaps = metrics.support_gaps(ui_state.helpers_by_village(fresh))
    left, right = st.columns(2)
    left.metric(t("overview.no_sessions", lang), fmt_int(len(gaps["no_sessions"]), lang))
    right.metric(t("overview.short_helpers", lang, min=c.min_helpers_it), fmt_int(len(gaps["short_helpers"]), lang))
    rejected, warnings = fmt_int(len(ds.rejected), lang), fmt_int(len(ds.warnings), lang)
    st.caption(t("overview.quality_note", lang, rejected=rejected, warnings=warnings))


live_figures()
