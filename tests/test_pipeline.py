"""The ingest loop: progress, per-input errors, one transaction per article, safe to repeat or kill."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys

import pytest
from conftest import ROOT, run_cli
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from conflictmap.articles import parse_article, read_article_file
from conflictmap.gazetteer import find_governorate
from conflictmap.geocode import AREA_OFFSET_KM, OfflineGeocoder, offset_point
from conflictmap.pipeline import DEMO_DIR, article_events, demo_files, drop_area_repeats, ingest_items
from conflictmap.record import Event
from conflictmap.sources import SourceItem, read_folder, read_path, read_text
from conflictmap.store import connect, metadata

WORKFLOW = ROOT / "tests" / "data" / "workflow"
REPORTS = [WORKFLOW / "idlib_market_first_report.txt", WORKFLOW / "idlib_market_later_report.txt"]


@pytest.fixture(scope="module")
def geocoder():
    return OfflineGeocoder()


def table_contents(url: str) -> dict[str, list[tuple]]:
    """Every stored row of every table, in key order; the time an article was stored is left out."""
    engine = connect(url)
    contents = {}
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            columns = [c for c in table.columns if c.name != "ingested_at"]
            rows = conn.execute(select(*columns).order_by(*table.primary_key.columns)).all()
            contents[table.name] = [tuple(row) for row in rows]
    engine.dispose()
    return contents


def test_progress_is_reported_after_every_input_and_a_bad_one_does_not_stop_the_rest(db_url, geocoder):
    items = [*read_path(REPORTS[0]), SourceItem("broken.json", error="broken.json: not valid JSON"), *read_path(REPORTS[1])]
    seen = []
    report = ingest_items(connect(db_url), items, geocoder=geocoder, progress=lambda done, total, step: seen.append((done, total, step.name)))
    assert [(done, total) for done, total, _ in seen] == [(1, 3), (2, 3), (3, 3)]
    assert seen[1][2] == "broken.json"
    assert report.added == 2 and report.events_added == 2
    assert [step.error for step in report.errors] == ["broken.json: not valid JSON"]


def test_ingesting_the_demo_corpus_twice_leaves_every_table_unchanged(db_url, geocoder):
    engine = connect(db_url)
    first = ingest_items(engine, read_folder(DEMO_DIR), geocoder=geocoder)
    assert first.added == len(demo_files()) and not first.errors
    after_first = table_contents(db_url)
    second = ingest_items(engine, read_folder(DEMO_DIR), geocoder=geocoder)
    assert second.added == 0 and second.already_stored == len(demo_files())
    assert table_contents(db_url) == after_first
    assert len(after_first["events"]) == first.events_added > 0


def test_the_same_article_pasted_with_other_metadata_is_still_stored_once(db_url, geocoder):
    engine = connect(db_url)
    text = REPORTS[0].read_text(encoding="utf-8")
    body = text.split("\n\n", 1)[1]
    ingest_items(engine, read_text(text), geocoder=geocoder)
    again = ingest_items(engine, read_text(body, source="Another outlet"), geocoder=geocoder)
    assert again.already_stored == 1 and again.added == 0


def test_killing_the_ingest_process_midway_and_running_it_again_gives_the_database_of_one_clean_run(tmp_path):
    clean_url = f"sqlite:///{tmp_path / 'clean.sqlite'}"
    clean = run_cli("ingest", str(DEMO_DIR), env={"CONFLICTMAP_DB_URL": clean_url})
    assert clean.returncode == 0, clean.stderr

    killed_url = f"sqlite:///{tmp_path / 'killed.sqlite'}"
    process = subprocess.Popen(
        [sys.executable, "-m", "conflictmap.cli", "ingest", str(DEMO_DIR)],
        cwd=ROOT,
        env={**os.environ, "CONFLICTMAP_DB_URL": killed_url},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        for _ in range(6):  # wait until six articles are through, then kill without warning
            line = process.stdout.readline()
            assert line.startswith("["), line
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        process.stdout.close()
    assert process.returncode == -signal.SIGKILL
    partial = table_contents(killed_url)
    assert 6 <= len(partial["articles"]) < len(demo_files()), "the kill should land midway"
    stored = {row[0] for row in partial["articles"]}
    assert {row[1] for row in partial["events"]} <= stored, "no event without its article"

    rerun = run_cli("ingest", str(DEMO_DIR), env={"CONFLICTMAP_DB_URL": killed_url})
    assert rerun.returncode == 0, rerun.stderr
    assert f"{len(partial['articles'])} already stored" in rerun.stdout
    assert table_contents(killed_url) == table_contents(clean_url)


# --- the command line ----------------------------------------------------------------------


def _db(tmp_path):
    url = f"sqlite:///{tmp_path / 'events.sqlite'}"
    return url, {"CONFLICTMAP_DB_URL": url}


def test_cli_ingest_of_a_folder_lists_bad_files_and_stores_the_good_ones(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for report in REPORTS:
        (folder / report.name).write_bytes(report.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "articles.csv").write_text("headline,body\nx,y\n", encoding="utf-8")
    url, env = _db(tmp_path)

    result = run_cli("ingest", str(folder), env=env)

    assert result.returncode == 2
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2 and all(line.startswith("conflictmap: error: ") for line in errors)
    assert any("empty.txt: empty report" in line for line in errors)
    assert any("articles.csv: a CSV of articles needs a 'text' column" in line for line in errors)
    progress = [line for line in result.stdout.splitlines() if line.startswith("[")]
    assert [line.split("]")[0] + "]" for line in progress] == ["[3/4]", "[4/4]"]
    assert "2 articles added (2 events), 0 already stored, 2 could not be read" in result.stdout
    assert len(table_contents(url)["articles"]) == 2


def test_cli_ingest_with_nothing_to_read_refuses_in_one_line(tmp_path):
    url, env = _db(tmp_path)
    result = run_cli("ingest", env=env)
    assert result.returncode == 2
    assert result.stderr.strip() == "conflictmap: error: nothing to ingest: give a file, a folder, --url or --feed"


def test_cli_ingest_reads_a_web_page_and_a_feed_from_a_local_server(tmp_path, fixture_site):
    url, env = _db(tmp_path)
    result = run_cli(
        "ingest", "--url", f"{fixture_site}/tal-abyad.html",
        "--feed", f"{fixture_site}/syria.xml", env=env,
    )
    assert result.returncode == 2, "the feed's dead link is an error"
    assert f"{fixture_site}/taken-down.html: the server answered 404" in result.stderr
    assert "3 articles added" in result.stdout
    stored = {row[3]: row for row in table_contents(url)["articles"]}  # by source_url
    assert set(stored) == {f"{fixture_site}/{page}" for page in ("tal-abyad.html", "idlib-market.html", "idlib-toll-rises.html")}
    events = table_contents(url)["events"]
    assert {row[8] for row in events} >= {"Tal Abyad", "Idlib"}  # location


def test_the_ingest_page_fetches_a_feed_and_lists_its_dead_link(db_url, fixture_site):
    app = AppTest.from_file(str(ROOT / "pages" / "2_Ingest.py"), default_timeout=60).run()
    app.text_input[-1].input(f"{fixture_site}/syria.xml")
    app.checkbox[-1].check()
    next(b for b in app.button if b.label == "Fetch and ingest").click().run()
    assert not app.exception
    assert any("2 articles added (2 events)" in s.value for s in app.success)
    assert [e.value for e in app.error] == [f"{fixture_site}/taken-down.html: the server answered 404 Not Found"]
    assert len(table_contents(db_url)["articles"]) == 2


def _events(text: str, published: dt.date):
    return article_events(parse_article(text, name="t", published=published))


def test_a_province_wide_toll_of_another_day_is_not_taken_for_a_summary_of_a_town():
    events = _events(
        "Government jets struck the town of Tabqa on Sunday, activists said. "
        "The town lies on the Euphrates. Its dam supplies much of the north with power. "
        "On Saturday warplanes killed 22 militants in a wave of air raids on Raqqa province.",
        dt.date(2016, 3, 14),
    )
    assert sorted((e.event_date, e.geo_precision, e.fatalities) for e in events) == [("2016-03-12", 3, 22), ("2016-03-13", 1, None)]


def test_a_quarter_named_after_a_far_away_village_stays_in_the_town_the_report_is_about():
    events = _events(
        "Army units killed 11 Islamic State fighters in clashes in the city of Deir Ezzor on Monday, state media said. "
        "Artillery fire then hit the militants' supply routes in al-Hamidiya, the agency added.",
        dt.date(2017, 5, 30),
    )
    assert {e.admin1 for e in events} == {"Deir-ez-Zor"}
    quarter = next(e for e in events if e.location.endswith("Hamidiya"))
    assert (quarter.geo_precision, quarter.location_resolved) == (2, False)


def test_a_known_town_far_from_the_rest_of_the_report_keeps_its_place():
    events = _events(
        "Army units killed 11 Islamic State fighters in clashes in the city of Deir Ezzor on Monday, state media said. "
        "A car bomb also went off in Manbij, killing four people, the agency added.",
        dt.date(2017, 5, 30),
    )
    assert {(e.location, e.admin1) for e in events} == {("Deir Ezzor", "Deir-ez-Zor"), ("Manbij", "Aleppo")}


def test_the_same_downing_told_at_a_town_and_east_of_it_is_one_event():
    events = _events(
        "Two Russian pilots were killed after Islamic State fighters shot down their helicopter near Palmyra, the ministry said. "
        "The helicopter was downed east of Palmyra city on its way back to base.",
        dt.date(2016, 7, 10),
    )
    assert [(e.location, e.fatalities) for e in events] == [("Palmyra", 2)]


def test_a_district_the_gazetteer_lacks_told_with_the_same_dead_as_its_city_is_one_event():
    events = _events(
        "Four civilians were killed in Damascus on Sunday by rebel shells, state media said. "
        "Meanwhile rebel shelling on the central district of Bab Touma killed four civilians on Sunday, a monitor said.",
        dt.date(2016, 8, 29),
    )
    assert [(e.location, e.fatalities) for e in events] == [("Damascus", 4)]


def test_two_towns_of_one_sentence_placed_at_the_same_point_quote_their_sentence_once():
    sentence = "Warplanes heavily bombarded the towns of Mesraba and Harasta in Eastern Ghouta on Sunday, a witness said."
    events = _events(sentence, dt.date(2017, 11, 27))
    assert [(e.location, e.evidence) for e in events] == [("Harasta", sentence)]


def _strike(location: str, point: tuple[float, float], precision: int, fatalities: int | None) -> Event:
    return Event(
        article_id="t", event_type="Explosions/Remote violence", sub_event_type="Air/drone strike", evidence=location,
        event_date="2016-08-28", location=location, latitude=point[0], longitude=point[1], geo_precision=precision,
        fatalities=fatalities,
    )


def test_strikes_north_of_a_city_with_the_toll_told_at_the_city_are_one_event_under_any_spelling():
    idlib = (35.9306, 36.6339)
    town = _strike("Idlibs", idlib, 1, 3)
    area = _strike("north of Idlib city", offset_point(*idlib, 0.0, AREA_OFFSET_KM), 2, 3)
    assert drop_area_repeats([town, area]) == [town]
    other_dead = _strike("north of Idlib city", offset_point(*idlib, 0.0, AREA_OFFSET_KM), 2, 7)
    assert drop_area_repeats([town, other_dead]) == [town, other_dead]


def test_an_incident_three_days_older_than_the_news_of_the_report_is_recalled_background():
    events = _events(
        "US warships fired 59 Tomahawk cruise missiles at the Shayrat air base in Homs province early on Friday, the Pentagon said. "
        "The jets that carried out a chemical attack on the town of Khan Sheikhoun in Idlib province on Tuesday took off from the base, it said. "
        "The gas attack on Khan Sheikhoun killed dozens of people, many of them children.",
        dt.date(2017, 4, 7),
    )
    assert [(e.location, e.event_date) for e in events] == [("Shayrat", "2017-04-07")]


def test_a_report_that_leads_with_an_older_incident_keeps_it_as_its_story():
    events = _events(
        "A chemical attack on the town of Khan Sheikhoun in Idlib province on Tuesday killed dozens of people, many of them children, doctors said. "
        "On Friday US warships fired 59 Tomahawk cruise missiles at the Shayrat air base in Homs province, the Pentagon said.",
        dt.date(2017, 4, 7),
    )
    assert [(e.location, e.sub_event_type, e.event_date) for e in events] == [
        ("Khan Sheikhoun", "Chemical weapon", "2017-04-04"),
        ("Shayrat", "Shelling/artillery/missile attack", "2017-04-07"),
    ]


REACTIONS = (
    "The Security Council met behind closed doors, and the foreign minister said those responsible must face sanctions. "
    "The White House condemned the attack and called for an international investigation."
)


def test_a_chemical_attack_days_old_in_a_report_about_the_reactions_to_it_is_background():
    text = "Opposition groups said on Tuesday that 80 people had died in a chemical attack on Khan Sheikhoun. " + REACTIONS
    assert _events(text, dt.date(2017, 4, 6)) == []


def test_a_massacre_by_chemical_weapons_days_old_among_reactions_is_background_whatever_its_event_word():
    text = "A minister said on Saturday that all the evidence shows there was a chemical massacre near Damascus on Wednesday. " + REACTIONS
    assert _events(text, dt.date(2013, 8, 24)) == []


def test_a_chemical_attack_of_the_day_before_is_news_even_among_reactions():
    text = "Opposition groups said on Tuesday that 80 people had died in a chemical attack on Khan Sheikhoun. " + REACTIONS
    events = _events(text, dt.date(2017, 4, 5))
    assert [(e.sub_event_type, e.event_date, e.fatalities) for e in events] == [("Chemical weapon", "2017-04-04", 80)]


def test_yesterdays_chemical_attack_told_below_a_lead_of_reactions_is_background():
    text = (
        "The president said on Wednesday that the chemical attack in Syria could not be tolerated. "
        "He blamed the attack squarely on the Syrian president and said he stood with allies to condemn it. "
        "His envoy told the Security Council that the United States might act alone. "
        + REACTIONS
        + " His adviser struck a softer tone, tweeting Wednesday that she was heartbroken by what she saw after the brutal chemical attack yesterday. "
        "At least 72 people died in the town of Khan Sheikhoun."
    )
    assert _events(text, dt.date(2017, 4, 5)) == []


def test_yesterdays_chemical_attack_told_by_the_lead_stays_news_among_reactions():
    text = (
        "Warplanes dropped toxic gas on the town of Khan Sheikhoun on Tuesday, killing at least 72 people, doctors said. "
        + REACTIONS
    )
    events = _events(text, dt.date(2017, 4, 5))
    assert [(e.location, e.event_date, e.fatalities) for e in events] == [("Khan Sheikhoun", "2017-04-04", 72)]


def test_a_town_named_again_as_the_reference_of_north_of_it_is_not_where_the_villages_fell():
    events = _events(
        "Islamic State fighters seized six villages north of Aleppo city on Wednesday after heavy fighting, the monitor said. "
        "The villages sit between Aleppo and the Turkish border, and 39 fighters were killed in the battle for them.",
        dt.date(2014, 8, 14),
    )
    [capture] = events
    assert (capture.location, capture.geo_precision, capture.fatalities) == ("north of Aleppo", 2, 39)
    assert capture.latitude > 36.25  # north of the city centre (36.20), not on it


def test_an_incident_the_text_gives_no_day_takes_the_day_of_the_story_it_is_told_in():
    events = _events(
        "Government air strikes killed 29 people in the city of Aleppo on Sunday, a monitor said. "
        "Rebel mortars also killed two people in Damascus, state media said.",
        dt.date(2014, 4, 21),
    )
    assert sorted((e.location, e.event_date, e.time_precision) for e in events) == [
        ("Aleppo", "2014-04-20", 1),
        ("Damascus", "2014-04-20", 2),
    ]


def test_a_village_told_again_with_the_town_it_lies_by_is_one_incident():
    events = _events(
        "A woman was killed and six people were hurt on Sunday when a landmine left behind by IS went off in Jarez village "
        "in the northern Aleppo countryside. Local sources said the landmine that went off in Jarez village, in the countryside "
        "of Azaz, killed a woman and wounded six members of one family.",
        dt.date(2016, 10, 23),
    )
    assert [(e.sub_event_type, e.fatalities, e.admin1) for e in events] == [("Remote explosive/landmine/IED", 1, "Aleppo")]


def test_a_village_the_gazetteer_lacks_placed_at_a_nearby_town_stays_an_event_of_its_own():
    events = _events(
        "Government air strikes killed 29 people in the city of Aleppo on Sunday, a monitor said. "
        "A further five died in barrel bomb attacks on the village of Tlajabin, it added.",
        dt.date(2014, 4, 21),
    )
    assert sorted((e.location, e.location_resolved, e.fatalities) for e in events) == [
        ("Aleppo", True, 29),
        ("Tlajabin", False, 5),
    ]


def test_a_province_named_by_its_capital_with_the_toll_of_a_town_there_is_that_towns_event():
    events = _events(
        "A mosque blast in Idlib on Friday killed 25 Nusra Front fighters, a monitor said. "
        "The 25 died when a bomb went off inside a mosque in the town of Ariha in Idlib province on Friday.",
        dt.date(2015, 7, 4),
    )
    assert [(e.location, e.fatalities) for e in events] == [("Ariha", 25)]
    assert "mosque blast in Idlib" in events[0].evidence


def test_a_town_outside_the_capital_told_first_by_the_capitals_name_is_that_towns_event():
    # Douma is in Rural Damascus, a governorate apart from the city of Damascus.
    events = _events(
        "Government air strikes killed four civilians in a rebel-held town outside the capital Damascus on Thursday, a monitor said. "
        "Four civilians were killed when jets fired rockets on the town of Douma on Thursday.",
        dt.date(2017, 11, 3),
    )
    assert [(e.location, e.fatalities) for e in events] == [("Douma", 4)]


def test_the_city_itself_and_a_town_of_its_province_with_the_same_toll_stay_two_events():
    events = _events(
        "Air strikes on the city of Idlib killed six people on Friday, a monitor said. "
        "Air strikes on the town of Ariha in Idlib province also killed six people on Friday.",
        dt.date(2015, 7, 4),
    )
    assert sorted((e.location, e.fatalities) for e in events) == [("Ariha", 6), ("Idlib", 6)]


def test_the_demo_car_bomb_near_azaz_keeps_its_toll_of_twenty_when_rebels_are_said_to_be_14_of_the_dead():
    events = article_events(read_article_file(DEMO_DIR / "27_car_bomb_hits_rebel_checkpoint_near_azaz.txt"))
    assert [(e.sub_event_type, e.fatalities) for e in events if e.admin1 == "Aleppo"] == [("Remote explosive/landmine/IED", 20)]


def test_the_demo_corpus_gives_nearly_all_its_annotated_events_and_few_others():
    """What a new user sees first: the 28 demo reports against their gold events (tests/data/demo_gold.json),
    an event found when the governorate and the event type agree."""
    gold = json.loads((ROOT / "tests" / "data" / "demo_gold.json").read_text(encoding="utf-8"))
    expected = extracted = found = exact = 0
    for name, item in gold.items():
        events = article_events(read_article_file(DEMO_DIR / name))
        free = list(events)
        for wanted in item["events"]:
            match = next(
                (
                    e for e in free
                    if find_governorate(e.admin1) == find_governorate(wanted["admin1"]) and e.event_type == wanted["event_type"]
                ),
                None,
            )
            if match is not None:
                free.remove(match)
                found += 1
                exact += (match.fatalities or 0) == (wanted["fatalities"] or 0)
        expected += len(item["events"])
        extracted += len(events)
    assert expected == 32
    assert found >= 29, f"only {found} of {expected} gold events found"
    assert extracted <= found + 7, f"{extracted - found} events beyond the gold"
    assert exact >= 24, f"exact fatalities on only {exact} of {found}"


def test_a_village_the_gazetteer_lacks_is_not_taken_for_a_summary_of_a_towns_event():
    events = _events(
        "Air strikes hit a hospital in the village of Kafr Hamra in Aleppo province on Friday, killing two nurses. "
        "Later on Friday air strikes on the town of Azaz killed five people.",
        dt.date(2016, 8, 12),
    )
    assert sorted((e.location, e.location_resolved, e.fatalities) for e in events) == [("Azaz", True, 5), ("Kafr Hamra", False, 2)]


def test_strikes_a_stated_distance_from_a_city_are_another_place_than_the_city():
    homs = (34.7308, 36.7094)
    town = _strike("Homs", homs, 1, None)
    far_out = _strike("40 km northeast of Homs", offset_point(*homs, 45.0, 40.0), 2, None)
    assert drop_area_repeats([town, far_out]) == [town, far_out]
    close_by = _strike("5 km east of Homs", offset_point(*homs, 90.0, 5.0), 2, None)
    assert drop_area_repeats([town, close_by]) == [town]


def test_a_name_the_report_places_in_one_province_is_that_place_wherever_it_is_named():
    # Al Quriyah, Deir ez-Zor, June 2016: the built-in gazetteer's nearest spelling is a
    # village near Damascus; the report itself says the town lies south-east of Deir Ezzor.
    events = _events(
        "The toll from Russian and Syrian strikes on the city of Al Quriyah rose to 82 on Sunday, a monitor said. "
        "Three raids on the area of Al-Quriyah southeast of Deir Ezzor city killed 58 civilians, the group said.",
        published=dt.date(2016, 6, 26),
    )
    assert [(e.admin1, e.fatalities) for e in events] == [("Deir-ez-Zor", 82)]


def test_a_district_the_gazetteer_reads_as_a_far_town_stays_in_the_one_city_the_report_is_about():
    # Aleppo, 8 July 2015: "Midane" is the city's al-Midan quarter, not Mayadin on the Euphrates.
    events = _events(
        "A barrel bomb killed 15 civilians in a rebel-held district of Aleppo on Wednesday, the Observatory said. "
        "Four of the dead were children under ten, the monitor's head said. "
        "The bomb hit a building in the Karam al-Beik neighbourhood as families broke the fast. "
        "Four more civilians were killed by rebel rocket fire on the government-held district of Midane, the group said.",
        published=dt.date(2015, 7, 9),
    )
    assert {e.admin1 for e in events} == {"Aleppo"}
