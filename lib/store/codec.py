"""Tables as content-addressed chunks: a read that changed a few rows stores a few rows.

A table (a pandas DataFrame) is cut into chunks of rows at boundaries chosen by the rows'
own content (a row whose 64-bit hash ends in the right bits ends a chunk), so inserting or
deleting a row changes the chunk around it and no other: the boundaries after it fall where
they fell before. Each chunk is stored once under the hash of its rows (a *leaf*); the list
of a table's leaf hashes is cut the same way into *nodes*, and so on up to one *root* hash.
Two reads that share most rows share most leaves and nodes; a snapshot names a root per table.

Sheet row numbers shift when a row above is inserted or deleted: they are not part of a
chunk's rows but a table of their own, as runs (first row, length), so a deleted row changes
one run, not every later chunk.

Cells are written column by column as JSON (dates as integers of their unit, nullable
integers with null), zlib-compressed; each column's pandas dtype is kept beside the root, so
`decode` gives back a frame equal to the one encoded (`pandas.testing.assert_frame_equal`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

HASH_BYTES = 16  # blake2b-128: hex keys of 32 characters
LEAF_ROWS = 256  # average rows per leaf (a power of two)
NODE_FANOUT = 32  # average children per node (a power of two)
MAX_FACTOR = 4  # a chunk never holds more than this many times the average

LEAF, NODE = b"L", b"N"


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=HASH_BYTES).hexdigest()


@dataclass
class Tree:
    """A table's chunks: `root` names it; `blobs` maps hash -> a function making the stored
    bytes (called only for blobs the store does not have yet); `children` maps a node's hash
    to the hashes it lists, so the store can walk down from the root to what it lacks."""

    root: str
    blobs: dict[str, Callable[[], bytes]]
    children: dict[str, list[str]]


# ------------------------------------------------------------------------------ columns


def dtype_name(dtype: Any) -> str:
    return str(dtype)


def _cell(value: Any) -> Any:
    """One cell of an object column as JSON (tagged when JSON has no such value)."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$": "f", "v": repr(value)}
    if value is pd.NA:
        return {"$": "NA"}
    if value is pd.NaT:
        return {"$": "NaT"}
    if isinstance(value, pd.Timestamp):
        return {"$": "ts", "v": value.isoformat()}
    if isinstance(value, dt.datetime):
        return {"$": "dt", "v": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$": "d", "v": value.isoformat()}
    if isinstance(value, np.generic):
        return _cell(value.item())
    raise TypeError(f"cannot store a cell of type {type(value).__name__}")


def _uncell(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    tag = value["$"]
    if tag == "NA":
        return pd.NA
    if tag == "NaT":
        return pd.NaT
    if tag == "f":
        return float(value["v"])
    if tag == "ts":
        return pd.Timestamp(value["v"])
    if tag == "dt":
        return dt.datetime.fromisoformat(value["v"])
    return dt.date.fromisoformat(value["v"])


def _column_values(series: pd.Series) -> list[Any]:
    """A column as JSON-ready values, by its dtype."""
    dtype = series.dtype
    if isinstance(dtype, np.dtype) and dtype.kind == "M":
        ints = series.to_numpy().view("int64")
        nat = np.isnat(series.to_numpy())
        return [None if n else int(v) for v, n in zip(ints.tolist(), nat.tolist(), strict=True)]
    if isinstance(dtype, np.dtype) and dtype.kind in "iub":
        return series.to_numpy().tolist()
    if isinstance(dtype, np.dtype) and dtype.kind == "f":
        return [_cell(v) for v in series.to_numpy().tolist()]
    if isinstance(dtype, pd.api.extensions.ExtensionDtype) and dtype.name in ("Int64", "Int32", "boolean", "Float64"):
        mask = series.isna().to_numpy()
        values = series.to_numpy(dtype=object, na_value=None).tolist()
        return [None if m else (v.item() if hasattr(v, "item") else v) for v, m in zip(values, mask, strict=True)]
    if isinstance(dtype, pd.StringDtype):
        mask = series.isna().to_numpy()
        return [None if m else str(v) for v, m in zip(series.to_numpy(dtype=object).tolist(), mask, strict=True)]
    return [_cell(v) for v in series.to_numpy(dtype=object).tolist()]


def _column_from(values: list[Any], dtype: str) -> Any:
    """The inverse of `_column_values`: an array of `dtype`."""
    if dtype.startswith("datetime64"):
        ints = np.array([np.iinfo(np.int64).min if v is None else v for v in values], dtype=np.int64)
        return ints.view(np.dtype(dtype))
    if dtype in ("int64", "int32", "int16", "int8", "uint64", "uint32", "uint8", "bool"):
        return np.array(values, dtype=np.dtype(dtype))
    if dtype in ("float64", "float32"):
        return np.array([_uncell(v) for v in values], dtype=np.dtype(dtype))
    if dtype in ("Int64", "Int32", "boolean", "Float64"):
        return pd.array(values, dtype=dtype)
    if dtype == "object":
        out = np.empty(len(values), dtype=object)
        out[:] = [_uncell(v) for v in values]
        return out
    if dtype in ("str", "string"):
        return pd.array(values, dtype=dtype)
    raise TypeError(f"cannot restore a column of dtype {dtype}")


def encode_rows(frame: pd.DataFrame) -> bytes:
    """Rows of a frame (column order and dtypes are kept by the caller) as stored bytes."""
    data = [_column_values(frame[c]) for c in frame.columns]
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return LEAF + zlib.compress(text.encode("utf-8"), 6)


def decode_rows(blob: bytes, columns: list[tuple[str, str]]) -> dict[str, Any]:
    if blob[:1] != LEAF:
        raise ValueError("not a leaf")
    data = json.loads(zlib.decompress(blob[1:]).decode("utf-8"))
    return {name: _column_from(values, dtype) for (name, dtype), values in zip(columns, data, strict=True)}


# --------------------------------------------------------------------------------- trees


def row_hashes(frame: pd.DataFrame) -> np.ndarray:
    """One 64-bit hash per row (pandas' own, fixed key: the same in every process)."""
    if not len(frame):
        return np.zeros(0, dtype=np.uint64)
    if not len(frame.columns):
        return np.zeros(len(frame), dtype=np.uint64)
    return pd.util.hash_pandas_object(frame, index=False, categorize=True).to_numpy(dtype=np.uint64)


def _cuts(keys: np.ndarray, average: int) -> list[tuple[int, int]]:
    """Chunk bounds [start, stop) over a sequence whose items hash to `keys` (uint64)."""
    n = len(keys)
    if n == 0:
        return [(0, 0)]
    ends = np.flatnonzero((keys >> np.uint64(17)) & np.uint64(average - 1) == 0) + 1
    bounds, start = [], 0
    limit = average * MAX_FACTOR
    for end in [*ends.tolist(), n]:
        while end - start > limit:  # a run with no boundary: cut it, re-synchronised at `end`
            bounds.append((start, start + limit))
            start += limit
        if end > start:
            bounds.append((start, end))
            start = end
    return bounds


def _node(hashes: list[str]) -> bytes:
    return NODE + b"".join(bytes.fromhex(h) for h in hashes)


def node_children(blob: bytes) -> list[str]:
    if blob[:1] != NODE:
        raise ValueError("not a node")
    body = blob[1:]
    return [body[i : i + HASH_BYTES].hex() for i in range(0, len(body), HASH_BYTES)]


def build_tree(frame: pd.DataFrame, schema: str) -> Tree:
    """The chunks of `frame` (its columns as they are), named by content. `schema` (the
    columns and dtypes) is part of every leaf's name: equal rows of another shape differ."""
    keys = row_hashes(frame)
    blobs: dict[str, Callable[[], bytes]] = {}
    children: dict[str, list[str]] = {}
    level: list[str] = []
    salt = schema.encode("utf-8")
    for start, stop in _cuts(keys, LEAF_ROWS):
        name = digest(salt + b"\0" + keys[start:stop].tobytes())
        level.append(name)
        blobs.setdefault(name, _leaf_maker(frame, start, stop))
    while True:
        nodes: list[str] = []
        level_keys = np.array([int(h[:16], 16) for h in level], dtype=np.uint64)
        for start, stop in _cuts(level_keys, NODE_FANOUT):
            blob = _node(level[start:stop])
            name = digest(blob)
            nodes.append(name)
            children[name] = level[start:stop]
            blobs.setdefault(name, _constant(blob))
        if len(nodes) == 1:
            return Tree(nodes[0], blobs, children)
        level = nodes


def _leaf_maker(frame: pd.DataFrame, start: int, stop: int) -> Callable[[], bytes]:
    return lambda: encode_rows(frame.iloc[start:stop])


def _constant(blob: bytes) -> Callable[[], bytes]:
    return lambda: blob


def missing_blobs(tree: Tree, have: Callable[[Iterable[str]], set[str]]) -> list[str]:
    """Hashes of the tree the store lacks, walking down from the root: a stored node's whole
    subtree is stored (blobs go in with the snapshot that names them, bottom-up in one
    transaction), so only the changed paths are asked about. `have(hashes)` answers which of
    `hashes` are stored."""
    missing: list[str] = []
    level = [tree.root]
    while level:
        stored = have(level)
        new = [h for h in dict.fromkeys(level) if h not in stored]
        missing.extend(new)
        level = [c for h in new for c in tree.children.get(h, [])]
    return missing


def leaves(root: str, fetch: Callable[[list[str]], dict[str, bytes]]) -> list[bytes]:
    """The leaf blobs under `root`, in order. `fetch(hashes)` gives stored blobs by hash."""
    level = [root]
    while True:
        blobs = fetch(list(dict.fromkeys(level)))
        if all(blobs[h][:1] == LEAF for h in level):
            return [blobs[h] for h in level]
        level = [c for h in level for c in node_children(blobs[h])]


def frame_from_leaves(blobs: list[bytes], columns: list[tuple[str, str]]) -> pd.DataFrame:
    parts = [decode_rows(b, columns) for b in blobs]
    data = {}
    for name, _ in columns:
        pieces = [p[name] for p in parts]
        if isinstance(pieces[0], np.ndarray):
            data[name] = np.concatenate(pieces) if len(pieces) > 1 else pieces[0]
        else:
            data[name] = type(pieces[0])._concat_same_type(pieces) if len(pieces) > 1 else pieces[0]
    # object columns stay object (pandas 3 would infer `str` for an object array of text)
    series = {name: pd.Series(data[name], dtype=object) if dtype == "object" else data[name] for name, dtype in columns}
    return pd.DataFrame(series, columns=[name for name, _ in columns])


# ---------------------------------------------------------------------------- row numbers


def row_runs(rows: np.ndarray) -> pd.DataFrame:
    """Sheet row numbers as runs of consecutive rows: [3, 4, 5, 9] -> (3, 3), (9, 1)."""
    rows = np.asarray(rows, dtype=np.int64)
    if not len(rows):
        return pd.DataFrame({"first": np.zeros(0, np.int64), "length": np.zeros(0, np.int64)})
    breaks = np.flatnonzero(np.diff(rows) != 1) + 1
    starts = np.r_[0, breaks]
    lengths = np.diff(np.r_[starts, len(rows)])
    return pd.DataFrame({"first": rows[starts], "length": lengths.astype(np.int64)})


def rows_from_runs(runs: pd.DataFrame) -> np.ndarray:
    if not len(runs):
        return np.zeros(0, dtype=np.int64)
    first = runs["first"].to_numpy(dtype=np.int64)
    length = runs["length"].to_numpy(dtype=np.int64)
    offsets = np.arange(int(length.sum()), dtype=np.int64) - np.repeat(np.cumsum(length) - length, length)
    return np.repeat(first, length) + offsets
