"""Events: review what the machine extracted; correct, confirm or reject it; split wrong merges."""

import datetime as dt
import hashlib

import pandas as pd
import streamlit as st

from conflictmap.analysis import filter_events
from conflictmap.incidents import assign_incidents, incident_frame, load_splits, rejoin_event, split_event
from conflictmap.mapview import NORTHERN_SYRIA_CENTER
from conflictmap.places import governorate_near
from conflictmap.record import STATUSES, SUB_EVENT_TYPES
from conflictmap.review import ReviewError, audit_trail, confirm_event, edit_event, place_event, reject_event
from conflictmap_ui import (
    date_range_slider,
    empty_database_message,
    engine,
    escape_markdown,
    events_frame,
    geocoder,
    setup_page,
)
from conflictmap_ui.pick_map import NowRing, click_to_pick_map, outside_syria

setup_page("Events")
st.title("Events")

frame = events_frame()
if frame.empty:
    empty_database_message()
    st.stop()

with st.sidebar:
    analyst = st.text_input("Your name (kept in the audit trail)", key="analyst", max_chars=80)
    statuses = st.multiselect("Status", STATUSES, default=list(STATUSES), key="events-status")

period = date_range_slider(frame, key="events-timeline")
shown = filter_events(frame, *(period or (None, None)), include_undated=True, statuses=tuple(statuses))

splits = load_splits(engine())
grouped = assign_incidents(frame, splits)
incidents = incident_frame(frame, splits).set_index("incident_id")
incident_of = dict(zip(grouped["event_id"], grouped["incident_id"], strict=True))
shown = shown.assign(
    incident=shown["event_id"].map(incident_of),
    sources=shown["event_id"].map(incident_of).map(incidents["source_count"]).astype("Int64"),
)

table = shown.assign(
    date=shown["event_date"].dt.date,
    actors=shown["actor1"].fillna("Unidentified") + " vs " + shown["actor2"].fillna("—"),
    place=shown["location"].fillna("?") + ", " + shown["admin1"].fillna(""),
    detail=shown["fatalities_detail"].map(lambda d: ", ".join(f"{k}: {v}" for k, v in d.items())),
    # Only web links are clickable; a javascript: or data: URL from a report is never a link.
    source_url=shown["source_url"].where(shown["source_url"].str.match(r"(?i)https?://", na=False)),
    corrected=shown["corrected_fields"].map(", ".join),
)[
    [
        "date", "status", "event_type", "sub_event_type", "actors", "place", "geo_precision", "fatalities",
        "machine_fatalities", "detail", "corrected", "sources", "evidence", "source", "source_url", "event_id",
    ]
].sort_values("date", ascending=False, na_position="last")
st.caption(
    f"{len(table)} events, newest first. Evidence is the sentence(s) each event was read from; "
    "*corrected* lists what an analyst changed, *sources* how many reports tell of the same incident."
)
st.dataframe(
    table,
    width="stretch",
    hide_index=True,
    column_config={
        "date": st.column_config.DateColumn("Date"),
        "status": "Status",
        "event_type": "Type",
        "sub_event_type": "Sub-type",
        "actors": "Actors",
        "place": "Place",
        "geo_precision": st.column_config.NumberColumn("Geo precision", help="1 village/town, 2 near a place or area, 3 district or governorate"),
        "fatalities": st.column_config.NumberColumn("Killed"),
        "machine_fatalities": st.column_config.NumberColumn("Killed (machine)", help="The toll the extractor read"),
        "detail": "Killed by side",
        "corrected": "Corrected",
        "sources": st.column_config.NumberColumn("Sources", help="Reports of the same incident"),
        "evidence": st.column_config.TextColumn("Evidence", width="large"),
        "source": "Source",
        "source_url": st.column_config.LinkColumn("Link"),
        "event_id": "Event id",
    },
)

# --- one event under review ----------------------------------------------------------

st.header("Review an event")
if table.empty:
    st.info("No event matches the filters.")
    st.stop()


def _label(row) -> str:
    date = row.date.isoformat() if isinstance(row.date, dt.date) else "undated"
    killed = "?" if pd.isna(row.fatalities) else int(row.fatalities)
    return f"{date} · {row.place} · {row.sub_event_type} · {killed} killed · {row.status} · {row.event_id}"


