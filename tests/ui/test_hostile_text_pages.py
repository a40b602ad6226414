"""Sheet text is data, never markup: every page, in Vietnamese and English, on a workbook whose
every shown text cell holds Markdown (links, images, bare URLs, e-mail, maths, colour, icons,
emoji, headings, HTML), and on a campaign.toml whose names do too.

Every string Streamlit renders as Markdown (bodies of markdown, captions, alerts, headings and
toasts; metric, widget and expander labels; tooltips) is collected from the page tree. Each
hostile value may appear there only as `lib.markup.plain` made it; once those are taken out,
nothing of the hostile markup may be left. What the browser then draws is checked in
tests/browser/test_hostile_text.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib.campaign import Campaign, load_campaign
from lib.markup import plain
from lib.sources.files import write_xlsx
from tests.conftest import HEADERS
from tests.fake_google import Book, FakeGoogle
from tests.ui import html_tables

pytestmark = pytest.mark.slow  # AppTests of every page: out of the quick subset

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 29)

VILLAGES = [
    "Thôn [Bấm vào đây](http://evil.example/thon)",
    "Thôn ![ảnh](http://evil.example/thon.png)",
    "Thôn $x^2$ :red[đỏ] :material/home: :smile:",
    "Thôn <img src=http://evil.example/img.png> www.evil.example",
    "# Thôn **đậm** _nghiêng_ lienhe@evil.example",
    # In a Markdown table a backslash pair then a pipe ends the cell, even inside a code span.
    "Thôn http://a\\\\|![x](http://evil.example/pipe.png) c|d",
    "Thôn a@b\\\\|[y](http://evil.example/pipe) \\|",
]
FAMILY_GROUPS = ["Tổ [1](http://evil.example/to)", "Tổ ![2](http://evil.example/to.png) $t$"]
AGENCIES = ["[Công an xã](http://evil.example/ca)", "UBND ![](http://evil.example/ub.png) :blue[đỏ xanh]"]
HELPERS = ["[Nguyễn Văn A](http://evil.example/nguoi)", "Trần ![B](http://evil.example/b.png)", "Lê $C$ :red[đỏ C]"]
ROLES = ["Tổ trưởng http://evil.example/vai-tro", ":material/star: **Thành viên**"]
BRANCH = "Chi đoàn ![](http://evil.example/chidoan.png)"
SESSION_KIND = "[Họp dân](http://evil.example/hop) ![](http://evil.example/hop.png)"
PERSON = "[Phạm Thị D](http://evil.example/ten)"
# An uploaded file's name is its title; an .xlsx tab title cannot hold [ ] : / ? * \\.
FILE_NAME = "[Sổ](https:evil.example) ![ảnh](evil.png) $z$ :red[đỏ] www.evil.example x@evil.example.xlsx"
XLSX_TABS = {
    "Thon": "$Thon$",
    "CaiDat": "<CaiDat>",
    "CoQuan": "~~CoQuan~~",
    "DoanVien": "__DoanVien__",
    "HoatDong": "# HoatDong",
    "ToLienGia": "_ToLienGia_",
    "DanhSach": "`DanhSach`",
}
# Google Sheets allows any tab title; punctuation is ignored when tabs are recognised.
SHEET_TABS = {
    "Thon": "[Thon](/)",
    "CaiDat": "![CaiDat](/)",
    "CoQuan": "$CoQuan$",
    "DoanVien": "**DoanVien**",
    "HoatDong": "# HoatDong",
    "ToLienGia": "<ToLienGia>",
    "DanhSach": ":::DanhSach:::",
}
SHEET_TITLE = "Số liệu [xã](http://evil.example/so) ![](http://evil.example/so.png) $s$ www.evil.example"
EMAIL = "bang-theo-doi@evil-project.iam.gserviceaccount.com"

# Markup that must never be left once every escaped hostile value is taken out of a text (every
# hostile colour directive colours a word starting "đỏ"; the app's own :red[**…**] is fine).
MARKERS = ["](", "![", "$", "[đỏ", "http", "www.", "@", "<img", ":material/", ":smile:", "evil", "**đậm**"]

PAGES = [
    ("pages/tong-quan.py", {"thon": VILLAGES[:3]}),
    ("pages/theo-thon.py", {}),
    ("pages/theo-thon.py", {"nhom": "civil_servants"}),
    ("pages/tien-do.py", {"thon": VILLAGES[:2]}),
    ("pages/luc-luong.py", {}),
    ("pages/to-lien-gia.py", {}),
    ("pages/chat-luong.py", {}),
    ("pages/bao-cao.py", {}),
    ("pages/bao-cao.py", {"ngay": "2026-05-20", "dot": "2"}),
    ("pages/nguon-du-lieu.py", {}),
]


def hostile_tabs(titles: dict[str, str]) -> dict[str, list[list]]:
    """A small but complete workbook: five villages, inter-family groups, agencies, helpers,
    sessions and a person list, every text cell Markdown; tab titles from `titles`."""
    v = VILLAGES
    thon = [HEADERS["Thon"]]
    thon += [[name, 2, 400 + 100 * i, 30, 150] for i, name in enumerate(v)]
    caidat = [HEADERS["CaiDat"]]
    for day, share in (("14/05/2026", 1), ("20/05/2026", 2)):
        caidat += [[day, v[0], group, 40 * share, 10, 8] for group in FAMILY_GROUPS]
        caidat += [[day, name, "", 30 * share * (i + 1), 5 * (i + 1), 4] for i, name in enumerate(v[1:])]
    coquan = [HEADERS["CoQuan"], [AGENCIES[0], 40, 30], [AGENCIES[1], 25, 25]]
    doanvien = [HEADERS["DoanVien"]]
    doanvien += [[HELPERS[i], v[0], BRANCH, f"091234567{i}", "Có", ROLES[i % 2]] for i in range(3)]
    doanvien += [
        [HELPERS[i], v[i + 1], BRANCH, f"098765432{i}", "Có" if i else "Không", ROLES[i % 2]] for i in range(3)
    ]
    hoatdong = [HEADERS["HoatDong"], ["15/05/2026", v[0], SESSION_KIND, 60]]
    hoatdong += [["16/05/2026", v[1], SESSION_KIND, 45]]
    tolien = [[*HEADERS["Thon"][:1], "Tổ liên gia", *HEADERS["Thon"][2:]]]
    tolien += [[v[0], group, 200, 15, 75] for group in FAMILY_GROUPS]
    danhsach = [
        ["Họ và tên", "Năm sinh", "Thôn", "Tổ liên gia", "Số điện thoại", "Số CCCD", "Ngày cài", "Đảng viên"],
        [PERSON, 1980, v[0], FAMILY_GROUPS[0], "0912345678", "042080001234", "14/05/2026", "x"],
        [f"{PERSON} 2", 1990, v[0], FAMILY_GROUPS[1], "0912345679", "042090001234", "15/05/2026", ""],
    ]
    tabs = {
        "Thon": thon,
        "CaiDat": caidat,
        "CoQuan": coquan,
        "DoanVien": doanvien,
        "HoatDong": hoatdong,
        "ToLienGia": tolien,
        "DanhSach": danhsach,
    }
    return {titles[key]: rows for key, rows in tabs.items()}


def hostile_campaign() -> Campaign:
    """The repository's campaign with Markdown in every name a page shows."""
    c = load_campaign()
    phases = tuple(
        dataclasses.replace(
            p,
            name=f"Đợt {p.id} [xem](http://evil.example/dot{p.id})",
            name_en=f"Phase {p.id} ![](http://evil.example/phase{p.id}.png)",
        )
        for p in c.phases
    )
    groups = tuple(
        dataclasses.replace(
            g, label=f"{g.label} $g$ :red[đỏ {g.key}]", label_en=f"{g.label_en} www.evil.example/{g.key}"
        )
        for g in c.groups
    )
    return dataclasses.replace(
        c,
        commune="Cẩm Xuyên [trang xã](http://evil.example/xa)",
        province="Hà Tĩnh ![](http://evil.example/tinh.png)",
        name="Chiến dịch :material/home: $c$",
        name_en="Drive <img src=http://evil.example/c.png>",
        phases=phases,
        groups=groups,
    )


