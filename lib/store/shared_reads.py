"""One read of a sheet per TTL for every replica: the latest read of each source, kept in the
store for the other app processes, and the lease that lets one of them read at a time.

Several app processes (replicas behind nginx, see deploy/) each hold a LiveSource for the same
sheet. Without this, each reads Google once per TTL: N replicas, N reads. With it (docs/
deploy.md, "Một lần đọc cho mọi máy"):

- `peek()` gives the source's row: when it was last read (`read_at`), last tried
  (`attempted_at`), the problem of that try, and a hash of the content. Cheap: no payload.
- A replica whose copy is older than the row's takes the row's workbook (`payload()`).
- A replica that finds the row due (older than its TTL) tries `claim(seen)`: one UPDATE that
  succeeds only if no lease is held and nobody tried since the `attempted_at` it saw (compare
  and swap), so of the replicas that saw the row due exactly one reads Google. The lease ends
  after `lease_seconds` even if its holder died mid-read.
- The holder `publish()`es what it read (or the problem), which releases the lease.

Why a lease row rather than a PostgreSQL advisory lock: the check "has anyone read since I
looked?" and the claim are one statement on one row, the same on SQLite and PostgreSQL (the
embedded default and the servers run the same code and tests), and a holder that dies mid-read
cannot keep the others waiting longer than the lease; an advisory lock held by a pooled
connection would still need the compare-and-swap to stop a second read right after the first.

The workbook is stored as JSON cells (type-tagged dates), zlib-compressed and sealed with
AES-GCM under a key derived from the sheet's own credentials (`sheet_key`): the person list in
it holds phone and ID numbers, and no one who can read the store but not the sheet can read
them. Only the latest read of each source is kept (the history is the snapshot store's, with
personal columns dropped). No pickle: a shared server's bytes never become code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from lib.dataset import RawWorkbook
from lib.store.schema import StoreError, shared_reads

LEASE_SECONDS = 90.0  # longer than one read may take ([limits] seconds = 60, plus retries)
_NONCE = 12


@dataclass(frozen=True)
class SharedRow:
    """What `peek` tells about a source's latest read, without its workbook."""

    read_at: float | None  # when the workbook in the row was read (time.time())
    attempted_at: float | None  # when someone last tried to read the source
    problem: dict[str, Any] | None  # that try's problem: {"code", "detail", "messages"}
    content_hash: str | None
    leased: bool  # a replica is reading the source now


