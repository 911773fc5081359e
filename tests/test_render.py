"""Map, briefing and page pictures rendered by headless Chromium, opened with real readers."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlparse

import numpy as np
import pytest
from conftest import run_cli
from PIL import Image, ImageStat
from pypdf import PdfReader

from conflictmap.mapview import EVENT_COLOURS
from conflictmap.store import connect, load_events

pytestmark = pytest.mark.browser

MAP_BACKGROUND = (0xDF, 0xE6, 0xE9)
BRIEFING_MARKERS = "path.cm-event"


def _pdf_text(path) -> str:
    """The first page's text, ligatures (fl, fi) unfolded and whitespace made single spaces."""
    return " ".join(unicodedata.normalize("NFKC", PdfReader(path).pages[0].extract_text()).split())


def _env(url: str, **extra: str) -> dict[str, str]:
    return {"CONFLICTMAP_DB_URL": url, **extra}


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def _pixels_near(picture: Image.Image, colour: tuple[int, int, int], tolerance: int = 22) -> int:
    pixels = np.asarray(picture.convert("RGB"), dtype=np.int16)
    return int((np.abs(pixels - np.array(colour)).max(axis=2) <= tolerance).sum())


def _marker_colour_pixels(picture: Image.Image, event_type: str) -> int:
    """Pixels in an event type's colour, as a solid stroke or as a fill over the map's background."""
    colour = _rgb(EVENT_COLOURS[event_type])
    filled = tuple(round(0.75 * c + 0.25 * b) for c, b in zip(colour, MAP_BACKGROUND, strict=True))
    return _pixels_near(picture, colour) + _pixels_near(picture, filled)


def _open_png(path) -> Image.Image:
    picture = Image.open(path)
    picture.load()
    assert picture.format == "PNG"
    return picture


def _not_blank(picture: Image.Image) -> bool:
    grey = picture.convert("L")
    return max(ImageStat.Stat(grey).stddev) > 15 and len(np.unique(np.asarray(grey))) > 20


def _located(url: str):
    frame = load_events(connect(url))
    return frame[frame["event_date"].notna()].dropna(subset=["latitude", "longitude"])


def test_the_map_png_has_the_chosen_size_and_shows_the_markers_colours(demo_db_url, need_chromium, tmp_path):
    out = tmp_path / "map.png"
    result = run_cli(
        "export",
        "--format",
        "png",
        "--map",
        "--width",
        "1200",
        "--aspect",
        "4:3",
        "--out",
        str(out),
        env=_env(demo_db_url),
    )
    assert result.returncode == 0, result.stderr
    picture = _open_png(out)
    assert picture.size == (1200, 900)
    assert _not_blank(picture)
    types = _located(demo_db_url)["event_type"].value_counts()
    for event_type in types.index[:2]:
        assert _marker_colour_pixels(picture, event_type) > 300, f"{event_type} markers should show in their colour"
    assert _pixels_near(picture, MAP_BACKGROUND, 4) > 0.3 * 1200 * 900, "the offline background fills the map"


@pytest.mark.parametrize("aspect", ["16:9", "4:3"])
def test_the_map_pictures_page_holds_legend_scale_bar_north_arrow_and_sources_inside_the_frame(
    demo_db_url, browser, aspect
):
    from conflictmap.cartography import aspect_height
    from conflictmap.render import MAP_CSS_WIDTH, briefing_map, inline_assets, offline_page

    frame = _located(demo_db_url)
    width, height = MAP_CSS_WIDTH, aspect_height(MAP_CSS_WIDTH, aspect)
    page = offline_page(browser, width, height)
    page.set_content(inline_assets(briefing_map(frame).get_root().render()), wait_until="load")
    page.wait_for_selector(BRIEFING_MARKERS, state="attached", timeout=30_000)
    for control in (".cm-legend", ".leaflet-control-scale-line", ".cm-north-arrow", ".leaflet-control-attribution"):
        box = page.locator(control).first.bounding_box()
        assert box and box["width"] > 20, control
        assert box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= width, control
        assert box["y"] + box["height"] <= height, f"{control} is cut off at {aspect}"
    legend = page.locator(".cm-legend").inner_text()
    assert all(event_type in legend for event_type in set(frame["event_type"]))
    assert "people killed" in page.locator(".cm-size-key").inner_text()
    keys = [page.locator(key).bounding_box() for key in (".cm-legend", ".cm-size-key", ".cm-north-arrow")]
    markers = page.evaluate(
        "[...document.querySelectorAll('path.cm-event')].map(p => { const b = p.getBoundingClientRect();"
        " return {x: b.x + b.width / 2, y: b.y + b.height / 2}; })"
    )
    hidden = [
        m for m in markers for k in keys if k["x"] <= m["x"] <= k["x"] + k["width"] and m["y"] <= k["y"] + k["height"]
    ]
    assert hidden == [], f"event markers under the map's keys at {aspect}"
    assert page.locator(".leaflet-control-zoom").is_hidden(), "no zoom buttons on a picture"
    page.context.close()