def hostile_values(campaign: Campaign) -> list[str]:
    """Every hostile value a page may show, each as it would be placed into Markdown."""
    values = [*VILLAGES, *FAMILY_GROUPS, *AGENCIES, *HELPERS, *ROLES, BRANCH, SESSION_KIND, PERSON]
    values += [FILE_NAME, *XLSX_TABS.values(), SHEET_TITLE, *SHEET_TABS.values(), EMAIL]
    values += [campaign.commune, campaign.province, campaign.name, campaign.name_en]
    values += [p.title(lang) for p in campaign.phases for lang in ("vi", "en")]
    values += [g.title(lang) for g in campaign.groups for lang in ("vi", "en")]
    return sorted({plain(v) for v in values}, key=len, reverse=True)


# ------------------------------------------------------------------------ what is rendered

# Elements whose text Streamlit shows literally, or that are our own constant HTML.
LITERAL = {"Text", "Code", "Html", "Dataframe", "Table", "Json", "PlotlyChart"}


def markdown_texts(at: AppTest) -> list[tuple[str, str]]:
    """(where, text) for every string on the page that Streamlit renders as Markdown."""
    found = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        kind = type(proto).__name__ if proto is not None else ""
        if proto is not None and kind not in LITERAL and hasattr(proto, "DESCRIPTOR"):
            names = {f.name for f in proto.DESCRIPTOR.fields}
            for field in ("body", "label", "help", "title"):
                if field in names and isinstance(getattr(proto, field), str) and getattr(proto, field):
                    found.append((f"{kind}.{field}", getattr(proto, field)))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return found


