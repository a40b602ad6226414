"""Browser benchmark: what a viewer waits for, in Debian's Chromium, on the bundled sample.

    python bench/browser.py            # 7 repeats, each in a fresh browser context
    python bench/browser.py --smoke    # 1 repeat (< 60 s), to check the script still works
    python bench/browser.py --server-option runner.postScriptGC=false   # what-if: a server setting

Starts its own `streamlit run app.py` (empty secrets: the sample workbook, IHATINH_TODAY as in
the browser tests) on 127.0.0.1 and measures, per repeat:

  load      open "/" until the script run has finished, no element is stale or still a
            loading skeleton, every chart is drawn (a plotly chart has its `.main-svg` with a
            trace; a picture, as the overview's progress chart is since issue #18, is decoded)
            and the metric cards are shown
  village   pick a village in the overview's villages box (in the page since issue #18; the
            reference's is in its sidebar), from the press on the option until the rerun is
            finished and the cards/chart show different figures
  nav       (no goal) the sidebar link "Theo thôn" until its chart is drawn
  group     change the group select on "Theo thôn" until the chart title names the new group
            and the bars changed (the old chart, kept during the rerun, is gone)
  reload    (no goal) "/" again in the same context: browser cache warm, new session

The reference, measured side by side (each repeat runs the app, then the reference, in fresh
contexts of the same browser): a minimal Streamlit script on its own `streamlit run` server
with the same sidebar widgets (villages multiselect, "Nhóm" select), one st.metric and one
plotly bar chart (REFERENCE_APP below). It is what Streamlit and plotly alone cost in this
browser on this machine, the floor under any dashboard built on them; "x ref" = app / reference.

Times are taken inside the page (performance.now(): navigation start or the pointerdown on
the option); the end is checked on every DOM mutation, and script runs are counted from the
app's websocket (new_session / script_finished), so the times exclude Playwright's own round
trips and never stop at the first match while old and new elements coexist. The first load
after the server starts (cold caches) is shown apart. The machine's load average is printed
at the start and the end: other processes on a 2-core machine change every figure.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from deploy import start  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, streamlit_server  # noqa: E402

VIEWPORT = {"width": 1366, "height": 1600}
STEPS = ("load", "village", "nav", "group", "reload")
LOAD_GOAL, FILTER_GOAL = 2.5, 0.5
VILLAGE_QUERY, VILLAGE = "binh son", "Bình Sơn"  # typed without diacritics, as on a phone
GROUP_LABEL = "Cán bộ, đảng viên"  # campaign.toml groups.party_members
REFERENCE_GROUP = "Hội viên, đoàn viên"  # a select change in the reference app

# Installed in every page before the app's own scripts. window.__bench counts script runs
# (from the websocket), remembers the pointerdown that starts a timed interaction, and
# `wait(a)` resolves once the page shows the final state of a run.
INIT_JS = r"""
(() => {
  if (window.__bench) return;
  const B = window.__bench = {runs: 0, finishes: 0, last: null, notFound: 0, t0: null, armed: false,
                              sigBefore: null, tRun: null, tFinish: null};
  // Script runs are counted from the app's websocket: each ForwardMsg is a protobuf whose
  // top-level field 4 is new_session (a run starts) and field 6 script_finished. (stApp's
  // data-test-script-state can skip 'running' when React batches a quick run.)
  B.onMessage = (u) => {
    let i = 0;
    const varint = () => {
      let r = 0, s = 1, b;
      do { b = u[i++]; r += (b & 0x7f) * s; s *= 128; } while ((b & 0x80) && i < u.length);
      return r;
    };
    while (i < u.length) {
      const key = varint(), f = Math.floor(key / 8), w = key & 7;
      if (w === 0) {
        const v = varint();
        if (f === 6) { B.finishes++; B.last = 'finish'; B.status = v; B.tFinish = performance.now(); }
      } else if (w === 2) {
        const n = varint();
        if (f === 4) { B.runs++; B.last = 'start'; B.tRun = performance.now(); }
        if (f === 15) B.notFound++;
        i += n;
      } else if (w === 1) i += 8;
      else if (w === 5) i += 4;
      else break;
    }
  };
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (e.data instanceof ArrayBuffer) B.onMessage(new Uint8Array(e.data));
      });
    }
  };
  document.addEventListener('pointerdown', () => {
    if (B.armed) { B.t0 = performance.now(); B.armed = false; }
  }, true);
  B.arm = () => { B.armed = true; B.t0 = null; B.sigBefore = B.sig(); return B.runs; };
  // A chart is a plotly chart or a picture (the overview's, lib/charts_image.py: an <img>).
  B.pictures = () => Array.from(document.querySelectorAll('[data-testid=stImage] img'));
  B.sig = () => {
    const main = document.querySelector('[data-testid=stMain]');
    const paths = Array.from(document.querySelectorAll('.js-plotly-plot .main-svg .trace path'))
      .map((p) => p.getAttribute('d')).join('|');
    return (main ? main.innerText : '') + '#' + paths + '#' + B.pictures().map((i) => i.src).join('|');
  };
  // Every chart drawn: a plotly chart has its svg (and a trace or a title), a picture is decoded.
  B.chartsDrawn = (full) => {
    const plots = Array.from(document.querySelectorAll('[data-testid=stPlotlyChart]'));
    const pictures = B.pictures();
    const drawn = plots.every((c) => {
      const p = c.querySelector('.js-plotly-plot');
      return p && p.querySelector('.main-svg') && (!full || p.querySelector('.trace') || p.querySelector('.gtitle'));
    }) && pictures.every((i) => i.complete && i.naturalWidth > 0);
    return {count: plots.length + pictures.length, drawn};
  };
  B.state = () => {
    const app = document.querySelector('[data-testid=stApp]');
    return {
      script: app && app.getAttribute('data-test-script-state'),
      connection: app && app.getAttribute('data-test-connection-state'),
      runs: B.runs, finishes: B.finishes, stale: document.querySelectorAll('[data-stale=true]').length,
      skeletons: document.querySelectorAll('[data-testid=stSkeleton]').length,
      charts: Array.from(document.querySelectorAll('[data-testid=stPlotlyChart]')).map((c) =>
        c.querySelector('.js-plotly-plot .main-svg') ? 'drawn' : 'empty').join(','),
      pictures: B.pictures().map((i) => (i.complete && i.naturalWidth > 0 ? 'drawn' : 'empty')).join(','),
      changed: B.sigBefore === null ? null : B.sig() !== B.sigBefore,
      plots: document.querySelectorAll('.js-plotly-plot').length,
      metrics: document.querySelectorAll('[data-testid=stMetricValue]').length,
      path: location.pathname,
      titles: Array.from(document.querySelectorAll('.js-plotly-plot .gtitle')).map((e) => e.textContent),
    };
  };
  // a: {runs, path, minPlots (charts: plotly or pictures), minMetrics, titleHas, changed, fromNavigation}
  B.done = (a) => {
    const ex = document.querySelector('[data-testid=stException]');
    if (ex) return {error: 'exception', detail: ex.innerText.slice(0, 300)};
    const dialog = Array.from(document.querySelectorAll('[role=dialog]'))
      .find((d) => /not found|không tìm thấy/i.test(d.innerText));
    if (dialog) return {error: 'dialog', detail: dialog.innerText.slice(0, 200)};
    const app = document.querySelector('[data-testid=stApp]');
    if (!app || B.runs <= a.runs || B.last !== 'finish') return null;
    if (app.getAttribute('data-test-script-state') !== 'notRunning') return null;
    if (document.querySelector('[data-stale=true]')) return null;
    if (document.querySelector('[data-testid=stSkeleton]')) return null;  // a lazy element still loading
    const charts = B.chartsDrawn(true);
    if (charts.count < (a.minPlots || 0) || !charts.drawn) return null;
    if (document.querySelectorAll('[data-testid=stMetricValue]').length < (a.minMetrics || 0)) return null;
    if (a.path && location.pathname.replace(/\/+$/, '') !== a.path.replace(/\/+$/, '')) return null;
    if (a.titleHas && !Array.from(document.querySelectorAll('.js-plotly-plot .gtitle'))
      .some((e) => e.textContent.includes(a.titleHas))) return null;
    if (a.changed && B.sig() === B.sigBefore) return null;
    const start = a.fromNavigation ? 0 : B.t0;
    if (start === null) return {error: 'no-pointerdown'};
    const out = {seconds: (performance.now() - start) / 1000,
                 runStart: (B.tRun - start) / 1000, runEnd: (B.tFinish - start) / 1000,
                 chartsDrawn: B.tCharts === null ? null : (B.tCharts - start) / 1000,
                 lazyLoaded: B.tLazy === null ? null : (B.tLazy - start) / 1000};
    if (a.fromNavigation) {
      const nav = performance.getEntriesByType('navigation')[0];
      const res = performance.getEntriesByType('resource');
      out.html = nav ? nav.responseEnd / 1000 : null;
      out.dcl = nav ? nav.domContentLoadedEventEnd / 1000 : null;
      out.kb = res.reduce((s, r) => s + (r.transferSize || 0), 0) / 1024;
      out.js = res.filter((r) => /\.js(\?|$)/.test(r.name))
        .map((r) => [r.name.split('/').pop(), Math.round(r.encodedBodySize / 1024), r.responseEnd / 1000])
        .sort((x, y) => y[1] - x[1]).slice(0, 3);
    }
    return out;
  };
  B.wait = (a) => new Promise((resolve) => {
    const deadline = performance.now() + a.timeout * 1000;
    let finished = false, obs = null, timer = null;
    B.tCharts = B.tLazy = null;
    const check = () => {
      if (finished) return;
      // first moments (after the run finished) when every chart was drawn / no skeleton was left
      if (B.runs > a.runs && B.last === 'finish') {
        const charts = B.chartsDrawn(false);
        if (B.tCharts === null && charts.count >= (a.minPlots || 0) && charts.drawn) B.tCharts = performance.now();
        if (B.tLazy === null && !document.querySelector('[data-testid=stSkeleton]')) B.tLazy = performance.now();
      }
      let r;
      try { r = B.done(a); } catch (e) { r = {error: 'script', detail: String(e)}; }
      if (!r && performance.now() > deadline) {
        r = {error: 'timeout', detail: JSON.stringify({waited: a, ...B.state()})};
      }
      if (r) { finished = true; if (obs) obs.disconnect(); clearInterval(timer); resolve(r); }
    };
    obs = new MutationObserver(check);
    obs.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
    timer = setInterval(check, 50);
    check();
  });
})();
"""


# The side-by-side reference: the same widgets, one metric and one plotly chart, nothing else.
REFERENCE_APP = r"""
import unicodedata

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from lib.sample_data import VILLAGES

