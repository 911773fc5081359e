"""Analysis: pandas filters, key figures and casualty aggregates over events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

UNATTRIBUTED = "Not attributed"


def with_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """Events that have a date (the timeline and charts can only place these)."""
    return frame[frame["event_date"].notna()]


def date_span(frame: pd.DataFrame) -> tuple[dt.date, dt.date] | None:
    dated = with_dates(frame)
    if dated.empty:
        return None
    return dated["event_date"].min().date(), dated["event_date"].max().date()


def filter_events(
    frame: pd.DataFrame,
    start: dt.date | None = None,
    end: dt.date | None = None,
    include_undated: bool = False,
    statuses: tuple[str, ...] = ("auto", "reviewed"),
) -> pd.DataFrame:
    """Events within [start, end] (inclusive) and with one of ``statuses``."""
    keep = frame["status"].isin(statuses)
    dates = frame["event_date"]
    in_range = pd.Series(True, index=frame.index)
    if start is not None:
        in_range &= dates >= pd.Timestamp(start)
    if end is not None:
        in_range &= dates <= pd.Timestamp(end)
    in_range &= dates.notna()
    if include_undated:
        in_range |= dates.isna()
    return frame[keep & in_range]


@dataclass(frozen=True)
class KeyFigures:
    events: int
    fatalities: int
    places: int
    first: dt.date | None
    last: dt.date | None
    village_precision_share: float


def key_figures(frame: pd.DataFrame) -> KeyFigures:
    span = date_span(frame)
    return KeyFigures(
        events=len(frame),
        fatalities=int(frame["fatalities"].fillna(0).sum()),
        places=int(frame["location"].nunique()),
        first=span[0] if span else None,
        last=span[1] if span else None,
        village_precision_share=float((frame["geo_precision"] == 1).mean()) if len(frame) else 0.0,
    )


def fatalities_by_side(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per event and side: the per-side detail where reported, else the
    whole toll under ``Not attributed``. Columns: event_id, event_date, side, fatalities."""
    rows = []
    for event in with_dates(frame).itertuples(index=False):
        total = 0 if pd.isna(event.fatalities) else int(event.fatalities)
        detail = event.fatalities_detail or {}
        for side, killed in detail.items():
            rows.append((event.event_id, event.event_date, side, int(killed)))
        remainder = total - sum(detail.values())
        if remainder > 0:
            rows.append((event.event_id, event.event_date, UNATTRIBUTED, remainder))
    return pd.DataFrame(rows, columns=["event_id", "event_date", "side", "fatalities"])


def fatalities_over_time(frame: pd.DataFrame, freq: str = "W-MON") -> pd.DataFrame:
    """Fatalities per period and side (weekly by default; "MS" for months)."""
    sides = fatalities_by_side(frame)
    if sides.empty:
        return pd.DataFrame(columns=["period", "side", "fatalities"])
    sides["period"] = sides["event_date"].dt.to_period(freq[0] if freq == "MS" else "W").dt.start_time
    grouped = sides.groupby(["period", "side"], as_index=False)["fatalities"].sum()
    return grouped.sort_values(["period", "side"]).reset_index(drop=True)