def test_the_briefing_png_from_the_demo_corpus_is_a_full_page_with_map_and_charts(
    demo_db_url, need_chromium, artifacts_dir
):
    out = artifacts_dir / "briefing-demo.png"
    result = run_cli("export", "--format", "png", "--width", "1600", "--out", str(out), env=_env(demo_db_url))
    assert result.returncode == 0, result.stderr
    picture = _open_png(out)
    assert picture.width == 1600
    assert 900 <= picture.height <= 2400, picture.size
    assert _not_blank(picture)
    assert _marker_colour_pixels(picture, "Battles") > 300
    assert _pixels_near(picture, _rgb("#c0392b"), 10) > 1000, "the by-type chart's Battles bar and the tolls in red"


def test_the_briefing_pdf_parses_and_holds_the_title_the_figures_and_the_sources(
    demo_db_url, need_chromium, artifacts_dir
):
    out = artifacts_dir / "briefing-demo.pdf"
    title = "Northern Syria: what the reports say, 2014 to 2016"
    result = run_cli("export", "--format", "pdf", "--title", title, "--out", str(out), env=_env(demo_db_url))
    assert result.returncode == 0, result.stderr
    reader = PdfReader(out)
    assert len(reader.pages) == 1, "the briefing is one page"
    text = _pdf_text(out)
    assert title in text
    frame = load_events(connect(demo_db_url))
    dated = frame[frame["event_date"].notna()]
    assert f"{int(dated['fatalities'].sum()):,}" in text
    top = dated.sort_values("fatalities", ascending=False).iloc[0]
    assert f"{int(top['fatalities'])} killed" in text and f"Source: {top['source']}" in text
    assert "Generated" in text
    images = reader.pages[0].images
    assert images, "the map is in the PDF as a picture"


def test_the_hostile_report_shows_as_text_in_the_briefing_pdf(hostile_db_url, need_chromium, tmp_path):
    out = tmp_path / "hostile.pdf"
    result = run_cli(
        "export", "--format", "pdf", "--title", "<script>alert(1)</script>", "--out", str(out), env=_env(hostile_db_url)
    )
    assert result.returncode == 0, result.stderr
    text = _pdf_text(out)
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(2)>" in text
    assert '=HYPERLINK("http://example.invalid/","click")' in text


def test_the_rendered_exports_take_the_dashboards_filters(demo_db_url, browser, need_chromium, tmp_path):
    located = _located(demo_db_url)
    battles = located[located["event_type"] == "Battles"]
    assert 0 < len(battles) < len(located)
    out = tmp_path / "battles.html"
    result = run_cli("export", "--format", "html", "--event-type", "Battles", "--out", str(out), env=_env(demo_db_url))
    assert result.returncode == 0, result.stderr
    page = browser.new_page()
    page.goto(out.as_uri(), wait_until="load")
    page.wait_for_selector(BRIEFING_MARKERS, state="attached", timeout=30_000)
    assert page.locator(BRIEFING_MARKERS).count() == len(battles)
    page.close()

    stored = load_events(connect(demo_db_url)).dropna(subset=["event_date"])
    chosen = stored[
        (stored["admin1"] == "Aleppo")
        & (stored["event_date"] >= "2014-01-01")
        & (stored["event_date"] <= "2015-12-31")
        & ((stored["actor1"] == "Islamic State") | (stored["actor2"] == "Islamic State"))
    ]
    assert 0 < len(chosen) < len(stored)
    pdf = tmp_path / "aleppo.pdf"
    args = ["--admin1", "Aleppo", "--from", "2014-01-01", "--to", "2015-12-31", "--actor", "Islamic State"]
    result = run_cli("export", "--format", "pdf", *args, "--out", str(pdf), env=_env(demo_db_url))
    assert result.returncode == 0, result.stderr
    text = _pdf_text(pdf)
    assert "Conflict events in Aleppo governorate" in text
    assert "1 January 2014 to 31 December 2015" in text and "Actors: Islamic State" in text
    assert f"{len(chosen)} EVENTS" in text.upper() and f"{int(chosen['fatalities'].sum()):,}" in text


