"""Where a village-filter redraw's time goes (issue #18): server trace and browser trace.

    python bench/rerun_trace.py            # 7 repeats per side, app and reference, ~3 min
    python bench/rerun_trace.py --smoke    # 1 repeat (< 60 s), to check the script still works

The overview's village filter change (its villages box gets 'Bình Sơn', then loses it; in the
page and a fragment's rerun since issue #18, in the sidebar before),
and the same change on bench/browser.py's REFERENCE_APP, side by side in one run. Both servers
are `streamlit run` started through bench/rerun_trace_server.py, which times Streamlit's internals
(script run, each st.* call, plotly's to_json, Arrow, Styler, gc, protobuf serialisation on the
event loop) and writes them to a trace file; the app's code is not touched. The app runs on the
bundled sample, IHATINH_TODAY and an empty secrets file as in tests/browser/conftest.py, its own
.streamlit/config.toml applies (the reference runs in a temporary folder: Streamlit's defaults).

1. Protocol (bench/protocol_session.py's messages, no browser): per rerun, from sending the
   BackMsg, the time to the first ForwardMsg, to each delta, to script_finished; ForwardMsgs and
   their bytes by kind; which deltas are re-sent unchanged (same bytes at the same delta path as
   in the previous run); the largest messages.
2. Server split of the same reruns, from the trace: BackMsg handled, script start/end, time in
   our code vs Streamlit's element calls (plotly JSON, Arrow, Styler inside them), gc, protobuf
   serialisation, last byte handed to the websocket vs received.
3. Browser (Debian's Chromium, flags of tests/browser/conftest.py, bench/browser.py's INIT_JS):
   the click as bench/browser.py's pick_village does it, with the websocket's frames taken from
   DevTools (Network.webSocketFrameSent/Received, CLOCK_MONOTONIC like the server's trace):
   pointerdown → BackMsg sent → server run → frames read by the page → final DOM → next paint,
   and the main thread's long tasks in that window.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import hashlib
import json
import os
import re
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT, ROOT / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from browser import INIT_JS, REFERENCE_APP, VIEWPORT, machine_lines, open_app, pick_village, wait_final  # noqa: E402
from protocol_session import SIDEBAR, ProtocolViewer, Widget, rerun  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from deploy import start  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, TODAY  # noqa: E402

PORTS = {"app": 8640, "reference": 8641}
VILLAGE = "Bình Sơn"

# Added after bench/browser.py's INIT_JS: the page-side times of each BackMsg sent and each
# ForwardMsg handled, long tasks, and the first frame painted after the final state.
EXTRA_JS = r"""
(() => {
  const B = window.__bench;
  if (!B || B.trace) return;
  B.trace = {sent: [], got: [], long: []};
  const send = window.WebSocket.prototype.send;
  window.WebSocket.prototype.send = function (data) {
    B.trace.sent.push([performance.now(), data.byteLength || data.length || 0]);
    return send.call(this, data);
  };
  const onMessage = B.onMessage;
  B.onMessage = (u) => { B.trace.got.push([performance.now(), u.length]); onMessage(u); };
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) B.trace.long.push([e.startTime, e.duration]); })
      .observe({type: 'longtask', buffered: true});
  } catch (e) {}
  const wait = B.wait;
  B.wait = (a) => wait(a).then((r) => new Promise((resolve) => {
    const tDone = performance.now();
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => { r.tDone = tDone; r.tPaint = performance.now(); r.t0 = B.t0; resolve(r); };
      ch.port2.postMessage(0);
    });
  }));
  // the first and last DOM mutations inside the plotly charts and elsewhere in the main area
  B.mut = {plotFirst: null, plotLast: null, otherLast: null};
  new MutationObserver((list) => {
    const now = performance.now();
    for (const m of list) {
      const el = m.target.nodeType === 1 ? m.target : m.target.parentElement;
      if (el && el.closest('.js-plotly-plot')) {
        if (B.mut.plotFirst === null) B.mut.plotFirst = now;
        B.mut.plotLast = now;
      } else if (el && el.closest('[data-testid=stMain]')) B.mut.otherLast = now;
    }
  }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  B.clearTrace = () => {
    B.trace.sent = []; B.trace.got = []; B.trace.long = [];
    B.mut = {plotFirst: null, plotLast: null, otherLast: null};
  };
  B.getTrace = () => ({...B.trace, mut: B.mut});
})();
"""


# ------------------------------------------------------------------------------ servers


@contextlib.contextmanager
def traced_server(name: str, folder: Path, options: tuple[str, ...] = ()):
    """`streamlit run` through bench/rerun_trace_server.py; yields (url, trace path)."""
    port = PORTS[name]
    trace = folder / f"{name}.trace.jsonl"
    trace.write_text("")
    common = ["--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
              "--browser.gatherUsageStats", "false"]  # fmt: skip
    launcher = [sys.executable, str(ROOT / "bench" / "rerun_trace_server.py"), str(trace), "run"]
    if name == "app":
        secrets = folder / "secrets.toml"
        secrets.write_text("", encoding="utf-8")
        command = [*launcher, "app.py", *common, "--secrets.files", str(secrets)]
        env = {**os.environ, "IHATINH_TODAY": TODAY, "IHATINH_STORE_URL": f"sqlite:///{folder / 'store.sqlite3'}"}
        cwd = ROOT
    else:
        script = folder / "reference_app.py"
        script.write_text(REFERENCE_APP, encoding="utf-8")
        command = [*launcher, str(script), *common, *options]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        cwd = folder
    url = f"http://127.0.0.1:{port}"
    with start.serving(command, url, folder / f"{name}.log", cwd=cwd, env=env):
        yield url, trace


class TraceReader:
    """New lines of a server's trace file since the last read."""

    def __init__(self, path: Path) -> None:
        self.path, self.offset = path, 0

    def read(self) -> list[list]:
        with self.path.open("rb") as f:
            f.seek(self.offset)
            data = f.read()
        end = data.rfind(b"\n") + 1
        self.offset += end
        return [json.loads(line) for line in data[:end].splitlines() if line.strip()]


