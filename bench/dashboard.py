"""Dashboard benchmark: a synthetic database of N events, the real app, headless Chromium.

    python bench/dashboard.py                    # N = 1,000, 10,000 and 100,000
    python bench/dashboard.py --events 100000    # one size

For each N it prints the server time to build the page's map and charts (build_s),
the bytes the page receives for its data (payload_mb: the app's websocket messages
plus the map's data files), and browser times measured from the moment the page is
opened to the frame in which the map painted its events (the map stamps that moment
itself, so polling from here adds nothing):

- markers_visible_s: a first visit in a fresh browser profile, nothing cached, with
  the app already serving (median of three visits, with nothing listening to the page's
  traffic); map_frame_to_markers_s is the part after the map's frame appears;
  charts_visible_s when the first casualty chart is on the page;
- markers_visible_cached_s: a returning analyst whose browser has cached the scripts;
- cold_markers_visible_s: the very first visit, including the server's first load of
  the database;
- filter_update_s: from pressing Enter on a new minimum toll to the map painting the
  new selection (median of three changes, all three in filter_updates_s);
- rss_mb: the app process's peak resident memory.

The last line is one JSON object keyed by N. A screenshot of the largest map goes
to bench/artifacts/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_VILLAGES = ROOT.parent / "shared" / "data" / "ocha2015_syr_admin4_point.geojson"
# Imported as an analyst would (`conflictmap boundaries import`), so the map is drawn as in use.
SHARED_OUTLINES = [
    ROOT.parent / "shared" / "data" / "ocha2015_syr_admin1.geojson",
    ROOT.parent / "shared" / "data" / "ne10m_syria_border_lines.geojson",
]
ARTIFACTS = ROOT / "bench" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
FRAME = 'iframe[title="streamlit_folium.st_folium"]'
CHARTS = '[data-testid="stVegaLiteChart"]'
# The page notes (wall clock, ms) the first animation frame in which the map's frame has a
# height, i.e. could show anything: markers count as visible from then on, not before.
FRAME_SHOWN_STAMP = """
(function watch() {
  var frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  if (frame && frame.getBoundingClientRect().height > 0) { window.__cmFrameShownAt = Date.now(); return; }
  requestAnimationFrame(watch);
})();
"""

ACTORS = [
    ("Islamic State", 0.25), ("Syrian rebels", 0.2), ("Syrian government forces", 0.2), ("SDF", 0.1),
    ("Al-Nusra Front", 0.08), ("Turkish armed forces", 0.05), ("Russian air force", 0.06), ("US-led coalition", 0.06),
]
TYPES = [
    ("Battles", "Armed clash", 0.3), ("Battles", "Non-state actor overtakes territory", 0.04),
    ("Battles", "Government regains territory", 0.03), ("Explosions/Remote violence", "Air/drone strike", 0.2),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 0.15),
    ("Explosions/Remote violence", "Suicide bomb", 0.02), ("Explosions/Remote violence", "Remote explosive/landmine/IED", 0.04),
    ("Violence against civilians", "Attack", 0.08), ("Violence against civilians", "Abduction/forced disappearance", 0.03),
    ("Protests", "Peaceful protest", 0.04), ("Riots", "Violent demonstration", 0.01),
    ("Strategic developments", "Non-violent transfer of territory", 0.02), ("Strategic developments", "Agreement", 0.02),
]
SOURCES = ["AFP", "Reuters", "SOHR", "Enab Baladi", "Syria Direct", "AP"]
VERBS = {
    "Armed clash": "clashed with", "Non-state actor overtakes territory": "took the village from",
    "Government regains territory": "recaptured the village from", "Air/drone strike": "struck positions of",
    "Shelling/artillery/missile attack": "shelled", "Suicide bomb": "sent a suicide bomber against",
    "Remote explosive/landmine/IED": "planted a roadside bomb against", "Attack": "attacked",
    "Abduction/forced disappearance": "abducted people linked to", "Peaceful protest": "faced protesters opposing",
    "Violent demonstration": "dispersed a riot against", "Non-violent transfer of territory": "handed control to",
    "Agreement": "agreed a truce with",
}


def places(rng: random.Random) -> list[tuple[str, str, str, float, float]]:
    """(name, governorate, district, lat, lon) of villages in northern Syria."""
    if SHARED_VILLAGES.exists():
        data = json.loads(SHARED_VILLAGES.read_text(encoding="utf-8"))
        found = []
        for f in data["features"]:
            p = f["properties"]
            if 35.0 <= p["LATITUDE"] <= 37.35 and 35.7 <= p["LONGITUDE"] <= 42.4:
                found.append((p["NAME_EN"], p["ADMIN1_EN"], p["ADMIN2_EN"], p["LATITUDE"], p["LONGITUDE"]))
        return found
    from conflictmap.gazetteer import NORTHERN_SYRIA_BBOX, builtin_places, in_bbox

    base = [p for p in builtin_places() if p.country == "SY" and in_bbox(p.latitude, p.longitude, NORTHERN_SYRIA_BBOX)]
    return [
        (f"{p.name} {i}", p.admin1 or "Aleppo", p.admin2 or "", p.latitude + rng.gauss(0, 0.05), p.longitude + rng.gauss(0, 0.05))
        for p in base for i in range(20)
    ]


def build_database(url: str, n: int, seed: int = 5) -> None:
    """N events over three years (2014-2016) at real villages, bursts of fighting, uneven tolls."""
    from conflictmap.boundaries import import_boundaries
    from conflictmap.store import articles, connect, events

    rng = random.Random(seed)
    villages = places(rng)
    # Fighting concentrates: a tenth of the villages get most events.
    hot = rng.sample(villages, max(1, len(villages) // 10))
    actor_names, actor_weights = zip(*ACTORS, strict=True)
    type_rows, type_weights = [t[:2] for t in TYPES], [t[2] for t in TYPES]
    start = dt.date(2014, 1, 1)
    engine = connect(url)
    article_rows, event_rows = [], []
    now = dt.datetime(2024, 1, 1)
    for i in range(n):
        if i % 5 == 0:
            article_id = hashlib.sha256(f"article {seed} {i}".encode()).hexdigest()[:32]
            source = rng.choice(SOURCES)
            published = start + dt.timedelta(days=min(1095, int(abs(rng.gauss(0.5, 0.28)) * 1095)))
            article_rows.append(
                {"article_id": article_id, "title": f"Report {i // 5}", "source": source,
                 "source_url": f"https://news.example.org/{article_id}", "published": published,
                 "text": "synthetic report", "path": None, "ingested_at": now}
            )
        name, admin1, admin2, lat, lon = rng.choice(hot) if rng.random() < 0.6 else rng.choice(villages)
        event_type, sub = rng.choices(type_rows, type_weights)[0]
        a1, a2 = rng.choices(actor_names, actor_weights, k=2)
        if a2 == a1:
            a2 = "Civilians"
        precision = rng.choices([1, 2, 3], [0.7, 0.2, 0.1])[0]
        if precision > 1:
            lat, lon = lat + rng.gauss(0, 0.04 * precision), lon + rng.gauss(0, 0.04 * precision)
        killed = None if rng.random() < 0.25 else int(rng.expovariate(1 / 6))
        detail = {}
        if killed and rng.random() < 0.4:
            first = rng.randint(0, killed)
            detail = {a1: first, a2: killed - first}
        day = published - dt.timedelta(days=rng.randint(0, 3))
        verb = VERBS.get(sub, "fought")
        event_rows.append(
            {
                "event_id": hashlib.sha256(f"{article_id} {i}".encode()).hexdigest()[:32],
                "article_id": article_id, "event_date": day, "time_precision": 1,
                "event_type": event_type, "sub_event_type": sub, "actor1": a1, "actor2": a2,
                "location": name, "admin1": admin1, "admin2": admin2, "country": "SY",
                "latitude": round(lat, 5), "longitude": round(lon, 5), "geo_precision": precision,
                "fatalities": killed, "fatalities_detail": detail,
                "evidence": f"On {day:%d %B %Y} {a1} {verb} {a2} in {name}, {admin1}"
                + (f", and {killed} people were killed." if killed else "."),
                "confidence": round(rng.uniform(0.4, 0.95), 2), "source": source,
                "source_url": f"https://news.example.org/{article_id}",
                "status": rng.choices(["auto", "reviewed", "rejected"], [0.8, 0.17, 0.03])[0],
                "location_resolved": True,
            }
        )
    with engine.begin() as conn:
        conn.execute(articles.insert(), article_rows)
        for chunk in range(0, len(event_rows), 20000):
            conn.execute(events.insert(), event_rows[chunk : chunk + 20000])
    for outline in SHARED_OUTLINES:
        if outline.exists():
            import_boundaries(engine, outline)
    engine.dispose()


def server_build_seconds(url: str) -> float:
    """What the server does for a first page: load, write the map data, filter, figures, map and charts."""
    import folium

    from conflictmap import charts
    from conflictmap.analysis import (
        EventFilter,
        by_area,
        by_event_type,
        events_and_fatalities,
        filter_mask,
        key_figures,
        territory_as_of,
    )
    from conflictmap.mapdata import encode_mask, write_map_data
    from conflictmap.mapview import dashboard_map, map_update
    from conflictmap.store import connect, load_events

    with tempfile.TemporaryDirectory() as static:
        started = time.perf_counter()
        frame = load_events(connect(url)).reset_index(drop=True)
        data = write_map_data(frame, static)
        mask = filter_mask(frame, EventFilter())
        shown = frame[mask]
        key_figures(shown)
        fmap = dashboard_map(data.data_url, None, towns=[])
        update = map_update(encode_mask(mask.to_numpy()), territory_as_of(frame, None))
        fmap.get_root().render()
        update.add_to(fmap)
        folium.Figure().add_child(fmap).render()
        for chart in (
            charts.fatalities_split_chart(shown),
            charts.area_chart(by_area(shown)),
            charts.event_type_chart(by_event_type(shown)),
            charts.cumulative_chart(events_and_fatalities(shown)),
            charts.events_vs_fatalities_chart(events_and_fatalities(shown)),
        ):
            chart.to_json()
        return time.perf_counter() - started


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(url: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.address", "127.0.0.1",
         "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env={**os.environ, "CONFLICTMAP_DB_URL": url}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2):
                return process, base
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("the app did not start")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _status(page) -> dict:
    loc = page.frame_locator(FRAME).locator(".cm-status")
    if not loc.count():
        return {}
    return {k: loc.first.get_attribute(f"data-{k}") for k in ("shown", "drawn", "painted-at")}


def _wait(page, ready, timeout: float = 120.0) -> dict:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        status = _status(page)
        if ready(status):
            return status
        page.wait_for_timeout(40)
    raise TimeoutError(f"map not ready after {timeout} s: {_status(page)}")


def _painted_in_page(page, after: float, timeout: float = 120.0) -> dict:
    """Wait, polling inside the page (no round trip from here each time), until the map
    has painted its events after ``after`` (wall clock, s); returns the map's status."""
    handle = page.wait_for_function(
        """(after) => {
          const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
          const status = frame && frame.contentDocument && frame.contentDocument.querySelector('.cm-status');
          if (!status) return null;
          const painted = +status.getAttribute('data-painted-at');
          if (!painted || painted < after * 1000 || ['', '0', null].includes(status.getAttribute('data-drawn'))) return null;
          return {shown: status.getAttribute('data-shown'), drawn: status.getAttribute('data-drawn'),
                  'painted-at': String(painted), framed: window.__cmFrameShownAt || null};
        }""",
        arg=after,
        polling=50,
        timeout=timeout * 1000,
    )
    return handle.json_value()