def test_the_hostile_report_is_inert_in_the_briefing_and_map_pictures(hostile_db_url, browser, tmp_path):
    from conflictmap.briefing import briefing_charts, briefing_document, build_briefing
    from conflictmap.export import EventFilters
    from conflictmap.render import briefing_map, chart_svg, inline_assets, offline_page

    frame = EventFilters().apply(load_events(connect(hostile_db_url)))
    svgs = [chart_svg(chart) for chart in briefing_charts(frame)]
    assert not [svg for svg in svgs if re.search(r"<script|<foreignObject|onerror", svg, re.IGNORECASE)]
    # The very pages the PNG and PDF are taken from, with a watch on dialogs.
    pages = {
        "briefing": briefing_document(build_briefing(frame, title="<b>=1+1</b>"), None, svgs),
        "map": inline_assets(briefing_map(frame).get_root().render()),
    }
    for name, document in pages.items():
        dialogs, blocked = [], []
        page = offline_page(browser, 1280, 900, blocked=blocked)
        page.on("dialog", lambda dialog, dialogs=dialogs: (dialogs.append(dialog.message), dialog.dismiss()))
        page.set_content(document, wait_until="load")
        page.wait_for_timeout(500)
        shown = page.locator("body").inner_text()
        assert '=HYPERLINK("http://example.invalid/","click")' in shown, f"{name}: the source shows as text"
        assert page.locator('img[src="x"], b:text("=1+1")').count() == 0, f"{name}: report markup became elements"
        assert dialogs == [] and blocked == [], f"{name}: {dialogs} {blocked}"
        if name == "briefing":
            assert "<img src=x onerror=alert(2)>" in shown and "<b>=1+1</b>" in shown
            assert page.locator("script").count() == 0
        page.context.close()
    for args in (["--format", "png"], ["--format", "png", "--map"]):
        out = tmp_path / f"hostile-{len(args)}.png"
        result = run_cli("export", *args, "--out", str(out), env=_env(hostile_db_url))
        assert result.returncode == 0, result.stderr
        assert _not_blank(_open_png(out))


def test_rendering_without_chromium_names_what_to_install_and_writes_nothing(demo_db_url, tmp_path):
    out = tmp_path / "briefing.png"
    result = run_cli(
        "export",
        "--format",
        "png",
        "--out",
        str(out),
        env=_env(demo_db_url, CONFLICTMAP_CHROMIUM=str(tmp_path / "none")),
    )
    assert result.returncode == 3
    assert "apt-get install chromium" in result.stderr
    assert not out.exists()


def test_rendering_without_the_playwright_package_names_it_and_writes_nothing(demo_db_url, tmp_path):
    # A package of that name earlier on the path that fails to import, as when it is not installed.
    hidden = tmp_path / "hide"
    (hidden / "playwright").mkdir(parents=True)
    (hidden / "playwright" / "__init__.py").write_text("raise ImportError(\"No module named 'playwright'\")\n")
    out = tmp_path / "briefing.pdf"
    result = run_cli("export", "--format", "pdf", "--out", str(out), env=_env(demo_db_url, PYTHONPATH=str(hidden)))
    assert result.returncode == 3, result.stderr
    assert "pip install playwright" in result.stderr and "apt-get install chromium" in result.stderr
    assert not out.exists()
    html_out = tmp_path / "map.html"
    result = run_cli(
        "export", "--format", "html", "--out", str(html_out), env=_env(demo_db_url, PYTHONPATH=str(hidden))
    )
    assert result.returncode == 0 and html_out.stat().st_size > 100_000, "the offline HTML map needs no browser"


