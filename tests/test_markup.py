"""`lib.markup.plain`: sheet text placed into Streamlit Markdown is shown as typed, never as markup.

What Streamlit 1.67's Markdown does to a string is checked in Chromium by
tests/browser/test_hostile_text.py; here each hostile string is checked against the rules it
relies on: every ASCII punctuation character outside a code span is backslash-escaped (so no
CommonMark construct, maths or `:red[…]` directive can open), and none of the patterns that
Streamlit's plugins look for in the text *after* escapes are undone is left (GFM's bare-URL and
e-mail autolinks, emoji and `:material/…:` shortcodes, `:streamlit:`, arrows). The regular
expressions below are copied from Streamlit 1.67's frontend bundle (StreamlitMarkdown.*.js).
"""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.markup import WORD_JOINER, plain

# remark-gfm (mdast-util-gfm-autolink-literal): bare URLs and e-mail addresses in text nodes.
GFM_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.IGNORECASE | re.ASCII)
GFM_EMAIL = re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)", re.ASCII)
# remark-emoji, Streamlit's material icons (after its ':material/' -> ':material_' swap), logo.
EMOJI = re.compile(r":\+1:|:-1:|:[\w-]+:", re.ASCII)
MATERIAL = re.compile(r":material_(\w+):", re.ASCII)
LOGO = re.compile(r":streamlit:")
# Streamlit's typographic replacements (->, --, <= … between spaces).
ARROWS = re.compile(r"(^|\s)(<->|->|<-|--|>=|<=|~=)(\s|$)")

PUNCTUATION = set(string.punctuation)
INERT = set("/,;?%")  # ASCII punctuation that opens nothing in CommonMark, GFM or Streamlit
CODE_SPAN = re.compile(r"(?<![\\`])(`+)( ?)(.*?)\2\1(?!`)", re.DOTALL)

HOSTILE = [
    "[Bấm vào đây](http://evil.example/)",
    "![](http://evil.example/x.png)",
    "![ảnh](http://evil.example/x.png 'tiêu đề')",
    "[a]: http://evil.example/ref",
    "<http://evil.example/auto>",
    "http://evil.example/bare",
    "HTTPS://EVIL.EXAMPLE/upper",
    "(https://evil.example/in-brackets)",
    "www.evil.example",
    "Thôn www.evil.example/đường-dẫn",
    "liên hệ admin@evil.example",
    "mailto:admin@evil.example",
    "$x^2$",
    "$$\\int x$$",
    "giá $5 và $6",
    ":red[đỏ]",
    ":blue-background[nền]",
    ":orange-badge[nhãn]",
    ":small[nhỏ]",
    ":material/home:",
    ":smile: :+1:",
    ":streamlit:",
    "# Tiêu đề",
    "## Thôn",
    "1. danh sách",
    "- gạch đầu dòng",
    "> trích dẫn",
    "---",
    "**đậm** __đậm__ *nghiêng* _nghiêng_ ~~gạch~~",
    "`mã` ``mã ` kép``",
    "<img src=http://evil.example/x.png>",
    "<b>in đậm</b> <script>alert(1)</script>",
    "&amp; &#58; &copy;",
    "back\\slash \\[x](http://evil.example/)",
    "\\",
    "a -> b -- c <= d >= e <-> f ~= g",
    "dòng 1\ndòng 2\n\n# dòng 3\r\n[x](http://evil.example/)",
    "| a | b |\n|---|---|",
    "x^2^ H~2~O [^1]",
    "{màu} =đỏ= 'nháy' \"kép\"",
    "`http://evil.example/in-code`",
    "``` ",
]
VIETNAMESE = [
    "Thôn Đông Hà",
    "Thôn Hạ Lộc",
    "Tổ liên gia số 3",
    "Chi đoàn Thôn Trung Hà",
    "Xã Cẩm Xuyên, tỉnh Hà Tĩnh",
    "Đợt 1",
    "Người dân từ 18 tuổi",
    "Nguyễn Thị Hoà",
]


def shown(markdown: str) -> str:
    """What a reader sees of `plain`'s output: code spans as they are, escapes undone, joiners invisible."""
    parts, last = [], 0
    for m in CODE_SPAN.finditer(markdown):
        parts.append(_unescape(markdown[last : m.start()]))
        parts.append(m.group(3))
        last = m.end()
    parts.append(_unescape(markdown[last:]))
    return "".join(parts).replace(WORD_JOINER, "")


