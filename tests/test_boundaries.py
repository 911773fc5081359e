"""Boundary outlines for the offline background: `conflictmap boundaries import PATH`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SHARED, need_shared, run_cli

from conflictmap.boundaries import boundaries_geojson, read_boundaries
from conflictmap.store import connect


def _write(path: Path, features: list[dict]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


SQUARE = {
    "type": "Feature",
    "properties": {"NAME_EN": "Aleppo"},
    "geometry": {"type": "Polygon", "coordinates": [[[37.00001, 36.0], [37.00002, 36.0], [38.0, 36.0], [38.0, 37.0], [37.0, 36.0]]]},
}



@pytest.fixture
def db_url(backend_db_url):
    """Every test here runs on SQLite and on PostgreSQL."""
    return backend_db_url

def test_import_stores_each_outline_with_rounded_coordinates_and_a_guessed_kind(tmp_path, db_url):
    path = _write(tmp_path / "test_admin1.geojson", [SQUARE, {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [1, 2]}}])
    result = run_cli("boundaries", "import", str(path))
    assert result.returncode == 0, result.stderr
    assert "1 admin1 outlines stored" in result.stdout
    stored = boundaries_geojson(connect(db_url))
    assert [f["properties"] for f in stored["features"]] == [{"kind": "admin1", "name": "Aleppo", "source": "test_admin1.geojson"}]
    ring = stored["features"][0]["geometry"]["coordinates"][0]
    assert ring[0] == [37.0, 36.0] and ring[1] == [38.0, 36.0], "points that round together are merged"


def test_importing_the_same_file_again_replaces_its_outlines(tmp_path, db_url):
    path = _write(tmp_path / "borders.geojson", [SQUARE])
    assert run_cli("boundaries", "import", str(path), "--kind", "border").returncode == 0
    assert run_cli("boundaries", "import", str(path), "--kind", "border").returncode == 0
    assert len(boundaries_geojson(connect(db_url))["features"]) == 1


def test_a_file_that_is_not_geojson_gets_a_clear_message_and_stores_nothing(tmp_path, db_url):
    bad = tmp_path / "notes.geojson"
    bad.write_text("this is not json", encoding="utf-8")
    result = run_cli("boundaries", "import", str(bad))
    assert result.returncode == 2
    assert "not a GeoJSON file" in result.stderr
    points_only = _write(tmp_path / "points.geojson", [{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [1, 2]}}])
    result = run_cli("boundaries", "import", str(points_only))
    assert result.returncode == 2 and "no polygon or line features" in result.stderr
    assert run_cli("boundaries", "import", str(tmp_path / "missing.geojson")).returncode == 2
    assert boundaries_geojson(connect(db_url)) is None


def test_the_ocha_governorates_and_natural_earth_borders_import():
    admin1 = need_shared(SHARED / "data" / "ocha2015_syr_admin1.geojson")
    kind, features = read_boundaries(admin1)
    assert kind == "admin1" and len(features) == 14
    assert "Aleppo" in {f["name"] for f in features}
    kind, features = read_boundaries(need_shared(SHARED / "data" / "ne10m_syria_border_lines.geojson"))
    assert kind == "border" and features