@pytest.mark.parametrize("missing", ["playwright", "chromium"])
def test_the_briefing_page_says_what_to_install_and_disables_the_picture_downloads(demo_db_url, monkeypatch, missing):
    import sys

    from conftest import ROOT
    from streamlit.testing.v1 import AppTest

    import conflictmap.render

    if missing == "playwright":
        monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # import fails as if not installed
        wanted = "pip install playwright"
    else:
        monkeypatch.setattr(conflictmap.render, "CHROMIUM", "/nonexistent/chromium")
        wanted = "apt-get install chromium"
    monkeypatch.setenv("CONFLICTMAP_DB_URL", demo_db_url)
    app = AppTest.from_file(str(ROOT / "pages" / "3_Briefing.py"), default_timeout=90).run()
    assert not app.exception
    assert [w.value for w in app.warning if wanted in w.value], [w.value for w in app.warning]
    buttons = {button.proto.label: button.proto.disabled for button in app.get("download_button")}
    assert buttons["Map as PNG"] and buttons["Briefing as PNG"] and buttons["Briefing as PDF"]
    assert not buttons["Events as CSV"] and not buttons["Map as offline HTML"] and not buttons["Chart 1 as PNG"]


def _offline_page(browser, hosts: list[str], dialogs: list[str]):
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    page = context.new_page()
    page.on("request", lambda request: hosts.append(request.url))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return page


def test_the_standalone_html_map_opens_offline_with_every_marker_and_no_outside_request(demo_db_url, browser, tmp_path):
    out = tmp_path / "map.html"
    result = run_cli("export", "--format", "html", "--out", str(out), env=_env(demo_db_url))
    assert result.returncode == 0, result.stderr
    source = out.read_text(encoding="utf-8")
    assert not re.search(r'<(script|link)[^>]+(src|href)="(https?:)?//', source), "nothing is fetched from a CDN"
    hosts, dialogs = [], []
    page = _offline_page(browser, hosts, dialogs)
    page.goto(out.as_uri(), wait_until="load")
    page.wait_for_selector(BRIEFING_MARKERS, state="attached", timeout=30_000)
    assert page.locator(BRIEFING_MARKERS).count() == len(_located(demo_db_url))
    visible = page.evaluate(
        "[...document.querySelectorAll('path.cm-event')].filter(p => { const b = p.getBoundingClientRect();"
        " return b.width > 0 && b.right > 0 && b.bottom > 0 && b.left < innerWidth && b.top < innerHeight; }).length"
    )
    assert visible == len(_located(demo_db_url)), "every marker is drawn inside the window"
    assert page.evaluate("typeof L") == "object", "Leaflet came inlined"
    assert page.locator(".cm-north-arrow").count() == 1
    assert page.locator(".cm-legend").count() == 1
    assert page.locator(".leaflet-control-scale").count() >= 1
    assert "Places: GeoNames" in page.locator(".leaflet-control-attribution").inner_text()
    outside = [
        url for url in hosts if urlparse(url).scheme not in ("file", "data") and urlparse(url).hostname != "127.0.0.1"
    ]
    assert outside == []
    assert dialogs == []
    page.context.close()


def _open_popup_of(page, marker) -> str:
    """Click a marker as a reader would and return its popup's text.

    The previous popup is closed first and the click waits until the marker stops moving:
    opening a popup pans the map, and a click aimed at where a marker was a moment ago lands
    on the bare map, which closes popups instead of opening one.
    """
    close = page.locator(".leaflet-popup-close-button")
    if close.count():
        close.first.click()
        page.wait_for_selector(".leaflet-popup", state="detached", timeout=5_000)
    box, previous = marker.bounding_box(), None
    for _ in range(50):
        if box == previous:
            break
        page.wait_for_timeout(100)
        previous, box = box, marker.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector(".leaflet-popup-content", timeout=5_000)
    return page.locator(".leaflet-popup-content").inner_text()


def test_the_hostile_report_in_the_html_map_popups_is_text_and_runs_nothing(hostile_db_url, browser, tmp_path):
    out = tmp_path / "hostile.html"
    assert run_cli("export", "--format", "html", "--out", str(out), env=_env(hostile_db_url)).returncode == 0
    hosts, dialogs = [], []
    page = _offline_page(browser, hosts, dialogs)
    page.goto(out.as_uri(), wait_until="load")
    page.wait_for_selector(BRIEFING_MARKERS, state="attached", timeout=30_000)
    popups = []
    for index in range(page.locator(BRIEFING_MARKERS).count()):
        popups.append(_open_popup_of(page, page.locator(BRIEFING_MARKERS).nth(index)))
    page.wait_for_timeout(300)
    text = " ".join(popups)
    assert "<img src=x onerror=alert(2)>" in text
    assert '<script>alert("x")</script>' in text
    assert page.locator('img[src="x"]').count() == 0
    assert dialogs == [], f"a script from the report ran: {dialogs}"
    page.context.close()