class SharedReads:
    """The shared row of one source (`label`, as the snapshot store names sources)."""

    def __init__(self, store: Callable[[], Engine], label: str, key: bytes, lease_seconds: float = LEASE_SECONDS):
        """`store` gives the store's engine, or raises when it cannot be opened (asked again at
        each use, so a store that comes back is used again)."""
        self._store, self.label, self.lease_seconds = store, label, lease_seconds
        self._key = key
        self.holder = f"{os.getpid()}-{secrets.token_hex(4)}"

    @property
    def engine(self) -> Engine:
        return self._store()

    def peek(self, now: float) -> SharedRow:
        """The row as it is (created empty the first time)."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(
                    shared_reads.c.read_at,
                    shared_reads.c.attempted_at,
                    shared_reads.c.problem,
                    shared_reads.c.content_hash,
                    shared_reads.c.lease_until,
                ).where(shared_reads.c.source == self.label)
            ).first()
        if row is None:
            self._create()
            return SharedRow(None, None, None, None, False)
        problem = json.loads(row.problem) if row.problem else None
        return SharedRow(row.read_at, row.attempted_at, problem, row.content_hash, row.lease_until > now)

    def claim(self, now: float, seen: float | None) -> bool:
        """Take the lease to read the source, if it is free and nobody tried since `seen`
        (the `attempted_at` of the row this replica judged due)."""
        tried = shared_reads.c.attempted_at
        unchanged = tried.is_(None) if seen is None else tried == seen
        with self.engine.begin() as conn:
            done = conn.execute(
                update(shared_reads)
                .where(shared_reads.c.source == self.label, shared_reads.c.lease_until <= now, unchanged)
                .values(lease_until=now + self.lease_seconds, holder=self.holder)
            )
        return done.rowcount == 1

    def publish(
        self,
        attempted_at: float,
        raw: RawWorkbook | None,
        read_at: float | None,
        problem: dict[str, Any] | None,
    ) -> str | None:
        """What this replica's read gave: a workbook (stored only when its content changed) or
        a problem (the last workbook stays); releases the lease. The workbook's content hash."""
        values: dict[str, Any] = {"attempted_at": attempted_at, "problem": json.dumps(problem) if problem else None}
        content_hash = None
        if raw is not None:
            plain = encode(raw)
            content_hash = hashlib.blake2b(plain, digest_size=16).hexdigest()
            values["read_at"] = read_at
            with self.engine.connect() as conn:
                stored = conn.execute(
                    select(shared_reads.c.content_hash).where(shared_reads.c.source == self.label)
                ).scalar()
            if stored != content_hash:
                values.update(content_hash=content_hash, payload=seal(self._key, self.label, plain))
        with self.engine.begin() as conn:
            conn.execute(update(shared_reads).where(shared_reads.c.source == self.label).values(**values))
            conn.execute(
                update(shared_reads)
                .where(shared_reads.c.source == self.label, shared_reads.c.holder == self.holder)
                .values(lease_until=0.0, holder="")
            )
        return content_hash

    def payload(self) -> tuple[RawWorkbook, str] | None:
        """The row's workbook and its content hash; None before the first good read."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(shared_reads.c.payload, shared_reads.c.content_hash).where(shared_reads.c.source == self.label)
            ).first()
        if row is None or row.payload is None:
            return None
        return decode(open_sealed(self._key, self.label, bytes(row.payload))), row.content_hash

    def _create(self) -> None:
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(shared_reads).values(source=self.label, lease_until=0.0, holder=""))
        except IntegrityError:  # another replica created it first
            pass


# ------------------------------------------------------------------------------ the bytes


def sheet_key(spreadsheet_id: str, private_key: str = "") -> bytes:
    """The sealing key: whoever can derive it could read the sheet itself (its ID is the
    public link's secret; a service account's private key opens a private sheet)."""
    material = f"ihatinh-shared-read\0{spreadsheet_id}\0{private_key}".encode()
    return hashlib.sha256(material).digest()


def seal(key: bytes, label: str, data: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(_NONCE)
    return nonce + AESGCM(key).encrypt(nonce, data, label.encode())


def open_sealed(key: bytes, label: str, data: bytes) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(key).decrypt(data[:_NONCE], data[_NONCE:], label.encode())
    except InvalidTag:
        raise StoreError("Số liệu dùng chung trong kho không mở được bằng khóa của bảng tính này.") from None


def encode(raw: RawWorkbook) -> bytes:
    """The workbook as zlib-compressed JSON; dates and times tagged, every other cell as is."""
    text = json.dumps({"title": raw.title, "source": raw.source, "tabs": raw.tabs}, default=_tag, ensure_ascii=False)
    return zlib.compress(text.encode("utf-8"), 1)  # level 1: a 1M-row list in about a second


def decode(data: bytes) -> RawWorkbook:
    body = json.loads(zlib.decompress(data), object_hook=_untag)
    return RawWorkbook(body["tabs"], body["source"], body["title"])


_TAGS: dict[str, type] = {"$dt": dt.datetime, "$d": dt.date, "$t": dt.time}


def _tag(value: Any) -> dict[str, str]:
    for tag, kind in _TAGS.items():  # datetime before date: a datetime is a date
        if isinstance(value, kind):
            return {tag: value.isoformat()}
    raise TypeError(f"cell of type {type(value).__name__}")


def _untag(obj: dict[str, Any]) -> Any:
    if len(obj) == 1:
        ((tag, text),) = obj.items()
        if tag in _TAGS:
            return _TAGS[tag].fromisoformat(text)
    return obj
