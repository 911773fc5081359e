"""Disambiguation with real names: the map's region, the governorate or district a
report names, feature kind and size; area phrases at an honest precision."""

from __future__ import annotations

import pytest
from conftest import SHARED, need_shared

from conflictmap.borders import nearest_border_point
from conflictmap.gazetteer import GOVERNORATES, distance_km, in_bbox
from conflictmap.geocode import OfflineGeocoder, PlaceMention, locate, parse_place_phrase, resolve_mention
from conflictmap.ocha import read_ocha_places
from conflictmap.places import import_places, layered_geocoder
from conflictmap.store import connect

ALEPPO_CITY = (36.202, 37.134)
AZAZ = (36.587, 37.046)
ALEPPO_GOVERNORATE = next(g for g in GOVERNORATES if g.name == "Aleppo")


@pytest.fixture(scope="module")
def builtin() -> OfflineGeocoder:
    return OfflineGeocoder()


@pytest.fixture(scope="module")
def with_ocha(tmp_path_factory) -> OfflineGeocoder:
    engine = connect(f"sqlite:///{tmp_path_factory.mktemp('ocha') / 'places.sqlite'}")
    import_places(engine, read_ocha_places(need_shared(SHARED / "data" / "ocha2015_syr_admin4_point.geojson")), "ocha")
    return layered_geocoder(engine)


# --- region, governorate, district, kind, size ---------------------------------------------


def test_the_region_comes_first_ariha_is_the_idlib_town_not_jericho(builtin):
    location = builtin.geocode("Ariha")
    assert (location.raw["country"], location.raw["admin1"]) == ("SY", "Idleb")


def test_a_named_governorate_picks_the_suran_north_of_aleppo_over_the_one_in_hama(builtin):
    assert builtin.geocode("Suran").raw["admin1"] == "Hama"
    assert builtin.geocode("Suran", admin1="Aleppo province").raw["admin1"] == "Aleppo"


def test_a_named_district_picks_between_two_surans_of_aleppo_governorate(with_ocha):
    near_marea = with_ocha.geocode("Suran", admin1="Aleppo", admin2="A'zaz")
    near_al_bab = with_ocha.geocode("Suran", admin1="Aleppo", admin2="Al Bab")
    assert near_marea.raw["admin2"] == "A'zaz" and near_al_bab.raw["admin2"] == "Al Bab"
    assert distance_km(near_marea.latitude, near_marea.longitude, near_al_bab.latitude, near_al_bab.longitude) > 30


def test_a_district_the_event_names_picks_the_suran_it_holds(with_ocha):
    # Alone, "Suran" is the town in Hama; with a district of Aleppo named beside it,
    # it is that district's village.
    assert locate([PlaceMention("Suran")], with_ocha).admin1 == "Hama"
    near_marea = locate([PlaceMention("Suran"), parse_place_phrase("Azaz district")], with_ocha)
    near_al_bab = locate([PlaceMention("Suran"), parse_place_phrase("Al Bab district")], with_ocha)
    assert (near_marea.geo_precision, near_marea.admin1, near_marea.admin2) == (1, "Aleppo", "A'zaz")
    assert (near_al_bab.geo_precision, near_al_bab.admin1, near_al_bab.admin2) == (1, "Aleppo", "Al Bab")
    assert distance_km(36.483, 37.195, near_marea.latitude, near_marea.longitude) < 15  # beside Marea


def test_a_district_in_the_article_gives_its_governorate_with_the_built_in_data_alone(builtin):
    resolution = locate([PlaceMention("Suran")], builtin, context=[parse_place_phrase("Azaz district")])
    assert (resolution.geo_precision, resolution.admin1) == (1, "Aleppo")


def test_size_picks_the_town_of_afrin_over_the_village_of_the_same_name(with_ocha):
    location = with_ocha.geocode("Afrin")
    assert location.raw["admin2"] == "Afrin"
    assert any(alternative["name"] == "Afrin" for alternative in location.raw["alternatives"])


def test_the_feature_kind_a_report_gives_picks_the_village_of_afrin_east_of_aleppo(with_ocha):
    village = with_ocha.geocode("the village of Afrin", admin1="Aleppo")
    assert village.raw["admin2"] == "Jebel Saman"
    town = with_ocha.geocode("the town of Afrin", admin1="Aleppo")
    assert town.raw["admin2"] == "Afrin"


def test_a_weak_match_outside_the_named_governorate_is_no_match(with_ocha):
    # "Tokhar" (near Manbij) is in no gazetteer; "Thakir" in As-Sweida only looks like it.
    assert with_ocha.geocode("Tokhar", admin1="Aleppo") is None


# --- area phrases -----------------------------------------------------------------------------


