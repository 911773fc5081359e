"""Hostile text in a report is shown as text everywhere: map popups, tables, the ingest page, the briefing,
exports; on SQLite and on PostgreSQL.

The attack article (tests/data/hostile_article.txt, synthetic) puts <script>, <img
onerror>, javascript: links, Markdown images and CSS injection in the title, the
source, the URL and the evidence sentence.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import BACKENDS, ROOT, create_pg_database, dashboard, drop_pg_database, run_cli

from conflictmap.mapview import popup_html
from conflictmap.store import connect, load_events

HOSTILE = ROOT / "tests" / "data" / "hostile_article.txt"
PAYLOADS = ("<script>", "onerror=", "javascript:", "<style>")


@pytest.fixture(scope="module", params=BACKENDS)
def hostile_db(request, tmp_path_factory) -> str:
    """The attack article ingested through the real command line, into SQLite and then PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'hostile.sqlite'}"
    else:
        url = create_pg_database()
    try:
        result = run_cli("ingest", str(HOSTILE), env={"CONFLICTMAP_DB_URL": url})
        assert result.returncode == 0, result.stderr
        yield url
    finally:
        if request.param != "sqlite":
            drop_pg_database(url)


@pytest.fixture(scope="module")
def hostile_event(hostile_db) -> pd.Series:
    frame = load_events(connect(hostile_db))
    assert len(frame) == 1, "the attack article should give one event to show"
    return frame.iloc[0]


def test_the_attack_article_keeps_its_payloads_as_data(hostile_event):
    # The store keeps what the report said; showing it safely is the views' job.
    assert "<script>" in hostile_event["evidence"] and "onerror=" in hostile_event["evidence"]
    assert hostile_event["source"].startswith("<img")
    assert hostile_event["source_url"].startswith("javascript:")


def test_the_map_popup_escapes_every_payload_and_links_no_javascript_url(hostile_event):
    popup = popup_html(hostile_event)
    for payload in ("<script", "<img", "<style", "<a href=\"javascript", "<div style=\"background"):
        assert payload not in popup
    assert "&lt;script&gt;" in popup and "&lt;img src=x onerror=" in popup
    assert "<a " not in popup  # the only link allowed is an http(s) source URL


def test_csv_and_geojson_exports_carry_the_text_verbatim_as_data(hostile_db, hostile_event):
    env = {"CONFLICTMAP_DB_URL": hostile_db}
    exported = run_cli("export", "--format", "csv", env=env)
    assert exported.returncode == 0, exported.stderr
    row = next(csv.DictReader(io.StringIO(exported.stdout)))
    assert row["notes"] == hostile_event["evidence"]  # ACLED's column for the evidence sentence
    assert row["source_url"] == hostile_event["source_url"]
    geojson = run_cli("export", "--format", "geojson", env=env)
    properties = json.loads(geojson.stdout)["features"][0]["properties"]
    assert properties["notes"] == hostile_event["evidence"]
    assert properties["source"] == hostile_event["source"]


def _listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on ``port``, from /proc/net/tcp and tcp6."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].split(":")
            if fields[3] == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


@pytest.fixture(scope="module")
def hostile_app(hostile_db):
    with dashboard(hostile_db) as served:
        yield served


def test_the_dashboard_listens_on_127_0_0_1_only_unless_told_otherwise(hostile_app):
    _, _, port = hostile_app
    assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1, nothing on 0.0.0.0 or ::


