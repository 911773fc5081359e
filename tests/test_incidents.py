"""Incidents: reports of one event from several outlets become one incident, counted once."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from conftest import ROOT

from conflictmap.analysis import key_figures
from conflictmap.geocode import OfflineGeocoder
from conflictmap.incidents import (
    assign_incidents,
    dashboard_incidents,
    incident_frame,
    load_splits,
    rejoin_event,
    split_event,
)
from conflictmap.pipeline import demo_files, ingest_items
from conflictmap.review import audit_trail, reject_event, reviewed_events
from conflictmap.sources import read_path
from conflictmap.store import connect, load_events

WORKFLOW = ROOT / "tests" / "data" / "workflow"
REPORTS = [WORKFLOW / "idlib_market_first_report.txt", WORKFLOW / "idlib_market_later_report.txt"]



@pytest.fixture
def db_url(backend_db_url):
    """Every test here runs on SQLite and on PostgreSQL."""
    return backend_db_url

@pytest.fixture(scope="module")
def geocoder():
    return OfflineGeocoder()


@pytest.fixture
def idlib_engine(db_url, geocoder):
    engine = connect(db_url)
    report = ingest_items(engine, [i for p in REPORTS for i in read_path(p)], geocoder=geocoder)
    assert not report.errors and report.added == 2
    return engine


def test_two_outlets_reporting_the_idlib_market_strike_become_one_incident_with_both_tolls(idlib_engine):
    events = reviewed_events(idlib_engine)
    assert sorted(events["fatalities"]) == [35, 39]  # two machine events, one per report

    incidents = incident_frame(events)
    assert len(incidents) == 1
    incident = incidents.iloc[0]
    assert incident["source_count"] == 2
    assert set(incident["sources"]) == {"Idlib Activist Network", "Levant Wire"}
    assert set(incident["event_ids"]) == set(events["event_id"])
    assert (incident["fatalities_low"], incident["fatalities_high"]) == (35, 39)
    assert incident["fatalities_best"] == 39  # the later report's count
    assert incident["fatalities"] == incident["fatalities_best"]
    assert incident["event_date"] == pd.Timestamp("2016-06-12")

    assert key_figures(events).fatalities == 74  # counting every report doubles the dead
    assert key_figures(incidents).fatalities == 39
    assert key_figures(incidents).events == 1


def test_the_dashboard_frame_has_one_row_per_incident_and_keeps_the_record_columns(idlib_engine):
    frame = dashboard_incidents(idlib_engine)
    assert len(frame) == 1
    assert set(load_events(idlib_engine).columns) <= set(frame.columns)


def test_an_analyst_can_split_a_wrong_merge_and_undo_the_split(idlib_engine):
    merged = dashboard_incidents(idlib_engine).iloc[0]
    later = next(e for e in merged["event_ids"] if reviewed_events(idlib_engine).set_index("event_id").at[e, "fatalities"] == 39)

    assert split_event(idlib_engine, later, merged["incident_id"], by="analyst one")
    assert not split_event(idlib_engine, later), "splitting twice changes nothing"
    assert load_splits(idlib_engine) == {later}
    apart = dashboard_incidents(idlib_engine)
    assert len(apart) == 2 and sorted(apart["fatalities"]) == [35, 39]
    assert (apart["source_count"] == 1).all()
    entry = audit_trail(idlib_engine, later).iloc[0]
    assert (entry["action"], entry["before"], entry["by"]) == ("split", merged["incident_id"], "analyst one")

    assert rejoin_event(idlib_engine, later)
    assert len(dashboard_incidents(idlib_engine)) == 1
    assert audit_trail(idlib_engine, later).iloc[0]["action"] == "rejoin"


def test_a_rejected_report_leaves_the_incident_and_its_toll(idlib_engine):
    events = reviewed_events(idlib_engine)
    first = events.loc[events["fatalities"] == 35, "event_id"].item()
    later = events.loc[events["fatalities"] == 39, "event_id"].item()
    reject_event(idlib_engine, later)
    [incident] = dashboard_incidents(idlib_engine).itertuples()
    assert incident.event_ids == (first,)
    assert (incident.fatalities_low, incident.fatalities_high) == (35, 35)


def _event(event_id, article_id="a0", **values):
    base = {
        "event_id": event_id,
        "article_id": article_id,
        "event_date": pd.Timestamp("2016-06-12"),
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "actor1": "Syrian government forces",
        "actor2": "Civilians",
        "location": "Idlib",
        "latitude": 35.9306,
        "longitude": 36.6339,
        "geo_precision": 1,
        "fatalities": 10,
        "fatalities_detail": {},
        "confidence": 0.8,
        "source": f"outlet {article_id}",
        "source_url": None,
        "status": "auto",
        "published": None,
    }
    return base | values


def _groups(rows) -> list[set[str]]:
    frame = assign_incidents(pd.DataFrame(rows))
    return sorted((set(g) for g in frame.groupby("incident_id")["event_id"].apply(list)), key=min)


def test_an_adjacent_day_and_a_nearby_point_still_match():
    rows = [_event("e1", "a1"), _event("e2", "a2", event_date=pd.Timestamp("2016-06-13"), latitude=35.95, longitude=36.66)]
    assert _groups(rows) == [{"e1", "e2"}]


@pytest.mark.parametrize(
    "difference",
    [
        {"article_id": "a1"},  # two events of one report are two events
        {"event_date": pd.Timestamp("2016-06-15")},
        {"latitude": 36.2, "longitude": 37.15},  # Aleppo, about 55 km away
        {"event_type": "Battles", "sub_event_type": "Armed clash"},
        {"actor1": "Russian air force"},  # another side named: not the same strike
        {"geo_precision": 3},  # only the governorate is known
        {"event_date": pd.NaT},
    ],
    ids=["same article", "three days apart", "another town", "another type", "other actors", "governorate only", "undated"],
)
def test_events_that_differ_in_one_respect_stay_apart(difference):
    rows = [_event("e1", "a1"), _event("e2", **({"article_id": "a2"} | difference))]
    assert _groups(rows) == [{"e1"}, {"e2"}]


def test_a_report_naming_fewer_sides_joins_one_that_names_more():
    rows = [_event("e1", "a1"), _event("e2", "a2", actor1=None), _event("e3", "a3", actor1="Unidentified armed group")]
    assert _groups(rows) == [{"e1", "e2", "e3"}]


def test_every_member_of_an_incident_matches_every_other_so_chains_do_not_form():
    # e1 and e3 are 8 km apart; e2 lies between them, close to both.
    rows = [
        _event("e1", "a1", latitude=35.93, longitude=36.60),
        _event("e2", "a2", latitude=35.93, longitude=36.645),
        _event("e3", "a3", latitude=35.93, longitude=36.69),
    ]
    assert _groups(rows) == [{"e1", "e2"}, {"e3"}]


def test_best_estimate_without_publication_dates_is_the_lower_median():
    rows = [_event("e1", "a1", fatalities=20), _event("e2", "a2", fatalities=24), _event("e3", "a3", fatalities=31)]
    [incident] = incident_frame(pd.DataFrame(rows)).itertuples()
    assert (incident.fatalities_low, incident.fatalities_best, incident.fatalities_high) == (20, 24, 31)
    assert incident.source_count == 3


def test_an_incident_with_no_reported_toll_has_no_estimate():
    rows = [_event("e1", "a1", fatalities=None), _event("e2", "a2", fatalities=None)]
    [incident] = incident_frame(pd.DataFrame(rows)).itertuples()
    assert pd.isna(incident.fatalities_best) and pd.isna(incident.fatalities_low)


def test_the_demo_corpus_of_distinct_incidents_loses_no_event_to_merging(db_url, geocoder):
    engine = connect(db_url)
    ingest_items(engine, [i for p in demo_files() for i in read_path(p)], geocoder=geocoder)
    events = reviewed_events(engine)
    incidents = incident_frame(events)
    merged = incidents[incidents["source_count"] > 1]
    # Each demo report tells of other incidents; any merge must join different articles on one day and place.
    for row in merged.itertuples():
        members = events.set_index("event_id").loc[list(row.event_ids)]
        assert members["article_id"].nunique() == len(members)
        assert (members["event_date"].max() - members["event_date"].min()).days <= 1
    assert incidents["event_ids"].map(len).sum() == len(events)



def _placed(event_id: str, article_id: str, latitude: float, longitude: float) -> dict:
    return {
        "event_id": event_id, "article_id": article_id, "event_type": "Battles", "status": "auto",
        "event_date": pd.Timestamp("2016-08-23"), "latitude": latitude, "longitude": longitude,
        "geo_precision": 1, "actor1": "Syrian rebels", "actor2": "Islamic State",
    }


@pytest.mark.parametrize("latitude", [36.2, 41.0, 60.0])
def test_two_reports_under_five_km_apart_merge_wherever_they_lie_on_the_grid_used_to_find_them(latitude):
    from conflictmap.gazetteer import distance_km

    # Pairs 4.8 km apart east to west, shifted along a degree in small steps, so that some
    # straddle the edges of the cells the merge searches (narrower degrees further north).
    step_deg = 4.8 / (111.32 * math.cos(math.radians(latitude)))
    for shift in range(40):
        west = 38.0 + shift * 0.0071
        frame = pd.DataFrame([_placed("e1", "a1", latitude, west), _placed("e2", "a2", latitude, west + step_deg)])
        assert distance_km(latitude, west, latitude, west + step_deg) < 5.0
        ids = assign_incidents(frame)["incident_id"]
        assert ids.nunique() == 1, (latitude, shift)


def _chart_rows(chart) -> pd.DataFrame:
    import pyarrow as pa

    return pa.ipc.open_stream(chart.proto.datasets[0].data.data).read_all().to_pandas()


def test_the_overview_counts_the_two_reported_idlib_tolls_once_in_its_figures_and_charts(idlib_engine):
    import json

    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    app.run()
    app.run()  # the second run (once the map is set up) brings the charts
    assert not app.exception
    figures = {m.label: m.value for m in app.metric}
    assert (figures["Events"], figures["Fatalities"]) == ("1", "39"), "35 + 39 = 74 would count the incident twice"

    charts = {json.loads(c.proto.spec).get("title"): _chart_rows(c) for c in app.get("vega_lite_chart")}
    assert len(charts) == 5, list(charts)
    split = next(rows for title, rows in charts.items() if str(title).startswith("Fatalities per"))
    assert split["fatalities"].sum() == 39
    assert charts["Fatalities by governorate"]["fatalities"].sum() == 39
    assert charts["Fatalities by event type"]["fatalities"].sum() == 39
    assert charts["Cumulative fatalities"]["cumulative"].max() == 39
    versus = charts[None]  # the layered chart of events versus fatalities carries its title in its layers
    assert (versus["events"].sum(), versus["fatalities"].sum()) == (1, 39)


def test_the_review_page_shows_the_incidents_tolls_and_splits_a_report_out_and_back(idlib_engine):
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "pages" / "1_Events.py"), default_timeout=60).run()
    assert not app.exception
    assert any("2 source(s); killed: low 35 · best 39 · high 39" in m.value for m in app.markdown)
    event_id = app.session_state["review-event-id"]

    next(b for b in app.button if b.label == "Split this report out of the incident").click().run()
    assert not app.exception
    assert load_splits(idlib_engine) == {event_id}
    assert len(dashboard_incidents(idlib_engine)) == 2
    assert any("1 source(s)" in m.value for m in app.markdown)
    assert audit_trail(idlib_engine, event_id).iloc[0]["action"] == "split"

    next(b for b in app.button if b.label == "Let this report merge again").click().run()
    assert not app.exception
    assert load_splits(idlib_engine) == set()
    assert len(dashboard_incidents(idlib_engine)) == 1
    assert audit_trail(idlib_engine, event_id).iloc[0]["action"] == "rejoin"
