"""The snapshot store (issue #16) as the app uses it: every good read recorded once, the
Thay đổi page's comparisons; a store fault is logged and never breaks a page."""

from __future__ import annotations

import datetime as dt
import time
from typing import TYPE_CHECKING, Any

import streamlit as st

from lib import clock, metrics
from lib.dataset import Dataset
from lib.sources.problems import scrub
from lib.ui import config as ui_config
from lib.ui.state import SourceStatus, dataset_token

if TYPE_CHECKING:
    from lib.sources.gsheets import SheetConfig
    from lib.store.shared_reads import SharedReads

# ---- snapshot store (issue #16)
#
# Every good read of the main source (the Google Sheet, or the bundled sample) is kept in the
# snapshot store (lib/store): `[store]` in secrets.toml, else the URL in IHATINH_STORE_URL (the
# tests point it at a temporary folder), else SQLite in data/store/. A session's upload is not
# kept: it is one viewer's file, not the commune's sheet, and never enters another viewer's
# figures either. A store that cannot be opened or written is logged (one line, no password)
# and the pages go on serving: the history is a record, not a condition of the dashboard.

STORE_ENV = "IHATINH_STORE_URL"


def _store_settings():
    import os

    from lib.store import StoreSettings, settings_from_secrets

    settings = settings_from_secrets(ui_config._secrets())
    if settings.url is None and os.environ.get(STORE_ENV):
        settings = StoreSettings(url=os.environ[STORE_ENV], retention_days=settings.retention_days)
    return settings


@st.cache_resource(show_spinner=False)
def _store_engine(url: str | None) -> Any:
    from lib.store import open_store

    return open_store(url)


def snapshot_store() -> Any | None:
    """The store's engine, or None (with a logged warning) when it cannot be opened."""
    try:
        return _store_engine(_store_settings().url)
    except Exception as exc:  # the store down: pages keep serving
        _store_warning("open", exc)
        return None


def shared_reads(config: SheetConfig) -> SharedReads:
    """The store's row of this sheet's latest read, shared by every process of the app (see
    lib/store/shared_reads.py); the store is asked for at each use, so one that comes back after
    an outage is used again."""
    from lib.store.shared_reads import SharedReads, sheet_key

    private_key = str((config.key or {}).get("private_key", ""))
    return SharedReads(
        lambda: _store_engine(_store_settings().url),
        store_source(config.spreadsheet_id),
        sheet_key(config.spreadsheet_id, private_key),
    )


def _store_warning(what: str, exc: BaseException) -> None:
    import logging

    from lib.privacy import mask_text
    from lib.store.schema import redacted_url

    detail = redacted_url(str(exc).splitlines()[0] if str(exc) else "")
    logging.getLogger(__name__).warning(
        "snapshot store (%s) failed: %s: %s", what, type(exc).__name__, mask_text(scrub(detail))
    )


@st.cache_resource(show_spinner=False)
def _campaign_text() -> str:
    from lib.campaign import DEFAULT_PATH

    return DEFAULT_PATH.read_text(encoding="utf-8")


@st.cache_resource(show_spinner=False)
def _recorded() -> dict[tuple, int | None]:
    """The reads already handed to the store (a few hundred keys at most), so a rerun or a
    second viewer of the same read never records it again."""
    return {}


def store_source(source: str | None = None) -> str:
    """The main source's name in the store: 'sample', or 'gsheets:' and a hash of the sheet's ID."""
    from lib.store import source_label

    if source is None:
        from lib.ui import province

        commune = province.commune_store_source()  # province mode: the commune the view shows
        if commune is not None:
            return source_label(*commune)
        config = ui_config.sheet_config()
        source = "sample" if config is None else config.spreadsheet_id
    return "sample" if source == "sample" else source_label("gsheets", source)


