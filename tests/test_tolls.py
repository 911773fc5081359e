"""Casualty figures in a sentence (tolls.py)."""

from __future__ import annotations

import pytest

from conflictmap.tolls import extract_toll, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("39", 39),
        ("1,200", 1200),
        ("thirty-nine", 39),
        ("thirty nine", 39),
        ("eight", 8),
        ("Eight", 8),
        ("a dozen", 12),
        ("half a dozen", 6),
        ("two dozen", 24),
        ("two hundred", 200),
        ("twenty", 20),
    ],
)
def test_numbers_written_as_digits_or_words_are_read(text, value):
    assert parse_number(text) == value


def test_half_a_dozen_dead_are_six():
    assert extract_toll("Half a dozen rebel fighters were killed in the clashes near Tal Rifaat.").killed == 6


def test_a_word_that_is_no_number_reads_as_none():
    assert parse_number("several") is None


def test_a_toll_in_digits_is_read():
    toll = extract_toll("Fourteen people were killed and 23 were wounded.")
    assert toll.killed == 14
    assert toll.wounded == 23


def test_a_toll_with_a_thousands_separator_is_read_whole():
    assert extract_toll("At least 1,200 people were killed in the assault.").killed == 1200


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        ("At least thirty-nine fighters were killed.", 39),
        ("Eight people were killed in the shelling.", 8),
        ("A dozen people were killed in the strike.", 12),
        ("Two hundred people were killed in the assault.", 200),
    ],
)
def test_tolls_written_in_words_are_read(sentence, killed):
    assert extract_toll(sentence).killed == killed


def test_at_least_keeps_the_stated_figure():
    toll = extract_toll("At least 21 people were killed in the raid.")
    assert toll.killed == 21
    assert not toll.cumulative


def test_a_range_gives_its_lower_bound():
    assert extract_toll("Between 30 and 40 fighters were killed in the clashes.").killed == 30


def test_a_hyphenated_range_gives_its_lower_bound():
    assert extract_toll("The raid killed 10-15 people.").killed == 10


def test_killed_and_wounded_are_kept_apart():
    toll = extract_toll("The car bomb killed 12 and wounded 40.")
    assert toll.killed == 12
    assert toll.wounded == 40


def test_a_sentence_with_only_wounded_has_no_dead():
    toll = extract_toll("Two soldiers were wounded by sniper fire.")
    assert toll.killed is None
    assert toll.wounded == 2
    assert not toll


def test_per_side_figures_add_up_and_are_kept_by_side():
    toll = extract_toll("It said 31 rebel fighters and eight Islamic State fighters were killed in the clashes.")
    assert toll.killed == 39
    assert toll.detail == {"Syrian rebels": 31, "Islamic State": 8}


def test_a_figure_for_people_in_general_is_not_attributed_to_civilians():
    toll = extract_toll("Eleven people were killed when the shell hit.")
    assert toll.killed == 11
    assert toll.detail == {}


def test_dozens_killed_means_many_dead_with_no_number():
    toll = extract_toll("Dozens were killed in the fighting.")
    assert toll.many_killed is True
    assert toll.killed is None
    assert toll
    assert toll.detail == {}


@pytest.mark.parametrize(
    "sentence",
    [
        "More than 170,000 people have been killed in Syria since the conflict began there in March 2011.",
        "The war has killed more than 220,000 people.",
        "Since Sept. 19, when the truce ended, at least 359 civilians have been killed in air strikes on Aleppo.",
    ],
)
def test_cumulative_war_tolls_are_flagged_and_give_no_figure(sentence):
    toll = extract_toll(sentence)
    assert toll.cumulative is True
    assert toll.killed is None
    assert toll.detail == {}


def test_a_figure_too_large_for_one_incident_is_treated_as_cumulative():
    toll = extract_toll("Some 250,000 people were killed.")
    assert toll.cumulative is True
    assert toll.killed is None


def test_including_five_children_does_not_add_to_the_total():
    assert extract_toll("An air strike killed 20 people, including five children.").killed == 20
    assert extract_toll("At least 20 people were killed, including five children.").killed == 20


def test_among_them_does_not_add_to_the_total_either():
    assert extract_toll("Seventeen people were killed, among them four women.").killed == 17


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        ("A car bomb killed nine people in 2013.", 9),
        ("In 2015, a car bomb killed nine people.", 9),
        ("Clashes 30 km north of Aleppo killed 14 fighters.", 14),
        ("Clashes 30 kilometres north of Aleppo killed 14 fighters.", 14),
        ("Shelling 12 miles from the border killed three civilians.", 3),
    ],
)
def test_years_and_distances_are_not_tolls(sentence, killed):
    assert extract_toll(sentence).killed == killed


def test_a_distance_alone_gives_no_toll():
    assert extract_toll("Fighters were killed 20 kilometres north of the city.").killed is None


