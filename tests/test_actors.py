"""Actors: aliases, canonical names and categories (actors.py)."""

from __future__ import annotations

import pytest

from conflictmap.actors import (
    CIVILIANS,
    EXTERNAL_FORCES,
    IDENTITY_MILITIAS,
    REBEL_GROUPS,
    STATE_FORCES,
    category_of,
    find_actors,
)


def _names(text: str, **kwargs) -> list[str]:
    return [mention.actor.name for mention in find_actors(text, **kwargs)]


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("IS fighters attacked the village.", "Islamic State"),
        ("ISIS fighters attacked the village.", "Islamic State"),
        ("ISIL fighters attacked the village.", "Islamic State"),
        ("Daesh fighters attacked the village.", "Islamic State"),
        ("DAESH fighters attacked the village.", "Islamic State"),
        ("The Islamic state group attacked the village.", "Islamic State"),
        ("The Islamic State group attacked the village.", "Islamic State"),
        ("Jabhat al-Nusra fighters attacked the village.", "Al-Nusra Front"),
        ("Hayat Tahrir al-Sham fighters attacked the village.", "Al-Nusra Front"),
        ("Hayat Tahrir al Sham fighters attacked the village.", "Al-Nusra Front"),
        ("Ahrar al Sham fighters attacked the village.", "Ahrar al-Sham"),
        ("Ahrar al-Cham fighters attacked the village.", "Ahrar al-Sham"),
        ("Jaish al Islam fighters attacked the village.", "Jaish al-Islam"),
        ("The YPG attacked the village.", "YPG"),
        ("The People's Protection Units attacked the village.", "YPG"),
        ("The Syrian army attacked the village.", "Syrian government forces"),
        ("Regime forces attacked the village.", "Syrian government forces"),
        ("The Syrian Arab Air Force carried out sorties on the village.", "Syrian government forces"),
        ("The armys tanks attacked the village.", "Syrian government forces"),
        ("The US-led coalition attacked the village.", "US-led coalition"),
        ("The United States fired cruise missiles at the village.", "US-led coalition"),
        ("A US missile strike hit the village.", "US-led coalition"),
        ("Russian warplanes attacked the village.", "Russian air force"),
        ("Turkish troops attacked the village.", "Turkish armed forces"),
        ("Islamist battalions attacked the village.", "Syrian rebels"),
    ],
)
def test_aliases_map_to_one_canonical_name(text, canonical):
    assert _names(text) == [canonical]


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("Islamic State", REBEL_GROUPS),
        ("Al-Nusra Front", REBEL_GROUPS),
        ("Syrian rebels", REBEL_GROUPS),
        ("YPG", IDENTITY_MILITIAS),
        ("Syrian government forces", STATE_FORCES),
        ("US-led coalition", EXTERNAL_FORCES),
        ("Russian air force", EXTERNAL_FORCES),
        ("Turkish armed forces", EXTERNAL_FORCES),
        ("Civilians", CIVILIANS),
    ],
)
def test_each_actor_has_its_acled_category(name, category):
    assert category_of(name) == category


def test_an_unknown_or_missing_name_has_no_category():
    assert category_of("Martian expeditionary force") is None
    assert category_of(None) is None


def test_a_mention_found_in_text_carries_its_category():
    mention = find_actors("Turkish troops crossed the border.")[0]
    assert mention.actor.category == EXTERNAL_FORCES


def test_mentions_come_in_reading_order_whatever_the_table_order():
    sentence = "Civilians fled as rebels, Russian warplanes and Islamic State fighters fought near the town."
    assert _names(sentence) == ["Civilians", "Syrian rebels", "Russian air force", "Islamic State"]
    starts = [mention.start for mention in find_actors(sentence)]
    assert starts == sorted(starts)


def test_mentions_do_not_overlap_and_the_longer_specific_name_wins():
    sentence = "Islamist rebels and the Syrian army clashed with Kurdish YPG units."
    mentions = find_actors(sentence)
    assert [sentence[m.start : m.end] for m in mentions] == ["Islamist rebels", "Syrian army", "Kurdish YPG"]
    assert [m.actor.name for m in mentions] == ["Syrian rebels", "Syrian government forces", "YPG"]
    for before, after in zip(mentions, mentions[1:], strict=False):
        assert before.end <= after.start