def _painted_after(moment: float):
    """The map's status says it painted its current state after ``moment`` (wall clock, s)."""
    return lambda s: s.get("painted-at") not in (None, "") and int(s["painted-at"]) / 1000 >= moment


def measure_browser(base: str, browser, n: int, screenshot: Path | None) -> dict:
    """Times come from the page itself: the map stamps (wall clock) the frame in which it
    painted its events, so polling from here adds nothing to them."""
    drawn = lambda s: s.get("drawn") not in (None, "", "0")  # noqa: E731

    # A first visit warms the server (loads the database, writes the map files).
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    page = context.new_page()
    opened = time.time()
    page.goto(base, wait_until="domcontentloaded")
    page.wait_for_selector(FRAME, timeout=180_000)
    status = _wait(page, lambda s: drawn(s) and _painted_after(opened)(s), timeout=180)
    cold = int(status["painted-at"]) / 1000 - opened
    context.close()

    # First visits in fresh browser profiles: nothing cached, not even Streamlit's own
    # scripts. Nothing listens to the page's traffic while these are timed (median of three).
    firsts = []
    for _ in range(3):
        context = browser.new_context(viewport={"width": 1400, "height": 1100})
        page = context.new_page()
        page.add_init_script(FRAME_SHOWN_STAMP)
        opened = time.time()
        page.goto(base, wait_until="domcontentloaded")
        status = _painted_in_page(page, opened)
        painted, framed = int(status["painted-at"]) / 1000, status["framed"] / 1000
        page.wait_for_selector(CHARTS, timeout=60_000)
        firsts.append((max(painted, framed) - opened, max(0.0, painted - framed), time.time() - opened))
        context.close()
    visible, frame_to_markers, charts = sorted(firsts)[1]

    # Another first visit, listened to: what the page receives; then filter changes.
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    page = context.new_page()
    received = {"ws": 0}
    data_files = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: received.__setitem__("ws", received["ws"] + len(payload))))
    page.on("requestfinished", lambda r: data_files.append(r) if "/app/static/cache/" in r.url else None)
    page.goto(base, wait_until="domcontentloaded")
    page.wait_for_selector(FRAME, timeout=60_000)
    _wait(page, drawn)
    page.wait_for_selector(CHARTS, timeout=60_000)
    page.wait_for_timeout(1500)
    if screenshot:
        page.frame_locator(FRAME).locator("#map_div").screenshot(path=str(screenshot))
    files = sum(len(r.response().body()) for r in data_files if r.response())
    payload = (received["ws"] + files) / 1e6

    updates = []
    for minimum in ("10", "0", "25"):
        before = _status(page)["shown"]
        box = page.get_by_label("Minimum fatalities")
        box.fill(minimum)
        pressed = time.time()
        box.press("Enter")
        status = _wait(page, lambda s, before=before, pressed=pressed: s.get("shown") not in (None, before) and _painted_after(pressed)(s))
        updates.append(int(status["painted-at"]) / 1000 - pressed)
        page.wait_for_timeout(1500)  # let the charts settle before the next change
    context.close()

    # A returning analyst: the same browser profile, so Streamlit's and the map's scripts are cached.
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    page = context.new_page()
    page.goto(base, wait_until="domcontentloaded")
    _wait(page, drawn)
    page.wait_for_timeout(1000)
    page.close()  # one session at a time, as for the first visit
    page = context.new_page()
    page.add_init_script(FRAME_SHOWN_STAMP)
    opened = time.time()
    page.goto(base, wait_until="domcontentloaded")
    status = _painted_in_page(page, opened)
    warm = max(int(status["painted-at"]), status["framed"]) / 1000 - opened
    context.close()
    return {"markers_visible_s": round(visible, 2), "markers_visible_cached_s": round(warm, 2),
            "map_frame_to_markers_s": round(frame_to_markers, 2), "charts_visible_s": round(charts, 2),
            "cold_markers_visible_s": round(cold, 2),
            "filter_update_s": round(sorted(updates)[len(updates) // 2], 2), "filter_updates_s": [round(u, 2) for u in updates],
            "payload_mb": round(payload, 2)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="+", default=[1000, 10000, 100000])
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    results = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
        )
        for n in args.events:
            url = f"sqlite:///{tmp}/bench-{n}.sqlite"
            started = time.perf_counter()
            build_database(url, n)
            print(f"N={n}: synthetic database built in {time.perf_counter() - started:.1f} s", flush=True)
            build = server_build_seconds(url)
            process, base = start_app(url)
            try:
                shot = ARTIFACTS / f"map-{n}.png" if n == max(args.events) else None
                figures = measure_browser(base, browser, n, shot)
                rss = peak_rss_mb(process.pid)
            finally:
                process.terminate()
                process.wait(timeout=20)
            results[str(n)] = {"build_s": round(build, 2), **figures, "rss_mb": round(rss, 1)}
            r = results[str(n)]
            print(
                f"N={n:>7,}  build_s={r['build_s']:.2f}  payload_mb={r['payload_mb']:.2f}  "
                f"markers_visible_s={r['markers_visible_s']:.2f} (frame to markers {r['map_frame_to_markers_s']:.2f}, "
                f"cached {r['markers_visible_cached_s']:.2f}, cold {r['cold_markers_visible_s']:.2f}, "
                f"charts {r['charts_visible_s']:.2f})  "
                f"filter_update_s={r['filter_update_s']:.2f} {r['filter_updates_s']}  rss_mb={r['rss_mb']:.0f}",
                flush=True,
            )
        browser.close()
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
