"""A stored snapshot back into a Dataset (and its campaign file), its chunks read through a
cache of recently read blobs."""

from __future__ import annotations

import json
import threading
import zlib
from collections import OrderedDict
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, select

from lib.campaign import Campaign
from lib.dataset import Dataset
from lib.people import counted_rows, list_installs
from lib.store import codec
from lib.store.schema import StoreError, blobs, snapshots
from lib.store.snapshots import HIDDEN, parse_campaign


class _BlobCache:
    """Blobs never change once stored (named by content): recently read ones are kept, up to
    `limit` bytes, for history walks and repeated loads."""

    def __init__(self, limit: int = 64 * 1024 * 1024):
        self.limit, self.size = limit, 0
        self.items: OrderedDict[str, bytes] = OrderedDict()
        self.lock = threading.Lock()

    def fetch(self, conn: Connection, hashes: list[str]) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        with self.lock:
            for h in hashes:
                if h in self.items:
                    self.items.move_to_end(h)
                    out[h] = self.items[h]
        wanted = [h for h in hashes if h not in out]
        for i in range(0, len(wanted), 500):
            batch = wanted[i : i + 500]
            for h, data in conn.execute(select(blobs.c.hash, blobs.c.data).where(blobs.c.hash.in_(batch))):
                out[h] = bytes(data)
        missing = [h for h in hashes if h not in out]
        if missing:
            raise StoreError(f"Kho số liệu thiếu {len(missing)} khối dữ liệu (ví dụ {missing[0]}): kho bị hỏng.")
        with self.lock:
            for h in wanted:
                if h not in self.items and len(out[h]) < self.limit // 16:
                    self.items[h] = out[h]
                    self.size += len(out[h])
            while self.size > self.limit:
                _, old = self.items.popitem(last=False)
                self.size -= len(old)
        return out


BLOB_CACHE = _BlobCache()


def _manifest(conn: Connection, snapshot_id: int) -> tuple[dict[str, Any], Any]:
    row = conn.execute(select(snapshots.c.manifest, snapshots.c.campaign_hash).where(snapshots.c.id == snapshot_id))
    row = row.first()
    if row is None:
        raise StoreError(f"Không có bản ghi số {snapshot_id} trong kho số liệu.")
    return json.loads(zlib.decompress(bytes(row.manifest)).decode("utf-8")), row


def campaign_text(engine: Engine, snapshot_id: int) -> str:
    """The campaign file the snapshot was validated with, as it was."""
    with engine.connect() as conn:
        _, row = _manifest(conn, snapshot_id)
        return BLOB_CACHE.fetch(conn, [row.campaign_hash])[row.campaign_hash].decode("utf-8")


def campaign_of(engine: Engine, snapshot_id: int) -> Campaign:
    return parse_campaign(campaign_text(engine, snapshot_id))


def load(engine: Engine, snapshot_id: int) -> Dataset:
    """The snapshot as a Dataset: the same figures as the read it was recorded from (names,
    phones, CCCD and birth years are not stored: *** , '' and 0 stand in for them)."""
    with engine.connect() as conn:
        manifest, row = _manifest(conn, snapshot_id)
        campaign = parse_campaign(BLOB_CACHE.fetch(conn, [row.campaign_hash])[row.campaign_hash].decode("utf-8"))
        tables = {name: _read_table(conn, entry) for name, entry in manifest["parts"].items()}
    for name in HIDDEN:
        tables[name] = _unhide(tables[name], name, manifest["parts"][name].get("hidden", {}))
    people, tallies = tables["people"], tables["tallies"]
    installs = counted_rows(tallies, list_installs(people, campaign), campaign.count_source)
    meta = manifest["meta"]
    return Dataset(
        villages=tables["villages"],
        installs=installs,
        tallies=tallies,
        people=people,
        family_groups=tables["family_groups"],
        agencies=tables["agencies"],
        helpers=tables["helpers"],
        sessions=tables["sessions"],
        issues=tables["issues"],
        rows=tables["rows"],
        source=meta["source"],
        title=meta["title"],
        tabs=dict(meta["tabs"]),
    )


# The columns of the tables whose personal columns are dropped, in their validated order.
_ORDER = {
    "helpers": ["row", "name", "village", "branch", "phone", "it_skill", "role"],
    "people": ["row", "name", "birth_year", "village", "family_group", "phone", "id_number", "date"],
}


def _unhide(frame: pd.DataFrame, name: str, dtypes: dict[str, str]) -> pd.DataFrame:
    """The dropped columns back with their stand-in values and dtypes, in the validated order."""
    n = len(frame)
    for column, dtype in dtypes.items():
        value = HIDDEN[name][column]
        if dtype == "object":
            filled = np.empty(n, dtype=object)
            filled[:] = [value] * n
            frame[column] = filled
        elif dtype in ("str", "string"):
            frame[column] = pd.array([value] * n, dtype=dtype)
        else:
            frame[column] = np.full(n, value).astype(dtype)
    order = [c for c in _ORDER[name] if c in frame.columns]
    rest = [c for c in frame.columns if c not in order]
    return frame[order + rest]


def _read_table(conn: Connection, entry: dict[str, Any]) -> pd.DataFrame:
    columns = [tuple(c) for c in entry["columns"]]
    frame = codec.frame_from_leaves(codec.leaves(entry["root"], lambda hs: BLOB_CACHE.fetch(conn, hs)), columns)
    if entry["rows"] is not None:
        runs = codec.frame_from_leaves(
            codec.leaves(entry["rows"], lambda hs: BLOB_CACHE.fetch(conn, hs)),
            [("first", "int64"), ("length", "int64")],
        )
        frame.insert(0, "row", codec.rows_from_runs(runs))
    return frame