def test_a_sentence_with_no_casualty_verb_has_no_toll():
    toll = extract_toll("Rebels said 40 villages were under their control.")
    assert not toll
    assert toll.killed is None and toll.wounded is None


# --- scraped text without commas, and other ways reports give a toll ------------------


def test_a_subset_after_including_does_not_add_even_without_a_comma():
    toll = extract_toll("Eight civilians including three children were killed when warplanes struck Daret Azza.")
    assert toll.killed == 8


def test_a_subset_named_as_among_the_dead_does_not_count_on_its_own():
    assert extract_toll("Twelve children and 11 fighters were among the dead, the monitor said.").killed is None


def test_one_named_victim_counts_as_one_death():
    assert extract_toll("A girl was killed and two people were wounded by rocket fire on al-Furqan.").killed == 1
    assert extract_toll("Rockets killed an elderly woman in the al-Midan district.").killed == 1


def test_a_death_toll_that_rose_to_a_figure_gives_that_figure():
    assert extract_toll("The death toll from the convoy bombing has risen to 126, rescuers said.").killed == 126


def test_a_death_toll_that_reached_a_figure_after_a_long_description_gives_that_figure():
    toll = extract_toll(
        "The death toll from the bomb attack on a crowded bus convoy of evacuees outside Aleppo has reached at least 126, a monitor said."
    )
    assert toll.killed == 126


def test_a_toll_of_the_war_far_from_its_figure_is_not_read_as_an_incident_toll():
    assert extract_toll("The toll of a war that has dragged on for years in the north is at last being counted by 20 groups.").killed is None


def test_killing_all_five_on_board_counts_five():
    assert extract_toll("The helicopter was shot down, killing all five people on board.").killed == 5


def test_claiming_the_lives_of_counts_as_killed():
    assert extract_toll("The strike hit a cotton mill, claiming the lives of ten people.").killed == 10


@pytest.mark.parametrize(
    "sentence",
    [
        "Rebel rockets have killed at least 16 people in Damascus since Thursday.",
        "A total of 37 soldiers and 101 militants have died in the offensive for Tabqa.",
        "Officials said 84 people were killed over a four-day stretch of fighting.",
        "Six days of heavy bombing have killed dozens in Eastern Ghouta.",
        "At least 327 people were killed in the province over the past two weeks.",
        "The siege is said to have killed at least 130 civilians in the city since the end of July.",
        "Shelling of the district has killed more than 100 residents since mid-February.",
        "Monitors recorded 290 people killed in the province's towns during the past week.",
        "Jets pounded the east of the city on Wednesday in a second day of renewed bombing that has killed at least 32 people.",
        "March was the deadliest month of the year, with the war killing at least 2,500 people.",
        "The monitor says IS has lost at least 400 fighters in the battle for the city, and the SDF more than 80.",
    ],
)
def test_running_totals_over_days_are_cumulative(sentence):
    toll = extract_toll(sentence)
    assert toll.cumulative and toll.killed is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Residents said helicopters had circled since Monday and warplanes had pounded the villages of Kafr Nabl and Hass.",
        "Activists said army jets have bombed the town of Saraqeb since Thursday night.",
    ],
)
def test_a_span_with_no_count_in_it_is_no_running_total(sentence):
    assert not extract_toll(sentence).cumulative


def test_a_toll_over_the_past_24_hours_still_counts():
    toll = extract_toll("Some 40 fighters were killed in clashes near Abu Kamal in the past 24 hours.")
    assert toll.killed == 40 and not toll.cumulative


def test_a_second_figure_joined_by_and_shares_the_killing_verb():
    toll = extract_toll("The strike hit a car in the town, killing two Hezbollah men and three local militiamen.")
    assert toll.killed == 5
    assert extract_toll("Shells killed two people and wounded nine others.").killed == 2


def test_bodies_recovered_count_as_dead():
    assert extract_toll("Rescuers recovered the bodies of 8 people from the rubble of the building.").killed == 8


def test_others_joined_by_and_who_only_suffered_are_not_dead():
    toll = extract_toll("Three civilians were killed and more than twenty others suffered from suffocation.")
    assert toll.killed == 3


def test_a_long_subject_still_reaches_its_verb():
    sentence = "The monitor said nine members of the rebel alliance who were guarding the clinic were also killed."
    assert extract_toll(sentence).killed == 9


def test_a_breakdown_after_the_total_is_detail_and_never_adds_to_it():
    toll = extract_toll(
        "Between the town and the border, 39 fighters died in the fighting, 31 from rebel ranks and eight from IS."
    )
    assert toll.killed == 39
    assert toll.detail == {"Syrian rebels": 31, "Islamic State": 8}


