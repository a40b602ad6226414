"""Every page through Streamlit's AppTest, on the bundled sample, compared with lib's figures."""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from lib import metrics, ranking
from lib.campaign import Campaign
from lib.charts_image import progress_svg
from lib.dataset import Dataset
from lib.formatting import fmt_int, fmt_pct
from lib.texts import t
from lib.ui.downloads import SHARE_KEY
from tests.ui import html_tables

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 29)
PAGES = [
    "pages/tong-quan.py",
    "pages/theo-thon.py",
    "pages/tien-do.py",
    "pages/luc-luong.py",
    "pages/chat-luong.py",
    "pages/nguon-du-lieu.py",
]


# fresh_app: pinned today, empty caches (tests/conftest.py); slow: AppTests, out of the quick subset
pytestmark = [pytest.mark.usefixtures("fresh_app"), pytest.mark.slow]


@pytest.fixture(scope="module")
def sample(sample: Dataset, campaign: Campaign) -> tuple[Campaign, Dataset, dt.date]:
    """The campaign, the shared sample (tests/conftest.py) and its default as-of day."""
    return campaign, sample, metrics.default_as_of(sample, TODAY)


def run_app(query: dict[str, str | list[str]] | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["tests"] = "sample"  # non-empty: a developer's real secrets.toml is never read
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def figure(at: AppTest, index: int = 0) -> dict:
    return json.loads(at.get("plotly_chart")[index].proto.spec)


def picture(at: AppTest) -> str:
    """The SVG of the page's one picture (st.image sends it inline, as a data URL)."""
    (image,) = at.get("image")
    (url,) = image.value
    assert url.startswith("data:image/svg+xml;base64,"), url[:40]
    return base64.b64decode(url.split(",", 1)[1]).decode()


def decode(values) -> np.ndarray:
    """Plotly sends numeric arrays as {'dtype', 'bdata'}; lists stay lists."""
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
    return np.asarray(values)


def query(at: AppTest, key: str) -> list[str]:
    """A query parameter as a list, whether the app set one value or several."""
    value = at.query_params[key]
    return [value] if isinstance(value, str) else list(value)


def metric(at: AppTest, label_part: str) -> str:
    return next(m.value for m in at.metric if label_part in m.label)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_page_renders_without_error_in_both_languages(page: str, lang: str) -> None:
    at = run_app({"lang": "en"} if lang == "en" else None, page)
    assert at.title[0].value == (
        "Chiến dịch i-HaTinh – xã Cẩm Xuyên" if lang == "vi" else "i-HaTinh campaign – Cẩm Xuyên commune"
    )
    banner = "DỮ LIỆU MẪU" if lang == "vi" else "SAMPLE DATA"
    assert any(banner in c.value for c in at.caption), "the sample workbook must be marked as sample data"
    source = "Nguồn: dữ liệu mẫu" if lang == "vi" else "Source: the bundled sample"
    assert any(source in c.value for c in at.caption), "every page says where its figures come from"


def test_overview_first_screen_equals_lib(sample) -> None:
    """The current phase's targets in words, the villages behind ranked by people missing,
    today's actions naming villages: each the figure lib computes."""
    campaign, ds, as_of = sample
    at = run_app()
    phase = ranking.current_phase(campaign, as_of)
    results = metrics.target_results(ds, campaign, as_of, today=TODAY)
    now = [e for e in results if e.target.phase == phase.id]
    assert [m.label for m in at.metric] == [campaign.group(e.group).label for e in now]
    for card, e in zip(at.metric, now, strict=True):
        assert card.value == fmt_pct(e.coverage)
        assert card.proto.delta == t(f"status.{e.status}", "vi")
    assert f"đến hết {as_of:%d/%m/%Y}" in at.subheader[0].value
    behind = ranking.villages_behind(ds, campaign, as_of, TODAY)
    assert not at.table  # HTML tables: the landing page loads no Arrow or data-grid code
    ranked, targets = html_tables.in_app(at)
    assert ranked["Thôn"].tolist() == [b.village for b in behind][: len(ranked)]
    assert ranked["Còn thiếu"].tolist() == [fmt_int(b.missing) for b in behind][: len(ranked)]
    missing = [int(m.replace(".", "")) for m in ranked["Còn thiếu"]]
    assert missing == sorted(missing, reverse=True)
    todo = next(m.value for m in at.markdown if "chưa tổ chức buổi tuyên truyền" in m.value)
    gaps = metrics.support_gaps(metrics.helpers_by_village(ds, campaign, as_of))
    assert gaps["no_sessions"] and all(v in todo for v in gaps["no_sessions"] + gaps["short_helpers"])
    assert f"**{len(ds.rejected)} dòng**" in todo
    assert targets["Đã cài"].tolist() == [fmt_int(e.installed) for e in results]
    assert targets["Còn thiếu"].tolist() == [fmt_int(e.gap) for e in results]
    # The progress chart is lib's picture of lib's figures (tests/test_charts_image.py reads it),
    # and the page loads no plotly.js.
    assert not at.get("plotly_chart")
    progress = metrics.commune_progress(ds, campaign, as_of)
    assert picture(at) == progress_svg(progress, campaign, results)


def test_share_gives_the_bulletin_of_the_view_shown(sample) -> None:
    from lib import bulletin

    campaign, ds, as_of = sample
    chosen = ["Thôn Bình Sơn"]
    at = run_app({"thon": chosen})
    assert not at.code  # built only while open: not redrawn at every filter change
    at.session_state[SHARE_KEY] = True  # the viewer opens "Chia sẻ"
    (code,) = at.run().code
    assert code.value == bulletin.bulletin_text(ds, campaign, as_of, "vi", None, TODAY, chosen)
    assert "Thôn Bình Sơn" in code.value and len(code.value) < 1000
    assert at.get("download_button")  # the PNG, made when clicked


def test_status_is_red_only_when_behind(sample) -> None:
    """On track is green, behind or missed red; 'still missing N' is never red by itself."""
    from streamlit.proto.Metric_pb2 import Metric

    at = run_app({"ngay": "2026-05-20"})  # adults on track, agencies not yet met: nothing behind
    colours = {m.proto.delta: Metric.MetricColor.Name(m.proto.color) for m in at.metric}
    assert colours == {"Đúng tiến độ": "GREEN", "Chưa đạt": "GRAY"}
    assert not any(":red[" in m.value for m in [*at.markdown, *at.caption])
    at = run_app({"ngay": "2026-05-14", "dot": "1"})  # behind in phase 1
    assert Metric.MetricColor.Name(next(m for m in at.metric if m.proto.delta == "Chậm").proto.color) == "RED"


def test_phase_filter_shows_that_phase_first() -> None:
    at = run_app({"dot": "1"})
    assert at.subheader[0].value.startswith("Đợt 1")
    assert [m.label for m in at.metric] == [
        "Cán bộ, đảng viên",
        "Hội viên, đoàn viên",
        "CBCCVC, NLĐ các cơ quan, đơn vị",
    ]


def test_village_filter_from_url_changes_headline(sample) -> None:
    campaign, ds, as_of = sample
    chosen = ["Thôn Bình Sơn", "Thôn Hạ Lộc"]
    at = run_app({"thon": chosen})
    assert at.multiselect(key="f_villages").value == chosen  # on the overview: in the page
    e = next(e for e in metrics.target_results(ds, campaign, as_of, chosen) if e.group == "adults")
    assert metric(at, "Người dân từ 18 tuổi") == fmt_pct(e.coverage)
    assert not e.met  # two lagging villages: the headline must show the gap
    assert any(f"còn thiếu {e.gap}" in c.value for c in at.caption)
    assert html_tables.in_app(at)[0]["Thôn"].tolist() == [
        b.village for b in ranking.villages_behind(ds, campaign, as_of, TODAY, chosen)
    ]
    # The agencies' card is the commune's whole figure: said next to it.
    assert any("không lọc theo thôn" in c.value for c in at.caption)


def test_as_of_day_list_recomputes(sample) -> None:
    campaign, ds, _ = sample
    at = run_app()
    at.sidebar.selectbox(key="f_as_of").set_value(dt.date(2026, 5, 15)).run()
    e = next(e for e in metrics.target_results(ds, campaign, dt.date(2026, 5, 15)) if e.group == "party_members")
    assert metric(at, "Cán bộ, đảng viên") == fmt_pct(e.coverage)
    assert query(at, "ngay") == ["2026-05-15"]


def test_filters_are_written_to_the_url() -> None:
    at = run_app()
    at.multiselect(key="f_villages").set_value(["Thôn Trung Hà"]).run()
    at.sidebar.selectbox[0].set_value("party_members").run()
    assert query(at, "thon") == ["Thôn Trung Hà"]
    assert query(at, "nhom") == ["party_members"]


def test_the_overview_draws_its_villages_box_in_the_page_and_the_choice_follows_to_other_pages() -> None:
    """The overview's box sits above its figures, in its fragment (issue #18; the fragment's
    own rerun is tested over the protocol: tests/browser/test_overview_fragment.py); the other
    pages keep theirs in the sidebar, holding the same choice."""
    at = run_app()
    assert not at.sidebar.multiselect and at.main.multiselect[0].key == "f_villages"
    at.multiselect(key="f_villages").set_value(["Thôn Trung Hà"]).run()
    assert "1 thôn đã chọn" in at.subheader[0].value
    at.switch_page("pages/theo-thon.py").run()
    assert at.sidebar.multiselect[0].value == ["Thôn Trung Hà"] and not at.main.multiselect
    at.switch_page("pages/chat-luong.py").run()  # a page without the box keeps the choice too
    at.switch_page("pages/tong-quan.py").run()
    assert at.multiselect(key="f_villages").value == ["Thôn Trung Hà"]
    assert query(at, "thon") == ["Thôn Trung Hà"]


def test_village_page_bars_and_table_match_lib(sample) -> None:
    campaign, ds, as_of = sample
    at = run_app({"nhom": "party_members"}, "pages/theo-thon.py")
    assert "Cán bộ, đảng viên" in at.subheader[0].value
    table = metrics.village_table(ds, campaign, "party_members", as_of)
    fig = figure(at)
    shown = {y: x for bars in fig["data"] for y, x in zip(bars["y"], decode(bars["x"]), strict=True)}
    assert len(shown) == len(ds.village_names)
    for rec in table.itertuples():
        assert shown[rec.village] == pytest.approx(rec.coverage)
    frame = at.dataframe[0].value
    assert len(frame) == len(ds.village_names)
    assert frame["Còn thiếu"].sum() == table["gap"].sum()


def test_village_page_for_agencies_shows_units(sample) -> None:
    _, ds, _ = sample
    at = run_app({"nhom": "civil_servants"}, "pages/theo-thon.py")
    assert at.subheader[0].value == "Tỷ lệ cài đặt theo cơ quan, đơn vị"
    assert sum(len(bars["y"]) for bars in figure(at)["data"]) == len(ds.agencies)


def test_progress_page_one_series_per_selected_village() -> None:
    at = run_app({"thon": ["Thôn Trung Hà", "Thôn Nam Hà"]}, "pages/tien-do.py")
    names = [tr["name"] for tr in figure(at)["data"]]
    assert len(names) == 4 and all(n.startswith(("Thôn Trung Hà", "Thôn Nam Hà")) for n in names)


def test_progress_page_commune_running_total_ends_at_headline(sample) -> None:
    campaign, ds, as_of = sample
    at = run_app(None, "pages/tien-do.py")
    line = next(tr for tr in figure(at)["data"] if tr["type"] == "scatter")
    installed = next(e.installed for e in metrics.target_results(ds, campaign, as_of) if e.group == "adults")
    assert decode(line["y"])[-1] == installed


def test_helpers_page_names_short_villages(sample) -> None:
    campaign, ds, as_of = sample
    at = run_app(None, "pages/luc-luong.py")
    short = metrics.support_gaps(metrics.helpers_by_village(ds, campaign, as_of))["short_helpers"]
    assert short, "the sample has villages short of helpers"
    assert all(v in at.warning[0].value for v in short)
    assert not any("09" in str(v) for v in at.dataframe[0].value.to_numpy().ravel()), "no phone numbers shown"


def test_data_quality_page_lists_every_rejected_row(sample) -> None:
    _, ds, _ = sample
    at = run_app(None, "pages/chat-luong.py")
    read, rejected = int(ds.rows["read"].sum()), len(ds.rejected)
    assert f"{read:,}".replace(",", ".") in at.markdown[0].value
    rejected_table = at.dataframe[1].value
    assert len(rejected_table) == rejected
    assert "Thôn Xóm Mới" in rejected_table["Giá trị"].tolist()
    assert len(at.dataframe[2].value) == len(ds.warnings)


def _upload(tabs: dict) -> tuple[str, bytes]:
    from lib.sources.files import write_xlsx

    return "tai-len.xlsx", write_xlsx(tabs)


@pytest.mark.parametrize(
    "tabs",
    [
        {"Trang1": [["không phải mẫu"]]},
        {"Thon": [["Thôn", "Dân số từ 18 tuổi"]]},
        {"Thon": [["Thôn"], ["Thôn A"]], "CaiDat": [["Ngày", "Thôn"], ["13/5/2026", "Thôn A"]]},
    ],
    ids=["no-known-tab", "header-only", "no-counts"],
)
@pytest.mark.parametrize("page", PAGES)
def test_odd_uploaded_workbooks_never_crash_a_page(tabs: dict, page: str) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["tests"] = "sample"
    at.session_state["upload"] = _upload(tabs)
    at.run()
    # None of these is a workbook of the template's shape: refused, saying why; the figures
    # shown (here the sample's) stay (docs/workbook.md, "Bảng tính đổi cấu trúc").
    assert any("đổi cấu trúc" in e.value for e in at.error), [e.value for e in at.error]
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("DỮ LIỆU MẪU" in c.value for c in at.caption), "the figures shown before stay"


def test_uploaded_workbook_replaces_the_sample(sample) -> None:
    from lib.sample_data import sample_tabs

    tabs = sample_tabs()
    tabs["Thon"] = tabs["Thon"][:3]  # the title row, the header and one village
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["tests"] = "sample"
    at.session_state["upload"] = _upload(tabs)
    at.run()
    assert not at.exception
    assert "toàn xã (1 thôn)" in at.subheader[0].value
    # Every page says where its figures come from: the uploaded file, and when it was read.
    assert any("Nguồn: tệp " in c.value and " tải lên lúc " in c.value for c in at.caption)


def test_a_shared_link_keeps_its_date(sample) -> None:
    campaign, ds, _ = sample
    at = run_app({"ngay": "2026-05-15", "nhom": "party_members"}, "pages/theo-thon.py")
    assert at.sidebar.selectbox(key="f_as_of").value == dt.date(2026, 5, 15)
    assert query(at, "ngay") == ["2026-05-15"]
    table = metrics.village_table(ds, campaign, "party_members", dt.date(2026, 5, 15))
    assert at.dataframe[0].value["Đã cài"].sum() == table["installed"].sum()


def test_without_a_chosen_date_the_view_follows_the_data(sample) -> None:
    _, _, as_of = sample
    at = run_app()
    assert at.sidebar.selectbox(key="f_as_of").value == as_of
    assert "ngay" not in at.query_params


@pytest.mark.parametrize("page", ["pages/theo-thon.py", "pages/tien-do.py", "pages/luc-luong.py"])
def test_charts_are_drawn_without_streamlits_plotly_theme(page: str) -> None:
    """Streamlit's theme costs the browser ~0,2 s a redraw; lib/charts gives every chart its look."""
    at = run_app(None, page)
    charts = at.get("plotly_chart")
    assert charts and all(chart.proto.theme == "" for chart in charts)


def test_a_target_missed_at_its_deadline_but_reached_since_says_so() -> None:
    """docs/campaign.md: party members 80/100 on 17/05 (deadline), 86 on 18/05: 'Không đạt' on
    the phase-1 card, with 'đủ chỉ tiêu sau hạn 17/05/2026' beside a rate above 85%."""
    from lib.sources.files import write_xlsx
    from tests.conftest import build_workbook
    from tests.metrics.test_metrics import tally

    raw = build_workbook(
        [["A", 1, 1000, 100, 500]], [tally("16/5/2026", "A", 200, 80, 50), tally("18/5/2026", "A", 6, 6, 0)]
    )
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["tests"] = "sample"
    at.query_params["dot"] = "1"
    at.session_state["upload"] = ("tai-len.xlsx", write_xlsx(raw.tabs))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    card = next(m for m in at.metric if m.label == "Cán bộ, đảng viên")
    assert (card.value, card.delta) == ("86,0%", "Không đạt")
    assert any("đủ chỉ tiêu sau hạn 17/05/2026" in c.value for c in at.caption), [c.value for c in at.caption]
