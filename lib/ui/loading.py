"""Where the figures come from: the sample, the live Google Sheet or a session's upload, read
and validated once per content for every viewer, with the last good data kept when a read
fails (a banner says why)."""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import time
import uuid
import weakref
from dataclasses import dataclass, replace

import pandas as pd
import streamlit as st

from lib import clock, pipeline
from lib.campaign import Campaign
from lib.dataset import Dataset, RawWorkbook
from lib.errors import FileError, ShapeError, SourceError
from lib.markup import plain
from lib.quality import Shrunk, shrunk_tabs
from lib.sources.files import read_bytes, read_files
from lib.sources.gsheets import SheetConfig
from lib.sources.held_uploads import HeldUploads
from lib.sources.live import LiveSource, Snapshot
from lib.sources.problems import Problem, scrub, shape_problem
from lib.sources.sample import read_sample
from lib.texts import t
from lib.ui import config as ui_config
from lib.ui import history, province
from lib.ui.state import SourceStatus

# ------------------------------------------------------------------------------ caches


@st.cache_resource
def _live(key: str, _config: SheetConfig) -> LiveSource:
    """One LiveSource per configured sheet for the whole server (all sessions share it)."""
    return LiveSource(
        lambda count: pipeline.sheet_reader(_config, ui_config.get_campaign().limits, count),
        ttl=_config.ttl,
        email=_config.email,
        shared=history.shared_reads(_config),  # one read per TTL for all the app's processes
    )


@st.cache_resource(max_entries=8, show_spinner=False)
def _validated(_raw: RawWorkbook, token: str, today: dt.date) -> Dataset:
    """Validation runs once per distinct content read (token), shared by every session."""
    return pipeline.dataset(_raw, ui_config.get_campaign(), today)


@st.cache_resource(show_spinner=False)
def _sample_raw() -> RawWorkbook:
    return read_sample()


@st.cache_data(show_spinner=False)
def _template(_campaign: Campaign, campaign_name: str) -> bytes:
    from lib.template import template_xlsx  # only when the sidebar is drawn

    return template_xlsx(_campaign)


def live_source(config: SheetConfig) -> LiveSource:
    identity = f"{config.spreadsheet_id}|{config.email}|{config.api_base_url}|{config.docs_base_url}|{config.ttl}"
    key = hashlib.sha256(identity.encode()).hexdigest()
    return _live(key, config)


# ------------------------------------------------------------------------------ source


@dataclass(frozen=True)
class _UploadRead:
    """A session's upload as read and validated, held for that session only (HeldUploads: each
    was ~1,3 GB for a 1M-row file), so it goes when the session ends or drops the upload, or
    when the server needs the room; it is read again only for another file or another day."""

    upload: tuple  # what st.session_state["upload"] held
    key: tuple[str, dt.date]  # its digest, today
    dataset: Dataset
    status: SourceStatus


def _validated_upload(upload: tuple, today: dt.date) -> _UploadRead:
    """Read and validate an upload, st.session_state["upload"]: (the file's name, its bytes), or
    for several .csv files (their names, ((name, bytes), ...)), within lib.sources.limits. A
    cell no rule foresaw gives no figures and a banner saying why; a file that cannot be read at
    all (over a cap, damaged, unknown encoding) or changed shape raises, and is refused."""
    name, data = upload
    status = SourceStatus("file", name, read_at=time.time())
    key = (_digest(data), today)
    try:
        limits = ui_config.get_campaign().limits  # campaign.toml's [limits]
        raw = read_bytes(data, name, limits=limits) if isinstance(data, bytes) else read_files(data, limits=limits)
        return _UploadRead(upload, key, pipeline.dataset(raw, ui_config.get_campaign(), today), status)
    except SourceError:
        raise
    except Exception as exc:  # shown as a banner with a scrubbed detail, never a traceback
        problem = Problem("bad_data", scrub(f"{type(exc).__name__}: {exc}"))
    return _UploadRead(upload, key, _empty("file", today), replace(status, problem=problem))


