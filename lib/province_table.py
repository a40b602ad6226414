"""What the province page shows, computed from `lib.province.roll_up`'s result: which targets
are current, the province's card per target, and the ranking of communes as a table whose cells
are ready to lay out (numbers `1.234`, rates `85,3%`, status words, data age, the problem).

Pages only lay this out (pages/toan-tinh.py). Text from province.toml (commune names) and from a
commune's sheet (tab and column names inside a problem) is made plain for Markdown and its
phone/ID-shaped numbers are masked: a problem's message can quote a cell.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pandas as pd
from pandas.io.formats.style import Styler

from lib.clock import ZONE
from lib.formatting import fmt_date, fmt_int, fmt_pct, rule_text
from lib.freshness import describe_age
from lib.markup import plain
from lib.metrics import BEHIND, MET, MISSED, ON_TRACK, OPEN
from lib.privacy import mask_text
from lib.province import PENDING, slug
from lib.texts import t

# Worst first: what a meeting must talk about comes first in the status counts.
STATUS_ORDER = (MISSED, BEHIND, OPEN, ON_TRACK, MET)
TONE = {MET: "#1b7f3b", ON_TRACK: "#1b7f3b", BEHIND: "#c62828", MISSED: "#c62828"}  # as the overview's cards


@dataclass(frozen=True)
class Card:
    """The province's figure for one target: sums of people, the communes per status."""

    key: str
    title: str
    coverage: str
    counts: str  # '7.240/30.707 người · còn thiếu 1.973'
    statuses: str  # '2 xã chậm · 5 xã đúng tiến độ'
    tone: str  # red: some commune behind or missed; green: all met or on track; else grey


def phases(rolled: dict[str, Any]) -> list[int]:
    """The phases some commune has a target in, in order."""
    return sorted({row["phase"] for row in rolled["totals"]["targets"].values()})


def current_phase(rolled: dict[str, Any]) -> int | None:
    """The phase most counted communes are in at their as-of date (the lower one on a tie):
    communes with their own campaigns may be in different phases."""
    counted = Counter(c["phase"] for c in rolled["communes"] if c["ok"] and c["phase"] is not None)
    if not counted:
        known = phases(rolled)
        return known[-1] if known else None
    most = max(counted.values())
    return min(p for p, n in counted.items() if n == most)


def phase_title(rolled: dict[str, Any], phase: int, lang: str) -> str:
    """The phase's name as the communes' campaigns call it (the first commune in that phase)."""
    for c in rolled["communes"]:
        if c["ok"] and c["phase"] == phase:
            return c["phase_title"][lang]
    return t("provincepage.phase", lang, n=phase)


def targets_of(rolled: dict[str, Any], phase: int | None) -> list[str]:
    """The province's targets of a phase, in the order the campaigns list their groups."""
    return [key for key, row in rolled["totals"]["targets"].items() if row["phase"] == phase]


def title(rolled: dict[str, Any], key: str, lang: str) -> str:
    """A target's group in the viewer's language, plain for Markdown."""
    row = rolled["totals"]["targets"][key]
    return plain(row["label_en"] if lang == "en" else row["label"])


def card(rolled: dict[str, Any], key: str, lang: str) -> Card:
    total = rolled["totals"]["targets"][key]
    counts = t("provincepage.card_counts", lang, installed=fmt_int(total["installed"], lang),
               base=fmt_int(total["base"], lang))  # fmt: skip
    if total["missing"]:
        counts += " · " + t("provincepage.card_gap", lang, gap=fmt_int(total["missing"], lang))
    statuses = total.get("statuses", {})
    words = [
        t("provincepage.status_count", lang, n=fmt_int(statuses[s], lang), status=t(f"status.{s}", lang).lower())
        for s in STATUS_ORDER
        if statuses.get(s)
    ]
    return Card(
        key,
        title(rolled, key, lang),
        fmt_pct(total["coverage"], lang),
        counts,
        " · ".join(words),
        _tone(statuses),
    )


def _tone(statuses: dict[str, int]) -> str:
    """As the overview's cards: red when some commune is behind or missed the target, green when
    every commune met it or is on track, grey otherwise (not yet met, no pace to judge by)."""
    present = {s for s, n in statuses.items() if n}
    if present & {BEHIND, MISSED}:
        return "red"
    return "green" if present and present <= {MET, ON_TRACK} else "gray"


def moment(timestamp: float) -> dt.datetime:
    """A time.time() as the commune's wall clock."""
    return dt.datetime.fromtimestamp(timestamp, ZONE)


def link_query(lang: str, meeting: bool) -> dict[str, str]:
    """What a link into a commune keeps of the viewer's view: the language and meeting mode."""
    return {**({"lang": "en"} if lang == "en" else {}), **({"hop": "1"} if meeting else {})}


