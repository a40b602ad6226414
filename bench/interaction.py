"""Server time of one rerun after a filter change, on the sample and at province scale.

    python bench/interaction.py            # full run (a few minutes)
    python bench/interaction.py --smoke    # a quick look (< 60 s)

What is timed: Streamlit's AppTest runs app.py and the page in this process as the server
would for one viewer (with the server's compiled-script cache, see `like_the_server`); a
sidebar widget is changed (villages multiselect, group select, phase select, as-of date) and
the rerun is timed twice: "server" = in the script thread, from the start of
ScriptRunner._run_script to _on_script_finished (the whole script, app.py and the page, every
element marshalled into its protobuf message, as `streamlit run` does before it sends them),
and "AppTest" = the whole `AppTest.run()` call (adds thread start-up, AppTest's 1 ms polling
and its parsing of the produced messages, which the server does not do). The goals are judged
on "server". The reference, side by side, is the same rerun with nothing changed (what a click
elsewhere, or meeting mode's timed rerun, costs): "x ref" = cold change / no change.
Each page is timed on its own; medians over all repeats.

Province scale: tests.generators.province_tabs() (~2.100 villages, ~155.000 tally rows and
1.000.000 person rows in DanhSach, which the app does not read yet) is handed to the app as a
RawWorkbook, without writing a 10-million-cell .xlsx: `lib.ui.loading.read_sample` (what the
cached `lib.ui.loading._sample_raw()` calls when no Google Sheet is configured) is replaced by a
function returning that workbook. Everything after the read (validation, its shared cache, the
filters, the pages) is the app's own code, unchanged. Validating it once takes a few seconds
and happens before any timing starts (it is shared by every viewer, once per read).

Filter changes are cycled in a fixed order, so most of a full run's changes revisit a
combination an earlier rerun already computed (tables and figures are cached for every viewer):
the table reports the first visit of each combination ("cold", nothing cached: what a viewer
choosing something new waits for) apart from the revisits ("warm"). The goal is judged on the
cold changes, the worst page counting; to have several cold samples per page, each repeat
cycles through the filters on a new dataset token (the caches of derived tables start empty,
validation is kept).
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TODAY = dt.date(2026, 11, 29)  # after the campaign: every campaign day is in the past
PAGES = {
    "overview": "pages/tong-quan.py",
    "villages": "pages/theo-thon.py",
    "progress": "pages/tien-do.py",
    "helpers": "pages/luc-luong.py",
    "people": "pages/to-lien-gia.py",
}
GOALS_MS = {"sample": 100, "province": 300}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import pandas
    import streamlit

    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, streamlit {streamlit.__version__}, pandas {pandas.__version__}; "
        f"{load()}"
    )


def load() -> str:
    """Other processes share these cores: the times below are only as quiet as the machine was."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min)"


def like_the_server() -> None:
    """Three differences between AppTest and `streamlit run`, removed so the times are the server's.

    AppTest makes a new ScriptCache for every run, so app.py and the page are parsed and
    compiled again each time; the server keeps one for its lifetime (Runtime._script_cache).
    And Streamlit logs 'bare mode' warnings when a cached function runs outside a script. And
    AppTest runs every run as a server's first (tests/warm_pages.py).
    """
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test

    from tests.warm_pages import warm_apptest

    shared = ScriptCache()
    app_test.ScriptCache = lambda: shared
    warm_apptest()
    logging.disable(logging.WARNING)


SCRIPT_TIMES: list[float] = []  # seconds per script run, in the script thread (see hook_script_time)


def hook_script_time() -> None:
    """Record, for every script run, the time from ScriptRunner._run_script's start to the
    start of _on_script_finished (the moment the server would send script_finished)."""
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    run_script, finished = LocalScriptRunner._run_script, LocalScriptRunner._on_script_finished

    def _run_script(self, rerun_data):
        self._bench_started = time.perf_counter()
        return run_script(self, rerun_data)

    def _on_script_finished(self, *args, **kwargs):
        SCRIPT_TIMES.append(time.perf_counter() - self._bench_started)
        return finished(self, *args, **kwargs)

    LocalScriptRunner._run_script = _run_script
    LocalScriptRunner._on_script_finished = _on_script_finished


