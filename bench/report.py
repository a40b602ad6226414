"""Phase reports at province scale: one commune's report out of a province's workbook, and the whole province's.

    python bench/report.py                       # 1M persons; commune x 5 runs, province x 1 run; ~6 min
    python bench/report.py --province-repeat 0   # the commune only (~1,5 min)
    python bench/report.py --smoke               # 3 communes, 20.000 persons, one run each (CI; < 60 s)

The workbook is tests.generators.province_tabs(): ~70 communes' villages (2.100, "Thôn 01 xã số 05"),
their daily tallies per inter-family group (~155.000 CaiDat rows, ~15.000 inter-family groups),
helpers, sessions and a DanhSach tab of 1.000.000 person rows, as the JSON body of the Sheets
`values:batchGet` (tests.generators.batch_get_payload; never written to the repository). Once, timed:

  read       json.loads + lib.sources.gsheets.ServiceAccountReader.values -> RawWorkbook (the reader's
             HTTP client stubbed to hand over the parsed body, as in bench/cold_load.py);
  validate   lib.validation.validate;
  aggregate  the first view's figures (target_results, village_table per village group), which
             also fill the per-dataset memo every later report reuses, as on the server.

Then, after importing the report writers and making one report untimed (both timed apart: a
server process pays them once, on its first report; matplotlib sets up its fonts on the first
chart), for each phase of campaign.toml and each format, `lib.reports.build_report` (what the
Reports page and `python -m lib report` call) for:

  commune    one commune's 30 villages: the repository's campaign.toml with `[report] villages`
             set to that commune's names (read through lib.campaign.campaign_from_dict, as a
             commune's own campaign.toml would be), `--repeat` runs, median;
  province   every village (no `[report] villages`), `--province-repeat` runs (default 1).

"rows" is how many table rows the report holds (villages, inter-family groups, agencies, helpers
per village). Times are wall time in this process (time.perf_counter), medians; other processes
share the machine (the load average is printed at the start and at the end). The goal, the
issue's "a report for one commune ... in seconds": every format's median <= 5 s for one commune.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import logging
import os
import platform
import shlex
import statistics
import sys
import time
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lib.campaign import Campaign
    from lib.dataset import Dataset, RawWorkbook

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TODAY = dt.date(2026, 11, 29)  # after the campaign: every campaign day is in the past
ISSUED = dt.date(2026, 6, 5)
COMMUNE = 5  # "xã số 05"
GOAL_S = 5.0
FORMATS = ("docx", "xlsx", "pdf")


def _load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def _machine() -> list[str]:
    import numpy
    import pandas

    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        usable = os.cpu_count()
    return [
        f"machine: nproc {usable} (cpu_count {os.cpu_count()}), {platform.machine()}, {platform.system()} "
        f"{platform.release()}",
        f"python {platform.python_version()} ({sys.executable}), pandas {pandas.__version__}, "
        f"numpy {numpy.__version__}",
        f"load average at start: {_load()}",
        f"command: {shlex.join([Path(sys.executable).name, *sys.argv])}",
    ]


def _commune_campaign(villages: list[str]) -> Campaign:
    """campaign.toml with `[report] villages` naming one commune's villages, through the loader."""
    from lib.campaign import DEFAULT_PATH, campaign_from_dict

    data = tomllib.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    data.setdefault("report", {})["villages"] = villages
    return campaign_from_dict(data)


def _read(tabs: dict[str, list]) -> tuple[RawWorkbook, float, float]:
    """The Sheets payload of `tabs` through the app's reader: (RawWorkbook, seconds, payload MB)."""
    from bench.cold_load import _StubHTTP
    from lib.sources.gsheets import Metadata, ServiceAccountReader, SheetConfig
    from tests.generators import batch_get_payload

    payload = batch_get_payload(tabs)
    reader = ServiceAccountReader.__new__(ServiceAccountReader)
    reader.config = SheetConfig(spreadsheet_id="bench", key=None)
    reader.client = type("Client", (), {"http_client": _StubHTTP(payload)})()
    reader._on_request = lambda: None
    start = time.perf_counter()
    raw = reader.values(Metadata("bench", tuple(tabs)))
    return raw, time.perf_counter() - start, len(payload) / 1e6


def _rows(ds: Dataset, campaign: Campaign, phase: int, as_of: dt.date) -> int:
    """Table rows in the report: per village or agency, per inter-family group, helpers."""
    from lib.reports.content import build_content

    content = build_content(ds, campaign, phase, as_of, ISSUED, charts=False)
    parts = [p.table for p in content.groups] + [p.family for p in content.groups if p.family is not None]
    return sum(len(t.rows) for t in [*parts, content.helpers])


def _measure(ds: Dataset, campaign: Campaign, scope: str, as_of: dt.date, phases: list[int], repeat: int) -> list[dict]:
    """`repeat` timed runs of build_report per phase and format, as the page and the CLI call it."""
    from lib.reports import build_report
    from lib.reports.content import report_villages

    villages = report_villages(ds, campaign)
    n_villages = len(villages) if villages is not None else len(ds.village_names)
    out = []
    for phase in phases:
        rows = _rows(ds, campaign, phase, as_of)
        for fmt in FORMATS:
            times, size = [], 0
            for _ in range(repeat):
                start = time.perf_counter()
                size = len(build_report(ds, campaign, phase, as_of, fmt, issued=ISSUED))
                times.append(time.perf_counter() - start)
            row = {"scope": scope, "villages": n_villages, "phase": phase, "fmt": fmt, "rows": rows}
            out.append({**row, "times": times, "kb": size / 1024})
            print(f"  {scope} phase {phase} {fmt}: " + ", ".join(f"{t:.3f}" for t in times) + " s", flush=True)
    return out


