"""A clock the test moves by hand: `clock()` is the time now, `clock.sleep(s)` moves it on, so
rules about time (TTLs, leases, retries) are tested without waiting."""

from __future__ import annotations


class FakeClock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds
