"""Pictures and documents of the map, the charts and the briefing.

- the map as a standalone HTML file that opens with no network (every script and
  style sheet inlined from the vendored XStatic files);
- the map, a whole briefing or any page as PNG, and the briefing as PDF, through
  headless Chromium driven by Playwright (Debian's ``/usr/bin/chromium``);
- charts as PNG and SVG through vl-convert, with no browser.

Every browser page here runs with the network cut off: only ``file:``, ``data:``
and 127.0.0.1 requests go through.
"""

from __future__ import annotations

import base64
import concurrent.futures
import contextlib
import functools
import math
import mimetypes
import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import altair as alt
import pandas as pd

from conflictmap.assets import STATIC_URL, VENDOR_FILES, asset_path
from conflictmap.briefing import Briefing, briefing_charts, briefing_document
from conflictmap.cartography import aspect_height, decorate_for_briefing

CHROMIUM = os.environ.get("CONFLICTMAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
MAP_CSS_WIDTH = 1000
SETTLE_MS = 400
STANDALONE_POLICY = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:"
)


class RenderUnavailable(RuntimeError):
    """What is needed to render through a browser is not installed."""


# --- standalone HTML map ----------------------------------------------------------------------

_SCRIPT_TAG = re.compile(r'<script\s+src="(?P<url>[^"]+)"\s*>\s*</script>', re.IGNORECASE)
_STYLE_LINK = re.compile(r'<link\s+rel="stylesheet"\s+href="(?P<url>[^"]+)"\s*/?>', re.IGNORECASE)
_CSS_URL = re.compile(r"url\((['\"]?)(?P<ref>[^)'\"]+)\1\)")
_REMOTE_REFERENCE = re.compile(r'<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="(?:https?:)?//', re.IGNORECASE)


def _vendored_name(url: str) -> str:
    prefix = STATIC_URL + "/"
    url = url.split("?", 1)[0]  # a version query names the same file
    if not url.startswith(prefix) or url[len(prefix) :] not in VENDOR_FILES:
        raise ValueError(f"the map refers to {url!r}, which is not a vendored file; it cannot be inlined")
    return url[len(prefix) :]


def _data_uri(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _inline_css(name: str) -> str:
    css = asset_path(name).read_text(encoding="utf-8")
    folder = Path(name).parent

    def embed(match: re.Match) -> str:
        ref = match.group("ref")
        if ref.startswith(("data:", "#")):
            return match.group(0)
        local = (folder / ref).as_posix()
        if local not in VENDOR_FILES:
            return "url()"  # a picture the XStatic package does not ship; never fetched
        return f'url("{_data_uri(asset_path(local))}")'

    return _CSS_URL.sub(embed, css)


def inline_assets(page: str) -> str:
    """The page with each vendored ``<script src>`` and style sheet copied in, so it needs no server."""

    def script(match: re.Match) -> str:
        code = asset_path(_vendored_name(match.group("url"))).read_text(encoding="utf-8")
        return "<script>" + code.replace("</script", "<\\/script") + "</script>"

    def style(match: re.Match) -> str:
        return "<style>" + _inline_css(_vendored_name(match.group("url"))).replace("</style", "<\\/style") + "</style>"

    page = _SCRIPT_TAG.sub(script, page)
    page = _STYLE_LINK.sub(style, page)
    remote = _REMOTE_REFERENCE.search(page)
    if remote:
        raise ValueError(f"the map still refers to an outside resource: {remote.group(0)!r}")
    return page


def briefing_map(frame: pd.DataFrame, still: bool = True, outlines: dict | None = None):
    """The folium map of the events, decorated for a briefing, over the imported outlines if any."""
    from conflictmap.cartography import add_outlines, outlines_credit
    from conflictmap.mapview import event_map

    fmap = event_map(frame)
    if outlines:
        add_outlines(fmap, outlines)
    return decorate_for_briefing(fmap, frame, background=outlines_credit(outlines), still=still)


def standalone_map_html(frame: pd.DataFrame, aspect: str | None = None, outlines: dict | None = None) -> str:
    """The interactive map as one HTML file that opens offline (no CDN, no server).

    With ``aspect`` the map keeps that ratio (as wide as the window) instead of filling it."""
    fmap = briefing_map(frame, still=False, outlines=outlines)
    page = fmap.get_root().render()
    # Everything is inline; forbid fetching anything at all, should a tile or picture URL slip in.
    page = page.replace("<head>", f'<head><meta http-equiv="Content-Security-Policy" content="{STANDALONE_POLICY}">', 1)
    if aspect:
        across, down = (int(part) for part in aspect.split(":"))
        ratio = (
            f".folium-map{{width:100%!important;height:auto!important;aspect-ratio:{across}/{down};max-height:100vh}}"
        )
        page = page.replace("</head>", f"<style>{ratio}</style></head>", 1)
    return inline_assets(page)


# --- the browser ------------------------------------------------------------------------------


def render_unavailable() -> str | None:
    """Why PNG and PDF cannot be rendered here (what to install), or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return (
            "Rendering PNG and PDF needs the Python package playwright (pip install playwright) "
            "and Chromium (apt-get install chromium)."
        )
    if not Path(CHROMIUM).exists():
        return f"Rendering PNG and PDF needs Chromium at {CHROMIUM}: install it with apt-get install chromium."
    return None


def _own_thread(render):
    """Run in a thread of its own: Playwright's sync API refuses a thread that already
    drives an event loop (another Playwright session, an async server)."""

    @functools.wraps(render)
    def run(*args, **kwargs):
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(render, *args, **kwargs).result()

    return run


@contextlib.contextmanager
def chromium() -> Iterator:
    """Headless Chromium through Playwright, or :class:`RenderUnavailable` naming what to install."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise RenderUnavailable(
            "rendering PNG and PDF needs the Python package playwright: pip install playwright "
            "(or pip install 'conflictmap[render]'), and Chromium (apt-get install chromium)"
        ) from None
    if not Path(CHROMIUM).exists():
        raise RenderUnavailable(
            f"rendering PNG and PDF needs Chromium at {CHROMIUM}: install it with apt-get install chromium "
            "(or set CONFLICTMAP_CHROMIUM to a Chromium binary)"
        )
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        except PlaywrightError as exc:
            raise RenderUnavailable(f"Chromium at {CHROMIUM} did not start: {str(exc).splitlines()[0]}") from None
        try:
            yield browser
        finally:
            browser.close()


