"""Charts: the target and deadline lines a committee reads the gap against, and labels in Vietnamese."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from lib import charts, metrics
from lib.campaign import Campaign
from lib.dataset import Dataset

AS_OF = dt.date(2026, 5, 20)


def test_village_chart_marks_the_target_and_writes_rates_the_vietnamese_way(
    sample: Dataset, campaign: Campaign
) -> None:
    table = metrics.village_table(sample, campaign, "party_members", AS_OF)
    target = campaign.target_for("party_members", None)
    fig = charts.village_figure(table, "Cán bộ, đảng viên", target)
    (line,) = fig.layout.shapes
    assert line.x0 == line.x1 == float(target.percent) / 100
    assert fig.layout.annotations[0].text.endswith(f"{float(target.percent):g}%")
    labels = [label for trace in fig.data for label in trace.text]
    assert len(labels) == len(table)
    assert all("," in label or label == "—" for label in labels)
    assert fig.layout.separators == ",."
    statuses = {trace.name: trace.marker.color for trace in fig.data}
    assert len(set(statuses.values())) == len(statuses)  # one colour per status
    bars = {name: x for trace in fig.data for name, x in zip(trace.y, trace.x, strict=True)}
    by_rate = table.sort_values(["coverage", "village"], ascending=[True, False], na_position="first")
    # plotly counts categories from the bottom: the lowest rate comes last, at the top
    assert list(fig.layout.yaxis.categoryarray) == by_rate["village"].tolist()[::-1]
    assert bars == dict(zip(table["village"], table["coverage"].fillna(0), strict=True))


def test_helpers_chart_marks_the_minimum(sample: Dataset, campaign: Campaign) -> None:
    fig = charts.helpers_figure(metrics.helpers_by_village(sample, campaign, AS_OF), campaign.min_helpers_it)
    (line,) = fig.layout.shapes
    assert line.x0 == campaign.min_helpers_it
    assert str(campaign.min_helpers_it) in fig.layout.annotations[0].text


def test_sheet_text_is_plain_text_in_a_chart(sample: Dataset, campaign: Campaign) -> None:
    """Plotly reads <a href>, <b>, <span style> in labels; a name typed in the sheet must not."""
    table = metrics.village_table(sample, campaign, "adults", AS_OF)
    table.loc[0, "village"] = '<a href="https://example.com">Thôn A</a>'
    fig = charts.village_figure(table, "x", campaign.target_for("adults", None))
    labels = [str(y) for trace in fig.data for y in trace.y] + [str(h) for trace in fig.data for h in trace.hovertext]
    assert not any("<a " in text for text in labels)
    assert '&lt;a href="https://example.com"&gt;Thôn A&lt;/a&gt;' in labels


def test_charts_with_short_labels_are_drawn_once_and_long_names_get_room(sample: Dataset, campaign: Campaign) -> None:
    """automargin makes plotly.js draw a chart twice; only charts with village names need it."""
    series = metrics.progress_series(sample, campaign, "adults", AS_OF, None, "Cả xã", None)
    daily = charts.daily_figure(series, "Cả xã")
    axes = [daily.layout.xaxis, daily.layout.yaxis, daily.layout.yaxis2]
    assert all(axis.automargin is False for axis in axes)
    assert daily.layout.margin.l >= 60 and daily.layout.margin.b >= 40  # room for "100%" and dates
    assert daily.layout.margin.r >= 60  # the running total's axis on the right
    villages = charts.village_figure(
        metrics.village_table(sample, campaign, "adults", AS_OF), "x", campaign.target_for("adults", None)
    )
    helpers = charts.helpers_figure(metrics.helpers_by_village(sample, campaign, AS_OF), campaign.min_helpers_it)
    for fig in (villages, helpers):
        assert fig.layout.yaxis.automargin is True and fig.layout.margin.l == 10


def test_progress_chart_draws_the_target_as_installs_needed_on_the_running_total_axis() -> None:
    progress = pd.DataFrame(
        {
            "series": ["Toàn xã"] * 3,
            "date": pd.to_datetime(["2026-05-18", "2026-05-19", "2026-05-20"]),
            "new": [100, 120, 90],
            "cumulative": [100, 220, 310],
        }
    )
    fig = charts.daily_figure(progress, "Người dân", "vi", goal=(9213, "trên 30%"))
    (line,) = fig.layout.shapes
    assert (line.yref, line.y0, line.y1) == ("y2", 9213, 9213)
    assert fig.layout.annotations[0].text == "Chỉ tiêu trên 30%: 9.213"
    assert fig.layout.yaxis2.tickmode == "auto" and fig.layout.yaxis2.range[1] >= 9213
    assert not charts.daily_figure(progress, "Người dân", "vi").layout.shapes
