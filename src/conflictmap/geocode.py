"""Geocoding: place names and area phrases to points with an honest precision.

:class:`OfflineGeocoder` is a geopy ``Geocoder`` over the local gazetteer, so it
can stand in wherever geopy's online geocoders (Nominatim and others) are used.
:func:`locate_event` applies it to an extracted event's place mentions.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from geopy.adapters import BaseSyncAdapter
from geopy.exc import GeocoderServiceError
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from conflictmap.borders import COUNTRY_NAMES, border_country, near_border
from conflictmap.gazetteer import (
    GOVERNORATES,
    NORTHERN_SYRIA_BBOX,
    Gazetteer,
    Governorate,
    Match,
    builtin_gazetteer,
    distance_km,
    find_governorate,
)
from conflictmap.names import normalize
from conflictmap.regions import FEATURE as REGION_FEATURE

_MISSING = object()

# How far from a reference place "north of X" is taken to lie. ACLED codes an event
# "near" or "outside" a town at the town itself (geo-precision 2), so the point moves
# only far enough to show the direction: to the edge of a city's built-up area, next
# to a village ("east of Jebb al-Jarrah"). A city's countryside, named as such,
# reaches farther out.
AREA_OFFSET_KM = 10.0
COUNTRYSIDE_OFFSET_KM = 25.0
NEAR_TOWN_OFFSET_KM = 5.0
# A distance the report states ("40 km northeast of Homs") is taken as told, up to this far.
MAX_STATED_KM = 150.0
CITY_POPULATION = 100_000
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
    or its countryside), "area" (``direction`` of ``name``, e.g. north of Aleppo, or
    near it when there is no direction), "district" (an admin2 unit by name) or
    "border" (near the border ``near_border`` names, with no place). ``feature``
    is what the report calls a locality ("village", "town", "city"), when it says.
    ``bearing`` marks an area measured from its town ("north of Aleppo"), as opposed
    to a named region around it (the Eastern Ghouta). ``countryside`` marks an area
    told as a city's countryside ("the northern Aleppo countryside"), which reaches
    farther out than "north of Aleppo". ``km`` is the distance the report gives
    ("50 km east of Hama").
    """

    name: str
    kind: str = "locality"
    direction: str | None = None
    near_border: str | None = None
    admin1_hint: str | None = None
    feature: str | None = None
    bearing: bool = False
    countryside: bool = False
    km: float | None = None


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


class NoNetworkAdapter(BaseSyncAdapter):
    """geopy's HTTP adapter for a geocoder that never goes online (and so needs no
    TLS context, which takes a noticeable part of a second to set up)."""

    def __init__(self, *, proxies=None, ssl_context=None) -> None:  # noqa: ARG002 (geopy passes both)
        pass

    def get_json(self, url, *, timeout, headers):
        raise GeocoderServiceError(f"the offline geocoder does not fetch {url}")

    def get_text(self, url, *, timeout, headers):
        raise GeocoderServiceError(f"the offline geocoder does not fetch {url}")


