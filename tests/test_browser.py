"""End to end: the real app in headless Chromium, as an analyst sees it offline."""

from __future__ import annotations

import time
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
MARKERS = "path.cm-event"


def _marker_count(page) -> int:
    return page.frame_locator(MAP_FRAME).locator(MARKERS).count()


def _wait_for_markers(page, differs_from: int | None = None, timeout: float = 30.0) -> int:
    deadline = time.monotonic() + timeout
    count = 0
    while time.monotonic() < deadline:
        count = _marker_count(page)
        if count and (differs_from is None or count != differs_from):
            return count
        page.wait_for_timeout(200)
    return count


def test_overview_map_shows_markers_offline_and_the_timeline_filters_them(app_url, browser, artifacts_dir):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).hostname))

    started = time.monotonic()
    page.goto(app_url, wait_until="domcontentloaded")
    page.wait_for_selector(MAP_FRAME, timeout=60_000)
    before = _wait_for_markers(page)
    markers_visible_s = time.monotonic() - started
    assert before > 10, "the demo corpus should put its events on the map"
    page.screenshot(path=str(artifacts_dir / "overview.png"), full_page=True)
    print(f"markers visible after {markers_visible_s:.1f} s: {before} markers")

    # Drag the start of the timeline forward with the keyboard, as a user can.
    start_thumb = page.get_by_role("slider").first
    start_thumb.focus()
    for _ in range(4):
        start_thumb.press("PageUp")
    after = _wait_for_markers(page, differs_from=before)
    assert 0 < after < before, f"moving the timeline start should hide early events ({before} -> {after})"
    page.screenshot(path=str(artifacts_dir / "overview-narrowed.png"), full_page=True)

    assert hosts <= {"127.0.0.1"}, f"requests left the machine: {sorted(h for h in hosts if h != '127.0.0.1')}"
    context.close()
