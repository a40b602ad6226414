"""What reading one file may cost: the caps every .xlsx and .csv read stops at (issue #13).

A 66 KB .xlsx can ask for a sheet of 17 billion cells and a 1 MB zip can hold 1 GB of XML, so
the readers in `lib.sources.files` never trust what a file says about itself: they count what
they actually read and stop at the first cap passed, with a message naming the tab, the cap and
what to do (`lib.errors.LimitError`). The defaults fit the province-scale workbook (bench/
generate.py: 2.100 villages and a list of 1.000.000 people, about 10,4 million cells, 2,1
million distinct texts, 390 MB of XML, 57 MB as .xlsx; as .csv its person list is 85 MB) with
room to spare, and refuse anything much larger before it costs memory or minutes.
Measurements of both: bench/hostile.py, bench/RESULTS.md.

A campaign may change any cap in the `[limits]` table of campaign.toml (docs/campaign.md): it
is parsed by `lib.campaign` into `Campaign.limits`, which every read of the app, the CLI and
bench/hostile.py passes on; `LIMITS` (these defaults) is what a read gets without a campaign.
"""

from __future__ import annotations

import functools
import logging
import tomllib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Limits:
    # Bytes of one upload (Streamlit's server.maxUploadSize in .streamlit/config.toml must be at
    # least this: `upload_cap_conflict`) or of one --source file or folder of .csv files.
    upload_mb: int = 150
    # An .xlsx is a zip: its parts together, uncompressed, and each part's uncompressed size
    # over its compressed size (real workbooks: 4-10; a zip bomb: up to 1.000). Both are read
    # from the zip's directory before any part is opened, and counted again while inflating.
    unzipped_mb: int = 500
    zip_ratio: int = 100
    # Rows and columns of one tab: Excel stops at 1.048.576 rows, a list of a million people
    # needs 1.000.001; the widest tab of the template has 9 columns.
    rows: int = 1_100_000
    columns: int = 1_000
    # Cells of all tabs together (each tab counted as its rows x its widest row: what is kept).
    cells: int = 12_000_000
    # Distinct texts of an .xlsx (its shared-string table), read before any sheet.
    shared_strings: int = 3_000_000
    # Wall-clock time of one read: the last guard, for what no count above foresaw.
    seconds: float = 60.0
    # Uploads held for their sessions, all sessions together (bytes of the file plus its
    # validated tables), least recently used dropped first (lib/sources/held_uploads.py).
    uploads_total_mb: int = 2_000

    @property
    def upload_bytes(self) -> int:
        return self.upload_mb << 20  # Streamlit's megabytes are MiB

    @property
    def unzipped_bytes(self) -> int:
        return self.unzipped_mb * 1_000_000


LIMITS = Limits()

# The largest value campaign.toml may give each cap: past these a cap no longer protects the
# server (a 2.000 MB upload or 100 million cells is many GB of memory), so a larger value is
# a typo (an extra 0) and refused at start-up. Excel's own limits bound rows and columns.
CEILINGS: dict[str, int] = {
    "upload_mb": 2_000,
    "unzipped_mb": 10_000,
    "zip_ratio": 1_000,
    "rows": 10_000_000,
    "columns": 16_384,
    "cells": 100_000_000,
    "shared_strings": 20_000_000,
    "seconds": 3_600,
    "uploads_total_mb": 100_000,
}

STREAMLIT_CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"
STREAMLIT_DEFAULT_UPLOAD_MB = 200  # server.maxUploadSize when the config does not set it

_LOG = logging.getLogger("ihatinh.limits")


def config_upload_mb(path: Path = STREAMLIT_CONFIG) -> int:
    """server.maxUploadSize of a Streamlit config file (Streamlit's default when unset)."""
    data = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return int(data.get("server", {}).get("maxUploadSize", STREAMLIT_DEFAULT_UPLOAD_MB))


def upload_cap_conflict(limits: Limits, max_upload_mb: int) -> str | None:
    """One line when campaign.toml lets through bigger uploads than Streamlit takes: Streamlit
    would refuse such a file with its own English message before our cap is ever reached."""
    if limits.upload_mb <= max_upload_mb:
        return None
    return (
        f"campaign.toml: [limits] upload_mb = {limits.upload_mb} lớn hơn server.maxUploadSize = "
        f"{max_upload_mb} của Streamlit (.streamlit/config.toml): tệp trên {max_upload_mb} MB bị "
        f"Streamlit từ chối trước; đặt maxUploadSize = {limits.upload_mb}."
    )


def warn_upload_cap(limits: Limits, max_upload_mb: int) -> None:
    """Log `upload_cap_conflict` once per process and cap. Called by the app (lib/ui/config.py)
    with Streamlit's effective maxUploadSize (config files, flags, environment); the CLI and bench
    read files directly, so Streamlit's cap does not apply to them."""
    _warn_once(limits.upload_mb, max_upload_mb)


@functools.cache
def _warn_once(upload_mb: int, max_upload_mb: int) -> None:
    message = upload_cap_conflict(Limits(upload_mb=upload_mb), max_upload_mb)
    if message:
        _LOG.warning(message)