GROUPS = ["Người dân từ 18 tuổi", "Cán bộ, đảng viên", "Hội viên, đoàn viên"]


def label(name):
    plain = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
    plain = plain.replace("đ", "d").replace("Đ", "D")
    return name if plain == name else f"{name} ({plain})"


st.set_page_config(page_title="reference", layout="wide")
with st.sidebar:
    chosen = st.multiselect("Thôn", VILLAGES, format_func=label)
    group = st.selectbox("Nhóm", GROUPS)
st.title("Reference: Streamlit + one plotly chart")
shown = chosen or VILLAGES
values = np.random.default_rng(GROUPS.index(group)).random(len(VILLAGES))
picked = [values[VILLAGES.index(v)] for v in shown]
st.metric("Tỷ lệ", f"{float(np.mean(picked)):.1%}")
fig = go.Figure(go.Bar(x=picked, y=shown, orientation="h"))
fig.update_layout(title=f"Tỷ lệ cài đặt theo thôn: {group}", height=800)
st.plotly_chart(fig)
"""


@contextlib.contextmanager
def reference_server(folder: Path):
    """`streamlit run` of REFERENCE_APP (written to `folder`), with the server options of
    tests/browser/conftest.py; yields its URL."""
    script = folder / "reference_app.py"
    script.write_text(REFERENCE_APP, encoding="utf-8")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [
        sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
        "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    url = f"http://127.0.0.1:{port}"
    with start.serving(command, url, folder / "reference.log", cwd=folder, env=env):
        yield url


class BenchError(RuntimeError):
    pass


def wait_final(page, timeout: float, **a) -> dict:
    """{'seconds': in-page time until the final state described by `a`, 'runStart', 'runEnd', ...};
    raises BenchError on an exception element, a dialog or a timeout."""
    a = {"runs": 0, **a, "timeout": timeout}
    result = page.evaluate("a => window.__bench.wait(a)", a)
    if "seconds" not in result:
        raise BenchError(f"{result.get('error')}: {result.get('detail', '')}")
    return result


def open_app(page, url: str, timeout: float) -> dict:
    page.goto(url, wait_until="commit", timeout=timeout * 1000)
    return wait_final(page, timeout, runs=0, fromNavigation=True, minPlots=1, minMetrics=1)


def pick_village(page, timeout: float) -> dict:
    """The overview's villages box is in the page (issue #18); the reference's in the sidebar."""
    boxes = page.get_by_test_id("stMain").get_by_test_id("stMultiSelect")
    box = boxes if boxes.count() else page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect")
    box.locator("input").fill(VILLAGE_QUERY)
    option = page.get_by_role("option").filter(has_text=VILLAGE)
    option.first.wait_for(timeout=timeout * 1000)
    runs = page.evaluate("() => window.__bench.arm()")
    option.first.click(timeout=timeout * 1000)
    result = wait_final(page, timeout, runs=runs, minPlots=1, minMetrics=1, changed=True)
    page.keyboard.press("Escape")
    return result


def navigate(page, path: str, timeout: float) -> dict:
    link = page.get_by_test_id("stSidebarNav").locator(f'a[href$="{path}"]')
    runs = page.evaluate("() => window.__bench.arm()")
    link.first.click(timeout=timeout * 1000)
    return wait_final(page, timeout, runs=runs, path=path, minPlots=1)


def pick_group(page, label: str, timeout: float) -> dict:
    select = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(has_text="Nhóm").first
    select.click(timeout=timeout * 1000)
    option = page.get_by_role("option", name=label, exact=True)
    option.wait_for(timeout=timeout * 1000)
    runs = page.evaluate("() => window.__bench.arm()")
    option.click(timeout=timeout * 1000)
    return wait_final(page, timeout, runs=runs, minPlots=1, titleHas=label, changed=True)


# ------------------------------------------------------------------------------ reporting


def machine_lines(browser_version: str = "") -> list[str]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, IndexError, ValueError):
        pass
    try:
        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        chromium = "?"
    versions = []
    for name in ("streamlit", "plotly", "pandas", "playwright"):
        try:
            from importlib.metadata import version

            versions.append(f"{name} {version(name)}")
        except Exception:
            pass
    return [
        f"machine:  nproc={os.cpu_count()} (usable {len(os.sched_getaffinity(0))}), {model or '?'}, RAM {mem or '?'}, "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        f"chromium: {chromium}" + (f" (Playwright reports {browser_version})" if browser_version else ""),
        f"python:   {platform.python_version()}; " + ", ".join(versions),
    ]


def server_tracebacks(log: Path, limit: int = 3) -> list[str]:
    """The distinct tracebacks the server logged (the page only shows a redacted message)."""
    try:
        lines = log.read_text(errors="replace").splitlines()
    except OSError:
        return []
    found: dict[str, str] = {}
    for i, line in enumerate(lines):
        if "Traceback (most recent call last)" not in line:
            continue
        block = [line]
        for nxt in lines[i + 1 : i + 80]:
            if not nxt.strip() or (nxt[:4].isdigit() and nxt[4:5] == "-"):  # blank or a new log record
                break
            block.append(nxt)
        found.setdefault(block[-1], "\n".join(block[-24:]))
    return list(found.values())[:limit]


def apply_server_options(options: list[str]) -> list[str]:
    """`section.optionName=value` -> STREAMLIT_SECTION_OPTION_NAME in this process's environment,
    which streamlit_server() passes on to the server (e.g. runner.postScriptGC=false)."""
    shown = []
    for item in options:
        key, sep, value = item.partition("=")
        if not sep or "." not in key:
            raise SystemExit(f"--server-option wants section.optionName=value, got {item!r}")
        env = "STREAMLIT_" + re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", key.replace(".", "_")).upper()
        os.environ[env] = value
        shown.append(f"{env}={value}")
    return shown


def command_line() -> str:
    return f"cd {shlex.quote(str(ROOT))} && " + " ".join(shlex.quote(x) for x in [sys.executable, *sys.argv])


def fmt_s(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def print_table(rows: list[tuple[str, list[float], float | None, int, list[float] | None]]) -> bool:
    """rows: (label, samples, goal or None, failures, reference samples or None).
    Returns True when every goal is met."""
    head = (
        f"{'step':<52} {'n':>3} {'fail':>4} {'median s':>9} {'min s':>7} {'max s':>7} {'ref s':>7} {'x ref':>6} "
        f"{'goal s':>7} {'x goal':>6}  verdict"
    )
    print(head)
    print("-" * len(head))
    ok = True
    for label, samples, goal, failures, reference in rows:
        med = statistics.median(samples) if samples else None
        ratio = med / goal if (goal and med is not None) else None
        ref = statistics.median(reference) if reference else None
        x_ref = med / ref if (med is not None and ref) else None
        if goal is None:
            verdict = "(info)"
        elif med is None or failures:
            verdict, ok = "FAIL (errors)", False
        elif med <= goal:
            verdict = "ok"
        else:
            verdict, ok = "MISSED", False
        print(
            f"{label:<52} {len(samples):>3} {failures:>4} {fmt_s(med):>9} "
            f"{fmt_s(min(samples) if samples else None):>7} {fmt_s(max(samples) if samples else None):>7} "
            f"{fmt_s(ref):>7} {'—' if x_ref is None else f'{x_ref:.2f}':>6} {fmt_s(goal):>7} "
            f"{'—' if ratio is None else f'{ratio:.2f}':>6}  {verdict}"
        )
    print("ref s: the same step on the reference app (median, same repeats); x ref = app / reference")
    return ok


def print_before(after: dict, before: dict, reference: dict, colds: tuple, folder: Path) -> None:
    """This tree against `--before`'s, measured in the same repeats: medians, s, and ratios."""
    print(f"\nbefore / after in the same run (before: {folder}); medians, s")
    head = f"{'step':<10} {'before':>7} {'after':>7} {'after/before':>12} {'ref':>7} "
    head += f"{'before x ref':>12} {'after x ref':>11}"
    print(head)
    print("-" * len(head))
    for name in STEPS:
        a, b = _med(after[name], "seconds"), _med(before[name], "seconds")
        r = _med(reference.get(name, []), "seconds")
        if a is None or b is None:
            continue
        print(
            f"{name:<10} {fmt_s(b):>7} {fmt_s(a):>7} {a / b:>12.2f} {fmt_s(r):>7} "
            f"{'—' if not r else f'{b / r:.2f}':>12} {'—' if not r else f'{a / r:.2f}':>11}"
        )
    (cold, before_cold), warm_a, warm_b = colds, _med(after["load"], "seconds"), _med(before["load"], "seconds")
    if cold and before_cold and warm_a and warm_b:
        print(
            f"{'cold':<10} {fmt_s(before_cold['seconds']):>7} {fmt_s(cold['seconds']):>7} "
            f"{cold['seconds'] / before_cold['seconds']:>12.2f}   cold / warm load: before "
            f"{before_cold['seconds'] / warm_b:.2f}, after {cold['seconds'] / warm_a:.2f}"
        )


