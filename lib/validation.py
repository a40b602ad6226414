"""Raw tabs -> clean tables + every rejected row and warning, with a reason a clerk can act on.

Rules: every non-empty row below a tab's header is either used or rejected (never silently
dropped); a rejection names tab, spreadsheet row, column and value in Vietnamese (and
English). Parsing runs once per distinct cell value, not once per cell, so a province-size
tab costs little more than its number of distinct values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from lib.campaign import Campaign
from lib.contract import TabSpec, column_letter, find_tab, match_header, tab_specs
from lib.dataset import ISSUE_COLUMNS, REJECTED, ROW_COLUMNS, WARNING, Dataset, RawWorkbook
from lib.formatting import fmt_date, fmt_int
from lib.parsing import (
    ParseError,
    clean_text,
    is_blank,
    loose_name_key,
    mask_phone,
    name_key,
    parse_count,
    parse_date,
    parse_phone,
    parse_yes_no,
)
from lib.texts import LANGS, t

PARSE_CODES = {
    ParseError.NOT_A_NUMBER: "issue.not_a_number",
    ParseError.NOT_INTEGER: "issue.not_integer",
    ParseError.NEGATIVE: "issue.negative",
    ParseError.BAD_DATE: "issue.bad_date",
    ParseError.BAD_YES_NO: "issue.bad_yes_no",
    ParseError.TOO_LARGE: "issue.too_large",
}


def validate(raw: RawWorkbook, campaign: Campaign, today: dt.date) -> Dataset:
    """The one entry point: a raw workbook in, a `Dataset` out. Never raises on bad cells."""
    specs = {s.key: s for s in tab_specs(campaign)}
    issues: list[dict[str, Any]] = []
    counts: list[dict[str, Any]] = []
    found: dict[str, str] = {}
    tabs = {key: _read_tab(spec, raw, issues, counts, found) for key, spec in specs.items()}

    villages = _villages(tabs["villages"], campaign)
    matcher = VillageMatcher(villages["village"].tolist())
    installs = _installs(tabs["installs"], campaign, matcher, today)
    agencies = _agencies(tabs["agencies"])
    helpers = _helpers(tabs["helpers"], matcher)
    sessions = _sessions(tabs["sessions"], campaign, matcher, today)

    for tab in tabs.values():
        if tab is not None:
            issues.extend(tab.final_issues())
            read = len(tab.frame) + tab.above_header
            _count(counts, tab.spec, tab.title, read, int(tab.rejected.sum()) + tab.above_header)
    issue_frame = pd.DataFrame(issues, columns=ISSUE_COLUMNS)
    issue_frame["row"] = issue_frame["row"].astype("Int64")
    issue_frame["installs"] = issue_frame["installs"].astype("Int64")
    dataset = Dataset(
        villages=villages,
        installs=installs,
        agencies=agencies,
        helpers=helpers,
        sessions=sessions,
        issues=issue_frame,
        rows=pd.DataFrame(counts, columns=ROW_COLUMNS),
        source=raw.source,
        title=raw.title,
        tabs=found,
    )
    dataset.issues = pd.concat([dataset.issues, _over_base_warnings(dataset, campaign, today)], ignore_index=True)
    return dataset


# ---------------------------------------------------------------------------- reading tabs


class _Tab:
    """One tab's body as a frame of raw cells (one column per field), plus what went wrong."""

    def __init__(self, spec: TabSpec, title: str, frame: pd.DataFrame, headers: dict[str, str]):
        self.spec = spec
        self.title = title
        self.frame = frame
        self.headers = headers  # field -> header as typed in the sheet
        self.rejected = np.zeros(len(frame), dtype=bool)
        self.issues: list[dict[str, Any]] = []
        self._row_of_issue: list[int | None] = []  # frame position of each issue (None: tab-level)
        # What each row would have added if used (tally rows): shown beside its rejection.
        self.lost: pd.Series | None = None
        self.above_header = 0  # rows with data above the header row, rejected

    def report(self, severity: str, mask: np.ndarray, code: str, field: str | None, **values: Any) -> None:
        """Add one issue per row in `mask`; a pd.Series in `values` gives a per-row value."""
        mask = np.asarray(mask, dtype=bool)
        if severity == REJECTED:
            mask = mask & ~self.rejected  # one reason per rejected row is enough to act on
            self.rejected |= mask
        for i in np.flatnonzero(mask):
            row_values = {k: (v.iloc[i] if isinstance(v, pd.Series) else v) for k, v in values.items()}
            raw_value = self.frame[field].iloc[i] if field else ""
            shown = _display_value(field, raw_value)
            value = row_values.pop("value", shown)
            installs = row_values.pop("installs", None)
            if installs is None and severity == REJECTED and self.lost is not None:
                installs = self.lost.iloc[i]
            self._row_of_issue.append(int(i))
            self.issues.append(
                _issue(
                    severity,
                    self.title,
                    int(self.frame["row"].iloc[i]),
                    self.headers.get(field, "") if field else "",
                    str(value),
                    code,
                    installs,
                    **row_values,
                )
            )

    def reject_parse_errors(self, parsed: pd.Series, field: str, what: str | None = None) -> None:
        """Reject rows whose cell did not parse; an empty cell too when `what` is given."""
        for error, code in PARSE_CODES.items():
            self.report(REJECTED, _is(parsed, error), code, field)
        if what is not None:
            self.report(REJECTED, _is(parsed, ParseError.EMPTY), "issue.empty", field, what=_what(what))

    @property
    def kept(self) -> np.ndarray:
        return ~self.rejected

    def final_issues(self) -> list[dict[str, Any]]:
        """Rejections, plus warnings about rows that were in the end used: a row rejected by
        a later check gets its rejection only, not a 'still counted' warning as well."""
        return [
            issue
            for issue, i in zip(self.issues, self._row_of_issue, strict=True)
            if issue["severity"] == REJECTED or i is None or not self.rejected[i]
        ]


