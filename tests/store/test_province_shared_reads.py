"""Two replicas of the app in province mode, one store (lib/province_refresh.py with
lib/store/shared_reads.py), on SQLite and on a real PostgreSQL: each Refresher here stands for
one replica (its own SharedReads handles on the same store), both driven on one fake clock."""

from __future__ import annotations

from pathlib import Path

from lib.dataset import RawWorkbook
from lib.province import Province
from lib.province_refresh import Refresher, problem_of
from lib.sources.gsheets import Metadata
from lib.sources.problems import Problem, SourceProblem
from lib.store.shared_reads import SharedReads, sheet_key
from tests.generators import commune_tabs
from tests.test_province_refresh import TODAY, Clock, _sheet_province


class Google:
    """The communes' sheets, whoever reads them: every request counted, values reads apart."""

    def __init__(self, province: Province):
        self.tabs = {c.sheet: commune_tabs(i, 600) for i, c in enumerate(province.communes)}
        self.fail: dict[str, Problem] = {}
        self.requests = 0
        self.values: dict[str, int] = {sheet: 0 for sheet in self.tabs}

    def reader(self, config, limits, count):
        google, sheet = self, config.spreadsheet_id

        class Reader:
            def metadata(self) -> Metadata:
                count()
                google.requests += 1
                if sheet in google.fail:
                    raise SourceProblem(google.fail[sheet])
                return Metadata("Sổ theo dõi", tuple(google.tabs[sheet]))

            def values(self, meta: Metadata) -> RawWorkbook:
                count()
                google.requests += 1
                google.values[sheet] += 1
                if sheet in google.fail:
                    raise SourceProblem(google.fail[sheet])
                return RawWorkbook({k: google.tabs[sheet][k] for k in meta.tabs}, "gsheet", meta.title)

        return Reader()


def replica(province: Province, google: Google, clock: Clock, store) -> Refresher:
    def shared(entry, config) -> SharedReads:
        return SharedReads(store, f"gsheets:{config.spreadsheet_id}", sheet_key(config.spreadsheet_id))

    return Refresher(
        province,
        now=clock,
        today=lambda: TODAY,
        sheet_reader=google.reader,
        idle_after=float("inf"),
        shared=shared,
        sleep=lambda s: setattr(clock, "t", clock.t + s),
    )


def run(replicas: list[Refresher], clock: Clock, seconds: float) -> None:
    """The replicas' scheduler loops on one fake clock (each wakes at its own next event)."""
    end = clock.t + seconds
    while clock.t < end:
        for r in replicas:
            r.tick()
        wake = min(r.next_event() for r in replicas)
        clock.t = min(end, max(clock.t + 0.01, min(wake, clock.t + 1.0)))


def shown(refresher: Refresher) -> dict:
    """What a page of this replica shows per commune (its figures, when they were read, its problem)."""
    rolled = refresher.roll_up()["communes"]
    problems = {s.entry.name: problem_of(s.failed) for s in refresher.all_states()}
    return {
        c["name"]: (c["ok"], c["targets"], c["groups"], c["read_at"], getattr(problems[c["name"]], "code", None))
        for c in rolled
    }


def test_two_replicas_make_the_google_requests_of_one(tmp_path: Path, engine) -> None:
    province = _sheet_province(tmp_path, 3)
    clock = Clock()
    alone = Google(province)
    one = Refresher(province, now=clock, today=lambda: TODAY, sheet_reader=alone.reader, idle_after=float("inf"))
    run([one], clock, 600)

    clock = Clock()
    google = Google(province)
    a = replica(province, google, clock, lambda: engine)
    clock.t += 7  # the second replica started a little later: its slots are 7 s after the first's
    b = replica(province, google, clock, lambda: engine)
    run([a, b], clock, 600 - 7)  # until the same moment as the one alone
    assert google.values == alone.values and sum(google.values.values()) >= 3 * 5
    assert google.requests <= alone.requests + 3  # at most a tab list more per sheet
    assert shown(a) == shown(b)
    assert all(ok and problem is None for ok, *_, problem in shown(b).values())
    assert len(a.request_log) + len(b.request_log) == google.requests  # each asked for some, none twice
    # a clerk changes a commune's sheet: both replicas show it after one read
    sheet = province.communes[1].sheet
    google.tabs[sheet] = commune_tabs(7, 900)
    before = sum(google.values.values())
    ttl = next(iter(a.slots.values())).ttl
    run([a, b], clock, ttl)
    assert sum(google.values.values()) - before == 3  # one read of each sheet in a ttl
    assert shown(a) == shown(b) and shown(a)[province.communes[1].name][1] != shown(one)[province.communes[1].name][1]
    # each replica's windows were charged for the requests it made only (not for the reads it took)
    for r in (a, b):
        made = [t for t, _, _ in r.request_log if t > clock.t - 60]
        assert all(w.used(clock.t) == len(made) for w in r.accounts.values())


