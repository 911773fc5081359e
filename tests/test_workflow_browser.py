"""End to end in Chromium: an analyst uploads reports (two good files, one blank), corrects a toll and sees it everywhere."""

from __future__ import annotations

import contextlib
import csv
import re
from types import SimpleNamespace
from urllib.parse import urlparse

import pytest
from conftest import MAP_FRAME_SELECTOR, ROOT, map_event_positions, map_frame, run_cli, streamlit_server

pytestmark = pytest.mark.browser

WORKFLOW = ROOT / "tests" / "data" / "workflow"
MARKET = (35.945, 36.655)  # a point in Idlib city, about 2.5 km from the town's gazetteer point
PROBE = '<img src=x onerror="window.__probe=1"> ![pixel](http://198.51.100.7/p.png) **bold**'


@pytest.fixture(scope="module")
def workflow_db(tmp_path_factory):
    """Its own database (the demo corpus), since this test changes the data."""
    url = f"sqlite:///{tmp_path_factory.mktemp('workflow') / 'review.sqlite'}"
    loaded = run_cli("demo", env={"CONFLICTMAP_DB_URL": url})
    assert loaded.returncode == 0, loaded.stderr
    return url


@pytest.fixture(scope="module")
def workflow_app(workflow_db):
    """The dashboard over that database; the test may stop it (``stop``) to restart the app."""
    with contextlib.ExitStack() as stack:
        url = stack.enter_context(streamlit_server(workflow_db, "streamlit-workflow.log"))
        yield SimpleNamespace(url=url, stop=stack.close)


def _wait_idle(page) -> None:
    """Until the script run is over and the elements of the previous run are gone."""
    page.wait_for_timeout(300)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)
    page.wait_for_selector('[data-stale="true"]', state="detached", timeout=60_000)


def _fatalities_metric(page) -> int:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Fatalities")
    return int(metric.locator('[data-testid="stMetricValue"]').inner_text().replace(",", ""))


def _chart_figures(page) -> dict[str, int]:
    """What the overview's bar charts show, read from their bars' ARIA labels (Vega draws SVG with them;
    a line or area has one label for its first point only, so the cumulative chart is left out)."""
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]')]"
        ".filter(c => c.querySelector('[aria-roledescription=\"bar\"]')).length === 4",
        timeout=60_000,
    )
    bars = [
        charts.nth(i).evaluate("c => [...c.querySelectorAll('[aria-roledescription=\"bar\"]')].map(m => m.getAttribute('aria-label'))")
        for i in range(5)
    ]

    def killed(labels: list[str], having: str = "") -> int:
        found = (re.search(r"(?:^|; )Killed: ([\d,]+)(?:;|$)", label) for label in labels if having in label)
        return sum(int(m.group(1).replace(",", "")) for m in found if m)

    split, area, cumulative, kinds, versus = bars
    assert not cumulative, "the cumulative chart has no bars"
    return {
        "per week by side": killed(split),
        "in Idleb": killed(area, "Governorate: Idleb;"),
        "by air strikes": killed(kinds, "Sub-type: Air/drone strike;"),
        "per week": killed(versus),
    }


def _pick(page, label: str, typed: str) -> str:
    """Choose the first option of a select box that contains ``typed``; the chosen label."""
    box = page.get_by_role("combobox", name=label, exact=True)
    box.click()
    box.fill(typed)
    page.keyboard.press("Enter")
    _wait_idle(page)
    return box.input_value()


