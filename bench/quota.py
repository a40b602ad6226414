"""Google Sheets API requests spent while many viewers use the dashboard within one cache lifetime.

    python bench/quota.py                       # loads 1x10, 5x40, 20x100 (sessions x interactions)
    python bench/quota.py --smoke               # 2 sessions x 5 interactions (< 30 s)
    python bench/quota.py --loads 5x40

Every request is counted where it arrives: at tests.fake_google.FakeGoogle, the local fake of
Google's token endpoint and Sheets API v4 (real gspread and google-auth code talks to it through
the rebasing transport adapter of lib/sources/gsheets.py). Only Sheets API requests (/v4/...)
count against Google's quota (60 reads per minute per user; a service account is one user).

Side by side, for the same sessions x interactions (request counts are deterministic: one run
each; the wall times are single runs and only indicative):
(a) this app: AppTest runs app.py for each viewer (one AppTest per session, interleaved), with
    `at.secrets` pointing at the fake as tests/sources/test_live_sheet.py does; each interaction is one
    rerun: a filter change (villages multiselect, group, phase, as-of date) or a page switch
    (`at.switch_page`). Streamlit's caches are cleared first. The TTL is set to cover the whole
    run (`ttl` in secrets, and the tab-list TTL of the shared LiveSource): one cache lifetime.
    All AppTests share this process's caches, as the sessions of one `streamlit run` server do.
(b) the common tutorial pattern: on every rerun `gc.open_by_key(key)`, then for every tab
    `sh.worksheet(name).get_all_records()`; simulated directly with real gspread against the fake,
    one "rerun" being that sequence, sessions x interactions of them.
(c) Streamlit's Google Sheets connection (st-gsheets-connection, `conn.read(worksheet=name,
    ttl=...)` once per tab): its service-account client caches, per tab and for every viewer,
    `get_as_dataframe(_select_worksheet(...))`, i.e. on each cache miss `open_by_url` (metadata),
    `spreadsheet.worksheet(name)` (metadata again) and one values read of the tab. Within one TTL
    that is 3 requests per tab, whatever the number of viewers; simulated with the same gspread
    calls against the fake (the package itself, with its duckdb dependency, is not installed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SHEET_ID = "1FakeSheet_CamXuyen-2026"
TITLE = "Số liệu cài đặt i-HaTinh – xã Cẩm Xuyên"
TODAY = dt.date(2026, 11, 29)
LIFETIME = 24 * 3600  # seconds: longer than any run, so the whole run is one cache lifetime
PAGES = [
    "pages/tong-quan.py",
    "pages/theo-thon.py",
    "pages/tien-do.py",
    "pages/luc-luong.py",
    "pages/to-lien-gia.py",
    "pages/bao-cao.py",
    "pages/chat-luong.py",
    "pages/nguon-du-lieu.py",
]
GROUPS = ["adults", "party_members", "association_members", "civil_servants"]
GOAL = 2


def quiet_streamlit() -> None:
    """No 'missing ScriptRunContext' warnings: the bench touches caches and AppTest's session
    state outside a script run, which Streamlit warns about (harmlessly)."""
    logging.disable(logging.WARNING)


def credentials_for(fake):
    from google.oauth2.service_account import Credentials

    from lib.sources.gsheets import SCOPES

    credentials = Credentials.from_service_account_info(fake.service_account_info(), scopes=SCOPES)
    if hasattr(credentials, "_is_regional_access_boundary_lookup_required"):
        credentials._is_regional_access_boundary_lookup_required = lambda: False  # no side trip
    return credentials


def gspread_client(fake):
    """A real gspread client whose Sheets API calls go to the fake (the app's _Rebase adapter)."""
    import gspread
    from google.auth.transport.requests import AuthorizedSession

    from lib.sources.gsheets import SHEETS_API, _Rebase

    credentials = credentials_for(fake)
    client = gspread.Client(auth=credentials, session=AuthorizedSession(credentials))
    client.http_client.session.mount(SHEETS_API, _Rebase(SHEETS_API, fake.url))
    return client


# --------------------------------------------------------------------------- (a) the app


def app_secrets(fake) -> dict:
    section = {
        "spreadsheet": f"https://docs.google.com/spreadsheets/d/{SHEET_ID}/edit#gid=0",
        **fake.service_account_info(),
        "api_base_url": fake.url,
        "ttl": LIFETIME,
    }
    return {"connections": {"gsheets": section}}


def interact(at, rng: random.Random, names: list[str]) -> str:
    kind = rng.choice(["villages", "group", "phase", "as_of", "page"])
    if kind == "villages":
        at.multiselect(key="f_villages").set_value(rng.sample(names, rng.randint(0, 3)))
    elif kind == "group":
        at.selectbox(key="f_group").set_value(rng.choice(GROUPS))
    elif kind == "phase":
        at.selectbox(key="f_phase").set_value(rng.choice([0, 1, 2]))
    elif kind == "as_of":
        at.selectbox(key="f_as_of").set_value(dt.date(2026, 5, 13) + dt.timedelta(days=rng.randint(0, 11)))
    else:
        at.switch_page(rng.choice(PAGES))
    at.run()
    return kind


def run_app(fake, sessions: int, interactions: int) -> tuple[int, int, float, list[str]]:
    """(Sheets API requests, reruns, seconds, errors)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from lib import ui
    from lib.sources.gsheets import config_from_secrets
    from tests.warm_pages import warm_apptest

    warm_apptest()  # each run as on a warm server (tests/warm_pages.py)

    st.cache_data.clear()
    st.cache_resource.clear()
    secrets = app_secrets(fake)
    # The one LiveSource every session shares: its tab list lives 10 minutes by default; the
    # run may be longer, and this table is about one cache lifetime.
    ui.live_source(config_from_secrets(secrets)).metadata_ttl = LIFETIME
    fake.reset()
    started = time.perf_counter()
    apps, errors, reruns = [], [], 0
    for _ in range(sessions):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.secrets.update(secrets)
        at.run()
        reruns += 1
        apps.append(at)
    names = apps[0].session_state["_view"].dataset.village_names
    rngs = [random.Random(1000 + i) for i in range(sessions)]
    for step in range(interactions):  # viewers take turns, as concurrent ones would
        for i, at in enumerate(apps):
            kind = interact(at, rngs[i], names)
            reruns += 1
            if at.exception:
                errors.append(f"session {i} step {step} ({kind}): {at.exception[0].value}")
    return fake.count("/v4/"), reruns, time.perf_counter() - started, errors


# ------------------------------------------------------------------ (b) tutorial pattern


def run_tutorial(fake, sessions: int, interactions: int, tabs: list[str]) -> tuple[int, int, float, list[str]]:
    import gspread

    clients = [gspread_client(fake) for _ in range(sessions)]  # one authorised client per session
    fake.reset()
    started = time.perf_counter()
    errors: dict[str, str] = {}
    reruns = 0
    for _ in range(interactions + 1):  # the first page view, then one rerun per interaction
        for gc in clients:
            sh = gc.open_by_key(SHEET_ID)
            for name in tabs:
                try:
                    sh.worksheet(name).get_all_records()
                except gspread.exceptions.GSpreadException as exc:  # raised after its request
                    errors.setdefault(name, f"{type(exc).__name__}: {exc}")
            reruns += 1
    found = [f"get_all_records on tab {k} raised {v} (the tutorial app would stop there)" for k, v in errors.items()]
    return fake.count("/v4/"), reruns, time.perf_counter() - started, found


# ------------------------------------------------------- (c) Streamlit's GSheets connection


def run_connection(fake, sessions: int, interactions: int, tabs: list[str]) -> tuple[int, int, float, list[str]]:
    url = f"https://docs.google.com/spreadsheets/d/{SHEET_ID}/edit#gid=0"
    clients = [gspread_client(fake) for _ in range(sessions)]
    fake.reset()
    started = time.perf_counter()
    cache: dict[str, object] = {}  # process-wide, like st.cache_data: one entry per tab, kept for the TTL
    reruns = 0
    for _ in range(interactions + 1):
        for gc in clients:
            for name in tabs:
                if name not in cache:  # the first read of this tab within the TTL
                    worksheet = gc.open_by_url(url).worksheet(name)  # _select_worksheet: 2 metadata reads
                    cache[name] = worksheet.get_all_values()  # get_as_dataframe: one values read
            reruns += 1
    return fake.count("/v4/"), reruns, time.perf_counter() - started, []


# ---------------------------------------------------------------------------- the table


def parse_loads(text: str) -> list[tuple[int, int]]:
    loads = []
    for item in text.split(","):
        sessions, _, interactions = item.strip().partition("x")
        loads.append((int(sessions), int(interactions)))
    return loads


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--loads", default="1x10,5x40,20x100", help="sessions x interactions (after the first view)")
    parser.add_argument("--smoke", action="store_true", help="2 sessions x 5 interactions")
    args = parser.parse_args()
    loads = [(2, 5)] if args.smoke else parse_loads(args.loads)
    os.environ["IHATINH_TODAY"] = TODAY.isoformat()
    quiet_streamlit()

    from bench.interaction import load, machine
    from lib.sample_data import sample_tabs
    from tests.fake_google import Book, FakeGoogle

    print("machine:", machine())
    print("command:", " ".join([Path(sys.executable).name, *sys.argv]))
    print(f"loads (sessions x interactions): {', '.join(f'{s}x{i}' for s, i in loads)}; one cache lifetime each")
    tabs = list(sample_tabs())
    rows = []
    ok = True
    with FakeGoogle({SHEET_ID: Book(TITLE, sample_tabs())}) as fake:
        for sessions, interactions in loads:
            for label, run, extra in [
                ("(a) this app (AppTest of app.py)", run_app, ()),
                ("(b) tutorial: open + worksheet + get_all_records per tab, every rerun", run_tutorial, (tabs,)),
                ("(c) st-gsheets-connection: conn.read per tab, cached per tab", run_connection, (tabs,)),
            ]:
                print(f"{sessions}x{interactions}: running {label} ...", flush=True)
                rows.append((f"{sessions}x{interactions}", label, *run(fake, sessions, interactions, *extra)))
    print(f"\nat the end: {load()}")
    head = (
        f"{'load':>7} {'approach':68} {'reruns':>7} {'requests':>9} {'per rerun':>9} {'x app':>7} "
        f"{'quota-min':>9} {'wall s':>7}"
    )
    print(head)
    print("-" * len(head))
    app_requests: dict[str, int] = {}
    for load_label, label, requests, reruns, seconds, _notes in rows:
        if label.startswith("(a)"):
            app_requests[load_label] = requests
        per = requests / reruns if reruns else 0
        ratio = requests / app_requests[load_label] if app_requests.get(load_label) else float("nan")
        print(
            f"{load_label:>7} {label:68} {reruns:7} {requests:9} {per:9.3f} {ratio:6.1f}x "
            f"{requests / 60:9.1f} {seconds:7.0f}"
        )
    print(
        f"\nquota-min: minutes of Google's 60 reads/minute/user quota the requests use up ({len(tabs)} tabs: "
        f"{', '.join(tabs)}). Requests = Sheets API v4 calls counted at the fake (token requests excluded);"
        "\nx app = requests / this app's requests at the same load (the reference columns are (b) and (c))."
    )
    seen: set[str] = set()
    for _load, label, *_rest, notes in rows:
        for note in notes[:5]:
            if note not in seen:
                seen.add(note)
                print(f"note {label[:3]}: {note}")
    for load_label, label, requests, _reruns, _seconds, errors in rows:
        if label.startswith("(a)"):
            met = requests <= GOAL and not errors
            ok = ok and met
            print(f"goal at {load_label}: this app <= {GOAL} requests: {'met' if met else 'NOT met'} ({requests})")
            for error in errors[:5]:
                print(f"  app error: {error}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
