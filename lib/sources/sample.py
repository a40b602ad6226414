"""The bundled sample workbook: what the app shows when no Google Sheet is configured."""

from __future__ import annotations

from pathlib import Path

from lib.dataset import RawWorkbook
from lib.sources.files import read_path

SAMPLE_PATH = Path(__file__).resolve().parents[2] / "data" / "sample.xlsx"


def read_sample() -> RawWorkbook:
    raw = read_path(SAMPLE_PATH, source="sample")
    return RawWorkbook(raw.tabs, "sample", "data/sample.xlsx")
