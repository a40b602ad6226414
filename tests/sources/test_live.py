"""The shared live source's rules, with a fake clock and a scripted reader (no network)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
import requests

from lib.dataset import RawWorkbook
from lib.sources.gsheets import LARGE_REPLY_ROWS, Metadata, ServiceAccountReader, SheetConfig
from lib.sources.live import LiveSource
from lib.sources.problems import Problem, SourceProblem
from tests.fake_clock import FakeClock


class ScriptedReader:
    """Counts requests like the real readers; raises what the test queues."""

    def __init__(self, count) -> None:
        self.count = count
        self.failures: list[BaseException] = []
        self.metadata_calls = self.values_calls = 0
        self.version = 0

    def metadata(self) -> Metadata:
        self.count()
        self.metadata_calls += 1
        if self.failures:
            raise self.failures.pop(0)
        return Metadata("Sổ theo dõi", ("Thon", "CaiDat"))

    def values(self, meta: Metadata) -> RawWorkbook:
        self.count()
        self.values_calls += 1
        if self.failures:
            raise self.failures.pop(0)
        self.version += 1
        return RawWorkbook({"Thon": [["Thôn"], [f"v{self.version}"]]}, "gsheet", meta.title)


@pytest.fixture
def setup():
    clock = FakeClock()
    holder: dict[str, ScriptedReader] = {}

    def factory(count):
        holder["reader"] = ScriptedReader(count)
        return holder["reader"]

    live = LiveSource(
        factory, ttl=60, metadata_ttl=600, refresh_interval=15, retry_after=15, clock=clock, sleep=clock.sleep
    )
    live.snapshot()
    return live, clock, holder["reader"]


def version(live: LiveSource) -> str:
    return live.snapshot().raw.tabs["Thon"][1][0]


def test_one_read_per_ttl_whatever_the_number_of_viewers(setup) -> None:
    live, clock, reader = setup
    assert live.requests_last_hour() == 2  # metadata + batchGet
    for _ in range(500):
        live.snapshot()
        clock.now += 0.1  # 50 s of constant use
    assert live.requests_last_hour() == 2
    clock.now += 11
    live.snapshot()
    assert (reader.metadata_calls, reader.values_calls) == (1, 2), "metadata is cached longer than values"


def test_metadata_read_again_after_ten_minutes(setup) -> None:
    live, clock, reader = setup
    clock.now += 601
    live.snapshot()
    assert reader.metadata_calls == 2


def test_forced_refresh_reads_at_once_but_at_most_every_15_seconds(setup) -> None:
    live, clock, reader = setup
    clock.now += 5
    assert live.snapshot(force=True).throttled
    assert reader.values_calls == 1
    clock.now += 10
    snap = live.snapshot(force=True)
    assert not snap.throttled and reader.values_calls == 2 and version(live) == "v2"


def test_failure_keeps_last_good_data_and_says_why(setup) -> None:
    live, clock, reader = setup
    clock.now += 61
    reader.failures = [SourceProblem(Problem("quota")), SourceProblem(Problem("quota"))]
    snap = live.snapshot()
    assert snap.raw is not None and version(live) == "v1"
    assert snap.problem is not None and snap.problem.code == "quota"
    assert snap.read_at == 1_000_000.0


def test_one_quick_retry_for_a_passing_fault(setup) -> None:
    live, clock, reader = setup
    clock.now += 61
    reader.failures = [requests.ConnectionError("reset")]
    snap = live.snapshot()
    assert snap.problem is None and version(live) == "v2"


def test_no_retry_for_a_fault_that_will_not_pass(setup) -> None:
    live, clock, reader = setup
    clock.now += 61
    calls = reader.values_calls
    reader.failures = [SourceProblem(Problem("forbidden"))]
    assert live.snapshot().problem.code == "forbidden"
    assert reader.values_calls == calls + 1


def test_a_broken_source_is_not_hammered(setup) -> None:
    live, clock, reader = setup
    clock.now += 61
    reader.failures = [SourceProblem(Problem("not_found"))] * 3
    live.snapshot()
    before = live.requests_last_hour()
    for _ in range(100):
        live.snapshot()
        clock.now += 0.1
    assert live.requests_last_hour() == before
    clock.now += 15
    reader.failures = []
    assert live.snapshot().problem is None


def test_renamed_tab_asks_for_the_tab_list_again(setup) -> None:
    live, clock, reader = setup
    clock.now += 61

    reader.failures = [SourceProblem(Problem("bad_range"))]
    snap = live.snapshot()
    assert snap.problem is None
    assert reader.metadata_calls == 2


def test_first_read_failing_gives_no_data_and_the_problem() -> None:
    clock = FakeClock()

    def factory(count):
        raise SourceProblem(Problem("bad_key", "thiếu trường: private_key"))

    live = LiveSource(factory, clock=clock, sleep=clock.sleep)
    snap = live.snapshot()
    assert snap.raw is None and snap.read_at is None and snap.problem.code == "bad_key"


def test_requests_older_than_an_hour_are_forgotten(setup) -> None:
    live, clock, _ = setup
    clock.now += 3601
    assert live.requests_last_hour() == 0


# ------------------------------------------------ the service-account reader's values:batchGet


class StubHTTP:
    """gspread's HTTP client minus the network: hands over a parsed reply, or raises."""

    def __init__(self, reply: dict | None = None, error: BaseException | None = None) -> None:
        self.reply, self.error = reply, error
        self.collector_during_call: bool | None = None

    def values_batch_get(self, spreadsheet_id: str, ranges: list[str], params: dict | None = None) -> dict:
        self.collector_during_call = gc.isenabled()
        if self.error is not None:
            raise self.error
        return self.reply or {}


