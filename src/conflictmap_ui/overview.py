"""The overview page: key figures, the map, the timeline with its play control, and the charts.

The map is built from what does not change while the analyst filters (the events'
data URL, the background), so streamlit-folium keeps it, and the view the analyst
panned to; a filter change only sends a small update with the rows to show.
"""

from __future__ import annotations

import calendar
import datetime as dt
import time
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from conflictmap import charts
from conflictmap.analysis import (
    by_area,
    by_event_type,
    capture_events,
    date_span,
    events_and_fatalities,
    fatalities_by_side,
    filter_mask,
    key_figures,
    period_start,
    territory_as_of,
)
from conflictmap.boundaries import boundaries_geojson
from conflictmap.incidents import incident_frame, load_splits
from conflictmap.mapdata import MapData, encode_mask, write_json, write_map_data
from conflictmap.mapview import dashboard_map, map_update
from conflictmap.review import reviewed_events
from conflictmap.store import change_signature
from conflictmap_ui import APP_DIR, empty_database_message, engine
from conflictmap_ui.filters import (
    PERIODS,
    current_settings,
    filter_options,
    load_query_params,
    save_query_params,
    sidebar_filters,
    url_problems,
)

MAP_KEY = "overview-map"
PLAY_INTERVAL_S = 1.5
SIGNATURE_TTL_S = 1
STATIC_DIR = APP_DIR / "static"


def database_signature() -> tuple:
    """Changes when events are added, removed, reviewed or edited; its first item is the event count."""
    from conflictmap.store import database_url

    return _signature_of(database_url())


@st.cache_data(ttl=SIGNATURE_TTL_S, show_spinner=False)
def _signature_of(url: str) -> tuple:
    # Cached for a moment: a PostgreSQL signature scans the events table.
    return change_signature(engine())


@st.cache_resource(max_entries=2, show_spinner="Loading events…")
def _events_for(url: str, signature: tuple) -> LoadedEvents:
    # Analysts' corrections laid over the machine's rows, rejected events left out, and
    # reports of one incident merged (best toll), so no total counts an incident twice.
    reviewed = reviewed_events(engine())
    reviewed = reviewed[reviewed["status"] != "rejected"]
    frame = incident_frame(reviewed, load_splits(engine())).reset_index(drop=True)
    # Plain Python strings: isin() and groupby on pandas' Arrow strings cost seconds at 100,000 rows.
    for column in frame.columns:
        if pd.api.types.is_string_dtype(frame[column].dtype) and not pd.api.types.is_object_dtype(frame[column].dtype):
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    data = write_map_data(frame, STATIC_DIR)
    outlines = boundaries_geojson(engine())
    outline_url = write_json(outlines, STATIC_DIR, "boundaries") if outlines else None
    sides = fatalities_by_side(frame)
    position = pd.Series(frame.index, index=frame["event_id"])
    sides["row"] = position.reindex(sides["event_id"]).to_numpy()
    slim = frame[[c for c in frame.columns if c not in _HEAVY_COLUMNS]]
    captures = capture_events(frame)
    return LoadedEvents(frame, slim, data, outline_url, filter_options(frame), sides, captures)


# Left out of the per-run copies: only popups (served from the map files) need them.
_HEAVY_COLUMNS = {"evidence", "title", "source_url", "article_id", "fatalities_detail", "country"}


@dataclass(frozen=True)
class LoadedEvents:
    """One database state, loaded once and shared by every session (never modified)."""

    frame: pd.DataFrame
    slim: pd.DataFrame  # the frame without the long text columns, for per-run filtering
    data: MapData
    outline_url: str | None
    options: dict
    sides: pd.DataFrame  # fatalities per event and side, for the charts
    captures: pd.DataFrame  # the events the territory view is built from


def _apply_pending_timeline() -> None:
    # The play control asks for the next window before the slider is drawn.
    for key in ("timeline", "asof"):
        pending = st.session_state.pop(f"_next_{key}", None)
        if pending is not None:
            st.session_state[key] = pending