class OfflineGeocoder(Geocoder):
    """Geocoder over the offline gazetteer; never touches the network."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        super().__init__(adapter_factory=NoNetworkAdapter)
        self.gazetteer = gazetteer or builtin_gazetteer()
        # Answers by query, kept as (address, point, raw) so a repeated name costs a
        # dictionary look-up and fresh Location objects, not a new search.
        self._answers: dict[tuple, list[tuple[str, Point, dict]] | None] = {}

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        admin1: str | None = None,
        limit: int = 5,
        timeout: float | None = None,
        admin2: str | None = None,
        feature: str | None = None,
    ) -> Location | list[Location] | None:
        """Best match (or ``limit`` candidates) for a place name or an area phrase.

        ``raw`` holds the source, feature kind, admin1/admin2, the match score,
        ``geo_precision`` and, on the best match, the alternatives considered.
        A phrase ("north of Aleppo", "Azaz district", "the Aleppo countryside")
        gives the area's reference point at precision 2 or 3.
        """
        key = (query, exactly_one, admin1, limit, admin2, feature)
        answer = self._answers.get(key, _MISSING)
        if answer is _MISSING:
            if len(self._answers) > 100_000:
                self._answers.clear()
            found = self._geocode(query, exactly_one, admin1, limit, admin2, feature)
            if found is None:
                answer = None
            else:
                found = [found] if isinstance(found, Location) else found
                answer = [(loc.address, loc.point, loc.raw) for loc in found]
            self._answers[key] = answer
        if answer is None:
            return None
        locations = [Location(address, point, dict(raw)) for address, point, raw in answer]
        return locations[0] if exactly_one else locations

    def _geocode(
        self,
        query: str,
        exactly_one: bool,
        admin1: str | None,
        limit: int,
        admin2: str | None,
        feature: str | None,
    ) -> Location | list[Location] | None:
        query = query.strip()
        if not query:
            return None
        mention = parse_place_phrase(query)
        if mention.kind != "locality":
            resolution = resolve_mention(mention, self, admin1)
            if resolution is None or resolution.latitude is None:
                return None
            location = resolution_location(resolution, mention.kind)
            return location if exactly_one else [location]
        name, feature = mention.name, feature or mention.feature
        matches = self.gazetteer.lookup(name, admin1=admin1, limit=limit, admin2=admin2, feature=feature)
        governorate = find_governorate(name)
        locations = [_match_location(m) for m in matches]
        if governorate is not None and not locations:
            locations.insert(0, governorate_location(governorate))
        if not locations:
            return None
        if exactly_one:
            best = locations[0]
            best.raw["alternatives"] = [
                {k: loc.raw[k] for k in ("name", "admin1", "country", "score", "feature", "source")}
                | {"latitude": loc.latitude, "longitude": loc.longitude}
                for loc in locations[1:]
            ]
            return best
        return locations

    def resolve(self, text: str, admin1: str | None = None) -> Resolution | None:
        """Where a place name or an area phrase puts an event, with its precision."""
        return resolve_mention(parse_place_phrase(text), self, admin1)


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
        "pcode": place.pcode,
        "name_ar": place.name_ar,
        "score": round(match.score, 1),
        # A named region ("the Qalamoun mountains") is a part of a region, not a town.
        "geo_precision": 2 if place.feature == REGION_FEATURE else 1,
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
        "pcode": governorate.pcode,
        "name_ar": None,
        "score": 100.0,
        "geo_precision": 3,
    }
    return Location(f"{governorate.name} governorate, SY", governorate.seat, raw)


def offset_point(latitude: float, longitude: float, bearing_deg: float, km: float) -> tuple[float, float]:
    """The point ``km`` away along ``bearing_deg`` (small-distance approximation)."""
    bearing = math.radians(bearing_deg)
    dlat = km * math.cos(bearing) / 110.574
    dlon = km * math.sin(bearing) / (111.320 * math.cos(math.radians(latitude)))
    return round(latitude + dlat, 5), round(longitude + dlon, 5)


def _area_offset_km(raw: dict, countryside: bool = False) -> float:
    """How far "north of X" lies from X: at the edge of a provincial capital or a city,
    out in its countryside when the report says countryside, next to a town or village."""
    if find_governorate(raw["name"] or "") is not None or (raw.get("population") or 0) >= CITY_POPULATION:
        return COUNTRYSIDE_OFFSET_KM if countryside else AREA_OFFSET_KM
    return NEAR_TOWN_OFFSET_KM


def resolve_mention(
    mention: PlaceMention, geocoder: OfflineGeocoder, admin1: str | None = None, admin2: str | None = None
) -> Resolution | None:
    """Resolve one mention; None when the gazetteer does not know the place.

    Towns and villages give precision 1; "north of X" and "near X" precision 2, at
    a point 10 km that way from a city or 5 km from a town ("near X": X itself);
    a district or a governorate precision 3, at its seat (for a governorate its
    capital, as ACLED places such events). A border named with an area moves the
    point to just inside that border, nearest to the area.
    """
    border = border_country(mention.near_border)
    if mention.kind == "border":
        return _near_border_only(border, admin1)
    if mention.kind == "governorate":
        governorate = find_governorate(mention.name)
        if governorate is None:
            return None
        (lat, lon), label = governorate.seat, f"{governorate.name} governorate"
        if border:
            lat, lon = near_border(lat, lon, border)
            label += f", near the {COUNTRY_NAMES[border]} border"
        return Resolution(label, lat, lon, 3, governorate.name, None, "SY", True)
    if mention.kind == "district":
        return _district(mention.name, geocoder, mention.admin1_hint or admin1)
    location = geocoder.geocode(
        mention.name, admin1=mention.admin1_hint or admin1, feature=mention.feature, admin2=admin2
    )
    if location is None or location.raw["feature"] == "governorate" and mention.kind == "locality":
        return None
    raw = location.raw
    if mention.kind == "area":
        lat, lon = location.latitude, location.longitude
        if mention.direction:
            km = min(mention.km, MAX_STATED_KM) if mention.km else _area_offset_km(raw, mention.countryside)
            lat, lon = offset_point(lat, lon, _BEARINGS[mention.direction], km)
            label = f"{mention.direction} of {mention.name}"
            if mention.km:
                label = f"{mention.km:g} km {label}"  # read back by stated_km_in_label
        else:
            label = f"near {mention.name}"
        if border:
            lat, lon = near_border(lat, lon, border)
            label += f", near the {COUNTRY_NAMES[border]} border"
        return Resolution(label, lat, lon, 2, raw["admin1"], raw["admin2"], raw["country"], True)
    return Resolution(
        raw["name"] if raw["feature"] == REGION_FEATURE else mention.name,
        location.latitude,
        location.longitude,
        raw["geo_precision"],
        raw["admin1"],
        raw["admin2"],
        raw["country"],
        True,
    )


# District names that are not their seat's name (OCHA spelling -> the seat town).
DISTRICT_SEATS = {
    "jebel saman": "Aleppo",
    "jabal saman": "Aleppo",
    "mount simeon": "Aleppo",
    "ain al arab": "Ayn al-Arab",
    "ath thawrah": "Tabqa",
    "al thawrah": "Tabqa",
    "al mara": "Ma'arrat al-Nu'man",
    "mara": "Ma'arrat al-Nu'man",
    "al malikeyyeh": "Al-Malikiyah",
    "malikeyyeh": "Al-Malikiyah",
    "quamishli": "Qamishli",
}
MIN_DISTRICT_PLACES = 3


def _district(name: str, geocoder: OfflineGeocoder, admin1: str | None) -> Resolution | None:
    """A district at the centre of its places (when a gazetteer lists them) or at its seat."""
    members = geocoder.gazetteer.in_district(name)
    governorate = find_governorate(admin1)
    if governorate is not None:
        members = [p for p in members if p.admin1 == governorate.name] or members
    if len(members) >= MIN_DISTRICT_PLACES:
        admin1_names = [p.admin1 for p in members if p.admin1]
        lat = round(sum(p.latitude for p in members) / len(members), 5)
        lon = round(sum(p.longitude for p in members) / len(members), 5)
        district = members[0].admin2
        admin1_name = max(set(admin1_names), key=admin1_names.count) if admin1_names else None
        return Resolution(f"{district} district", lat, lon, 3, admin1_name, district, "SY", True)
    seat_name = DISTRICT_SEATS.get(normalize(name), name)
    seat = geocoder.geocode(seat_name, admin1=admin1)
    if seat is None or seat.raw["country"] != "SY":
        return None
    return Resolution(
        f"{name} district", seat.latitude, seat.longitude, 3, seat.raw["admin1"], name, "SY", True
    )


def _near_border_only(border: str | None, admin1: str | None) -> Resolution | None:
    """Near a border with no place named: inside the report's governorate, else the map's region."""
    if border is None:
        return None
    governorate = find_governorate(admin1)
    if governorate is not None:
        reference = (governorate.latitude, governorate.longitude)
    else:
        south, west, north, east = NORTHERN_SYRIA_BBOX
        reference = ((south + north) / 2, (west + east) / 2)
    lat, lon = near_border(*reference, border)
    return Resolution(
        f"near the {COUNTRY_NAMES[border]} border",
        lat,
        lon,
        3,
        governorate.name if governorate else None,
        None,
        "SY",
        True,
    )


def resolution_location(resolution: Resolution, kind: str) -> Location:
    """A resolved area as a geopy Location (its raw says how precise it is)."""
    raw = {
        "source": "area",
        "place_id": None,
        "name": resolution.location,
        "feature": kind,
        "country": resolution.country,
        "admin1": resolution.admin1,
        "admin2": resolution.admin2,
        "population": 0,
        "pcode": None,
        "name_ar": None,
        "score": 100.0,
        "geo_precision": resolution.geo_precision,
        "alternatives": [],
    }
    address = ", ".join(p for p in (resolution.location, resolution.admin1, resolution.country) if p)
    return Location(address, (resolution.latitude, resolution.longitude), raw)


_DIRECTION_WORDS = (
    r"north|south|east|west|north-?east|north-?west|south-?east|south-?west"
    r"|northern|southern|eastern|western|north-?eastern|north-?western|south-?eastern|south-?western"
    r"|north\s+east|north\s+west|south\s+east|south\s+west"
)
_BORDER_TAIL = re.compile(
    r",?\s+(?:near|not\s+far\s+from|close\s+to|along|on|by)\s+the\s+(?:(?P<adj>\w+)\s+border"
    r"|border\s+with\s+(?P<country>\w+))\s*$",
    re.I,
)
_BORDER_ONLY = re.compile(
    r"^(?:near|not\s+far\s+from|close\s+to|along|on|by)?\s*(?:the\s+)?(?:(?P<adj>\w+)\s+border"
    r"|border\s+with\s+(?P<country>\w+))(?:\s+area|\s+region)?$",
    re.I,
)
DISTANCE = r"(?P<km>\d+(?:\.\d+)?)\s*(?P<unit>km|kilomet(?:re|er)s?|miles?)\s+(?:\(\d+\s*(?:km|kilomet(?:re|er)s?|miles?)\)\s+)?"
_DIRECTION_OF = re.compile(
    rf"^(?:{DISTANCE})?(?P<dir>{_DIRECTION_WORDS})\s+(?:of|outskirts\s+of)\s+(?:the\s+)?"
    r"(?:(?:city|town|village)\s+of\s+)?(?P<name>.+)$",
    re.I,
)
_COUNTRYSIDE = re.compile(
    rf"^(?:the\s+)?(?:(?P<dir>{_DIRECTION_WORDS})\s+)?(?:(?:countryside|province|governorate|outskirts|suburbs)\s+of\s+"
    r"(?P<a>.+)|(?P<b>.+?)(?:'s)?\s+(?P<word>countryside|province|governorate|region|outskirts|suburbs))$",
    re.I,
)
_RURAL = re.compile(r"^(?:the\s+)?(?:rural|reef|rif)\s+(?P<name>.+)$", re.I)
_DISTRICT = re.compile(r"^(?:the\s+)?(?:(?P<b>.+?)\s+district|district\s+of\s+(?P<a>.+))$", re.I)
_NEAR = re.compile(r"^(?:near|around|outside|close\s+to|on\s+the\s+outskirts\s+of)\s+(?:the\s+)?(?P<name>.+)$", re.I)
_FEATURE = re.compile(r"^(?:the\s+)?(?P<feature>city|town|village|hamlet)\s+of\s+(?P<name>.+)$", re.I)


def _direction(word: str | None) -> str | None:
    if not word:
        return None
    word = re.sub(r"[\s-]+", "", word.lower())
    return word.removesuffix("ern") if word.endswith("ern") else word


def parse_place_phrase(text: str) -> PlaceMention:
    """A place phrase as a report writes it, read into a mention.

    "north of Aleppo" and "near Azaz" are areas, "the Aleppo countryside" and
    "Idlib province" governorates, "Azaz district" a district, "near the Turkish
    border" a border; "the village of Arshaf" a village; anything else a name.
    """
    text = re.sub(r"\s+", " ", text.strip().strip(".,;:")).strip()
    border = None
    tail = _BORDER_TAIL.search(text)
    if tail and border_country(tail["adj"] or tail["country"]):
        border = tail["adj"] or tail["country"]
        text = text[: tail.start()].strip()
    only = _BORDER_ONLY.match(text)
    if only and border_country(only["adj"] or only["country"]):
        return PlaceMention("", "border", near_border=only["adj"] or only["country"])
    if match := _DIRECTION_OF.match(text):
        name = match["name"]
        governorate = find_governorate(name)
        if governorate is not None and re.search(r"province|governorate|countryside", name, re.I):
            return PlaceMention(name, "governorate", near_border=border)
        return PlaceMention(name, "area", _direction(match["dir"]), border, km=stated_km(match))
    if match := _COUNTRYSIDE.match(text):
        name = match["a"] or match["b"]
        direction = _direction(match["dir"])
        if match["word"] and match["word"].lower() in ("outskirts", "suburbs"):
            return PlaceMention(name, "area", direction, border)
        if find_governorate(name) is not None and (direction is None or _is_province_word(text)):
            return PlaceMention(name, "governorate", near_border=border)
        return PlaceMention(_city_of(name), "area", direction, border, countryside=True)
    if match := _RURAL.match(text):
        if find_governorate(match["name"]) is not None:
            return PlaceMention(match["name"], "governorate", near_border=border)
    if match := _DISTRICT.match(text):
        return PlaceMention(match["a"] or match["b"], "district", near_border=border)
    if match := _NEAR.match(text):
        return PlaceMention(match["name"], "area", None, border)
    if match := _FEATURE.match(text):
        feature = match["feature"].lower().replace("hamlet", "village")
        if border:
            return PlaceMention(match["name"], "area", None, border, feature=feature)
        return PlaceMention(match["name"], feature=feature)
    if border:
        return PlaceMention(text, "area", None, border)
    return PlaceMention(text)


def stated_km(match: re.Match[str]) -> float | None:
    """The distance a "<distance> <direction> of X" match states, in kilometres."""
    if not match["km"]:
        return None
    return round(float(match["km"]) * (1.609 if match["unit"].lower().startswith("mile") else 1.0), 1)


_STATED_LABEL = re.compile(r"([\d.]+) km ")


def stated_km_in_label(location: str) -> float | None:
    """The distance an area's label states ("40 km northeast of Homs"), as resolve_mention writes it."""
    told = _STATED_LABEL.match(location)
    return float(told[1]) if told else None


