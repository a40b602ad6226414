"""One village's history chart (the "Thay đổi" page): coverage as each read saw it, next to
coverage by the date written on the rows, from `lib.changes.village_history`."""

from __future__ import annotations

import datetime as dt
from typing import Any

import plotly.graph_objects as go

from lib.charts import SERIES_COLORS, _chart, _plain
from lib.formatting import fmt_date, fmt_int, fmt_pct
from lib.texts import t


def history_figure(history: dict[str, Any], group: str, group_label: str, lang: str = "vi") -> go.Figure:
    """Coverage of `group` over read time (markers at each stored read) and by report date (a
    step line, the latest read's rows summed by their date): where the second stands above the
    first on a day, rows for that day were entered later."""
    read_x, read_y, read_text = [], [], []
    for p in history["by_read_time"]:
        entry = p[group]
        if entry["coverage"] is None:
            continue
        moment = dt.datetime.fromisoformat(p["read_at"])
        read_x.append(moment)
        read_y.append(entry["coverage"])
        read_text.append(
            f"{t('changespage.chart_read_at', lang)} {fmt_date(moment.date())} {moment:%H:%M}<br>"
            f"{fmt_pct(entry['coverage'], lang)} ({fmt_int(entry['installed'], lang)}/{fmt_int(entry['base'], lang)})"
        )
    day_x, day_y, day_text = [], [], []
    for p in history["by_report_date"]:
        entry = p[group]
        if entry["coverage"] is None:
            continue
        day = dt.date.fromisoformat(p["date"])
        # a day's rows count from the end of that day: the step is drawn at midnight after it
        day_x.append(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))
        day_y.append(entry["coverage"])
        day_text.append(
            f"{t('changespage.chart_report_day', lang)} {fmt_date(day)}<br>"
            f"{fmt_pct(entry['coverage'], lang)} ({fmt_int(entry['installed'], lang)}/{fmt_int(entry['base'], lang)})"
        )
    traces = [
        go.Scatter(
            x=day_x,
            y=day_y,
            name=t("changespage.chart_by_report_date", lang),
            mode="lines",
            line={"color": SERIES_COLORS[1], "width": 3, "shape": "hv"},
            hovertext=day_text,
            hoverinfo="text",
        ),
        go.Scatter(
            x=read_x,
            y=read_y,
            name=t("changespage.chart_by_read_time", lang),
            mode="lines+markers",
            line={"color": SERIES_COLORS[0], "width": 2, "shape": "hv"},
            marker={"size": 9},
            hovertext=read_text,
            hoverinfo="text",
        ),
    ]
    title = t("changespage.chart_title", lang, village=_plain(history["village"]), group=_plain(group_label))
    layout = {
        "yaxis": {"title": {"text": t("changespage.chart_axis", lang)}, "tickformat": ".0%", "rangemode": "tozero"},
        "xaxis": {"tickformat": "%d/%m"},
        "margin": {"l": 70, "r": 20, "b": 45},  # rates and dates: short labels
    }
    return _chart(traces, lang, title, layout, height=400)
