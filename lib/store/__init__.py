"""Every read kept: snapshots of validated reads in SQLite (default) or PostgreSQL.

    engine = open_store(url)                      # None: data/store/snapshots.sqlite3
    sid = record(engine, ds, campaign_text, "gsheets:…", read_at)
    ds2 = load(engine, sid)                       # the same figures as ds

See schema.py for the tables, codec.py for how tables become content-addressed chunks,
snapshots.py for what is (and is not) stored, docs/history.md for the rules of changes.
"""

from lib.store.schema import DEFAULT_PATH, SCHEMA_VERSION, StoreError, open_store
from lib.store.settings import StoreSettings, settings_from_secrets, source_label
from lib.store.snapshots import (
    RETENTION_DAYS,
    SnapshotId,
    SnapshotInfo,
    campaign_of,
    campaign_text,
    info,
    latest,
    latest_source,
    list_snapshots,
    load,
    now,
    prune,
    record,
    store_size,
    village_figures,
)

__all__ = [
    "DEFAULT_PATH",
    "RETENTION_DAYS",
    "SCHEMA_VERSION",
    "SnapshotId",
    "SnapshotInfo",
    "StoreError",
    "StoreSettings",
    "campaign_of",
    "campaign_text",
    "info",
    "latest",
    "latest_source",
    "list_snapshots",
    "load",
    "now",
    "open_store",
    "prune",
    "record",
    "settings_from_secrets",
    "source_label",
    "store_size",
    "village_figures",
]
