"""Spelling-robust offline geocoding (names.py, gazetteer.py, geocode.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from conflictmap.articles import parse_article
from conflictmap.gazetteer import distance_km, find_governorate, in_bbox
from conflictmap.geocode import OfflineGeocoder, PlaceMention, locate, resolve_mention
from conflictmap.names import normalize, skeleton
from conflictmap.pipeline import article_events

ALEPPO_CITY = (36.20, 37.16)


@pytest.fixture(scope="module")
def geocoder() -> OfflineGeocoder:
    return OfflineGeocoder()


# --- names ----------------------------------------------------------------------


def test_normalize_folds_marks_articles_and_the_tell_prefix():
    assert normalize("A\u2018z\u0101z") == normalize("Azaz")
    assert normalize("Jisr ash-Shughur") == "jisr shughur"
    assert normalize("Tell Refaat").startswith("tal ")


def test_the_azaz_spellings_share_one_skeleton():
    assert len({skeleton(name) for name in ("Azaz", "A'zaz", "I'zaz", "Aazaz")}) == 1


# --- the geopy interface ------------------------------------------------------------


def test_the_offline_geocoder_is_a_geopy_geocoder(geocoder):
    assert isinstance(geocoder, Geocoder)


def test_a_match_is_a_geopy_location_with_the_documented_raw_keys(geocoder):
    location = geocoder.geocode("Azaz")
    assert isinstance(location, Location)
    for key in ("source", "feature", "admin1", "admin2", "score", "alternatives"):
        assert key in location.raw, key
    assert location.raw["admin1"] == "Aleppo"
    assert 0 < location.raw["score"] <= 100
    assert isinstance(location.raw["alternatives"], list)


def test_exactly_one_false_gives_a_list_of_candidates(geocoder):
    locations = geocoder.geocode("Ariha", exactly_one=False)
    assert isinstance(locations, list) and len(locations) >= 2
    assert all(isinstance(location, Location) for location in locations)


def test_an_empty_query_gives_nothing(geocoder):
    assert geocoder.geocode("   ") is None


# --- spelling families ----------------------------------------------------------------

# Every spelling the issue names, plus each town's name in Arabic script.
FAMILIES = [
    ((36.586, 37.046), ["Azaz", "A'zaz", "I'zaz", "Aazaz", "أعزاز"]),
    ((36.483, 37.195), ["Marea", "Mare'", "Mari'", "مارع"]),
    ((35.95, 39.01), ["Raqqa", "Raqa", "Rakka", "Ar-Raqqah", "الرقة"]),
    ((36.891, 38.348), ["Kobani", "Kobane", "Ayn al-Arab", "عين العرب"]),
    ((36.473, 37.095), ["Tal Rifaat", "Tall Rif'at", "Tell Refaat", "تل رفعت"]),
    ((35.81, 36.32), ["Jisr al-Shughur", "Jisr ash-Shughur", "جسر الشغور"]),
]


@pytest.mark.parametrize(
    ("name", "truth"),
    [(name, point) for point, names in FAMILIES for name in names],
)
def test_each_common_spelling_resolves_within_10_km_of_the_true_place(geocoder, name, truth):
    location = geocoder.geocode(name)
    assert location is not None, name
    assert distance_km(*truth, location.latitude, location.longitude) < 10, location.address


def test_a_misspelt_consonant_is_forgiven_by_fuzzy_matching_above_its_threshold(geocoder):
    # One letter off the town's name (m for n): no shared outline, a close ratio.
    khan_shaykhun = (35.441, 36.651)
    location = geocoder.geocode("Khan Shaykhum")
    assert location is not None
    assert 86 <= location.raw["score"] < 100
    assert distance_km(*khan_shaykhun, location.latitude, location.longitude) < 10


def test_a_name_below_the_fuzzy_threshold_is_not_matched(geocoder):
    # Two letters off (about 83 on the same scale): too far to guess.
    assert geocoder.geocode("Khan Sayhum") is None


def test_distance_km_measures_a_known_distance():
    # One degree of latitude is about 111 km anywhere.
    assert distance_km(36.0, 37.0, 37.0, 37.0) == pytest.approx(111.2, abs=0.5)
    assert distance_km(36.586, 37.046, 36.586, 37.046) == 0


def test_a_village_in_no_gazetteer_is_not_found(geocoder):
    assert geocoder.geocode("Arshaf") is None


def test_ariha_prefers_the_syrian_town_over_jericho(geocoder):
    location = geocoder.geocode("Ariha")
    assert location.raw["country"] == "SY"
    assert location.raw["admin1"] == "Idleb"
    assert any(alternative["country"] == "PS" for alternative in location.raw["alternatives"])


def test_an_admin1_hint_prefers_a_place_in_that_governorate(geocoder):
    # There is a Suran north of Hama and another north of Aleppo, near Marea.
    assert geocoder.geocode("Suran").raw["admin1"] == "Hama"
    hinted = geocoder.geocode("Suran", admin1="Aleppo")
    assert hinted.raw["admin1"] == "Aleppo"
    assert distance_km(36.483, 37.195, hinted.latitude, hinted.longitude) < 20
    assert geocoder.geocode("Suran", admin1="Halab").raw["admin1"] == "Aleppo"


def test_a_province_query_gives_the_governorate(geocoder):
    location = geocoder.geocode("Idlib province")
    assert location.raw["feature"] == "governorate"
    assert location.raw["admin1"] == "Idleb"


# --- governorates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "governorate"),
    [
        ("Idlib province", "Idleb"),
        ("Idlib", "Idleb"),
        ("Raqqa", "Ar-Raqqa"),
        ("Raqa province", "Ar-Raqqa"),
        ("Halab", "Aleppo"),
        ("Aleppo countryside", "Aleppo"),
        ("Damascus countryside", "Rural Damascus"),
        ("Damascus Countryside", "Rural Damascus"),
    ],
)
def test_governorates_are_found_under_their_common_names(name, governorate):
    assert find_governorate(name).name == governorate


def test_a_name_that_is_no_governorate_finds_none():
    assert find_governorate("Azaz") is None
    assert find_governorate("") is None
    assert find_governorate(None) is None


# --- mentions -------------------------------------------------------------------------


def test_north_of_aleppo_is_an_area_north_of_the_city_inside_aleppo_governorate(geocoder):
    resolution = resolve_mention(PlaceMention("Aleppo", "area", "north"), geocoder)
    assert resolution.geo_precision == 2
    assert resolution.admin1 == "Aleppo"
    assert resolution.location == "north of Aleppo"
    assert resolution.latitude > 36.25
    assert resolution.latitude > ALEPPO_CITY[0]
    assert in_bbox(resolution.latitude, resolution.longitude, (36.0, 36.5, 36.9, 38.3))
    assert resolution.resolved is True


def test_a_known_locality_resolves_at_village_precision(geocoder):
    resolution = resolve_mention(PlaceMention("A'zaz"), geocoder)
    assert resolution.geo_precision == 1
    assert resolution.location == "A'zaz"
    assert resolution.admin1 == "Aleppo"


def test_a_governorate_mention_resolves_at_governorate_precision(geocoder):
    resolution = resolve_mention(PlaceMention("Raqqa province", "governorate"), geocoder)
    assert resolution.geo_precision == 3
    assert resolution.admin1 == "Ar-Raqqa"


def test_an_unknown_village_with_an_area_in_context_keeps_its_name_at_the_area(geocoder):
    context = [PlaceMention("Aleppo", "area", "north")]
    resolution = locate([PlaceMention("Arshaf")], geocoder, context)
    area = resolve_mention(context[0], geocoder)
    assert resolution.location == "Arshaf"
    assert resolution.resolved is False
    assert resolution.geo_precision == 2
    assert (resolution.latitude, resolution.longitude) == (area.latitude, area.longitude)
    assert resolution.admin1 == "Aleppo"


def test_an_unknown_village_with_no_area_is_kept_without_coordinates(geocoder):
    resolution = locate([PlaceMention("Arshaf")], geocoder)
    assert resolution.location == "Arshaf"
    assert resolution.resolved is False
    assert resolution.latitude is None and resolution.geo_precision is None


def test_a_known_locality_beats_an_area_in_the_same_sentence(geocoder):
    resolution = locate([PlaceMention("Aleppo", "area", "north"), PlaceMention("Marea")], geocoder)
    assert resolution.location == "Marea"
    assert resolution.geo_precision == 1
    assert resolution.resolved is True


def test_a_repeated_lookup_gives_an_equal_answer_that_the_caller_may_change(geocoder):
    first = geocoder.geocode("Tell Refaat", admin1="Aleppo")
    first.raw["score"] = -1
    second = geocoder.geocode("Tell Refaat", admin1="Aleppo")
    assert second is not first
    assert second.raw["score"] > 0
    assert (second.latitude, second.longitude) == (first.latitude, first.longitude)


@pytest.mark.parametrize("name", ["Deir al-Zour", "Deir el-Zour province", "Dair al-Zor", "Deir Ez-Zour"])
def test_other_spellings_of_a_two_word_governorate_are_found(name):
    assert find_governorate(name).name == "Deir-ez-Zor"


@pytest.mark.parametrize("name", ["Deir Hafer", "Deir Jamal", "Ras al-Ain", "Tal Rifaat"])
def test_towns_whose_names_look_like_a_governorates_are_not_one(name):
    assert find_governorate(name) is None


def test_a_strike_in_a_province_spelt_another_way_is_placed_in_the_province_not_at_its_capital():
    events = article_events(parse_article("Air strikes killed 34 civilians in Deir al-Zour province on Sunday.", name="t", published=dt.date(2017, 11, 27)))
    assert [(e.admin1, e.geo_precision) for e in events] == [("Deir-ez-Zor", 3)]
