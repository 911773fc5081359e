"""End to end: the real app in headless Chromium, as an analyst sees it offline."""

from __future__ import annotations

import datetime as dt
import time
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
STATUS = ".cm-status"


def map_frame(page):
    for frame in page.frames:
        if "st_folium" in frame.url:
            return frame
    return None


def map_point(page, x: float, y: float) -> tuple[float, float]:
    """A point in the map's container, in page pixels."""
    box = page.locator(MAP_FRAME).bounding_box()
    rect = map_frame(page).evaluate("(() => { const r = CM.state.map.getContainer().getBoundingClientRect(); return [r.left, r.top]; })()")
    return box["x"] + rect[0] + x, box["y"] + rect[1] + y


def map_status(page) -> dict:
    status = page.frame_locator(MAP_FRAME).locator(STATUS)
    if not status.count():
        return {}
    return {name: status.first.get_attribute(f"data-{name}") for name in ("shown", "drawn")} | {
        "text": status.first.inner_text()
    }


def wait_for_map(page, condition=lambda s: s.get("drawn") not in (None, "", "0"), timeout: float = 60.0) -> dict:
    deadline = time.monotonic() + timeout
    status = {}
    while time.monotonic() < deadline:
        status = map_status(page)
        if status and condition(status):
            return status
        page.wait_for_timeout(200)
    raise AssertionError(f"the map did not reach the expected state within {timeout} s: {status}")


def metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


def window(status: dict) -> list[dt.date]:
    """The map's "start to end" label as dates."""
    label = status["text"].split(" · ")[1]
    return [dt.datetime.strptime(part, "%d %b %Y").date() for part in label.split(" to ")]


def settled_status(page, quiet_s: float = 3.0, timeout: float = 60.0) -> dict:
    """The map's status once it has stopped changing for ``quiet_s`` seconds."""
    deadline = time.monotonic() + timeout
    last, since = map_status(page), time.monotonic()
    while time.monotonic() < deadline:
        page.wait_for_timeout(250)
        now = map_status(page)
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet_s:
            return now
    raise AssertionError(f"the map kept changing for {timeout} s")


def timeline_thumbs(page):
    return page.locator('[data-testid="stMain"] [data-testid="stSlider"]').filter(has_text="Timeline").get_by_role("slider")


def wait_for_metric(page, label: str, condition, timeout: float = 30.0) -> int:
    """A key figure once it meets ``condition`` (the figures are drawn just after the map)."""
    deadline = time.monotonic() + timeout
    value = int(metric(page, label).replace(",", ""))
    while not condition(value) and time.monotonic() < deadline:
        page.wait_for_timeout(200)
        value = int(metric(page, label).replace(",", ""))
    return value


def open_overview(browser, url: str, height: int = 1000):
    context = browser.new_context(viewport={"width": 1400, "height": height})
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).hostname))
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(MAP_FRAME, timeout=90_000)
    wait_for_map(page, timeout=90)
    return context, page, hosts


def test_overview_map_shows_events_offline_and_the_timeline_filters_them(app_url, browser, artifacts_dir):
    context, page, hosts = open_overview(browser, app_url)
    before = int(map_status(page)["shown"])
    assert before > 10, "the demo corpus should put its events on the map"
    page.screenshot(path=str(artifacts_dir / "overview.png"), full_page=True)

    # Drag the start of the timeline forward with the keyboard, as a user can.
    start_thumb = timeline_thumbs(page).first
    start_thumb.focus()
    for _ in range(4):
        start_thumb.press("PageUp")
    after = int(wait_for_map(page, lambda s: s.get("shown") not in (None, str(before)))["shown"])
    assert 0 < after < before, f"moving the timeline start should hide early events ({before} -> {after})"
    page.screenshot(path=str(artifacts_dir / "overview-narrowed.png"), full_page=True)

    assert hosts <= {"127.0.0.1"}, f"requests left the machine: {sorted(h for h in hosts if h != '127.0.0.1')}"
    context.close()


def test_a_clicked_event_shows_its_evidence_and_source_in_the_popup(app_url, browser):
    context, page, hosts = open_overview(browser, app_url)
    frame = map_frame(page)
    frame.evaluate("CM.state.map.setZoom(13)")  # below the clustering zoom every event is drawn alone
    frame.evaluate("CM.state.map.setView([36.587, 37.044], 13)")  # Azaz, where the demo has events
    page.wait_for_timeout(800)
    hit = frame.evaluate("CM.state.events.hits.filter(h => h.kind === 'event')[0] || null")
    if hit is None:  # fall back to wherever the first event is
        frame.evaluate(
            "(() => { const d = CM.state.data; const i = d.lat.findIndex(v => v !== null);"
            " CM.state.map.setView([d.lat[i] / 1e4, d.lon[i] / 1e4], 13); })()"
        )
        page.wait_for_timeout(800)
        hit = frame.evaluate("CM.state.events.hits.filter(h => h.kind === 'event')[0]")
    page.mouse.click(*map_point(page, hit["x"], hit["y"]))
    popup = page.frame_locator(MAP_FRAME).locator(".cm-popup")
    popup.wait_for(timeout=15_000)
    popup.locator(".cm-evidence").wait_for(timeout=15_000)
    assert len(popup.locator(".cm-evidence").inner_text()) > 20
    assert "Source:" in popup.inner_text()
    assert hosts <= {"127.0.0.1"}
    context.close()


