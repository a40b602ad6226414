"""Cold load at the ceiling: a Sheets `values:batchGet` payload -> validated, aggregated dataset.

    python bench/cold_load.py                  # 1M, 3M, 10M cells (person list) + 10M (tallies), 3 runs each
    python bench/cold_load.py --repeat 5 --sizes 10000000 --tally-sizes
    python bench/cold_load.py --smoke          # 100k cells, one run (CI; < 20 s)

Two shapes of workbook, each generated once per size (tests/generators.py) and stored in a
temporary file as the JSON body Google sends:
  people   the province workbook (2.100 villages, ~1M cells of tallies and helpers) whose DanhSach
           tab of person rows fills it up to the size (at 10M cells: ~1.0M person rows);
  tallies  no person list: as many communes' villages and daily tallies (tab CaiDat, which the
           app validates row by row today) as fill the size (at 10M cells: ~21.000 villages).
Then, `--repeat` times and side by side, a fresh Python process measures one of:

  floor   json.loads(payload) alone: the least any reader of this payload must spend.
  full    the app's own code from the wire to the first page's figures:
          "load"      json.loads (what gspread's values_batch_get does with the response) and
                      lib.sources.gsheets.ServiceAccountReader.values building the RawWorkbook
                      (the reader's HTTP client is a stub that hands over the parsed payload);
                      then lib.ui.loading._read_token, the content digest every new read gets
                      (marshal + sha256: an unchanged sheet keeps its validated dataset);
          "validate"  lib.validation.validate (what ui.loading._validated runs once per read);
          "aggregate" what the first view needs: the sidebar's first_day and default_as_of,
                      the overview's target_results, commune_progress and helpers_by_village,
                      and village_table for each village group (as of 2026-05-24).

Times are medians of wall time (time.perf_counter, inside the process, after imports and after
reading the payload file); "cpu ratio" is the same ratio on process CPU time, a check when other
work shares the machine. Peak memory is the process's maximum resident set size (VmHWM in /proc/self/status)
at the end: it includes the interpreter, the libraries and the payload bytes ("base", measured
before the timed part). The goal: full <= 3 x floor at 10M cells (Google's cap per spreadsheet).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

AS_OF = dt.date(2026, 5, 24)
GOAL = 3.0
CEILING = 10_000_000  # cells: Google's cap per spreadsheet
DEFAULT_SIZES = (1_000_000, 3_000_000, 10_000_000)
DEFAULT_TALLY_SIZES = (10_000_000,)
SMOKE_SIZE = 100_000


# ------------------------------------------------------------------------------ payloads


def sized_tabs(target_cells: int, shape: str = "people") -> dict[str, list]:
    """The province workbook at ~target_cells cells: its person list sized to fill it
    (tests.generators.tabs_with_cells), or ("tallies") no person list and as many communes as fill
    it. Below the size of the province without persons (~1M cells), fewer communes instead."""
    from tests.generators import cells, province_tabs, tabs_with_cells, tally_tabs_with_cells

    if shape == "tallies":
        return tally_tabs_with_cells(target_cells)
    full = cells(province_tabs(people=0))
    if target_cells >= full:
        return tabs_with_cells(target_cells)
    communes = max(1, int(70 * target_cells / full))
    base = province_tabs(communes=communes, people=0)
    return province_tabs(communes=communes, people=max(0, target_cells - cells(base)) // 9)


# --------------------------------------------------------------------------- measurement


def _maxrss_mb() -> float:
    """Peak resident set size of this process so far, in MB. VmHWM, not ru_maxrss: Linux
    carries ru_maxrss over from the parent across fork+exec, VmHWM starts afresh."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE).group(1)) / 1024
    except (OSError, AttributeError):  # not Linux
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _StubHTTP:
    """Stands in for gspread's HTTPClient: values_batch_get returns the response body parsed,
    as gspread does (`response.json()`)."""

    def __init__(self, payload: bytes):
        self.payload = payload

    def values_batch_get(self, spreadsheet_id: str, ranges: list[str], params: dict | None = None) -> dict:
        return json.loads(self.payload)


