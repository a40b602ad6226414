"""Several app processes, one read of the sheet per TTL (lib/store/shared_reads.py with
lib/sources/live.py), on SQLite and on a real PostgreSQL: each LiveSource here stands for one
replica, with its own SharedReads handle on the same store."""

from __future__ import annotations

import datetime as dt
import threading
import time

from sqlalchemy import select, text

from lib.dataset import RawWorkbook
from lib.sources.gsheets import Metadata
from lib.sources.live import LiveSource
from lib.sources.problems import Problem, SourceProblem
from lib.store.schema import StoreError, shared_reads
from lib.store.shared_reads import SharedReads, decode, encode, sheet_key
from tests.fake_clock import FakeClock

KEY = sheet_key("1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdEF", "-----BEGIN PRIVATE KEY-----x")
PHONE = "0912345678"


class Sheet:
    """The Google Sheet all replicas read: counts every values read, whoever makes it."""

    def __init__(self) -> None:
        self.values_calls = 0
        self.version = 0
        self.failures: list[BaseException] = []
        self.lock = threading.Lock()
        self.delay = 0.0

    def reader(self, count):
        sheet = self

        class Reader:
            def metadata(self) -> Metadata:
                count()
                return Metadata("Sổ theo dõi", ("Thon",))

            def values(self, meta: Metadata) -> RawWorkbook:
                count()
                time.sleep(sheet.delay)
                with sheet.lock:
                    sheet.values_calls += 1
                    if sheet.failures:
                        raise sheet.failures.pop(0)
                    sheet.version += 1
                    rows = [["Thôn", "Điện thoại"], [f"v{sheet.version}", PHONE]]
                return RawWorkbook({"Thon": rows}, "gsheet", meta.title)

        return Reader()


def replica(engine, sheet: Sheet, clock, *, key: bytes = KEY, store=None, ttl: float = 60) -> LiveSource:
    shared = SharedReads(store or (lambda: engine), "gsheets:test", key)
    return LiveSource(
        sheet.reader,
        ttl=ttl,
        refresh_interval=15,
        retry_after=30,
        clock=clock,
        sleep=getattr(clock, "sleep", time.sleep),
        shared=shared,
    )


def shown(live: LiveSource) -> str:
    return live.snapshot().raw.tabs["Thon"][1][0]


def test_two_replicas_read_the_sheet_once_per_ttl_together(engine) -> None:
    sheet, clock = Sheet(), FakeClock()
    a, b = replica(engine, sheet, clock), replica(engine, sheet, clock)
    assert shown(a) == "v1" and shown(b) == "v1"  # b took a's read from the store
    for _ in range(600):  # ten minutes of viewers on both, a rerun every second
        clock.now += 1
        a.snapshot()
        b.snapshot()
        assert shown(a) == shown(b)
    assert sheet.values_calls == 11  # 0 s, then once a minute
    assert shown(a) == shown(b) == "v11"
    assert a.snapshot().read_at == b.snapshot().read_at


def test_replicas_starting_at_once_make_one_read(engine) -> None:
    sheet = Sheet()
    sheet.delay = 0.3  # a slow sheet: every replica asks while the first read is under way
    replicas = [replica(engine, sheet, time.time) for _ in range(4)]
    start = threading.Barrier(len(replicas))
    shown_by: list[str] = []

    def viewer(live: LiveSource) -> None:
        start.wait()
        shown_by.append(shown(live))

    threads = [threading.Thread(target=viewer, args=(live,)) for live in replicas]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sheet.values_calls == 1
    assert shown_by == ["v1"] * 4


def test_a_failed_read_is_shared_and_not_retried_by_the_others(engine) -> None:
    sheet, clock = Sheet(), FakeClock()
    a, b = replica(engine, sheet, clock), replica(engine, sheet, clock)
    shown(a), shown(b)
    sheet.failures = [SourceProblem(Problem("forbidden", "HTTP 403"))]
    clock.now += 61
    assert a.snapshot().problem.code == "forbidden"
    calls = sheet.values_calls
    clock.now += 5
    snap = b.snapshot()
    assert snap.problem.code == "forbidden" and snap.raw.tabs["Thon"][1][0] == "v1"  # last good kept
    assert sheet.values_calls == calls  # b did not try the broken sheet again
    clock.now += 31  # retry_after for everyone
    b.snapshot()
    a.snapshot()
    assert sheet.values_calls == calls + 1 and shown(a) == shown(b) == "v2"


