"""AppTest as on a warm server, for the tests and the benchmarks.

AppTest starts every run as a server's very first one (it resets Streamlit's pages/-folder flag),
where the app reruns through app.py once (lib/ui/streamlit_private.ran_without_app): a clicked
button would be lost in that rerun and a benchmark would time two runs. A real server does this
on its first run only, which tests/browser/test_deep_links.py checks in a real browser.
"""

from __future__ import annotations

from typing import Any

from streamlit.runtime import pages_manager
from streamlit.testing.v1 import app_test


class WarmPagesManager(pages_manager.PagesManager):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pages_manager.PagesManager.uses_pages_directory = False


def warm_apptest() -> None:
    """For scripts (bench/): every AppTest from now on runs as on a warm server."""
    app_test.PagesManager = WarmPagesManager
