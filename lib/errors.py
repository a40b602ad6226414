"""Why a read gives no new figures: the source could not be read, or it was read and has
changed shape. Either way the figures shown stay those of the last good read."""

from __future__ import annotations

from collections.abc import Callable

from lib.texts import t


class SourceError(Exception):
    """The source cannot be read at all. `key` names the message in lib.texts, `values` fill
    it; str() is the Vietnamese message, `message(lang)` the viewer's."""

    def __init__(self, key: str, /, **values: object):
        self.key, self.values = key, values
        super().__init__(self.message("vi"))

    def message(self, lang: str = "vi", quote: Callable[[str], str] = str) -> str:
        """The message; `quote` wraps each value (for Markdown)."""
        return t(self.key, lang, **{k: quote(str(v)) for k, v in self.values.items()})


class ShapeError(SourceError):
    """The workbook was read but has changed shape: a required tab or column is missing, or
    two tabs claim one name. Its figures would be a new truth built on a mistake (a renamed
    header rejects every row), so the read fails as a whole instead (docs/workbook.md).

    `problems` holds (texts key, values) pairs, each naming a tab or a column.
    """

    def __init__(self, problems: list[tuple[str, dict[str, str]]]):
        self.problems = problems
        Exception.__init__(self, self.message("vi"))

    def message(self, lang: str = "vi", quote: Callable[[str], str] = str) -> str:
        """The message; `quote` wraps each value taken from the workbook (for Markdown)."""
        found = " ".join(t(key, lang, **{k: quote(v) for k, v in values.items()}) for key, values in self.problems)
        return t("shape.failed", lang, problems=found)


class FileError(SourceError):
    """A file that will not be read: over a cap of `lib.sources.limits` (rows, columns, cells,
    size, time…), broken, or in an encoding the app cannot tell. The read stops at once; the
    message names the tab or file and the cap, and says what to do.

    `key` names the message in lib.texts; `values` fill it: numbers are written the viewer's
    way (1.100.000 or 1,100,000); text taken from the file (a tab's or file's name) has any
    phone- or ID-shaped number masked, then goes through `quote`.
    """

    def message(self, lang: str = "vi", quote: Callable[[str], str] = str) -> str:
        from lib.formatting import fmt_int  # pandas and Babel: only once a message is written
        from lib.privacy import mask_text

        filled = {
            k: fmt_int(v, lang) if isinstance(v, int) else quote(mask_text(str(v))) for k, v in self.values.items()
        }
        return t(self.key, lang, **filled)
