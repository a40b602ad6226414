"""What a snapshot is: its id and listing entry, the times it is stamped with, the tables
of a Dataset it keeps and the columns it never keeps, and the write transaction.

What is stored per snapshot (and what is not: no name, phone, CCCD or birth year at rest):

- tab Thon (villages and bases), CoQuan (agencies), HoatDong (sessions), ToLienGia (bases per
  inter-family group), the accepted CaiDat tally rows, and rows read per tab, as validated;
- DoanVien (helpers): village, branch, IT skill and role per helper, without name or phone;
- DanhSach (person list): per accepted row its village, inter-family group, install date and
  the flags counting needs (adult, member of each group, repeat of which row, counted),
  without name, phone, CCCD or birth year;
- every rejected row and warning with its reason, phone/ID numbers masked and people's names
  replaced by *** (as the summary JSON shows them);
- the campaign file's text, the source label, the read time.

A snapshot rebuilt by `load` gives the same figures as the read it was made from (every
metric, the summary JSON, the reports); pages that list people by name have no names to show.

Where each step lives: recording.py (record a read: content hashing, chunks), loading.py (a
snapshot back into a Dataset), listing.py (info, list, latest), retention.py (prune, sizes),
per_village.py (installs and bases per village per snapshot).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from typing import Any, NewType

from sqlalchemy import Connection, Engine

from lib import clock
from lib.campaign import Campaign, campaign_from_dict
from lib.privacy import HIDDEN_NAME

SnapshotId = NewType("SnapshotId", int)

RETENTION_DAYS = 90  # kept until the campaign's end plus this many days (`[store] retention_days`)
_ADVISORY_KEY = 716_2026  # PostgreSQL: record() takes it shared, prune() exclusive

# Tables of a Dataset, and the columns of each that are never stored (filled on rebuild).
TABLES = ("villages", "tallies", "people", "family_groups", "agencies", "helpers", "sessions", "issues", "rows")
HIDDEN = {
    "helpers": {"name": HIDDEN_NAME, "phone": ""},
    "people": {"name": HIDDEN_NAME, "birth_year": 0, "phone": "", "id_number": ""},
}


@dataclass(frozen=True)
class SnapshotInfo:
    """One stored snapshot: `read_at` the first read that saw this content, `last_checked`
    the last read that saw it unchanged (commune time, no zone)."""

    id: SnapshotId
    source: str
    seq: int
    content_hash: str
    read_at: dt.datetime
    last_checked: dt.datetime
    keep_until: dt.date

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": int(self.id),
            "source": self.source,
            "seq": self.seq,
            "read_at": self.read_at.isoformat(timespec="seconds"),
            "last_checked": self.last_checked.isoformat(timespec="seconds"),
            "keep_until": self.keep_until.isoformat(),
        }


def now() -> dt.datetime:
    """The commune's wall-clock time, to the second, without a zone (as stored); on the day
    `lib.clock.today()` gives (IHATINH_TODAY pins it for tests and demonstrations)."""
    wall = dt.datetime.now(clock.ZONE).replace(tzinfo=None, microsecond=0)
    return dt.datetime.combine(clock.today(), wall.time())


def local(moment: dt.datetime) -> dt.datetime:
    """A time as stored: a zone-aware time converted to the commune's, then the zone dropped."""
    return moment.astimezone(clock.ZONE).replace(tzinfo=None) if moment.tzinfo else moment


def parse_campaign(text: str) -> Campaign:
    return campaign_from_dict(tomllib.loads(text))


class writing:
    """A write transaction: SQLite BEGIN IMMEDIATE; PostgreSQL with the shared advisory lock
    (prune takes it exclusively, so no blob is collected while a writer relies on it)."""

    def __init__(self, engine: Engine, exclusive: bool = False):
        self.engine, self.exclusive = engine, exclusive

    def __enter__(self) -> Connection:
        self.conn = self.engine.connect().execution_options(immediate=True)
        self.tx = self.conn.begin()
        if self.conn.dialect.name == "postgresql":
            lock = "pg_advisory_xact_lock" if self.exclusive else "pg_advisory_xact_lock_shared"
            self.conn.exec_driver_sql(f"SELECT {lock}({_ADVISORY_KEY})")
        return self.conn

    def __exit__(self, kind, value, tb) -> None:
        try:
            if kind is None:
                self.tx.commit()
            else:
                self.tx.rollback()
        finally:
            self.conn.close()
