"""Password guesses are slowed down, then locked out, per session and per server (issue #13)."""

from __future__ import annotations

import logging

import pytest

from lib.access import SERVER_POLICY, SESSION_POLICY, GuessLimiter, GuessPolicy


@pytest.mark.parametrize(
    ("failures", "wait"),
    [(0, 0), (4, 0), (5, 2), (6, 4), (7, 8), (12, 256), (13, 300), (50, 300)],
)
def test_the_wait_doubles_after_five_failures_up_to_five_minutes(failures: int, wait: float) -> None:
    assert SESSION_POLICY.wait(failures) == wait


def test_one_session_waits_after_five_wrong_passwords() -> None:
    limiter = GuessLimiter()
    keys = [("session:a", SESSION_POLICY), ("server", SERVER_POLICY)]
    for second in range(5):
        assert limiter.wait_seconds(keys, 100.0 + second) == 0
        limiter.failed(keys, 100.0 + second)
    assert limiter.wait_seconds(keys, 104.5) == pytest.approx(1.5)  # 2 s after the 5th failure
    assert limiter.wait_seconds(keys, 106.0) == 0
    limiter.failed(keys, 106.0)
    assert limiter.wait_seconds(keys, 106.0) == pytest.approx(4.0)
    limiter.succeeded("session:a")
    assert limiter.wait_seconds([("session:a", SESSION_POLICY)], 106.0) == 0


def test_new_sessions_do_not_reset_the_server_wide_count() -> None:
    """31 guesses in 15 s used to pass; now the 21st from any session waits."""
    limiter = GuessLimiter()
    now = 1000.0
    allowed = 0
    for attempt in range(31):
        keys = [(f"session:{attempt}", SESSION_POLICY), ("server", SERVER_POLICY)]  # a new session each time
        if limiter.wait_seconds(keys, now) == 0:
            allowed += 1
            limiter.failed(keys, now)
        now += 0.5
    assert allowed <= 22


def test_old_failures_are_forgotten() -> None:
    limiter = GuessLimiter()
    keys = [("session:a", GuessPolicy(free=1, forget_after=60))]
    limiter.failed(keys, 0.0)
    assert limiter.wait_seconds(keys, 1.0) > 0
    assert limiter.wait_seconds(keys, 61.0) == 0


def test_failures_are_logged_without_the_password(caplog: pytest.LogCaptureFixture) -> None:
    limiter = GuessLimiter()
    with caplog.at_level(logging.WARNING, logger="ihatinh.access"):
        limiter.failed([("session:a", SESSION_POLICY)], 0.0)
    assert "session:a" in caplog.text and "wrong password" in caplog.text
