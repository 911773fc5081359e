"""Stored gazetteer layers: places analysts fixed and gazetteers users imported.

The ``places`` table holds both; :func:`layered_geocoder` puts them over the
built-in places in order of trust (analyst-fixed, then imported, then built-in).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import namedtuple
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, func, select

from conflictmap.gazetteer import (
    SYRIA_BBOX,
    Gazetteer,
    Place,
    builtin_fingerprint,
    builtin_places,
    cached_gazetteer,
    distance_km,
    find_governorate,
    in_bbox,
)
from conflictmap.geocode import OfflineGeocoder
from conflictmap.names import normalize
from conflictmap.store import places

__all__ = [
    "ImportReport",
    "Place",
    "PlaceError",
    "fix_place",
    "governorate_near",
    "import_places",
    "layered_gazetteer",
    "layered_geocoder",
    "places_version",
    "stored_places",
    "unresolved_names",
    "unresolved_reports",
]

ANALYST = "analyst"


class PlaceError(ValueError):
    """A place that cannot be stored (bad coordinates, unknown governorate, no name)."""


@dataclass(frozen=True)
class ImportReport:
    source: str
    added: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged

    def __str__(self) -> str:
        return f"{self.source}: {self.added} added, {self.updated} updated, {self.unchanged} unchanged"


_COMPARED = ("source", "name", "name_ar", "alternate_names", "lat", "lon", "feature", "admin1", "admin2", "pcode", "country", "population")


def _row(place: Place, source: str) -> dict:
    return {
        "place_id": place.place_id,
        "source": source,
        "name": place.name,
        "name_ar": place.name_ar,
        "alternate_names": json.dumps(list(place.alternate_names), ensure_ascii=False),
        "lat": float(place.latitude),
        "lon": float(place.longitude),
        "feature": place.feature,
        "admin1": place.admin1,
        "admin2": place.admin2,
        "pcode": place.pcode,
        "country": place.country,
        "population": int(place.population or 0),
    }


def _place(row) -> Place:
    return Place(
        place_id=row.place_id,
        name=row.name,
        latitude=row.lat,
        longitude=row.lon,
        country=row.country,
        admin1=row.admin1,
        admin2=row.admin2,
        feature=row.feature or "populated place",
        population=row.population or 0,
        source=row.source,
        alternate_names=tuple(json.loads(row.alternate_names or "[]")),
        name_ar=row.name_ar,
        pcode=row.pcode,
    )


def _check(place: Place) -> None:
    if not place.name or not place.name.strip():
        raise PlaceError(f"place {place.place_id!r} has no name")
    if not (-90 <= place.latitude <= 90 and -180 <= place.longitude <= 180):
        raise PlaceError(f"place {place.name!r}: latitude/longitude out of range ({place.latitude}, {place.longitude})")


def import_places(engine: Engine, places_in: Iterable[Place], source: str, *, by: str | None = None) -> ImportReport:
    """Add or update places from an imported gazetteer, in one transaction.

    Idempotent: importing the same file again changes nothing and reports every
    place unchanged. Places an analyst fixed are never touched by an import.
    """
    if source == ANALYST:
        raise PlaceError("analyst places are stored with fix_place, not imported")
    incoming: dict[str, dict] = {}
    for place in places_in:
        _check(place)
        incoming[place.place_id] = _row(place, source)
    added = updated = unchanged = 0
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with engine.begin() as conn:
        existing = {
            row.place_id: row
            for row in conn.execute(select(places).where(places.c.source != ANALYST))
        }
        analyst_ids = set(conn.execute(select(places.c.place_id).where(places.c.source == ANALYST)).scalars())
        new_rows = []
        for place_id, row in incoming.items():
            if place_id in analyst_ids:
                continue
            old = existing.get(place_id)
            if old is None:
                new_rows.append(row | {"added_at": now, "added_by": by})
                added += 1
            elif any(_differs(getattr(old, key), row[key]) for key in _COMPARED):
                conn.execute(places.update().where(places.c.place_id == place_id).values(**row))
                updated += 1
            else:
                unchanged += 1
        if new_rows:
            conn.execute(places.insert(), new_rows)
    return ImportReport(source, added, updated, unchanged)


def _differs(old: object, new: object) -> bool:
    if isinstance(old, float) or isinstance(new, float):
        return old is None or new is None or abs(float(old) - float(new)) > 1e-9
    return (old or None) != (new or None)


def analyst_place_id(name: str) -> str:
    key = normalize(name)
    if not key:
        raise PlaceError(f"no usable name in {name!r}")
    return f"{ANALYST}:{key.replace(' ', '-')}"


def fix_place(
    engine: Engine,
    name: str,
    lat: float,
    lon: float,
    *,
    admin1: str | None = None,
    admin2: str | None = None,
    by: str | None = None,
) -> Place:
    """Store where an analyst says a named place is; it outranks every other source.

    One entry per name (in any spelling that normalises the same): fixing a name
    again moves it. With no ``admin1``, the governorate of the nearest built-in
    place within 30 km is taken. Raises :class:`PlaceError` and stores nothing on bad input.
    """
    name = (name or "").strip()
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        raise PlaceError(f"latitude and longitude must be numbers, not {lat!r}, {lon!r}") from None
    governorate = None
    if admin1:
        governorate = find_governorate(admin1)
        if governorate is None:
            raise PlaceError(f"unknown governorate {admin1!r}")
    place = Place(
        place_id=analyst_place_id(name),
        name=name,
        latitude=round(lat, 6),
        longitude=round(lon, 6),
        country="SY" if in_bbox(lat, lon, SYRIA_BBOX) else None,
        # Without a governorate, that of the nearest known place: events placed here need one.
        admin1=governorate.name if governorate else _governorate_if_valid(lat, lon),
        admin2=admin2.strip() if admin2 else None,
        feature="populated place",
        source=ANALYST,
    )
    _check(place)
    row = _row(place, ANALYST) | {"added_at": dt.datetime.now(dt.UTC).replace(tzinfo=None), "added_by": by}
    with engine.begin() as conn:
        found = conn.execute(select(places.c.place_id).where(places.c.place_id == place.place_id)).first()
        if found:
            conn.execute(places.update().where(places.c.place_id == place.place_id).values(**row))
        else:
            conn.execute(places.insert().values(**row))
    return place


def _governorate_if_valid(lat: float, lon: float) -> str | None:
    return governorate_near(lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else None


def stored_places(engine: Engine, source: str | None = None) -> list[Place]:
    """Places in the table (all, or one source's), in a stable order."""
    query = select(places).order_by(places.c.place_id)
    if source is not None:
        query = query.where(places.c.source == source)
    with engine.connect() as conn:
        return [_place(row) for row in conn.execute(query)]


def layered_gazetteer(engine: Engine) -> Gazetteer:
    """Analyst-fixed and imported places over the built-in ones, as one gazetteer.

    An imported place with the same id as a built-in one (a GeoNames import) takes
    its place. The indexes are cached on the table's content, so a second load, in
    this process or the next, takes a fraction of a second.
    """
    columns = [c.name for c in places.columns if c.name not in ("added_at", "added_by")]
    # The driver's own cursor: plain tuples, without SQLAlchemy's row processing,
    # which would take longer than loading the cached index itself.
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute(f"SELECT {', '.join(columns)} FROM places ORDER BY place_id")
        rows = cursor.fetchall()
        cursor.close()
    finally:
        connection.close()
    source_at = columns.index("source")
    fixed = [row for row in rows if row[source_at] == ANALYST]
    imported = [row for row in rows if row[source_at] != ANALYST]
    row_type = namedtuple("PlaceRow", columns)
    digest = hashlib.sha256(repr(imported).encode())
    fingerprint = f"{builtin_fingerprint()}|{len(imported)}|{digest.hexdigest()}"

    def build() -> list[Place]:
        stored = [_place(row_type._make(row)) for row in imported]
        ids = {p.place_id for p in stored}
        return stored + [p for p in builtin_places() if p.place_id not in ids]

    base = cached_gazetteer(fingerprint, build)
    if not fixed:
        return base
    # Analyst fixes come and go one at a time: they go on top of the cached index.
    key = (id(base), repr(fixed))
    if _with_fixes.get("key") != key:
        _with_fixes.update(key=key, gazetteer=base.extended([_place(row_type._make(row)) for row in fixed]))
    return _with_fixes["gazetteer"]


_with_fixes: dict = {}


def layered_geocoder(engine: Engine) -> OfflineGeocoder:
    """The offline geocoder over every layer: analyst-fixed > imported > built-in."""
    return OfflineGeocoder(layered_gazetteer(engine))


def unresolved_names(engine: Engine) -> list[dict]:
    """Place names events carry that no gazetteer knew, for an analyst to place.

    Counted over the same events the Unresolved places page lists (analysts'
    corrections applied, rejected events left out): each name with how many events
    carry it, the area they were put at (admin1 and precision) and whether an analyst
    has fixed the name since. Most events first.
    """
    waiting = unresolved_reports(engine)
    if waiting.empty:
        return []
    with engine.connect() as conn:
        fixed = set(conn.execute(select(places.c.place_id).where(places.c.source == ANALYST)).scalars())
    grouped = waiting.groupby("location", sort=False).agg(
        events=("event_id", "size"),
        admin1=("admin1", "min"),
        geo_precision=("geo_precision", "min"),
        latitude=("latitude", "mean"),
        longitude=("longitude", "mean"),
    )
    grouped = grouped.reset_index().sort_values(["events", "location"], ascending=[False, True])
    result = []
    for row in grouped.itertuples(index=False):
        try:
            is_fixed = analyst_place_id(row.location) in fixed
        except PlaceError:
            is_fixed = False
        result.append(
            {
                "name": row.location,
                "events": int(row.events),
                "admin1": None if pd.isna(row.admin1) else row.admin1,
                "geo_precision": None if pd.isna(row.geo_precision) else int(row.geo_precision),
                "latitude": None if pd.isna(row.latitude) else float(row.latitude),
                "longitude": None if pd.isna(row.longitude) else float(row.longitude),
                "fixed": is_fixed,
            }
        )
    return result


# --- placing names on the map (issue 6) -------------------------------------------------


def governorate_near(latitude: float, longitude: float, within_km: float = 30.0) -> str | None:
    """The governorate of the nearest built-in Syrian place with one, if it lies within reach."""
    best: tuple[float, str] | None = None
    for place in builtin_places():
        if place.country != "SY" or not place.admin1:
            continue
        km = distance_km(latitude, longitude, place.latitude, place.longitude)
        if km <= within_km and (best is None or km < best[0]):
            best = (km, place.admin1)
    return best[1] if best else None


def places_version(engine: Engine) -> tuple:
    """A cheap signature of the places table: it changes when a place is added, fixed or moved."""
    query = select(func.count(), func.max(places.c.added_at), func.sum(places.c.lat), func.sum(places.c.lon))
    with engine.connect() as conn:
        return tuple(conn.execute(query).one())


def unresolved_reports(engine: Engine) -> pd.DataFrame:
    """Events whose place no gazetteer knew, one row each, with the report that tells of it.

    Analysts' corrections are applied first (an event an analyst placed by hand is
    no longer unresolved) and rejected events are left out. Columns: location,
    event_id, event_date, title, source, source_url, evidence, admin1, latitude,
    longitude, geo_precision; ordered by name, then date.
    """
    from conflictmap.review import reviewed_events

    frame = reviewed_events(engine)
    columns = [
        "location", "event_id", "event_date", "title", "source", "source_url", "evidence",
        "admin1", "latitude", "longitude", "geo_precision",
    ]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    waiting = frame[
        ~frame["location_resolved"].astype(bool) & frame["location"].notna() & (frame["status"] != "rejected")
    ]
    return waiting[columns].sort_values(["location", "event_date"], na_position="last").reset_index(drop=True)