# ------------------------------------------------------------------------------ messages


def msg_kind(msg: ForwardMsg) -> str:
    kind = msg.WhichOneof("type")
    if kind != "delta":
        return kind or "?"
    d = msg.delta.WhichOneof("type")
    if d == "new_element":
        return msg.delta.new_element.WhichOneof("type")
    if d == "add_block":
        return "block"
    return d or "?"


def describe(raw: bytes) -> dict:
    msg = ForwardMsg()
    msg.ParseFromString(raw)
    kind = msg_kind(msg)
    path = tuple(msg.metadata.delta_path) if msg.WhichOneof("type") == "delta" else None
    return {
        "kind": kind,
        "bytes": len(raw),
        "path": path,
        "digest": hashlib.blake2b(msg.delta.SerializeToString(), digest_size=12).digest() if path else None,
        "sidebar": bool(path and path[0] == SIDEBAR),
        "msg": msg,
    }


async def traced_rerun(ws, back, timeout: float = 30.0) -> tuple[float, list[dict]]:
    """Send one rerun; every message until its script_finished: (send time, [{t, kind, bytes, ...}])."""
    sent = time.perf_counter()
    await ws.send(back.SerializeToString())
    got, started = [], False
    while True:
        raw = await asyncio.wait_for(ws.recv(), timeout)
        t = time.perf_counter()
        d = describe(raw)
        d["t"] = t - sent
        got.append(d)
        if d["kind"] == "new_session":
            started = True
        if d["kind"] == "script_finished" and started:
            return sent, got


# ------------------------------------------------------------------------------ protocol phase


