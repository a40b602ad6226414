"""Per snapshot, installs (as of its read day) and base per village and village group: a key
frame every KEY_FRAME_EVERY snapshots, differences from it between; written with each recorded
snapshot, read back for a village's history over read time."""

from __future__ import annotations

import datetime as dt
import json
import zlib
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, func, insert, select

from lib import metrics
from lib.campaign import Campaign
from lib.dataset import Dataset
from lib.store import codec
from lib.store.loading import BLOB_CACHE
from lib.store.schema import figures

KEY_FRAME_EVERY = 64  # figures: a full array every this many snapshots, differences between


def figures_of(ds: Dataset, campaign: Campaign, day: dt.date) -> tuple[tuple[str, bytes], np.ndarray]:
    """Per village (rows, tab Thon's order) installs of each village group as of `day`, then
    each group's base (-1: none): what a village's history over read time is drawn from."""
    groups = [g.key for g in campaign.village_groups]
    layout = json.dumps({"villages": ds.village_names, "groups": groups}, ensure_ascii=False).encode("utf-8")
    layout_blob = b"V" + zlib.compress(layout)
    installed = metrics.installed_by_village(ds, campaign, day)
    columns = [installed[g].to_numpy(dtype=np.int64) for g in groups]
    for g in groups:
        base = ds.villages[f"base:{g}"] if f"base:{g}" in ds.villages else pd.Series(pd.NA, index=ds.villages.index)
        columns.append(pd.array(base, dtype="Int64").to_numpy(dtype=np.int64, na_value=-1))
    values = np.column_stack(columns) if columns else np.zeros((len(ds.villages), 0), dtype=np.int64)
    return (codec.digest(layout_blob), layout_blob), values.astype(np.int64)


def put_figures(conn: Connection, snapshot_id: int, latest: Any, layout: str, values: np.ndarray) -> None:
    base_id = None
    if latest is not None:
        prev = conn.execute(
            select(figures.c.base_id, figures.c.layout).where(figures.c.snapshot_id == latest.id)
        ).first()
        if prev is not None and prev.layout == layout:
            key = prev.base_id if prev.base_id is not None else latest.id
            since = conn.execute(select(func.count()).select_from(figures).where(figures.c.base_id == key)).scalar()
            if since < KEY_FRAME_EVERY:
                base_id = key
    data = values
    if base_id is not None:
        data = values - _figure_array(conn, base_id, values.shape)
    payload = zlib.compress(np.ascontiguousarray(data).tobytes(), 6)
    conn.execute(insert(figures).values(snapshot_id=snapshot_id, base_id=base_id, layout=layout, data=payload))


def _figure_array(conn: Connection, snapshot_id: int, shape: tuple[int, ...]) -> np.ndarray:
    row = conn.execute(select(figures.c.data).where(figures.c.snapshot_id == snapshot_id)).first()
    return np.frombuffer(zlib.decompress(row.data), dtype=np.int64).reshape(shape)


def village_figures(engine: Engine, snapshot_ids: list[int]) -> dict[int, pd.DataFrame]:
    """Per snapshot: installs (as of its read day) and base per village and village group,
    one row per village: village, installed:<group>…, base:<group>… (base NA: none)."""
    out: dict[int, pd.DataFrame] = {}
    with engine.connect() as conn:
        rows = {}
        for i in range(0, len(snapshot_ids), 500):
            batch = snapshot_ids[i : i + 500]
            for r in conn.execute(select(figures).where(figures.c.snapshot_id.in_(batch))):
                rows[r.snapshot_id] = r
        bases = {r.base_id for r in rows.values() if r.base_id is not None and r.base_id not in rows}
        for i, base in enumerate(sorted(bases)):
            del i
            r = conn.execute(select(figures).where(figures.c.snapshot_id == base)).first()
            rows[base] = r
        layouts = {r.layout for r in rows.values()}
        layout_blobs = BLOB_CACHE.fetch(conn, list(layouts))
    layout = {h: json.loads(zlib.decompress(b[1:]).decode("utf-8")) for h, b in layout_blobs.items()}
    arrays: dict[int, np.ndarray] = {}

    def array(sid: int) -> np.ndarray:
        if sid not in arrays:
            r = rows[sid]
            shape = (len(layout[r.layout]["villages"]), 2 * len(layout[r.layout]["groups"]))
            data = np.frombuffer(zlib.decompress(bytes(r.data)), dtype=np.int64).reshape(shape)
            arrays[sid] = data if r.base_id is None else data + array(r.base_id)
        return arrays[sid]

    for sid in snapshot_ids:
        if sid not in rows:
            continue
        spec = layout[rows[sid].layout]
        values = array(sid)
        frame = pd.DataFrame({"village": spec["villages"]})
        k = len(spec["groups"])
        for j, g in enumerate(spec["groups"]):
            frame[f"installed:{g}"] = values[:, j]
            frame[f"base:{g}"] = pd.array(np.where(values[:, k + j] < 0, None, values[:, k + j]), dtype="Int64")
        out[sid] = frame
    return out
