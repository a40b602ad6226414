"""Phase reports as Word, Excel and PDF files, from the same figures as the dashboard.

    build_report(ds, campaign, phase, as_of, "docx") -> bytes

`content.py` gathers what a report says from lib.metrics; `docx.py`, `xlsx.py` and `pdf.py`
only lay it out. The command line (`python -m lib report`) and the Reports page both call
`build_report`, so a file made either way is the same.

A phase report states its figures as of the phase's last day whatever later date is chosen
(`report_as_of`): a phase 1 report made with the date 24/05 gives the figures of 17/05, rows
entered later but dated up to 17/05 included. Before the phase has ended it is provisional.
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


def report_as_of(campaign: Campaign, phase: int, chosen: dt.date, today: dt.date | None = None) -> tuple[dt.date, bool]:
    """The date a report on `phase` states its figures as of, and whether it is provisional.

    The date is the chosen one, but never after the phase's last day: once the phase is over
    its report gives the figures of that last day (docs/campaign.md, `[report]`). The report
    is provisional while the phase has not ended as of that date: the chosen date is before
    the phase's last day, or it is that day and the day is not over yet (`today`, the day the
    report is made, not after it; see `metrics.deadline_over`). Without `today`, only the
    chosen date counts.
    """
    end = campaign.phase(phase).end
    day = min(chosen, end)
    return day, chosen < end or (today is not None and today <= end)


def build_report(
    ds: Dataset,
    campaign: Campaign,
    phase: int,
    as_of: dt.date,
    fmt: str,
    lang: str = "vi",
    issued: dt.date | None = None,
    unmasked: bool = False,
    snapshot: tuple[int, dt.datetime] | None = None,
) -> bytes:
    """The report on `phase` in format `fmt`, dated `issued` (default: today), with figures as
    of `as_of` or of the phase's last day if that is earlier (`report_as_of`); targets whose
    deadline is over by `issued` are judged met or missed. `snapshot` (number, read time): the
    stored snapshot `ds` was rebuilt from, named in the footer."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; one of {FORMATS}")
    # Imported here, like each writer below: `python -m lib summary` and the dashboard's other
    # pages never load python-docx, fpdf2 or matplotlib.
    from lib.reports.content import build_content

    content = build_content(
        ds,
        campaign,
        phase,
        as_of,
        issued or clock.today(),
        lang,
        unmasked=unmasked,
        charts=fmt != "xlsx",
        snapshot=snapshot,
    )
    return import_module(f"lib.reports.{fmt}").render(content)


def file_name(campaign: Campaign, phase: int, as_of: dt.date, fmt: str) -> str:
    """'bao-cao-dot-1-2026-05-17.docx', dated as the report's figures (`report_as_of`: a
    phase 1 report made with the date 24/05 is of 17/05); plain ASCII, safe on every phone
    and e-mail client."""
    day = report_as_of(campaign, phase, as_of)[0]
    return f"bao-cao-dot-{campaign.phase(phase).id}-{day.isoformat()}.{fmt}"
