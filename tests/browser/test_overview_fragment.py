"""The overview's villages box reruns the overview's fragment alone (issue #18): the title, the
frame and the sidebar are not sent again, so the browser does not redraw them. Checked over
Streamlit's own websocket protocol (bench/protocol_session.py), as a browser sends the change."""

from __future__ import annotations

import asyncio
import concurrent.futures
import random

import pytest

from bench.protocol_session import ProtocolViewer, Widget, rerun

pytestmark = pytest.mark.browser


async def _picks(url: str) -> list:
    viewer = ProtocolViewer(url, random.Random(7), 60)
    first = await viewer.open()
    try:
        assert first.villages is not None and first.villages.fragment, "the overview's box is in a fragment"
        picked = await viewer.village("/")  # a village added
        w = viewer.villages  # then none again: the choice the page was loaded with
        cleared = await viewer._changed(
            "/", rerun(viewer.pages["/"], Widget(w.id, w.options, [], w.fragment), viewer.query)
        )
        elsewhere = await viewer.nav("/theo-thon")
        assert viewer.villages is not None and not viewer.villages.fragment  # the sidebar's box there
        changed_there = await viewer.village("/theo-thon")
        return [first, picked, cleared, elsewhere, changed_there]
    finally:
        await viewer.close()


def test_a_village_picked_on_the_overview_reruns_its_fragment_alone(app_url: str) -> None:
    # In a thread of its own: Playwright's sync API (the session's browser) holds this thread's loop.
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        first, picked, cleared, elsewhere, changed_there = thread.submit(asyncio.run, _picks(app_url)).result()
    assert not first.fragment and first.sidebar > 0  # a page load draws everything
    for run in (picked, cleared):
        assert run.fragment and run.sidebar == 0, run
    assert picked.digest != first.digest and "thon=" in (picked.query or "")  # figures and URL follow
    # Back to the choice of the last full run (none): the URL, and so the share link, follow too.
    assert cleared.digest != picked.digest and cleared.query is not None and "thon=" not in cleared.query
    # The other pages keep the villages box in the sidebar: a change there reruns the whole page.
    assert not elsewhere.fragment and not changed_there.fragment and changed_there.sidebar > 0
