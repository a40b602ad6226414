"""'Kiểm tra kết nối': try each step of reading the sheet and say which one fails and why.

It bypasses the shared cache on purpose (a clerk fixing the sharing wants to see the effect
now), so it costs at most two Sheets API requests, counted like any other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from google.auth.transport.requests import Request

from lib.contract import TabSpec, check_shape
from lib.dataset import RawWorkbook
from lib.errors import ShapeError
from lib.sources.gsheets import Metadata, ServiceAccountReader, SheetConfig, make_reader
from lib.sources.problems import Problem, SourceProblem, classify, shape_problem


@dataclass(frozen=True)
class Step:
    name: str  # texts key: check.<name>
    ok: bool
    detail: str = ""  # what was found (title, tabs, rows) when ok
    problem: Problem | None = None


def check_connection(
    config: SheetConfig | None, on_request: Callable[[], None] = lambda: None, specs: tuple[TabSpec, ...] = ()
) -> list[Step]:
    """Stops at the first failing step; every step before it is listed as passed. With the
    campaign's tab `specs`, a last step checks the workbook's shape (tabs and headers)."""
    if config is None:
        return [Step("config", False, problem=Problem("not_configured"))]
    # A public sheet's ID is its key (anyone who has it downloads the whole sheet): not shown.
    steps = [Step("config", True, "" if config.public else config.spreadsheet_id)]
    try:
        reader = make_reader(config, on_request)
    except SourceProblem as exc:
        return [*steps, Step("key", False, problem=exc.problem)]

    def attempt(name: str, action: Callable[[], str]) -> bool:
        try:
            steps.append(Step(name, True, action()))
            return True
        except Exception as exc:  # reported, never raised: this page exists to explain failures
            problem = exc.problem if isinstance(exc, SourceProblem) else classify(exc, config.email)
            steps.append(Step(name, False, problem=problem))
            return False

    meta = Metadata("", ())
    if isinstance(reader, ServiceAccountReader):
        steps.append(Step("key", True, config.email))
        session = reader.client.http_client.session
        if not attempt("token", lambda: session.credentials.refresh(Request(session)) or ""):
            return steps

        def read_metadata() -> str:
            nonlocal meta
            meta = reader.metadata()
            return f"{meta.title}: {', '.join(meta.tabs)}"

        if not attempt("metadata", read_metadata):
            return steps
    raw = RawWorkbook({}, "", "")

    def read_values() -> str:
        nonlocal raw
        raw = reader.values(meta)
        return ", ".join(f"{tab} ({len(rows)})" for tab, rows in raw.tabs.items())

    if attempt("values", read_values) and specs:
        problems = check_shape(specs, raw.tabs)
        if problems:
            steps.append(Step("shape", False, problem=shape_problem(ShapeError(problems))))
        else:
            steps.append(Step("shape", True, ", ".join(spec.name for spec in specs)))
    return steps
