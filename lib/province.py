"""The province roll-up: many communes, each read and judged as it is alone (docs/province.md).

- `load_province(path)`: province.toml's `[[commune]]` entries (name; source, secrets or sheet;
  campaign), the province's own service account (`secrets`) and its read budget (`[schedule]`);
  a mistake raises ProvinceError (a CampaignError) naming the entry and the key.
- `read_commune(entry)`: that commune's workbook through lib.pipeline (read + dataset) with its
  own campaign file. Never raises: a commune that fails (campaign file, unreadable source, a
  workbook that changed shape, anything else) is a CommuneRead with `error` set, and only that
  commune is affected.
- `commune_figures(read, as_of, today)`: one commune's figures (the costly part, which the app
  computes once per read); `roll_up` adds each commune's data age at the time it is shown.
- `roll_up(reads, as_of, today)`: per commune and target, judged against that commune's own
  targets (lib.metrics.target_results, the figures of its own `summary --json`): installed, base,
  coverage, people missing, status, data age; communes ranked by people missing per target; and
  province totals that are sums of people (coverage = sum installed / sum base, never an average
  of rates).
- `add_command`/`run_command`: `python -m lib province --config province.toml [--as-of] [--json]`.

No Streamlit here: the app reads communes on a schedule (lib/province_schedule.py) in a
server-wide refresher (lib/province_refresh.py) and calls `roll_up` on its reads.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lib import clock, metrics, pipeline
from lib.campaign import DEFAULT_PATH, Campaign, CampaignError, load_campaign
from lib.dataset import Dataset
from lib.errors import ShapeError, SourceError
from lib.parsing import strip_diacritics
from lib.texts import t

ENTRY_KEYS = ("name", "source", "secrets", "sheet", "campaign")
SOURCE_KEYS = ("source", "secrets", "sheet")  # exactly one per commune
TOP_KEYS = ("province", "secrets", "schedule", "commune")
SCHEDULE_KEYS = ("reads_per_minute", "project_reads_per_minute", "ttl")
# Why a commune has no figures: the stage that failed (PENDING: the app has not read it yet).
CAMPAIGN, READ, SHAPE, UNEXPECTED, PENDING = "campaign", "read", "shape", "unexpected", "pending"


class ProvinceError(CampaignError):
    """province.toml is wrong; the message names the entry (its number and name) and the key."""


@dataclass(frozen=True)
class CommuneEntry:
    """One `[[commune]]` of province.toml; paths are resolved against province.toml's folder."""

    name: str
    source: Path | None = None  # an .xlsx file or a folder of .csv files
    # A secrets.toml whose [connections.gsheets] holds the service account (and, without
    # `sheet`, names the sheet): the commune's own, or for a `sheet` entry the province's.
    secrets: Path | None = None
    sheet: str | None = None  # the sheet's address or ID, read with the province's account
    campaign: Path = DEFAULT_PATH

    @property
    def slug(self) -> str:
        """The commune in a link (`?xa=cam-xuyen`): its name without marks, lower case, dashes."""
        return slug(self.name)

    @property
    def where(self) -> str:
        """Where its data is, for the JSON and the error rows (no key, no secret)."""
        if self.source is not None:
            return str(self.source)
        return self.sheet if self.sheet is not None else str(self.secrets)


@dataclass(frozen=True)
class Schedule:
    """`[schedule]` of province.toml: how often communes' Google Sheets may be read (the rule is
    lib/province_schedule.py's). Google allows 60 reads a minute per account: 50 leaves room
    for the data-source page's connection check and clock drift."""

    reads_per_minute: int = 50  # per service account
    project_reads_per_minute: int = 300  # per Google Cloud project (Google's own limit)
    ttl: float = 60.0  # the shortest time between two reads of one commune, in seconds


DEFAULT_SCHEDULE = Schedule()


@dataclass(frozen=True)
class Province:
    name: str
    path: Path
    communes: tuple[CommuneEntry, ...]
    schedule: Schedule = DEFAULT_SCHEDULE
    secrets: Path | None = None  # the province's service account, for `sheet` entries

    def commune(self, slug_or_name: str) -> CommuneEntry | None:
        """The commune a link names (`?xa=cam-xuyen`), or None."""
        wanted = slug(slug_or_name)
        return next((c for c in self.communes if c.slug == wanted), None)


