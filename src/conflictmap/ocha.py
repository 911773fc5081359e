"""OCHA / HDX populated places ("communities"), from GeoJSON or CSV.

OCHA's Common Operational Datasets for Syria give each place a P-code, English
and Arabic names and its admin1/admin2 names and codes. The 2015 files use
``NAME_EN``/``NAME_ARA``/``PCODE``/``ADMIN1_EN``; HDX's newer CSVs use
``admin4Name_en``/``admin4Name_ar``/``admin4Pcode``/``admin1Name_en`` and carry
a second row of HXL hashtags. Both are read.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from conflictmap.gazetteer import SYRIA_BBOX, Place, find_governorate, in_bbox

SOURCE = "ocha"


class OchaError(ValueError):
    """A file that is not an OCHA populated-places file this reader understands."""


_FIELDS = {
    "name": ("NAME_EN", "admin4Name_en", "ADM4_EN", "name_en", "Name_EN", "NAME", "name"),
    "name_ref": ("NAM_EN_REF", "admin4RefName_en", "ADM4_REF"),
    "name_ar": ("NAME_ARA", "NAME_AR", "admin4Name_ar", "ADM4_AR", "name_ar", "Name_AR"),
    "pcode": ("PCODE", "admin4Pcode", "ADM4_PCODE", "pcode", "P_CODE", "Pcode"),
    "admin1": ("ADMIN1_EN", "admin1Name_en", "ADM1_EN", "admin1_en"),
    "admin2": ("ADMIN2_EN", "admin2Name_en", "ADM2_EN", "admin2_en"),
    "lat": ("LATITUDE", "latitude", "Latitude", "LAT", "lat", "y", "Y"),
    "lon": ("LONGITUDE", "longitude", "Longitude", "LON", "LONG", "lon", "long", "x", "X"),
    "capital": ("CAPIT_LVL", "capital_level"),
}
_CAPITALS = {1: "governorate capital", 2: "district capital", 3: "subdistrict capital"}


def _get(record: dict, field: str) -> object:
    for key in _FIELDS[field]:
        value = record.get(key)
        if value not in (None, ""):
            return value
    return None


def read_ocha_places(path: str | Path) -> list[Place]:
    """Places from an OCHA GeoJSON (points) or CSV file; raises :class:`OchaError`."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise OchaError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise OchaError(f"{path}: not UTF-8 text") from None
    if text.lstrip().startswith("{"):
        records = _geojson_records(path, text)
    else:
        records = _csv_records(path, text)
    places = []
    for record in records:
        place = _place(record)
        if place is not None:
            places.append(place)
    if not places:
        raise OchaError(f"{path}: no populated places found (expected P-codes, names and coordinates)")
    return places


def _geojson_records(path: Path, text: str) -> list[dict]:
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise OchaError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise OchaError(f"{path}: not a GeoJSON FeatureCollection")
    records = []
    for feature in document.get("features") or []:
        properties = dict(feature.get("properties") or {})
        if _get(properties, "lat") is None or _get(properties, "lon") is None:
            point = _point(feature.get("geometry"))
            if point is None:
                continue
            properties["LONGITUDE"], properties["LATITUDE"] = point
        records.append(properties)
    return records


def _point(geometry: dict | None) -> tuple[float, float] | None:
    if not geometry:
        return None
    coordinates = geometry.get("coordinates")
    if geometry.get("type") == "Point":
        return tuple(coordinates[:2])
    if geometry.get("type") == "MultiPoint" and coordinates:
        return tuple(coordinates[0][:2])
    return None


def _csv_records(path: Path, text: str) -> list[dict]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not any(name in reader.fieldnames for name in _FIELDS["pcode"]):
        raise OchaError(f"{path}: no P-code column ({', '.join(_FIELDS['pcode'][:3])}, ...)")
    return [row for row in reader if not str(next(iter(row.values()), "")).startswith("#")]


def _place(record: dict) -> Place | None:
    name, pcode = _get(record, "name"), _get(record, "pcode")
    lat, lon = _get(record, "lat"), _get(record, "lon")
    if not name or not pcode or lat is None or lon is None:
        return None
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        return None
    admin1 = _get(record, "admin1")
    governorate = find_governorate(str(admin1)) if admin1 else None
    ref = _get(record, "name_ref")
    alternates = (str(ref).strip(),) if ref and str(ref).strip() != str(name).strip() else ()
    capital = _get(record, "capital")
    try:
        feature = _CAPITALS.get(int(capital), "populated place") if capital is not None else "populated place"
    except (TypeError, ValueError):
        feature = "populated place"
    name_ar = _get(record, "name_ar")
    admin2 = _get(record, "admin2")
    return Place(
        place_id=f"{SOURCE}:{pcode}",
        name=str(name).strip(),
        latitude=round(lat, 6),
        longitude=round(lon, 6),
        country="SY" if in_bbox(lat, lon, SYRIA_BBOX) else None,
        admin1=governorate.name if governorate else (str(admin1) if admin1 else None),
        admin2=str(admin2).strip() if admin2 else None,
        feature=feature,
        population=0,
        source=SOURCE,
        alternate_names=alternates,
        name_ar=str(name_ar).strip() if name_ar else None,
        pcode=str(pcode),
    )
