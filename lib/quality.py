"""Totals for the data-quality page: rows read, used, rejected, and installs not counted; and
tabs that lost most of their rows since the last good read."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from lib.dataset import Dataset
from lib.formatting import fmt_int
from lib.texts import t

# A read that keeps less than this share of a tab's accepted rows is shown with a warning.
SHRINK_WARNING_SHARE = 0.5


class Shrunk(NamedTuple):
    tab: str  # as typed in the new read (the old title if the tab is gone)
    accepted: int
    before: int

    def message(self, lang: str = "vi", quote: Callable[[str], str] = str) -> str:
        """The warning; `quote` wraps the tab's title as typed (for Markdown)."""
        accepted, before = fmt_int(self.accepted, lang), fmt_int(self.before, lang)
        return t("quality.shrunk", lang, tab=quote(self.tab), accepted=accepted, before=before)


def shrunk_tabs(before: Dataset, now: Dataset) -> list[Shrunk]:
    """Tabs whose accepted rows fell below half of the last good read's (docs/workbook.md,
    "Bảng tính đổi cấu trúc"): a mass deletion or a bad paste is seen at once, not found out
    at the next meeting. Tabs are paired by what they are (CaiDat, Thon…), not by title."""

    def accepted(ds: Dataset) -> dict[str, tuple[str, int]]:
        per_title = dict(zip(ds.rows["tab"], ds.rows["accepted"], strict=True))
        return {key: (title, int(per_title.get(title, 0))) for key, title in ds.tabs.items()}

    old, new = accepted(before), accepted(now)
    out = []
    for key, (title, count) in old.items():
        new_title, new_count = new.get(key, (title, 0))
        if count and new_count < count * SHRINK_WARNING_SHARE:
            out.append(Shrunk(new_title, new_count, count))
    return out


def quality_summary(ds: Dataset) -> dict[str, int]:
    """read == accepted + rejected by construction; `installs_lost` is what rejected tallies held."""
    lost = ds.rejected["installs"].dropna()
    return {
        "read": int(ds.rows["read"].sum()),
        "accepted": int(ds.rows["accepted"].sum()),
        "rejected": int(ds.rows["rejected"].sum()),
        "installs_lost": int(lost.sum()) if len(lost) else 0,
    }
