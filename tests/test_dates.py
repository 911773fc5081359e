"""Event dates from a sentence and the publication date (dates.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from conflictmap.dates import EventDate, find_date, is_background, resolve_weekday

THURSDAY = dt.date(2014, 8, 14)  # a Thursday


def test_the_reference_publication_date_is_a_thursday():
    assert THURSDAY.strftime("%A") == "Thursday"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Clashes broke out on Thursday.", dt.date(2014, 8, 14)),
        ("The town was shelled on Friday.", dt.date(2014, 8, 8)),
        ("Rebels attacked the base on Sunday.", dt.date(2014, 8, 10)),
    ],
)
def test_a_weekday_is_the_latest_such_day_up_to_and_including_publication(sentence, expected):
    found = find_date(sentence, THURSDAY)
    assert found is not None
    assert found.date == expected
    assert found.time_precision == 1


def test_a_weekday_that_dates_the_telling_bounds_the_event_at_week_precision():
    found = find_date("A monitoring group said on Wednesday that the villages fell.", THURSDAY)
    assert found == EventDate(dt.date(2014, 8, 13), 2)


def test_the_event_weekday_wins_over_the_day_it_was_reported():
    found = find_date("Air strikes killed 29 people on Sunday, a monitor said on Wednesday.", THURSDAY)
    assert found == EventDate(dt.date(2014, 8, 10), 1)
    reported_first = find_date("The monitor said on Wednesday that Tuesdays raid killed nine.", THURSDAY)
    assert reported_first == EventDate(dt.date(2014, 8, 12), 1)


def test_the_weekday_a_post_was_written_on_dates_the_telling_not_the_attack_of_yesterday():
    wednesday = dt.date(2014, 8, 13)
    found = find_date("The envoy wrote on Wednesday that he was appalled by the shelling of the town yesterday.", wednesday)
    assert found == EventDate(dt.date(2014, 8, 12), 1)
    tweeted = find_date("A minister tweeting Wednesday said the raid yesterday was a crime.", wednesday)
    assert tweeted == EventDate(dt.date(2014, 8, 12), 1)


def test_resolve_weekday_counts_the_publication_day_itself():
    assert resolve_weekday("Thursday", THURSDAY) == THURSDAY
    assert resolve_weekday("friday", THURSDAY) == dt.date(2014, 8, 8)


def test_yesterday_is_the_day_before_publication():
    found = find_date("Jets struck the town yesterday.", THURSDAY)
    assert found.date == dt.date(2014, 8, 13)
    assert found.time_precision == 1


def test_overnight_is_the_night_before_publication_at_week_precision():
    found = find_date("Fighters launched an assault overnight.", THURSDAY)
    assert found.date == dt.date(2014, 8, 13)
    assert found.time_precision == 2


def test_last_week_is_a_week_before_publication_at_week_precision():
    found = find_date("The army shelled the area last week.", THURSDAY)
    assert found.date == dt.date(2014, 8, 7)
    assert found.time_precision == 2


@pytest.mark.parametrize(
    "sentence",
    [
        "Rebels seized the town on 24 August 2016.",
        "Rebels seized the town on August 24, 2016.",
        "Rebels seized the town on 2016-08-24.",
    ],
)
def test_an_explicit_full_date_is_read_with_or_without_a_publication_date(sentence):
    for published in (THURSDAY, None):
        found = find_date(sentence, published)
        assert found.date == dt.date(2016, 8, 24)
        assert found.time_precision == 1
        assert found.iso() == "2016-08-24"


def test_a_day_and_month_without_a_year_takes_the_publication_year_when_not_later():
    assert find_date("The raid came on 10 August.", THURSDAY).date == dt.date(2014, 8, 10)


def test_a_day_and_month_after_publication_falls_in_the_year_before():
    assert find_date("The raid came on 24 December.", THURSDAY).date == dt.date(2013, 12, 24)
    assert find_date("The raid came on August 20.", THURSDAY).date == dt.date(2013, 8, 20)


@pytest.mark.parametrize(
    "sentence",
    [
        "Clashes broke out on Wednesday.",
        "Jets struck the town yesterday.",
        "Fighters launched an assault overnight.",
        "The army shelled the area last week.",
        "The raid came on 10 August.",
    ],
)
def test_without_a_publication_date_relative_expressions_give_no_date(sentence):
    found = find_date(sentence, None)
    assert found is not None
    assert found.date is None
    assert found.iso() is None
    assert found.time_precision == 3


def test_a_sentence_with_no_time_expression_gives_no_date():
    assert find_date("Rebels hold the town.", THURSDAY) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "The coalition began fighting the Islamic State in January.",
        "The brigades withdrew at the end of July.",
        "The town has been besieged since 2011.",
        "In recent weeks the front line has barely moved.",
        "Activists recently reported that the army keeps rockets with chemical warheads near Hama.",
        "The jihadists have held most of Deir Ezzor province, which they overran in mid-2014.",
        "Clashes have gone on in the divided city since early 2012.",
        "The coalition began its air campaign in late 2014 after the jihadists took Mosul.",
    ],
)
def test_sentences_anchored_in_the_past_are_background(sentence):
    assert is_background(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The town fell on 14 August.",
        "Rebels attacked the base on Sunday.",
        "Jets struck the town yesterday.",
    ],
)
def test_sentences_about_the_news_are_not_background(sentence):
    assert not is_background(sentence)


def test_a_weekday_with_a_lost_apostrophe_still_dates_the_event():
    found = find_date("Rebels blamed Russian jets for Mondays attack on the market.", THURSDAY)
    assert found == EventDate(dt.date(2014, 8, 11), 1)


def test_a_weekday_equal_to_the_publication_day_means_that_day():
    found = find_date("Warplanes struck the town on Thursday.", THURSDAY)
    assert found == EventDate(THURSDAY, 1)


def test_recent_days_and_previous_events_are_background():
    assert is_background("The regime has stepped up air attacks in recent days across the province.")
    assert is_background("Recent airstrikes targeted people queuing at a bakery.")
    assert is_background("The group had previously seized oilfields in the east.")


def test_a_wire_dateline_inside_the_text_is_not_the_event_date():
    found = find_date("BEIRUT, Aug. 12 (AFP) - Jets struck the town on Monday.", THURSDAY)
    assert found == EventDate(dt.date(2014, 8, 11), 1)


def test_a_day_ago_is_the_day_before_publication():
    found = find_date("A day ago a mortar round killed a boy in the suburb.", dt.date(2015, 3, 9))
    assert found == EventDate(dt.date(2015, 3, 8), 1)


def test_a_war_decades_ago_is_background():
    assert is_background("Israel seized the plateau from Syria in the war of 1967 and later annexed it.")


def test_after_years_of_siege_is_background():
    assert is_background("The district has returned to government control after three years of siege and shelling.")


@pytest.mark.parametrize(
    ("sentence", "expected", "precision"),
    [
        ("Rebels shelled the airport three days ago.", dt.date(2014, 8, 11), 1),
        ("The fighters were driven out of Raqqa two weeks ago.", dt.date(2014, 7, 31), 2),
        ("The town fell 12 days ago.", dt.date(2014, 8, 2), 1),
        ("The siege began a month ago.", dt.date(2014, 7, 15), 3),
    ],
)
def test_so_many_days_weeks_or_months_ago_count_back_from_publication(sentence, expected, precision):
    assert find_date(sentence, THURSDAY) == EventDate(expected, precision)
    assert find_date(sentence, None) == EventDate(None, 3)


def test_a_place_that_begins_with_a_months_name_is_no_month():
    assert not is_background("A man and his wife were also executed in Mayadin.")
    assert is_background("The brigades withdrew in May.")


def test_a_day_still_to_come_is_not_read_as_the_same_day_a_year_before():
    published = dt.date(2014, 5, 23)
    assert find_date("Rebels shelled a rally held ahead of the June 3 poll, killing 21 people.", published) is None
    assert find_date("Talks are due to resume on June 10 in Geneva.", published) is None
    # a past incident with no year is still read in the year before
    assert find_date("The raid came on June 10.", published).date == dt.date(2013, 6, 10)


def test_the_day_a_source_spoke_on_gives_way_to_the_day_it_says_the_incident_happened():
    # Al-Bab, December 2016: the Turkish army's statement on Monday about a car bomb on Sunday.
    monday = dt.date(2016, 12, 19)
    told = "Early on Monday the Turkish army said a car bomb had killed one of its soldiers near al-Bab on Sunday."
    assert find_date(told, monday) == EventDate(dt.date(2016, 12, 18), 1)
    # ... but a day right after the deed is the deed's, even when the source follows it.
    done = "Islamic State beheaded two men in al-Shaafa on Sunday the Observatory said and set a deadline on Monday."
    assert find_date(done, monday) == EventDate(dt.date(2016, 12, 18), 1)


def test_the_day_before_yesterday_is_two_days_before_publication():
    found = find_date("IS fighters stormed the village the day before yesterday, residents said.", THURSDAY)
    assert found == EventDate(dt.date(2014, 8, 12), 1)


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        # Day first, as the region's outlets write it.
        ("Hundreds protested in Maarat al-Numan on 04/03/2016 as the truce held.", dt.date(2016, 3, 5), dt.date(2016, 3, 4)),
        ("The convoy was hit on 19.9.2016 near Urum al-Kubra.", dt.date(2016, 9, 21), dt.date(2016, 9, 19)),
        # Only month first gives a real day.
        ("The convoy was hit on 09/19/2016 near Urum al-Kubra.", dt.date(2016, 9, 21), dt.date(2016, 9, 19)),
        # Both are real days: the one nearer before publication.
        ("Jets struck Khan Sheikhoun on 4/4/2017 and again on 04/05/2017.", dt.date(2017, 4, 5), dt.date(2017, 4, 4)),
        ("The market was struck on 12/03/2016.", dt.date(2016, 12, 4), dt.date(2016, 12, 3)),
    ],
)
def test_a_date_written_in_figures_is_read_day_first_unless_the_publication_date_says_otherwise(sentence, published, expected):
    assert find_date(sentence, published) == EventDate(expected, 1)


def test_figures_that_are_no_date_give_none():
    assert find_date("The strike hit 3/4 of the buildings in the 7.62 mm range.", dt.date(2016, 3, 10)) is None