def _child(kind: str, path: str) -> dict[str, float]:
    """One measurement in this (fresh) process; returns seconds and MB."""
    payload = Path(path).read_bytes()
    if kind == "floor":  # a bare interpreter: nothing imported that json.loads would not need
        out: dict[str, float] = {"base_mb": _maxrss_mb()}
        cpu = time.process_time()
        start = time.perf_counter()
        json.loads(payload)
        out["json"] = time.perf_counter() - start
        out["json_cpu"] = time.process_time() - cpu
    else:
        import logging

        logging.disable(logging.WARNING)  # Streamlit's 'no runtime' notes for caches used outside a server
        from lib import metrics
        from lib.campaign import load_campaign
        from lib.sources.gsheets import Metadata, ServiceAccountReader, SheetConfig
        from lib.ui import loading
        from lib.validation import validate

        campaign = load_campaign()
        out = {"base_mb": _maxrss_mb()}
        # The reader as the app builds it, minus the network; the tab titles come from the
        # metadata request (here: a file written beside the payload).
        titles = tuple(json.loads(Path(path + ".tabs").read_text(encoding="utf-8")))
        reader = ServiceAccountReader.__new__(ServiceAccountReader)
        reader.config = SheetConfig(spreadsheet_id="bench", key=None)
        reader.client = type("Client", (), {"http_client": _StubHTTP(payload)})()
        reader._on_request = lambda: None
        start = time.perf_counter()
        cpu = time.process_time()
        raw = reader.values(Metadata("bench", titles))
        out["read"] = time.perf_counter() - start
        token = loading._read_token("bench", time.time(), raw)
        out["load"] = time.perf_counter() - start
        mark = time.perf_counter()
        ds = validate(raw, campaign, AS_OF)
        out["validate"] = time.perf_counter() - mark
        mark = time.perf_counter()
        metrics.first_day(ds, campaign)
        as_of = metrics.default_as_of(ds, AS_OF, campaign)
        metrics.target_results(ds, campaign, as_of)
        metrics.commune_progress(ds, campaign, as_of)
        metrics.helpers_by_village(ds, campaign, as_of)
        for group in campaign.village_groups:
            metrics.village_table(ds, campaign, group.key, as_of)
        out["aggregate"] = time.perf_counter() - mark
        out["issues"] = len(ds.issues)
        out["installs"] = len(ds.installs)
        out["token"] = len(token)
    out["total"] = time.perf_counter() - start
    out["total_cpu"] = time.process_time() - cpu
    out["peak_mb"] = _maxrss_mb()
    return out


def _measure(kind: str, path: str) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", kind, path], capture_output=True, text=True, check=False, cwd=ROOT
    )
    if proc.returncode != 0:
        raise SystemExit(f"measurement '{kind}' failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -------------------------------------------------------------------------------- report


def _machine() -> list[str]:
    import numpy
    import pandas

    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        usable = os.cpu_count()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"machine: nproc {usable} (cpu_count {os.cpu_count()}), {platform.machine()}, {platform.system()} "
        f"{platform.release()}",
        f"python {platform.python_version()} ({sys.executable}), pandas {pandas.__version__}, "
        f"numpy {numpy.__version__}",
        f"load average at start: {load}",
        f"command: {shlex.join([Path(sys.executable).name, *sys.argv])}",
    ]


def _row(shape: str, cells: int, mb: float, floors: list[dict], fulls: list[dict]) -> dict:
    med = lambda runs, key: statistics.median(r[key] for r in runs)  # noqa: E731
    floor, total = med(floors, "json"), med(fulls, "total")
    return {
        "shape": shape,
        "cells": cells,
        "payload_mb": mb,
        "floor": floor,
        "read": med(fulls, "read"),
        "token": statistics.median(r["load"] - r["read"] for r in fulls),
        "validate": med(fulls, "validate"),
        "aggregate": med(fulls, "aggregate"),
        "total": total,
        "ratio": total / floor,
        "cpu_ratio": med(fulls, "total_cpu") / med(floors, "json_cpu"),
        "floor_peak": max(r["peak_mb"] for r in floors),
        "full_peak": max(r["peak_mb"] for r in fulls),
        "base": statistics.median(r["base_mb"] for r in fulls),
        "issues": fulls[0]["issues"],
    }