def test_figures_that_do_not_add_up_to_the_total_are_not_taken_as_its_breakdown():
    toll = extract_toll("Shelling killed 12 people in the town, 4 from one family and 3 from a neighbouring house.")
    assert toll.killed == 12
    assert toll.detail == {}


def test_a_toll_said_to_have_risen_to_a_figure_is_the_dead_even_without_the_word_killed():
    toll = extract_toll("Medics said the car bomb attack on the bus station in Azaz has risen to 43.")
    assert toll.killed == 43


def test_a_rising_count_of_refugees_is_no_toll():
    assert not extract_toll("The number of refugees at the border crossing has risen to 3000.")


def test_a_parent_and_a_named_child_are_two_dead():
    assert extract_toll("A woman and her baby son were killed when a shell hit their home in Aleppo.").killed == 2


def test_a_parent_with_counted_children_and_one_more_child_add_up():
    toll = extract_toll("A man and his two daughters as well as another child died in the strike on the village.")
    assert toll.killed == 4


def test_a_parent_and_uncounted_children_give_no_figure():
    assert extract_toll("A father and his children were killed in the raid.").killed is None


# --- rules added for reports the extractor had never seen (heldout2) ---------------


def test_an_age_written_with_hyphens_is_not_a_count_of_the_dead():
    toll = extract_toll("A 7-year-old girl was killed and four other people were hurt when a mortar round hit the market.")
    assert toll.killed == 1
    assert toll.wounded == 4


def test_the_killing_of_a_number_is_a_toll():
    assert extract_toll("The blast led to the killing of two people and damaged several shops.").killed == 2


def test_executed_before_a_number_counts_the_dead():
    assert extract_toll("Militants executed 12 captured soldiers outside the town, the monitor said.").killed == 12


def test_killing_the_named_commander_is_one_death():
    assert extract_toll("Army artillery hit a gathering near the dam, killing the rebel commander Abu Khaled.").killed == 1


def test_another_person_who_died_is_one_death():
    assert extract_toll("another woman died in the next village, medics said.").killed == 1


@pytest.mark.parametrize(
    "sentence",
    [
        "Thirty-one civilians were killed across the province over the last 48 hours, activists said.",
        "Some 200 people have been killed in the enclave since the army backed by allied militias began its offensive.",
        "A heavy wave of air strikes on the city left at least 40 civilians dead, the council said.",
        "In less than two weeks the province has lost 90 civilians to the bombing.",
    ],
)
def test_a_toll_over_several_days_or_an_unstated_span_is_a_running_total(sentence):
    toll = extract_toll(sentence)
    assert toll.cumulative
    assert toll.killed is None


def test_a_toll_of_the_past_day_is_still_one_days_toll():
    toll = extract_toll("Fifteen fighters were killed in clashes near the town in the past 24 hours.")
    assert not toll.cumulative
    assert toll.killed == 15


def test_a_wave_of_strikes_told_on_one_day_is_that_days_toll():
    toll = extract_toll("On Tuesday government jets killed 22 fighters in a fresh wave of air raids on the province.")
    assert (toll.killed, toll.cumulative) == (22, False)


def test_a_wave_whose_only_day_is_an_announcement_stays_a_running_total():
    toll = extract_toll("The council on Friday announced an emergency after a wave of air strikes left 40 civilians dead.")
    assert toll.cumulative


def test_a_count_of_rocket_shells_is_no_toll():
    toll = extract_toll("Gunmen fired more than 12 rocket shells on the neighbourhood, leaving an old man killed.")
    assert toll.killed == 1


def test_documented_deaths_of_people_are_a_toll():
    assert extract_toll("The monitor has documented the deaths of at least 18 people in strikes on the market.").killed == 18


def test_shells_claiming_two_lives_killed_two():
    toll = extract_toll("The shells landed in a busy market claiming two lives and injuring four people.")
    assert (toll.killed, toll.wounded) == (2, 4)


def test_a_side_that_lost_fighters_counts_them_as_dead():
    assert extract_toll("The jihadists lost 12 fighters in the failed assault, the monitor said.").killed == 12


def test_lost_ground_or_equipment_is_no_toll():
    assert extract_toll("The rebels lost four villages and two tanks in the counterattack.").killed is None


def test_bodies_yet_to_be_identified_count_as_dead_beside_the_named_sides():
    toll = extract_toll("The raid killed 9 civilians and 14 soldiers with another 6 bodies still unidentified.")
    assert toll.killed == 29
    assert toll.detail == {"Civilians": 9, "Syrian government forces": 14}


def test_a_sides_losses_over_the_whole_war_are_a_running_total():
    assert extract_toll("Moscow has so far lost at least 20 servicemen in the Syrian war.").cumulative


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        ("Activists said 31 people were killed while the state news agency put the toll at 22.", 22),
        ("The monitor counted 14 dead, while local medics gave a toll of 19.", 14),
    ],
)
def test_when_two_sources_give_the_toll_the_lowest_firm_figure_stands(sentence, killed):
    assert extract_toll(sentence).killed == killed


