"""Read back the Markdown tables a page shows (lib/tables.markdown), as the tests' data frames."""

from __future__ import annotations

import re

import pandas as pd

_SPLIT = re.compile(r"(?<!\\)\|")  # a cell boundary: a pipe not escaped with a backslash


def parse(text: str) -> pd.DataFrame:
    """The table in `text` (header, alignment rule, rows) with its cells as written, "\\|" read as "|"."""
    lines = [line.strip() for line in text.strip().split("\n")]

    def cells(line: str) -> list[str]:
        return [cell.strip().replace("\\|", "|") for cell in _SPLIT.split(line)[1:-1]]

    assert re.fullmatch(r"\|(-{3,}:?\|)+", lines[1]), lines[1]
    return pd.DataFrame([cells(line) for line in lines[2:]], columns=cells(lines[0]))


def in_app(at) -> list[pd.DataFrame]:
    """Every Markdown table of the main area, in order."""
    return [parse(m.value) for m in at.main.markdown if m.value.lstrip().startswith("|")]
