"""What a phase report says, gathered once from lib.metrics and shared by Word, Excel and PDF.

Every figure comes from lib.metrics (the same functions the pages call), so the signed report,
the spreadsheet and the dashboard cannot disagree. Cells keep their raw values (ints, shares,
dates) with a `kind` saying how to show them: Word and PDF format them the Vietnamese way
(1.234 · 85,3% · 17/05/2026), Excel stores numbers as numbers with a number format. Sentences
are written here, once, so Word and PDF read the same.

The figures are as of the report's date (`lib.reports.report_as_of`: the chosen date, never
after the phase's last day), which the title and every table state; statuses are judged as
seen on the day the report is made, so a target whose deadline is over reads 'Không đạt'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from lib import metrics, reports
from lib.campaign import Campaign, CampaignError, Group, Phase, Report
from lib.dataset import Dataset
from lib.exports import plain
from lib.formatting import MISSING, fmt_date, fmt_int, fmt_number, fmt_pct, rule_text
from lib.parsing import name_key
from lib.privacy import mask_all, masked
from lib.texts import t

TEXT, INT, PCT, NUMBER, DATE = "text", "int", "pct", "number", "date"


@dataclass(frozen=True)
class Column:
    title: str
    kind: str  # TEXT, INT, PCT, NUMBER or DATE


@dataclass(frozen=True)
class Table:
    """A table as every format lays it out: header, rows of raw values, an optional total,
    and `as_of`, the line over it saying which date its figures are as of."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    total: tuple[Any, ...] | None = None
    as_of: str = ""


@dataclass(frozen=True)
class GroupPart:
    """Section II for one target group: its table per village (or agency), the inter-family
    groups when the data has them, and the units still below the target."""

    heading: str
    table: Table
    family: Table | None
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Chart:
    title: str
    png: bytes


@dataclass(frozen=True)
class ReportContent:
    lang: str
    fields: Report
    nation: str
    motto: str
    number_line: str
    date_line: str
    kind: str
    subtitle: str
    as_of: dt.date  # the date the figures are as of (never after the phase's last day)
    provisional: bool  # the phase had not ended: figures "tạm tính"
    as_of_line: str  # "Số liệu đến ngày 17/05/2026", under the title and over every table
    notes: tuple[str, ...]  # provisional, sample-data and rejected-rows notes, before section I
    intro: str
    results_heading: str
    results: tuple[str, ...]
    targets: Table | None
    units_heading: str
    groups: tuple[GroupPart, ...]
    support_heading: str
    support: tuple[str, ...]
    helpers: Table
    charts_heading: str
    charts: tuple[Chart, ...]
    issues_heading: str
    recipients_heading: str
    recipients: tuple[str, ...]
    signer_title: str
    signer_name: str
    summary_sheet: str
    helpers_sheet: str
    snapshot_line: str = ""  # "Số liệu bản ghi #N, đọc lúc hh:mm dd/mm/yyyy" (built from a stored snapshot)


def date_line(place: str, day: dt.date, lang: str = "vi") -> str:
    """'Cẩm Xuyên, ngày 05 tháng 02 năm 2026'. Decree 30/2020 (Appendix I): a day below 10 and
    the months 1 and 2 get a leading zero (so no digit can be added in front later); months 3
    to 12 are written as they are: 'ngày 05 tháng 6 năm 2026'."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    line = t("report.date_line", lang, place=place, day=f"{day.day:02d}", month=month, year=day.year)
    return line.removeprefix(", ")


def cell_text(value: Any, kind: str, lang: str = "vi") -> str:
    """A raw cell as Word and PDF print it."""
    value = plain(value)
    if value is None:
        return MISSING
    if kind == INT:
        return fmt_int(value, lang)
    if kind == PCT:
        return fmt_pct(value, lang)
    if kind == NUMBER:
        return fmt_number(value, lang)
    if kind == DATE:
        return fmt_date(value) if isinstance(value, dt.date) else str(value)
    return str(value)


def text_weights(table: Table, lang: str = "vi") -> list[float]:
    """How much room each column asks for: its longest text as printed (a header counts by
    its longest word, since headers wrap), capped so one long name cannot take the page."""
    weights = []
    for j, column in enumerate(table.columns):
        rows = [*table.rows, *([table.total] if table.total is not None else [])]
        longest = max((len(cell_text(r[j], column.kind, lang)) for r in rows), default=0)
        word = max((len(w) for w in column.title.split()), default=0)
        weights.append(float(min(18, max(longest, word, 9))))
    return weights


def _first_lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _names(items: Sequence[str]) -> str:
    return ", ".join(items)


def _status(value: object, lang: str) -> str | None:
    return t(f"status.{value}", lang) if isinstance(value, str) and value in metrics.STATUSES else None


def _result(e: metrics.Evaluation, lang: str) -> str:
    """The status in the table's words ('đã đạt', 'không đạt', 'chậm', …) and what is short."""
    if e.met is None:
        return t("report.result_no_base", lang)
    status = _first_lower(t(f"status.{e.status}", lang))
    return t("report.result_short", lang, status=status, gap=fmt_int(e.gap, lang)) if e.gap else status


