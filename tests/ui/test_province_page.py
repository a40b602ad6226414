"""Province mode through AppTest (lib/ui/province.py, pages/toan-tinh.py): a generated province of
a few file communes, one with its own higher target, one broken, and one Google Sheet read with
the province's account through the local fake Google. The page equals lib's roll-up; each
commune's link shows that commune alone; a commune that fails later keeps its figures with its
problem in its row; without province mode nothing of this shows."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib import metrics
from lib.campaign import DEFAULT_PATH, load_campaign
from lib.formatting import fmt_int, fmt_pct
from lib.province import load_province, read_communes, roll_up
from lib.sources.files import write_xlsx
from lib.ui import province as ui_province
from tests.conftest import SAMPLE_TODAY
from tests.fake_google import Book, FakeGoogle
from tests.generators import commune_tabs, write_province
from tests.ui.test_pages import run_app

ROOT = Path(__file__).resolve().parents[2]
EMAIL = "tinh@ha-tinh-province.iam.gserviceaccount.com"
pytestmark = [pytest.mark.usefixtures("fresh_app"), pytest.mark.slow]


@pytest.fixture
def google() -> Iterator[FakeGoogle]:
    with FakeGoogle({"1ThachHa": Book("Sổ Thạch Hà", commune_tabs(9, 5000), {EMAIL})}) as fake:
        yield fake


@pytest.fixture
def province(tmp_path: Path, google: FakeGoogle, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Three file communes (Cẩm Thành's target 'trên 40%'), one broken (tab Thon missing), one
    Google Sheet; province mode on through IHATINH_PROVINCE; every commune read before the test."""
    info = google.service_account_info(EMAIL) | {"api_base_url": google.url}
    (tmp_path / "keys.toml").write_text(
        "[connections.gsheets]\n" + "\n".join(f"{k} = {json.dumps(v)}" for k, v in info.items()) + "\n",
        encoding="utf-8",
    )
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    (tmp_path / "cam-thanh.toml").write_text(text.replace("percent = 30\n", "percent = 40\n"), encoding="utf-8")
    path = write_province(tmp_path, [2000, 6000, 3000], broken=("shape",), extra='secrets = "keys.toml"')
    body = path.read_text(encoding="utf-8").replace(
        'source = "xa-02.xlsx"', 'source = "xa-02.xlsx"\ncampaign = "cam-thanh.toml"'
    )
    path.write_text(body + '[[commune]]\nname = "Thạch Hà"\nsheet = "1ThachHa"\n', encoding="utf-8")
    monkeypatch.setenv(ui_province.PROVINCE_ENV, str(path))
    refresher = ui_province.refresher()
    for commune in refresher.province.communes:
        refresher.wait_for(commune.name, timeout=30)
    yield path
    ui_province.stop_all()


def run(page: str | None = None, query: dict | None = None) -> AppTest:
    return run_app(query, page)  # the province comes from IHATINH_PROVINCE (the fixture)


def _expected(path: Path) -> dict:
    """lib's own roll-up, read without the app (each commune with its own default as-of day)."""
    p = load_province(path)
    return roll_up(read_communes(p, SAMPLE_TODAY), None, SAMPLE_TODAY, name=p.name)


def test_the_province_page_ranks_communes_as_lib_does(province: Path) -> None:
    at = run("pages/toan-tinh.py")
    expected = _expected(province)
    assert at.title[0].value == "Toàn tỉnh Hà Tĩnh"
    assert "4/5 xã có số liệu" in at.caption[0].value and "1 xã có sự cố" in at.caption[0].value
    totals = expected["totals"]["targets"]
    keys = [k for k, row in totals.items() if row["phase"] == 2]  # campaign.toml's last phase
    assert [m.label for m in at.metric] == [totals[k]["label"] for k in keys]
    for card, key in zip(at.metric, keys, strict=True):
        assert card.value == fmt_pct(totals[key]["coverage"])  # sums of people, not averages of rates
    adults = next(k for k in keys if k.startswith("adults@"))
    assert f"{fmt_int(totals[adults]['installed'])}/{fmt_int(totals[adults]['base'])} người" in " ".join(
        c.value for c in at.caption
    )
    table = at.table[0].value
    ranked = expected["ranking"][adults]
    names = [row.split("[", 1)[1].split("]", 1)[0] for row in table["Xã"].tolist()]
    assert names == [r["commune"] for r in ranked] + ["Cẩm Vịnh"]  # the broken commune last
    assert table["Còn thiếu"].tolist()[: len(ranked)] == [fmt_int(r["missing"]) for r in ranked]
    first = table["Xã"].tolist()[0]
    slug = ui_province.refresher().province.commune(ranked[0]["commune"]).slug
    assert f"(/?xa={slug})" in first and f"(/theo-thon?xa={slug})" in first
    broken = table.iloc[-1]
    assert broken["Tình trạng"] == "Lỗi" and "Thon" in broken["Số liệu đọc lúc"]
    # Cẩm Thành is judged against its own 40 %, the others against 30 %
    coverage = dict(zip(names, table["Tỷ lệ / chỉ tiêu"].tolist(), strict=True))
    assert coverage["Cẩm Thành"].endswith("trên 40%") and coverage["Cẩm Xuyên"].endswith("trên 30%")
    assert coverage["Thạch Hà"].endswith("trên 30%")


