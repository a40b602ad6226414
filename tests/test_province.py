"""The province roll-up (lib/province.py): province.toml, one commune's fault kept to that commune,
each commune judged against its own targets, totals that are sums of people, and the CLI whose
totals equal the sum of the communes' own `summary --json`."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from lib import metrics
from lib.__main__ import main
from lib.campaign import DEFAULT_PATH, CampaignError, Target
from lib.province import (
    CAMPAIGN,
    READ,
    SHAPE,
    UNEXPECTED,
    CommuneEntry,
    ProvinceError,
    as_text,
    commune_secrets,
    load_province,
    read_commune,
    read_communes,
    roll_up,
)
from lib.sample_data import sample_tabs
from lib.sources.files import write_xlsx
from tests.generators import province_tabs

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-11-29"
AS_OF = dt.date(2026, 5, 20)


def _toml(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def province_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three small communes: A with the repo's campaign, B with a higher adults target (40 %),
    C broken (its workbook lost tab Thon: changed shape)."""
    folder = tmp_path_factory.mktemp("province")
    (folder / "a.xlsx").write_bytes(write_xlsx(province_tabs(communes=1, villages_per_commune=4, people=80)))
    (folder / "b.xlsx").write_bytes(write_xlsx(province_tabs(communes=1, villages_per_commune=6, people=120)))
    broken = {k: v for k, v in sample_tabs().items() if k != "Thon"}
    (folder / "c.xlsx").write_bytes(write_xlsx(broken))
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    assert "percent = 30\n" in text
    _toml(folder / "b_campaign.toml", text.replace("percent = 30\n", "percent = 40\n"))
    _toml(
        folder / "province.toml",
        'province = "Hà Tĩnh"\n'
        '[[commune]]\nname = "Xã A"\nsource = "a.xlsx"\n'
        '[[commune]]\nname = "Xã B"\nsource = "b.xlsx"\ncampaign = "b_campaign.toml"\n'
        '[[commune]]\nname = "Xã C"\nsource = "c.xlsx"\n',
    )
    return folder


@pytest.fixture(scope="module")
def rolled(province_dir: Path) -> dict:
    today = dt.date.fromisoformat(TODAY)
    province = load_province(province_dir / "province.toml")
    return roll_up(read_communes(province, today), AS_OF, today, name=province.name)


# ------------------------------------------------------------------------------ province.toml


def test_entries_are_read_with_paths_from_the_file_folder(province_dir: Path) -> None:
    province = load_province(province_dir / "province.toml")
    assert province.name == "Hà Tĩnh"
    assert [c.name for c in province.communes] == ["Xã A", "Xã B", "Xã C"]
    a, b, _ = province.communes
    assert a.source == province_dir / "a.xlsx" and a.campaign == DEFAULT_PATH and a.secrets is None
    assert b.campaign == province_dir / "b_campaign.toml"


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        ("", "province.no_communes", ["[[commune]]"]),
        ("commune = 3\n", "province.not_table", ["commune"]),
        ('[[commune]]\nsource = "a.xlsx"\n', "province.missing_key", ["thứ 1", "'name'"]),
        ('[[commune]]\nname = "A"\nsource = 5\n', "province.not_text", ["thứ 1", "'source'", "5"]),
        ('[[commune]]\nname = "A"\nsource = "a.xlsx"\ntab = "x"\n', "province.unknown_key", ["thứ 1", "A", "tab"]),
        ('[[commune]]\nname = "A"\nsource = "a.xlsx"\nsheet = "x"\n', "province.no_source", ["(A)", "'sheet'"]),
        ('[[commune]]\nname = "?!"\nsource = "a.xlsx"\n', "province.no_slug", ["'?!'"]),
        (
            '[[commune]]\nname = "Cẩm Xuyên"\nsource = "a.xlsx"\n[[commune]]\nname = "cam  xuyen"\nsource = "b.xlsx"\n',
            "province.duplicate",
            ["'cam  xuyen'", "thứ 1", "thứ 2"],
        ),
        (
            '[schedule]\nreads_per_minute = 61\n[[commune]]\nname = "A"\nsource = "a.xlsx"\n',
            "province.bad_number",
            ["schedule.reads_per_minute", "60", "61"],
        ),
        ('[schedule]\nttl = "1m"\n[[commune]]\nname = "A"\nsource = "a.xlsx"\n', "province.bad_number", ["ttl"]),
        (
            '[schedule]\nreads = 5\n[[commune]]\nname = "A"\nsource = "a.xlsx"\n',
            "province.unknown_top",
            ["schedule.reads"],
        ),
        ('secrets = 3\n[[commune]]\nname = "A"\nsource = "a.xlsx"\n', "province.not_text", ["'secrets'"]),
        ('[[commune]]\nname = "A"\n', "province.no_source", ["thứ 1", "(A)", "'source'", "'secrets'"]),
        ('[[commune]]\nname = "A"\nsource = "a.xlsx"\nsecrets = "s.toml"\n', "province.no_source", ["(A)"]),
        (
            '[[commune]]\nname = "A"\nsource = "a.xlsx"\n[[commune]]\nname = "A"\nsource = "b.xlsx"\n',
            "province.duplicate",
            ["'A'", "thứ 1", "thứ 2"],
        ),
        ('region = "x"\n[[commune]]\nname = "A"\nsource = "a.xlsx"\n', "province.unknown_top", ["region"]),
        ("[[commune]\n", "province.unreadable", ["province.toml"]),
    ],
)
def test_a_wrong_province_file_names_the_entry_and_key(tmp_path: Path, text: str, key: str, words: list[str]) -> None:
    with pytest.raises(ProvinceError) as caught:
        load_province(_toml(tmp_path / "province.toml", text))
    assert caught.value.key == key
    assert isinstance(caught.value, CampaignError)  # handled wherever a campaign error is
    message = str(caught.value)
    assert all(word in message for word in words), message
    assert caught.value.message("en") != message  # both languages


