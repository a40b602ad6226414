"""Text from a sheet, a file or secrets made safe to place inside Streamlit Markdown.

`st.markdown`, `st.caption`, `st.warning`, widget labels and friends render Markdown: a cell
holding `[Bấm vào đây](http://…)` would become a live link, `![](http://…)` an image every
viewer's browser fetches, `$x$` maths, `:red[…]` colour. Sheet text is data, never markup.

Streamlit 1.67's Markdown (react-markdown with remark-gfm, remark-math, remark-emoji and
Streamlit's own plugins; measured in Chromium, see tests/browser/test_hostile_text.py) needs
three things, because some of it reads the text *after* backslash escapes are undone:

- every ASCII punctuation character Markdown or Streamlit's directives can read is escaped
  with a backslash, which CommonMark defines for exactly that purpose (links, images, maths,
  `:red[…]`, headings, emphasis, HTML, entities);
- a word that GFM would turn into a link by itself (`http://…`, `www.…`, an e-mail address;
  found in the escaped text too, so escaping does not stop it) is shown as inline code: literal,
  never a link, and copied exactly (a service account's e-mail is meant to be copied);
- a colon that could open `:smile:`, `:material/home:` or `:streamlit:` (replaced in the text
  too) and the arrows Streamlit draws from `->`, `--`, `<=` get an invisible WORD JOINER
  (U+2060), so the reader sees exactly what was typed.

Line breaks become spaces: a value never starts a new paragraph, heading or list.
"""

from __future__ import annotations

import re
from typing import Any

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:&\"'=^])")
# What remark-gfm links by itself: a scheme's "://", "www." and e-mail addresses (any case).
_LINKISH = re.compile(r"://|www\.|@", re.IGNORECASE)
# A colon followed by what a shortcode's name starts with (emoji, :material/…:, :streamlit:).
_SHORTCODE_COLON = re.compile(r":(?=[\w+\-/])")
# Words Streamlit turns into ↔ → ← — ≥ ≤ ≈ when they stand alone.
_ARROWS = frozenset({"<->", "->", "<-", "--", ">=", "<=", "~="})
WORD_JOINER = "\u2060"


def plain(text: Any) -> str:
    """`text` shown literally inside Streamlit Markdown; line breaks become spaces."""
    return " ".join(_word(word) for word in str(text).split())


def _word(word: str) -> str:
    if _LINKISH.search(word):
        return _code(word)
    if word in _ARROWS:
        word = word[0] + WORD_JOINER + word[1:]
    word = _SHORTCODE_COLON.sub(":" + WORD_JOINER, word)
    return _SPECIAL.sub(r"\\\1", word)


def _code(word: str) -> str:
    """`word` as an inline code span: its text is shown as it is, and never linked."""
    # Streamlit replaces ":material/" everywhere in the source, code spans included.
    word = word.replace(":material/", ":" + WORD_JOINER + "material/")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", word)), default=0) + 1)
    pad = " " if word.startswith("`") or word.endswith("`") else ""
    return f"{fence}{pad}{word}{pad}{fence}"


def one_line(text: Any) -> str:
    """`text` on one line: runs of whitespace, line breaks and control separators made one space.

    For text placed into HTML (escaped there) or a table cell, where a line break would start a
    new row or paragraph."""
    return " ".join(str(text).split())
