"""The local OIDC provider (tests/fake_oidc.py) is as strict as a real one where it matters.

The browser test of st.login trusts the fake: a provider that accepted anything would let a
broken login flow pass. These checks run the code flow by hand against it in well under a second.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from joserfc import jwt
from joserfc.jwk import KeySet

from tests.fake_oidc import FakeOIDC

REDIRECT = "http://localhost:8501/oauth2callback"


@pytest.fixture(scope="module")
def idp() -> Iterator[FakeOIDC]:
    with FakeOIDC() as fake:
        yield fake


def _authorize(idp: FakeOIDC, verifier: str, **extra: str) -> requests.Response:
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    params = {
        "response_type": "code",
        "client_id": idp.client_id,
        "redirect_uri": REDIRECT,
        "scope": "openid email profile",
        "state": "st-123",
        "nonce": "n-456",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        **extra,
    }
    return requests.get(idp.metadata()["authorization_endpoint"], params=params, allow_redirects=False, timeout=5)


def _code(idp: FakeOIDC, verifier: str) -> str:
    reply = _authorize(idp, verifier)
    assert reply.status_code == 302
    location = urlsplit(reply.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    query = parse_qs(location.query)
    assert query["state"] == ["st-123"]
    return query["code"][0]


def _exchange(idp: FakeOIDC, code: str, verifier: str, secret: str | None = None) -> requests.Response:
    return requests.post(
        idp.metadata()["token_endpoint"],
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT, "code_verifier": verifier},
        auth=(idp.client_id, secret or idp.client_secret),
        timeout=5,
    )


def test_the_code_flow_gives_an_rs256_id_token_that_verifies_against_the_jwks(idp: FakeOIDC) -> None:
    metadata = requests.get(idp.metadata_url, timeout=5).json()
    assert metadata["issuer"] == idp.issuer and "S256" in metadata["code_challenge_methods_supported"]
    idp.email = "Someone@Example.com"
    verifier = secrets.token_urlsafe(48)
    token = _exchange(idp, _code(idp, verifier), verifier).json()
    keys = KeySet.import_key_set(requests.get(metadata["jwks_uri"], timeout=5).json())
    decoded = jwt.decode(token["id_token"], keys, algorithms=["RS256"])
    assert decoded.header["alg"] == "RS256" and decoded.header["kid"] == keys.keys[0].kid
    claims = decoded.claims
    assert claims["iss"] == idp.issuer and claims["aud"] == idp.client_id and claims["nonce"] == "n-456"
    assert claims["email"] == "Someone@Example.com" and claims["email_verified"] is True
    assert claims["exp"] > claims["iat"]
    userinfo = requests.get(
        metadata["userinfo_endpoint"], headers={"Authorization": f"Bearer {token['access_token']}"}, timeout=5
    )
    assert userinfo.json()["email"] == "Someone@Example.com"
    assert idp.logins[-1] == "Someone@Example.com"


def test_a_code_works_once_and_only_with_the_right_secret_and_verifier(idp: FakeOIDC) -> None:
    verifier = secrets.token_urlsafe(48)
    code = _code(idp, verifier)
    assert _exchange(idp, code, verifier, secret="wrong").json()["error"] == "invalid_client"
    assert _exchange(idp, code, "not-the-verifier").json()["error"] == "invalid_grant"
    assert _exchange(idp, code, verifier).json()["error"] == "invalid_grant"  # a failed attempt used it up
    code = _code(idp, verifier)
    assert _exchange(idp, code, verifier).status_code == 200
    assert _exchange(idp, code, verifier).json()["error"] == "invalid_grant"


def test_an_unknown_client_is_never_redirected(idp: FakeOIDC) -> None:
    reply = _authorize(idp, "v" * 43, client_id="someone-else")
    assert reply.status_code == 400 and "Location" not in reply.headers
    reply = _authorize(idp, "v" * 43, response_type="token")
    assert parse_qs(urlsplit(reply.headers["Location"]).query)["error"] == ["unsupported_response_type"]