def test_figures_for_different_sides_still_add_up_beside_a_second_source():
    assert extract_toll("The clashes killed 8 soldiers and 11 rebels, while the army gave no toll.").killed == 19


def test_one_family_is_not_one_more_dead():
    assert extract_toll("Five children from one family were killed when a barrel bomb hit their house.").killed == 5


# --- rules for figures told inside a total (issue 3, exact fatalities) -----------


def test_a_count_given_as_of_them_is_part_of_the_total_before_it():
    toll = extract_toll("UN monitors said 108 people, 49 of them children, were killed in the Houla massacre.")
    assert toll.killed == 108


def test_a_count_of_children_among_the_dead_is_part_of_the_toll():
    toll = extract_toll("The monitor put the toll of the Khan Sheikhoun gas attack at 58 and said there were 11 children among the dead.")
    assert toll.killed == 58


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        ("Russian jets destroyed 32 pick-up trucks and killed about 120 fighters fleeing Raqqa towards Palmyra, Moscow said.", 120),
        ("Rebel rockets on two residential neighbourhoods of western Aleppo left 11 people dead on Sunday, Lebanese TV said.", 11),
    ],
)
def test_a_count_of_vehicles_or_neighbourhoods_hit_is_no_count_of_the_dead(sentence, killed):
    assert extract_toll(sentence).killed == killed


def test_in_a_headline_without_commas_the_figure_after_killed_with_its_own_injured_counts_the_wounded():
    toll = extract_toll("Three killed two injured by a roadside bomb near Khneifis in the Hama countryside")
    assert (toll.killed, toll.wounded) == (3, 2)


def test_a_headline_run_into_its_lead_does_not_count_the_dead_twice():
    sentence = "Rocket fire kills two in Aleppo's al-Midan district Two people, a child among them, died when rebel rockets hit al-Midan on Friday"
    assert extract_toll(sentence).killed == 2


def test_a_headline_run_into_a_lead_that_starts_with_an_article_does_not_count_the_dead_twice():
    sentence = (
        "Local council head among nine dead in Idlib market blast A local council head was among at least "
        "nine people killed when a bomb went off in a market in Idlib on Monday"
    )
    assert extract_toll(sentence).killed == 9


def test_a_part_said_to_be_among_the_dead_in_the_present_tense_is_part_of_the_toll():
    toll = extract_toll("Five women are among the 31 dead in the overnight raids on the town of Atareb.")
    assert toll.killed == 31


def test_a_headline_in_the_present_tense_gives_its_toll():
    assert extract_toll("Motorcycle bomb kills 16 outside a bakery in Hasakeh").killed == 16


def test_the_martyred_are_dead():
    toll = extract_toll("About 15 young Assyrian men were martyred defending their villages on the Khabour, a church official said.")
    assert toll.killed == 15


def test_two_dozen_dead_are_twenty_four():
    assert parse_number("two dozen") == 24
    assert extract_toll("Rescue workers said two dozen people were killed in the strikes on Aleppo.").killed == 24


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        ("Army shelling on the town of Douma killed another two civilians, the monitor said.", 2),
        ("A Russian air strike on Maarat al-Numan killed a further three civilians on Sunday.", 3),
    ],
)
def test_dead_counted_as_another_or_a_further_number_after_killed_are_a_toll(sentence, killed):
    assert extract_toll(sentence).killed == killed


@pytest.mark.parametrize(
    "sentence",
    [
        "The hospital bombing in Qardaha came as the monitor reported that troops had executed 48 people in Rityan that week.",
        "The assault on the Division 17 base comes less than two weeks after IS killed 270 guards at the Shaar gas field.",
    ],
)
def test_the_dead_of_what_an_attack_came_after_or_beside_are_not_its_toll(sentence):
    assert extract_toll(sentence).killed is None


def test_an_agency_crosshead_run_into_the_text_does_not_add_its_figure():
    sentence = "- Troops kill 10 children - Meanwhile the monitor said troops executed 48 people in Rityan, among them 10 children."
    assert extract_toll(sentence).killed == 48


def test_deaths_from_malnutrition_under_siege_are_no_toll_of_an_attack():
    assert extract_toll("Doctors in besieged Eastern Ghouta said two infants had died of malnutrition that week.").killed is None


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        ("Washington says the sarin attack on Ghouta on August 21 killed more than 1,400 people.", 1400),
        ("Government forces and militias carried out the Houla massacre on May 25, killing 108 people.", 108),
    ],
)
def test_a_day_of_the_month_after_its_month_is_no_count_of_the_dead(sentence, killed):
    assert extract_toll(sentence).killed == killed