labels = {row.event_id: _label(row) for row in table.itertuples()}
ids = list(labels)
current = st.session_state.get("review-event-id")
# A new key whenever a label changes, so the box shows the event as it now is.
labels_key = hashlib.sha256("\n".join(labels.values()).encode()).hexdigest()[:12]
event_id = st.selectbox(
    "Event", ids, index=ids.index(current) if current in ids else 0, format_func=labels.get, key=f"review-event-{labels_key}"
)
st.session_state["review-event-id"] = event_id
event = frame.set_index("event_id").loc[event_id]

st.markdown(f"**Evidence:** {escape_markdown(event['evidence'])}")
origin = event["source_url"] if isinstance(event["source_url"], str) else None
st.caption(
    f"Source: {escape_markdown(event['source'] or 'unknown')}"
    + (f" · {escape_markdown(origin)}" if origin else "")
    + f" · article {event['article_id']} · status **{event['status']}**"
)
if "review-message" in st.session_state:
    kind, message = st.session_state.pop("review-message")
    getattr(st, kind)(message)


def _done(changes, verb: str) -> None:
    if changes:
        what = ", ".join(
            f"{c.field} {'—' if c.before is None else c.before} → {'—' if c.after is None else c.after}" for c in changes
        )
        st.session_state["review-message"] = ("success", f"{verb}: {what}")
    else:
        st.session_state["review-message"] = ("info", "Nothing changed.")
    st.rerun()


type_options = [f"{t} › {s}" for t, subs in SUB_EVENT_TYPES.items() for s in subs]
current_type = f"{event['event_type']} › {event['sub_event_type']}"
with st.form(f"review-{event_id}"):
    kind = st.selectbox("Type › sub-type", type_options, index=type_options.index(current_type))
    cols = st.columns(2)
    actor1 = cols[0].text_input("Actor 1", value=event["actor1"] or "")
    actor2 = cols[1].text_input("Actor 2", value=event["actor2"] or "")
    cols = st.columns(2)
    date = cols[0].date_input(
        "Date (clear it when the report gives none)",
        value=None if pd.isna(event["event_date"]) else event["event_date"].date(),
        min_value=dt.date(2000, 1, 1),
        max_value=dt.date.today(),
    )
    fatalities = cols[1].number_input(
        "Killed (empty when not reported)",
        min_value=0,
        step=1,
        value=None if pd.isna(event["fatalities"]) else int(event["fatalities"]),
        key=f"fatalities-{event_id}",
    )
    buttons = st.columns(3)
    save = buttons[0].form_submit_button("Save corrections", type="primary")
    confirm = buttons[1].form_submit_button("Confirm as correct")
    reject = buttons[2].form_submit_button("Reject")

try:
    if save:
        event_type, sub_event_type = kind.split(" › ")
        _done(
            edit_event(
                engine(),
                event_id,
                {
                    "event_type": event_type,
                    "sub_event_type": sub_event_type,
                    "actor1": actor1,
                    "actor2": actor2,
                    "event_date": date,
                    "fatalities": fatalities,
                },
                by=analyst,
            ),
            "Saved",
        )
    if confirm:
        _done(confirm_event(engine(), event_id, by=analyst), "Confirmed")
    if reject:
        _done(reject_event(engine(), event_id, by=analyst), "Rejected")
except ReviewError as exc:
    st.error(str(exc))

# --- moving it to a gazetteer place ----------------------------------------------------

st.subheader("Place")
st.caption(
    f"Now: {escape_markdown(event['location'] or 'unknown')}, {escape_markdown(event['admin1'] or '')} "
    f"(geo precision {'?' if pd.isna(event['geo_precision']) else int(event['geo_precision'])}"
    f"{'' if event['location_resolved'] else ', not found in the gazetteer'})"
)
query = st.text_input("Find a place in the gazetteer", key=f"place-query-{event_id}", placeholder="e.g. Saraqib, Azaz, Tal Rifaat")
if query.strip():
    candidates = geocoder().geocode(query, exactly_one=False, limit=8) or []
    if not candidates:
        st.warning(f"No gazetteer entry is close to {query.strip()!r}.")
    else:
        def _place_label(index: int) -> str:
            raw = candidates[index].raw
            where = ", ".join(p for p in (raw.get("admin2"), raw.get("admin1"), raw.get("country")) if p)
            return f"{raw['name']} ({where}; {candidates[index].latitude:.4f}, {candidates[index].longitude:.4f})"

        choice = st.selectbox("Gazetteer entry", range(len(candidates)), format_func=_place_label, key=f"place-{event_id}")
        if st.button("Move the event here"):
            picked = candidates[choice]
            try:
                _done(
                    place_event(
                        engine(),
                        event_id,
                        {
                            "name": picked.raw["name"],
                            "latitude": picked.latitude,
                            "longitude": picked.longitude,
                            "admin1": picked.raw.get("admin1"),
                            "admin2": picked.raw.get("admin2"),
                            "country": picked.raw.get("country"),
                            "geo_precision": 3 if picked.raw.get("feature") == "governorate" else 1,
                        },
                        by=analyst,
                    ),
                    "Moved",
                )
            except ReviewError as exc:
                st.error(str(exc))

