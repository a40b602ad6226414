"""The app's own CSS: constant text written here, never built from sheet content.

Why each rule exists, measured in Chromium at 1366×768, 1024×768 and 390×844
(tests/browser/test_screens.py asserts the results):
- EVERY_SCREEN: the first screen of the overview must hold the targets, the villages behind and
  today's actions at 1366×768, so the title and the top padding are smaller than Streamlit's;
  a metric's label wraps instead of being cut ("CBCCVC…" on a projector); the overview's HTML
  tables (lib/tables.html) drawn as Streamlit draws `st.table(border="horizontal")`: full width,
  lines between rows, numbers on the right.
- PHONE (≤ 640 px): no chart toolbar over the chart's title, tap targets of at least 44 px; the
  province page's ranking in smaller type (five columns, a problem's words, on 390 px).
- MEETING: read from the back of a meeting room: figures ≥ 48 px, labels ≥ 24 px at 1366 px
  and wider, dark text (Streamlit draws captions at 60 % opacity, which fades on a projector);
  at 1024 px labels of 20 px and figures of 48 px, so the villages behind start on the first
  screen under the targets' cards.
- toolbar_tooltips: Streamlit's table and chart toolbar says "Search", "Fullscreen"… in English
  whatever the page's language; drawn in the viewer's words instead (texts `toolbar.*`).
"""

from __future__ import annotations

import functools

from lib.texts import t

EVERY_SCREEN = """
[data-testid="stMainBlockContainer"]{padding-top:4rem}
h1{font-size:2rem !important;padding-top:0 !important}
h3{font-size:1.4rem !important}
[data-testid="stMetricLabel"] p{white-space:normal !important;overflow:visible !important}
[data-testid="stMetricLabel"] > div{overflow:visible !important}
[data-testid="stMetricValue"] > div{overflow:visible !important}
.ih-table-box{overflow-x:auto}
.ih-table{width:100%;border-collapse:collapse;font-size:0.875rem;margin-bottom:0.5rem}
.ih-table th, .ih-table td{
  border:none;border-bottom:1px solid rgba(49,51,63,0.1);padding:0.25rem 0.375rem;text-align:left}
.ih-table th{font-weight:400;color:rgba(49,51,63,0.6)}
.ih-table .num{text-align:right;font-variant-numeric:tabular-nums}
"""

PHONE = """
@media (max-width: 640px){
  h1{font-size:1.5rem !important}
  h3{font-size:1.2rem !important}
  [data-testid="stMainBlockContainer"]{padding-left:0.75rem;padding-right:0.75rem}
  .modebar-container{display:none !important}
  [data-testid="stPageLink"] a, [data-testid^="stBaseButton"]{min-height:44px}
  [data-testid="stBaseButton-elementToolbar"]{min-width:44px}
  .st-key-province_ranking td, .st-key-province_ranking th{padding:0.4rem 0.2rem !important;font-size:0.8rem}
}
"""

MEETING = """
[data-testid="stMetricValue"], [data-testid="stMetricValue"] p{font-size:3.5rem !important}
[data-testid="stMetricLabel"] p{font-size:1.5rem !important}
[data-testid="stMarkdownContainer"] li, [data-testid="stText"]{font-size:1.5rem}
[data-testid="stMainBlockContainer"] [data-testid="stMarkdownContainer"] > p{font-size:1.5rem}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] *{
  font-size:1.5rem !important;color:#1A1A1A !important;opacity:1 !important}
[data-testid="stTable"] td, [data-testid="stTable"] th, .ih-table td, .ih-table th{font-size:1.5rem}
h1{font-size:2.5rem !important}
h3{font-size:1.9rem !important}
@media (max-width: 1100px){
  [data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] *{font-size:1.25rem !important}
  [data-testid="stMainBlockContainer"] [data-testid="stMarkdownContainer"] > p{font-size:1.25rem}
  [data-testid="stMarkdownContainer"] li, [data-testid="stTable"] td, [data-testid="stTable"] th,
  .ih-table td, .ih-table th{font-size:1.25rem}
  [data-testid="stMetricValue"], [data-testid="stMetricValue"] p{font-size:3rem !important}
  h1{font-size:2rem !important}
  h3{font-size:1.6rem !important}
}
"""


def _css_text(text: str) -> str:
    """`text` as a CSS string; quotes, backslashes, '<' and line ends escaped."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", " ")
    return f'"{escaped}"'


def uploader(button: str, limit: str, too_big: str) -> str:
    """Streamlit's file box in the viewer's language: its own words ('Upload', '150MB per
    file • XLSX, CSV') cannot be translated, so they are hidden and ours drawn in their place.
    A file over Streamlit's cap is refused in the browser as a red chip whose only words are an
    English tooltip ('File must be 150.0MB or smaller'): `too_big` is written under the chip.
    The texts come from lib/texts/ (never from a file or the sheet); quotes and backslashes are
    escaped for the CSS string all the same."""

    return (
        "<style>"
        '[data-testid="stFileChip"][aria-invalid="true"]{flex-wrap:wrap}'
        '[data-testid="stFileChip"][aria-invalid="true"]::after'
        f"{{content:{_css_text(too_big)};flex-basis:100%;font-size:0.875rem;color:#b71c1c;white-space:normal}}"
        '[data-testid="stFileUploaderDropzone"] button p{font-size:0}'
        f'[data-testid="stFileUploaderDropzone"] button p::after{{content:{_css_text(button)};font-size:1rem}}'
        '[data-testid="stFileUploaderDropzoneInstructions"] span{font-size:0}'
        '[data-testid="stFileUploaderDropzoneInstructions"] span::after'
        f"{{content:{_css_text(limit)};font-size:0.875rem}}"
        "</style>"
    )


# Streamlit's element toolbar (tables, charts): its buttons' tooltips, by their English labels.
TOOLBAR_LABELS = ("Search", "Show/hide columns", "Fullscreen", "Close fullscreen", "Download as CSV")


def toolbar_tooltips(words: dict[str, str]) -> str:
    """Streamlit's toolbar tooltips in the viewer's language: `words` maps an English label of
    TOOLBAR_LABELS to ours (from lib/texts/). A tooltip is drawn apart from its button, so it
    is found through the page: the button whose hover target names a tooltip (aria-describedby)
    says which words to draw."""

    rules = []
    for label, ours in words.items():
        hovered = f'body:has([aria-describedby] > button[aria-label="{label}"])'
        shown = f'{hovered} [role="tooltip"] [data-testid="stTooltipContent"] p'
        rules.append(f"{shown}{{font-size:0 !important}}{shown}::after{{content:{_css_text(ours)};font-size:0.875rem}}")
    return "".join(rules)


@functools.cache
def style(meeting: bool, lang: str) -> str:
    """The <style> element for this view."""
    words = toolbar_tooltips({label: t(f"toolbar.{label}", lang) for label in TOOLBAR_LABELS})
    return f"<style>{EVERY_SCREEN}{PHONE}{MEETING if meeting else ''}{words}</style>"
