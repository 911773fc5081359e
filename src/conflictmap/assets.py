"""Offline web assets: Leaflet and its plugins served by the app itself.

folium and streamlit-folium point at CDNs by default, which leaves the map blank
on a machine with no internet. The files come from the XStatic packages on PyPI
and are copied into the app's ``static/`` folder, which Streamlit serves at
``/app/static/`` when static serving is on.
"""

from __future__ import annotations

import functools
import hashlib
import shutil
from pathlib import Path

import xstatic.pkg.jquery as xs_jquery
import xstatic.pkg.leaflet as xs_leaflet
import xstatic.pkg.leaflet_markercluster as xs_markercluster

STATIC_URL = "/app/static/vendor"
OWN_WEB_DIR = str(Path(__file__).resolve().parent / "web")  # our own map layers (no registry package has them)

# local name -> (package data folder, file)
VENDOR_FILES: dict[str, tuple[str, str]] = {
    "leaflet/leaflet.js": (xs_leaflet.BASE_DIR, "leaflet.js"),
    "leaflet/leaflet.css": (xs_leaflet.BASE_DIR, "leaflet.css"),
    "leaflet/images/layers.png": (xs_leaflet.BASE_DIR, "images/layers.png"),
    "leaflet/images/layers-2x.png": (xs_leaflet.BASE_DIR, "images/layers-2x.png"),
    "leaflet/images/marker-icon.png": (xs_leaflet.BASE_DIR, "images/marker-icon.png"),
    "leaflet/images/marker-icon-2x.png": (xs_leaflet.BASE_DIR, "images/marker-icon-2x.png"),
    "leaflet/images/marker-shadow.png": (xs_leaflet.BASE_DIR, "images/marker-shadow.png"),
    "markercluster/leaflet.markercluster.js": (xs_markercluster.BASE_DIR, "leaflet.markercluster.js"),
    "markercluster/MarkerCluster.css": (xs_markercluster.BASE_DIR, "MarkerCluster.css"),
    "markercluster/MarkerCluster.Default.css": (xs_markercluster.BASE_DIR, "MarkerCluster.Default.css"),
    "jquery/jquery.min.js": (xs_jquery.BASE_DIR, "jquery.min.js"),
    "conflictmap/conflictmap-map.js": (OWN_WEB_DIR, "conflictmap-map.js"),
    "conflictmap/conflictmap-map.css": (OWN_WEB_DIR, "conflictmap-map.css"),
}


def asset_url(name: str) -> str:
    """The file's URL; our own files carry their content's hash, so a browser that cached
    an older version fetches the new one after an upgrade."""
    if name not in VENDOR_FILES:
        raise KeyError(f"no vendored asset {name!r}")
    if VENDOR_FILES[name][0] == OWN_WEB_DIR:
        return f"{STATIC_URL}/{name}?v={_content_hash(name)}"
    return f"{STATIC_URL}/{name}"


@functools.cache
def _content_hash(name: str) -> str:
    return hashlib.sha256(asset_path(name).read_bytes()).hexdigest()[:10]


def asset_path(name: str) -> Path:
    base, file = VENDOR_FILES[name]
    return Path(base) / file


def install_assets(static_dir: str | Path) -> list[Path]:
    """Copy the vendored files under ``static_dir/vendor``; returns what was copied."""
    target_root = Path(static_dir) / "vendor"
    copied = []
    for name in VENDOR_FILES:
        source, target = asset_path(name), target_root / name
        if target.exists() and target.read_bytes() == source.read_bytes():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        copied.append(target)
    return copied