def _refusal(exc: SourceError, upload: tuple, lang: str) -> str:
    """Why an upload was refused, file text kept literal in Markdown; a changed-shape .csv
    upload also says which files make a workbook."""
    if not isinstance(exc, FileError | ShapeError):
        return plain(exc.message(lang))
    message = exc.message(lang, plain)
    name, data = upload
    if isinstance(exc, ShapeError) and (not isinstance(data, bytes) or name.lower().endswith(".csv")):
        names = [name] if isinstance(data, bytes) else [n for n, _ in data]
        return _csv_hint(names, lang) + " " + message  # what to do first: the shape's details after
    return message


def _csv_hint(names: list[str], lang: str) -> str:
    """Which .csv files make a workbook (one per tab the contract needs or expects), and which
    of them the upload lacks: a lone Thon.csv is one tab, not a workbook whose shape changed."""
    wanted = [f"{spec.name}.csv" for spec in ui_config.tab_specs() if spec.presence != "optional"]
    chosen = {n.strip().lower() for n in names}
    missing = [f for f in wanted if f.lower() not in chosen]
    key = "sourcepage.upload_csv_missing" if missing else "sourcepage.upload_csv_hint"
    return t(key, lang, files=", ".join(wanted), missing=", ".join(missing))


@st.cache_resource(max_entries=8, show_spinner=False)
def _empty(kind: str, today: dt.date) -> Dataset:
    """No figures at all (one object, so what pages derive from it is cached like the rest)."""
    return pipeline.dataset(RawWorkbook({}, kind, ""), ui_config.get_campaign(), today)


@dataclass(frozen=True)
class _Good:
    dataset: Dataset
    read_at: float | None
    shrunk: tuple[Shrunk, ...]  # against the good read before it


@st.cache_resource
def _last_good() -> dict[str, _Good]:
    """The latest dataset each source validated, shown again if a new read cannot be used."""
    return {}


def _guarded(source: str, status: SourceStatus, compute) -> tuple[Dataset, SourceStatus]:
    """A read that changed shape, or a cell no rule foresaw, never takes the dashboard down:
    the last good figures (or none) stay, with the reason in a banner. A good read that lost
    most of a tab's rows is shown, with a warning that stays as long as it is the latest."""
    try:
        ds = compute()
    except ShapeError as exc:  # names the tab or column; sheet text kept literal in Markdown
        return _fallback(source, status, shape_problem(exc))
    except SourceError:
        raise
    except Exception as exc:  # shown as a banner with a scrubbed detail, never a traceback
        return _fallback(source, status, Problem("bad_data", scrub(f"{type(exc).__name__}: {exc}"), status.email))
    good = _last_good().get(source)
    if good is None or good.dataset is not ds:
        shrunk = tuple(shrunk_tabs(good.dataset, ds)) if good is not None else ()
        good = _last_good()[source] = _Good(ds, status.read_at, shrunk)
    history.record_read(source, ds, status)  # once per read: see the snapshot store section at the end
    return ds, replace(status, shrunk=good.shrunk)


def _fallback(source: str, status: SourceStatus, problem: Problem) -> tuple[Dataset, SourceStatus]:
    """The last good figures of `source` (or none), with the problem and that read's time."""
    good = _last_good().get(source)
    if good is None:
        return _empty(status.kind, clock.today()), replace(status, problem=problem, read_at=None)
    return good.dataset, replace(status, problem=problem, read_at=good.read_at)


def _digest(data: bytes | tuple[tuple[str, bytes], ...]) -> str:
    """sha256 of the uploaded file (or files, with their names), computed once per upload (not
    on every rerun)."""
    known = st.session_state.get("_upload_digest")
    if known is None or known[0] is not data:
        digest = hashlib.sha256(data if isinstance(data, bytes) else b"")
        for name, body in () if isinstance(data, bytes) else data:
            digest.update(name.encode() + b"\0")
            digest.update(body)
        known = (data, digest.hexdigest())
        st.session_state["_upload_digest"] = known
    return known[1]


class _Handle:
    """This session's claim on its upload in the server's HeldUploads: when the session ends
    its state is collected, and with it this handle, which lets the upload go."""

    def __init__(self, held: HeldUploads) -> None:
        self.key = uuid.uuid4().hex
        weakref.finalize(self, held.drop, self.key)


@st.cache_resource
def _held_uploads() -> HeldUploads:
    return HeldUploads(ui_config.get_campaign().limits.uploads_total_mb << 20)


