"""The Zalo bulletin (issue 14, part 5): text under 1.000 characters, the PNG ranking, the CLI.

The rules and the example are in docs/campaign.md ("Bản tin Zalo"); the example is checked here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import re
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest
from matplotlib import font_manager, ft2font
from PIL import Image

from lib import bulletin, metrics
from lib.bulletin import MAX_CHARS, bulletin_png, bulletin_text, clean, clean_link
from lib.campaign import Campaign
from lib.dataset import Dataset, RawWorkbook
from lib.ranking import current_phase, villages_behind
from lib.sources.sample import read_sample
from lib.texts import TEXTS
from lib.validation import validate
from tests.generators import province_tabs

ROOT = Path(__file__).resolve().parents[1]
DAY = dt.date(2026, 5, 20)
PHASE1_DAY = dt.date(2026, 5, 15)
LINK = "https://ihatinh.example.vn/tong-quan"


@pytest.fixture(scope="module")
def sample(campaign: Campaign) -> Dataset:
    return validate(read_sample(), campaign, DAY)


@pytest.fixture(scope="module")
def province(campaign: Campaign) -> Dataset:
    """300 villages of 10 communes (tests/generators.py), as a province's shared sheet holds them."""
    return validate(RawWorkbook(province_tabs(communes=10, people=0), "bench", "province"), campaign, DAY)


def doc_example() -> str:
    doc = (ROOT / "docs" / "campaign.md").read_text(encoding="utf-8")
    section = doc[doc.index("## Bản tin Zalo") :]
    return re.search(r"```text\n(.*?)```", section, re.S).group(1).rstrip("\n")


def renamed(ds: Dataset, old: str, new: str) -> Dataset:
    """The dataset with one village renamed everywhere, as if the sheet held that name
    (validation already masks phone-shaped names: this checks the bulletin's own defence)."""
    tables = {
        name: getattr(ds, name).assign(village=getattr(ds, name)["village"].replace(old, new))
        for name in ("villages", "installs", "tallies")
    }
    return dataclasses.replace(ds, **tables)


# ----------------------------------------------------------------------------- the text


def test_doc_example_is_what_the_code_says(sample: Dataset, campaign: Campaign) -> None:
    assert bulletin_text(sample, campaign, DAY, "vi", LINK, today=DAY) == doc_example()


def test_doc_phase1_example_lists_the_worst_and_counts_the_rest(campaign: Campaign) -> None:
    ds = validate(read_sample(), campaign, PHASE1_DAY)
    text = bulletin_text(ds, campaign, PHASE1_DAY, "vi", LINK, today=PHASE1_DAY)
    assert len(text) == 981 < 1000
    assert "Chỉ tiêu Đợt 1 (hạn 17/05/2026):" in text
    assert "Thôn chậm – Cán bộ, đảng viên (9 thôn):" in text
    assert "Thôn chậm – Hội viên, đoàn viên (11 thôn):" in text
    assert "… và 4 thôn khác" in text and "… và 6 thôn khác" in text
    assert text.endswith("Xem chi tiết: " + LINK)


def test_under_1000_characters_on_a_generated_province(province: Dataset, campaign: Campaign) -> None:
    for lang in ("vi", "en"):
        text = bulletin_text(province, campaign, DAY, lang, LINK, today=DAY)
        assert len(text) <= MAX_CHARS < 1000
        assert text.endswith(LINK)
        behind = villages_behind(province, campaign, DAY, DAY)
        assert len(behind) > 10  # more than fit: the rest are counted
        more = re.search(r"(?:và|and) (\d+) (?:thôn khác|other villages)", text)
        listed = len(re.findall(r"^\d+\. ", text, re.M))
        assert more and listed + int(more.group(1)) == len(behind)


def test_long_names_and_link_stay_under_the_limit(sample: Dataset, campaign: Campaign) -> None:
    ds = sample
    for i, name in enumerate(["Thôn Bình Sơn", "Thôn Liên Hương", "Thôn Hạ Lộc", "Thôn Quyết Tiến"]):
        ds = renamed(ds, name, f"Thôn {i} " + "rất dài " * 40)
    link = LINK + "?q=" + "a" * (bulletin.MAX_LINK - len(LINK) - 3)
    for day in (DAY, PHASE1_DAY):
        text = bulletin_text(ds, campaign, day, "vi", link, today=day, villages=ds.village_names[:25])
        assert len(text) <= MAX_CHARS and text.endswith(link)
        assert "rất dài " * 6 not in text  # names clipped
    with pytest.raises(ValueError):
        clean_link(link + "a")


