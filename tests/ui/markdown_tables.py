"""Read back the Markdown tables a page shows (lib/tables.markdown), as the tests' data frames."""

from __future__ import annotations

import re

import pandas as pd

# As GFM's table reads a row, left to right: a backslash pair, an escaped pipe, or a cell boundary.
_TOKEN = re.compile(r"\\[\\|]|\|")


def cells(line: str) -> list[str]:
    """A row's cells as GFM splits it (a backslash pair then a pipe ends a cell), "\\|" read as "|"."""
    found, start = [], 0
    for token in _TOKEN.finditer(line):
        if token[0] == "|":
            found.append(line[start : token.start()])
            start = token.end()
    found.append(line[start:])
    return [cell.strip().replace("\\|", "|") for cell in found[1:-1]]


def parse(text: str) -> pd.DataFrame:
    """The table in `text` (header, alignment rule, rows) with its cells as written."""
    lines = [line.strip() for line in text.strip().split("\n")]
    assert re.fullmatch(r"\|(-{3,}:?\|)+", lines[1]), lines[1]
    header, rows = cells(lines[0]), [cells(line) for line in lines[2:]]
    assert all(len(row) == len(header) for row in rows), "a cell was split: its text became Markdown"
    return pd.DataFrame(rows, columns=header)


def in_app(at) -> list[pd.DataFrame]:
    """Every Markdown table of the main area, in order."""
    return [parse(m.value) for m in at.main.markdown if m.value.lstrip().startswith("|")]
