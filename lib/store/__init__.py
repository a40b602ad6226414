"""Every read kept: snapshots of validated reads in SQLite (default) or PostgreSQL.

    engine = open_store(url)                      # None: data/store/snapshots.sqlite3
    sid = record(engine, ds, campaign_text, "gsheets:…", read_at)
    ds2 = load(engine, sid)                       # the same figures as ds

See schema.py for the tables, codec.py for how tables become content-addressed chunks,
snapshots.py for what is (and is not) stored, recording.py (record), loading.py (load),
listing.py (info, list, latest), retention.py (prune), per_village.py (village figures),
docs/history.md for the rules of changes.
"""

from lib.store.listing import info, latest, latest_source, list_snapshots
from lib.store.loading import campaign_of, campaign_text, load
from lib.store.per_village import village_figures
from lib.store.recording import record
from lib.store.retention import prune, store_size
from lib.store.schema import DEFAULT_PATH, SCHEMA_VERSION, StoreError, open_store
from lib.store.settings import StoreSettings, settings_from_secrets, source_label
from lib.store.snapshots import RETENTION_DAYS, SnapshotId, SnapshotInfo, now

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
