"""Events: every stored event with its evidence and source."""

import streamlit as st

from conflictmap.analysis import filter_events
from conflictmap_ui import date_range_slider, empty_database_message, events_frame, setup_page

setup_page("Events")
st.title("Events")

frame = events_frame()
if frame.empty:
    empty_database_message()
    st.stop()

period = date_range_slider(frame, key="events-timeline")
shown = filter_events(frame, *(period or (None, None)), include_undated=True)
table = shown.assign(
    date=shown["event_date"].dt.date,
    actors=shown["actor1"].fillna("Unidentified") + " vs " + shown["actor2"].fillna("—"),
    place=shown["location"] + ", " + shown["admin1"].fillna(""),
    detail=shown["fatalities_detail"].map(lambda d: ", ".join(f"{k}: {v}" for k, v in d.items())),
    # Only web links are clickable; a javascript: or data: URL from a report is never a link.
    source_url=shown["source_url"].where(shown["source_url"].str.match(r"(?i)https?://", na=False)),
)[
    ["date", "event_type", "sub_event_type", "actors", "place", "geo_precision", "fatalities", "detail", "evidence", "source", "source_url", "event_id"]
]
st.caption(f"{len(table)} events, newest first. Evidence is the sentence(s) each event was read from.")
st.dataframe(
    table.sort_values("date", ascending=False, na_position="last"),
    width="stretch",
    hide_index=True,
    column_config={
        "date": st.column_config.DateColumn("Date"),
        "event_type": "Type",
        "sub_event_type": "Sub-type",
        "actors": "Actors",
        "place": "Place",
        "geo_precision": st.column_config.NumberColumn("Geo precision", help="1 village/town, 2 near a place or area, 3 district or governorate"),
        "fatalities": st.column_config.NumberColumn("Killed"),
        "detail": "Killed by side",
        "evidence": st.column_config.TextColumn("Evidence", width="large"),
        "source": "Source",
        "source_url": st.column_config.LinkColumn("Link"),
        "event_id": "Event id",
    },
)
