"""The local fake of Google (tests/fake_google.py) against the real google-auth and gspread code.

The dashboard's tests trust the fake to answer as Google does; these tests pin that down: the
token exchange, the documented response shapes, what gspread raises for each fault, the public
export link, and the request counts the quota tests rely on. Everything runs on 127.0.0.1.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import gspread
import openpyxl
import pytest
import requests
from google.auth import crypt, jwt
from google.auth.exceptions import RefreshError
from google.auth.transport.requests import AuthorizedSession
from google.oauth2.service_account import Credentials
from requests.adapters import HTTPAdapter

from tests.fake_google import DEFAULT_EMAIL, GOOGLE_TOKEN_AUDIENCE, Book, FakeGoogle

SCOPES = ["https://www.googleapis.com/auth/spreadsheets.readonly"]
SHEETS_API = "https://sheets.googleapis.com"
SHEET_ID = "1FakeSheet_test-fake-google"
TITLE = "Số liệu cài đặt – xã Cẩm Xuyên"
UNFORMATTED = {"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER"}
BOOKS = {
    SHEET_ID: Book(
        TITLE,
        {
            "Thon": [
                ["Thôn", "Dân số từ 18 tuổi", "Tỷ lệ", "Ngày", "Xong", None],
                ["Thôn Trung Hà", 1234, 1.5, dt.date(2026, 5, 13), True, None, ""],
                [],
                ["Thôn Đông", 721, 85.25, "13/05/2026", False],
                [None, "", None],
                [],
            ],
            "Cài đặt": [["Ngày", "Số người"], [dt.date(2026, 5, 24), 6]],
            "It's": [["a"]],
            "Trống": [],
        },
    )
}


class Rebase(HTTPAdapter):
    """Sends gspread's absolute https://sheets.googleapis.com URLs to the fake."""

    def __init__(self, base: str):
        super().__init__()
        self.base = base

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        if request.url and request.url.startswith(SHEETS_API):
            request.url = self.base + request.url[len(SHEETS_API) :]
        return super().send(request, *args, **kwargs)


@pytest.fixture
def fake() -> Iterator[FakeGoogle]:
    with FakeGoogle(copy.deepcopy(BOOKS)) as server:
        yield server


@pytest.fixture(scope="module")
def parsed_key() -> Credentials:
    """Parsing the key costs ~70 ms (cryptography checks the RSA key): do it once for the module."""
    with FakeGoogle() as server:
        return Credentials.from_service_account_info(server.service_account_info(), scopes=SCOPES)


@pytest.fixture
def creds(fake: FakeGoogle, parsed_key: Credentials) -> Credentials:
    """The same key (one per process) aimed at this test's fake; a fresh copy, so no token yet."""
    return parsed_key.with_token_uri(fake.token_uri)


@pytest.fixture
def session(creds: Credentials) -> AuthorizedSession:
    return AuthorizedSession(creds)


@pytest.fixture
def client(fake: FakeGoogle, creds: Credentials) -> gspread.Client:
    client = gspread.Client(auth=creds)
    client.http_client.session.mount(SHEETS_API, Rebase(fake.url))
    return client


def _jwt(claims: dict[str, Any], private_key_pem: str) -> str:
    signer = crypt.RSASigner.from_string(private_key_pem)
    now = int(time.time())
    return jwt.encode(signer, {"iat": now, "exp": now + 3600, **claims}).decode()


# ------------------------------------------------------------------- google-auth + token


def test_service_account_key_is_complete_and_points_at_the_fake(fake: FakeGoogle) -> None:
    info = fake.service_account_info()
    for name in ("type", "project_id", "private_key_id", "private_key", "client_email", "client_id", "auth_uri"):
        assert info[name], name
    assert info["type"] == "service_account" and info["project_id"] == "test-project"
    assert info["client_email"] == DEFAULT_EMAIL and info["token_uri"] == fake.token_uri == fake.url + "/token"
    assert info["private_key"].startswith("-----BEGIN PRIVATE KEY-----")
    assert fake.url.startswith("http://127.0.0.1:")
    assert fake.service_account_info()["private_key"] == info["private_key"], "one key per process"
    assert fake.service_account_info("other@x.iam.gserviceaccount.com")["client_email"].startswith("other@")


