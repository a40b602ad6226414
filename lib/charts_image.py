"""The overview's progress chart as an SVG picture, written here as text.

Why a picture there: the overview is the page everyone opens first, often on a phone over 4G.
Its one plotly chart made every first visit fetch and compile plotly.js (4,6 MB, 1,4 MB
compressed) before the page was complete, and redraw it at each filter change; the chart is
read at a glance (the lines against their targets), its hover added nothing the cards and
tables above it do not say. "Tiến độ" keeps each group's days in plotly, with hover and zoom
(bench/RESULTS.md, "The overview as a picture, HTML tables and a fragment"). An SVG stays sharp
on a projector and a phone's screen, and it is a picture a leader can save and forward to Zalo.

Why by hand: matplotlib drew the same picture in 45–55 ms a view (its tick and text machinery,
even with fixed margins and text left as text), which took the overview's cold filter change
over its 100 ms budget (bench/interaction.py); these lines, circles and texts take ~2,5 ms.
The browser lays the text out (its own sans-serif), so no font metrics are needed here:
labels are anchored at their start, middle or end. Every text is XML-escaped: a name from
campaign.toml is text in the picture, never markup, and an SVG inside <img> runs no script and
loads nothing.

Same content as the plotly figure it replaces: a line per village group with a marker per day,
the group's targets as dashed lines in its colour with their rule, the phases' ends as dotted
lines with their title and date, the rate axis in whole percents, dates as dd/mm.
"""

from __future__ import annotations

import math
import re
from xml.sax.saxutils import escape

import pandas as pd

from lib.campaign import Campaign
from lib.charts import SERIES_COLORS
from lib.formatting import fmt_date, fmt_pct, rule_text
from lib.markup import one_line
from lib.metrics import Evaluation
from lib.texts import t