def test_a_failing_commune_is_seen_by_both_replicas_with_one_request(tmp_path: Path, engine) -> None:
    province = _sheet_province(tmp_path, 2)
    clock = Clock()
    google = Google(province)
    a = replica(province, google, clock, lambda: engine)
    b = replica(province, google, clock, lambda: engine)
    run([a, b], clock, 10)
    good = shown(a)
    broken = province.communes[0]
    google.fail[broken.sheet] = Problem("forbidden", email=a.state(broken.name).email)
    before = google.values[broken.sheet]
    ttl = next(iter(a.slots.values())).ttl
    run([a, b], clock, ttl)
    assert google.values[broken.sheet] == before + 1  # one attempt, for both
    for r in (a, b):
        state = r.state(broken.name)
        assert problem_of(state.failed).code == "forbidden" and state.email in problem_of(state.failed).message("vi")
        assert state.good is not None  # its last good figures stay
    assert shown(a) == shown(b)
    assert shown(a)[broken.name][:3] == good[broken.name][:3] and shown(a)[broken.name][4] == "forbidden"
    del google.fail[broken.sheet]  # access given again: gone from both at the next read
    run([a, b], clock, ttl)
    assert a.state(broken.name).failed is None and b.state(broken.name).failed is None


def test_the_store_down_keeps_each_replicas_last_good_data_without_asking_google(tmp_path: Path, engine) -> None:
    province = _sheet_province(tmp_path, 2)
    clock = Clock()
    google = Google(province)
    down = {"now": False}

    def store():
        if down["now"]:
            raise OSError("could not connect to postgresql://app:hunter2@db.internal/store")
        return engine

    a = replica(province, google, clock, store)
    b = replica(province, google, clock, store)
    run([a, b], clock, 10)
    good, requests = shown(a), google.requests
    down["now"] = True
    ttl = next(iter(a.slots.values())).ttl
    run([a, b], clock, 2 * ttl)
    assert google.requests == requests  # nobody reads Google: 69 sheets × N replicas would pass the quota
    for r in (a, b):
        now = shown(r)
        for name, (ok, targets, groups, _, problem) in now.items():
            assert (ok, targets, groups) == good[name][:3] and problem == "store_down"
        assert "hunter2" not in problem_of(r.state(province.communes[0].name).failed).detail
    # a replica started while the store is down, with no read at all, reads Google itself
    fresh = replica(province, google, clock, store)
    run([fresh], clock, 10)
    assert google.requests == requests + 4  # 2 sheets, tab list and values
    assert all(ok and problem == "store_down" for ok, *_, problem in shown(fresh).values())
    down["now"] = False  # the store is back: shared reads again, the banner goes
    run([a, b, fresh], clock, ttl + 5)
    assert all(problem is None for r in (a, b, fresh) for *_, problem in shown(r).values())


def test_a_replica_that_lost_the_lease_takes_the_winners_read(tmp_path: Path, engine) -> None:
    province = _sheet_province(tmp_path, 1)
    entry = province.communes[0]
    clock = Clock()
    google = Google(province)
    other = SharedReads(lambda: engine, f"gsheets:{entry.sheet}", sheet_key(entry.sheet))
    seen = other.peek(clock.t)
    assert other.claim(clock.t, seen.attempted_at)  # another replica is reading the sheet now
    a = replica(province, google, clock, lambda: engine)
    naps: list[float] = []

    def sleep(seconds: float) -> None:
        naps.append(seconds)
        clock.t += seconds
        if len(naps) == 3:  # its read comes in after 0,75 s
            other.publish(clock.t - 0.5, RawWorkbook(google.tabs[entry.sheet], "gsheet", "Sổ"), clock.t, None)

    a._sleep = sleep
    a.tick()
    assert google.requests == 0 and naps == [0.25] * 3
    state = a.state(entry.name)
    assert state.good is not None and state.failed is None and state.title == "Sổ"
    assert all(w.used(clock.t) == 0 for w in a.accounts.values())  # nothing charged: nothing asked
