"""Evaluation of extraction against hand-annotated gold events.

The gold files (tests/eval/dev.json and heldout.json to heldout24.json; DEVELOPMENT_GOLD
and BLIND_GOLD say which are which) hold facts only: an article reference ("fakes:<unit_id>" for a row
of the FA-KES corpus, "seed" for the founding report), the publication date the
article states, and for each event the acceptable dates, the place with its
coordinates, the ACLED event and sub-event type, the two actors and the fatalities, and (in every set
but heldout11 to heldout14) the character offsets of the sentence that reports it. Article texts are read from
../shared at run time and never copied into the repository.

Matching rule (printed with the figures): an extracted event and a gold event
can match only when they come from the same article and the extracted point
lies within MATCH_KM of the gold point. Among such pairs, matching is greedy
and one-to-one: pairs with the same sub-event type first, then pairs whose
date is correct, then the nearest.

Usage: python -m conflictmap.evaluate [--gold FILE ...] [--second DIR] [--fakes CSV] [--seed FILE]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import statistics
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conflictmap.articles import Article, ArticleError, parse_article, read_article_file
from conflictmap.gazetteer import distance_km, find_governorate
from conflictmap.geocode import OfflineGeocoder
from conflictmap.pipeline import article_events
from conflictmap.record import Event

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SHARED = PROJECT_ROOT.parent / "shared"
DEFAULT_FAKES = SHARED / "data" / "fakes" / "FA-KES-Dataset.utf8.csv"
DEFAULT_SEED = SHARED / "seeds" / "000_6edb6db96584332b.txt"
# OCHA's populated places, imported into a scratch database as an analyst's deployment would.
DEFAULT_OCHA = SHARED / "data" / "ocha2015_syr_admin4_point.geojson"
EVAL_DIR = PROJECT_ROOT / "tests" / "eval"
# Sets whose errors have been read while rules were written: development data.
DEVELOPMENT_GOLD = (
    EVAL_DIR / "dev.json",
    EVAL_DIR / "heldout.json",
    EVAL_DIR / "heldout2.json",
    EVAL_DIR / "heldout3.json",
    EVAL_DIR / "heldout4.json",
    EVAL_DIR / "heldout5.json",
    EVAL_DIR / "heldout6.json",
    EVAL_DIR / "heldout7.json",
    EVAL_DIR / "heldout8.json",
    EVAL_DIR / "heldout9.json",
    EVAL_DIR / "heldout10.json",
    # Annotated blind in session 8, scored once in aggregate, then read as development data.
    EVAL_DIR / "heldout19.json",
    EVAL_DIR / "heldout20.json",
    EVAL_DIR / "heldout21.json",
    EVAL_DIR / "heldout22.json",
    # Annotated blind in session 15 from the last 17 FA-KES texts no set held, scored once, then read.
    EVAL_DIR / "heldout24.json",
)
# Sets annotated blind and only ever scored in aggregate: how the rules carry over to unseen reports.
BLIND_GOLD = (
    EVAL_DIR / "heldout11.json",
    EVAL_DIR / "heldout12.json",
    EVAL_DIR / "heldout13.json",
    EVAL_DIR / "heldout14.json",
    EVAL_DIR / "heldout15.json",
    EVAL_DIR / "heldout16.json",
    EVAL_DIR / "heldout17.json",
    EVAL_DIR / "heldout18.json",
    # Annotated blind in session 13 from the last FA-KES texts no set held; first scored with session 12's code.
    EVAL_DIR / "heldout23.json",
)
DEFAULT_GOLD = DEVELOPMENT_GOLD + BLIND_GOLD
# A second, independent annotation of a set, under the set's own file name: scored against the first
# as if it were the extractor, it shows how far two careful annotators agree.
SECOND_ANNOTATION_DIR = EVAL_DIR / "second"
# Issue 3's bars for unseen reports: (label, attribute of Scores, lowest value that passes).
BARS = (
    ("recall", "recall", 0.80),
    ("precision", "precision", 0.75),
    ("event type", "type_accuracy", 0.80),
    ("exact fatalities", "fatalities_accuracy", 0.80),
    ("date", "date_accuracy", 0.85),
)
MATCH_KM = 25.0
# An event the extractor could place only at a governorate's point is judged at this distance.
MATCH_KM_GOVERNORATE = 50.0

MATCHING_RULE = (
    f"an extracted and a gold event match when they come from the same article and lie within {MATCH_KM:g} km"
    f" ({MATCH_KM_GOVERNORATE:g} km when the extracted point is only a governorate's); "
    "greedy one-to-one, preferring the same sub-event type, then a correct date, then the nearest"
)


@dataclass
class GoldEvent:
    dates: list[str]
    place: str
    latitude: float
    longitude: float
    event_type: str
    sub_event_type: str
    actor1: str | None = None
    actor2: str | None = None
    fatalities: int | None = None
    admin1: str | None = None
    # [start, end) character offsets of the sentence that reports the event in the
    # article's text (the text itself is never stored); every set but the blind
    # heldout11 to heldout14, which were annotated before evidence was asked for.
    evidence: list[int] | None = None


@dataclass
class GoldArticle:
    article: str
    published: str | None
    events: list[GoldEvent]


@dataclass
class Match:
    gold: GoldEvent
    predicted: Event
    distance_km: float


@dataclass
class Scores:
    """Counts from which every printed figure is computed."""

    gold: int = 0
    predicted: int = 0
    matches: list[Match] = field(default_factory=list)
    no_event_articles: int = 0
    events_from_no_event_articles: int = 0
    published_known: int = 0
    published_correct: int = 0
    # How the misses and extras fall within each report: a miss beside an extra is most often one
    # incident put in the wrong place; a miss alone was not read at all; an extra alone is not news.
    misses_beside_extras: int = 0
    misses_alone: int = 0
    extras_alone: int = 0

    @property
    def precision(self) -> float:
        return len(self.matches) / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return len(self.matches) / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def _share(self, correct: Iterable[bool]) -> float:
        values = list(correct)
        return sum(values) / len(values) if values else 0.0

    @property
    def type_accuracy(self) -> float:
        return self._share(m.gold.event_type == m.predicted.event_type for m in self.matches)

    @property
    def sub_type_accuracy(self) -> float:
        return self._share(m.gold.sub_event_type == m.predicted.sub_event_type for m in self.matches)

    @property
    def fatalities_accuracy(self) -> float:
        return self._share(fatalities_correct(m.gold, m.predicted) for m in self.matches)

    @property
    def date_accuracy(self) -> float:
        return self._share(date_correct(m.gold, m.predicted) for m in self.matches)

    @property
    def actor1_accuracy(self) -> float:
        return self._share(m.gold.actor1 == m.predicted.actor1 for m in self.matches)

    @property
    def actor2_accuracy(self) -> float:
        return self._share(m.gold.actor2 == m.predicted.actor2 for m in self.matches)

    @property
    def median_location_error_km(self) -> float | None:
        return statistics.median(m.distance_km for m in self.matches) if self.matches else None


def fatalities_correct(gold: GoldEvent, predicted: Event) -> bool:
    """Exact: the same number, where 'none reported' and zero count as the same."""
    return (gold.fatalities or 0) == (predicted.fatalities or 0)


def date_correct(gold: GoldEvent, predicted: Event) -> bool:
    """One of the gold dates; when the text supports no day, no day claimed either."""
    if not gold.dates:
        return predicted.event_date is None or predicted.time_precision > 1
    return predicted.event_date in gold.dates


def load_gold(path: str | Path) -> list[GoldArticle]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return [
        GoldArticle(item["article"], item.get("published"), [GoldEvent(**event) for event in item["events"]])
        for item in data
    ]


def read_fakes(path: str | Path) -> list[dict[str, str]]:
    """Every row of the FA-KES CSV. Nine unit ids occur twice, eight with the same
    text; for 1926479112 the two texts differ by a few characters, and the
    evaluation, keying rows by id, reads the later one."""
    with Path(path).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def fakes_article(row: dict[str, str]) -> Article:
    return parse_article(row["article_content"], name=f"fakes:{row['unit_id']}", title=row["article_title"])


def load_article(reference: str, fakes: dict[str, dict[str, str]], seed: Path) -> Article:
    if reference == "seed":
        return read_article_file(seed)
    kind, _, ident = reference.partition(":")
    if kind != "fakes" or ident not in fakes:
        raise KeyError(f"unknown article reference {reference!r}")
    return fakes_article(fakes[ident])


def match_events(
    gold: Sequence[GoldEvent],
    predicted: Sequence[Event],
    max_km: float = MATCH_KM,
    governorate_km: float = MATCH_KM_GOVERNORATE,
) -> list[Match]:
    """Greedy one-to-one matching of one article's events (see the module docstring)."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if p.latitude is None or p.longitude is None:
                continue
            km = distance_km(g.latitude, g.longitude, p.latitude, p.longitude)
            if km <= (governorate_km if p.geo_precision == 3 else max_km):
                key = (g.sub_event_type != p.sub_event_type, not date_correct(g, p), km)
                pairs.append((key, gi, pi, km))
    pairs.sort(key=lambda item: item[0])
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    matches = []
    for _, gi, pi, km in pairs:
        if gi in used_gold or pi in used_predicted:
            continue
        used_gold.add(gi)
        used_predicted.add(pi)
        matches.append(Match(gold[gi], predicted[pi], km))
    return matches


