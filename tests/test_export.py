"""Events exported as CSV, Excel and GeoJSON, read back with real readers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile

import geojson
import openpyxl
import pandas as pd
import pytest
from conftest import run_cli

from conflictmap.export import EXPORT_COLUMNS, EventFilters, events_csv, neutralise, write_xlsx
from conflictmap.store import connect, load_events

# ACLED's export columns as its codebook lists them, in order.
ACLED_CODEBOOK_ORDER = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]  # fmt: skip
FORMULA_STARTS = ("=", "+", "-", "@")


def _env(url: str) -> dict[str, str]:
    return {"CONFLICTMAP_DB_URL": url}


def _stored(url: str) -> pd.DataFrame:
    return load_events(connect(url))


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# --- layout ----------------------------------------------------------------------------------


def test_csv_export_has_acleds_columns_in_acleds_order_then_the_projects_own(demo_db_url):
    result = run_cli("export", "--format", "csv", env=_env(demo_db_url))
    assert result.returncode == 0, result.stderr
    header = next(csv.reader(io.StringIO(result.stdout)))
    acled_part = [name for name in header if name in ACLED_CODEBOOK_ORDER]
    assert acled_part == [name for name in ACLED_CODEBOOK_ORDER if name in acled_part]
    assert header[: len(acled_part)] == acled_part, "ACLED's columns come first"
    for needed in (
        "event_id_cnty",
        "event_date",
        "event_type",
        "actor1",
        "actor2",
        "admin1",
        "latitude",
        "fatalities",
        "notes",
    ):
        assert needed in acled_part
    assert {"fatalities_detail", "source_url"} <= set(header[len(acled_part) :])


def test_csv_export_carries_every_stored_event_with_its_evidence_and_toll(demo_db_url):
    stored = _stored(demo_db_url)
    rows = _csv_rows(run_cli("export", "--format", "csv", env=_env(demo_db_url)).stdout)
    assert len(rows) == len(stored)
    by_id = {row["event_id_cnty"]: row for row in rows}
    for event in stored.itertuples():
        row = by_id[event.event_id]
        assert row["notes"] == event.evidence
        assert row["fatalities"] == ("" if pd.isna(event.fatalities) else str(int(event.fatalities)))
        assert row["year"] == ("" if pd.isna(event.event_date) else str(event.event_date.year))
    assert {row["country"] for row in rows} == {"Syria"}
    assert {row["iso"] for row in rows} == {"760"}


def test_xlsx_export_reads_back_in_pandas_with_acleds_columns_and_the_same_events(demo_db_url, tmp_path):
    out = tmp_path / "events.xlsx"
    result = run_cli("export", "--format", "xlsx", "--out", str(out), env=_env(demo_db_url))
    assert result.returncode == 0, result.stderr
    sheet = pd.read_excel(out)
    stored = _stored(demo_db_url)
    assert list(sheet.columns) == list(EXPORT_COLUMNS)
    assert len(sheet) == len(stored)
    assert sheet["fatalities"].sum() == stored["fatalities"].sum()
    assert sorted(sheet["event_id_cnty"]) == sorted(stored["event_id"])
    assert sheet["latitude"].dtype.kind == "f", "coordinates stay numbers"


def test_geojson_export_is_a_feature_collection_of_lon_lat_points_matching_the_store(demo_db_url, tmp_path):
    out = tmp_path / "events.geojson"
    result = run_cli("export", "--format", "geojson", "--out", str(out), env=_env(demo_db_url))
    assert result.returncode == 0, result.stderr
    collection = json.loads(out.read_text(encoding="utf-8"))
    checked = geojson.loads(out.read_text(encoding="utf-8"))
    assert checked.is_valid, checked.errors()
    stored = _stored(demo_db_url).set_index("event_id")
    located = stored.dropna(subset=["latitude", "longitude"])
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == len(located)
    for feature in collection["features"]:
        assert set(feature) >= {"type", "geometry", "properties"}
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert isinstance(lon, float) and isinstance(lat, float)
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        event = located.loc[feature["properties"]["event_id_cnty"]]
        assert (lon, lat) == pytest.approx((event["longitude"], event["latitude"]))
        assert isinstance(feature["properties"]["fatalities_detail"], dict)
        json.dumps(feature)  # plain JSON all the way down


# --- filters ---------------------------------------------------------------------------------


def test_export_filters_mean_what_the_dashboards_filters_mean(demo_db_url):
    stored = _stored(demo_db_url)
    stored = stored[stored["status"].isin(["auto", "reviewed"])]
    args = [
        "--from",
        "2014-06-01",
        "--to",
        "2015-12-31",
        "--admin1",
        "Aleppo",
        "--event-type",
        "Explosions/Remote violence",
    ]
    rows = _csv_rows(run_cli("export", "--format", "csv", *args, env=_env(demo_db_url)).stdout)
    dates = stored["event_date"]
    expected = stored[
        (dates >= "2014-06-01")
        & (dates <= "2015-12-31")
        & (stored["admin1"] == "Aleppo")
        & (stored["event_type"] == "Explosions/Remote violence")
    ]
    assert 0 < len(expected) < len(stored)
    assert sorted(row["event_id_cnty"] for row in rows) == sorted(expected["event_id"])


def test_an_actor_filter_keeps_events_with_that_actor_on_either_side(demo_db_url):
    stored = _stored(demo_db_url).dropna(subset=["event_date"])
    rows = _csv_rows(run_cli("export", "--format", "csv", "--actor", "Islamic State", env=_env(demo_db_url)).stdout)
    sides = {(row["actor1"], row["actor2"]) for row in rows}
    assert any(a1 == "Islamic State" for a1, _ in sides) and any(a2 == "Islamic State" for _, a2 in sides)
    assert all("Islamic State" in pair for pair in sides)
    expected = stored[(stored["actor1"] == "Islamic State") | (stored["actor2"] == "Islamic State")]
    assert len(rows) == len(expected)


def test_undated_events_are_left_out_unless_asked_for(demo_db_url):
    stored = _stored(demo_db_url)
    undated = int(stored["event_date"].isna().sum())
    plain = _csv_rows(run_cli("export", "--format", "csv", env=_env(demo_db_url)).stdout)
    with_undated = _csv_rows(run_cli("export", "--format", "csv", "--include-undated", env=_env(demo_db_url)).stdout)
    assert len(with_undated) - len(plain) == undated
    filters = EventFilters(start=dt.date(2016, 1, 1))
    assert (filters.apply(stored)["event_date"] >= "2016-01-01").all()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--event-type", "Skirmish"], "unknown event type"),
        (["--from", "2016-01-01", "--to", "2015-01-01"], "is after"),
        (["--from", "2016-02-30"], "2016-02-30"),
        (["--format", "xlsx"], "needs --out"),
    ],
)
def test_bad_export_arguments_get_one_clear_line_and_write_nothing(demo_db_url, tmp_path, args, message):
    result = run_cli("export", *args, env=_env(demo_db_url))
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


# --- formulas and markup ---------------------------------------------------------------------


def test_neutralise_prefixes_formula_starts_and_leaves_other_values_alone():
    assert neutralise("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert neutralise("+cmd") == "'+cmd" and neutralise("-2+3") == "'-2+3" and neutralise("@SUM(1)") == "'@SUM(1)"
    assert neutralise("Azaz") == "Azaz"
    assert neutralise(-1.5) == -1.5 and neutralise(None) is None


def test_the_hostile_report_is_inert_in_the_csv_export(hostile_db_url):
    rows = _csv_rows(run_cli("export", "--format", "csv", env=_env(hostile_db_url)).stdout)
    assert len(rows) == 3
    cells = [value for row in rows for value in row.values()]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    notes = sorted(row["notes"] for row in rows)
    assert [note[:5] for note in notes] == ["'+cmd", "'-2+3", "'@SUM"]
    assert {row["source"] for row in rows} == {'\'=HYPERLINK("http://example.invalid/","click")'}
    assert any('<script>alert("x")</script>' in note for note in notes), "markup stays as the report wrote it"


def test_the_hostile_report_is_inert_in_the_xlsx_export(hostile_db_url, tmp_path):
    out = tmp_path / "hostile.xlsx"
    assert run_cli("export", "--format", "xlsx", "--out", str(out), env=_env(hostile_db_url)).returncode == 0
    with zipfile.ZipFile(out) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml, "no cell holds a formula"
    workbook = openpyxl.load_workbook(out)
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    risky = [
        cell
        for row in sheet.iter_rows(min_row=2)
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS)
    ]
    assert len(risky) == 3 + 3, "three notes and three sources start like formulas"
    for cell in risky:
        assert cell.data_type == "s"
        assert cell.quotePrefix, f"{header[cell.column - 1]} should carry Excel's quote prefix"
    frame = pd.read_excel(out)
    assert sorted(note[:4] for note in frame["notes"]) == ["+cmd", "-2+3", "@SUM"]
    assert set(frame["source"]) == {'=HYPERLINK("http://example.invalid/","click")'}


def test_write_xlsx_keeps_a_formula_like_text_as_text_in_memory_too(hostile_db_url):
    buffer = io.BytesIO()
    write_xlsx(_stored(hostile_db_url), buffer)
    buffer.seek(0)
    sheet = openpyxl.load_workbook(buffer).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_the_hostile_report_stays_plain_data_in_the_geojson_export(hostile_db_url):
    text = run_cli("export", "--format", "geojson", env=_env(hostile_db_url)).stdout
    assert geojson.loads(text).is_valid
    collection = json.loads(text)
    notes = sorted(feature["properties"]["notes"] for feature in collection["features"])
    assert notes[0].startswith("+cmd") and "<img src=x onerror=alert(2)>" in notes[1]
    assert events_csv(_stored(hostile_db_url)).count("'=HYPERLINK") == 3