def test_sheet_entries_use_the_province_account_and_the_schedule_is_read(tmp_path: Path) -> None:
    text = (
        'province = "Hà Tĩnh"\nsecrets = "keys/province.toml"\n'
        "[schedule]\nreads_per_minute = 40\nttl = 90\n"
        '[[commune]]\nname = "Thạch Hà"\nsheet = "https://docs.google.com/spreadsheets/d/1AbC/edit"\n'
        '[[commune]]\nname = "Cẩm Thành"\nsecrets = "keys/cam-thanh.toml"\n'
        '[[commune]]\nname = "Cẩm Xuyên"\nsource = "cx.xlsx"\n'
    )
    province = load_province(_toml(tmp_path / "province.toml", text))
    thach_ha, cam_thanh, cam_xuyen = province.communes
    assert province.secrets == tmp_path / "keys" / "province.toml"
    assert (thach_ha.sheet, thach_ha.secrets) == ("https://docs.google.com/spreadsheets/d/1AbC/edit", province.secrets)
    assert (cam_thanh.sheet, cam_thanh.secrets) == (None, tmp_path / "keys" / "cam-thanh.toml")
    assert cam_xuyen.secrets is None
    assert (province.schedule.reads_per_minute, province.schedule.project_reads_per_minute) == (40, 300)
    assert province.schedule.ttl == 90
    assert [c.slug for c in province.communes] == ["thach-ha", "cam-thanh", "cam-xuyen"]
    assert province.commune("cam-thanh") is cam_thanh and province.commune("Cẩm Thành") is cam_thanh
    assert province.commune("nowhere") is None
    (tmp_path / "keys").mkdir()
    key = '[connections.gsheets]\ntype = "service_account"\nclient_email = "x@y.iam.gserviceaccount.com"\n'
    _toml(province.secrets, key + 'spreadsheet = "ignored"\n')
    secrets = commune_secrets(thach_ha)
    assert secrets["connections"]["gsheets"]["spreadsheet"] == thach_ha.sheet
    assert secrets["connections"]["gsheets"]["client_email"] == "x@y.iam.gserviceaccount.com"
    no_account = load_province(_toml(tmp_path / "p2.toml", '[[commune]]\nname = "A"\nsheet = "1AbC"\n'))
    assert commune_secrets(no_account.communes[0]) == {"connections": {"gsheets": {"spreadsheet": "1AbC"}}}


def test_a_missing_province_file(tmp_path: Path) -> None:
    with pytest.raises(ProvinceError, match="Không đọc được tệp cấu hình tỉnh"):
        load_province(tmp_path / "nothing.toml")


# ------------------------------------------------------------------------------ one commune's fault