def test_upload_files_correct_a_toll_and_see_it_in_the_review_page_the_audit_trail_and_totals(
    workflow_db, workflow_app, browser, artifacts_dir, tmp_path
):
    batch = tmp_path / "levant_wire.csv"
    with batch.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["title", "text", "date", "source", "url"])
        later = (WORKFLOW / "idlib_market_later_report.txt").read_text(encoding="utf-8").split("\n\n", 1)[1]
        writer.writerow(["Toll from Idlib market air raid rises to 39", later, "2016-06-13", "Levant Wire", ""])
        writer.writerow([
            "Kurdish fighters take Tal Abyad",
            f"Kurdish YPG fighters seized the border town of Tal Abyad from the Islamic State group on Tuesday {PROBE}.",
            "2015-06-16", "Levant Wire", "",
        ])

    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).hostname))

    page.goto(workflow_app.url, wait_until="domcontentloaded")
    page.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
    # A first view is done once the run the map asks for has brought the charts.
    page.wait_for_selector('[data-testid="stVegaLiteChart"]', timeout=60_000)
    _wait_idle(page)
    total_before = _fatalities_metric(page)
    charts_before = _chart_figures(page)

    # Upload the two files on the Ingest page and watch the progress bar finish.
    page.get_by_role("link", name="Ingest").click()
    page.wait_for_selector('input[type="file"]', state="attached", timeout=30_000)
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b"\n\n")
    page.locator('input[type="file"]').set_input_files([str(WORKFLOW / "idlib_market_first_report.txt"), str(batch), str(blank)])
    page.get_by_text("blank.txt").wait_for(timeout=30_000)
    page.get_by_role("button", name="Ingest the files").click()
    page.get_by_text("Done: 4 of 4 processed").wait_for(timeout=60_000)
    bar = page.get_by_role("progressbar")
    assert bar.get_attribute("aria-valuenow") == "100"
    page.get_by_text("3 articles added (3 events)").wait_for(timeout=30_000)
    _wait_idle(page)
    errors = page.locator('[data-testid="stAlertContentError"]')
    assert errors.count() == 1 and errors.inner_text() == "blank.txt: empty report (no text)"

    # Correct the toll of the first report on the Events page.
    page.get_by_role("link", name="Events").click()
    page.get_by_role("heading", name="Review an event").wait_for(timeout=60_000)
    name = page.get_by_label("Your name (kept in the audit trail)")
    name.fill("Test Analyst")
    name.press("Enter")
    _wait_idle(page)
    assert "35 killed" in _pick(page, "Event", "Idlib, Idleb · Air/drone strike · 35 killed")
    page.get_by_text("low 35 · best 39 · high 39").wait_for(timeout=30_000)

    killed = page.get_by_label("Killed (empty when not reported)")
    page.wait_for_function("() => document.querySelectorAll('input[aria-label^=\"Killed (empty\"]').length === 1")
    assert killed.input_value() == "35"
    killed.fill("37")
    page.get_by_role("button", name="Save corrections").click()
    page.get_by_text("Saved: fatalities 35 → 37").wait_for(timeout=30_000)
    _wait_idle(page)

    selected = page.get_by_role("combobox", name="Event", exact=True).input_value()
    assert "37 killed · reviewed" in selected
    page.get_by_text("low 37 · best 39 · high 39").wait_for(timeout=30_000)
    trail = page.locator('[data-testid="stTable"]').last.inner_text()
    assert re.search(r"Test Analyst\s+edit\s+fatalities\s+35\s+37", trail), trail
    page.set_viewport_size({"width": 1400, "height": 2700})  # the page scrolls inside the app: show all of it
    page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]')?.scrollTo(0, 0)")
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts_dir / "review.png"))
    page.set_viewport_size({"width": 1400, "height": 1100})

    # Report text stays text: the probe's markup shows as characters and runs nothing.
    _pick(page, "Event", "Tal Abyad")
    evidence = page.locator('[data-testid="stMarkdownContainer"]').filter(has_text="Evidence:").first.inner_text()
    assert '<img src=x onerror="window.__probe=1">' in evidence
    assert "![pixel](http://198.51.100.7/p.png)" in evidence and "**bold**" in evidence
    assert page.locator('img[src="x"]').count() == 0
    assert page.evaluate("window.__probe") is None

    # The overview counts the incident once, at its best estimate: the later report's 39
    # (37 + 39 would count the two reports of one incident twice).
    page.get_by_role("link", name="Overview").click()
    page.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
    _wait_idle(page)
    assert _fatalities_metric(page) - total_before == 39
    # So does every chart: 39 more killed, never 37 + 39.
    charts_after = _chart_figures(page)
    assert {k: charts_after[k] - charts_before[k] for k in charts_before} == dict.fromkeys(charts_before, 39), (
        charts_before, charts_after
    )

    # The correction survives an ingest of the same article and a restart of the app.
    workflow_app.stop()
    again = run_cli("ingest", str(WORKFLOW / "idlib_market_first_report.txt"), env={"CONFLICTMAP_DB_URL": workflow_db})
    assert again.returncode == 0, again.stderr
    assert "0 articles added (0 events), 1 already stored" in again.stdout
    with streamlit_server(workflow_db, "streamlit-workflow-restarted.log") as restarted:
        page.goto(restarted, wait_until="domcontentloaded")
        page.wait_for_selector('[data-testid="stVegaLiteChart"]', timeout=60_000)
        _wait_idle(page)
        assert _fatalities_metric(page) - total_before == 39
        page.get_by_role("link", name="Events").click()
        page.get_by_role("heading", name="Review an event").wait_for(timeout=60_000)
        _wait_idle(page)
        assert "37 killed · reviewed" in _pick(page, "Event", "Idlib, Idleb · Air/drone strike · 37 killed")
        assert page.get_by_label("Killed (empty when not reported)").input_value() == "37"
        page.get_by_text("low 37 · best 39 · high 39").wait_for(timeout=30_000)
        trail = page.locator('[data-testid="stTable"]').last.inner_text()
        assert re.search(r"Test Analyst\s+edit\s+fatalities\s+35\s+37", trail), trail

        # Move the event by clicking the review page's map (Leaflet says which pixel a point is).
        name = page.get_by_label("Your name (kept in the audit trail)")
        name.fill("Test Analyst")  # a new session after the restart
        name.press("Enter")
        _wait_idle(page)
        frame = map_frame(page)
        x, y = frame.evaluate(f"() => {{ const p = window.map.latLngToContainerPoint([{MARKET[0]}, {MARKET[1]}]); return [p.x, p.y]; }}")
        page.frame_locator(MAP_FRAME_SELECTOR).locator(".leaflet-container").click(position={"x": x, "y": y})
        move = page.get_by_role("button", name=re.compile(r"Move the event to the clicked point"))
        move.wait_for(timeout=30_000)
        clicked = [float(v) for v in re.search(r"\(([-\d.]+), ([-\d.]+)\)", move.inner_text()).groups()]
        assert abs(clicked[0] - MARKET[0]) < 0.005 and abs(clicked[1] - MARKET[1]) < 0.005, clicked
        move.click()
        page.get_by_text(re.compile(r"^Moved: .*latitude 35\.93062 → ")).wait_for(timeout=30_000)
        _wait_idle(page)
        trail = page.locator('[data-testid="stTable"]').last.inner_text()
        assert re.search(rf"Test Analyst\s+place\s+latitude\s+[\d.]+\s+{clicked[0]}", trail), trail

        # The overview's map shows the incident at the point clicked, and still counts it once.
        page.get_by_role("link", name="Overview").click()
        near = f"Math.abs(a - {clicked[0]}) < 2e-4 && Math.abs(b - {clicked[1]}) < 2e-4"
        map_event_positions(page, f"p.some(([a, b]) => {near})")  # waits until the map shows it there
        _wait_idle(page)
        assert _fatalities_metric(page) - total_before == 39

    assert hosts <= {"127.0.0.1"}, f"requests left the machine: {sorted(h for h in hosts if h != '127.0.0.1')}"
    context.close()
