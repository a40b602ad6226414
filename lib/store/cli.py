"""The store's commands for `python -m lib` (registered by lib/__main__.py):

    python -m lib snapshot [--source PATH | --secrets PATH] [--store URL] [--json]
    python -m lib changes [--since TIME | --from ID --to ID] [--store URL] [--source-label L] [--json]
    python -m lib history [--village NAME] [--since TIME] [--store URL] [--source-label L] [--json]
    python -m lib report --snapshot N --phase N --format F --out PATH [--store URL]

`snapshot` reads the source (the sample, a file, or the Google Sheet of --secrets), validates
it and records it (a cron job every minute: an unchanged read only updates "last checked").
`changes` compares two snapshots (default: the one in force at 17:00 yesterday with the
latest); `history` lists snapshots with the commune's installs, or with --village that
village's coverage over read time next to coverage by report date. `report --snapshot N`
rebuilds a report from snapshot N with its own campaign file: the same figures, whatever was
read since, dated the day of that read unless --as-of says otherwise.

The store: --store URL, else `[store] url` of the --secrets file, else data/store/. TIME:
'2026-05-24 17:00', '2026-05-24T17:00', '24/05/2026 17:00' or '17:00' (today). Errors: exit
code 2 and one Vietnamese line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lib import changes as changes_mod
from lib import clock, metrics
from lib.campaign import CampaignError, load_campaign
from lib.dataset import RawWorkbook
from lib.formatting import fmt_date, fmt_int
from lib.texts import t

COMMANDS = ("snapshot", "changes", "history")


def register(commands: Any, source_options: Callable[[argparse.ArgumentParser], None]) -> None:
    snapshot = commands.add_parser("snapshot", help="read the source and keep it in the store")
    source_options(snapshot)
    _store_option(snapshot)
    snapshot.add_argument("--json", action="store_true", help="print JSON")
    changes = commands.add_parser("changes", help="what changed between two stored reads")
    _store_option(changes)
    _label_option(changes)
    changes.add_argument(
        "--since", type=parse_time, help="compare with the read in force then (default 17:00 yesterday)"
    )
    changes.add_argument("--from", dest="from_id", type=int, help="snapshot number to compare from")
    changes.add_argument("--to", dest="to_id", type=int, help="snapshot number to compare to (default: the latest)")
    changes.add_argument("--json", action="store_true", help="print JSON")
    history = commands.add_parser("history", help="stored reads over time, or one village's history")
    _store_option(history)
    _label_option(history)
    history.add_argument("--village", help="one village: coverage over read time and by report date")
    history.add_argument("--since", type=parse_time, help="reads from this time on")
    history.add_argument("--json", action="store_true", help="print JSON")


def add_report_options(report: argparse.ArgumentParser) -> None:
    report.add_argument("--snapshot", type=int, help="rebuild from this stored snapshot (python -m lib history)")
    _store_option(report)


def _store_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--store", help="store URL (postgresql://…; default: [store] url of --secrets, or SQLite)")


def _label_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--source-label", help="which source's reads (default: the latest read's)")


def parse_time(text: str) -> dt.datetime:
    text = text.strip()
    for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M"):
        try:
            return dt.datetime.strptime(text, pattern)
        except ValueError:
            pass
    if re.fullmatch(r"\d{1,2}:\d{2}", text):
        hour, minute = map(int, text.split(":"))
        return dt.datetime.combine(clock.today(), dt.time(hour, minute))
    try:
        return dt.datetime.combine(dt.date.fromisoformat(text), dt.time(0, 0))
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.bad_moment", text=text)) from None


def _fail(message: str) -> int:
    print(message.replace("\n", " "), file=sys.stderr)
    return 2


def _engine(args: argparse.Namespace):
    from lib.store import open_store, settings_from_secrets

    url = args.store
    if not url and getattr(args, "secrets", None):
        try:
            secrets = tomllib.loads(Path(args.secrets).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            from lib.store import StoreError

            raise StoreError(t("cli.file_unreadable", path=args.secrets, detail=type(exc).__name__)) from None
        url = settings_from_secrets(secrets).url
    return open_store(url)


def _retention(args: argparse.Namespace) -> int:
    from lib.store import RETENTION_DAYS, settings_from_secrets

    if getattr(args, "secrets", None):
        secrets = tomllib.loads(Path(args.secrets).read_text(encoding="utf-8"))
        return settings_from_secrets(secrets).retention_days
    return RETENTION_DAYS


def run(args: argparse.Namespace, read: Callable[[argparse.Namespace], RawWorkbook]) -> int:
    """Run `snapshot`, `changes` or `history`."""
    from lib.errors import SourceError
    from lib.store import StoreError

    try:
        if args.command == "snapshot":
            return _snapshot(args, read)
        engine = _engine(args)
        try:
            return _changes(args, engine) if args.command == "changes" else _history(args, engine)
        finally:
            engine.dispose()
    except (SourceError, CampaignError, StoreError) as exc:
        return _fail(str(exc))


def _label(args: argparse.Namespace, raw: RawWorkbook) -> str:
    from lib.sources.gsheets import config_from_secrets
    from lib.store import source_label

    if args.source:
        return source_label("file", args.source)
    if args.secrets:
        secrets = tomllib.loads(Path(args.secrets).read_text(encoding="utf-8"))
        config = config_from_secrets(secrets)
        return source_label("gsheets", config.spreadsheet_id if config else args.secrets)
    return source_label("sample")


def _snapshot(args: argparse.Namespace, read: Callable[[argparse.Namespace], RawWorkbook]) -> int:
    from lib import pipeline
    from lib.store import info, latest, now, record

    campaign_text = Path(args.campaign).read_text(encoding="utf-8")
    campaign = load_campaign(args.campaign)
    raw = read(args)
    read_at = now()
    today = clock.today()
    ds = pipeline.dataset(raw, campaign, today)
    label = _label(args, raw)
    engine = _engine(args)
    try:
        before = latest(engine, label)
        sid = record(engine, ds, campaign_text, label, read_at, retention_days=_retention(args))
        stored = info(engine, sid)
    finally:
        engine.dispose()
    new = before is None or before.id != sid
    if args.json:
        print(json.dumps({**stored.as_dict(), "new": new}, ensure_ascii=False, indent=2))
    else:
        state = t("cli.snapshot_new") if new else t("cli.snapshot_same")
        print(t("cli.snapshot_done", id=sid, state=state, read_at=f"{stored.read_at:%H:%M %d/%m/%Y}", label=label))
    return 0


def _changes(args: argparse.Namespace, engine) -> int:
    from lib.store import StoreError, campaign_of, info, latest, list_snapshots, load

    if args.from_id is not None or args.to_id is not None:
        if args.from_id is None:
            raise StoreError(t("cli.need_from"))
        old = info(engine, args.from_id)
        new = info(engine, args.to_id) if args.to_id is not None else latest(engine, old.source)
    else:
        new = latest(engine, args.source_label)
        if new is None:
            raise StoreError(t("cli.store_empty"))
        since = args.since or changes_mod.default_since(dt.datetime.combine(clock.today(), dt.time(12, 0)))
        old = latest(engine, new.source, at=since)
        if old is None:  # nothing read by then: from the first read kept
            old = list_snapshots(engine, new.source)[0]
    campaign = campaign_of(engine, new.id)
    result = changes_mod.diff(load(engine, old.id), load(engine, new.id), campaign, old.read_at, new.read_at)
    result = {"from": old.as_dict(), "to": new.as_dict(), **result}
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(_changes_text(result, campaign))
    return 0


def _when(iso: str) -> str:
    return dt.datetime.fromisoformat(iso).strftime("%H:%M %d/%m/%Y")


def _changes_text(result: dict[str, Any], campaign) -> str:
    frm, to = result["from"], result["to"]
    times = {"old_at": _when(frm["read_at"]), "new_at": _when(to["read_at"])}
    lines = [t("cli.changes_title", old=frm["id"], new=to["id"], **times)]
    groups = {g.key: g.label for g in campaign.village_groups}
    for v in result["villages"]:
        added = ", ".join(f"{groups[g]} {x['added']:+d}" for g, x in v["installed"].items() if x["added"])
        counts = t("cli.changes_counts", added=len(v["added"]), edited=len(v["edited"]), deleted=len(v["deleted"]))
        lines.append(f"- {v['village']}: {added or t('cli.changes_same_installs')}; {counts}")
        for e in v["edited"]:
            flag = f" [{t('changes.old_data')}]" if e["old_data"] else ""
            moved = " " + t("cli.changes_moved", row=e["row_before"]) if e["row_before"] != e["row"] else ""
            before, after = _row_text(e["before"], groups), _row_text(e["after"], groups)
            edited = t("cli.changes_edited", row=e["row"], moved=moved, flag=flag, before=before, after=after)
            lines.append("    " + edited)
        for d in v["deleted"]:
            flag = f" [{t('changes.old_data')}]" if d["old_data"] else ""
            lines.append("    " + t("cli.changes_deleted", row=d["row"], flag=flag, values=_row_text(d, groups)))
        for a in v["added"]:
            flag = f" [{t('changes.late')}]" if a["late"] else ""
            lines.append("    " + t("cli.changes_added", row=a["row"], flag=flag, values=_row_text(a, groups)))
    for r in result["rejected_new"]:
        lines.append(t("cli.changes_rejected_new", reason=r["reason"]))
    lines.append(t("changespage.rejected_fixed", n=fmt_int(len(result["rejected_fixed"]))))
    return "\n".join(lines)


def _row_text(row: dict[str, Any], groups: dict[str, str]) -> str:
    counts = ", ".join(f"{label} {row[g]}" for g, label in groups.items() if g in row)
    day = fmt_date(dt.date.fromisoformat(row["date"])) if row["date"] else "—"
    group = row["family_group"] or t("changespage.whole_village")
    return t("cli.row_values", day=day, family_group=group, counts=counts)


def _history(args: argparse.Namespace, engine) -> int:
    from lib.store import StoreError, campaign_of, latest, list_snapshots, load, village_figures

    newest = latest(engine, args.source_label)
    if newest is None:
        raise StoreError(t("cli.store_empty"))
    snaps = list_snapshots(engine, newest.source, since=args.since)
    figures = village_figures(engine, [s.id for s in snaps])
    campaign = campaign_of(engine, newest.id)
    groups = [g.key for g in campaign.village_groups]
    if args.village:
        ds = load(engine, newest.id)
        if args.village not in ds.village_names:
            raise StoreError(t("cli.no_village_in_snapshot", village=args.village, id=newest.id))
        pairs = [(s.read_at, figures[s.id]) for s in snaps if s.id in figures]
        until = metrics.default_as_of(ds, newest.read_at.date())
        result: dict[str, Any] = changes_mod.village_history(pairs, ds, campaign, args.village, until)
    else:
        result = {"source": newest.source, "snapshots": []}
        for s in snaps:
            entry = s.as_dict()
            frame = figures.get(s.id)
            if frame is not None:
                entry["installed"] = {
                    g: int(frame[f"installed:{g}"].sum()) for g in groups if f"installed:{g}" in frame
                }
            result["snapshots"].append(entry)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    elif args.village:
        for p in result["by_read_time"]:
            lines = ", ".join(f"{g} {p[g]['installed']}" for g in groups)
            print(t("cli.history_point", read_at=p["read_at"], installed=lines))
    else:
        for s in result["snapshots"]:
            installed = ", ".join(f"{g} {n}" for g, n in s.get("installed", {}).items())
            checked = s["last_checked"]
            print(t("cli.history_snapshot", id=s["id"], read_at=s["read_at"], checked=checked, installed=installed))
    return 0


def report_from_snapshot(args: argparse.Namespace, write: Callable[..., int]) -> int:
    """`report --snapshot N`: the report from snapshot N, with its campaign file, as of
    --as-of or that read's day; `write(args, ds, campaign, as_of, today, snapshot=…)` makes it."""
    from lib.store import StoreError, campaign_of, info, load

    try:
        engine = _engine(args)
        try:
            stored = info(engine, args.snapshot)
            campaign = campaign_of(engine, stored.id)
            ds = load(engine, stored.id)
        finally:
            engine.dispose()
    except (StoreError, CampaignError) as exc:
        return _fail(str(exc))
    if args.phase not in {p.id for p in campaign.phases}:
        known = ", ".join(str(p.id) for p in campaign.phases)
        return _fail(t("cli.no_phase_in_snapshot", phase=args.phase, id=stored.id, known=known))
    today = stored.read_at.date()
    as_of = args.as_of or metrics.default_as_of(ds, today)
    return write(args, ds, campaign, as_of, today, snapshot=(int(stored.id), stored.read_at))