def test_the_briefing_page_hides_streamlits_chrome_and_shows_the_slide(app_url, browser, artifacts_dir):
    hosts = []
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.on("request", lambda request: hosts.append(request.url))
    page.goto(f"{app_url}/Briefing", wait_until="domcontentloaded")
    frame_selector = 'iframe[title="streamlit_folium.st_folium"]'
    page.wait_for_selector(frame_selector, timeout=60_000)
    map_frame = page.frame_locator(frame_selector)
    map_frame.locator(BRIEFING_MARKERS).first.wait_for(state="attached", timeout=30_000)
    assert map_frame.locator(BRIEFING_MARKERS).count() > 10
    assert map_frame.locator(".cm-north-arrow").count() == 1
    assert map_frame.locator(".cm-legend").count() == 1
    assert map_frame.locator(".leaflet-control-scale-line").first.inner_text().endswith("km")
    assert "Places: GeoNames" in map_frame.locator(".leaflet-control-attribution").inner_text()
    assert page.locator("h1.cm-title").inner_text() == "Conflict events in northern Syria"
    for chrome in (
        '[data-testid="stSidebar"]',
        '[data-testid="stToolbar"]',
        'header[data-testid="stHeader"]',
        "#MainMenu",
    ):
        assert not page.locator(chrome).is_visible(), f"{chrome} should be hidden on the briefing page"
    box = page.locator(frame_selector).bounding_box()
    assert box["width"] / box["height"] == pytest.approx(16 / 9, abs=0.02)
    page.locator(".cm-footer").wait_for()
    assert "Generated" in page.locator(".cm-footer").inner_text()
    page.wait_for_timeout(1500)
    page.locator(".st-key-briefing-slide").screenshot(path=str(artifacts_dir / "briefing-page.png"))

    page.get_by_label("Title", exact=True).fill("Morning brief: northern Syria")
    page.get_by_label("Title", exact=True).press("Enter")
    page.wait_for_function(
        "document.querySelector('h1.cm-title').innerText === 'Morning brief: northern Syria'", timeout=30_000
    )
    page.get_by_text("4:3", exact=True).click()
    page.wait_for_function(
        f"(() => {{ const f = document.querySelector('{frame_selector}'); return f && Math.abs(f.offsetWidth / f.offsetHeight - 4 / 3) < 0.02; }})()",
        timeout=30_000,
    )
    outside = [url for url in hosts if urlparse(url).hostname != "127.0.0.1" and urlparse(url).scheme != "data"]
    assert outside == []
    context.close()


def test_a_whole_dashboard_page_renders_to_a_png_with_nothing_fetched_from_outside(app_url, need_chromium, tmp_path):
    from conflictmap.render import page_png

    out = tmp_path / "page.png"
    page_png(f"{app_url}/Briefing", out, width=1400, height=1000, wait_for=".cm-footer")
    picture = _open_png(out)
    assert picture.width == 1400 and picture.height >= 1000
    assert _not_blank(picture)
    assert _pixels_near(picture, _rgb("#c0392b"), 10) > 200, "the tolls and chart bars in red are on the page"


def test_the_briefing_pages_downloads_are_real_files(app_url, browser, tmp_path):
    import pandas as pd

    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{app_url}/Briefing", wait_until="domcontentloaded")
    page.locator(".cm-footer").wait_for(timeout=60_000)
    saved = {}
    for label in ("Events as Excel", "Briefing as PDF"):
        with page.expect_download(timeout=120_000) as download:
            page.get_by_role("button", name=label).click()
        saved[label] = tmp_path / download.value.suggested_filename
        download.value.save_as(saved[label])
    sheet = pd.read_excel(saved["Events as Excel"])
    assert list(sheet.columns[:3]) == ["event_id_cnty", "event_date", "year"] and len(sheet) > 10
    text = _pdf_text(saved["Briefing as PDF"])
    assert "Conflict events in northern Syria" in text and "Most lethal events".upper() in text.upper()
    context.close()