def _targets_table(results: list[metrics.Evaluation], campaign: Campaign, as_of: str, lang: str) -> Table:
    columns = (
        Column(t("report.col_no", lang), INT),
        Column(t("col.group", lang), TEXT),
        Column(t("col.target", lang), TEXT),  # every target of a phase is due on its last day
        Column(t("col.base", lang), INT),
        Column(t("col.installed", lang), INT),
        Column(t("col.coverage", lang), PCT),
        Column(t("col.gap", lang), INT),
        Column(t("col.status", lang), TEXT),
    )
    rows = tuple(
        (
            i,
            campaign.group(e.group).title(lang),
            rule_text(e.target.rule, e.target.percent, lang),
            e.base,
            e.installed,
            e.coverage,
            e.gap,
            t(f"status.{e.status}", lang),  # a deadline over: met or missed (lib.metrics)
        )
        for i, e in enumerate(results, start=1)
    )
    return Table(t("report.section_results", lang), columns, rows, as_of=as_of)


def _numbered(frame: pd.DataFrame, keys: list[str], lang: str) -> tuple[tuple[Any, ...], ...]:
    """Rows of an order number, the `keys` columns as plain values, and the status in words."""
    return tuple(
        (i, *(plain(r[k]) for k in keys), _status(r["status"], lang))
        for i, r in enumerate(frame.to_dict("records"), start=1)
    )


def _unit_table(
    frame: pd.DataFrame, name_column: str, title: str, total: metrics.Evaluation, as_of: str, lang: str
) -> Table:
    """Base, installed, rate, gap and status per village (or agency), in the workbook's order,
    with the commune's own total from metrics as the last row."""
    columns = (
        Column(t("report.col_no", lang), INT),
        Column(t(f"col.{name_column}", lang), TEXT),
        Column(t("col.base", lang), INT),
        Column(t("col.installed", lang), INT),
        Column(t("col.coverage", lang), PCT),
        Column(t("col.gap", lang), INT),
        Column(t("col.status", lang), TEXT),
    )
    rows = _numbered(frame, [name_column, "base", "installed", "coverage", "gap"], lang)
    label = t("report.total_villages" if name_column == "village" else "report.total_units", lang)
    total_row = (None, label, total.base, total.installed, total.coverage, total.gap, t(f"status.{total.status}", lang))
    return Table(title, columns, rows, total_row, as_of)


def _family_table(frame: pd.DataFrame, title: str, as_of: str, lang: str) -> Table:
    columns = (
        Column(t("report.col_no", lang), INT),
        Column(t("col.village", lang), TEXT),
        Column(t("report.col_family_group", lang), TEXT),
        Column(t("col.base", lang), INT),
        Column(t("col.installed", lang), INT),
        Column(t("col.coverage", lang), PCT),
        Column(t("col.gap", lang), INT),
        Column(t("col.status", lang), TEXT),
    )
    rows = _numbered(frame, ["village", "family_group", "base", "installed", "coverage", "gap"], lang)
    return Table(title, columns, rows, as_of=as_of)


