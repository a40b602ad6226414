"""Province mode at full size: 69 generated communes of 2.000–15.000 adults each.

    python bench/province.py            # full run (several minutes)
    python bench/province.py --smoke    # a quick look (6 communes, well under a minute)

What is measured (figures in bench/RESULTS.md, "Toàn tỉnh"):

1. Refresh all, files: every commune's .xlsx read and validated by lib/province_refresh.Refresher
   (one after another, as `tick()` runs them; then on the thread with 2 workers, as the server
   does), wall time and the process's resident memory before, at the end and after a collection.
2. Refresh all, Google Sheets: the same communes as Google Sheets of the local fake Google
   (tests/fake_google.py), read by the real gspread reader with the province's account; the
   budget is lifted for this one measure (how long the reading itself takes: 2 requests each).
3. Reads a minute: the plan on a fake clock (30 simulated minutes; smoke: 6) for the 69 sheets on
   one account and on three; in-memory readers (the requests are what is counted), real
   validation. The busiest minute per account must stay within 50.
4. Rerun time of the province page: Streamlit's AppTest runs app.py and pages/toan-tinh.py as the
   server would (its compiled-script cache kept, as on a warm server: bench/interaction.py's
   `like_the_server`), on the 69 file communes already read; the first view (every commune's
   figures computed) and the reruns after it (the figures kept per read), in the script thread.

Communes: adults spread evenly over 2.000–15.000 (villages of 400–1.600 adults, daily tallies per
inter-family group, helpers, sessions); every third commune also keeps a DanhSach list of 30 % of
its adults. The machine is shared: the load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TODAY = dt.date(2026, 11, 29)
EMAIL = "tinh@ha-tinh-province.iam.gserviceaccount.com"


def rss_mb() -> float:
    """Resident memory of this process (Linux /proc)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def sizes(n: int) -> list[int]:
    return [round(2000 + (15000 - 2000) * i / max(1, n - 1)) for i in range(n)]


def make_province(folder: Path, n: int) -> tuple[Path, dict[str, dict]]:
    """province.toml of n file communes in `folder`, and each commune's tabs (for the sheets)."""
    from lib.sources.files import write_xlsx
    from tests.generators import commune_name, commune_tabs

    lines = ['province = "Hà Tĩnh"']
    tabs = {}
    for i, adults in enumerate(sizes(n)):
        name = commune_name(i)
        tabs[name] = commune_tabs(i, adults, 0.3 if i % 3 == 2 else 0.0)
        (folder / f"xa-{i + 1:02d}.xlsx").write_bytes(write_xlsx(tabs[name]))
        lines += ["[[commune]]", f'name = "{name}"', f'source = "xa-{i + 1:02d}.xlsx"']
    path = folder / "province.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, tabs


def refresh_files(path: Path) -> dict:
    from lib.province import load_province
    from lib.province_refresh import Refresher

    gc.collect()
    before = rss_mb()
    refresher = Refresher(load_province(path), today=lambda: TODAY, idle_after=float("inf"))
    started = time.perf_counter()
    refresher.tick()
    sequential = time.perf_counter() - started
    peak = rss_mb()
    states = refresher.all_states()
    failed = [s.entry.name for s in states if s.good is None]
    gc.collect()
    kept = rss_mb()
    threaded = Refresher(load_province(path), today=lambda: TODAY, idle_after=float("inf"), workers=2).start()
    started = time.perf_counter()
    threaded.wait_for_all(600)
    on_thread = time.perf_counter() - started
    threaded.stop()
    del threaded
    return {
        "communes": len(states),
        "failed": failed,
        "seconds_sequential": sequential,
        "seconds_2_workers": on_thread,
        "rss_before_mb": before,
        "rss_after_mb": peak,
        "rss_kept_mb": kept,
        "refresher": refresher,
    }


