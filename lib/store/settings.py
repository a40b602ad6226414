"""Where the store is and how long it keeps snapshots (`[store]` in .streamlit/secrets.toml),
and how a source is named in it.

    [store]
    url = "postgresql://user:password@host:5432/ihatinh"   # none: SQLite in data/store/
    retention_days = 90                                    # after the campaign's end
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lib.store.schema import StoreError
from lib.store.snapshots import RETENTION_DAYS


@dataclass(frozen=True)
class StoreSettings:
    url: str | None = None  # None: SQLite at data/store/snapshots.sqlite3
    retention_days: int = RETENTION_DAYS


def settings_from_secrets(secrets: Mapping[str, Any]) -> StoreSettings:
    """The `[store]` table of secrets.toml (absent: the defaults)."""
    section = secrets.get("store") or {}
    if not isinstance(section, Mapping):
        raise StoreError('Mục [store] trong secrets.toml phải là một bảng (url = "postgresql://…").')
    url = str(section.get("url", "")).strip() or None
    days = section.get("retention_days", RETENTION_DAYS)
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise StoreError(f"[store] retention_days phải là một số ngày (số nguyên ≥ 0), không phải {days!r}.")
    return StoreSettings(url=url, retention_days=days)


def source_label(kind: str, where: str | Path | None = None) -> str:
    """How a source is named in the store: 'sample'; 'file:<absolute path>'; for a Google
    Sheet 'gsheets:' and a hash of its ID (the ID is a key to the sheet: never stored)."""
    if kind == "sample":
        return "sample"
    if kind == "file":
        return f"file:{Path(str(where)).resolve()}"
    if kind == "gsheets":
        return "gsheets:" + hashlib.blake2b(str(where).encode("utf-8"), digest_size=6).hexdigest()
    return f"{kind}:{where}" if where is not None else kind
