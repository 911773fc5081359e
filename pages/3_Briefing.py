"""Briefing: one clean slide for the current filters, and its exports.

Streamlit's own menu, toolbar, header and sidebar are hidden on this page, so a
browser screenshot of the slide is clean; the settings and downloads sit below it.
"""

import datetime as dt
import functools

import streamlit as st
from streamlit_folium import st_folium

from conflictmap.boundaries import boundaries_geojson
from conflictmap.briefing import (
    SHEET_STYLE,
    briefing_charts,
    build_briefing,
    charts_html,
    default_title,
    figures_html,
    footer_html,
    header_html,
    lethal_html,
)
from conflictmap.cartography import ASPECTS, aspect_height
from conflictmap.export import EventFilters, events_csv, geojson_text, xlsx_bytes
from conflictmap.record import EVENT_TYPES
from conflictmap.render import (
    briefing_map,
    briefing_pdf,
    briefing_png,
    chart_png,
    chart_svg,
    map_png,
    render_unavailable,
    standalone_map_html,
)
from conflictmap_ui import date_range_slider, empty_database_message, engine, events_frame, setup_page

MAP_WIDTH = 800
HIDE_CHROME = """
<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="collapsedControl"], #MainMenu, footer { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] {
  padding: 1.2rem 2rem 2rem !important; max-width: 1344px; }
.st-key-briefing-slide { background: #fff; padding: 8px 4px; }
</style>
"""

setup_page("Briefing")
st.html(HIDE_CHROME + f"<style>{SHEET_STYLE}</style>")

frame = events_frame()
if frame.empty:
    empty_database_message()
    st.stop()

slide = st.container(key="briefing-slide")
st.divider()

with st.expander("Edit this briefing: title, period, filters, map shape", expanded=True):
    period = date_range_slider(frame, key="briefing-timeline")
    left, middle, right = st.columns(3)
    event_types = left.multiselect("Event types", [t for t in EVENT_TYPES if t in set(frame["event_type"])])
    actor_names = sorted(set(frame["actor1"].dropna()) | set(frame["actor2"].dropna()))
    actors = middle.multiselect("Actors (either side)", actor_names)
    admin1 = right.multiselect("Governorates", sorted(frame["admin1"].dropna().unique()))
    filters = EventFilters(
        start=period[0] if period else None,
        end=period[1] if period else None,
        event_types=tuple(event_types),
        actors=tuple(actors),
        admin1=tuple(admin1),
        include_undated=st.checkbox("Count events with no known date", value=False),
    )
    title = st.text_input("Title", placeholder=default_title(filters), max_chars=120)
    subtitle = st.text_input("Subtitle", placeholder="What news reports say happened, where, ...", max_chars=200)
    aspect = st.radio("Map shape", list(ASPECTS), horizontal=True)

shown = filters.apply(frame)
outlines = boundaries_geojson(engine())  # imported governorate and border outlines, if any
briefing = build_briefing(shown, filters, title=title, subtitle=subtitle, aspect=aspect, outlines=outlines)

with slide:
    st.html(f'<div class="cm-sheet">{header_html(briefing)}</div>')
    map_column, side_column = st.columns([MAP_WIDTH + 20, 460], gap="small")
    with map_column:
        st_folium(
            briefing_map(shown, outlines=outlines),
            width=MAP_WIDTH,
            height=aspect_height(MAP_WIDTH, aspect),
            returned_objects=[],
            key=f"briefing-map-{aspect}",
        )
    with side_column:
        # The charts as the same pictures the exports hold (vl-convert, no browser).
        charts = charts_html([chart_svg(chart) for chart in briefing_charts(shown)])
        st.html(f'<div class="cm-sheet">{figures_html(briefing)}<div class="charts">{charts}</div></div>')
    st.html(f'<div class="cm-sheet">{lethal_html(briefing)}{footer_html(briefing)}</div>')

st.subheader("Downloads")
stamp = dt.date.today().isoformat()
# A download changes nothing on the page: no rerun (and no map reload) after one.
download = functools.partial(st.download_button, on_click="ignore")
events_column, map_column, charts_column = st.columns(3)
with events_column:
    st.caption(f"{len(shown)} events, ACLED's columns")
    download("Events as CSV", events_csv(shown), f"conflictmap-events-{stamp}.csv", "text/csv")
    download(
        "Events as Excel",
        lambda: xlsx_bytes(shown),
        f"conflictmap-events-{stamp}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    download("Events as GeoJSON", geojson_text(shown), f"conflictmap-events-{stamp}.geojson", "application/geo+json")
missing = render_unavailable()
with map_column:
    st.caption("Map and briefing")
    png_width = st.select_slider("PNG width (pixels)", [800, 1200, 1600, 1920, 2400, 3200], value=1600)
    download(
        "Map as offline HTML",
        lambda: standalone_map_html(shown, aspect=aspect, outlines=outlines),
        f"conflictmap-map-{stamp}.html",
        "text/html",
    )
    for label, make, name, mime in (
        ("Map as PNG", lambda: map_png(shown, width=png_width, aspect=aspect, outlines=outlines), "map.png", "image/png"),
        ("Briefing as PNG", lambda: briefing_png(briefing, shown, width=png_width), "briefing.png", "image/png"),
        ("Briefing as PDF", lambda: briefing_pdf(briefing, shown), "briefing.pdf", "application/pdf"),
    ):
        download(label, make, f"conflictmap-{stamp}-{name}", mime, disabled=missing is not None)
    if missing:
        st.warning(missing)
with charts_column:
    st.caption("Charts (no browser needed)")
    for number, chart in enumerate(briefing_charts(shown), start=1):
        download(
            f"Chart {number} as PNG",
            lambda chart=chart: chart_png(chart),
            f"conflictmap-chart{number}-{stamp}.png",
            "image/png",
        )
        download(
            f"Chart {number} as SVG",
            lambda chart=chart: chart_svg(chart),
            f"conflictmap-chart{number}-{stamp}.svg",
            "image/svg+xml",
        )
st.markdown("[Back to the overview map](./)")
