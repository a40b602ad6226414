"""The person list (tab DanhSach): who is one person, who counts, and how the list becomes counts.

Teams list each adult who installed; the same person is often listed twice (by two helpers, or
once per phase). The rules here decide identity and counting; `validation` applies them to the
validated rows and `metrics` reads the resulting counts like any tallies.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.campaign import Campaign, Group

# Which earlier rows may match a row, by whether each has an ID number and a phone:
# category = 2 * has_id + has_phone. Two rows that both have an ID are the same person exactly
# when the IDs match; else, when both have a phone, exactly when the phones match; else when
# name, birth year and village match.
_NONE, _PHONE, _ID, _BOTH = 0, 1, 2, 3
_BY_ID = {_ID: (_ID, _BOTH), _BOTH: (_ID, _BOTH)}
_BY_PHONE = {_PHONE: (_PHONE, _BOTH), _BOTH: (_PHONE,)}
_BY_NAME = {_NONE: (_NONE, _PHONE, _ID, _BOTH), _PHONE: (_NONE, _ID), _ID: (_NONE, _PHONE), _BOTH: (_NONE,)}


def duplicate_of(
    rows: np.ndarray, id_key: np.ndarray, phone_key: np.ndarray, name_key: np.ndarray
) -> pd.arrays.IntegerArray:
    """For each row, the spreadsheet row of the earlier entry of the same person (NA if first).

    Rows are in sheet order; `rows` holds their spreadsheet row numbers. Each key holds one
    integer per row, equal exactly where the ID numbers (phones; name + birth year + village)
    are equal, and -1 where the row has none. The match found by ID wins over phone, phone over
    name. Integer keys, not text: the validator has them already, and comparing them is array
    work with no pass over a million strings.
    """
    id_key, phone_key, name_key = (np.asarray(k, dtype=np.int64) for k in (id_key, phone_key, name_key))
    category = 2 * (id_key >= 0).astype(np.intp) + (phone_key >= 0).astype(np.intp)
    by_id = _earliest(id_key, category, _BY_ID)
    by_phone = _earliest(phone_key, category, _BY_PHONE)
    by_name = _earliest(name_key, category, _BY_NAME)
    match = np.where(by_id >= 0, by_id, np.where(by_phone >= 0, by_phone, by_name))
    found = match >= 0
    out = np.zeros(len(match), dtype=np.int64)
    out[found] = np.asarray(rows)[match[found]]
    return pd.arrays.IntegerArray(out, ~found)


def _earliest(key: np.ndarray, category: np.ndarray, allowed: dict[int, tuple[int, ...]]) -> np.ndarray:
    """Position of the earliest earlier row with the same key whose category row i allows
    (-1 if none; rows whose key is -1 never match).

    A table of the first position of each (key, category) pair, then one lookup per category
    some row allows: no group-by, no sort.
    """
    n = len(key)
    keyed = key >= 0
    if not keyed.any():
        return np.full(n, -1, dtype=np.int64)
    position = np.arange(n, dtype=np.int64)
    key = np.where(keyed, key, 0)
    if int(key.max()) >= 2 * n:  # sparse keys: numbered densely so the table stays small
        key = pd.factorize(key)[0]
    first = np.full((int(key.max()) + 1, 4), n, dtype=np.int64)
    np.minimum.at(first, (key[keyed], category[keyed]), position[keyed])
    allows = np.array([[c in allowed.get(k, ()) for c in range(4)] for k in range(4)])  # [row's, other's]
    best = np.full(n, n, dtype=np.int64)
    for c in np.flatnonzero(allows.any(axis=0)).tolist():
        np.minimum(best, first[key, c], out=best, where=allows[category, c] & keyed)
    return np.where(best < position, best, -1)


def is_adult(birth_year: pd.Series, on: pd.Series, adult_age: int) -> np.ndarray:
    """Of age by birth year in the year of `on` (the install date): within one campaign that is
    the year of any as-of date, and a published figure never changes with the calendar."""
    return (on.dt.year.to_numpy() - birth_year.to_numpy(dtype=np.int64)) >= adult_age


def counts_in(people: pd.DataFrame, group: Group) -> np.ndarray:
    """Which listed people count for `group`: each person once, adults only; a group with a
    list column only those marked in it."""
    counted = people["counted"].to_numpy(dtype=bool)
    if group.list_column:
        counted = counted & people[f"in:{group.key}"].to_numpy(dtype=bool)
    return counted


def list_installs(people: pd.DataFrame, campaign: Campaign) -> pd.DataFrame:
    """The list as tally rows (the shape of tab CaiDat) in the campaign's tally mode: one row per
    day, village and inter-family group, so it is counted exactly like typed tallies."""
    keys = [g.key for g in campaign.village_groups]
    columns = ["row", "date", "village", "family_group", *keys]
    if people.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    frame = pd.DataFrame(
        {
            "date": people["date"],
            "village": people["village"],
            "family_group": people["family_group"].fillna(""),
            **{g.key: counts_in(people, g).astype(np.int64) for g in campaign.village_groups},
        }
    )
    daily = frame.groupby(["date", "village", "family_group"], sort=True)[keys].sum().reset_index()
    if campaign.tally_mode == "cumulative":
        daily[keys] = daily.groupby(["village", "family_group"])[keys].cumsum()
    daily.insert(0, "row", 0)  # no sheet row: made from the list
    return daily[columns]


def counted_rows(tallies: pd.DataFrame, listed: pd.DataFrame, source: str) -> pd.DataFrame:
    """The tally rows that count: per village, the configured source where it has both, else
    the one it has."""
    if listed.empty:
        return tallies
    if tallies.empty:
        return listed
    # Villages as unique() (in Arrow), not set(): a set iterates every row as a Python string.
    if source == "list":
        keep_tallies = ~tallies["village"].isin(listed["village"].unique())
        parts = [tallies[keep_tallies], listed]
    else:
        parts = [tallies, listed[~listed["village"].isin(tallies["village"].unique())]]
    parts = [p for p in parts if len(p)]
    if len(parts) == 1:
        return parts[0].reset_index(drop=True)
    out = pd.concat(parts, ignore_index=True)
    return out.astype({k: "int64" for k in tallies.columns if k not in ("row", "date", "village", "family_group")})


def list_summary(people: pd.DataFrame, villages: list[str]) -> pd.DataFrame:
    """Per village with a list: rows listed, people counted, repeats and minors (no names)."""
    columns = ["village", "listed", "people_counted", "repeats", "minors"]
    if people.empty:
        return pd.DataFrame(columns=columns)
    flags = pd.DataFrame(
        {
            "village": people["village"],
            "listed": 1,
            "people_counted": people["counted"].astype(int),
            "repeats": people["duplicate_of"].notna().astype(int),
            "minors": (~people["adult"].astype(bool)).astype(int),
        }
    )
    out = flags.groupby("village", sort=False).sum()
    order = [v for v in villages if v in out.index]
    return out.loc[order].reset_index()[columns]