def test_token_then_metadata_through_authorized_session(fake: FakeGoogle) -> None:
    creds = Credentials.from_service_account_info(fake.service_account_info(), scopes=SCOPES)
    session = AuthorizedSession(creds)
    reply = session.get(f"{fake.url}/v4/spreadsheets/{SHEET_ID}", params={"includeGridData": "false"})
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("application/json")
    meta = reply.json()
    assert session.credentials.token.startswith("ya29.")
    assert meta["spreadsheetId"] == SHEET_ID
    assert meta["properties"] == {"title": TITLE, "locale": "vi_VN", "timeZone": "Asia/Ho_Chi_Minh"}
    props = [s["properties"] for s in meta["sheets"]]
    assert [p["title"] for p in props] == ["Thon", "Cài đặt", "It's", "Trống"]
    assert [p["index"] for p in props] == [0, 1, 2, 3]
    assert props[0]["sheetId"] == 0 and all(isinstance(p["sheetId"], int) for p in props)
    assert {p["sheetType"] for p in props} == {"GRID"}
    assert props[0]["gridProperties"] == {"rowCount": 1000, "columnCount": 26}
    assert fake.count("/token") == 1 and fake.count("/v4/") == 1


def test_batch_get_formatted_by_default_with_vietnamese_tab_names(fake: FakeGoogle, session: AuthorizedSession) -> None:
    ranges = ["'Cài đặt'", "Thon!A1:Z", "'It''s'!A1:B2", "'Trống'"]
    reply = session.get(f"{fake.url}/v4/spreadsheets/{SHEET_ID}/values:batchGet", params={"ranges": ranges})
    assert reply.status_code == 200
    body = reply.json()
    sent = [path for _, path in fake.requests if path.startswith("/v4/")]
    assert "%27C%C3%A0i+%C4%91%E1%BA%B7t%27" in sent[-1], "the quoted tab name travelled URL-encoded"
    assert body["spreadsheetId"] == SHEET_ID
    caidat, thon, quoted, empty = body["valueRanges"]
    assert [vr["range"] for vr in body["valueRanges"]] == [
        "'Cài đặt'!A1:Z1000",
        "Thon!A1:Z1000",
        "'It''s'!A1:Z1000",
        "'Trống'!A1:Z1000",
    ]
    assert {vr["majorDimension"] for vr in body["valueRanges"]} == {"ROWS"}
    assert caidat["values"] == [["Ngày", "Số người"], ["24/05/2026", "6"]]
    assert thon["values"] == [
        ["Thôn", "Dân số từ 18 tuổi", "Tỷ lệ", "Ngày", "Xong"],
        ["Thôn Trung Hà", "1.234", "1,5", "13/05/2026", "TRUE"],
        [],
        ["Thôn Đông", "721", "85,25", "13/05/2026", "FALSE"],
    ]
    assert quoted["values"] == [["a"]]
    assert "values" not in empty


def test_single_range_endpoint_and_unknown_tab(fake: FakeGoogle, session: AuthorizedSession) -> None:
    base = f"{fake.url}/v4/spreadsheets/{SHEET_ID}/values"
    one = session.get(f"{base}/{quote(chr(39) + 'Cài đặt' + chr(39) + '!A1:B2', safe='')}", params=UNFORMATTED)
    assert one.status_code == 200
    assert one.json() == {
        "range": "'Cài đặt'!A1:Z1000",
        "majorDimension": "ROWS",
        "values": [["Ngày", "Số người"], [46166, 6]],
    }
    missing = session.get(f"{base}:batchGet", params={"ranges": ["Thon", "'CaiDat'"]})
    assert missing.status_code == 400
    assert missing.json() == {
        "error": {"code": 400, "message": "Unable to parse range: 'CaiDat'", "status": "INVALID_ARGUMENT"}
    }