def leftovers(text: str, escaped: list[str]) -> list[str]:
    for value in escaped:
        text = text.replace(value, "")
    return [marker for marker in MARKERS if marker in text]


def assert_no_markup(at: AppTest, campaign: Campaign, *also: str) -> list[tuple[str, str]]:
    """No markup left on the page; `also`: texts made of several hostile values, escaped whole.

    Returns the Markdown texts, and ("Html.cell", text) for each cell of an HTML table as the
    browser reads it (html_tables.parse refuses a table holding any tag but its own)."""
    assert not at.exception, [e.value for e in at.exception]
    escaped = sorted({*hostile_values(campaign), *map(plain, also)}, key=len, reverse=True)
    texts = markdown_texts(at)
    bad = [(where, text, left) for where, text in texts if (left := leftovers(text, escaped))]
    assert not bad, "\n".join(f"{where}: {left} in {text!r}" for where, text, left in bad)
    cells = [("Html.cell", str(cell)) for table in html_tables.in_app(at) for cell in table.to_numpy().ravel()]
    return texts + cells


def shown(texts: list[tuple[str, str]], value: str) -> bool:
    """`value` on the page: escaped in Markdown, or literally in an HTML table's cell."""
    return any((value if where == "Html.cell" else plain(value)) in text for where, text in texts)


@pytest.fixture(autouse=True)
def fresh_app(fresh_app: None, monkeypatch: pytest.MonkeyPatch) -> Campaign:
    """tests/conftest.py's fresh_app, with the hostile campaign in the app."""
    campaign = hostile_campaign()
    import lib.ui.config as ui

    monkeypatch.setattr(ui, "get_campaign", lambda: campaign)
    return campaign


def open_page(page: str, query: dict, lang: str, secrets: dict | None = None, upload: bool = True) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["tests"] = "hostile"  # non-empty: a developer's real secrets.toml is never read
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    if upload:
        at.session_state["upload"] = (FILE_NAME, write_xlsx(hostile_tabs(XLSX_TABS)))
    at.session_state["_authorised"] = True  # the person list is shown too
    for key, value in {**query, **({"lang": "en"} if lang == "en" else {})}.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    return at


# ------------------------------------------------------------------------------- the tests


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(("page", "query"), PAGES, ids=[f"{p[6:-3]}{'-' + '-'.join(q) if q else ''}" for p, q in PAGES])
def test_every_page_shows_sheet_and_campaign_text_escaped(
    page: str, query: dict, lang: str, fresh_app: Campaign
) -> None:
    at = open_page(page, query, lang)
    texts = assert_no_markup(at, fresh_app)
    # The page really placed hostile values into Markdown (escaped), so the check above bit.
    assert shown(texts, fresh_app.commune), "the title names the commune"
    assert shown(texts, fresh_app.title(lang)) and shown(texts, fresh_app.province), "the caption"
    expected = {
        # the chosen villages, and the current phase's title (the other phases are in its table)
        "pages/tong-quan.py": [*VILLAGES[:3], fresh_app.phase(2).title(lang)],
        "pages/theo-thon.py": [] if query else [fresh_app.group("adults").title(lang)],
        "pages/tien-do.py": [fresh_app.group("adults").title(lang)],
        "pages/luc-luong.py": VILLAGES[1:],  # short of IT-skilled helpers; 2-4 also without a session
        "pages/to-lien-gia.py": [fresh_app.group("adults").title(lang), VILLAGES[0]],  # the drilled-into village
        "pages/bao-cao.py": [fresh_app.phase(2).title(lang)],
        "pages/nguon-du-lieu.py": [FILE_NAME, *XLSX_TABS.values()],
    }.get(page, [])
    missing = [value for value in expected if not shown(texts, value)]
    assert not missing, f"not shown (escaped) on {page}: {missing}"


