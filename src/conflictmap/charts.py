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
    data = fatalities_over_time(frame, freq)
    sides = sorted(data["side"].unique()) if not data.empty else []
    colours = [SIDE_COLOURS.get(side, "#636e72") for side in sides]
    period = "Week" if freq.startswith("W") else "Month"
    return (
        alt.Chart(data, title=f"Fatalities per {period.lower()} by side")
        .mark_bar()
        .encode(
            x=alt.X("period:T", title=period),
            y=alt.Y("sum(fatalities):Q", title="Killed"),
            color=alt.Color("side:N", title="Side", scale=alt.Scale(domain=sides, range=colours)),
            tooltip=[
                alt.Tooltip("period:T", title=f"{period} of"),
                alt.Tooltip("side:N", title="Side"),
                alt.Tooltip("sum(fatalities):Q", title="Killed"),
            ],
        )
        .properties(height=280)
    )