def stub_reader(http: StubHTTP) -> ServiceAccountReader:
    reader = ServiceAccountReader.__new__(ServiceAccountReader)  # no key, no session: only values()
    reader.config = SheetConfig(spreadsheet_id="stub")
    reader.client = type("Client", (), {"http_client": http})()
    reader._on_request = lambda: None
    return reader


@pytest.fixture
def collector_on() -> Iterator[None]:
    """The collector on before each test, and left as the test found it."""
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_paused_during_the_read_and_back_on_after(collector_on) -> None:
    rows = [["Thôn", "Dân số"], ["Thôn 1", 120]]
    http = StubHTTP({"valueRanges": [{"values": rows}, {}]})
    raw = stub_reader(http).values(Metadata("Sổ", ("Thon", "Trong")))
    assert http.collector_during_call is False
    assert gc.isenabled()
    assert raw.tabs == {"Thon": rows, "Trong": []}
    assert all(a is b for a, b in zip(raw.tabs["Thon"], rows, strict=True)), "JSON rows are not copied"


@pytest.mark.parametrize(
    "error", [requests.ConnectionError("reset"), SourceProblem(Problem("quota")), KeyboardInterrupt()]
)
def test_the_collector_is_back_on_after_a_failed_read(collector_on, error: BaseException) -> None:
    http = StubHTTP(error=error)
    with pytest.raises(type(error)):
        stub_reader(http).values(Metadata("Sổ", ("Thon",)))
    assert http.collector_during_call is False
    assert gc.isenabled()


def test_the_collector_is_back_on_after_a_reply_that_does_not_fit(collector_on) -> None:
    http = StubHTTP({"valueRanges": [{"values": [["Thôn"]]}]})
    with pytest.raises(KeyError):
        stub_reader(http).values(Metadata("Sổ", ("Thon", "CaiDat")))  # two tabs asked, one range back
    assert gc.isenabled()


def test_a_collector_turned_off_elsewhere_stays_off(collector_on) -> None:
    gc.disable()
    stub_reader(StubHTTP({"valueRanges": [{"values": [["Thôn"]]}]})).values(Metadata("Sổ", ("Thon",)))
    assert not gc.isenabled()
    gc.enable()


def test_rows_that_are_not_lists_become_lists(collector_on) -> None:
    http = StubHTTP({"valueRanges": [{"values": [("Thôn", "Dân số"), ["Thôn 1", 120]]}]})
    raw = stub_reader(http).values(Metadata("Sổ", ("Thon",)))
    assert raw.tabs["Thon"] == [["Thôn", "Dân số"], ["Thôn 1", 120]]
    assert all(type(row) is list for row in raw.tabs["Thon"])


@pytest.fixture
def our_collections() -> Iterator[list[int]]:
    """Generations of the collections run while the collector is off: only explicit ones can."""
    seen: list[int] = []

    def watch(phase: str, info: dict) -> None:
        if phase == "start" and not gc.isenabled():
            seen.append(info["generation"])

    gc.callbacks.append(watch)
    yield seen
    gc.callbacks.remove(watch)


def test_a_large_reply_is_collected_once_in_full_before_the_collector_is_back(collector_on, our_collections) -> None:
    rows = [["Thôn", "Dân số"], *([f"Thôn {i}", i] for i in range(LARGE_REPLY_ROWS))]
    raw = stub_reader(StubHTTP({"valueRanges": [{"values": rows}]})).values(Metadata("Sổ", ("Thon",)))
    assert our_collections == [2]
    assert gc.isenabled()
    assert len(raw.tabs["Thon"]) == LARGE_REPLY_ROWS + 1


def test_a_small_reply_or_a_collector_off_elsewhere_gets_no_extra_collection(collector_on, our_collections) -> None:
    stub_reader(StubHTTP({"valueRanges": [{"values": [["Thôn"], ["A"]]}]})).values(Metadata("Sổ", ("Thon",)))
    gc.disable()
    try:
        big = {"valueRanges": [{"values": [[i] for i in range(LARGE_REPLY_ROWS)]}]}
        stub_reader(StubHTTP(big)).values(Metadata("Sổ", ("Thon",)))
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert our_collections == []