def _timeline_value(span: tuple[dt.date, dt.date], mode: str):
    """The window (or "as of" day) the timeline holds, read before the slider is drawn."""
    first, last = span
    if first == last:
        return span, last
    if mode == "asof":
        st.session_state.setdefault("asof", last)
        return None, st.session_state["asof"]
    st.session_state.setdefault("timeline", (first, last))
    period = st.session_state["timeline"]
    return period, period[1]


def _timeline_slider(span: tuple[dt.date, dt.date], mode: str) -> None:
    first, last = span
    if first == last:
        st.caption(f"All dated events fall on {first:%d %B %Y}.")
    elif mode == "asof":
        st.slider(
            "As of", min_value=first, max_value=last, step=dt.timedelta(days=1), format="D MMM YYYY", key="asof",
            help="Everything that happened up to this day.",
        )
    else:
        st.slider(
            "Timeline", min_value=first, max_value=last, step=dt.timedelta(days=1), format="D MMM YYYY", key="timeline",
            help="Drag either end to narrow the period shown on the map and in the charts.",
        )


def _step(day: dt.date, period: str, sign: int = 1) -> dt.date:
    delta = PERIODS[period][1]
    if delta is not None:
        return day + sign * delta
    month = day.month - 1 + sign
    year, month = day.year + month // 12, month % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    at_month_end = day.day == calendar.monthrange(day.year, day.month)[1]
    return day.replace(year=year, month=month, day=last_day if at_month_end else min(day.day, last_day))


def _play_controls(span: tuple[dt.date, dt.date], mode: str, period: str) -> None:
    playing = st.session_state.get("playing", False)
    cols = st.columns([1, 1, 6])
    if cols[0].button("❚❚ Pause" if playing else "▶ Play", key="play", help=f"Step the timeline one {period} at a time"):
        st.session_state["playing"] = playing = not playing
        st.session_state["_last_step"] = time.monotonic()
    if cols[1].button("Step ▸", key="step", help=f"Move the timeline on by one {period}"):
        _advance(span, mode, period)
        st.rerun()
    if playing:
        cols[2].caption(f"Playing: one {period} every {PLAY_INTERVAL_S:g} s")
        st.fragment(_tick, run_every=PLAY_INTERVAL_S)(span, mode, period)


def _tick(span, mode, period) -> None:
    if not st.session_state.get("playing"):
        return
    if time.monotonic() - st.session_state.get("_last_step", 0) < PLAY_INTERVAL_S * 0.8:
        return  # the fragment's first, immediate run
    st.session_state["_last_step"] = time.monotonic()
    if not _advance(span, mode, period):
        st.session_state["playing"] = False
    st.rerun()


def _advance(span, mode, period) -> bool:
    """Move the window (or the "as of" day) on by one period; False at the end."""
    first, last = span
    if mode == "asof":
        current = st.session_state.get("asof", first)
        if current >= last:
            return False
        st.session_state["_next_asof"] = min(_step(current, period), last)
        return True
    start, end = st.session_state.get("timeline", span)
    if end >= last:
        return False
    width = end - start
    new_end = min(_step(end, period), last)
    new_start = max(first, new_end - width) if new_end == last else _step(start, period)
    st.session_state["_next_timeline"] = (new_start, new_end)
    return True


def _drawn_area() -> None:
    """Take a shape drawn on the map (or its removal) into the filters."""
    state = st.session_state.get(MAP_KEY) or {}
    drawings = state.get("all_drawings")
    if drawings is None or drawings == st.session_state.get("_seen_drawings"):
        return
    st.session_state["_seen_drawings"] = drawings
    area = ()
    if drawings:
        geometry = drawings[-1].get("geometry") or {}
        if geometry.get("type") == "Polygon" and geometry.get("coordinates"):
            ring = geometry["coordinates"][0]
            area = tuple((round(lat, 5), round(lon, 5)) for lon, lat in ring[:-1] if ring)
    st.session_state["area"] = area


