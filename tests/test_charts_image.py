"""The overview's progress chart as an SVG picture (lib/charts_image.py): what it says, in words."""

from __future__ import annotations

import dataclasses
import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from lib import metrics
from lib.campaign import Campaign
from lib.charts_image import progress_svg
from lib.dataset import Dataset

AS_OF = dt.date(2026, 5, 20)
SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> list[str]:
    """Every text of the picture, as the browser draws it (the SVG must be well-formed XML)."""
    return ["".join(e.itertext()) for e in ET.fromstring(svg).iter(f"{SVG}text")]


def test_the_picture_says_what_the_plotly_chart_said(sample: Dataset, campaign: Campaign) -> None:
    """Title, each group in the legend, each target's rule in its line's label, each phase's
    end with its date; rates and dates written the Vietnamese way."""
    results = metrics.target_results(sample, campaign, AS_OF)
    svg = progress_svg(metrics.commune_progress(sample, campaign, AS_OF), campaign, results)
    words = texts(svg)
    assert "Tỷ lệ cài đặt cộng dồn theo ngày" in words
    for group in campaign.village_groups:
        assert group.label in words
    assert {"Chỉ tiêu trên 85%", "Chỉ tiêu trên 30%", "Chỉ tiêu đạt 10%"} <= set(words)
    assert sum("17/05/2026" in w for w in words) == 1 and sum("24/05/2026" in w for w in words) == 1
    assert {"0%", "20%", "100%", "10/05", "24/05"} <= set(words)  # the first day to the last deadline
    assert svg == progress_svg(metrics.commune_progress(sample, campaign, AS_OF), campaign, results)  # same bytes
    english = texts(progress_svg(metrics.commune_progress(sample, campaign, AS_OF), campaign, results, "en"))
    assert "Cumulative coverage by day" in english and "Target above 85%" in english


def test_other_villages_draw_another_picture(sample: Dataset, campaign: Campaign) -> None:
    whole = progress_svg(metrics.commune_progress(sample, campaign, AS_OF), campaign, [])
    one = progress_svg(metrics.commune_progress(sample, campaign, AS_OF, ["Thôn Bình Sơn"]), campaign, [])
    assert whole != one


def test_names_from_the_campaign_are_text_in_the_picture(sample: Dataset, campaign: Campaign) -> None:
    """A group named with maths, a tag and an entity is drawn as typed: '<' and '&' are escaped
    XML, never an element of the picture or an entity read."""
    hostile = "Dân $\\x^$ <script>alert(1)</script> &amp;"
    groups = tuple(dataclasses.replace(g, label=hostile) if g.key == "adults" else g for g in campaign.groups)
    odd = dataclasses.replace(campaign, groups=groups)
    svg = progress_svg(metrics.commune_progress(sample, odd, AS_OF), odd, metrics.target_results(sample, odd, AS_OF))
    assert hostile in texts(svg)
    assert not list(ET.fromstring(svg).iter(f"{SVG}script"))


def _scale(svg: str) -> tuple[float, float]:
    """(y of 0 %, pixels per 100 %) read back from the picture's own rate labels."""
    labels = {e.text: float(e.get("y")) for e in ET.fromstring(svg).iter(f"{SVG}text") if (e.text or "").endswith("%")}
    zero, twenty = labels["0%"], labels["20%"]
    return zero - 4, (zero - twenty) * 5  # a label sits 4 px under its grid line


def test_the_lines_and_targets_are_where_the_figures_put_them(sample: Dataset, campaign: Campaign) -> None:
    """Each group's points at its coverage of each day, each target's dashed line at its rate."""
    results = metrics.target_results(sample, campaign, AS_OF)
    progress = metrics.commune_progress(sample, campaign, AS_OF)
    svg = progress_svg(progress, campaign, results)
    zero, per_one = _scale(svg)
    lines = list(ET.fromstring(svg).iter(f"{SVG}polyline"))
    assert len(lines) == len(campaign.village_groups)
    for line, group in zip(lines, campaign.village_groups, strict=True):
        ys = [float(p.split(",")[1]) for p in line.get("points").split()]
        expected = progress[progress["group"] == group.key]["coverage"].tolist()
        assert ys == pytest.approx([zero - c * per_one for c in expected], abs=0.11)
    dashed = [e for e in ET.fromstring(svg).iter(f"{SVG}line") if e.get("stroke-dasharray") == "6,3"]
    rates = sorted(round((zero - float(e.get("y1"))) / per_one, 2) for e in dashed)
    assert rates == sorted(
        round(float(e.target.percent) / 100, 2) for e in results if e.group in progress["group"].values
    )


def test_odd_figures_still_draw_a_readable_picture(sample: Dataset, campaign: Campaign) -> None:
    """No rate (base 0): no line, no 'nan' in the picture; a wrong base's 5.000%: a handful of
    grid lines, not hundreds; a title with a control character: still a well-formed picture."""
    progress = metrics.commune_progress(sample, campaign, AS_OF)
    no_base = progress.assign(coverage=progress["coverage"].where(progress["group"] != "adults"))
    svg = progress_svg(no_base, campaign, [])
    assert "nan" not in svg and len(list(ET.fromstring(svg).iter(f"{SVG}polyline"))) == len(campaign.village_groups) - 1
    huge = progress.assign(coverage=progress["coverage"] * 60)
    rates = [w for w in texts(progress_svg(huge, campaign, [])) if w.endswith("%")]
    assert 2 <= len(rates) <= 7, rates
    odd = dataclasses.replace(
        campaign, phases=tuple(dataclasses.replace(p, name=p.name + "\x0b\x01") for p in campaign.phases)
    )
    assert any("Hết Đợt 1" in w for w in texts(progress_svg(progress, odd, [])))  # parsed: valid XML
    assert texts(progress_svg(progress.iloc[0:0], campaign, []))  # nothing yet: axes and title