def test_status_words(sample: Dataset, campaign: Campaign) -> None:
    later = validate(read_sample(), campaign, dt.date(2026, 5, 31))  # rows after 20/05 are not future
    on_track = bulletin_text(sample, campaign, DAY, "vi", today=DAY)
    assert "23,6% (chỉ tiêu trên 30%) – Đúng tiến độ, thiếu 1.973 người, cần 494 người/ngày" in on_track
    assert "97,3% (chỉ tiêu đạt 100%) – Chưa đạt, thiếu 7 người, cần 2 người/ngày" in on_track
    over = dt.date(2026, 5, 24)  # seen the day after the deadline: final
    final = bulletin_text(later, campaign, over, "vi", today=over + dt.timedelta(days=1))
    assert "36,0% (chỉ tiêu trên 30%) – Đã đạt\n" in final
    assert "97,3% (chỉ tiêu đạt 100%) – Không đạt, thiếu 7 người\n" in final
    assert "Thôn không đạt – Người dân từ 18 tuổi (4 thôn):\n1. Thôn Bình Sơn: thiếu 141, không đạt" in final
    english = bulletin_text(later, campaign, over, "en", today=over + dt.timedelta(days=1))
    assert "36.0% (target above 30%) – Met" in english and "– Missed, 7 people short" in english


def test_behind_at_commune_level(make_dataset, campaign: Campaign) -> None:
    ds = make_dataset(
        thon=[["Thôn A", 3, 100, 10, 20], ["Thôn B", 3, 200, 10, 20]],
        caidat=[["18/05/2026", "Thôn A", "", 5, 0, 0], ["18/05/2026", "Thôn B", "", 1, 0, 0]],
        today=DAY,
    )
    text = bulletin_text(ds, campaign, DAY, "vi", today=DAY)
    assert "- Người dân từ 18 tuổi: 2,0% (chỉ tiêu trên 30%) – Chậm, thiếu 85 người, cần 22 người/ngày" in text
    assert "1. Thôn B: thiếu 60, cần 15/ngày\n2. Thôn A: thiếu 26, cần 7/ngày" in text
    assert "DỮ LIỆU MẪU" not in text  # only the sample says it is one


def test_ranking_is_people_missing_then_thon_order(sample: Dataset, campaign: Campaign) -> None:
    behind = villages_behind(sample, campaign, PHASE1_DAY, PHASE1_DAY)
    assert behind, "the sample has villages behind on 15/05"
    order = {n: i for i, n in enumerate(sample.village_names)}
    keys = [(-b.missing, order[b.village]) for b in behind]
    assert keys == sorted(keys)
    assert {b.status for b in behind} <= {metrics.BEHIND, metrics.MISSED}
    table = metrics.village_table(sample, campaign, "adults", DAY, phase=2, today=DAY)
    expected = table[table["status"].isin([metrics.BEHIND, metrics.MISSED])].sort_values("gap", ascending=False)
    got = villages_behind(sample, campaign, DAY, DAY)
    assert [(b.village, b.missing, b.needed_per_day) for b in got] == [
        (r.village, r.gap, r.needed_per_day) for r in expected.itertuples()
    ]


def test_current_phase(campaign: Campaign) -> None:
    ids = [current_phase(campaign, dt.date(2026, 5, d)).id for d in (1, 13, 17, 18, 24, 31)]
    assert ids == [1, 1, 1, 2, 2, 2]


def test_phones_are_masked_and_control_characters_gone(sample: Dataset, campaign: Campaign) -> None:
    hostile = "Thôn\u202eBình\u200bSơn\n0912 345 678\x07\tHỏi\u2028x"
    ds = renamed(sample, "Thôn Bình Sơn", hostile)
    text = bulletin_text(ds, campaign, DAY, "vi", "https://x.vn/a b\n\u202ec", today=DAY)
    assert "1. Thôn Bình Sơn 09******78 Hỏi x: thiếu 230, cần 58/ngày" in text
    assert "0912" not in text and "345 678" not in text
    assert not [c for c in text if c != "\n" and ((c.isspace() and c != " ") or not c.isprintable())]
    assert text.endswith("https://x.vn/a%20bc")
    assert clean('=HYPERLINK("x")  *đậm*') == '=HYPERLINK("x") *đậm*'  # plain text: kept as typed


def test_english_has_no_vietnamese_labels(sample: Dataset, campaign: Campaign) -> None:
    for day in (DAY, PHASE1_DAY):
        text = bulletin_text(sample, campaign, day, "en", LINK, today=day)
        for name in [campaign.commune, *sample.village_names]:
            text = text.replace(name, "")
        assert not [c for c in text if not c.isascii() and c not in "–…"], text


def test_selected_villages_are_named_and_agencies_say_whole_commune(sample: Dataset, campaign: Campaign) -> None:
    chosen = ["Thôn Bình Sơn", "Thôn Trung Hà"]
    text = bulletin_text(sample, campaign, DAY, "vi", today=DAY, villages=chosen)
    assert "Các thôn đã chọn (2): Thôn Bình Sơn, Thôn Trung Hà" in text
    assert "(chỉ tiêu đạt 100%) – Chưa đạt (toàn xã)" in text
    assert "1. Thôn Bình Sơn" in text and "Thôn Liên Hương" not in text