@pytest.mark.parametrize(
    "sentence",
    [
        "Friday 22 Jul 2016 Nearly 40 Syrian soldiers were killed on Thursday when rebels set off a tunnel bomb.",
        "Updated 22 Oct. 2016 At least 40 people were killed in air strikes on the city, the monitor said.",
    ],
)
def test_a_day_before_a_short_month_and_a_year_is_no_count_of_the_dead(sentence):
    assert extract_toll(sentence).killed == 40


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        ("Three suicide bombers killed two people near the police headquarters in Damascus on Wednesday.", 2),
        ("Rescuers said the two air raids on Urum al-Joz on Saturday afternoon killed 19 people.", 19),
        ("Two ISIS suicide bombers driving trucks full of explosives have killed at least 30 Kurdish fighters in Hasakeh.", 30),
    ],
)
def test_counted_attackers_or_raids_are_not_counted_among_the_dead(sentence, killed):
    assert extract_toll(sentence).killed == killed


def test_attackers_who_died_are_still_counted():
    assert extract_toll("Three suicide bombers died in their attack on the police headquarters in Damascus on Wednesday.").killed == 3


def test_a_figure_told_again_by_killing_in_the_same_sentence_is_counted_once():
    sentence = "Twenty-six civilians were killed when regime jets pounded the al-Maghayer district of Aleppo killing 26 civilians."
    assert extract_toll(sentence).killed == 26


def test_more_dead_told_by_killing_with_the_same_figure_still_add_up():
    sentence = "Rebel rockets killed three children at a school in Aleppo's Shahba district, killing three more people in a house in Hamdaniyeh."
    assert extract_toll(sentence).killed == 6


def test_wounded_who_died_bringing_the_toll_to_a_figure_give_that_figure():
    sentence = "More of the wounded died overnight, bringing the toll of the Atareb market strike to 61, the monitor said."
    assert extract_toll(sentence).killed == 61


def test_a_total_with_its_subset_set_off_by_commas_before_the_verb_is_read_whole():
    toll = extract_toll("Seventy-six people, including 28 children, were killed when army helicopters dropped barrel bombs on Aleppo.")
    assert toll.killed == 76


@pytest.mark.parametrize(
    "sentence",
    [
        "The monitor raised its toll for the Rashidin convoy bombing to 126 from 112.",
        "The toll of the Rashidin convoy bombing rose from 112 to 126, the monitor said.",
        "At least 126 people died in the Rashidin convoy bombing, up from an earlier toll of 112.",
    ],
)
def test_an_updated_toll_gives_the_update_not_the_sum_with_the_figure_it_replaced(sentence):
    assert extract_toll(sentence).killed == 126


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        ("A suspected chlorine attack on Aleppo's al-Sakhour district killed a family of six, activists said.", 6),
        ("The chlorine gas dropped on al-Sakhour killed a father and his four children in their home.", 5),
        ("The gas killed four siblings and their father in al-Sakhour on Sunday.", 5),
        ("A coalition raid on Manbij killed two women and their seven children, the monitor said.", 9),
    ],
)
def test_people_counted_by_kinship_are_read_as_the_dead_they_add_up_to(sentence, killed):
    assert extract_toll(sentence).killed == killed


def test_a_figure_after_beheaded_is_a_toll():
    assert extract_toll("In a video released in November 2014 Islamic State militants beheaded 18 Syrian soldiers.").killed == 18


def test_people_killed_or_wounded_together_are_no_count_of_the_dead():
    assert extract_toll("More than 100 people were killed or wounded in the truck bombing in Qamishli, Kurdish media said.").killed is None


def test_a_clause_about_when_the_attack_came_keeps_the_attacks_own_toll():
    sentence = "The air strike on the Idlib vegetable market which came as people shopped for the Ramadan evening meal killed 36 people."
    assert extract_toll(sentence).killed == 36


def test_a_second_count_run_in_with_more_adds_to_the_first():
    sentence = "Government shelling killed eight people in Douma on Thursday Six more died in rebel rocket attacks on western Aleppo."
    assert extract_toll(sentence).killed == 14


def test_two_sources_saying_two_figures_in_one_sentence_give_the_lowest():
    sentence = "The Aleppo Media Center said 45 people were killed on Saturday while the Observatory said 30 died in Aleppo province."
    assert extract_toll(sentence).killed == 30


def test_a_toll_told_without_a_source_beside_another_sources_figure_for_other_dead_adds_up():
    sentence = "Government shelling killed eight people in Douma on Thursday while state media said rebel rockets killed six people in west Aleppo."
    assert extract_toll(sentence).killed == 14


def test_a_share_of_the_dead_told_after_the_toll_is_no_new_dead():
    toll = extract_toll("The monitor said rebels made up at least 14 of the dead, and civilians waiting at the checkpoint were also killed.")
    assert toll.killed is None


