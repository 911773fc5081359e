"""GeoNames country dumps: reading ``SY.txt`` / ``SY.zip`` and downloading them.

The dump is UTF-8, tab-separated, without a header, 19 columns per place (see
https://download.geonames.org/export/dump/readme.txt). Language-tagged spellings
come separately, in ``alternatenames/SY.zip`` (alternateNamesV2 layout, 10
columns) or the older ``alternateNames.txt`` (8 columns); both are read.
"""

from __future__ import annotations

import io
import os
import urllib.error
import urllib.request
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from conflictmap.gazetteer import _GOVERNORATE_BY_GEONAMES, Place

SOURCE = "geonames"
DEFAULT_BASE_URL = "https://download.geonames.org/export/dump/"
BASE_URL_ENV = "CONFLICTMAP_GEONAMES_URL"
USER_AGENT = "conflictmap/0.1 (offline conflict map of northern Syria)"
COLUMNS = (
    "geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature_class",
    "feature_code", "country_code", "cc2", "admin1_code", "admin2_code", "admin3_code", "admin4_code",
    "population", "elevation", "dem", "timezone", "modification_date",
)
# Feature codes of populated places worth a name (P class), in words.
FEATURES = {
    "PPLC": "capital", "PPLA": "governorate capital", "PPLA2": "district capital",
    "PPLA3": "subdistrict capital", "PPLA4": "populated place", "PPL": "populated place",
    "PPLL": "locality", "PPLX": "section of populated place", "PPLQ": "abandoned place",
    "PPLF": "farm village", "PPLS": "populated places", "PPLR": "religious populated place",
    "PPLW": "destroyed populated place", "PPLH": "historical populated place",
}
# isolanguage values in the alternate-names file that are codes or links, not names.
_NOT_NAMES = {"link", "wkdt", "post", "iata", "icao", "faac", "tcid", "unlc", "abbr", "fr_1793", "phon", "piny"}


class GeoNamesError(ValueError):
    """A file that is not a GeoNames dump, or a download that failed."""


@dataclass(frozen=True)
class AlternateName:
    name: str
    language: str
    preferred: bool


def _open_text(path: Path, member_hint: str | None = None) -> str:
    """The text of a .txt file, or of the data file inside a GeoNames .zip."""
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                names = [n for n in archive.namelist() if n.endswith(".txt") and "readme" not in n.lower()]
                if member_hint and f"{member_hint}.txt" in names:
                    names = [f"{member_hint}.txt"]
                if not names:
                    raise GeoNamesError(f"{path}: no data file in the zip archive")
                data = archive.read(names[0])
        else:
            data = path.read_bytes()
    except OSError as exc:
        raise GeoNamesError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except zipfile.BadZipFile:
        raise GeoNamesError(f"{path}: damaged zip archive") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise GeoNamesError(f"{path}: not UTF-8 text") from None


def read_alternate_names(path: str | Path) -> dict[str, list[AlternateName]]:
    """Spellings per geonameid from alternateNamesV2 (10 columns) or alternateNames (8)."""
    path = Path(path)
    result: dict[str, list[AlternateName]] = defaultdict(list)
    for number, line in enumerate(_open_text(path).splitlines(), 1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) not in (8, 10) or not fields[1].isdigit():
            raise GeoNamesError(f"{path}:{number}: not an alternate-names line (8 or 10 tab-separated columns)")
        language, name = fields[2], fields[3].strip()
        if language in _NOT_NAMES or not name or name.startswith("http"):
            continue
        result[fields[1]].append(AlternateName(name, language, fields[4] == "1"))
    return dict(result)


def read_geonames_dump(path: str | Path, alternate_names: str | Path | None = None) -> list[Place]:
    """Populated places (feature class P) from a 19-column GeoNames dump."""
    path = Path(path)
    extra = read_alternate_names(alternate_names) if alternate_names else {}
    places = []
    member = path.stem if path.suffix.lower() == ".zip" else None
    for number, line in enumerate(_open_text(path, member).splitlines(), 1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != len(COLUMNS):
            raise GeoNamesError(
                f"{path}:{number}: {len(fields)} columns, a GeoNames dump has {len(COLUMNS)} (tab-separated)"
            )
        row = dict(zip(COLUMNS, fields, strict=True))
        if row["feature_class"] != "P":
            continue
        try:
            lat, lon = float(row["latitude"]), float(row["longitude"])
            population = int(row["population"] or 0)
        except ValueError:
            raise GeoNamesError(f"{path}:{number}: bad latitude, longitude or population") from None
        places.append(_place(row, lat, lon, population, extra.get(row["geonameid"], [])))
    if not places:
        raise GeoNamesError(f"{path}: no populated places (feature class P) in the file")
    return places


def _place(row: dict, lat: float, lon: float, population: int, extra: list[AlternateName]) -> Place:
    country = row["country_code"]
    governorate = _GOVERNORATE_BY_GEONAMES.get(row["admin1_code"]) if country == "SY" else None
    names = [n.strip() for n in row["alternatenames"].split(",") if n.strip()]
    arabic = [a for a in extra if a.language == "ar"]
    arabic.sort(key=lambda a: not a.preferred)
    names += [a.name for a in extra]
    if row["asciiname"]:
        names.insert(0, row["asciiname"])
    alternates = tuple(dict.fromkeys(n for n in names if n != row["name"]))
    return Place(
        place_id=f"geonames:{row['geonameid']}",
        name=row["name"],
        latitude=lat,
        longitude=lon,
        country=country,
        admin1=governorate.name if governorate else (row["admin1_code"] or None),
        admin2=None,
        feature=FEATURES.get(row["feature_code"], "populated place"),
        population=population,
        source=SOURCE,
        alternate_names=alternates,
        name_ar=arabic[0].name if arabic else None,
    )


def base_url(url: str | None = None) -> str:
    """Where dumps are fetched from: the argument, $CONFLICTMAP_GEONAMES_URL, or GeoNames itself."""
    url = url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
    return url if url.endswith("/") else url + "/"


def download_geonames(
    country: str,
    dest_dir: str | Path,
    *,
    url: str | None = None,
    alternate_names: bool = True,
    timeout: float = 30.0,
) -> tuple[Path, Path | None]:
    """Fetch ``<country>.zip`` (and ``alternatenames/<country>.zip``) into ``dest_dir``.

    Only for users who are online; nothing else in the project calls it.
    """
    country = country.strip().upper()
    if len(country) != 2 or not country.isalpha():
        raise GeoNamesError(f"not a two-letter country code: {country!r}")
    dest = Path(dest_dir)
    dest.mkdir(parents=True, exist_ok=True)
    root = base_url(url)
    dump = _fetch(f"{root}{country}.zip", dest / f"{country}.zip", timeout)
    names = None
    if alternate_names:
        names = _fetch(f"{root}alternatenames/{country}.zip", dest / f"{country}-alternatenames.zip", timeout)
    return dump, names


def _fetch(url: str, target: Path, timeout: float) -> Path:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read()
    except urllib.error.HTTPError as exc:
        raise GeoNamesError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise GeoNamesError(f"{url}: download failed ({reason})") from None
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise GeoNamesError(f"{url}: the answer is not a zip archive")
    target.write_bytes(data)
    return target