def _chart_selection(key: str, param: str) -> list[dict]:
    state = st.session_state.get(key)
    try:
        return list(state["selection"][param] or [])
    except (KeyError, TypeError):
        return []


def _map_only_mask(frame: pd.DataFrame, shown: pd.Series, freq: str, split: str) -> tuple[pd.Series, list[str]]:
    """Narrow the map (not the charts) to what was clicked in a chart."""
    mask, notes = shown.copy(), []
    areas = [s["area"] for s in _chart_selection("chart_area", charts.SELECT_AREA) if "area" in s]
    if areas:
        mask &= frame["admin1"].fillna("Unknown").isin(areas)
        notes.append("governorate: " + ", ".join(areas))
    types = [s["event_type"] for s in _chart_selection("chart_type", charts.SELECT_TYPE) if "event_type" in s]
    if types:
        mask &= frame["event_type"].isin(types)
        notes.append("type: " + ", ".join(types))
    series = [s["series"] for s in _chart_selection("chart_split", charts.SELECT_SERIES) if "series" in s]
    if series:
        if split == "actor":
            mask &= frame["actor1"].fillna("Not attributed").isin(series)
        else:
            sides = set(series)
            mask &= (
                frame["actor1"].isin(sides)
                | frame["actor2"].isin(sides)
                | frame["fatalities_detail"].map(lambda d: bool(sides & set(d or {})))
            )
        notes.append(("actor: " if split == "actor" else "side: ") + ", ".join(series))
    periods = [s["period"] for s in _chart_selection("chart_split", charts.SELECT_PERIOD) if "period" in s]
    if periods:
        starts = pd.to_datetime(pd.Series(periods), unit="ms")
        bucket = period_start(frame["event_date"], freq)
        mask &= bucket.isin(set(starts))
        notes.append("period: " + ", ".join(f"{d:%d %b %Y}" for d in starts))
    return mask, notes


def _map_label(settings) -> str:
    spec = settings.spec
    if settings.mode == "asof" and spec.end:
        return f"as of {spec.end:%d %b %Y}"
    if spec.start and spec.end:
        return f"{spec.start:%d %b %Y} to {spec.end:%d %b %Y}"
    return ""


