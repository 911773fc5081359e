"""The command line, run as a real process against a temporary SQLite database."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from conftest import run_cli

from conflictmap.cli import events_csv
from conflictmap.export import EXPORT_COLUMNS
from conflictmap.record import EVENT_FIELDS

# Obviously synthetic: no such events took place; the first line tries a spreadsheet formula.
SYNTHETIC_REPORT = """Title: Synthetic test report for conflictmap
Source: Test Wire
Published: 2016-08-13

=HYPERLINK("http://example.invalid/") Synthetic test event: invented rebels captured the town of Azaz from invented government forces on Thursday.
Synthetic test event: government warplanes struck the town of Marea on Friday, killing 4 civilians.
"""


def _env(db: Path) -> dict[str, str]:
    return {"CONFLICTMAP_DB_URL": f"sqlite:///{db}"}


def _count(db: Path, table: str) -> int:
    """Rows in a table; a database file that was never created holds none."""
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        exists = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table' AND name=?", (table,)).fetchone()[0]
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] if exists else 0


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "synthetic.txt"
    path.write_text(SYNTHETIC_REPORT, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def ingested(tmp_path_factory, report):
    """The synthetic report ingested twice into a fresh database, with counts after each run."""
    db = tmp_path_factory.mktemp("db") / "events.sqlite"
    first = run_cli("ingest", str(report), env=_env(db))
    events_after_first = _count(db, "events")
    second = run_cli("ingest", str(report), env=_env(db))
    return db, first, events_after_first, second


# --- extract ---------------------------------------------------------------------------


def test_extract_prints_a_json_array_of_event_records_and_writes_no_database(seed_path, tmp_path):
    db = tmp_path / "untouched.sqlite"
    result = run_cli("extract", str(seed_path), env=_env(db))
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert isinstance(records, list) and records
    for record in records:
        assert list(record) == list(EVENT_FIELDS)
    assert any(record["fatalities"] == 39 for record in records)
    assert not db.exists()
    assert list(tmp_path.iterdir()) == []


def test_extract_as_csv_prints_the_record_header_then_rows(report, tmp_path):
    result = run_cli("extract", str(report), "--format", "csv", env=_env(tmp_path / "x.sqlite"))
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == list(EVENT_FIELDS)
    assert len(rows) == 3
    assert {row[EVENT_FIELDS.index("location")] for row in rows[1:]} == {"Azaz", "Marea"}
    assert not (tmp_path / "x.sqlite").exists()


# --- bad input --------------------------------------------------------------------------


def _bad_inputs(tmp: Path) -> dict[str, tuple[list[str], str]]:
    empty = tmp / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp / "picture.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    latin1 = tmp / "latin1.txt"
    latin1.write_bytes("Synthetic test report about a caf\u00e9.".encode("latin-1"))
    good = tmp / "good.txt"
    good.write_text(SYNTHETIC_REPORT, encoding="utf-8")
    return {
        "missing": ([str(tmp / "no-such-report.txt")], "no such file"),
        "empty": ([str(empty)], "empty"),
        "binary": ([str(binary)], "binary"),
        "latin1": ([str(latin1)], "UTF-8"),
        "bad date": ([str(good), "--published", "2014-13-45"], "2014-13-45"),
    }


@pytest.mark.parametrize("case", ["missing", "empty", "binary", "latin1", "bad date"])
def test_bad_input_exits_non_zero_with_one_line_and_stores_nothing(tmp_path, case):
    args, problem = _bad_inputs(tmp_path)[case]
    db = tmp_path / "events.sqlite"
    result = run_cli("ingest", *args, env=_env(db))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert problem in lines[0]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert _count(db, "articles") == 0
    assert _count(db, "events") == 0


def test_one_bad_file_among_good_ones_is_listed_while_the_good_one_is_stored(tmp_path, report):
    db = tmp_path / "events.sqlite"
    result = run_cli("ingest", str(report), str(tmp_path / "missing.txt"), env=_env(db))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"conflictmap: error: {tmp_path / 'missing.txt'}: no such file"]
    assert _count(db, "articles") == 1


# --- ingest and export --------------------------------------------------------------------


def test_ingesting_the_same_file_twice_adds_it_once(ingested, report):
    db, first, events_after_first, second = ingested
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert f"{report}: added" in first.stdout
    assert f"{report}: already stored" in second.stdout
    assert events_after_first == 2
    assert _count(db, "events") == events_after_first
    assert _count(db, "articles") == 1


def test_export_geojson_writes_a_feature_collection_of_lon_lat_points(ingested, tmp_path):
    db = ingested[0]
    out = tmp_path / "events.geojson"
    result = run_cli("export", "--format", "geojson", "--out", str(out), env=_env(db))
    assert result.returncode == 0, result.stderr
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 2
    by_place = {}
    for feature in collection["features"]:
        assert feature["geometry"]["type"] == "Point"
        by_place[feature["properties"]["location"]] = feature["geometry"]["coordinates"]
    lon, lat = by_place["Azaz"]
    assert lon == pytest.approx(37.046, abs=0.05)  # Azaz lies at about 36.59 N, 37.05 E
    assert lat == pytest.approx(36.586, abs=0.05)


def test_export_csv_neutralises_a_cell_that_starts_like_a_formula(ingested):
    db = ingested[0]
    result = run_cli("export", "--format", "csv", env=_env(db))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == list(EXPORT_COLUMNS)  # ACLED's layout: the evidence is in "notes"
    evidence = [row["notes"] for row in rows]
    hyperlink = [text for text in evidence if "HYPERLINK" in text]
    assert len(hyperlink) == 1
    assert hyperlink[0].startswith("'=HYPERLINK")
    assert not any(text.startswith(("=", "+", "-", "@")) for row in rows for text in row.values())


def test_events_csv_neutralises_every_formula_prefix_but_leaves_numbers_alone():
    record = {name: None for name in EVENT_FIELDS}
    record.update(evidence="=1+1", actor1="+SUM(A1)", actor2="-2+3", location="@cmd", latitude=-1.5, fatalities=3)
    rows = list(csv.DictReader(io.StringIO(events_csv([record]))))
    row = rows[0]
    assert row["evidence"] == "'=1+1"
    assert row["actor1"] == "'+SUM(A1)"
    assert row["actor2"] == "'-2+3"
    assert row["location"] == "'@cmd"
    assert row["latitude"] == "-1.5"
    assert row["fatalities"] == "3"


# --- geocode --------------------------------------------------------------------------------


def test_geocode_as_json_finds_azaz_in_aleppo(tmp_path):
    result = run_cli("geocode", "A'zaz", "--format", "json", env=_env(tmp_path / "x.sqlite"))
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["query"] == "A'zaz"
    assert answer["match"]["admin1"] == "Aleppo"
    assert answer["match"]["latitude"] == pytest.approx(36.586, abs=0.05)


def test_geocode_of_an_unknown_village_says_not_found_and_exits_1(tmp_path):
    result = run_cli("geocode", "Arshaf", env=_env(tmp_path / "x.sqlite"))
    assert result.returncode == 1
    assert "Arshaf: not found" in result.stdout