def _unescape(text: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def outside_code(markdown: str) -> list[str]:
    return CODE_SPAN.split(markdown)[::4]


def live_markup(markdown: str) -> list[str]:
    """Everything in `plain`'s output that Markdown or Streamlit would still read as markup."""
    found = [":material/ (Streamlit swaps it anywhere)"] if ":material/" in markdown else []
    for raw in outside_code(markdown):
        found += [f"unescaped {c!r}" for c in unescaped_punctuation(raw)]  # CommonMark, maths, directives
        text = _unescape(raw)
        for name, pattern in (("url", GFM_URL), ("email", GFM_EMAIL), ("emoji", EMOJI), ("logo", LOGO)):
            found += [f"{name} {m.group(0)!r}" for m in pattern.finditer(text)]
        found += [f"material {m.group(0)!r}" for m in MATERIAL.finditer(text.replace(":material/", ":material_"))]
        found += [f"arrow {m.group(2)!r}" for m in ARROWS.finditer(text)]
    return found


def unescaped_punctuation(raw: str) -> list[str]:
    found, i = [], 0
    while i < len(raw):
        if raw[i] == "\\" and i + 1 < len(raw) and raw[i + 1] in PUNCTUATION:
            i += 2
            continue
        if raw[i] in PUNCTUATION - INERT:
            found.append(raw[i])
        i += 1
    return found


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_shown_as_typed_and_nothing_is_markup(text: str) -> None:
    out = plain(text)
    assert live_markup(out) == [], out
    assert shown(out) == " ".join(text.split())
    assert "\n" not in out and "\r" not in out


@pytest.mark.parametrize("text", VIETNAMESE)
def test_vietnamese_text_is_unchanged(text: str) -> None:
    assert plain(text) == text


def test_punctuation_in_names_is_escaped_but_reads_the_same() -> None:
    assert plain("Thôn Hạ (cũ) - tổ 1.2") == "Thôn Hạ \\(cũ\\) \\- tổ 1\\.2"
    assert shown(plain("Thôn Hạ (cũ) - tổ 1.2")) == "Thôn Hạ (cũ) - tổ 1.2"


def test_link_syntax_is_escaped() -> None:
    assert plain("[x](y)") == "\\[x\\]\\(y\\)"
    assert plain("![x](y)") == "\\!\\[x\\]\\(y\\)"
    assert plain("$x$") == "\\$x\\$"
    assert plain(":red[x]") == "\\:" + WORD_JOINER + "red\\[x\\]"
    assert plain("<img src=x>") == "\\<img src\\=x\\>"


def test_words_gfm_would_link_are_inline_code_copied_exactly() -> None:
    assert plain("http://evil.example/a") == "`http://evil.example/a`"
    assert plain("chia sẻ với bang-theo-doi@ihatinh.iam.gserviceaccount.com nhé") == (
        "chia sẻ với `bang-theo-doi@ihatinh.iam.gserviceaccount.com` nhé"
    )
    assert plain("www.evil.example") == "`www.evil.example`"
    assert plain("a`b@c.d") == "``a`b@c.d``"
    assert plain("`x@y.z`") == "`` `x@y.z` ``"


def test_shortcodes_and_arrows_get_an_invisible_joiner() -> None:
    assert plain(":smile:") == "\\:" + WORD_JOINER + "smile\\:"
    assert plain("10:30") == "10\\:" + WORD_JOINER + "30"
    assert plain("Tổ 1: xong") == "Tổ 1\\: xong"  # a colon before a space opens nothing
    assert plain("->") == "\\-" + WORD_JOINER + "\\>"


def test_line_breaks_and_runs_of_spaces_become_one_space() -> None:
    assert plain("  Thôn\n\n  Đông\tHà \r\n") == "Thôn Đông Hà"


def test_any_value_is_text() -> None:
    assert plain(12) == "12"
    assert plain(1.5) == "1\\.5"
    assert plain(None) == "None"
    assert plain("") == ""


@pytest.mark.slow
@given(st.text())
def test_any_text_reads_as_typed_and_holds_no_markup(text: str) -> None:
    out = plain(text)
    assert live_markup(out) == []
    assert shown(out) == " ".join(text.split()).replace(WORD_JOINER, "")


@given(st.lists(st.sampled_from([*HOSTILE, *VIETNAMESE, " ", "@", "`", ":", "www.", "://", "\\"]), max_size=6))
def test_hostile_pieces_glued_together(pieces: list[str]) -> None:
    text = "".join(pieces)
    out = plain(text)
    assert live_markup(out) == []
    assert shown(out) == " ".join(text.split())
