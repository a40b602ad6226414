"""The one data path: read → validate → compute, for the app, the CLI, the store and the benchmarks.

- `read(source, secrets, limits)`: the workbook from a file or folder (`source`), the Google Sheet
  that `secrets` configure, or the bundled sample, within the campaign's read caps. The app's
  live sheet goes through the same reader (`sheet_reader`) behind its shared cache
  (lib/sources/live.py); an upload through lib/sources/files.read_bytes.
- `dataset(raw, campaign, today)`: the validated Dataset; a workbook that changed shape raises
  (lib/errors.ShapeError), a failed read.
- the figures are then lib/metrics's, through lib/summary.py (CLI), lib/ui/derived.py (pages),
  lib/reports and lib/bulletin.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from lib.campaign import Campaign
from lib.dataset import Dataset, RawWorkbook
from lib.errors import SourceError
from lib.sources.files import read_path
from lib.sources.gsheets import SheetConfig, config_from_secrets, make_reader
from lib.sources.limits import LIMITS, Limits
from lib.sources.problems import SourceProblem, classify
from lib.sources.sample import read_sample
from lib.validation import validate


def sheet_reader(config: SheetConfig, limits: Limits = LIMITS, on_request: Callable[[], None] = lambda: None):
    """The reader of the configured Google Sheet (service account or public link)."""
    return make_reader(config, on_request, limits)


def read(
    source: str | None = None, secrets: dict | None = None, limits: Limits = LIMITS, secrets_path: str = "secrets.toml"
) -> RawWorkbook:
    """The workbook: `source` (an .xlsx or a folder of .csv files), else the sheet `secrets`
    configure, else the bundled sample. Any failure is one SourceError, never a traceback."""
    if source:
        return read_path(source, limits=limits)
    if secrets is None:
        return read_sample()
    config = config_from_secrets(secrets)
    if config is None:
        raise SourceError("cli.secrets_no_sheet", path=secrets_path)
    try:
        reader = sheet_reader(config, limits)
        return reader.values(reader.metadata())
    except Exception as exc:  # every failure is explained in one line
        problem = exc.problem if isinstance(exc, SourceProblem) else classify(exc, config.email)
        raise SourceError("cli.sheet_failed", problem=problem.message("vi")) from None


def dataset(raw: RawWorkbook, campaign: Campaign, today: dt.date) -> Dataset:
    """The validated Dataset every figure is computed from (the same call everywhere)."""
    return validate(raw, campaign, today)