def _print_table(results: list[dict]) -> None:
    head = (
        f"{'scope':9} {'villages':>8} {'phase':>5} {'format':6} {'rows':>7} {'runs':>4} {'median s':>9} "
        f"{'min s':>7} {'max s':>7} {'size KB':>8} {'goal s':>6}  verdict"
    )
    print(head)
    print("-" * len(head))
    for r in results:
        median = statistics.median(r["times"])
        goal, verdict = ("", "(info)") if r["scope"] != "commune" else (f"{GOAL_S:.1f}", "ok")
        if r["scope"] == "commune" and median > GOAL_S:
            verdict = "MISSED"
        print(
            f"{r['scope']:9} {r['villages']:>8,} {r['phase']:>5} {r['fmt']:6} {r['rows']:>7,} {len(r['times']):>4} "
            f"{median:>9.3f} {min(r['times']):>7.3f} {max(r['times']):>7.3f} {r['kb']:>8.0f} {goal:>6}  {verdict}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1_000_000, help="DanhSach rows (default 1.000.000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per commune report (median); default 5")
    parser.add_argument("--province-repeat", type=int, default=1, help="runs per province report; 0 skips it")
    parser.add_argument("--commune", type=int, default=COMMUNE, help=f"which commune (default {COMMUNE})")
    parser.add_argument("--smoke", action="store_true", help="3 communes, 20.000 persons, one run each (CI)")
    args = parser.parse_args(argv)
    communes, people = (3, 20_000) if args.smoke else (70, args.people)
    repeat, province_repeat = (1, 1) if args.smoke else (max(1, args.repeat), max(0, args.province_repeat))
    commune = min(args.commune, communes)

    logging.disable(logging.WARNING)  # Streamlit's 'no runtime' notes when lib is used outside a server
    from bench.cold_load import _maxrss_mb
    from lib import metrics
    from lib.campaign import load_campaign
    from lib.validation import validate
    from tests.generators import cells, province_tabs

    for line in _machine():
        print(line)
    start = time.perf_counter()
    tabs = province_tabs(communes=communes, people=people)
    n_cells = cells(tabs)
    print(
        f"generated {communes} communes, {people:,} persons, {n_cells:,} cells in {time.perf_counter() - start:.1f} s"
    )
    raw, read_s, mb = _read(tabs)
    del tabs
    campaign = load_campaign()
    start = time.perf_counter()
    ds = validate(raw, campaign, TODAY)
    validate_s = time.perf_counter() - start
    del raw
    start = time.perf_counter()
    as_of = metrics.default_as_of(ds, TODAY, campaign)
    metrics.target_results(ds, campaign, as_of)
    for group in campaign.village_groups:
        metrics.village_table(ds, campaign, group.key, as_of)
    aggregate_s = time.perf_counter() - start
    print(
        f"once: read {read_s:.3f} s (payload {mb:.1f} MB) | validate {validate_s:.3f} s | aggregate {aggregate_s:.3f} s"
        f" | {len(ds.village_names):,} villages, {len(ds.installs):,} tally rows, {len(ds.people):,} persons,"
        f" {len(ds.issues):,} issues; as of {as_of.isoformat()}",
        flush=True,
    )

    phases = [p.id for p in campaign.phases]
    suffix = f"xã số {commune:02d}"
    villages = [v for v in ds.village_names if v.endswith(suffix)]
    one = _commune_campaign(villages)
    start = time.perf_counter()  # what the first report of a server process pays once
    for module in ("content", "chart", *FORMATS):
        importlib.import_module(f"lib.reports.{module}")
    imports_s = time.perf_counter() - start
    start = time.perf_counter()
    from lib.reports import build_report

    build_report(ds, one, phases[0], as_of, "pdf", issued=ISSUED)
    first_s = time.perf_counter() - start
    print(
        f"once: imports of the report writers (python-docx, openpyxl, fpdf2, matplotlib) {imports_s:.3f} s; "
        f"first report in the process (commune, phase {phases[0]}, pdf; not counted below) {first_s:.3f} s"
    )
    results = _measure(ds, one, "commune", as_of, phases, repeat)
    covered = results[0]["villages"]  # the bench must measure one commune, not the province
    if covered != len(villages) or not villages:
        raise SystemExit(f"the commune report covers {covered} villages, expected {len(villages)}")
    if province_repeat:
        results += _measure(ds, campaign, "province", as_of, phases, province_repeat)

    print(f"\nmedians; commune = the {len(villages)} villages of '{suffix}' ([report] villages), as of {as_of}")
    print(
        f"once: read {read_s:.3f} s, validate {validate_s:.3f} s, aggregate {aggregate_s:.3f} s, "
        f"imports {imports_s:.3f} s, first report {first_s:.3f} s ({n_cells:,} cells, {len(ds.people):,} persons)"
    )
    _print_table(results)
    print(f"load average at end: {_load()}; peak memory {_maxrss_mb():.0f} MB")
    if args.smoke:  # CI: every report must be made; timings on a shared machine are not judged
        print("smoke: ok (timings not judged)")
        return 0
    worst = max(statistics.median(r["times"]) for r in results if r["scope"] == "commune")
    met = worst <= GOAL_S
    print(
        f"goal (one commune, every format, median <= {GOAL_S:.0f} s): {'met' if met else 'MISSED'}, worst {worst:.3f} s"
    )
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