def split_trace(events: list[list], sent: float) -> dict:
    """Server events of one rerun -> seconds from the client's send, and summed durations."""
    out: dict = {"el": defaultdict(float), "el_n": Counter(), "ser_bytes": Counter(), "ser_n": Counter()}
    for ev in events:
        kind, t0, dt, extra = ev
        if kind == "backmsg" and "backmsg" not in out:
            out["backmsg"] = t0 - sent
        elif kind == "run_start" and "run_start" not in out:
            out["run_start"] = t0 - sent
        elif kind == "run_end":
            out["run_end"], out["cpu"] = t0 - sent, dt
        elif kind == "el":
            out["el"][extra] += dt
            out["el_n"][extra] += 1
        elif kind in ("plotly_json", "arrow", "styler", "gc"):
            out[kind] = out.get(kind, 0.0) + dt
            if kind == "plotly_json":
                out["plotly_json_bytes"] = out.get("plotly_json_bytes", 0) + extra
        elif kind == "enq" and extra == "script_finished":
            out["finished_enq"] = t0 - sent
        elif kind == "ser":
            name, size = extra
            out["ser"] = out.get("ser", 0.0) + dt
            out["ser_bytes"][name] += size
            out["ser_n"][name] += 1
            out.setdefault("first_ser", t0 - sent)
            out["last_ser"] = t0 + dt - sent
    return out


async def protocol_phase(url: str, trace: Path, repeats: int) -> list[dict]:
    """Warm-up, then `repeats` x (add the village, remove it); one record per rerun."""
    import random

    viewer = ProtocolViewer(url, random.Random(1), 60.0)
    reader = TraceReader(trace)
    records = []
    try:
        await viewer.open()
        w = viewer.villages
        option = next((o for o in (w.options if w else []) if VILLAGE in o), None)
        if option is None:
            raise RuntimeError(f"no village multiselect with {VILLAGE}: {w and w.options[:5]}")
        page = viewer.pages.get("/", "")
        previous: dict[tuple, bytes] = {}
        await asyncio.sleep(0.3)
        reader.read()
        query = viewer.query
        steps = [("warm-up add", [option]), ("warm-up remove", [])]
        for _ in range(repeats):
            steps += [("add", [option]), ("remove", [])]
        for label, value in steps:
            back = rerun(page, Widget(w.id, w.options, value, w.fragment), query)
            sent, got = await traced_rerun(viewer.ws, back)
            for d in got:
                if d["kind"] == "page_info_changed":
                    query = d["msg"].page_info_changed.query_string
            await asyncio.sleep(0.3)  # let the server write the run's last events (gc, ...)
            events = reader.read()
            deltas = [d for d in got if d["path"] is not None]
            unchanged = [d for d in deltas if previous.get(d["path"]) == d["digest"]]
            previous = {d["path"]: d["digest"] for d in deltas}
            records.append({"label": label, "got": got, "server": split_trace(events, sent), "unchanged": unchanged})
    finally:
        await viewer.close()
    return records


# ------------------------------------------------------------------------------ browser phase


def browser_phase(
    browser, url: str, trace: Path, repeats: int, warmup: bool = False, timeout: float = 30.0
) -> list[dict]:
    """Fresh context per repeat: open '/', pick the village (bench/browser.py's pick_village),
    with DevTools' websocket frames and the server's trace of that rerun."""
    reader = TraceReader(trace)
    out = []
    for _ in range(repeats):
        context = browser.new_context(viewport=VIEWPORT, locale="vi-VN")
        context.add_init_script(INIT_JS)
        context.add_init_script(EXTRA_JS)
        page = context.new_page()
        page.set_default_timeout(timeout * 1000)
        cdp = context.new_cdp_session(page)
        frames: list[tuple[str, float, bytes]] = []

        def on_sent(e, frames=frames):
            frames.append(("sent", e["timestamp"], b""))

        def on_got(e, frames=frames):
            frames.append(("got", e["timestamp"], base64.b64decode(e["response"]["payloadData"])))

        cdp.on("Network.webSocketFrameSent", on_sent)
        cdp.on("Network.webSocketFrameReceived", on_got)
        cdp.send("Network.enable")
        try:
            open_app(page, url, timeout)
            page.wait_for_timeout(300)
            page.evaluate("() => window.__bench.clearTrace()")
            reader.read()
            frames.clear()
            r = pick_village(page, timeout)
            page.wait_for_timeout(300)
            js = page.evaluate("() => window.__bench.getTrace()")
            events = reader.read()
            seen = list(frames)
            profile, timeline = profiled_pick(browser, page, cdp, timeout)
        finally:
            context.close()
        if not warmup:
            out.append({**browser_record(r, js, seen, events), "profile": profile, "timeline": timeline})
    return out