def _read_tab(spec: TabSpec, raw: RawWorkbook, issues: list, counts: list, found: dict[str, str]) -> _Tab | None:
    title = find_tab(spec, list(raw.tabs))
    if title is None:
        if spec.presence != "optional":
            severity = REJECTED if spec.presence == "required" else WARNING
            shown = ", ".join(f"'{n}'" for n in raw.tabs) or "—"
            issues.append(_issue(severity, spec.name, None, "", "", "issue.missing_tab", None, found=shown))
        return None
    found[spec.key] = title
    rows = raw.tabs[title]
    header = match_header(spec, rows)
    body = rows[header.row_index + 1 :]
    numbers = [header.row_index + 2 + i for i, r in enumerate(body) if not all(is_blank(c) for c in r)]
    body = [r for r in body if not all(is_blank(c) for c in r)]
    if header.missing:
        shown = ", ".join(f"'{h}'" for h in header.headers if h) or "—"
        for column in header.missing:
            issues.append(
                _issue(
                    REJECTED,
                    title,
                    header.row_index + 1,
                    column.header,
                    "",
                    "issue.missing_column",
                    None,
                    found=shown,
                )
            )
        _count(counts, spec, title, len(body), len(body))
        return None
    data: dict[str, Any] = {"row": numbers}
    for column in spec.columns:
        pos = header.positions.get(column.field)
        data[column.field] = [_cell(r, pos) for r in body]
    frame = pd.DataFrame(data, dtype=object)
    frame["row"] = frame["row"].astype(int)
    headers = {f: header.headers[p] for f, p in header.positions.items()}
    tab = _Tab(spec, title, frame, headers)
    # Rows above the header: a one-cell title is expected; anything fuller is data in the wrong place.
    for index, row in enumerate(rows[: header.row_index]):
        if sum(not is_blank(c) for c in row) >= 2:
            tab.above_header += 1
            tab._row_of_issue.append(None)
            shown = " | ".join(clean_text(c) for c in row if not is_blank(c))[:80]
            tab.issues.append(
                _issue(REJECTED, title, index + 1, "", shown, "issue.above_header", None, header=header.row_index + 1)
            )
    for typed, col_index in header.duplicates:
        tab._row_of_issue.append(None)
        tab.issues.append(
            _issue(
                WARNING,
                title,
                header.row_index + 1,
                typed,
                typed,
                "issue.duplicate_column",
                None,
                letter=column_letter(col_index),
            )
        )
    return tab


def _cell(row: list[Any], pos: int | None) -> Any:
    if pos is None or pos >= len(row):
        return None
    value = row[pos]
    if isinstance(value, bool):  # a checkbox; keep it apart from 1 and 0
        return "TRUE" if value else "FALSE"
    return None if is_blank(value) else value


def _count(counts: list, spec: TabSpec, title: str, read: int, rejected: int) -> None:
    counts.append({"tab": title, "read": read, "accepted": read - rejected, "rejected": rejected})


