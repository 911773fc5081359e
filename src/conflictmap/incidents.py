"""Incidents: reports from different articles about the same event, counted once.

Outlets report the same attack with other words and other tolls. Two events are
taken for one incident when they come from different articles, fall on the same
or an adjacent day, lie within a few kilometres of each other (both placed at a
named place or near one, not just a governorate), have the same event type, and
name compatible sides (one report's actors are all among the other's). Grouping
is greedy over events in date order, and every member of an incident must match
every other (no chains of near-misses).

Tolls across an incident's sources are given as UCDP does: the lowest and the
highest reported figure, and a best estimate, here the figure of the most recently
published report (later counts are usually more complete); with no publication
dates to tell, the lower median. Totals use the best estimate.

An analyst can split an event out of a wrong merge; it then stands alone.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, select

from conflictmap.gazetteer import distance_km
from conflictmap.store import audit_log, events, incident_splits

MAX_KM = 5.0
MAX_DAYS = 1
_STATUS_RANK = {"reviewed": 0, "auto": 1}


@dataclass(frozen=True)
class _Report:
    """What merging compares, read once from an event row."""

    event_id: str
    article_id: str
    event_type: str
    day: int
    latitude: float
    longitude: float
    actors: frozenset[str]


def _report(row) -> _Report | None:
    """The row as a report that may merge; None when it cannot (undated, or not placed near a named place)."""
    if pd.isna(row.event_date) or pd.isna(row.latitude) or pd.isna(row.longitude):
        return None
    if pd.isna(row.geo_precision) or row.geo_precision > 2:
        return None
    # An unidentified side says nothing either way.
    actors = frozenset(
        a for a in (row.actor1, row.actor2) if isinstance(a, str) and a and not a.startswith("Unidentified")
    )
    day = pd.Timestamp(row.event_date).toordinal()
    return _Report(row.event_id, row.article_id, row.event_type, day, float(row.latitude), float(row.longitude), actors)


def _match(a: _Report, b: _Report, max_km: float, max_days: int) -> bool:
    return (
        a.article_id != b.article_id
        and a.event_type == b.event_type
        and abs(a.day - b.day) <= max_days
        and abs(a.latitude - b.latitude) * 110.5 <= max_km  # cheap test before the great circle
        and distance_km(a.latitude, a.longitude, b.latitude, b.longitude) <= max_km
        and (a.actors <= b.actors or b.actors <= a.actors)
    )


def same_incident(a, b, max_km: float = MAX_KM, max_days: int = MAX_DAYS) -> bool:
    """Whether two events (rows with the record's fields) report one incident."""
    first, second = _report(a), _report(b)
    return first is not None and second is not None and _match(first, second, max_km, max_days)


_REPORT_COLUMNS = [
    "event_id", "article_id", "event_type", "event_date", "latitude", "longitude", "geo_precision", "actor1", "actor2",
]


def _cell_degrees(max_km: float, reports: list[_Report]) -> float:
    """A cell no narrower than max_km anywhere among the reports (a degree of longitude
    shrinks towards the poles), so the 3 x 3 cells around a report hold all its neighbours."""
    widest = max((abs(r.latitude) for r in reports), default=0.0)
    return max_km / (111.32 * math.cos(math.radians(min(widest, 80.0))))


def assign_incidents(
    frame: pd.DataFrame, splits: Iterable[str] = (), max_km: float = MAX_KM, max_days: int = MAX_DAYS
) -> pd.DataFrame:
    """The events (rejected ones left out) with an ``incident_id`` column."""
    frame = frame[frame["status"] != "rejected"].copy()
    splits = set(splits)
    reports = []
    incident_of: dict[str, str] = {}
    # Only the columns a report reads, as plain objects: iterating Arrow-backed strings
    # row by row costs seconds at 100,000 events.
    columns = _REPORT_COLUMNS
    view = pd.DataFrame({c: frame[c].to_numpy(dtype=object) for c in columns}, columns=columns)
    for row in view.itertuples(index=False):
        report = None if row.event_id in splits else _report(row)
        if report is None:
            incident_of[row.event_id] = "i" + row.event_id[1:]
        else:
            reports.append(report)
    reports.sort(key=lambda r: (r.day, r.event_id))
    # Open incidents (members, latest day, creation order) filed by type and by the map
    # cell of their first report: every member lies within max_km of the first, so only
    # the 3 x 3 cells around a report can hold an incident it may join.
    cell_deg = _cell_degrees(max_km, reports)
    by_cell: dict[tuple, list[list]] = {}
    created = 0
    for report in reports:
        row, col = int(report.latitude // cell_deg), int(report.longitude // cell_deg)
        home = None
        for d_row in (-1, 0, 1):
            for d_col in (-1, 0, 1):
                key = (report.event_type, row + d_row, col + d_col)
                entries = by_cell.get(key)
                if not entries:
                    continue
                entries[:] = [entry for entry in entries if entry[1] >= report.day - max_days]
                for entry in entries:
                    if (home is None or entry[2] < home[2]) and all(
                        _match(report, other, max_km, max_days) for other in entry[0]
                    ):
                        home = entry
        if home is None:
            home = [[], report.day, created]
            created += 1
            by_cell.setdefault((report.event_type, row, col), []).append(home)
        home[0].append(report)
        home[1] = max(home[1], report.day)
        incident_of[report.event_id] = "i" + home[0][0].event_id[1:]
    frame["incident_id"] = frame["event_id"].map(incident_of)
    return frame


def _best(tolls: list[tuple[object, int]]) -> int:
    """The most recently published report's toll; the lower median when dates do not tell."""
    dated = [(published, toll) for published, toll in tolls if published is not None and not pd.isna(published)]
    if dated:
        latest = max(published for published, _ in dated)
        at_latest = sorted(toll for published, toll in dated if published == latest)
        if len(at_latest) == 1:
            return at_latest[0]
    values = sorted(toll for _, toll in tolls)
    return values[(len(values) - 1) // 2]


def incident_frame(
    frame: pd.DataFrame, splits: Iterable[str] = (), max_km: float = MAX_KM, max_days: int = MAX_DAYS
) -> pd.DataFrame:
    """One row per incident, with the event record's columns, so totals count each once.

    Each row takes its fields from the incident's lead report (an analyst-reviewed
    one first, then the most confident) and adds ``incident_id``, ``event_ids``,
    ``sources``, ``source_count`` and ``fatalities_low`` / ``fatalities_best`` /
    ``fatalities_high``; ``fatalities`` is the best estimate and ``event_date`` the
    earliest date any source gives.
    """
    grouped = assign_incidents(frame, splits, max_km, max_days)
    size = grouped.groupby("incident_id")["event_id"].transform("size")
    single = _single_report_incidents(grouped[size == 1])
    by_incident: dict[str, list[dict]] = {}
    for record in grouped[size > 1].to_dict("records"):
        by_incident.setdefault(record["incident_id"], []).append(record)
    merged = [_merged_incident(members) for members in by_incident.values()]
    result = pd.concat([single, pd.DataFrame(merged)], ignore_index=True) if merged else single.reset_index(drop=True)
    for column in ("fatalities", "fatalities_low", "fatalities_best", "fatalities_high"):
        result[column] = result[column].astype("Int64")
    result["event_date"] = pd.to_datetime(result["event_date"])
    return result


def _source_name(source: object, url: object, article_id: str) -> str:
    for value in (source, url):
        if isinstance(value, str) and value:
            return value
    return article_id


def _single_report_incidents(single: pd.DataFrame) -> pd.DataFrame:
    """Incidents told by one report: the event's own row (done column-wise: most incidents are these)."""
    single = single.copy()
    single["event_ids"] = [(event_id,) for event_id in single["event_id"]]
    single["sources"] = [
        (_source_name(s, u, a),) for s, u, a in zip(single["source"], single["source_url"], single["article_id"], strict=True)
    ]
    single["source_count"] = 1
    for column in ("fatalities_low", "fatalities_best", "fatalities_high"):
        single[column] = single["fatalities"]
    return single


def _known(value: object) -> bool:
    return value is not None and not pd.isna(value)


def _merged_incident(members: list[dict]) -> dict:
    """One row for an incident several reports tell of (members are event records)."""
    ranked = sorted(
        members,
        key=lambda m: (_STATUS_RANK.get(m["status"], 2), -(m["confidence"] if _known(m["confidence"]) else 0), m["event_id"]),
    )
    lead = dict(ranked[0])
    tolls = [(m.get("published"), int(m["fatalities"])) for m in members if _known(m["fatalities"])]
    best = _best(tolls) if tolls else pd.NA
    if best is not pd.NA and best != lead.get("fatalities"):
        lead["fatalities_detail"] = {}  # the lead's per-side figures belong to another toll
    dates = [m["event_date"] for m in members if _known(m["event_date"])]
    lead.update(
        event_ids=tuple(sorted(m["event_id"] for m in members)),
        sources=tuple(dict.fromkeys(_source_name(m["source"], m["source_url"], m["article_id"]) for m in members)),
        source_count=len({m["article_id"] for m in members}),
        fatalities_low=min(t for _, t in tolls) if tolls else pd.NA,
        fatalities_best=best,
        fatalities_high=max(t for _, t in tolls) if tolls else pd.NA,
        fatalities=best,
        event_date=min(dates) if dates else pd.NaT,
    )
    return lead


# --- the analyst's splits ----------------------------------------------------------


def load_splits(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.execute(select(incident_splits.c.event_id)).scalars())


def _audit(conn, event_id: str, action: str, before: object, after: object, by: str | None, at: dt.datetime) -> None:
    conn.execute(
        audit_log.insert().values(
            event_id=event_id, action=action, field="incident", before=before, after=after, at=at, by=by
        )
    )


def split_event(engine: Engine, event_id: str, incident_id: str | None = None, by: str | None = None) -> bool:
    """Take an event out of the incident it was merged into; False when already split."""
    by, at = (by or "").strip() or None, dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with engine.begin() as conn:
        if conn.execute(select(incident_splits.c.event_id).where(incident_splits.c.event_id == event_id)).first():
            return False
        if not conn.execute(select(events.c.event_id).where(events.c.event_id == event_id)).first():
            raise ValueError(f"no event {event_id!r} in the database")
        conn.execute(incident_splits.insert().values(event_id=event_id, split_at=at, split_by=by))
        _audit(conn, event_id, "split", incident_id, None, by, at)
    return True


def rejoin_event(engine: Engine, event_id: str, by: str | None = None) -> bool:
    """Undo a split: the event may merge again; False when it was not split."""
    by, at = (by or "").strip() or None, dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with engine.begin() as conn:
        removed = conn.execute(incident_splits.delete().where(incident_splits.c.event_id == event_id)).rowcount
        if removed:
            _audit(conn, event_id, "rejoin", None, "merged", by, at)
    return bool(removed)


def dashboard_incidents(engine: Engine) -> pd.DataFrame:
    """The dashboard's rows: reviewed events, one per incident, rejected ones out."""
    from conflictmap.review import reviewed_events

    return incident_frame(reviewed_events(engine), load_splits(engine))