def _count_article(scores: Scores, gold_events: list[GoldEvent], predicted: Sequence[Event], matches: list[Match]) -> None:
    scores.gold += len(gold_events)
    scores.predicted += len(predicted)
    scores.matches.extend(matches)
    misses, extras = len(gold_events) - len(matches), len(predicted) - len(matches)
    scores.misses_beside_extras += min(misses, extras)
    scores.misses_alone += misses - min(misses, extras)
    scores.extras_alone += extras - min(misses, extras)
    if not gold_events:
        scores.no_event_articles += 1
        scores.events_from_no_event_articles += len(predicted)


def score_article(scores: Scores, gold: GoldArticle, article: Article, predicted: list[Event]) -> None:
    _count_article(scores, gold.events, predicted, match_events(gold.events, predicted))
    if gold.published:
        scores.published_known += 1
        scores.published_correct += article.published == dt.date.fromisoformat(gold.published)


def evaluate(
    gold_articles: Sequence[GoldArticle],
    fakes: dict[str, dict[str, str]],
    seed: Path,
    geocoder: OfflineGeocoder,
) -> tuple[Scores, list[dict[str, Any]]]:
    """Scores for a gold set, and per-article details for inspection."""
    scores = Scores()
    details = []
    for gold in gold_articles:
        article = load_article(gold.article, fakes, seed)
        predicted = article_events(article, geocoder)
        before = len(scores.matches)
        score_article(scores, gold, article, predicted)
        details.append(
            {
                "article": gold.article,
                "published": article.published.isoformat() if article.published else None,
                "gold": len(gold.events),
                "predicted": len(predicted),
                "matched": len(scores.matches) - before,
                "events": [
                    {k: e.to_dict()[k] for k in ("event_date", "sub_event_type", "actor1", "actor2", "location", "fatalities")}
                    for e in predicted
                ],
            }
        )
    return scores, details


