"""Who may see personal data: a password (stored only as a salted hash) or an OIDC login.

Secrets (never in git):

    [access]
    password_hash = "pbkdf2_sha256$600000$<salt>$<hash>"   # python -m lib.access
    allowed_emails = ["vhxh@camxuyen.gov.vn"]               # for Streamlit's st.login (OIDC)

Without an [access] table nobody is authorised: names are hidden, phones and IDs masked.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

SCHEME = "pbkdf2_sha256"
ITERATIONS = 600_000  # OWASP's 2023 figure for PBKDF2-HMAC-SHA256


@dataclass(frozen=True)
class AccessConfig:
    password_hash: str = ""
    allowed_emails: frozenset[str] = frozenset()
    oidc: bool = False  # an [auth] table for st.login is configured

    @property
    def enabled(self) -> bool:
        return bool(self.password_hash) or (self.oidc and bool(self.allowed_emails))


def access_from_secrets(secrets_dict: dict) -> AccessConfig:
    section = secrets_dict.get("access") or {}
    if not isinstance(section, dict):
        return AccessConfig()
    emails = section.get("allowed_emails") or []
    if isinstance(emails, str):
        emails = [emails]
    return AccessConfig(
        password_hash=str(section.get("password_hash", "")),
        allowed_emails=frozenset(str(e).strip().casefold() for e in emails if str(e).strip()),
        oidc=isinstance(secrets_dict.get("auth"), dict),
    )


def hash_password(password: str, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return f"{SCHEME}${iterations}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Constant-time check; a malformed stored hash never matches."""
    try:
        scheme, iterations, salt, digest = stored.split("$")
        if scheme != SCHEME:
            return False
        expected = base64.b64decode(digest, validate=True)
        actual = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), base64.b64decode(salt), int(iterations))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def email_allowed(config: AccessConfig, email: str | None) -> bool:
    return bool(email) and email.strip().casefold() in config.allowed_emails


def user_allowed(config: AccessConfig, user: Mapping[str, Any]) -> bool:
    """An OIDC identity whose e-mail is on the list, unless its provider says that e-mail is
    unverified (where users may type any address, anyone could claim an official's). Only an
    explicit "no" refuses: some providers' tokens carry no `email_verified` at all."""
    if str(user.get("email_verified")).casefold() == "false":
        return False
    return email_allowed(config, user.get("email"))


_LOG = logging.getLogger("ihatinh.access")


@dataclass(frozen=True)
class GuessPolicy:
    """How many wrong passwords a key may send before it must wait, and how the wait grows:
    after `free` failures each further one doubles the wait, from `first_wait` seconds up to
    `max_wait`; failures older than `forget_after` seconds no longer count."""

    free: int
    first_wait: float = 2.0
    max_wait: float = 300.0
    forget_after: float = 900.0

    def wait(self, failures: int) -> float:
        if failures < self.free:
            return 0.0
        return min(self.max_wait, self.first_wait * 2 ** (failures - self.free))


# One viewer (browser session): 5 free tries. The whole server (an attacker opening new sessions
# for fresh tries): 20 free tries, then the same doubling for everybody until failures age out.
SESSION_POLICY = GuessPolicy(free=5)
SERVER_POLICY = GuessPolicy(free=20)


@dataclass
class GuessLimiter:
    """Slows down, then locks out, repeated wrong passwords per session and per server.

    Keys are (name, policy) pairs, e.g. the session's id with SESSION_POLICY and "server" with
    SERVER_POLICY. Failures are logged with the key, never with the password typed.
    """

    _failures: dict[str, list[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_seconds(self, keys: Iterable[tuple[str, GuessPolicy]], now: float) -> float:
        """Seconds before `keys` may try again (0: now)."""
        with self._lock:
            waits = []
            for key, policy in keys:
                recent = self._recent(key, policy, now)
                if recent:
                    waits.append(recent[-1] + policy.wait(len(recent)) - now)
            return max([0.0, *waits])

    def failed(self, keys: Iterable[tuple[str, GuessPolicy]], now: float) -> None:
        with self._lock:
            for key, policy in keys:
                recent = self._recent(key, policy, now)
                recent.append(now)
                self._failures[key] = recent
                _LOG.warning("wrong password for %s (%d in %d s)", key, len(recent), int(policy.forget_after))

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def _recent(self, key: str, policy: GuessPolicy, now: float) -> list[float]:
        return [t for t in self._failures.get(key, []) if now - t < policy.forget_after]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


if __name__ == "__main__":  # python -m lib.access: prints the line to paste into secrets.toml
    import getpass

    first = getpass.getpass("Mật khẩu mới / new password: ")
    if not first or first != getpass.getpass("Nhập lại / again: "):
        raise SystemExit("Hai lần nhập không khớp (hoặc để trống). / The two entries differ (or are empty).")
    print(f'password_hash = "{hash_password(first)}"')
