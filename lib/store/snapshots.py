"""Record a validated read as a snapshot, rebuild it, list snapshots, prune old ones.

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
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import tomllib
import zlib
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NewType

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, and_, delete, exists, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from lib import clock, metrics
from lib.campaign import Campaign, campaign_from_dict
from lib.contract import tab_specs
from lib.dataset import Dataset
from lib.people import counted_rows, list_installs
from lib.privacy import HIDDEN_NAME, name_headers, names_hidden
from lib.store import codec
from lib.store.schema import StoreError, blobs, figures, snapshots

SnapshotId = NewType("SnapshotId", int)

RETENTION_DAYS = 90  # kept until the campaign's end plus this many days (`[store] retention_days`)
KEY_FRAME_EVERY = 64  # figures: a full array every this many snapshots, differences between
_MANIFEST_VERSION = 1
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


# --------------------------------------------------------------------------------- record


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
    fig_layout, fig_values = _figures_of(dataset, campaign, read_at.date())
    keep_until = campaign.end + dt.timedelta(days=retention_days)
    extra = {
        campaign_hash: ("C", lambda: campaign_text.encode("utf-8")),
        fig_layout[0]: ("V", lambda: fig_layout[1]),
    }
    for attempt in range(20):
        try:
            with _writing(engine) as conn:
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
                _put_figures(conn, new_id, latest, fig_layout[0], fig_values)
                return SnapshotId(new_id)
        except IntegrityError:  # another process stored the next snapshot first: look again
            continue
        except OperationalError as exc:  # SQLite: busy past the timeout; PostgreSQL: a deadlock
            if attempt >= 5:
                raise StoreError(f"Kho số liệu đang bận, chưa ghi được bản ghi: {type(exc).__name__}.") from exc
    raise StoreError("Không ghi được bản ghi sau nhiều lần thử (quá nhiều tiến trình cùng ghi).")


class _writing:
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


# -------------------------------------------------------------------------------- figures


def _figures_of(ds: Dataset, campaign: Campaign, day: dt.date) -> tuple[tuple[str, bytes], np.ndarray]:
    """Per village (rows, tab Thon's order) installs of each village group as of `day`, then
    each group's base (-1: none): what a village's history over read time is drawn from."""
    groups = [g.key for g in campaign.village_groups]
    layout = json.dumps({"villages": ds.village_names, "groups": groups}, ensure_ascii=False).encode("utf-8")
    layout_blob = b"V" + zlib.compress(layout)
    installed = metrics.installed_by_village(ds, campaign, day)
    columns = [installed[g].to_numpy(dtype=np.int64) for g in groups]
    for g in groups:
        base = ds.villages[f"base:{g}"] if f"base:{g}" in ds.villages else pd.Series(pd.NA, index=ds.villages.index)
        columns.append(pd.array(base, dtype="Int64").to_numpy(dtype=np.int64, na_value=-1))
    values = np.column_stack(columns) if columns else np.zeros((len(ds.villages), 0), dtype=np.int64)
    return (codec.digest(layout_blob), layout_blob), values.astype(np.int64)


def _put_figures(conn: Connection, snapshot_id: int, latest: Any, layout: str, values: np.ndarray) -> None:
    base_id = None
    if latest is not None:
        prev = conn.execute(
            select(figures.c.base_id, figures.c.layout).where(figures.c.snapshot_id == latest.id)
        ).first()
        if prev is not None and prev.layout == layout:
            key = prev.base_id if prev.base_id is not None else latest.id
            since = conn.execute(select(func.count()).select_from(figures).where(figures.c.base_id == key)).scalar()
            if since < KEY_FRAME_EVERY:
                base_id = key
    data = values
    if base_id is not None:
        data = values - _figure_array(conn, base_id, values.shape)
    payload = zlib.compress(np.ascontiguousarray(data).tobytes(), 6)
    conn.execute(insert(figures).values(snapshot_id=snapshot_id, base_id=base_id, layout=layout, data=payload))


def _figure_array(conn: Connection, snapshot_id: int, shape: tuple[int, ...]) -> np.ndarray:
    row = conn.execute(select(figures.c.data).where(figures.c.snapshot_id == snapshot_id)).first()
    return np.frombuffer(zlib.decompress(row.data), dtype=np.int64).reshape(shape)


# ---------------------------------------------------------------------------------- read


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


_CACHE = _BlobCache()


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
        return _CACHE.fetch(conn, [row.campaign_hash])[row.campaign_hash].decode("utf-8")


def campaign_of(engine: Engine, snapshot_id: int) -> Campaign:
    return parse_campaign(campaign_text(engine, snapshot_id))


def load(engine: Engine, snapshot_id: int) -> Dataset:
    """The snapshot as a Dataset: the same figures as the read it was recorded from (names,
    phones, CCCD and birth years are not stored: *** , '' and 0 stand in for them)."""
    with engine.connect() as conn:
        manifest, row = _manifest(conn, snapshot_id)
        campaign = parse_campaign(_CACHE.fetch(conn, [row.campaign_hash])[row.campaign_hash].decode("utf-8"))
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
    frame = codec.frame_from_leaves(codec.leaves(entry["root"], lambda hs: _CACHE.fetch(conn, hs)), columns)
    if entry["rows"] is not None:
        runs = codec.frame_from_leaves(
            codec.leaves(entry["rows"], lambda hs: _CACHE.fetch(conn, hs)), [("first", "int64"), ("length", "int64")]
        )
        frame.insert(0, "row", codec.rows_from_runs(runs))
    return frame


def village_figures(engine: Engine, snapshot_ids: list[int]) -> dict[int, pd.DataFrame]:
    """Per snapshot: installs (as of its read day) and base per village and village group,
    one row per village: village, installed:<group>…, base:<group>… (base NA: none)."""
    out: dict[int, pd.DataFrame] = {}
    with engine.connect() as conn:
        rows = {}
        for i in range(0, len(snapshot_ids), 500):
            batch = snapshot_ids[i : i + 500]
            for r in conn.execute(select(figures).where(figures.c.snapshot_id.in_(batch))):
                rows[r.snapshot_id] = r
        bases = {r.base_id for r in rows.values() if r.base_id is not None and r.base_id not in rows}
        for i, base in enumerate(sorted(bases)):
            del i
            r = conn.execute(select(figures).where(figures.c.snapshot_id == base)).first()
            rows[base] = r
        layouts = {r.layout for r in rows.values()}
        layout_blobs = _CACHE.fetch(conn, list(layouts))
    layout = {h: json.loads(zlib.decompress(b[1:]).decode("utf-8")) for h, b in layout_blobs.items()}
    arrays: dict[int, np.ndarray] = {}

    def array(sid: int) -> np.ndarray:
        if sid not in arrays:
            r = rows[sid]
            shape = (len(layout[r.layout]["villages"]), 2 * len(layout[r.layout]["groups"]))
            data = np.frombuffer(zlib.decompress(bytes(r.data)), dtype=np.int64).reshape(shape)
            arrays[sid] = data if r.base_id is None else data + array(r.base_id)
        return arrays[sid]

    for sid in snapshot_ids:
        if sid not in rows:
            continue
        spec = layout[rows[sid].layout]
        values = array(sid)
        frame = pd.DataFrame({"village": spec["villages"]})
        k = len(spec["groups"])
        for j, g in enumerate(spec["groups"]):
            frame[f"installed:{g}"] = values[:, j]
            frame[f"base:{g}"] = pd.array(np.where(values[:, k + j] < 0, None, values[:, k + j]), dtype="Int64")
        out[sid] = frame
    return out


# ---------------------------------------------------------------------------------- prune


def prune(engine: Engine, today: dt.date | None = None) -> int:
    """Delete the snapshots kept past their `keep_until` (the campaign's end + retention) and
    every chunk no snapshot left names. A key frame of figures stays while a kept snapshot's
    figures are a difference from it. The number of snapshots deleted."""
    today = today or now().date()
    started = now()
    with _writing(engine, exclusive=True) as conn:
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