st.caption("Or click the map where the event took place (the red ring is where it is now; town names are shown for orientation).")
placed = not (pd.isna(event["latitude"]) or pd.isna(event["longitude"]))
here = (float(event["latitude"]), float(event["longitude"])) if placed else NORTHERN_SYRIA_CENTER
point = click_to_pick_map(
    f"move-map-{event_id}", center=here, zoom=10 if placed else 7, height=380,
    now=NowRing(here, radius=8, color="#c0392b") if placed else None,
)
if point is not None:
    name = event["location"] if isinstance(event["location"], str) and event["location"] else f"{point[0]}, {point[1]}"
    if st.button(f"Move the event to the clicked point ({point[0]:.5f}, {point[1]:.5f})", key=f"move-click-{event_id}"):
        if refusal := outside_syria(*point):
            st.error(refusal)
        else:
            try:
                _done(
                    place_event(
                        engine(),
                        event_id,
                        {
                            # The report's own name for the place stays; only where it lies changes.
                            "name": name,
                            "latitude": point[0],
                            "longitude": point[1],
                            "admin1": governorate_near(*point) or event["admin1"],
                            "admin2": None,
                            "country": "SY",
                            "geo_precision": 1,
                        },
                        by=analyst,
                    ),
                    "Moved",
                )
            except ReviewError as exc:
                st.error(str(exc))

# --- the incident it belongs to ------------------------------------------------------

st.subheader("Incident")
incident_id = incident_of.get(event_id)
if incident_id is None:
    st.caption("Rejected events belong to no incident.")
else:
    incident = incidents.loc[incident_id]
    low, best, high = (incident[c] for c in ("fatalities_low", "fatalities_best", "fatalities_high"))
    tolls = "no toll reported" if pd.isna(best) else f"killed: low {low} · best {best} · high {high}"
    st.markdown(f"Incident `{incident_id}`: {int(incident['source_count'])} source(s); {tolls}.")
    others = frame[frame["event_id"].isin(incident["event_ids"]) & (frame["event_id"] != event_id)]
    if not others.empty:
        st.table(
            others.assign(date=others["event_date"].dt.date)[["date", "source", "fatalities", "evidence", "event_id"]].rename(
                columns={"date": "Date", "source": "Source", "fatalities": "Killed", "evidence": "Evidence", "event_id": "Event id"}
            )
        )
        if st.button("Split this report out of the incident", help="When the reports tell of different incidents"):
            split_event(engine(), event_id, incident_id, by=analyst)
            st.session_state["review-message"] = ("success", "Split: this report now stands alone.")
            st.rerun()
    elif event_id in splits:
        if st.button("Let this report merge again"):
            rejoin_event(engine(), event_id, by=analyst)
            st.session_state["review-message"] = ("success", "It may merge with reports of the same incident again.")
            st.rerun()

# --- what analysts changed -------------------------------------------------------------

st.subheader("Audit trail")
trail = audit_trail(engine(), event_id)
if trail.empty:
    st.caption("No analyst has changed this event.")
else:
    st.table(
        trail.assign(
            at=trail["at"].dt.strftime("%Y-%m-%d %H:%M:%S UTC"),
            before=trail["before"].map(lambda v: "—" if v is None else str(v)),
            after=trail["after"].map(lambda v: "—" if v is None else str(v)),
            by=trail["by"].fillna("—"),
        )[["at", "by", "action", "field", "before", "after"]]
    )
with st.expander("Every change, newest first"):
    everything = audit_trail(engine())
    for column in ("before", "after"):
        everything[column] = everything[column].map(lambda v: None if v is None else str(v))
    st.dataframe(everything.drop(columns=["entry_id"]), width="stretch", hide_index=True)