def _is_province_word(text: str) -> bool:
    return bool(re.search(r"province|governorate", text, re.I))


def _city_of(name: str) -> str:
    """A governorate's countryside is measured from its capital (Aleppo, Idlib, Raqqa)."""
    governorate = find_governorate(name)
    if governorate is None:
        return name
    return _CAPITALS.get(governorate.name, name)


_CAPITALS = {g.name: g.aliases[0] if g.name.startswith(("Ar-", "Al-", "As-")) else g.name for g in GOVERNORATES}


def _capital_the_name_starts_with(name: str, geocoder: OfflineGeocoder) -> Resolution | None:
    words = name.split()
    if len(words) < 2 or find_governorate(words[0]) is None:
        return None
    return resolve_mention(PlaceMention(words[0]), geocoder)


# How far from a provincial capital its countryside reaches when a report names the two together.
AROUND_CAPITAL_KM = 50.0


# The capital is a governorate of its own inside another: "Jayrud near Damascus" lies in Rural Damascus.
_HOME_GOVERNORATES = {"Damascus": ("Damascus", "Rural Damascus")}
# A town this big, called by its own name, is meant wherever else the sentence goes ("nine strikes
# near Kobani and one at Deir Ezzor"); only smaller places have namesakes worth doubting.
NAMESAKE_POPULATION = 10000