def links(name: str, query: dict[str, str] | None = None) -> tuple[str, str]:
    """The commune's own overview and villages page: `/?xa=cam-xuyen`, `/theo-thon?xa=cam-xuyen`
    (with the viewer's language and meeting mode kept)."""
    params = urlencode({"xa": slug(name), **(query or {})})
    return f"/?{params}", f"/theo-thon?{params}"


def age(read_at: str, now: dt.datetime, lang: str) -> str:
    """'10:32 · cách đây 3 phút': when the figures were read and how old they are now."""
    moment = dt.datetime.fromisoformat(read_at)
    return f"{moment:%H:%M} · {describe_age((now - moment).total_seconds(), lang)}"


def _problem(message: str) -> str:
    return plain(mask_text(message))


def ranking_table(rolled: dict[str, Any], key: str, lang: str, now: dt.datetime, query: dict | None = None) -> Styler:
    """Every commune for one target: those with figures ranked by people missing (most first),
    then those without (not read yet, or failing), each with its data age and its problem.

    Columns: commune (rank, link to its overview and its villages), people missing, coverage, status in
    words (coloured as the overview's cards), data (read at, age, the problem if any)."""
    by_name = {c["name"]: c for c in rolled["communes"]}
    rows = []
    for r in rolled["ranking"].get(key, []):
        c = by_name[r["commune"]]
        overview, villages = links(c["name"], query)
        data = age(c["read_at"], now, lang)
        if c["problem"]:
            data = "⚠ " + data + " · " + _problem(c["problem"]["message" if lang == "vi" else "message_en"])
        target = c["targets"][key]
        rows.append(
            {
                "commune": f"{r['rank']}. [{plain(c['name'])}]({overview}) · [{t('provincepage.villages_link', lang)}]"
                f"({villages})",
                "gap": fmt_int(r["missing"], lang),
                "coverage": f"{fmt_pct(r['coverage'], lang)} / {rule_text(target['rule'], target['percent'], lang)}",
                "status": t(f"status.{r['status']}", lang),
                "data": data,
                "_tone": TONE.get(r["status"], "#4a4a4a"),
            }
        )
    ranked = {r["commune"] for r in rolled["ranking"].get(key, [])}
    for c in rolled["communes"]:
        if c["name"] in ranked or (c["ok"] and key not in c["targets"]):
            continue  # ranked above, or a commune whose campaign has no such target
        pending = c["error"] is not None and c["error"]["stage"] == PENDING
        overview, villages = links(c["name"], query)
        message = c["error"]["message" if lang == "vi" else "message_en"] if c["error"] else ""
        rows.append(
            {
                "commune": f"[{plain(c['name'])}]({overview})",
                "gap": "—",
                "coverage": "—",
                "status": t("provincepage.reading" if pending else "provincepage.failed", lang),
                "data": ("⏳ " if pending else "⚠ ") + _problem(message),
                "_tone": "#4a4a4a" if pending else "#c62828",
            }
        )
    frame = pd.DataFrame(rows, columns=["commune", "gap", "coverage", "status", "data", "_tone"])
    tones = frame.pop("_tone").tolist()
    shown = frame.rename(columns={c: t(f"provincepage.col.{c}", lang) for c in frame.columns})
    status = t("provincepage.col.status", lang)

    def colour(column: pd.Series) -> list[str]:
        return [f"color:{tone};font-weight:600" for tone in tones] if column.name == status else [""] * len(column)

    return shown.style.apply(colour, axis=0).hide(axis="index")


def headline(rolled: dict[str, Any], lang: str) -> str:
    """'67/69 xã có số liệu · 2 xã có sự cố · số liệu đến hết 20/05/2026 · số liệu cũ nhất đọc cách đây 2 phút'."""
    totals = rolled["totals"]
    parts = [t("provincepage.counted", lang, counted=totals["counted"], communes=totals["communes"])]
    troubled = [c for c in rolled["communes"] if c["problem"] or (c["error"] and c["error"]["stage"] != PENDING)]
    if troubled:
        parts.append(t("provincepage.troubled", lang, n=len(troubled)))
    pending = [c for c in rolled["communes"] if c["error"] and c["error"]["stage"] == PENDING]
    if pending:
        parts.append(t("provincepage.pending", lang, n=len(pending)))
    days = {c["as_of"] for c in rolled["communes"] if c["ok"]}
    if len(days) == 1:  # communes on their own dates otherwise (each its own default, as alone)
        parts.append(t("provincepage.as_of", lang, date=fmt_date(dt.date.fromisoformat(days.pop()))))
    if rolled["totals"]["counted"]:
        oldest = max(c["age_seconds"] for c in rolled["communes"] if c["ok"])
        parts.append(t("provincepage.oldest", lang, age=describe_age(oldest, lang)))
    return " · ".join(parts)
