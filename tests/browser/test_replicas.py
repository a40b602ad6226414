"""Two replicas behind nginx, sharing PostgreSQL, reading the local fake of Google (issue #17).

Everything is started as deploy/start.py starts it (its functions, its nginx.conf): a PostgreSQL
of its own, two `streamlit run app.py` with one cookie secret, nginx with sticky routes. One
real Chromium and several protocol viewers (bench/protocol_session.py: Streamlit's websocket,
nothing drawn) use the app through nginx only. Like Chromium, nginx and PostgreSQL are never
skipped: .ci/run installs Debian's packages.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import itertools
import json
import random
import re
import secrets
import shutil
import signal
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from bench.protocol_session import ProtocolViewer
from deploy import start
from lib.sample_data import sample_tabs
from tests.browser.conftest import TODAY
from tests.fake_google import Book, FakeGoogle

pytestmark = pytest.mark.browser
SHEET_ID = "1FakeSheet_Replicas-2026"
TITLE = "Sổ theo dõi i-HaTinh (hai máy chủ)"
TTL = 4.0
VALUES = f"/v4/spreadsheets/{SHEET_ID}/values"


@dataclass
class Deployment:
    url: str
    var: Path
    running: start.Running
    ports: list[int]
    google: FakeGoogle
    stop_store: object

    def replica_of(self, route: str) -> int:
        """The replica nginx sends this route id to (from its access log's upstream=)."""
        request = urllib.request.Request(f"{self.url}/_stcore/health", headers={"Cookie": f"ihatinh_route={route}"})
        with urllib.request.urlopen(request, timeout=5) as reply:
            assert reply.status == 200
        for _ in range(50):  # nginx writes the line when the request ends
            lines = [line for line in (self.var / "access.log").read_text().splitlines() if f"route={route}" in line]
            if lines:
                return int(re.search(r"upstream=127\.0\.0\.1:(\d+)", lines[-1]).group(1))
            time.sleep(0.05)
        raise AssertionError(f"no access-log line for route {route}")

    def routes(self) -> dict[int, str]:
        """One route id per replica."""
        found: dict[int, str] = {}
        while len(found) < len(self.ports):
            route = secrets.token_hex(16)
            found.setdefault(self.replica_of(route), route)
        return found

    def process(self, port: int):
        return next(p for name, p in self.running.processes if name == f"replica {port}")


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    var = tmp_path_factory.mktemp("deploy")
    with FakeGoogle({SHEET_ID: Book(TITLE, sample_tabs())}) as google:
        section = {"spreadsheet": SHEET_ID, **google.service_account_info(), "api_base_url": google.url, "ttl": TTL}
        secrets_file = var / "secrets.toml"
        secrets_file.write_text(
            "[connections.gsheets]\n" + "\n".join(f"{k} = {json.dumps(v)}" for k, v in section.items()), "utf-8"
        )
        pg = Path(tempfile.mkdtemp(prefix="deploy-pg-"))  # not under pytest's folders: root's own (0700)
        store_url, stop_store = start.start_postgres(pg)
        port = _free_port_block(3)
        env = {"IHATINH_TODAY": TODAY}
        try:
            with start.deployment(var, port, 2, secrets_file, store_url, env) as (url, running, ports):
                yield Deployment(url, var, running, ports, google, stop_store)
        finally:
            stop_store()
            shutil.rmtree(pg, ignore_errors=True)


def _free_port_block(size: int) -> int:
    import socket

    for _ in range(50):
        base = random.randrange(20000, 60000)
        try:
            sockets = []
            for offset in range(size):
                s = socket.socket()
                sockets.append(s)
                s.bind(("127.0.0.1", base + offset))
            return base
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    raise RuntimeError("no free block of ports")


async def _viewers_rerun(url: str, routes: list[str], seconds: float) -> int:
    """Protocol viewers, one per route, rerunning the overview for `seconds`; the runs made."""
    viewers = [ProtocolViewer(url, random.Random(i), 60, cookie=f"ihatinh_route={r}") for i, r in enumerate(routes)]
    await asyncio.gather(*(v.open() for v in viewers))
    runs = len(viewers)
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        await asyncio.gather(*(v.nav("/") for v in viewers))
        runs += len(viewers)
        await asyncio.sleep(0.2)
    await asyncio.gather(*(v.close() for v in viewers))
    return runs


def adults(page: Page):
    card = page.get_by_test_id("stMetric").filter(has_text="Người dân từ 18 tuổi")
    return card.get_by_test_id("stMetricValue")


def test_replicas_are_warmed_before_nginx_and_the_warm_up_is_not_public(deployment: Deployment) -> None:
    """deploy/start.py runs each replica's script once before nginx starts (the first viewer
    after a start waits as the next one would): the sheet was read before any viewer came, and
    the script health check that does it answers the replicas' own port only."""
    assert deployment.google.times(VALUES), "no Google read at start: the replicas were not warmed"
    for port in deployment.ports:  # straight to a replica (the launcher's way): it runs the script
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/script-health-check", timeout=60) as reply:
            assert reply.read().decode().strip() == "ok"
    with pytest.raises(urllib.error.HTTPError) as refused:  # through nginx, as anyone would
        urllib.request.urlopen(f"{deployment.url}/_stcore/script-health-check", timeout=10)
    assert refused.value.code == 404


def test_viewers_on_both_replicas_cost_one_google_read_per_ttl(deployment: Deployment) -> None:
    routes = deployment.routes()
    assert sorted(routes) == deployment.ports  # one route id per replica, both in use
    started = time.monotonic()
    # Four TTLs of viewing for three reads: the replicas' warm-up (deploy/start.py) or an earlier
    # test may have read just before `started`, and each read comes at the first rerun after the
    # TTL, so reads are ~TTL + 0,3 s apart; three TTLs left the third read on the window's edge.
    viewers = _viewers_rerun(deployment.url, [routes[p] for p in deployment.ports] * 3, 4 * TTL)
    # In a thread of its own: Playwright's sync API (the session's browser) holds this thread's loop.
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        runs = thread.submit(asyncio.run, viewers).result()
    reads = [at - started for at in deployment.google.times(VALUES) if at >= started]
    assert runs >= 6 * 4, runs  # six viewers, three on each replica, kept rerunning
    # Alone, each replica would read once per TTL (two reads in each TTL); together, one.
    assert len(reads) >= 3, reads
    gaps = [b - a for a, b in itertools.pairwise(reads)]
    assert min(gaps) >= TTL * 0.95, reads


def test_a_viewer_whose_replica_dies_gets_the_same_figures_from_the_other(deployment: Deployment, browser) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = context.new_page()
    try:
        page.goto(deployment.url)
        expect(adults(page)).to_have_text(re.compile(r"\d+,\d%"))
        expect(page.get_by_text(TITLE)).to_be_visible()
        shown = adults(page).inner_text()
        route = next(c["value"] for c in context.cookies() if c["name"] == "ihatinh_route")
        port = deployment.replica_of(route)
        deployment.process(port).send_signal(signal.SIGKILL)  # mid-session, no goodbye
        deployment.process(port).wait(10)
        # Streamlit's page reconnects by itself; nginx sends it to the replica still alive.
        page.wait_for_timeout(1000)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        expect(adults(page)).to_have_text(shown, timeout=60_000)
        page.reload()  # and a new visit is served too
        expect(adults(page)).to_have_text(shown)
        other = next(p for p in deployment.ports if p != port)
        assert deployment.replica_of(route) == other
    finally:
        context.close()


def test_the_store_down_leaves_the_last_good_figures_with_a_banner(deployment: Deployment, page: Page) -> None:
    page.goto(deployment.url)
    expect(adults(page)).to_have_text(re.compile(r"\d+,\d%"))
    shown = adults(page).inner_text()
    reads = deployment.google.count(VALUES)
    deployment.stop_store()
    time.sleep(TTL + 0.5)  # the shared read is due: the store must be asked, and cannot answer
    page.reload()
    expect(page.get_by_text(re.compile("kho dùng chung"))).to_be_visible()
    expect(adults(page)).to_have_text(shown)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert deployment.google.count(VALUES) == reads  # no replica reads the sheet on its own
