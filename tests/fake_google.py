"""A local fake of Google for tests: the OAuth token endpoint, Sheets API v4 and the public export link.

Why a fake server and not mocks: the dashboard's failure handling depends on exactly what the
real gspread and google-auth code does with Google's answers (which exception, which `.code`,
when a token is fetched, how many requests a read costs). So the real libraries run unchanged
against this HTTP server on 127.0.0.1, and the fake answers the way Google does, including its
faults (quota, 500 with an HTML body, timeouts, a refused key, a private sheet's sign-in page).

Usage::

    with FakeGoogle({"sheet-id": Book("Title", {"Thon": [["Thôn", "Dân số"], ["Trung Hà", 721]]})}) as fake:
        key = fake.service_account_info()      # token_uri points at the fake
        ...                                    # point gspread at fake.url with a transport adapter
        assert fake.count("/v4/") == 2

One side effect, on purpose: google-auth (2.4x and later) looks up a service account's
"regional access boundary" at https://iamcredentials.googleapis.com in a background thread after
each token. Once a FakeGoogle has started, that lookup is sent to the running fake (or to a
closed local port when none runs) for the rest of the process, so no test ever reaches Google.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import io
import json
import re
import secrets
import socket
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from google.auth import jwt

__all__ = ["DEFAULT_EMAIL", "GOOGLE_TOKEN_AUDIENCE", "Book", "FakeGoogle"]

DEFAULT_EMAIL = "dashboard@test-project.iam.gserviceaccount.com"
# google-auth always signs its JWT for this audience, whatever the key's token_uri says.
GOOGLE_TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token"
JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON_TYPE = "application/json; charset=UTF-8"
HTML_TYPE = "text/html; charset=utf-8"
FAULTS = (None, "429", "500", "500_html", "503", "timeout", "malformed_json", "token_refused")
# Google Sheets' day zero: a date cell's serial number counts days from here.
EPOCH = dt.date(1899, 12, 30)
# A port nothing listens on: where lookups go when no fake runs (connection refused at once).
_DEAD_END = "http://127.0.0.1:9"


@dataclass
class Book:
    """One spreadsheet as the fake stores it; tests may change it between reads."""

    title: str
    tabs: dict[str, list[list]]  # tab title -> rows (header first)
    readers: set[str] = field(default_factory=lambda: {DEFAULT_EMAIL})  # emails it is shared with
    public: bool = False  # "anyone with the link can view"


# --------------------------------------------------------------------------- the key


@functools.cache
def _key_material() -> tuple[str, str, str]:
    """(private PKCS#8 PEM, public PEM, key id): one RSA-2048 key per process, since making one costs ~0.1 s."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = key.public_key()
    public_pem = public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    der = public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return private_pem, public_pem, hashlib.sha1(der).hexdigest()


# ---------------------------------------------------------------- google-auth's side trip

_running: list[FakeGoogle] = []  # started and not yet stopped, newest last
_running_lock = threading.Lock()
_redirect_installed = False


def _install_lookup_redirect() -> None:
    """Send google-auth's regional-access-boundary lookups to the fake instead of Google.

    google-auth builds that URL (https://iamcredentials.googleapis.com/...) at call time through a
    module function, and calls it from a background thread after every token; without this the
    tests would try to reach the internet. It stays installed for the process, so a credentials
    object that outlives its fake fails fast against a closed local port rather than calling Google.
    """
    global _redirect_installed
    with _running_lock:
        if _redirect_installed:
            return
        try:
            from google.auth import _regional_access_boundary_utils as rab
        except ImportError:  # older google-auth: no such lookup
            _redirect_installed = True
            return
        if not hasattr(rab, "get_service_account_rab_endpoint"):
            _redirect_installed = True
            return

        def endpoint(service_account_email: str) -> str:
            with _running_lock:
                base = _running[-1].url if _running else _DEAD_END
            return f"{base}/v1/projects/-/serviceAccounts/{service_account_email}/allowedLocations"

        rab.get_service_account_rab_endpoint = endpoint
        _redirect_installed = True


# ------------------------------------------------------------------------ cell rendering


def _vi_number(value: int | float) -> str:
    """A number as Google shows it in a vi_VN sheet: '.' groups thousands, ',' marks decimals."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    sign = "-" if value < 0 else ""
    if isinstance(value, int):
        return sign + f"{abs(value):,}".replace(",", ".")
    text = format(abs(value), ".15g")
    if "e" in text:
        text = format(abs(value), ".15f").rstrip("0")
    whole, _, fraction = text.partition(".")
    return sign + f"{int(whole):,}".replace(",", ".") + ("," + fraction if fraction else "")


def _serial(value: dt.date) -> int | float:
    """Days since 1899-12-30: an int for a date, with the time of day as a fraction for a datetime."""
    if isinstance(value, dt.datetime):
        delta = value.replace(tzinfo=None) - dt.datetime(1899, 12, 30)
        return delta.days + delta.seconds / 86400
    return (value - EPOCH).days


def _date_text(value: dt.date) -> str:
    """vi_VN date display, with leading zeros as Google shows it."""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M:%S")
    return value.strftime("%d/%m/%Y")


def _render(value: Any, unformatted: bool, serial_dates: bool) -> Any:
    """One cell as the Sheets API returns it for the given render options."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):  # before int: bool is an int
        return value if unformatted else ("TRUE" if value else "FALSE")
    if isinstance(value, int | float):
        return value if unformatted else _vi_number(value)
    if isinstance(value, dt.date):
        return _serial(value) if unformatted and serial_dates else _date_text(value)
    return str(value)


def _trimmed(rows: list[list], unformatted: bool, serial_dates: bool) -> list[list]:
    """Rendered rows without trailing empty cells or trailing empty rows (inner empty rows stay as [])."""
    out: list[list] = []
    for row in rows:
        cells = [_render(c, unformatted, serial_dates) for c in row]
        while cells and cells[-1] == "":
            cells.pop()
        out.append(cells)
    while out and not out[-1]:
        out.pop()
    return out


def _column_letters(n: int) -> str:
    """1 -> A, 26 -> Z, 27 -> AA."""
    letters = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _grid(rows: list[list]) -> tuple[int, int]:
    """(rowCount, columnCount): a new Google sheet is 1000 x 26 and grows with its data."""
    return max(1000, len(rows)), max(26, max((len(r) for r in rows), default=0))


def _a1_title(title: str) -> str:
    """A tab title as Google writes it in a returned range: quoted unless it is a plain word."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", title) and not re.fullmatch(r"[A-Za-z]{1,3}[0-9]+", title):
        return title
    return "'" + title.replace("'", "''") + "'"


def _tab_of(range_: str) -> str:
    """The tab title in an A1 range: 'Tab name'!A1:Z, 'It''s', Thon!A:C or just Thon."""
    if range_.startswith("'"):
        title, i = [], 1
        while i < len(range_):
            if range_[i] == "'":
                if range_[i + 1 : i + 2] == "'":
                    title.append("'")
                    i += 2
                    continue
                return "".join(title)
            title.append(range_[i])
            i += 1
        return "\x00unterminated"  # never a tab title: answered as unparsable
    return range_.split("!", 1)[0]


def _ascii_filename(title: str) -> str:
    """A plain-ASCII stand-in for the title, for clients that ignore filename*."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return plain.replace('"', "").replace("\\", "") or "spreadsheet"


def _xlsx(book: Book) -> bytes:
    """The workbook as Google's "Download .xlsx" gives it: one sheet per tab, dates as date cells."""
    from openpyxl import Workbook

    workbook = Workbook()
    first = True
    for title, rows in book.tabs.items():
        sheet = workbook.active if first else workbook.create_sheet()
        first = False
        sheet.title = title
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = sheet.cell(row=r, column=c, value=value)
                if isinstance(value, dt.datetime):
                    cell.number_format = "DD/MM/YYYY HH:MM:SS"
                elif isinstance(value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
                elif isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # text that looks like a formula stays text, as typed
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


SIGN_IN_PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Google Trang tính - Đăng nhập</title></head>
<body><form action="https://accounts.google.com/v3/signin/identifier" method="post">
<h1>Đăng nhập</h1><p>để tiếp tục tới Google Trang tính</p>
<input type="email" name="identifier" aria-label="Email hoặc số điện thoại"></form></body></html>
"""

ERROR_500_PAGE = """<!DOCTYPE html>
<html lang=en><meta charset=utf-8><title>Error 500 (Server Error)!!1</title>
<p><b>500.</b> <ins>That's an error.</ins>
<p>There was an error. Please try again later. <ins>That's all we know.</ins>
"""

NOT_FOUND_PAGE = """<!DOCTYPE html>
<html lang=en><meta charset=utf-8><title>Error 404 (Not Found)!!1</title>
<p><b>404.</b> <ins>That's an error.</ins>
<p>The requested URL was not found on this server. <ins>That's all we know.</ins>
"""


def _api_error(code: int, message: str, status: str) -> dict:
    """Google's JSON error body, the one gspread's APIError reads `.code` from."""
    return {"error": {"code": code, "message": message, "status": status}}


UNAUTHENTICATED = _api_error(401, "Request had invalid authentication credentials.", "UNAUTHENTICATED")
NOT_FOUND = _api_error(404, "Requested entity was not found.", "NOT_FOUND")
FORBIDDEN = _api_error(403, "The caller does not have permission", "PERMISSION_DENIED")
QUOTA = _api_error(
    429,
    "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' "
    "of service 'sheets.googleapis.com' for consumer 'project_number:123456789012'.",
    "RESOURCE_EXHAUSTED",
)
INTERNAL = _api_error(500, "Internal error encountered.", "INTERNAL")
UNAVAILABLE = _api_error(503, "The service is currently unavailable.", "UNAVAILABLE")
INVALID_GRANT = {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}

_SHEETS_PATH = re.compile(r"/v4/spreadsheets/([^/:]+)(?:(/values:batchGet)|/values/(.+))?")
_EXPORT_PATH = re.compile(r"/spreadsheets/d/([^/]+)/export")


# ------------------------------------------------------------------------------ server


class _Server(ThreadingHTTPServer):
    """Daemon threads, a roomy backlog, and silence: a test's stderr should show only the test."""

    daemon_threads = True
    request_queue_size = 64

    def __init__(self, fake: FakeGoogle):
        self.fake = fake
        super().__init__(("127.0.0.1", 0), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (timeout test) leaves a broken pipe: not worth a traceback."""


class _Handler(BaseHTTPRequestHandler):
    """Routes one request. HTTP/1.0 (one request per connection) so stop() leaves no live connection."""

    server: _Server
    protocol_version = "HTTP/1.0"
    server_version = "ESF"  # what Google's front end calls itself
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        """No per-request line on stderr."""

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    # -- plumbing

    def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, payload: Any) -> None:
        self._send(status, json.dumps(payload, ensure_ascii=False).encode(), JSON_TYPE)

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _dispatch(self, method: str) -> None:
        fake = self.server.fake
        fake._record(method, self.path)
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query, keep_blank_values=True)
        if path == "/token" and method == "POST":
            self._token(fake)
        elif path.startswith("/v4/"):
            if not self._fault(fake):
                self._sheets(fake, method, path, query)
        elif path.startswith("/spreadsheets/"):
            if not self._fault(fake):
                self._export(fake, path, query)
        elif path.startswith("/v1/projects/") and path.endswith("/allowedLocations"):
            self._allowed_locations(fake)
        else:
            self._send(404, NOT_FOUND_PAGE.encode(), HTML_TYPE)

    def _fault(self, fake: FakeGoogle) -> bool:
        """Answer with the current fault; True when the request is done (answered or abandoned)."""
        fault = fake.fault
        if fault == "429":
            self._json(429, QUOTA)
        elif fault == "500":
            self._json(500, INTERNAL)
        elif fault == "500_html":
            self._send(500, ERROR_500_PAGE.encode(), HTML_TYPE)
        elif fault == "503":
            self._json(503, UNAVAILABLE)
        elif fault == "malformed_json":
            self._send(200, b'{"valueRanges": [', JSON_TYPE)
        elif fault == "timeout":
            # Interruptible: stop() sets the event, and the request is abandoned unanswered.
            return fake._stopping.wait(max(0.0, float(fake.fault_delay)))
        else:
            return False
        return True

    def _caller(self, fake: FakeGoogle) -> str | None:
        """The client_email behind the Bearer token, or None when there is no valid token."""
        scheme, _, token = (self.headers.get("Authorization") or "").partition(" ")
        if scheme.lower() != "bearer":
            return None
        return fake._email_for(token.strip())

    # -- endpoints

    def _token(self, fake: FakeGoogle) -> None:
        """OAuth 2.0 JWT-bearer grant: verify google-auth's signed assertion, issue an access token."""
        form = parse_qs(self._body().decode("utf-8", "replace"))
        if fake.fault == "token_refused":
            self._json(400, INVALID_GRANT)
            return
        grant = (form.get("grant_type") or [""])[0]
        if grant != JWT_BEARER:
            self._json(400, {"error": "unsupported_grant_type", "error_description": f"Invalid grant_type: {grant}"})
            return
        try:
            claims = jwt.decode(
                (form.get("assertion") or [""])[0],
                certs=_key_material()[1],
                audience=[GOOGLE_TOKEN_AUDIENCE, fake.token_uri],
                clock_skew_in_seconds=30,
            )
            email = str(claims["iss"])
        except Exception:  # any failure to verify is what Google calls an invalid grant
            self._json(400, INVALID_GRANT)
            return
        token = fake._issue(email)
        self._json(200, {"access_token": token, "expires_in": 3600, "token_type": "Bearer"})

    def _allowed_locations(self, fake: FakeGoogle) -> None:
        """google-auth's regional-access-boundary lookup: 'no boundary', as for an ordinary account."""
        if self._caller(fake) is None:
            self._json(401, UNAUTHENTICATED)
            return
        self._json(200, {"locations": [], "encodedLocations": "0x0"})

    def _sheets(self, fake: FakeGoogle, method: str, path: str, query: dict[str, list[str]]) -> None:
        """Sheets API v4: metadata, values:batchGet and values/{range}; auth, then 404, then 403."""
        email = self._caller(fake)
        if email is None:
            self._json(401, UNAUTHENTICATED)
            return
        match = _SHEETS_PATH.fullmatch(path)
        if method != "GET" or not match:
            self._json(404, NOT_FOUND)
            return
        sheet_id = unquote(match.group(1))
        book = fake.books.get(sheet_id)
        if book is None:
            self._json(404, NOT_FOUND)
            return
        # A sheet open to anyone with the link is readable by any signed-in caller, as on Google.
        if email not in book.readers and not book.public:
            self._json(403, FORBIDDEN)
            return
        tabs = dict(book.tabs)  # a snapshot: a test may edit the book meanwhile
        if match.group(2):
            ranges = query.get("ranges", [])
        elif match.group(3):
            ranges = [unquote(match.group(3))]
        else:
            self._json(200, _metadata(sheet_id, book.title, tabs))
            return
        render = (query.get("valueRenderOption") or ["FORMATTED_VALUE"])[-1]
        dates = (query.get("dateTimeRenderOption") or ["SERIAL_NUMBER"])[-1]
        unformatted = render in ("UNFORMATTED_VALUE", "FORMULA")
        value_ranges = []
        for range_ in ranges:
            title = _tab_of(range_)
            if title not in tabs:
                self._json(400, _api_error(400, f"Unable to parse range: {range_}", "INVALID_ARGUMENT"))
                return
            value_ranges.append(_value_range(title, tabs[title], unformatted, dates == "SERIAL_NUMBER"))
        if match.group(2):
            self._json(200, {"spreadsheetId": sheet_id, "valueRanges": value_ranges})
        else:
            self._json(200, value_ranges[0])

    def _export(self, fake: FakeGoogle, path: str, query: dict[str, list[str]]) -> None:
        """The public link: .xlsx bytes when shared with anyone, else Google's sign-in page (still 200)."""
        match = _EXPORT_PATH.fullmatch(path)
        book = fake.books.get(unquote(match.group(1))) if match else None
        if book is None or not book.public:
            self._send(200, SIGN_IN_PAGE.encode(), HTML_TYPE)
            return
        if (query.get("format") or [""])[-1] != "xlsx":
            self._send(400, NOT_FOUND_PAGE.encode(), HTML_TYPE)  # only xlsx is faked
            return
        name = f"{book.title}.xlsx"
        disposition = f"attachment; filename=\"{_ascii_filename(book.title)}.xlsx\"; filename*=UTF-8''{quote(name)}"
        self._send(200, _xlsx(book), XLSX, {"Content-Disposition": disposition})


def _metadata(sheet_id: str, title: str, tabs: dict[str, list[list]]) -> dict:
    """spreadsheets.get without grid data; the first tab's sheetId is 0 as in a new Google sheet."""
    sheets = []
    for index, (name, rows) in enumerate(tabs.items()):
        row_count, column_count = _grid(rows)
        sheets.append(
            {
                "properties": {
                    "sheetId": 0 if index == 0 else int(hashlib.md5(name.encode()).hexdigest()[:7], 16),
                    "title": name,
                    "index": index,
                    "sheetType": "GRID",
                    "gridProperties": {"rowCount": row_count, "columnCount": column_count},
                }
            }
        )
    return {
        "spreadsheetId": sheet_id,
        "properties": {"title": title, "locale": "vi_VN", "timeZone": "Asia/Ho_Chi_Minh"},
        "sheets": sheets,
        "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{sheet_id}/edit",
    }


def _value_range(title: str, rows: list[list], unformatted: bool, serial_dates: bool) -> dict:
    """One valueRange for a whole tab; 'values' is absent when the tab is empty, as Google does."""
    row_count, column_count = _grid(rows)
    result: dict[str, Any] = {
        "range": f"{_a1_title(title)}!A1:{_column_letters(column_count)}{row_count}",
        "majorDimension": "ROWS",
    }
    values = _trimmed(rows, unformatted, serial_dates)
    if values:
        result["values"] = values
    return result


# -------------------------------------------------------------------------------- fake


def shut_down(server: ThreadingHTTPServer, thread: threading.Thread | None) -> None:
    """Stop a local server and close its port at once (shared with tests/fake_oidc.py).

    shutdown() waits for serve_forever's select() to time out (up to poll_interval); connecting
    to the port wakes it at once, so a test's teardown costs milliseconds.
    """
    waiter = threading.Thread(target=server.shutdown, daemon=True)
    waiter.start()
    while waiter.is_alive():
        with contextlib.suppress(OSError):
            socket.create_connection(server.server_address[:2], timeout=0.1).close()
        waiter.join(0.005)
    server.server_close()
    if thread is not None:
        thread.join(timeout=1)


class FakeGoogle:
    """Google's token endpoint, Sheets API v4 and public export link, on 127.0.0.1 for tests."""

    def __init__(self, books: dict[str, Book] | None = None):
        self.books: dict[str, Book] = books if books is not None else {}
        self.fault_delay: float = 10.0
        self.requests: list[tuple[str, str]] = []
        self.request_times: list[float] = []
        self._fault: str | None = None
        self._lock = threading.Lock()
        self._tokens: dict[str, str] = {}
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._url = ""

    # -- lifecycle

    def start(self) -> FakeGoogle:
        """Bind a free port on 127.0.0.1 and serve in a daemon thread."""
        if self._server is not None:
            return self
        _install_lookup_redirect()
        self._stopping.clear()
        self._server = _Server(self)
        host, port = self._server.server_address[:2]
        self._url = f"http://{host}:{port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="FakeGoogle", daemon=True
        )
        self._thread.start()
        with _running_lock:
            _running.append(self)
        return self

    def stop(self) -> None:
        """Stop serving and close the port at once; a request sleeping on a "timeout" fault is abandoned."""
        self._stopping.set()
        server, self._server = self._server, None
        with _running_lock:
            if self in _running:
                _running.remove(self)
        if server is not None:
            shut_down(server, self._thread)
            self._thread = None

    def __enter__(self) -> FakeGoogle:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- addresses and key

    @property
    def url(self) -> str:
        """http://127.0.0.1:PORT (kept after stop(), so a test can show that nothing answers there)."""
        if not self._url:
            raise RuntimeError("FakeGoogle is not started: use start() or a with-block")
        return self._url

    @property
    def token_uri(self) -> str:
        return self.url + "/token"

    def service_account_info(self, email: str = DEFAULT_EMAIL) -> dict:
        """A complete service-account key, as downloaded from Google Cloud, whose token_uri is the fake."""
        private_pem, _, key_id = _key_material()
        project = email.split("@", 1)[-1].split(".", 1)[0]
        return {
            "type": "service_account",
            "project_id": project,
            "private_key_id": key_id,
            "private_key": private_pem,
            "client_email": email,
            "client_id": str(int(hashlib.sha256(email.encode()).hexdigest(), 16))[:21],
            "auth_uri": "https://accounts.google.com/o/oauth2/auth",
            "token_uri": self.token_uri,
            "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
            "client_x509_cert_url": f"https://www.googleapis.com/robot/v1/metadata/x509/{quote(email)}",
            "universe_domain": "googleapis.com",
        }

    # -- faults

    @property
    def fault(self) -> str | None:
        with self._lock:
            return self._fault

    @fault.setter
    def fault(self, value: str | None) -> None:
        if value not in FAULTS:
            raise ValueError(f"unknown fault {value!r}; expected one of {FAULTS}")
        with self._lock:
            self._fault = value

    # -- request log

    def count(self, prefix: str = "/v4/") -> int:
        """Requests served whose path (with query) starts with `prefix`: the quota a test spent."""
        with self._lock:
            return sum(1 for _, path in self.requests if path.startswith(prefix))

    def reset(self) -> None:
        """Forget the requests served so far (tokens stay valid)."""
        with self._lock:
            self.requests.clear()
            self.request_times.clear()

    # -- used by the handler

    def _record(self, method: str, path: str) -> None:
        with self._lock:
            self.requests.append((method, path))
            self.request_times.append(time.monotonic())

    def times(self, prefix: str) -> list[float]:
        """When each request whose path starts with `prefix` arrived (time.monotonic())."""
        with self._lock:
            served = zip(self.requests, self.request_times, strict=True)
            return [at for (_, path), at in served if path.startswith(prefix)]

    def _issue(self, email: str) -> str:
        token = "ya29.fake-" + secrets.token_urlsafe(24)
        with self._lock:
            self._tokens[token] = email
        return token

    def _email_for(self, token: str) -> str | None:
        with self._lock:
            return self._tokens.get(token)
