"""The overview's progress chart as an SVG picture (lib/charts_image.py): what it says, in words."""

from __future__ import annotations

import dataclasses
import datetime as dt
import xml.etree.ElementTree as ET

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