def _drop_namesakes_elsewhere(
    pairs: list[tuple[PlaceMention, Resolution | None]],
    resolved: list[Resolution],
    unknown: list[PlaceMention],
    geocoder: OfflineGeocoder,
) -> None:
    """When an event names its governorate ("Aleppo province", or the city of Aleppo
    itself), a village it names in another governorate is a namesake: the village
    is kept as a named place nobody knows, at the governorate's or the city's point."""
    expected = capital = None
    for mention, resolution in pairs:
        if mention.kind == "governorate" and resolution is not None:
            expected = resolution.admin1
            break
    if expected is None:
        for mention, resolution in pairs:
            governorate = find_governorate(mention.name) if mention.kind == "locality" else None
            if resolution is not None and resolution.geo_precision == 1 and governorate and resolution.admin1 == governorate.name:
                expected, capital = governorate.name, resolution
                break
    if expected is None:
        return
    elsewhere = [
        (mention, resolution)
        for mention, resolution in pairs
        if resolution is not None and resolution.geo_precision == 1 and resolution.country == "SY"
        and resolution.admin1 not in _HOME_GOVERNORATES.get(expected, (expected,))
        and find_governorate(mention.name) is None  # "Damascus and Aleppo": two cities, no namesakes
        and not sizeable_town(mention.name, geocoder)
        # "Madaya west of the capital Damascus": a town in the countryside around a
        # city that is a governorate of its own is no namesake.
        and not (capital is not None and distance_km(capital.latitude, capital.longitude, resolution.latitude, resolution.longitude) <= AROUND_CAPITAL_KM)
    ]
    for mention, resolution in elsewhere:
        resolved.remove(resolution)
        unknown.append(mention)
    if elsewhere and capital is not None:
        # The city now only says where the unknown village lies.
        index = resolved.index(capital)
        resolved[index] = replace(capital, geo_precision=2)


