"""Review: an analyst's corrections, confirmations and rejections, with an audit trail.

The machine's rows in ``events`` stay as the extractor wrote them. What an analyst
sets is kept apart, in ``event_corrections`` (one row per event and field), and laid
over the machine's values whenever events are read; so re-ingesting or re-extracting
an article cannot undo a correction. Every change also leaves a row in
``audit_log``: what changed, the value before and after, when, and by whom when
the analyst gave a name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Engine, select

from conflictmap.record import EVENT_TYPES, STATUSES, SUB_EVENT_TYPES
from conflictmap.store import audit_log, event_corrections, events, load_events

EDITABLE_FIELDS = ("event_type", "sub_event_type", "actor1", "actor2", "event_date", "fatalities")
PLACE_FIELDS = ("location", "admin1", "admin2", "country", "latitude", "longitude", "geo_precision", "location_resolved")
CORRECTABLE_FIELDS = (*EDITABLE_FIELDS, *PLACE_FIELDS, "status")


class ReviewError(ValueError):
    """A change that cannot be made; the message says why."""


@dataclass(frozen=True)
class Change:
    event_id: str
    field: str
    before: Any
    after: Any


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


# --- reading ---------------------------------------------------------------------


def corrections(engine: Engine) -> dict[str, dict[str, Any]]:
    """Every analyst-set value, by event id and field."""
    with engine.connect() as conn:
        rows = conn.execute(select(event_corrections.c.event_id, event_corrections.c.field, event_corrections.c.value))
        found: dict[str, dict[str, Any]] = {}
        for event_id, field, value in rows:
            found.setdefault(event_id, {})[field] = value
    return found


def apply_corrections(frame: pd.DataFrame, corrected: Mapping[str, Mapping[str, Any]]) -> pd.DataFrame:
    """The events with analyst values laid over the machine's.

    Adds ``corrected_fields`` (the fields an analyst set, status aside) and
    ``machine_fatalities`` (the extractor's toll, for comparison).
    """
    frame = frame.copy()
    frame["machine_fatalities"] = frame["fatalities"]
    frame["corrected_fields"] = [tuple(sorted(set(corrected.get(e, {})) - {"status"})) for e in frame["event_id"]]
    if frame.empty or not corrected:
        return frame
    position = {event_id: index for index, event_id in zip(frame.index, frame["event_id"], strict=True)}
    for event_id, fields in corrected.items():
        index = position.get(event_id)
        if index is None:
            continue
        for field, value in fields.items():
            if field == "event_date":
                value = pd.NaT if value is None else pd.Timestamp(value)
            elif field == "fatalities":
                value = pd.NA if value is None else int(value)
                detail = frame.at[index, "fatalities_detail"] or {}
                if value is pd.NA or sum(detail.values()) > value:
                    frame.at[index, "fatalities_detail"] = {}  # per-side figures no longer add up
            frame.at[index, field] = value
    return frame


def reviewed_events(engine: Engine) -> pd.DataFrame:
    """All events as the analysts left them (see :func:`apply_corrections`)."""
    return apply_corrections(load_events(engine), corrections(engine))


def audit_trail(engine: Engine, event_id: str | None = None) -> pd.DataFrame:
    """Audit rows, newest first: event_id, action, field, before, after, at, by."""
    query = select(audit_log).order_by(audit_log.c.entry_id.desc())
    if event_id is not None:
        query = query.where(audit_log.c.event_id == event_id)
    with engine.connect() as conn:
        rows = [dict(row._mapping) for row in conn.execute(query)]
    columns = ["entry_id", "event_id", "action", "field", "before", "after", "at", "by"]
    return pd.DataFrame(rows, columns=columns)


# --- changing ----------------------------------------------------------------------


def _current(conn, event_id: str) -> dict[str, Any]:
    row = conn.execute(select(events).where(events.c.event_id == event_id)).first()
    if row is None:
        raise ReviewError(f"no event {event_id!r} in the database")
    values = dict(row._mapping)
    if values.get("event_date") is not None:
        values["event_date"] = values["event_date"].isoformat()
    for field, value in conn.execute(
        select(event_corrections.c.field, event_corrections.c.value).where(event_corrections.c.event_id == event_id)
    ):
        values[field] = value
    return values


def _clean(field: str, value: Any) -> Any:
    """The value as stored, or ReviewError saying what is wrong with it."""
    if value is None or (not isinstance(value, (str, dict, list)) and pd.isna(value)):
        value = None
    if field in ("actor1", "actor2", "location", "admin1", "admin2"):
        value = str(value).strip() if value is not None else None
        return value or None
    if field == "event_date":
        if value is None or value == "":
            return None
        if isinstance(value, (dt.datetime, pd.Timestamp)):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        try:
            return dt.date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            raise ReviewError(f"invalid date {value!r}: expected YYYY-MM-DD") from None
    if field in ("fatalities", "geo_precision"):
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise ReviewError(f"{field} must be a whole number")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ReviewError(f"{field} must be a whole number, not {value!r}") from None
        if number != int(number) or number < 0:
            raise ReviewError(f"{field} must be a whole number of 0 or more, not {value!r}")
        if field == "geo_precision" and int(number) not in (1, 2, 3):
            raise ReviewError("geo_precision must be 1, 2 or 3")
        return int(number)
    if field in ("latitude", "longitude"):
        if value is None:
            return None
        try:
            return float(value)
        except (TypeError, ValueError):
            raise ReviewError(f"{field} must be a number, not {value!r}") from None
    if field == "location_resolved":
        return bool(value)
    if field == "country":
        return str(value).strip().upper()[:2] if value else None
    if field == "event_type":
        if value not in EVENT_TYPES:
            raise ReviewError(f"unknown event type {value!r}; one of: {', '.join(EVENT_TYPES)}")
        return value
    if field == "sub_event_type":
        if not any(value in subs for subs in SUB_EVENT_TYPES.values()):
            raise ReviewError(f"unknown sub-event type {value!r}")
        return value
    if field == "status":
        if value not in STATUSES:
            raise ReviewError(f"unknown status {value!r}; one of: {', '.join(STATUSES)}")
        return value
    raise ReviewError(f"{field!r} cannot be corrected; editable: {', '.join(CORRECTABLE_FIELDS)}")


def _record_change(conn, change: Change, action: str, by: str | None, at: dt.datetime) -> None:
    conn.execute(
        event_corrections.delete().where(
            (event_corrections.c.event_id == change.event_id) & (event_corrections.c.field == change.field)
        )
    )
    conn.execute(
        event_corrections.insert().values(
            event_id=change.event_id, field=change.field, value=change.after, corrected_at=at, corrected_by=by
        )
    )
    log_changes(conn, [change], action, by, at)


def log_changes(conn, changes: Iterable[Change], action: str, by: str | None, at: dt.datetime | None = None) -> None:
    """Audit rows for changes made in the transaction ``conn`` belongs to."""
    rows = [
        {"event_id": c.event_id, "action": action, "field": c.field, "before": c.before, "after": c.after,
         "at": at or _now(), "by": by}
        for c in changes
    ]
    if rows:
        conn.execute(audit_log.insert(), rows)


def _apply(engine: Engine, event_id: str, changes: Mapping[str, Any], action: str, by: str | None) -> list[Change]:
    by = (by or "").strip() or None
    with engine.begin() as conn:
        current = _current(conn, event_id)
        cleaned = {field: _clean(field, value) for field, value in changes.items()}
        after = {**current, **cleaned}
        if "event_type" in cleaned or "sub_event_type" in cleaned:
            if after["sub_event_type"] not in SUB_EVENT_TYPES.get(after["event_type"], ()):
                raise ReviewError(
                    f"{after['sub_event_type']!r} is not a sub-event type of {after['event_type']!r}; "
                    f"pick one of: {', '.join(SUB_EVENT_TYPES.get(after['event_type'], ()))}"
                )
        made = [Change(event_id, f, current.get(f), v) for f, v in cleaned.items() if current.get(f) != v]
        if made and action != "reject" and "status" not in cleaned and current.get("status") == "auto":
            made.append(Change(event_id, "status", "auto", "reviewed"))  # a corrected event has been reviewed
        at = _now()
        for change in made:
            _record_change(conn, change, action, by, at)
    return made


def edit_event(engine: Engine, event_id: str, changes: Mapping[str, Any], by: str | None = None) -> list[Change]:
    """Correct an event's type, actors, date or toll (one transaction); returns what changed.

    An edited event counts as reviewed. Values equal to the current ones change nothing.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ReviewError(f"cannot edit {', '.join(sorted(unknown))}; editable: {', '.join(EDITABLE_FIELDS)}")
    return _apply(engine, event_id, changes, "edit", by)


def place_event(engine: Engine, event_id: str, place: Mapping[str, Any], by: str | None = None) -> list[Change]:
    """Move an event to a gazetteer entry (name, latitude, longitude, admin1, admin2, country).

    The event is then placed at that named place (geo precision 1, resolved).
    """
    missing = {"name", "latitude", "longitude"} - set(k for k, v in place.items() if v is not None)
    if missing:
        raise ReviewError(f"a place needs {', '.join(sorted(missing))}")
    changes = {
        "location": place["name"],
        "admin1": place.get("admin1"),
        "admin2": place.get("admin2"),
        "country": place.get("country") or "SY",
        "latitude": round(float(place["latitude"]), 5),
        "longitude": round(float(place["longitude"]), 5),
        "geo_precision": place.get("geo_precision") or 1,
        "location_resolved": True,
    }
    return _apply(engine, event_id, changes, "place", by)


def confirm_event(engine: Engine, event_id: str, by: str | None = None) -> list[Change]:
    """Mark an event as checked and right."""
    return _apply(engine, event_id, {"status": "reviewed"}, "confirm", by)


def reject_event(engine: Engine, event_id: str, by: str | None = None) -> list[Change]:
    """Mark an event as wrong; it leaves the map, the charts and the totals."""
    return _apply(engine, event_id, {"status": "rejected"}, "reject", by)
