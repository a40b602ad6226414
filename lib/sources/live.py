"""One live source shared by every viewer of the server: cached, throttled, never crashing.

Rules, all in one place so they can be tested with a fake clock:
- values are read at most once per `ttl` seconds, whatever the number of viewers (one
  `values:batchGet`); the tab list at most once per `metadata_ttl` (one metadata request);
- a forced refresh ('Làm mới') reads at once, but at most once per `refresh_interval` for the
  whole server;
- concurrent viewers wait for the one read under way instead of starting their own;
- viewers who already have figures never wait for a read under way: they get the current
  ones; only the very first read is waited for;
- a failed read keeps the last good workbook and records what went wrong; after a failure the
  next attempt waits `retry_after` seconds (the TTL by default), so a broken sheet costs no
  more requests than a working one;
- one quick retry for passing faults (never for a quota error), within `budget` seconds;
- with `shared` (several app processes behind a load balancer, lib/store/shared_reads.py):
  the rules above hold for all the processes together. A process whose copy is due first
  takes a newer read another one stored; if the stored read is due too, exactly one process
  (the one that wins the lease) reads the sheet and stores what it got, and the others keep
  showing their copy until it is there (a process with no copy yet waits for it). 'Làm mới'
  is limited to once per `refresh_interval` for all of them. When the store cannot be reached
  a process keeps its last good workbook with a banner (`store_down`) and reads the sheet
  itself only if it has none: 69 sheets times N processes would exceed Google's quota.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lib.dataset import RawWorkbook
from lib.sources.gsheets import Metadata
from lib.sources.problems import Problem, SourceProblem, classify
from lib.sources.shared_problems import problem_dict, problem_from_dict, store_down

if TYPE_CHECKING:
    from lib.store.shared_reads import SharedReads, SharedRow

STORE_RETRY = 15.0  # seconds between looks at a store that failed
SHARED_POLL = 1.0  # seconds between looks at the store while a read is due


@dataclass(frozen=True)
class Snapshot:
    """What the pages get: the last good workbook (if any) and the last problem (if any)."""

    raw: RawWorkbook | None
    read_at: float | None  # when `raw` was read (time.time())
    problem: Problem | None  # why the latest attempt failed; None when it succeeded
    attempted_at: float | None
    throttled: bool = False  # a forced refresh was refused as too soon after the last one


class LiveSource:
    def __init__(
        self,
        reader_factory: Callable[[Callable[[], None]], object],
        ttl: float = 60,
        metadata_ttl: float = 600,
        refresh_interval: float = 15,
        retry_after: float | None = None,
        budget: float = 5,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        email: str = "",
        shared: SharedReads | None = None,
    ):
        self._factory = reader_factory
        self.ttl, self.metadata_ttl = ttl, metadata_ttl
        self.refresh_interval, self.budget = refresh_interval, budget
        self.retry_after = max(refresh_interval, ttl) if retry_after is None else retry_after
        self._clock, self._sleep = clock, sleep
        self.email = email
        self._lock = threading.Lock()
        self._reader: object | None = None
        self._meta: Metadata | None = None
        self._meta_at = float("-inf")
        self._raw: RawWorkbook | None = None
        self._read_at: float | None = None
        self._attempt_at = float("-inf")
        self._problem: Problem | None = None
        self._requests: deque[float] = deque()
        self._shared = shared
        self._shared_hash: str | None = None  # content hash of the shared read `_raw` holds
        self._shared_looked = float("-inf")
        self._store_problem: Problem | None = None

    # ------------------------------------------------------------------ public
    def snapshot(self, force: bool = False) -> Snapshot:
        """The workbook to show now; reads the source only when the rules above allow."""
        # One read at a time. A viewer who can be shown something does not queue behind it.
        if not self._lock.acquire(blocking=self._raw is None):
            return self._current(throttled=force)
        try:
            now = self._clock()
            throttled = force and now - self._attempt_at < self.refresh_interval
            if self._due(now, force) and not throttled:
                if self._shared is None:
                    self._read(now)
                else:
                    throttled = self._shared_read(now, force)
            return self._current(throttled)
        finally:
            self._lock.release()

    def claim(self) -> bool:
        """May a manual check read the source now? The same 15 s server-wide limit as 'Làm mới'."""
        with self._lock:
            now = self._clock()
            if now - self._attempt_at < self.refresh_interval:
                return False
            self._attempt_at = now
            return True

    def _current(self, throttled: bool) -> Snapshot:
        problem = self._problem or self._store_problem
        return Snapshot(self._raw, self._read_at, problem, self._attempt_ts, throttled)

    def requests_last_hour(self) -> int:
        now = self._clock()
        with self._lock:
            while self._requests and self._requests[0] < now - 3600:
                self._requests.popleft()
            return len(self._requests)

    def seconds_until_refresh(self) -> float:
        return max(0.0, self.refresh_interval - (self._clock() - self._attempt_at))

    # ----------------------------------------------------------------- private
    @property
    def _attempt_ts(self) -> float | None:
        return None if self._attempt_at == float("-inf") else self._attempt_at

    def _due(self, now: float, force: bool) -> bool:
        if force:
            return True
        if self._problem is not None:
            return now - self._attempt_at >= self.retry_after
        return self._read_at is None or now - self._read_at >= self.ttl

    def count_request(self) -> None:
        self._requests.append(self._clock())

    def _read(self, start: float) -> None:
        self._attempt_at = start
        for attempt in (1, 2):
            try:
                self._raw = self._read_once(start)
                self._read_at, self._problem = self._clock(), None
                return
            except Exception as exc:  # every failure becomes a Problem; the page keeps the last good data
                problem = exc.problem if isinstance(exc, SourceProblem) else classify(exc, self.email)
                self._problem = problem
                if problem.code == "bad_range":
                    self._meta = None  # a tab was renamed: ask for the tab list again
                elapsed = self._clock() - start
                if attempt == 2 or problem.code == "quota" or not (problem.retryable or problem.code == "bad_range"):
                    return
                if elapsed > self.budget / 2:
                    return
                self._sleep(0.3)

    # ------------------------------------------------------- shared by several processes
    def _shared_read(self, now: float, force: bool) -> bool:
        """Bring this copy up to date through the store (see the module's docstring); True
        when a forced refresh was refused because another process refreshed just before."""
        shared = self._shared
        assert shared is not None
        store_resting = self._store_problem is not None and now - self._shared_looked < STORE_RETRY
        if store_resting or (not force and now - self._shared_looked < min(SHARED_POLL, self.ttl)):
            return False
        self._shared_looked = now
        read_here = False
        try:
            row = shared.peek(now)
            self._adopt(row)
            throttled = force and now - self._attempt_at < self.refresh_interval
            if throttled or not self._due(now, force):
                self._store_problem = None
                return throttled
            while not shared.claim(now, row.attempted_at):  # another process reads it now
                if self._raw is not None:
                    self._store_problem = None
                    return False
                self._sleep(0.2)  # no copy yet: wait for theirs (or for their lease to end)
                now = self._clock()
                row = shared.peek(now)
                self._adopt(row)
                if self._raw is not None or (row.problem and not self._due(now, False)):
                    self._store_problem = None
                    return False
            read_here = True
            self._read(now)
            ok = self._problem is None
            self._shared_hash = (
                shared.publish(
                    now, self._raw if ok else None, self._read_at if ok else None, problem_dict(self._problem)
                )
                or self._shared_hash
            )
            self._store_problem = None
        except Exception as exc:  # the store is down: keep the copy; read alone only without one
            self._store_problem = store_down(exc, log=self._store_problem is None)  # logged once per outage
            if self._raw is None and not read_here:
                self._read(now)
        return False

    def _adopt(self, row: SharedRow) -> None:
        """Take what another process read after this one's last try (all of it, or nothing
        when its workbook cannot be fetched)."""
        if row.attempted_at is None or row.attempted_at <= self._attempt_at:
            return
        if row.read_at is not None and (self._read_at is None or row.read_at > self._read_at):
            if row.content_hash != self._shared_hash or self._raw is None:
                stored = self._shared.payload() if self._shared else None
                if stored is None:
                    return
                self._raw, self._shared_hash = stored
            self._read_at = row.read_at
        self._attempt_at = row.attempted_at
        self._problem = problem_from_dict(row.problem, self.email)

    def _read_once(self, now: float) -> RawWorkbook:
        if self._reader is None:
            self._reader = self._factory(self.count_request)
        reader = self._reader
        if self._meta is None or now - self._meta_at >= self.metadata_ttl:
            self._meta = reader.metadata()  # type: ignore[attr-defined]
            self._meta_at = now
        raw = reader.values(self._meta)  # type: ignore[attr-defined]
        return raw
