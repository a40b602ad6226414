"""The campaign as configured in campaign.toml, and the checks that stop a typo at start-up.

The dashboard's every deadline and percentage comes from this file, so the repository's file
is pinned here, and each kind of mistake must fail with a CampaignError, not a wrong number.
"""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from lib.campaign import DEFAULT_PATH, Campaign, CampaignError, Target, campaign_from_dict, load_campaign

D = dt.date


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    """campaign.toml as plain data, for building broken variants of it."""
    return tomllib.loads(DEFAULT_PATH.read_text(encoding="utf-8"))


# ------------------------------------------------------------------ the repo's campaign

PHASES = [(1, "Đợt 1", D(2026, 5, 13), D(2026, 5, 17)), (2, "Đợt 2", D(2026, 5, 18), D(2026, 5, 24))]


@pytest.mark.parametrize(("phase_id", "name", "start", "end"), PHASES)
def test_phases(campaign: Campaign, phase_id: int, name: str, start: dt.date, end: dt.date) -> None:
    """Phase 1 runs 13–17/05/2026 and phase 2 18–24/05/2026, as the plan says."""
    phase = campaign.phase(phase_id)
    assert (phase.name, phase.start, phase.end) == (name, start, end)


def test_campaign_span_and_settings(campaign: Campaign) -> None:
    """The campaign spans both phases; three IT-skilled helpers per village are required."""
    assert (campaign.start, campaign.end) == (D(2026, 5, 13), D(2026, 5, 24))
    assert len(campaign.phases) == 2
    assert campaign.tally_mode == "incremental"
    assert (campaign.min_helpers_it, campaign.min_sessions) == (3, 1)
    assert campaign.commune == "Cẩm Xuyên"


TARGETS = [
    ("party_members", 85, "tren", 1, D(2026, 5, 17)),
    ("civil_servants", 85, "tren", 1, D(2026, 5, 17)),
    ("association_members", 10, "dat", 1, D(2026, 5, 17)),
    ("adults", 30, "tren", 2, D(2026, 5, 24)),
    ("civil_servants", 100, "dat", 2, D(2026, 5, 24)),
]


def test_targets_are_the_plans(campaign: Campaign) -> None:
    """Five targets, in file order, with their exact percentages and rules."""
    assert [(t.group, t.percent, t.rule, t.phase) for t in campaign.targets] == [x[:4] for x in TARGETS]
    assert all(isinstance(t.percent, Fraction) for t in campaign.targets)


@pytest.mark.parametrize(("group", "percent", "rule", "phase", "deadline"), TARGETS)
def test_target_deadlines(
    campaign: Campaign, group: str, percent: int, rule: str, phase: int, deadline: dt.date
) -> None:
    """A target is judged on the last day of its phase."""
    assert campaign.deadline(Target(group, Fraction(percent), rule, phase)) == deadline


FINAL = [
    ("adults", Target("adults", Fraction(30), "tren", 2)),
    ("party_members", Target("party_members", Fraction(85), "tren", 1)),
    ("association_members", Target("association_members", Fraction(10), "dat", 1)),
    ("civil_servants", Target("civil_servants", Fraction(100), "dat", 2)),
]


@pytest.mark.parametrize(("group", "final"), FINAL)
def test_final_target_is_the_latest_deadline(campaign: Campaign, group: str, final: Target) -> None:
    """Civil servants have two targets; the phase-2 one (100%) is the final one."""
    assert campaign.final_target(group) == final


def test_groups(campaign: Campaign) -> None:
    """Three village groups counted in CaiDat, one agency group counted in CoQuan."""
    assert [g.key for g in campaign.village_groups] == ["adults", "party_members", "association_members"]
    assert [g.key for g in campaign.agency_groups] == ["civil_servants"]
    assert campaign.group("party_members").part_of == "adults"
    assert campaign.group("adults").installed_column == "Số người từ 18 tuổi đã cài"


# ------------------------------------------------------------------------ bad configs

Mutation = Callable[[dict[str, Any]], None]