SECOND_QUERY, SECOND = "trung ha", "Trung Hà"


TIMELINE = {  # renderer main thread's trace events -> what they are
    "UpdateLayoutTree": "style",
    "Layout": "layout",
    "PrePaint": "paint",
    "Paint": "paint",
    "Layerize": "paint",
    "Commit": "paint",
    "MajorGC": "gc",
    "MinorGC": "gc",
    "V8.GC_MC": "gc",
    "FunctionCall": "script",
    "EvaluateScript": "script",
    "v8.run": "script",
    "RunMicrotasks": "script",
}


def timeline_split(raw: bytes) -> dict[str, float]:
    """Seconds on the renderer's main thread by kind; a kind nested in another (a layout forced by
    script) is counted in both: the outermost sum is 'busy'."""
    events = json.loads(raw)
    events = events.get("traceEvents", events) if isinstance(events, dict) else events
    names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events if e.get("name") == "thread_name"}
    main = [e for e in events if names.get((e.get("pid"), e.get("tid"))) == "CrRendererMain" and e.get("ph") == "X"]
    out: dict[str, float] = defaultdict(float)
    for e in main:
        kind = TIMELINE.get(e["name"])
        if kind:
            out[kind] += e.get("dur", 0) / 1e6
    tasks = sorted(
        (e["ts"], e["ts"] + e.get("dur", 0)) for e in main if e["name"] in ("RunTask", "ThreadControllerImpl::RunTask")
    )
    busy, end = 0.0, 0.0
    for a, b in tasks:  # union of the top-level tasks
        if b > end:
            busy += b - max(a, end)
            end = b
    out["busy (all tasks)"] = busy / 1e6
    return dict(out)


def profiled_pick(browser, page, cdp, timeout: float) -> tuple[dict[str, float], dict[str, float]]:
    """A second village pick in the same page under DevTools' JS sampling profiler and Chromium's
    tracing (both slow it, so it is not among the timed picks), from the click to the final state:
    JS self time (s) by script file, and the main thread's time by kind (timeline_split)."""
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 250})
    boxes = page.get_by_test_id("stMain").get_by_test_id("stMultiSelect")  # the overview's (issue #18)
    box = boxes if boxes.count() else page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect")
    box.locator("input").fill(SECOND_QUERY)
    option = page.get_by_role("option").filter(has_text=SECOND)
    option.first.wait_for(timeout=timeout * 1000)
    runs = page.evaluate("() => window.__bench.arm()")
    browser.start_tracing(page=page, categories=["devtools.timeline", "disabled-by-default-devtools.timeline", "v8"])
    cdp.send("Profiler.start")
    option.first.click(timeout=timeout * 1000)
    wait_final(page, timeout, runs=runs, minPlots=1, minMetrics=1, changed=True)
    prof = cdp.send("Profiler.stop")["profile"]
    timeline = timeline_split(browser.stop_tracing())
    page.keyboard.press("Escape")
    where = {}
    for node in prof["nodes"]:
        frame = node["callFrame"]
        url = frame.get("url") or ""
        name = url.rsplit("/", 1)[-1].split("?")[0] if url else frame.get("functionName") or "(native)"
        where[node["id"]] = re.sub(r"\.[\w-]{8}\.js$", ".js", name)  # drop the build hash
    spent: dict[str, float] = defaultdict(float)
    for node, delta in zip(prof.get("samples", []), prof.get("timeDeltas", []), strict=False):
        spent[where.get(node, "?")] += delta / 1e6
    spent.pop("(idle)", None)
    return dict(spent), timeline