def test_api_needs_an_issued_bearer_token(fake: FakeGoogle) -> None:
    url = f"{fake.url}/v4/spreadsheets/{SHEET_ID}"
    for headers in ({}, {"Authorization": "Bearer ya29.not-issued"}, {"Authorization": "Basic x"}):
        reply = requests.get(url, headers=headers, timeout=5)
        assert reply.status_code == 401
        assert reply.json()["error"] == {
            "code": 401,
            "message": "Request had invalid authentication credentials.",
            "status": "UNAUTHENTICATED",
        }


def test_token_endpoint_checks_the_signature_and_accepts_both_audiences(fake: FakeGoogle) -> None:
    key = fake.service_account_info()["private_key"]
    form = {"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer"}
    for audience in (GOOGLE_TOKEN_AUDIENCE, fake.token_uri):
        assertion = _jwt({"iss": DEFAULT_EMAIL, "aud": audience, "scope": SCOPES[0]}, key)
        reply = requests.post(fake.token_uri, data={**form, "assertion": assertion}, timeout=5)
        assert reply.status_code == 200, reply.text
        body = reply.json()
        assert body["expires_in"] == 3600 and body["token_type"] == "Bearer" and body["access_token"]
    wrong_audience = _jwt({"iss": DEFAULT_EMAIL, "aud": "https://example.com/token"}, key)
    tampered = assertion[:-6] + ("AAAAAA" if not assertion.endswith("AAAAAA") else "BBBBBB")
    for bad in ("garbage", "a.b.c", tampered, wrong_audience):
        reply = requests.post(fake.token_uri, data={**form, "assertion": bad}, timeout=5)
        assert reply.status_code == 400
        assert reply.json() == {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}


def test_google_auth_side_lookup_stays_on_this_machine(fake: FakeGoogle, session: AuthorizedSession) -> None:
    from google.auth import _regional_access_boundary_utils as rab

    assert rab.get_service_account_rab_endpoint(DEFAULT_EMAIL).startswith(fake.url + "/v1/")
    session.get(f"{fake.url}/v4/spreadsheets/{SHEET_ID}")
    deadline = time.monotonic() + 2
    while fake.count("/v1/") == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert fake.count("/v1/") == 1, "google-auth's background lookup came to the fake, not to Google"


# ------------------------------------------------------------------------------ gspread


def test_gspread_metadata_and_unformatted_batch_get(fake: FakeGoogle, client: gspread.Client) -> None:
    meta = client.http_client.fetch_sheet_metadata(SHEET_ID)
    assert meta["properties"]["title"] == TITLE
    assert [s["properties"]["title"] for s in meta["sheets"]] == ["Thon", "Cài đặt", "It's", "Trống"]
    reply = client.http_client.values_batch_get(SHEET_ID, ["'Thon'", "'Cài đặt'"], params=dict(UNFORMATTED))
    thon, caidat = (vr["values"] for vr in reply["valueRanges"])
    assert thon == [
        ["Thôn", "Dân số từ 18 tuổi", "Tỷ lệ", "Ngày", "Xong"],
        ["Thôn Trung Hà", 1234, 1.5, 46155, True],  # 13/05/2026 is serial 46155
        [],
        ["Thôn Đông", 721, 85.25, "13/05/2026", False],  # a date typed as text stays text
    ]
    assert caidat == [["Ngày", "Số người"], [46166, 6]]
    assert dt.date(1899, 12, 30) + dt.timedelta(days=46155) == dt.date(2026, 5, 13)
    assert fake.count("/v4/") == 2 and fake.count("/token") == 1


def test_gspread_high_level_calls_work_too(fake: FakeGoogle, client: gspread.Client) -> None:
    book = client.open_by_key(SHEET_ID)
    assert book.title == TITLE
    assert [w.title for w in book.worksheets()] == ["Thon", "Cài đặt", "It's", "Trống"]
    with pytest.raises(gspread.WorksheetNotFound):
        book.worksheet("CaiDat")
    assert book.worksheet("Cài đặt").get_values() == [["Ngày", "Số người"], ["24/05/2026", "6"]]


