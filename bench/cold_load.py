"""Cold load at the ceiling: a Sheets `values:batchGet` payload -> validated, aggregated dataset.

    python bench/cold_load.py                  # 1M, 3M and 10M cells, 3 runs each
    python bench/cold_load.py --repeat 5 --sizes 10000000
    python bench/cold_load.py --smoke          # 100k cells, one run (CI; < 20 s)

For each size the payload is generated once (bench.generate: the province workbook whose
DanhSach tab of person rows fills it up to the size; the app does not read DanhSach yet, but
it is in the payload) and stored in a temporary file. Then, `--repeat` times and side by side,
a fresh Python process measures one of:

  floor   json.loads(payload) alone: the least any reader of this payload must spend.
  full    json.loads + a RawWorkbook built from valueRanges as lib/sources/gsheets.py
          ServiceAccountReader.values builds it ("load"), + lib.validation.validate
          ("validate"), + lib.metrics.target_results and lib.metrics.village_table for each
          village group as of 2026-05-24 ("aggregate").

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
SMOKE_SIZE = 100_000


# ------------------------------------------------------------------------------ payloads


def sized_tabs(target_cells: int) -> dict[str, list]:
    """The province workbook at ~target_cells cells (bench.generate.tabs_with_cells); below the
    size of the province without persons (~1M cells), fewer communes instead."""
    from bench.generate import cells, province_tabs, tabs_with_cells

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


def _child(kind: str, path: str) -> dict[str, float]:
    """One measurement in this (fresh) process; returns seconds and MB."""
    from lib.campaign import load_campaign
    from lib.dataset import RawWorkbook
    from lib.metrics import target_results, village_table
    from lib.validation import validate

    campaign = load_campaign()
    payload = Path(path).read_bytes()
    out: dict[str, float] = {"base_mb": _maxrss_mb()}
    cpu = time.process_time()
    start = time.perf_counter()
    reply = json.loads(payload)
    out["json"] = time.perf_counter() - start
    out["json_cpu"] = time.process_time() - cpu
    if kind == "full":
        # As ServiceAccountReader.values: one tab per valueRange, titles from the metadata
        # (here: the range's sheet name), each row copied into a list.
        titles = [_title(vr["range"]) for vr in reply["valueRanges"]]
        tabs = {
            tab: [list(r) for r in vr.get("values", [])] for tab, vr in zip(titles, reply["valueRanges"], strict=True)
        }
        raw = RawWorkbook(tabs, "gsheet", "bench")
        out["load"] = time.perf_counter() - start
        mark = time.perf_counter()
        ds = validate(raw, campaign, AS_OF)
        out["validate"] = time.perf_counter() - mark
        mark = time.perf_counter()
        target_results(ds, campaign, AS_OF)
        for group in campaign.village_groups:
            village_table(ds, campaign, group.key, AS_OF)
        out["aggregate"] = time.perf_counter() - mark
        out["issues"] = len(ds.issues)
        out["installs"] = len(ds.installs)
    out["total"] = time.perf_counter() - start
    out["total_cpu"] = time.process_time() - cpu
    out["peak_mb"] = _maxrss_mb()
    return out


def _title(a1_range: str) -> str:
    sheet = a1_range.rsplit("!", 1)[0]
    return sheet[1:-1].replace("''", "'") if sheet.startswith("'") else sheet


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


def _row(size: int, cells: int, mb: float, floors: list[dict], fulls: list[dict]) -> dict[str, float]:
    med = lambda runs, key: statistics.median(r[key] for r in runs)  # noqa: E731
    floor, total = med(floors, "json"), med(fulls, "total")
    return {
        "cells": cells,
        "payload_mb": mb,
        "floor": floor,
        "load": med(fulls, "load"),
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
        f"{'cells':>11} {'payload':>8} {'floor s':>8} {'load s':>7} {'valid. s':>8} {'aggr. s':>8} "
        f"{'total s':>8} {'ratio':>6} {'<=3x':>5} {'cpu ratio':>9} "
        f"{'peak MB floor':>13} {'peak MB full':>12} {'base MB':>8}"
    )
    print(f"\nmedians of {repeat} run(s) each; floor = json.loads alone; total = load + validate + aggregate")
    print(head)
    print("-" * len(head))
    for r in rows:
        ok = "yes" if r["ratio"] <= GOAL else "no"
        print(
            f"{r['cells']:>11,} {r['payload_mb']:>6.1f}MB {r['floor']:>8.3f} {r['load']:>7.3f} "
            f"{r['validate']:>8.3f} {r['aggregate']:>8.3f} {r['total']:>8.3f} {r['ratio']:>5.2f}x {ok:>5} "
            f"{r['cpu_ratio']:>8.2f}x "
            f"{r['floor_peak']:>13.0f} {r['full_peak']:>12.0f} {r['base']:>8.0f}"
        )
    print("cpu ratio: the same ratio on process CPU time (less sensitive to other load on the machine)")
    print(
        "load = json.loads + RawWorkbook; peak = max RSS of the measuring process (base: its RSS after "
        "imports and reading the payload file, before the timed part)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median); default 3")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES), help="payload sizes in cells")
    parser.add_argument("--smoke", action="store_true", help=f"one run at {SMOKE_SIZE:,} cells (CI)")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(*args.child)))
        return 0
    sizes, repeat = ([SMOKE_SIZE], 1) if args.smoke else (args.sizes, max(1, args.repeat))
    from bench.generate import batch_get_payload, cells

    for line in _machine():
        print(line)
    rows = []
    with tempfile.TemporaryDirectory(prefix="cold_load_") as tmp:
        for size in sizes:
            start = time.perf_counter()
            tabs = sized_tabs(size)
            n_cells = cells(tabs)
            payload = batch_get_payload(tabs)
            del tabs
            path = Path(tmp) / f"payload_{size}.json"
            path.write_bytes(payload)
            mb = len(payload) / 1e6
            del payload
            print(
                f"{n_cells:,} cells: payload {mb:.1f} MB generated in {time.perf_counter() - start:.1f} s", flush=True
            )
            floors, fulls = [], []
            for run in range(repeat):  # side by side: floor and full alternate
                floors.append(_measure("floor", str(path)))
                fulls.append(_measure("full", str(path)))
                f, g = floors[-1], fulls[-1]
                print(
                    f"  run {run + 1}: floor {f['json']:.3f} s | full {g['total']:.3f} s (json {g['json']:.3f}, "
                    f"load {g['load']:.3f}, validate {g['validate']:.3f}, aggregate {g['aggregate']:.3f}) | "
                    f"peak {f['peak_mb']:.0f} / {g['peak_mb']:.0f} MB",
                    flush=True,
                )
            rows.append(_row(size, n_cells, mb, floors, fulls))
            path.unlink()
    _print_table(rows, repeat)
    print(f"load average at end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    ceiling = [r for r in rows if r["cells"] >= CEILING * 0.99]
    for r in ceiling:
        verdict = "met" if r["ratio"] <= GOAL else "MISSED"
        print(f"goal at the {r['cells']:,}-cell ceiling (total <= {GOAL:.0f} x floor): {verdict}, {r['ratio']:.2f}x")
    if not ceiling:
        print(f"(the goal applies at the {CEILING:,}-cell ceiling; not measured in this run)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