def browser_record(r: dict, js: dict, frames: list, events: list[list]) -> dict:
    """Everything in seconds from the pointerdown, on one clock (CLOCK_MONOTONIC)."""
    t0 = r["t0"]
    sends = [s for s in js["sent"] if s[0] >= t0]
    cdp_sent = [f for f in frames if f[0] == "sent"]
    if not sends or not cdp_sent:
        raise RuntimeError("no BackMsg seen after the pointerdown")
    # page time (ms) -> monotonic (s): the BackMsg's send, seen by the page and by DevTools
    offset = cdp_sent[0][1] - sends[0][0] / 1000
    mono0 = t0 / 1000 + offset
    rec = {"send_js": (sends[0][0] - t0) / 1000, "send_cdp": cdp_sent[0][1] - mono0}
    got = [(t - mono0, describe(raw)) for kind, t, raw in frames if kind == "got"]
    start = next((t for t, d in got if d["kind"] == "new_session"), None)
    fin = next((t for t, d in got if d["kind"] == "script_finished"), None)
    deltas = [t for t, d in got if d["path"] is not None]
    rec.update(
        frame_first=got[0][0] if got else None,
        frame_start=start,
        frame_last_delta=deltas[-1] if deltas else None,
        frame_finish=fin,
        js_start=r["runStart"],
        js_finish=r["runEnd"],
        done=(r["tDone"] - t0) / 1000,
        paint=(r["tPaint"] - t0) / 1000,
        bench_final=r["seconds"],
        frames=len(got),
        frame_bytes=sum(d["bytes"] for _, d in got),
    )
    lo, hi = t0, r["tPaint"]
    rec["long_ms"] = sum(min(s + d, hi) - max(s, lo) for s, d in js["long"] if s + d > lo and s < hi)
    fin_js = t0 + r["runEnd"] * 1000
    rec["long_after_finish_ms"] = sum(
        min(s + d, hi) - max(s, fin_js) for s, d in js["long"] if s + d > fin_js and s < hi
    )
    # The page reads a frame only when its main thread is free: pair each frame with the server's
    # serialisation of the same message (same order) and see where the lag grows.
    sers = [(ev[1] + ev[2] - mono0, ev[3][0]) for ev in events if ev[0] == "ser"]
    jumps: dict[str, float] = defaultdict(float)
    if len(sers) == len(got):
        lags = [g[0] - s[0] for g, s in zip(got, sers, strict=True)]
        for i in range(1, len(lags)):
            if lags[i] > lags[i - 1]:
                prev = got[i - 1][1]
                jumps[f"#{i - 1} {prev['kind']}{list(prev['path'] or ())}"] += lags[i] - lags[i - 1]
        rec["lag_last"], rec["lag_first"] = lags[-1], lags[0]
    rec["jumps"] = dict(jumps)
    mut = js.get("mut") or {}
    for key in ("plotFirst", "plotLast", "otherLast"):
        rec["mut_" + key] = None if mut.get(key) is None else (mut[key] - t0) / 1000
    server = split_trace(events, mono0)
    rec.update(
        srv_backmsg=server.get("backmsg"),
        srv_run_start=server.get("run_start"),
        srv_finished_enq=server.get("finished_enq"),
        srv_run_end=server.get("run_end"),
        srv_last_ser=server.get("last_ser"),
    )
    return rec


# ------------------------------------------------------------------------------ report


def med(values) -> float | None:
    values = [v for v in values if isinstance(v, (int, float))]
    return statistics.median(values) if values else None