def _issue(
    severity: str, tab: str, row: int | None, column: str, value: str, code: str, installs: Any, **values: Any
) -> dict[str, Any]:
    values = {"tab": tab, "row": row, "column": column, "value": value, **values}
    # A value given per language ({"vi": …, "en": …}) is filled in each message's own language.
    messages = {
        lang: t(code, lang, **{k: v[lang] if isinstance(v, dict) else v for k, v in values.items()}) for lang in LANGS
    }
    return {
        "severity": severity,
        "tab": tab,
        "row": row,
        "column": column,
        "value": value,
        "code": code.removeprefix("issue."),
        "message_vi": messages["vi"],
        "message_en": messages["en"],
        "installs": installs if isinstance(installs, int) else None,
    }


def _display_value(field: str | None, value: Any) -> str:
    if field == "phone":
        return mask_phone(parse_phone(value))
    if isinstance(value, dt.date):
        return fmt_date(value)
    text = clean_text(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _what(key: str) -> dict[str, str]:
    return {lang: t(f"what.{key}", lang) for lang in LANGS}


# ------------------------------------------------------------------------------- parsing


def parse_column(series: pd.Series, parser: Callable[[Any], Any]) -> pd.Series:
    """Apply `parser` to each distinct value once; the result keeps the series' index."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    parsed = np.empty(len(uniques) + 1, dtype=object)
    parsed[:-1] = [parser(u) for u in uniques]
    parsed[-1] = parser(None)
    return pd.Series(parsed[codes], index=series.index, dtype=object)


def _is(parsed: pd.Series, error: ParseError) -> np.ndarray:
    return np.fromiter((v is error for v in parsed), dtype=bool, count=len(parsed))


def _is_error(parsed: pd.Series) -> np.ndarray:
    return np.fromiter((isinstance(v, ParseError) for v in parsed), dtype=bool, count=len(parsed))


def _valid(parsed: pd.Series, fill: Any = None) -> pd.Series:
    """Parsed values with every error replaced by `fill`."""
    return parsed.where(~_is_error(parsed), fill)


class VillageMatcher:
    """Village names typed in rows -> the name in tab Thon.

    Case, spacing and Unicode normal form never matter. Diacritics do, because they can tell
    two villages apart; a name typed without them is accepted only when exactly one village
    has that unaccented spelling.
    """

    def __init__(self, villages: list[str]):
        self.exact = {name_key(v): v for v in villages}
        loose: dict[str, list[str]] = {}
        for v in villages:
            loose.setdefault(loose_name_key(v), []).append(v)
        self.loose = {k: vs[0] for k, vs in loose.items() if len(vs) == 1}

    def match(self, typed: Any) -> tuple[str | None, bool]:
        """(village, matched_without_diacritics); village is None when unknown."""
        key = name_key(typed)
        if key in self.exact:
            return self.exact[key], False
        if name_key(typed) == loose_name_key(typed) and loose_name_key(typed) in self.loose:
            return self.loose[loose_name_key(typed)], True
        return None, False


def _match_villages(tab: _Tab, matcher: VillageMatcher) -> pd.Series:
    """Canonical village per row; rejects blanks and unknowns, warns on unaccented matches."""
    matched = parse_column(tab.frame["village"], lambda v: None if is_blank(v) else matcher.match(v))
    blank = tab.frame["village"].isna().to_numpy()
    tab.report(REJECTED, blank, "issue.empty", "village", what=_what("village"))
    unknown = np.fromiter((m is not None and m[0] is None for m in matched), dtype=bool, count=len(matched))
    tab.report(REJECTED, unknown, "issue.unknown_village", "village")
    village = matched.map(lambda m: m[0] if m else None)
    loose = np.fromiter((bool(m and m[1]) for m in matched), dtype=bool, count=len(matched))
    tab.report(WARNING, loose & tab.kept, "issue.loose_village", "village", match=village)
    return village


def _dates(tab: _Tab, campaign: Campaign, today: dt.date) -> pd.Series:
    parsed = parse_column(tab.frame["date"], parse_date)
    tab.reject_parse_errors(parsed, "date", what="date")
    date = _valid(parsed)
    future = np.fromiter((d is not None and d > today for d in date), dtype=bool, count=len(date))
    tab.report(REJECTED, future, "issue.future_date", "date", value=date.map(fmt_date), today=fmt_date(today))
    outside = np.fromiter(
        (d is not None and not campaign.start <= d <= campaign.end for d in date), dtype=bool, count=len(date)
    )
    tab.report(
        WARNING,
        outside & tab.kept,
        "issue.outside_campaign",
        "date",
        value=date.map(fmt_date),
        start=fmt_date(campaign.start),
        end=fmt_date(campaign.end),
    )
    return date


def _first_rows(frame: pd.DataFrame, keys: list[str], among: np.ndarray) -> tuple[np.ndarray, pd.Series]:
    """Rows (within `among`) repeating an earlier row's `keys`, and that earlier row's number."""
    sub = frame[among]
    dup = sub.duplicated(keys, keep="first")
    first = sub.groupby(keys, dropna=False, sort=False)["row"].transform("first")
    mask = np.zeros(len(frame), dtype=bool)
    mask[np.flatnonzero(among)[dup.to_numpy()]] = True
    first_all = pd.Series(pd.NA, index=frame.index, dtype=object)
    first_all[among] = first.to_numpy()
    return mask, first_all


# --------------------------------------------------------------------------------- tabs


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


def _villages(tab: _Tab | None, campaign: Campaign) -> pd.DataFrame:
    base_fields = [f"base:{g.key}" for g in campaign.village_groups]
    columns = ["row", "village", "family_groups", *base_fields]
    if tab is None:
        return _empty(columns)
    frame = tab.frame
    blank = frame["village"].isna().to_numpy()
    tab.report(REJECTED, blank, "issue.empty", "village", what=_what("village"))
    names = frame["village"].map(clean_text)
    keyed = pd.DataFrame({"key": frame["village"].map(name_key), "row": frame["row"]})
    dup, first = _first_rows(keyed, ["key"], tab.kept)
    tab.report(REJECTED, dup, "issue.duplicate_village", "village", first=first)
    out = pd.DataFrame({"row": frame["row"], "village": names})
    for field in ("family_groups", *base_fields):
        parsed = parse_column(frame[field], parse_count)
        bad = _is_error(parsed) & ~_is(parsed, ParseError.EMPTY)
        tab.report(WARNING, bad & tab.kept, "issue.bad_base", field)
        if field.startswith("base:"):
            empty = _is(parsed, ParseError.EMPTY)
            tab.report(WARNING, empty & tab.kept, "issue.missing_base", field, value=names)
        out[field] = pd.array(_valid(parsed).tolist(), dtype="Int64")
    return out[tab.kept].reset_index(drop=True)


def _installs(tab: _Tab | None, campaign: Campaign, matcher: VillageMatcher, today: dt.date) -> pd.DataFrame:
    groups = campaign.village_groups
    columns = ["row", "date", "village", "family_group", *(g.key for g in groups)]
    if tab is None:
        return _empty(columns)
    frame = tab.frame
    top = next((g for g in groups if not g.part_of), None)
    parsed = {g.key: parse_column(frame[f"count:{g.key}"], parse_count) for g in groups}
    # A cumulative row holds a running total, not what it adds: no 'installs lost' figure then.
    tab.lost = _valid(parsed[top.key]) if top and campaign.tally_mode == "incremental" else None
    date = _dates(tab, campaign, today)
    village = _match_villages(tab, matcher)
    if groups:
        all_empty = np.logical_and.reduce([_is(parsed[g.key], ParseError.EMPTY) for g in groups])
        tab.report(REJECTED, all_empty, "issue.no_counts", None)
    for g in groups:
        for error, code in PARSE_CODES.items():
            tab.report(REJECTED, _is(parsed[g.key], error), code, f"count:{g.key}")
    counts = {k: _valid(p, 0) for k, p in parsed.items()}
    for g in groups:
        if g.part_of:
            over = (counts[g.key] > counts[g.part_of]).to_numpy(dtype=bool)
            tab.report(
                REJECTED,
                over,
                "issue.part_exceeds_total",
                f"count:{g.key}",
                total_column=tab.headers.get(f"count:{g.part_of}", ""),
                total=counts[g.part_of],
            )
    out = pd.DataFrame(
        {
            "row": frame["row"],
            "date": date,
            "village": village,
            "family_group": frame["family_group"].map(clean_text),
            **{k: c.astype("int64") for k, c in counts.items()},
        }
    )
    dup, first = _first_rows(out, ["date", "village", "family_group", *counts], tab.kept)
    tab.report(WARNING, dup, "issue.double_entry", None, first=first)
    out = out[tab.kept].reset_index(drop=True)
    out["date"] = pd.to_datetime(out["date"])
    return out


def _agencies(tab: _Tab | None) -> pd.DataFrame:
    columns = ["row", "unit", "base", "installed"]
    if tab is None:
        return _empty(columns)
    frame = tab.frame
    tab.report(REJECTED, frame["unit"].isna().to_numpy(), "issue.empty", "unit", what=_what("unit"))
    base = parse_column(frame["base"], parse_count)
    tab.reject_parse_errors(base, "base", what="count")
    installed = parse_column(frame["installed"], parse_count)
    tab.reject_parse_errors(installed, "installed")
    out = pd.DataFrame(
        {
            "row": frame["row"],
            "unit": frame["unit"].map(clean_text),
            "base": _valid(base, 0),
            "installed": _valid(installed, 0),
        }
    )
    keyed = pd.DataFrame({"key": frame["unit"].map(name_key), "row": frame["row"]})
    dup, first = _first_rows(keyed, ["key"], tab.kept)
    tab.report(REJECTED, dup, "issue.duplicate_unit", "unit", first=first)
    over = (out["installed"] > out["base"]).to_numpy(dtype=bool) & tab.kept
    tab.report(WARNING, over, "issue.unit_over_base", "unit", installed=out["installed"], base=out["base"])
    out = out[tab.kept].reset_index(drop=True)
    return out.astype({"base": "int64", "installed": "int64"})


def _helpers(tab: _Tab | None, matcher: VillageMatcher) -> pd.DataFrame:
    columns = ["row", "name", "village", "branch", "phone", "it_skill", "role"]
    if tab is None:
        return _empty(columns)
    frame = tab.frame
    tab.report(REJECTED, frame["name"].isna().to_numpy(), "issue.empty", "name", what=_what("name"))
    village = _match_villages(tab, matcher)
    skill = parse_column(frame["it_skill"], parse_yes_no)
    tab.reject_parse_errors(skill, "it_skill")
    out = pd.DataFrame(
        {
            "row": frame["row"],
            "name": frame["name"].map(clean_text),
            "village": village,
            "branch": frame["branch"].map(clean_text),
            "phone": frame["phone"].map(parse_phone),
            "it_skill": _valid(skill, False).astype(bool),
            "role": frame["role"].map(clean_text),
        }
    )
    keyed = pd.DataFrame({"name": out["name"].map(name_key), "village": village, "row": out["row"]})
    dup, first = _first_rows(keyed, ["name", "village"], tab.kept)
    tab.report(WARNING, dup, "issue.duplicate_person", "name", first=first)
    return out[tab.kept].reset_index(drop=True)


def _sessions(tab: _Tab | None, campaign: Campaign, matcher: VillageMatcher, today: dt.date) -> pd.DataFrame:
    columns = ["row", "date", "village", "kind", "attendees"]
    if tab is None:
        return _empty(columns)
    frame = tab.frame
    date = _dates(tab, campaign, today)
    village = _match_villages(tab, matcher)
    attendees = parse_column(frame["attendees"], parse_count)
    tab.reject_parse_errors(attendees, "attendees")
    out = pd.DataFrame(
        {
            "row": frame["row"],
            "date": date,
            "village": village,
            "kind": frame["kind"].map(clean_text),
            "attendees": pd.array(_valid(attendees).tolist(), dtype="Int64"),
        }
    )
    out = out[tab.kept].reset_index(drop=True)
    out["date"] = pd.to_datetime(out["date"])
    return out


def _over_base_warnings(ds: Dataset, campaign: Campaign, today: dt.date) -> pd.DataFrame:
    """Villages whose installs (as of today) exceed their base: counted, but worth a look."""
    from lib.metrics import installed_by_village  # metrics builds on the validated tables

    installed = installed_by_village(ds, campaign, today)
    rows = []
    for g in campaign.village_groups:
        base = ds.villages.set_index("village")[f"base:{g.key}"]
        done = installed[g.key].reindex(base.index, fill_value=0)
        for village in base.index[(base.notna() & (done > base.fillna(0))).to_numpy(dtype=bool)]:
            rows.append(
                _issue(
                    WARNING,
                    ds.tabs.get("installs", "CaiDat"),
                    None,
                    g.installed_column,
                    village,
                    "issue.over_base",
                    None,
                    village=village,
                    group={"vi": g.label, "en": g.label_en},
                    installed=fmt_int(done[village]),
                    base=fmt_int(base[village]),
                )
            )
    frame = pd.DataFrame(rows, columns=ISSUE_COLUMNS)
    return frame.astype({"row": "Int64", "installs": "Int64"})
