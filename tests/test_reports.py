"""Whole short reports, written for these tests about documented events: how the extractor
links what one sentence tells to the place, toll and sides another sentence gives."""

from __future__ import annotations

import datetime as dt

from conflictmap.articles import Article
from conflictmap.extract import read_sentence
from conflictmap.pipeline import article_events

CAPTURE = "Non-state actor overtakes territory"
REGAIN = "Government regains territory"


def events_of(text: str, published: dt.date) -> list:
    return article_events(Article(text=text, published=published, source="test"))


def test_a_capture_after_a_months_long_siege_is_news_of_the_day_it_ended():
    events = events_of(
        "Turkish-backed rebels said on Thursday they had captured the centre of al-Bab from Islamic State "
        "after a months-long siege. Turkish troops were clearing mines in the town.",
        dt.date(2017, 2, 24),
    )
    assert [(e.sub_event_type, e.location, e.event_date) for e in events] == [(CAPTURE, "Bab", "2017-02-23")]
    assert (events[0].actor1, events[0].actor2) == ("Syrian rebels", "Islamic State")


def test_fighters_who_entered_a_town_and_killed_civilians_attacked_them():
    events = events_of(
        "Islamic State fighters entered the border town of Kobani on Thursday and killed at least 146 civilians "
        "in house-to-house attacks, the Observatory said.",
        dt.date(2015, 6, 26),
    )
    assert [(e.sub_event_type, e.location, e.fatalities, e.event_date) for e in events] == [
        ("Attack", "Kobani", 146, "2015-06-25")
    ]
    assert (events[0].actor1, events[0].actor2) == ("Islamic State", "Civilians")


def test_fighting_inside_the_town_just_named_is_at_that_town_and_a_separate_attack_stays_apart():
    events = events_of(
        "Islamic State fighters killed at least 146 civilians in Kobani on Thursday, the Observatory said. "
        "Kurdish YPG fighters were battling the militants inside the town on Friday. "
        "In a separate attack on Thursday, Islamic State seized parts of the city of Hasakah from government forces.",
        dt.date(2015, 6, 26),
    )
    told = [(e.sub_event_type, e.location, e.event_date, e.actor1) for e in events]
    assert told == [
        ("Attack", "Kobani", "2015-06-25", "Islamic State"),
        ("Armed clash", "Kobani", "2015-06-26", "YPG"),
        (CAPTURE, "Hasakah", "2015-06-25", "Islamic State"),
    ]
    assert events[2].actor2 == "Syrian government forces"


def test_the_dead_of_a_whole_battle_or_offensive_are_not_the_day_s_toll():
    manbij = events_of(
        "Fighters of the Syrian Democratic Forces took full control of Manbij on Friday after driving out the last "
        "Islamic State militants. The two-month battle for the city killed more than 400 civilians, the Observatory said.",
        dt.date(2016, 8, 13),
    )
    assert [(e.sub_event_type, e.location, e.fatalities) for e in manbij] == [(CAPTURE, "Manbij", None)]
    afrin = events_of(
        "Turkish forces and their Syrian rebel allies took full control of Afrin on Sunday. "
        "The Observatory said more than 280 civilians had been killed in the offensive.",
        dt.date(2018, 3, 19),
    )
    assert [(e.sub_event_type, e.location, e.fatalities) for e in afrin] == [(CAPTURE, "Afrin", None)]


def test_allies_named_beside_the_side_that_acted_are_not_its_enemy():
    afrin = events_of("Turkish forces and their Syrian rebel allies took full control of Afrin on Sunday.", dt.date(2018, 3, 19))
    assert (afrin[0].actor1, afrin[0].actor2) == ("Turkish armed forces", None)
    idlib = events_of(
        "An alliance of Islamist fighters led by Nusra Front seized the city of Idlib on Saturday.", dt.date(2015, 3, 29)
    )
    assert idlib[0].sub_event_type == CAPTURE and idlib[0].actor2 != "Al-Nusra Front"
    # ... but two sides that clashed are named the same way.
    clash = events_of("Rebels and government troops clashed in Daraya on Tuesday.", dt.date(2013, 1, 16))
    assert (clash[0].actor1, clash[0].actor2) == ("Syrian rebels", "Syrian government forces")


def test_breaking_a_siege_wins_ground_back_and_the_start_of_russia_s_strikes_is_no_strike():
    events = events_of(
        "Syrian government forces broke a two-year siege by Islamic State on the Kweires air base east of Aleppo "
        "on Tuesday, their biggest gain since Russia began air strikes.",
        dt.date(2015, 11, 11),
    )
    assert [(e.sub_event_type, e.event_date) for e in events] == [(REGAIN, "2015-11-10")]
    assert (events[0].actor1, events[0].actor2) == ("Syrian government forces", "Islamic State")


