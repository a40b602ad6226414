"""Retention: snapshots past their keep-until date deleted with every chunk no snapshot still
reaches; the store's size per table."""

from __future__ import annotations

import datetime as dt
import json
import zlib

from sqlalchemy import Connection, Engine, and_, delete, exists, func, or_, select

from lib.store import codec
from lib.store.schema import blobs, figures, snapshots
from lib.store.snapshots import now, writing


def prune(engine: Engine, today: dt.date | None = None) -> int:
    """Delete the snapshots kept past their `keep_until` (the campaign's end + retention) and
    every chunk no snapshot left names. A key frame of figures stays while a kept snapshot's
    figures are a difference from it. The number of snapshots deleted."""
    today = today or now().date()
    started = now()
    with writing(engine, exclusive=True) as conn:
        expired = snapshots.c.keep_until < today
        needed = exists().where(
            and_(figures.c.base_id == snapshots.c.id, figures.c.snapshot_id.in_(select(snapshots.c.id).where(~expired)))
        )
        doomed = [r.id for r in conn.execute(select(snapshots.c.id).where(and_(expired, ~needed)))]
        for i in range(0, len(doomed), 500):
            batch = doomed[i : i + 500]
            conn.execute(delete(figures).where(figures.c.snapshot_id.in_(batch)))
            conn.execute(delete(snapshots).where(snapshots.c.id.in_(batch)))
        _collect(conn, started)
    return len(doomed)


def _collect(conn: Connection, started: dt.datetime) -> None:
    """Delete blobs that no snapshot reaches (created before this prune began)."""
    reached: set[str] = set()
    frontier: list[str] = []
    for manifest, campaign_hash in conn.execute(select(snapshots.c.manifest, snapshots.c.campaign_hash)):
        reached.add(campaign_hash)
        parts = json.loads(zlib.decompress(bytes(manifest)).decode("utf-8"))["parts"]
        for entry in parts.values():
            frontier += [h for h in (entry["root"], entry["rows"]) if h]
    reached.update(conn.execute(select(figures.c.layout).distinct()).scalars())
    while frontier:
        new = [h for h in dict.fromkeys(frontier) if h not in reached]
        reached.update(new)
        frontier = []
        for i in range(0, len(new), 500):
            batch = new[i : i + 500]
            query = select(blobs.c.data).where(and_(blobs.c.hash.in_(batch), blobs.c.kind == "N"))
            for (data,) in conn.execute(query):
                frontier += codec.node_children(bytes(data))
    stale = [
        h
        for h in conn.execute(
            select(blobs.c.hash).where(or_(blobs.c.created_at < started, blobs.c.created_at.is_(None)))
        )
        .scalars()
        .all()
        if h not in reached
    ]
    for i in range(0, len(stale), 500):
        conn.execute(delete(blobs).where(blobs.c.hash.in_(stale[i : i + 500])))


def store_size(engine: Engine) -> dict[str, int]:
    """Rows and stored bytes per table (the blobs' and figures' payloads, manifests)."""
    with engine.connect() as conn:
        return {
            "snapshots": conn.execute(select(func.count()).select_from(snapshots)).scalar() or 0,
            "blobs": conn.execute(select(func.count()).select_from(blobs)).scalar() or 0,
            "blob_bytes": conn.execute(select(func.coalesce(func.sum(func.length(blobs.c.data)), 0))).scalar() or 0,
            "manifest_bytes": conn.execute(
                select(func.coalesce(func.sum(func.length(snapshots.c.manifest)), 0))
            ).scalar()
            or 0,
            "figure_bytes": conn.execute(select(func.coalesce(func.sum(func.length(figures.c.data)), 0))).scalar() or 0,
        }
