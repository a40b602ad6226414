"""The store's tables, how to open one, and its schema version.

Tables (SQLAlchemy Core; the same on SQLite and PostgreSQL):

- `store_schema`: one row, `version` = SCHEMA_VERSION of the code that last upgraded it. A
  newer code upgrades an older store in `open_store` by the steps in `MIGRATIONS` (version n:
  the step from n - 1 to n, run in one transaction); an older code refuses a newer store.
- `snapshots`: one row per content that differed from the source's previous one: `source`,
  `seq` (1, 2, … per source), `content_hash`, `read_at` (the first read that saw it),
  `last_checked` (the last read that saw it unchanged), `keep_until` (retention), the hash of
  the campaign file used and the `manifest` (zlib JSON: per table its columns, row count and
  the roots of its chunk trees, see codec.py). UNIQUE (source, seq): two processes that read
  the same change after the same snapshot both try to store snapshot seq + 1, and the
  database keeps one; the other sees it and only updates `last_checked`.
- `blobs`: content-addressed chunks (`hash` primary key, `kind` L leaf / N node / C campaign
  file / V village list, `data`, `created_at`). Written with ON CONFLICT DO NOTHING.
- `figures`: per snapshot, installs and bases per village and group as of its read day, as an
  int64 array; a *key frame* (`base_id` NULL) or the difference from one (`base_id`), so the
  history of a village over thousands of reads costs a few hundred bytes a read.
- `shared_reads` (version 2): per live source, its latest read for every replica, sealed, and
  the lease that lets one replica read at a time (shared_reads.py).

Times are the commune's wall-clock time (UTC+7, `lib.clock.ZONE`), stored without a zone.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import (
    Column,
    Connection,
    Date,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    insert,
    select,
    update,
)


class StoreError(Exception):
    """The store cannot be opened or read; the message says why, in Vietnamese."""


SCHEMA_VERSION = 2
# version n -> the function that upgrades a store at version n - 1 (run inside a transaction)
MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    2: lambda conn: metadata.create_all(conn, tables=[shared_reads]),  # reads shared by replicas
}

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PATH = ROOT / "data" / "store" / "snapshots.sqlite3"

metadata = MetaData()

store_schema = Table(
    "store_schema",
    metadata,
    Column("version", Integer, nullable=False),
    Column("upgraded_at", DateTime, nullable=True),
)

snapshots = Table(
    "snapshots",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(300), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("read_at", DateTime, nullable=False),
    Column("last_checked", DateTime, nullable=False),
    Column("keep_until", Date, nullable=False),
    Column("campaign_hash", String(32), nullable=False),
    Column("manifest", LargeBinary, nullable=False),
    UniqueConstraint("source", "seq", name="one_snapshot_per_change"),
    Index("snapshots_by_content", "source", "content_hash"),
    Index("snapshots_by_time", "source", "read_at"),
    sqlite_autoincrement=True,  # ids are never reused after a prune: a report's #N stays its own
)

blobs = Table(
    "blobs",
    metadata,
    Column("hash", String(32), primary_key=True),
    Column("kind", String(1), nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("created_at", DateTime, nullable=False),
)

shared_reads = Table(  # the latest read of each live source, for every replica (shared_reads.py)
    "shared_reads",
    metadata,
    Column("source", String(300), primary_key=True),
    Column("read_at", Float, nullable=True),
    Column("attempted_at", Float, nullable=True),
    Column("problem", Text, nullable=True),
    Column("content_hash", String(32), nullable=True),
    Column("payload", LargeBinary, nullable=True),
    Column("lease_until", Float, nullable=False),
    Column("holder", String(64), nullable=False),
)

figures = Table(
    "figures",
    metadata,
    Column("snapshot_id", Integer, ForeignKey("snapshots.id", ondelete="CASCADE"), primary_key=True),
    Column("base_id", Integer, nullable=True),
    Column("layout", String(32), nullable=False),
    Column("data", LargeBinary, nullable=False),
    Index("figures_by_base", "base_id"),
)


def engine_url(url: str | None, path: Path | str | None = None) -> str:
    """The SQLAlchemy URL: PostgreSQL through psycopg 3 for postgresql:// URLs, else SQLite
    (the given file, or data/store/snapshots.sqlite3)."""
    if url:
        for prefix in ("postgresql://", "postgres://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix) :]
        return url
    file = Path(path) if path else DEFAULT_PATH
    file.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{file}"


def open_store(url: str | None = None, *, path: Path | str | None = None) -> Engine:
    """An engine on the store, its tables created or upgraded. `url`: a postgresql:// URL
    (`[store] url` in secrets.toml) or any SQLAlchemy URL; none: SQLite at `path` or
    data/store/snapshots.sqlite3 (WAL mode, so readers never wait for a writer)."""
    full = engine_url(url, path)
    if full.startswith("sqlite"):
        engine = create_engine(full, connect_args={"timeout": 60})
        _sqlite_setup(engine)
    else:
        # A server that does not answer fails a page's look at the store in 5 s, not minutes.
        args = {"connect_timeout": 5} if full.startswith("postgresql") else {}
        engine = create_engine(full, pool_pre_ping=True, connect_args=args)
    try:
        ensure_schema(engine)
    except StoreError:
        engine.dispose()
        raise
    except Exception as exc:
        engine.dispose()
        raise StoreError(f"Không mở được kho số liệu ({type(exc).__name__}): {_safe(str(exc))}") from exc
    return engine


def _safe(message: str) -> str:
    """An error's first line, without a password a URL may carry."""
    return redacted_url(message.splitlines()[0] if message else "")


