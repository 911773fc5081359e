"""The overview's filters: sidebar widgets whose values all live in the page's URL.

On a session's first run the URL's query parameters fill the widgets (values that
do not parse or name nothing in the database are dropped with a warning); after
every run the widgets' values are written back, so a copied link restores the view.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from conflictmap.analysis import EventFilter, date_span

PERIODS = {"week": ("W-MON", dt.timedelta(weeks=1)), "month": ("MS", None)}
MODES = {"window": "Window", "asof": "As of (cumulative)"}
SPLITS = {"side": "By side", "actor": "By actor"}
STATUSES = ("auto", "reviewed", "rejected")
DEFAULT_STATUSES = ["auto", "reviewed"]

# widget key -> (query parameter, kind)
_LISTS = {
    "f_types": "type",
    "f_subtypes": "subtype",
    "f_actors": "actor",
    "f_admin1": "gov",
    "f_admin2": "district",
    "f_status": "status",
    "f_sources": "source",
}


@dataclass(frozen=True)
class ViewSettings:
    spec: EventFilter
    mode: str  # "window" or "asof"
    period: str  # "week" or "month"
    split: str  # "side" or "actor"
    as_of: dt.date | None


def filter_options(frame: pd.DataFrame) -> dict[str, list[str]]:
    """The choices each list filter offers (compute once per database state)."""

    def distinct(*columns: str) -> list[str]:
        values = pd.concat([frame[c] for c in columns]).dropna().unique()
        return sorted({str(v) for v in values} - {""})

    return {
        "f_types": distinct("event_type"),
        "f_subtypes": distinct("sub_event_type"),
        "f_actors": distinct("actor1", "actor2"),
        "f_admin1": distinct("admin1"),
        "f_admin2": distinct("admin2"),
        "f_status": list(STATUSES),
        "f_sources": distinct("source"),
    }


def parse_area(text: str) -> tuple[tuple[float, float], ...]:
    """``lat,lon;lat,lon;...`` (three points or more) to vertices; raises ValueError."""
    points = []
    for pair in text.split(";"):
        lat, lon = (float(v) for v in pair.split(","))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError(f"{lat},{lon} is not a coordinate")
        points.append((lat, lon))
    if len(points) < 3:
        raise ValueError("an area needs three points or more")
    return tuple(points)


def format_area(area) -> str:
    return ";".join(f"{lat:.4f},{lon:.4f}" for lat, lon in area)


def load_query_params(frame: pd.DataFrame, options: dict[str, list[str]]) -> None:
    """Once per session: fill widget state from the URL, reporting what was dropped."""
    if st.session_state.get("_url_loaded"):
        return
    st.session_state["_url_loaded"] = True
    params, problems = st.query_params, []
    span = date_span(frame)
    for key, name in _LISTS.items():
        values = params.get_all(name)
        if values:
            known = [v for v in values if v in options[key]]
            problems += [f"{name}={v}" for v in values if v and v not in options[key]]
            st.session_state[key] = known

    def date_param(name: str) -> dt.date | None:
        if name not in params:
            return None
        try:
            value = dt.date.fromisoformat(params[name])
        except ValueError:
            problems.append(f"{name}={params[name]}")
            return None
        if span:
            value = min(max(value, span[0]), span[1])
        return value

    start, end, as_of = date_param("start"), date_param("end"), date_param("asof")
    if span and (start or end):
        start, end = start or span[0], end or span[1]
        if start <= end:
            st.session_state["timeline"] = (start, end)
        else:
            problems.append(f"start={start} is after end={end}")
    if as_of:
        st.session_state["asof"] = as_of
    for key, name, choices in (
        ("f_mode", "mode", MODES),
        ("f_period", "period", PERIODS),
        ("f_split", "split", SPLITS),
    ):
        if name in params:
            if params[name] in choices:
                st.session_state[key] = params[name]
            else:
                problems.append(f"{name}={params[name]}")
    for key, name, cast, low, high in (
        ("f_minkilled", "minkilled", int, 0, 100000),
        ("f_minconf", "minconf", float, 0.0, 1.0),
    ):
        if name in params:
            try:
                st.session_state[key] = min(max(cast(params[name]), low), high)
            except ValueError:
                problems.append(f"{name}={params[name]}")
    if "q" in params:
        st.session_state["f_text"] = params["q"][:200]
    if params.get("undated") == "1":
        st.session_state["f_undated"] = True
    if "area" in params:
        try:
            st.session_state["area"] = parse_area(params["area"])
        except ValueError:
            problems.append("area=" + params["area"][:40])
    if problems:
        st.session_state["_url_problems"] = problems


def url_problems(keep: bool = False) -> list[str]:
    """What the link named that does not parse or names nothing here; gone once read, unless kept."""
    if keep:
        return list(st.session_state.get("_url_problems", []))
    return st.session_state.pop("_url_problems", [])


def sidebar_filters(options: dict[str, list[str]]) -> None:
    """The sidebar's widgets (their values are read back by :func:`current_settings`)."""
    with st.sidebar:
        st.header("Filters")
        st.radio("Timeline", list(MODES), format_func=MODES.get, key="f_mode", horizontal=True)
        st.radio("Period", list(PERIODS), key="f_period", horizontal=True, help="Play step and chart bars.")
        st.multiselect("Event types", options["f_types"], key="f_types")
        st.multiselect("Sub-event types", options["f_subtypes"], key="f_subtypes")
        st.multiselect("Actors", options["f_actors"], key="f_actors", help="Either side of the event.")
        st.multiselect("Governorates", options["f_admin1"], key="f_admin1")
        st.multiselect("Districts", options["f_admin2"], key="f_admin2")
        st.number_input("Minimum fatalities", min_value=0, max_value=100000, step=1, key="f_minkilled")
        st.slider("Minimum confidence", 0.0, 1.0, step=0.05, key="f_minconf")
        default_statuses()
        st.multiselect("Review status", options["f_status"], key="f_status")
        st.multiselect("Sources", options["f_sources"], key="f_sources")
        st.text_input("Search the evidence", key="f_text", placeholder="e.g. Azaz, barrel bomb")
        st.checkbox("Show events with no known date", key="f_undated")
        st.radio("Charts split fatalities", list(SPLITS), format_func=SPLITS.get, key="f_split", horizontal=True)