def _print_table(rows: list[dict], repeat: int) -> None:
    head = (
        f"{'shape':7} {'cells':>11} {'payload':>8} {'floor s':>8} {'read s':>7} {'token s':>7} {'valid. s':>8} "
        f"{'aggr. s':>8} {'total s':>8} {'x floor':>7} {'<=3x':>5} {'cpu x':>6} "
        f"{'peak MB floor':>13} {'peak MB full':>12} {'base MB':>8}"
    )
    print(f"\nmedians of {repeat} run(s) each; floor = json.loads alone; total = read + token + validate + aggregate")
    print(head)
    print("-" * len(head))
    for r in rows:
        ok = "yes" if r["ratio"] <= GOAL else "no"
        print(
            f"{r['shape']:7} {r['cells']:>11,} {r['payload_mb']:>6.1f}MB {r['floor']:>8.3f} {r['read']:>7.3f} "
            f"{r['token']:>7.3f} {r['validate']:>8.3f} {r['aggregate']:>8.3f} {r['total']:>8.3f} {r['ratio']:>6.2f}x "
            f"{ok:>5} {r['cpu_ratio']:>5.2f}x {r['floor_peak']:>13.0f} {r['full_peak']:>12.0f} {r['base']:>8.0f}"
        )
    print(
        "read = json.loads + ServiceAccountReader.values (RawWorkbook); token = lib.ui.loading._read_token (marshal +"
    )
    print("sha256); cpu x = the same ratio on process CPU time (less sensitive to other load on the machine);")
    print("peak = max RSS of the measuring process (base: its RSS after imports and reading the payload file)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median); default 3")
    parser.add_argument("--sizes", type=int, nargs="*", default=list(DEFAULT_SIZES), help="cells, person-list shape")
    parser.add_argument(
        "--tally-sizes", type=int, nargs="*", default=list(DEFAULT_TALLY_SIZES), help="cells, tallies shape"
    )
    parser.add_argument("--smoke", action="store_true", help=f"one run at {SMOKE_SIZE:,} cells (CI)")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(*args.child)))
        return 0
    if args.smoke:
        runs, repeat = [("people", SMOKE_SIZE)], 1
    else:
        runs = [("people", n) for n in args.sizes] + [("tallies", n) for n in args.tally_sizes]
        repeat = max(1, args.repeat)
    from tests.generators import batch_get_payload, cells

    for line in _machine():
        print(line)
    rows = []
    with tempfile.TemporaryDirectory(prefix="cold_load_") as tmp:
        for shape, size in runs:
            start = time.perf_counter()
            tabs = sized_tabs(size, shape)
            n_cells = cells(tabs)
            payload = batch_get_payload(tabs)
            path = Path(tmp) / f"payload_{shape}_{size}.json"
            path.write_bytes(payload)
            Path(f"{path}.tabs").write_text(json.dumps(list(tabs)), encoding="utf-8")
            del tabs
            mb = len(payload) / 1e6
            del payload
            print(
                f"{shape} {n_cells:,} cells: payload {mb:.1f} MB generated in {time.perf_counter() - start:.1f} s",
                flush=True,
            )
            floors, fulls = [], []
            for run in range(repeat):  # side by side: floor and full alternate
                floors.append(_measure("floor", str(path)))
                fulls.append(_measure("full", str(path)))
                f, g = floors[-1], fulls[-1]
                print(
                    f"  run {run + 1}: floor {f['json']:.3f} s | full {g['total']:.3f} s (read {g['read']:.3f}, "
                    f"token {g['load'] - g['read']:.3f}, validate {g['validate']:.3f}, "
                    f"aggregate {g['aggregate']:.3f}) | peak {f['peak_mb']:.0f} / {g['peak_mb']:.0f} MB",
                    flush=True,
                )
            rows.append(_row(shape, n_cells, mb, floors, fulls))
            path.unlink()
    _print_table(rows, repeat)
    print(f"load average at end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    ceiling = [r for r in rows if r["cells"] >= CEILING * 0.99]
    ok = True
    for r in ceiling:
        met = r["ratio"] <= GOAL
        ok = ok and met
        print(
            f"goal at the {r['cells']:,}-cell ceiling, {r['shape']} (total <= {GOAL:.0f} x floor): "
            f"{'met' if met else 'MISSED'}, {r['ratio']:.2f}x; peak memory {r['full_peak']:.0f} MB"
        )
    if not ceiling:
        print(f"(the goal applies at the {CEILING:,}-cell ceiling; not measured in this run)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
