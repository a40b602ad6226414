"""Issue #13: the caps of one file read come from campaign.toml's `[limits]` (docs/campaign.md),
with lib.sources.limits' defaults, and every read (upload, --source, public export, bench) uses
them. Streamlit's server.maxUploadSize cannot follow campaign.toml at run time: a check says when
campaign.toml lets through more than Streamlit takes.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from bench import hostile
from lib.campaign import DEFAULT_PATH, CampaignError, campaign_from_dict, load_campaign
from lib.errors import FileError
from lib.sources import limits as limits_mod
from lib.sources.files import read_bytes, read_path
from lib.sources.limits import CEILINGS, LIMITS, Limits, config_upload_mb, upload_cap_conflict

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "campaign.md"


def doc_example() -> str:
    """The ```toml block of docs/campaign.md's `[limits]` section, as written there."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## `[limits]`", 1)[1].split("\n## ", 1)[0]
    return re.search(r"```toml\n(.*?)```", section, re.DOTALL).group(1)


def base() -> dict:
    data = tomllib.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    data.pop("limits", None)
    return data


def with_limits(limits: object) -> dict:
    return {**base(), "limits": limits}


def example_campaign_file(tmp_path: Path) -> Path:
    path = tmp_path / "campaign.toml"
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    text = text[: text.index("\n[limits]")]  # the project's own table, replaced by the example
    path.write_text(text + "\n" + doc_example(), encoding="utf-8")
    return path


def long_list(tmp_path: Path, people: int) -> bytes:
    """A workbook whose DanhSach tab has a header and `people` rows."""
    rows = [["Họ và tên", "Năm sinh", "Thôn"], *([f"Người {i}", 1990, "Thôn Trung Hà"] for i in range(people))]
    path = tmp_path / "danh-sach.xlsx"
    thon = [["Thôn"], ["Thôn Trung Hà"]]
    hostile.write_xlsx(path, {"Thon": hostile._sheet_of(thon), "DanhSach": hostile._sheet_of(rows)})
    return path.read_bytes()


# ------------------------------------------------------------------------------ parsing


def test_without_limits_the_defaults() -> None:
    assert campaign_from_dict(base()).limits == LIMITS == Limits()
    assert load_campaign().limits.upload_mb == LIMITS.upload_mb


def test_the_documented_example(tmp_path: Path) -> None:
    campaign = load_campaign(example_campaign_file(tmp_path))
    assert campaign.limits == dataclasses.replace(LIMITS, upload_mb=20, rows=20_000, cells=500_000)


def test_every_key_is_documented_with_its_default_and_ceiling() -> None:
    text = DOC.read_text(encoding="utf-8")
    for field in dataclasses.fields(Limits):
        default = getattr(LIMITS, field.name)
        row = re.search(rf"^\| `{field.name}` \|.*$", text, re.MULTILINE)
        assert row, field.name
        assert f"| `{int(default)}` | `{CEILINGS[field.name]}` |" in row.group(0), field.name


@pytest.mark.parametrize(
    ("limits", "words"),
    [
        ({"rows": 0}, "limits.rows = 0 không hợp lệ: phải lớn hơn 0 và không quá 10.000.000 (mặc định 1.100.000)"),
        ({"cells": -5}, "limits.cells = -5 không hợp lệ"),
        ({"zip_ratio": 5_000}, "limits.zip_ratio = 5000 không hợp lệ: phải lớn hơn 0 và không quá 1.000 (mặc định"),
        ({"upload_mb": 1_000_000}, "limits.upload_mb = 1000000 không hợp lệ"),
        ({"seconds": 0}, "limits.seconds = 0 không hợp lệ: phải lớn hơn 0 và không quá 3.600 (mặc định 60)"),
        ({"seconds": float("inf")}, "limits.seconds = inf không hợp lệ"),
        ({"seconds": float("nan")}, "limits.seconds = nan không hợp lệ"),
        ({"rows": "20000"}, "limits.rows phải là một số nguyên, không phải '20000'"),
        ({"rows": 2.5}, "limits.rows phải là một số nguyên"),
        ({"columns": True}, "limits.columns phải là một số nguyên"),
        ({"row": 20_000}, "[limits] không có khóa row; các khóa đặt được: cells, columns, rows,"),
        ([20_000], "[limits] phải là một bảng"),
    ],
)
def test_wrong_values_are_refused_naming_the_key(limits: object, words: str) -> None:
    with pytest.raises(CampaignError) as caught:
        campaign_from_dict(with_limits(limits))
    assert str(caught.value).startswith("campaign.toml: ") and words in str(caught.value)


def test_seconds_may_be_fractional_and_ceilings_are_allowed() -> None:
    assert campaign_from_dict(with_limits({"seconds": 0.5})).limits.seconds == 0.5
    assert campaign_from_dict(with_limits(dict(CEILINGS))).limits == Limits(**CEILINGS)


# ------------------------------------------------------------------------------ reads use them


@pytest.mark.slow
def test_a_workbook_over_the_examples_rows_is_refused_naming_the_tab_and_cap(tmp_path: Path) -> None:
    limits = load_campaign(example_campaign_file(tmp_path)).limits
    assert set(read_bytes(long_list(tmp_path, 19_999), "w.xlsx", limits=limits).tabs) == {"Thon", "DanhSach"}
    data = long_list(tmp_path, 20_000)  # with its header: 20.001 rows
    assert read_bytes(data, "w.xlsx").tabs["DanhSach"][-1] == ["Người 19999", 1990, "Thôn Trung Hà"]  # the default
    with pytest.raises(FileError) as caught:
        read_bytes(data, "w.xlsx", limits=limits)
    assert caught.value.message("vi") == (
        "Trang 'DanhSach' có hơn 20.000 dòng (tối đa 20.000). Xóa các dòng thừa ở cuối trang hoặc tách bảng tính."
    )
    assert caught.value.message("en").startswith("Tab 'DanhSach' has more than 20,000 rows (at most 20,000).")


def test_the_examples_upload_cap(tmp_path: Path) -> None:
    limits = load_campaign(example_campaign_file(tmp_path)).limits
    big = tmp_path / "lon.csv"
    big.write_bytes(b"x" * (21 << 20))
    with pytest.raises(FileError, match=r"Tệp lon\.csv nặng 21 MB, quá giới hạn 20 MB"):
        read_path(big, limits=limits)


@pytest.mark.slow
def test_the_cli_reads_with_the_campaigns_limits(tmp_path: Path) -> None:
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(long_list(tmp_path, 20_000))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "IHATINH_TODAY": "2026-05-31"}
    command = [sys.executable, "-m", "lib", "summary", "--source", str(path), "--json"]
    own = [*command, "--campaign", str(example_campaign_file(tmp_path))]
    proc = subprocess.run(own, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip() == (
        "Trang 'DanhSach' có hơn 20.000 dòng (tối đa 20.000). Xóa các dòng thừa ở cuối trang hoặc tách bảng tính."
    )
    proc = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert "20.000 dòng" not in proc.stderr, "the project's campaign.toml keeps the default"


def test_the_upload_path_reads_with_the_campaigns_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lib.ui import config, loading

    path = example_campaign_file(tmp_path)
    monkeypatch.setattr(config, "get_campaign", lambda: load_campaign(path))  # not the cached one
    seen: list[Limits] = []

    def read(data: bytes, name: str, limits: Limits) -> None:
        seen.append(limits)
        raise FileError("file.rows", tab="DanhSach", cap=limits.rows)

    monkeypatch.setattr(loading, "read_bytes", read)
    monkeypatch.setattr(loading, "_digest", lambda data: "x")
    with pytest.raises(FileError, match=r"20\.000 dòng"):
        loading._validated_upload(("w.xlsx", b""), loading.clock.today())
    assert seen == [load_campaign(path).limits]


def test_the_public_export_reads_with_the_campaigns_limits() -> None:
    from lib.sources.gsheets import PublicReader, SheetConfig, make_reader

    config = SheetConfig(spreadsheet_id="x")  # no key: a public link
    small = dataclasses.replace(LIMITS, rows=10)
    reader = make_reader(config, limits=small)
    assert isinstance(reader, PublicReader) and reader.limits == small
    assert make_reader(config).limits == LIMITS


@pytest.mark.slow
def test_bench_reads_with_the_campaigns_limits(tmp_path: Path) -> None:
    path = tmp_path / "w.xlsx"
    path.write_bytes(long_list(tmp_path, 20_000))
    campaign = example_campaign_file(tmp_path)
    result = hostile._measure(path, memory_gb=3.0, timeout=120, limits=None, campaign=str(campaign))
    assert result["outcome"] == "refused" and "20.000 dòng" in result["detail"]


# ------------------------------------------------------------------------------ Streamlit's cap


def test_streamlit_takes_every_upload_campaign_toml_allows() -> None:
    """Streamlit refuses files over server.maxUploadSize (in English, before our cap): it must
    not be below the campaign's upload_mb. They are equal in this project."""
    mb = config_upload_mb()
    assert upload_cap_conflict(load_campaign().limits, mb) is None
    assert mb == load_campaign().limits.upload_mb


def test_the_conflict_is_one_line_naming_both_numbers(tmp_path: Path) -> None:
    assert upload_cap_conflict(dataclasses.replace(LIMITS, upload_mb=150), 150) is None
    assert upload_cap_conflict(dataclasses.replace(LIMITS, upload_mb=20), 150) is None
    message = upload_cap_conflict(dataclasses.replace(LIMITS, upload_mb=300), 150)
    assert message and "\n" not in message
    assert "upload_mb = 300" in message and "maxUploadSize = 150" in message
    config = tmp_path / "config.toml"
    config.write_text("[server]\nheadless = true\n", encoding="utf-8")
    assert config_upload_mb(config) == 200  # Streamlit's default
    assert config_upload_mb(tmp_path / "none.toml") == 200


def test_the_conflict_is_logged_once_by_the_app(monkeypatch: pytest.MonkeyPatch, caplog) -> None:
    import streamlit as st

    from lib.ui import config as ui_config

    limits_mod._warn_once.cache_clear()
    big = dataclasses.replace(LIMITS, upload_mb=300)
    with caplog.at_level(logging.WARNING, logger="ihatinh.limits"):
        limits_mod.warn_upload_cap(big, 150)
        limits_mod.warn_upload_cap(big, 150)
        limits_mod.warn_upload_cap(LIMITS, 150)
    assert [r.getMessage() for r in caplog.records] == [upload_cap_conflict(big, 150)]
    limits_mod._warn_once.cache_clear()
    caplog.clear()
    campaign = dataclasses.replace(load_campaign(), limits=big)
    monkeypatch.setattr(ui_config, "load_campaign", lambda: campaign)
    monkeypatch.setattr(st, "get_option", lambda key: 150 if key == "server.maxUploadSize" else None)
    st.cache_resource.clear()
    with caplog.at_level(logging.WARNING, logger="ihatinh.limits"):
        ui_config.get_campaign()  # the app's read of campaign.toml says it
    ours = [r.getMessage() for r in caplog.records if r.name == "ihatinh.limits"]
    assert ours == [upload_cap_conflict(big, 150)]
    st.cache_resource.clear()
    limits_mod._warn_once.cache_clear()
