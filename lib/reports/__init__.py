"""Phase reports as Word, Excel and PDF files, from the same figures as the dashboard.

    build_report(ds, campaign, phase, as_of, "docx") -> bytes

`content.py` gathers what a report says from lib.metrics; `docx.py`, `xlsx.py` and `pdf.py`
only lay it out. The command line (`python -m lib report`) and the Reports page both call
`build_report`, so a file made either way is the same.
"""

from __future__ import annotations

import datetime as dt
from importlib import import_module

from lib import clock
from lib.campaign import Campaign
from lib.dataset import Dataset

FORMATS = ("docx", "xlsx", "pdf")
MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def build_report(
    ds: Dataset,
    campaign: Campaign,
    phase: int,
    as_of: dt.date,
    fmt: str,
    lang: str = "vi",
    issued: dt.date | None = None,
    unmasked: bool = False,
) -> bytes:
    """The report on `phase` as of `as_of` in format `fmt`, dated `issued` (default: today)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; one of {FORMATS}")
    # Imported here, like each writer below: `python -m lib summary` and the dashboard's other
    # pages never load python-docx, fpdf2 or matplotlib.
    from lib.reports.content import build_content

    content = build_content(
        ds, campaign, phase, as_of, issued or clock.today(), lang, unmasked=unmasked, charts=fmt != "xlsx"
    )
    return import_module(f"lib.reports.{fmt}").render(content)


def file_name(campaign: Campaign, phase: int, as_of: dt.date, fmt: str) -> str:
    """'bao-cao-dot-1-2026-05-24.docx': plain ASCII, safe on every phone and e-mail client."""
    return f"bao-cao-dot-{campaign.phase(phase).id}-{as_of.isoformat()}.{fmt}"
