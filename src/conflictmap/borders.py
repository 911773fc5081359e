"""Syria's borders with its neighbours, for phrases like "near the Turkish border".

The lines are Natural Earth's 1:10m boundaries (public domain), simplified to about
2 km, as (latitude, longitude) vertices from west to east or north to south.
"""

from __future__ import annotations

import math

from conflictmap.names import normalize

BORDER_LINES: dict[str, tuple[tuple[float, float], ...]] = {
    "TR": (
        (35.918, 35.911), (35.927, 35.980), (35.869, 36.004), (35.823, 36.158), (35.952, 36.197),
        (35.959, 36.269), (36.001, 36.297), (35.994, 36.358), (36.228, 36.373), (36.200, 36.451),
        (36.226, 36.480), (36.229, 36.664), (36.306, 36.649), (36.333, 36.578), (36.373, 36.593),
        (36.479, 36.531), (36.828, 36.640), (36.754, 36.965), (36.620, 37.053), (36.651, 37.104),
        (36.659, 37.242), (36.634, 37.446), (36.732, 37.654), (36.761, 37.820), (36.908, 38.224),
        (36.856, 38.480), (36.694, 38.725), (36.701, 39.032), (36.661, 39.240), (36.742, 39.765),
        (37.100, 40.709), (37.123, 40.896), (37.065, 41.201), (37.076, 41.480), (37.176, 42.009),
        (37.325, 42.211), (37.288, 42.223), (37.285, 42.292), (37.240, 42.347), (37.110, 42.357),
    ),
    "IQ": (
        (37.110, 42.357), (37.062, 42.377), (36.618, 41.844), (36.516, 41.385), (36.355, 41.277),
        (36.060, 41.237), (35.826, 41.355), (35.655, 41.364), (35.494, 41.261), (35.243, 41.201),
        (34.793, 41.204), (34.402, 40.965), (34.331, 40.690), (33.372, 38.775),
    ),
    "LB": (
        (33.407, 35.821), (33.462, 35.919), (33.528, 35.933), (33.568, 36.035), (33.598, 36.030),
        (33.640, 35.922), (33.761, 35.994), (33.851, 36.138), (33.824, 36.358), (33.858, 36.368),
        (33.907, 36.269), (33.947, 36.289), (34.045, 36.391), (34.054, 36.475), (34.199, 36.604),
        (34.263, 36.563), (34.300, 36.582), (34.354, 36.519), (34.423, 36.525), (34.494, 36.433),
        (34.514, 36.320), (34.554, 36.384), (34.596, 36.389), (34.598, 36.436), (34.629, 36.440),
        (34.629, 36.368), (34.688, 36.309), (34.627, 36.262), (34.650, 35.970),
    ),
    "JO": (
        (33.372, 38.775), (32.313, 36.807), (32.379, 36.388), (32.527, 36.177), (32.517, 36.066),
        (32.655, 36.004), (32.657, 35.955), (32.691, 35.944), (32.744, 35.758),
    ),
}

_BORDER_WORDS = {
    "TR": ("turkey", "turkish", "turkiye"),
    "IQ": ("iraq", "iraqi"),
    "LB": ("lebanon", "lebanese"),
    "JO": ("jordan", "jordanian"),
}
COUNTRY_NAMES = {"TR": "Turkish", "IQ": "Iraqi", "LB": "Lebanese", "JO": "Jordanian"}
# How far inside Syria a point "near the border" is put: on the line itself would
# be a precision the report does not have, and might fall on the wrong side.
INLAND_KM = 5.0


def border_country(word: str | None) -> str | None:
    """ISO code of the neighbour a word names ('Turkish', 'Turkey', 'Iraqi')."""
    if not word:
        return None
    key = normalize(word)
    for code, words in _BORDER_WORDS.items():
        if key in words or key.upper() == code:
            return code
    return None


def _to_xy(lat: float, lon: float, lat0: float) -> tuple[float, float]:
    return lon * 111.320 * math.cos(math.radians(lat0)), lat * 110.574


def nearest_border_point(latitude: float, longitude: float, country: str) -> tuple[float, float, float]:
    """The point of Syria's border with ``country`` nearest to a point, and its distance in km."""
    line = BORDER_LINES[country]
    px, py = _to_xy(latitude, longitude, latitude)
    best = (math.inf, line[0][0], line[0][1])
    for (lat1, lon1), (lat2, lon2) in zip(line, line[1:], strict=False):
        ax, ay = _to_xy(lat1, lon1, latitude)
        bx, by = _to_xy(lat2, lon2, latitude)
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
        qx, qy = ax + t * dx, ay + t * dy
        distance = math.hypot(px - qx, py - qy)
        if distance < best[0]:
            best = (distance, lat1 + t * (lat2 - lat1), lon1 + t * (lon2 - lon1))
    return best[1], best[2], best[0]


def near_border(latitude: float, longitude: float, country: str, inland_km: float = INLAND_KM) -> tuple[float, float]:
    """A point ``inland_km`` inside Syria from the border point nearest to a reference point.

    The reference point is taken to lie in Syria, so "inside" is towards it; when it
    is itself within ``inland_km`` of the border it is returned as it is.
    """
    lat, lon, distance = nearest_border_point(latitude, longitude, country)
    if distance <= inland_km:
        return round(latitude, 5), round(longitude, 5)
    share = inland_km / distance
    return round(lat + (latitude - lat) * share, 5), round(lon + (longitude - lon) * share, 5)
