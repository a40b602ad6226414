"""`streamlit run`, with timers around Streamlit's own internals (for bench/rerun_trace.py).

    python bench/rerun_trace_server.py TRACE.jsonl run SCRIPT [streamlit options...]

Nothing of the app is touched: before Streamlit's command line starts, this wraps a few of
Streamlit's and plotly's functions so that each call appends one JSON line to TRACE.jsonl:

  backmsg     AppSession.handle_backmsg (the event loop received a BackMsg)
  run_start / run_end   ScriptRunner._run_script (the script thread's whole run; run_end carries
              the thread's CPU seconds)
  el          a public DeltaGenerator call (st.metric, st.table, st.plotly_chart...), outermost
              only (an element drawn inside another's call counts in the outer one)
  plotly_json plotly.io.to_json (the figure's JSON, inside st.plotly_chart)
  arrow       dataframe_util.convert_*_to_arrow_bytes (inside st.table / st.dataframe)
  styler      pandas_styler_utils.marshall_styler (a Styler's CSS and display values)
  enq         AppSession._enqueue_forward_msg (a message handed to the browser queue; script_finished
              among them)
  gc          the gc.collect(2) Streamlit runs after a script when runner.postScriptGC is on
  ser         serialize_forward_msg on the event loop (protobuf to bytes, right before the send)

Times are time.perf_counter() (CLOCK_MONOTONIC on Linux: the same clock as the client's and as
Chromium's DevTools timestamps on this machine), so the client lines its own events up with them.
"""

from __future__ import annotations

import functools
import json
import sys
import threading
import time


def main() -> None:
    trace_path, argv = sys.argv[1], sys.argv[2:]
    out = open(trace_path, "a", buffering=1, encoding="utf-8")  # noqa: SIM115 (open for the process's life)
    lock = threading.Lock()
    local = threading.local()

    def emit(*fields) -> None:
        line = json.dumps(fields)
        with lock:
            out.write(line + "\n")

    def timed(kind: str, fn, size=None):
        """Outermost calls only (convert_anything_to_arrow_bytes calls its siblings)."""

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            if getattr(local, kind, False):
                return fn(*args, **kwargs)
            setattr(local, kind, True)
            t0 = time.perf_counter()
            try:
                return (result := fn(*args, **kwargs))
            finally:
                setattr(local, kind, False)
                n = size(result) if size is not None and "result" in locals() else 0
                emit(kind, t0, time.perf_counter() - t0, n)

        return wrapper

    import plotly.io
    import streamlit as st
    from streamlit import dataframe_util
    from streamlit.delta_generator import DeltaGenerator
    from streamlit.elements.lib import pandas_styler_utils
    from streamlit.elements.lib.pandas_styler_utils import marshall_styler
    from streamlit.runtime import app_session
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.web.server.starlette import starlette_websocket

    # -- the script thread
    run_script = script_runner.ScriptRunner._run_script

    def _run_script(self, rerun_data):
        emit("run_start", time.perf_counter(), 0, 0)
        cpu = time.thread_time()
        try:
            return run_script(self, rerun_data)
        finally:
            emit("run_end", time.perf_counter(), time.thread_time() - cpu, 0)

    script_runner.ScriptRunner._run_script = _run_script

    class _GC:  # stands in for the gc module inside script_runner only
        def __getattr__(self, name):
            import gc

            return getattr(gc, name)

        def collect(self, *args):
            import gc

            t0 = time.perf_counter()
            try:
                return gc.collect(*args)
            finally:
                emit("gc", t0, time.perf_counter() - t0, 0)

    script_runner.gc = _GC()

    def element(name: str, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            if getattr(local, "depth", 0):
                return fn(*args, **kwargs)
            local.depth = 1
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                local.depth = 0
                emit("el", t0, time.perf_counter() - t0, name)

        return wrapper

    for name in dir(DeltaGenerator):
        attr = getattr(DeltaGenerator, name, None)
        if name.startswith("_") or not callable(attr) or isinstance(attr, type):
            continue
        if isinstance(DeltaGenerator.__dict__.get(name), property) or name in ("id",):
            continue
        setattr(DeltaGenerator, name, element(name, attr))
    main_dg = getattr(st, "_main", None)
    if main_dg is not None:  # st.metric & co. were bound to _main's methods at import
        for name in dir(st):
            value = getattr(st, name, None)
            if getattr(value, "__self__", None) is main_dg:
                setattr(st, name, getattr(main_dg, name))
    sidebar = getattr(st, "sidebar", None)  # a DeltaGenerator instance: its methods come from the class
    del sidebar

    plotly.io.to_json = timed("plotly_json", plotly.io.to_json, len)
    for name in ("convert_anything_to_arrow_bytes", "convert_pandas_df_to_arrow_bytes",
                 "convert_arrow_table_to_arrow_bytes"):  # fmt: skip
        if hasattr(dataframe_util, name):
            setattr(dataframe_util, name, timed("arrow", getattr(dataframe_util, name), len))
    pandas_styler_utils.marshall_styler = timed("styler", marshall_styler)
    from streamlit.elements import arrow, table

    for module in (arrow, table):
        if getattr(module, "marshall_styler", None) is marshall_styler:
            module.marshall_styler = pandas_styler_utils.marshall_styler

    # -- the event loop
    enqueue = app_session.AppSession._enqueue_forward_msg

    def _enqueue(self, msg):
        kind = msg.WhichOneof("type")
        emit("enq", time.perf_counter(), 0, kind)
        return enqueue(self, msg)

    app_session.AppSession._enqueue_forward_msg = _enqueue

    handle = app_session.AppSession.handle_backmsg

    def handle_backmsg(self, msg):
        emit("backmsg", time.perf_counter(), 0, msg.WhichOneof("type"))
        return handle(self, msg)

    app_session.AppSession.handle_backmsg = handle_backmsg

    serialize = starlette_websocket.serialize_forward_msg

    def serialize_forward_msg(msg):
        t0 = time.perf_counter()
        payload = serialize(msg)
        kind = msg.WhichOneof("type")
        if kind == "delta":
            d = msg.delta.WhichOneof("type")
            kind = f"delta.{msg.delta.new_element.WhichOneof('type')}" if d == "new_element" else f"delta.{d}"
        emit("ser", t0, time.perf_counter() - t0, [kind, len(payload)])
        return payload

    starlette_websocket.serialize_forward_msg = serialize_forward_msg

    from streamlit.web import cli

    sys.argv = ["streamlit", *argv]
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
