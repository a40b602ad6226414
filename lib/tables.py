"""Tables ready to show: translated headers and Vietnamese formats via a pandas Styler.

The Styler keeps the numbers underneath, so a viewer who sorts a column by clicking its header
sorts numbers, while every cell reads 1.234 / 85,3% / 13/05/2026.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from html import escape

import pandas as pd
from pandas.io.formats.style import Styler

from lib.campaign import Campaign
from lib.formatting import MISSING, fmt_date, fmt_int, fmt_number, fmt_pct, is_missing, rule_text
from lib.markup import one_line
from lib.metrics import Evaluation, deadline_result
from lib.privacy import mask_number
from lib.ranking import Behind
from lib.texts import t

Formatter = Callable[[object], str]


def _styled(frame: pd.DataFrame, formats: dict[str, Formatter], lang: str) -> Styler:
    """Rename columns to the reader's language and format the cells.

    The grid shows an empty numeric cell as 'None' whatever the Styler says, so a column with
    gaps is given as formatted text ('—' in the gaps): it then sorts as text, but reads right.
    """
    gappy = [c for c in formats if c in frame.columns and frame[c].isna().any()]
    if gappy:
        frame = frame.copy()
        for c in gappy:
            frame[c] = [MISSING if is_missing(v) else formats[c](v) for v in frame[c].tolist()]
        formats = {c: f for c, f in formats.items() if c not in gappy}
    renamed = frame.rename(columns={c: t(f"col.{c}", lang) for c in frame.columns})
    formats = {t(f"col.{c}", lang): f for c, f in formats.items() if c in frame.columns}
    return renamed.style.format(formats, na_rep=MISSING).hide(axis="index")


TABLE_CLASS = "ih-table"  # lib/theme.py draws it as Streamlit draws st.table(border="horizontal")


def html(styled: Styler) -> str:
    """A small table as one HTML table for `st.html`: the cells as the Styler formats them,
    every one escaped (sheet text is data, never markup), numbers aligned right.

    For the overview's tables, redrawn at every filter change. `st.table` sends Arrow data that
    the browser decodes with a 726 KiB script a fresh visit must first fetch; a Markdown table
    goes through Streamlit's Markdown renderer at each redraw (~30 ms of the browser's work on
    a village pick); `st.html` is inserted as it is, after the browser's sanitiser
    (bench/RESULTS.md, "Where a filter redraw's time goes" and "The overview as a picture, HTML
    tables and a fragment").
    Cells hold no line break (`lib.markup.one_line`), so each row is one line of `to_string`.
    The table sits in a box of its own that scrolls sideways when a phone is too narrow for it."""
    if styled.data.columns.empty:  # nothing to show (a campaign with no target): no table
        return ""
    lines = styled.to_string(delimiter=_CELL).rstrip("\n").split("\n")
    header, body = lines[0].split(_CELL), [line.split(_CELL) for line in lines[1:]]
    # Right: a numeric column, or one made text because it has gaps ('—': tables._styled).
    numeric = [
        pd.api.types.is_numeric_dtype(styled.data[c]) or all(_NUMBER_CELL.fullmatch(r[i]) for r in body)
        for i, c in enumerate(styled.data.columns)
    ]

    def row(cells: list[str], tag: str) -> str:
        starts = (f'<{tag} class="num">' if right else f"<{tag}>" for right in numeric)
        return (
            "<tr>"
            + "".join(f"{start}{escape(cell)}</{tag}>" for start, cell in zip(starts, cells, strict=True))
            + "</tr>"
        )

    rows = "".join(row(cells, "td") for cells in body)
    table = f'<table class="{TABLE_CLASS}"><thead>{row(header, "th")}</thead><tbody>{rows}</tbody></table>'
    return f'<div class="{TABLE_CLASS}-box">{table}</div>'  # scrolls sideways on a phone, not the page


_NUMBER_CELL = re.compile(rf"{MISSING}|[-+]?\d[\d.]*(,\d+)?%?")  # 1.234 · 85,3% · — as fmt_* write them
# Between cells in Styler.to_string: never in a cell, as one_line() splits text on whitespace and
# str.split() counts \x1c-\x1f as whitespace (our own texts hold no control characters).
_CELL = "\x1f"


def _fmt_date(value: object) -> str:
    if isinstance(value, pd.Timestamp):
        value = value.date()
    return fmt_date(value) if isinstance(value, dt.date) else "—"


def coverage_table(table: pd.DataFrame, lang: str, name_column: str = "village") -> Styler:
    """The 'Theo thôn' table: one row per village (or agency), the lowest coverage first.

    What a leader acts on comes first (name, rate, status, people missing), so a phone shows
    it without scrolling sideways; the counts behind the rate follow."""
    columns = [name_column, "coverage", "status", "gap", "needed_per_day", "installed", "base", "pace", "projected"]
    shown = table.sort_values("coverage", na_position="first")[[c for c in columns if c in table.columns]].copy()
    # A column with nothing in it (no pace for agencies, nothing needed after a deadline) says nothing.
    shown = shown[[c for c in shown.columns if c == name_column or shown[c].notna().any()]]
    for column in ("pace", "coverage"):
        if column in shown:
            shown[column] = pd.to_numeric(shown[column], errors="coerce").astype("float64")
    if name_column == "family_group":  # reports that named no group
        shown["family_group"] = shown["family_group"].replace("", t("people.unnamed_group", lang))
    if "projected" in shown:  # dates as text: the grid shows a null as 'None', never as '—'
        shown["projected"] = shown["projected"].map(_fmt_date)
    if "status" in shown:
        shown["status"] = shown["status"].map(lambda s: t(f"status.{s}", lang))
    return _styled(
        shown,
        {
            "installed": lambda v: fmt_int(v, lang),
            "base": lambda v: fmt_int(v, lang),
            "coverage": lambda v: fmt_pct(v, lang),
            "gap": lambda v: fmt_int(v, lang),
            "needed_per_day": lambda v: fmt_int(v, lang),
            "pace": lambda v: fmt_number(v, lang),
            "projected": _fmt_date,
        },
        lang,
    )


TONES = {"met": "green", "on_track": "green", "behind": "red", "missed": "red"}


def status_tone(status: str) -> str:
    """The colour a status is written in: red only for what is behind, green for what is not."""
    return TONES.get(status, "gray")


def behind_table(behind: list[Behind], lang: str, with_group: Callable[[str], str] | None = None) -> Styler:
    """The overview's villages behind: name, people missing, whole people a day, rate.

    Four narrow columns, so a phone shows them all; `with_group` (group key -> its title) adds
    the group when the ranking mixes groups."""
    frame = pd.DataFrame(
        {
            "village": [one_line(b.village) for b in behind],  # escaped where drawn (html)
            **({"group": [one_line(with_group(b.group)) for b in behind]} if with_group else {}),
            "gap": [b.missing for b in behind],
            "needed_per_day": [b.needed_per_day for b in behind],
            "coverage": [b.coverage for b in behind],
        }
    )
    formats = {"gap": lambda v: fmt_int(v, lang), "needed_per_day": lambda v: fmt_int(v, lang)}
    return _styled(frame, {**formats, "coverage": lambda v: fmt_pct(v, lang)}, lang)


def status_counts_text(counts: dict[str, int], lang: str) -> str:
    """'3 thôn đã đạt, 25 thôn không đạt.': the statuses that some village has, in STATUSES order."""
    parts = [t(f"villages.count.{status}", lang, n=fmt_int(n, lang)) for status, n in counts.items() if n]
    return ", ".join(parts) + "." if parts else ""


def targets_table(evaluations: list[Evaluation], campaign: Campaign, lang: str) -> Styler:
    """One row per target: phase, group, target, result now and at the deadline."""
    records = []
    for e in evaluations:
        phase = campaign.phase(e.target.phase)
        group = campaign.group(e.group)
        records.append(
            {  # names from campaign.toml: escaped where drawn (html), downloaded as they are
                "phase": one_line(phase.title(lang)),
                "group": one_line(group.title(lang)),
                "target": rule_text(e.target.rule, e.target.percent, lang),
                "deadline": e.deadline,
                "installed": e.installed,
                "base": e.base,
                "coverage": e.coverage,
                "gap": e.gap,
                "status": t(f"status.{e.status}", lang),
                "at_deadline": t(f"result.{deadline_result(e.met_at_deadline)}", lang),
            }
        )
    frame = pd.DataFrame.from_records(records)
    return _styled(
        frame,
        {
            "deadline": _fmt_date,
            "installed": lambda v: fmt_int(v, lang),
            "base": lambda v: fmt_int(v, lang),
            "coverage": lambda v: fmt_pct(v, lang),
            "gap": lambda v: fmt_int(v, lang),
        },
        lang,
    )


def helpers_table(table: pd.DataFrame, lang: str) -> Styler:
    columns = ["village", "helpers", "helpers_it", "helpers_short", "sessions", "attendees"]
    count = {c: (lambda v: fmt_int(v, lang)) for c in columns[1:]}
    return _styled(table[columns], count, lang)


SHOWN_ROWS = 2_000  # rows of a list a page draws (a 1M-row upload can reject 400.000); downloads hold all


def first_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows a page draws of a long list: a grid of millions of cells would take the page
    seconds and pass pandas' Styler limit (262.144 cells), and nobody reads that far on screen."""
    return frame.iloc[:SHOWN_ROWS]


def issues_table(issues: pd.DataFrame, lang: str, with_installs: bool = False) -> Styler:
    columns = ["tab", "row", "column", "value", f"message_{lang if lang in ('vi', 'en') else 'vi'}"]
    shown = issues[columns + (["installs"] if with_installs else [])].rename(columns={columns[-1]: "message"})
    if with_installs:
        shown = shown.rename(columns={"installs": "installs_lost"})
    return _styled(
        shown,
        {
            "row": lambda v: "—" if pd.isna(v) else str(v),
            "installs_lost": lambda v: fmt_int(None if pd.isna(v) else v, lang),
        },
        lang,
    )


def rows_table(rows: pd.DataFrame, lang: str) -> Styler:
    return _styled(rows, {c: (lambda v: fmt_int(v, lang)) for c in ("read", "accepted", "rejected")}, lang)


def crosscheck_table(table: pd.DataFrame, lang: str, by_family_group: bool = False) -> Styler:
    """List against tallies, per village (or inter-family group); the difference is signed."""
    shown = table.copy()
    if not by_family_group:
        shown = shown.drop(columns=["family_group"])
    else:
        shown["family_group"] = shown["family_group"].replace("", t("people.unnamed_group", lang))
    shown["counted"] = shown["counted"].map(lambda s: t(f"people.source.{s}", lang))
    return _styled(
        shown,
        {
            "tallies": lambda v: fmt_int(v, lang),
            "list": lambda v: fmt_int(v, lang),
            "difference": lambda v: ("+" if v > 0 else "") + fmt_int(v, lang),
        },
        lang,
    )


def list_summary_table(table: pd.DataFrame, lang: str) -> Styler:
    return _styled(table, {c: (lambda v: fmt_int(v, lang)) for c in table.columns if c != "village"}, lang)


def people_table(people: pd.DataFrame, lang: str, adult_age: int, unmasked: bool = False) -> Styler:
    """Who installed, one row per list row, with why a row is not counted. Phone and ID numbers
    masked ('09******78') unless an authorised viewer asked for them in full."""
    notes = []
    for dup, adult in zip(people["duplicate_of"].tolist(), people["adult"].tolist(), strict=True):
        parts = [] if is_missing(dup) else [t("people.note.repeat", lang, row=dup)]
        if not adult:
            parts.append(t("people.note.minor", lang, age=adult_age))
        notes.append("; ".join(parts))
    shown = people[["row", "name", "birth_year", "village", "family_group", "phone", "id_number", "date"]].copy()
    shown["note"] = notes
    shown["date"] = shown["date"].map(_fmt_date)
    if not unmasked:
        for column in ("phone", "id_number"):
            shown[column] = shown[column].map(mask_number)
    return _styled(shown, {"birth_year": str, "row": str}, lang)