# Labels in the FA-KES "location" column that cover more than one governorate.
_LABEL_ALSO = {"Damascus": {"Rural Damascus"}}


def corpus_location_agreement(rows: list[dict[str, str]], geocoder: OfflineGeocoder) -> tuple[int, int, int]:
    """(events, events in the article's labelled governorate, articles) over the whole corpus."""
    events = inside = 0
    for row in rows:
        label = find_governorate(row["location"])
        try:
            article = fakes_article(row)
        except ArticleError:
            continue
        for event in article_events(article, geocoder):
            events += 1
            if label is not None and (event.admin1 == label.name or event.admin1 in _LABEL_ALSO.get(label.name, ())):
                inside += 1
    return events, inside, len(rows)


def _as_extracted(article_id: str, event: GoldEvent) -> Event:
    return Event(
        article_id=article_id,
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        evidence="",
        event_date=event.dates[0] if event.dates else None,
        time_precision=1 if event.dates else 3,
        actor1=event.actor1,
        actor2=event.actor2,
        location=event.place,
        admin1=event.admin1,
        latitude=event.latitude,
        longitude=event.longitude,
        geo_precision=1,
        fatalities=event.fatalities,
    )


def annotator_agreement(first: Sequence[GoldArticle], second: Sequence[GoldArticle]) -> Scores:
    """The second annotation scored against the first by the extractor's rules.

    Dates agree when the two annotators accepted a day in common, or neither accepted any.
    """
    by_article = {article.article: article for article in second}
    scores = Scores()
    for gold in first:
        other = by_article.get(gold.article)
        if other is None:
            raise ValueError(f"{gold.article} is not in the second annotation")
        as_extracted = [_as_extracted(gold.article, event) for event in other.events]
        source = {id(converted): event for converted, event in zip(as_extracted, other.events, strict=True)}
        matches = match_events(gold.events, as_extracted)
        for match in matches:
            common = sorted(set(match.gold.dates) & set(source[id(match.predicted)].dates))
            if common:
                match.predicted.event_date = common[0]
        _count_article(scores, gold.events, as_extracted, matches)
    return scores


