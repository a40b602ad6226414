"""The OIDC sign-in for person lists, end to end: `streamlit run`, Chromium, a local OIDC provider.

The real st.login flow runs unchanged: Streamlit's /auth/login sends the browser to the fake
provider (tests/fake_oidc.py), which signs the chosen address in at once and redirects to
/oauth2callback; Streamlit exchanges the code (client secret + PKCE), verifies the RS256
id_token against the provider's JWKS and sets its identity cookie. Nothing leaves 127.0.0.1.

The browser uses http://localhost:PORT, the origin of redirect_uri: Streamlit ignores an
identity cookie on a websocket whose origin differs from redirect_uri's, and the login state
lives in a cookie of the host that started the login.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from lib.campaign import load_campaign
from lib.privacy import mask_phone
from lib.sources.sample import read_sample
from lib.validation import validate
from tests.browser.conftest import TODAY, streamlit_server
from tests.fake_oidc import FakeOIDC

pytestmark = pytest.mark.browser

ALLOWED = "allowed@example.com"
NOT_ALLOWED = "someone.else@example.com"
LISTS_PAGE = "Tổ liên gia & danh sách"
LOGIN = "Đăng nhập bằng tài khoản cơ quan"
LOGOUT = "Đăng xuất"
LOCKED = "chỉ người được giao quyền mới xem được"  # access.locked
GRANTED = "Bạn đang xem dữ liệu cá nhân"  # access.granted
IDENTITY_COOKIE = "_streamlit_user"


@pytest.fixture(scope="module")
def idp() -> Iterator[FakeOIDC]:
    with FakeOIDC() as fake:
        yield fake


@pytest.fixture(scope="module")
def oidc_app(idp: FakeOIDC, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on the sample with [auth] pointing at the fake provider; its URL on localhost."""
    # Streamlit fills in {port} from --server.port, which streamlit_server picks.
    secrets_toml = f"""
[auth]
redirect_uri = "http://localhost:{{port}}/oauth2callback"
cookie_secret = "{secrets.token_urlsafe(32)}"
client_id = "{idp.client_id}"
client_secret = "{idp.client_secret}"
server_metadata_url = "{idp.metadata_url}"

[access]
allowed_emails = ["{ALLOWED}"]
"""
    with streamlit_server(tmp_path_factory.mktemp("oidc-server"), secrets_toml) as url:
        yield url.replace("://127.0.0.1:", "://localhost:")


@pytest.fixture(scope="module")
def first_person() -> dict:
    """The list's first row, as lib reads the sample: the top row of the table an authorised viewer
    first sees (a dataframe's accessible table holds only the rows on screen)."""
    ds = validate(read_sample(), load_campaign(), dt.date.fromisoformat(TODAY))
    row = ds.people.iloc[0]
    return {"name": str(row["name"]), "phone": str(row["phone"]), "id_number": str(row["id_number"])}


def _open_lists_page(page: Page, url: str | None = None) -> None:
    """Through the menu, as an official gets there (a cold server can answer a first deep link
    with Streamlit's own "Page not found" dialog before the navigation is registered)."""
    if url is not None:
        page.goto(url)
    expect(page.get_by_role("heading", name=re.compile("xã Cẩm Xuyên"))).to_be_visible()
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=LISTS_PAGE).click()
    expect(page).to_have_url(re.compile("/to-lien-gia"))
    expect(page.get_by_role("heading", name="Danh sách người đã cài")).to_be_visible()


def _expect_list_hidden(page: Page, person: dict, button: str = LOGIN) -> None:
    panel = page.get_by_test_id("stAlert").filter(has_text=LOCKED)
    expect(panel).to_be_visible()
    expect(page.get_by_role("button", name=button)).to_be_visible()  # drawn after the panel: page complete
    expect(page.get_by_text(GRANTED)).to_have_count(0)
    html = page.content()
    assert person["name"] not in html
    assert person["phone"] not in html


def _sign_in(page: Page, idp: FakeOIDC, email: str, app_url: str) -> None:
    """Click the app's sign-in button; the provider signs `email` in and Streamlit lands on its home page."""
    idp.email = email
    before = len(idp.logins)
    page.get_by_role("button", name=LOGIN).click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(app_url)}/(\?.*)?$"))
    assert idp.logins[before:] == [email], idp.errors
    request = idp.authorize_requests[-1]
    assert request.get("nonce") and request.get("state"), request
    assert request.get("code_challenge_method") == "S256", request


