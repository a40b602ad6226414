"""Why a read of the data source failed, in words a commune clerk can act on.

Every exception the Google stack can raise is mapped to one `Problem` code with a Vietnamese
(and English) explanation and a next step. The technical detail kept for the data-source page
is scrubbed: it never carries a private key or a token.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import requests
from google.auth import exceptions as auth_exceptions
from gspread.exceptions import APIError, SpreadsheetNotFound

from lib.errors import ShapeError
from lib.markup import plain
from lib.texts import LANGS, t

# Problems worth one quick retry: they often clear within a second.
RETRYABLE = {"quota", "server", "timeout", "unreachable", "bad_response"}

_SECRETISH = re.compile(r"-----BEGIN[^-]*-----.*?(-----END[^-]*-----|$)|ya29\.[\w.-]+|eyJ[\w.-]{20,}", re.S)


@dataclass(frozen=True)
class Problem:
    code: str  # quota, server, timeout, unreachable, bad_response, forbidden, not_found, auth, not_public, ...
    detail: str = ""  # short technical detail, safe to show
    email: str = ""  # the service account to share the sheet with, for "forbidden"
    # The whole message per language, when it names things the code cannot know in advance
    # (the tab or column of a workbook that changed shape): (("vi", …), ("en", …)).
    messages: tuple[tuple[str, str], ...] = ()

    @property
    def retryable(self) -> bool:
        return self.code in RETRYABLE

    @property
    def severe(self) -> bool:
        """The sheet itself must be mended (not a passing fault): a red banner, not a yellow one."""
        return self.code == "bad_shape"

    def message(self, lang: str = "vi") -> str:
        if self.messages:
            return dict(self.messages)[lang]
        return t(f"problem.{self.code}", lang, email=self.email or "—")


def scrub(text: str, limit: int = 200) -> str:
    """Remove anything that looks like a key or token, and keep it short."""
    clean = _SECRETISH.sub("[…]", text)
    clean = re.sub(r"<[^>]+>", " ", clean)  # an HTML error page: keep its words only
    clean = re.sub(r"\s+", " ", clean).strip()
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def classify(exc: BaseException, email: str = "") -> Problem:
    """One exception from gspread, google-auth or requests -> one Problem."""
    detail = scrub(f"{type(exc).__name__}: {exc}")
    if isinstance(exc, APIError):
        status = exc.response.status_code if exc.response is not None else exc.code
        code = {429: "quota", 403: "forbidden", 404: "not_found", 401: "auth", 400: "bad_range"}.get(status)
        if code is None:
            code = "server" if status >= 500 or exc.code == -1 else "bad_response"
        return Problem(code, scrub(f"HTTP {status}: {exc.error.get('message', '')}"), email)
    if isinstance(exc, SpreadsheetNotFound):
        return Problem("not_found", detail, email)
    if isinstance(exc, PermissionError):
        return Problem("forbidden", detail, email)
    if isinstance(exc, auth_exceptions.RefreshError):
        return Problem("auth", detail, email)
    if isinstance(exc, requests.Timeout):
        return Problem("timeout", detail, email)
    if isinstance(exc, (requests.ConnectionError, auth_exceptions.TransportError)):
        return Problem("unreachable", detail, email)
    if isinstance(exc, (json.JSONDecodeError, requests.exceptions.JSONDecodeError, KeyError, TypeError)):
        return Problem("bad_response", detail, email)
    if isinstance(exc, SourceProblem):
        return exc.problem
    return Problem("unexpected", detail, email)


def shape_problem(exc: ShapeError) -> Problem:
    """A workbook that changed shape as a banner's problem: its message in every language, the
    workbook's own text (tab titles, headers) kept literal in Markdown."""
    return Problem("bad_shape", messages=tuple((lang, exc.message(lang, plain)) for lang in LANGS))


class SourceProblem(Exception):
    """Raised by our own readers when the answer is wrong in a known way (e.g. not public)."""

    def __init__(self, problem: Problem):
        super().__init__(problem.code)
        self.problem = problem