def redacted_url(text: str) -> str:
    """`text` with the password of any URL in it (`scheme://user:password@`) shown as ***."""
    import re

    return re.sub(r"://([^:/@\s]+):[^@\s]*@", r"://\1:***@", text)


def _wal(cursor) -> None:
    """Switch a new file to WAL. The switch needs the file to itself and SQLite answers "locked"
    at once, without waiting, when another connection is opening it too (processes or threads
    starting together): try again for up to 10 s."""
    import sqlite3
    import time

    for attempt in range(100):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == 99:
                raise
            time.sleep(0.1)


def _sqlite_setup(engine: Engine) -> None:
    """WAL, a wait on a busy file, and transactions that SQLAlchemy begins itself: a writer
    asks BEGIN IMMEDIATE (`execution_options(immediate=True)`) so it holds the write lock from
    its first read of the latest snapshot to its commit."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # pysqlite's own BEGIN handling off
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=60000")
        _wal(cursor)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("immediate") else "BEGIN")


_SCHEMA_LOCK = 716_2027  # PostgreSQL advisory lock held while the tables are created or upgraded


def ensure_schema(engine: Engine) -> int:
    """Create the tables, or upgrade them to SCHEMA_VERSION; the version now in force."""
    import datetime as dt

    with engine.connect().execution_options(immediate=True) as conn, conn.begin():
        if conn.dialect.name == "postgresql":  # replicas starting together: one creates, the others wait
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_SCHEMA_LOCK})")
        metadata.create_all(conn, tables=[store_schema])
        version = conn.execute(select(store_schema.c.version)).scalar()
        if version is None:
            metadata.create_all(conn)
            conn.execute(insert(store_schema).values(version=SCHEMA_VERSION, upgraded_at=dt.datetime.now()))
            return SCHEMA_VERSION
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"Kho số liệu ở phiên bản {version}, mới hơn phiên bản {SCHEMA_VERSION} mà mã này hiểu: "
                "cập nhật mã nguồn."
            )
        for step in range(version + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[step](conn)
        if version < SCHEMA_VERSION:
            conn.execute(update(store_schema).values(version=SCHEMA_VERSION, upgraded_at=dt.datetime.now()))
        metadata.create_all(conn)
        return SCHEMA_VERSION
