"""The downloadable template: it follows the contract and the campaign, and its examples are clean."""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
from typing import Any

import pytest

from lib.campaign import DEFAULT_PATH, Campaign, CampaignError, campaign_from_dict, load_campaign
from lib.contract import match_header, present_tabs, tab_specs
from lib.dataset import RawWorkbook
from lib.parsing import header_key
from lib.sources.files import read_bytes
from lib.template import template_tabs, template_xlsx
from lib.validation import validate

TODAY = dt.date(2026, 11, 29)


def campaign_data() -> dict[str, Any]:
    return tomllib.loads(DEFAULT_PATH.read_text(encoding="utf-8"))


def with_extra_group() -> Campaign:
    data = copy.deepcopy(campaign_data())
    data["groups"]["households"] = {
        "label": "Hộ gia đình",
        "label_en": "Households",
        "base_column": "Số hộ gia đình",
        "installed_column": "Trong đó số hộ",
        "part_of": "adults",
    }
    return campaign_from_dict(data)


@pytest.fixture(scope="module")
def campaign() -> Campaign:
    return load_campaign()


def test_template_xlsx_round_trips_with_every_tab_and_header(campaign: Campaign) -> None:
    raw = read_bytes(template_xlsx(campaign), "mau-nhap-lieu.xlsx")
    for spec in tab_specs(campaign):
        assert spec.name in raw.tabs, f"tab {spec.name} missing from the template"
        assert present_tabs(spec, raw.tabs) == [spec.name]
        rows = raw.tabs[spec.name]
        assert rows[0] == [c.header for c in spec.columns]
        header = match_header(spec, rows)
        assert header.row_index == 0
        assert not header.missing
        assert not header.duplicates
        assert set(header.positions) == {c.field for c in spec.columns}
        assert len(rows) == 3, "a header row and two example rows"


def test_template_examples_validate_cleanly_after_round_trip(campaign: Campaign) -> None:
    raw = read_bytes(template_xlsx(campaign), "mau-nhap-lieu.xlsx")
    ds = validate(raw, campaign, today=TODAY)
    assert ds.rejected.empty, ds.rejected["message_vi"].tolist()
    assert ds.issues.empty, ds.issues["message_vi"].tolist()  # not even a warning
    assert ds.rows["rejected"].sum() == 0
    assert set(ds.rows["tab"]) == {s.name for s in tab_specs(campaign)}
    assert (ds.rows["accepted"] == 2).all()
    assert len(ds.villages) == 2
    assert len(ds.installs) == 2


def test_template_tabs_validate_cleanly_in_memory(campaign: Campaign) -> None:
    ds = validate(RawWorkbook(template_tabs(campaign), "file", "Mẫu"), campaign, today=TODAY)
    assert ds.rejected.empty, ds.rejected["message_vi"].tolist()


def test_example_cells_are_typed_as_a_clerk_should_type_them(campaign: Campaign) -> None:
    tabs = template_tabs(campaign)
    for spec in tab_specs(campaign):
        body = tabs[spec.name][1:]
        for column_index, column in enumerate(spec.columns):
            for row in body:
                value = row[column_index]
                if column.field == "date":
                    assert type(value) is dt.date
                    assert campaign.start <= value <= campaign.end
                elif column.field.startswith(("base:", "count:")) or column.field in (
                    "family_groups",
                    "base",
                    "installed",
                    "attendees",
                    "birth_year",
                ):
                    assert type(value) is int and value >= 0
                elif column.field == "phone":
                    assert isinstance(value, str) and value.isdigit() and value.startswith("0")
                elif column.field == "it_skill":
                    assert value in ("Có", "Không")
                elif column.field.startswith("in:") or column.field == "id_number":
                    assert value == "" or (isinstance(value, str) and value.strip())  # may be left empty
                else:
                    assert isinstance(value, str) and value.strip()
    raw = read_bytes(template_xlsx(campaign), "mau.xlsx")
    phones = [row[3] for row in raw.tabs["DoanVien"][1:]]
    assert phones[0] == "0912345678", "the phone number must stay text, leading zero included"


def test_subgroup_examples_never_exceed_their_total(campaign: Campaign) -> None:
    caidat = template_tabs(campaign)["CaiDat"]
    spec = next(s for s in tab_specs(campaign) if s.key == "installs")
    position = {c.field: i for i, c in enumerate(spec.columns)}
    for row in caidat[1:]:
        for g in campaign.village_groups:
            if g.part_of:
                assert row[position[f"count:{g.key}"]] <= row[position[f"count:{g.part_of}"]]


def test_headers_follow_campaign_groups() -> None:
    base = template_tabs(load_campaign())
    extra_campaign = with_extra_group()
    extra = template_tabs(extra_campaign)
    assert len(extra["Thon"][0]) == len(base["Thon"][0]) + 1
    assert len(extra["CaiDat"][0]) == len(base["CaiDat"][0]) + 1
    assert "Số hộ gia đình" in extra["Thon"][0]
    assert "Trong đó số hộ" in extra["CaiDat"][0]
    for tab in ("CoQuan", "DoanVien", "HoatDong"):
        assert extra[tab][0] == base[tab][0]
    raw = read_bytes(template_xlsx(extra_campaign), "mau.xlsx")
    ds = validate(raw, extra_campaign, today=TODAY)
    assert ds.issues.empty, ds.issues["message_vi"].tolist()
    assert "households" in ds.installs.columns


def test_only_one_agency_group_is_accepted() -> None:
    """All agency groups would read the same CoQuan tab, so a second one is a config error."""
    data = copy.deepcopy(campaign_data())
    data["groups"]["teachers"] = {"label": "Giáo viên", "unit": "agency"}
    with pytest.raises(CampaignError):
        campaign_from_dict(data)


def test_renamed_group_column_renames_the_header() -> None:
    data = copy.deepcopy(campaign_data())
    data["groups"]["adults"]["base_column"] = "Số người từ 18 tuổi trở lên"
    thon = template_tabs(campaign_from_dict(data))["Thon"][0]
    assert "Số người từ 18 tuổi trở lên" in thon
    assert "Dân số từ 18 tuổi" not in thon
    assert len({header_key(h) for h in thon}) == len(thon), "headers must stay distinct once normalised"
