"""Reading the shared Google Sheet: a private sheet through a service account, or a public link.

Quota matters more than anything here: Google allows 60 reads a minute per user, and a service
account is one user for every viewer. So a reader makes exactly one request for the tab list
(`metadata`) and one `values:batchGet` for all tabs (`values`); `lib.sources.live` decides how
often to call them. Cells are read UNFORMATTED (numbers and date serials exactly as stored);
text cells are parsed later with the Vietnamese rules. gspread's BackOffHTTPClient is not used:
it can sleep for minutes; retries are bounded in `live`.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import gspread
import requests
from google.auth.transport.requests import AuthorizedSession
from google.oauth2.service_account import Credentials
from requests.adapters import HTTPAdapter

from lib.dataset import RawWorkbook
from lib.sources.files import SourceError, read_bytes
from lib.sources.limits import LIMITS, Limits
from lib.sources.problems import Problem, SourceProblem

SCOPES = ["https://www.googleapis.com/auth/spreadsheets.readonly"]
SHEETS_API = "https://sheets.googleapis.com"
DOCS = "https://docs.google.com"
# (connect, read) seconds for one request; `live` keeps the whole read within its budget.
TIMEOUT = (3.05, 4.0)
SERVICE_ACCOUNT_FIELDS = ("type", "private_key", "client_email", "token_uri")
# Keys of [connections.gsheets] that are ours, not part of the service-account key.
OUR_KEYS = ("spreadsheet", "api_base_url", "docs_base_url", "ttl", "worksheet")
_ID = re.compile(r"/spreadsheets/d/([A-Za-z0-9_-]+)")
# From this many rows, a read ends with one full garbage collection. The rows are tracked
# containers that live until the next read; left to age, the collector scans all of them on its
# young pass, again on its middle pass, and once more on its next full pass (~0,35-0,45 s each
# for 1,2M rows, in the middle of validation). Collected at once, they are scanned a single time
# and filed as old (measured at 10M cells: read +0,3-0,5 s, validation -0,8-1,4 s). Below this,
# those passes cost milliseconds and no extra collection is worth making.
LARGE_REPLY_ROWS = 100_000


_EMAIL = re.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,24}")


@dataclass(frozen=True)
class SheetConfig:
    """What `[connections.gsheets]` in secrets.toml says; `key` is None for a public link."""

    spreadsheet_id: str
    key: Mapping[str, Any] | None = field(default=None, repr=False)  # never shown, never logged
    api_base_url: str = ""  # another base for the Sheets API (a proxy, or the test server)
    docs_base_url: str = ""  # another base for the public export link (tests)
    ttl: float = 60.0  # seconds one read is shared by every viewer

    @property
    def email(self) -> str:
        """The service account's address, shown so the clerk can share the sheet with it; ''
        when the field holds anything else (a private key pasted into the wrong field is never
        echoed back)."""
        email = str(self.key.get("client_email", "")).strip() if self.key else ""
        return email if _EMAIL.fullmatch(email) else ""

    @property
    def public(self) -> bool:
        return self.key is None


@dataclass(frozen=True)
class Metadata:
    title: str
    tabs: tuple[str, ...]


def spreadsheet_id(url_or_id: str) -> str:
    """The ID from a sheet's address, or the ID itself."""
    match = _ID.search(url_or_id)
    return match.group(1) if match else url_or_id.strip()


def config_from_secrets(secrets: Mapping[str, Any]) -> SheetConfig | None:
    """None when no sheet is configured (the app then shows the sample workbook)."""
    section = (secrets.get("connections") or {}).get("gsheets") or {}
    target = str(section.get("spreadsheet", "")).strip()
    if not target:
        return None
    has_key = any(section.get(k) for k in ("private_key", "client_email"))
    key = {k: v for k, v in section.items() if k not in OUR_KEYS}
    return SheetConfig(
        spreadsheet_id=spreadsheet_id(target),
        key=key if has_key else None,
        api_base_url=str(section.get("api_base_url", "")).rstrip("/"),
        docs_base_url=str(section.get("docs_base_url", "")).rstrip("/"),
        ttl=_seconds(section.get("ttl", 60)),
    )