def refresh_sheets(tabs: dict[str, dict]) -> dict:
    from lib.province import CommuneEntry, Province, Schedule
    from lib.province_refresh import Refresher
    from tests.fake_google import Book, FakeGoogle

    books = {f"1Sheet{i:02d}": Book(name, t, {EMAIL}) for i, (name, t) in enumerate(tabs.items())}
    with FakeGoogle(books) as google, tempfile.TemporaryDirectory() as folder:
        info = google.service_account_info(EMAIL) | {"api_base_url": google.url}
        keys = Path(folder) / "keys.toml"
        keys.write_text(
            "[connections.gsheets]\n" + "\n".join(f"{k} = {json.dumps(v)}" for k, v in info.items()) + "\n",
            encoding="utf-8",
        )
        communes = tuple(CommuneEntry(b.title, secrets=keys, sheet=sheet) for sheet, b in books.items())
        unbounded = Schedule(reads_per_minute=10**6, project_reads_per_minute=10**6)
        province = Province("Hà Tĩnh", Path(folder) / "province.toml", communes, unbounded)
        gc.collect()
        before = rss_mb()
        refresher = Refresher(province, today=lambda: TODAY, idle_after=float("inf"))
        started = time.perf_counter()
        while any(s.attempts == 0 for s in refresher.all_states()):
            refresher.tick()  # requests are spaced, even with the budget lifted: one read a tick
        seconds = time.perf_counter() - started
        after = rss_mb()
        failed = [s.entry.name for s in refresher.all_states() if s.good is None]
        return {"seconds": seconds, "requests": google.count("/v4/"), "failed": failed,
                "rss_before_mb": before, "rss_after_mb": after}  # fmt: skip


def reads_per_minute(tabs: dict[str, dict], minutes: float, accounts: int, n: int) -> dict:
    """The plan on a fake clock: 69 sheets (of the generated communes' data) over `minutes`."""
    import itertools

    from lib.dataset import RawWorkbook
    from lib.province import CommuneEntry, Province, Schedule
    from lib.province_refresh import Refresher
    from lib.sources.gsheets import Metadata

    class Reader:
        def __init__(self, data: dict, count):
            self.data, self.count = data, count

        def metadata(self):
            self.count()
            return Metadata("Sổ", tuple(self.data))

        def values(self, meta):
            self.count()
            return RawWorkbook(self.data, "gsheet", meta.title)

    clock = [1_780_000_000.0]
    names = list(tabs)
    with tempfile.TemporaryDirectory() as folder:
        keys = []
        for a in range(accounts):
            key = Path(folder) / f"k{a}.toml"
            section = f'client_email = "tk{a}@ha-tinh.iam.gserviceaccount.com"\nproject_id = "ha-tinh"\n'
            key.write_text('[connections.gsheets]\ntype = "service_account"\n' + section, encoding="utf-8")
            keys.append(key)
        communes = tuple(
            CommuneEntry(names[i % len(names)] + ("" if i < len(names) else f" {i}"), secrets=keys[i % accounts],
                         sheet=f"1S{i:02d}") for i in range(n)
        )  # fmt: skip
        by_sheet = {c.sheet: tabs[names[i % len(names)]] for i, c in enumerate(communes)}
        province = Province("Hà Tĩnh", Path(folder) / "p.toml", communes, Schedule())
        refresher = Refresher(
            province,
            now=lambda: clock[0],
            today=lambda: TODAY,
            sheet_reader=lambda config, limits, count: Reader(by_sheet[config.spreadsheet_id], count),
            idle_after=float("inf"),
        )
        end = clock[0] + minutes * 60
        while clock[0] < end:
            refresher.tick()
            clock[0] = min(end, max(clock[0] + 0.01, min(refresher.next_event(), clock[0] + 1.0)))
        log = list(refresher.request_log)
        start = refresher._started_at
    per_account: dict[str, list[float]] = {}
    for t, account, _ in log:
        per_account.setdefault(account, []).append(t)
    busiest = max(_busiest(times) for times in per_account.values())
    first_pass = max(min(t for t, _, c in log if c == name) for name in {c for _, _, c in log}) - start
    gaps = []
    for c in communes:
        reads = [t - start for t, _, name in log if name == c.name and t - start > 600]
        gaps += [b - a for a, b in itertools.pairwise(reads) if b - a > 1]
    ttl = next(iter(refresher.slots.values())).ttl
    return {
        "accounts": accounts,
        "ttl": ttl,
        "requests": len(log),
        "per_account_per_minute": len(log) / accounts / minutes,
        "busiest_minute": busiest,
        "first_pass_s": first_pass,
        "steady_gap_max": max(gaps) if gaps else None,
        "steady_gap_mean": statistics.mean(gaps) if gaps else None,
    }


def _busiest(times: list[float]) -> int:
    times, most, first = sorted(times), 0, 0
    for last, t in enumerate(times):
        while times[first] <= t - 60:
            first += 1
        most = max(most, last - first + 1)
    return most