def _unmet_notes(frame: pd.DataFrame, name_column: str, lang: str) -> tuple[str, ...]:
    """Who missed the target (its deadline over) or is still below it, with the gap, and who
    has no base to judge."""
    records = frame.to_dict("records")
    judged = [None if plain(r["met"]) is None else bool(r["met"]) for r in records]
    below = [r for r, met in zip(records, judged, strict=True) if met is False]
    no_base = [r[name_column] for r, met in zip(records, judged, strict=True) if met is None]
    kind = "villages" if name_column == "village" else "units"
    notes = []
    missed = [r for r in below if r["status"] == metrics.MISSED]
    short = [r for r in below if r["status"] != metrics.MISSED]
    for rows, key in ((missed, f"report.missed_{kind}"), (short, f"report.unmet_{kind}")):
        if rows:
            items = [
                t("report.unmet_item", lang, name=r[name_column], gap=fmt_int(plain(r["gap"]), lang)) for r in rows
            ]
            notes.append(t(key, lang, n=fmt_int(len(rows), lang), names=_names(items)))
    if not below:
        notes.append(t(f"report.all_met_{kind}", lang))
    if no_base:
        notes.append(t("report.no_base", lang, n=fmt_int(len(no_base), lang), names=_names(no_base)))
    return tuple(notes)


def _helpers_table(frame: pd.DataFrame, as_of: str, lang: str) -> Table:
    keys = ("helpers", "helpers_it", "helpers_short", "sessions", "attendees")
    columns = (
        Column(t("report.col_no", lang), INT),
        Column(t("col.village", lang), TEXT),
        *(Column(t(f"col.{k}", lang), INT) for k in keys),
    )
    rows = tuple(
        (i, r["village"], *(plain(r[k]) for k in keys)) for i, r in enumerate(frame.to_dict("records"), start=1)
    )
    return Table(t("report.section_support", lang), columns, rows, as_of=as_of)


def _groups_with_target(campaign: Campaign, phase: int) -> list[Group]:
    return [g for g in campaign.groups if campaign.target_for(g.key, phase) is not None]


def report_villages(ds: Dataset, campaign: Campaign) -> list[str] | None:
    """The villages a report covers: those `[report] villages` names, in tab Thon's order, or
    None (every village) when the key is not set, so one commune's report can come from a
    province's workbook. Names match as rows do (case, spacing and Unicode form ignored).

    A configured name the workbook does not have stops the report: leaving that village out
    without a word would understate the commune's figures in a report that gets signed.
    """
    wanted = campaign.report.villages
    if not wanted:
        return None
    found = {name_key(v): v for v in ds.village_names}
    missing = [v for v in wanted if name_key(v) not in found]
    if missing:
        names = ", ".join(f"'{v}'" for v in missing)
        raise CampaignError("campaign.report_villages_missing", names=names)
    chosen = {found[name_key(v)] for v in wanted}
    return [v for v in ds.village_names if v in chosen]


