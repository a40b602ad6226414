"""The person list: who is one person, who counts, and how the list meets the tallies."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from lib import metrics
from lib.access import AccessConfig, access_from_secrets, email_allowed, hash_password, user_allowed, verify_password
from lib.campaign import Campaign
from lib.people import duplicate_of
from lib.privacy import masked
from lib.validation import validate
from tests.conftest import build_workbook

LIST_HEADER = [
    "Họ và tên",
    "Năm sinh",
    "Thôn",
    "Tổ liên gia",
    "Số điện thoại",
    "Số CCCD",
    "Ngày cài",
    "Đảng viên",
    "Hội viên, đoàn viên",
]
THON = [["Thôn A", 3, 100, 10, 40], ["Thôn B", 2, 50, 5, 20]]
TODAY = dt.date(2026, 5, 31)
DAY = dt.date(2026, 5, 20)


def person(name="Nguyễn Văn An", year=1980, village="Thôn A", group="Tổ 1", phone="", cccd="", day="14/05/2026",
           party="", member=""):  # fmt: skip
    return [name, year, village, group, phone, cccd, day, party, member]


def dataset(campaign: Campaign, people: list[list], caidat: list[list] | None = None, **changes):
    c = dataclasses.replace(campaign, **changes) if changes else campaign
    raw = build_workbook(THON, caidat or [], raw_tabs={"DanhSach": [LIST_HEADER, *people]})
    return validate(raw, c, TODAY), c


def counted(ds) -> list[bool]:
    return ds.people["counted"].tolist()


def test_the_same_id_number_is_one_person_whatever_the_name(campaign: Campaign) -> None:
    ds, _ = dataset(campaign, [person(cccd="042080001234"), person(name="Nguyen Van Anh", cccd="042080001234")])
    assert counted(ds) == [True, False]
    assert ds.people["duplicate_of"].tolist()[1] == 2  # sheet row of the first entry


def test_two_different_ids_are_two_people_even_with_one_phone(campaign: Campaign) -> None:
    rows = [person(phone="0912345678", cccd="042080001234"), person(phone="0912345678", cccd="042080009999")]
    ds, _ = dataset(campaign, rows)
    assert counted(ds) == [True, True]


def test_without_ids_the_phone_decides_and_spacing_does_not_matter(campaign: Campaign) -> None:
    rows = [person(phone="0912345678"), person(name="Lê Thị Bình", phone="0912 345 678"), person(phone="0987000111")]
    ds, _ = dataset(campaign, rows)
    assert counted(ds) == [True, False, True]


def test_a_row_without_id_matches_an_earlier_row_by_phone_even_if_that_one_has_an_id(campaign: Campaign) -> None:
    ds, _ = dataset(campaign, [person(phone="0912345678"), person(phone="0912345678", cccd="042080001234")])
    assert counted(ds) == [True, False]


def test_without_id_or_phone_name_birth_year_and_village_decide(campaign: Campaign) -> None:
    rows = [
        person(),
        person(name="nguyễn  văn an"),  # same person, typed differently
        person(year=1981),  # another person of the same name
        person(village="Thôn B"),  # another village
    ]
    ds, _ = dataset(campaign, rows)
    assert counted(ds) == [True, False, True, True]


def test_people_under_age_are_listed_not_counted_and_warned(campaign: Campaign) -> None:
    ds, _ = dataset(campaign, [person(year=2009), person(name="B", year=2008)])
    assert ds.people["adult"].tolist() == [False, True]
    assert counted(ds) == [False, True]
    assert "minor" in set(ds.warnings["code"])


def test_bad_rows_are_rejected_with_sheet_row_and_column(campaign: Campaign) -> None:
    ds, _ = dataset(campaign, [person(year="khoảng 1980"), person(village="Thôn Z"), person(name="")])
    assert len(ds.people) == 0
    rejected = ds.rejected[ds.rejected["tab"] == "DanhSach"]
    assert sorted(rejected["row"].tolist()) == [2, 3, 4]
    year = rejected[rejected["row"] == 2].iloc[0]["message_vi"]
    assert "Năm sinh" in year and "dòng 2" in year and "khoảng 1980" in year


def test_phone_and_id_never_appear_in_messages_and_are_masked_for_display(campaign: Campaign) -> None:
    ds, _ = dataset(campaign, [person(phone="12345", cccd="0420800012")])
    messages = " ".join(ds.issues["message_vi"]) + " ".join(ds.issues["value"])
    assert "12345" not in messages and "0420800012" not in messages
    shown = masked(ds.people)
    assert shown["phone"].tolist() == ["12*45"] and shown["id_number"].tolist() == ["04******12"]
    assert ds.people["phone"].tolist() == ["12345"]  # the data itself is untouched


def test_a_list_only_village_counts_from_its_list(campaign: Campaign) -> None:
    rows = [person(party="x"), person(name="B", member="x"), person(name="C", year=2010)]
    ds, c = dataset(campaign, rows)
    got = metrics.installed_by_village(ds, c, DAY).loc["Thôn A"]
    assert (got["adults"], got["party_members"], got["association_members"]) == (2, 1, 1)


def test_count_source_decides_where_a_village_has_both(campaign: Campaign) -> None:
    tallies = [["14/05/2026", "Thôn A", "Tổ 1", 5, 0, 0]]
    rows = [person(), person(name="B")]
    by_tallies, c1 = dataset(campaign, rows, tallies)
    by_list, c2 = dataset(campaign, rows, tallies, count_source="list")
    assert metrics.installed_by_village(by_tallies, c1, DAY).loc["Thôn A", "adults"] == 5
    assert metrics.installed_by_village(by_list, c2, DAY).loc["Thôn A", "adults"] == 2
    for ds, c, source in ((by_tallies, c1, "tallies"), (by_list, c2, "list")):
        check = metrics.crosscheck_table(ds, c, "adults", DAY)
        assert check[["tallies", "list", "difference", "counted"]].values.tolist() == [[5, 2, -3, source]]


def test_the_list_counts_by_install_date_in_cumulative_mode_too(campaign: Campaign) -> None:
    rows = [person(day="14/05/2026"), person(name="B", day="16/05/2026"), person(name="C", day="16/05/2026")]
    for mode in ("incremental", "cumulative"):
        ds, c = dataset(campaign, rows, tally_mode=mode)
        days = [dt.date(2026, 5, d) for d in (13, 14, 16)]
        series = [metrics.installed_by_village(ds, c, day).loc["Thôn A", "adults"] for day in days]
        assert series == [0, 1, 3], mode


def test_family_group_table_uses_tolienggia_bases(campaign: Campaign) -> None:
    raw = build_workbook(
        THON,
        [["14/05/2026", "Thôn A", "Tổ 1", 30, 0, 0], ["14/05/2026", "Thôn A", "Tổ 2", 10, 0, 0]],
        raw_tabs={"ToLienGia": [["Thôn", "Tổ liên gia", "Dân số từ 18 tuổi"], ["Thôn A", "Tổ 1", 60]]},
    )
    ds = validate(raw, campaign, TODAY)
    table = metrics.family_group_table(ds, campaign, "adults", DAY, phase=2)
    assert table["family_group"].tolist() == ["Tổ 1", "Tổ 2"]
    assert table["installed"].tolist() == [30, 10]
    assert table["base"].iloc[0] == 60 and table["base"].isna().iloc[1]
    assert table["met"].tolist()[0] is True  # 50% > 30%
    assert table["status"].tolist()[1] == metrics.NO_DATA


def test_passwords_are_checked_against_a_salted_hash() -> None:
    stored = hash_password("đúng rồi", iterations=1000)
    assert "đúng rồi" not in stored
    assert verify_password("đúng rồi", stored)
    assert not verify_password("sai", stored)
    assert hash_password("đúng rồi", iterations=1000) != stored  # a new salt each time
    for broken in ("", "plain", "md5$1$x$y", "pbkdf2_sha256$x$y$z"):
        assert not verify_password("đúng rồi", broken)


def test_access_comes_from_secrets_and_defaults_to_nobody() -> None:
    assert not access_from_secrets({}).enabled
    config = access_from_secrets({"access": {"allowed_emails": ["VHXH@x.vn"]}, "auth": {"client_id": "x"}})
    assert config.enabled and email_allowed(config, "vhxh@x.vn ") and not email_allowed(config, "other@x.vn")
    assert not email_allowed(AccessConfig(), None)


@pytest.mark.parametrize(
    ("user", "allowed"),
    [
        ({"email": "vhxh@x.vn", "email_verified": True}, True),
        ({"email": "vhxh@x.vn"}, True),  # a provider that does not say
        ({"email": "vhxh@x.vn", "email_verified": False}, False),  # anyone may have typed it
        ({"email": "vhxh@x.vn", "email_verified": "false"}, False),
        ({"email": "other@x.vn", "email_verified": True}, False),
        ({}, False),
    ],
)
def test_an_oidc_identity_needs_a_listed_email_not_marked_unverified(user: dict, allowed: bool) -> None:
    config = access_from_secrets({"access": {"allowed_emails": ["VHXH@x.vn"]}, "auth": {"client_id": "x"}})
    assert user_allowed(config, user) is allowed


@pytest.mark.parametrize("year", [1899, 2027, "abc", True])
def test_impossible_birth_years_are_rejected(campaign: Campaign, year) -> None:
    ds, _ = dataset(campaign, [person(year=year)])
    assert set(ds.rejected["code"]) == {"bad_year"}


def test_a_date_of_birth_gives_its_year(campaign: Campaign) -> None:
    ds, _ = dataset(campaign, [person(year="15/03/1985"), person(name="B", year=dt.date(1990, 1, 2))])
    assert ds.people["birth_year"].tolist() == [1985, 1990]


def _pairwise(rows: list[int], id_key: list[int], phone_key: list[int], name_key: list[int]) -> list[int | None]:
    """The rules of lib/people.py read literally, pair by pair (-1: the row has none): two rows
    that both have an ID are one person exactly when the IDs match; else, when both have a
    phone, when the phones match; else when name, birth year and village match. A match by ID
    wins over one by phone, phone over name; among those, the earliest row."""

    def same(i: int, j: int, rule: str) -> bool:
        both_id = id_key[i] >= 0 and id_key[j] >= 0
        both_phone = phone_key[i] >= 0 and phone_key[j] >= 0
        if rule == "id":
            return both_id and id_key[i] == id_key[j]
        if rule == "phone":
            return not both_id and both_phone and phone_key[i] == phone_key[j]
        return not both_id and not both_phone and name_key[i] >= 0 and name_key[i] == name_key[j]

    out: list[int | None] = []
    for i in range(len(rows)):
        first = next((j for rule in ("id", "phone", "name") for j in range(i) if same(i, j, rule)), None)
        out.append(None if first is None else rows[first])
    return out


def test_duplicates_follow_the_pairwise_rules_on_random_lists() -> None:
    rng = np.random.default_rng(5)
    for _ in range(400):
        n = int(rng.integers(0, 30))
        keys = [np.where(rng.random(n) < 0.4, -1, rng.integers(0, 4, n)) for _ in range(3)]
        keys[2] = np.where(rng.random(n) < 0.1, -1, rng.integers(0, 3, n))  # names: almost always there
        rows = np.sort(rng.choice(np.arange(2, 200), size=n, replace=False))
        got = duplicate_of(rows, *keys)
        expected = _pairwise(rows.tolist(), *(k.tolist() for k in keys))
        assert [None if v is pd.NA else v for v in got.tolist()] == expected
        assert str(got.dtype) == "Int64"


def test_duplicates_of_no_rows_and_of_rows_without_any_key() -> None:
    assert len(duplicate_of(np.zeros(0, dtype=np.int64), [], [], [])) == 0
    none = duplicate_of(np.array([2, 3]), [-1, -1], [-1, -1], [-1, -1])
    assert none.isna().all()


def test_phone_and_id_numbers_typed_in_other_ways_match_and_warn_as_before(campaign: Campaign) -> None:
    rows = [
        person(phone=912345678),  # a number cell: the leading zero comes back
        person(name="B", phone="091.234.5678"),  # the same phone, dotted
        person(name="C", phone="+84 912 345 678"),  # another form: kept as its digits, warned
        person(name="D", phone="０９８７６５４３２１"),  # full-width digits: digits, but not a phone here
        person(name="E", phone="0987654321"),
        person(name="F", cccd=42080001234),  # a number cell that lost the ID's leading zero
        person(name="G", cccd="042-080-001-234"),  # the same ID with dashes
        person(name="H", cccd="12345"),
        person(name="I", phone="abc"),  # no digit at all: no phone
        person(name="I", phone="   "),  # the same person by name: no phone either
    ]
    ds, _ = dataset(campaign, rows)
    people = ds.people
    assert people["phone"].tolist() == [
        "0912345678", "0912345678", "84912345678", "０９８７６５４３２１", "0987654321", "", "", "", "", "",
    ]  # fmt: skip
    assert people["id_number"].tolist()[5:8] == ["042080001234", "042080001234", "12345"]
    assert people["duplicate_of"].tolist() == [pd.NA, 2, pd.NA, pd.NA, pd.NA, pd.NA, 7, pd.NA, pd.NA, 10]
    warned = ds.warnings[ds.warnings["code"].isin(["bad_phone", "bad_id_number"])]
    assert sorted(zip(warned["row"], warned["code"], strict=True)) == [
        (4, "bad_phone"), (5, "bad_phone"), (9, "bad_id_number"), (10, "bad_phone"),
    ]  # fmt: skip


def test_duplicates_with_large_sparse_keys() -> None:
    big = 10**15
    got = duplicate_of(np.array([2, 3, 4, 5]), [big, -1, big, 7], [-1, big + 1, -1, -1], [0, 1, 2, 3])
    assert got.tolist() == [pd.NA, pd.NA, 2, pd.NA]
