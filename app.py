"""The dashboard: Overview (map, timeline, casualty chart), Events and Ingest pages."""

import streamlit as st

from conflictmap_ui import setup_page
from conflictmap_ui.overview import overview_page


def overview() -> None:
    """Key figures, the map, the timeline with its play control, and the casualty charts."""
    overview_page()


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