def pooled(all_scores: Iterable[Scores]) -> Scores:
    """The counts of several sets taken together, as one set."""
    total = Scores()
    for scores in all_scores:
        total.gold += scores.gold
        total.predicted += scores.predicted
        total.matches.extend(scores.matches)
        total.no_event_articles += scores.no_event_articles
        total.events_from_no_event_articles += scores.events_from_no_event_articles
        total.published_known += scores.published_known
        total.published_correct += scores.published_correct
        total.misses_beside_extras += scores.misses_beside_extras
        total.misses_alone += scores.misses_alone
        total.extras_alone += scores.extras_alone
    return total


def error_kinds(scores: Scores) -> str:
    """Counts of the kinds of error, which say what to work on without reading a blind set's events."""
    high = low = missing = unreported = 0
    for match in scores.matches:
        gold, got = match.gold.fatalities or 0, match.predicted.fatalities or 0
        if gold == got:
            continue
        if match.predicted.fatalities is None:
            missing += 1
        elif match.gold.fatalities is None:
            unreported += 1
        elif got > gold:
            high += 1
        else:
            low += 1
    return (
        f"missed with an extra event in the same report {scores.misses_beside_extras}, missed alone {scores.misses_alone},"
        f" extra alone {scores.extras_alone}; tolls too high {high}, too low {low}, missing {missing},"
        f" given where the report gives none {unreported}"
    )


def bars_report(scores: Scores) -> str:
    """Each bar of issue 3 with the figure reached and whether it holds."""
    parts = [
        f"{label} {getattr(scores, attribute):.2f} {'meets' if getattr(scores, attribute) >= bar else 'below'} {bar:.2f}"
        for label, attribute, bar in BARS
    ]
    none_added = scores.events_from_no_event_articles == 0
    parts.append(f"events from no-event reports {scores.events_from_no_event_articles} {'meets' if none_added else 'below'} 0")
    return "; ".join(parts)


def format_scores(name: str, scores: Scores) -> str:
    error = scores.median_location_error_km
    lines = [
        f"{name}: {scores.gold} gold events, {scores.predicted} extracted, {len(scores.matches)} matched",
        f"  event precision {scores.precision:.2f}  recall {scores.recall:.2f}  F1 {scores.f1:.2f}",
        f"  on matched events: event-type accuracy {scores.type_accuracy:.2f}"
        f" (sub-event type {scores.sub_type_accuracy:.2f}), exact fatalities {scores.fatalities_accuracy:.2f},"
        f" date accuracy {scores.date_accuracy:.2f}",
        f"  actor1 accuracy {scores.actor1_accuracy:.2f}, actor2 accuracy {scores.actor2_accuracy:.2f},"
        f" median location error {'n/a' if error is None else f'{error:.1f} km'}",
        f"  events added from the {scores.no_event_articles} reports that describe none:"
        f" {scores.events_from_no_event_articles}",
        f"  publication date found in the article: {scores.published_correct}/{scores.published_known}",
    ]
    return "\n".join(lines)


def compact_scores(name: str, scores: Scores) -> str:
    error = scores.median_location_error_km
    return (
        f"{name}: P {scores.precision:.2f} R {scores.recall:.2f} F1 {scores.f1:.2f}, type {scores.type_accuracy:.2f},"
        f" fatalities {scores.fatalities_accuracy:.2f}, date {scores.date_accuracy:.2f},"
        f" location error {'n/a' if error is None else f'{error:.1f} km'},"
        f" events from no-event reports {scores.events_from_no_event_articles}"
    )


