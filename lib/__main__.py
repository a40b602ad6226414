"""Command line: the dashboard's figures and phase reports for scripts and scheduled jobs.

    python -m lib summary [--source PATH | --secrets PATH] [--as-of YYYY-MM-DD] [--json]
    python -m lib report --phase N --format docx|xlsx|pdf --out PATH [--source PATH | --secrets PATH]
                         [--as-of YYYY-MM-DD] [--unmasked] [--snapshot N [--store URL]]
    python -m lib snapshot | changes | history …   (the snapshot store: lib/store/cli.py)
    python -m lib bulletin --format text|png [--source PATH | --secrets PATH] [--as-of YYYY-MM-DD]
                           [--out PATH] [--link URL]   (lib/bulletin.py: the Zalo bulletin)
    python -m lib province --config province.toml [--as-of YYYY-MM-DD] [--json]
                           (lib/province.py: every commune of a province, docs/province.md)

--source reads an .xlsx file or a folder of .csv files; --secrets reads the Google Sheet that
a secrets.toml configures, with the same code as the app. With neither, the bundled sample.
Exit code 2 and one Vietnamese line on stderr when the source cannot be read (or, for a
report, when the phase does not exist, a village of `[report] villages` is not in the workbook,
or the file cannot be written). Reports mask phone and ID numbers unless --unmasked is given;
they cover the villages `[report] villages` in campaign.toml names (every village without it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tomllib
from pathlib import Path

from lib import bulletin as zalo_bulletin
from lib import clock, metrics, pipeline
from lib import province as province_rollup
from lib.campaign import DEFAULT_PATH, Campaign, CampaignError, load_campaign
from lib.dataset import Dataset, RawWorkbook
from lib.formatting import fmt_date, fmt_int, fmt_pct, rule_text
from lib.reports import FORMATS, build_report
from lib.sources.files import SourceError
from lib.store import cli as store_cli
from lib.summary import build_summary
from lib.texts import t


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lib", description="i-HaTinh campaign figures")
    commands = parser.add_subparsers(dest="command", required=True)
    summary = commands.add_parser("summary", help="coverage, gaps and rejected rows")
    _source_options(summary)
    summary.add_argument("--json", action="store_true", help="print JSON instead of a table")
    report = commands.add_parser("report", help="the phase report as a Word, Excel or PDF file")
    _source_options(report)
    report.add_argument("--phase", type=int, required=True, help="phase id from campaign.toml")
    report.add_argument("--format", choices=FORMATS, required=True, help="docx, xlsx or pdf")
    report.add_argument("--out", required=True, help="file to write")
    report.add_argument("--unmasked", action="store_true", help="phone and ID numbers in full (default: masked)")
    zalo_bulletin.add_command(commands, _source_options)
    store_cli.add_report_options(report)
    store_cli.register(commands, _source_options)
    province_rollup.add_command(commands)
    args = parser.parse_args(argv)
    if args.command == "province":
        return province_rollup.run_command(args)
    if args.command in store_cli.COMMANDS:
        return store_cli.run(args, _read)
    if args.command == "report" and args.snapshot is not None:
        return store_cli.report_from_snapshot(args, _report)
    try:
        campaign = load_campaign(args.campaign)
        if args.command == "report" and args.phase not in {p.id for p in campaign.phases}:
            known = ", ".join(str(p.id) for p in campaign.phases)
            raise CampaignError("cli.no_phase", phase=args.phase, path=args.campaign, known=known)
        raw = _read(args)
        today = clock.today()
        ds = pipeline.dataset(raw, campaign, today)  # a workbook that changed shape is a failed read
    except (SourceError, CampaignError) as exc:
        print(str(exc).replace("\n", " "), file=sys.stderr)
        return 2
    as_of = args.as_of or metrics.default_as_of(ds, today)
    if args.command == "report":
        return _report(args, ds, campaign, as_of, today)
    if args.command == "bulletin":
        return zalo_bulletin.run_command(args, ds, campaign, as_of, today)
    result = build_summary(ds, campaign, as_of, today=today)
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(_as_text(result, campaign))
    return 0


WRITE_ERRORS = {  # texts keys
    FileNotFoundError: "cli.write_no_folder",
    PermissionError: "cli.write_denied",
    IsADirectoryError: "cli.write_is_folder",
}


def _source_options(command: argparse.ArgumentParser) -> None:
    where = command.add_mutually_exclusive_group()
    where.add_argument("--source", help=".xlsx file or folder of .csv files (default: the bundled sample)")
    where.add_argument("--secrets", help="secrets.toml with [connections.gsheets]: read that Google Sheet")
    command.add_argument("--as-of", type=dt.date.fromisoformat, help="YYYY-MM-DD (default: today, clamped)")
    command.add_argument("--campaign", default=str(DEFAULT_PATH), help="campaign.toml to use")


def _report(
    args: argparse.Namespace, ds: Dataset, campaign: Campaign, as_of: dt.date, today: dt.date, snapshot=None
) -> int:
    """Write the report; the path written goes to stdout so a script can pick it up."""
    try:
        data = build_report(
            ds, campaign, args.phase, as_of, args.format, issued=today, unmasked=args.unmasked, snapshot=snapshot
        )
    except CampaignError as exc:  # [report] villages names a village the workbook does not have
        print(str(exc).replace("\n", " "), file=sys.stderr)
        return 2
    out = Path(args.out)
    try:
        out.write_bytes(data)
    except OSError as exc:
        reason = t(WRITE_ERRORS[type(exc)]) if type(exc) in WRITE_ERRORS else type(exc).__name__
        print(t("cli.write_failed", path=out, reason=reason), file=sys.stderr)
        return 2
    print(out)
    return 0


def _read(args: argparse.Namespace) -> RawWorkbook:
    """The workbook --source or --secrets names (else the sample), read as the app reads it."""
    limits = load_campaign(args.campaign).limits  # the caps of campaign.toml's [limits]
    secrets = None
    if args.secrets and not args.source:
        try:
            secrets = tomllib.loads(Path(args.secrets).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise SourceError("cli.file_unreadable", path=args.secrets, detail=type(exc).__name__) from None
    return pipeline.read(args.source, secrets, limits, secrets_path=args.secrets or "secrets.toml")


def _as_text(result: dict, campaign: Campaign) -> str:
    lines = [t("cli.summary_title", commune=campaign.commune, date=fmt_date(dt.date.fromisoformat(result["as_of"])))]
    for key, total in result["totals"].items():
        label = campaign.group(key).label
        if "met" not in total:
            status = ""
        else:
            status = t("cli.summary_met") if total["met"] else t("cli.summary_gap", gap=fmt_int(total["gap"]))
        lines.append(
            f"- {label}: {fmt_int(total['installed'])}/{fmt_int(total['base'])} = {fmt_pct(total['coverage'])} {status}"
        )
        for target in total.get("targets", []):
            deadline = fmt_date(dt.date.fromisoformat(target["deadline"]))
            rule = rule_text(target["rule"], target["percent"])
            state = t("status." + target["status"])
            lines.append("    " + t("cli.summary_target", rule=rule, deadline=deadline, status=state))
    lines.append(t("cli.summary_rejected", rejected=len(result["rejected"]), warnings=result["warnings"]))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
