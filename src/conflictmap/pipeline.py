"""The whole path for one article: extraction, then geocoding, to event records."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conflictmap.articles import Article, read_article_file
from conflictmap.extract import EventMention, extract_mentions
from conflictmap.gazetteer import find_governorate
from conflictmap.geocode import OfflineGeocoder, Resolution, locate
from conflictmap.record import Event
from conflictmap.store import PROJECT_ROOT, store_article

DEMO_DIR = PROJECT_ROOT / "data" / "demo"


def article_events(article: Article, geocoder: OfflineGeocoder | None = None) -> list[Event]:
    """Geocoded event records for an article; events with no place are dropped."""
    geocoder = geocoder or OfflineGeocoder()
    mentions, context = extract_mentions(article.text, article.published)
    events = []
    for mention in mentions:
        places = list(mention.places)
        resolution = locate(places, geocoder, context)
        while resolution is not None and resolution.country not in ("SY", None) and len(places) > 1:
            # A spelling that matched a namesake abroad; the event's other places may be in Syria.
            remaining = [p for p in places if p.name != resolution.location]
            places = remaining if len(remaining) < len(places) else places[1:]
            resolution = locate(places, geocoder, context)
        resolution = _consistent(resolution, mention, geocoder)
        resolution = _near_named_town(resolution, mention, geocoder)
        if resolution is None or resolution.country not in ("SY", None):
            continue  # no place at all, or a place outside Syria
        events.append(_record(article, mention, resolution))
    events = drop_summaries(merge_repeats(events))
    for ordinal, event in enumerate(events):
        event.assign_id(ordinal)
    return events


def _consistent(resolution: Resolution | None, mention: EventMention, geocoder: OfflineGeocoder) -> Resolution | None:
    """A town the gazetteer found in another governorate than the one the event's
    own words name is a namesake: keep the governorate the text gives."""
    named = [p for p in mention.places if p.kind == "governorate"]
    if resolution is None or not named or resolution.geo_precision != 1:
        return resolution
    governorate = find_governorate(named[0].name)
    if governorate is None or resolution.admin1 in (None, governorate.name):
        return resolution
    return locate(named, geocoder) or resolution


def _near_named_town(resolution: Resolution | None, mention: EventMention, geocoder: OfflineGeocoder) -> Resolution | None:
    """An unknown place, or one known only to its governorate, goes to the town the
    report named just before it ("In Aleppo ... the al-Midan neighbourhood"), at
    precision 2."""
    if resolution is not None and resolution.resolved and resolution.geo_precision in (1, 2):
        return resolution
    if not mention.nearby:
        return resolution
    town = next(
        (where for place in mention.nearby if (where := locate([place], geocoder)) is not None and where.geo_precision == 1),
        None,
    )
    if town is None:
        return resolution
    if resolution is not None and resolution.admin1 and town.admin1 != resolution.admin1:
        return resolution
    known = resolution is not None and resolution.resolved
    return Resolution(
        resolution.location if resolution is not None and not known else town.location,
        town.latitude,
        town.longitude,
        2,
        town.admin1,
        town.admin2,
        town.country,
        known or resolution is None,
    )


def drop_summaries(events: list[Event]) -> list[Event]:
    """Leave out a governorate-wide event when the same report gives one of the same
    type at a named place in that governorate: the lead summed up what follows."""
    finer = {(e.event_type, e.admin1) for e in events if e.geo_precision in (1, 2) and e.admin1}
    return [e for e in events if not (e.geo_precision == 3 and (e.event_type, e.admin1) in finer)]


def merge_repeats(events: list[Event]) -> list[Event]:
    """One event per place, day and sub-event type, as the codebook counts them.

    Reports often tell an incident twice (a lead, then a sourced paragraph naming
    a neighbourhood of the same city); the two readings become one event whose
    toll is the larger figure, never the sum, since they may be the same dead.
    """
    kept: dict[tuple, Event] = {}
    merged = []
    for event in events:
        if event.latitude is None or event.event_date is None:
            merged.append(event)
            continue
        key = (event.latitude, event.longitude, event.sub_event_type, event.event_date)
        first = kept.get(key)
        if first is None:
            kept[key] = event
            merged.append(event)
            continue
        first.evidence = f"{first.evidence} {event.evidence}"
        if event.fatalities is not None and (first.fatalities is None or event.fatalities > first.fatalities):
            first.fatalities = event.fatalities
            first.fatalities_detail = dict(event.fatalities_detail) or first.fatalities_detail
        first.actor1 = first.actor1 or event.actor1
        first.actor2 = first.actor2 or (event.actor2 if event.actor2 != first.actor1 else None)
        first.time_precision = min(first.time_precision, event.time_precision)
        first.confidence = max(first.confidence, event.confidence)
    return merged


def _record(article: Article, mention: EventMention, resolution: Resolution) -> Event:
    date = mention.date
    return Event(
        article_id=article.article_id,
        event_type=mention.event_type,
        sub_event_type=mention.sub_event_type,
        evidence=mention.evidence,
        event_date=date.iso() if date else None,
        time_precision=date.time_precision if date else 3,
        actor1=mention.actor1,
        actor2=mention.actor2,
        location=resolution.location,
        admin1=resolution.admin1,
        admin2=resolution.admin2,
        country=resolution.country,
        latitude=None if resolution.latitude is None else round(resolution.latitude, 5),
        longitude=None if resolution.longitude is None else round(resolution.longitude, 5),
        geo_precision=resolution.geo_precision,
        fatalities=mention.fatalities,
        fatalities_detail=dict(mention.fatalities_detail),
        confidence=_confidence(mention, resolution),
        source=article.source,
        source_url=article.source_url,
        location_resolved=resolution.resolved,
    )


def _confidence(mention: EventMention, resolution: Resolution) -> float:
    score = 0.4
    score += 0.15 if mention.actor1 else 0.0
    score += 0.1 if mention.actor2 else 0.0
    score += {1: 0.15, 2: 0.1}.get(resolution.geo_precision or 0, 0.0)
    score += 0.1 if mention.date and mention.date.time_precision == 1 else 0.0
    score -= 0.15 if not resolution.resolved else 0.0
    return round(min(score, 0.95), 2)


def ingest_file(
    engine,
    path: str | Path,
    *,
    published: dt.date | None = None,
    source: str | None = None,
    geocoder: OfflineGeocoder | None = None,
):
    """Read, extract, geocode and store one report file (one transaction)."""
    article = read_article_file(path, published=published, source=source)
    return article, store_article(engine, article, article_events(article, geocoder))


def demo_files() -> list[Path]:
    return sorted(DEMO_DIR.glob("*.txt"))