def test_north_of_aleppo_is_precision_2_at_the_northern_edge_of_the_city_as_acled_codes_near_a_town_at_it(builtin):
    resolution = builtin.resolve("north of Aleppo")
    assert resolution.geo_precision == 2
    assert resolution.latitude > ALEPPO_CITY[0] + 0.05
    assert 5 < distance_km(*ALEPPO_CITY, resolution.latitude, resolution.longitude) < 15


def test_the_aleppo_countryside_is_precision_3_at_the_provincial_capital_as_acled_places_it(builtin):
    resolution = builtin.resolve("the Aleppo countryside")
    assert (resolution.geo_precision, resolution.admin1) == (3, "Aleppo")
    assert (resolution.latitude, resolution.longitude) == ALEPPO_GOVERNORATE.seat
    city = builtin.resolve("Aleppo")
    assert abs(resolution.latitude - city.latitude) < 0.05 and abs(resolution.longitude - city.longitude) < 0.05


def test_the_northern_aleppo_countryside_is_an_area_north_of_the_city(builtin):
    resolution = builtin.resolve("the northern Aleppo countryside")
    assert resolution.geo_precision == 2
    assert resolution.latitude > ALEPPO_CITY[0] + 0.15


def test_near_the_turkish_border_in_a_report_about_aleppo_is_just_inside_that_border(builtin):
    resolution = builtin.resolve("near the Turkish border", admin1="Aleppo")
    assert resolution.geo_precision == 3
    _, _, km = nearest_border_point(resolution.latitude, resolution.longitude, "TR")
    assert 3 < km < 8  # near the border, on the Syrian side of it
    assert resolution.latitude < 36.85 and 36.6 < resolution.longitude < 38.3  # along Aleppo's stretch


def test_north_of_aleppo_near_the_turkish_border_is_precision_2_between_the_city_and_the_border(builtin):
    resolution = builtin.resolve("north of Aleppo, near the Turkish border")
    assert resolution.geo_precision == 2
    _, _, km = nearest_border_point(resolution.latitude, resolution.longitude, "TR")
    assert km < 8
    assert distance_km(*AZAZ, resolution.latitude, resolution.longitude) < 20  # the seed report's area


def test_azaz_district_is_precision_3_at_the_district(builtin, with_ocha):
    seat = builtin.resolve("Azaz district")
    assert (seat.geo_precision, seat.admin2) == (3, "Azaz")
    assert distance_km(*AZAZ, seat.latitude, seat.longitude) < 5  # the district seat, built-in only
    centre = with_ocha.resolve("Azaz district")
    assert (centre.geo_precision, centre.admin1, centre.admin2) == (3, "Aleppo", "A'zaz")
    assert distance_km(*AZAZ, centre.latitude, centre.longitude) < 25  # the middle of its villages


def test_a_phrase_through_the_geopy_interface_says_its_precision(builtin):
    location = builtin.geocode("north of Aleppo")
    assert location.raw["geo_precision"] == 2 and location.raw["feature"] == "area"
    assert builtin.geocode("Azaz").raw["geo_precision"] == 1


@pytest.mark.parametrize(
    ("text", "kind", "name", "direction", "border"),
    [
        ("north of Aleppo", "area", "Aleppo", "north", None),
        ("northeast of the town of Marea", "area", "Marea", "northeast", None),
        ("north of the city of Aleppo, not far from the border with Turkey", "area", "Aleppo", "north", "Turkey"),
        ("the Aleppo countryside", "governorate", "Aleppo", None, None),
        ("the countryside of Idlib", "governorate", "Idlib", None, None),
        ("Raqa province", "governorate", "Raqa", None, None),
        ("Azaz district", "district", "Azaz", None, None),
        ("near the Turkish border", "border", "", None, "Turkish"),
        ("near Azaz", "area", "Azaz", None, None),
        ("the village of Arshaf", "locality", "Arshaf", None, None),
        ("Tal Rifaat", "locality", "Tal Rifaat", None, None),
    ],
)
def test_place_phrases_are_read_into_mentions(text, kind, name, direction, border):
    mention = parse_place_phrase(text)
    assert (mention.kind, mention.name, mention.direction, mention.near_border) == (kind, name, direction, border)


# --- unknown names ------------------------------------------------------------------------------


def test_an_unknown_village_stays_unresolved_at_the_best_area_the_report_gives(with_ocha):
    context = [PlaceMention("Aleppo", "area", "north", "Turkish")]
    resolution = locate([PlaceMention("Arshaf")], with_ocha, context)
    area = resolve_mention(context[0], with_ocha)
    assert (resolution.location, resolution.resolved, resolution.geo_precision) == ("Arshaf", False, 2)
    assert (resolution.latitude, resolution.longitude) == (area.latitude, area.longitude)
    assert in_bbox(resolution.latitude, resolution.longitude, (36.3, 36.8, 36.8, 37.5))