def _seconds(value: Any) -> float:
    """`ttl` from secrets: a number of seconds >= 0 (0 reads on every rerun: for tests only);
    anything else falls back to the default rather than breaking every page."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return 60.0
    return seconds if seconds >= 0 and seconds == seconds else 60.0


class _Rebase(HTTPAdapter):
    """Sends requests meant for one base URL to another (gspread builds absolute URLs)."""

    def __init__(self, old: str, new: str):
        super().__init__()
        self.old, self.new = old, new

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        if request.url and request.url.startswith(self.old):
            request.url = self.new + request.url[len(self.old) :]
        return super().send(request, *args, **kwargs)


def _quote(title: str) -> str:
    """A tab title as an A1 range: quoted, so spaces and Vietnamese letters are safe."""
    return "'" + title.replace("'", "''") + "'"


class ServiceAccountReader:
    """One request for metadata, one for all values; `on_request` counts each for the quota."""

    def __init__(self, config: SheetConfig, on_request: Callable[[], None] = lambda: None):
        missing = [f for f in SERVICE_ACCOUNT_FIELDS if not (config.key or {}).get(f)]
        if missing:
            raise SourceProblem(Problem("bad_key", f"thiếu trường: {', '.join(missing)}", config.email))
        try:
            credentials = Credentials.from_service_account_info(dict(config.key or {}), scopes=SCOPES)
        except (ValueError, TypeError, IndexError) as exc:
            raise SourceProblem(Problem("bad_key", type(exc).__name__, config.email)) from None
        if config.api_base_url and hasattr(credentials, "_is_regional_access_boundary_lookup_required"):
            # All Sheets traffic goes to another server (a proxy, or the test fake), but
            # google-auth would still start a background 'allowedLocations' lookup to Google
            # after each token: turn it off for these credentials.
            credentials._is_regional_access_boundary_lookup_required = lambda: False
        self.config = config
        # Our own session: gspread's default one lets a token request hang for two minutes.
        session = AuthorizedSession(credentials, refresh_timeout=TIMEOUT[1])
        self.client = gspread.Client(auth=credentials, session=session)
        self.client.http_client.set_timeout(TIMEOUT)
        if config.api_base_url:
            self.client.http_client.session.mount(SHEETS_API, _Rebase(SHEETS_API, config.api_base_url))
        self._on_request = on_request

    def metadata(self) -> Metadata:
        self._on_request()
        meta = self.client.http_client.fetch_sheet_metadata(self.config.spreadsheet_id)
        tabs = tuple(s["properties"]["title"] for s in sorted(meta["sheets"], key=lambda s: s["properties"]["index"]))
        return Metadata(str(meta["properties"]["title"]), tabs)

    def values(self, meta: Metadata) -> RawWorkbook:
        self._on_request()
        # gspread parses the reply (response.json()) inside the call: the pause covers both.
        with _collector_paused() as was_enabled:
            reply = self.client.http_client.values_batch_get(
                self.config.spreadsheet_id,
                [_quote(tab) for tab in meta.tabs],
                params={"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER"},
            )
            ranges = reply["valueRanges"]
            if len(ranges) != len(meta.tabs):
                raise KeyError("valueRanges")
            tabs = {tab: _rows(vr.get("values", [])) for tab, vr in zip(meta.tabs, ranges, strict=True)}
            del reply, ranges
            if was_enabled and sum(map(len, tabs.values())) >= LARGE_REPLY_ROWS:
                gc.collect()  # see LARGE_REPLY_ROWS
        return RawWorkbook(tabs, "gsheet", meta.title)


@contextmanager
def _collector_paused() -> Iterator[bool]:
    """Python's cyclic garbage collector off for the block (which gets whether it was on), then
    back as it was.

    A reply near Google's 10M-cell cap parses into ~1M row lists; each allocation counts toward
    the next collection, so the collector would run ever larger passes over rows that can hold
    no cycle (measured: read 5,6-6,3 s -> 2,0-2,3 s paused). Reference counting still frees
    everything as usual. Two reads at once at worst end one pause early: whoever found the
    collector on turns it back on.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield enabled
    finally:
        if enabled:
            gc.enable()


def _rows(values: list[Any]) -> list[list[Any]]:
    """A range's rows as lists: JSON rows already are (no copy of a million rows); any other
    sequence is copied into one."""
    return [row if type(row) is list else list(row) for row in values]


class PublicReader:
    """'Anyone with the link can view': one export of the whole workbook as .xlsx, no key.

    Reading it as a workbook keeps typed cells (numbers, dates) and every tab in one request.
    A sheet that is not public answers 200 with Google's sign-in page: that is a problem to
    report, never an empty workbook.
    """

    def __init__(self, config: SheetConfig, on_request: Callable[[], None] = lambda: None, limits: Limits = LIMITS):
        self.config = config
        self.session = requests.Session()
        self._on_request = on_request
        self.limits = limits  # the campaign's caps ([limits]): the export is a file like any other

    def metadata(self) -> Metadata:
        return Metadata("", ())  # the export carries the tabs; nothing to ask first

    def values(self, meta: Metadata) -> RawWorkbook:
        base = self.config.docs_base_url or DOCS
        url = f"{base}/spreadsheets/d/{self.config.spreadsheet_id}/export"
        self._on_request()
        reply = self.session.get(url, params={"format": "xlsx"}, timeout=TIMEOUT)
        kind = reply.headers.get("content-type", "")
        if reply.status_code in (401, 403) or "html" in kind:
            raise SourceProblem(Problem("not_public", f"HTTP {reply.status_code}, {kind.split(';')[0]}"))
        if reply.status_code == 404:
            raise SourceProblem(Problem("not_found", "HTTP 404"))
        if reply.status_code == 429:
            raise SourceProblem(Problem("quota", "HTTP 429"))
        if reply.status_code >= 500:
            raise SourceProblem(Problem("server", f"HTTP {reply.status_code}"))
        try:
            book = read_bytes(reply.content, "sheet.xlsx", source="public", limits=self.limits)
        except SourceError as exc:
            raise SourceProblem(Problem("bad_response", str(exc))) from None
        return RawWorkbook(book.tabs, "public", _export_title(reply.headers.get("content-disposition", "")))


def _export_title(disposition: str) -> str:
    """Google names the exported file after the spreadsheet: use that as its title."""
    match = re.search(r"filename\*=UTF-8''([^;]+)", disposition) or re.search(r'filename="?([^";]+)', disposition)
    return unquote(match.group(1)).removesuffix(".xlsx") if match else ""


def make_reader(config: SheetConfig, on_request: Callable[[], None] = lambda: None, limits: Limits = LIMITS):
    """The reader of a sheet; `limits` caps the public export's .xlsx (the campaign's [limits])."""
    return PublicReader(config, on_request, limits) if config.public else ServiceAccountReader(config, on_request)