def test_sweeping_into_a_town_a_group_held_takes_it_from_that_group():
    events = events_of(
        "Turkish tanks and Syrian rebels swept into the Islamic State-held town of Jarablus on Wednesday, "
        "taking it within hours. One rebel fighter was killed, a commander said.",
        dt.date(2016, 8, 25),
    )
    assert [(e.sub_event_type, e.location, e.fatalities, e.event_date) for e in events] == [
        (CAPTURE, "Jarablus", 1, "2016-08-24")
    ]
    assert (events[0].actor1, events[0].actor2) == ("Turkish armed forces", "Islamic State")


def test_a_town_taken_by_name_and_the_looting_seen_in_the_town_afterwards():
    events = events_of(
        "Turkish forces took Afrin on Sunday. Fighters were seen pulling down a statue in the centre. "
        "A Reuters witness saw looting in the town.",
        dt.date(2018, 3, 19),
    )
    assert [(e.sub_event_type, e.location, e.event_date) for e in events] == [
        (CAPTURE, "Afrin", "2018-03-18"),
        ("Looting/property destruction", "Afrin", "2018-03-18"),
    ]
    # "took" before a country is no capture: "the attack took Syria's war to the Assad heartland".
    assert events_of("The bombing took Syria's war to Qardaha on Sunday.", dt.date(2015, 2, 23)) == []


def test_a_toll_told_before_the_place_belongs_to_the_incident_still_waiting_for_it():
    events = events_of(
        "Turkish warplanes and artillery pounded Kurdish-held towns in northeast Syria on Wednesday. "
        "At least 15 people were killed, including eight civilians, the Observatory said. "
        "Shells hit Ras al-Ain and Tal Abyad.",
        dt.date(2019, 10, 10),
    )
    assert [(e.location, e.fatalities, e.event_date) for e in events] == [("Ras al-Ain", 15, "2019-10-09")]


def test_the_strikes_said_to_have_killed_people_at_named_towns_are_an_incident_there():
    events = events_of(
        "Russian jets carried out their first air strikes in Syria on Wednesday, hitting targets near Homs and Hama. "
        "Syrian activists said the strikes killed at least 36 civilians in Talbiseh and al-Rastan.",
        dt.date(2015, 10, 1),
    )
    talbiseh = [e for e in events if e.location == "Talbiseh"]
    assert [(e.sub_event_type, e.fatalities, e.event_date, e.actor1) for e in talbiseh] == [
        ("Air/drone strike", 36, "2015-09-30", "Russian air force")
    ]
    assert sum(e.fatalities or 0 for e in events) == 36


def test_a_district_named_as_a_city_s_is_placed_at_the_city():
    for city_part in ("Aleppo's Sukkari district", "Aleppos Sukkari district"):
        events = events_of(
            f"Air strikes on a hospital in {city_part} late on Wednesday killed at least 27 people, "
            "including one of the city's last paediatricians.",
            dt.date(2016, 4, 29),
        )
        assert [(e.sub_event_type, e.location, e.fatalities, e.event_date) for e in events] == [
            ("Air/drone strike", "Aleppo", 27, "2016-04-27")
        ]


def test_an_earlier_capture_given_as_the_cause_of_the_day_s_shelling_is_not_the_event():
    events = events_of(
        "Turkish artillery shelled Kurdish YPG positions around the town of Azaz for a second day on Sunday, "
        "after the militia captured the Menagh air base last week.",
        dt.date(2016, 2, 15),
    )
    assert [(e.sub_event_type, e.location, e.event_date) for e in events] == [
        ("Shelling/artillery/missile attack", "Azaz", "2016-02-14")
    ]
    assert (events[0].actor1, events[0].actor2) == ("Turkish armed forces", "YPG")


def test_another_source_s_higher_count_of_the_same_dead_leaves_the_lowest_firm_figure():
    events = events_of(
        "Coalition air strikes on the village of Tokhar near Manbij killed 56 civilians, including 11 children, "
        "at dawn on Tuesday, the Observatory said. Other opposition websites said the death toll had risen to 85.",
        dt.date(2016, 7, 20),
    )
    assert [(e.sub_event_type, e.fatalities, e.event_date) for e in events] == [("Air/drone strike", 56, "2016-07-19")]
    # ... while a toll said to have risen, with no other source set against it, is the newer figure.
    rose = events_of(
        "Coalition air strikes on the village of Tokhar near Manbij killed 56 civilians at dawn on Tuesday, the "
        "Observatory said. Later in the day Anadolu Agency said the death toll had risen to 85.",
        dt.date(2016, 7, 20),
    )
    assert [e.fatalities for e in rose] == [85]