def _sign_out(page: Page, idp: FakeOIDC, button: str, app_url: str) -> None:
    """Click a button that calls st.logout (on another page than home) and wait until the sign-out is over.

    st.logout clears st.user in this session and tells the browser to go to /auth/logout, but the
    rerun of the click still draws the page the button was on, now as a signed-out viewer: the
    title, the locked panel, even the sign-in button are on screen before the browser leaves, so
    waiting for any of them passes on the doomed page, and a later click can land on it just
    before the new page replaces it. The browser then follows /auth/logout (clears the identity
    cookie) -> the provider's end_session_endpoint -> /oauth2callback -> "/", a new session on the
    home page. The home page's URL is the one state that only the finished sign-out reaches: wait
    for it, then for the new page's title.
    """
    home = re.compile(rf"^{re.escape(app_url)}/(\?.*)?$")
    assert not home.match(page.url), page.url  # else the wait below would prove nothing
    before = idp.count("/logout")
    page.get_by_role("button", name=button).click()
    expect(page).to_have_url(home)
    assert idp.count("/logout") == before + 1, idp.errors  # signed out at the provider too
    assert not _identity_cookie(page.context)
    expect(page.get_by_role("heading", name=re.compile("xã Cẩm Xuyên"))).to_be_visible()


def _exactly(text: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(text)}$")


def _header(frames: Locator, name: str) -> Locator:
    return frames.locator("th[role=columnheader]").filter(has_text=_exactly(name))


def _identity_cookie(context: BrowserContext) -> bool:
    return any(c["name"] == IDENTITY_COOKIE for c in context.cookies())


def _csv_of_download(page: Page, key: str) -> list[dict[str, str]]:
    with page.expect_download() as info:
        page.locator(f".st-key-{key} button").click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_an_allowed_address_signs_in_sees_the_list_and_locks_it_again(
    page: Page, idp: FakeOIDC, oidc_app: str, first_person: dict
) -> None:
    _open_lists_page(page, oidc_app)
    _expect_list_hidden(page, first_person)

    _sign_in(page, idp, ALLOWED, oidc_app)
    assert _identity_cookie(page.context)
    _open_lists_page(page)
    expect(page.get_by_test_id("stAlert").filter(has_text=GRANTED)).to_be_visible()
    # A dataframe is drawn on a canvas; its cells are also in the canvas's accessible table.
    people = page.get_by_test_id("stDataFrame").last
    expect(people).to_be_visible()
    expect(_header(people, "Họ và tên")).to_be_attached()
    expect(people.locator("td[role=gridcell]").filter(has_text=_exactly(first_person["name"]))).to_be_attached()
    expect(page.get_by_text(LOCKED)).to_have_count(0)

    # Masked ('09******78') on screen and in the list's download unless unmasked on purpose.
    expect(people.locator("td[role=gridcell]").filter(has_text=_exactly(first_person["phone"]))).to_have_count(0)
    expect(
        people.locator("td[role=gridcell]").filter(has_text=_exactly(mask_phone(first_person["phone"])))
    ).to_be_attached()
    rows = _csv_of_download(page, "people_csv")
    first = next(r for r in rows if r["Họ và tên"] == first_person["name"])
    assert first["Số điện thoại"] == mask_phone(first_person["phone"]) != first_person["phone"]
    assert first["Số CCCD"] == mask_phone(first_person["id_number"]) != first_person["id_number"]
    assert all(re.fullmatch(r"\d{2}\*+\d{2}", r["Số điện thoại"]) for r in rows if r["Số điện thoại"])

    # "Khóa lại" signs the OIDC user out too; otherwise st.user would unlock the list again.
    _sign_out(page, idp, "Khóa lại", oidc_app)
    _open_lists_page(page)
    _expect_list_hidden(page, first_person)


@pytest.mark.parametrize(
    ("email", "verified"),
    [(NOT_ALLOWED, True), (ALLOWED, False)],
    ids=["address-not-on-the-list", "allowed-address-the-provider-has-not-verified"],
)
def test_a_signed_in_account_that_may_not_see_the_list_is_told_so_and_can_sign_out(
    page: Page, idp: FakeOIDC, oidc_app: str, first_person: dict, email: str, verified: bool
) -> None:
    _open_lists_page(page, oidc_app)
    _expect_list_hidden(page, first_person)

    idp.email_verified = verified
    try:
        _sign_in(page, idp, email, oidc_app)
    finally:
        idp.email_verified = True
    assert _identity_cookie(page.context)  # signed in for Streamlit, just not authorised
    _open_lists_page(page)
    _expect_list_hidden(page, first_person, button=LOGOUT)
    expect(page.get_by_test_id("stAlert").filter(has_text=email)).to_be_visible()  # which account
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()  # the counts per village
    expect(_header(page.get_by_test_id("stDataFrame"), "Họ và tên")).to_have_count(0)

    # The sign-out ends on the home page, a new session (Streamlit's st.logout): wait for it
    # before going back to the lists (see _sign_out).
    _sign_out(page, idp, LOGOUT, oidc_app)
    _open_lists_page(page)
    _expect_list_hidden(page, first_person)
