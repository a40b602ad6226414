"""The "Thay đổi" page's tables and lines, made from `lib.changes` results: pure functions,
every figure formatted here (1.234, 85,3%, dd/mm/yyyy), sheet text masked and left as text
(st.dataframe shows it literally)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pandas as pd

from lib.campaign import Campaign
from lib.changes import OLD_DATA, default_since
from lib.formatting import fmt_date, fmt_int
from lib.privacy import mask_text
from lib.store import SnapshotInfo
from lib.texts import t


def fmt_moment(moment: dt.datetime) -> str:
    """A read time: '29/11/2026 09:30'."""
    return f"{fmt_date(moment.date())} {moment:%H:%M}"


def snapshot_label(s: SnapshotInfo) -> str:
    """How a stored read is named in the pickers: '#12 · 29/11/2026 09:30'."""
    return f"#{int(s.id)} · {fmt_moment(s.read_at)}"


def fmt_signed(value: int, lang: str = "vi") -> str:
    """+3, −2, 0 with thousands marks."""
    return ("+" if value > 0 else "") + fmt_int(value, lang)


def default_pair(snaps: Sequence[SnapshotInfo], now: dt.datetime) -> tuple[SnapshotInfo, SnapshotInfo]:
    """(from, to): the read in force at 17:00 the day before `now` (the first read kept if
    none was that early) and the latest one. `snaps` in read order, at least one."""
    return in_force(snaps, default_since(now)), snaps[-1]


def in_force(snaps: Sequence[SnapshotInfo], at: dt.datetime) -> SnapshotInfo:
    """The last read at or before `at`; the first read kept when none was."""
    before = [s for s in snaps if s.read_at <= at]
    return before[-1] if before else snaps[0]


def _group_labels(campaign: Campaign, lang: str) -> dict[str, str]:
    return {g.key: g.title(lang) for g in campaign.village_groups}


def summary_line(result: dict[str, Any], lang: str = "vi") -> str:
    """One line of totals: villages changed, rows added/edited/deleted, earlier figures edited,
    rows newly rejected and fixed."""
    totals = result["totals"]
    return t(
        "changespage.totals",
        lang,
        villages=fmt_int(len(result["villages"]), lang),
        added=fmt_int(totals["rows_added"], lang),
        edited=fmt_int(totals["rows_edited"], lang),
        deleted=fmt_int(totals["rows_deleted"], lang),
        old=fmt_int(totals["old_data_edits"], lang),
        rejected=fmt_int(totals["rejected_new"], lang),
        fixed=fmt_int(totals["rejected_fixed"], lang),
    )


def village_table(result: dict[str, Any], campaign: Campaign, lang: str = "vi") -> pd.DataFrame:
    """Per village that changed: installs added per group, tally rows added, edited, deleted,
    and how many of those changed earlier figures."""
    labels = _group_labels(campaign, lang)
    rows = []
    for v in result["villages"]:
        row = {t("changespage.col_village", lang): mask_text(str(v["village"]))}
        for key, label in labels.items():
            row[t("changespage.col_added_group", lang, group=label)] = fmt_signed(v["installed"][key]["added"], lang)
        row[t("changespage.col_rows_added", lang)] = fmt_int(len(v["added"]), lang)
        row[t("changespage.col_rows_edited", lang)] = fmt_int(len(v["edited"]), lang)
        row[t("changespage.col_rows_deleted", lang)] = fmt_int(len(v["deleted"]), lang)
        row[t("changespage.col_old_data", lang)] = fmt_int(v["old_data_edits"], lang)
        rows.append(row)
    return pd.DataFrame(rows, dtype=str)


def row_text(row: dict[str, Any] | None, campaign: Campaign, lang: str = "vi") -> str:
    """A tally row as read: '13/05/2026 · Tổ 1 · Người dân từ 18 tuổi 12, …' ('' for none)."""
    if row is None:
        return ""
    day = fmt_date(dt.date.fromisoformat(row["date"])) if row.get("date") else "—"
    group = mask_text(str(row.get("family_group") or "")) or t("changespage.whole_village", lang)
    counts = ", ".join(
        f"{label} {fmt_int(row[k], lang)}" for k, label in _group_labels(campaign, lang).items() if k in row
    )
    return f"{day} · {group} · {counts}"


def row_changes(result: dict[str, Any], campaign: Campaign, lang: str = "vi", old_only: bool = False) -> pd.DataFrame:
    """Every tally row edited, deleted or added (or only those that changed earlier figures),
    village by village: the change, its row now and before, its values before and after, and
    its flag ('sửa số liệu cũ', 'nhập bổ sung cho ngày đã qua')."""
    keys = ("village", "flag", "before", "after", "change", "row", "row_before")
    c = {k: t(f"changespage.col_{k}", lang) for k in keys}
    out = []
    for v in result["villages"]:
        village = mask_text(str(v["village"]))
        items: list[tuple[int, dict[str, Any]]] = []
        for e in v["edited"]:
            flag = t("changes.old_data", lang) if e[OLD_DATA] else ""
            items.append(
                (
                    e["row"],
                    {
                        c["change"]: t("changespage.edited", lang),
                        c["row"]: fmt_int(e["row"], lang),
                        c["row_before"]: fmt_int(e["row_before"], lang),
                        c["before"]: row_text(e["before"], campaign, lang),
                        c["after"]: row_text(e["after"], campaign, lang),
                        c["flag"]: flag,
                    },
                )
            )
        for d in v["deleted"]:
            flag = t("changes.old_data", lang) if d[OLD_DATA] else ""
            items.append(
                (
                    d["row"],
                    {
                        c["change"]: t("changespage.deleted", lang),
                        c["row"]: "",
                        c["row_before"]: fmt_int(d["row"], lang),
                        c["before"]: row_text(d, campaign, lang),
                        c["after"]: "",
                        c["flag"]: flag,
                    },
                )
            )
        if not old_only:
            for a in v["added"]:
                flag = t("changes.late", lang) if a["late"] else ""
                items.append(
                    (
                        a["row"],
                        {
                            c["change"]: t("changespage.added", lang),
                            c["row"]: fmt_int(a["row"], lang),
                            c["row_before"]: "",
                            c["before"]: "",
                            c["after"]: row_text(a, campaign, lang),
                            c["flag"]: flag,
                        },
                    )
                )
        for _, item in sorted(items, key=lambda x: x[0]):
            if old_only and item[c["flag"]] != t("changes.old_data", lang):
                continue
            out.append({c["village"]: village, **item})
    columns = [c[k] for k in keys]
    return pd.DataFrame(out, columns=columns, dtype=str)


def rejected_table(rows: list[dict[str, Any]], lang: str = "vi") -> pd.DataFrame:
    """Rows newly rejected: tab, row, column, value and reason (numbers already masked)."""
    c = {k: t(f"changespage.col_{k}", lang) for k in ("tab", "row", "column", "value", "reason")}
    out = [
        {
            c["tab"]: str(r["tab"]),
            c["row"]: "" if r["row"] is None else fmt_int(r["row"], lang),
            c["column"]: mask_text(str(r["column"] or "")),
            c["value"]: mask_text(str(r["value"])),
            c["reason"]: mask_text(str(r["reason_en"] if lang == "en" else r["reason"])),
        }
        for r in rows
    ]
    return pd.DataFrame(out, columns=list(c.values()), dtype=str)


def rejected_fixed_line(result: dict[str, Any], lang: str = "vi") -> str:
    """'Dòng bị loại nay đã sửa: 3.'"""
    return t("changespage.rejected_fixed", lang, n=fmt_int(len(result["rejected_fixed"]), lang))
