"""Analysis: pandas filters, key figures and casualty aggregates over events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
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
    dated = with_dates(frame)
    columns = ["event_id", "event_date", "side", "fatalities"]
    detailed = dated[dated["fatalities_detail"].map(bool).astype(bool)]
    pairs = detailed["fatalities_detail"].map(lambda d: list(d.items())).explode()
    sides = pd.DataFrame(
        {
            "event_id": detailed.loc[pairs.index, "event_id"].to_numpy(),
            "event_date": detailed.loc[pairs.index, "event_date"].to_numpy(),
            "side": [p[0] for p in pairs],
            "fatalities": [int(p[1]) for p in pairs],
        }
    )
    claimed = sides.groupby("event_id", sort=False)["fatalities"].sum()
    totals = dated["fatalities"].fillna(0).astype(int)
    remainder = totals - dated["event_id"].map(claimed).fillna(0).astype(int).to_numpy()
    rest = dated[remainder > 0]
    unattributed = pd.DataFrame(
        {
            "event_id": rest["event_id"],
            "event_date": rest["event_date"],
            "side": UNATTRIBUTED,
            "fatalities": remainder[remainder > 0].astype(int),
        }
    )
    parts = [part for part in (sides, unattributed) if not part.empty]
    if not parts:
        return pd.DataFrame(columns=columns)
    result = pd.concat(parts, ignore_index=True)[columns]
    result["fatalities"] = result["fatalities"].astype(int)
    return result


def fatalities_over_time(frame: pd.DataFrame, freq: str = "W-MON", sides: pd.DataFrame | None = None) -> pd.DataFrame:
    """Fatalities per period and side (weekly by default; "MS" for months).

    ``sides`` may pass :func:`fatalities_by_side` of ``frame`` already computed."""
    sides = fatalities_by_side(frame) if sides is None else sides.copy()
    if sides.empty:
        return pd.DataFrame(columns=["period", "side", "fatalities"])
    sides["period"] = period_start(sides["event_date"], freq)
    grouped = sides.groupby(["period", "side"], as_index=False)["fatalities"].sum()
    return grouped.sort_values(["period", "side"]).reset_index(drop=True)


# --- the dashboard's filters (issue 5) ----------------------------------------------------

CONTROL_SUB_EVENT_TYPES = (
    "Non-state actor overtakes territory",
    "Government regains territory",
    "Non-violent transfer of territory",
)


@dataclass(frozen=True)
class EventFilter:
    """Everything the sidebar, the timeline and a drawn area can narrow events by.

    Empty tuples and ``None`` mean "no restriction"."""

    start: dt.date | None = None
    end: dt.date | None = None
    include_undated: bool = False
    event_types: tuple[str, ...] = ()
    sub_event_types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    admin1: tuple[str, ...] = ()
    admin2: tuple[str, ...] = ()
    min_fatalities: int = 0
    min_confidence: float = 0.0
    statuses: tuple[str, ...] = ("auto", "reviewed")
    sources: tuple[str, ...] = ()
    text: str = ""
    area: tuple[tuple[float, float], ...] = ()  # (lat, lon) vertices of a drawn polygon


def filter_mask(frame: pd.DataFrame, spec: EventFilter) -> pd.Series:
    """A boolean Series over ``frame``: True for the events ``spec`` keeps."""
    keep = pd.Series(True, index=frame.index)
    if spec.statuses:
        keep &= frame["status"].isin(spec.statuses)
    dates = frame["event_date"]
    dated = dates.notna()
    in_range = dated.copy()
    if spec.start is not None:
        in_range &= dates >= pd.Timestamp(spec.start)
    if spec.end is not None:
        in_range &= dates <= pd.Timestamp(spec.end)
    if spec.include_undated:
        in_range |= ~dated
    keep &= in_range
    if spec.event_types:
        keep &= frame["event_type"].isin(spec.event_types)
    if spec.sub_event_types:
        keep &= frame["sub_event_type"].isin(spec.sub_event_types)
    if spec.actors:
        keep &= frame["actor1"].isin(spec.actors) | frame["actor2"].isin(spec.actors)
    if spec.admin1:
        keep &= frame["admin1"].isin(spec.admin1)
    if spec.admin2:
        keep &= frame["admin2"].isin(spec.admin2)
    if spec.min_fatalities > 0:
        keep &= frame["fatalities"].fillna(0) >= spec.min_fatalities
    if spec.min_confidence > 0:
        keep &= frame["confidence"].fillna(0) >= spec.min_confidence
    if spec.sources:
        keep &= frame["source"].isin(spec.sources)
    if spec.text.strip():
        keep &= frame["evidence"].fillna("").str.contains(spec.text.strip(), case=False, regex=False)
    if len(spec.area) >= 3:
        keep &= in_polygon(frame["latitude"], frame["longitude"], spec.area)
    return keep


def apply_filter(frame: pd.DataFrame, spec: EventFilter) -> pd.DataFrame:
    return frame[filter_mask(frame, spec)]


def in_polygon(lat: pd.Series, lon: pd.Series, polygon) -> pd.Series:
    """Whether each point lies inside ``polygon`` ((lat, lon) vertices), by ray casting."""
    y = lat.to_numpy(dtype=float)
    x = lon.to_numpy(dtype=float)
    inside = np.zeros(len(x), dtype=bool)
    vertices = [(float(a), float(b)) for a, b in polygon]
    for (y1, x1), (y2, x2) in zip(vertices, vertices[1:] + vertices[:1], strict=True):
        crosses = (y1 > y) != (y2 > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            x_at = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
        inside ^= crosses & (x < x_at)
    inside &= ~(np.isnan(x) | np.isnan(y))
    return pd.Series(inside, index=lat.index)


def territory_as_of(frame: pd.DataFrame, as_of: dt.date | None) -> pd.DataFrame:
    """Who last took each village or town, from capture events up to ``as_of``.

    Columns: location, admin1, latitude, longitude, holder, taken_on, how."""
    columns = ["location", "admin1", "latitude", "longitude", "holder", "taken_on", "how"]
    captures = capture_events(frame)
    if as_of is not None:
        captures = captures[captures["event_date"] <= pd.Timestamp(as_of)]
    if captures.empty:
        return pd.DataFrame(columns=columns)
    last = captures.sort_values("event_date", kind="stable").groupby(["location", "admin1"], dropna=False).tail(1)
    result = last.rename(columns={"actor1": "holder", "event_date": "taken_on", "sub_event_type": "how"})
    return result[columns].sort_values("location").reset_index(drop=True)


def capture_events(frame: pd.DataFrame) -> pd.DataFrame:
    """Events that change who holds a village or town (dated, village precision, not rejected)."""
    return frame[
        frame["sub_event_type"].isin(CONTROL_SUB_EVENT_TYPES)
        & frame["event_date"].notna()
        & (frame["geo_precision"] == 1)
        & frame["latitude"].notna()
        & frame["actor1"].notna()
        & (frame["status"] != "rejected")
    ]


def period_start(dates: pd.Series, freq: str) -> pd.Series:
    """The first day of each date's week (Monday) or month."""
    if freq.startswith("M"):
        months = dates.to_numpy(dtype="datetime64[ns]").astype("datetime64[M]").astype("datetime64[ns]")
        return pd.Series(months, index=dates.index)
    return dates.dt.normalize() - pd.to_timedelta(dates.dt.day_of_week, unit="D")


