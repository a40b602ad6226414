"""Replicas behind nginx (issue #17): 1, 2 and 4 replicas × 50 and 200 viewers, and the first
load over a throttled 4G profile with and without nginx's compression.

    python bench/replicas.py                 # the full run (~15 min): 1, 2, 4 replicas × 50, 200 viewers
    python bench/replicas.py --smoke         # CI: 1 and 2 replicas × 4 viewers, 6 s each, one 4G load
    python bench/replicas.py --only-4g       # the 4G part alone

Each set-up is started as `python deploy/start.py` starts it (deploy.start.deployment: nginx,
N `streamlit run app.py`, one PostgreSQL for the run) on the local fake of Google
(tests/fake_google.py, the sample workbook as a live sheet, TTL 10 s), so "reads" are real
Sheets API requests of the real gspread code, counted by the fake.

Viewers speak Streamlit's websocket protocol through nginx (bench/protocol_session.py: the
same reruns a browser asks for, nothing drawn, so 200 of them fit beside the servers on two
cores). Each opens the overview (before the clock starts, 20 at a time), then for `--seconds`
waits a think time (uniform 5–15 s: a committee member reading the screen; smoke 0,5–1,5 s) and changes the
village filter, again and again. Per set-up:

  reads/TTL     values:batchGet requests to Google per TTL of the window (goal: 1, whatever N)
  p50/p95       time of one interaction, from the rerun request to its script_finished
  errors        exceptions, refused or timed-out runs (a viewer stops at its first)
  CPU/inter.    CPU seconds of all replicas and nginx during the window / interactions

4G (Chromium, CDP network emulation: 170 ms latency, 9 Mbit/s down, 3 Mbit/s up): the overview
opened in a fresh context until its cards and charts are drawn (bench/browser.py's INIT_JS),
through nginx (frontend precompressed) and straight to a replica (Streamlit sends it
uncompressed); then a return visit in the same context (browser cache warm). Bytes are what
the page's resources took on the wire (Resource Timing transferSize).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.browser import INIT_JS, machine_lines, open_app  # noqa: E402
from bench.protocol_session import ProtocolError, ProtocolViewer  # noqa: E402
from deploy import start  # noqa: E402
from lib.sample_data import sample_tabs  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.fake_google import Book, FakeGoogle  # noqa: E402

SHEET_ID = "1FakeSheet_Bench-Replicas"
TTL = 10.0
VALUES = f"/v4/spreadsheets/{SHEET_ID}/values"
PROFILE_4G = {"offline": False, "latency": 170, "downloadThroughput": 9_000_000 / 8, "uploadThroughput": 3_000_000 / 8}


def _cpu_seconds(pids: list[int]) -> float:
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])
        except (OSError, IndexError, ValueError):
            pass
    return ticks / os.sysconf("SC_CLK_TCK")


def _nginx_pids(var: Path) -> list[int]:
    master = int((var / "nginx.pid").read_text())
    children = [int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    return [master, *children]


async def _viewer(url: str, seed: int, seconds: float, start_at: float, gate: asyncio.Semaphore,
                  times: list[float], errors: list[str], think: tuple[float, float]) -> None:  # fmt: skip
    rng = random.Random(seed)
    viewer = ProtocolViewer(url, rng, 120)
    try:
        async with gate:  # at most 20 opening at a time; the clock starts once every viewer is in
            await viewer.open()
        await asyncio.sleep(max(0.0, start_at - time.monotonic()))
        until = start_at + seconds
        while True:
            await asyncio.sleep(rng.uniform(*think))
            if time.monotonic() >= until:
                break
            times.append((await viewer.village("/")).seconds)
    except (TimeoutError, ProtocolError, OSError) as exc:
        errors.append(f"{type(exc).__name__}: {exc}"[:200])
    finally:
        await viewer.close()


async def _crowd(url: str, viewers: int, seconds: float, opened: float, think: tuple[float, float]) -> tuple:
    times: list[float] = []
    errors: list[str] = []
    gate = asyncio.Semaphore(20)
    await asyncio.gather(*(_viewer(url, i, seconds, opened, gate, times, errors, think) for i in range(viewers)))
    return times, errors


def load_level(google: FakeGoogle, store_url: str, secrets_file: Path, replicas: int, viewers: int,
               seconds: float, port: int, think: tuple[float, float]) -> dict:  # fmt: skip
    var = Path(tempfile.mkdtemp(prefix=f"bench-replicas-{replicas}-"))
    with start.deployment(var, port, replicas, secrets_file, store_url) as (url, running, _ports):
        pids = [p.pid for name, p in running.processes if name.startswith("replica")] + _nginx_pids(var)
        open_seconds = 2 + viewers * 0.15  # every viewer opens before the window starts
        opened = time.monotonic() + open_seconds
        window: dict[str, float] = {}

        async def measured() -> tuple[list[float], list[str]]:
            async def mark() -> None:
                await asyncio.sleep(max(0.0, opened - time.monotonic()))
                window.update(cpu0=_cpu_seconds(pids), reads0=google.count(VALUES), t0=time.monotonic())

            marker = asyncio.create_task(mark())
            result = await _crowd(url, viewers, seconds, opened, think)
            await marker
            window.update(cpu1=_cpu_seconds(pids), reads1=google.count(VALUES), t1=time.monotonic())
            return result

        times, errors = asyncio.run(measured())
    elapsed = window["t1"] - window["t0"]
    reads = window["reads1"] - window["reads0"]
    cpu = window["cpu1"] - window["cpu0"]
    return {
        "replicas": replicas,
        "viewers": viewers,
        "interactions": len(times),
        "reads_per_ttl": reads / (elapsed / TTL),
        "p50": statistics.median(times) if times else None,
        "p95": statistics.quantiles(times, n=20)[18] if len(times) >= 20 else (max(times) if times else None),
        "errors": len(errors),
        "error_sample": errors[:2],
        "cpu_per_interaction": cpu / len(times) if times else None,
        "window_s": elapsed,
    }


def first_loads(google: FakeGoogle, store_url: str, secrets_file: Path, repeats: int, port: int) -> list[dict]:
    from playwright.sync_api import sync_playwright

    var = Path(tempfile.mkdtemp(prefix="bench-4g-"))
    rows = []
    with start.deployment(var, port, 1, secrets_file, store_url) as (url, _running, ports), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        direct = f"http://127.0.0.1:{ports[0]}"
        warm = browser.new_context()
        for target in (url, direct):  # both servers warm before timing (caches, first script run)
            warm.new_page().goto(target)
        warm.close()
        for _ in range(repeats):
            targets = (("nginx (gzip_static, cache headers)", url), ("replica direct (no compression)", direct))
            for name, target in targets:
                context = browser.new_context(viewport={"width": 390, "height": 844})
                context.add_init_script(INIT_JS)
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.emulateNetworkConditions", PROFILE_4G)
                first = open_app(page, target, 120)["seconds"]
                first_bytes = page.evaluate(_BYTES_JS)
                again = open_app(page, target, 120)["seconds"]
                again_bytes = page.evaluate(_BYTES_JS)
                rows.append({"target": name, "first_s": first, "first_kb": first_bytes / 1024,
                             "return_s": again, "return_kb": again_bytes / 1024})  # fmt: skip
                context.close()
        browser.close()
    return rows


_BYTES_JS = """() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
    .reduce((sum, e) => sum + (e.transferSize || 0), 0)"""


def _fmt(x: float | None, digits: int = 2) -> str:
    return "—" if x is None else f"{x:.{digits}f}".replace(".", ",")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--only-4g", action="store_true")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--repeats", type=int, default=3, help="4G loads per target")
    parser.add_argument("--port", type=int, default=8760)
    parser.add_argument("--replicas", default="1,2,4", help="replica counts, e.g. 2,4")
    parser.add_argument("--viewers", default="50,200", help="viewer counts, e.g. 50")
    args = parser.parse_args(argv)
    counts = [(int(r), int(v)) for r in args.replicas.split(",") for v in args.viewers.split(",")]
    levels = [(1, 4), (2, 4)] if args.smoke else counts
    seconds = 6 if args.smoke else args.seconds
    think = (0.5, 1.5) if args.smoke else (5.0, 15.0)
    print("\n".join(machine_lines()))
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    pg = Path(tempfile.mkdtemp(prefix="bench-replicas-pg-"))
    store_url, stop_store = start.start_postgres(pg)
    failed = False
    try:
        with FakeGoogle({SHEET_ID: Book("Sổ theo dõi (bench)", sample_tabs())}) as google:
            section = {"spreadsheet": SHEET_ID, **google.service_account_info(), "api_base_url": google.url, "ttl": TTL}
            secrets_file = pg.parent / f"{pg.name}-secrets.toml"
            lines = [f"{k} = {json.dumps(v)}" for k, v in section.items()]
            secrets_file.write_text("[connections.gsheets]\n" + "\n".join(lines), "utf-8")
            if not args.only_4g:
                print(f"\n{seconds:g} s per set-up, think {think[0]:g}–{think[1]:g} s, TTL {TTL:g} s")
                print("| replicas | viewers | interactions | reads/TTL | p50 s | p95 s | errors | CPU s/interaction |")
                print("|---|---|---|---|---|---|---|---|")
                for replicas, viewers in levels:
                    r = load_level(google, store_url, secrets_file, replicas, viewers, seconds, args.port, think)
                    cells = [replicas, viewers, r["interactions"], _fmt(r["reads_per_ttl"]), _fmt(r["p50"]),
                             _fmt(r["p95"]), r["errors"], _fmt(r["cpu_per_interaction"], 3)]  # fmt: skip
                    print("| " + " | ".join(map(str, cells)) + " |", flush=True)
                    failed |= r["errors"] > 0 or r["interactions"] == 0
                    if r["error_sample"]:
                        print(f"  errors, e.g.: {r['error_sample']}")
            print("\n4G (170 ms, 9 Mbit/s down): overview opened in a fresh phone-sized context, then again")
            print("| path | first load s | first KB | return visit s | return KB |")
            print("|---|---|---|---|---|")
            for r in first_loads(google, store_url, secrets_file, 1 if args.smoke else args.repeats, args.port + 10):
                print(f"| {r['target']} | {_fmt(r['first_s'])} | {r['first_kb']:.0f} | {_fmt(r['return_s'])} "
                      f"| {r['return_kb']:.0f} |", flush=True)  # fmt: skip
    finally:
        stop_store()
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
