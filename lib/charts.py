"""Plotly figures built from metrics tables; pages only place them.

Every label a reader sees is formatted here with `lib.formatting` (hover texts and bar
labels), so charts show 1.234 and 85,3% whatever the browser's locale is.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lib.campaign import Target
from lib.formatting import fmt_date, fmt_int, fmt_pct, plotly_separators, rule_text
from lib.texts import t

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
STATUS_COLORS = {
    "met": "#009E73",
    "on_track": "#56B4E9",
    "behind": "#D55E00",
    "open": "#E69F00",
    "missed": "#A6192E",
    "no_data": "#999999",
}
SERIES_COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442", "#000000"]
FONT = "Source Sans Pro, Arial, sans-serif"


X_LOOK = {"showgrid": False, "linecolor": "#999"}
Y_LOOK = {"gridcolor": "#e5e5e5", "zeroline": False}


def _chart(
    traces: list, lang: str, title: str, layout: dict, height: int = 420, marks: list[tuple[dict, dict]] = ()
) -> go.Figure:
    """The figure, made in one go with the whole look of a chart.

    `ui.show_figure` draws without Streamlit's plotly theme, which costs the browser ~0,2 s
    on every redraw (bench/RESULTS.md, browser), so nothing here may rely on it. `layout` holds a
    chart's own settings; the look wins over them, except the legend's place and margins.
    Margins grow to fit long tick labels (village names) by automargin, which makes plotly.js draw
    the chart a second time once it has measured them; a chart whose labels are short (dates,
    rates) sets its own `margin` in `layout` and is drawn once (bench/RESULTS.md, browser).
    Everything goes to the constructor as one dict: the same settings through
    `update_layout`/`update_xaxes` took ~17 ms a chart in plotly's property-path machinery, ten
    times the rest of a small chart. `marks`: target lines with their labels (`_target_line`);
    empty labels are left out."""
    look = {
        "title": {  # at the very top, so a legend of two rows above the plot never covers it
            "text": title,
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": 8},
            "font": {"size": 16, "weight": 600},
        },
        "separators": plotly_separators(lang),
        "font": {"family": FONT, "size": 14},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 90, "b": 10, **layout.get("margin", {})},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, **layout.get("legend", {})},
        "hoverlabel": {"font": {"size": 14}},
        "plot_bgcolor": "white",
    }
    automargin = {"automargin": "margin" not in layout}
    axes = {
        key: {**value, **(X_LOOK if key.startswith("x") else Y_LOOK), **automargin}
        for key, value in {"xaxis": {}, "yaxis": {}, **layout}.items()
        if key.startswith(("xaxis", "yaxis"))
    }
    if marks:
        look["shapes"] = [shape for shape, _ in marks]
        look["annotations"] = [label for _, label in marks if label["text"]]
    return go.Figure(data=traces, layout={**layout, **look, **axes})


def _bar_height(bars: int) -> int:
    """A horizontal bar chart tall enough for one readable row per village or agency."""
    return max(320, 24 * bars + 120)


def _plain(text: object) -> str:
    """Sheet text as plain text in a chart: plotly reads tags (<a href>, <span style>) in labels."""
    return html.escape(str(text), quote=False)


def _target_line(axis: str, at: object, text: str, line: dict) -> tuple[dict, dict]:
    """A line across the plot at a value of one axis, with its label, as plain layout dicts.

    What `add_hline`/`add_vline` draw, without their per-call axis-spanning machinery, which
    took half of the overview's rerun (bench/RESULTS.md, interaction).
    """
    if axis == "y":
        shape = {"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": at, "y1": at}
        label = {"xref": "x domain", "x": 0, "xanchor": "left", "yref": "y", "y": at, "yanchor": "bottom"}
        label["font"] = {"color": line["color"]}
    else:
        shape = {"type": "line", "yref": "y domain", "y0": 0, "y1": 1, "xref": "x", "x0": at, "x1": at}
        label = {"yref": "y domain", "y": 1, "yanchor": "bottom", "xref": "x", "x": at, "xanchor": "right"}
    return {**shape, "line": line}, {**label, "text": text, "showarrow": False}


def village_figure(
    table: pd.DataFrame, label: str, target: Target | None, lang: str = "vi", name_column: str = "village"
) -> go.Figure:
    """Horizontal bars of coverage per village (the furthest behind at the top, where the eye
    starts), coloured by status.

    One trace per status rather than a colour per bar: plotly validates a per-bar colour list
    element by element (a third of this chart's build for 2.100 villages)."""
    ordered = table.sort_values(["coverage", name_column], ascending=[True, False], na_position="first")
    empty = pd.Series(None, index=ordered.index, dtype=object)  # agencies: no gap, no pace
    status = ordered.get("status", pd.Series("no_data", index=ordered.index))
    gaps, per_day = ordered.get("gap", empty), ordered.get("needed_per_day", empty)
    template = t("chart.village_hover", lang)
    hover = [
        template.format(
            village=_plain(name),
            installed=fmt_int(installed, lang),
            base=fmt_int(base, lang),
            rate=fmt_pct(rate, lang),
            gap=fmt_int(gap, lang),
            per_day=fmt_int(needed, lang),
            status=t(f"status.{state}", lang),
        )
        for name, installed, base, rate, gap, needed, state in zip(
            ordered[name_column].tolist(),
            ordered["installed"].tolist(),
            ordered["base"].tolist(),
            ordered["coverage"].tolist(),
            gaps.tolist(),
            per_day.tolist(),
            status.tolist(),
            strict=True,
        )
    ]
    status = status.where(status.isin(list(STATUS_COLORS)), "no_data").to_numpy()
    x, y = ordered["coverage"].fillna(0).to_numpy(), np.array([_plain(n) for n in ordered[name_column]], dtype=object)
    labels = np.array([fmt_pct(c, lang) for c in ordered["coverage"]], dtype=object)
    hover = np.array(hover, dtype=object)
    traces = [  # one trace per status: one colour each, and a legend
        go.Bar(
            x=x[shown],
            y=y[shown],
            orientation="h",
            name=t(f"status.{key}", lang),
            marker_color=color,
            text=labels[shown],
            textposition="outside",
            hovertext=hover[shown],
            hoverinfo="text",
            cliponaxis=False,
        )
        for key, color in STATUS_COLORS.items()
        if (shown := status == key).any()
    ]
    percent = float(target.percent) if target else None
    marks = []
    if target is not None:
        text = f"{t('chart.target', lang)} {rule_text(target.rule, target.percent, lang)}"
        marks.append(_target_line("x", percent / 100, text, {"color": "#222", "dash": "dash", "width": 2}))
    top = max([(percent or 0) / 100, 0.1, *(c for c in ordered["coverage"] if pd.notna(c))])
    layout = {
        "barmode": "overlay",
        "yaxis": {"categoryorder": "array", "categoryarray": y[::-1]},  # plotly counts from the bottom
        "xaxis": {"tickformat": ".0%", "range": [0, top * 1.15], "title": {"text": t("chart.coverage", lang)}},
        # The status legend under the chart: above it, on a phone, it ran into the target's label.
        "legend": {"yref": "container", "y": 0, "yanchor": "bottom"},
    }
    title = t("chart.villages_title" if name_column == "village" else "chart.agencies_title", lang, group=label)
    return _chart(traces, lang, title, layout, height=_bar_height(len(ordered)), marks=marks)


def daily_figure(
    progress: pd.DataFrame, title: str, lang: str = "vi", goal: tuple[int, str] | None = None
) -> go.Figure:
    """New installs per day (bars) and the running total (line) for one series or several;
    `goal`: the installs the target needs and its rule, a dashed line on the running total's
    axis so the line's distance to it reads at a glance."""
    traces = []
    series = list(dict.fromkeys(progress["series"]))
    for i, label in enumerate(series):
        rows = progress[progress["series"] == label]
        name = _plain(label)
        color = SERIES_COLORS[i % len(SERIES_COLORS)]
        days = [fmt_date(d.date()) for d in rows["date"]]
        traces.append(
            go.Bar(
                x=rows["date"],
                y=rows["new"],
                name=f"{name} – {t('chart.new', lang)}",
                marker_color=color,
                opacity=0.45,
                hovertext=[f"{name}<br>{d}: +{fmt_int(n, lang)}" for d, n in zip(days, rows["new"], strict=True)],
                hoverinfo="text",
                legendgroup=name,
            )
        )
        traces.append(
            go.Scatter(
                x=rows["date"],
                y=rows["cumulative"],
                name=f"{name} – {t('chart.cumulative', lang)}",
                yaxis="y2",
                mode="lines+markers",
                line={"color": color, "width": 3},
                legendgroup=name,
                hovertext=[f"{name}<br>{d}: {fmt_int(c, lang)}" for d, c in zip(days, rows["cumulative"], strict=True)],
                hoverinfo="text",
            )
        )
    layout = {
        "barmode": "group",
        "yaxis": {"title": {"text": t("chart.new_axis", lang)}, "rangemode": "tozero", "tickformat": ",d"},
        "yaxis2": {
            "tickformat": ",d",
            "tickmode": "auto",  # its own round ticks (synced to the bars' axis they read 1.468, 2.937)
            "title": {"text": t("chart.cumulative_axis", lang)},
            "overlaying": "y",
            "side": "right",
            "rangemode": "tozero",
            "showgrid": False,
        },
        "xaxis": {"tickformat": "%d/%m", "dtick": 86_400_000},
        "margin": {"l": 75, "r": 75, "b": 45},  # counts on both sides and dates: short labels
    }
    marks = []
    if goal is not None:
        needed, rule = goal
        text = f"{t('chart.target', lang)} {rule}: {fmt_int(needed, lang)}"
        shape, label = _target_line("y", needed, text, {"color": "#222", "dash": "dash", "width": 2})
        marks.append(({**shape, "yref": "y2"}, {**label, "yref": "y2"}))
        top = max([needed, *progress["cumulative"].tolist()])
        layout["yaxis2"]["range"] = [0, top * 1.1]
    return _chart(traces, lang, title, layout, marks=marks)


def helpers_figure(table: pd.DataFrame, minimum: int, lang: str = "vi") -> go.Figure:
    """IT-skilled helpers per village against the minimum; short villages stand out."""
    ordered = table.sort_values(["helpers_it", "village"], ascending=[True, False])
    short = ordered["helpers_it"] < minimum
    bars = go.Bar(
        x=ordered["helpers_it"],
        y=[_plain(v) for v in ordered["village"]],
        orientation="h",
        marker_color=[STATUS_COLORS["behind"] if s else STATUS_COLORS["met"] for s in short],
        text=[fmt_int(n, lang) for n in ordered["helpers_it"]],
        textposition="outside",
        cliponaxis=False,
        hovertext=[
            t("chart.helpers_hover", lang, village=_plain(v), it=fmt_int(i, lang), all=fmt_int(a, lang))
            for v, i, a in zip(ordered["village"], ordered["helpers_it"], ordered["helpers"], strict=True)
        ],
        hoverinfo="text",
    )
    text = t("chart.minimum", lang, n=minimum)
    marks = [_target_line("x", minimum, text, {"color": "#222", "dash": "dash", "width": 2})]
    layout = {"xaxis": {"title": {"text": t("chart.helpers_axis", lang)}, "dtick": 1, "rangemode": "tozero"}}
    return _chart([bars], lang, t("chart.helpers_title", lang), layout, height=_bar_height(len(ordered)), marks=marks)
