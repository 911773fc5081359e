"""Review: an analyst's corrections stick, are kept apart from the machine's output, and leave a trail."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pandas as pd
import pytest
from conftest import ROOT, run_cli
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from conflictmap.analysis import filter_events
from conflictmap.geocode import OfflineGeocoder
from conflictmap.pipeline import ingest_items, reextract_articles
from conflictmap.review import (
    ReviewError,
    audit_trail,
    confirm_event,
    edit_event,
    place_event,
    reject_event,
    reviewed_events,
)
from conflictmap.sources import read_path
from conflictmap.store import connect, events, load_events

REPORT = ROOT / "tests" / "data" / "workflow" / "idlib_market_first_report.txt"



@pytest.fixture
def db_url(backend_db_url):
    """Every test here runs on SQLite and on PostgreSQL."""
    return backend_db_url

@pytest.fixture(scope="module")
def geocoder():
    return OfflineGeocoder()


@pytest.fixture
def engine(db_url, geocoder):
    engine = connect(db_url)
    ingest_items(engine, read_path(REPORT), geocoder=geocoder)
    return engine


def _only_event(engine) -> pd.Series:
    frame = reviewed_events(engine)
    assert len(frame) == 1
    return frame.iloc[0]


def _machine_row(engine, event_id) -> dict:
    with engine.connect() as conn:
        return dict(conn.execute(select(events).where(events.c.event_id == event_id)).first()._mapping)


def test_a_corrected_toll_is_shown_while_the_machine_row_keeps_its_own(engine):
    event = _only_event(engine)
    assert event["fatalities"] == 35
    changes = edit_event(engine, event["event_id"], {"fatalities": 37}, by="analyst one")
    assert [(c.field, c.before, c.after) for c in changes] == [("fatalities", 35, 37), ("status", "auto", "reviewed")]

    corrected = _only_event(engine)
    assert corrected["fatalities"] == 37 and corrected["machine_fatalities"] == 35
    assert corrected["status"] == "reviewed"
    assert corrected["corrected_fields"] == ("fatalities",)
    assert _machine_row(engine, event["event_id"])["fatalities"] == 35
    assert load_events(engine).iloc[0]["fatalities"] == 35


def test_the_audit_trail_says_what_changed_from_what_to_what_when_and_by_whom(engine):
    event_id = _only_event(engine)["event_id"]
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(seconds=1)
    edit_event(engine, event_id, {"actor2": "Civilians", "event_date": "2016-06-11", "fatalities": "36"}, by=" analyst one ")
    trail = audit_trail(engine, event_id)
    rows = {(r.action, r.field, r.before, r.after, r.by) for r in trail.itertuples()}
    assert rows == {
        ("edit", "event_date", "2016-06-12", "2016-06-11", "analyst one"),
        ("edit", "fatalities", 35, 36, "analyst one"),
        ("edit", "status", "auto", "reviewed", "analyst one"),
    }, "an unchanged field (actor2 was already Civilians) leaves no row"
    assert (trail["at"] >= before).all()


def test_an_anonymous_change_is_recorded_with_no_name(engine):
    event_id = _only_event(engine)["event_id"]
    confirm_event(engine, event_id)
    entry = audit_trail(engine, event_id).iloc[0]
    assert (entry["action"], entry["field"], entry["after"]) == ("confirm", "status", "reviewed")
    assert entry["by"] is None


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"fatalities": -3}, "0 or more"),
        ({"fatalities": "many"}, "whole number"),
        ({"fatalities": 2.5}, "whole number"),
        ({"event_date": "12/06/2016"}, "YYYY-MM-DD"),
        ({"event_type": "Skirmish"}, "unknown event type"),
        ({"sub_event_type": "Armed clash"}, "not a sub-event type of 'Explosions/Remote violence'"),
        ({"evidence": "made up"}, "cannot edit evidence"),
    ],
)
def test_a_bad_correction_is_refused_with_a_reason_and_changes_nothing(engine, changes, problem):
    event_id = _only_event(engine)["event_id"]
    with pytest.raises(ReviewError, match=problem):
        edit_event(engine, event_id, changes)
    assert audit_trail(engine).empty
    assert _only_event(engine)["status"] == "auto"


def test_changing_the_type_with_a_matching_sub_type_is_accepted(engine):
    event_id = _only_event(engine)["event_id"]
    edit_event(engine, event_id, {"event_type": "Explosions/Remote violence", "sub_event_type": "Shelling/artillery/missile attack"})
    assert _only_event(engine)["sub_event_type"] == "Shelling/artillery/missile attack"


def test_an_unknown_event_is_named_in_the_refusal(engine):
    with pytest.raises(ReviewError, match="no event 'e000'"):
        confirm_event(engine, "e000")


def test_a_rejected_event_leaves_the_map_data_but_stays_on_record(engine):
    event_id = _only_event(engine)["event_id"]
    reject_event(engine, event_id, by="analyst two")
    frame = reviewed_events(engine)
    assert frame.iloc[0]["status"] == "rejected"
    assert filter_events(frame, include_undated=True).empty
    assert audit_trail(engine, event_id).iloc[0]["action"] == "reject"


def test_moving_an_event_to_a_gazetteer_entry_places_it_there_at_village_precision(engine, geocoder):
    event_id = _only_event(engine)["event_id"]
    location = geocoder.geocode("Saraqib", admin1="Idlib")
    place_event(engine, event_id, {"name": location.raw["name"], "latitude": location.latitude, "longitude": location.longitude,
                                   "admin1": location.raw["admin1"], "admin2": location.raw["admin2"], "country": location.raw["country"]})
    moved = _only_event(engine)
    assert moved["location"] == "Saraqib" and moved["admin1"] == location.raw["admin1"] == "Idleb"
    assert (round(moved["latitude"], 2), round(moved["longitude"], 2)) == (round(location.latitude, 2), round(location.longitude, 2))
    assert moved["geo_precision"] == 1 and bool(moved["location_resolved"])
    fields = set(audit_trail(engine, event_id)["field"])
    assert {"location", "latitude", "longitude"} <= fields


def test_a_correction_survives_a_second_ingest_of_the_same_article_and_a_restart(db_url, engine):
    event_id = _only_event(engine)["event_id"]
    edit_event(engine, event_id, {"fatalities": 40}, by="analyst one")
    engine.dispose()

    result = run_cli("ingest", str(REPORT), env={"CONFLICTMAP_DB_URL": db_url})
    assert result.returncode == 0, result.stderr
    assert "already stored" in result.stdout

    restarted = connect(db_url)  # a new engine, as after restarting the app
    assert _only_event(restarted)["fatalities"] == 40
    trail = audit_trail(restarted, event_id)
    assert ("fatalities", 35, 40) in set(zip(trail["field"], trail["before"], trail["after"], strict=True))


def test_re_extraction_never_overwrites_a_corrected_event_but_refreshes_the_others(db_url, engine, geocoder):
    ingest_items(engine, read_path(REPORT.with_name("idlib_market_later_report.txt")), geocoder=geocoder)
    frame = reviewed_events(engine)
    corrected = frame.loc[frame["fatalities"] == 35, "event_id"].item()
    untouched = frame.loc[frame["fatalities"] == 39, "event_id"].item()
    edit_event(engine, corrected, {"fatalities": 36})
    # Pretend an older extractor had written wrong values into both machine rows.
    with engine.begin() as conn:
        conn.execute(events.update().values(location="Somewhere else", latitude=0.0))

    changed = reextract_articles(engine, geocoder=geocoder)

    assert changed == 1
    after = reviewed_events(engine).set_index("event_id")
    assert after.at[untouched, "location"] == "Idlib"
    assert after.at[corrected, "location"] == "Somewhere else", "an event the analyst touched is left to the analyst"
    assert after.at[corrected, "fatalities"] == 36
    assert reextract_articles(engine, geocoder=geocoder) == 0, "a second run finds nothing to change"


def test_the_review_page_saves_a_corrected_toll_with_the_analysts_name(db_url, engine):
    event_id = _only_event(engine)["event_id"]
    app = AppTest.from_file(str(ROOT / "pages" / "1_Events.py"), default_timeout=60).run()
    assert not app.exception
    app.text_input(key="analyst").input("Desk Two").run()
    app.number_input(key=f"fatalities-{event_id}").set_value(33)
    next(b for b in app.button if b.label == "Save corrections").click().run()
    assert not app.exception
    assert any("fatalities 35 → 33" in s.value for s in app.success)
    assert _only_event(connect(db_url))["fatalities"] == 33
    assert audit_trail(engine, event_id).iloc[-1]["by"] == "Desk Two"


def test_rejecting_on_the_review_page_marks_the_event_rejected(db_url, engine):
    app = AppTest.from_file(str(ROOT / "pages" / "1_Events.py"), default_timeout=60).run()
    next(b for b in app.button if b.label == "Reject").click().run()
    assert any("status auto → rejected" in s.value for s in app.success)
    assert _only_event(connect(db_url))["status"] == "rejected"


def test_the_csv_export_carries_the_analysts_correction(db_url, engine):
    event_id = _only_event(engine)["event_id"]
    edit_event(engine, event_id, {"fatalities": 38})
    result = run_cli("export", "--format", "csv", env={"CONFLICTMAP_DB_URL": db_url})
    assert result.returncode == 0, result.stderr
    [row] = list(csv.DictReader(io.StringIO(result.stdout)))
    assert (row["event_id_cnty"], row["fatalities"], row["status"]) == (event_id, "38", "reviewed")


def _widget(widgets, label: str):
    return next(w for w in widgets if w.label == label)


def test_the_review_page_corrects_type_actors_and_date_and_the_trail_names_each(db_url, engine):
    event_id = _only_event(engine)["event_id"]
    app = AppTest.from_file(str(ROOT / "pages" / "1_Events.py"), default_timeout=60).run()
    _widget(app.selectbox, "Type › sub-type").set_value("Explosions/Remote violence › Shelling/artillery/missile attack")
    _widget(app.text_input, "Actor 1").input("Syrian Arab Army")
    _widget(app.text_input, "Actor 2").input("Civilians (Syria)")
    _widget(app.date_input, "Date (clear it when the report gives none)").set_value(dt.date(2016, 6, 11))
    next(b for b in app.button if b.label == "Save corrections").click().run()
    assert not app.exception

    event = _only_event(connect(db_url))
    assert (event["sub_event_type"], event["actor1"], event["actor2"]) == (
        "Shelling/artillery/missile attack", "Syrian Arab Army", "Civilians (Syria)"
    )
    assert event["event_date"] == pd.Timestamp("2016-06-11") and event["status"] == "reviewed"
    changed = {r.field: (r.before, r.after) for r in audit_trail(engine, event_id).itertuples()}
    assert changed["sub_event_type"] == ("Air/drone strike", "Shelling/artillery/missile attack")
    assert changed["actor1"][1] == "Syrian Arab Army" and changed["actor2"][1] == "Civilians (Syria)"
    assert changed["event_date"] == ("2016-06-12", "2016-06-11")


def test_confirming_on_the_review_page_marks_the_event_reviewed_and_changes_nothing_else(db_url, engine):
    before = _only_event(engine)
    app = AppTest.from_file(str(ROOT / "pages" / "1_Events.py"), default_timeout=60).run()
    next(b for b in app.button if b.label == "Confirm as correct").click().run()
    assert any("status auto → reviewed" in s.value for s in app.success)
    after = _only_event(connect(db_url))
    assert after["status"] == "reviewed" and after["corrected_fields"] == ()
    assert after["fatalities"] == before["fatalities"] and after["location"] == before["location"]
    assert list(audit_trail(engine, before["event_id"])["action"]) == ["confirm"]


def test_the_review_page_moves_an_event_to_the_gazetteer_entry_picked(db_url, engine):
    event_id = _only_event(engine)["event_id"]
    app = AppTest.from_file(str(ROOT / "pages" / "1_Events.py"), default_timeout=60).run()
    app.text_input(key=f"place-query-{event_id}").input("Saraqib").run()
    assert "Saraqib" in app.selectbox(key=f"place-{event_id}").format_func(app.selectbox(key=f"place-{event_id}").value)
    next(b for b in app.button if b.label == "Move the event here").click().run()
    assert not app.exception
    assert any(s.value.startswith("Moved: location Idlib → Saraqib") for s in app.success), [s.value for s in app.success]
    moved = _only_event(connect(db_url))
    assert (moved["location"], moved["admin1"], moved["geo_precision"]) == ("Saraqib", "Idleb", 1)
    assert abs(moved["latitude"] - 35.86) < 0.05 and abs(moved["longitude"] - 36.80) < 0.05
    assert {"location", "latitude", "longitude"} <= set(audit_trail(engine, event_id)["field"])


def test_clicking_the_review_pages_map_moves_the_event_to_that_point_under_its_own_name(db_url, engine):
    event_id = _only_event(engine)["event_id"]
    app = AppTest.from_file(str(ROOT / "pages" / "1_Events.py"), default_timeout=60).run()
    assert not [b for b in app.button if b.label.startswith("Move the event to the clicked point")]
    app.session_state[f"move-map-{event_id}"] = {"last_clicked": {"lat": 35.9402, "lng": 36.6251}}  # as the map sends a click
    app.run()
    move = next(b for b in app.button if b.label.startswith("Move the event to the clicked point"))
    assert "35.94020, 36.62510" in move.label
    move.click().run()
    assert not app.exception
    moved = _only_event(connect(db_url))
    assert (moved["location"], moved["latitude"], moved["longitude"]) == ("Idlib", 35.9402, 36.6251)
    assert moved["admin1"] == "Idleb" and moved["geo_precision"] == 1 and moved["status"] == "reviewed"
    trail = audit_trail(engine, event_id)
    assert {("place", "latitude", 35.9402), ("place", "longitude", 36.6251)} <= set(
        zip(trail["action"], trail["field"], trail["after"], strict=True)
    )


def test_a_click_outside_syria_on_the_review_pages_map_is_refused_and_changes_nothing(db_url, engine):
    event = _only_event(engine)
    app = AppTest.from_file(str(ROOT / "pages" / "1_Events.py"), default_timeout=60).run()
    app.session_state[f"move-map-{event['event_id']}"] = {"last_clicked": {"lat": 41.0, "lng": 29.0}}
    app.run()
    next(b for b in app.button if b.label.startswith("Move the event to the clicked point")).click().run()
    assert any("outside Syria" in e.value for e in app.error)
    after = _only_event(connect(db_url))
    assert (after["latitude"], after["longitude"]) == (event["latitude"], event["longitude"])
    assert audit_trail(engine).empty


def test_the_reextract_command_keeps_the_correction_and_its_audit_trail(db_url, engine):
    event_id = _only_event(engine)["event_id"]
    edit_event(engine, event_id, {"fatalities": 34}, by="analyst three")
    with engine.begin() as conn:  # as if an older extractor had misread the place
        conn.execute(events.update().where(events.c.event_id == event_id).values(location="Somewhere else"))
    trail_before = audit_trail(engine, event_id)

    result = run_cli("reextract", env={"CONFLICTMAP_DB_URL": db_url})

    assert result.returncode == 0, result.stderr
    assert "re-extracted: 0 machine rows written or removed" in result.stdout
    event = _only_event(connect(db_url))
    assert (event["fatalities"], event["location"], event["status"]) == (34, "Somewhere else", "reviewed")
    pd.testing.assert_frame_equal(audit_trail(connect(db_url), event_id), trail_before)
