"""A read's Problem as the shared store keeps it, and the problem of a store that cannot be
reached: used by every reader that shares its reads through lib/store/shared_reads.py (one
sheet: lib/sources/live.py; a province: lib/province_refresh.py)."""

from __future__ import annotations

import logging

from lib.privacy import mask_text
from lib.sources.problems import Problem, scrub


def problem_dict(problem: Problem | None) -> dict | None:
    """A problem as the store keeps it (the e-mail is each process's own configuration)."""
    if problem is None:
        return None
    return {"code": problem.code, "detail": problem.detail, "messages": [list(m) for m in problem.messages]}


def problem_from_dict(stored: dict | None, email: str) -> Problem | None:
    if not stored:
        return None
    messages = tuple((lang, text) for lang, text in stored.get("messages", ()))
    return Problem(stored["code"], stored.get("detail", ""), email, messages)


def store_down(exc: BaseException, log: bool = True) -> Problem:
    """The store failed: a `store_down` Problem whose detail names the error, never a password
    (logged when `log`: once per outage, the callers decide)."""
    from lib.store.schema import redacted_url

    detail = redacted_url(scrub(f"{type(exc).__name__}: {exc}"))
    if log:
        logging.getLogger(__name__).warning("shared store failed: %s", mask_text(detail))
    return Problem("store_down", detail)
