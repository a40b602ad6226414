"""A local OpenID Connect provider for tests: discovery, authorize, token, JWKS, userinfo, logout.

Streamlit's `st.login` (Authlib's Starlette client underneath) talks to it exactly as to Google
or Microsoft: it reads /.well-known/openid-configuration, sends the browser to the authorize
endpoint, exchanges the code (client secret + PKCE S256) at the token endpoint and verifies the
RS256 id_token against the JWKS. The id_token is signed here with `cryptography` directly, not
with the library that verifies it, so a verifier bug cannot hide behind a shared one.

There is no sign-in form: the authorize endpoint "signs in" `fake.email` at once and redirects
back with a code and the state, as a real provider does for a user already signed in there.

Usage::

    with FakeOIDC() as idp:
        idp.email = "allowed@example.com"        # who signs in next
        ...                                       # [auth] server_metadata_url = idp.metadata_url
        assert idp.logins == ["allowed@example.com"]
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import secrets
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, unquote_plus, urlencode, urlsplit, urlunsplit

from tests.fake_google import shut_down

__all__ = ["CLIENT_ID", "CLIENT_SECRET", "FakeOIDC"]

CLIENT_ID = "ihatinh-dashboard-test"
CLIENT_SECRET = "fake-oidc-client-secret"
JSON_TYPE = "application/json"
CODE_LIFETIME = 60.0  # seconds an authorization code may wait for its exchange


# --------------------------------------------------------------------------- JOSE by hand


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_uint(value: int) -> str:
    return _b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))


@functools.cache
def _signing_key() -> tuple[Any, str, dict[str, str]]:
    """(private key, kid, public JWK): one RSA-2048 key per process, since making one costs ~0.1 s."""
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    numbers = key.public_key().public_numbers()
    jwk = {"kty": "RSA", "use": "sig", "alg": "RS256", "n": _b64url_uint(numbers.n), "e": _b64url_uint(numbers.e)}
    # RFC 7638 thumbprint as the key id, as many providers do.
    canonical = json.dumps({k: jwk[k] for k in ("e", "kty", "n")}, separators=(",", ":"), sort_keys=True)
    kid = _b64url(hashlib.sha256(canonical.encode()).digest())
    return key, kid, {**jwk, "kid": kid}


def sign_rs256(claims: dict[str, Any]) -> str:
    """A compact JWS (RS256, with the provider's kid) over `claims`."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    key, kid, _ = _signing_key()
    header = {"alg": "RS256", "typ": "JWT", "kid": kid}
    signing_input = ".".join(_b64url(json.dumps(part, separators=(",", ":")).encode()) for part in (header, claims))
    signature = key.sign(signing_input.encode("ascii"), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{_b64url(signature)}"


def _half_hash(value: str) -> str:
    """at_hash for RS256: the left half of SHA-256, base64url (OIDC Core 3.1.3.6)."""
    return _b64url(hashlib.sha256(value.encode("ascii")).digest()[:16])


# ------------------------------------------------------------------------------- state


@dataclass(frozen=True)
class _Grant:
    """What an authorization code stands for until it is exchanged (once)."""

    email: str
    email_verified: bool
    redirect_uri: str
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    scope: str
    issued: float


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, fake: FakeOIDC):
        self.fake = fake
        super().__init__(("127.0.0.1", 0), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that closed its connection early is not worth a traceback."""


class _Handler(BaseHTTPRequestHandler):
    """Routes one request. HTTP/1.0 (one request per connection) so stop() leaves no live connection."""

    server: _Server
    protocol_version = "HTTP/1.0"
    server_version = "FakeOIDC"
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
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(payload).encode(), JSON_TYPE, headers)

    def _error(self, status: int, error: str, description: str) -> None:
        self.server.fake._note_error(f"{error}: {description}")
        self._json(status, {"error": error, "error_description": description})

    def _redirect(self, location: str) -> None:
        self._send(302, b"", "text/plain", {"Location": location})

    def _dispatch(self, method: str) -> None:
        fake = self.server.fake
        parts = urlsplit(self.path)
        fake._record(method, parts.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        routes = {
            ("GET", "/.well-known/openid-configuration"): lambda: self._json(200, fake.metadata()),
            ("GET", "/jwks"): lambda: self._json(200, {"keys": [_signing_key()[2]]}),
            ("GET", "/authorize"): lambda: self._authorize(fake, query),
            ("POST", "/token"): lambda: self._token(fake),
            ("GET", "/userinfo"): lambda: self._userinfo(fake),
            ("GET", "/logout"): lambda: self._logout(query),
        }
        route = routes.get((method, parts.path))
        if route is None:
            self._error(404, "not_found", f"{method} {parts.path}")
        else:
            route()

    # -- endpoints

    def _authorize(self, fake: FakeOIDC, query: dict[str, str]) -> None:
        """Authorization code flow: sign `fake.email` in at once and send the browser back."""
        redirect_uri = query.get("redirect_uri", "")
        if query.get("client_id") != fake.client_id or not redirect_uri.startswith(("http://", "https://")):
            # Never redirect to an unverified client (RFC 6749 4.1.2.1): say so on the page.
            self._error(400, "invalid_request", "unknown client_id or bad redirect_uri")
            return
        problem = None
        if query.get("response_type") != "code":
            problem = ("unsupported_response_type", "only the authorization code flow")
        elif "openid" not in query.get("scope", "").split():
            problem = ("invalid_scope", "scope must include openid")
        elif query.get("code_challenge") and query.get("code_challenge_method") != "S256":
            problem = ("invalid_request", "only the S256 code challenge")
        answer = {"state": query["state"]} if "state" in query else {}
        if problem:
            fake._note_error(f"{problem[0]}: {problem[1]}")
            answer.update(error=problem[0], error_description=problem[1])
        else:
            grant = _Grant(
                email=fake.email,
                email_verified=fake.email_verified,
                redirect_uri=redirect_uri,
                nonce=query.get("nonce"),
                code_challenge=query.get("code_challenge"),
                code_challenge_method=query.get("code_challenge_method"),
                scope=query.get("scope", ""),
                issued=time.time(),
            )
            answer["code"] = fake._new_code(grant, query)
        self._redirect(_with_query(redirect_uri, answer))

    def _token(self, fake: FakeOIDC) -> None:
        """Exchange a code: client authentication, one use per code, same redirect_uri, PKCE."""
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[-1] for k, v in parse_qs(self.rfile.read(length).decode("utf-8", "replace")).items()}
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        scheme, _, credentials = (self.headers.get("Authorization") or "").partition(" ")
        if scheme.lower() == "basic":
            try:
                user, _, password = base64.b64decode(credentials).decode("utf-8").partition(":")
            except ValueError:
                user = password = ""
            client_id, client_secret = unquote_plus(user), unquote_plus(password)
        if client_id != fake.client_id or not hmac.compare_digest(client_secret or "", fake.client_secret):
            self._error(401, "invalid_client", "client authentication failed")
            return
        if form.get("grant_type") != "authorization_code":
            self._error(400, "unsupported_grant_type", str(form.get("grant_type")))
            return
        grant = fake._take_code(form.get("code", ""))
        if grant is None or time.time() - grant.issued > CODE_LIFETIME:
            self._error(400, "invalid_grant", "unknown, used or expired code")
            return
        if form.get("redirect_uri") != grant.redirect_uri:
            self._error(400, "invalid_grant", "redirect_uri differs from the authorization request")
            return
        if grant.code_challenge is not None:
            verifier = form.get("code_verifier", "")
            if not hmac.compare_digest(_b64url(hashlib.sha256(verifier.encode()).digest()), grant.code_challenge):
                self._error(400, "invalid_grant", "PKCE verification failed")
                return
        access_token = "fake-at-" + secrets.token_urlsafe(24)
        claims = fake._claims(grant.email, grant.email_verified)
        now = int(time.time())
        id_claims = {
            **claims,
            "iss": fake.issuer,
            "aud": fake.client_id,
            "iat": now,
            "exp": now + 3600,
            "auth_time": now,
            "at_hash": _half_hash(access_token),
        }
        if grant.nonce is not None:
            id_claims["nonce"] = grant.nonce
        fake._issue(access_token, claims)
        self._json(
            200,
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": 3600,
                "scope": grant.scope,
                "id_token": sign_rs256(id_claims),
            },
        )

    def _userinfo(self, fake: FakeOIDC) -> None:
        scheme, _, token = (self.headers.get("Authorization") or "").partition(" ")
        claims = fake._claims_for(token.strip()) if scheme.lower() == "bearer" else None
        if claims is None:
            self._send(401, b"", JSON_TYPE, {"WWW-Authenticate": 'Bearer error="invalid_token"'})
            return
        self._json(200, claims)

    def _logout(self, query: dict[str, str]) -> None:
        """RP-initiated logout: back to post_logout_redirect_uri (with the state, if any)."""
        target = query.get("post_logout_redirect_uri")
        if not target:
            self._send(200, b"Signed out.", "text/plain; charset=utf-8")
            return
        self._redirect(_with_query(target, {"state": query["state"]} if "state" in query else {}))


def _with_query(url: str, params: dict[str, str]) -> str:
    parts = urlsplit(url)
    query = "&".join(p for p in (parts.query, urlencode(params)) if p)
    return urlunsplit(parts._replace(query=query))


# -------------------------------------------------------------------------------- fake


class FakeOIDC:
    """An OpenID Connect provider on 127.0.0.1: `email` (and `email_verified`) is who signs in at the
    next authorize request."""

    def __init__(self, client_id: str = CLIENT_ID, client_secret: str = CLIENT_SECRET):
        self.client_id = client_id
        self.client_secret = client_secret
        self.email = "allowed@example.com"
        self.email_verified = True  # False: a provider that lets users type any address
        self.requests: list[tuple[str, str]] = []  # (method, path) served
        self.authorize_requests: list[dict[str, str]] = []  # query of each authorize request
        self.errors: list[str] = []  # every error answered, for a test's failure message
        self._codes: dict[str, _Grant] = {}
        self._tokens: dict[str, dict[str, Any]] = {}
        self._logins: list[str] = []
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._url = ""

    # -- lifecycle

    def start(self) -> FakeOIDC:
        if self._server is not None:
            return self
        self._server = _Server(self)
        host, port = self._server.server_address[:2]
        self._url = f"http://{host}:{port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="FakeOIDC", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            shut_down(server, self._thread)
            self._thread = None

    def __enter__(self) -> FakeOIDC:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- addresses

    @property
    def url(self) -> str:
        if not self._url:
            raise RuntimeError("FakeOIDC is not started: use start() or a with-block")
        return self._url

    @property
    def issuer(self) -> str:
        return self.url

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/.well-known/openid-configuration"

    def metadata(self) -> dict[str, Any]:
        """The discovery document (OpenID Connect Discovery 1.0, section 3)."""
        base = self.url
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{base}/authorize",
            "token_endpoint": f"{base}/token",
            "userinfo_endpoint": f"{base}/userinfo",
            "jwks_uri": f"{base}/jwks",
            "end_session_endpoint": f"{base}/logout",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": ["sub", "iss", "aud", "exp", "iat", "nonce", "email", "email_verified", "name"],
        }

    # -- what happened

    @property
    def logins(self) -> list[str]:
        """The e-mail of every completed code exchange, in order."""
        with self._lock:
            return list(self._logins)

    def count(self, path: str) -> int:
        with self._lock:
            return sum(1 for _, p in self.requests if p == path)

    # -- used by the handler

    def _record(self, method: str, path: str) -> None:
        with self._lock:
            self.requests.append((method, path))

    def _note_error(self, text: str) -> None:
        with self._lock:
            self.errors.append(text)

    def _claims(self, email: str, email_verified: bool) -> dict[str, Any]:
        local = email.split("@", 1)[0]
        return {
            "sub": hashlib.sha256(email.casefold().encode()).hexdigest()[:24],
            "email": email,
            "email_verified": email_verified,
            "name": local.replace(".", " ").title(),
        }

    def _new_code(self, grant: _Grant, query: dict[str, str]) -> str:
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._codes[code] = grant
            self.authorize_requests.append(dict(query))
        return code

    def _take_code(self, code: str) -> _Grant | None:
        with self._lock:
            return self._codes.pop(code, None)

    def _issue(self, access_token: str, claims: dict[str, Any]) -> None:
        with self._lock:
            self._tokens[access_token] = claims
            self._logins.append(str(claims["email"]))

    def _claims_for(self, access_token: str) -> dict[str, Any] | None:
        with self._lock:
            return self._tokens.get(access_token)
