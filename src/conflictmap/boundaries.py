"""Boundaries: governorate, district and border outlines for the offline map background.

``conflictmap boundaries import PATH`` reads a GeoJSON file (OCHA admin areas,
Natural Earth border lines), rounds its coordinates to about 100 m, which is all a
background outline needs, and stores one row per feature. Importing the same file
again replaces its rows.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, delete, select

from conflictmap.store import boundaries

GEOMETRY_TYPES = {"Polygon", "MultiPolygon", "LineString", "MultiLineString"}
NAME_FIELDS = ("NAME_EN", "name_en", "ADM1_EN", "ADM2_EN", "name", "NAME", "border")
DECIMALS = 3


class BoundaryError(ValueError):
    """A boundary file that cannot be imported; the message says why."""


@dataclass(frozen=True)
class ImportResult:
    source: str
    kind: str
    features: int


def _round(coords, decimals: int = DECIMALS):
    if coords and isinstance(coords[0], (int, float)):
        return [round(float(coords[0]), decimals), round(float(coords[1]), decimals)]
    rounded = [_round(c, decimals) for c in coords]
    if rounded and isinstance(rounded[0], list) and rounded[0] and isinstance(rounded[0][0], float):
        deduped = [rounded[0]]
        for point in rounded[1:]:
            if point != deduped[-1]:
                deduped.append(point)
        if len(deduped) < 2:
            deduped = rounded[:2]
        return deduped
    return rounded


def guess_kind(path: Path, features: list[dict]) -> str:
    name = path.name.lower()
    if "admin1" in name or "governorate" in name:
        return "admin1"
    if "admin2" in name or "district" in name:
        return "admin2"
    if "border" in name or all(f["geometry"]["type"].endswith("LineString") for f in features):
        return "border"
    return "outline"


def read_boundaries(path: str | Path) -> tuple[str, list[dict]]:
    """The file's kind and its outline features; raises BoundaryError on bad input."""
    path = Path(path)
    if not path.is_file():
        raise BoundaryError(f"{path}: no such file")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BoundaryError(f"{path}: not a GeoJSON file ({exc})") from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        raise BoundaryError(f"{path}: not a GeoJSON FeatureCollection")
    features = []
    for feature in data["features"]:
        geometry = (feature or {}).get("geometry") or {}
        if geometry.get("type") not in GEOMETRY_TYPES:
            continue
        props = feature.get("properties") or {}
        name = next((str(props[f]) for f in NAME_FIELDS if props.get(f)), None)
        features.append({"name": name, "geometry": {"type": geometry["type"], "coordinates": _round(geometry["coordinates"])}})
    if not features:
        raise BoundaryError(f"{path}: no polygon or line features to draw")
    return guess_kind(path, features), features


def import_boundaries(engine: Engine, path: str | Path, kind: str | None = None) -> ImportResult:
    """Store the file's outlines in one transaction, replacing an earlier import of the same file."""
    guessed, features = read_boundaries(path)
    kind = kind or guessed
    source = Path(path).name
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with engine.begin() as conn:
        conn.execute(delete(boundaries).where(boundaries.c.source == source))
        conn.execute(
            boundaries.insert(),
            [{"source": source, "kind": kind, "name": f["name"], "geometry": f["geometry"], "imported_at": now} for f in features],
        )
    return ImportResult(source, kind, len(features))


def boundaries_geojson(engine: Engine) -> dict | None:
    """Every imported outline as one FeatureCollection (``kind``, ``name`` and the ``source`` file
    as properties), or None."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(boundaries.c.kind, boundaries.c.name, boundaries.c.geometry, boundaries.c.source)
        ).all()
    if not rows:
        return None
    features = []
    for kind, name, geometry, source in rows:
        if isinstance(geometry, str):
            geometry = json.loads(geometry)
        properties = {"kind": kind, "name": name, "source": source}
        features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}