def ocha_imported_geocoder(path: Path) -> OfflineGeocoder:
    """The layered geocoder over a scratch database holding the OCHA places (read from ../shared, never copied)."""
    import atexit
    import shutil
    import tempfile

    from conflictmap import ocha
    from conflictmap.places import import_places, layered_geocoder
    from conflictmap.store import connect

    folder = tempfile.mkdtemp(prefix="conflictmap-eval-")
    atexit.register(shutil.rmtree, folder, True)
    engine = connect(f"sqlite:///{folder}/eval.db")
    import_places(engine, ocha.read_ocha_places(path), ocha.SOURCE)
    return layered_geocoder(engine)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score extraction against the gold events in tests/eval/.")
    parser.add_argument("--gold", type=Path, nargs="*", default=list(DEFAULT_GOLD))
    parser.add_argument("--fakes", type=Path, default=DEFAULT_FAKES)
    parser.add_argument("--seed", type=Path, default=DEFAULT_SEED)
    parser.add_argument(
        "--second", type=Path, default=SECOND_ANNOTATION_DIR, help="folder of second annotations to measure agreement with"
    )
    parser.add_argument("--details", type=Path, help="write per-article extractions as JSON to this file")
    parser.add_argument("--no-corpus", action="store_true", help="skip the whole-corpus location check")
    parser.add_argument("--ocha", type=Path, default=DEFAULT_OCHA, help="OCHA places to score again with (skipped when missing)")
    parser.add_argument("--no-ocha", action="store_true", help="score with the built-in gazetteer only")
    args = parser.parse_args(argv)
    for path in (args.fakes, args.seed, *args.gold):
        if not path.exists():
            print(f"missing {path} (the evaluation reads FA-KES and the seed from ../shared)", file=sys.stderr)
            return 2
    rows = read_fakes(args.fakes)
    fakes = {row["unit_id"]: row for row in rows}
    geocoder = OfflineGeocoder()
    print(f"matching rule: {MATCHING_RULE}")
    print("fatalities: exact, 'not reported' equals zero; date: one of the gold dates, or no day-precise date when the text gives none")
    all_details = {}
    by_set: dict[Path, Scores] = {}
    for path in args.gold:
        gold = load_gold(path)
        scores, details = evaluate(gold, fakes, args.seed, geocoder)
        all_details[path.stem] = details
        by_set[path] = scores
        print(format_scores(f"{path.stem} ({len(gold)} articles)", scores))
    groups = [
        ("development sets together", [path for path in args.gold if path.resolve() in DEVELOPMENT_GOLD]),
        ("blind sets together", [path for path in args.gold if path.resolve() in BLIND_GOLD]),
    ]
    for label, paths in groups:
        if len(paths) > 1:
            together = pooled(by_set[path] for path in paths)
            print(f"{label} ({', '.join(path.stem for path in paths)}):")
            print(f"  {compact_scores('all', together)}")
            print(f"  issue 3 bars: {bars_report(together)}")
            print(f"  errors: {error_kinds(together)}")
    for path in args.gold:
        second = args.second / path.name
        if second.exists():
            agreement = annotator_agreement(load_gold(path), load_gold(second))
            print(f"two annotators on {path.stem} (the second scored as if it were the extractor; a ceiling for it):")
            print(f"  {compact_scores('agreement', agreement)}")
    if not args.no_ocha and args.ocha.exists():
        print(f"again with the OCHA places of {args.ocha.name} imported (as in an analyst's deployment):")
        ocha_geocoder = ocha_imported_geocoder(args.ocha)
        with_ocha: dict[Path, Scores] = {}
        for path in args.gold:
            with_ocha[path], _ = evaluate(load_gold(path), fakes, args.seed, ocha_geocoder)
            print("  " + compact_scores(path.stem, with_ocha[path]))
        for label, paths in groups:
            if len(paths) > 1:
                print("  " + compact_scores(label, pooled(with_ocha[path] for path in paths)))
    if args.details:
        args.details.write_text(json.dumps(all_details, indent=1, ensure_ascii=False), encoding="utf-8")
    if not args.no_corpus:
        events, inside, articles = corpus_location_agreement(rows, geocoder)
        share = inside / events if events else 0.0
        print(
            f"all FA-KES ({articles} articles): {events} events extracted, {inside} ({share:.0%}) in the article's"
            " labelled governorate (the 'damascus' label also covers Rural Damascus)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
