"""What one read of a file may still take: its caps (lib.sources.limits) as a budget of cells and
time, the upload size check, and Python's garbage collector paused while millions of lists are built.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Iterator

from lib.errors import FileError
from lib.sources.limits import Limits


def check_size(size: int, name: str, limits: Limits) -> None:
    if size > limits.upload_bytes:
        raise FileError("file.too_big", name=name, size=-(-size // (1 << 20)), cap=limits.upload_mb)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a read builds millions of lists: each of
    its passes walks every object made so far (this halves the time of a large read; lists
    of cell values hold no cycles). Back on afterwards, unless it was off before."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class Budget:
    """What is left of one read's caps: cells over all its tabs, and time."""

    def __init__(self, name: str, limits: Limits):
        self.name, self.limits = name, limits
        self.cells = limits.cells
        self.deadline = time.monotonic() + limits.seconds

    def check_time(self, tab: str = "") -> None:
        if time.monotonic() > self.deadline:
            cap = int(self.limits.seconds)
            if tab:
                raise FileError("file.seconds_tab", name=self.name, tab=tab, cap=cap)
            raise FileError("file.seconds", name=self.name, cap=cap)

    def too_many_rows(self, tab: str) -> FileError:
        return FileError("file.rows", tab=tab, cap=self.limits.rows)

    def too_wide(self, tab: str, column: int) -> FileError:
        return FileError("file.columns", tab=tab, column=column_letters(column), cap=self.limits.columns)

    def too_many_cells(self, tab: str) -> FileError:
        return FileError("file.cells", tab=tab, cap=self.limits.cells)


def column_letters(column: int) -> str:
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
