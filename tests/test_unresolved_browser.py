"""End to end in Chromium: an analyst places a village no gazetteer knows by clicking the map, and its events follow."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from conftest import MAP_FRAME_SELECTOR, ROOT, map_event_positions, map_frame, run_cli, streamlit_server, wait_idle

pytestmark = pytest.mark.browser

REPORTS = ROOT / "tests" / "data" / "unresolved"
ARSHAF = (36.52, 37.29)  # roughly, in the Akhtarin area north of Aleppo

@pytest.fixture(scope="module")
def village_app(tmp_path_factory):
    """The dashboard over a fresh database holding two reports that name Arshaf, and nothing else."""
    url = f"sqlite:///{tmp_path_factory.mktemp('unresolved') / 'places.sqlite'}"
    loaded = run_cli("ingest", str(REPORTS / "arshaf_clash.txt"), str(REPORTS / "arshaf_taken.txt"), env={"CONFLICTMAP_DB_URL": url})
    assert loaded.returncode == 0, loaded.stderr
    with streamlit_server(url, "streamlit-unresolved.log") as app:
        yield app


def test_clicking_the_map_places_the_village_and_its_events_move_there_on_the_overview(village_app, browser, artifacts_dir):
    context = browser.new_context(viewport={"width": 1400, "height": 1400})
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).hostname))

    # Before: one report is shown at the Aleppo countryside, the other (no area given) nowhere.
    page.goto(village_app, wait_until="domcontentloaded")
    (before,) = map_event_positions(page, "p.length === 1")
    assert abs(before[0] - ARSHAF[0]) > 0.1 or abs(before[1] - ARSHAF[1]) > 0.1

    page.get_by_role("link", name="Unresolved places").click()
    page.get_by_text("Islamic State takes Arshaf north of Aleppo").wait_for(timeout=60_000)
    page.get_by_text("Islamic State fighters battle rebels for Arshaf").wait_for(timeout=30_000)
    wait_idle(page)
    name = page.get_by_label("Your name (kept in the audit trail)")
    name.fill("Browser Desk")
    name.press("Enter")
    wait_idle(page)

    # Click the map where Arshaf is: Leaflet says which pixel that is.
    frame = map_frame(page)
    x, y = frame.evaluate(f"() => {{ const p = window.map.latLngToContainerPoint([{ARSHAF[0]}, {ARSHAF[1]}]); return [p.x, p.y]; }}")
    page.frame_locator(MAP_FRAME_SELECTOR).locator(".leaflet-container").click(position={"x": x, "y": y})
    latitude = page.get_by_label("Latitude")
    page.wait_for_function(
        "() => { const box = document.querySelector('input[aria-label=\"Latitude\"]'); return box && box.value !== ''; }",
        timeout=30_000,
    )
    wait_idle(page)
    picked = (float(latitude.input_value()), float(page.get_by_label("Longitude").input_value()))
    assert abs(picked[0] - ARSHAF[0]) < 0.01 and abs(picked[1] - ARSHAF[1]) < 0.01, picked
    page.screenshot(path=str(artifacts_dir / "unresolved-picked.png"), full_page=True)

    page.get_by_role("button", name="Place Arshaf here").click()
    page.get_by_text("2 events moved there").wait_for(timeout=60_000)
    page.get_by_text("nothing is waiting to be placed").wait_for(timeout=30_000)
    wait_idle(page)  # the previous run's list goes once this run is over
    assert page.get_by_text("Islamic State takes Arshaf north of Aleppo").count() == 0

    # The overview now shows both events, at the place the analyst clicked.
    page.get_by_role("link", name="Overview").click()
    # Both reports tell of fighting for the village; the overview may merge them into one incident.
    near = f"p.every(([a, b]) => Math.abs(a - {picked[0]}) < 2e-4 && Math.abs(b - {picked[1]}) < 2e-4)"
    after = map_event_positions(page, f"p.length >= 1 && {near}")
    for lat, lon in after:
        assert abs(lat - picked[0]) < 2e-4 and abs(lon - picked[1]) < 2e-4
    page.screenshot(path=str(artifacts_dir / "unresolved-placed-overview.png"), full_page=True)

    assert hosts <= {"127.0.0.1"}, f"requests left the machine: {sorted(h for h in hosts if h != '127.0.0.1')}"
    context.close()
