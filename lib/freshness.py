"""How old the figures on screen are, and the banner that says so when a read failed."""

from __future__ import annotations

import datetime as dt

from lib.clock import ZONE
from lib.formatting import fmt_date
from lib.texts import t


def describe_age(seconds: float, lang: str = "vi") -> str:
    """'cách đây 5 phút': rounded down, in the largest unit that fits."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return t("age.seconds", lang, n=seconds)
    if seconds < 3600:
        return t("age.minutes", lang, n=seconds // 60)
    return t("age.hours", lang, n=seconds // 3600)


def fmt_time(timestamp: float) -> str:
    """'10:32 20/05/2026' in the commune's time zone."""
    moment = dt.datetime.fromtimestamp(timestamp, ZONE)
    return f"{moment:%H:%M} {fmt_date(moment.date())}"


def source_line(kind: str, title: str, read_at: float | None, lang: str = "vi") -> str:
    """Where the figures come from and when they were read, in one line for every page:
    'Nguồn: Google Sheet 'Cài đặt i-HaTinh' · đọc lúc 10:32 20/05/2026'. `title` is shown as
    given (the caller makes sheet text plain)."""
    if kind == "sample" or read_at is None:
        return t(f"source.line_{'sample' if kind == 'sample' else 'unread'}", lang, title=title)
    return t(f"source.line_{kind}", lang, title=title, time=fmt_time(read_at))


def banner(
    read_at: float | None,
    problem_message: str | None,
    now: float,
    lang: str = "vi",
    severe: bool = False,
    kind: str = "gsheet",
) -> tuple[str, str] | None:
    """('warning', text) when old data is shown after a failed read, ('error', text) when
    nothing could be read yet or the sheet itself must be mended (`severe`: it changed shape),
    None when the latest read succeeded. `kind` 'commune_file' (province mode) names the
    commune's file, not a Google Sheet, when nothing could be read."""
    if problem_message is None:
        return None
    if read_at is None:
        key = "source.no_data_commune_file" if kind == "commune_file" else "source.no_data"
        return "error", t(key, lang, message=problem_message)
    age = describe_age(now - read_at, lang)
    text = t("source.stale", lang, time=fmt_time(read_at), age=age, message=problem_message)
    return ("error" if severe else "warning"), text