def _upload_key() -> str:
    if "_upload_handle" not in st.session_state:
        st.session_state["_upload_handle"] = _Handle(_held_uploads())
    return st.session_state["_upload_handle"].key


def _size(read: _UploadRead) -> int:
    """What holding an upload costs: its bytes and its validated tables."""
    data = read.upload[1]
    raw = len(data) if isinstance(data, bytes) else sum(len(body) for _, body in data)
    frames = [v for v in vars(read.dataset).values() if isinstance(v, pd.DataFrame)]
    return raw + int(sum(f.memory_usage(index=True, deep=True).sum() for f in {id(f): f for f in frames}.values()))


def held_upload() -> _UploadRead | None:
    """This session's upload as read and validated, if the server still holds it."""
    return _held_uploads().get(_upload_key())


def _load(today: dt.date, refresh: bool, lang: str) -> tuple[Dataset, SourceStatus]:
    held_uploads, key = _held_uploads(), _upload_key()
    if held_uploads.was_dropped(key):  # the server needed the room: say so, show the main source
        for name in ("upload", "_upload_digest"):
            st.session_state.pop(name, None)
        st.warning(t("sourcepage.upload_dropped", lang), icon=":material/memory:")
    upload = st.session_state.get("upload")
    held = held_uploads.get(key)
    if upload is None:  # none, or dropped: its figures and bytes go with it
        held_uploads.drop(key)
        st.session_state.pop("_upload_digest", None)
    elif held is None or held.key != (_digest(upload[1]), today):
        try:
            held = _validated_upload(upload, today)
            held_uploads.put(key, held, _size(held))
        except SourceError as exc:  # not read, or changed shape: the figures shown stay
            st.error(_refusal(exc, upload, lang))
            if held is not None and held.upload is not upload:  # this session's earlier upload
                st.session_state["upload"] = upload = held.upload
                st.session_state["_upload_digest"] = (upload[1], held.key[0])
            else:  # the main source's
                for name in ("upload", "_upload_digest"):
                    st.session_state.pop(name, None)
                held_uploads.drop(key)
                upload = held = None
    if upload is not None and held is not None:
        return held.dataset, held.status
    if province.active():  # the commune the view shows, as the server's refresher last read it
        return province.commune_data(today, refresh, lang)
    config = ui_config.sheet_config()
    if config is None:
        raw = _sample_raw()
        return _guarded("sample", SourceStatus("sample", raw.title), lambda: _validated(raw, "sample", today))
    live = live_source(config)
    with st.spinner(t("source.reading", lang)):
        snap = live.snapshot(force=refresh)
    status = _status(config, live, snap)
    raw = snap.raw or RawWorkbook({}, "gsheet" if not config.public else "public", "")
    token = _read_token(config.spreadsheet_id, snap.read_at, raw)
    return _guarded(config.spreadsheet_id, status, lambda: _validated(raw, token, today))


@st.cache_resource(max_entries=16, show_spinner=False)
def _read_token(spreadsheet_id: str, read_at: float | None, _raw: RawWorkbook) -> str:
    """One read's token: a digest of what it holds, computed once per read. A new read of an
    unchanged sheet (the usual case, every TTL) then keeps its validated dataset and every
    table and chart derived from it, instead of validating and computing them all again.

    marshal writes each cell with its type (1, 1.0 and TRUE differ) and is fast (about 0.4 s
    for 10 million cells); equal digests mean equal content.
    """
    try:
        content = marshal.dumps((_raw.title, _raw.tabs), 2)
    except ValueError:  # a cell marshal cannot write (a date from an .xlsx export): per read
        return f"{spreadsheet_id}:{read_at}"
    return f"{spreadsheet_id}:{hashlib.sha256(content).hexdigest()}"


def _status(config: SheetConfig, live: LiveSource, snap: Snapshot) -> SourceStatus:
    return SourceStatus(
        kind="public" if config.public else "gsheet",
        title=snap.raw.title if snap.raw else "",
        read_at=snap.read_at,
        problem=snap.problem,
        email=config.email,
        requests_last_hour=live.requests_last_hour(),
        throttled_for=live.seconds_until_refresh() if snap.throttled else 0.0,
        spreadsheet_id=config.spreadsheet_id,
        ttl=config.ttl,
    )
