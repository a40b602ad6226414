"""The overview's progress chart as an SVG picture, drawn on the server by matplotlib.

Why a picture there: the overview is the page everyone opens first, often on a phone over 4G.
Its one plotly chart made every first visit fetch and compile plotly.js (4,6 MB, 1,4 MB
compressed) before the page was complete, and redraw it at each filter change; the chart is
read at a glance (the lines against their targets), its hover added nothing the cards and
tables above it do not say. "Tiến độ" keeps the same chart in plotly, with hover and zoom
(bench/RESULTS.md, "The overview's chart as a picture"). An SVG stays sharp on a projector and
a phone's screen, and it is the picture a leader can forward to Zalo.

Same content as `lib.charts.progress_figure`: a line per village group with a marker per day,
the group's targets as dashed lines in its colour with their rule, the phases' ends as dotted
lines with their title and date. The object-oriented API (no pyplot) keeps it safe in the
server's threads. Text stays text in the SVG (the browser's own sans-serif draws it: a third of
the bytes and of the drawing time of glyph outlines), maths in names is off (a "$" from
campaign.toml is a dollar sign), and the margins are fixed rather than measured by a layout
engine: 44 ms a picture instead of 106 ms.
"""

from __future__ import annotations

import io

import matplotlib
import pandas as pd
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from lib.campaign import Campaign
from lib.charts import SERIES_COLORS
from lib.formatting import fmt_date, fmt_pct, rule_text
from lib.metrics import Evaluation
from lib.texts import t

WIDTH_INCHES = 5.2  # SVG sizes are in points: 499 px, scaled down to a phone's width
PLOT_INCHES = 3.2  # the title, the plot and the dates; the legend's rows are added below
ROW_INCHES = 0.2
FONT_SIZE = 9.5  # points: 12,7 px at the picture's own size, 9,3 px in a phone's 366 px column
# Around the plot, in inches: the axis' title and rates, the title and the phases' ends, the dates.
LEFT, RIGHT, TOP, BOTTOM = 0.62, 0.1, 0.55, 0.35
RC = {"svg.hashsalt": "ihatinh", "svg.fonttype": "none", "font.size": FONT_SIZE, "text.parse_math": False}
PHASE_END_COLOR = "#555555"


def progress_svg(progress: pd.DataFrame, campaign: Campaign, evaluations: list[Evaluation], lang: str = "vi") -> str:
    """Cumulative coverage per group over the days, with target lines and phase deadlines."""
    # A fixed salt: the same figures give the same text (ids in the SVG), so the picture can be
    # compared, cached and sent again unchanged.
    with matplotlib.rc_context(RC):
        groups = [g for g in campaign.village_groups if g.key in set(progress["group"])]
        names = [g.title(lang) for g in groups]
        # One group a row under the plot: any name fits the width, however long campaign.toml has it.
        height = PLOT_INCHES + ROW_INCHES * len(names) + (0.1 if names else 0)
        fig = Figure(figsize=(WIDTH_INCHES, height))
        fig.subplots_adjust(
            left=LEFT / WIDTH_INCHES,
            right=1 - RIGHT / WIDTH_INCHES,
            top=1 - TOP / height,
            bottom=(BOTTOM + height - PLOT_INCHES) / height,
        )
        FigureCanvasSVG(fig)
        ax = fig.add_subplot()
        for i, group in enumerate(groups):
            rows = progress[progress["group"] == group.key]
            color = SERIES_COLORS[i % len(SERIES_COLORS)]
            ax.plot(rows["date"], rows["coverage"], color=color, linewidth=2, marker="o", markersize=3.5)
            ax.plot([], [], color=color, linewidth=2, label=names[i])  # the legend's entry
            for e in evaluations:
                if e.group != group.key:
                    continue
                share = float(e.target.percent) / 100
                ax.axhline(share, color=color, linestyle="--", linewidth=1)
                label = f"{t('chart.target', lang)} {rule_text(e.target.rule, e.target.percent, lang)}"
                ax.annotate(label, (0, share), xycoords=("axes fraction", "data"), xytext=(2, 2),
                            textcoords="offset points", color=color, va="bottom")  # fmt: skip
        for phase in campaign.phases:
            end = pd.Timestamp(phase.end)
            ax.axvline(end, color=PHASE_END_COLOR, linestyle=":", linewidth=1)
            text = t("chart.phase_end", lang, phase=phase.title(lang), date=fmt_date(phase.end))
            ax.annotate(text, (end, 1), xycoords=("data", "axes fraction"), xytext=(-2, 2),
                        textcoords="offset points", ha="right", va="bottom", color=PHASE_END_COLOR)  # fmt: skip
        ax.set_ylim(bottom=0)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt_pct(v, lang, decimals=0)))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{matplotlib.dates.num2date(v):%d/%m}"))
        ax.set_ylabel(t("chart.coverage", lang))
        ax.grid(axis="y", color="#e5e5e5")
        ax.spines[["top", "right"]].set_visible(False)
        fig.suptitle(t("chart.progress_title", lang), x=0.01, ha="left", fontweight="bold")
        if groups:
            fig.legend(loc="lower left", frameon=False, borderaxespad=0.2, labelspacing=0.3)
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()
