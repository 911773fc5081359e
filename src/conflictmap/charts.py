"""Charts: Altair views of the casualty aggregates in :mod:`conflictmap.analysis`."""

from __future__ import annotations

import altair as alt
import pandas as pd

from conflictmap.analysis import fatalities_over_time

SIDE_COLOURS = {
    "Islamic State": "#2d3436",
    "Syrian rebels": "#27ae60",
    "Free Syrian Army": "#2ecc71",
    "Al-Nusra Front": "#6c5ce7",
    "Syrian government forces": "#c0392b",
    "SDF": "#f1c40f",
    "YPG": "#f39c12",
    "Civilians": "#0984e3",
    "Not attributed": "#b2bec3",
}


def fatalities_chart(frame: pd.DataFrame, freq: str = "W-MON") -> alt.Chart:
    """Stacked bars of fatalities per week (or month) by side, with exact tooltips."""
    return fatalities_split_chart(frame, freq, split="side")


# --- the overview's casualty charts (issue 5) --------------------------------------------
# Each chart carries a point selection bound to clicks and its legend; the page reads
# the selection back (st.altair_chart(on_select="rerun")) and narrows the map to it.

SELECT_PERIOD = "pick_period"
SELECT_SERIES = "pick_series"
SELECT_AREA = "pick_area"
SELECT_TYPE = "pick_type"


def _colour_scale(names: list[str]) -> alt.Scale:
    return alt.Scale(domain=names, range=[SIDE_COLOURS.get(n, _fallback_colour(i)) for i, n in enumerate(names)])


_FALLBACK = ["#636e72", "#00b894", "#e17055", "#0984e3", "#fdcb6e", "#a29bfe", "#fab1a0", "#55efc4", "#d63031", "#74b9ff"]


def _fallback_colour(i: int) -> str:
    return _FALLBACK[i % len(_FALLBACK)]


def _period_title(freq: str) -> str:
    return "Month" if freq.startswith("M") else "Week"


def fatalities_split_chart(
    frame: pd.DataFrame, freq: str = "W-MON", split: str = "side", top: int = 8, sides: pd.DataFrame | None = None
) -> alt.Chart:
    """Fatalities per period stacked by side (per-side detail) or by the first actor.

    Clicking a bar selects its period and series; clicking a legend entry selects the series."""
    from conflictmap.analysis import fatalities_by_actor

    if split == "actor":
        data = fatalities_by_actor(frame, freq).rename(columns={"actor": "series"})
    else:
        data = fatalities_over_time(frame, freq, sides=sides).rename(columns={"side": "series"})
    if not data.empty:
        leaders = data.groupby("series")["fatalities"].sum().nlargest(top).index
        data["series"] = data["series"].where(data["series"].isin(leaders), "Others")
        data = data.groupby(["period", "series"], as_index=False)["fatalities"].sum()
    names = sorted(data["series"].unique()) if not data.empty else []
    period = _period_title(freq)
    pick = alt.selection_point(name=SELECT_SERIES, fields=["series"], bind="legend")
    pick_period = alt.selection_point(name=SELECT_PERIOD, fields=["period"], encodings=["x"])
    label = "Side" if split == "side" else "Actor"
    return (
        alt.Chart(data, title=f"Fatalities per {period.lower()} by {label.lower()}")
        .mark_bar()
        .encode(
            x=alt.X("period:T", title=period),
            y=alt.Y("sum(fatalities):Q", title="Killed"),
            color=alt.Color("series:N", title=label, scale=_colour_scale(names)),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.3)),
            tooltip=[
                alt.Tooltip("period:T", title=f"{period} of"),
                alt.Tooltip("series:N", title=label),
                alt.Tooltip("sum(fatalities):Q", title="Killed"),
            ],
        )
        .add_params(pick, pick_period)
        .properties(height=260)
    )


def area_chart(data: pd.DataFrame, level_title: str = "Governorate") -> alt.Chart:
    """Fatalities (bars) per governorate or district, events in the tooltip; click selects the area."""
    pick = alt.selection_point(name=SELECT_AREA, fields=["area"])
    return (
        alt.Chart(data.head(15), title=f"Fatalities by {level_title.lower()}")
        .mark_bar(color="#c0392b")
        .encode(
            y=alt.Y("area:N", sort="-x", title=level_title),
            x=alt.X("fatalities:Q", title="Killed"),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.35)),
            tooltip=[
                alt.Tooltip("area:N", title=level_title),
                alt.Tooltip("fatalities:Q", title="Killed"),
                alt.Tooltip("events:Q", title="Events"),
            ],
        )
        .add_params(pick)
        .properties(height=260)
    )


def event_type_chart(data: pd.DataFrame) -> alt.Chart:
    """Fatalities per event type, stacked by sub-type; click selects the type."""
    from conflictmap.mapview import EVENT_COLOURS

    types = list(EVENT_COLOURS)
    pick = alt.selection_point(name=SELECT_TYPE, fields=["event_type"], bind="legend")
    return (
        alt.Chart(data, title="Fatalities by event type")
        .mark_bar()
        .encode(
            y=alt.Y("event_type:N", title=None, sort="-x"),
            x=alt.X("sum(fatalities):Q", title="Killed"),
            color=alt.Color(
                "event_type:N", title="Event type", scale=alt.Scale(domain=types, range=list(EVENT_COLOURS.values()))
            ),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.35)),
            tooltip=[
                alt.Tooltip("event_type:N", title="Type"),
                alt.Tooltip("sub_event_type:N", title="Sub-type"),
                alt.Tooltip("fatalities:Q", title="Killed"),
                alt.Tooltip("events:Q", title="Events"),
            ],
        )
        .add_params(pick)
        .properties(height=260)
    )


def cumulative_chart(data: pd.DataFrame, freq: str = "W-MON") -> alt.Chart:
    """Cumulative fatalities over time."""
    period = _period_title(freq)
    return (
        alt.Chart(data, title="Cumulative fatalities")
        .mark_area(line=True, opacity=0.35, color="#2d3436")
        .encode(
            x=alt.X("period:T", title=period),
            y=alt.Y("cumulative:Q", title="Killed (cumulative)"),
            tooltip=[alt.Tooltip("period:T", title=f"{period} of"), alt.Tooltip("cumulative:Q", title="Killed so far")],
        )
        .properties(height=260)
    )


def events_vs_fatalities_chart(data: pd.DataFrame, freq: str = "W-MON") -> alt.Chart:
    """Events and fatalities per period on two axes."""
    period = _period_title(freq)
    tooltip = [
        alt.Tooltip("period:T", title=f"{period} of"),
        alt.Tooltip("events:Q", title="Events"),
        alt.Tooltip("fatalities:Q", title="Killed"),
    ]
    base = alt.Chart(data, title=f"Events versus fatalities per {period.lower()}").encode(
        x=alt.X("period:T", title=period)
    )
    bars = base.mark_bar(color="#b2bec3").encode(y=alt.Y("events:Q", title="Events"), tooltip=tooltip)
    line = base.mark_line(color="#c0392b", point=True).encode(
        y=alt.Y("fatalities:Q", title="Killed", axis=alt.Axis(titleColor="#c0392b")), tooltip=tooltip
    )
    return alt.layer(bars, line).resolve_scale(y="independent").properties(height=260)