def test_each_failure_stays_with_its_commune(province_dir: Path, tmp_path: Path) -> None:
    today = dt.date.fromisoformat(TODAY)
    bad_campaign = _toml(tmp_path / "bad.toml", "tally_mode = 'weekly'\n[[phases]]\n")
    hostile = tmp_path / "hostile.xlsx"
    hostile.write_bytes(b"PK\x03\x04 not a zip at all")
    reads = [
        read_commune(CommuneEntry("ok", source=province_dir / "a.xlsx"), today),
        read_commune(CommuneEntry("missing", source=tmp_path / "gone.xlsx"), today),
        read_commune(CommuneEntry("hostile", source=hostile), today),
        read_commune(CommuneEntry("shape", source=province_dir / "c.xlsx"), today),
        read_commune(CommuneEntry("campaign", source=province_dir / "a.xlsx", campaign=bad_campaign), today),
        read_commune(CommuneEntry("no sheet", secrets=_toml(tmp_path / "secrets.toml", "[other]\n")), today),
    ]
    assert [r.stage for r in reads] == [None, READ, READ, SHAPE, CAMPAIGN, READ]
    result = roll_up(reads, AS_OF, today)
    by_name = {c["name"]: c for c in result["communes"]}
    assert by_name["ok"]["ok"] and by_name["ok"]["targets"]
    assert result["totals"]["counted"] == 1 and len(result["totals"]["failed"]) == 5
    assert "gone.xlsx" in by_name["missing"]["error"]["message"]
    assert "Thon" in by_name["shape"]["error"]["message"]
    assert by_name["campaign"]["error"]["message"].startswith("Tệp chiến dịch của xã lỗi")
    assert "[connections.gsheets]" in by_name["no sheet"]["error"]["message"]
    for c in result["communes"][1:]:
        assert not c["ok"] and not c["targets"] and c["error"]["message_en"]
    # the totals are those of the one commune that was computed
    for key, total in result["totals"]["targets"].items():
        assert total["installed"] == by_name["ok"]["targets"][key]["installed"]


def test_an_unexpected_fault_is_kept_too(province_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lib import pipeline

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "dataset", boom)
    read = read_commune(CommuneEntry("x", source=province_dir / "a.xlsx"), dt.date.fromisoformat(TODAY))
    assert read.stage == UNEXPECTED
    assert "RuntimeError" in roll_up([read], AS_OF)["communes"][0]["error"]["message"]


# ------------------------------------------------------------------------------ the roll-up


def test_each_commune_is_judged_against_its_own_targets(rolled: dict) -> None:
    a, b, c = rolled["communes"]
    assert a["targets"]["adults@2"]["percent"] == 30.0 and b["targets"]["adults@2"]["percent"] == 40.0
    assert not c["ok"] and c["error"]["stage"] == SHAPE
    assert rolled["totals"]["failed"] == ["Xã C"] and rolled["totals"]["counted"] == 2
    for commune in (a, b):
        assert commune["as_of"] == AS_OF.isoformat()
        assert commune["read_at"] and commune["age_seconds"] >= 0
        for row in commune["targets"].values():
            assert set(row) >= {"installed", "base", "coverage", "missing", "status"}


def test_totals_are_sums_of_people_never_averages_of_rates(rolled: dict) -> None:
    counted = [c for c in rolled["communes"] if c["ok"]]
    for kind in ("groups", "targets"):
        for key, total in rolled["totals"][kind].items():
            rows = [c[kind][key] for c in counted if key in c[kind]]
            installed, base = sum(r["installed"] for r in rows), sum(r["base"] for r in rows)
            assert (total["installed"], total["base"]) == (installed, base)
            assert total["coverage"] == installed / base
            assert total["missing"] == sum(r["missing"] for r in rows)
            assert isinstance(total["installed"], int) and isinstance(total["missing"], int)
    adults = [c["targets"]["adults@2"] for c in counted]
    average = sum(r["coverage"] for r in adults) / len(adults)
    assert rolled["totals"]["targets"]["adults@2"]["coverage"] != pytest.approx(average)  # sizes differ


def test_communes_are_ranked_by_people_missing_per_target(rolled: dict) -> None:
    for key, rows in rolled["ranking"].items():
        missing = [r["missing"] or 0 for r in rows]
        assert missing == sorted(missing, reverse=True), key
        assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
        assert "Xã C" not in {r["commune"] for r in rows}
    # B's gap is against its own 40 % target, A's against the repo's 30 %
    for name, percent in (("Xã A", 30), ("Xã B", 40)):
        row = next(c for c in rolled["communes"] if c["name"] == name)["targets"]["adults@2"]
        target = Target(group="adults", percent=Fraction(percent), rule="tren", phase=2)
        assert row["missing"] == metrics.gap(row["installed"], row["base"], target)


