"""Read back the HTML tables a page shows (lib/tables.html), as the tests' data frames."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd

TABLE_TAGS = {"div", "table", "thead", "tbody", "tr", "th", "td"}  # the div: the box that scrolls


class _Reader(HTMLParser):
    """The rows of one table as the browser reads them (entities decoded); every tag seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.tags: list[str] = []
        self.right: list[bool] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "tr":
            self.rows.append([])
            self.right = []
        elif tag in ("th", "td"):
            self._cell = []
            self.right.append(("class", "num") in attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def read(text: str) -> _Reader:
    reader = _Reader()
    reader.feed(text)
    reader.close()
    return reader


def parse(text: str) -> pd.DataFrame:
    """The table in `text` with its cells as the browser shows them; only table tags allowed."""
    reader = read(text)
    assert set(reader.tags) <= TABLE_TAGS, f"markup inside a cell: {set(reader.tags) - TABLE_TAGS}"
    header, *rows = reader.rows
    assert all(len(row) == len(header) for row in rows), "a row with another number of cells"
    return pd.DataFrame(rows, columns=header)


def in_app(at) -> list[pd.DataFrame]:
    """Every HTML table of the main area, in order."""
    return [parse(h.value) for h in at.main.html if "<table" in h.value]