def test_english_and_meeting_mode(province: Path) -> None:
    at = run("pages/toan-tinh.py", {"lang": "en", "hop": "1"})
    assert at.title[0].value == "Hà Tĩnh province"
    assert "Commune" in at.table[0].value.columns and at.table[0].value.iloc[-1]["Status"] == "Failed"
    assert "xa=" in at.table[0].value["Commune"].tolist()[0] and "hop=1" in at.table[0].value["Commune"].tolist()[0]


def test_a_commune_link_shows_that_commune_with_its_own_campaign(province: Path) -> None:
    at = run(query={"xa": "cam-thanh"})
    assert at.title[0].value == "Chiến dịch i-HaTinh – xã Cẩm Thành"
    assert at.query_params["xa"] == ["cam-thanh"] or at.query_params["xa"] == "cam-thanh"
    state = ui_province.refresher().state("Cẩm Thành")
    campaign = load_campaign(province.parent / "cam-thanh.toml")
    as_of = metrics.default_as_of(state.good.dataset, SAMPLE_TODAY)
    results = metrics.target_results(state.good.dataset, campaign, as_of, today=SAMPLE_TODAY)
    adults = next(e for e in results if e.group == "adults" and e.target.phase == 2)
    card = next(m for m in at.metric if "Người dân" in m.label)
    assert card.value == fmt_pct(adults.coverage)
    assert "trên 40%" in str(card.proto)  # its own target, in the card's words
    at.switch_page("pages/theo-thon.py").run()  # the commune stays across pages
    assert not at.exception and at.title[0].value.endswith("xã Cẩm Thành")
    assert any("xa\\-02\\.xlsx" in c.value for c in at.caption)  # the file's name, plain for Markdown
    at.switch_page("pages/toan-tinh.py").run()  # the province page has no commune picker…
    at.switch_page("pages/tong-quan.py").run()  # …and the commune chosen before comes back
    assert not at.exception and at.title[0].value.endswith("xã Cẩm Thành")


def test_the_sheet_commune_reads_through_the_province_account(province: Path, google: FakeGoogle) -> None:
    at = run(query={"xa": "thach-ha"})
    assert at.title[0].value.endswith("xã Thạch Hà")
    assert any("Google Sheet Sổ Thạch Hà" in c.value for c in at.caption)
    reads = google.count("/v4/")
    run(query={"xa": "thach-ha"})
    assert google.count("/v4/") == reads  # pages never read: the refresher does, on its plan


def test_a_broken_commune_shows_its_problem_and_nothing_else(province: Path) -> None:
    at = run(query={"xa": "cam-vinh"})
    assert at.title[0].value.endswith("xã Cẩm Vịnh")
    assert any("Thon" in e.value for e in at.error)


def test_a_commune_that_fails_later_keeps_its_figures_with_its_problem(province: Path) -> None:
    refresher = ui_province.refresher()
    before = run("pages/toan-tinh.py").table[0].value
    name = "Cẩm Xuyên"
    hostile = refresher.state(name).entry.source
    hostile.write_bytes(b"PK\x03\x04 not a zip at all")
    attempts = refresher.state(name).attempts
    refresher.refresh(name)
    refresher.wait_for(name, timeout=30, after=attempts)
    after = run("pages/toan-tinh.py").table[0].value
    row = next(r for _, r in after.iterrows() if f"[{name}]" in r["Xã"])
    old = next(r for _, r in before.iterrows() if f"[{name}]" in r["Xã"])
    assert row["Còn thiếu"] == old["Còn thiếu"] and row["Tình trạng"] == old["Tình trạng"]
    assert row["Số liệu đọc lúc"].startswith("⚠") and "xa\\-01\\.xlsx" in row["Số liệu đọc lúc"]
    troubled = [r["Xã"] for _, r in after.iterrows() if "⚠" in r["Số liệu đọc lúc"]]
    assert len(troubled) == 2  # it and the commune that was broken from the start
    at = run(query={"xa": "cam-xuyen"})
    assert any("xa\\-01\\.xlsx" in w.value for w in at.warning)  # its own view: old figures, a banner
    hostile.write_bytes(write_xlsx(commune_tabs(0, 2000)))


def test_without_province_mode_the_page_says_how_to_turn_it_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ui_province.PROVINCE_ENV, raising=False)
    at = run("pages/toan-tinh.py")
    assert at.title[0].value == "Chiến dịch i-HaTinh – xã Cẩm Xuyên"
    assert "Chế độ toàn tỉnh chưa bật" in at.info[0].value
    assert not any(s.label == "Xã" for s in at.selectbox)  # no commune picker: the one-commune app