def test_a_time_stamp_left_before_the_first_sentence_is_not_counted():
    toll = extract_toll("1145 The missile strike on the airbase killed four soldiers, a military source said on Friday.")
    assert toll.killed == 4


def test_a_total_followed_by_how_each_died_is_counted_once():
    toll = extract_toll("The monitor said 12 men from the tribe were executed on Friday, 11 shot dead and one beheaded near the city.")
    assert toll.killed == 12


@pytest.mark.parametrize(
    "sentence",
    [
        "A mine that exploded in the village claimed the life of a woman and wounded six of her relatives.",
        "A bomb hidden in the mosque went off during prayers on Friday, killing the imam who led them.",
    ],
)
def test_one_named_or_described_person_killed_is_a_toll_of_one(sentence):
    assert extract_toll(sentence).killed == 1


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        ("Clashes between the two sides have rocked the city, leaving 23 civilians dead.", 23),
        ("Fighting left 23 civilians, including nine children, dead in the city.", 23),
        ("At least 32 people were killed in the strikes, with 18 bodies pulled from flattened buildings in one district.", 32),
    ],
)
def test_the_sides_that_fought_an_inset_subset_and_bodies_from_one_site_are_not_more_dead(sentence, killed):
    assert extract_toll(sentence).killed == killed


def test_a_toll_given_according_to_the_latest_count_after_its_verb_is_read():
    toll = extract_toll("Militants fired dozens of rockets at the district on Friday, killing according to the latest toll 44 civilians.")
    assert toll.killed == 44


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        ("Rockets fell on the western districts, leading to the death of eight people and the injury of 89.", 8),
        ("The shelling led to the martyrdom of three citizens, the agency said.", 3),
        ("A helicopter dropped a barrel bomb on the house, killing the four children inside.", 4),
    ],
)
def test_the_death_of_a_count_and_a_count_after_the_are_read(sentence, killed):
    assert extract_toll(sentence).killed == killed


@pytest.mark.parametrize(
    ("sentence", "killed", "wounded"),
    [
        ("Another man and a woman were killed when rockets hit the nearby town of Kafr Awid.", 2, None),
        ("Twin suicide blasts hit a checkpoint on the airport road near Damascus, claiming 4 martyrs and 13 injured.", 4, 13),
    ],
)
def test_people_told_one_by_one_and_martyrs_are_counted_among_the_dead(sentence, killed, wounded):
    toll = extract_toll(sentence)
    assert (toll.killed, toll.wounded) == (killed, wounded)


def test_a_man_and_a_woman_who_were_only_wounded_are_not_dead():
    assert extract_toll("A man and a woman were wounded when a shell hit their house.").killed is None


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        ("The death toll from Tuesday's rocket attacks on the same neighbourhood of Aleppo was put at 8 civilians.", 8),
        ("A ninth man was executed and crucified in the town of al-Bab.", 1),
        ("The group said Nusra Front had executed an air force pilot it captured near Jayrud.", 1),
    ],
)
def test_a_toll_put_at_a_figure_and_one_person_executed_are_counted(sentence, killed):
    assert extract_toll(sentence).killed == killed


def test_an_estimated_count_after_the_killing_verb_is_the_toll():
    assert extract_toll("Government troops killed an estimated 35 militants near the town on Sunday.").killed == 35


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        # Aleppo, 5 September 2016: rocket fire on the al-Midan quarter.
        ("Rocket fire on the al-Midan quarter of Aleppo killed a small boy, a small girl and two women.", 4),
        ("A small boy, a small girl and two women were killed when rockets hit the al-Midan quarter of Aleppo.", 4),
        # North-western Syria, 4 April 2017: a daytime air strike on a village.
        ("A daytime air strike on a village in the north-west killed a woman and nine children.", 10),
    ],
)
def test_people_told_one_by_one_count_with_the_figure_after_them(sentence, killed):
    assert extract_toll(sentence).killed == killed


def test_people_told_one_by_one_inside_a_total_do_not_add_to_it():
    # Aleppo, 6 September 2016: rockets on al-Athamiyeh.
    sentence = "Six civilians including a woman and two children were killed by rockets fired on al-Athamiyeh in Aleppo."
    assert extract_toll(sentence).killed == 6


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        # Near the Tishrin Dam, 17 July 2016: an IS emir and his men killed fighting the SDF.
        ("A local IS emir and at least 34 of his fighters died in fighting with the SDF near the Tishrin Dam.", 35),
        # Al-Rastan countryside, July 2016: a Nusra Front emir killed with his men.
        ("Mahmoud Abdulkarim Brouq and at least 10 members of the Nusra Front were killed by the army near al-Rastan.", 11),
        # Eastern Ghouta, August 2013: a tunnel used to store weapons blew up.
        ("A rebel in Ghouta said his son and 12 other fighters died inside a tunnel where weapons were stored.", 13),
    ],
)
def test_a_man_named_beside_a_count_of_his_men_is_one_more_dead(sentence, killed):
    assert extract_toll(sentence).killed == killed