def test_civilians_can_be_left_out():
    sentence = "Government helicopters dropped barrel bombs on civilians."
    assert "Civilians" in _names(sentence)
    assert "Civilians" not in _names(sentence, include_civilians=False)


def test_is_inside_a_capitalised_word_is_not_islamic_state():
    assert _names("ISRAEL and ISLAMABAD are not actors here.") == []


@pytest.mark.parametrize(
    ("text", "canonical", "category"),
    [
        ("An Israeli airstrike hit a car near Hader.", "Israeli forces", EXTERNAL_FORCES),
        ("Israeli jets struck a depot near Damascus airport.", "Israeli forces", EXTERNAL_FORCES),
        ("Hayat Tahrir al-Sham fighters stormed the checkpoint.", "Al-Nusra Front", REBEL_GROUPS),
        ("Jabhat Fateh al-Sham denied the claim.", "Al-Nusra Front", REBEL_GROUPS),
        # The same group as Al-Alam, Sputnik and Al-Araby spelt it in late 2016.
        ("Jabhat Fatah al Sham held most of eastern Aleppo.", "Al-Nusra Front", REBEL_GROUPS),
        ("Fath al-Sham fighters shelled the Hamdaniya district.", "Al-Nusra Front", REBEL_GROUPS),
        ("Jaish Fatah al-Sham led the push on Ramouseh.", "Al-Nusra Front", REBEL_GROUPS),
        ("Daesh militants attacked the base.", "Islamic State", REBEL_GROUPS),
        ("Fighters of the National Defence Forces manned the post.", "Syrian government forces", STATE_FORCES),
        ("The Syrian National Army advanced on Afrin.", "Syrian National Army", REBEL_GROUPS),
    ],
)
def test_aliases_and_categories_of_forces_named_in_the_reports(text, canonical, category):
    mention = find_actors(text, include_civilians=False)[0]
    assert (mention.actor.name, mention.actor.category) == (canonical, category)


def test_a_group_that_holds_a_place_is_not_an_actor_of_what_happens_there():
    assert _names("Russian jets bombed a market in the rebel-held town of Maarat al-Numan") == ["Russian air force"]
    assert _names("shells fell on an IS-controlled district") == []


def test_state_media_terrorists_are_the_armed_opposition():
    assert _names("Terrorists fired rocket shells at the Hamdaniyeh neighbourhood") == ["Syrian rebels"]


def test_terrorists_after_a_named_group_add_no_second_actor():
    assert _names("The army killed dozens of ISIL terrorists near Palmyra") == ["Syrian government forces", "Islamic State"]


@pytest.mark.parametrize(
    "text",
    ["aerial attacks by Syrias government", "Assads forces shelled the suburb", "regime air strikes hit the town", "Syria's army advanced"],
)
def test_the_government_named_in_scraped_or_possessive_wording_is_the_state(text):
    assert _names(text) == ["Syrian government forces"]


def test_a_russian_helicopter_belongs_to_russia():
    assert _names("a Russian helicopter was shot down") == ["Russian air force"]


def test_syrian_fighter_jets_are_the_state():
    assert _names("Syrian fighter jets struck the town") == ["Syrian government forces"]


def test_takfiri_militants_in_state_media_are_the_armed_opposition():
    assert _names("the villages were freed from Takfiri militants") == ["Syrian rebels"]


def test_state_medias_armed_forces_are_the_syrian_army_but_russias_are_not():
    assert [m.actor.name for m in find_actors("Units of the armed forces killed many terrorists in Talbiseh.")][0] == "Syrian government forces"
    assert [m.actor.name for m in find_actors("The Syrian Armed Forces retook the hill.")] == ["Syrian government forces"]
    russian = "We appealed to the Supreme Commander-in-Chief of the Armed Forces of the Russian Federation."
    assert "Syrian government forces" not in [m.actor.name for m in find_actors(russian)]


def test_ahrar_ash_sham_is_ahrar_al_sham_and_no_place():
    # Saraqeb, May 2017: a blast at a brigade's headquarters, the group's name spelt the other way.
    assert [a.actor.name for a in find_actors("the headquarters of a brigade of Ahrar ash-Sham in Saraqeb")] == ["Ahrar al-Sham"]