def offline_page(browser, width: int, height: int, scale: float = 1.0, blocked: list[str] | None = None):
    """A page whose requests can only reach this machine; refused URLs go into ``blocked``."""
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=scale)

    def guard(route) -> None:
        url = route.request.url
        parsed = urlparse(url)
        if parsed.scheme in ("file", "data", "about", "blob") or parsed.hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            if blocked is not None:
                blocked.append(url)
            route.abort()

    context.route("**/*", guard)
    return context.new_page()


def _settle_map(page, expect_markers: bool) -> None:
    page.wait_for_load_state("load")
    if expect_markers:
        page.wait_for_selector(
            ".cm-event, .leaflet-marker-icon, canvas.leaflet-zoom-animated", state="attached", timeout=30_000
        )
    page.wait_for_timeout(SETTLE_MS)


def _map_picture(browser, frame: pd.DataFrame, width: int, aspect: str, outlines: dict | None = None) -> bytes:
    # Draw at most MAP_CSS_WIDTH CSS pixels wide (labels keep their size) and scale up to
    # the pixels asked for, by a whole factor so the height comes out exact too.
    scale = max(1, math.ceil(width / MAP_CSS_WIDTH))
    css_width, css_height = round(width / scale), round(aspect_height(width, aspect) / scale)
    page = offline_page(browser, css_width, css_height, scale=width / css_width)
    try:
        page.set_content(inline_assets(briefing_map(frame, outlines=outlines).get_root().render()), wait_until="load")
        _settle_map(page, expect_markers=bool(frame[["latitude", "longitude"]].dropna().shape[0]))
        return page.screenshot(type="png")
    finally:
        page.context.close()


@_own_thread
def map_png(
    frame: pd.DataFrame,
    out: str | Path | None = None,
    width: int = 1600,
    aspect: str = "16:9",
    outlines: dict | None = None,
) -> bytes:
    """The map of the events as a PNG ``width`` pixels wide at the chosen aspect ratio."""
    with chromium() as browser:
        picture = _map_picture(browser, frame, width, aspect, outlines)
    if out:
        Path(out).write_bytes(picture)
    return picture


@_own_thread
def page_png(url: str, out: str | Path, width: int = 1400, height: int = 1000, wait_for: str | None = None) -> bytes:
    """A whole web page (e.g. the dashboard's briefing page on 127.0.0.1) as a full-length PNG."""
    with chromium() as browser:
        page = offline_page(browser, width, height)
        page.goto(url, wait_until="load")
        if wait_for:
            page.wait_for_selector(wait_for, timeout=60_000)
        page.wait_for_timeout(SETTLE_MS)
        picture = page.screenshot(path=str(out), full_page=True, type="png")
        page.context.close()
    return picture


# --- charts, without a browser ----------------------------------------------------------------


def chart_svg(chart: alt.TopLevelMixin) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(chart.to_json())


def chart_png(chart: alt.TopLevelMixin, scale: float = 2.0) -> bytes:
    import vl_convert

    return vl_convert.vegalite_to_png(chart.to_json(), scale=scale)


# --- the briefing -----------------------------------------------------------------------------


def _briefing_page(browser, briefing: Briefing, frame: pd.DataFrame, scale: float):
    located = bool(frame[["latitude", "longitude"]].dropna().shape[0])
    picture = _map_picture(browser, frame, 1600, briefing.aspect, briefing.outlines) if located else None
    document = briefing_document(briefing, picture, [chart_svg(chart) for chart in briefing_charts(frame)])
    page = offline_page(browser, 1280, 900, scale=scale)
    page.set_content(document, wait_until="load")
    page.wait_for_timeout(100)
    return page


@_own_thread
def briefing_png(briefing: Briefing, frame: pd.DataFrame, out: str | Path | None = None, width: int = 1600) -> bytes:
    """The whole briefing as one PNG, ``width`` pixels wide."""
    with chromium() as browser:
        page = _briefing_page(browser, briefing, frame, scale=width / 1280)
        picture = page.locator(".cm-sheet").screenshot(type="png")
        page.context.close()
    if out:
        Path(out).write_bytes(picture)
    return picture


@_own_thread
def briefing_pdf(briefing: Briefing, frame: pd.DataFrame, out: str | Path | None = None) -> bytes:
    """The whole briefing as a one-page PDF the size of the sheet."""
    with chromium() as browser:
        page = _briefing_page(browser, briefing, frame, scale=1)
        height = page.evaluate("Math.ceil(document.querySelector('.cm-sheet').getBoundingClientRect().height)")
        document = page.pdf(
            width="1280px",
            height=f"{height + 2}px",
            print_background=True,
            margin={"top": "0", "bottom": "0", "left": "0", "right": "0"},
        )
        page.context.close()
    if out:
        Path(out).write_bytes(document)
    return document