def test_two_counted_groups_joined_by_and_simply_add_up():
    # South of Tabqa, 13 June 2016: an IS counterattack on the advancing government forces.
    assert extract_toll("Eleven government fighters and 17 IS militants were killed in the counterattack south of Tabqa.").killed == 28


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        # Deir ez-Zor province, October 2017: the Russian defence ministry's account of its strikes near Hatla.
        ("Russian aircraft eliminated 34 militants near the village of Hatla, the defence ministry said.", 34),
        # Raqqa countryside, 15 April 2017, as Sputnik reported it.
        ("Some 24 IS militants were eliminated near Raqqa, Kurdish media said.", 24),
        ("The ministry confirmed the elimination of 34 militants and five off-road vehicles near Hatla.", 34),
    ],
)
def test_fighters_eliminated_are_fighters_killed(sentence, killed):
    assert extract_toll(sentence).killed == killed


def test_dead_already_counted_in_another_strike_do_not_add_to_a_new_count():
    # Aleppo, 3 June 2016: a bus hit on the road north of the city, then raids on the eastern districts.
    sentence = "Besides the 10 civilians killed when jets hit a bus near Aleppo, 21 more died in raids on the eastern districts."
    assert extract_toll(sentence).killed == 21


def test_a_running_total_over_hours_after_the_days_figure_leaves_the_days_figure():
    # Aleppo, 17 October 2016.
    sentence = "Air strikes on Aleppo killed at least 12 civilians on Monday, bringing to 45 the number killed there in 24 hours."
    toll = extract_toll(sentence)
    assert (toll.killed, toll.cumulative) == (12, False)


def test_a_toll_brought_up_by_those_who_died_of_their_wounds_is_the_incidents_toll():
    # Atareb, 13 November 2017: air strikes on the market.
    sentence = "Several of the wounded from the Atareb market strikes died overnight, bringing the toll of the strikes to 61."
    assert extract_toll(sentence).killed == 61


def test_a_share_of_the_lorries_in_a_convoy_is_not_a_toll():
    # Urum al-Kubra, 19 September 2016: the strike on the UN and Red Crescent aid convoy.
    sentence = "At Urum al-Kubra 18 of the 31 lorries in the aid convoy were destroyed and 20 civilians were killed."
    assert extract_toll(sentence).killed == 20


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        # Urum al-Kubra, 19 September 2016: the Red Cross federation's count after the aid convoy was hit.
        ('The federation said "about 20 civilians and one SARC (Syrian Arab Red Crescent) volunteer were killed" as lorries were unloaded.', 21),
        # Atareb, 13 November 2017: the monitor's first count after the market was bombed.
        ('The monitor said the strikes on the Atareb market killed "at least 53 civilians" on Monday.', 53),
        # Northern Aleppo countryside, April 2016: Turkish shelling of IS positions.
        ("At least 23 IS (Daesh) militants were killed by Turkish artillery fire north of Aleppo, a Turkish broadcaster said.", 23),
    ],
)
def test_an_aside_in_brackets_or_quotation_marks_does_not_hide_a_toll(sentence, killed):
    assert extract_toll(sentence).killed == killed


def test_a_time_of_day_before_a_strike_is_not_a_toll():
    # Khan Tuman, 20 September 2016: the clinic levelled in a night strike.
    sentence = "The clinic in Khan Tuman was levelled in the 11 pm (2000 GMT) strike and more dead were feared under the rubble."
    assert extract_toll(sentence).killed is None


def test_a_page_counter_run_into_the_lead_is_not_a_toll():
    # Tabqa, 28 April 2017: the SDF's advance into the city.
    sentence = "Topic Battle for Raqqa 0 54 The SDF killed 23 IS members and took three districts of Tabqa on Friday."
    assert extract_toll(sentence).killed == 23
    # Homs province, 7 April 2017: a page's time stamp left before the first sentence.
    assert extract_toll("0914 The US missile strike on the Shayrat airbase killed six people, the army said.").killed == 6


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        # Homs, 9 April 2014: two car bombs in Karm al-Loz, as the state agency told it.
        ("SANA said 25 people fell as martyrs when two car bombs went off in the Karm al-Loz district of Homs.", 25),
        # Homs, 1 October 2014: the twin blasts outside the Akrama school.
        ("The twin blasts outside the Akrama school took the lives of at least 41 children.", 41),
        # Deir Hafer, 28 June 2014: IS punishments of rebels east of Aleppo.
        ("IS killed and crucified eight rebels in the town of Deir Hafer.", 8),
        # Idlib province, 15 September 2013: the bomb under a bus that killed a Baath party journalist.
        ("The journalist was killed along with two other people when a bomb hit their bus.", 3),
        # Eastern Aleppo, 2016: the shelling of a children's hospital.
        ("The bombardment killed a two-day-old baby in the children's hospital.", 1),
        # Daraa countryside, 30 October 2016: the army's account of a rebel attack repelled near Ibtaa.
        ("The army said it killed a confirmed 33 militants near Ibtaa on Sunday.", 33),
        # Al-Maleh north of Aleppo, June 2016: a government assault and the counterattack.
        ("Fighting at Al-Maleh killed 30 government soldiers as well as 39 rebels, the Observatory said.", 69),
    ],
)
def test_the_dead_told_in_other_words_are_counted(sentence, killed):
    assert extract_toll(sentence).killed == killed