@pytest.mark.browser
def test_an_attack_article_runs_nothing_in_the_browser_and_shows_its_text(hostile_app, browser, artifacts_dir):
    url, _, _ = hostile_app
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    dialogs, requests = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))

    def assert_nothing_ran(where: str) -> None:
        for frame in page.frames:
            try:
                flag = frame.evaluate("() => window.__cmPwned === undefined ? null : String(window.__cmPwned)")
                hidden = frame.evaluate("() => document.body && getComputedStyle(document.body).display === 'none'")
            except Exception:  # noqa: BLE001 - a frame that navigated away has nothing to say
                continue
            assert flag is None, f"{where}: a script from the article ran ({flag})"
            assert not hidden, f"{where}: the article's CSS hid the page"
        assert not dialogs, f"{where}: the article opened a dialog: {dialogs}"
        assert not [r for r in requests if ":9/" in r or r.startswith("javascript:")], f"{where}: {requests}"

    # Overview: open the event's popup on the map.
    page.goto(url, wait_until="domcontentloaded")
    map_frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    frame = page.locator('iframe[title="streamlit_folium.st_folium"]').element_handle(timeout=60_000).content_frame()
    frame.wait_for_function("() => window.CM && CM.state && CM.state.ds && CM.state.drawnCount > 0", timeout=60_000)
    # Zoom in on the first event, so that it is drawn alone rather than in a cluster, and click it.
    frame.evaluate(
        "(() => { const d = CM.state.data; const i = d.lat.findIndex(v => v !== null);"
        " CM.state.map.setView([d.lat[i] / 1e4, d.lon[i] / 1e4], 13, {animate: false}); })()"
    )
    frame.wait_for_function("() => CM.state.events.hits.some(h => h.kind === 'event')", timeout=20_000)
    hit = frame.evaluate("CM.state.events.hits.filter(h => h.kind === 'event')[0]")
    origin = frame.evaluate("(() => { const r = CM.state.map.getContainer().getBoundingClientRect(); return [r.left, r.top]; })()")
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    page.mouse.click(box["x"] + origin[0] + hit["x"], box["y"] + origin[1] + hit["y"])
    popup = map_frame.locator(".cm-popup")
    popup.locator(".cm-evidence").wait_for(timeout=20_000)  # the evidence is fetched after the popup opens
    shown = popup.inner_text()
    assert '<script>window.__cmPwned = "evidence script"' in shown
    assert "<img src=x onerror=" in shown
    page.wait_for_timeout(1000)
    page.screenshot(path=str(artifacts_dir / "hostile-overview.png"), full_page=True)
    assert_nothing_ran("overview map popup")

    # Events page: the table with evidence, source and link columns.
    page.goto(f"{url}/Events", wait_until="domcontentloaded")
    page.get_by_text("events, newest first").wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(artifacts_dir / "hostile-events.png"), full_page=True)
    assert_nothing_ran("events table")

    # Briefing page: the most lethal events, with their evidence and source, in st.html.
    page.goto(f"{url}/Briefing", wait_until="domcontentloaded")
    lethal = page.locator(".cm-sheet").filter(has_text="Most lethal events")
    lethal.wait_for(timeout=60_000)
    shown = lethal.inner_text()
    assert '<script>window.__cmPwned = "evidence script"' in shown and "<img src=x onerror=" in shown
    assert "Source: <img src=x onerror=\"alert('source')\">Wire" in shown, shown
    assert "[click](javascript:alert('md'))" in shown  # a Markdown link in the source name stays text
    assert "__cmPwned='url'" not in shown, "the source URL is given only when it is a web address"
    assert lethal.locator("a, img, script, style").count() == 0
    page.wait_for_timeout(1500)
    page.screenshot(path=str(artifacts_dir / "hostile-briefing.png"), full_page=True)
    assert_nothing_ran("briefing page")

    # Ingest page: paste the attack and look at what was extracted.
    page.goto(f"{url}/Ingest", wait_until="domcontentloaded")
    box = page.get_by_label("Paste the report's text")
    box.wait_for(timeout=60_000)
    box.fill(HOSTILE.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Extract events").click()
    page.get_by_role("button", name="Save to the database").wait_for(timeout=60_000)  # the extraction is shown
    caption = page.get_by_text("· source ").inner_text()
    assert "<img src=x onerror=" in caption and "[click](javascript:" in caption
    page.wait_for_timeout(1500)
    page.screenshot(path=str(artifacts_dir / "hostile-ingest.png"), full_page=True)
    assert_nothing_ran("ingest page")

    # Uploads larger than the 5 MB limit are refused by the page.
    too_big = artifacts_dir / "too_big.txt"
    too_big.write_bytes(b"Fighting near Azaz. " * (6 * 1024 * 1024 // 20))
    page.locator('input[type="file"]').set_input_files(str(too_big))
    page.get_by_text("5.0MB or smaller", exact=False).wait_for(timeout=20_000)
    too_big.unlink()
    context.close()
