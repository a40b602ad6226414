"""Text from a sheet, a file or secrets made safe to place inside Streamlit Markdown.

`st.markdown`, `st.caption`, `st.warning` and friends render Markdown: a cell holding
`[Bấm vào đây](http://…)` would become a live link, `![](http://…)` an image every viewer's
browser fetches, `$x$` maths, `:red[…]` colour. Sheet text is data, never markup: every
ASCII punctuation character that Markdown (or Streamlit's extensions) can read is escaped with
a backslash, which CommonMark defines for exactly that purpose.
"""

from __future__ import annotations

import re
from typing import Any

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:&\"'=^])")


def plain(text: Any) -> str:
    """`text` shown literally inside Markdown; line breaks become spaces."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
