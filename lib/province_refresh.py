"""Every commune of a province kept read for the whole server, without a page ever waiting for it.

Why a server-wide refresher with its own threads (not reads driven by page reruns): a province of
69 Google Sheets on one account may read one sheet every 1,33 s (lib/province_schedule.py); done
in reruns, some viewer's rerun would wait for each read and its validation, and nobody's rerun
would happen at 03:00 to keep the plan's pace. Here one scheduler thread starts each commune's
read at its planned time on a small pool of workers; pages only look at what is there (its last
good read, when it was read, what failed since), so a page rerun costs the same for 3 communes or
69. A commune page opened before its commune was ever read waits for that one read only
(`wait_for`, a few seconds at most).

Rules (docs/province.md, "Chế độ toàn tỉnh trong ứng dụng"):
- a Google-Sheet commune is read at its slot of the plan (ttl, offset), and only when its
  account's and project's RateWindows have room for the requests it needs (1, or 2 with the tab
  list): the plan spreads reads, the windows make the budget hold whatever happens;
- the tab list is asked for on the first read, every METADATA_EVERY-th read and after a renamed
  tab (Google answers 400 for a range of a tab that is gone); no immediate retry: a failed read
  is tried again at the commune's next slot, so a broken sheet costs what a working one does;
- a file commune (.xlsx, folder of .csv) is read again when its files' modification time or size
  changes (looked at every FILE_CHECK_SECONDS), or its campaign file changes, or the day changes;
- a read whose content is unchanged (same digest) keeps its validated data and only moves its
  read time: no validation, no figures computed again;
- one commune's fault (no access, renamed tab, a file refused by lib/sources/limits, a campaign
  file with a mistake, anything else) is kept on that commune only: its last good read stays,
  with the failed attempt beside it (`CommuneState.failed`);
- nobody looking for `idle_after` seconds (no `touch`): no reads until someone looks again;
- with `shared` (several app processes, lib/store/shared_reads.py, docs/deploy.md): one Google
  read per slot for all the processes together. At its slot a process looks at the commune's
  row in the store: a workbook another process read within the ttl is taken (fetched only when
  its content differs from the one held), a failed attempt within the ttl is taken as this
  commune's problem; otherwise the process that wins the lease reads Google and stores what it
  got, and a process that lost it looks again every SHARED_POLL s for SHARED_WAIT s, then keeps
  its last good read. The account's and project's windows are charged only for the requests
  actually made. The store down: the last good read stays with a `store_down` problem, and
  Google is read directly only for a commune that has no good read yet.

No Streamlit here (lib/ui/province.py holds one Refresher per server in st.cache_resource).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lib import clock, pipeline
from lib.campaign import Campaign, CampaignError, load_campaign
from lib.dataset import Dataset, RawWorkbook
from lib.errors import ShapeError, SourceError
from lib.province import (
    CAMPAIGN,
    PENDING,
    READ,
    SHAPE,
    UNEXPECTED,
    CommuneEntry,
    CommuneRead,
    Province,
    commune_figures,
    commune_secrets,
    read_commune,
    roll_up,
)
from lib.province_schedule import (
    FILE_CHECK_SECONDS,
    METADATA_EVERY,
    RateWindow,
    SheetUse,
    Slot,
    plan,
    take_all,
)
from lib.sources.gsheets import SheetConfig, config_from_secrets
from lib.sources.problems import Problem, SourceProblem, classify, shape_problem
from lib.sources.shared_problems import problem_dict, problem_from_dict, store_down

if TYPE_CHECKING:
    from lib.store.shared_reads import SharedReads, SharedRow

REFRESH_INTERVAL = 15.0  # 'Làm mới' reads a commune again at most this often (as for one commune)
IDLE_AFTER = 900.0  # seconds without a viewer before reads pause
FIRST_READ_WAIT = 8.0  # what a commune page waits for its commune's very first read
TICK = 0.5  # the scheduler's longest sleep
SHARED_POLL = 0.25  # seconds between looks at the store while another process reads a commune
SHARED_WAIT = 10.0  # how long a process waits for that read before keeping its last good one


class SheetFailed(SourceError):
    """A commune's Google Sheet could not be read: the Problem (quota, forbidden, renamed tab…)
    in the viewer's language, as a SourceError so lib.province.error_message handles it."""

    def __init__(self, problem: Problem):
        self.problem = problem
        Exception.__init__(self, problem.message("vi"))

    def message(self, lang: str = "vi", quote: Callable[[str], str] = str) -> str:
        return self.problem.message(lang)


