"""Every event type of ACLED's codebook can come out of a report, each from the wording that tells it.

The sentences are written for these tests about documented events of the war; only the sub-event
type and who acted are asserted here (tolls, dates and places have their own tests).
"""

from __future__ import annotations

import datetime as dt

import pytest

from conflictmap.articles import parse_article
from conflictmap.pipeline import article_events
from conflictmap.record import SUB_EVENT_TYPES


def _events(text: str, published: dt.date):
    return article_events(parse_article(text, name="t", published=published))


def _only(text: str, published: dt.date):
    events = _events(text, published)
    assert len(events) == 1, [(e.sub_event_type, e.location) for e in events]
    return events[0]


# (sentence, publication date, event type, sub-event type)
CODEBOOK_CASES = [
    (
        "Security forces opened fire on protesters in Deraa on Friday, killing at least four people, residents said.",
        dt.date(2011, 3, 19), "Protests", "Excessive force against protesters",
    ),
    (
        "Security forces dispersed a sit-in outside the Interior Ministry in Damascus on Wednesday and detained dozens of protesters.",
        dt.date(2011, 3, 17), "Protests", "Protest with intervention",
    ),
    (
        "Hundreds of people demonstrated in Kafranbel on Friday against both the government and the jihadists.",
        dt.date(2014, 1, 4), "Protests", "Peaceful protest",
    ),
    (
        "Protesters set fire to the Baath party headquarters and the courthouse in Deraa on Sunday.",
        dt.date(2011, 3, 21), "Riots", "Violent demonstration",
    ),
    (
        "A pro-government mob stormed the French embassy in Damascus on Monday, smashing windows and tearing down its sign.",
        dt.date(2011, 7, 12), "Riots", "Mob violence",
    ),
    (
        "Women from Baba Amr in Homs told investigators that militiamen raped them during the raid on the district.",
        dt.date(2012, 3, 20), "Violence against civilians", "Sexual violence",
    ),
    (
        "A man threw a hand grenade at a checkpoint of the Kurdish Asayish police in Qamishli on Tuesday, wounding two officers.",
        dt.date(2016, 3, 10), "Explosions/Remote violence", "Grenade",
    ),
    (
        "Security forces in Deraa detained 15 schoolboys on Wednesday for writing slogans against the government on a school wall.",
        dt.date(2011, 3, 5), "Strategic developments", "Arrests",
    ),
    (
        "Turkish-backed fighters looted shops and homes across Afrin on Sunday, according to witnesses.",
        dt.date(2018, 3, 19), "Strategic developments", "Looting/property destruction",
    ),
    (
        "Islamic State militants set fire to the Armenian Catholic Church of the Martyrs in Raqqa on Wednesday, activists said.",
        dt.date(2013, 9, 26), "Strategic developments", "Looting/property destruction",
    ),
    (
        "The jihadists blew up the ancient Temple of Baalshamin in Palmyra on Sunday, the antiquities chief said.",
        dt.date(2015, 8, 24), "Strategic developments", "Looting/property destruction",
    ),
    (
        "Turkish troops set up an observation post near the village of Salwa in Idlib province on Friday.",
        dt.date(2017, 10, 14), "Strategic developments", "Headquarters or base established",
    ),
    (
        "Government forces withdrew from Kobani on Thursday, leaving the town to the Kurdish militia.",
        dt.date(2012, 7, 20), "Strategic developments", "Non-violent transfer of territory",
    ),
    (
        "Kurdish fighters took control of Amuda without a fight on Saturday after the army's garrison left.",
        dt.date(2012, 7, 22), "Strategic developments", "Non-violent transfer of territory",
    ),
    (
        "Under the evacuation deal the rebels handed Daraya over to the army on Friday.",
        dt.date(2016, 8, 27), "Strategic developments", "Non-violent transfer of territory",
    ),
]


@pytest.mark.parametrize(("text", "published", "event_type", "sub_event_type"), CODEBOOK_CASES)
def test_each_codebook_wording_gives_its_sub_event_type(text, published, event_type, sub_event_type):
    event = _only(text, published)
    assert (event.event_type, event.sub_event_type) == (event_type, sub_event_type)


def test_every_sub_event_type_but_other_has_a_wording_that_the_extractor_reads():
    """'Other' is the codebook's remainder: an analyst codes it by hand, no wording points to it."""
    read = {sub for _, _, _, sub in CODEBOOK_CASES}
    elsewhere = {  # told by the tests of extract.py and pipeline.py
        "Armed clash", "Government regains territory", "Non-state actor overtakes territory", "Air/drone strike",
        "Shelling/artillery/missile attack", "Suicide bomb", "Remote explosive/landmine/IED", "Chemical weapon", "Attack",
        "Abduction/forced disappearance", "Agreement", "Change to group/activity",
    }
    every = {sub for subs in SUB_EVENT_TYPES.values() for sub in subs}
    assert every - read - elsewhere == {"Other"}


