"""Map data: the events as compact column arrays the browser draws itself.

At 100,000 events a folium marker per event stalls the browser, and sending the
events again on every filter change stalls the page. So the events are written
once per database state to static files (one compact JSON of columns, plus the
popup details in chunks fetched only when a point is clicked), and a filter
change sends only a bit mask of the rows to show.

The files are stored gzip-compressed (``.json.gz``): Streamlit serves them as they are,
where it would otherwise gzip a 4 MB JSON again on every request (0.2 s of the
server's time at 100,000 events), and the browser inflates them with its own
``DecompressionStream``.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

CACHE_FOLDER = "cache"
DETAIL_CHUNK = 2000
KEEP_VERSIONS = 4
EVENTS_FILE = "events.json.gz"

_DATA_COLUMNS = [
    "event_id", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "location",
    "latitude", "longitude", "geo_precision", "fatalities",
]
_DETAIL_COLUMNS = ["evidence", "source", "source_url", "fatalities_detail", "admin1", "admin2", "location_resolved"]


@dataclass(frozen=True)
class MapData:
    """Where the browser finds one version of the events."""

    fingerprint: str
    data_url: str
    rows: int


def fingerprint(frame: pd.DataFrame) -> str:
    """Changes whenever anything drawn or shown in a popup changes."""
    digest = hashlib.sha256()
    for column in _DATA_COLUMNS + _DETAIL_COLUMNS:
        values = frame[column]
        if column == "fatalities_detail":
            values = values.map(lambda d: json.dumps(d, sort_keys=True) if d else "")
        digest.update(column.encode())
        digest.update(pd.util.hash_pandas_object(values, index=False).values.tobytes())
    return digest.hexdigest()[:16]


def _codes(series: pd.Series) -> tuple[list[int], list[str]]:
    codes, uniques = pd.factorize(series.fillna(""), sort=True)
    return codes.tolist(), [str(u) for u in uniques]


def compact_columns(frame: pd.DataFrame) -> dict:
    """The columns the map draws from, as short integer arrays plus string tables."""
    def to_e4(series: pd.Series) -> list:
        scaled = np.round(series.to_numpy(dtype=float) * 1e4)
        return pd.Series(scaled).astype("Int64").astype(object).where(~np.isnan(scaled), None).tolist()

    lat, lon = frame["latitude"], frame["longitude"]
    dates = frame["event_date"]
    days = ((dates - pd.Timestamp("1970-01-01")).dt.days).fillna(-1).astype(int).tolist()
    types, type_names = _codes(frame["event_type"])
    subtypes, subtype_names = _codes(frame["sub_event_type"])
    locs, loc_names = _codes(frame["location"])
    actors_all = pd.concat([frame["actor1"], frame["actor2"]]).fillna("")
    actor_names = sorted(set(actors_all))
    actor_index = {name: i for i, name in enumerate(actor_names)}
    return {
        "n": len(frame),
        "lat": to_e4(lat),
        "lon": to_e4(lon),
        "t": types,
        "st": subtypes,
        "p": frame["geo_precision"].fillna(0).astype(int).tolist(),
        "k": frame["fatalities"].astype("Float64").fillna(-1).astype(int).tolist(),
        "d": days,
        "loc": locs,
        "a1": [actor_index[a] for a in frame["actor1"].fillna("")],
        "a2": [actor_index[a] for a in frame["actor2"].fillna("")],
        "strings": {"types": type_names, "subtypes": subtype_names, "locs": loc_names, "actors": actor_names},
    }


def _detail_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """What a popup shows beyond the compact columns (written as JSON records)."""
    return pd.DataFrame(
        {
            "evidence": frame["evidence"],
            "source": frame["source"],
            "url": frame["source_url"].where(frame["source_url"].map(lambda u: isinstance(u, str)), None),
            "detail": frame["fatalities_detail"].map(lambda d: d or {}),
            "admin1": frame["admin1"],
            "admin2": frame["admin2"],
            "resolved": frame["location_resolved"].astype(bool),
        }
    )


def write_map_data(frame: pd.DataFrame, static_dir: str | Path, static_url: str = "/app/static") -> MapData:
    """Write the frame's map files under ``static_dir/cache/<fingerprint>/`` (once per version)."""
    frame = frame.reset_index(drop=True)
    missing = [c for c in _DATA_COLUMNS + _DETAIL_COLUMNS if c not in frame.columns]
    if missing:
        frame = frame.assign(**dict.fromkeys(missing))
    version = fingerprint(frame)
    root = Path(static_dir) / CACHE_FOLDER
    folder = root / version
    url = f"{static_url}/{CACHE_FOLDER}/{version}"
    if not (folder / EVENTS_FILE).exists():
        tmp = root / f".{version}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        payload = compact_columns(frame)
        payload["chunk"] = DETAIL_CHUNK
        payload["details"] = f"{url}/d-"
        details = _detail_frame(frame)
        for start in range(0, len(details), DETAIL_CHUNK):
            chunk = details.iloc[start : start + DETAIL_CHUNK]
            _write_gzip(tmp / f"d-{start // DETAIL_CHUNK}.json.gz", chunk.to_json(orient="records", force_ascii=False))
        _write_gzip(tmp / EVENTS_FILE, json.dumps(payload, separators=(",", ":")))
        shutil.rmtree(folder, ignore_errors=True)
        tmp.rename(folder)
        _prune(root, keep=folder)
    return MapData(version, f"{url}/{EVENTS_FILE}", len(frame))


def _write_gzip(path: Path, text: str) -> None:
    # mtime=0: the same content gives the same bytes, whenever it is written.
    path.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0))


def read_gzip_json(path: str | Path) -> object:
    """A map data file's content (they are stored gzip-compressed)."""
    return json.loads(gzip.decompress(Path(path).read_bytes()))


def _prune(root: Path, keep: Path) -> None:
    versions = sorted((p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")), key=lambda p: p.stat().st_mtime)
    for old in versions[:-KEEP_VERSIONS]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)


def encode_mask(shown: np.ndarray | pd.Series) -> str:
    """A boolean row mask as base64 bits, most significant bit first (8 rows a byte)."""
    bits = np.packbits(np.asarray(shown, dtype=bool))
    return base64.b64encode(bits.tobytes()).decode("ascii")


def write_json(value: object, static_dir: str | Path, name: str, static_url: str = "/app/static") -> str:
    """A small JSON file in the static cache, named by its content; returns its URL."""
    text = json.dumps(value, separators=(",", ":"))
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    root = Path(static_dir) / CACHE_FOLDER
    root.mkdir(parents=True, exist_ok=True)
    path = root / f"{name}-{digest}.json.gz"
    if not path.exists():
        _write_gzip(path, text)
    return f"{static_url}/{CACHE_FOLDER}/{path.name}"
