"""Why a read gives no new figures: the source could not be read, or it was read and has
changed shape. Either way the figures shown stay those of the last good read."""

from __future__ import annotations

from collections.abc import Callable

from lib.texts import t


class SourceError(Exception):
    """The source cannot be read at all; the message says why, in Vietnamese."""

    def message(self, lang: str = "vi") -> str:
        return str(self)


class ShapeError(SourceError):
    """The workbook was read but has changed shape: a required tab or column is missing, or
    two tabs claim one name. Its figures would be a new truth built on a mistake (a renamed
    header rejects every row), so the read fails as a whole instead (docs/workbook.md).

    `problems` holds (texts key, values) pairs, each naming a tab or a column.
    """

    def __init__(self, problems: list[tuple[str, dict[str, str]]]):
        self.problems = problems
        super().__init__(self.message("vi"))

    def message(self, lang: str = "vi", quote: Callable[[str], str] = str) -> str:
        """The message; `quote` wraps each value taken from the workbook (for Markdown)."""
        found = " ".join(t(key, lang, **{k: quote(v) for k, v in values.items()}) for key, values in self.problems)
        return t("shape.failed", lang, problems=found)