def test_tests_may_change_the_book_between_reads(fake: FakeGoogle, client: gspread.Client) -> None:
    fake.books[SHEET_ID].tabs["Mới"] = [["x", 1]]
    fake.books[SHEET_ID].tabs["Thon"].append(["Thôn Mới", 5])
    meta = client.http_client.fetch_sheet_metadata(SHEET_ID)
    assert meta["sheets"][-1]["properties"]["title"] == "Mới"
    values = client.http_client.values_batch_get(SHEET_ID, ["'Mới'", "Thon"], params=dict(UNFORMATTED))
    assert values["valueRanges"][0]["values"] == [["x", 1]]
    assert values["valueRanges"][1]["values"][-1] == ["Thôn Mới", 5], "trailing empty rows are no longer trailing"


# ------------------------------------------------------------------------------- faults


@pytest.mark.parametrize(("fault", "code"), [("429", 429), ("500", 500), ("503", 503), ("500_html", -1)])
def test_fault_raises_api_error_with_code(fake: FakeGoogle, client: gspread.Client, fault: str, code: int) -> None:
    fake.fault = fault
    with pytest.raises(gspread.exceptions.APIError) as raised:
        client.http_client.values_batch_get(SHEET_ID, ["'Thon'"], params=dict(UNFORMATTED))
    assert raised.value.code == code
    assert raised.value.response.status_code == int(fault[:3])
    if fault == "500_html":
        assert raised.value.response.headers["content-type"].startswith("text/html")
        assert "Error 500" in raised.value.error["message"]
    if fault == "429":
        assert raised.value.error["status"] == "RESOURCE_EXHAUSTED" and "Quota exceeded" in str(raised.value)
    assert fake.count("/v4/") == 1, "a fault still counts as a request"
    fake.fault = None
    assert client.http_client.values_batch_get(SHEET_ID, ["'Thon'"])["valueRanges"][0]["values"]


def test_malformed_json_fails_when_gspread_parses_the_reply(fake: FakeGoogle, client: gspread.Client) -> None:
    fake.fault = "malformed_json"
    with pytest.raises(requests.exceptions.JSONDecodeError) as raised:
        client.http_client.values_batch_get(SHEET_ID, ["'Thon'"])
    assert isinstance(raised.value, ValueError)


def test_unknown_spreadsheet_is_404(fake: FakeGoogle, client: gspread.Client) -> None:
    with pytest.raises(gspread.exceptions.APIError) as raised:
        client.http_client.fetch_sheet_metadata("no-such-sheet")
    assert raised.value.code == 404 and raised.value.error["status"] == "NOT_FOUND"
    with pytest.raises(gspread.SpreadsheetNotFound):
        client.open_by_key("no-such-sheet")


def test_sheet_not_shared_with_the_service_account_is_403(fake: FakeGoogle, client: gspread.Client) -> None:
    fake.books[SHEET_ID].readers.clear()
    with pytest.raises(gspread.exceptions.APIError) as raised:
        client.http_client.fetch_sheet_metadata(SHEET_ID)
    assert raised.value.code == 403 and raised.value.error["message"] == "The caller does not have permission"
    with pytest.raises(gspread.exceptions.APIError) as raised:
        client.http_client.values_batch_get(SHEET_ID, ["'Thon'"])
    assert raised.value.code == 403
    with pytest.raises(PermissionError):
        client.open_by_key(SHEET_ID)


def test_token_refused_raises_refresh_error(fake: FakeGoogle, client: gspread.Client) -> None:
    fake.fault = "token_refused"
    with pytest.raises(RefreshError) as raised:
        client.http_client.fetch_sheet_metadata(SHEET_ID)
    assert "invalid_grant" in str(raised.value)
    assert fake.count("/token") == 1 and fake.count("/v4/") == 0


def test_timeout_raises_quickly_and_stop_does_not_wait(fake: FakeGoogle, client: gspread.Client) -> None:
    client.http_client.fetch_sheet_metadata(SHEET_ID)  # token first: /token is not delayed anyway
    fake.fault, fake.fault_delay = "timeout", 3
    client.http_client.set_timeout(0.5)
    started = time.monotonic()
    with pytest.raises(requests.exceptions.ReadTimeout):
        client.http_client.values_batch_get(SHEET_ID, ["'Thon'"])
    assert time.monotonic() - started < 1.5
    started = time.monotonic()
    fake.stop()  # the handler is still asleep on the fault: stop() must cut it short
    assert time.monotonic() - started < 0.5