def test_the_text_table_names_every_commune(rolled: dict) -> None:
    text = as_text(rolled)
    assert "2/3" in text and "Xã A" in text and "Xã B" in text
    assert "! Xã C:" in text and "Thon" in text
    assert "Province" in as_text(rolled, "en")


# ------------------------------------------------------------------------------ the command line


def _cli(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_totals_equal_the_sum_of_the_communes_summaries(
    province_dir: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IHATINH_TODAY", TODAY)
    code, out, _ = _cli(capsys, "province", "--config", str(province_dir / "province.toml"), "--json")
    assert code == 1  # one commune failed; the others are computed
    province = json.loads(out)
    summaries = []
    for source, campaign in (("a.xlsx", str(DEFAULT_PATH)), ("b.xlsx", str(province_dir / "b_campaign.toml"))):
        code, out, err = _cli(
            capsys, "summary", "--source", str(province_dir / source), "--campaign", campaign, "--json"
        )
        assert code == 0, err
        summaries.append(json.loads(out))
    _check_sums(province, summaries)
    code, _, err = _cli(capsys, "summary", "--source", str(province_dir / "c.xlsx"), "--json")
    assert code == 2 and "Thon" in err  # the broken commune fails alone as well


def _check_sums(province: dict, summaries: list[dict]) -> None:
    assert [c["as_of"] for c in province["communes"] if c["ok"]] == [s["as_of"] for s in summaries]
    groups = province["totals"]["groups"]
    assert set(groups) == set(summaries[0]["totals"])
    for key, total in groups.items():
        for figure, theirs in (("installed", "installed"), ("base", "base"), ("missing", "gap")):
            assert total[figure] == sum(s["totals"][key][theirs] for s in summaries), (key, figure)
    for key, total in province["totals"]["targets"].items():
        group, phase = total["group"], total["phase"]
        gaps = [e["gap"] for s in summaries for e in s["totals"][group]["targets"] if e["phase"] == phase]
        assert total["missing"] == sum(gaps), key
        assert total["installed"] == sum(s["totals"][group]["installed"] for s in summaries)


def test_cli_as_of_applies_to_every_commune(province_dir: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, _ = _cli(
        capsys, "province", "--config", str(province_dir / "province.toml"), "--as-of", "2026-05-16", "--json"
    )
    result = json.loads(out)
    assert code == 1 and result["as_of"] == "2026-05-16"
    assert {c["as_of"] for c in result["communes"] if c["ok"]} == {"2026-05-16"}


def test_cli_all_good_exits_0_and_a_wrong_file_exits_2(
    province_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    good = _toml(tmp_path / "good.toml", f'[[commune]]\nname = "A"\nsource = "{province_dir / "a.xlsx"}"\n')
    code, out, _ = _cli(capsys, "province", "--config", str(good))
    assert code == 0 and "1/1" in out
    bad = _toml(tmp_path / "bad.toml", '[[commune]]\nname = "A"\n')
    code, out, err = _cli(capsys, "province", "--config", str(bad))
    assert code == 2 and not out and "(A)" in err and err.count("\n") == 1


@pytest.mark.slow
def test_cli_as_a_subprocess_matches_the_summaries(province_dir: Path) -> None:
    env = {**os.environ, "IHATINH_TODAY": TODAY}

    def run(*args: str) -> dict:
        done = subprocess.run([sys.executable, "-m", "lib", *args], cwd=ROOT, env=env, capture_output=True, text=True)
        assert done.returncode in (0, 1), done.stderr
        return json.loads(done.stdout)

    province = run("province", "--config", str(province_dir / "province.toml"), "--json")
    summaries = [
        run("summary", "--source", str(province_dir / "a.xlsx"), "--json"),
        run(
            "summary",
            "--source",
            str(province_dir / "b.xlsx"),
            "--campaign",
            str(province_dir / "b_campaign.toml"),
            "--json",
        ),
    ]
    _check_sums(province, summaries)


def test_no_vietnamese_message_outside_the_catalogue() -> None:
    from tests.texts.test_texts import vietnamese_literals

    assert not vietnamese_literals(ROOT / "lib" / "province.py")


def test_missed_at_the_deadline_but_reached_since_says_so() -> None:
    """'Không đạt' beside nobody missing would read as a mistake (docs/campaign.md, rule 2)."""
    from lib.province import _status_words

    assert _status_words({"status": "missed", "missing": 0}, "vi") == "Không đạt, đủ chỉ tiêu sau hạn"
    assert _status_words({"status": "missed", "missing": 3}, "vi") == "Không đạt"
    assert _status_words({"status": "met", "missing": 0}, "en") == "Met"