def fatalities_by_actor(frame: pd.DataFrame, freq: str = "W-MON") -> pd.DataFrame:
    """Fatalities per period by the event's first actor. Columns: period, actor, fatalities."""
    dated = with_dates(frame)
    if dated.empty:
        return pd.DataFrame(columns=["period", "actor", "fatalities"])
    data = pd.DataFrame(
        {
            "period": period_start(dated["event_date"], freq),
            "actor": dated["actor1"].fillna(UNATTRIBUTED),
            "fatalities": dated["fatalities"].fillna(0).astype(int),
        }
    )
    return data.groupby(["period", "actor"], as_index=False)["fatalities"].sum()


def by_area(frame: pd.DataFrame, level: str = "admin1") -> pd.DataFrame:
    """Events and fatalities per governorate (``admin1``) or district (``admin2``)."""
    data = pd.DataFrame(
        {"event_id": frame["event_id"], "area": frame[level].fillna("Unknown"), "killed": frame["fatalities"].fillna(0).astype(int)}
    )
    grouped = data.groupby("area", as_index=False).agg(events=("event_id", "size"), fatalities=("killed", "sum"))
    return grouped.sort_values(["fatalities", "events"], ascending=False).reset_index(drop=True)


def by_event_type(frame: pd.DataFrame) -> pd.DataFrame:
    """Events and fatalities per event type and sub-type."""
    data = pd.DataFrame(
        {
            "event_id": frame["event_id"],
            "event_type": frame["event_type"],
            "sub_event_type": frame["sub_event_type"],
            "killed": frame["fatalities"].fillna(0).astype(int),
        }
    )
    grouped = data.groupby(["event_type", "sub_event_type"], as_index=False).agg(
        events=("event_id", "size"), fatalities=("killed", "sum")
    )
    return grouped.sort_values("fatalities", ascending=False).reset_index(drop=True)


def events_and_fatalities(frame: pd.DataFrame, freq: str = "W-MON") -> pd.DataFrame:
    """Per period: events, fatalities and the cumulative fatalities."""
    dated = with_dates(frame)
    if dated.empty:
        return pd.DataFrame(columns=["period", "events", "fatalities", "cumulative"])
    data = pd.DataFrame({"period": period_start(dated["event_date"], freq), "killed": dated["fatalities"].fillna(0)})
    grouped = data.groupby("period", as_index=False).agg(events=("killed", "size"), fatalities=("killed", "sum"))
    grouped["fatalities"] = grouped["fatalities"].astype(int)
    grouped["cumulative"] = grouped["fatalities"].cumsum()
    return grouped