def sizeable_town(name: str, geocoder: OfflineGeocoder) -> bool:
    """Whether a name is, exactly, a town of at least NAMESAKE_POPULATION people."""
    found = geocoder.geocode(name)
    return found is not None and found.raw.get("score", 0) >= 100 and (found.raw.get("population") or 0) >= NAMESAKE_POPULATION


# How far from the town an area phrase names ("north of Aleppo") a village told with it may lie.
REFERENCE_KM = 100.0


def _drop_far_from_reference(
    pairs: list[tuple[PlaceMention, Resolution | None]],
    resolved: list[Resolution],
    unknown: list[PlaceMention],
    geocoder: OfflineGeocoder,
) -> None:
    """ "Battles around Al Maleh north of Aleppo": the village lies near Aleppo, so a
    namesake the gazetteer finds 400 km away is not it. The village is kept as a named
    place nobody knows, at the area's point."""
    references = []
    for mention, resolution in pairs:
        # A reference the gazetteer finds only abroad ("north of Maan" read as a Turkish
        # village) is less sure than the Syrian towns named beside it.
        if mention.kind == "area" and resolution is not None and resolution.country == "SY":
            town = geocoder.geocode(mention.name)
            if town is not None:
                references.append((town.latitude, town.longitude, mention.direction))
    if not references:
        return
    for mention, resolution in pairs:
        if (
            mention.kind == "locality" and resolution is not None and resolution.geo_precision == 1
            and resolution in resolved
            and all(_not_where_told(lat, lon, direction, resolution) for lat, lon, direction in references)
        ):
            resolved.remove(resolution)
            unknown.append(mention)