def test_every_event_stacked_on_one_village_is_reachable_from_its_popup(app_url, browser):
    context, page, _ = open_overview(browser, app_url, height=1400)  # the whole map in view: no scrolling
    frame = map_frame(page)
    target = frame.evaluate(
        """(() => { const d = CM.state.data, m = CM.state.ds.mask, seen = {};
        for (let i = 0; i < d.n; i++) {
          if (d.lat[i] === null || !m[i]) continue;
          const key = d.lat[i] + ',' + d.lon[i]; seen[key] = (seen[key] || 0) + 1;
        }
        const [key, count] = Object.entries(seen).sort((a, b) => b[1] - a[1])[0];
        const [lat, lon] = key.split(',').map(Number);
        return {lat: lat / 1e4, lon: lon / 1e4, count: count}; })()"""
    )
    assert target["count"] >= 2, "the demo corpus has villages with several events"
    frame.evaluate(f"CM.state.map.setView([{target['lat']}, {target['lon']}], 14, {{animate: false}})")
    page.wait_for_timeout(800)
    x, y = frame.evaluate(f"(() => {{ const p = CM.state.map.latLngToContainerPoint([{target['lat']}, {target['lon']}]); return [p.x, p.y]; }})()")
    page.frame_locator(MAP_FRAME).locator(".leaflet-container").click(position={"x": x, "y": y})
    popup = page.frame_locator(MAP_FRAME).locator(".cm-popup")
    label = popup.locator(".cm-pager-label")
    label.wait_for(timeout=15_000)
    first, total = (int(n) for n in label.inner_text().split(" events here")[0].split(" of "))
    assert first == 1 and total >= target["count"]
    seen = []
    for step in range(total):
        assert label.inner_text() == f"{step + 1} of {total} events here"
        popup.locator(".cm-evidence").wait_for(timeout=15_000)
        seen.append(popup.locator(".cm-popup-event").inner_text())
        popup.locator(".cm-pager-next").click()
    assert label.inner_text() == f"1 of {total} events here", "paging wraps round"
    assert len(set(seen)) == total, "each page shows another event"
    context.close()


def test_play_moves_the_timeline_window_and_the_map_follows(app_url, browser):
    context, page, _ = open_overview(browser, app_url)
    initial = map_status(page)
    # Narrow the window first so there is room to move it.
    end_thumb = timeline_thumbs(page).nth(1)
    end_thumb.focus()
    for _ in range(12):
        end_thumb.press("PageDown")
    wait_for_map(page, lambda s: s.get("text") != initial["text"])
    narrowed = settled_status(page)
    page.get_by_role("button", name="▶ Play").click()
    moved = wait_for_map(page, lambda s: window(s)[0] > window(narrowed)[0], timeout=45)
    assert window(moved)[1] > window(narrowed)[1], "the window's end moves on with its start"
    moved_again = wait_for_map(page, lambda s: window(s)[0] > window(moved)[0], timeout=45)
    assert window(moved_again)[1] > window(moved)[1]
    page.get_by_role("button", name="❚❚ Pause").click()
    context.close()