def overview_page() -> None:
    st.title("Conflict events in northern Syria")
    url_signature = database_signature()
    if not url_signature[0]:
        empty_database_message()
        return
    from conflictmap.store import database_url

    loaded = _events_for(database_url(), url_signature)
    frame, data, outline_url = loaded.frame, loaded.data, loaded.outline_url
    span = date_span(frame)
    load_query_params(frame, loaded.options)
    first_view = _first_view()
    # Kept through the rerun the map asks for, so the warning stays until the analyst acts.
    for problem in url_problems(keep=first_view):
        st.warning(f"Ignored a link setting that names nothing here or does not parse: {problem}")
    _apply_pending_timeline()
    _drawn_area()

    mode = st.session_state.get("f_mode", "window")
    period_name = st.session_state.get("f_period", "week")
    freq = PERIODS[period_name][0]
    top = st.container()
    # The timeline's value is read first and its slider drawn after the map, so that the
    # map is the first thing the browser builds (the values come from the widgets' state).
    timeline_box = st.container()
    period, as_of = _timeline_value(span, mode) if span else (None, None)
    settings = current_settings(period, as_of)
    save_query_params(settings, span)

    mask = filter_mask(frame, settings.spec)
    shown = loaded.slim[mask]

    map_mask, notes = _map_only_mask(frame, mask, freq, settings.split)
    territory = territory_as_of(loaded.captures, as_of)
    label = _map_label(settings)
    if settings.spec.area:
        notes.append("drawn area")
    if notes:
        st.caption("Map narrowed by " + "; ".join(notes) + " (click the chart again to clear).")
    update = map_update(
        encode_mask(map_mask.to_numpy()),
        territory=territory,
        area=settings.spec.area,
        label=label,
        version=f"{int(map_mask.sum())}",
    )
    # Drawing the sidebar's widgets and the charts keeps the browser's main thread, which
    # the map's frame shares, busy for about a second on a small machine. So on a session's
    # first view the map goes alone, and they follow with the rerun the map itself asks
    # for: "selected_layers" goes from None to [] once, in the report streamlit-folium
    # sends when the map is set up, which conflictmap-map.js holds until the events are painted.
    st_folium(
        dashboard_map(data.data_url, outline_url),
        key=MAP_KEY,
        height=600,
        use_container_width=True,
        feature_group_to_add=update,
        returned_objects=["all_drawings", "selected_layers"],
    )
    if settings.spec.area:
        st.caption("Everything on this page is limited to the area drawn on the map (✕ on the map clears it).")
    if span:
        with timeline_box:
            _timeline_slider(span, mode)
            _play_controls(span, mode, period_name)
    # After the map, so that its frame starts loading first; the values were read above.
    if first_view:
        with st.sidebar:
            st.header("Filters")
            st.caption("The filters appear as soon as the map has drawn its events…")
    else:
        sidebar_filters(loaded.options)

    # Filled after the map (shown above it) so that a filter change reaches the map first.
    figures = key_figures(shown)
    with top:
        cols = st.columns(5)
        cols[0].metric("Events", f"{figures.events:,}")
        cols[1].metric("Fatalities", f"{figures.fatalities:,}")
        cols[2].metric("Places", f"{figures.places:,}")
        # Years fit the metric's width; the exact days are in its help and on the timeline below.
        if figures.first is None:
            span_text, span_days = "no dates", None
        else:
            years = sorted({figures.first.year, figures.last.year})
            span_text = "–".join(str(year) for year in years)
            span_days = f"{figures.first:%d %b %Y} to {figures.last:%d %b %Y}"
        cols[3].metric("Date span", span_text, help=span_days)
        cols[4].metric("Village-level precision", f"{figures.village_precision_share:.0%}")

    if first_view:
        st.caption("The casualty charts follow as soon as the map has drawn its events…")
    else:
        _charts(shown, freq, settings.split, loaded.sides[mask.to_numpy()[loaded.sides["row"].to_numpy(dtype=int)]])
    undated = int(frame["event_date"].isna().sum())
    if undated and not settings.spec.include_undated:
        st.caption(f"{undated} events have no date the reports support; they are left out of the timeline and the charts.")


def _first_view() -> bool:
    """True on a session's first run of the overview only."""
    first = not st.session_state.get("_overview_seen")
    st.session_state["_overview_seen"] = True
    return first


def _charts(shown: pd.DataFrame, freq: str, split: str, sides: pd.DataFrame) -> None:
    per_period = events_and_fatalities(shown, freq)
    left, right = st.columns(2)
    with left:
        _chart(charts.fatalities_split_chart(shown, freq, split, sides=sides), "chart_split")
        _chart(charts.area_chart(by_area(shown)), "chart_area")
        _chart(charts.cumulative_chart(per_period, freq))
    with right:
        _chart(charts.event_type_chart(by_event_type(shown)), "chart_type")
        _chart(charts.events_vs_fatalities_chart(per_period, freq))
        st.caption("Click a bar or a legend entry to narrow the map to it; click an empty spot to clear.")


def _chart(chart, key: str | None = None) -> None:
    # Our charts are built from tested code; skipping Altair's schema check saves ~0.1 s a chart.
    spec = chart.to_dict(validate=False)
    if key:
        st.vega_lite_chart(spec, width="stretch", on_select="rerun", key=key)
    else:
        st.vega_lite_chart(spec, width="stretch")
