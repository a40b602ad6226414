"""Record a validated read as a snapshot: the tables as stored (personal columns dropped,
names in issues hidden), hashed into content-addressed chunk trees, the new chunks written
once, and the snapshot row with its per-village figures (see snapshots.py for what is kept)."""

from __future__ import annotations

import datetime as dt
import json
import zlib
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from lib.campaign import Campaign
from lib.contract import tab_specs
from lib.dataset import Dataset
from lib.privacy import name_headers, names_hidden
from lib.store import codec
from lib.store.per_village import figures_of, put_figures
from lib.store.schema import StoreError, blobs, snapshots
from lib.store.snapshots import HIDDEN, RETENTION_DAYS, TABLES, SnapshotId, local, parse_campaign, writing

_MANIFEST_VERSION = 1


def record(
    engine: Engine,
    dataset: Dataset,
    campaign_text: str,
    source_label: str,
    read_at: dt.datetime,
    *,
    retention_days: int = RETENTION_DAYS,
) -> SnapshotId:
    """Store `dataset` (validated with the campaign file `campaign_text`) as read from
    `source_label` at `read_at`, when its content differs from that source's latest snapshot;
    else only that snapshot's `last_checked` moves to `read_at`. The id of the snapshot that
    holds this content now. Safe with several processes recording at once: one snapshot per
    change (the UNIQUE (source, seq) constraint decides, see schema.py)."""
    read_at = local(read_at)
    campaign = parse_campaign(campaign_text)
    campaign_hash = codec.digest(campaign_text.encode("utf-8"))
    parts, trees = _trees(dataset, campaign, campaign_hash)
    meta = {"source": dataset.source, "title": dataset.title, "tabs": dataset.tabs}
    manifest = {"v": _MANIFEST_VERSION, "meta": meta, "campaign": campaign_hash, "parts": parts}
    content_hash = codec.digest(json.dumps(manifest, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    fig_layout, fig_values = figures_of(dataset, campaign, read_at.date())
    keep_until = campaign.end + dt.timedelta(days=retention_days)
    extra = {
        campaign_hash: ("C", lambda: campaign_text.encode("utf-8")),
        fig_layout[0]: ("V", lambda: fig_layout[1]),
    }
    for attempt in range(20):
        try:
            with writing(engine) as conn:
                latest = conn.execute(
                    select(snapshots.c.id, snapshots.c.seq, snapshots.c.content_hash, snapshots.c.last_checked)
                    .where(snapshots.c.source == source_label)
                    .order_by(snapshots.c.seq.desc())
                    .limit(1)
                ).first()
                if latest is not None and latest.content_hash == content_hash:
                    if read_at > latest.last_checked:
                        conn.execute(update(snapshots).where(snapshots.c.id == latest.id).values(last_checked=read_at))
                    return SnapshotId(latest.id)
                _put_blobs(conn, trees, extra, read_at)
                new_id = conn.execute(
                    insert(snapshots)
                    .values(
                        source=source_label,
                        seq=1 if latest is None else latest.seq + 1,
                        content_hash=content_hash,
                        read_at=read_at,
                        last_checked=read_at,
                        keep_until=keep_until,
                        campaign_hash=campaign_hash,
                        manifest=zlib.compress(json.dumps(manifest, ensure_ascii=False).encode("utf-8")),
                    )
                    .returning(snapshots.c.id)
                ).scalar_one()
                put_figures(conn, new_id, latest, fig_layout[0], fig_values)
                return SnapshotId(new_id)
        except IntegrityError:  # another process stored the next snapshot first: look again
            continue
        except OperationalError as exc:  # SQLite: busy past the timeout; PostgreSQL: a deadlock
            if attempt >= 5:
                raise StoreError(f"Kho số liệu đang bận, chưa ghi được bản ghi: {type(exc).__name__}.") from exc
    raise StoreError("Không ghi được bản ghi sau nhiều lần thử (quá nhiều tiến trình cùng ghi).")


def _stored_parts(ds: Dataset, campaign: Campaign) -> dict[str, pd.DataFrame]:
    """The frames stored for each table: personal columns dropped, names in issues hidden."""
    out = {}
    for name in TABLES:
        frame = getattr(ds, name)
        if name in HIDDEN:
            frame = frame.drop(columns=[c for c in HIDDEN[name] if c in frame.columns])
        elif name == "issues":
            frame = names_hidden(frame, name_headers(tab_specs(campaign)))
        out[name] = frame
    return out


_MEMO = "_store_memo"


def _trees(ds: Dataset, campaign: Campaign, campaign_hash: str) -> tuple[dict[str, Any], list[codec.Tree]]:
    """Per table its manifest entry, and the chunk trees to store. Kept on the Dataset per
    table object (validated tables are never changed in place), so recording the same read
    twice hashes nothing twice."""
    memo = ds.__dict__.setdefault(_MEMO, {})
    entries: dict[str, Any] = {}
    trees: list[codec.Tree] = []
    parts = None
    for name in TABLES:
        key = (name, id(getattr(ds, name)), campaign_hash if name == "issues" else None)
        if key not in memo:
            if parts is None:
                parts = _stored_parts(ds, campaign)
            memo[key] = _table_tree(parts[name])
        entry, own = memo[key]
        if name in HIDDEN:
            frame = getattr(ds, name)
            hidden = {c: codec.dtype_name(frame[c].dtype) for c in HIDDEN[name] if c in frame.columns}
            entry = {**entry, "hidden": hidden}
        entries[name] = entry
        trees.extend(own)
    return entries, trees


def _table_tree(frame: pd.DataFrame) -> tuple[dict[str, Any], list[codec.Tree]]:
    rows = None
    if "row" in frame.columns and frame["row"].dtype == np.int64:  # sheet rows: runs of their own
        runs = codec.row_runs(frame["row"].to_numpy())
        rows = codec.build_tree(runs, "runs")
        frame = frame.drop(columns=["row"])
    columns = [[str(c), codec.dtype_name(frame[c].dtype)] for c in frame.columns]
    tree = codec.build_tree(frame, json.dumps(columns, ensure_ascii=False))
    entry = {"columns": columns, "n": len(frame), "root": tree.root, "rows": rows.root if rows else None}
    return entry, [tree] + ([rows] if rows else [])


def _put_blobs(conn: Connection, trees: list[codec.Tree], extra: dict[str, tuple[str, Any]], at: dt.datetime) -> None:
    def have(hashes: Iterable[str]) -> set[str]:
        hashes = list(dict.fromkeys(hashes))
        found: set[str] = set()
        for i in range(0, len(hashes), 500):
            batch = hashes[i : i + 500]
            found.update(conn.execute(select(blobs.c.hash).where(blobs.c.hash.in_(batch))).scalars())
        return found

    rows = []
    for tree in trees:
        for h in codec.missing_blobs(tree, have):
            maker = tree.blobs[h]
            data = maker()
            rows.append({"hash": h, "kind": data[:1].decode(), "data": data, "created_at": at})
    stored = have(extra)
    rows += [
        {"hash": h, "kind": k, "data": make(), "created_at": at} for h, (k, make) in extra.items() if h not in stored
    ]
    unique = list({r["hash"]: r for r in rows}.values())
    for i in range(0, len(unique), 200):
        conn.execute(_insert_ignore(conn, blobs), unique[i : i + 200])


def _insert_ignore(conn: Connection, table):
    """INSERT … ON CONFLICT DO NOTHING in the connection's dialect."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table).on_conflict_do_nothing()
    if conn.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table).on_conflict_do_nothing()
    return insert(table)
