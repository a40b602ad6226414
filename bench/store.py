"""Size and cost of the snapshot store (lib/store) at province size, on SQLite and PostgreSQL.

A read every minute for five weeks is 50.400 reads. Most store nothing (the content did not
change: only "last checked" moves); during the campaign's working hours nearly every read
differs from the last by the rows typed in that minute. This script measures both kinds on the
province workbook of tests/generators.py (2.100 villages, 1.000.000 people in DanhSach):

1. the whole workbook is validated once; its CaiDat and DanhSach rows are put in the order
   they would be typed (by date) and the sheet starts half full (the campaign's middle);
2. the first snapshot stores everything;
3. each *changed* read then appends the rows of one working minute (16 CaiDat rows, 92
   DanhSach rows: 14.700 and 83.000 a day over 15 hours), every 20th also edits an old CaiDat
   row and every 100th deletes one: realistic small edits;
4. *unchanged* reads record the same read again.

It reports the bytes the store grew by per changed read and per unchanged read, the time of
each, and the five-week size extrapolated from them: 12 campaign days x 15 h x 60 changed
reads, 23 later days with 20 edits a day, the rest unchanged. Measuring all 11.000 changed
reads would take hours on this machine; the growth per changed read is steady (each stores
the chunks its minute touched), which the script checks by comparing the first and second half.

    python bench/store.py                 # province size, both stores (~15 min on 2 cores)
    python bench/store.py --changed 60    # fewer changed reads
    python bench/store.py --smoke         # small and fast (CI): the script cannot rot
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lib.campaign import DEFAULT_PATH, load_campaign
from lib.dataset import Dataset, RawWorkbook
from lib.people import counted_rows, list_installs
from lib.store import open_store, record, store_size
from lib.validation import validate
from tests.generators import province_tabs

PG_BIN = Path("/usr/lib/postgresql/15/bin")
TALLY_ROWS_PER_MINUTE, PEOPLE_PER_MINUTE = 16, 92
CAMPAIGN_CHANGED_READS = 12 * 15 * 60
LATER_CHANGED_READS = 23 * 20
ALL_READS = 35 * 24 * 60


def _typed_order(rows: list[list], date_column: int) -> list[list]:
    header, body = rows[0], rows[1:]
    order = sorted(range(len(body)), key=lambda i: (body[i][date_column], i))
    return [header, *[body[i] for i in order]]


class Sheet:
    """The province workbook as typed so far: prefixes of the final tables, with edits."""

    def __init__(self, full: Dataset, campaign):
        self.full, self.campaign = full, campaign
        self.tallies = full.tallies.iloc[: len(full.tallies) // 2].reset_index(drop=True)
        self.n_people = len(full.people) // 2
        self.next_tally = len(self.tallies)
        self.rng = np.random.default_rng(16)

    def minute(self, i: int) -> None:
        more = self.full.tallies.iloc[self.next_tally : self.next_tally + TALLY_ROWS_PER_MINUTE]
        self.next_tally += len(more)
        tallies = pd.concat([self.tallies, more], ignore_index=True)
        if i % 20 == 0 and len(tallies) > 10:  # a village corrects an old row
            at = int(self.rng.integers(0, len(tallies) // 2))
            tallies = tallies.copy()
            tallies.loc[at, "adults"] = int(tallies.loc[at, "adults"]) + 1
        if i % 100 == 0 and len(tallies) > 10:  # and once in a while deletes one
            at = int(self.rng.integers(0, len(tallies) // 2))
            rows = tallies["row"].to_numpy().copy()
            rows[at + 1 :] -= 1
            tallies = tallies.drop(index=at).reset_index(drop=True)
            tallies["row"] = rows[np.arange(len(rows)) != at]
        self.tallies = tallies
        self.n_people = min(len(self.full.people), self.n_people + PEOPLE_PER_MINUTE)

    def dataset(self) -> Dataset:
        people = self.full.people.iloc[: self.n_people].reset_index(drop=True)
        installs = counted_rows(self.tallies, list_installs(people, self.campaign), self.campaign.count_source)
        f = self.full
        return Dataset(
            villages=f.villages,
            installs=installs,
            tallies=self.tallies,
            people=people,
            family_groups=f.family_groups,
            agencies=f.agencies,
            helpers=f.helpers,
            sessions=f.sessions,
            issues=f.issues,
            rows=f.rows,
            source=f.source,
            title=f.title,
            tabs=f.tabs,
        )


def start_postgres() -> tuple[str, Path]:
    base = Path(tempfile.mkdtemp(prefix="bench-pg-"))
    root = os.geteuid() == 0
    if root:
        shutil.chown(base, "postgres")

    def run(args: list[str]) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *args] if root else args, check=True, capture_output=True)

    run([str(PG_BIN / "initdb"), "-D", str(base / "data"), "-A", "trust", "-U", "postgres", "--no-sync"])
    run([str(PG_BIN / "pg_ctl"), "-D", str(base / "data"), "-o", f"-k {base} -c listen_addresses=''",
         "-l", str(base / "log"), "-w", "start"])  # fmt: skip
    return f"postgresql://postgres@/postgres?host={base}", base


def stop_postgres(base: Path) -> None:
    args = [str(PG_BIN / "pg_ctl"), "-D", str(base / "data"), "-m", "fast", "stop"]
    subprocess.run(["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args, capture_output=True)
    shutil.rmtree(base, ignore_errors=True)


def on_disk(engine, kind: str, path: Path | None) -> int:
    """Bytes the store takes on disk: the SQLite file after a WAL checkpoint; PostgreSQL's
    tables, indexes and TOAST."""
    with engine.connect() as conn:
        if kind == "sqlite":
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            return path.stat().st_size
        return int(
            conn.exec_driver_sql(
                "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'"
            ).scalar()
        )


def measure(kind: str, full: Dataset, campaign, text: str, changed: int, unchanged: int) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="bench-store-"))
    pg_base = None
    try:
        if kind == "sqlite":
            path = workdir / "snapshots.sqlite3"
            engine = open_store(path=path)
        else:
            url, pg_base = start_postgres()
            path = None
            engine = open_store(url)
        sheet = Sheet(full, campaign)
        at = dt.datetime(2026, 5, 18, 7, 0)
        started = time.perf_counter()
        record(engine, sheet.dataset(), text, "bench", at)
        first_seconds = time.perf_counter() - started
        size0 = on_disk(engine, kind, path)
        sizes, times = [], []
        for i in range(1, changed + 1):
            sheet.minute(i)
            ds = sheet.dataset()
            at += dt.timedelta(minutes=1)
            started = time.perf_counter()
            record(engine, ds, text, "bench", at)
            times.append(time.perf_counter() - started)
            if i in (changed // 2, changed):
                sizes.append(on_disk(engine, kind, path))
        size1 = on_disk(engine, kind, path)
        ds = sheet.dataset()
        record(engine, ds, text, "bench", at)
        u_times = []
        for _ in range(unchanged):
            at += dt.timedelta(minutes=1)
            started = time.perf_counter()
            record(engine, ds, text, "bench", at)
            u_times.append(time.perf_counter() - started)
        size2 = on_disk(engine, kind, path)
        counts = store_size(engine)
        engine.dispose()
    finally:
        if pg_base is not None:
            stop_postgres(pg_base)
        shutil.rmtree(workdir, ignore_errors=True)
    per_changed = (size1 - size0) / max(changed, 1)
    half = changed // 2
    first_half = (sizes[0] - size0) / max(half, 1) if sizes else per_changed
    second_half = (sizes[-1] - sizes[0]) / max(changed - half, 1) if len(sizes) > 1 else per_changed
    per_unchanged = (size2 - size1) / max(unchanged, 1)
    changed_total = CAMPAIGN_CHANGED_READS + LATER_CHANGED_READS
    five_weeks = size0 + per_changed * changed_total + per_unchanged * (ALL_READS - changed_total)
    return {
        "store": kind,
        "first_snapshot_bytes": size0,
        "first_snapshot_seconds": first_seconds,
        "bytes_per_changed_read": per_changed,
        "bytes_per_changed_read_halves": (first_half, second_half),
        "seconds_per_changed_read": float(np.median(times)) if times else 0.0,
        "bytes_per_unchanged_read": per_unchanged,
        "seconds_per_unchanged_read": float(np.median(u_times)) if u_times else 0.0,
        "five_weeks_bytes": five_weeks,
        "snapshots": counts["snapshots"],
        "blobs": counts["blobs"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a small province, a few reads")
    parser.add_argument("--changed", type=int, default=200, help="changed reads to measure")
    parser.add_argument("--unchanged", type=int, default=300, help="unchanged reads to measure")
    parser.add_argument("--store", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args()
    campaign = load_campaign()
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    if args.smoke:
        tabs = province_tabs(communes=2, villages_per_commune=10, people=5000)
        args.changed, args.unchanged = 6, 5
    else:
        tabs = province_tabs()
    tabs["CaiDat"] = _typed_order(tabs["CaiDat"], 0)
    tabs["DanhSach"] = _typed_order(tabs["DanhSach"], 6)
    started = time.perf_counter()
    full = validate(RawWorkbook(tabs, "gsheets", "bench"), campaign, dt.date(2026, 5, 25))
    print(
        f"workbook: {len(full.villages)} villages, {len(full.tallies)} CaiDat rows, {len(full.people)} people "
        f"(validated in {time.perf_counter() - started:.1f} s)"
    )
    kinds = ["sqlite", "postgresql"] if args.store == "both" else [args.store]
    if "postgresql" in kinds and not (PG_BIN / "initdb").exists():
        print("PostgreSQL not installed (apt-get install postgresql): SQLite only")
        kinds = ["sqlite"]
    for kind in kinds:
        r = measure(kind, full, campaign, text, args.changed, args.unchanged)
        halves = " / ".join(f"{b / 1024:.1f}" for b in r["bytes_per_changed_read_halves"])
        print(
            f"{kind}: first snapshot {r['first_snapshot_bytes'] / 1e6:.1f} MB in {r['first_snapshot_seconds']:.1f} s; "
            f"changed read +{r['bytes_per_changed_read'] / 1024:.1f} KB (halves {halves} KB), "
            f"{r['seconds_per_changed_read']:.2f} s; unchanged read +{r['bytes_per_unchanged_read']:.0f} B, "
            f"{r['seconds_per_unchanged_read'] * 1000:.1f} ms; {r['snapshots']} snapshots, {r['blobs']} chunks; "
            f"five weeks ≈ {r['five_weeks_bytes'] / 1e9:.2f} GB"
        )


if __name__ == "__main__":
    main()
