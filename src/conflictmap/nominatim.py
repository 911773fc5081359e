"""The online option: OpenStreetMap's Nominatim through geopy, cached in the database.

Off by default. When switched on (``conflictmap geocode --online`` or the
``CONFLICTMAP_NOMINATIM`` environment variable), names the offline gazetteers know
well are still answered offline; the others are asked of Nominatim at most once a
second (geopy's ``RateLimiter``, as Nominatim's usage policy asks), with the
project's user agent and a short timeout. Every answer, "no such place" included,
is kept in the ``geocode_cache`` table, so a name is asked once. Without a network
the offline answer stands.
"""

from __future__ import annotations

import datetime as dt
import os
from urllib.parse import urlsplit

from geopy.adapters import URLLibAdapter
from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from sqlalchemy import Engine, select

from conflictmap.gazetteer import REGION_BBOX, find_governorate
from conflictmap.geocode import OfflineGeocoder
from conflictmap.names import normalize
from conflictmap.store import geocode_cache

PROVIDER = "nominatim"
DEFAULT_URL = "https://nominatim.openstreetmap.org"
ENV = "CONFLICTMAP_NOMINATIM"  # "1"/"on" for the public server, or a server's URL
USER_AGENT = "conflictmap/0.1 (conflict events of northern Syria on a map)"
TIMEOUT = 3.0
MIN_DELAY_SECONDS = 1.0
SURE_SCORE = 90.0  # an offline match this good is not asked online


def nominatim_url_from_env() -> str | None:
    """The server ``CONFLICTMAP_NOMINATIM`` switches on, or None when it is off."""
    value = os.environ.get(ENV, "").strip()
    if not value or value.lower() in ("0", "off", "no", "false"):
        return None
    return DEFAULT_URL if value.lower() in ("1", "on", "yes", "true") else value


class CachedNominatim(Geocoder):
    """Nominatim behind a rate limiter and a database cache, falling back to offline."""

    def __init__(
        self,
        engine: Engine,
        offline: OfflineGeocoder | None = None,
        *,
        url: str = DEFAULT_URL,
        user_agent: str = USER_AGENT,
        timeout: float = TIMEOUT,
        min_delay_seconds: float = MIN_DELAY_SECONDS,
        country_codes: str | None = "sy",
    ) -> None:
        super().__init__(timeout=timeout, user_agent=user_agent)
        parts = urlsplit(url if "://" in url else f"https://{url}")
        self.engine = engine
        self.offline = offline or OfflineGeocoder()
        self.country_codes = country_codes
        self.nominatim = Nominatim(
            user_agent=user_agent,
            domain=(parts.netloc + parts.path).rstrip("/"),
            scheme=parts.scheme,
            timeout=timeout,
            # One try per name: geopy's default requests adapter retries twice, which
            # turned a 3 s timeout into a 9 s wait when the server does not answer.
            adapter_factory=URLLibAdapter,
        )
        self._ask = RateLimiter(
            self.nominatim.geocode, min_delay_seconds=min_delay_seconds, max_retries=0, swallow_exceptions=False
        )
        self.last_error: str | None = None

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        admin1: str | None = None,
        timeout: float | None = None,
        **offline_options,
    ) -> Location | None:
        """The offline match when it is sure, else Nominatim's (cached), else the offline one."""
        query = query.strip()
        if not query:
            return None
        offline = self.offline.geocode(query, admin1=admin1, **offline_options)
        if offline is not None and (offline.raw["score"] >= SURE_SCORE or offline.raw["source"] == "analyst"):
            return offline
        key = self._key(query, admin1)
        hit = self._cached(key)
        if hit is not None:
            found, raw = hit
            return _location(raw) if found else offline
        governorate = find_governorate(admin1)
        text = f"{query}, {governorate.name}" if governorate else query
        south, west, north, east = REGION_BBOX
        try:
            answer = self._ask(
                text,
                exactly_one=True,
                country_codes=self.country_codes,
                viewbox=[(south, west), (north, east)],
                # geopy reads timeout=None as "wait for ever", not as "the default"
                timeout=self.timeout if timeout is None else timeout,
            )
        except GeopyError as exc:  # no network, refused, timed out, rate-limited: stay offline
            self.last_error = f"{type(exc).__name__}: {exc}"
            return offline
        self.last_error = None
        raw = _raw(answer) if answer is not None else None
        self._store(key, query, raw)
        return _location(raw) if raw else offline

    @staticmethod
    def _key(query: str, admin1: str | None) -> str:
        governorate = find_governorate(admin1)
        return f"{normalize(query)}|{governorate.name if governorate else ''}"

    def _cached(self, key: str) -> tuple[bool, dict | None] | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(geocode_cache.c.result).where(
                    geocode_cache.c.provider == PROVIDER, geocode_cache.c.query_key == key
                )
            ).first()
        if row is None:
            return None
        return (row.result is not None, row.result)

    def _store(self, key: str, query: str, raw: dict | None) -> None:
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        with self.engine.begin() as conn:
            conn.execute(
                geocode_cache.delete().where(geocode_cache.c.provider == PROVIDER, geocode_cache.c.query_key == key)
            )
            conn.execute(
                geocode_cache.insert().values(provider=PROVIDER, query_key=key, query=query, result=raw, fetched_at=now)
            )


def _raw(answer: Location) -> dict:
    """Nominatim's answer in the offline geocoder's raw layout (plus Nominatim's own)."""
    osm = dict(answer.raw)
    parts = [p.strip() for p in answer.address.split(",")]
    governorate = next((g for g in map(find_governorate, parts) if g is not None), None)
    country = "SY" if parts and parts[-1] in ("Syria", "سوريا", "Syrian Arab Republic") else None
    return {
        "source": PROVIDER,
        "place_id": f"osm:{osm.get('osm_type', '')}:{osm.get('osm_id', osm.get('place_id', ''))}",
        "name": parts[0] if parts else answer.address,
        "address": answer.address,
        "latitude": answer.latitude,
        "longitude": answer.longitude,
        "feature": osm.get("type") or osm.get("addresstype") or "place",
        "country": country,
        "admin1": governorate.name if governorate else None,
        "admin2": None,
        "population": 0,
        "pcode": None,
        "name_ar": None,
        "score": 100.0,
        "geo_precision": 1,
        "alternatives": [],
        "osm": osm,
    }


def _location(raw: dict) -> Location:
    return Location(raw["address"], (raw["latitude"], raw["longitude"]), dict(raw))


def online_or_offline(engine: Engine, offline: OfflineGeocoder, url: str | None = None) -> Geocoder:
    """Nominatim (cached, falling back to ``offline``) when switched on, else ``offline``."""
    url = url or nominatim_url_from_env()
    return CachedNominatim(engine, offline, url=url) if url else offline