# How far off the stated direction a village may lie from its reference town, in degrees.
DIRECTION_SLACK_DEG = 90.0


def _not_where_told(latitude: float, longitude: float, direction: str | None, resolution: Resolution) -> bool:
    """Whether a village lies too far from the town an area phrase names, or on the
    wrong side of it: "the town of Bayanoun north of Aleppo" is not a namesake or a
    look-alike the gazetteer finds south-east of the city."""
    km = distance_km(latitude, longitude, resolution.latitude, resolution.longitude)
    if km > REFERENCE_KM:
        return True
    if direction is None or km < NEAR_TOWN_OFFSET_KM:
        return False
    off = abs((bearing_deg(latitude, longitude, resolution.latitude, resolution.longitude) - _BEARINGS[direction] + 180) % 360 - 180)
    return off > DIRECTION_SLACK_DEG


def bearing_deg(latitude: float, longitude: float, to_latitude: float, to_longitude: float) -> float:
    """The compass bearing from one point to another (small-distance approximation)."""
    north = to_latitude - latitude
    east = (to_longitude - longitude) * math.cos(math.radians(latitude))
    return math.degrees(math.atan2(east, north)) % 360


def without_area_references(mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Drop a bare town named again as the reference of an area phrase.

    In "six villages north of Aleppo ... between Aleppo and the Turkish border",
    Aleppo is where the area is measured from, not where the event happened.
    """
    references = {normalize(m.name) for m in mentions if m.bearing}
    if not references:
        return mentions
    return [m for m in mentions if m.kind != "locality" or normalize(m.name) not in references]


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
    named = [*mentions, *(context or [])]
    admin1 = next((find_governorate(m.name).name for m in named if m.kind == "governorate"), None)
    # A district the report names ("Suran, in Azaz district") picks among namesakes
    # and, when no governorate is named, says which one.
    district = next(
        (r for m in named if m.kind == "district" and (r := resolve_mention(m, geocoder, admin1)) is not None),
        None,
    )
    admin2 = district.admin2 if district else None
    admin1 = admin1 or (district.admin1 if district else None)
    mentions = without_area_references(mentions)
    resolved: list[Resolution] = []
    unknown: list[PlaceMention] = []
    pairs = [(mention, resolve_mention(mention, geocoder, admin1, admin2)) for mention in mentions]
    for mention, resolution in pairs:
        if resolution is None:
            if mention.kind == "locality":
                unknown.append(mention)
        else:
            resolved.append(resolution)
    _drop_namesakes_elsewhere(pairs, resolved, unknown, geocoder)
    _drop_far_from_reference(pairs, resolved, unknown, geocoder)
    localities = [r for r in resolved if r.geo_precision == 1]
    if localities:
        return localities[0]
    areas = sorted(resolved, key=lambda r: r.geo_precision)
    if not areas and unknown:
        # "Daraa al-Balad", "Homs al-Qadima": a part of a provincial capital, named after it.
        city = _capital_the_name_starts_with(unknown[0].name, geocoder)
        if city is not None:
            areas.append(city)
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