def test_an_unknown_village_in_a_named_governorate_stays_at_governorate_precision(builtin):
    resolution = locate([PlaceMention("Arshaf")], builtin, [PlaceMention("Aleppo", "governorate")])
    assert (resolution.resolved, resolution.geo_precision, resolution.admin1) == (False, 3, "Aleppo")


def test_a_namesake_abroad_does_not_win_on_a_near_spelling(builtin):
    # "Alwaer" (a district of Homs) is close in spelling to a village in the West Bank.
    location = builtin.geocode("Alwaer")
    assert location is None or location.raw["country"] == "SY"


def test_a_place_abroad_still_wins_on_its_exact_name(builtin):
    assert builtin.geocode("Kilis").raw["country"] == "TR"


def test_a_village_named_with_aleppo_is_not_its_namesake_in_another_governorate(builtin):
    # The only "Mallah" the built-in gazetteer knows lies in As-Sweida; the report
    # places it in Aleppo, so it stays a named, unresolved place at Aleppo's point.
    resolution = locate([PlaceMention("Mallah"), PlaceMention("Aleppo")], builtin)
    assert resolution.location == "Mallah" and resolution.resolved is False
    assert resolution.admin1 == "Aleppo" and resolution.geo_precision == 2
    assert distance_km(resolution.latitude, resolution.longitude, *ALEPPO_CITY) < 5


def test_a_town_in_the_countryside_around_the_capital_is_no_namesake_of_another_governorate(builtin):
    # Madaya lies in Rural Damascus, a governorate apart from the city of Damascus
    # that "west of the Syrian capital Damascus" names beside it.
    resolution = locate([PlaceMention("Madaya"), PlaceMention("Damascus")], builtin)
    assert resolution.location == "Madaya" and resolution.resolved is True
    assert resolution.admin1 == "Rural Damascus" and resolution.geo_precision == 1


def test_a_village_told_as_north_of_aleppo_is_not_its_namesake_far_away(builtin):
    resolution = locate([PlaceMention("Al Maleh"), PlaceMention("Aleppo", "area", "north")], builtin)
    assert resolution.location == "Al Maleh" and resolution.resolved is False
    assert resolution.admin1 == "Aleppo" and resolution.geo_precision == 2
    assert distance_km(resolution.latitude, resolution.longitude, *ALEPPO_CITY) < 30


def test_a_village_near_the_town_its_area_phrase_names_is_kept(builtin):
    resolution = locate([PlaceMention("Azaz"), PlaceMention("Aleppo", "area", "north")], builtin)
    assert resolution.location == "Azaz" and resolution.geo_precision == 1


def test_a_village_in_the_governorate_the_event_names_is_kept(builtin):
    resolution = locate([PlaceMention("Azaz"), PlaceMention("Aleppo")], builtin)
    assert resolution.location == "Azaz" and resolution.geo_precision == 1


def test_two_cities_of_two_governorates_are_no_namesakes(builtin):
    resolution = locate([PlaceMention("Damascus"), PlaceMention("Aleppo")], builtin)
    assert resolution.location == "Damascus" and resolution.geo_precision == 1


@pytest.mark.parametrize(
    ("spelling", "name", "admin1"),
    [
        ("Kweires", "Kuweires air base", "Aleppo"),
        ("Shairat", "Shayrat air base", "Homs"),
        ("T4", "Tiyas air base", "Homs"),
        ("Shaar", "Shaer gas field", "Homs"),
        ("Khmeimim", "Hmeimim air base", "Lattakia"),
    ],
)
def test_air_bases_and_gas_fields_are_places_under_the_spellings_reports_use(builtin, spelling, name, admin1):
    location = builtin.geocode(spelling)
    assert location.raw["name"] == name and location.raw["admin1"] == admin1


def test_a_quarter_named_after_its_provincial_capital_sits_at_that_city(builtin):
    resolution = locate([PlaceMention("Daraa al-Balad")], builtin)
    assert (resolution.location, resolution.resolved, resolution.geo_precision, resolution.admin1) == ("Daraa al-Balad", False, 2, "Dar'a")
    assert distance_km(resolution.latitude, resolution.longitude, 32.62, 36.10) < 10


@pytest.mark.parametrize(
    ("name", "region", "admin1"),
    [
        ("Qalamoun mountains", "Qalamoun", "Rural Damascus"),
        ("Jebel al-Zawiya", "Jabal al-Zawiya", "Idleb"),
        ("Jabal al-Akrad", "Jabal al-Akrad", "Lattakia"),
        ("Ghab plain", "Al-Ghab plain", "Hama"),
    ],
)
def test_a_named_region_is_a_part_of_a_region_at_precision_2(builtin, name, region, admin1):
    resolution = locate([PlaceMention(name)], builtin)
    assert (resolution.location, resolution.geo_precision, resolution.admin1) == (region, 2, admin1)