def test_an_updated_toll_replaces_the_earlier_count_it_names_and_another_source_repeating_it_adds_nobody():
    atme = events_of(
        "An Islamic State suicide bomber struck the Atme border crossing in Idlib province on Sunday night. "
        "The attack killed 32 rebels as they were crossing into Turkey, the Observatory said, updating an "
        "earlier toll on Sunday evening of 15.",
        dt.date(2016, 8, 15),
    )
    assert [(e.sub_event_type, e.fatalities, e.actor1) for e in atme] == [("Suicide bomb", 32, "Islamic State")]
    tokhar = events_of(
        "Air strikes on two villages near Manbij killed at least 85 civilians on Tuesday, activists said. "
        "Turkey's Anadolu Agency put the death toll at 85, adding that 50 civilians were also wounded.",
        dt.date(2016, 7, 20),
    )
    assert [e.fatalities for e in tokhar] == [85]


def test_strikes_counted_by_number_are_the_regime_s_not_its_dead():
    events = events_of(
        "Three regime air strikes hit a market in the town of Sarmin on Tuesday, killing 10 people including four children.",
        dt.date(2016, 12, 7),
    )
    assert [(e.location, e.fatalities, e.actor1, e.actor2) for e in events] == [
        ("Sarmin", 10, "Syrian government forces", "Civilians")
    ]


def test_an_attack_on_an_aid_convoy_is_no_armed_clash_as_one_on_an_army_convoy_is():
    aid = read_sentence("Gunmen attacked an aid convoy near Aleppo on Monday evening.", 0, dt.date(2016, 9, 20))
    army = read_sentence("Rebels attacked an army convoy near Aleppo on Monday evening.", 0, dt.date(2016, 9, 20))
    assert aid.trigger is None or aid.trigger.sub_event_type != "Armed clash"
    assert army.trigger is not None and army.trigger.sub_event_type == "Armed clash"


def test_a_running_total_over_days_of_attacks_is_no_event_and_since_yesterday_is_no_day():
    events = events_of(
        "At least 19 civilians were killed on Tuesday in air strikes on the town of Douma east of Damascus, a "
        "monitoring group said. The Observatory said Tuesday's bombardment brought to 49 the number killed in "
        "Eastern Ghouta in two days of attacks. \"There has been fierce shelling and air strikes since yesterday\", "
        "the Observatory's chief said.",
        dt.date(2017, 4, 5),
    )
    assert [(e.location, e.fatalities, e.event_date) for e in events] == [("Douma", 19, "2017-04-04")]


def test_a_bomb_that_killed_is_a_bomb_on_the_ground_but_a_barrel_bomb_is_dropped():
    jaramana = events_of("A bomb killed 18 people in Jaramana outside Damascus on Tuesday, state media said.", dt.date(2013, 8, 6))
    assert [(e.sub_event_type, e.location, e.fatalities, e.event_date) for e in jaramana] == [
        ("Remote explosive/landmine/IED", "Jaramana", 18, "2013-08-06")
    ]
    convoy = events_of(
        "A bomb attack hit a convoy of evacuees waiting outside Aleppo on Saturday, killing more than 100 people.",
        dt.date(2017, 4, 16),
    )
    assert [(e.sub_event_type, e.event_date) for e in convoy] == [("Remote explosive/landmine/IED", "2017-04-15")]
    dropped = events_of("A barrel bomb killed six people in Daraya on Monday, activists said.", dt.date(2015, 3, 3))
    assert [e.sub_event_type for e in dropped] == ["Air/drone strike"]


def test_a_province_named_before_town_of_only_says_where_the_town_lies():
    khan_sheikhoun = events_of(
        "Air strikes killed 12 people in the rebel-held Idlib town of Khan Sheikhoun on Monday, a monitor said.",
        dt.date(2016, 9, 20),
    )
    assert [(e.location, e.fatalities) for e in khan_sheikhoun] == [("Khan Sheikhoun", 12)]
    jaramana = events_of("A car bomb killed 18 people in the Damascus suburb of Jaramana on Tuesday.", dt.date(2013, 8, 6))
    assert [e.location for e in jaramana] == ["Jaramana"]
    # A city's district is told as the city, however its province is named.
    marjeh = events_of("Air strikes killed 12 civilians in the rebel-held east Aleppo district of Marjeh on Monday.", dt.date(2016, 10, 18))
    assert [e.location for e in marjeh] == ["Aleppo"]


def test_bombing_that_was_halted_and_the_victims_of_an_attack_days_before_are_no_news():
    pause = events_of(
        "Russian and Syrian warplanes halted their bombing of eastern Aleppo on Tuesday ahead of an eight-hour "
        "humanitarian pause announced by Moscow for Thursday.",
        dt.date(2016, 10, 20),
    )
    assert pause == []
    autopsies = events_of(
        "Autopsies carried out in Turkey on victims of Tuesday's attack in the Syrian town of Khan Sheikhoun show "
        "they were exposed to sarin, Turkey's health minister said on Thursday.",
        dt.date(2017, 4, 7),
    )
    assert autopsies == []


