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
from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Engine, select

from conflictmap.gazetteer import distance_km
from conflictmap.store import audit_log, events, incident_splits

MAX_KM = 5.0
MAX_DAYS = 1
_STATUS_RANK = {"reviewed": 0, "auto": 1}


def _actors(row) -> frozenset[str]:
    """The sides a report names; an unidentified one says nothing either way."""
    return frozenset(a for a in (row.actor1, row.actor2) if isinstance(a, str) and a and not a.startswith("Unidentified"))


def same_incident(a, b, max_km: float = MAX_KM, max_days: int = MAX_DAYS) -> bool:
    """Whether two events (rows with the record's fields) report one incident."""
    if a.article_id == b.article_id or a.event_type != b.event_type:
        return False
    if pd.isna(a.event_date) or pd.isna(b.event_date):
        return False
    if abs((pd.Timestamp(a.event_date) - pd.Timestamp(b.event_date)).days) > max_days:
        return False
    for row in (a, b):
        if pd.isna(row.latitude) or pd.isna(row.longitude) or pd.isna(row.geo_precision) or row.geo_precision > 2:
            return False
    if distance_km(a.latitude, a.longitude, b.latitude, b.longitude) > max_km:
        return False
    actors_a, actors_b = _actors(a), _actors(b)
    return actors_a <= actors_b or actors_b <= actors_a


def assign_incidents(
    frame: pd.DataFrame, splits: Iterable[str] = (), max_km: float = MAX_KM, max_days: int = MAX_DAYS
) -> pd.DataFrame:
    """The events (rejected ones left out) with an ``incident_id`` column."""
    frame = frame[frame["status"] != "rejected"].copy()
    splits = set(splits)
    order = frame.assign(_undated=frame["event_date"].isna()).sort_values(["_undated", "event_date", "event_id"])
    incident_of: dict[str, str] = {}
    open_incidents: list[list] = []  # members (rows) of incidents that may still grow
    for row in order.itertuples(index=False):
        if row.event_id in splits or pd.isna(row.event_date):
            incident_of[row.event_id] = "i" + row.event_id[1:]
            continue
        horizon = pd.Timestamp(row.event_date) - pd.Timedelta(days=max_days)
        open_incidents = [m for m in open_incidents if max(pd.Timestamp(r.event_date) for r in m) >= horizon]
        home = next(
            (
                members
                for members in open_incidents
                if all(same_incident(row, other, max_km, max_days) for other in members)
            ),
            None,
        )
        if home is None:
            home = []
            open_incidents.append(home)
        home.append(row)
        first = home[0].event_id
        incident_of[row.event_id] = "i" + first[1:]
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
    extra = ["incident_id", "event_ids", "sources", "source_count", "fatalities_low", "fatalities_best", "fatalities_high"]
    if grouped.empty:
        return pd.DataFrame(columns=[*frame.columns, *extra[1:]] if "incident_id" in frame.columns else [*frame.columns, *extra])
    published = grouped["published"] if "published" in grouped.columns else pd.Series(None, index=grouped.index)
    rows = []
    for incident_id, members in grouped.groupby("incident_id", sort=False):
        ranked = members.assign(
            _status=members["status"].map(_STATUS_RANK).fillna(2), _confidence=-members["confidence"].fillna(0)
        ).sort_values(["_status", "_confidence", "event_id"])
        lead = ranked.iloc[0].drop(["_status", "_confidence"]).to_dict()
        tolls = [
            (published.get(index), int(toll))
            for index, toll in members["fatalities"].items()
            if toll is not None and not pd.isna(toll)
        ]
        low = min(t for _, t in tolls) if tolls else pd.NA
        high = max(t for _, t in tolls) if tolls else pd.NA
        best = _best(tolls) if tolls else pd.NA
        if len(members) > 1 and best is not pd.NA and best != lead.get("fatalities"):
            lead["fatalities_detail"] = {}  # the lead's per-side figures belong to another toll
        sources = tuple(
            dict.fromkeys(
                (s if isinstance(s, str) and s else None) or (u if isinstance(u, str) and u else None) or a
                for s, u, a in zip(members["source"], members["source_url"], members["article_id"], strict=True)
            )
        )
        lead.update(
            incident_id=incident_id,
            event_ids=tuple(members.sort_values("event_id")["event_id"]),
            sources=sources,
            source_count=int(members["article_id"].nunique()),
            fatalities_low=low,
            fatalities_best=best,
            fatalities_high=high,
            fatalities=best,
            event_date=members["event_date"].min(),
        )
        rows.append(lead)
    result = pd.DataFrame(rows)
    for column in ("fatalities", "fatalities_low", "fatalities_best", "fatalities_high"):
        result[column] = result[column].astype("Int64")
    result["event_date"] = pd.to_datetime(result["event_date"])
    return result.reset_index(drop=True)


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