def test_refresh_is_limited_for_all_replicas_together(engine) -> None:
    sheet, clock = Sheet(), FakeClock()
    a, b = replica(engine, sheet, clock), replica(engine, sheet, clock)
    shown(a), shown(b)
    clock.now += 20
    assert not a.snapshot(force=True).throttled and sheet.values_calls == 2
    clock.now += 5
    snap = b.snapshot(force=True)
    assert snap.throttled and sheet.values_calls == 2
    assert snap.raw.tabs["Thon"][1][0] == "v2"  # but it shows a's fresh read


def test_a_lease_whose_holder_died_ends(engine) -> None:
    sheet, clock = Sheet(), FakeClock()
    a = replica(engine, sheet, clock)
    shown(a)
    dead = SharedReads(lambda: engine, "gsheets:test", KEY, lease_seconds=90)
    clock.now += 61
    row = dead.peek(clock.now)
    assert dead.claim(clock.now, row.attempted_at)  # then it dies before publishing
    assert shown(a) == "v1" and sheet.values_calls == 1  # a keeps its copy while the lease runs
    clock.now += 91
    assert shown(a) == "v2" and sheet.values_calls == 2


def test_the_store_down_keeps_the_last_good_data_with_a_banner(engine) -> None:
    sheet, clock = Sheet(), FakeClock()
    down = {"now": False}

    def store():
        if down["now"]:
            raise StoreError("Không mở được kho số liệu (OperationalError): connection refused")
        return engine

    a = replica(engine, sheet, clock, store=store)
    shown(a)
    down["now"] = True
    clock.now += 61
    snap = a.snapshot()
    assert snap.raw.tabs["Thon"][1][0] == "v1" and snap.problem.code == "store_down"
    assert "kho dùng chung" in snap.problem.message("vi")
    assert sheet.values_calls == 1  # no read of its own: N replicas would each read
    fresh = replica(engine, sheet, clock, store=store)  # a replica with nothing to show reads alone
    assert shown(fresh) == "v2" and fresh.snapshot().problem.code == "store_down"
    down["now"] = False
    clock.now += 16
    snap = a.snapshot()
    assert snap.problem is None and sheet.values_calls == 3 and shown(a) == "v3"


def test_the_stored_workbook_is_sealed_and_needs_the_sheets_key(engine) -> None:
    sheet, clock = Sheet(), FakeClock()
    shown(replica(engine, sheet, clock))
    with engine.connect() as conn:
        payload = bytes(conn.execute(select(shared_reads.c.payload)).scalar())
    assert PHONE.encode() not in payload and "Thôn".encode() not in payload
    other = replica(engine, sheet, clock, key=sheet_key("another sheet"))
    snap = other.snapshot()  # cannot open it: reads alone, says the store failed
    assert snap.problem.code == "store_down" and sheet.values_calls == 2


def test_the_workbook_round_trips_with_every_kind_of_cell() -> None:
    cells = [["a", 1, 2.5, True, None, dt.datetime(2026, 5, 13, 7, 30), dt.date(2026, 5, 14), dt.time(8, 15)]]
    raw = RawWorkbook({"Thon": cells, "CaiDat": []}, "public", "Sổ")
    back = decode(encode(raw))
    assert back == raw
    assert [type(c) for c in back.tabs["Thon"][0]] == [type(c) for c in cells[0]]


def test_a_version_1_store_gets_the_shared_table(store_url: str) -> None:
    from lib.store import SCHEMA_VERSION, open_store
    from lib.store.schema import store_schema

    engine = open_store(store_url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE shared_reads"))
        conn.execute(store_schema.update().values(version=1))
    engine.dispose()
    engine = open_store(store_url)
    with engine.connect() as conn:
        assert conn.execute(select(store_schema.c.version)).scalar() == SCHEMA_VERSION == 2
        assert conn.execute(select(shared_reads.c.source)).all() == []
    engine.dispose()


def test_only_the_lease_holder_releases_it(engine) -> None:
    first = SharedReads(lambda: engine, "gsheets:test", KEY)
    second = SharedReads(lambda: engine, "gsheets:test", KEY)
    row = first.peek(100.0)
    assert first.claim(100.0, row.attempted_at)
    assert not second.claim(100.0, row.attempted_at)
    second.publish(100.0, None, None, {"code": "server"})  # a late writer must not free first's lease
    assert second.peek(101.0).leased


def test_replicas_opening_a_new_store_at_once_all_get_it(store_url: str) -> None:
    """Replicas started together all open a new store: without a lock PostgreSQL's CREATE TABLE
    race failed one of them (which then read Google on its own), and SQLite's switch to WAL
    answered "locked" without waiting (3 runs in 30 with 6 threads)."""
    from lib.store import open_store

    start = threading.Barrier(6)
    failures: list[BaseException] = []

    def open_it() -> None:
        start.wait()
        try:
            open_store(store_url).dispose()
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []
