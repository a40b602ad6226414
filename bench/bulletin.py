"""The Zalo bulletin's cost: text and PNG on the bundled sample and on a generated province.

    python bench/bulletin.py            # 7 runs each, median
    python bench/bulletin.py --smoke    # 1 run each (a few seconds)

Times are wall time in this process (time.perf_counter) after one untimed run (matplotlib sets up
its fonts on the first image; a server pays that once). The PNG is drawn with matplotlib's Agg in
process; plotly's export through kaleido 1.x would start a Chromium per image instead (the
report's chart made the same choice, lib/reports/chart.py). The load average is printed: other
processes share the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lib.bulletin import bulletin_png, bulletin_text
from lib.campaign import load_campaign
from lib.dataset import RawWorkbook
from lib.sources.sample import read_sample
from lib.validation import validate
from tests.generators import province_tabs

DAYS = {"phase 2 (20/05)": dt.date(2026, 5, 20), "phase 1 (15/05)": dt.date(2026, 5, 15)}


def timed(make, runs: int) -> tuple[float, object]:
    result = make()  # untimed: fonts, memo
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = make()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="one run each")
    args = parser.parse_args()
    runs = 1 if args.smoke else 7
    campaign = load_campaign()
    print(f"load average {os.getloadavg()[0]:.2f}; {runs} run(s), median")
    workbooks = {
        "sample (30 villages)": read_sample(),
        "province (300 villages)": RawWorkbook(province_tabs(communes=10, people=0), "bench", "province"),
    }
    for name, raw in workbooks.items():
        for label, day in DAYS.items():
            ds = validate(raw, campaign, day)
            text_s, text = timed(lambda ds=ds, day=day: bulletin_text(ds, campaign, day, "vi", today=day), runs)
            png_s, png = timed(lambda ds=ds, day=day: bulletin_png(ds, campaign, day, "vi", today=day), runs)
            print(
                f"{name:24} {label}: text {text_s * 1000:6.1f} ms ({len(text)} chars), "
                f"png {png_s * 1000:6.0f} ms ({len(png) / 1024:.0f} KiB)"
            )
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
