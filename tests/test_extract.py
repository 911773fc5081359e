"""Extraction of the founding report and of sentences written for these tests."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest

from conflictmap.articles import parse_article, read_article_file
from conflictmap.extract import (
    cut_mid_page_datelines,
    cut_page_widgets,
    cut_photo_credit_headlines,
    cut_tags,
    drop_cut_short_copies,
    drop_title_case_headline,
    extract_mentions,
    find_places,
    read_sentence,
    split_incidents,
    split_sentences,
)
from conflictmap.gazetteer import distance_km, find_governorate, in_bbox
from conflictmap.pipeline import DEMO_DIR, article_events

CAPTURE = "Non-state actor overtakes territory"


@pytest.fixture
def seed_events(seed_path):
    return article_events(read_article_file(seed_path))


@pytest.fixture
def seed_events_published(seed_path):
    return article_events(read_article_file(seed_path, published=dt.date(2014, 8, 14)))


def _capture(events):
    captures = [e for e in events if e.sub_event_type == CAPTURE]
    assert len(captures) == 1, [e.sub_event_type for e in events]
    return captures[0]


def test_the_seed_capture_is_islamic_state_against_rebels_north_of_aleppo_with_39_dead(seed_events):
    capture = _capture(seed_events)
    assert capture.event_type == "Battles"
    assert capture.actor1 == "Islamic State"
    assert capture.actor2 == "Syrian rebels"
    assert capture.fatalities == 39
    assert capture.fatalities_detail == {"Syrian rebels": 31, "Islamic State": 8}
    assert capture.geo_precision == 2
    assert capture.admin1 == "Aleppo"
    aleppo_city_latitude = 36.20
    assert capture.latitude > aleppo_city_latitude + 0.1, "the point lies north of Aleppo city"
    assert in_bbox(capture.latitude, capture.longitude, (36.0, 36.5, 36.9, 38.3)), "inside Aleppo governorate's north"
    assert "31 rebel fighters" in capture.evidence


def test_arshaf_is_an_armed_clash_kept_by_name_placed_at_the_area_and_marked_unresolved(seed_events):
    arshaf = [e for e in seed_events if e.location == "Arshaf"]
    assert len(arshaf) == 1
    event = arshaf[0]
    assert event.sub_event_type == "Armed clash"
    assert event.location_resolved is False
    assert event.geo_precision == 2
    capture = _capture(seed_events)
    assert (event.latitude, event.longitude) == (capture.latitude, capture.longitude)
    assert "Arshaf" in event.evidence


def test_marea_azaz_raqqa_and_the_national_toll_give_no_event(seed_events):
    text = json.dumps([e.to_dict() for e in seed_events])
    for place in ("Marea", "Azaz", "Raqa"):
        assert not any(place in (e.location or "") for e in seed_events), place
    assert "170,000" not in text
    assert all(e.fatalities in (None, 39) for e in seed_events)


def test_nothing_after_source_afp_reaches_any_event(seed_events):
    text = json.dumps([e.to_dict() for e in seed_events])
    for junk in ("2018", "2021", "yellow vest", "Manbij", "Hodeida", "comment"):
        assert junk not in text, junk


def test_the_seed_has_no_event_date_without_a_publication_date(seed_events):
    assert seed_events
    assert all(e.event_date is None for e in seed_events)
    assert all(e.time_precision == 3 for e in seed_events)


def test_with_publication_date_the_capture_is_dated_the_wednesday_before(seed_events_published):
    capture = _capture(seed_events_published)
    assert capture.event_date == "2014-08-13"
    # "a monitoring group said on Wednesday" dates the report; the capture was done by then.
    assert capture.time_precision == 2
    for event in seed_events_published:
        assert event.event_date is not None and event.event_date.startswith("2014-08")


def test_the_dawud_brigade_pledge_is_a_strategic_development(seed_events):
    pledges = [e for e in seed_events if e.event_type == "Strategic developments"]
    assert len(pledges) == 1
    assert pledges[0].actor1 == "Dawud Brigade"
    assert pledges[0].actor2 == "Islamic State"


def test_event_ids_are_stable_for_the_same_text(seed_path):
    first = [e.event_id for e in article_events(read_article_file(seed_path))]
    second = [e.event_id for e in article_events(read_article_file(seed_path))]
    assert first == second and len(set(first)) == len(first)


def _events(text: str, published: dt.date | None = dt.date(2016, 8, 13)):
    return article_events(parse_article(text, published=published))


def test_strikes_told_with_the_span_they_have_gone_on_for_are_still_an_event():
    events = _events(
        "A witness said drones had hovered over the area since Sunday morning and warplanes had heavily bombarded the town of Saraqeb.",
        published=dt.date(2016, 2, 2),
    )
    assert [(e.sub_event_type, e.location, e.fatalities) for e in events] == [("Air/drone strike", "Saraqeb", None)]


def test_a_government_recapture_is_coded_government_regains_territory():
    events = _events(
        "Syrian government forces recaptured the town of Khanasser from Islamic State fighters on Thursday, "
        "reopening the army's only supply road to Aleppo.",
        published=dt.date(2016, 2, 27),
    )
    assert [e.sub_event_type for e in events] == ["Government regains territory"]
    assert events[0].actor1 == "Syrian government forces" and events[0].actor2 == "Islamic State"
    assert events[0].event_date == "2016-02-25"
    assert events[0].geo_precision == 1 and events[0].admin1 == "Aleppo"


def test_a_village_known_nowhere_is_kept_without_coordinates_for_an_analyst_to_place():
    events = _events(
        "Rebels captured the village of Khan Tuman from government forces on Thursday.", dt.date(2016, 5, 7)
    )
    assert len(events) == 1
    event = events[0]
    assert event.location == "Khan Tuman" and event.location_resolved is False
    assert event.latitude is None and event.longitude is None and event.geo_precision is None


def test_an_air_strike_with_civilian_victims_names_the_air_force_and_civilians():
    events = _events(
        "Russian warplanes struck a market in the town of Maarat al-Numan on Monday, killing 12 civilians."
    )
    assert len(events) == 1
    event = events[0]
    assert event.sub_event_type == "Air/drone strike"
    assert event.actor1 == "Russian air force" and event.actor2 == "Civilians"
    assert event.fatalities == 12 and event.location == "Maarat al-Numan" and event.admin1 == "Idleb"


def test_a_side_named_as_the_cause_of_a_bombing_is_not_its_target():
    # The demo report ends on the bombers' claim: "revenge for US-led coalition air strikes".
    events = article_events(read_article_file(DEMO_DIR / "21_is_truck_bomb_kills_44_in_qamishli.txt"))
    [bombing] = [e for e in events if e.sub_event_type == "Suicide bomb"]
    assert (bombing.actor1, bombing.actor2, bombing.location, bombing.fatalities) == ("Islamic State", "Civilians", "Qamishli", 44)


def test_storming_a_base_is_a_battle_between_the_stormers_and_the_garrison():
    events = _events(
        "At least 85 Syrian soldiers were killed when Islamic State fighters stormed the Division 17 base outside Raqqa on Friday, the monitor said.",
        published=dt.date(2014, 7, 26),
    )
    [battle] = events
    assert (battle.event_type, battle.actor1, battle.actor2, battle.fatalities) == ("Battles", "Islamic State", "Syrian government forces", 85)


def test_a_truck_bomb_is_an_explosion_even_when_no_suicide_bomber_is_named():
    events = _events(
        "At least 44 people died on Wednesday when a truck bomb tore through a western district of Qamishli, state media said.",
        published=dt.date(2016, 7, 27),
    )
    [blast] = events
    assert (blast.sub_event_type, blast.location, blast.fatalities) == ("Remote explosive/landmine/IED", "Qamishli", 44)


def test_a_town_fighters_are_pushing_towards_is_not_where_they_fought():
    events = _events(
        "Islamic State fighters clashed with rebels in the village of Dabiq on Wednesday, the monitor said. "
        "The jihadists stormed several villages in the area the same day as they pushed towards the town of Marea.",
        published=dt.date(2014, 8, 14),
    )
    assert "Marea" not in {e.location for e in events}


def test_two_incidents_in_different_towns_become_two_events():
    text = (
        "A car bomb exploded at a checkpoint in Azaz on Saturday, killing eight people. "
        "Separately, US-led coalition air strikes hit Islamic State positions near Manbij, killing 15 militants."
    )
    events = _events(text)
    assert [(e.sub_event_type, e.admin1) for e in events] == [
        ("Remote explosive/landmine/IED", "Aleppo"),
        ("Air/drone strike", "Aleppo"),
    ]
    assert [e.fatalities for e in events] == [8, 15]


def test_a_place_named_only_as_a_threatened_target_is_not_an_event():
    events = _events("The rebels said they would attack the town of Jarablus next week if talks fail.")
    assert events == []


def test_background_sentences_with_past_months_give_no_event():
    mentions, _ = extract_mentions(
        "Islamic State fighters seized the town of al-Bab in January 2014 after clashes with rebels.",
        dt.date(2016, 8, 13),
    )
    assert mentions == []


def test_sentences_split_at_full_stops_but_not_after_abbreviations():
    sentences = split_sentences("U.S. officials said Gen. Smith arrived. Fighting resumed in Azaz.")
    assert sentences == ["U.S. officials said Gen. Smith arrived.", "Fighting resumed in Azaz."]


def test_governorate_lookup_is_spelling_robust():
    assert find_governorate("Idlib province").name == "Idleb"


# --- rules added for reports as scraped pages deliver them ---------------------------


def test_a_lead_without_a_place_is_placed_by_the_next_sentence_and_keeps_its_toll():
    events = _events(
        "A suicide car bomb tore into buses carrying evacuees on Saturday, killing at least 100 people. "
        "The buses were waiting at a transit point on the western edge of Aleppo.",
        published=dt.date(2017, 4, 15),
    )
    assert [(e.sub_event_type, e.location, e.fatalities, e.event_date) for e in events] == [
        ("Suicide bomb", "Aleppo", 100, "2017-04-15")
    ]


def test_the_same_place_on_another_day_is_another_event():
    events = _events(
        "Rebel rockets killed an elderly woman in the al-Midan district of Aleppo on Friday. "
        "Rockets fired at the same district of Aleppo on Saturday wounded one civilian.",
        published=dt.date(2016, 5, 28),
    )
    assert [(e.event_date, e.fatalities) for e in events] == [("2016-05-27", 1), ("2016-05-28", None)]


def test_two_readings_of_one_incident_become_one_event_with_the_first_toll():
    events = _events(
        "Rebel shelling killed four civilians in Damascus on Sunday, a monitor said. "
        "Mortar rounds fired by rebels hit the old city of Damascus on Sunday, killing two people.",
        published=dt.date(2017, 10, 16),
    )
    assert len(events) == 1
    assert events[0].fatalities == 4 and events[0].event_date == "2017-10-15"


def test_a_later_figure_replaces_the_toll_only_when_it_says_the_toll_rose():
    events = _events(
        "An air strike hit the market in Atareb on Monday, killing 53 people. "
        "By Tuesday the death toll from the strike on Atareb had risen to 61.",
        published=dt.date(2017, 11, 14),
    )
    assert [e.fatalities for e in events] == [61]


def test_dead_counted_in_addition_are_added():
    events = _events(
        "Five medics were killed when an air strike levelled a clinic in the village of Khan Tuman late on Tuesday. "
        "Nine fighters who guarded the clinic were also killed in the strike.",
        published=dt.date(2016, 9, 21),
    )
    assert [e.fatalities for e in events] == [14]


def test_a_survey_of_places_where_fighting_goes_on_is_not_an_event():
    assert _events("Fighting continues in many areas including Aleppo, Idlib, Raqqa, Deir al-Zor and Hama.") == []


def test_an_incident_recalled_as_the_reason_for_another_story_is_not_an_event():
    assert _events("The bombing came a day after air strikes killed 26 people in the town of Saraqeb.") == []


def test_habitual_bombing_is_not_an_incident():
    assert _events("Barrel bombs fall nearly every day on rebel-held districts of Aleppo.") == []


def test_a_photo_caption_is_not_an_incident():
    text = (
        "Residents inspect a destroyed market in Maarat al-Numan on Monday (AFP Photo) "
        "Officials in Geneva met to discuss aid deliveries."
    )
    assert _events(text) == []


def test_an_explicit_date_weeks_before_publication_is_background():
    events = _events(
        "Rebels besieged the village of Hader on June 17 after clashes with loyalist militias.",
        published=dt.date(2015, 7, 29),
    )
    assert events == []


def test_a_running_total_over_several_days_is_not_an_incident():
    events = _events(
        "Health officials said 84 people were killed over a four-day stretch of fighting in Douma.",
        published=dt.date(2017, 11, 22),
    )
    assert events == []


def test_a_description_of_who_fights_whom_is_not_an_incident():
    events = _events("The SDF, an alliance battling IS in northern Syria, holds most of the city of Hasakeh.")
    assert events == []


def test_a_helicopter_shot_down_is_an_armed_clash():
    events = _events(
        "A Russian military helicopter was shot down near Saraqeb on Monday, killing all five people on board.",
        published=dt.date(2016, 8, 3),
    )
    assert [(e.event_type, e.sub_event_type, e.location, e.fatalities, e.event_date) for e in events] == [
        ("Battles", "Armed clash", "Saraqeb", 5, "2016-08-01")
    ]


def test_a_bare_town_name_after_struck_is_a_place():
    events = _events("Government warplanes struck Marea on Tuesday, killing four civilians.", dt.date(2014, 8, 14))
    assert [(e.location, e.admin1, e.fatalities) for e in events] == [("Marea", "Aleppo", 4)]
    assert events[0].geo_precision == 1


def test_a_country_possessive_is_not_part_of_the_place_name():
    events = _events(
        "At least 15 civilians were killed on Saturday in a barrel bomb attack on Syrias Aleppo city.",
        published=dt.date(2016, 8, 27),
    )
    assert [(e.location, e.fatalities, e.event_date) for e in events] == [("Aleppo", 15, "2016-08-27")]


def test_a_province_wide_lead_gives_way_to_the_villages_it_sums_up():
    events = _events(
        "Government aircraft killed thirteen civilians in Aleppo province on Wednesday. "
        "Eight of them died when warplanes struck the village of Daret Azza west of the city.",
        published=dt.date(2015, 7, 15),
    )
    assert all(e.geo_precision != 3 for e in events)
    assert [e.location for e in events] == ["Daret Azza"]


def test_a_lead_listing_two_cities_is_told_city_by_city():
    events = _events(
        "Rebel groups fired rockets and mortar shells at Damascus and Aleppo on Friday. "
        "In Damascus a shell hit the al-Salihiyah district, killing a woman. "
        "In Aleppo rockets hit the al-Jamiliyah district, killing three people.",
        published=dt.date(2016, 11, 18),
    )
    assert sorted((e.location, e.fatalities) for e in events) == [("Aleppo", 3), ("Damascus", 1)]


def test_eastern_ghouta_is_placed_east_of_damascus():
    events = _events(
        "Government shelling killed eight civilians in the rebel-held Eastern Ghouta on Monday.",
        published=dt.date(2017, 11, 20),
    )
    assert [(e.location, e.geo_precision, e.fatalities) for e in events] == [("east of Damascus", 2, 8)]
    assert events[0].longitude > 36.3, "east of the city"


def test_strikes_targeting_a_site_are_air_strikes_and_an_attack_on_a_camp_is_a_clash():
    strikes = _events(
        "Seven people were killed by coalition strikes targeting a fuel station in the city of Mayadin.",
        published=dt.date(2014, 10, 18),
    )
    assert [(e.sub_event_type, e.location, e.fatalities) for e in strikes] == [("Air/drone strike", "Mayadin", 7)]
    camp = _events(
        "Islamic State fighters launched an attack on an army camp near Palmyra on Sunday, killing 11 soldiers.",
        published=dt.date(2016, 12, 12),
    )
    assert [(e.event_type, e.sub_event_type) for e in camp] == [("Battles", "Armed clash")]


def test_a_place_spelled_like_a_town_abroad_falls_back_to_the_other_place_named():
    events = _events(
        "Activists in the district of Alwaer in Homs said six civilians were killed in shelling on Sunday.",
        published=dt.date(2016, 11, 7),
    )
    assert [(e.admin1, e.country, e.fatalities, e.event_date) for e in events] == [("Homs", "SY", 6, "2016-11-06")]


def test_a_foreign_area_label_does_not_stall_the_fallback():
    events = _events(
        "Turkish artillery shelled positions north of Kilis and the village of Alwaer on Sunday, killing two fighters.",
        published=dt.date(2016, 11, 7),
    )
    assert all(e.country == "SY" for e in events)


def test_an_incident_named_as_what_came_weeks_before_is_not_an_event_of_this_report():
    from conflictmap.extract import read_sentence

    sentence = read_sentence(
        "The offensive began less than two weeks after jihadists killed some 270 guards at a gas field near Palmyra.",
        0,
        None,
    )
    assert sentence.trigger is None or sentence.toll.killed != 270


def test_victims_named_only_in_the_toll_sentence_make_civilians_the_target_of_a_strike():
    events = _events(
        "Government helicopters dropped barrel bombs on the town of Darat Izza on Tuesday. "
        "Three members of one family were killed in the raid, medics said.",
        published=dt.date(2016, 8, 10),
    )
    assert [e.sub_event_type for e in events] == ["Air/drone strike"]
    assert events[0].actor1 == "Syrian government forces" and events[0].actor2 == "Civilians"


def test_fighters_sent_in_anticipation_of_a_battle_are_no_battle():
    events = _events(
        "Last week IS had moved reinforcements into Tabqa in anticipation of a fierce battle for the town.",
        published=dt.date(2016, 6, 14),
    )
    assert events == []


def test_a_toll_of_another_strike_told_without_a_place_is_not_added_to_the_named_one():
    events = _events(
        "Coalition air strikes hit the town of Al-Bukamal on Saturday, killing five civilians. "
        "Another strike targeted a settlement further east, claiming the lives of seven people.",
        published=dt.date(2017, 10, 1),
    )
    assert [e.location for e in events] == ["Al-Bukamal"]
    assert events[0].fatalities == 5


def test_a_group_counted_among_the_dead_is_the_target_of_the_strike():
    events = _events(
        "A drone strike on Monday killed at least eight Hezbollah fighters near the town of Sukhna.",
        dt.date(2017, 10, 3),
    )
    assert [(e.actor1, e.actor2) for e in events] == [(None, "Hezbollah")]


def test_fighters_killed_in_foreign_strikes_are_the_target_whatever_the_word_order():
    events = _events(
        "Some 40 IS fighters were killed in Russian air strikes around the town of Mayadin on Friday.",
        dt.date(2017, 10, 7),
    )
    assert [(e.actor1, e.actor2) for e in events] == [("Russian air force", "Islamic State")]


def test_a_group_whose_position_was_hit_is_the_target():
    events = _events(
        "An unidentified drone hit a Hezbollah position near the town of Sukhna on Monday.", dt.date(2017, 10, 3)
    )
    assert [(e.actor1, e.actor2) for e in events] == [(None, "Hezbollah")]


def test_those_who_blame_an_attack_on_others_did_not_carry_it_out():
    events = _events(
        "Rebels blamed Russian warplanes after air strikes hit the market in Atareb on Monday.", dt.date(2017, 11, 14)
    )
    assert [e.actor1 for e in events] == ["Russian air force"]


def test_a_rebel_held_market_town_does_not_make_rebels_the_attacker():
    events = _events(
        "Air strikes hit the market of the rebel-held town of Atareb on Monday, killing 61 people.",
        dt.date(2017, 11, 14),
    )
    assert [(e.actor1, e.actor2) for e in events] == [(None, "Civilians")]


def test_fighters_who_hold_a_struck_village_are_not_its_attackers():
    events = _events(
        "Eight civilians were killed when regime warplanes struck the village of Daret Izza, held by Islamist fighters, on Wednesday.",
        dt.date(2015, 7, 16),
    )
    assert [(e.actor1, e.actor2) for e in events] == [("Syrian government forces", "Civilians")]


def test_the_group_whose_hideouts_were_struck_is_the_target():
    events = _events(
        "Syrian fighter jets targeted hideouts of IS fighters in the town of al-Bab on Tuesday.", dt.date(2016, 2, 17)
    )
    assert [(e.actor1, e.actor2) for e in events] == [("Syrian government forces", "Islamic State")]


def test_villages_said_to_be_liberated_with_no_taker_named_are_regained_by_the_government():
    events = _events(
        "The villages of Masqan and Ehras north of Aleppo were liberated from the control of Takfiri militants on Monday.",
        dt.date(2016, 2, 17),
    )
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in events] == [
        ("Government regains territory", None, "Syrian rebels")
    ]


def test_a_town_captured_with_no_taker_named_stays_a_capture():
    events = _events("The town of Tal Rifaat was captured on Monday, a monitor said.", dt.date(2016, 2, 17))
    assert [e.sub_event_type for e in events] == ["Non-state actor overtakes territory"]


def test_a_summary_lead_takes_the_toll_the_report_gives_later_instead_of_doubling_the_event():
    events = _events(
        "Dozens of people have been killed in air strikes on the city of Aleppo, a monitor said on Monday. "
        "Separately, state media said mortars struck central Damascus, killing two people. "
        "The Observatory said air strikes killed 29 people on Sunday in the Al-Ferdous district of Aleppo.",
        published=dt.date(2014, 4, 21),
    )
    aleppo = [e for e in events if e.location == "Aleppo"]
    assert len(aleppo) == 1 and aleppo[0].fatalities == 29 and aleppo[0].event_date == "2014-04-20"


def test_another_toll_in_a_named_neighbourhood_adds_to_the_city_told_before():
    events = _events(
        "Air strikes killed 29 people on Sunday in the city of Aleppo, the Observatory said. "
        "Another 14 people were killed in the Baeedeen neighbourhood in barrel bomb attacks.",
        published=dt.date(2014, 4, 21),
    )
    assert [(e.location, e.fatalities) for e in events] == [("Aleppo", 43)]


# --- rules added for reports the extractor had never seen (heldout2) ---------------


def _events(text, published=dt.date(2016, 3, 14)):
    return article_events(parse_article(text, name="t", published=published))


def test_a_toll_told_before_the_event_word_goes_with_the_event():
    events = _events(
        "A double attack in the central city of Homs has claimed the lives of 14 civilians, a television channel reported. "
        "Two car bombs went off near a school in the city's eastern quarter."
    )
    assert [(e.location, e.sub_event_type, e.fatalities) for e in events] == [("Homs", "Remote explosive/landmine/IED", 14)]


def test_a_lead_that_the_toll_rose_to_a_figure_keeps_it_over_a_partial_detail():
    events = _events(
        "The death toll from attacks on residential neighbourhoods in Aleppo has risen to 11, a police source said. "
        "Rebel groups fired rocket and mortar shells on houses in Aleppo, killing five people."
    )
    assert [(e.location, e.fatalities) for e in events] == [("Aleppo", 11)]


def test_a_province_lead_is_continued_by_a_district_of_its_capital():
    events = _events(
        "At least 15 people were killed on Sunday in a barrel bomb attack by government helicopters in Syria's Aleppo province. "
        "A helicopter struck a funeral tent in the rebel-held Bab al-Hadid district in Aleppo, a rescuer said."
    )
    assert len(events) == 1
    assert events[0].location == "Aleppo"
    assert events[0].fatalities == 15


def test_a_district_of_a_city_is_not_the_town_named_by_its_first_word():
    events = _events("Regime helicopters dropped barrel bombs on the Bab al-Hadid district in Aleppo, killing six.")
    assert [e.location for e in events] == ["Aleppo"]


def test_each_town_of_a_listed_attack_with_its_own_dead_is_its_own_event():
    mentions, _ = extract_mentions(
        "On Monday warplanes carried out air strikes on the town of Saraqeb and the village of Kafr Amim in Idlib province. "
        "Nine people were killed in Saraqeb and another man died in Kafr Amim, the monitor said.",
        dt.date(2016, 3, 14),
    )
    assert [([p.name for p in m.places if p.kind == "locality"], m.fatalities) for m in mentions] == [
        (["Saraqeb"], 9),
        (["Kafr Amim"], 1),
    ]


def test_a_fight_to_capture_a_city_is_not_its_capture():
    events = _events("Kurdish-led fighters are pressing on with US air support to capture the city of Raqqa, the alliance said.")
    assert events == []


def test_a_deal_to_ease_the_fighting_is_not_a_battle():
    events = _events("Eastern Ghouta is one of the zones where Russia brokered deals to ease the fighting between rebels and the government.")
    assert events == []


def test_rebels_described_as_battling_someone_are_no_battle():
    events = _events("The war has turned sectarian, with mostly Sunni rebels battling the ruling Alawite minority in Aleppo.")
    assert events == []


def test_a_list_of_other_stories_at_the_end_of_the_page_is_not_read():
    events = _events(
        "Air strikes killed nine civilians in the town of Maarat al-Numan on Sunday, a monitor said. "
        "Families buried their dead in the afternoon and shops stayed shut. "
        "Related News Clashes erupt near Idlib as rebels attack checkpoints Army shells Daraa countryside"
    )
    assert [e.location for e in events] == ["Maarat al-Numan"]


def test_strikes_near_the_golan_are_placed_in_quneitra():
    events = _events("Israeli jets struck army positions near the Israeli-occupied Golan Heights overnight, killing four soldiers.")
    assert [(e.admin1, e.actor1, e.fatalities) for e in events] == [("Quneitra", "Israeli forces", 4)]


def test_most_bombing_carried_out_by_aircraft_describes_a_campaign_not_a_strike():
    events = _events("Most bombing was carried out by aircraft dropping barrel bombs on the city of Idlib and its surroundings.")
    assert events == []


def test_a_last_updated_stamp_still_dates_a_weekday():
    events = article_events(
        parse_article("Last updated at Mar 152016 BEIRUT Government air strikes killed seven civilians in Douma on Sunday, a monitor said.", name="t")
    )
    assert [(e.event_date, e.fatalities) for e in events] == [("2016-03-13", 7)]


def test_tests_on_the_victims_of_an_attack_and_their_treatment_abroad_are_no_event():
    events = _events(
        "Doctors in Ankara said blood tests on patients from a gas attack in Idlib province showed traces of a nerve agent. "
        "Twenty people hurt in Monday's attack were being treated in hospitals across the border and two had died since arriving."
    )
    assert events == []


def test_an_undated_killing_from_a_rights_group_report_is_no_event():
    events = _events(
        "A monitoring network said in a report that bombing of Jisr al-Shughur had grown worse over the past fortnight. "
        "Before they left Jisr al-Shughur, soldiers executed 12 prisoners, the report said."
    )
    assert events == []


def test_a_toll_the_report_of_a_news_agency_gives_still_counts():
    events = _events(
        "State media reported on Monday that army jets struck militant positions in the town of Manbij. "
        "The report said at least 30 militants were killed."
    )
    assert [(e.location, e.fatalities) for e in events] == [("Manbij", 30)]


def test_a_dated_killing_a_report_tells_is_still_an_event():
    events = _events("Government forces executed 12 prisoners in the town of Jisr al-Shughur on Sunday, the report said.")
    assert [(e.location, e.event_date, e.fatalities) for e in events] == [("Jisr al-Shughur", "2016-03-13", 12)]


def test_an_attack_on_villages_is_an_armed_clash():
    events = _events("Islamic State fighters killed 30 people in an attack on two villages in Hama province on Saturday.")
    assert [(e.admin1, e.sub_event_type, e.fatalities, e.event_date) for e in events] == [("Hama", "Armed clash", 30, "2016-03-12")]


def test_raids_that_targeted_a_town_are_air_strikes():
    events = _events("Four raids targeted the outskirts of the town of Saraqeb on Sunday.")
    assert [(e.location, e.sub_event_type) for e in events] == [("Saraqeb", "Air/drone strike")]


def test_a_toll_told_for_another_day_at_the_same_place_is_an_event_of_its_own():
    events = _events(
        "Government jets bombed Islamic State positions in the province of Raqqa for a second day on Sunday. "
        "On Saturday the planes killed 22 militants in a fresh wave of air raids on the group."
    )
    assert sorted((e.event_date, e.fatalities) for e in events) == [("2016-03-12", 22), ("2016-03-13", None)]
    assert {e.admin1 for e in events} == {"Ar-Raqqa"}


def test_another_kind_of_attack_with_its_own_dead_in_the_same_city_is_an_event_of_its_own():
    # Aleppo, Monday 17 March 2014: barrel bombs from helicopters, and a man killed by shelling.
    events = _events(
        "Army helicopters dropped barrel bombs on a rebel-held district of Aleppo on Monday, the Observatory said. "
        "One man was killed by regime shelling elsewhere in the city, the monitor added.",
        published=dt.date(2014, 3, 17),
    )
    assert sorted((e.sub_event_type, e.location, e.fatalities) for e in events) == [
        ("Air/drone strike", "Aleppo", None),
        ("Shelling/artillery/missile attack", "Aleppo", 1),
    ]


def test_the_dead_of_a_battle_told_after_the_ground_it_won_stay_with_that_event():
    # Kobani, Sunday 15 February 2015: Kurdish fighters took the Tal Baghdaq hilltop; four of them died.
    events = _events(
        "Kurdish fighters captured the strategic Tal Baghdaq hilltop in the countryside of Kobani on Sunday, the Observatory said. "
        "Four YPG fighters were killed in fierce clashes with the jihadists, it added.",
        published=dt.date(2015, 2, 15),
    )
    assert [(e.sub_event_type, e.fatalities) for e in events] == [("Non-state actor overtakes territory", 4)]


def test_another_storys_headline_above_the_lead_gives_no_event():
    events = _events(
        "Air raids kill 8 in Syrias Daraa monitor Jordan king says border stays shut "
        "Air strikes killed at least seven civilians in two rebel-held districts of Syrias Aleppo city on Sunday the Observatory said."
    )
    assert [(e.location, e.fatalities) for e in events] == [("Aleppo", 7)]


def test_a_headline_repeated_above_its_own_story_does_not_double_the_toll():
    events = _events(
        "Car bomb kills 12 in Syrias Azaz monitor A car bomb killed 12 people near a market in the border town of Azaz on Sunday, a monitor said."
    )
    assert [(e.location, e.fatalities) for e in events] == [("Azaz", 12)]


def test_a_nationality_word_after_a_place_is_not_part_of_its_name():
    events = _events("A car bomb killed five people in the Sheikh Maqsoud district of Aleppo Syrian state television said on Sunday.")
    assert [(e.location, e.admin1) for e in events] == [("Aleppo", "Aleppo")]


def test_a_summary_printed_again_as_the_lead_without_a_full_stop_is_read_once():
    events = _events(
        "Army units killed at least 40 militants in clashes near the town of Nawa in Daraa province "
        "Army units killed at least 40 militants in clashes near the town of Nawa in Daraa province on Sunday, a military source said."
    )
    assert [(e.location, e.fatalities) for e in events] == [("Nawa", 40)]


def test_a_headline_joined_to_its_lead_by_a_dash_does_not_double_the_toll():
    events = _events(
        "Twin blasts kill 20 in Syrian border city state TV -Twin blasts killed 20 people in the city of Qamishli on Sunday, state television said."
    )
    assert [(e.location, e.fatalities) for e in events] == [("Qamishli", 20)]


def test_a_title_case_headline_run_into_its_lead_does_not_double_the_toll():
    events = _events(
        "Twelve Killed in Government Air Raids on Idlib Market Town Twelve people were killed on Sunday "
        "when jets bombed the market of Saraqeb, activists said."
    )
    assert [(e.location, e.fatalities) for e in events] == [("Saraqeb", 12)]


def test_a_title_case_headline_closed_by_a_full_stop_is_cut_too():
    text = "Nine Dead in Rocket Attack on Aleppo. Rockets fired by militants killed nine civilians in Aleppo on Sunday."
    assert drop_title_case_headline(text) == "Rockets fired by militants killed nine civilians in Aleppo on Sunday."


def test_a_lead_that_opens_with_names_is_not_taken_for_a_title_case_headline():
    text = "Syrian Observatory for Human Rights Director Rami Abdel Rahman said ten people were killed in Douma."
    assert drop_title_case_headline(text) == text


def test_a_run_in_tags_box_lends_neither_its_places_nor_its_event_words_to_the_lead():
    events = _events(
        "A car bomb hit a checkpoint in Azaz. Tags Syria Raqqa Turkey Hama airstrikes "
        "A car bomb exploded at a checkpoint in the border town of Azaz on Sunday, killing eight people."
    )
    assert [(e.location, e.sub_event_type, e.fatalities) for e in events] == [("Azaz", "Remote explosive/landmine/IED", 8)]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Tags Syria Homs siege Jets believed to be Russian struck the district of Waer.", "Jets believed to be Russian struck"),
        ("Tags Syria Idlib Khan Sheikhun Bashar al Assad Almost a dozen people died in the raid.", "Almost a dozen people died"),
        ("Tags Syria Hama Aleppo Four fighters were killed in the clash.", "Four fighters were killed"),
        ("Tags Syria Deir az-Zour al-Mayadeen civilians. Eleven civilians died in the strikes.", "Eleven civilians died"),
    ],
)
def test_the_lead_after_a_tags_box_starts_at_its_first_sentence_word(text, kept):
    assert cut_tags(text).strip().startswith(kept)


def test_a_tags_box_closing_the_page_is_cut_with_the_related_headlines_before_it():
    text = (
        "Shells killed two people in Deir ez-Zor. ... 12 Related Army Kills Dozens of Militants in Raqqa "
        "Tags Daesh Syria Raqqa Community standardsDiscussion Comment via Facebook"
    )
    assert cut_tags(text) == "Shells killed two people in Deir ez-Zor."


def test_a_lead_lower_bound_gives_way_to_the_full_count_and_a_sides_own_losses_add():
    events = _events(
        "Jihadists killed more than 40 people in an attack on two government-held villages in Hama province on Sunday. "
        "The monitor said the attack killed 12 civilians and 20 soldiers with another 9 bodies yet to be identified. "
        "The jihadists also lost 11 fighters in the assault, it said."
    )
    assert [(e.admin1, e.sub_event_type, e.fatalities) for e in events] == [("Hama", "Armed clash", 52)]


def test_a_roundup_item_that_names_a_place_and_its_dead_is_an_incident_of_its_own():
    events = _events(
        "Government air strikes on rebel-held towns killed at least 30 people on Sunday, a monitor said. "
        "In Saraqeb in Idlib province 12 civilians were killed in three raids. "
        "The raids came as rebels pressed an offensive in the south. "
        "At Atareb in the west of Aleppo province 9 people were killed including a child, the monitor said. "
        "Rebels have held both towns since 2012."
    )
    assert [(e.location, e.sub_event_type, e.fatalities) for e in events] == [
        ("Saraqeb", "Air/drone strike", 12),
        ("Atareb", "Air/drone strike", 9),
    ]


def test_a_place_after_a_run_in_subheading_loses_its_capitalised_preposition():
    events = _events("Child killed At Atareb in Aleppo province a child was killed when shells hit a school on Sunday.")
    assert [e.location for e in events] == ["Atareb"]


# --- an agreement is an event when the report says it was made ------------------------------------


def test_an_agreement_the_report_says_was_reached_is_a_strategic_development():
    events = _events(
        "Government negotiators and rebel fighters in Qudsaya reached an evacuation agreement on Thursday, "
        "under which about 150 fighters and their families will leave for Idlib province."
    )
    assert [(e.location, e.event_type, e.sub_event_type, e.event_date) for e in events] == [
        ("Qudsaya", "Strategic developments", "Agreement", "2016-03-10")
    ]


def test_a_truce_said_to_have_been_agreed_in_the_passive_is_an_agreement_too():
    events = _events("A local truce was agreed in the town of Madaya on Saturday after weeks of talks.")
    assert [(e.location, e.sub_event_type) for e in events] == [("Madaya", "Agreement")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Turkey's president called the attack inhuman while stressing the importance of maintaining the fragile ceasefire in Idlib.",
        "The United Nations on Tuesday called for an urgent ceasefire in Aleppo, where two million people lack running water.",
        "Residents of Qamishli, where Kurdish and government fighters agreed a truce last week, said the streets were quiet.",
        "Humanitarian access to Douma has stayed limited despite the truce, a UN official said on Sunday.",
    ],
)
def test_a_truce_only_named_or_called_for_is_no_event(sentence):
    assert _events(sentence) == []


def test_fighting_told_beside_a_truce_is_the_event_not_the_truce():
    events = _events(
        "Fighting intensified on Monday in Harasta, hours before the army declared the ceasefire over."
    )
    assert [(e.location, e.sub_event_type) for e in events] == [("Harasta", "Armed clash")]


def test_a_capture_weeks_before_publication_is_background_not_news():
    events = _events(
        "The militants have lost most of their land since and were ousted two weeks ago from Raqqa, their de facto capital."
    )
    assert events == []


# --- photo credits run into the text, each followed by another story's headline ------------------


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            "Army units pushed east of Palmyra on Sunday. REUTERS Omar Sanadiki Kurdish Forces Liberate Village Near Tabqa "
            "Syrian forces also took two hills overlooking the road.",
            "Army units pushed east of Palmyra on Sunday. Syrian forces also took two hills overlooking the road.",
        ),
        (
            "AP Photo Hassan Ammar Car Bomb Kills Six in Azaz The death toll rose on Monday.",
            "The death toll rose on Monday.",
        ),
        (
            'Sputnik Ilya Pitalev Rebels Capture Hill in Latakia "We held the line," a commander said.',
            '"We held the line," a commander said.',
        ),
    ],
)
def test_a_photo_credit_and_the_headline_after_it_are_cut(text, kept):
    assert cut_photo_credit_headlines(text) == kept


def test_a_credit_with_no_headline_after_it_and_an_agency_in_a_sentence_are_kept():
    text = "Reuters Syria correspondent said. Fighting in Azaz, AFP said, went on all night."
    assert cut_photo_credit_headlines(text) == text


def test_another_storys_headline_after_a_photo_credit_gives_no_event():
    events = _events(
        "Civilians returned to the centre of Manbij on Monday. Sputnik Hikmet Durgun Coalition Confirms Raqqa Completely "
        "Liberated From Daesh Shops reopened along the main street."
    )
    assert events == []


# --- a wire dateline inside the page opens the story; a credit and a headline stand before it ------


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            # Manbij, 19 July 2016: a page's summary, then a credit and a related headline before the dateline.
            "Dozens of civilians were killed in coalition strikes near Manbij, a source said on Tuesday. "
            "AFP 2016 Delil al-Souleiman Kurdish Fighters Enter Manbij DAMASCUS (Sputnik) The strikes hit Tokhar village.",
            "Dozens of civilians were killed in coalition strikes near Manbij, a source said on Tuesday. The strikes hit Tokhar village.",
        ),
        (
            "Twelve civilians were killed in the province of Deir ez-Zor. MOSCOW (Sputnik) The strikes hit Al Bukamal.",
            "Twelve civilians were killed in the province of Deir ez-Zor. The strikes hit Al Bukamal.",
        ),
    ],
)
def test_a_wire_dateline_inside_the_page_is_cut_with_the_headline_run_in_before_it(text, kept):
    assert cut_mid_page_datelines(text) == kept


def test_a_city_in_capitals_without_an_agency_is_kept():
    text = "Fighting went on in ALEPPO (the old city) overnight. A UN (OCHA) team left Homs."
    assert cut_mid_page_datelines(text) == text


def test_a_dateline_inside_the_page_is_not_part_of_the_evidence_or_the_place():
    # Shayrat, 7 April 2017: US warships fired 59 Tomahawk missiles at the air base on Thursday night.
    events = _events(
        "The US missile strike on a Syrian air base killed four children, a source told reporters on Friday. "
        "HOMS (Sputnik) On Thursday night the United "
        "States launched 59 Tomahawk cruise missiles at the Syrian military airfield in Ash Shairat, about 40 kilometres southeast of Homs.",
        published=dt.date(2017, 4, 7),
    )
    assert [e.location for e in events] == ["Ash Shairat"]
    assert "(Sputnik)" not in events[0].evidence


# --- chemical weapons named without being used ---------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The government declared a stockpile of 1,300 tonnes of chemical weapons to inspectors in Damascus.",
        "Residents of Douma claim a foreign state provided chemical weapons to one of the armed groups.",
        "UN investigators are looking into the alleged chemical attack on the town in Idlib province, a spokesman said.",
    ],
)
def test_chemical_weapons_held_handed_over_or_investigated_are_no_event(sentence):
    assert _events(sentence) == []


def test_chemical_weapons_used_on_a_town_are_an_event():
    events = _events("Government aircraft used chemical weapons on Khan Sheikhoun on Tuesday, killing at least 70 people.")
    assert [(e.location, e.sub_event_type, e.fatalities) for e in events] == [("Khan Sheikhoun", "Chemical weapon", 70)]


# --- strikes on a list of towns --------------------------------------------------------------------


def test_strikes_on_towns_named_in_one_list_with_no_toll_are_one_event_per_town():
    events = _events("Russian jets struck the towns of Jisr al-Shughur and Binnish on Sunday, activists said.")
    assert sorted((e.location, e.sub_event_type, e.event_date) for e in events) == [
        ("Binnish", "Air/drone strike", "2016-03-13"),
        ("Jisr al-Shughur", "Air/drone strike", "2016-03-13"),
    ]


def test_a_toll_for_strikes_on_a_list_of_towns_stays_with_the_first_town_and_is_not_split():
    events = _events("Government air strikes on Saraqeb and Binnish killed 17 civilians on Sunday.")
    assert [(e.location, e.fatalities) for e in events] == [("Saraqeb", 17)]


def test_each_town_of_a_list_keeps_the_toll_a_later_sentence_gives_it():
    events = _events(
        "On Sunday warplanes carried out a string of raids on the town of Saraqeb and the village of Taftanaz. "
        "Eleven civilians were killed in Saraqeb and another man died in Taftanaz, the monitor said."
    )
    assert sorted((e.location, e.fatalities) for e in events) == [("Saraqeb", 11), ("Taftanaz", 1)]


def test_repelled_attempts_to_overrun_a_district_are_no_capture():
    events = _events("Rebels in Qaboun repelled attempts by government forces to overrun the district on Sunday.")
    assert all(e.sub_event_type != CAPTURE for e in events)


@pytest.mark.parametrize(
    "sentence",
    [
        "The army's air force carried out sorties against Islamic State hideouts in the city of al-Bab on Wednesday.",
        "The Syrian air force hit positions of Jaish al-Fatah in Kafr Zita on Wednesday, a military source said.",
    ],
)
def test_sorties_and_an_air_force_that_hit_positions_are_air_strikes(sentence):
    events = _events(sentence)
    assert [(e.sub_event_type, e.actor1) for e in events] == [("Air/drone strike", "Syrian government forces")]


def test_a_thing_placed_in_one_sentence_and_struck_in_the_next_is_one_event_there():
    events = _events(
        "A weapons depot of Jaish al-Islam was destroyed in the town of Douma on Wednesday. "
        "The depot was hit in government air strikes, a military source said."
    )
    assert [(e.location, e.sub_event_type, e.event_date) for e in events] == [("Douma", "Air/drone strike", "2016-03-09")]


def test_a_thing_struck_that_the_sentence_before_did_not_name_takes_no_place_from_it():
    events = _events(
        "Residents of Douma said bread had run out on Wednesday. The hospital was hit in government air strikes."
    )
    assert events == []


def test_another_kind_of_incident_in_a_quarter_of_a_city_told_before_is_an_event_in_that_city():
    events = _events(
        "Rebel rockets struck the al-Dabit hospital in Aleppo on Tuesday, killing at least 19 people. "
        "Casualties were also reported in al-Zahra quarter after a car bomb went off there."
    )
    assert sorted((e.location, e.sub_event_type) for e in events) == [
        ("Aleppo", "Remote explosive/landmine/IED"),
        ("Aleppo", "Shelling/artillery/missile attack"),
    ]


def test_shells_on_a_quarter_of_the_city_on_another_day_are_not_added_to_todays_shelling():
    events = _events(
        "Rebel shells killed two people in Aleppo city on Monday, a police source said. "
        "Rescuers also recovered eight bodies in al-Masharqa neighbourhood, hit by rebel shells on Sunday."
    )
    assert sorted((e.event_date, e.fatalities) for e in events) == [("2016-03-13", 8), ("2016-03-14", 2)]


def test_other_headlines_between_a_headline_and_the_lead_that_repeats_its_opening_are_dropped():
    events = _events(
        "Air strikes kill 9 in Syrias Idlib monitor Turkish minister says border will stay shut to refugees "
        "Air strikes killed at least eight civilians in the town of Saraqeb on Sunday, the Observatory said."
    )
    assert [(e.location, e.fatalities, e.event_date) for e in events] == [("Saraqeb", 8, "2016-03-13")]


def test_a_counteroffensive_is_an_armed_clash():
    events = _events("Islamic State fighters launched a counteroffensive near Tabqa on Monday, killing 40 government soldiers.")
    assert [(e.location, e.sub_event_type, e.actor1, e.fatalities) for e in events] == [
        ("Tabqa", "Armed clash", "Islamic State", 40)
    ]


def test_a_raid_by_an_air_force_or_coalition_is_an_air_strike():
    events = _events("A coalition raid on the town of Manbij on Sunday killed two women and their seven children, the Observatory said.")
    assert [(e.location, e.sub_event_type, e.actor1) for e in events] == [("Manbij", "Air/drone strike", "US-led coalition")]


def test_barrel_bombs_that_open_the_sentence_name_the_government_as_the_attacker():
    events = _events("Barrel bombs killed 12 people in the town of Daraya on Sunday, activists said.")
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in events] == [
        ("Air/drone strike", "Syrian government forces", "Civilians")
    ]


def test_a_sites_topic_link_and_share_counter_are_cut():
    text = "Get short URL 0 55 Coalition jets struck Tabqa on Sunday. Topic Operation to Liberate Raqqa From Daesh (61) More follows."
    assert cut_page_widgets(text).split() == "Coalition jets struck Tabqa on Sunday. More follows.".split()


def test_a_lead_run_into_a_share_counter_still_gives_its_event():
    events = _events(
        "Middle East 1730 12.03.2016 Get short URL 0 21 The US-led coalition struck Islamic State positions near Tabqa on Sunday, "
        "killing 18 militants. Topic Operation to Liberate Raqqa From Daesh (61)"
    )
    assert [(e.location, e.sub_event_type, e.actor1, e.fatalities) for e in events] == [
        ("Tabqa", "Air/drone strike", "US-led coalition", 18)
    ]


def test_a_count_of_readers_run_into_the_lead_is_no_part_of_its_toll():
    events = _events(
        "Friday 22 Jul 2016 Print Tweet Views 1430 Nearly 40 Syrian soldiers were killed on Thursday "
        "when rebels detonated a tunnel bomb under their positions in Aleppo, a monitor said."
    )
    assert [(e.location, e.fatalities) for e in events] == [("Aleppo", 40)]


def test_a_weekday_run_onto_a_place_name_is_not_part_of_it():
    events = _events("Syrian tanks shelled the central city of Hama Monday killing four civilians, residents said.")
    assert [(e.location, e.event_date, e.fatalities) for e in events] == [("Hama", "2016-03-14", 4)]


def test_an_attack_feared_in_case_of_something_is_no_event():
    events = _events(
        "Opposition fighters moved closer to army lines in Harasta on Wednesday to be safer in case of another chemical attack."
    )
    assert all(e.sub_event_type != "Chemical weapon" for e in events)


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        ("Five civilians including three children were killed by regime bombs that landed on Douma on Thursday.", "Douma"),
        ("Six long-range Russian bombers carried out strikes on Islamic State near Deir ez-Zor on Sunday.", "Deir ez-Zor"),
    ],
)
def test_regime_bombs_and_bombers_are_air_strikes(sentence, place):
    events = _events(sentence)
    assert [(e.location, e.sub_event_type) for e in events] == [(place, "Air/drone strike")]


def test_the_head_word_of_an_unknown_village_name_is_not_taken_for_a_town():
    events = _events(
        "A suicide bomber blew himself up at a wedding in Tall Tawil village north of Hasakeh on Monday, killing 22 people."
    )
    assert [(e.sub_event_type, e.admin1, e.fatalities) for e in events] == [("Suicide bomb", "Al-Hasakeh", 22)]
    assert events[0].location != "Tall"


@pytest.mark.parametrize(
    "sentence",
    [
        "Hundreds of people took to the streets of Idlib on Friday to demand the release of detainees.",
        "Residents of Kafr Nabl staged a protest against the Nusra Front on Friday.",
        "Demonstrators gathered in the centre of Raqqa on Friday to protest against the Islamic State.",
    ],
)
def test_people_protesting_are_a_peaceful_protest(sentence):
    assert [e.sub_event_type for e in _events(sentence)] == ["Peaceful protest"]


def test_a_group_described_as_supporting_protest_is_no_protest():
    events = _events(
        "The Palmyra Coordination Committee, a local group that supports protest against the government, said on Saturday "
        "that the bodies of 35 people were found in a mine shaft in Palmyra."
    )
    assert all(e.sub_event_type != "Peaceful protest" for e in events)


def test_rebels_who_regularly_target_a_district_describe_a_habit_not_an_incident():
    assert _events("Rebels regularly target west Aleppo with rockets, causing civilian deaths, residents said on Thursday.") == []


def test_a_battle_fought_for_more_than_a_month_is_background():
    assert _events("The Syrian Democratic Forces have been locked in battle for control of Manbij for more than one month.") == []


def test_what_an_attack_came_as_is_its_setting_not_another_event():
    events = _events(
        "Twin suicide bombings killed 30 people in Hasakeh on Monday. "
        "The bombings came as Islamic State fighters pressed their assault on the Kurdish town of Kobane."
    )
    assert [(e.location, e.sub_event_type) for e in events] == [("Hasakeh", "Suicide bomb")]


def test_who_was_behind_an_attack_told_elsewhere_is_no_new_attack():
    events = _events(
        "The foreign minister said on Saturday that all the evidence shows the government was behind a massacre near Harasta."
    )
    assert events == []


def test_executions_in_two_towns_told_in_one_sentence_are_two_events():
    events = _events(
        "Islamic State militants executed a woman in Raqqa city on Monday while a man and his wife were also executed in Mayadin."
    )
    assert sorted((e.location, e.sub_event_type) for e in events) == [("Mayadin", "Attack"), ("Raqqa", "Attack")]
    assert next(e.fatalities for e in events if e.location == "Mayadin") == 2


@pytest.mark.parametrize(
    ("sentence", "sub_event_type"),
    [
        ("Army units established full control over the town of Khan Tuman on Sunday, a military source said.", "Government regains territory"),
        ("The Syrian Democratic Forces drove the Islamic State group out of Manbij on Saturday.", CAPTURE),
        ("The army's Division 17 base near Raqqa has fallen out of government control, the monitor said on Friday.", CAPTURE),
        ("Rebels exploded bombs in tunnels under army positions in Aleppo on Tuesday, killing 13 soldiers.", "Remote explosive/landmine/IED"),
    ],
)
def test_control_established_or_lost_and_bombs_exploded_are_read(sentence, sub_event_type):
    assert [e.sub_event_type for e in _events(sentence)] == [sub_event_type]


def test_areas_that_have_fallen_out_of_control_describe_them_and_take_nothing():
    events = _events("Government jets bombed areas of Aleppo province that have fallen out of its control on Thursday.")
    assert [e.sub_event_type for e in events] == ["Air/drone strike"]


def test_a_region_that_has_fallen_out_of_control_is_a_state_of_things_not_a_capture():
    events = _events("Most of the west of the province, where Jassem lies, has completely fallen out of government control, he said.")
    assert all(e.sub_event_type != CAPTURE for e in events)


# --- a lead's total for several places ------------------------------------------------------------


def test_a_town_named_after_a_lead_total_across_a_region_takes_its_own_smaller_toll():
    mentions, _ = extract_mentions(
        "Government air strikes and shelling killed 19 civilians on Sunday across the Eastern Ghouta region outside Damascus, a monitor said. "
        "On Sunday government air strikes on the areas of Mesraba and Madira killed 17 civilians, while shelling on Douma killed two more.",
        dt.date(2017, 11, 26),
    )
    assert [m.fatalities for m in mentions if m.sub_event_type == "Air/drone strike"] == [17]


def test_a_city_named_after_a_lead_total_for_several_provinces_takes_its_own_smaller_toll():
    events = _events(
        "Five civilians were killed on Friday in rebel attacks with shells and a bomb in Aleppo, Hama and Damascus, state media said. "
        "Two people, one of them a child, were killed on Friday when rebel rockets hit the al-Midan district of Aleppo city.",
        published=dt.date(2016, 11, 25),
    )
    assert [(e.location, e.fatalities) for e in events if e.location == "Aleppo"] == [("Aleppo", 2)]


def test_a_detail_that_the_lead_summed_with_another_figure_leaves_the_sum():
    events = _events(
        "Six civilians were killed by rebel rockets on the Green Belt area of New Aleppo on Monday and earlier three people "
        "were killed by rebel shells on residential neighbourhoods of Aleppo city, state media said. "
        "Police said rebel rockets on the neighbourhoods of al-Hamdaniyeh and Sheikh Taha killed three people.",
        published=dt.date(2016, 8, 15),
    )
    assert [(e.location, e.fatalities) for e in events] == [("Aleppo", 9)]


def test_a_toll_told_right_after_an_event_without_one_is_that_events_toll():
    mentions, _ = extract_mentions(
        "Regime air strikes on the Ain Tarma area east of Damascus killed at least 12 people on Tuesday, the Observatory said. "
        "On Tuesday the regime also launched air strikes on Irbin, another rebel-held town near the capital. "
        "The strikes killed five people, the group said.",
        dt.date(2014, 10, 14),
    )
    assert [(m.places[0].name, m.fatalities) for m in mentions] == [("Damascus", 12), ("Irbin", 5)]


def test_dead_added_by_another_kind_of_attack_are_not_added_to_the_first():
    mentions, _ = extract_mentions(
        "On Saturday a barrel bomb dropped on a building in a rebel-held district of Aleppo city killed eight people, the monitor said. "
        "Six people were also killed in rebel shelling of government-held districts of the city.",
        dt.date(2015, 2, 22),
    )
    assert [(m.sub_event_type, m.fatalities) for m in mentions][:1] == [("Air/drone strike", 8)]


def test_an_opening_toll_with_no_known_event_word_goes_to_the_incident_the_report_then_tells():
    events = _events(
        "A bomber on a motorcycle killed at least 16 civilians outside a bakery in Hasakeh city on Tuesday, an official said. "
        "The attack also wounded dozens of people on the eve of Eid al-Fitr. "
        "A suicide bomber on a motorcycle blew himself up in the Salihiyeh district of Hasakeh city, the monitor said.",
        published=dt.date(2016, 7, 5),
    )
    assert [(e.location, e.sub_event_type, e.fatalities) for e in events] == [("Hasakeh", "Suicide bomb", 16)]


def test_a_lead_total_that_the_incidents_told_after_it_add_up_to_is_not_a_toll_of_its_own():
    mentions, _ = extract_mentions(
        "Government air strikes killed 26 civilians in Daraa province and near Damascus on Monday, a monitor said. "
        "In Jassem in Daraa province 16 civilians were killed in four air strikes. "
        "Elsewhere air strikes on Douma killed 10 civilians, the monitor said.",
        dt.date(2015, 2, 2),
    )
    assert [m.fatalities for m in mentions] == [None, 16, 10]


def test_a_perfect_tense_toll_right_after_a_span_of_days_counts_over_the_span_not_the_days_strikes():
    mentions, _ = extract_mentions(
        "The Observatory reported 26 air strikes on Sunday across Idlib province. "
        "Russian and government air strikes on the province have intensified since rebels launched their Aleppo offensive on July 31. "
        "The strikes have killed 122 civilians, the monitor's head said.",
        dt.date(2016, 8, 14),
    )
    assert [(m.sub_event_type, m.fatalities) for m in mentions] == [("Air/drone strike", None)]


def test_an_attack_earlier_the_same_day_at_the_same_place_adds_its_dead():
    mentions, _ = extract_mentions(
        "Rebel rockets hit the al-Dabit hospital in Aleppo on Tuesday, killing at least ten people, a militia source said. "
        "Earlier in the day the Nusra Front fired 60 rockets at the city of Aleppo, killing nine people.",
        dt.date(2016, 5, 3),
    )
    assert [(m.sub_event_type, m.fatalities) for m in mentions] == [("Shelling/artillery/missile attack", 19)]


def test_an_earlier_report_of_the_same_dead_is_not_added():
    mentions, _ = extract_mentions(
        "The Observatory said 39 people were killed by air strikes on the city of Idlib on Saturday. "
        "Earlier in the day it was reported that air strikes on the city had killed at least 24 people.",
        dt.date(2016, 9, 10),
    )
    assert [(m.sub_event_type, m.fatalities) for m in mentions] == [("Air/drone strike", 39)]


def test_an_opening_toll_across_the_country_is_not_given_to_the_first_town_told():
    mentions, _ = extract_mentions(
        "At least 44 people were killed across the country on Monday, a monitor said. "
        "Government jets carried out four air strikes on the town of Jassem in Daraa province.",
        dt.date(2015, 2, 2),
    )
    assert [(m.sub_event_type, m.fatalities) for m in mentions] == [("Air/drone strike", None)]


@pytest.mark.parametrize(
    ("sentence", "sub_event_type"),
    [
        ("The offensive, supported by US-led coalition air strikes, cut the road between Tel Abyad and Raqqa on Tuesday.", "Armed clash"),
        ("Government troops, supported by Russian warplanes and artillery, clashed with rebels in Harasta on Monday.", "Armed clash"),
    ],
)
def test_the_air_support_of_an_offensive_is_not_a_strike_of_its_own(sentence, sub_event_type):
    assert [e.sub_event_type for e in _events(sentence)] == [sub_event_type]


def test_turkish_forces_helping_rebels_drive_islamic_state_out_of_a_town_is_a_capture():
    events = _events("Turkish tanks crossed into Syria on Wednesday and helped rebels drive Islamic State out of the town of Jarablus.")
    assert [(e.location, e.sub_event_type) for e in events] == [("Jarablus", CAPTURE)]


def test_a_capture_earlier_this_month_is_background_to_the_news():
    assert _events("Earlier this month the same alliance seized the army's al-Mastumah base south of Idlib city.") == []


def test_a_town_an_offensive_pushes_towards_is_not_where_it_happened_even_after_al():
    events = _events(
        "Rebel factions took the village of Dabiq on Sunday. The offensive is also pushing towards al-Bab, the last IS stronghold nearby."
    )
    assert [e.location for e in events] == ["Dabiq"]


def test_the_bombardment_named_again_with_the_village_it_hit_is_the_same_attack():
    events = _events(
        "At least 20 civilians were killed when Turkish guns and warplanes pounded a village south of Jarabulus on Sunday. "
        "The bombardment hit Jeb el-Kussa, a village held by fighters allied with Kurdish forces."
    )
    assert [(e.actor1, e.actor2, e.fatalities) for e in events] == [("Turkish armed forces", "Civilians", 20)]


def test_an_ally_that_supported_the_attackers_is_not_their_enemy():
    events = _events("Free Syrian Army factions, supported by Turkish tanks and artillery, took full control of Tal Rifaat on Sunday.")
    assert [(e.actor1, e.actor2) for e in events] == [("Free Syrian Army", None)]


def test_a_group_named_without_its_hyphen_is_not_read_as_a_place():
    events = _events("Ahrar al Sham and allied factions fired dozens of mortar rounds at army positions on Thursday, killing four soldiers.")
    assert [e.location for e in events if e.location] == []


def test_a_place_name_ends_where_a_country_possessive_begins():
    events = _events("A car bomb killed at least 26 people near the city of Deir el-Zour Syrias state news agency reported on Friday.")
    assert [e.location for e in events] == ["Deir el-Zour"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Nine rebel factions in the north announced on Sunday that they had agreed to form a joint operations room aimed at fighting the army around Hama.",
        "Government forces had long been expected to encircle the rebel-held east of Aleppo and seize the main supply road.",
    ],
)
def test_a_fight_that_is_only_aimed_at_or_expected_is_not_an_event(sentence):
    assert _events(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The Turkish-backed operation has so far captured Jarablus and is pushing on towards al-Bab.",
        "When it controlled Palmyra, the jihadist group blew up the Temple of Bel and executed dozens of soldiers in the theatre.",
        "Several days before, the defence ministry said an air strike near Idlib had wounded a senior commander and killed 12 fighters.",
    ],
)
def test_a_tally_so_far_a_former_rule_and_days_before_are_background(sentence):
    assert _events(sentence) == []


def test_a_gas_field_east_of_homs_is_placed_at_the_field_not_at_homs():
    events = _events("On Thursday the jihadists seized the Shaar gas field east of the city of Homs, killing dozens of guards.")
    assert [(e.location, e.admin1, e.geo_precision) for e in events] == [("Shaar", "Homs", 1)]
    assert in_bbox(events[0].latitude, events[0].longitude, (34.6, 37.4, 35.0, 38.0))


def test_sanas_damascus_countryside_is_rural_damascus_not_the_capital():
    events = _events("Army units shelled militant positions in Damascus Countryside on Sunday, killing 11 fighters.")
    assert [(e.admin1, e.geo_precision) for e in events] == [("Rural Damascus", 3)]


def test_the_air_force_destroying_positions_is_an_air_strike():
    events = _events("The Syrian Air Force destroyed command centres and vehicles of armed groups in Kafr Zita in Hama countryside on Sunday.")
    assert [(e.location, e.sub_event_type) for e in events] == [("Kafr Zita", "Air/drone strike")]


def test_shells_containing_toxic_materials_are_a_chemical_weapon():
    events = _events("Militants fired shells containing toxic materials on the Hamdaniyeh district of Aleppo on Sunday, causing breathing problems for 35 people.")
    assert [e.sub_event_type for e in events] == ["Chemical weapon"]


def test_a_survey_of_bombardment_across_several_provinces_is_no_event():
    assert _events("Elsewhere the monitor reported army shelling of rebel positions in Daraa Hama Idlib and Homs provinces.") == []


def test_a_rights_groups_count_from_an_investigation_is_no_event_even_with_the_fighting_it_followed():
    events = _events(
        "A rights group said in a report issued on Wednesday that it had collected the names of 40 civilians killed by mines "
        "in Manbij during a week-long investigation this month. They died during and after the fighting for the town."
    )
    assert events == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The defence ministry said on Tuesday that its planes had not carried out any air strikes on Idlib.",
        "Inspectors of the Organisation for the Prohibition of Chemical Weapons visited Damascus on Tuesday.",
        "In Raqqa the group's hold looks firmer even as government forces intensify air strikes on its territory.",
        "The army's capture of the Mallah farms days ago came during a truce declared for the holiday.",
    ],
)
def test_a_denial_a_watchdogs_name_a_trend_and_a_capture_days_ago_are_no_events(sentence):
    assert _events(sentence) == []


def test_an_attack_ten_days_before_publication_is_background_and_one_nine_days_before_is_news():
    published = dt.date(2015, 7, 3)
    assert _events("On June 23 a car bomb went off outside a mosque in central Damascus, killing five worshippers.", published) == []
    events = _events("On June 24 a car bomb went off outside a mosque in central Damascus, killing five worshippers.", published)
    assert [(e.event_date, e.fatalities) for e in events] == [("2015-06-24", 5)]


def test_a_coalition_strike_with_its_dead_is_an_air_strike_of_its_own():
    events = _events("On Sunday a US-led coalition strike on a village near Raqqa killed at least 14 civilians, the monitor said.")
    assert [(e.sub_event_type, e.actor1, e.fatalities) for e in events] == [("Air/drone strike", "US-led coalition", 14)]


def test_a_campaign_that_is_being_fought_is_described_not_told():
    assert _events("A second campaign is being fought by the Syrian Democratic Forces on the eastern bank of the Euphrates near Raqqa.") == []


def test_dead_told_as_more_in_other_towns_are_not_a_share_of_the_first_towns_toll():
    events = _events(
        "Three regime air strikes hit a market in the town of Sarmin on Tuesday, killing 10 people. "
        "Russian jets struck the main street of Maarrat al-Numan, killing eight people. "
        "Two more civilians were killed in regime air strikes on the town of Maarrat Misrin."
    )
    assert [(e.location, e.fatalities) for e in events] == [("Sarmin", 10), ("Maarrat al-Numan", 8), ("Maarrat Misrin", 2)]


def test_strikes_on_a_list_of_villages_are_an_incident_not_a_survey():
    events = _events(
        "In the southern countryside of Idlib province the air force destroyed militant vehicles on Sunday "
        "in the villages of Abdin, Kafr Sajna, Khan Sheikhoun and al-Tamana."
    )
    assert events and {e.sub_event_type for e in events} == {"Air/drone strike"}


def test_fighting_across_several_provinces_is_still_a_survey():
    assert _events("Clashes raged on Sunday in Aleppo, Idlib, Hama and Homs, the monitor said.") == []


def test_bombardments_in_the_plural_are_shelling():
    events = _events("Army units launched intensive bombardments on militant positions in the town of Tal Rifaat on Sunday.")
    assert [e.sub_event_type for e in events] == ["Shelling/artillery/missile attack"]


def test_army_operations_against_militants_in_a_town_are_an_armed_clash():
    events = _events("Army units carried out precise operations against militants in the town of Tal Rifaat on Sunday, killing 12 of them.")
    assert [(e.sub_event_type, e.fatalities) for e in events] == [("Armed clash", 12)]


@pytest.mark.parametrize(
    "sentence",
    [
        "The Syrian Democratic Forces advanced inside Manbij on Monday, the monitor reported.",
        "Army units made major advances in the town of Arbeen on Monday, killing at least 35 militants.",
    ],
)
def test_an_advance_inside_a_town_is_an_armed_clash_there(sentence):
    assert [e.sub_event_type for e in _events(sentence)] == ["Armed clash"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The monitor says militants slit the throats of 12 men aged between 18 and 25 near the town of Mayadin on Wednesday.",
        "A woman was killed by sniper fire in the Hamdaniyeh district of Aleppo on Friday.",
    ],
)
def test_throats_slit_and_sniper_fire_on_people_are_attacks(sentence):
    assert [e.sub_event_type for e in _events(sentence)] == ["Attack"]


def test_a_span_of_days_is_still_a_summary():
    assert _events("Air strikes killed 40 people in Idlib between 14 and 17 August, the monitor said.") == []


def test_army_units_that_targeted_positions_in_a_town_shelled_it():
    events = _events("An army unit targeted fortifications of Jabhat al-Nusra in the town of Tal Rifaat on Sunday, a military source said.")
    assert [e.sub_event_type for e in events] == ["Shelling/artillery/missile attack"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Defence ministers said an offensive to drive the jihadists out of Raqqa would begin in the next few weeks.",
        "The Turkish army has repeatedly targeted northern Syria near Manbij with artillery shells and mortars.",
    ],
)
def test_an_offensive_still_to_come_and_a_habit_of_shelling_are_no_events(sentence):
    assert _events(sentence) == []


def test_a_lead_attributed_to_a_report_is_still_the_news():
    events = _events(
        "At least 15 civilians have been killed in northern Syria in US air strikes, a report says. "
        "The monitor said on Wednesday that the attacks took place in the city of Manbij in Aleppo province."
    )
    assert [(e.location, e.sub_event_type, e.fatalities) for e in events] == [("Manbij", "Air/drone strike", 15)]


@pytest.mark.parametrize(
    "sentence",
    [
        "The group's spokesman Lieutenant Iyad al-Homsi said the gangs resorted to chemical weapons in the battle.",
        "Troops killed 40 militants near the town, according to the opposition Cham TV network.",
    ],
)
def test_a_person_after_a_title_and_a_channels_name_are_not_places(sentence):
    assert all(e.location not in ("al-Homsi", "Cham") for e in _events(sentence))


def test_a_run_of_words_far_longer_than_any_sentence_gives_no_event_but_the_prose_around_it_does():
    rng = random.Random(8)
    words = "rebels fighters near Azaz village the of and clashed killed 12 Monday government forces shelled".split()
    soup = " ".join(rng.choice(words) for _ in range(20_000))
    events = _events(f"Rebels clashed with Islamic State fighters near Azaz on Monday, killing 40 fighters. {soup}")
    assert [(e.location, e.fatalities) for e in events] == [("Azaz", 40)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Islamic State militants killed 20 rebels near Marea on Saturday.", ("Marea", "Armed clash", "Islamic State", 20)),
        ("Government troops killed dozens of militants near Palmyra.", ("Palmyra", "Armed clash", "Syrian government forces", None)),
        ("IS fighters killed 12 civilians in Manbij on Friday, the monitor said.", ("Manbij", "Attack", "Islamic State", 12)),
    ],
)
def test_armed_men_who_killed_a_count_of_people_in_a_place_are_an_event(sentence, expected):
    assert [(e.location, e.sub_event_type, e.actor1, e.fatalities) for e in _events(sentence)] == [expected]


def test_a_killing_told_with_no_place_is_the_toll_of_the_incident_the_next_sentence_places():
    events = _events(
        "Islamic State militants have killed 33 young men in eastern Syria, activists say. "
        "The monitor says the militants slit the throats of the men near the town of Mayadin on Wednesday."
    )
    assert [(e.location, e.sub_event_type, e.fatalities) for e in events] == [("Mayadin", "Attack", 33)]


def test_a_killing_over_years_is_a_running_total_not_an_event():
    assert _events("The group has killed more than 1,000 civilians in Aleppo since 2014, the monitor said.") == []


def test_helicopter_fire_that_killed_people_is_an_air_strike_not_a_killing_by_the_army():
    events = _events("Army helicopter fire killed 12 people on Sunday in the town of Nawa, the monitor said.")
    assert [(e.sub_event_type, e.fatalities) for e in events] == [("Air/drone strike", 12)]


def test_jets_described_before_the_verb_still_struck():
    events = _events("Fighter jets also believed to be Russian struck the town of Atareb on Sunday, killing five civilians.")
    assert [(e.location, e.sub_event_type, e.fatalities) for e in events] == [("Atareb", "Air/drone strike", 5)]


@pytest.mark.parametrize(
    "sentence",
    [
        "At least 15 civilians were killed in raids on a northern district of Manbij on Monday, the monitor said.",
        "In Douma, raids killed 16 civilians on Saturday, the monitor said.",
        "Ten civilians were killed in US-led coalitions strikes west of Raqqa on Sunday, SANA said.",
        "An Israeli plane hit a car inside the town of Hader on Monday, killing five men.",
        "The air force attacked a crowded market in Atareb on Sunday, killing 11 people.",
        "A mother and her child died on Friday when an aerial bomb hit their home in Kafr Nabl.",
    ],
)
def test_raids_strikes_and_planes_told_plainly_are_air_strikes(sentence):
    assert [e.sub_event_type for e in _events(sentence)] == ["Air/drone strike"]


def test_artillery_strikes_stay_shelling():
    events = _events("Turkish artillery strikes on Tal Rifaat killed four fighters on Sunday.")
    assert [e.sub_event_type for e in events] == ["Shelling/artillery/missile attack"]


@pytest.mark.parametrize(
    "sentence",
    [
        "At least 30 people were killed on Monday in a double bomb attack just outside the city of Tartous.",
        "Dozens of evacuees were killed when an explosives-laden vehicle hit their buses west of Aleppo on Saturday.",
    ],
)
def test_double_bombings_and_explosives_laden_vehicles_are_explosions(sentence):
    assert [e.sub_event_type for e in _events(sentence)] == ["Remote explosive/landmine/IED"]


@pytest.mark.parametrize(
    ("sentence", "sub_event_type"),
    [
        ("A motorcycle bomber killed at least 16 civilians outside a bakery in Qamishli on Tuesday.", "Suicide bomb"),
        ("The army targeted militant gatherings near Palmyra on Monday, killing 13 militants.", "Shelling/artillery/missile attack"),
        ("Ten IS militants were killed during fights in the town of Tabqa on Saturday night.", "Armed clash"),
        ("Fifty militants were killed on Sunday in infighting between rebel groups in Douma.", "Armed clash"),
        ("Twelve IS militants were killed by the Syrian Democratic Forces near Tabqa on Sunday.", "Armed clash"),
    ],
)
def test_bombers_targeting_fights_and_killings_by_a_named_force_are_events(sentence, sub_event_type):
    assert [e.sub_event_type for e in _events(sentence)] == [sub_event_type]


def test_an_undated_page_tells_old_incidents_by_the_latest_day_it_states():
    timeline = (
        "1. Ghouta: On August 21 2013 government rockets carrying sarin struck the Ghouta east of Damascus, killing hundreds of civilians. "
        "2. Deal: On September 14 2013 the United States and Russia agreed a plan to remove the chemical arsenal. "
        "3. Khan Sheikhoun: On April 4 2017 an air strike with sarin killed at least 80 people in Khan Sheikhoun."
    )
    events = _events(timeline, published=None)
    assert [(e.location, e.event_date) for e in events] == [("Khan Sheikhoun", "2017-04-04")]


def test_the_verb_is_before_a_killing_is_not_the_islamic_state():
    assert _events("A commander who is said to have killed 20 people near Azaz appeared in a video on Sunday.") == []


def test_a_rally_shelled_before_an_election_day_keeps_its_toll():
    events = _events(
        "Rebels bombarded a campaign rally ahead of the June 3 poll, killing at least 21 people, a monitor said. "
        "The mortar fire hit a tent in the southern city of Daraa late on Thursday.",
        published=dt.date(2014, 5, 23),
    )
    assert [(e.location, e.sub_event_type, e.fatalities, e.event_date) for e in events] == [
        ("Daraa", "Shelling/artillery/missile attack", 21, "2014-05-22")
    ]


def test_east_of_syrias_capital_is_east_of_damascus():
    events = _events("At least 50 fighters were killed on Tuesday in clashes between rival rebel groups east of Syrias capital, the monitor said.")
    assert [(e.location, e.geo_precision, e.fatalities) for e in events] == [("east of Damascus", 2, 50)]


def test_a_terrorist_bombing_is_a_bomb_but_a_bombing_of_a_city_is_not():
    events = _events("Six pilgrims were killed in a terrorist bombing that targeted a bus in the Kallaseh neighbourhood of Damascus on Sunday.")
    assert [(e.location, e.sub_event_type, e.fatalities) for e in events] == [("Damascus", "Remote explosive/landmine/IED", 6)]
    assert _events("A heavy bombing of Aleppo was reported on Sunday.") == []


def test_what_a_story_comes_in_the_wake_of_is_background():
    assert _events("Mothers who fled the siege told their stories in the wake of a bombing outside the city of Aleppo.") == []


def test_what_forces_were_unable_or_failed_to_take_is_no_capture():
    assert _events("The army was unable to regain control of Douma on Sunday, the monitor said.") == []
    assert _events("Rebels failed to seize the town of Atareb on Sunday.") == []


def test_kfar_is_kafr_written_another_way():
    events = _events("An air raid on a rescue centre in Kfar Zeita killed eight volunteers on Saturday, the group said.")
    assert [(e.location, e.admin1, e.geo_precision) for e in events] == [("Kfar Zeita", "Hama", 1)]


def test_suicide_bombers_are_not_bomber_aircraft_but_long_range_bombers_are():
    events = _events("The governor said the two bombers pulled up at a checkpoint in Homs on Tuesday before one detonated his explosives.")
    assert [e.sub_event_type for e in events] == ["Remote explosive/landmine/IED"]
    events = _events("Six long-range Tu-22M3 bombers carried out strikes on Sunday near Deir ez-Zor.")
    assert [e.sub_event_type for e in events] == ["Air/drone strike"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The Americans say they are just interested in fighting Daesh in Idlib.",
        "The development followed intense battles between the two sides in Aleppo.",
    ],
)
def test_an_aim_of_fighting_and_what_a_development_followed_are_no_events(sentence):
    assert _events(sentence) == []


def test_a_doctors_title_is_not_a_place():
    events = _events("Prime Minister Dr. Wael al-Halqi condemned the twin terrorist blasts that rocked Homs city on Wednesday.")
    assert all(e.location != "Dr" for e in events)


@pytest.mark.parametrize(
    "sentence",
    [
        "There have been no US strikes on Raqqa so far, officials said on Sunday.",
        "Idlib province is regularly bombarded by Syrian and Russian warplanes.",
        "Frequent bombing by government warplanes has caused massacres in Idlib province.",
        "Casualties mount in Douma as the army continues its assault for the tenth day in a row.",
        "The recent upsurge in violence in Hama follows the launch of a rebel offensive to push the army out of the province.",
    ],
)
def test_news_abroad_denials_habits_runs_of_days_sounds_and_what_violence_follows_are_no_events(sentence):
    assert _events(sentence) == []


def test_news_from_iraq_is_background_to_a_syrian_story():
    iraq = read_sentence("In Iraq meanwhile at least 17 people were killed when a suicide bomber attacked a post on Monday.", 3, dt.date(2014, 10, 7))
    assert iraq.background
    assert not read_sentence("In Kobani at least 17 people were killed when a suicide bomber attacked a post on Monday.", 3, dt.date(2014, 10, 7)).background


def test_explosions_heard_across_the_border_are_no_incident():
    events = _events(
        "Kurdish fighters clashed with IS militants in Kobani on Tuesday. "
        "Gunfire and explosions were heard from the Turkish side of the border while a Kurdish flag flew in the centre of Kobani."
    )
    assert [(e.location, e.sub_event_type) for e in events] == [("Kobani", "Armed clash")]


@pytest.mark.parametrize(
    "sentence",
    [
        "The brief lull in regime bombing should bring some relief to the people of Idlib.",
        "The camp near Sukhna sent fighters whenever the group was carrying out attacks on army positions in Homs.",
        "Government warplanes have pounded the town of Saraqeb for days.",
    ],
)
def test_what_should_happen_what_happens_whenever_and_what_goes_on_for_days_are_no_events(sentence):
    assert _events(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        ("Militants blew up a car and a motorcycle packed with explosives in the town of Tabqa on Sunday, killing six people.", "Tabqa"),
        ("Seventeen soldiers were killed on Sunday when rebels blew up a tunnel dug beneath an army post in Aleppo.", "Aleppo"),
        ("A truck loaded with explosives blew up at a checkpoint on the edge of Qamishli on Sunday, killing nine people.", "Qamishli"),
    ],
)
def test_blowing_up_a_vehicle_or_a_tunnel_is_a_bomb(sentence, place):
    events = _events(sentence)
    assert [(e.location, e.event_type) for e in events] == [(place, "Explosions/Remote violence")]


def test_a_monument_blown_up_is_property_destruction_not_a_bombing():
    events = _events("Islamic State militants blew up an ancient temple in Palmyra on Sunday, officials said.")
    assert [(e.event_type, e.sub_event_type) for e in events] == [("Strategic developments", "Looting/property destruction")]


def test_a_governors_title_is_not_where_the_attack_was():
    events = _events(
        "State media quoted Hama Governor Mohammad al-Hazouri as saying that four people were killed. "
        "Militants set off a car bomb in the town of Salamiyeh in the east of Hama province on Sunday."
    )
    assert [(e.location, e.fatalities) for e in events] == [("Salamiyeh", 4)]


def test_fighting_told_only_by_its_region_is_placed_in_that_region():
    events = _events("Hezbollah fighters clashed with Nusra Front militants in the Qalamoun mountains on Friday, killing 14.")
    assert [(e.location, e.geo_precision, e.admin1, e.fatalities) for e in events] == [("Qalamoun", 2, "Rural Damascus", 14)]


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        # a lost comma runs the country, or the next clause's verb, onto the name
        ("A coalition air strike on Tuesday killed 18 fighters south of the city of Tabqa Syria the Pentagon said.", "south of Tabqa"),
        ("Kurdish-led fighters repelled an assault near the town of Manbij Killing 80 militants on Sunday.", "Manbij"),
        # a provincial capital after a lower-case article
        ("Two suicide bombers killed at least 30 Kurdish fighters in al-Hassakeh on Sunday, a monitor said.", "Hassakeh"),
        # a possessive that lost its apostrophe
        ("Russian jets struck Aleppos western suburbs on Sunday, killing seven civilians.", "Aleppo"),
    ],
)
def test_scraped_names_are_cut_back_to_the_place(sentence, place):
    assert [e.location for e in _events(sentence)] == [place]


def test_a_capitals_possessive_before_ally_names_the_government_not_the_city():
    events = _events(
        "Air strikes on rebel-held Atareb killed 29 civilians on Sunday, but it was not clear whether Syrian jets "
        "or those of Damascuss ally Russia carried them out."
    )
    assert [(e.location, e.geo_precision) for e in events] == [("Atareb", 1)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Israel, still formally at war with Damascus, said it believed Syrian forces had used chemical weapons.",
        "The envoy called on Damascus to let the inspectors reach the site of the gas attack.",
        "The gas attack, which Washington blames on Damascus, killed dozens in Idlib province.",
    ],
)
def test_the_capital_named_for_its_government_is_no_place(sentence):
    assert "Damascus" not in [p.name for p in read_sentence(sentence, 0, None).places]


def test_the_capital_hit_by_rockets_is_a_place():
    sentence = read_sentence("Rebels fired rockets on Damascus, killing three civilians on Friday.", 0, None)
    assert [p.name for p in sentence.places] == ["Damascus"]


def test_a_countrys_possessive_that_lost_its_apostrophe_is_no_place():
    sentence = read_sentence("Air strikes on opposition areas of Syrias northern Aleppo province hit a market on Friday.", 0, None)
    assert [(p.name, p.kind) for p in sentence.places] == [("Aleppo", "governorate")]


def test_a_later_total_that_names_the_leads_figure_as_its_part_is_the_toll():
    events = _events(
        "Eleven children were killed on Thursday in a barrel bomb attack on a rebel-held district of Aleppo, a monitor said. "
        "Fifteen civilians among them 11 children were killed in the barrel bomb attack on the Bab al-Nayrab neighbourhood, it said."
    )
    assert [(e.location, e.fatalities) for e in events] == [("Aleppo", 15)]


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        ("Hama Army units clashed on Tuesday with Nusra Front fighters who attacked posts near Kafr Zita, killing 20 of them.", "Kafr Zita"),
        ("Homs The air force destroyed Islamic State vehicles near Palmyra on Tuesday.", "Palmyra"),
    ],
)
def test_a_roundups_province_label_gives_way_to_the_town_the_paragraph_names(sentence, place):
    assert [e.location for e in _events(sentence)] == [place]


def test_a_province_label_alone_places_the_paragraph_in_that_province():
    sentence = read_sentence("Hama Army units repelled an attack by Nusra Front fighters on military posts in the northern countryside.", 0, None)
    assert [(p.name, p.kind) for p in sentence.places] == [("Hama", "governorate")]


def test_a_square_named_after_a_town_is_a_place_in_the_city():
    sentence = read_sentence("Army units shelled fortifications around Busra Square in the Daraa al-Balad area on Sunday.", 0, None)
    assert "Busra" not in [p.name for p in sentence.places]


def test_a_denial_of_an_attack_is_no_attack():
    assert _events("Damascus and its ally Moscow deny the Syrian army carried out any chemical attack in Khan Sheikhoun on Tuesday.") == []


def test_gassing_people_is_a_chemical_attack():
    events = _events("Government forces gassed hundreds of people in Douma before dawn on Wednesday, activists said.")
    assert [(e.location, e.sub_event_type) for e in events] == [("Douma", "Chemical weapon")]


def test_a_gas_attack_is_a_chemical_attack():
    # Khan Sheikhoun, 4 April 2017: the Observatory counted at least 58 dead on the day.
    events = _events(
        "A suspected gas attack killed at least 58 people in Khan Sheikhoun on Tuesday, a monitor said.",
        published=dt.date(2017, 4, 4),
    )
    assert [(e.location, e.sub_event_type, e.fatalities) for e in events] == [("Khan Sheikhoun", "Chemical weapon", 58)]


def test_tear_gas_is_no_chemical_attack():
    events = _events("Police fired tear gas at protesters in Qamishli on Friday.", published=dt.date(2016, 3, 11))
    assert all(e.sub_event_type != "Chemical weapon" for e in events)


@pytest.mark.parametrize(
    "sentence",
    [
        "The government has made it a key aim of recapturing Aleppo before the winter.",
        "The bastion of Manbij has faced a month-long offensive by Kurdish and Arab fighters.",
    ],
)
def test_a_goal_or_a_long_campaign_is_no_single_incident(sentence):
    assert _events(sentence) == []


def test_a_town_northeast_of_the_capital_is_an_area_measured_from_damascus():
    events = _events("At least 31 people were killed on Saturday in government shelling of an opposition-held town northeast of the capital.")
    assert [(e.location, e.geo_precision) for e in events] == [("northeast of Damascus", 2)]


def test_names_a_lost_comma_ran_together_give_the_first_known_place():
    sentence = read_sentence("Turkish warplanes struck Islamic State positions in the area of Akhtarin Turkmen Bari and Dabiq on Sunday.", 0, None)
    assert [p.name for p in sentence.places] == ["Akhtarin", "Dabiq"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Aleppo has become the focal point of fighting in the war, now in its sixth year.",
        "Israel said on Thursday it believed Syrian forces had used chemical weapons near Damascus.",
    ],
)
def test_what_a_place_stands_for_or_a_belief_about_past_use_is_no_incident(sentence):
    assert _events(sentence) == []


def test_strikes_on_an_area_between_two_towns_are_one_event_at_the_first():
    events = _events("Air strikes on Tuesday hit farmland between the towns of Jisr al-Shughur and Binnish.")
    assert [e.location for e in events] == ["Jisr al-Shughur"]


def test_strikes_on_listed_towns_whose_dead_are_told_as_a_part_stay_one_event():
    events = _events("Fourteen of the victims died in air strikes on Tuesday on the towns of Jisr al-Shughur and Binnish.")
    assert [e.location for e in events] == ["Jisr al-Shughur"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Evacuees waiting at the crossing near Aleppo said they heard the blast on Saturday.",
        "Homs has been the scene of fierce fighting between the army and rebels.",
        "Food production around Aleppo has fallen to a record low due to fighting and drought.",
    ],
)
def test_a_sound_heard_a_scene_of_fighting_or_a_consequence_is_no_incident(sentence):
    assert _events(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Meanwhile Russian and Syrian jets stepped up their bombing of rebel-held districts of Aleppo on Tuesday.",
        "Arms depots and vehicles were targeted by Syrian army aircraft near the town of Khanasser on Tuesday.",
    ],
)
def test_aircraft_that_stepped_up_their_bombing_or_that_a_target_was_hit_by_are_air_strikes(sentence):
    events = _events(sentence, published=dt.date(2016, 7, 6))
    assert [(e.sub_event_type, e.event_date) for e in events] == [("Air/drone strike", "2016-07-05")]


def test_a_single_strike_on_a_village_is_an_air_strike_and_a_hunger_strike_is_none():
    events = _events("A strike on the village of Kafr Nabl killed nine people on Monday, the Observatory said.", published=dt.date(2016, 2, 16))
    assert [(e.sub_event_type, e.location, e.fatalities) for e in events] == [("Air/drone strike", "Kafr Nabl", 9)]
    assert _events("Detainees in the prison of Hama began a hunger strike against their treatment on Monday.", published=dt.date(2016, 2, 16)) == []
    assert _events("Shopkeepers in the town of Saraqeb held a general strike against the occupation on Monday.", published=dt.date(2016, 2, 16)) == []


def test_a_speaker_whose_surname_is_a_town_is_not_where_the_strike_was():
    events = _events(
        "Eleven people were killed on Saturday when Russian jets struck a market in Idlib province, a rescuer said. "
        "The Russian strike hit a warehouse and a civil defence centre, Vasik Harak told Anadolu Agency. "
        "A source at Hama Police Command told SANA that a bomb went off in a car on the Hama-Salamiyeh road on Sunday.",
        published=dt.date(2016, 10, 17),
    )
    assert [(e.location, e.admin1) for e in events] == [("Idleb governorate", "Idleb"), ("Hama", "Hama")]


def test_fighters_who_entered_the_ancient_city_took_ground_there():
    events = _events("Islamic State fighters entered the ancient city of Palmyra on Monday, a monitor said.", published=dt.date(2016, 12, 13))
    assert [(e.event_type, e.location, e.actor1) for e in events] == [("Battles", "Palmyra", "Islamic State")]


def test_troops_who_killed_an_estimated_number_of_militants_fought_a_battle_with_that_toll():
    events = _events(
        "A military source said the army killed an estimated 35 militants near the town of Morek in Hama province on Sunday.",
        published=dt.date(2016, 10, 31),
    )
    assert [(e.sub_event_type, e.location, e.fatalities) for e in events] == [("Armed clash", "Morek", 35)]


def test_a_relative_clause_saying_what_a_town_is_leaves_the_strike_before_it_standing():
    # South of Aleppo, 5 June 2016: Russian raids near al-Hader.
    sentence = read_sentence(
        "Rebels said Russian jets on Sunday pounded their positions near the town of al-Hader, which they say is a stronghold of Iran-backed militias.",
        2,
        dt.date(2016, 6, 6),
    )
    assert sentence.trigger is not None and sentence.trigger.sub_event_type == "Air/drone strike"


def test_a_sentence_about_what_a_province_is_still_tells_no_incident():
    # Idlib province and the Atmeh crossing, October 2016.
    sentence = read_sentence("Idlib province, where the Atmeh crossing lies, is a bastion of the armed opposition.", 4, dt.date(2016, 10, 7))
    assert sentence.trigger is None


def test_the_month_of_may_is_no_possibility():
    # Near Qusayr, 27 May 2013: the state television reporter Yara Abbas was killed by sniper fire.
    sentence = read_sentence(
        "On May 27 a sniper shot dead the state television reporter Yara Abbas near Qusayr.", 3, dt.date(2013, 5, 28)
    )
    assert sentence.trigger is not None and sentence.trigger.sub_event_type == "Attack"
    assert [place.name for place in sentence.places] == ["Qusayr"]


def test_where_fleeing_fighters_were_heading_is_not_where_they_were_struck():
    # 25 May 2017: Russian strikes on IS convoys leaving Raqqa towards Palmyra.
    sentence = read_sentence(
        "Russian air strikes on May 25 killed about 120 IS fighters fleeing from Raqqa for Palmyra, the defence ministry said.",
        1,
        dt.date(2017, 5, 29),
    )
    assert [place.name for place in sentence.places] == ["Raqqa"]


def test_a_town_spelt_loosely_after_a_sentences_opening_in_is_still_found():
    # Deir ez-Zor, 9 September 2014: a state-media roundup of army strikes on IS.
    places = find_places("In Deir Ezour the army struck IS positions, killing a number of militants.")
    assert [(offset, mention.name) for offset, mention in places] == [(3, "Deir Ezour")]


def test_the_name_of_jabhat_fatah_al_sham_is_no_place():
    # Sputnik's spelling of the group that held eastern Aleppo in late 2016; "al Sham" is no town.
    places = find_places("Warplanes struck positions of Jabhat Fatah al Sham on Sunday, killing 12 fighters.")
    assert places == []


@pytest.mark.parametrize(
    "background",
    [
        "The capital has been rocked by occasional bomb blasts.",
        "The capital has been rocked by bomb blasts throughout the Syrian war.",
        "IS claimed previous bomb blasts in the Sayyida Zeinab district.",
        "Rebel groups have been gradually expelled from the districts of Damascus they once held.",
        "Rebels in Eastern Ghouta have regularly fired rockets into the capital.",
        "Eastern Ghouta has regularly been targeted by government air strikes.",
        "Eastern Ghouta has seen intense battles between the army and the rebels.",
        "Many rebels say Jaish al-Islam talks with Damascus rather than fighting it.",
        "Mortar fire and shelling have continued in and around Harasta since then.",
    ],
)
def test_what_a_place_has_been_through_told_after_the_news_is_no_event(background):
    # Damascus, 2 October 2017: IS claimed a double suicide bombing of the Midan police station.
    events = _events(
        "A double suicide bombing hit a police station in the Midan district of Damascus on Monday, killing 17 people. " + background,
        published=dt.date(2017, 10, 3),
    )
    assert [(e.location, e.sub_event_type) for e in events] == [("Midan", "Suicide bomb")]


def test_a_toll_in_an_accusation_is_given_to_no_later_incident():
    # Ghouta, 21 August 2013: Washington put the sarin attack's dead at more than 1,400.
    events = _events(
        "A suspected gas attack killed at least 58 people in Khan Sheikhoun on Tuesday, a monitor said. "
        "Washington accused the government of killing more than 1,400 people with sarin near Damascus. "
        "Islamic State later seized swathes of territory.",
        published=dt.date(2017, 4, 4),
    )
    assert [(e.location, e.fatalities) for e in events] == [("Khan Sheikhoun", 58)]


@pytest.mark.parametrize(
    "entry",
    [
        "2014 Islamic State seizes Raqqa and proclaims a caliphate.",
        "January 2015 Kurdish fighters backed by coalition strikes oust IS from the border town of Kobane.",
    ],
)
def test_an_entry_of_a_chronology_at_the_end_of_a_report_is_no_event(entry):
    events = _events(
        "A suspected gas attack killed at least 58 people in Khan Sheikhoun on Tuesday, a monitor said. " + entry,
        published=dt.date(2017, 4, 4),
    )
    assert [e.location for e in events] == ["Khan Sheikhoun"]


@pytest.mark.parametrize(
    ("sentence", "village"),
    [
        ("Army units pounded militant positions in Khan Touman town in the southern Aleppo countryside.", "Khan Touman"),
        ("The jets also killed a number of IS militants in Rasm al-Sabaa village east of Homs city.", "Rasm al-Sabaa"),
        ("A mine left behind by IS went off in Jarez village near Azaz, killing a woman.", "Jarez"),
    ],
)
def test_a_village_named_before_the_word_village_or_town_is_a_place_though_the_gazetteer_lacks_it(sentence, village):
    assert village in [p.name for _, p in find_places(sentence)]


@pytest.mark.parametrize(
    ("sentence", "sub_event_type", "place"),
    [
        # SANA, 27 November 2016: the army's bombardment of Khan Tuman south-west of Aleppo.
        ("Army units destroyed hideouts and vehicles of the terrorists in Khan Touman town in the southern countryside of Aleppo.", "Armed clash", "Khan Touman"),
        ("An army unit eliminated a number of Jabhat al-Nusra terrorists near Kafr Zita in the northern countryside of Hama.", "Armed clash", "Kafr Zita"),
        ("Army units continued their military operations in Haritan north-west of Aleppo, inflicting losses upon the terrorists.", "Armed clash", "Haritan"),
        ("Units of the armed forces killed many terrorists after targeting their gatherings in the surroundings of Talbiseh.", "Shelling/artillery/missile attack", "Talbiseh"),
        # Al-Manar, 9 September 2014: the army took Khatab north-west of Hama.
        ("Military sources said the Syrian army regained Khatab town in the Hama countryside.", "Government regains territory", "Khatab"),
        # April 2014: the army took back Maaloula.
        ("The army restored security and stability to the town of Maaloula after days of fighting.", "Government regains territory", "Maaloula"),
    ],
)
def test_a_state_media_item_tells_what_the_army_units_did_at_a_place(sentence, sub_event_type, place):
    [event] = article_events(parse_article(sentence, name="t", published=dt.date(2016, 11, 27)))
    assert (event.sub_event_type, event.location, event.actor1) == (sub_event_type, place, "Syrian government forces")


@pytest.mark.parametrize(
    "sentence",
    [
        "Army units destroyed gatherings and vehicles of the terrorists in the countryside of Hama and Idleb.",
        "The army regained its momentum on the northern fronts, the minister said.",
    ],
)
def test_what_the_army_did_across_a_province_or_a_regained_momentum_is_no_item_of_its_own(sentence):
    assert article_events(parse_article(sentence, name="t", published=dt.date(2016, 11, 27))) == []


def test_another_kind_of_attack_told_with_its_dead_after_a_placeless_one_is_an_event_of_its_own():
    events = _events(
        "Rebels hit army positions with three suicide car bombs on Wednesday, the monitor said. "
        "It said four civilians were killed by regime barrel bombs in a rebel-held district of Aleppo."
    )
    assert [(e.location, e.sub_event_type, e.fatalities) for e in events] == [
        ("Aleppo", "Suicide bomb", None),
        ("Aleppo", "Air/drone strike", 4),
    ]


def test_a_placeless_attack_is_still_placed_by_the_next_sentence_that_tells_its_dead():
    events = _events(
        "A suicide car bomb ripped through a crowded checkpoint on Sunday. "
        "The blast killed at least 14 people in the town of Azaz, near the Turkish border, the monitor said."
    )
    assert [(e.location, e.sub_event_type, e.fatalities) for e in events] == [("Azaz", "Suicide bomb", 14)]


def test_a_toll_told_at_a_new_town_gives_its_place_to_the_attack_the_next_sentence_names():
    events = _events(
        "At least nine civilians were killed in air strikes on the town of Atareb in Aleppo province on Monday, a monitor said. "
        "Elsewhere the monitor said six people were killed on Monday in the town of Talbiseh in Homs province. "
        "Four of them died in air strikes on the towns main bakery."
    )
    assert [(e.location, e.sub_event_type) for e in events] == [("Atareb", "Air/drone strike"), ("Talbiseh", "Air/drone strike")]


@pytest.mark.parametrize(
    "sentence",
    [
        "The Palmyra Coordination Committee said the bodies of 35 men were found in a well.",
        "The Aleppo Media Center said barrel bombs hit the Shaar district.",
    ],
)
def test_a_town_in_the_name_of_a_local_media_group_is_no_place(sentence):
    names = [p.name for p in read_sentence(sentence, 0, None).places]
    assert "Palmyra" not in names and "Aleppo" not in names


def test_dead_of_another_day_at_the_same_place_are_an_incident_of_their_own():
    events = _events(
        "Rebel rocket fire killed 12 civilians in residential districts of Aleppo city on Thursday, state media said. "
        "On Wednesday nine civilians were killed in similar attacks on residential districts of Aleppo city.",
        dt.date(2016, 4, 29),
    )
    assert [(e.location, e.event_date, e.fatalities) for e in events] == [
        ("Aleppo", "2016-04-28", 12),
        ("Aleppo", "2016-04-27", 9),
    ]


def test_dead_of_another_day_told_to_describe_a_place_are_no_incident():
    events = _events(
        "An air strike killed five medics at a clinic in the village of Khan Tuman on Tuesday, the aid group said. "
        "Khan Tuman lies near the town where an attack on an aid convoy killed 20 civilians on Monday.",
        dt.date(2016, 4, 27),
    )
    assert [(e.event_date, e.fatalities) for e in events] == [("2016-04-26", 5)]


def test_a_summary_cut_short_above_the_full_sentence_does_not_turn_a_running_total_into_a_days_toll():
    # Deir Ezzor, August 2013: activists' count of militants killed since their offensive on the city began.
    events = _events(
        "Fierce fighting goes on in Deir Ezzor. "
        "Activists said on Tuesday that at least 33 IS and Nusra Front fighters were killed. "
        "Activists said on Tuesday that at least 33 IS and Nusra Front fighters were killed in the fierce fighting "
        "since the militants launched their campaign in Deir Ezzor three days before."
    )
    assert all(e.fatalities != 33 for e in events)
    assert drop_cut_short_copies([]) == []
    assert drop_cut_short_copies(["Troops shelled the town of Marea on Sunday.", "Troops shelled the town of Marea on Sunday, activists said."]) == [
        "Troops shelled the town of Marea on Sunday, activists said."
    ]


def test_a_bombing_in_an_unnamed_village_takes_the_place_the_next_sentence_gives_not_the_place_before():
    # 11 October 2016: shelling of a school in Deraa, then an IS suicide bombing near Manbij the same morning.
    events = _events(
        "In another incident five people were killed when a shell struck a school in Deraa, the monitor said. "
        "At least 10 people were also killed when an IS suicide bomber blew himself up in a village in northern Syria early on Tuesday. "
        "The blast took place in the countryside of Manbij, which has been under SDF control since August.",
        published=dt.date(2016, 10, 11),
    )
    assert [(e.sub_event_type, e.location, e.fatalities) for e in events] == [
        ("Shelling/artillery/missile attack", "Deraa", 5),
        ("Suicide bomb", "Manbij", 10),
    ]


def test_strikes_that_also_hit_the_nearby_towns_are_an_event_of_their_own():
    # Northern Homs countryside, 19 August 2016.
    events = _events(
        "At least 13 civilians were killed in air strikes on the town of Ghanto on Friday. "
        "Air strikes also hit the nearby towns of Rastan and Talbiseh.",
        published=dt.date(2016, 8, 20),
    )
    assert [(e.location, e.fatalities) for e in events] == [("Ghanto", 13), ("Rastan", None), ("Talbiseh", None)]


@pytest.mark.parametrize(
    ("sentence", "village"),
    [
        ("Army aircraft struck ISIL vehicles in the village of al-Rahjan in the east of Hama province on Tuesday.", "al-Rahjan"),
        ("Army units took control of al-Karima town in the west of Hama on Tuesday.", "al-Karima"),
    ],
)
def test_a_village_whose_article_is_written_in_lower_case_is_still_a_place(sentence, village):
    assert village in [mention.name for _, mention in find_places(sentence)]


def test_a_quarter_whose_article_is_written_in_lower_case_is_no_place_of_its_own():
    sentence = "Rebel rockets fell on the neighbourhoods of al-Midan and Sheikh Taha in Aleppo city on Monday."
    assert [mention.name for _, mention in find_places(sentence)] == ["Aleppo"]


def test_a_transition_word_opens_a_new_sentence_where_the_page_lost_the_full_stop():
    text = (
        "Rebel rockets killed four people in the Maisaloun quarter of Aleppo City Meanwhile in Damascus one "
        "person was hurt by mortar fire on the Mazraa quarter."
    )
    assert split_sentences(text) == [
        "Rebel rockets killed four people in the Maisaloun quarter of Aleppo City",
        "Meanwhile in Damascus one person was hurt by mortar fire on the Mazraa quarter.",
    ]


def test_explosive_rounds_fired_at_a_quarter_are_shelling():
    events = _events(
        "One person was hurt on Monday when gunmen in the Eastern Ghouta fired explosive rounds at a street in Damascus.",
        published=dt.date(2016, 11, 28),
    )
    assert [(e.sub_event_type, e.location) for e in events] == [("Shelling/artillery/missile attack", "Damascus")]


def test_a_village_told_with_its_distance_from_a_city_sits_that_far_out_not_at_the_town_told_before():
    # SANA, 17 February 2016: strikes on Kafr Zita, then on al-Rahjan 50 km east of Hama.
    events = _events(
        "The air force struck Nusra Front positions in Kafr Zita in the north of Hama province on Wednesday. "
        "Army aircraft also hit ISIL hideouts in al-Rahjan village 50 km east of Hama city.",
        published=dt.date(2016, 2, 17),
    )
    rahjan = next(e for e in events if e.location == "al-Rahjan")
    hama = find_governorate("Hama").seat
    assert 48 <= distance_km(rahjan.latitude, rahjan.longitude, *hama) <= 52
    assert rahjan.geo_precision == 2


def test_dead_of_the_fighting_told_beside_a_bombing_are_a_clash_of_their_own():
    # Al-Bab, 18 December 2016, as the Turkish army told it.
    events = _events(
        "Early on Monday the Turkish army said one of its soldiers was killed by a car bomb in al-Bab on Sunday "
        "and that 14 militants were also killed in clashes there that day.",
        published=dt.date(2016, 12, 19),
    )
    assert sorted((e.sub_event_type, e.fatalities, e.event_date) for e in events) == [
        ("Armed clash", 14, "2016-12-18"),
        ("Remote explosive/landmine/IED", 1, "2016-12-18"),
    ]


def test_a_figure_the_lead_gave_as_a_part_is_not_the_towns_whole_toll():
    # Aleppo province, 23 September 2014: the first US strikes on the Khorasan group.
    events = _events(
        "US air strikes killed 50 Al-Qaeda militants and eight civilians in northern Syria on Tuesday, a monitor said. "
        "Most of the 50 militants killed west of Aleppo were foreign fighters, the group said.",
        published=dt.date(2014, 9, 23),
    )
    assert [(e.location, e.fatalities) for e in events] == [("west of Aleppo", 58)]


def test_more_dead_in_an_unnamed_village_nearby_add_to_the_towns_toll():
    # Manbij, 18 July 2016: coalition raids on the town and on a village near it.
    events = _events(
        "Coalition air strikes killed at least 15 civilians in a northern district of Manbij on Monday, a monitor said. "
        "The monitor said six more people lost their lives in a village near the town in similar raids.",
        published=dt.date(2016, 7, 18),
    )
    assert [(e.location, e.fatalities) for e in events] == [("Manbij", 21)]
    # People hurt besides are not more dead.
    hurt = _events(
        "A man and his young daughter were killed on Monday when rebels fired rockets at the al-Midan quarter of Aleppo. "
        "Police said the rockets killed the two and that four more people were wounded in the quarter.",
        published=dt.date(2016, 12, 5),
    )
    assert [(e.location, e.fatalities) for e in hurt] == [("Aleppo", 2)]


def test_a_source_named_after_the_second_count_does_not_make_it_another_place():
    # Manbij, 18 July 2016: the commas lost, as scraped.
    assert split_incidents(
        "At least 15 civilians were killed in raids on Manbij while six others were killed in a village near the city "
        "according to the Syrian Observatory for Human Rights."
    ) == [
        "At least 15 civilians were killed in raids on Manbij while six others were killed in a village near the city "
        "according to the Syrian Observatory for Human Rights."
    ]


def test_rebel_fire_on_a_city_is_shelling():
    # Aleppo, 25 August 2016: the same day's barrel bombs and rebel fire, told by AFP.
    events = _events(
        "A barrel bomb killed 15 civilians in the Bab al-Nayrab district of Aleppo on Thursday, the Observatory said. "
        "It also said eight civilians were killed on Thursday in rebel fire on the government-held west of the city.",
        published=dt.date(2016, 8, 25),
    )
    assert sorted((e.sub_event_type, e.fatalities) for e in events) == [
        ("Air/drone strike", 15),
        ("Shelling/artillery/missile attack", 8),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The Syrian army is preparing a major assault on rebel-held eastern Aleppo, a military source said on Saturday.",
        "Rebels in Aleppo fear a new offensive by government troops backed by Russian air power.",
        "Thousands of families fled Deir ez-Zor on Saturday ahead of an expected assault by the army.",
        "The army sent reinforcements to Hama on Saturday ahead of an anticipated rebel offensive.",
        "The Syrian government has repeatedly denied targeting civilians in its air strikes on Idlib.",
    ],
)
def test_a_fight_to_come_or_one_denied_is_no_event(text):
    assert _events(text) == []


def test_an_operation_planned_and_then_carried_out_is_an_event():
    events = _events(
        "We planned an operation to destroy the command posts with missile and air strikes and in the area of Mayadin "
        "we destroyed a command post and up to 80 militants, the Russian general said on Saturday."
    )
    assert [e.location for e in events] == ["Mayadin"]


@pytest.mark.parametrize(
    "text",
    [
        "Photos shared on social media purportedly showed the aftermath of a barrel bomb attack in Aleppo.",
        "Residents of Aleppo mourned the victims of last week's air strikes on Saturday.",
        "Islamic State supporters celebrated the capture of Palmyra online.",
        "The fighting has forced 100,000 people from their homes in Idlib, the UN said on Saturday.",
        "Syria's foreign ministry sent letters to the UN on Saturday protesting Turkish shelling of Afrin.",
    ],
)
def test_an_attack_told_only_through_its_aftermath_or_through_diplomacy_is_no_event(text):
    assert _events(text) == []


def test_a_celebration_struck_by_a_bomb_is_still_the_bombing():
    events = _events(
        "A suicide bomber struck a restaurant in Aleppo on Friday as students celebrated a graduation, killing six people."
    )
    assert [(e.sub_event_type, e.location, e.fatalities) for e in events] == [("Suicide bomb", "Aleppo", 6)]


@pytest.mark.parametrize(
    "text",
    [
        "A boy who survived an air strike in Aleppo was reunited with his family in Turkey on Saturday.",
        "A court in Sweden sentenced a Syrian man on Saturday for taking part in an execution in Idlib in 2012.",
        "France said on Saturday it had evidence that the government carried out the sarin attack on Khan Sheikhoun.",
        "When the shell hit we fell to the floor, a woman in Aleppo said.",
    ],
)
def test_a_survivor_a_trial_or_a_government_s_evidence_tells_no_new_incident(text):
    assert [e.sub_event_type for e in _events(text)] in ([], ["Shelling/artillery/missile attack"])
    assert all(e.sub_event_type not in ("Air/drone strike", "Attack", "Chemical weapon", CAPTURE) for e in _events(text))


def test_a_woman_the_group_sentenced_and_stoned_is_still_an_attack():
    events = _events("In Raqqa a woman - sentenced to death for adultery by the Islamic State - was stoned to death on Friday.")
    assert [(e.sub_event_type, e.fatalities) for e in events] == [("Attack", 1)]
