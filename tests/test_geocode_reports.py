"""Real place mentions from real reports, with OCHA's populated places imported
(issue 4's first bar): within 10 km for at least 90% of those in the gazetteer,
and none outside Syria."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT, SHARED, need_shared

from conflictmap.gazetteer import SYRIA_BBOX, distance_km, in_bbox
from conflictmap.ocha import read_ocha_places
from conflictmap.places import import_places, layered_geocoder
from conflictmap.store import connect

OCHA_PLACES = SHARED / "data" / "ocha2015_syr_admin4_point.geojson"
FAKES = SHARED / "data" / "fakes" / "FA-KES-Dataset.utf8.csv"
REPORT_PLACES = json.loads((ROOT / "tests" / "data" / "report_places.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def geocoder(tmp_path_factory):
    engine = connect(f"sqlite:///{tmp_path_factory.mktemp('ocha') / 'places.sqlite'}")
    import_places(engine, read_ocha_places(need_shared(OCHA_PLACES)), "ocha")
    return layered_geocoder(engine)


def test_the_test_set_holds_at_least_60_mentions_as_the_reports_write_them():
    import csv

    rows = list(csv.DictReader(need_shared(FAKES).open(encoding="utf-8")))
    by_id = {row["unit_id"]: row["article_content"] for row in rows}
    places = REPORT_PLACES["places"]
    assert len(places) >= 60
    for place in places:
        if place["source"].startswith("FA-KES"):
            assert place["mention"] in by_id[place["source"].split()[1]], place
    assert len({p["mention"] for p in places}) >= 60


def test_at_least_90_percent_of_mentions_in_the_gazetteer_resolve_within_10_km(geocoder):
    unknown = set(REPORT_PLACES["not_in_any_gazetteer"])
    counted = [p for p in REPORT_PLACES["places"] if p["mention"] not in unknown]
    misses = []
    for place in counted:
        location = geocoder.geocode(place["mention"], admin1=place["governorate"])
        if location is None or distance_km(place["latitude"], place["longitude"], location.latitude, location.longitude) >= 10:
            misses.append((place["mention"], location and location.address))
    share = 1 - len(misses) / len(counted)
    assert share >= 0.90, misses


def test_no_mention_from_a_report_about_syria_resolves_outside_syria(geocoder):
    mentions = [(p["mention"], p["governorate"]) for p in REPORT_PLACES["places"]]
    mentions += [(name, "Aleppo") for name in REPORT_PLACES["not_in_any_gazetteer"]]
    outside = []
    for mention, governorate in mentions:
        location = geocoder.geocode(mention, admin1=governorate)
        if location is not None and (
            location.raw["country"] != "SY" or not in_bbox(location.latitude, location.longitude, SYRIA_BBOX)
        ):
            outside.append((mention, location.address))
    assert outside == []


def test_names_in_no_gazetteer_stay_unresolved_rather_than_matching_another_place(geocoder):
    for name in REPORT_PLACES["not_in_any_gazetteer"]:
        assert geocoder.geocode(name, admin1="Aleppo") is None, name


@pytest.mark.parametrize(
    ("mention", "governorate", "expected"),
    [
        ("Urum al-Kubra", "Aleppo", "Big Orm"),  # OCHA translates the qualifier
        ("Meles", "Idlib", "Milis"),  # the vowels differ, nothing else
        ("Hass", "Idlib", "Has"),  # a doubled letter
        ("اعزاز", "Aleppo", "Azaz"),  # Arabic script against OCHA's Arabic names
    ],
)
def test_spelling_families_reach_entries_only_ocha_has(geocoder, mention, governorate, expected):
    location = geocoder.geocode(mention, admin1=governorate)
    assert location is not None
    assert location.raw["source"] == "ocha"
    assert location.raw["name"] == expected
