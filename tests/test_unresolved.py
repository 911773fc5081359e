"""Unresolved places: an analyst places a village no gazetteer knows once, and every event naming it moves there."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import ROOT, SEED, need_shared, run_cli
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from conflictmap.articles import parse_article
from conflictmap.pipeline import article_events, ingest_items, reextract_articles, regeocode_events
from conflictmap.places import (
    PlaceError,
    fix_place,
    governorate_near,
    layered_geocoder,
    unresolved_names,
    unresolved_reports,
)
from conflictmap.review import audit_trail, place_event, reject_event, reviewed_events
from conflictmap.sources import read_path
from conflictmap.store import connect, events, store_article

REPORTS = ROOT / "tests" / "data" / "unresolved"
CLASH = REPORTS / "arshaf_clash.txt"  # names Arshaf and the Aleppo countryside
TAKEN = REPORTS / "arshaf_taken.txt"  # names Arshaf alone
# Arshaf lies in the Akhtarin area north of Aleppo, between Dabiq and Ihtaimlat; roughly here.
ARSHAF = (36.52, 37.29)
PAGE = str(ROOT / "pages" / "4_Unresolved_places.py")



@pytest.fixture
def db_url(backend_db_url):
    """Every test here runs on SQLite and on PostgreSQL."""
    return backend_db_url

@pytest.fixture
def engine(db_url):
    engine = connect(db_url)
    report = ingest_items(engine, [*read_path(CLASH), *read_path(TAKEN)])
    assert report.events_added == 2 and not report.errors
    return engine


def _machine_rows(engine, location: str) -> list[dict]:
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(events).where(events.c.location == location))]


def test_reports_naming_an_unknown_village_wait_for_an_analyst_with_their_area_or_no_place(engine):
    waiting = unresolved_reports(engine)
    assert waiting["location"].tolist() == ["Arshaf", "Arshaf"]
    assert set(waiting["source"]) == {"Levant Wire", "Northern Desk"}
    assert waiting["evidence"].str.contains("Arshaf").all()
    by_source = waiting.set_index("source")
    assert by_source.at["Levant Wire", "admin1"] == "Aleppo"  # the report's countryside
    assert pd.isna(by_source.at["Northern Desk", "latitude"])  # no area given: nowhere on the map


def test_placing_the_village_moves_every_event_that_names_it_to_village_precision(engine):
    fix_place(engine, "Arshaf", *ARSHAF, by="desk one")
    assert regeocode_events(engine, "Arshaf", by="desk one") == 2
    for row in _machine_rows(engine, "Arshaf"):
        assert (row["latitude"], row["longitude"], row["geo_precision"]) == (*ARSHAF, 1)
        assert (row["admin1"], row["country"], row["location_resolved"]) == ("Aleppo", "SY", True)
    assert unresolved_reports(engine).empty
    assert unresolved_names(engine) == []
    assert regeocode_events(engine, "arshaf") == 0, "a second run finds nothing to move"


def test_placing_the_village_again_moves_its_events_again(engine):
    fix_place(engine, "Arshaf", *ARSHAF)
    regeocode_events(engine, "Arshaf")
    fix_place(engine, "Arshaf", 36.51, 37.27)
    assert regeocode_events(engine, "Arshaf") == 2
    assert {(r["latitude"], r["longitude"]) for r in _machine_rows(engine, "Arshaf")} == {(36.51, 37.27)}


def test_events_that_spell_the_name_another_way_move_with_it(engine):
    with engine.begin() as conn:
        conn.execute(events.update().where(events.c.source == "Northern Desk").values(location="ARSHĀF"))
    fix_place(engine, "Arshaf", *ARSHAF)
    assert regeocode_events(engine, "Arshaf") == 2
    assert [r["geo_precision"] for r in _machine_rows(engine, "ARSHĀF")] == [1]


def test_a_placed_event_is_as_confident_as_one_the_gazetteer_placed_itself(engine):
    fix_place(engine, "Arshaf", *ARSHAF)
    regeocode_events(engine, "Arshaf")
    assert reextract_articles(engine) == 0, "re-extraction over the fixed layer writes the same rows"


def test_each_moved_event_leaves_audit_rows_saying_what_moved_and_who_placed_it(engine):
    fix_place(engine, "Arshaf", *ARSHAF, by="desk one")
    regeocode_events(engine, "Arshaf", by="desk one")
    trail = audit_trail(engine)
    assert set(trail["action"]) == {"place"} and set(trail["by"]) == {"desk one"}
    clash = reviewed_events(engine).set_index("source").at["Levant Wire", "event_id"]
    moves = audit_trail(engine, clash).set_index("field")
    assert moves.at["latitude", "after"] == ARSHAF[0] and moves.at["longitude", "after"] == ARSHAF[1]
    assert (moves.at["geo_precision", "before"], moves.at["geo_precision", "after"]) == (3, 1)
    assert (moves.at["location_resolved", "before"], moves.at["location_resolved", "after"]) == (False, True)


def test_an_analysts_own_placement_of_one_event_still_wins_over_the_moved_machine_row(engine):
    clash = reviewed_events(engine).set_index("source").at["Levant Wire", "event_id"]
    place_event(engine, clash, {"name": "Akhtarin", "latitude": 36.51072, "longitude": 37.33571, "admin1": "Aleppo"})
    fix_place(engine, "Arshaf", *ARSHAF)
    assert regeocode_events(engine, "Arshaf") == 2  # both machine rows move
    shown = reviewed_events(engine).set_index("event_id")
    assert (shown.at[clash, "location"], shown.at[clash, "latitude"]) == ("Akhtarin", 36.51072)
    other = shown.index[shown.index != clash][0]
    assert (shown.at[other, "location"], shown.at[other, "latitude"]) == ("Arshaf", ARSHAF[0])


def test_a_name_nobody_placed_is_refused_and_changes_nothing(engine):
    before = _machine_rows(engine, "Arshaf")
    with pytest.raises(PlaceError, match="not been placed"):
        regeocode_events(engine, "Arshaf")
    assert _machine_rows(engine, "Arshaf") == before
    assert audit_trail(engine).empty


def test_a_rejected_report_is_not_listed_as_waiting(engine):
    taken = reviewed_events(engine).set_index("source").at["Northern Desk", "event_id"]
    reject_event(engine, taken)
    assert unresolved_reports(engine)["source"].tolist() == ["Levant Wire"]


def test_the_command_line_counts_the_same_waiting_events_as_the_page(engine, db_url):
    taken = reviewed_events(engine).set_index("source").at["Northern Desk", "event_id"]
    reject_event(engine, taken)
    [entry] = unresolved_names(engine)
    assert (entry["name"], entry["events"], entry["admin1"], entry["fixed"]) == ("Arshaf", 1, "Aleppo", False)
    result = run_cli("gazetteer", "unresolved", env={"CONFLICTMAP_DB_URL": db_url})
    assert result.returncode == 0, result.stderr
    assert "Arshaf: 1 events, Aleppo" in result.stdout, "the rejected report is not counted"


def test_a_report_ingested_after_the_fix_is_placed_there_at_once(db_url):
    engine = connect(db_url)
    fix_place(engine, "Arshaf", *ARSHAF)
    ingest_items(engine, read_path(TAKEN))  # the default geocoder reads the stored layers
    (row,) = _machine_rows(engine, "Arshaf")
    assert (row["latitude"], row["geo_precision"], row["location_resolved"]) == (ARSHAF[0], 1, True)


def test_without_a_governorate_the_nearest_known_places_is_taken():
    assert governorate_near(*ARSHAF) == "Aleppo"
    assert governorate_near(35.65, 36.05) == "Lattakia"
    assert governorate_near(34.0, 33.0) is None  # out at sea, nothing within 30 km


def test_arshaf_from_the_seed_report_is_placed_and_its_event_follows(db_url, seed_path):
    engine = connect(db_url)
    ingest_items(engine, read_path(need_shared(SEED)))
    assert [entry["name"] for entry in unresolved_names(engine)] == ["Arshaf"]
    fix_place(engine, "Arshaf", *ARSHAF)
    assert regeocode_events(engine, "Arshaf") == 1
    (row,) = _machine_rows(engine, "Arshaf")
    assert "Arshaf" in row["evidence"] and (row["latitude"], row["geo_precision"]) == (ARSHAF[0], 1)
    assert unresolved_names(engine) == []


def test_the_gazetteer_fix_command_re_geocodes_and_says_how_many_events_moved(db_url):
    assert run_cli("ingest", str(CLASH), str(TAKEN)).returncode == 0
    fixed = run_cli("gazetteer", "fix", "Arshaf", str(ARSHAF[0]), str(ARSHAF[1]), "--by", "cli desk")
    assert fixed.returncode == 0, fixed.stderr
    assert "re-geocoded 2 events that name it" in fixed.stdout
    again = run_cli("gazetteer", "fix", "Arshaf", str(ARSHAF[0]), str(ARSHAF[1]))
    assert "re-geocoded 0 events" in again.stdout
    assert set(audit_trail(connect(db_url))["by"].dropna()) == {"cli desk"}


# --- the page, in Streamlit's test harness --------------------------------------------------


def _page() -> AppTest:
    app = AppTest.from_file(PAGE, default_timeout=90).run()
    assert not app.exception, app.exception
    return app


def _key(suffix: str) -> str:
    import hashlib

    return f"{suffix}-{hashlib.sha256(b'Arshaf').hexdigest()[:12]}"


def test_the_page_lists_the_village_with_the_reports_that_mention_it(engine):
    app = _page()
    assert app.selectbox(key="unresolved-name").value == "Arshaf"
    text = "\n".join(m.value for m in app.markdown)
    assert "Islamic State fighters battle rebels for Arshaf" in text and "Levant Wire" in text
    assert "Islamic State takes Arshaf north of Aleppo" in text and "Northern Desk" in text
    assert "for control of the village of Arshaf" in text


def test_report_text_on_the_page_is_escaped(db_url):
    engine = connect(db_url)
    probe = '<img src=x onerror="alert(1)"> [click](http://198.51.100.7/) **bold**'
    article = parse_article(
        f"Islamic State fighters clashed with rebels in the village of Arshaf on Wednesday {probe}.",
        name="probe", title=f"Arshaf {probe}", source=f"Wire {probe}", published=pd.Timestamp("2014-08-14").date(),
        source_url="https://example.org/a report (1)",
    )
    store_article(engine, article, article_events(article, layered_geocoder(engine)))
    text = "\n".join(m.value for m in _page().markdown)
    assert "<img" not in text.replace("\\<img", "")
    assert "\\[click\\]\\(http\\:" in text and "\\*\\*bold\\*\\*" in text
    assert "(https://example.org/a%20report%20%281%29)" in text  # the link itself cannot be broken out of


def test_typing_coordinates_places_the_village_and_it_leaves_the_list(engine):
    app = _page()
    app.text_input(key="analyst").input("Desk Three").run()
    app.number_input(key=_key("lat")).set_value(ARSHAF[0]).run()
    app.number_input(key=_key("lon")).set_value(ARSHAF[1]).run()
    next(b for b in app.button if b.label.startswith("Place Arshaf")).click().run()
    assert not app.exception
    assert any("2 events moved there" in s.value for s in app.success)
    assert any("nothing is waiting to be placed" in i.value for i in app.info)
    assert {r["geo_precision"] for r in _machine_rows(engine, "Arshaf")} == {1}
    assert set(audit_trail(engine)["by"]) == {"Desk Three"}


def test_a_point_outside_syria_is_refused_and_nothing_changes(engine):
    app = _page()
    app.number_input(key=_key("lat")).set_value(41.0).run()
    app.number_input(key=_key("lon")).set_value(29.0).run()
    next(b for b in app.button if b.label.startswith("Place Arshaf")).click().run()
    assert any("outside Syria" in e.value for e in app.error)
    assert unresolved_names(engine)[0]["fixed"] is False
    assert len(unresolved_reports(engine)) == 2


def test_placing_without_coordinates_asks_for_them(engine):
    app = _page()
    next(b for b in app.button if b.label.startswith("Place Arshaf")).click().run()
    assert any("Click the map" in e.value for e in app.error)
    assert len(unresolved_reports(engine)) == 2


def test_after_a_fix_the_ingest_page_places_a_new_report_at_the_village(engine):
    ingest = AppTest.from_file(str(ROOT / "pages" / "2_Ingest.py"), default_timeout=90).run()
    text = TAKEN.read_text(encoding="utf-8").split("\n\n", 1)[1]
    ingest.text_area[0].input(text)
    ingest.button[0].click().run()
    before = ingest.dataframe[0].value
    assert before["geo_precision"].isna().all()  # not placed yet

    app = _page()
    app.number_input(key=_key("lat")).set_value(ARSHAF[0]).run()
    app.number_input(key=_key("lon")).set_value(ARSHAF[1]).run()
    next(b for b in app.button if b.label.startswith("Place Arshaf")).click().run()

    ingest = AppTest.from_file(str(ROOT / "pages" / "2_Ingest.py"), default_timeout=90).run()
    ingest.text_area[0].input(text)
    ingest.button[0].click().run()
    after = ingest.dataframe[0].value
    assert after["geo_precision"].tolist() == [1] and after["location"].tolist() == ["Arshaf"]