def slug(name: str) -> str:
    """'Cẩm Xuyên' -> 'cam-xuyen': what a link carries (ASCII, so it survives any messenger)."""
    words = "".join(ch if ch.isalnum() else " " for ch in strip_diacritics(name).casefold())
    return "-".join(words.split())


@dataclass
class CommuneRead:
    """One commune's read: its campaign and validated Dataset, or what failed (`error`)."""

    entry: CommuneEntry
    read_at: dt.datetime  # when the read finished (Asia/Ho_Chi_Minh): the data's age starts here
    seconds: float = 0.0
    campaign: Campaign | None = None
    dataset: Dataset | None = None
    error: Exception | None = field(default=None, repr=False)
    stage: str | None = None  # CAMPAIGN, READ, SHAPE or UNEXPECTED when `error` is set

    @property
    def ok(self) -> bool:
        return self.error is None


# ------------------------------------------------------------------------------ province.toml


def load_province(path: Path | str) -> Province:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ProvinceError("province.unreadable", path=path, detail=exc) from None
    return province_from_dict(data, path)


def province_from_dict(data: dict[str, Any], path: Path) -> Province:
    """The Province a parsed province.toml describes; relative paths are from `path`'s folder."""
    for key in data:
        if key not in TOP_KEYS:
            raise ProvinceError("province.unknown_top", path=path, key=key, allowed=", ".join(TOP_KEYS))
    entries = data.get("commune", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ProvinceError("province.not_table", path=path, key="commune")
    if not entries:
        raise ProvinceError("province.no_communes", path=path)
    province = data.get("province", "")
    if not isinstance(province, str):
        raise ProvinceError("province.not_text", path=path, entry="-", key="province", value=repr(province))
    account = data.get("secrets")
    if account is not None and (not isinstance(account, str) or not account.strip()):
        raise ProvinceError("province.not_text", path=path, entry="-", key="secrets", value=repr(account))
    account_path = path.parent / Path(account.strip()).expanduser() if account else None
    communes: list[CommuneEntry] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(entries, start=1):
        entry = _entry(raw, number, path, account_path)
        if entry.slug in seen:  # 'Cẩm Xuyên' and 'Cam Xuyen' would share one link
            first = seen[entry.slug]
            raise ProvinceError("province.duplicate", path=path, name=entry.name, first=first, entry=number)
        seen[entry.slug] = number
        communes.append(entry)
    schedule = _schedule(data.get("schedule", {}), path)
    return Province(name=province, path=path, communes=tuple(communes), schedule=schedule, secrets=account_path)


def _schedule(raw: Any, path: Path) -> Schedule:
    """`[schedule]`: positive numbers; a per-account budget over Google's 60 is refused."""
    if not isinstance(raw, dict):
        raise ProvinceError("province.not_table", path=path, key="schedule")
    for key in raw:
        if key not in SCHEDULE_KEYS:
            allowed = ", ".join(SCHEDULE_KEYS)
            raise ProvinceError("province.unknown_top", path=path, key=f"schedule.{key}", allowed=allowed)
    values: dict[str, float] = {}
    for key, most in (("reads_per_minute", 60), ("project_reads_per_minute", 300), ("ttl", 86400)):
        if key in raw:
            value = raw[key]
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= most:
                named = f"schedule.{key}"
                raise ProvinceError("province.bad_number", path=path, key=named, value=repr(value), most=most)
            values[key] = value
    return Schedule(
        reads_per_minute=int(values.get("reads_per_minute", Schedule.reads_per_minute)),
        project_reads_per_minute=int(values.get("project_reads_per_minute", Schedule.project_reads_per_minute)),
        ttl=float(values.get("ttl", Schedule.ttl)),
    )


def _entry(raw: dict[str, Any], number: int, path: Path, account: Path | None) -> CommuneEntry:
    if "name" not in raw:
        raise ProvinceError("province.missing_key", path=path, entry=number, key="name")
    values: dict[str, str] = {}
    for key in ENTRY_KEYS:
        if key in raw:
            value = raw[key]
            if not isinstance(value, str) or not value.strip():
                raise ProvinceError("province.not_text", path=path, entry=number, key=key, value=repr(value))
            values[key] = value.strip()
    name = values["name"]
    for key in raw:
        if key not in ENTRY_KEYS:
            allowed = ", ".join(ENTRY_KEYS)
            raise ProvinceError("province.unknown_key", path=path, entry=number, name=name, key=key, allowed=allowed)
    if sum(key in values for key in SOURCE_KEYS) != 1:
        raise ProvinceError("province.no_source", path=path, entry=number, name=name)
    if not slug(name):
        raise ProvinceError("province.no_slug", path=path, entry=number, name=name)
    folder = path.parent

    def resolved(key: str) -> Path | None:
        return (folder / Path(values[key]).expanduser()) if key in values else None

    return CommuneEntry(
        name=name,
        source=resolved("source"),
        secrets=resolved("secrets") or (account if "sheet" in values else None),
        sheet=values.get("sheet"),
        campaign=resolved("campaign") or DEFAULT_PATH,
    )


# ------------------------------------------------------------------------------ reading


def read_commune(entry: CommuneEntry, today: dt.date | None = None) -> CommuneRead:
    """Read and validate one commune with its own campaign; every failure is kept, never raised."""
    today = clock.today() if today is None else today
    started = time.perf_counter()
    campaign = None
    try:
        stage = CAMPAIGN
        campaign = load_campaign(entry.campaign)
        stage = READ
        raw = _read(entry, campaign)
        stage = SHAPE
        ds = pipeline.dataset(raw, campaign, today)
    except ShapeError as exc:
        return _failed(entry, started, campaign, exc, SHAPE)
    except (SourceError, CampaignError) as exc:
        return _failed(entry, started, campaign, exc, stage)
    except Exception as exc:  # one commune's fault affects only that commune
        return _failed(entry, started, campaign, exc, UNEXPECTED)
    return CommuneRead(entry, _now(), time.perf_counter() - started, campaign, ds)


def read_communes(province: Province, today: dt.date | None = None) -> list[CommuneRead]:
    return [read_commune(entry, today) for entry in province.communes]


def _read(entry: CommuneEntry, campaign: Campaign):
    if entry.source is not None:
        return pipeline.read(str(entry.source), None, campaign.limits)
    return pipeline.read(None, commune_secrets(entry), campaign.limits, secrets_path=str(entry.secrets))


def commune_secrets(entry: CommuneEntry) -> dict[str, Any]:
    """The secrets a Google-Sheet commune is read with: its secrets.toml, or for a `sheet` entry
    the province's account (none: the sheet's public link) with `spreadsheet` set to the sheet.
    Raises SourceError when the file cannot be read."""
    secrets: dict[str, Any] = {}
    if entry.secrets is not None:
        try:
            secrets = tomllib.loads(Path(entry.secrets).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise SourceError("cli.file_unreadable", path=entry.secrets, detail=type(exc).__name__) from None
    if entry.sheet is not None:
        section = dict((secrets.get("connections") or {}).get("gsheets") or {})
        secrets = {**secrets, "connections": {"gsheets": {**section, "spreadsheet": entry.sheet}}}
    return secrets


def _failed(entry, started, campaign, exc, stage) -> CommuneRead:
    return CommuneRead(entry, _now(), time.perf_counter() - started, campaign, None, exc, stage)


def _now() -> dt.datetime:
    return dt.datetime.now(clock.ZONE).replace(microsecond=0)


def error_message(read: CommuneRead, lang: str = "vi") -> str | None:
    """What failed, in one line of the viewer's language."""
    exc = read.error
    if exc is None:
        return None
    if read.stage == PENDING:
        return t("province.commune_pending", lang)
    if read.stage == CAMPAIGN and isinstance(exc, CampaignError):
        return t("province.commune_campaign", lang, detail=exc.message(lang))
    if isinstance(exc, SourceError | CampaignError):
        return exc.message(lang).replace("\n", " ")
    return t("province.commune_unexpected", lang, detail=type(exc).__name__)


# ------------------------------------------------------------------------------ the roll-up


def target_key(group: str, phase: int) -> str:
    """A target across communes: its group and the phase it is judged by (`adults@2`)."""
    return f"{group}@{phase}"


Figures = Callable[[CommuneRead, "dt.date | None", dt.date], dict[str, Any]]


def roll_up(
    reads: list[CommuneRead],
    as_of: dt.date | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    name: str = "",
    figures: Figures | None = None,
    problems: Mapping[str, CommuneRead] | None = None,
) -> dict[str, Any]:
    """Per commune and target against its own targets, rankings and sums of people.

    `as_of` None: each commune's own default (`metrics.default_as_of`, as its `summary` does).
    The figures are those of each commune's own `python -m lib summary --json` with the same
    as-of date: the totals per group sum its `totals[group]` installed, base and gap.

    `figures` computes one commune's figures (default `commune_figures`; the app passes a cache
    kept per read). `problems` maps a commune's name to a later read that failed while `reads`
    holds its last good one: the commune is counted with its last good figures, and its row says
    what failed (`problem`) and how old the figures are (`age_seconds`)."""
    today = clock.today() if today is None else today
    now = _now() if now is None else now
    figures = commune_figures if figures is None else figures
    problems = problems or {}
    communes = [_commune(r, as_of, today, now, figures, problems.get(r.entry.name)) for r in reads]
    counted = [c for c in communes if c["ok"]]
    return {
        "province": name,
        "as_of": None if as_of is None else as_of.isoformat(),
        "today": today.isoformat(),
        "communes": communes,
        "totals": {
            "communes": len(communes),
            "counted": len(counted),
            "failed": [c["name"] for c in communes if not c["ok"]],
            "groups": _sums(counted, "groups"),
            "targets": _sums(counted, "targets"),
        },
        "ranking": _ranking(counted),
    }


def _failure(read: CommuneRead) -> dict[str, Any]:
    return {"stage": read.stage, "message": error_message(read), "message_en": error_message(read, "en")}


def _commune(
    read: CommuneRead,
    as_of: dt.date | None,
    today: dt.date,
    now: dt.datetime,
    figures: Figures,
    problem: CommuneRead | None,
) -> dict[str, Any]:
    entry = read.entry
    out: dict[str, Any] = {
        "name": entry.name,
        "ok": read.ok,
        "source": entry.where,
        "campaign": str(entry.campaign),
        "read_at": read.read_at.isoformat(),
        "age_seconds": max(0, int((now - read.read_at).total_seconds())),
        "as_of": None,
        "commune": None,  # the commune's name in its campaign.toml
        "phase": None,
        "groups": {},
        "targets": {},
        "error": None,
        "problem": None,
    }
    if not read.ok:
        out["error"] = _failure(read)
        return out
    if problem is not None and not problem.ok:
        out["problem"] = {**_failure(problem), "at": problem.read_at.isoformat()}
    return out | figures(read, as_of, today)


def commune_figures(read: CommuneRead, as_of: dt.date | None, today: dt.date) -> dict[str, Any]:
    """A good read's figures: its as-of date, current phase, groups and targets (what costs time
    in a roll-up: the app keeps them per read, as-of date and day)."""
    from lib.ranking import current_phase

    ds, campaign = read.dataset, read.campaign
    own_as_of = as_of or metrics.default_as_of(ds, today)
    phase = current_phase(campaign, own_as_of)
    out: dict[str, Any] = {
        "as_of": own_as_of.isoformat(),
        "commune": campaign.commune,
        "phase": phase.id,
        "phase_title": {lang: phase.title(lang) for lang in ("vi", "en")},
        "groups": {},
        "targets": {},
    }
    results = metrics.target_results(ds, campaign, own_as_of, today=today)
    for group in campaign.groups:
        installed, base, _ = metrics.group_totals(ds, campaign, group, own_as_of)
        final = [e for e in results if e.group == group.key and e.target == campaign.final_target(group.key)]
        out["groups"][group.key] = {
            "label": group.label,
            "label_en": group.title("en"),
            "installed": installed,
            "base": base,
            "coverage": metrics.coverage(installed, base),
            "missing": final[0].gap if final else None,
            "status": final[0].status if final else None,
        }
    for e in results:
        key = target_key(e.group, e.target.phase)
        n = 2
        while key in out["targets"]:  # two targets of one group in one phase: `adults@2.2`
            key, n = f"{target_key(e.group, e.target.phase)}.{n}", n + 1
        group = campaign.group(e.group)
        out["targets"][key] = {
            "group": e.group,
            "label": group.label,
            "label_en": group.title("en"),
            "percent": float(e.target.percent),
            "rule": e.target.rule,
            "phase": e.target.phase,
            "deadline": e.deadline.isoformat(),
            "installed": e.installed,
            "base": e.base,
            "coverage": e.coverage,
            "missing": e.gap,
            "met": e.met,
            "status": e.status,
        }
    return out


def _sums(communes: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    """Per group (or target): sums of people over the communes that have it; coverage from the sums."""
    out: dict[str, dict[str, Any]] = {}
    for c in communes:
        for key, row in c[kind].items():
            total = out.setdefault(
                key, {"label": row["label"], "label_en": row["label_en"], "installed": 0, "base": 0, "missing": None}
            )
            if kind == "targets":
                total |= {"group": row["group"], "phase": row["phase"]}
            total["installed"] += row["installed"]
            total["base"] += row["base"] or 0
            if row["missing"] is not None:
                total["missing"] = (total["missing"] or 0) + row["missing"]
            total.setdefault("communes", []).append(c["name"])
            if row.get("status") is not None:
                statuses = total.setdefault("statuses", {})
                statuses[row["status"]] = statuses.get(row["status"], 0) + 1
    order = ("label", "label_en", "group", "phase", "installed", "base", "coverage", "missing", "communes", "statuses")
    for key, total in out.items():
        total["coverage"] = metrics.coverage(total["installed"], total["base"])
        out[key] = {k: total[k] for k in order if k in total}
    return out


def _ranking(communes: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Per target, the communes that have it, most people missing first (then lowest coverage)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for c in communes:
        for key, row in c["targets"].items():
            out.setdefault(key, []).append(
                {
                    "commune": c["name"],
                    "missing": row["missing"],
                    "coverage": row["coverage"],
                    "status": row["status"],
                    "age_seconds": c["age_seconds"],
                }
            )
    for rows in out.values():
        rows.sort(key=lambda r: (-(r["missing"] or 0), r["coverage"] if r["coverage"] is not None else 2, r["commune"]))
        for rank, row in enumerate(rows, start=1):
            row["rank"] = rank
    return dict(sorted(out.items()))


# ------------------------------------------------------------------------------ command line


def add_command(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser("province", help="every commune of province.toml: ranking and totals")
    command.add_argument("--config", required=True, help="province.toml listing the communes")
    command.add_argument("--as-of", type=dt.date.fromisoformat, help="YYYY-MM-DD (default: each commune's today)")
    command.add_argument("--json", action="store_true", help="print JSON instead of a table")


def run_command(args: argparse.Namespace) -> int:
    """0: every commune computed; 1: some failed (each says why, the others are computed);
    2: province.toml itself is wrong (one line on stderr)."""
    try:
        province = load_province(args.config)
    except CampaignError as exc:
        print(str(exc).replace("\n", " "), file=sys.stderr)
        return 2
    today = clock.today()
    result = roll_up(read_communes(province, today), args.as_of, today, name=province.name)
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(as_text(result))
    return 1 if result["totals"]["failed"] else 0


def _status_words(row: dict[str, Any], lang: str) -> str:
    """The status in words; missed at the deadline but reached since says so (else 'Không đạt'
    beside nobody missing reads as a mistake)."""
    words = t("status." + row["status"], lang)
    if row["status"] == metrics.MISSED and row["missing"] == 0:
        words += ", " + t("province.reached_late", lang)
    return words


def as_text(result: dict[str, Any], lang: str = "vi") -> str:
    from lib.formatting import fmt_date, fmt_int, fmt_pct

    def count(n: int | None) -> str:
        return "—" if n is None else fmt_int(n, lang)

    def pct(x: float | None) -> str:
        return "—" if x is None else fmt_pct(x, lang)

    totals = result["totals"]
    lines = [
        t("province.title", lang, province=result["province"], counted=totals["counted"], communes=totals["communes"])
    ]
    for key, total in totals["targets"].items():
        lines.append(
            t(
                "province.total_row",
                lang,
                label=f"{total['label']} ({key})",
                installed=count(total["installed"]),
                base=count(total["base"]),
                coverage=pct(total["coverage"]),
                missing=count(total["missing"]),
            )
        )
        as_of = {c["name"]: c["as_of"] for c in result["communes"]}
        for row in result["ranking"].get(key, []):
            lines.append(
                t(
                    "province.commune_row",
                    lang,
                    rank=row["rank"],
                    commune=row["commune"],
                    missing=count(row["missing"]),
                    coverage=pct(row["coverage"]),
                    status=_status_words(row, lang),
                    as_of=fmt_date(dt.date.fromisoformat(as_of[row["commune"]])),
                )
            )
    for c in result["communes"]:
        if not c["ok"]:
            message = c["error"]["message" if lang == "vi" else "message_en"]
            lines.append(t("province.failed_row", lang, commune=c["name"], problem=message))
    return "\n".join(lines)