def default_statuses() -> None:
    """Events that were not rejected, until the analyst or a link says otherwise."""
    if "f_status" not in st.session_state:
        st.session_state["f_status"] = DEFAULT_STATUSES


def current_settings(period: tuple[dt.date, dt.date] | None, as_of: dt.date | None) -> ViewSettings:
    """The view from the widgets' state; read before the sidebar is drawn, so every default
    here is the widget's own."""
    default_statuses()
    state = st.session_state
    mode = state.get("f_mode", "window")
    start, end = period if period else (None, None)
    if mode == "asof":
        start, end = None, as_of
    spec = EventFilter(
        start=start,
        end=end,
        include_undated=bool(state.get("f_undated")),
        event_types=tuple(state.get("f_types") or ()),
        sub_event_types=tuple(state.get("f_subtypes") or ()),
        actors=tuple(state.get("f_actors") or ()),
        admin1=tuple(state.get("f_admin1") or ()),
        admin2=tuple(state.get("f_admin2") or ()),
        min_fatalities=int(state.get("f_minkilled") or 0),
        min_confidence=float(state.get("f_minconf") or 0.0),
        statuses=tuple(state.get("f_status") or ()),
        sources=tuple(state.get("f_sources") or ()),
        text=str(state.get("f_text") or ""),
        area=tuple(state.get("area") or ()),
    )
    return ViewSettings(spec, mode, state.get("f_period", "week"), state.get("f_split", "side"), as_of)


def save_query_params(settings: ViewSettings, span: tuple[dt.date, dt.date] | None) -> None:
    """Write the view into the URL; defaults are left out so links stay short."""
    spec, params = settings.spec, {}
    if settings.mode == "asof":
        params["mode"] = "asof"
        if settings.as_of and span and settings.as_of != span[1]:
            params["asof"] = settings.as_of.isoformat()
    elif span and spec.start and spec.end and (spec.start, spec.end) != span:
        params["start"], params["end"] = spec.start.isoformat(), spec.end.isoformat()
    if settings.period != "week":
        params["period"] = settings.period
    if settings.split != "side":
        params["split"] = settings.split
    for key, name in _LISTS.items():
        values = list(st.session_state.get(key) or [])
        if key == "f_status" and sorted(values) == sorted(DEFAULT_STATUSES):
            continue
        if values or key == "f_status":
            params[name] = values or [""]
    if spec.min_fatalities:
        params["minkilled"] = str(spec.min_fatalities)
    if spec.min_confidence:
        params["minconf"] = f"{spec.min_confidence:g}"
    if spec.text.strip():
        params["q"] = spec.text.strip()
    if spec.include_undated:
        params["undated"] = "1"
    if spec.area:
        params["area"] = format_area(spec.area)
    if dict(st.query_params.to_dict()) != {k: (v[-1] if isinstance(v, list) else v) for k, v in params.items()} or any(
        isinstance(v, list) and st.query_params.get_all(k) != v for k, v in params.items()
    ):
        st.query_params.from_dict(params)