def _med(rows: list[dict], key: str) -> float | None:
    values = [r[key] for r in rows if isinstance(r.get(key), (int, float))]
    return statistics.median(values) if values else None


def print_breakdown(samples: dict[str, list[dict]], cold: dict | None, title: str = "app") -> None:
    """Where the time goes (medians, seconds from navigation start / from the pointerdown)."""
    if title == "app":
        print("\nbreakdown (medians, s):  run start / run end = the page receives new_session / script_finished on")
        print("the websocket; charts drawn / no skeleton = first moment after run end when every plotly chart had")
        print("its svg / no lazy element (chart, table) was still a placeholder; final = all criteria (nothing stale).")
    print(f" {title}:")
    loads = [("load", samples["load"]), ("reload", samples["reload"]), ("cold", [cold] if cold else [])]
    for name, rows in loads:
        if rows:
            print(
                f"  {name:<8} html {fmt_s(_med(rows, 'html'))}  DOMContentLoaded {fmt_s(_med(rows, 'dcl'))}  "
                f"run start {fmt_s(_med(rows, 'runStart'))}  run end {fmt_s(_med(rows, 'runEnd'))}  "
                f"charts drawn {fmt_s(_med(rows, 'chartsDrawn'))}  no skeleton {fmt_s(_med(rows, 'lazyLoaded'))}  "
                f"final {fmt_s(_med(rows, 'seconds'))}  transferred {(_med(rows, 'kb') or 0):.0f} KiB"
            )
    if samples["load"]:
        biggest = samples["load"][-1].get("js") or []
        print("  largest scripts (fresh ctx): " + "; ".join(f"{n} {kb} KiB done at {t:.2f} s" for n, kb, t in biggest))
    for name in ("village", "nav", "group"):
        rows = samples[name]
        if rows:
            print(
                f"  {name:<8} run start {fmt_s(_med(rows, 'runStart'))}  run end {fmt_s(_med(rows, 'runEnd'))}  "
                f"charts drawn {fmt_s(_med(rows, 'chartsDrawn'))}  final {fmt_s(_med(rows, 'seconds'))}"
            )


