"""The dashboard: Overview (map, timeline, casualty chart), Events and Ingest pages."""

import streamlit as st
from streamlit_folium import st_folium

from conflictmap.analysis import filter_events, key_figures
from conflictmap.charts import fatalities_chart
from conflictmap.mapview import TILE_LAYERS, event_map
from conflictmap_ui import date_range_slider, empty_database_message, events_frame, setup_page


def overview() -> None:
    """The map of events, the timeline and the casualty chart."""
    st.title("Conflict events in northern Syria")

    frame = events_frame()
    if frame.empty:
        empty_database_message()
        return

    with st.sidebar:
        tiles = st.selectbox(
            "Background",
            ["Offline (no tiles)", *TILE_LAYERS],
            help="Online tiles need internet access; the offline background always works.",
        )
        include_undated = st.checkbox("Show events with no known date", value=False)

    period = date_range_slider(frame)
    shown = filter_events(frame, *(period or (None, None)), include_undated=include_undated)

    figures = key_figures(shown)
    cols = st.columns(4)
    cols[0].metric("Events", f"{figures.events:,}")
    cols[1].metric("Fatalities", f"{figures.fatalities:,}")
    cols[2].metric("Places", f"{figures.places:,}")
    cols[3].metric("Village-level precision", f"{figures.village_precision_share:.0%}")
    if period:
        st.caption(f"{period[0]:%d %b %Y} to {period[1]:%d %b %Y}: {figures.events} events on the map.")

    fmap = event_map(shown, tiles=None if tiles.startswith("Offline") else tiles)
    st_folium(fmap, height=560, use_container_width=True, returned_objects=[], key="overview-map")

    st.altair_chart(fatalities_chart(shown), width="stretch")
    undated = int(frame["event_date"].isna().sum())
    if undated:
        st.caption(f"{undated} events have no date the reports support; they are left out of the timeline and the chart.")


setup_page("Overview")
st.navigation(
    [
        st.Page(overview, title="Overview", default=True),
        st.Page("pages/1_Events.py", title="Events"),
        st.Page("pages/2_Ingest.py", title="Ingest"),
        st.Page("pages/3_Briefing.py", title="Briefing"),
        st.Page("pages/4_Unresolved_places.py", title="Unresolved places"),
    ]
).run()
