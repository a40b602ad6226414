"""Which snapshots there are: one by id, those of a source over a span of read time, the one
in force at a moment."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine, select

from lib.store.schema import StoreError, snapshots
from lib.store.snapshots import SnapshotId, SnapshotInfo, local


def _info(row: Any) -> SnapshotInfo:
    return SnapshotInfo(
        SnapshotId(row.id), row.source, row.seq, row.content_hash, row.read_at, row.last_checked, row.keep_until
    )


_INFO_COLUMNS = (
    snapshots.c.id,
    snapshots.c.source,
    snapshots.c.seq,
    snapshots.c.content_hash,
    snapshots.c.read_at,
    snapshots.c.last_checked,
    snapshots.c.keep_until,
)


def info(engine: Engine, snapshot_id: int) -> SnapshotInfo:
    """One snapshot's id, source, times; StoreError when there is none with that id."""
    with engine.connect() as conn:
        row = conn.execute(select(*_INFO_COLUMNS).where(snapshots.c.id == snapshot_id)).first()
    if row is None:
        raise StoreError(f"Không có bản ghi số {snapshot_id} trong kho số liệu.")
    return _info(row)


def list_snapshots(
    engine: Engine, source: str | None = None, since: dt.datetime | None = None, until: dt.datetime | None = None
) -> list[SnapshotInfo]:
    """Snapshots in read order (of one source, or all), read from `since` up to `until`."""
    query = select(*_INFO_COLUMNS).order_by(snapshots.c.read_at, snapshots.c.id)
    if source is not None:
        query = query.where(snapshots.c.source == source)
    if since is not None:
        query = query.where(snapshots.c.read_at >= local(since))
    if until is not None:
        query = query.where(snapshots.c.read_at <= local(until))
    with engine.connect() as conn:
        return [_info(r) for r in conn.execute(query)]


def latest(engine: Engine, source: str | None = None, at: dt.datetime | None = None) -> SnapshotInfo | None:
    """The snapshot in force at `at` (default: now): the last one read at or before it, of
    `source` (default: the source of the most recent snapshot)."""
    query = select(*_INFO_COLUMNS).order_by(snapshots.c.read_at.desc(), snapshots.c.id.desc()).limit(1)
    if source is None:
        source = latest_source(engine)
        if source is None:
            return None
    query = query.where(snapshots.c.source == source)
    if at is not None:
        query = query.where(snapshots.c.read_at <= local(at))
    with engine.connect() as conn:
        row = conn.execute(query).first()
    return None if row is None else _info(row)


def latest_source(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return conn.execute(
            select(snapshots.c.source).order_by(snapshots.c.read_at.desc(), snapshots.c.id.desc()).limit(1)
        ).scalar()