def test_a_town_taken_in_the_perfect_is_a_capture():
    events = events_of(
        "Turkish-backed Syrian rebels said on Sunday they had taken the border town of Tal Abyad from the Kurdish-led "
        "SDF, on the fifth day of Turkey's offensive in northeast Syria.",
        dt.date(2019, 10, 14),
    )
    assert [(e.sub_event_type, e.location, e.event_date) for e in events] == [(CAPTURE, "Tal Abyad", "2019-10-13")]
    assert (events[0].actor1, events[0].actor2) == ("Syrian rebels", "SDF")


def test_groups_named_as_including_others_are_one_side():
    jisr = events_of(
        "Islamist insurgents including al Qaeda's Nusra Front seized the northwestern city of Jisr al-Shughour on "
        "Saturday after days of fighting, the Observatory said.",
        dt.date(2015, 4, 26),
    )
    assert [(e.sub_event_type, e.location) for e in jisr] == [(CAPTURE, "Jisr al-Shughour")]
    assert jisr[0].actor2 != "Al-Nusra Front"
    rockets = events_of(
        "Rebel groups including Ahrar al-Sham and Fateh al-Sham Front fired waves of rockets into government-held "
        "districts of Aleppo on Friday, killing 15 civilians.",
        dt.date(2016, 10, 29),
    )
    assert [(e.actor1, e.actor2) for e in rockets] == [("Syrian rebels", "Civilians")]
    # ... but a side named after the verb is the other side.
    clash = events_of("Rebels including Ahrar al-Sham clashed with Islamic State fighters near Marea on Monday.", dt.date(2016, 5, 3))
    assert [(e.actor1, e.actor2) for e in clash] == [("Syrian rebels", "Islamic State")]


def test_state_media_s_broken_sieges_and_restored_security_are_ground_the_army_won():
    nubl = events_of(
        "The Syrian army and popular committees broke on Wednesday the siege imposed by Takfiri militants on the "
        "towns of Nubl and al-Zahraa in Aleppo's northern countryside, after more than three years.",
        dt.date(2016, 2, 4),
    )
    assert [(e.sub_event_type, e.location, e.event_date, e.actor1) for e in nubl] == [
        (REGAIN, "Nubl", "2016-02-03", "Syrian government forces")
    ]
    kuweires = events_of(
        "Syrian army units broke the siege imposed by ISIL terrorists on Kuweires military airport in Aleppo's "
        "eastern countryside on Tuesday, a military source said.",
        dt.date(2015, 11, 11),
    )
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in kuweires] == [(REGAIN, "Syrian government forces", "Islamic State")]
    aleppo = events_of(
        "The army command announced on Thursday that security and stability have been restored to Aleppo city "
        "after the last terrorists left its eastern neighbourhoods.",
        dt.date(2016, 12, 23),
    )
    assert [(e.sub_event_type, e.location, e.event_date) for e in aleppo] == [(REGAIN, "Aleppo", "2016-12-22")]


def test_fighters_who_pushed_into_a_town_are_fighting_for_it():
    events = events_of(
        "Islamic State fighters pushed into the Syrian border town of Kobani on Monday and raised their flag on a "
        "building on its eastern edge, after a three-week siege.",
        dt.date(2014, 10, 7),
    )
    assert [(e.sub_event_type, e.location, e.event_date, e.actor1) for e in events] == [
        ("Armed clash", "Kobani", "2014-10-06", "Islamic State")
    ]


def test_a_police_command_is_an_office_and_where_gunmen_were_positioned_is_where_fire_came_from():
    # SANA, 25 November 2016: a roadside bomb east of Khneifis in Hama's countryside.
    events = events_of(
        "Three citizens were killed and two others were injured on Friday by an explosive device blast on the "
        "outskirts of Khneifis town in Hama countryside. A source at Hama Police Command told SANA that a bomb "
        "planted by terrorists exploded in a car on an agricultural road east of the town.",
        dt.date(2016, 11, 25),
    )
    assert [(e.sub_event_type, e.location, e.fatalities) for e in events] == [
        ("Remote explosive/landmine/IED", "Hama governorate", 3)
    ]
    shelled = events_of(
        "A civilian was killed on Tuesday when terrorists positioned in Binnesh town fired rocket shells at houses "
        "in the besieged town of al-Fouaa in Idleb countryside.",
        dt.date(2016, 8, 17),
    )
    assert [(e.sub_event_type, e.location, e.fatalities) for e in shelled] == [("Shelling/artillery/missile attack", "al-Fouaa", 1)]