WIDTH = 500  # px: drawn at this size on a laptop, scaled down to a phone's column
PLOT_HEIGHT = 230
TOP, LEFT, RIGHT = 58, 58, 12  # room for the title and the phases' ends; the rates; the last date
DATES_HEIGHT, ROW = 30, 18  # the dates under the plot; one legend row per group
FONT = 12.5
GRID, INK, MUTED = "#e5e5e5", "#1a1a1a", "#555555"  # MUTED: the phases' ends and their labels
STEPS = (0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 2.5, 5.0, 10.0)  # between grid lines: 10%, 20% … 1.000%
# Characters XML 1.0 cannot hold (a campaign title could carry one from a TOML escape).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def progress_svg(progress: pd.DataFrame, campaign: Campaign, evaluations: list[Evaluation], lang: str = "vi") -> str:
    """Cumulative coverage per group over the days, with target lines and phase deadlines."""
    groups = [g for g in campaign.village_groups if g.key in set(progress["group"])]
    height = TOP + PLOT_HEIGHT + DATES_HEIGHT + ROW * len(groups) + 6
    days = [pd.Timestamp(d) for d in progress["date"]] + [pd.Timestamp(p.end) for p in campaign.phases]
    first, last = (min(days), max(days)) if days else (pd.Timestamp(0), pd.Timestamp(0))
    span = max((last - first).days, 1)
    targets = [(g, e) for g in groups for e in evaluations if e.group == g.key]
    highest = max([0.0, *progress["coverage"].fillna(0).tolist(), *(float(e.target.percent) / 100 for _, e in targets)])
    # About six grid lines at most, whatever the rates (a wrong base can make one 5.000%).
    step = next((s for s in STEPS if highest * 1.05 <= 6 * s), highest * 1.05 / 5)
    top_value = max(step, math.ceil(highest * 1.05 / step - 1e-9) * step)
    plot_w = WIDTH - LEFT - RIGHT

    def x(day: pd.Timestamp) -> float:
        return LEFT + plot_w * (0.03 + 0.94 * (day - first).days / span)

    def y(value: float) -> float:
        return TOP + PLOT_HEIGHT * (1 - value / top_value)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="Source Sans Pro, Arial, sans-serif" font-size="{FONT}">',
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        _text(4, 18, t("chart.progress_title", lang), weight="bold", size=FONT + 2),
    ]
    for i in range(round(top_value / step) + 1):  # the rate axis: grid lines and whole percents
        value = i * step
        out.append(_line(LEFT, y(value), WIDTH - RIGHT, y(value), GRID))
        out.append(_text(LEFT - 6, y(value) + 4, fmt_pct(value, lang, decimals=0), anchor="end"))
    middle = TOP + PLOT_HEIGHT / 2
    out.append(_text(14, middle, t("chart.coverage", lang), anchor="middle", rotate=True))
    out.append(_line(LEFT, TOP + PLOT_HEIGHT, WIDTH - RIGHT, TOP + PLOT_HEIGHT, INK))
    every = max(1, math.ceil(span / 8))  # at most about nine dates, so they never overlap
    for n in range(0, span + 1, every):
        day = first + pd.Timedelta(days=n)
        out.append(_line(x(day), TOP + PLOT_HEIGHT, x(day), TOP + PLOT_HEIGHT + 4, INK))
        out.append(_text(x(day), TOP + PLOT_HEIGHT + 17, f"{day:%d/%m}", anchor="middle"))
    for phase in campaign.phases:  # deadlines: dotted, their title and date above the plot
        end = x(pd.Timestamp(phase.end))
        out.append(_line(end, TOP, end, TOP + PLOT_HEIGHT, MUTED, dash="2,3"))
        label = t("chart.phase_end", lang, phase=phase.title(lang), date=fmt_date(phase.end))
        left_half = end < LEFT + plot_w / 2  # its label then runs right of the line, inside the picture
        out.append(_text(end + 3 if left_half else end - 3, TOP - 6, label, anchor="start" if left_half else "end",
                         color=MUTED))  # fmt: skip
    for i, group in enumerate(groups):
        color = SERIES_COLORS[i % len(SERIES_COLORS)]
        for g, e in targets:
            if g.key != group.key:
                continue
            level = y(float(e.target.percent) / 100)
            out.append(_line(LEFT, level, WIDTH - RIGHT, level, color, dash="6,3"))
            rule = f"{t('chart.target', lang)} {rule_text(e.target.rule, e.target.percent, lang)}"
            out.append(_text(LEFT + 3, level - 4, rule, color=color))
        rows = progress[(progress["group"] == group.key) & progress["coverage"].notna()]  # no base: no rate
        points = [(x(pd.Timestamp(d)), y(float(c))) for d, c in zip(rows["date"], rows["coverage"], strict=True)]
        if points:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            out.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2.5"/>')
            out += [f'<circle cx="{px:.1f}" cy="{py:.1f}" r="2.5" fill="{color}"/>' for px, py in points]
        legend = TOP + PLOT_HEIGHT + DATES_HEIGHT + ROW * i + 8
        out.append(_line(8, legend, 34, legend, color, width=2.5))
        out.append(_text(40, legend + 4, group.title(lang)))
    out.append("</svg>")
    return "\n".join(out)


def _line(x1: float, y1: float, x2: float, y2: float, color: str, dash: str = "", width: float = 1) -> str:
    pattern = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{color}" '
        f'stroke-width="{width}"{pattern}/>'
    )


def _text(
    x: float,
    y: float,
    text: str,
    anchor: str = "start",
    color: str = INK,
    weight: str = "normal",
    size: float = FONT,
    rotate: bool = False,
) -> str:
    """One text, escaped: '<', '&' and quotes from campaign.toml are characters, not markup."""
    turn = f' transform="rotate(-90 {x:.1f} {y:.1f})"' if rotate else ""
    text = _NOT_XML.sub("", one_line(text))
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{color}" font-weight="{weight}" '
        f'font-size="{size}"{turn}>{escape(text)}</text>'
    )