def build_content(
    ds: Dataset,
    campaign: Campaign,
    phase: int,
    as_of: dt.date,
    issued: dt.date,
    lang: str = "vi",
    unmasked: bool = False,
    charts: bool = True,
    snapshot: tuple[int, dt.datetime] | None = None,
) -> ReportContent:
    """The report on `phase` with figures as of `as_of`, or of the phase's last day if that is
    earlier, dated `issued` (the day it is made, on which statuses are judged).

    Sections: I. each target of the phase for the whole commune; II. per village (or agency)
    for each group with a target in the phase, per inter-family group where the data has
    them, and who is still below the target; III. helpers and sessions; the charts; IV. left
    empty for the office. `charts=False` skips drawing (the spreadsheet has no pictures).
    The commune is the workbook's villages, or those `[report] villages` names (see
    `report_villages`); agencies (tab CoQuan) are the commune's in either case.
    """
    p: Phase = campaign.phase(phase)
    villages = report_villages(ds, campaign)
    as_of, provisional = reports.report_as_of(campaign, phase, as_of, issued)
    day = fmt_date(as_of)
    as_of_line = t("report.figures_provisional" if provisional else "report.figures_as_of", lang, date=day)

    def hide(frame: pd.DataFrame) -> pd.DataFrame:
        """Phone and ID numbers masked in every table taken from metrics (names included: a
        village typed with a number in it), before any table, sentence or chart uses it."""
        return masked(frame, unmasked)

    fields = campaign.report
    results = metrics.target_results(ds, campaign, as_of, villages, phase, issued)
    start, end, title = fmt_date(p.start), fmt_date(p.end), p.title(lang)
    name = _first_lower(campaign.title(lang))

    notes = []
    if provisional:
        notes.append(t("report.provisional", lang, phase=title, end=end, date=day))
    if ds.source == "sample":
        notes.append(t("report.sample", lang))
    if len(ds.rejected):
        notes.append(t("report.rejected", lang, n=fmt_int(len(ds.rejected), lang)))

    result_lines = tuple(
        t(
            "report.result_line",
            lang,
            group=campaign.group(e.group).title(lang),
            installed=fmt_int(e.installed, lang),
            base=fmt_int(e.base, lang),
            rate=fmt_pct(e.coverage, lang),
            rule=rule_text(e.target.rule, e.target.percent, lang),
            deadline=fmt_date(e.deadline),
            result=_result(e, lang),
        )
        for e in results
    ) or (t("report.no_targets", lang),)

    parts, pictures = [], []
    for n, group in enumerate(_groups_with_target(campaign, phase), start=1):
        target = campaign.target_for(group.key, phase)
        assert target is not None
        label = group.title(lang)
        total = next(e for e in results if e.group == group.key and e.target == target)
        heading = t("report.group_heading", lang, n=n, group=label, rule=rule_text(target.rule, target.percent, lang))
        if group.unit == "agency":
            frame = hide(metrics.agency_table(ds, campaign, group.key, as_of, phase, issued))
            name_column, family = "unit", None
        else:
            frame = hide(metrics.village_table(ds, campaign, group.key, as_of, villages, phase, issued))
            name_column = "village"
            per_group = hide(metrics.family_group_table(ds, campaign, group.key, as_of, villages, phase, issued))
            family_title = t("report.family_heading", lang, group=label)
            family = _family_table(per_group, family_title, as_of_line, lang) if len(per_group) else None
            if charts:
                from lib.reports.chart import coverage_chart_png  # matplotlib only when drawing

                chart_title = t("chart.villages_title", lang, group=label)
                pictures.append(Chart(chart_title, coverage_chart_png(frame, chart_title, target, lang)))
        table = _unit_table(frame, name_column, label, total, as_of_line, lang)
        parts.append(GroupPart(heading, table, family, _unmet_notes(frame, name_column, lang)))

    helpers = hide(metrics.helpers_by_village(ds, campaign, as_of, villages))
    gaps = metrics.support_gaps(helpers)
    short, idle = gaps["short_helpers"], gaps["no_sessions"]
    support = (
        t("report.short_helpers", lang, min=campaign.min_helpers_it, n=fmt_int(len(short), lang), names=_names(short))
        if short
        else t("helpers.all_ok", lang),
        t("report.no_sessions", lang, n=fmt_int(len(idle), lang), names=_names(idle))
        if idle
        else t("helpers.all_sessions", lang),
    )
    recipients = fields.recipients or (t("report.archive", lang),)
    place = fields.place or campaign.commune
    content = ReportContent(
        lang=lang,
        fields=fields,
        nation=t("report.nation", lang),
        motto=t("report.motto", lang),
        number_line=t("report.number", lang, number=fields.number),
        date_line=date_line(place, issued, lang),
        kind=t("report.kind", lang),
        subtitle=t("report.subtitle", lang, campaign=name, phase=title, start=start, end=end),
        as_of=as_of,
        provisional=provisional,
        as_of_line=as_of_line,
        notes=tuple(notes),
        intro=t("report.intro", lang, phase=title, commune=campaign.commune, as_of=day),
        results_heading=t("report.section_results", lang),
        results=result_lines,
        targets=_targets_table(results, campaign, as_of_line, lang) if results else None,
        units_heading=t("report.section_units", lang),
        groups=tuple(parts),
        support_heading=t("report.section_support", lang),
        support=support,
        helpers=_helpers_table(helpers, as_of_line, lang),
        charts_heading=t("report.charts", lang),
        charts=tuple(pictures),
        issues_heading=t("report.section_issues", lang),
        recipients_heading=t("report.recipients", lang),
        recipients=tuple(recipients),
        signer_title=fields.signer_title,
        signer_name=fields.signer_name,
        summary_sheet=t("report.summary_sheet", lang),
        helpers_sheet=t("page.helpers", lang),
        snapshot_line=snapshot_line(snapshot, lang),
    )
    return content if unmasked else mask_all(content)


def snapshot_line(snapshot: tuple[int, dt.datetime] | None, lang: str = "vi") -> str:
    """The footer of a report built from a stored snapshot (lib.store): its number and read
    time, so the figures can be rebuilt (`python -m lib report --snapshot N`)."""
    if snapshot is None:
        return ""
    number, read_at = snapshot
    return t("report.snapshot", lang, n=number, time=read_at.strftime("%H:%M %d/%m/%Y"))
