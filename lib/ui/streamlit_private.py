"""Every use of a private Streamlit or pandas name, in this one module.

Two speed-ups reach into the libraries' insides (bench/RESULTS.md gives what each saves): a
table's display values made once instead of on every rerun (`rendered_once`, pandas'
`Styler._translate` and Streamlit's `_marshall_display_values`), and Streamlit's pages/-folder
flag on a server's first run (`ran_without_app`). They were written against the versions pinned
in requirements.txt; with any other installed version (`PRIVATE_OK` False) the tables take the
public path (a plain Styler; tests/ui/test_streamlit_private.py checks both paths send the same cells).
"""

from __future__ import annotations

from importlib.metadata import version
from typing import TYPE_CHECKING, Any

# The versions the private names below were read from (requirements.txt pins the same).
WRITTEN_FOR = {"streamlit": "1.67.0", "pandas": "3.1.1"}


def versions_match() -> bool:
    return all(version(name) == pinned for name, pinned in WRITTEN_FOR.items())


PRIVATE_OK = versions_match()

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler


class _Translated(dict):
    """What pandas' `Styler._translate(False, False)` returns for a cached table, plus the
    display values already in the Arrow bytes Streamlit would make of them."""

    display_values: bytes = b""


def rendered_once(styler: Styler) -> Styler:
    """Format every cell now, once, instead of on every rerun (the Styler as it is, for the
    public path, when the installed versions are not the ones this was written for).

    st.dataframe turns a Styler into display strings by calling its `_compute()` and
    `_translate(False, False)` and reading, of the result, the table and cell styles (lib.tables
    sets none) and each body cell's `id` ('row3_col2') and `display_value`. pandas' own
    `_translate` builds a dozen keys per cell besides (~5 µs a cell: 150 ms for 2.100 villages);
    this gives the same display values from the Styler's own formatters, once, and hands them
    back to later calls with the same arguments. Any other call still goes to pandas.
    Streamlit then writes those strings into a copy of the table cell by cell and serialises it
    (15 % of the server's CPU with 20 viewers): that is done here once too, with Streamlit's
    own functions, and `_marshall_display_values` hands the bytes over (see below).
    tests/ui/test_streamlit_private.py checks that Streamlit sends the same bytes from both.
    """
    if not PRIVATE_OK:
        return styler
    import pandas as pd
    from streamlit.elements.lib import pandas_styler_utils

    styler._compute()
    data, formatter = styler.data, styler._display_funcs
    shown = [
        [formatter[(i, j)](value) for i, value in enumerate(data.iloc[:, j].tolist())] for j in range(data.shape[1])
    ]
    body = [
        [{"id": f"row{i}_col{j}", "display_value": column[i]} for j, column in enumerate(shown)]
        for i in range(len(data))
    ]
    rendered = _Translated(table_styles=[], cellstyle=[], body=body)
    # What Streamlit's _use_display_values makes (the table as text, every cell its display
    # string), built by columns instead of cell assignments; the test compares the bytes.
    display = pd.DataFrame({j: [str(v) for v in column] for j, column in enumerate(shown)}, index=data.index, dtype=str)
    display.columns = data.columns
    rendered.display_values = pandas_styler_utils.dataframe_util.convert_pandas_df_to_arrow_bytes(display)
    translate = styler._translate

    def _translate_once(*args: Any, **kwargs: Any) -> dict:
        return rendered if args == (False, False) and not kwargs else translate(*args, **kwargs)

    styler._compute = lambda: styler  # the styles are applied already
    styler._translate = _translate_once
    return styler


def _display_values_made_once() -> None:
    """Let Streamlit's styler marshalling take a cached table's display values as made.

    Streamlit 1.67 calls `_marshall_display_values(proto, df, styles)` with what `_translate`
    returned; for a `_Translated` that already holds the bytes it would compute, they are
    used as they are. Anything else goes the usual way."""
    from streamlit.elements.lib import pandas_styler_utils

    usual = pandas_styler_utils._marshall_display_values
    if not PRIVATE_OK or getattr(usual, "made_once", False):
        return

    def marshall(proto: Any, df: Any, styles: Any) -> None:
        if isinstance(styles, _Translated) and styles.display_values:
            proto.styler.display_values = styles.display_values
        else:
            usual(proto, df, styles)

    marshall.made_once = True  # type: ignore[attr-defined]
    pandas_styler_utils._marshall_display_values = marshall


_display_values_made_once()


def ran_without_app() -> bool:
    """On a server's very first run Streamlit does not know yet that app.py declares the pages
    (`st.navigation`): because a `pages/` folder exists it finds the page by file name and runs
    it alone. Tell it what `st.navigation` would (Streamlit's own flag), so the rerun goes
    through app.py; without this, a link to any page opened first after a restart showed
    Streamlit's English "Page not found" dialog."""
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # another Streamlit: its own behaviour, whatever it is
        return False
    if not getattr(PagesManager, "uses_pages_directory", False):
        return False
    PagesManager.uses_pages_directory = False
    return True