def inject(raw) -> None:
    """Make the app read `raw` (a RawWorkbook) where it would read the bundled sample."""
    import lib.ui.loading as loading

    loading.read_sample = lambda: raw


def fresh_caches() -> None:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


def new_app(page: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.secrets["tests"] = "sample"  # non-empty: a real .streamlit/secrets.toml is never read
    at.run()
    at.switch_page(page).run()
    if at.exception:
        raise SystemExit(f"{page}: {[e.value for e in at.exception]}")
    return at


def changes(at) -> list[tuple[str, str, object]]:
    """One cycle of filter changes: (kind, widget key, value), ending where it started.

    Most states are commune-wide (what a steering committee looks at); three pick villages.
    """
    names = at.session_state["_view"].dataset.village_names[:3]
    as_of = at.selectbox(key="f_as_of").value
    first = dt.date(2026, 5, 13)
    return [
        ("group", "f_group", "party_members"),
        ("phase", "f_phase", 1),
        ("as_of", "f_as_of", max(first, as_of - dt.timedelta(days=5))),
        ("group", "f_group", "adults"),  # no phase-1 target: coverage only
        ("phase", "f_phase", 0),
        ("villages", "f_villages", names[:1]),
        ("as_of", "f_as_of", as_of),
        ("villages", "f_villages", names[:3]),
        ("villages", "f_villages", []),
    ]


def set_widget(at, key: str, value: object) -> None:
    if key == "f_villages":
        at.multiselect(key=key).set_value(value)
    else:
        at.selectbox(key=key).set_value(value)


def timed_run(at) -> tuple[float, float]:
    """(server seconds, AppTest seconds) of one rerun."""
    del SCRIPT_TIMES[:]
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    if at.exception:
        raise SystemExit(str([e.value for e in at.exception]))
    if len(SCRIPT_TIMES) != 1:
        raise SystemExit(f"expected one script run, saw {len(SCRIPT_TIMES)}")
    return SCRIPT_TIMES[0], elapsed


def new_token(at) -> None:
    """Give this dataset a new token: every derived table and figure is computed again (as
    after a read that changed the sheet), validation is not."""
    ds = at.session_state["_view"].dataset
    ds.__dict__.pop("_ui_token", None)


def bench_page(page: str, repeats: int) -> dict[str, list[tuple[float, float]]]:
    at = new_app(page)
    timed_run(at)  # the first rerun on a page may still fill caches
    out: dict[str, list[tuple[float, float]]] = {"none": [], "cold": [], "warm": []}
    seen: set[tuple] = set()
    cycle = changes(at)

    def state() -> tuple:
        return tuple(repr(at.session_state[k]) for k in ("f_villages", "f_group", "f_phase", "f_as_of"))

    seen.add(state())
    for repeat in range(repeats):
        if repeat % 2:  # every other cycle on fresh derived caches: cold samples in every repeat pair
            new_token(at)
            timed_run(at)  # recompute the starting state (not counted)
            seen = {state()}
        for _kind, key, value in cycle:
            set_widget(at, key, value)
            elapsed = timed_run(at)
            now = state()
            (out["warm"] if now in seen else out["cold"]).append(elapsed)
            seen.add(now)
            out["none"].append(timed_run(at))  # the same rerun with nothing changed
    return out


def median_ms(values: list[tuple[float, float]], which: int = 0) -> str:
    return f"{statistics.median(v[which] for v in values) * 1000:7.0f}" if values else "      –"


def median_s(values: list[tuple[float, float]], which: int = 0) -> float:
    return statistics.median(v[which] for v in values)


def run_scale(scale: str, repeats: int, pages: dict[str, str]) -> list[tuple[str, dict[str, list[float]]]]:
    fresh_caches()
    if scale == "province":
        from lib.dataset import RawWorkbook
        from tests.generators import province_tabs

        started = time.perf_counter()
        raw = RawWorkbook(province_tabs(), "sample", "Tỉnh Hà Tĩnh (sinh tự động)")
        print(f"  generated province workbook in {time.perf_counter() - started:.1f} s", flush=True)
        inject(raw)
        print("  handed to the app as a RawWorkbook through lib.ui.loading.read_sample (no .xlsx written)")
    else:
        from lib.sources.sample import read_sample

        inject(read_sample())
    started = time.perf_counter()
    new_app("pages/nguon-du-lieu.py")  # reads and validates once (shared by every viewer afterwards)
    print(f"  first run (read + validation, not timed below): {time.perf_counter() - started:.1f} s", flush=True)
    rows = []
    for name, page in pages.items():
        rows.append((name, bench_page(page, repeats)))
        print(f"  {name} done", flush=True)
    return rows


def table(scale: str, rows: list[tuple[str, dict[str, list[tuple[float, float]]]]]) -> tuple[str, bool]:
    head = (
        f"{'scale':9} {'page':9} {'no change':>9} {'change':>7} {'x ref':>6} {'cold':>7} {'warm':>7} "
        f"{'n cold/warm':>11} {'AppTest cold':>12}   (median ms; server = script thread)"
    )
    lines = [head, "-" * len(head)]
    every: list[tuple[float, float]] = []
    for name, r in rows:
        changed = r["cold"] + r["warm"]
        every += r["cold"]
        ratio = median_s(r["cold"]) / median_s(r["none"])
        lines.append(
            f"{scale:9} {name:9} {median_ms(r['none']):>9} {median_ms(changed)} {ratio:5.1f}x {median_ms(r['cold'])} "
            f"{median_ms(r['warm'])} {len(r['cold']):>5}/{len(r['warm']):<5} {median_ms(r['cold'], 1):>12}"
        )
    goal = GOALS_MS[scale]
    overall = median_s(every) * 1000
    worst_name, worst = max(((name, median_s(r["cold"]) * 1000) for name, r in rows), key=lambda x: x[1])
    met = worst <= goal
    lines.append(
        f"{scale:9} {'all':9} {'':9} {'':7} {'':6} {overall:7.0f}   goal: median cold change <= {goal} ms on "
        f"every page: {'met' if met else 'NOT met'} (worst: {worst_name} {worst:.0f} ms)"
    )
    return "\n".join(lines), met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="one repeat, two pages (< 60 s)")
    parser.add_argument("--repeats", type=int, default=5, help="cycles of filter changes per page")
    parser.add_argument("--scale", choices=["sample", "province", "both"], default="both")
    args = parser.parse_args()
    os.environ["IHATINH_TODAY"] = TODAY.isoformat()
    like_the_server()
    hook_script_time()
    repeats = 1 if args.smoke else args.repeats
    pages = {k: PAGES[k] for k in ("overview", "villages")} if args.smoke else PAGES
    scales = ["sample", "province"] if args.scale == "both" else [args.scale]
    print("machine:", machine())
    print("command:", " ".join([Path(sys.executable).name, *sys.argv]))
    print(f"today pinned to {TODAY}; {repeats} cycle(s) of 9 filter changes per page; each also rerun unchanged")
    results = []
    for scale in scales:
        print(f"{scale}:", flush=True)
        results.append(table(scale, run_scale(scale, repeats, pages)))
    print(f"\nat the end: {load()}")
    print("\n\n".join(text for text, _ in results))
    if args.smoke:  # CI: the reruns must work (an app exception stops the script); timings are not judged
        return 0
    return 0 if all(met for _, met in results) else 1


if __name__ == "__main__":
    sys.exit(main())