def test_timeout_fault_answers_normally_after_the_delay(fake: FakeGoogle, client: gspread.Client) -> None:
    fake.fault, fake.fault_delay = "timeout", 0.2
    started = time.monotonic()
    assert client.http_client.fetch_sheet_metadata(SHEET_ID)["properties"]["title"] == TITLE
    assert time.monotonic() - started >= 0.2


def test_unknown_fault_name_is_refused(fake: FakeGoogle) -> None:
    with pytest.raises(ValueError):
        fake.fault = "418"


def test_stopped_fake_refuses_connections(fake: FakeGoogle, client: gspread.Client) -> None:
    client.http_client.fetch_sheet_metadata(SHEET_ID)
    fake.stop()
    fake.stop()  # twice is fine: the fixture stops it again
    with pytest.raises(requests.exceptions.ConnectionError):
        client.http_client.fetch_sheet_metadata(SHEET_ID)


# ------------------------------------------------------------------------- public link


def test_public_export_is_an_xlsx_workbook(fake: FakeGoogle) -> None:
    fake.books[SHEET_ID].public = True
    reply = requests.get(f"{fake.url}/spreadsheets/d/{SHEET_ID}/export", params={"format": "xlsx"}, timeout=5)
    assert reply.status_code == 200
    assert reply.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert quote(TITLE + ".xlsx") in reply.headers["content-disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(reply.content))
    assert workbook.sheetnames == ["Thon", "Cài đặt", "It's", "Trống"]
    rows = list(workbook["Thon"].iter_rows(values_only=True))
    assert rows[1][:5] == ("Thôn Trung Hà", 1234, 1.5, dt.datetime(2026, 5, 13), True)
    assert workbook["Thon"]["D2"].is_date
    assert rows[3][:4] == ("Thôn Đông", 721, 85.25, "13/05/2026")
    assert fake.count("/v4/") == 0 and fake.count("/token") == 0 and fake.count("/spreadsheets/") == 1


@pytest.mark.parametrize("sheet", [SHEET_ID, "no-such-sheet"])
def test_private_or_unknown_export_is_a_sign_in_page(fake: FakeGoogle, sheet: str) -> None:
    reply = requests.get(f"{fake.url}/spreadsheets/d/{sheet}/export?format=xlsx", timeout=5)
    assert reply.status_code == 200
    assert reply.headers["content-type"] == "text/html; charset=utf-8"
    assert "<html" in reply.text and "Đăng nhập" in reply.text


def test_faults_apply_to_the_export_link(fake: FakeGoogle) -> None:
    fake.books[SHEET_ID].public = True
    fake.fault = "503"
    reply = requests.get(f"{fake.url}/spreadsheets/d/{SHEET_ID}/export?format=xlsx", timeout=5)
    assert reply.status_code == 503


# ---------------------------------------------------------------------- request counts


def test_requests_are_recorded_counted_and_reset(
    fake: FakeGoogle, client: gspread.Client, capfd: pytest.CaptureFixture[str]
) -> None:
    client.http_client.fetch_sheet_metadata(SHEET_ID)
    client.http_client.values_batch_get(SHEET_ID, ["'Thon'"])
    api = [r for r in fake.requests if r[1].startswith("/v4/")]
    assert api[0] == ("GET", f"/v4/spreadsheets/{SHEET_ID}?includeGridData=false")
    assert api[1] == ("GET", f"/v4/spreadsheets/{SHEET_ID}/values:batchGet?ranges=%27Thon%27")
    assert fake.count() == 2 and fake.count(f"/v4/spreadsheets/{SHEET_ID}/values") == 1
    assert fake.count("/token") == 1 and ("POST", "/token") in fake.requests
    fake.reset()
    assert fake.count() == 0 and fake.count("/token") == 0
    client.http_client.fetch_sheet_metadata(SHEET_ID)
    assert fake.count() == 1 and fake.count("/token") == 0, "the token is still valid after reset()"
    assert capfd.readouterr().err == "", "the fake logs nothing per request"
