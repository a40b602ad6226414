"""The campaign as declared data: phases, groups and targets, read from `campaign.toml`.

The next campaign, or another commune, changes the TOML file and nothing else. Loading checks
the file thoroughly so a typo fails at start-up with a message, not as a wrong number later.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, fields, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

from lib import texts
from lib.sources.limits import CEILINGS, LIMITS, Limits

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "campaign.toml"
TALLY_MODES = ("incremental", "cumulative")
COUNT_SOURCES = ("tallies", "list")
RULES = ("tren", "dat")


class CampaignError(ValueError):
    """The configuration file is wrong; the message says where. `key` names it in lib.texts,
    `values` fill it; str() is the Vietnamese message, `message(lang)` the viewer's."""

    def __init__(self, key: str, /, **values: object):
        self.key, self.values = key, values
        super().__init__(self.message("vi"))

    def message(self, lang: str = "vi") -> str:
        return texts.t(self.key, lang, **self.values)


@dataclass(frozen=True)
class Phase:
    id: int
    name: str
    name_en: str
    start: dt.date
    end: dt.date

    def title(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    label_en: str
    unit: str  # "village" or "agency"
    base_column: str = ""
    installed_column: str = ""
    part_of: str = ""
    # DanhSach column whose "x" marks a member of this group; empty: every adult on the list.
    list_column: str = ""

    def title(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label


@dataclass(frozen=True)
class Target:
    group: str
    percent: Fraction
    rule: str  # "tren": strictly above; "dat": at least
    phase: int


@dataclass(frozen=True)
class Report:
    """The editable fields of the phase report (Decree 30/2020/NĐ-CP layout)."""

    issuer_parent: str = ""  # the body above the issuer, e.g. "ĐẢNG ỦY XÃ CẨM XUYÊN"
    issuer: str = ""  # e.g. "BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ"
    number: str = "…/BC-BCĐ"
    place: str = ""
    signer_title: str = ""
    signer_name: str = ""
    recipients: tuple[str, ...] = ()
    # The commune's villages when the workbook holds more (a district's or province's sheet):
    # the report covers only these. Empty: every village of the workbook.
    villages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Campaign:
    commune: str
    province: str
    name: str
    name_en: str
    tally_mode: str
    min_helpers_it: int
    min_sessions: int
    phases: tuple[Phase, ...]
    groups: tuple[Group, ...]
    targets: tuple[Target, ...]
    # Where a village has both a DanhSach list and CaiDat tallies, which one counts.
    count_source: str = "tallies"
    adult_age: int = 18
    report: Report = Report()
    # What one file read may cost ([limits], lib.sources.limits): every read passes these on.
    limits: Limits = LIMITS

    @property
    def start(self) -> dt.date:
        return min(p.start for p in self.phases)

    @property
    def end(self) -> dt.date:
        return max(p.end for p in self.phases)

    def phase(self, phase_id: int) -> Phase:
        return next(p for p in self.phases if p.id == phase_id)

    def group(self, key: str) -> Group:
        return next(g for g in self.groups if g.key == key)

    @property
    def village_groups(self) -> tuple[Group, ...]:
        return tuple(g for g in self.groups if g.unit == "village")

    @property
    def agency_groups(self) -> tuple[Group, ...]:
        return tuple(g for g in self.groups if g.unit == "agency")

    def targets_of(self, group: str) -> tuple[Target, ...]:
        """A group's targets in deadline order; the last one is its final target."""
        own = [t for t in self.targets if t.group == group]
        return tuple(sorted(own, key=lambda t: (self.phase(t.phase).end, t.percent)))

    def final_target(self, group: str) -> Target | None:
        own = self.targets_of(group)
        return own[-1] if own else None

    def target_for(self, group: str, phase: int | None) -> Target | None:
        """The target a view judges a group by: that phase's, or the final one for the campaign."""
        if phase is None:
            return self.final_target(group)
        own = [t for t in self.targets_of(group) if t.phase == phase]
        return own[-1] if own else None

    def title(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name

    def deadline(self, target: Target) -> dt.date:
        return self.phase(target.phase).end


def load_campaign(path: Path | str = DEFAULT_PATH) -> Campaign:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CampaignError("campaign.unreadable", path=path, detail=exc) from exc
    return campaign_from_dict(data)


def campaign_from_dict(data: dict[str, Any]) -> Campaign:
    phases = tuple(_phase(p) for p in _list(data, "phases"))
    if not phases:
        raise CampaignError("campaign.no_phases")
    groups = tuple(_group(key, g) for key, g in _table(data, "groups").items())
    mode = data.get("tally_mode", "incremental")
    if mode not in TALLY_MODES:
        raise CampaignError("campaign.tally_mode", allowed=TALLY_MODES, value=repr(mode))
    source = data.get("count_source", "tallies")
    if source not in COUNT_SOURCES:
        raise CampaignError("campaign.count_source", allowed=COUNT_SOURCES, value=repr(source))
    campaign = Campaign(
        commune=str(data.get("commune", "")),
        province=str(data.get("province", "")),
        name=str(data.get("campaign", "")),
        name_en=str(data.get("campaign_en", data.get("campaign", ""))),
        tally_mode=mode,
        min_helpers_it=_int(data.get("min_helpers_it", 0), "min_helpers_it"),
        min_sessions=_int(data.get("min_sessions", 0), "min_sessions"),
        phases=phases,
        groups=groups,
        targets=tuple(_target(t) for t in _list(data, "targets")),
        count_source=source,
        adult_age=_int(data.get("adult_age", 18), "adult_age"),
        report=_report(data.get("report", {})),
        limits=_limits(data.get("limits", {})),
    )
    _check_references(campaign)
    return campaign


def _list(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise CampaignError("campaign.not_list", key=key)
    return value


def _table(data: dict[str, Any], key: str) -> dict[str, dict[str, Any]]:
    value = data.get(key, {})
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise CampaignError("campaign.not_table", key=key)
    return value


def _int(value: Any, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise CampaignError("campaign.not_integer", key=key, value=repr(value))
    return value


def _day(value: Any) -> Any:
    """TOML has dates and date-times; a phase needs a date."""
    return value.date() if isinstance(value, dt.datetime) else value


def _phase(p: dict[str, Any]) -> Phase:
    try:
        phase = Phase(
            _int(p["id"], "id"),
            str(p["name"]),
            str(p.get("name_en", p["name"])),
            _day(p["start"]),
            _day(p["end"]),
        )
    except KeyError as exc:
        raise CampaignError("campaign.phase_key", phase=p, key=exc) from exc
    if not isinstance(phase.start, dt.date) or not isinstance(phase.end, dt.date) or phase.start > phase.end:
        raise CampaignError("campaign.phase_dates", phase=phase.name)
    return phase


def _group(key: str, g: dict[str, Any]) -> Group:
    unit = g.get("unit", "village")
    group = Group(
        key=key,
        label=str(g.get("label", key)),
        label_en=str(g.get("label_en", g.get("label", key))),
        unit=unit,
        base_column=str(g.get("base_column", "")),
        installed_column=str(g.get("installed_column", "")),
        part_of=str(g.get("part_of", "")),
        list_column=str(g.get("list_column", "")),
    )
    if unit not in ("village", "agency"):
        raise CampaignError("campaign.group_unit", group=key)
    if unit == "village" and not (group.base_column and group.installed_column):
        raise CampaignError("campaign.group_columns", group=key)
    return group


def _report(r: Any) -> Report:
    if not isinstance(r, dict):
        raise CampaignError("campaign.report_table")
    recipients = r.get("recipients", [])
    if not isinstance(recipients, list):
        raise CampaignError("campaign.report_recipients")
    villages = r.get("villages", [])
    if not isinstance(villages, list) or not all(isinstance(v, str) and v.strip() for v in villages):
        raise CampaignError("campaign.report_villages")
    fields = ("issuer_parent", "issuer", "number", "place", "signer_title", "signer_name")
    return Report(
        **{k: str(r[k]) for k in fields if k in r},
        recipients=tuple(str(x) for x in recipients),
        villages=tuple(villages),
    )


def _limits(value: Any) -> Limits:
    """[limits]: any of the caps of lib.sources.limits, each a positive whole number (seconds
    may have a decimal part) no larger than its ceiling; a key left out keeps its default."""
    if not isinstance(value, dict):
        raise CampaignError("campaign.limits_table")
    known = {f.name for f in fields(Limits)}
    unknown = sorted(set(value) - known)
    if unknown:
        names, allowed = ", ".join(unknown), ", ".join(sorted(known))
        raise CampaignError("campaign.limits_unknown", names=names, allowed=allowed)
    for key, cap in value.items():
        number = (int, float) if key == "seconds" else int
        if isinstance(cap, bool) or not isinstance(cap, number):
            kind = "campaign.limits_number" if key == "seconds" else "campaign.limits_integer"
            raise CampaignError(kind, key=key, value=repr(cap))
        if not 0 < cap <= CEILINGS[key]:
            ceiling, default = (_grouped(n) for n in (CEILINGS[key], getattr(LIMITS, key)))
            raise CampaignError("campaign.limits_range", key=key, value=repr(cap), ceiling=ceiling, default=default)
    return replace(LIMITS, **value)


def _grouped(n: float) -> str:
    """1.100.000, 60 or 0,5: a number as the Vietnamese messages write it."""
    n = int(n) if float(n).is_integer() else n
    return f"{n:_}".replace(".", ",").replace("_", ".")


def _target(t: dict[str, Any]) -> Target:
    try:
        target = Target(str(t["group"]), Fraction(str(t["percent"])), str(t["rule"]), int(t["phase"]))
    except (KeyError, ValueError) as exc:
        raise CampaignError("campaign.target_keys", target=t, detail=exc) from exc
    if target.rule not in RULES:
        raise CampaignError("campaign.target_rule", target=t)
    if not 0 <= target.percent <= 100:
        raise CampaignError("campaign.target_percent", target=t)
    return target


def _check_references(c: Campaign) -> None:
    keys = {g.key for g in c.groups}
    phase_ids = {p.id for p in c.phases}
    for t in c.targets:
        if t.group not in keys:
            raise CampaignError("campaign.target_group", group=t.group)
        if t.phase not in phase_ids:
            raise CampaignError("campaign.target_phase", group=t.group, phase=t.phase)
    if len(phase_ids) != len(c.phases):
        raise CampaignError("campaign.phase_ids")
    village_keys = {g.key for g in c.village_groups}
    for g in c.groups:
        if g.part_of and (g.part_of not in village_keys or g.part_of == g.key or g.unit != "village"):
            raise CampaignError("campaign.part_of", group=g.key, part_of=g.part_of)
    if len(c.agency_groups) > 1:
        raise CampaignError("campaign.agencies")