def test_a_town_named_with_its_region_is_the_better_place(builtin):
    resolution = locate([PlaceMention("Jabal al-Zawiya"), PlaceMention("Kafr Nabl")], builtin)
    assert (resolution.location, resolution.geo_precision) == ("Kafr Nabl", 1)


def test_east_of_a_village_lies_next_to_it_while_north_of_a_city_lies_at_the_edge_of_the_city(builtin):
    village = builtin.geocode("Jubb al-Jarrah")
    near_village = locate([PlaceMention("Jubb al-Jarrah", "area", "east")], builtin)
    assert village is not None and near_village.geo_precision == 2
    assert 4 <= distance_km(near_village.latitude, near_village.longitude, village.latitude, village.longitude) <= 6
    north_of_aleppo = locate([PlaceMention("Aleppo", "area", "north")], builtin)
    assert 9 <= distance_km(north_of_aleppo.latitude, north_of_aleppo.longitude, *ALEPPO_CITY) <= 11
    countryside = builtin.resolve("the northern Aleppo countryside")
    assert 24 <= distance_km(countryside.latitude, countryside.longitude, *ALEPPO_CITY) <= 26


def test_a_reference_the_gazetteer_finds_only_abroad_does_not_push_the_syrian_village_out_of_syria(builtin):
    # "the villages of Mourek north of Maan": the only Maan the gazetteer holds is a Turkish hamlet.
    resolution = locate([PlaceMention("Mourek"), PlaceMention("Maan", "area", "north", bearing=True)], builtin)
    assert (resolution.location, resolution.country, resolution.admin1, resolution.geo_precision) == ("Mourek", "SY", "Hama", 1)


@pytest.mark.parametrize(
    ("phrase", "km", "label"),
    [
        ("40 km northeast of Homs", 40, "40 km northeast of Homs"),
        ("25 kilometers (15 miles) north of Aleppo", 25, "25 km north of Aleppo"),
        ("10 miles south of Aleppo", 16.1, "16.1 km south of Aleppo"),
    ],
)
def test_a_distance_the_report_states_puts_the_area_that_far_from_its_town(builtin, phrase, km, label):
    resolution = builtin.resolve(phrase)
    town = builtin.geocode(phrase.rsplit(" of ", 1)[1])
    assert (resolution.location, resolution.geo_precision) == (label, 2)
    assert km - 1 <= distance_km(resolution.latitude, resolution.longitude, town.latitude, town.longitude) <= km + 1


def test_a_stated_distance_beyond_any_town_s_reach_is_cut_to_150_km(builtin):
    resolution = builtin.resolve("400 km east of Aleppo")
    town = builtin.geocode("Aleppo")
    assert 147 <= distance_km(resolution.latitude, resolution.longitude, town.latitude, town.longitude) <= 153


def test_a_look_alike_on_the_wrong_side_of_the_town_an_area_phrase_names_is_not_the_village(builtin):
    # "the town of Bayanoun north of Aleppo": the gazetteer lacks Bayanoun, and its
    # nearest spelling (Banan) lies south-east of the city.
    resolution = locate([PlaceMention("Bayanoun"), PlaceMention("Aleppo", "area", "north", bearing=True)], builtin)
    assert (resolution.location, resolution.resolved, resolution.geo_precision) == ("Bayanoun", False, 2)
    assert resolution.latitude > ALEPPO_CITY[0]


def test_a_village_on_the_side_of_the_town_the_report_says_keeps_its_own_point(builtin):
    resolution = locate([PlaceMention("Azaz"), PlaceMention("Aleppo", "area", "north", bearing=True)], builtin)
    assert resolution.resolved and resolution.geo_precision == 1
    assert distance_km(resolution.latitude, resolution.longitude, *AZAZ) < 2


def test_a_town_of_rural_damascus_beyond_the_capitals_suburbs_is_no_namesake_of_it(builtin):
    # Jayrud, shelled in July 2016, lies some 50 km north-east of Damascus but in its countryside.
    resolution = locate([PlaceMention("Jayrud"), PlaceMention("Damascus")], builtin)
    assert (resolution.location, resolution.admin1, resolution.geo_precision, resolution.resolved) == ("Jayrud", "Rural Damascus", 1, True)


def test_a_sizeable_town_told_beside_another_provinces_capital_is_still_that_town(builtin):
    # February 2015: "nine strikes near Kobani and one at Deir Ezzor", as the coalition listed them.
    resolution = locate([PlaceMention("Kobani"), PlaceMention("Deir Ezzor")], builtin)
    assert (resolution.location, resolution.admin1, resolution.geo_precision, resolution.resolved) == ("Kobani", "Aleppo", 1, True)
