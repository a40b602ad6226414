"""A viewer that speaks Streamlit's websocket protocol and draws nothing.

`bench/load.py --browser-sessions K` puts these beside K Chromium sessions: each one makes the
server do what a browser's page switch or filter change makes it do (the same BackMsg
`rerun_script`, the same script run, every ForwardMsg sent back), while costing this machine
almost nothing on the client side. On two cores that separates the server's work for N viewers
from the drawing of N pages, which on a real committee's phones happens on N devices.

What it leaves out of a browser's traffic: the static frontend files (a browser caches them after
its first visit), heartbeats, and files fetched on a click (downloads are made only then). The app
has no lazily delivered tables or media, so every byte of a run's result is on the websocket.

Time of an interaction = from sending the BackMsg to receiving the run's `script_finished`
(what the browser sessions report as "srv run"). Errors: an exception element, a page-not-found
message, a run that ends otherwise than successfully, no answer within the timeout.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import random
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

SIDEBAR = 1  # RootContainer.SIDEBAR: the first entry of a delta's path
GROUP_LABEL = "Nhóm"  # the sidebar select of the target group (campaign.toml groups)
VILLAGES_KEY = "f_villages"  # the app's villages box's key (lib/ui/filters.py): its id ends with it


class ProtocolError(RuntimeError):
    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind, self.detail = kind, detail


@dataclass
class Widget:
    id: str
    options: list[str]
    value: list[str] | str
    fragment: str = ""  # the fragment the widget is drawn in: a change reruns that fragment alone


@dataclass
class RunResult:
    seconds: float
    digest: str = ""  # of the main area's deltas: a filter change must change it
    query: str | None = None  # the URL's query string as the app set it (filters are in it)
    pages: dict[str, str] = field(default_factory=dict)  # "/path" -> page_script_hash
    villages: Widget | None = None
    group: Widget | None = None
    fragment: bool = False  # the run was a fragment's alone (its script_finished says so)
    sidebar: int = 0  # deltas the run sent to the sidebar


def _read_element(msg: ForwardMsg, into: RunResult) -> None:
    """An exception element is an error; the village and group widgets are remembered (the
    villages box is in the sidebar, or on the overview in the page, inside its fragment)."""
    element = msg.delta.new_element
    kind = element.WhichOneof("type")
    if kind == "exception":
        raise ProtocolError("exception", element.exception.message[:300])
    in_sidebar = bool(msg.metadata.delta_path) and msg.metadata.delta_path[0] == SIDEBAR
    if (
        kind == "multiselect"
        and into.villages is None
        and (in_sidebar or element.multiselect.id.endswith(VILLAGES_KEY))
    ):
        w = element.multiselect
        into.villages = Widget(w.id, list(w.options), [w.options[i] for i in w.default], msg.delta.fragment_id)
    if not in_sidebar:
        return
    if kind == "selectbox" and GROUP_LABEL in element.selectbox.label:
        w = element.selectbox
        into.group = Widget(w.id, list(w.options), w.options[w.default] if w.HasField("default") else "")


async def run(ws, back: BackMsg, timeout: float) -> RunResult:
    """Send one rerun request; read until that run's script_finished."""
    started = time.perf_counter()
    await ws.send(back.SerializeToString())
    result = RunResult(0.0)
    seen_start = False
    main = hashlib.blake2b(digest_size=16)
    deadline = started + timeout
    while True:
        left = deadline - time.perf_counter()
        if left <= 0:
            raise ProtocolError("timeout", f"no script_finished within {timeout:g} s")
        msg = ForwardMsg()
        msg.ParseFromString(await asyncio.wait_for(ws.recv(), left))
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            seen_start = True
        elif kind == "navigation":
            pages = {"/" + p.url_pathname.strip("/"): p.page_script_hash for p in msg.navigation.app_pages}
            if any(p != "/" for p in pages):  # the app's own pages (the first message lists the files)
                result.pages = pages
        elif kind == "page_info_changed":
            result.query = msg.page_info_changed.query_string
        elif kind == "page_not_found":
            raise ProtocolError("dialog", f"page not found: {msg.page_not_found.page_name}")
        elif kind == "delta" and seen_start:
            _read_element(msg, result)
            if msg.metadata.delta_path and msg.metadata.delta_path[0] != SIDEBAR:
                main.update(msg.delta.SerializeToString())
            elif msg.metadata.delta_path:
                result.sidebar += 1
        elif kind == "script_finished" and seen_start:
            status = msg.script_finished
            if status not in (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
                raise ProtocolError("script", f"run ended with status {status}")
            result.fragment = status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
            result.seconds = time.perf_counter() - started
            result.digest = main.hexdigest()
            return result


def rerun(page_hash: str = "", widget: Widget | None = None, query: str = "") -> BackMsg:
    """The request a browser sends: the page, the URL's query string, the widget that changed
    (the server keeps the other widgets' values from the previous run)."""
    back = BackMsg()
    state = back.rerun_script
    state.query_string = query
    state.page_script_hash = page_hash
    if widget is not None and widget.fragment:
        state.fragment_id = widget.fragment
    if widget is not None:
        w = state.widget_states.widgets.add()
        w.id = widget.id
        if isinstance(widget.value, list):
            w.string_array_value.data.extend(widget.value)
        else:
            w.string_value = widget.value
    return back


class ProtocolViewer:
    """One session over one websocket; remembers the page it is on and the sidebar's filters."""

    def __init__(self, url: str, rng: random.Random, timeout: float, cookie: str = "") -> None:
        """`cookie`: sent with the websocket's handshake (a route id pins it to one replica
        behind deploy/nginx.conf, as a browser's cookie does)."""
        self.ws_url = url.replace("http://", "ws://", 1) + "/_stcore/stream"
        self.rng, self.timeout, self.cookie = rng, timeout, cookie
        self.ws = None
        self.pages: dict[str, str] = {}
        self.villages: Widget | None = None
        self.group: Widget | None = None
        self.path, self.digest, self.query = "/", "", ""

    async def _run(self, back: BackMsg) -> RunResult:
        result = await run(self.ws, back, self.timeout)
        self.path = next((p for p, h in self.pages.items() if h == back.rerun_script.page_script_hash), "/")
        self.digest = result.digest
        self.query = self.query if result.query is None else result.query
        self.pages = result.pages or self.pages
        # The server echoes defaults, not choices: keep our own value of a widget we know.
        for name in ("villages", "group"):
            seen, known = getattr(result, name), getattr(self, name)
            if seen is not None and (known is None or known.id != seen.id):
                setattr(self, name, seen)
            elif seen is not None:
                known.options = seen.options
        return result

    async def _changed(self, path: str, back: BackMsg) -> RunResult:
        before = self.digest if self.path == path else None
        result = await self._run(back)
        if result.digest == before:
            raise ProtocolError("unchanged", f"the filter change left {path} as it was")
        return result

    async def open(self) -> RunResult:
        await self.close()
        self.query = ""
        self.ws = await asyncio.wait_for(
            websockets.connect(
                self.ws_url,
                subprotocols=["streamlit"],
                max_size=None,
                additional_headers={"Cookie": self.cookie} if self.cookie else None,
            ),
            self.timeout,
        )
        return await self._run(rerun())

    async def nav(self, path: str) -> RunResult:
        if path not in self.pages:
            raise ProtocolError("no-page", f"{path} not among {sorted(self.pages)}")
        return await self._run(rerun(self.pages[path], query=self.query))

    async def village(self, path: str) -> RunResult:
        w = self.villages
        if w is None:
            raise ProtocolError("no-option", "no village multiselect on the page")
        chosen = list(w.value)
        if len(chosen) >= 2:
            chosen.pop(self.rng.randrange(len(chosen)))
        else:
            chosen.append(self.rng.choice([o for o in w.options if o not in chosen]))
        result = await self._changed(
            path, rerun(self.pages.get(path, ""), Widget(w.id, w.options, chosen, w.fragment), self.query)
        )
        self.villages = Widget(w.id, w.options, chosen, w.fragment)
        return result

    async def group_change(self, path: str) -> RunResult:
        w = self.group
        if w is None or len(w.options) < 2:
            raise ProtocolError("no-option", "no group select with two options in the sidebar")
        value = self.rng.choice([o for o in w.options if o != w.value])
        result = await self._changed(path, rerun(self.pages.get(path, ""), Widget(w.id, w.options, value), self.query))
        self.group = Widget(w.id, w.options, value)
        return result

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):  # a closed or broken socket: nothing left to close
                await asyncio.wait_for(self.ws.close(), 5)
            self.ws = None