def test_an_aside_between_dashes_does_not_hide_the_one_person_killed():
    # Raqqa province, July 2014: a stoning carried out by IS.
    sentence = "In Raqqa province a woman - condemned for adultery by an IS court - was stoned to death, the monitor said."
    assert extract_toll(sentence).killed == 1


def test_an_aside_between_dashes_that_holds_a_count_is_kept():
    # Aleppo, 2016: a headline built from dashes.
    assert extract_toll("Rebel shells hit Aleppo - five civilians killed - state media say").killed == 5


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        # Deir Ezzor and Aleppo, 30 October 2016: the state agency's crossheads run into their paragraphs.
        (
            "A woman killed 30 injured in IS attacks in Deir Ezzor In the same context a woman was killed "
            "and 30 other people were injured by IS shelling of the al-Joura and al-Qusour neighborhoods.",
            1,
        ),
        (
            "Two killed 6 injured in rocket attacks in Aleppo Earlier two persons including a child were killed "
            "and 6 others were injured when rockets hit the al-Hamadaniyeh neighborhood.",
            2,
        ),
    ],
)
def test_a_crosshead_run_into_a_paragraph_that_opens_with_in_or_earlier_is_not_counted_twice(sentence, killed):
    assert extract_toll(sentence).killed == killed


def test_a_second_count_run_in_after_a_headline_still_adds_up():
    # Aleppo and Idlib, 2016: two places, each with its own dead, with the full stop lost.
    assert extract_toll("Five were killed in Aleppo In Idlib four more died").killed == 9


def test_a_mother_and_her_child_who_have_died_are_two_dead():
    # Aleppo, November 2016: a barrel bomb on a house near Masaken Hanano.
    assert extract_toll("A mother and her little son have died after a bomb dropped from a helicopter hit their house.").killed == 2


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        # Idlib, April 2016: the Nusra Front spokesman Abu Firas al-Suri, his son and about 20 others, in one air strike.
        ("Abu Firas al-Suri his son and at least 20 jihadists of the Nusra Front died in the strikes on Kafr Jales.", 22),
        ("The group's spokesman his son and 20 other fighters were killed in Sunday's air raid.", 22),
        # The father who speaks is not among the dead.
        ("The father said his son and 12 other militants were killed when the tunnel was hit.", 13),
    ],
)
def test_a_man_listed_before_his_son_and_the_others_killed_with_them_counts_too(sentence, killed):
    assert extract_toll(sentence).killed == killed


@pytest.mark.parametrize(
    "sentence",
    [
        # Hasakeh, July 2015: the dead of a month's fight for the city.
        "At least 287 IS fighters had been killed in the fight for Hasakeh as well as in coalition strikes outside the city, he said.",
        "The offensive has killed 150 civilians since it began, the monitor said.",
        # Turkey's offensive in the northeast, October 2019.
        "Some 60 civilians have been killed since Turkey launched its offensive on Wednesday, the Observatory said.",
        "Nearly 100 fighters from both sides have died since the battle erupted on Friday.",
        "The death toll from the week of air strikes on Eastern Ghouta has reached 400.",
        "Thousands of people have died during the siege, aid groups say.",
    ],
)
def test_the_dead_of_a_battle_since_it_began_are_a_running_total(sentence):
    toll = extract_toll(sentence)
    assert toll.cumulative and toll.killed is None


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        # Saraqeb, 1 August 2016: the Mi-8 shot down with five aboard.
        (
            "A Russian helicopter was shot down near Saraqeb on Monday, killing all five people on board in the biggest "
            "acknowledged loss of life for Russian forces since they began operations in Syria.",
            5,
        ),
        ("Air strikes killed 20 people in Douma on Monday, the deadliest day since the offensive began.", 20),
    ],
)
def test_a_span_that_measures_a_superlative_leaves_the_day_s_toll(sentence, killed):
    toll = extract_toll(sentence)
    assert (toll.killed, toll.cumulative) == (killed, False)