def test_sidebar_widgets_show_names_as_options_not_markdown(fresh_app: Campaign) -> None:
    """Selectbox and multiselect options are plain text in Streamlit 1.67 (checked in Chromium):
    names go there unescaped; the labels and tooltips (Markdown) are our own texts."""
    at = open_page("pages/to-lien-gia.py", {"thon": VILLAGES[:1]}, "vi")
    assert_no_markup(at, fresh_app)
    villages = at.sidebar.multiselect[0]
    assert villages.value == VILLAGES[:1]
    assert f"{VILLAGES[1]} (Thon ![anh](http://evil.example/thon.png))" in villages.options  # as typed
    assert fresh_app.group("adults").title("vi") in at.sidebar.selectbox[0].options


@pytest.fixture
def google() -> Iterator[FakeGoogle]:
    with FakeGoogle({"1HostileSheet": Book(SHEET_TITLE, hostile_tabs(SHEET_TABS), readers={EMAIL})}) as fake:
        yield fake


def sheet_secrets(google: FakeGoogle) -> dict:
    section = {"spreadsheet": "1HostileSheet", **google.service_account_info(EMAIL), "api_base_url": google.url}
    return {"connections": {"gsheets": section}}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_google_sheets_title_tabs_and_the_service_account_are_escaped(
    google: FakeGoogle, lang: str, fresh_app: Campaign, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lib.sources.live import LiveSource

    monkeypatch.setattr(LiveSource, "claim", lambda self: True)  # no 15 s wait after the page's own read
    at = open_page("pages/nguon-du-lieu.py", {}, lang, sheet_secrets(google), upload=False)
    texts = assert_no_markup(at, fresh_app)
    assert all(shown(texts, value) for value in (SHEET_TITLE, EMAIL, *SHEET_TABS.values()))
    at.button(key="check_connection").click().run()  # each step names what it found
    tabs = hostile_tabs(SHEET_TABS)
    found = f"{SHEET_TITLE}: {', '.join(tabs)}"  # step 4's detail; step 5 gives rows per tab
    counted = ", ".join(f"{title} ({len(rows)})" for title, rows in tabs.items())
    texts = assert_no_markup(at, fresh_app, found, counted)
    assert len(at.success) == 6, [e.value for e in at.error]
    assert shown(texts, found) and shown(texts, counted) and shown(texts, EMAIL)
    for page, _ in PAGES[:6]:
        assert_no_markup(at.switch_page(page).run(), fresh_app)


def test_the_service_account_named_in_a_sharing_problem_is_escaped(google: FakeGoogle, fresh_app: Campaign) -> None:
    google.books["1HostileSheet"].readers.clear()
    at = open_page("pages/nguon-du-lieu.py", {}, "vi", sheet_secrets(google), upload=False)
    texts = assert_no_markup(at, fresh_app)
    banner = [e.value for e in at.error if "Người xem" in e.value]
    assert banner and all(f"`{EMAIL}`" in text for text in banner), banner  # inline code: copied exactly
    assert shown(texts, EMAIL)


def test_the_overview_targets_table_shows_campaign_names_as_text(fresh_app: Campaign) -> None:
    """The phases' and groups' names (links, maths, colour directives) are the cells' text, as
    written: html_tables.parse refuses a table with any tag but its own."""
    at = open_page("pages/tong-quan.py", {}, "vi")
    table = html_tables.in_app(at)[-1]  # the targets' table, under the villages behind if any
    assert set(table["Đợt"]) == {p.title("vi") for p in fresh_app.phases}
    assert {g.title("vi") for g in fresh_app.groups} == set(table["Nhóm"])