def test_on_a_first_visit_the_filters_and_charts_follow_once_the_map_has_painted_its_events(app_url, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    # The moments (wall clock) the first chart and the sidebar's first filter appeared.
    page.add_init_script(
        """(function watch() {
          if (!window.__chartAt && document.querySelector('[data-testid="stVegaLiteChart"]')) window.__chartAt = Date.now();
          if (!window.__filterAt && document.querySelector('[data-testid="stSidebar"] [data-testid="stNumberInput"]')) window.__filterAt = Date.now();
          if (!(window.__chartAt && window.__filterAt)) requestAnimationFrame(watch);
        })();"""
    )
    page.goto(app_url, wait_until="domcontentloaded")
    page.locator('[data-testid="stVegaLiteChart"]').nth(4).wait_for(timeout=90_000)
    page.get_by_label("Minimum fatalities").wait_for(timeout=30_000)
    painted = map_frame(page).evaluate("CM.state.firstPaintedAt")
    assert painted, "the map painted its events"
    released = map_frame(page).evaluate("CM.state.reportReleasedAt")
    assert released and released >= painted, "the map reports that it is set up only once its events are painted"
    assert page.evaluate("window.__chartAt") >= painted, "the charts come after the events are painted"
    assert page.evaluate("window.__filterAt") >= painted, "so do the sidebar's filters"
    assert page.locator('[data-testid="stVegaLiteChart"]').count() == 5
    assert page.get_by_text("charts follow as soon as the map").count() == 0
    context.close()


def test_an_area_drawn_on_the_map_filters_the_figures_and_charts(app_url, browser, artifacts_dir):
    context, page, _ = open_overview(browser, app_url)
    everything = wait_for_metric(page, "Events", lambda value: value > 0)
    frame = map_frame(page)
    # A rectangle around Aleppo and Azaz, from map coordinates to screen pixels.
    north_west = frame.evaluate("(() => { const p = CM.state.map.latLngToContainerPoint([36.75, 36.8]); return [p.x, p.y]; })()")
    south_east = frame.evaluate("(() => { const p = CM.state.map.latLngToContainerPoint([36.05, 37.4]); return [p.x, p.y]; })()")
    page.frame_locator(MAP_FRAME).locator(".cm-draw-rectangle").click()
    page.mouse.move(*map_point(page, *north_west))
    page.mouse.down()
    page.mouse.move(*map_point(page, (north_west[0] + south_east[0]) / 2, (north_west[1] + south_east[1]) / 2), steps=5)
    page.mouse.move(*map_point(page, *south_east), steps=5)
    page.mouse.up()
    page.get_by_text("limited to the area drawn on the map").wait_for(timeout=30_000)
    inside = wait_for_metric(page, "Events", lambda value: value != everything)
    assert 0 < inside < everything, f"the drawn area should keep some events, not all ({everything} -> {inside})"
    status = wait_for_map(page, lambda s: s.get("shown") == str(inside))
    assert int(status["shown"]) == inside
    assert "area=" in page.url, "the drawn area belongs in the shareable link"
    page.screenshot(path=str(artifacts_dir / "overview-area.png"), full_page=True)

    page.frame_locator(MAP_FRAME).locator(".cm-draw-clear").click()
    page.get_by_text("limited to the area drawn on the map").wait_for(state="detached", timeout=30_000)
    assert wait_for_metric(page, "Events", lambda value: value == everything) == everything
    context.close()


def test_a_shared_link_restores_the_filters(app_url, browser):
    context, page, _ = open_overview(browser, app_url)
    wait_for_metric(page, "Events", lambda value: value > 0)
    everything = metric(page, "Events")
    page.get_by_label("Minimum fatalities").fill("5")
    page.get_by_label("Minimum fatalities").press("Enter")
    page.wait_for_function("() => location.search.includes('minkilled=5')", timeout=30_000)
    deadline = time.monotonic() + 30
    while metric(page, "Events") == everything and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    narrowed = metric(page, "Events")
    assert narrowed != everything
    shown = wait_for_map(page, lambda s: s.get("shown") == narrowed.replace(",", ""))["shown"]
    link = page.url
    context.close()

    context, page, _ = open_overview(browser, link)
    expected = int(narrowed.replace(",", ""))
    assert wait_for_metric(page, "Events", lambda value: value == expected) == expected
    # The filters come with the run the map asks for once it has painted: wait for them.
    page.wait_for_function(
        "() => { const i = document.querySelector('[data-testid=\"stSidebar\"] input[aria-label=\"Minimum fatalities\"]');"
        " return i && i.value === '5'; }",
        timeout=30_000,
    )
    assert wait_for_metric(page, "Events", lambda value: value == expected) == expected
    assert wait_for_map(page, lambda s: s.get("shown") == shown)["shown"] == shown
    context.close()


def test_the_map_keeps_its_view_when_a_filter_changes(app_url, browser):
    context, page, _ = open_overview(browser, app_url)
    frame = map_frame(page)
    frame.evaluate("CM.state.map.setView([36.6, 37.1], 10, {animate: false}); window.__sameMap = true;")
    page.wait_for_timeout(1000)
    before = wait_for_map(page)
    view = frame.evaluate("(() => { const m = CM.state.map, c = m.getCenter(); return [c.lat, c.lng, m.getZoom()]; })()")
    page.get_by_label("Minimum fatalities").fill("3")
    page.get_by_label("Minimum fatalities").press("Enter")
    wait_for_map(page, lambda s: s.get("shown") not in (None, before["shown"]))
    frame = map_frame(page)
    assert frame.evaluate("window.__sameMap === true"), "the map was rebuilt instead of updated"
    after = frame.evaluate("(() => { const m = CM.state.map, c = m.getCenter(); return [c.lat, c.lng, m.getZoom()]; })()")
    assert after == pytest.approx(view, abs=1e-6)
    context.close()