def _read_moment(read_at: float | None) -> dt.datetime:
    """A read's time as the store keeps it: the commune's wall clock on `clock.today()`."""
    wall = dt.datetime.fromtimestamp(read_at if read_at is not None else time.time(), clock.ZONE)
    return dt.datetime.combine(clock.today(), wall.time().replace(microsecond=0))


def record_read(source: str, ds: Dataset, status: SourceStatus) -> None:
    """Keep a good read of the main source in the store, once per read (a new read of an
    unchanged sheet only moves its snapshot's 'last checked'). Never raises."""
    if source != "sample" and (status.problem is not None or status.read_at is None):
        return
    key = (source, dataset_token(ds), status.read_at)
    done = _recorded()
    if key in done:
        return
    done[key] = None  # tried once, whatever happens: a store that is down is not asked again per rerun
    if len(done) > 256:
        for old in list(done)[:128]:
            done.pop(old, None)
    try:
        from lib.store import record

        engine = snapshot_store()
        if engine is None:
            return
        settings = _store_settings()
        done[key] = record(
            engine,
            ds,
            _campaign_text(),
            store_source(source),
            _read_moment(status.read_at),
            retention_days=settings.retention_days,
        )
    except Exception as exc:  # the store down or full: pages keep serving
        _store_warning("record", exc)


def stored_reads() -> list | None:
    """The main source's snapshots in read order; None when the store cannot be read."""
    from lib.store import list_snapshots

    engine = snapshot_store()
    if engine is None:
        return None
    try:
        return list_snapshots(engine, store_source())
    except Exception as exc:
        _store_warning("list", exc)
        return None


@st.cache_resource(max_entries=4, show_spinner=False)
def _stored_dataset(url: str | None, snapshot_id: int) -> Dataset:
    from lib.store import load

    return load(_store_engine(url), snapshot_id)


@st.cache_data(max_entries=32, show_spinner=False)
def _changes(url: str | None, from_id: int, to_id: int) -> dict:
    from lib import changes
    from lib.store import campaign_of, info

    engine = _store_engine(url)
    old, new = info(engine, from_id), info(engine, to_id)
    campaign = campaign_of(engine, to_id)
    old_ds, new_ds = _stored_dataset(url, from_id), _stored_dataset(url, to_id)
    return changes.diff(old_ds, new_ds, campaign, old.read_at, new.read_at)


def stored_changes(from_id: int, to_id: int) -> dict | None:
    """`lib.changes.diff` between two stored reads (kept per pair); None when the store fails."""
    try:
        return _changes(_store_settings().url, int(from_id), int(to_id))
    except Exception as exc:
        _store_warning("changes", exc)
        return None


@st.cache_data(max_entries=32, show_spinner=False)
def _history(url: str | None, reads: tuple[tuple[int, dt.datetime], ...], village: str) -> dict:
    from lib import changes
    from lib.store import campaign_of, village_figures

    engine = _store_engine(url)
    newest, newest_at = reads[-1]
    figures = village_figures(engine, [i for i, _ in reads])
    pairs = [(at, figures[i]) for i, at in reads if i in figures]
    ds = _stored_dataset(url, newest)
    until = metrics.default_as_of(ds, newest_at.date())
    return changes.village_history(pairs, ds, campaign_of(engine, newest), village, until)


def stored_history(snapshots: list, village: str) -> dict | None:
    """One village's coverage over read time and by report date (`lib.changes.village_history`)."""
    try:
        return _history(_store_settings().url, tuple((int(s.id), s.read_at) for s in snapshots), village)
    except Exception as exc:
        _store_warning("history", exc)
        return None


def store_now() -> dt.datetime:
    """Now as the store counts time (the commune's clock on `clock.today()`)."""
    from lib.store import now

    return now()


def stored_village_names(snapshot_id: int) -> list[str]:
    """The villages of a stored read (tab Thon's order); [] when the store fails."""
    try:
        return list(_stored_dataset(_store_settings().url, int(snapshot_id)).village_names)
    except Exception as exc:
        _store_warning("villages", exc)
        return []
