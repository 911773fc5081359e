"""The evaluation harness computes its figures correctly (evaluate.py)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import need_shared

from conflictmap.evaluate import (
    BLIND_GOLD,
    DEFAULT_FAKES,
    DEFAULT_GOLD,
    DEFAULT_OCHA,
    DEFAULT_SEED,
    DEVELOPMENT_GOLD,
    SECOND_ANNOTATION_DIR,
    GoldArticle,
    GoldEvent,
    Scores,
    annotator_agreement,
    bars_report,
    date_correct,
    error_kinds,
    fatalities_correct,
    load_gold,
    main,
    match_events,
    ocha_imported_geocoder,
    pooled,
    read_fakes,
    score_article,
)
from conflictmap.geocode import OfflineGeocoder
from conflictmap.record import EVENT_TYPES, SUB_EVENT_TYPES, Event

AIR = ("Explosions/Remote violence", "Air/drone strike")
SHELL = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
CLASH = ("Battles", "Armed clash")
ATAREB = (36.1381, 36.8219)
ALEPPO = (36.2031, 37.1409)
DAMASCUS = (33.5102, 36.2913)


def gold(kind, point, dates=("2017-11-13",), fatalities=None):
    return GoldEvent(list(dates), "somewhere", point[0], point[1], kind[0], kind[1], fatalities=fatalities)


def predicted(kind, point, date="2017-11-13", precision=1, fatalities=None, geo_precision=1):
    return Event(
        article_id="a1",
        event_type=kind[0],
        sub_event_type=kind[1],
        evidence="a sentence",
        event_date=date,
        time_precision=precision,
        latitude=point[0],
        longitude=point[1],
        geo_precision=geo_precision,
        fatalities=fatalities,
    )


class _Article:
    def __init__(self, published):
        self.published = published


def test_precision_recall_and_f1_follow_from_matched_counts():
    scores = Scores()
    golds = [gold(AIR, ATAREB, fatalities=61), gold(SHELL, DAMASCUS, fatalities=2), gold(CLASH, ALEPPO)]
    found = [
        predicted(AIR, (36.14, 36.83), fatalities=61),  # about 1 km from Atareb
        predicted(AIR, ALEPPO, date="2017-11-10"),  # Aleppo: a clash in gold, typed wrong here
        predicted(AIR, (35.0, 40.0)),  # far from every gold event
        predicted(SHELL, (34.0, 38.0)),  # likewise
    ]
    score_article(scores, GoldArticle("x", "2017-11-14", golds), _Article(dt.date(2017, 11, 14)), found)
    assert (scores.gold, scores.predicted, len(scores.matches)) == (3, 4, 2)
    assert scores.precision == pytest.approx(2 / 4)
    assert scores.recall == pytest.approx(2 / 3)
    assert scores.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert scores.sub_type_accuracy == pytest.approx(1 / 2)
    assert scores.date_accuracy == pytest.approx(1 / 2)
    assert scores.fatalities_accuracy == pytest.approx(2 / 2)  # 61 = 61, and none reported on both sides
    assert scores.published_correct == 1


def test_matching_is_one_to_one_and_prefers_the_same_sub_event_type():
    golds = [gold(AIR, ALEPPO), gold(SHELL, ALEPPO)]
    found = [predicted(SHELL, ALEPPO), predicted(AIR, (36.21, 37.15))]
    matches = match_events(golds, found)
    assert len(matches) == 2
    assert all(m.gold.sub_event_type == m.predicted.sub_event_type for m in matches)
    assert len(match_events([gold(AIR, ALEPPO)], found)) == 1


def test_an_event_farther_than_the_match_distance_does_not_match():
    assert match_events([gold(AIR, ATAREB)], [predicted(AIR, ALEPPO)], max_km=10) == []
    assert len(match_events([gold(AIR, ATAREB)], [predicted(AIR, ALEPPO)], max_km=40)) == 1


def test_a_governorate_point_is_judged_at_the_wider_distance():
    far = predicted(AIR, (36.218, 37.643), geo_precision=3)  # Aleppo governorate's point, ~45 km from the city
    assert len(match_events([gold(AIR, ALEPPO)], [far])) == 1
    precise_but_far = predicted(AIR, (36.218, 37.643), geo_precision=1)
    assert match_events([gold(AIR, ALEPPO)], [precise_but_far]) == []


def test_no_event_reports_count_what_was_added_to_them():
    scores = Scores()
    score_article(scores, GoldArticle("y", None, []), _Article(None), [predicted(AIR, ALEPPO)])
    assert (scores.no_event_articles, scores.events_from_no_event_articles) == (1, 1)
    assert scores.precision == 0.0 and scores.recall == 0.0 and scores.f1 == 0.0


def test_date_and_fatalities_rules():
    undated = gold(AIR, ALEPPO, dates=())
    assert date_correct(undated, predicted(AIR, ALEPPO, date=None, precision=3))
    assert date_correct(undated, predicted(AIR, ALEPPO, date="2017-11-14", precision=2))
    assert not date_correct(undated, predicted(AIR, ALEPPO, date="2017-11-14", precision=1))
    either = gold(AIR, ALEPPO, dates=("2017-10-06", "2017-10-07"))
    assert date_correct(either, predicted(AIR, ALEPPO, date="2017-10-07"))
    assert not date_correct(either, predicted(AIR, ALEPPO, date="2017-10-05"))
    assert fatalities_correct(gold(AIR, ALEPPO, fatalities=0), predicted(AIR, ALEPPO, fatalities=None))
    assert not fatalities_correct(gold(AIR, ALEPPO, fatalities=8), predicted(AIR, ALEPPO, fatalities=11))


def test_sets_taken_together_count_as_one_set_and_the_bars_say_which_hold():
    first, second = Scores(), Scores()
    score_article(first, GoldArticle("x", None, [gold(AIR, ATAREB, fatalities=61)]), _Article(None), [predicted(AIR, ATAREB, fatalities=61)])
    score_article(second, GoldArticle("y", None, [gold(SHELL, DAMASCUS)]), _Article(None), [predicted(AIR, ALEPPO), predicted(AIR, ATAREB)])
    score_article(second, GoldArticle("z", None, []), _Article(None), [predicted(CLASH, ALEPPO)])
    together = pooled([first, second])
    assert (together.gold, together.predicted, len(together.matches)) == (2, 4, 1)
    assert together.precision == pytest.approx(1 / 4) and together.recall == pytest.approx(1 / 2)
    report = bars_report(together)
    assert "recall 0.50 below 0.80" in report and "precision 0.25 below 0.75" in report
    assert "exact fatalities 1.00 meets 0.80" in report and "events from no-event reports 1 below 0" in report


def test_a_second_annotation_is_scored_against_the_first_with_shared_days_as_agreeing_dates():
    first = [
        GoldArticle("x", None, [gold(AIR, ATAREB, dates=("2017-11-13",), fatalities=61), gold(SHELL, DAMASCUS)]),
        GoldArticle("y", None, []),
    ]
    second = [
        GoldArticle("x", None, [gold(AIR, ATAREB, dates=("2017-11-12", "2017-11-13"), fatalities=60)]),
        GoldArticle("y", None, [gold(CLASH, ALEPPO)]),
    ]
    scores = annotator_agreement(first, second)
    assert (scores.gold, scores.predicted, len(scores.matches)) == (2, 2, 1)
    assert scores.date_accuracy == 1.0 and scores.fatalities_accuracy == 0.0 and scores.type_accuracy == 1.0
    assert scores.events_from_no_event_articles == 1
    with pytest.raises(ValueError, match="not in the second annotation"):
        annotator_agreement(first, second[:1])


def test_make_eval_prints_the_agreement_of_two_annotators_when_a_second_annotation_exists(tmp_path, capsys):
    event = {"dates": ["2017-11-13"], "place": "Atareb", "latitude": ATAREB[0], "longitude": ATAREB[1],
             "event_type": AIR[0], "sub_event_type": AIR[1], "fatalities": 61}
    (tmp_path / "first").mkdir(), (tmp_path / "second").mkdir()
    (tmp_path / "first" / "pair.json").write_text(json.dumps([{"article": "seed", "published": None, "events": [event]}]))
    (tmp_path / "second" / "pair.json").write_text(json.dumps([{"article": "seed", "published": None, "events": [dict(event, fatalities=59)]}]))
    seed = tmp_path / "seed.txt"
    seed.write_text("Nothing happened here.\n")
    fakes = tmp_path / "fakes.csv"
    fakes.write_text("unit_id,article_title,article_content,source,date,location,labels\n")
    args = ["--gold", str(tmp_path / "first" / "pair.json"), "--second", str(tmp_path / "second"), "--fakes", str(fakes),
            "--seed", str(seed), "--no-corpus", "--no-ocha"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "two annotators on pair" in out
    assert "agreement: P 1.00 R 1.00" in out and "fatalities 0.00" in out


def test_each_second_annotation_covers_the_same_articles_as_a_set_in_the_evaluation():
    seconds = sorted(SECOND_ANNOTATION_DIR.glob("*.json"))
    assert seconds, "heldout12 has a second annotation"
    for path in seconds:
        first = SECOND_ANNOTATION_DIR.parent / path.name
        assert first in DEFAULT_GOLD
        assert [a.article for a in load_gold(path)] == [a.article for a in load_gold(first)]
        for article in load_gold(path):
            for event in article.events:
                assert event.sub_event_type in SUB_EVENT_TYPES[event.event_type]
                assert 32.0 < event.latitude < 37.5 and 35.5 < event.longitude < 42.5, "inside Syria"


def test_error_kinds_tell_misplaced_events_from_unread_ones_and_how_tolls_are_wrong():
    scores = Scores()
    # one incident put 40 km off: a miss beside an extra
    score_article(scores, GoldArticle("x", None, [gold(AIR, ALEPPO, fatalities=10)]), _Article(None), [predicted(AIR, ATAREB, fatalities=10)])
    # one incident not read at all, one found with too high a toll, one with no toll
    gold_events = [gold(SHELL, DAMASCUS), gold(AIR, ATAREB, fatalities=5), gold(CLASH, ALEPPO, fatalities=3)]
    score_article(scores, GoldArticle("y", None, gold_events), _Article(None), [predicted(AIR, ATAREB, fatalities=7), predicted(CLASH, ALEPPO)])
    # an extra event in a report of none
    score_article(scores, GoldArticle("z", None, []), _Article(None), [predicted(CLASH, ALEPPO, fatalities=2)])
    together = pooled([scores])
    assert (together.misses_beside_extras, together.misses_alone, together.extras_alone) == (1, 1, 1)
    kinds = error_kinds(together)
    assert "missed with an extra event in the same report 1, missed alone 1, extra alone 1" in kinds
    assert "tolls too high 1, too low 0, missing 1, given where the report gives none 0" in kinds


def test_blind_sets_are_apart_from_the_development_sets():
    assert not set(BLIND_GOLD) & set(DEVELOPMENT_GOLD)
    assert DEFAULT_GOLD == DEVELOPMENT_GOLD + BLIND_GOLD
    assert all(path.exists() for path in DEFAULT_GOLD)


def test_the_gold_files_hold_only_valid_codebook_facts():
    seen = set()
    for path in DEFAULT_GOLD:
        raw = json.loads(path.read_text(encoding="utf-8"))
        assert all(set(item) == {"article", "published", "events"} for item in raw)
        for article in load_gold(path):
            assert article.article not in seen, "an article is in both sets or twice"
            seen.add(article.article)
            for event in article.events:
                assert event.event_type in EVENT_TYPES
                assert event.sub_event_type in SUB_EVENT_TYPES[event.event_type]
                assert 32.0 < event.latitude < 37.5 and 35.5 < event.longitude < 42.5, "inside Syria"
                assert all(dt.date.fromisoformat(d) for d in event.dates)
    dev = load_gold(DEFAULT_GOLD[0])
    assert len([a for a in dev if a.article.startswith("fakes:")]) >= 60
    assert any(a.article == "seed" for a in dev)
    assert len(load_gold(DEFAULT_GOLD[1])) >= 20


def test_each_gold_event_points_at_one_sentence_of_its_article():
    # The evaluation reads an article by its unit id, so the text is the one the id names last in the corpus.
    texts = {f"fakes:{row['unit_id']}": row["article_content"] for row in read_fakes(need_shared(DEFAULT_FAKES))}
    texts["seed"] = need_shared(DEFAULT_SEED).read_text(encoding="utf-8")
    # Blind sets annotated before evidence was asked for; they are not reopened.
    without_evidence = {"heldout11", "heldout12", "heldout13", "heldout14"}
    for path in DEFAULT_GOLD:
        for article in load_gold(path):
            text = texts[article.article]
            for event in article.events:
                if path.stem in without_evidence:
                    assert event.evidence is None
                    continue
                assert event.evidence is not None, (path.stem, article.article, "no evidence")
                start, end = event.evidence
                sentence = text[start:end]
                assert 0 <= start < end <= len(text) and sentence == sentence.strip(), (path.stem, article.article)
                assert len(sentence.split()) >= 4, (path.stem, article.article, "a sentence, not a word")


def test_the_ocha_scoring_finds_villages_the_built_in_gazetteer_lacks():
    geocoder = ocha_imported_geocoder(need_shared(DEFAULT_OCHA))
    assert OfflineGeocoder().geocode("Misraba", admin1="Rural Damascus") is None
    found = geocoder.geocode("Misraba", admin1="Rural Damascus")
    assert found is not None and abs(found.latitude - 33.55) < 0.05