class Pending(Exception):
    """Not read yet (the first pass over a province takes one ttl)."""


class _Kept(Exception):
    """Another process reads the commune and its read did not come in time: nothing new."""


class _StoreDown(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


SheetReaderFactory = Callable[[SheetConfig, Any, Callable[[], None]], Any]
SharedFactory = Callable[[CommuneEntry, SheetConfig], "SharedReads"]
_NOTHING: Any = object()  # the store's row has nothing this process may take


@dataclass
class CommuneState:
    """What the server knows of one commune; pages get copies (`Refresher.states`)."""

    entry: CommuneEntry
    kind: str  # file | gsheet | public
    slot: Slot | None = None  # None for a file commune
    good: CommuneRead | None = None  # the last good read: its figures are shown
    failed: CommuneRead | None = None  # the latest attempt, when it failed (else None)
    attempted_at: float | None = None  # time.time() of the latest attempt's start
    good_at: float | None = None  # time.time() when `good` was read (or found unchanged)
    next_at: float = 0.0
    attempts: int = 0
    email: str = ""
    title: str = ""
    requests: deque[float] = field(default_factory=deque)  # request times, last hour
    # private to the refresher
    signature: tuple | None = field(default=None, repr=False)
    digest: str | None = field(default=None, repr=False)
    reader: Any = field(default=None, repr=False)
    meta: Any = field(default=None, repr=False)
    reads_since_meta: int = field(default=0, repr=False)
    busy: bool = field(default=False, repr=False)
    campaign: Campaign | None = field(default=None, repr=False)
    figures: dict = field(default_factory=dict, repr=False)  # (as_of, today) -> commune_figures
    # shared with other processes (Refresher(shared=...))
    shared: Any = field(default=None, repr=False)  # its SharedReads
    shared_seen: float | None = field(default=None, repr=False)  # attempted_at of the row's try we made or took
    shared_hash: str | None = field(default=None, repr=False)  # content hash of the workbook `good` is from
    got_hash: str | None = field(default=None, repr=False)  # ... of the workbook of the read under way
    got_at: float | None = field(default=None, repr=False)  # when that workbook was read (None: now)
    store_problem: Problem | None = field(default=None, repr=False)
    made: int = field(default=0, repr=False)  # Google requests made by the read under way

    @property
    def read_at(self) -> float | None:
        return self.good_at

    @property
    def problem(self) -> CommuneRead | None:
        return self.failed


def problem_of(read: CommuneRead | None) -> Problem | None:
    """A failed read as the Problem a commune page's banner shows (red for a changed shape)."""
    if read is None or read.ok:
        return None
    if isinstance(read.error, SheetFailed):
        return read.error.problem
    if isinstance(read.error, ShapeError):
        return shape_problem(read.error)
    from lib.markup import plain
    from lib.privacy import mask_text
    from lib.province import error_message

    exc = read.error

    def words(lang: str) -> str:  # text from a file or a config file stays literal in Markdown
        if isinstance(exc, SourceError) and not isinstance(exc, CampaignError):
            return exc.message(lang, plain)
        return plain(mask_text(error_message(read, lang) or ""))

    return Problem("bad_data", messages=tuple((lang, words(lang)) for lang in ("vi", "en")))


class Refresher:
    """Reads every commune of `province` on the plan; `tick()` is one scheduler step (tests call
    it with a fake clock), `start()` runs it in a thread."""

    def __init__(
        self,
        province: Province,
        now: Callable[[], float] = time.time,
        today: Callable[[], dt.date] = clock.today,
        sheet_reader: SheetReaderFactory | None = None,
        workers: int = 2,
        idle_after: float = IDLE_AFTER,
        shared: SharedFactory | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        """`shared` gives the store's row of a commune's sheet (None: this process reads every
        sheet itself); `sleep` waits between looks at the store (tests: their clock's)."""
        self.province = province
        self._shared, self._sleep = shared, sleep
        self._now, self._today = now, today
        self._sheet_reader = sheet_reader or pipeline.sheet_reader
        self.workers, self.idle_after = workers, idle_after
        self._lock = threading.Condition()
        self._started_at = now()
        self._seen_at = self._started_at
        self.states: dict[str, CommuneState] = {}
        uses: list[SheetUse] = []
        for entry in province.communes:
            state = CommuneState(entry, "file")
            if entry.source is None:
                try:
                    config = config_from_secrets(commune_secrets(entry))
                except SourceError:
                    config = None  # said at its first read
                state.kind = "public" if config is not None and config.public else "gsheet"
                state.email = config.email if config is not None else ""
                account = state.email or ("public" if state.kind == "public" else "?")
                uses.append(SheetUse(entry.name, account, _project(config, account)))
            self.states[entry.name] = state
        self.slots = plan(uses, province.schedule)
        budget = province.schedule
        self.accounts = {s.account: RateWindow(budget.reads_per_minute) for s in self.slots.values()}
        self.projects = {s.project: RateWindow(budget.project_reads_per_minute) for s in self.slots.values()}
        for name, slot in self.slots.items():
            self.states[name].slot = slot
        # (time, account, commune) of the latest requests, for the tests and the benchmark
        self.request_log: deque[tuple[float, str, str]] = deque(maxlen=20_000)
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._pool: ThreadPoolExecutor | None = None

    # ------------------------------------------------------------------ pages
    def touch(self) -> None:
        """A viewer is looking: reads go on (they pause after `idle_after` s without one)."""
        self._seen_at = self._now()

    def state(self, name: str) -> CommuneState:
        with self._lock:
            return replace(self.states[name])

    def all_states(self) -> list[CommuneState]:
        with self._lock:
            return [replace(s) for s in self.states.values()]

    def version(self) -> tuple:
        """Changes whenever any commune's read, read time or problem does (pages redraw on it)."""
        with self._lock:
            return tuple((id(s.good), s.good_at, id(s.failed)) for s in self.states.values())

    def wait_for(self, name: str, timeout: float = FIRST_READ_WAIT, after: int = 0) -> CommuneState:
        """The commune's state once it was tried more than `after` times (a due read is put
        first), or after `timeout` seconds, whichever comes first. Only a thread-run refresher
        waits; `tick()`'s callers read by themselves."""
        deadline = time.monotonic() + timeout
        with self._lock:
            state = self.states[name]
            if state.attempts <= after and not state.busy:
                state.next_at = min(state.next_at, self._now())
                self._lock.notify_all()
            while (state.attempts <= after or state.busy) and self._thread is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._lock.wait(min(left, TICK))
            return replace(state)

    def wait_for_all(self, timeout: float) -> None:
        """Until every commune was tried once, or `timeout` seconds: the province page's very
        first view after a start waits this long (a few seconds) rather than show no commune."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._thread is not None and any(s.attempts == 0 for s in self.states.values()):
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._lock.wait(min(left, TICK))

    def refresh(self, name: str) -> float:
        """'Làm mới' for one commune: its read is moved to now. Returns 0, or the seconds to
        wait when it was tried less than REFRESH_INTERVAL ago."""
        with self._lock:
            state, now = self.states[name], self._now()
            since = now - state.attempted_at if state.attempted_at is not None else REFRESH_INTERVAL
            if since < REFRESH_INTERVAL:
                return REFRESH_INTERVAL - since
            state.next_at, state.signature = now, None
            self._lock.notify_all()
            return 0.0

    def figures(self, read: CommuneRead, as_of: dt.date | None, today: dt.date) -> dict[str, Any]:
        """`commune_figures` kept per good read, as-of date and day (a rerun computes nothing)."""
        state = self.states[read.entry.name]
        key = (as_of, today)
        with self._lock:
            known = state.figures.get(key) if state.good is read else None
        if known is None:
            known = commune_figures(read, as_of, today)
            with self._lock:
                if state.good is read:
                    state.figures[key] = known
        return known

    def roll_up(self, as_of: dt.date | None = None) -> dict[str, Any]:
        """lib.province.roll_up of every commune's last good read (or what failed, or 'not read
        yet'), with each commune's data age now."""
        now = self._now()
        when = dt.datetime.fromtimestamp(now, clock.ZONE).replace(microsecond=0)
        reads, problems = [], {}
        for s in self.all_states():
            if s.good is not None:
                at = dt.datetime.fromtimestamp(s.good_at or now, clock.ZONE).replace(microsecond=0)
                reads.append(replace(s.good, read_at=at) if s.good.read_at != at else s.good)
                if s.failed is not None:
                    problems[s.entry.name] = s.failed
            elif s.failed is not None:
                reads.append(s.failed)
            else:
                reads.append(CommuneRead(s.entry, when, error=Pending(), stage=PENDING))
        return roll_up(reads, as_of, self._today(), when, self.province.name, self._figures_of, problems)

    def _figures_of(self, read: CommuneRead, as_of: dt.date | None, today: dt.date) -> dict[str, Any]:
        state = self.states[read.entry.name]
        good = state.good
        return self.figures(good if good is not None and good.dataset is read.dataset else read, as_of, today)

    def campaign(self, name: str) -> Campaign:
        """The commune's campaign: that of its last good read, else its file read now (raises
        CampaignError when the file is wrong)."""
        state = self.state(name)
        if state.good is not None:
            return state.good.campaign
        return load_campaign(state.entry.campaign)

    # ------------------------------------------------------------------ scheduling
    def tick(self) -> int:
        """One scheduler step: start every read that is due and fits the budget (run here, one
        after another: for tests and benchmarks; the thread hands them to its workers)."""
        jobs = self._due()
        for job in jobs:
            self._run(*job)
        return len(jobs)

    def start(self) -> Refresher:
        if self._thread is None:
            self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="province-read")
            self._thread = threading.Thread(target=self._loop, name="province-refresher", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        with self._lock:
            self._lock.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._thread = None

    def _loop(self) -> None:
        while not self._stop.is_set():
            for job in self._due():
                self._pool.submit(self._run, *job)
            with self._lock:
                wait = self.next_event() - self._now()
                self._lock.wait(min(TICK, max(0.01, wait)))  # a finished read, 'Làm mới' or a new viewer wake it

    def next_event(self) -> float:
        """When the next read may start: a commune's next slot, or for a commune that is due but
        waits for budget, the moment its account and project have room."""
        now = self._now()
        with self._lock:
            times = []
            for state in self.states.values():
                if state.busy:
                    continue
                if state.next_at > now or state.slot is None:
                    times.append(state.next_at)
                    continue
                need = 2 if state.meta is None or state.reads_since_meta >= METADATA_EVERY - 1 else 1
                windows = (self.accounts[state.slot.account], self.projects[state.slot.project])
                times.append(max(w.free_at(now, need) for w in windows))
            return min(times, default=now + TICK)

    def _due(self) -> list[tuple[CommuneState, float, bool]]:
        """(state, start time, with the tab list) of each read to start now, its requests taken."""
        now = self._now()
        if now - self._seen_at > self.idle_after:
            return []
        jobs = []
        with self._lock:
            for state in sorted(self.states.values(), key=lambda s: s.next_at):
                if state.busy or state.next_at > now:
                    continue
                if state.slot is None:  # a file: look at it, read it only when it changed
                    state.next_at = now + FILE_CHECK_SECONDS
                    state.busy = True
                    jobs.append((state, now, False))
                    continue
                with_meta = state.meta is None or state.reads_since_meta >= METADATA_EVERY - 1
                windows = (self.accounts[state.slot.account], self.projects[state.slot.project])
                if not take_all(windows, now, 2 if with_meta else 1):
                    continue  # over budget: it stays due and goes first when there is room
                state.busy, state.attempted_at = True, now
                state.next_at = self._started_at + state.slot.next_time(now - self._started_at + 1e-6)
                jobs.append((state, now, with_meta))
        return jobs

    # ------------------------------------------------------------------ reading
    def _run(self, state: CommuneState, start: float, with_meta: bool) -> None:
        state.made = 0
        try:
            if state.slot is None:
                self._read_file(state, start)
            else:
                self._read_sheet(state, start, with_meta)
        except Exception as exc:  # never lose the worker: the fault stays on this commune
            self._done(state, start, _failed(state.entry, exc, UNEXPECTED))
        finally:
            with self._lock:
                if state.slot is not None and self._shared is not None:
                    # _due took the requests of a read; give back those not made (taken from
                    # the store, or another process read it)
                    unused = (2 if with_meta else 1) - state.made
                    for window in (self.accounts[state.slot.account], self.projects[state.slot.project]):
                        window.give_back(start, unused)
                state.busy = False
                self._lock.notify_all()

    def _read_file(self, state: CommuneState, start: float) -> None:
        today = self._today()
        signature = (_files_signature(state.entry.source), _files_signature(state.entry.campaign), today)
        if signature == state.signature:
            return
        with self._lock:
            state.attempted_at = start
        read = read_commune(state.entry, today)
        state.signature = signature
        self._done(state, start, read)

    def _read_sheet(self, state: CommuneState, start: float, with_meta: bool) -> None:
        entry, today = state.entry, self._today()
        try:
            campaign = load_campaign(entry.campaign)
        except CampaignError as exc:
            self._done(state, start, _failed(entry, exc, CAMPAIGN))
            return
        rest = (_files_signature(entry.campaign), today)
        reusable = state.good is not None and state.signature is not None and state.signature[1:] == rest
        state.got_hash, state.got_at = None, None
        try:
            raw = self._values(state, campaign, with_meta, start, reusable)
        except SourceError as exc:
            self._done(state, start, _failed(entry, exc, READ, campaign))
            return
        except _StoreDown as exc:  # the last good read stays, the banner says why it is not newer
            self._done(state, start, _failed(entry, SheetFailed(exc.problem), READ, campaign))
            return
        except _Kept:
            self._done(state, start, None)
            return
        at = state.got_at
        if raw is None:  # the store's workbook is the one `good` was made from
            state.shared_hash = state.got_hash
            self._done(state, start, state.good, at)
            return
        digest = _digest(raw)
        key = (digest, *rest)
        if state.good is not None and key == state.signature:  # unchanged: only its read time moves
            state.shared_hash = state.got_hash
            self._done(state, start, state.good, at)
            return
        try:
            ds = pipeline.dataset(raw, campaign, today)
        except ShapeError as exc:
            self._done(state, start, _failed(entry, exc, SHAPE, campaign))
            return
        state.signature, state.shared_hash = key, state.got_hash
        read_at = self._now() if at is None else at
        self._done(state, start, CommuneRead(entry, _moment(read_at), self._now() - start, campaign, ds), at)

    def _values(
        self, state: CommuneState, campaign: Campaign, with_meta: bool, start: float, reusable: bool = False
    ) -> RawWorkbook | None:
        """The commune's workbook: read from Google, or with `shared` taken from the store when
        another process read it (None: the same content as `good`'s, when `reusable`)."""
        config = config_from_secrets(commune_secrets(state.entry))
        if config is None:
            raise SourceError("cli.secrets_no_sheet", path=state.entry.secrets)
        if self._shared is None:
            return self._google(state, config, campaign, with_meta)
        try:
            if state.shared is None:
                state.shared = self._shared(state.entry, config)
            shared: SharedReads = state.shared
            row = shared.peek(start)
            taken = self._take(state, row, start, reusable)
            if taken is not _NOTHING:
                state.store_problem = None
                return taken
            won = shared.claim(start, row.attempted_at)
            if not won:
                taken = self._wait_for_theirs(state, row.attempted_at, reusable)
                state.store_problem = None
                return taken
        except SheetFailed:
            state.store_problem = None
            raise
        except _Kept:
            state.store_problem = None
            raise
        except Exception as exc:  # the store is down: Google only for a commune never read well
            state.store_problem = store_down(exc, log=state.store_problem is None)
            if state.good is None:
                return self._google(state, config, campaign, with_meta)
            raise _StoreDown(state.store_problem) from None
        state.store_problem = None
        state.shared_seen = start
        try:
            raw = self._google(state, config, campaign, with_meta)
        except SheetFailed as exc:
            self._publish(state, start, None, exc.problem)
            raise
        self._publish(state, start, raw, None)
        return raw

    def _take(self, state: CommuneState, row: SharedRow, now: float, reusable: bool) -> Any:
        """What another process's try in the row gives this commune: its workbook (None when
        it is the one `good` was made from), its problem (raised), or _NOTHING."""
        ttl = state.slot.ttl if state.slot else 0.0
        mine = state.shared_seen if state.shared_seen is not None else float("-inf")
        if row.attempted_at is None or row.attempted_at <= mine or now - row.attempted_at >= ttl:
            return _NOTHING
        if row.problem:
            state.shared_seen = row.attempted_at
            raise SheetFailed(problem_from_dict(row.problem, state.email))
        if row.read_at is None or now - row.read_at >= ttl:
            return _NOTHING
        if state.good_at is not None and row.read_at <= state.good_at:
            return _NOTHING
        if reusable and row.content_hash is not None and row.content_hash == state.shared_hash:
            raw = None
            state.got_hash = row.content_hash
        else:
            stored = state.shared.payload()
            if stored is None:
                return _NOTHING
            raw, state.got_hash = stored
            state.title = raw.title
        state.shared_seen, state.got_at = row.attempted_at, row.read_at
        return raw

    def _wait_for_theirs(self, state: CommuneState, seen: float | None, reusable: bool) -> RawWorkbook | None:
        """Another process holds the lease: its read, if it comes within SHARED_WAIT s."""
        for _ in range(round(SHARED_WAIT / SHARED_POLL)):
            self._sleep(SHARED_POLL)
            now = self._now()
            row = state.shared.peek(now)
            if row.attempted_at != seen:
                taken = self._take(state, row, now, reusable)
                if taken is not _NOTHING:
                    return taken
                break
            if not row.leased:  # its holder gave up without a word: read at the next slot
                break
        raise _Kept

    def _publish(self, state: CommuneState, start: float, raw: RawWorkbook | None, problem: Problem | None) -> None:
        """What this process read, for the others (the store down: kept here, with the banner)."""
        try:
            read_at = self._now() if raw is not None else None
            state.got_hash = state.shared.publish(start, raw, read_at, problem_dict(problem))
        except Exception as exc:
            state.store_problem = store_down(exc, log=state.store_problem is None)

    def _google(self, state: CommuneState, config: SheetConfig, campaign: Campaign, with_meta: bool) -> RawWorkbook:
        """One read of the commune's sheet: the tab list when asked, then every tab at once."""
        count = self._counter(state)
        try:
            if state.reader is None:
                state.reader = self._sheet_reader(config, campaign.limits, count)
            if with_meta or state.meta is None:
                # The first tab list of the i-th sheet counts as its (i mod 10)-th read since one:
                # sheets then ask for their tab lists in turn, not all in the same round.
                first = state.meta is None and state.attempts == 0
                state.meta = state.reader.metadata()
                state.reads_since_meta = state.slot.index % METADATA_EVERY if first and state.slot else 0
            else:
                state.reads_since_meta += 1
            raw = state.reader.values(state.meta)
        except Exception as exc:
            problem = exc.problem if isinstance(exc, SourceProblem) else classify(exc, config.email)
            if problem.code == "bad_range":
                state.meta = None  # a tab was renamed: the next read asks for the tab list again
            if problem.code in ("bad_key", "auth"):
                state.reader = None  # built again from the (perhaps mended) secrets next time
            raise SheetFailed(problem) from None
        state.title = raw.title
        return raw

    def _counter(self, state: CommuneState) -> Callable[[], None]:
        account = state.slot.account if state.slot else ""

        def count() -> None:
            now = self._now()
            with self._lock:
                state.made += 1
                state.requests.append(now)
                while state.requests and state.requests[0] < now - 3600:
                    state.requests.popleft()
                self.request_log.append((now, account, state.entry.name))

        return count

    def _done(self, state: CommuneState, start: float, read: CommuneRead | None, at: float | None = None) -> None:
        """A read is over: `read` (None: nothing new, all stays), read at `at` (None: now)."""
        with self._lock:
            state.attempted_at = start
            state.attempts += 1
            if read is None:
                pass
            elif read.ok:
                if read is not state.good:
                    state.good, state.figures = read, {}
                state.good_at, state.failed = (self._now() if at is None else at), None
                if state.store_problem is not None:  # read here, not shared: the banner stays
                    state.failed = _failed(state.entry, SheetFailed(state.store_problem), READ, read.campaign)
            else:
                state.failed = read
            self._lock.notify_all()


def _failed(entry: CommuneEntry, exc: Exception, stage: str, campaign: Campaign | None = None) -> CommuneRead:
    return CommuneRead(entry, _moment(time.time()), 0.0, campaign, None, exc, stage)


def _moment(timestamp: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(timestamp, clock.ZONE).replace(microsecond=0)


def _project(config: SheetConfig | None, account: str) -> str:
    """The Cloud project an account counts against: the key's project_id, else the part of a
    service account's e-mail before '.iam.gserviceaccount.com'."""
    if config is not None and config.key and config.key.get("project_id"):
        return str(config.key["project_id"])
    domain = account.partition("@")[2]
    return domain.split(".", 1)[0] if domain else account


def _files_signature(path: Path | None) -> tuple:
    """What changes when a file (or a folder's .csv files) is saved again: names, mtimes, sizes."""
    if path is None:
        return ()
    try:
        if path.is_dir():
            return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(path.glob("*.csv")))
        stat = path.stat()
        return ((path.name, stat.st_mtime_ns, stat.st_size),)
    except OSError:
        return ("missing",)


def _digest(raw: RawWorkbook) -> str:
    """The content of a read (marshal writes each cell with its type; see lib/ui/loading.py)."""
    try:
        return hashlib.sha256(marshal.dumps((raw.title, raw.tabs), 2)).hexdigest()
    except ValueError:  # a cell marshal cannot write: treated as changed, every time
        return f"unhashable:{time.monotonic_ns()}"


def empty_dataset(campaign: Campaign, kind: str, today: dt.date) -> Dataset:
    """No figures (a commune not read yet, or never read well)."""
    return pipeline.dataset(RawWorkbook({}, kind, ""), campaign, today)