def _ranked(rows: list[dict], field: str) -> list[tuple[float, str]]:
    """(median over the repeats, key) of a per-key dict field, largest first."""
    keys = {k for r in rows for k in r[field]}
    return sorted(((med([r[field].get(k, 0.0) for r in rows]) or 0.0, k) for k in keys), reverse=True)


def ms(x: float | None) -> str:
    return "—" if x is None else f"{x * 1000:.0f}"


def kb(n: float | None) -> str:
    return "—" if n is None else f"{n / 1024:.1f}"


def server_rows(records: list[dict]) -> dict[str, float | None]:
    """Medians over the reruns of the protocol phase (ms from the client's send)."""

    def col(f):
        return med([f(r) for r in records])

    def srv(key):
        return col(lambda r: r["server"].get(key))

    def first(r, pred):
        return next((d["t"] for d in r["got"] if pred(d)), None)

    def last(r, pred):
        hits = [d["t"] for d in r["got"] if pred(d)]
        return hits[-1] if hits else None

    el_total = col(lambda r: sum(r["server"]["el"].values()))
    body = col(
        lambda r: r["server"]["finished_enq"] - r["server"]["run_start"] if "finished_enq" in r["server"] else None
    )
    return {
        "BackMsg handled by the server": srv("backmsg"),
        "script run starts": srv("run_start"),
        "first ForwardMsg received": col(lambda r: r["got"][0]["t"]),
        "new_session received": col(lambda r: first(r, lambda d: d["kind"] == "new_session")),
        "first main-area delta received": col(lambda r: first(r, lambda d: d["path"] and not d["sidebar"])),
        "last delta received": col(lambda r: last(r, lambda d: d["path"] is not None)),
        "script_finished enqueued (server)": srv("finished_enq"),
        "script_finished received": col(lambda r: r["got"][-1]["t"]),
        "script thread returns (after gc)": srv("run_end"),
        "| script body (start → script_finished enq.)": body,
        "|   st.* element calls (all)": el_total,
        "|     of which plotly to_json": srv("plotly_json"),
        "|     of which Arrow bytes": srv("arrow"),
        "|     of which pandas Styler": srv("styler"),
        "|   our code (body − element calls)": None if body is None or el_total is None else body - el_total,
        "| gc.collect after the run": col(lambda r: r["server"].get("gc", 0.0)),
        "| protobuf serialisation (event loop, sum)": srv("ser"),
        "| script thread CPU": srv("cpu"),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeats", type=int, default=7, help="repeats per phase and side (default 7)")
    ap.add_argument("--smoke", action="store_true", help="1 repeat, to check that the script works (< 60 s)")
    ap.add_argument("--no-browser", action="store_true", help="the protocol phase only")
    ap.add_argument(
        "--reference-option",
        action="append",
        default=[],
        metavar="--section.option=value",
        help="a streamlit option for the reference server, e.g. --runner.postScriptGC=false (repeatable)",
    )
    args = ap.parse_args(argv)
    repeats = 1 if args.smoke else max(1, args.repeats)
    began = time.monotonic()
    print("\n".join(machine_lines()))
    print(f"command:  python bench/rerun_trace.py {' '.join(sys.argv[1:] if argv is None else argv)}".rstrip())
    sides = ("app", "reference")
    proto: dict[str, list[dict]] = {}
    browsed: dict[str, list[dict]] = {}
    with contextlib.ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-rerun-trace-"))
        url, trace = stack.enter_context(traced_server("app", Path(tmp)))
        rurl, rtrace = stack.enter_context(traced_server("reference", Path(tmp), tuple(args.reference_option)))
        servers = {"app": (url, trace), "reference": (rurl, rtrace)}
        for side in sides:
            proto[side] = asyncio.run(protocol_phase(*servers[side], repeats))
        if not args.no_browser:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                for side in sides if not args.smoke else ():  # one unrecorded pick each, first use of the page
                    browser_phase(browser, *servers[side], 1, warmup=True)
                for _ in range(repeats):  # alternate app / reference, as bench/browser.py does
                    for side in sides:
                        browsed.setdefault(side, []).extend(browser_phase(browser, *servers[side], 1))
                browser.close()
    report(proto, browsed, repeats)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\ntotal {time.monotonic() - began:.0f} s; load average at the end {load}")
    if args.smoke:
        ok = all(len([r for r in proto[s] if r["label"] == "add"]) == repeats for s in sides)
        ok = ok and (args.no_browser or all(len(browsed.get(s, [])) == repeats for s in sides))
        print(f"smoke: {'ok' if ok else 'FAILED'}")
        return 0 if ok else 1
    return 0


def report(proto: dict[str, list[dict]], browsed: dict[str, list[dict]], repeats: int) -> None:
    sides = list(proto)
    adds = {s: [r for r in proto[s] if r["label"] == "add"] for s in sides}
    changes = {s: [r for r in proto[s] if not r["label"].startswith("warm")] for s in sides}
    print(f"\n1+2. protocol: {repeats} x (add '{VILLAGE}', remove it) per side after a warm-up; medians in ms from")
    print("     the BackMsg's send (client clock = server clock, CLOCK_MONOTONIC); 'add' / both directions")
    rows = {s: (server_rows(adds[s]), server_rows(changes[s])) for s in sides}
    head = f"{'':<46}" + "".join(f"{s + ' add':>14}{s + ' both':>14}" for s in sides)
    print(head)
    print("-" * len(head))
    for key in rows[sides[0]][0]:
        print(f"{key:<46}" + "".join(f"{ms(rows[s][0][key]):>14}{ms(rows[s][1][key]):>14}" for s in sides))

    print("\n     element calls by kind (ms per rerun, median of 'both'; n calls)")
    for s in sides:
        names = sorted({k for r in changes[s] for k in r["server"]["el"]},
                       key=lambda k: -(med([r["server"]["el"].get(k, 0) for r in changes[s]]) or 0))  # fmt: skip
        n_calls = changes[s][0]["server"]["el_n"]
        parts = [f"{k} {ms(med([r['server']['el'].get(k, 0) for r in changes[s]]))} ({n_calls[k]})" for k in names]
        print(f"  {s:<10} " + ", ".join(parts))

    print("\n     ForwardMsgs of one rerun by kind: count, KiB, of which re-sent unchanged (same bytes, same path)")
    for s in sides:
        r = adds[s][-1]
        by = defaultdict(lambda: [0, 0, 0, 0])
        unchanged = {id(d) for d in r["unchanged"]}
        for d in r["got"]:
            row = by[d["kind"]]
            row[0] += 1
            row[1] += d["bytes"]
            if id(d) in unchanged:
                row[2] += 1
                row[3] += d["bytes"]
        total = sum(v[1] for v in by.values())
        same = sum(v[3] for v in by.values())
        print(f"  {s}: {len(r['got'])} messages, {kb(total)} KiB; unchanged {sum(v[2] for v in by.values())} "
              f"messages, {kb(same)} KiB ({same / max(total, 1):.0%})")  # fmt: skip
        for kind, (n, b, un, ub) in sorted(by.items(), key=lambda kv: -kv[1][1]):
            print(f"    {kind:<22} {n:>3} {kb(b):>8} KiB   unchanged {un:>3} {kb(ub):>8} KiB")
        big = sorted(r["got"], key=lambda d: -d["bytes"])[:5]
        print("    largest: " + "; ".join(
            f"{d['kind']} {kb(d['bytes'])} KiB at {ms(d['t'])} ms{' (unchanged)' if id(d) in unchanged else ''}"
            for d in big))  # fmt: skip
        plotly = [d for d in r["got"] if d["kind"] == "plotly_chart"]
        for d in plotly:
            spec = d["msg"].delta.new_element.plotly_chart.spec
            layout = len(json.dumps(json.loads(spec).get("layout", {})))
            print(f"    plotly spec {kb(len(spec))} KiB JSON (layout alone, re-dumped: {kb(layout)} KiB)")
        timeline = [f"{d['kind']}@{ms(d['t'])}" for d in r["got"]]
        print("    arrival (ms): " + " ".join(timeline))

    if not browsed:
        return
    print(f"\n3. browser: {repeats} village picks per side (fresh context each, bench/browser.py's pick_village);")
    print(
        "   ms from the pointerdown, medians; 'frame' = DevTools' webSocketFrame (renderer), 'js' = the page's handler"
    )
    keys = [
        ("BackMsg sent (page's ws.send)", "send_js"),
        ("server: BackMsg handled", "srv_backmsg"),
        ("server: script run starts", "srv_run_start"),
        ("frame: first ForwardMsg", "frame_first"),
        ("frame: new_session", "frame_start"),
        ("js: new_session handled (browser.py 'run start')", "js_start"),
        ("server: script_finished enqueued", "srv_finished_enq"),
        ("server: last message serialised", "srv_last_ser"),
        ("frame: last delta", "frame_last_delta"),
        ("frame: script_finished", "frame_finish"),
        ("js: script_finished handled (browser.py 'run end')", "js_finish"),
        ("last DOM change in main area outside the charts", "mut_otherLast"),
        ("first DOM change inside a plotly chart", "mut_plotFirst"),
        ("last DOM change inside a plotly chart", "mut_plotLast"),
        ("final DOM state (browser.py 'final')", "done"),
        ("next frame painted", "paint"),
        ("long tasks pointerdown → paint (sum, ms)", "long_ms"),
        ("long tasks after js script_finished (sum, ms)", "long_after_finish_ms"),
    ]
    head = f"{'':<52}" + "".join(f"{s:>12}" for s in browsed)
    print(head)
    print("-" * len(head))
    for label, key in keys:
        vals = {s: med([r.get(key) for r in browsed[s]]) for s in browsed}
        cells = "".join(
            f"{(f'{vals[s]:.0f}' if key.startswith('long') and vals[s] is not None else ms(vals[s])):>12}"
            for s in browsed
        )
        print(f"{label:<52}{cells}")
    print("   where the page's reading of frames fell behind the server's sending: ms of lag added after a")
    print("   message (#index kind [delta path]), median; the main thread was busy with it or what it triggered")
    for s in browsed:
        vals = _ranked(browsed[s], "jumps")
        lag = med([r.get("lag_last") for r in browsed[s]])
        lag0 = med([r.get("lag_first") for r in browsed[s]])
        top = ", ".join(f"{k} +{v * 1000:.0f}" for v, k in vals[:5])
        print(f"  {s:<10} lag at the first frame {ms(lag0)}, at script_finished {ms(lag)} ms; grew most after {top}")
    print("   JS self time by script file, from the pointerdown to the final state (a second pick under")
    print("   DevTools' sampling profiler, median ms; the profiler slows the page, so compare the shares):")
    for s in browsed:
        vals = _ranked(browsed[s], "profile")
        total = med([sum(r["profile"].values()) for r in browsed[s]]) or 0.0
        print(f"  {s:<10} busy {total * 1000:.0f} ms: " + ", ".join(f"{k} {v * 1000:.0f}" for v, k in vals[:8]))
    print(
        "   the same picks' main thread by kind (Chromium tracing, ms, median; script includes the layouts it forced):"
    )
    for s in browsed:
        kinds = sorted({k for r in browsed[s] for k in r["timeline"]})
        print(
            f"  {s:<10} "
            + ", ".join(f"{k} {(med([r['timeline'].get(k, 0.0) for r in browsed[s]]) or 0) * 1000:.0f}" for k in kinds)
        )
    for s in browsed:
        finals = [f"{r['paint'] * 1000:.0f}" for r in browsed[s]]
        print(f"  {s} paint per repeat (ms): {' '.join(finals)}; frames {med([r['frames'] for r in browsed[s]]):.0f}, "
              f"{kb(med([r['frame_bytes'] for r in browsed[s]]))} KiB")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