def test_a_crowd_that_turns_on_the_police_is_a_riot_but_riot_police_alone_are_not():
    assert _only("Rioters burned tyres and attacked a police station in Qamishli on Friday.", dt.date(2004, 3, 13)).event_type == "Riots"
    protest = _only("Riot police watched as thousands demonstrated peacefully in Hama on Friday.", dt.date(2011, 7, 2))
    assert protest.sub_event_type == "Peaceful protest"


def test_a_rocket_propelled_grenade_is_a_weapon_of_the_clash_not_a_grenade_attack():
    event = _only(
        "Rebels fought troops with rocket-propelled grenades in the Salaheddine district of Aleppo on Sunday.", dt.date(2012, 7, 30)
    )
    assert event.sub_event_type == "Armed clash"


def test_people_held_for_months_are_no_arrest_of_the_day():
    assert _events("Her husband has been detained for over four months in a prison near Damascus, she said.", dt.date(2015, 6, 1)) == []


def test_an_armed_group_that_detains_a_civilian_abducts_her():
    event = _only(
        "Fighters of the rebel Army of Mujahideen detained the activist Marcell Shehwaro in Aleppo on Sunday for refusing to wear a headscarf.",
        dt.date(2014, 3, 17),
    )
    assert (event.event_type, event.sub_event_type) == ("Violence against civilians", "Abduction/forced disappearance")
    assert event.actor1 == "Syrian rebels"


def test_the_army_that_arrests_people_makes_arrests():
    event = _only("The army arrested dozens of young men in Hama on Tuesday during house-to-house searches.", dt.date(2012, 2, 22))
    assert (event.sub_event_type, event.actor1) == ("Arrests", "Syrian government forces")


def test_homes_destroyed_by_bombing_are_the_damage_of_a_strike_not_looting():
    events = _events(
        "Six people were killed in the village of Hassajik on Tuesday by bombing that demolished two houses, the ministry said.",
        dt.date(2016, 10, 19),
    )
    assert all(e.sub_event_type != "Looting/property destruction" for e in events)


def test_a_withdrawal_in_the_face_of_a_counter_offensive_is_the_fight():
    event = _only(
        "The army withdrew from the farms of al-Maleh north of Aleppo on Monday as it faced a rebel counter-offensive.", dt.date(2016, 7, 19)
    )
    assert event.sub_event_type == "Armed clash"


def test_plundered_antiquities_are_no_looting_of_the_day():
    assert all(
        e.sub_event_type != "Looting/property destruction"
        for e in _events("Manbij became a hub for smuggling oil and plundered antiquities.", dt.date(2016, 8, 13))
    )


@pytest.mark.parametrize(
    ("text", "published", "sub_event_type"),
    [
        ("A rebel commander was assassinated in Daraa on Tuesday, activists said.", dt.date(2016, 3, 10), "Attack"),
        ("Rebels and the army exchanged fire in Jobar on the edge of Damascus on Tuesday.", dt.date(2016, 3, 10), "Armed clash"),
        ("The army thwarted an infiltration attempt near Morek on Tuesday, killing 15 militants.", dt.date(2016, 3, 10), "Armed clash"),
        ("Residents rallied in Idlib on Friday against the Nusra Front.", dt.date(2016, 3, 12), "Peaceful protest"),
    ],
)
def test_other_wordings_of_attacks_clashes_and_protests(text, published, sub_event_type):
    assert _only(text, published).sub_event_type == sub_event_type


def test_foiling_an_attempt_to_sell_oil_is_no_clash():
    assert _events(
        "Russian aircraft foiled any attempts by the terrorists to resume selling oil near Deir ez-Zor, the ministry said.",
        dt.date(2017, 10, 10),
    ) == []


def test_the_crowd_is_the_protest_s_actor_and_the_group_it_marched_against_is_no_side():
    event = _only("Hundreds of people protested against the Nusra Front in Maarat al-Numan on Friday.", dt.date(2016, 3, 12))
    assert (event.actor1, event.actor2) == ("Civilians", None)


def test_troops_that_fire_on_a_crowd_act_against_civilians():
    event = _only("Syrian troops fired on demonstrators in Hama on Friday, killing at least 48 people.", dt.date(2011, 6, 4))
    assert (event.sub_event_type, event.actor1, event.actor2) == ("Excessive force against protesters", "Syrian government forces", "Civilians")


def test_fire_opened_on_bases_establishes_no_base():
    events = _events("Rebels opened fire on bases near Morek on Tuesday.", dt.date(2016, 3, 10))
    assert all(e.sub_event_type != "Headquarters or base established" for e in events)