def page_reruns(path: Path, repeats: int) -> dict:
    """The province page in AppTest, as on a warm server, on the communes already read."""
    from streamlit.testing.v1 import AppTest

    from bench.interaction import SCRIPT_TIMES, hook_script_time, like_the_server
    from lib.ui import province as ui_province

    like_the_server()
    hook_script_time()
    os.environ[ui_province.PROVINCE_ENV] = str(path)
    os.environ["IHATINH_TODAY"] = TODAY.isoformat()
    refresher = ui_province.refresher()
    started = time.perf_counter()
    refresher.wait_for_all(900)
    first_pass = time.perf_counter() - started
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.secrets["tests"] = "province"
    at.run()
    del SCRIPT_TIMES[:]
    at.switch_page("pages/toan-tinh.py").run()
    if at.exception:
        raise SystemExit(str([e.value for e in at.exception]))
    first = SCRIPT_TIMES[-1]
    times = []
    for _ in range(repeats):
        del SCRIPT_TIMES[:]
        at.run()
        times.append(SCRIPT_TIMES[-1])
    rows = len(at.table[0].value)
    ui_province.stop_all()
    return {"first_view_s": first, "rerun_median_s": statistics.median(times), "rerun_max_s": max(times),
            "rows": rows, "server_first_pass_s": first_pass}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="6 communes, short simulation (CI)")
    parser.add_argument("--communes", type=int, default=69)
    args = parser.parse_args()
    n = 6 if args.smoke else args.communes
    minutes = 6 if args.smoke else 30
    import logging

    from bench.interaction import machine

    logging.disable(logging.WARNING)
    print(f"# bench/province.py{' --smoke' if args.smoke else ''}: {n} communes")
    print(machine())
    with tempfile.TemporaryDirectory(prefix="ihatinh-province-") as folder:
        started = time.perf_counter()
        path, tabs = make_province(Path(folder), n)
        adults = sum(sizes(n))
        print(f"\ngenerated {n} communes ({adults:,} adults) in {time.perf_counter() - started:.1f} s")

        files = refresh_files(path)
        assert not files["failed"], files["failed"]
        print("\n## Refresh all: files")
        print("| communes | one after another | 2 workers (server) | RSS before | after | kept after gc |")
        print("|---|---|---|---|---|---|")
        memory = f"{files['rss_before_mb']:.0f} MB | {files['rss_after_mb']:.0f} MB | {files['rss_kept_mb']:.0f} MB"
        print(f"| {n} | {files['seconds_sequential']:.1f} s | {files['seconds_2_workers']:.1f} s | {memory} |")
        del files

        sheets = refresh_sheets(tabs)
        assert not sheets["failed"], sheets["failed"]
        print("\n## Refresh all: Google Sheets (fake Google, budget lifted)")
        print("| communes | requests | wall time | per commune | RSS before | after |")
        print("|---|---|---|---|---|---|")
        print(f"| {n} | {sheets['requests']} | {sheets['seconds']:.1f} s | {sheets['seconds'] / n * 1000:.0f} ms | "
              f"{sheets['rss_before_mb']:.0f} MB | {sheets['rss_after_mb']:.0f} MB |")  # fmt: skip

        print(f"\n## Reads a minute: 69 sheets, {minutes} simulated minutes (budget 50 a minute per account)")
        print(
            "| accounts | ttl | requests | per account a minute | busiest minute | first pass | steady gap mean / max |"
        )
        print("|---|---|---|---|---|---|---|")
        for accounts in (1, 3):
            r = reads_per_minute(tabs, minutes, accounts, 69)
            assert r["busiest_minute"] <= 50, r
            gap = "—" if r["steady_gap_max"] is None else f"{r['steady_gap_mean']:.1f} / {r['steady_gap_max']:.1f} s"
            print(f"| {accounts} | {r['ttl']:.0f} s | {r['requests']} | {r['per_account_per_minute']:.1f} | "
                  f"{r['busiest_minute']} | {r['first_pass_s']:.0f} s | {gap} |")  # fmt: skip

        rerun = page_reruns(path, 5 if args.smoke else 20)
        print("\n## Province page (AppTest, server time in the script thread)")
        print("| communes | rows | first view | rerun median | rerun max |")
        print("|---|---|---|---|---|")
        print(f"| {n} | {rerun['rows']} | {rerun['first_view_s'] * 1000:.0f} ms | "
              f"{rerun['rerun_median_s'] * 1000:.0f} ms | {rerun['rerun_max_s'] * 1000:.0f} ms |")  # fmt: skip
    from bench.interaction import load

    print(f"\n{load()}")


if __name__ == "__main__":
    main()
