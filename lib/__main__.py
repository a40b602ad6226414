"""Command line: the dashboard's figures for scripts and scheduled jobs.

    python -m lib summary [--source PATH] [--as-of YYYY-MM-DD] [--json]

Without --source it reads the bundled sample workbook. Exit code 2 and one Vietnamese line
on stderr when the source cannot be read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from lib import clock, metrics
from lib.campaign import DEFAULT_PATH, CampaignError, load_campaign
from lib.formatting import fmt_date, fmt_int, fmt_pct
from lib.sources.files import SourceError, read_path
from lib.sources.sample import read_sample
from lib.summary import build_summary
from lib.validation import validate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lib", description="i-HaTinh campaign figures")
    commands = parser.add_subparsers(dest="command", required=True)
    summary = commands.add_parser("summary", help="coverage, gaps and rejected rows")
    summary.add_argument("--source", help=".xlsx file or folder of .csv files (default: the bundled sample)")
    summary.add_argument("--as-of", type=dt.date.fromisoformat, help="YYYY-MM-DD (default: today, clamped)")
    summary.add_argument("--campaign", default=str(DEFAULT_PATH), help="campaign.toml to use")
    summary.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    try:
        campaign = load_campaign(args.campaign)
        raw = read_path(args.source) if args.source else read_sample()
    except (SourceError, CampaignError) as exc:
        print(str(exc).replace("\n", " "), file=sys.stderr)
        return 2
    today = clock.today()
    ds = validate(raw, campaign, today)
    as_of = args.as_of or metrics.default_as_of(ds, today)
    result = build_summary(ds, campaign, as_of)
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(_as_text(result, campaign))
    return 0


def _as_text(result: dict, campaign) -> str:
    lines = [f"Xã {campaign.commune} — số liệu đến ngày {fmt_date(dt.date.fromisoformat(result['as_of']))}"]
    for key, total in result["totals"].items():
        label = campaign.group(key).label
        status = "" if "met" not in total else ("đạt" if total["met"] else f"còn thiếu {fmt_int(total['gap'])}")
        lines.append(
            f"- {label}: {fmt_int(total['installed'])}/{fmt_int(total['base'])} = {fmt_pct(total['coverage'])} {status}"
        )
    lines.append(f"Dòng bị loại: {len(result['rejected'])}; cảnh báo: {result['warnings']}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