def test_time_of_the_data_when_read_that_day(sample: Dataset, campaign: Campaign) -> None:
    read = dt.datetime(2026, 5, 20, 17, 5)
    assert "Số liệu đến 17:05 ngày 20/05/2026" in bulletin_text(sample, campaign, DAY, today=DAY, updated=read)
    earlier = bulletin_text(sample, campaign, dt.date(2026, 5, 19), today=DAY, updated=read)
    assert "Số liệu đến ngày 19/05/2026" in earlier


# ------------------------------------------------------------------------------ the PNG


@pytest.mark.slow
def test_png_is_1080_wide_and_decodes(sample: Dataset, campaign: Campaign) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = bulletin_png(sample, campaign, PHASE1_DAY, "vi", today=PHASE1_DAY)
    assert not [w for w in caught if "Glyph" in str(w.message)]
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.format == "PNG" and image.width == 1080 and image.height > 1000


def test_png_on_a_province_keeps_its_width(province: Dataset, campaign: Campaign) -> None:
    image = Image.open(io.BytesIO(bulletin_png(province, campaign, DAY, "en", today=DAY)))
    assert image.width == 1080 and image.height < 2400  # 30 villages drawn, the rest counted


def test_every_character_drawn_is_in_the_font(sample: Dataset, campaign: Campaign) -> None:
    """DejaVu Sans (bundled with matplotlib) has every Vietnamese letter the picture draws."""
    font = ft2font.FT2Font(font_manager.findfont(bulletin.FONT, fallback_to_default=False))
    assert Path(font.fname).name == "DejaVuSans.ttf"
    words = [
        v for k, e in TEXTS.items() if k.startswith(("bulletin.", "status.", "rule.", "chart.")) for v in e.values()
    ]
    drawn = "".join([*words, *sample.village_names, *(g.label for g in campaign.groups), "ẮẰẲẴẶỄỸỹđĐ"])
    missing = {c for c in drawn if not c.isspace() and font.get_char_index(ord(c)) == 0}
    assert not missing


def test_red_only_when_behind(sample: Dataset, campaign: Campaign) -> None:
    assert {s for s in metrics.STATUSES if bulletin.bar_colour(s) == bulletin.RED} == {"behind", "missed"}
    rows = bulletin.ranking_rows(sample, campaign, "adults", DAY, 2, DAY, None)
    behind = [r["village"] for r in rows if r["status"] in ("behind", "missed")]
    assert [r["village"] for r in rows[: len(behind)]] == [
        b.village for b in villages_behind(sample, campaign, DAY, DAY)
    ]


@pytest.mark.slow
def test_png_render_time(sample: Dataset, campaign: Campaign) -> None:
    """matplotlib in-process: well under kaleido's Chromium start (bench/bulletin.py prints it)."""
    bulletin_png(sample, campaign, DAY, today=DAY)
    start = time.perf_counter()
    bulletin_png(sample, campaign, DAY, today=DAY)
    assert time.perf_counter() - start < 5  # ~0,5 s on the shared 2-core machine


# ---------------------------------------------------------------------------- command line


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "IHATINH_TODAY": DAY.isoformat()}
    return subprocess.run([sys.executable, "-m", "lib", *args], cwd=ROOT, env=env, capture_output=True)


@pytest.mark.slow
def test_cli_text_is_the_doc_example() -> None:
    result = run_cli("bulletin", "--as-of", "2026-05-20", "--link", LINK)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode("utf-8") == doc_example() + "\n"


@pytest.mark.slow
def test_cli_png_and_text_to_files(tmp_path: Path) -> None:
    out = tmp_path / "ban-tin.png"
    result = run_cli("bulletin", "--format", "png", "--out", str(out), "--lang", "en")
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().strip() == str(out)
    assert Image.open(out).width == 1080
    text = tmp_path / "ban-tin.txt"
    assert run_cli("bulletin", "--out", str(text), "--village", "Thôn Bình Sơn").returncode == 0
    assert "Các thôn đã chọn (1): Thôn Bình Sơn" in text.read_text(encoding="utf-8")


@pytest.mark.slow
def test_cli_refusals_are_one_line_and_exit_2(tmp_path: Path) -> None:
    cases = [
        ("bulletin", "--format", "png"),
        ("bulletin", "--village", "Thôn Không Có"),
        ("bulletin", "--link", "https://x.vn/" + "a" * 400),
        ("bulletin", "--out", str(tmp_path / "no" / "such" / "dir.txt")),
    ]
    for args in cases:
        result = run_cli(*args)
        assert result.returncode == 2 and result.stdout == b"", args
        assert len(result.stderr.decode().strip().splitlines()) == 1, args
