"""When each commune's Google Sheet is read, so that a province's sheets stay within Google's quota.

Google counts read requests a minute: 60 per service account, 300 per Cloud project. Reading a
commune costs one `values:batchGet` (every tab at once) and, on its first read, after a renamed
tab and on every METADATA_EVERY-th read, one more request for its tab list (lib/sources/gsheets.py).
A commune read every `ttl` seconds therefore costs 60 / ttl × (1 + 1 / METADATA_EVERY) requests
a minute on its account.

The rule (docs/province.md, "Lịch đọc"; tests/test_province_schedule.py uses its example):

1. each account with n sheets: ttl = max(base ttl, ⌈60 × n × (1 + 1/10) / (0,9 × reads_per_minute)⌉);
2. each project: when its accounts together would pass 0,9 × `project_reads_per_minute`, every
   ttl of that project is stretched by the same factor (rounded up to a whole second);
3. the account's sheets, in province.toml's order, start at offsets i × ttl / n: one read every
   ttl / n seconds, evenly spread, never a burst.

The plan uses 90 % of the budget (HEADROOM). Planned at 99 % (ttl 92 s for 69 sheets), the
simulation showed every read ~20 s behind its slot for good after the first pass (whose tab
lists cost 2 requests a sheet), and one sheet in twenty skipping a whole ttl: at 99 % a backlog
drains at 1 % of the budget. With 10 % spare it drains within minutes and reads keep to their slots.

Example: 69 communes on one account at 50 reads a minute: the values alone would need
69 × 60 / 50 = 82,8 → 83 s; with the tab lists and the headroom, 69 × 60 × 1,1 / 45 = 101,2
→ ttl 102 s, one read every 1,48 s, 44,6 requests a minute.

A plan is only a plan: a first pass, a renamed tab or a refresh asked for by hand costs extra
requests. `RateWindow` is the guard that holds whatever happens: no more than `limit` requests
in any 60 seconds; a read that would pass it waits (the commune keeps its figures meanwhile).
Pure Python: no clock of its own, no threads (lib/province_refresh.py runs the plan).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from lib.province import DEFAULT_SCHEDULE, Schedule

MINUTE = 60.0
METADATA_EVERY = 10  # every 10th read of a commune asks for its tab list again (a new tab is seen)
REQUESTS_PER_READ = 1 + 1 / METADATA_EVERY
HEADROOM = 0.9  # the plan's share of the budget: the rest absorbs first reads, renamed tabs, 'Làm mới'
FILE_CHECK_SECONDS = 5.0  # how often a file commune's modification time is looked at (no quota)


@dataclass(frozen=True)
class SheetUse:
    """One commune's Google Sheet and who reads it: the service account's e-mail ('public' for
    a public link) and its Cloud project."""

    name: str
    account: str
    project: str


@dataclass(frozen=True)
class Slot:
    """When a commune is read: every `ttl` seconds, at `offset` seconds into each period."""

    ttl: float
    offset: float
    account: str
    project: str
    index: int = 0  # its place among its account's sheets (tab lists are asked for in turn)

    def next_time(self, after: float) -> float:
        """The first moment at or after `after` that is `offset` into a period (times count
        from 0, the refresher's start)."""
        periods = math.ceil((after - self.offset) / self.ttl)
        return self.offset + max(periods, 0) * self.ttl


def plan(sheets: Sequence[SheetUse], budget: Schedule = DEFAULT_SCHEDULE) -> dict[str, Slot]:
    """Each sheet's ttl and offset by the rule above (names in province.toml's order)."""
    accounts: dict[str, list[SheetUse]] = {}
    for sheet in sheets:
        accounts.setdefault(sheet.account, []).append(sheet)
    ttl = {account: account_ttl(len(uses), budget) for account, uses in accounts.items()}
    projects: dict[str, list[str]] = {}
    for account, uses in accounts.items():
        projects.setdefault(uses[0].project, []).append(account)
    for members in projects.values():
        rate = sum(len(accounts[a]) * MINUTE * REQUESTS_PER_READ / ttl[a] for a in members)
        if rate > HEADROOM * budget.project_reads_per_minute:
            stretch = rate / (HEADROOM * budget.project_reads_per_minute)
            for a in members:
                ttl[a] = float(math.ceil(ttl[a] * stretch))
    slots: dict[str, Slot] = {}
    for number, (account, uses) in enumerate(accounts.items()):
        step = ttl[account] / len(uses)
        shift = step * number / len(accounts)  # accounts interleaved, not all at second 0
        for i, sheet in enumerate(uses):
            slots[sheet.name] = Slot(ttl[account], round(i * step + shift, 3), account, sheet.project, i)
    return slots


def account_ttl(sheets: int, budget: Schedule = DEFAULT_SCHEDULE) -> float:
    """Rule 1: the shortest ttl at which `sheets` sheets stay within one account's budget."""
    needed = MINUTE * sheets * REQUESTS_PER_READ / (HEADROOM * budget.reads_per_minute)
    return float(max(budget.ttl, math.ceil(round(needed, 9))))


def requests_per_minute(slots: dict[str, Slot], account: str) -> float:
    """What the plan costs an account a minute (for the docs and the benchmark)."""
    return sum(MINUTE * REQUESTS_PER_READ / s.ttl for s in slots.values() if s.account == account)


class RateWindow:
    """No more than `limit` requests in any `period` seconds (a sliding window of request times),
    and spaced: after a read of n requests the next waits n × period / limit seconds.

    The spacing matters as much as the limit. A plan near the budget (49,5 of 50 a minute)
    behind a bare sliding window locks into bursts: the first pass spends 50 requests at once,
    they all come free 60 s later at the same instant, and so on, so reads land on whole minutes
    and some communes wait two ttls. Spaced, reads keep to their offsets."""

    def __init__(self, limit: int, period: float = MINUTE):
        self.limit, self.period = limit, period
        self.interval = period / limit
        self._times: deque[float] = deque()
        self._next = float("-inf")

    def _forget(self, now: float) -> None:
        while self._times and self._times[0] <= now - self.period:
            self._times.popleft()

    def fits(self, now: float, n: int = 1) -> bool:
        self._forget(now)
        return now >= self._next and len(self._times) + n <= self.limit

    def take(self, now: float, n: int = 1) -> None:
        self._times.extend([now] * n)
        self._next = max(self._next, now) + n * self.interval

    def give_back(self, at: float, n: int) -> None:
        """Undo `take(at, n)` for requests that were not made (another process read the sheet):
        their times and the spacing they set."""
        for _ in range(max(0, n)):
            for i in range(len(self._times) - 1, -1, -1):
                if self._times[i] == at:
                    del self._times[i]
                    self._next -= self.interval
                    break

    def free_at(self, now: float, n: int = 1) -> float:
        """When `n` more requests will fit (`now` if they do)."""
        self._forget(now)
        over = len(self._times) + n - self.limit
        window = self._times[over - 1] + self.period if over > 0 else now
        return max(now, self._next, window)

    def used(self, now: float) -> int:
        self._forget(now)
        return len(self._times)


def take_all(windows: Sequence[RateWindow], now: float, n: int) -> bool:
    """Take `n` requests from every window (the account's and the project's), or from none."""
    if not all(w.fits(now, n) for w in windows):
        return False
    for w in windows:
        w.take(now, n)
    return True
