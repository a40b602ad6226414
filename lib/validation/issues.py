"""Issue records: one problem as one row of the issues table, with its message in every language.

Every rejection and warning is built by `_issue`, so what a message may show is decided once for
all of them: phone- and ID-shaped numbers are masked here, and a cell is shown as typed (cut at
80 characters, dates as the dashboard writes them).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from lib.formatting import fmt_date
from lib.parsing import ParseError, clean_text, parse_id_number, parse_phone
from lib.privacy import mask_all, mask_phone, mask_text
from lib.texts import LANGS, t

# The issue code each parse error of a cell is reported under.
PARSE_CODES = {
    ParseError.NOT_A_NUMBER: "issue.not_a_number",
    ParseError.NOT_INTEGER: "issue.not_integer",
    ParseError.NEGATIVE: "issue.negative",
    ParseError.BAD_DATE: "issue.bad_date",
    ParseError.BAD_YES_NO: "issue.bad_yes_no",
    ParseError.TOO_LARGE: "issue.too_large",
    ParseError.BAD_YEAR: "issue.bad_year",
}


def _issue(
    severity: str, tab: str, row: int | None, column: str, value: str, code: str, installs: Any, **values: Any
) -> dict[str, Any]:
    """One problem, its messages in every language. Phone- and ID-shaped numbers in any text of
    it (a phone typed into a tally cell or a village name) are masked here, once, so no page,
    download, report, log or summary can show them in full."""
    value = mask_text(value)
    values = {k: mask_all(v) for k, v in values.items()}
    values = {"tab": tab, "row": row, "column": column, "value": value, **values}
    # A value given per language ({"vi": …, "en": …}) is filled in each message's own language.
    if any(isinstance(v, dict) for v in values.values()):
        messages = {
            lang: t(code, lang, **{k: v[lang] if isinstance(v, dict) else v for k, v in values.items()})
            for lang in LANGS
        }
    else:  # the common case, once per reported row: no copy of the values per language
        messages = {lang: t(code, lang, **values) for lang in LANGS}
    return {
        "severity": severity,
        "tab": tab,
        "row": row,
        "column": column,
        "value": value,
        "code": code.removeprefix("issue."),
        "message_vi": messages["vi"],
        "message_en": messages["en"],
        "installs": installs if isinstance(installs, int) else None,
    }


def _display_value(field: str | None, value: Any) -> str:
    if field == "phone":
        return mask_phone(parse_phone(value))
    if field == "id_number":
        return mask_phone(parse_id_number(value))
    if isinstance(value, dt.date):
        return fmt_date(value)
    text = clean_text(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _what(key: str) -> dict[str, str]:
    return {lang: t(f"what.{key}", lang) for lang in LANGS}
