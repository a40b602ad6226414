"""The snapshot store on SQLite and PostgreSQL: a rebuilt snapshot gives the same figures,
unchanged reads store nothing, no personal data at rest, one snapshot per change with
several writers, retention, schema version."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import re
import threading
import zlib
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select, update

from lib import metrics
from lib.campaign import DEFAULT_PATH, load_campaign
from lib.dataset import RawWorkbook
from lib.sources.sample import read_sample
from lib.store import (
    SCHEMA_VERSION,
    StoreError,
    campaign_of,
    info,
    latest,
    list_snapshots,
    load,
    open_store,
    prune,
    record,
    settings_from_secrets,
    source_label,
    village_figures,
)
from lib.store.schema import blobs, snapshots, store_schema
from lib.summary import build_summary
from lib.validation import validate
from tests.generators import province_tabs

TODAY = dt.date(2026, 5, 25)
READ = dt.datetime(2026, 5, 25, 8, 0)
CAMPAIGN_TEXT = DEFAULT_PATH.read_text(encoding="utf-8")
CAMPAIGN = load_campaign()
EXACT = ("villages", "installs", "tallies", "family_groups", "agencies", "sessions", "rows")


def sample_dataset():
    return validate(read_sample(), CAMPAIGN, TODAY)


def generated_raw(people: int = 3000) -> RawWorkbook:
    tabs = province_tabs(communes=2, villages_per_commune=6, people=people)
    return RawWorkbook(tabs, "test", "generated")


def assert_same_figures(original, rebuilt, campaign=CAMPAIGN) -> None:
    for name in EXACT:
        pd.testing.assert_frame_equal(getattr(original, name), getattr(rebuilt, name), check_exact=True, obj=name)
    for as_of in (dt.date(2026, 5, 13), dt.date(2026, 5, 17), dt.date(2026, 5, 24)):
        assert build_summary(rebuilt, campaign, as_of, today=TODAY) == build_summary(original, campaign, as_of, TODAY)


@pytest.mark.slow
@pytest.mark.parametrize("make", [sample_dataset, lambda: validate(generated_raw(), CAMPAIGN, TODAY)])
def test_a_rebuilt_snapshot_gives_the_same_figures(engine, make) -> None:
    ds = make()
    sid = record(engine, ds, CAMPAIGN_TEXT, "sample", READ)
    rebuilt = load(engine, sid)
    assert_same_figures(ds, rebuilt, campaign_of(engine, sid))
    for name in ("people", "helpers", "issues"):  # same shape; personal columns stand-ins only
        original, back = getattr(ds, name), getattr(rebuilt, name)
        assert list(back.columns) == list(original.columns)
        assert back.dtypes.astype(str).tolist() == original.dtypes.astype(str).tolist()
        assert len(back) == len(original)
    kept = [c for c in ds.people.columns if c not in ("name", "phone", "id_number", "birth_year")]
    pd.testing.assert_frame_equal(ds.people[kept], rebuilt.people[kept], check_exact=True)
    assert set(rebuilt.people["name"]) <= {"***"} and set(rebuilt.people["phone"]) <= {""}
    assert (rebuilt.source, rebuilt.title, rebuilt.tabs) == (ds.source, ds.title, ds.tabs)


def test_an_unchanged_read_only_moves_last_checked(engine) -> None:
    ds = sample_dataset()
    first = record(engine, ds, CAMPAIGN_TEXT, "sample", READ)
    again = record(engine, sample_dataset(), CAMPAIGN_TEXT, "sample", READ + dt.timedelta(minutes=1))
    assert again == first
    stored = info(engine, first)
    assert (stored.read_at, stored.last_checked) == (READ, READ + dt.timedelta(minutes=1))
    assert len(list_snapshots(engine)) == 1
    # another source is another history; another campaign file is another content
    assert record(engine, ds, CAMPAIGN_TEXT, "file:/x.xlsx", READ) != first
    changed = CAMPAIGN_TEXT + "\n# a comment is a change of the file\n"
    assert record(engine, ds, changed, "sample", READ + dt.timedelta(minutes=2)) != first


def test_a_change_and_its_undo_are_three_snapshots(engine, make_dataset) -> None:
    a = make_dataset([["Thôn A", 2, 100, 10, 20]], [["13/05/2026", "Thôn A", "Tổ 1", 5, 1, 1]])
    b = make_dataset([["Thôn A", 2, 100, 10, 20]], [["13/05/2026", "Thôn A", "Tổ 1", 7, 1, 1]])
    ids = [record(engine, ds, CAMPAIGN_TEXT, "s", READ + dt.timedelta(minutes=i)) for i, ds in enumerate([a, b, a])]
    assert len(set(ids)) == 3
    assert [s.seq for s in list_snapshots(engine, "s")] == [1, 2, 3]
    assert latest(engine).id == ids[2]
    assert latest(engine, "s", at=READ + dt.timedelta(seconds=90)).id == ids[1]
    assert metrics.installed_by_village(load(engine, ids[1]), CAMPAIGN, TODAY).loc["Thôn A", "adults"] == 7


def _all_stored_text(engine) -> str:
    """Everything the store holds, decompressed, as one text."""
    texts = []
    with engine.connect() as conn:
        for kind, data in conn.execute(select(blobs.c.kind, blobs.c.data)):
            data = bytes(data)
            if kind == "L" or kind == "V":
                texts.append(zlib.decompress(data[1:]).decode("utf-8"))
            elif kind == "C":
                texts.append(data.decode("utf-8"))
        for (manifest,) in conn.execute(select(snapshots.c.manifest)):
            texts.append(zlib.decompress(bytes(manifest)).decode("utf-8"))
    return "\n".join(texts)


def test_no_personal_data_at_rest(engine) -> None:
    """No name, phone or CCCD of the person list or helpers is stored, in any form the
    workbook had them; nor birth years (a rejected helper repeated by name: name hidden)."""
    raw = generated_raw(people=2000)
    helpers = raw.tabs["DoanVien"]
    helpers.append(list(helpers[1]))  # a helper entered twice: a warning that quotes the name
    ds = validate(raw, CAMPAIGN, TODAY)
    assert ds.warnings["code"].eq("duplicate_person").any()
    record(engine, ds, CAMPAIGN_TEXT, "gen", READ)
    stored = _all_stored_text(engine)
    people = raw.tabs["DanhSach"][1:]
    names = {r[0] for r in people} | {r[0] for r in helpers[1:]}
    numbers = {r[4] for r in people if r[4]} | {r[5] for r in people} | {r[3] for r in helpers[1:]}
    assert not [n for n in names if n in stored]
    assert not [n for n in numbers if n in stored]
    digits = set(re.findall(r"\d{9,}", stored))
    assert not digits & numbers


def _record_in_process(url: str, barrier_or_none, label: str) -> int:
    engine = open_store(url)
    ds = sample_dataset()
    if barrier_or_none is not None:
        barrier_or_none.wait()
    try:
        return int(record(engine, ds, CAMPAIGN_TEXT, label, READ))
    finally:
        engine.dispose()


@pytest.mark.slow
def test_several_writers_store_one_snapshot_per_change(store_url) -> None:
    """Four processes (the app's replicas, a cron job) record the same read at once: one
    snapshot. Threads of one process likewise."""
    open_store(store_url).dispose()
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        barrier = manager.Barrier(4)
        with ctx.Pool(4) as pool:
            ids = pool.starmap(_record_in_process, [(store_url, barrier, "replicas")] * 4)
    assert len(set(ids)) == 1
    engine = open_store(store_url)
    assert len(list_snapshots(engine, "replicas")) == 1
    barrier = threading.Barrier(4)
    results: list[int] = []
    threads = [
        threading.Thread(target=lambda: results.append(_record_in_process(store_url, barrier, "threads")))
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 4 and len(set(results)) == 1
    assert len(list_snapshots(engine, "threads")) == 1
    engine.dispose()


def test_prune_keeps_what_is_in_force_and_collects_chunks(engine, make_dataset) -> None:
    thon = [["Thôn A", 2, 100, 10, 20], ["Thôn B", 2, 100, 10, 20]]
    datasets = [make_dataset(thon, [["13/05/2026", "Thôn A", "Tổ 1", n, 0, 0]]) for n in (1, 2, 3)]
    short = record(engine, datasets[0], CAMPAIGN_TEXT, "s", READ, retention_days=0)
    kept = [
        record(engine, ds, CAMPAIGN_TEXT, "s", READ + dt.timedelta(minutes=i + 1)) for i, ds in enumerate(datasets[1:])
    ]
    end = CAMPAIGN.end
    assert prune(engine, today=end) == 0  # kept until the campaign's end + 0 days included
    with engine.connect() as conn:  # the short-lived one is the key frame of the others' figures
        assert prune(engine, today=end + dt.timedelta(days=1)) == 0
        conn.execute(update(snapshots).where(snapshots.c.id.in_(kept)).values(keep_until=end))
        conn.commit()
    with engine.connect() as conn:
        before = conn.execute(select(blobs.c.hash)).scalars().all()
    assert prune(engine, today=end + dt.timedelta(days=1)) == 3
    assert list_snapshots(engine) == []
    with engine.connect() as conn:
        assert conn.execute(select(blobs.c.hash)).scalars().all() == []
    assert before
    del short


def test_prune_keeps_chunks_shared_with_a_kept_snapshot(engine, make_dataset) -> None:
    """An expired snapshot goes; one of another campaign's retention that shares its rows
    still loads whole."""
    thon = [["Thôn A", 2, 100, 10, 20], ["Thôn B", 2, 100, 10, 20]]
    rows = [["13/05/2026", "Thôn A", "Tổ 1", 1, 0, 0], ["13/05/2026", "Thôn B", "Tổ 1", 4, 0, 0]]
    old_ds, new_ds = make_dataset(thon, rows), make_dataset(thon, [*rows, ["14/05/2026", "Thôn A", "Tổ 1", 2, 0, 0]])
    old = record(engine, old_ds, CAMPAIGN_TEXT, "old", READ, retention_days=0)
    new = record(engine, new_ds, CAMPAIGN_TEXT, "new", READ)
    assert prune(engine, today=CAMPAIGN.end + dt.timedelta(days=1)) == 1
    with pytest.raises(StoreError):
        load(engine, old)
    assert_same_figures(new_ds, load(engine, new))


@pytest.mark.slow
def test_village_figures_over_many_reads(engine, make_dataset) -> None:
    """Figures per village are key frames and differences: every read gives its own."""
    thon = [["Thôn A", 2, 100, 10, 20], ["Thôn B", 2, 200, 10, 20]]
    ids, expected = [], []
    for n in range(70):
        ds = make_dataset(
            thon, [["13/05/2026", "Thôn A", "Tổ 1", n, 0, 0], ["13/05/2026", "Thôn B", "Tổ 1", 2 * n, n, 0]]
        )
        ids.append(record(engine, ds, CAMPAIGN_TEXT, "s", READ + dt.timedelta(minutes=n)))
        expected.append((n, 2 * n))
    got = village_figures(engine, ids)
    for sid, (a, b) in zip(ids, expected, strict=True):
        frame = got[sid].set_index("village")
        assert (frame.at["Thôn A", "installed:adults"], frame.at["Thôn B", "installed:adults"]) == (a, b)
        assert frame.at["Thôn B", "base:adults"] == 200


def test_schema_version_is_recorded_and_a_newer_store_refused(store_url) -> None:
    engine = open_store(store_url)
    with engine.connect() as conn:
        assert conn.execute(select(store_schema.c.version)).scalars().all() == [SCHEMA_VERSION]
        conn.execute(update(store_schema).values(version=SCHEMA_VERSION + 1))
        conn.commit()
    engine.dispose()
    with pytest.raises(StoreError, match="mới hơn"):
        open_store(store_url)


def test_settings_and_source_labels() -> None:
    assert settings_from_secrets({}).url is None
    settings = settings_from_secrets({"store": {"url": "postgresql://u:p@h/db", "retention_days": 30}})
    assert (settings.url, settings.retention_days) == ("postgresql://u:p@h/db", 30)
    with pytest.raises(StoreError):
        settings_from_secrets({"store": {"retention_days": "forever"}})
    label = source_label("gsheets", "1AbCdEfGhIjKlMnOpQrStUvWxYz")
    assert label.startswith("gsheets:") and "AbCd" not in label
    assert source_label("file", "x.xlsx") == f"file:{Path('x.xlsx').resolve()}"


def test_manifest_names_no_spreadsheet_or_path_beyond_the_label(engine) -> None:
    sid = record(engine, sample_dataset(), CAMPAIGN_TEXT, "sample", READ)
    with engine.connect() as conn:
        manifest = conn.execute(select(snapshots.c.manifest).where(snapshots.c.id == sid)).scalar_one()
    parts = json.loads(zlib.decompress(bytes(manifest)))["parts"]
    assert set(parts) == {
        "villages",
        "tallies",
        "people",
        "family_groups",
        "agencies",
        "helpers",
        "sessions",
        "issues",
        "rows",
    }
    stored_columns = {c for c, _ in parts["people"]["columns"]} | {c for c, _ in parts["helpers"]["columns"]}
    assert not stored_columns & {"name", "phone", "id_number", "birth_year"}