BAD_CONFIGS: list[tuple[str, Mutation]] = [
    ("rule not tren/dat", lambda c: c["targets"][0].update(rule="hon")),
    ("rule in capitals", lambda c: c["targets"][0].update(rule="TREN")),
    ("target of an unknown group", lambda c: c["targets"][0].update(group="youth")),
    ("target of an unknown phase", lambda c: c["targets"][0].update(phase=3)),
    ("percent above 100", lambda c: c["targets"][0].update(percent=101)),
    ("percent just above 100", lambda c: c["targets"][0].update(percent=100.5)),
    ("negative percent", lambda c: c["targets"][0].update(percent=-1)),
    ("percent not a number", lambda c: c["targets"][0].update(percent="tám lăm")),
    ("target without rule", lambda c: c["targets"][0].pop("rule")),
    ("phase starting after it ends", lambda c: c["phases"][0].update(start=D(2026, 5, 18))),
    ("phase date as text", lambda c: c["phases"][1].update(end="24/05/2026")),
    ("phase without end", lambda c: c["phases"][0].pop("end")),
    ("no phases", lambda c: c.update(phases=[])),
    ("phases not a list of tables", lambda c: c.update(phases={"id": 1})),
    ("unknown tally mode", lambda c: c.update(tally_mode="running")),
    ("unknown unit", lambda c: c["groups"]["adults"].update(unit="household")),
    ("village group without base column", lambda c: c["groups"]["adults"].pop("base_column")),
    ("part_of an unknown group", lambda c: c["groups"]["party_members"].update(part_of="everyone")),
]


@pytest.mark.parametrize("mutate", [m for _, m in BAD_CONFIGS], ids=[n for n, _ in BAD_CONFIGS])
def test_campaign_from_dict_rejects(config: dict[str, Any], mutate: Mutation) -> None:
    """A typo in campaign.toml stops the app with a message, never a silently wrong target."""
    data = copy.deepcopy(config)
    mutate(data)
    with pytest.raises(CampaignError, match=r"campaign\.toml"):
        campaign_from_dict(data)


GOOD_CONFIGS: list[tuple[str, Mutation, Callable[[Campaign], bool]]] = [
    ("unchanged", lambda c: None, lambda k: len(k.targets) == 5),
    (
        "fractional percent",
        lambda c: c["targets"][2].update(percent=12.5),
        lambda k: k.targets[2].percent == Fraction(25, 2),
    ),
    ("percent exactly 100", lambda c: c["targets"][0].update(percent=100), lambda k: k.targets[0].percent == 100),
    ("one-day phase", lambda c: c["phases"][0].update(end=D(2026, 5, 13)), lambda k: k.phase(1).end == D(2026, 5, 13)),
    ("cumulative tallies", lambda c: c.update(tally_mode="cumulative"), lambda k: k.tally_mode == "cumulative"),
    ("no targets", lambda c: c.update(targets=[]), lambda k: k.targets == () and k.final_target("adults") is None),
]


@pytest.mark.parametrize(("mutate", "check"), [g[1:] for g in GOOD_CONFIGS], ids=[g[0] for g in GOOD_CONFIGS])
def test_campaign_from_dict_accepts(
    config: dict[str, Any], mutate: Mutation, check: Callable[[Campaign], bool]
) -> None:
    """Legitimate variations of the plan load without complaint."""
    data = copy.deepcopy(config)
    mutate(data)
    assert check(campaign_from_dict(data))


@pytest.mark.parametrize("text", ["", "phases = [", "commune = 'x'\n[[phases]]\nid = 1\n"])
def test_load_campaign_reports_unreadable_files(tmp_path: Path, text: str) -> None:
    """A broken or incomplete file is a CampaignError naming the problem."""
    path = tmp_path / "campaign.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CampaignError):
        load_campaign(path)


def test_load_campaign_missing_file(tmp_path: Path) -> None:
    """A missing file is a CampaignError that names the path."""
    with pytest.raises(CampaignError, match=r"nowhere\.toml"):
        load_campaign(tmp_path / "nowhere.toml")
