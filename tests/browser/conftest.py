"""A real `streamlit run` server and Debian's Chromium driven by Playwright.

Browser tests fail (never skip) when Chromium is missing: CI installs it (see .ci/run).
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from deploy import start

# A cold server validates the workbook on its first page; a shared CI machine can be slow.
expect.set_options(timeout=30_000)

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TODAY = "2026-11-29"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(
    folder: Path, secrets_toml: str = "", env: dict[str, str] | None = None, root: Path = ROOT, warmed: bool = False
) -> Iterator[str]:
    """`streamlit run app.py` (of `root`: another checkout for a benchmark's before/after) with its
    own secrets file (never a developer's real one) and, in `env`, more environment
    (IHATINH_PROVINCE for province mode); `warmed`: its script run once before it is yielded,
    as deploy/start.py does before nginx routes anyone to a replica."""
    port = _free_port()
    log, secrets = folder / "streamlit.log", folder / "secrets.toml"
    secrets.write_text(secrets_toml, encoding="utf-8")
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
        "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--secrets.files", str(secrets),
    ]  # fmt: skip
    if warmed:
        command += start.WARM_OPTION
    # Its own store, as a server on a fresh machine: reads shared through a store (issue #17) must
    # not pass from one test's fake sheet to another's.
    more = env or {}
    env = {**os.environ, "IHATINH_TODAY": TODAY, "IHATINH_STORE_URL": f"sqlite:///{folder / 'store.sqlite3'}", **more}
    with start.serving(command, f"http://127.0.0.1:{port}", log, cwd=root, env=env):
        if warmed:
            start.warm(f"http://127.0.0.1:{port}")
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on the bundled sample, as a new user starts it."""
    with streamlit_server(tmp_path_factory.mktemp("sample-server")) as url:
        yield url


def province_folder(folder: Path) -> Path:
    """A generated province for the browser: five communes of 2.000–15.000 adults, Cẩm Thành with
    its own target 'trên 40%', one commune whose workbook lost tab Thon. Returns province.toml."""
    from lib.campaign import DEFAULT_PATH
    from tests.generators import write_province

    text = DEFAULT_PATH.read_text(encoding="utf-8")
    (folder / "cam-thanh.toml").write_text(text.replace("percent = 30\n", "percent = 40\n"), encoding="utf-8")
    path = write_province(folder, [2000, 6000, 15000, 4000, 8000], broken=("shape",))
    body = path.read_text(encoding="utf-8")
    path.write_text(body.replace('source = "xa-02.xlsx"', 'source = "xa-02.xlsx"\ncampaign = "cam-thanh.toml"'))
    return path


@pytest.fixture(scope="session")
def province_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app in province mode (IHATINH_PROVINCE) on a generated province."""
    folder = tmp_path_factory.mktemp("province-server")
    path = province_folder(folder)
    with streamlit_server(folder, env={"IHATINH_PROVINCE": str(path)}) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium (CI does this in .ci/run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 1600}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()