# ------------------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeats", type=int, default=7, help="measured repeats, each in a fresh context (default 7)")
    ap.add_argument("--smoke", action="store_true", help="1 repeat, to check that the script works (< 60 s)")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds before a wait counts as failed")
    ap.add_argument(
        "--server-option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a streamlit config option for the server, e.g. runner.postScriptGC=false (repeatable)",
    )
    ap.add_argument(
        "--before",
        type=Path,
        metavar="DIR",
        help="another checkout of the app (e.g. `git worktree add DIR <rev>`), measured in the same repeats",
    )
    ap.add_argument(
        "--steps",
        default=",".join(STEPS),
        help=f"comma-separated steps to measure (default all: {','.join(STEPS)}); 'load' is always run",
    )
    args = ap.parse_args(argv)
    wanted = {"load", *args.steps.split(",")}
    server_env = apply_server_options(args.server_option)
    repeats = 1 if args.smoke else max(1, args.repeats)
    started = time.monotonic()

    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        print(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium", file=sys.stderr)
        return 2
    samples: dict[str, list[dict]] = {k: [] for k in STEPS}
    failures: dict[str, int] = dict.fromkeys(samples, 0)
    before: dict[str, list[dict]] = {k: [] for k in STEPS}
    before_failures: dict[str, int] = dict.fromkeys(before, 0)
    reference: dict[str, list[dict]] = {k: [] for k in ("load", "village", "group", "reload")}
    ref_failures: dict[str, int] = dict.fromkeys(reference, 0)
    errors: list[str] = []
    cold: dict | None = None
    with tempfile.TemporaryDirectory(prefix="bench-browser-") as tmp:
        (Path(tmp) / "before").mkdir()
        with (
            streamlit_server(Path(tmp)) as url,
            streamlit_server(Path(tmp) / "before", root=args.before)
            if args.before
            else contextlib.nullcontext() as before_url,
            reference_server(Path(tmp)) as ref_url,
            sync_playwright() as p,
        ):
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            print("\n".join(machine_lines(browser.version)))
            print(f"command:  {command_line()}")
            print(
                f"server:   {url} (streamlit run app.py, sample workbook, IHATINH_TODAY from tests/browser/conftest.py)"
            )
            print(f"reference: {ref_url} (streamlit run of REFERENCE_APP in bench/browser.py)")
            if before_url:
                print(f"before:   {before_url} (streamlit run app.py of {args.before}, same options)")
            if server_env:
                print(f"options:  {' '.join(server_env)} (environment of the server)")
            print(
                f"repeats:  {repeats} measured + 1 warm-up, each in a fresh browser context (empty HTTP cache), "
                "app then reference\n"
            )

            def one_repeat(steps, into: dict, fails: dict, record: bool, tag: str) -> dict | None:
                context = browser.new_context(viewport=VIEWPORT, locale="vi-VN")
                context.add_init_script(INIT_JS)
                page = context.new_page()
                page.set_default_timeout(args.timeout * 1000)
                first_load = None
                try:
                    for name, step in steps(page):
                        try:
                            result = step()
                        except Exception as exc:  # a failed wait: count it, skip the rest of this repeat
                            if record:
                                fails[name] += 1
                            errors.append(f"{tag} {name}: {type(exc).__name__}: {str(exc).splitlines()[0][:300]}")
                            break
                        if name == "load":
                            first_load = result
                        if record:
                            into[name].append(result)
                finally:
                    context.close()
                return first_load

            def app_steps(page, at: str = url):
                steps = [
                    ("load", lambda: open_app(page, at, args.timeout)),
                    ("village", lambda: pick_village(page, args.timeout)),
                    ("nav", lambda: navigate(page, "/theo-thon", args.timeout)),
                    ("group", lambda: pick_group(page, GROUP_LABEL, args.timeout)),
                    ("reload", lambda: open_app(page, at, args.timeout)),
                ]
                return [(name, step) for name, step in steps if name in wanted]

            def before_steps(page):
                return app_steps(page, before_url)

            def reference_steps(page):
                steps = [
                    ("load", lambda: open_app(page, ref_url, args.timeout)),
                    ("village", lambda: pick_village(page, args.timeout)),
                    ("group", lambda: pick_group(page, REFERENCE_GROUP, args.timeout)),
                    ("reload", lambda: open_app(page, ref_url, args.timeout)),
                ]
                return [(name, step) for name, step in steps if name in wanted]

            # the servers' first runs: imports, workbook validation (shown apart, not in the medians)
            cold = one_repeat(app_steps, samples, failures, record=False, tag="app")
            before_cold = one_repeat(before_steps, before, before_failures, False, "before") if before_url else None
            one_repeat(reference_steps, reference, ref_failures, record=False, tag="reference")
            for _ in range(repeats):
                one_repeat(app_steps, samples, failures, record=True, tag="app")
                if before_url:
                    one_repeat(before_steps, before, before_failures, record=True, tag="before")
                one_repeat(reference_steps, reference, ref_failures, record=True, tag="reference")
            # A server started as deploy/start.py starts a replica: its script run once before the
            # first viewer (start.warm); its first load against the warm loads above.
            (Path(tmp) / "warmed").mkdir()
            with streamlit_server(Path(tmp) / "warmed", warmed=True) as warmed_url:
                warmed = one_repeat(
                    lambda page: [("load", lambda: open_app(page, warmed_url, args.timeout))],
                    {"load": []}, {"load": 0}, record=False, tag="warmed",
                )  # fmt: skip
            browser.close()
        tracebacks = server_tracebacks(Path(tmp) / "streamlit.log")

    def secs(name: str, where: dict | None = None) -> list[float]:
        return [r["seconds"] for r in (samples if where is None else where)[name]]

    rows = [
        ("(a) page load '/' → charts + cards drawn [fresh ctx]", secs("load"), LOAD_GOAL, failures["load"],
         secs("load", reference)),
        (f"(b) village filter '{VILLAGE}' → cards+chart redrawn", secs("village"), FILTER_GOAL, failures["village"],
         secs("village", reference)),
        (f"(b) group '{GROUP_LABEL}' on /theo-thon → chart", secs("group"), FILTER_GOAL, failures["group"],
         secs("group", reference)),
        ("    sidebar link → /theo-thon chart drawn", secs("nav"), None, failures["nav"], None),
        ("    reload '/' in same context (HTTP cache warm)", secs("reload"), None, failures["reload"],
         secs("reload", reference)),
        ("    first load after server start (1 sample, cold)", [cold["seconds"]] if cold else [], None, 0, None),
        ("    … after a start warmed as deploy/start.py does", [warmed["seconds"]] if warmed else [], None, 0, None),
    ]  # fmt: skip
    if any(ref_failures.values()):
        rows.append(("    reference: failed steps", [], None, sum(ref_failures.values()), None))
    ok = print_table(rows)
    warm_load = statistics.median(secs("load")) if samples["load"] else None
    for name, first in (("cold", cold), ("warmed", warmed)):
        if first and warm_load:
            ratio = first["seconds"] / warm_load
            print(f"first load after a start, {name}: {ratio:.2f}x the warm loads' median (goal <= 1.20)")
    if args.before:
        print_before(samples, before, reference, (cold, before_cold), args.before)
    print_breakdown(samples, cold)
    print_breakdown({**reference, "nav": []}, None, "reference")
    if errors:
        print("\nerrors:")
        for e in errors:
            print(f"  - {e}")
    for tb in tracebacks:
        print(f"\nserver log traceback:\n{tb}")
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    verdict = "met" if ok else "NOT met"
    print(f"\ntotal {time.monotonic() - started:.0f} s; load average at the end {load}; goals {verdict}")
    if args.smoke:  # CI: every step must work; timings on a shared machine are not judged here
        failed = sum(failures.values()) + sum(ref_failures.values())
        print(f"smoke: {'FAILED' if failed or not samples['load'] else 'ok'} ({failed} failed steps)")
        return 1 if failed or not samples["load"] else 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
