"""Unresolved places: names no gazetteer knew, the reports that mention them, and placing each once on the map."""

import hashlib

import pandas as pd
import streamlit as st

from conflictmap.gazetteer import GOVERNORATES
from conflictmap.mapview import NORTHERN_SYRIA_CENTER
from conflictmap.pipeline import regeocode_events
from conflictmap.places import (
    PlaceError,
    analyst_place_id,
    fix_place,
    governorate_near,
    stored_places,
    unresolved_reports,
)
from conflictmap_ui import engine, escape_markdown, markdown_link, refresh_geocoder, setup_page
from conflictmap_ui.pick_map import NowRing, click_to_pick_map, outside_syria

setup_page("Unresolved places")
st.title("Unresolved places")

with st.sidebar:
    analyst = st.text_input("Your name (kept in the audit trail)", key="analyst", max_chars=80)

if "places-message" in st.session_state:
    st.success(st.session_state.pop("places-message"))

waiting = unresolved_reports(engine())
if waiting.empty:
    st.info("Every place name in the stored reports is in a gazetteer: nothing is waiting to be placed.")
    st.stop()

summary = (
    waiting.groupby("location")
    .agg(events=("event_id", "size"), area=("admin1", "first"), first_date=("event_date", "min"))
    .reset_index()
    .sort_values(["events", "location"], ascending=[False, True])
)
st.caption(
    f"{len(summary)} place name{'s' if len(summary) != 1 else ''} the gazetteers do not know, "
    f"in {len(waiting)} event{'s' if len(waiting) != 1 else ''}. Their events sit at the "
    "area the report gives (a district or governorate), or nowhere on the map when it gives none. "
    "Place a name once: it joins the gazetteer, and every event that names it moves there."
)
st.dataframe(
    summary.assign(first_date=summary["first_date"].dt.date),
    hide_index=True,
    width="stretch",
    column_config={
        "location": "Place name",
        "events": st.column_config.NumberColumn("Events"),
        "area": "Shown in",
        "first_date": st.column_config.DateColumn("First reported"),
    },
)

names = summary["location"].tolist()
counts = dict(zip(summary["location"], summary["events"], strict=True))
name = st.selectbox("Place to locate", names, format_func=lambda n: f"{n} ({counts[n]} events)", key="unresolved-name")
digest = hashlib.sha256(name.encode()).hexdigest()[:12]
lat_key, lon_key, seen_key = f"lat-{digest}", f"lon-{digest}", f"clicked-{digest}"
reports = waiting[waiting["location"] == name]

st.subheader(f"Reports that mention {escape_markdown(name)}")
for report in reports.itertuples():
    with st.container(border=True):
        date = "undated" if pd.isna(report.event_date) else f"{report.event_date:%d %B %Y}"
        title = report.title if isinstance(report.title, str) and report.title.strip() else "(untitled report)"
        st.markdown(
            f"**{markdown_link(title, report.source_url)}** · {escape_markdown(report.source or 'unknown source')} · {date}"
        )
        st.markdown(f"Evidence: {escape_markdown(' '.join(str(report.evidence).split()))}")

# --- placing it ------------------------------------------------------------------------

st.subheader(f"Where is {escape_markdown(name)}?")
try:
    place_id = analyst_place_id(name)
except PlaceError:
    place_id = None
fixed = next((p for p in stored_places(engine(), "analyst") if p.place_id == place_id), None)
if fixed is not None:
    st.caption(
        f"An analyst already placed it at {fixed.latitude:.5f}, {fixed.longitude:.5f}; these events were read "
        "before that. Placing it again moves it and these events."
    )
for key, value in ((lat_key, fixed.latitude if fixed else None), (lon_key, fixed.longitude if fixed else None)):
    st.session_state.setdefault(key, value)

located = reports.dropna(subset=["latitude", "longitude"])
center = (float(located["latitude"].mean()), float(located["longitude"].mean())) if not located.empty else NORTHERN_SYRIA_CENTER
picked = (st.session_state[lat_key], st.session_state[lon_key])
st.caption("Click the map where the village is (town names are shown for orientation), or type its coordinates.")
clicked = click_to_pick_map(
    f"place-map-{digest}", center=center, zoom=9 if not located.empty else 7, height=460,
    now=None if located.empty else NowRing(
        center, radius=14, color="#7f8c8d", dashed=True, tooltip="Where its events are shown now (the area the report gives)"
    ),
    picked=picked if None not in picked else None,
    picked_tooltip=f"{name} goes here",
)
if clicked is not None and clicked != st.session_state.get(seen_key):
    st.session_state[seen_key] = clicked
    st.session_state[lat_key], st.session_state[lon_key] = clicked
    st.rerun()  # so the pick shows on the map and in the boxes

cols = st.columns(2)
latitude = cols[0].number_input("Latitude", min_value=-90.0, max_value=90.0, step=0.001, format="%.5f", key=lat_key)
longitude = cols[1].number_input("Longitude", min_value=-180.0, max_value=180.0, step=0.001, format="%.5f", key=lon_key)
suggested = governorate_near(latitude, longitude) if latitude is not None and longitude is not None else None
options = ["(from the nearest known place)", *(g.name for g in GOVERNORATES)]
cols = st.columns(2)
governorate = cols[0].selectbox(
    "Governorate (optional)",
    options,
    key=f"admin1-{digest}",
    help=f"Left as it is, the governorate of the nearest known place: {suggested or 'none within 30 km'}.",
)
district = cols[1].text_input("District (optional)", key=f"admin2-{digest}", max_chars=80)

if st.button(f"Place {escape_markdown(name)} here", type="primary", key=f"place-{digest}"):
    if latitude is None or longitude is None:
        st.error("Click the map where the village is, or type its latitude and longitude, first.")
    elif refusal := outside_syria(latitude, longitude):
        st.error(refusal)
    else:
        by = analyst.strip() or None
        try:
            place = fix_place(
                engine(), name, latitude, longitude,
                admin1=suggested if governorate == options[0] else governorate, admin2=district or None, by=by,
            )
            moved = regeocode_events(engine(), name, by=by)
        except PlaceError as exc:
            st.error(str(exc))
        else:
            refresh_geocoder()
            st.session_state["places-message"] = (
                f"{escape_markdown(place.name)} is now in the gazetteer at {place.latitude:.5f}, {place.longitude:.5f}; "
                f"{moved} event{'s' if moved != 1 else ''} moved there."
            )
            st.rerun()
