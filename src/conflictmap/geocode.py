"""Geocoding: place names and area phrases to points with an honest precision.

:class:`OfflineGeocoder` is a geopy ``Geocoder`` over the local gazetteer, so it
can stand in wherever geopy's online geocoders (Nominatim and others) are used.
:func:`locate_event` applies it to an extracted event's place mentions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from geopy.geocoders.base import Geocoder
from geopy.location import Location

from conflictmap.gazetteer import (
    Gazetteer,
    Governorate,
    Match,
    builtin_gazetteer,
    find_governorate,
)

# How far from a reference place "north of X" is taken to lie.
AREA_OFFSET_KM = 25.0
_BEARINGS = {
    "north": 0,
    "northeast": 45,
    "east": 90,
    "southeast": 135,
    "south": 180,
    "southwest": 225,
    "west": 270,
    "northwest": 315,
}


@dataclass(frozen=True)
class PlaceMention:
    """A place as the report names it, before geocoding.

    ``kind`` is "locality" (a town or village by name), "governorate" (a province
    or its countryside) or "area" (``direction`` of ``name``, e.g. north of Aleppo).
    """

    name: str
    kind: str = "locality"
    direction: str | None = None
    near_border: str | None = None
    admin1_hint: str | None = None


@dataclass(frozen=True)
class Resolution:
    """Where an event goes; no coordinates when a named place is known nowhere
    and the report gives no area either (it waits for an analyst)."""

    location: str
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    admin1: str | None
    admin2: str | None
    country: str | None
    resolved: bool


class OfflineGeocoder(Geocoder):
    """Geocoder over the offline gazetteer; never touches the network."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        super().__init__()
        self.gazetteer = gazetteer or builtin_gazetteer()

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        admin1: str | None = None,
        limit: int = 5,
        timeout: float | None = None,
    ) -> Location | list[Location] | None:
        """Best match (or ``limit`` candidates) for a place name.

        ``raw`` holds the source, feature kind, admin1/admin2, the match score and,
        on the best match, the alternatives considered.
        """
        query = query.strip()
        if not query:
            return None
        matches = self.gazetteer.lookup(query, admin1=admin1, limit=limit)
        governorate = find_governorate(query)
        is_province = governorate is not None and normalize_has_area_word(query)
        locations = [_match_location(m) for m in matches]
        if governorate is not None and (is_province or not locations):
            locations.insert(0, governorate_location(governorate))
        if not locations:
            return None
        if exactly_one:
            best = locations[0]
            best.raw["alternatives"] = [
                {k: loc.raw[k] for k in ("name", "admin1", "country", "score", "feature")}
                | {"latitude": loc.latitude, "longitude": loc.longitude}
                for loc in locations[1:]
            ]
            return best
        return locations


def normalize_has_area_word(query: str) -> bool:
    lowered = query.lower()
    return any(word in lowered for word in ("province", "governorate", "countryside"))


def _match_location(match: Match) -> Location:
    place = match.place
    address = ", ".join(p for p in (place.name, place.admin1, place.country) if p)
    raw = {
        "source": place.source,
        "place_id": place.place_id,
        "name": place.name,
        "feature": place.feature,
        "country": place.country,
        "admin1": place.admin1,
        "admin2": place.admin2,
        "population": place.population,
        "score": round(match.score, 1),
    }
    return Location(address, (place.latitude, place.longitude), raw)


def governorate_location(governorate: Governorate) -> Location:
    raw = {
        "source": "builtin",
        "place_id": f"ocha:{governorate.pcode}",
        "name": governorate.name,
        "feature": "governorate",
        "country": "SY",
        "admin1": governorate.name,
        "admin2": None,
        "population": 0,
        "score": 100.0,
    }
    return Location(f"{governorate.name} governorate, SY", (governorate.latitude, governorate.longitude), raw)


def offset_point(latitude: float, longitude: float, bearing_deg: float, km: float) -> tuple[float, float]:
    """The point ``km`` away along ``bearing_deg`` (small-distance approximation)."""
    bearing = math.radians(bearing_deg)
    dlat = km * math.cos(bearing) / 110.574
    dlon = km * math.sin(bearing) / (111.320 * math.cos(math.radians(latitude)))
    return round(latitude + dlat, 5), round(longitude + dlon, 5)


def resolve_mention(
    mention: PlaceMention, geocoder: OfflineGeocoder, admin1: str | None = None
) -> Resolution | None:
    """Resolve one mention; None when the gazetteer does not know the place."""
    if mention.kind == "governorate":
        governorate = find_governorate(mention.name)
        if governorate is None:
            return None
        return Resolution(
            f"{governorate.name} governorate",
            governorate.latitude,
            governorate.longitude,
            3,
            governorate.name,
            None,
            "SY",
            True,
        )
    location = geocoder.geocode(mention.name, admin1=mention.admin1_hint or admin1)
    if location is None or location.raw["feature"] == "governorate" and mention.kind == "locality":
        return None
    raw = location.raw
    if mention.kind == "area":
        lat, lon = offset_point(
            location.latitude, location.longitude, _BEARINGS[mention.direction or "north"], AREA_OFFSET_KM
        )
        label = f"{mention.direction} of {mention.name}"
        if mention.near_border:
            label += f", near the {mention.near_border} border"
        return Resolution(label, lat, lon, 2, raw["admin1"], raw["admin2"], raw["country"], True)
    return Resolution(
        mention.name,
        location.latitude,
        location.longitude,
        1,
        raw["admin1"],
        raw["admin2"],
        raw["country"],
        True,
    )


def locate(
    mentions: list[PlaceMention],
    geocoder: OfflineGeocoder,
    context: list[PlaceMention] | None = None,
) -> Resolution | None:
    """The best location for an event from its own mentions, then the article's.

    A named place the gazetteer knows gives precision 1; an area phrase 2; a
    governorate 3. A named place nobody knows keeps its name, sits at the best
    area available (precision 2 or 3) and is marked unresolved.
    """
    admin1 = next(
        (find_governorate(m.name).name for m in [*mentions, *(context or [])] if m.kind == "governorate"),
        None,
    )
    resolved: list[Resolution] = []
    unknown: list[PlaceMention] = []
    for mention in mentions:
        resolution = resolve_mention(mention, geocoder, admin1)
        if resolution is None:
            if mention.kind == "locality":
                unknown.append(mention)
        else:
            resolved.append(resolution)
    localities = [r for r in resolved if r.geo_precision == 1]
    if localities:
        return localities[0]
    areas = sorted(resolved, key=lambda r: r.geo_precision)
    if not areas and unknown:
        for mention in context or []:
            resolution = resolve_mention(mention, geocoder, admin1)
            if resolution is not None and resolution.geo_precision > 1:
                areas.append(resolution)
        areas.sort(key=lambda r: r.geo_precision)
    if unknown:
        if not areas:
            return Resolution(unknown[0].name, None, None, None, None, None, None, False)
        area = areas[0]
        return Resolution(
            unknown[0].name,
            area.latitude,
            area.longitude,
            max(area.geo_precision, 2),
            area.admin1,
            area.admin2,
            area.country,
            False,
        )
    return areas[0] if areas else None
