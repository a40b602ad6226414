"""What a run of the app knows: the filters, where the figures come from, the view a page
lays out, and the query-string names shared links depend on."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from lib.campaign import Campaign
from lib.dataset import Dataset
from lib.quality import Shrunk
from lib.sources.problems import Problem

DATA_TTL_SECONDS = 60

# Query-string names: short, Vietnamese, stable (shared links depend on them).
Q_VILLAGES, Q_GROUP, Q_PHASE, Q_AS_OF, Q_LANG, Q_MEETING = "thon", "nhom", "dot", "ngay", "lang", "hop"
Q_ROTATE = "xoay"  # seconds per page on an unattended meeting-room screen (?hop=1&xoay=30)
Q_COMMUNE = "xa"  # province mode: the commune every page shows (?xa=cam-xuyen, lib/ui/province.py)
ROTATE_SECONDS = (10, 600)


@dataclass(frozen=True)
class Filters:
    villages: tuple[str, ...]  # empty: the whole commune
    group: str
    phase: int | None  # None: the whole campaign
    as_of: dt.date
    lang: str
    meeting: bool = False
    rotate: int = 0  # seconds per page in meeting mode (0: stay on the page)
    commune: str = ""  # province mode: the commune's slug (?xa=); "" when the app runs one commune


@dataclass(frozen=True)
class SourceStatus:
    """Where the figures come from, for the banner and the data-source page."""

    kind: str  # sample | file | gsheet | public
    title: str
    read_at: float | None = None
    problem: Problem | None = None
    email: str = ""
    requests_last_hour: int | None = None
    throttled_for: float = 0.0  # seconds before 'Làm mới' reads again (0 when it just did)
    spreadsheet_id: str = ""
    ttl: float = DATA_TTL_SECONDS
    shrunk: tuple[Shrunk, ...] = ()  # tabs that lost most rows since the last good read


@dataclass(frozen=True)
class View:
    campaign: Campaign
    dataset: Dataset
    filters: Filters
    today: dt.date
    source: SourceStatus = field(default_factory=lambda: SourceStatus("sample", ""))

    @property
    def lang(self) -> str:
        return self.filters.lang

    @property
    def villages(self) -> list[str] | None:
        return list(self.filters.villages) or None

    @property
    def token(self) -> str:
        return dataset_token(self.dataset)


def dataset_token(ds: Dataset) -> str:
    """A name for this validated dataset object, the same in every session that shows it."""
    token = ds.__dict__.get("_ui_token")
    if token is None:
        token = ds.__dict__.setdefault("_ui_token", uuid.uuid4().hex)
    return token
