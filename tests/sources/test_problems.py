"""Every fault of the Google stack becomes a Vietnamese explanation, with no secret in it."""

from __future__ import annotations

import json

import pytest
import requests
from google.auth import exceptions as auth_exceptions
from gspread.exceptions import APIError

from lib.sources.problems import Problem, classify, scrub
from lib.texts import TEXTS


def api_error(status: int, body: str, content_type: str = "application/json") -> APIError:
    response = requests.Response()
    response.status_code = status
    response._content = body.encode()
    response.headers["content-type"] = content_type
    return APIError(response)


def google_error(status: int, message: str) -> str:
    return json.dumps({"error": {"code": status, "message": message, "status": "X"}})


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (api_error(429, google_error(429, "Quota exceeded")), "quota"),
        (api_error(500, google_error(500, "Internal error")), "server"),
        (api_error(503, google_error(503, "Unavailable")), "server"),
        (api_error(500, "<html><body>Server Error</body></html>", "text/html"), "server"),
        (api_error(403, google_error(403, "The caller does not have permission")), "forbidden"),
        (api_error(404, google_error(404, "Requested entity was not found.")), "not_found"),
        (api_error(400, google_error(400, "Unable to parse range: 'Thon'")), "bad_range"),
        (requests.ConnectTimeout("connect timeout"), "timeout"),
        (requests.ReadTimeout("read timeout"), "timeout"),
        (requests.ConnectionError("refused"), "unreachable"),
        (auth_exceptions.TransportError("no route"), "unreachable"),
        (auth_exceptions.RefreshError("invalid_grant: Invalid JWT Signature."), "auth"),
        (json.JSONDecodeError("Expecting value", '{"valueRanges": [', 16), "bad_response"),
        (KeyError("valueRanges"), "bad_response"),
        (PermissionError(), "forbidden"),
        (RuntimeError("boom"), "unexpected"),
    ],
)
def test_classify(exc: BaseException, code: str) -> None:
    problem = classify(exc, "dashboard@x.iam.gserviceaccount.com")
    assert problem.code == code
    assert f"problem.{code}" in TEXTS
    assert problem.message("vi") and problem.message("en")


def test_forbidden_names_the_email_to_share_with() -> None:
    problem = classify(api_error(403, google_error(403, "denied")), "dashboard@x.iam.gserviceaccount.com")
    assert "dashboard@x.iam.gserviceaccount.com" in problem.message("vi")
    assert "Chia sẻ" in problem.message("vi")


@pytest.mark.parametrize(
    "secret",
    [
        "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n",
        "ya29.a0AfH6SMBx-very-secret-token",
        "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl",
    ],
)
def test_scrub_removes_keys_and_tokens(secret: str) -> None:
    cleaned = scrub(f"failed with {secret} inside")
    assert "PRIVATE KEY" not in cleaned and "ya29." not in cleaned and "eyJhbGci" not in cleaned
    assert classify(RuntimeError(secret)).detail.count("[…]") == 1


def test_html_error_page_detail_keeps_words_only() -> None:
    problem = classify(api_error(500, "<html><head><title>Error 500</title></head><body>" + "x" * 500 + "</body>"))
    assert "<" not in problem.detail and len(problem.detail) <= 200


def test_problem_retryable() -> None:
    assert Problem("quota").retryable and Problem("timeout").retryable
    assert not Problem("forbidden").retryable and not Problem("auth").retryable
