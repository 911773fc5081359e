"""The whole path for one article: extraction, then geocoding, to event records."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from conflictmap.articles import Article, read_article_file
from conflictmap.extract import EventMention, extract_mentions, split_sentences
from conflictmap.gazetteer import distance_km, find_governorate
from conflictmap.geocode import (
    AREA_OFFSET_KM,
    AROUND_CAPITAL_KM,
    NEAR_TOWN_OFFSET_KM,
    OfflineGeocoder,
    PlaceMention,
    Resolution,
    locate,
    sizeable_town,
    stated_km_in_label,
)
from conflictmap.names import normalize
from conflictmap.record import Event
from conflictmap.sources import SourceItem
from conflictmap.store import PROJECT_ROOT, StoreResult, store_article

DEMO_DIR = PROJECT_ROOT / "data" / "demo"


def article_events(article: Article, geocoder: OfflineGeocoder | None = None) -> list[Event]:
    """Geocoded event records for an article; events with no place are dropped."""
    geocoder = geocoder or OfflineGeocoder()
    mentions, context = extract_mentions(article.text, article.reference_date)
    events = []
    told: list[EventMention] = []  # the mention each event was read from
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
        told.append(mention)
    _namesakes_at_home(events, told, [*context, *(p for m in mentions for p in m.places)], geocoder)
    one_place_per_name(events, geocoder)
    events = drop_area_repeats(drop_summaries(merge_repeats(events)))
    events = drop_recalled_attacks_in_reactions(events, article)
    events = drop_recalled_incidents(events)
    for ordinal, event in enumerate(events):
        event.assign_id(ordinal)
    return events


# Words of a report about the world's answer to an attack rather than about the attack.
_REACTION = re.compile(
    r"\b(?:condemn\w*|outrage\w*|Security\s+Council|Secretary[- ]General|inspectors?|OPCW|investigat\w*|White\s+House"
    r"|Kremlin|foreign\s+minister|retaliat\w*|responsib\w+|red\s+line|sanctions|diplomat\w*|Pentagon|State\s+Department)\b",
    re.I,
)
REACTION_WORDS = 4
RECALLED_DAYS = 2
# How many of a report's first sentences make its lead.
LEAD_SENTENCES = 3


def drop_recalled_attacks_in_reactions(events: list[Event], article: Article) -> list[Event]:
    """Leave out a chemical attack ("a chemical massacre" too) two days old or more when
    the report is about the answers to it (condemnations, inquiries, the Security
    Council): the attack is the background of that report, told by the reports of its day.
    Yesterday's attack is background too when the lead tells only the answers and the
    attack comes up further down ("Trump declared the attack cannot be tolerated ...
    At least 72 people died in the town")."""
    published = article.published
    if published is None or len(_REACTION.findall(article.text)) < REACTION_WORDS:
        return events
    lead_end = _lead_end(article.text)

    def recalled(event: Event) -> bool:
        if not (event.sub_event_type == "Chemical weapon" or "chemical" in event.evidence.lower()) or not event.event_date:
            return False
        days = (published - dt.date.fromisoformat(event.event_date)).days
        return days >= RECALLED_DAYS or (days >= 1 and article.text.find(event.evidence[:60]) >= lead_end)

    return [event for event in events if not recalled(event)]


def _lead_end(text: str) -> int:
    """Where a report's lead ends: the end of its first few sentences."""
    end = 0
    for sentence in split_sentences(text)[:LEAD_SENTENCES]:
        start = text.find(sentence, end)
        if start < 0:
            break
        end = start + len(sentence)
    return end


# How much older than the newest incident of a report an incident it tells must be
# to be recalled: "yesterday" and "the day before" are still the news of a daily report.
RECALLED_INCIDENT_DAYS = 3


def drop_recalled_incidents(events: list[Event]) -> list[Event]:
    """Leave out an incident told after the report's lead that happened three days or
    more before the newest incident the report tells ("a strike last Tuesday killed
    18", "the town captured a week ago"): the report recalls it as background, and the
    reports of its own day carry it, so coding it again would count its dead twice.
    Only incidents dated to the day or the week (time precision 1 or 2) are
    compared; the lead, the first incident told, always stays."""
    days = {id(e): dt.date.fromisoformat(e.event_date) for e in events if e.event_date and e.time_precision <= 2}
    if not days:
        return events
    newest = max(days.values())
    return [
        event for index, event in enumerate(events)
        if index == 0 or id(event) not in days or (newest - days[id(event)]).days < RECALLED_INCIDENT_DAYS
    ]


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
    if resolution is not None and resolution.latitude is not None and any(p.kind == "area" and p.direction for p in mention.places):
        return resolution  # "al-Rahjan village 50 km east of Hama": the event's own area phrase places the village
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


def _namesakes_at_home(
    events: list[Event], told: list[EventMention], places: list[PlaceMention], geocoder: OfflineGeocoder
) -> None:
    """A place the gazetteer knows only in a governorate the report never names
    ("al-Hamidiya", told right after Deir ez-Zor, where the gazetteer knows only the
    Tartous one), while the report's other events sit in the governorate of the town
    named just before it, is a part of that town the gazetteer lacks: the event goes
    to that town, at precision 2, marked unresolved."""
    named = {g.name for m in places if (g := find_governorate(m.name)) is not None}
    for event, mention in zip(events, told, strict=True):
        if event.geo_precision != 1 or event.admin1 in named or any(find_governorate(p.name) for p in mention.places):
            continue
        others = {e.admin1 for e in events if e is not event and e.admin1 and e.latitude is not None}
        if len(others) != 1 or not others <= named:
            continue
        home = next(
            (where for p in mention.nearby if (where := locate([p], geocoder)) is not None and where.geo_precision == 1 and where.admin1 in others),
            None,
        ) or _the_one_town_of(events, event)
        if home is None or distance_km(event.latitude, event.longitude, home.latitude, home.longitude) < NAMESAKE_KM:
            continue  # no town named just before, or a town next door: no namesake
        if sizeable_town(event.location or "", geocoder):
            continue  # a sizeable town called by its own name is meant, wherever the rest of the report is
        event.latitude, event.longitude, event.admin1, event.admin2 = round(home.latitude, 5), round(home.longitude, 5), home.admin1, home.admin2
        event.geo_precision = 2
        event.location_resolved = False


def one_place_per_name(events: list[Event], geocoder: OfflineGeocoder) -> None:
    """A report means one place by one name. When the name sits at two points far apart,
    one of them the gazetteer's village and the other where the report's own words put it
    ("Al-Quriyah southeast of Deir Ezzor city" after "the city of Al Quriyah", which the
    gazetteer reads as a village near Damascus), the report's reading stands for every
    event so named; a sizeable town called by its own name stands over any reading."""
    groups: dict[str, list[Event]] = {}
    for event in events:
        if event.latitude is not None and event.location:
            groups.setdefault(normalize(event.location), []).append(event)
    for group in groups.values():
        told = next((e for e in group if not e.location_resolved and e.geo_precision == 2), None)
        known = [e for e in group if e.location_resolved and e.geo_precision == 1]
        if told is None or not known:
            continue
        town = next((e for e in known if sizeable_town(e.location, geocoder)), None)
        anchor = town or told
        for event in group:
            if event is not anchor and distance_km(event.latitude, event.longitude, anchor.latitude, anchor.longitude) > NAMESAKE_KM:
                event.latitude, event.longitude, event.admin1, event.admin2 = anchor.latitude, anchor.longitude, anchor.admin1, anchor.admin2
                event.geo_precision, event.location_resolved, event.location = anchor.geo_precision, anchor.location_resolved, anchor.location


def _the_one_town_of(events: list[Event], event: Event) -> Resolution | None:
    """The town every other event of the report sits in ("rebel rocket fire on the district of
    Midane" after barrel bombs on Aleppo), when there is exactly one."""
    points = {(e.latitude, e.longitude, e.location, e.admin1, e.admin2) for e in events if e is not event and e.latitude is not None}
    if len(points) != 1:
        return None
    (latitude, longitude, location, admin1, admin2), = points
    if find_governorate(location) is None:
        return None  # only a provincial capital is sure to be the home of a district the gazetteer lacks
    return Resolution(location, latitude, longitude, 1, admin1, admin2, "SY", True)


# A namesake the report cannot mean lies far from everything the report is about.
NAMESAKE_KM = 100.0


def drop_area_repeats(events: list[Event]) -> list[Event]:
    """Leave out an event put "east of X" when the report tells one of the same kind
    and day at X itself and the area adds no dead of its own ("a helicopter was
    shot down near Palmyra ... downed east of Palmyra city"): the same incident."""
    towns = [e for e in events if e.geo_precision == 1 and e.location and e.latitude is not None]
    kept = []
    for event in events:
        anchor = next(
            (
                town for town in towns
                if event.geo_precision == 2 and event.location and event.latitude is not None
                and ((event.location.endswith(f" of {town.location}") and not _far_as_told(event)) or _around(event, town))
                and town.sub_event_type == event.sub_event_type and town.event_date == event.event_date
                and event.fatalities in (None, town.fatalities)
            ),
            None,
        )
        if anchor is None:
            kept.append(event)
        else:
            anchor.evidence = f"{anchor.evidence} {event.evidence}"
    return kept


def _far_as_told(area: Event) -> bool:
    """ "40 km northeast of Homs": a distance the report states puts the area well
    away from the town, at another place than the town's own event."""
    told = stated_km_in_label(area.location or "")
    return told is not None and told > AREA_OFFSET_KM


def _around(area: Event, town: Event) -> bool:
    """Whether an area event lies around the town: an area phrase's point, 10 km out
    from a city ("north of Idlib city") or 5 km from a smaller town, or a part of the
    town the gazetteer lacks, kept by name at the town's point ("the Old Damascus district")."""
    km = distance_km(area.latitude, area.longitude, town.latitude, town.longitude)
    return km <= 1 if not area.location_resolved else any(abs(km - offset) <= 1 for offset in (AREA_OFFSET_KM, NEAR_TOWN_OFFSET_KM))


def drop_summaries(events: list[Event]) -> list[Event]:
    """Leave out a governorate-wide event when the same report gives one of the same
    type at a named place in that governorate on the same day: the lead summed up what follows."""
    finer = [e for e in events if e.geo_precision in (1, 2) and e.admin1]

    def sums_up(lead: Event) -> bool:
        # A lead about another day ("on Sunday planes killed 39 in the province") sums nothing up.
        return any(
            e.event_type == lead.event_type and e.admin1 == lead.admin1
            and (
                e.event_date == lead.event_date or lead.time_precision > 1
                or (lead.fatalities is not None and e.fatalities == lead.fatalities)  # the same dead, told again
            )
            for e in finer
        )

    # A village the gazetteer lacks, kept by name at the seat, is a place of its own, not a summary.
    kept = [e for e in events if not (e.geo_precision == 3 and e.location_resolved and sums_up(e))]
    result = []
    for event in kept:
        town = _town_told_as_its_province(event, kept)
        if town is None:
            result.append(event)
        else:
            town.evidence = f"{event.evidence} {town.evidence}"
    return result


def _town_told_as_its_province(lead: Event, events: list[Event]) -> Event | None:
    """"A mosque blast in Idlib killed 25" before "a blast in a mosque in the city of Ariha in
    Idlib province killed 25": a province named by its capital's name, summing up an incident
    of the same kind, day and toll the report places at a town of that province."""
    if lead.geo_precision != 1 or not lead.location or lead.fatalities is None:
        return None
    governorate = find_governorate(lead.location)
    if governorate is None or governorate.name != lead.admin1:
        return None
    if re.search(rf"\b(?:city\s+of\s+{re.escape(lead.location)}|{re.escape(lead.location)}\s+city)\b", lead.evidence, re.I):
        return None  # the report says it means the city
    return next(
        (
            e for e in events
            if e is not lead and e.geo_precision == 1 and e.location != lead.location
            # Douma, in Rural Damascus, told first as "a town outside the capital Damascus"
            and (e.admin1 == lead.admin1 or distance_km(e.latitude, e.longitude, lead.latitude, lead.longitude) <= AROUND_CAPITAL_KM)
            and e.sub_event_type == lead.sub_event_type and e.event_date == lead.event_date and e.fatalities == lead.fatalities
        ),
        None,
    )


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
        # A village the gazetteer lacks sits at the town named near it, but is a place of its own.
        own_name = None if event.location_resolved else event.location
        key = (event.latitude, event.longitude, event.sub_event_type, event.event_date, own_name)
        first = kept.get(key)
        if first is None:
            kept[key] = event
            merged.append(event)
            continue
        if event.evidence not in first.evidence:  # two towns of one sentence that came to the same place
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
    score += _place_score(resolution.geo_precision, resolution.resolved)
    score += 0.1 if mention.date and mention.date.time_precision == 1 else 0.0
    return round(min(score, 0.95), 2)


def _place_score(geo_precision: int | None, resolved: bool) -> float:
    return {1: 0.15, 2: 0.1}.get(geo_precision or 0, 0.0) - (0.0 if resolved else 0.15)


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


@dataclass(frozen=True)
class IngestStep:
    """What happened to one input: stored (``result``) or refused (``error``)."""

    name: str
    result: StoreResult | None = None
    error: str | None = None


@dataclass
class IngestReport:
    steps: list[IngestStep] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(1 for s in self.steps if s.result and s.result.added)

    @property
    def already_stored(self) -> int:
        return sum(1 for s in self.steps if s.result and not s.result.added)

    @property
    def events_added(self) -> int:
        return sum(s.result.events for s in self.steps if s.result and s.result.added)

    @property
    def errors(self) -> list[IngestStep]:
        return [s for s in self.steps if s.error]


Progress = Callable[[int, int, IngestStep], None]


def ingest_items(
    engine,
    items: Iterable[SourceItem],
    *,
    geocoder: OfflineGeocoder | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Store every readable article, one transaction each; list the rest as errors.

    ``progress(done, total, step)`` is called after each input, so a page or a
    terminal can show how far the work has gone. Stopping between two calls (or
    killing the process) leaves only whole articles behind.
    """
    items = list(items)
    geocoder = geocoder or _layered(engine)
    report = IngestReport()
    for done, item in enumerate(items, start=1):
        if item.article is None:
            step = IngestStep(item.name, error=item.error or f"{item.name}: could not be read")
        else:
            try:
                # A stored article is kept as it is, so skip the extraction it would not use.
                found = [] if _is_stored(engine, item.article.article_id) else article_events(item.article, geocoder)
                step = IngestStep(item.name, result=store_article(engine, item.article, found))
            except ValueError as exc:  # ArticleError and bad records from extraction
                step = IngestStep(item.name, error=f"{item.name}: {exc}")
        report.steps.append(step)
        if progress is not None:
            progress(done, len(items), step)
    return report


def _is_stored(engine, article_id: str) -> bool:
    from sqlalchemy import select

    from conflictmap.store import articles, retrying

    def look() -> bool:
        with engine.connect() as conn:
            return conn.execute(select(articles.c.article_id).where(articles.c.article_id == article_id)).first() is not None

    # Like the write that follows, this read rides out a database restart.
    return retrying(look, "checking whether the article is stored")


def reextract_articles(engine, article_ids: Iterable[str] | None = None, geocoder: OfflineGeocoder | None = None) -> int:
    """Run extraction again over stored articles (after the extractor improved, say).

    One transaction per article. The machine's rows are replaced, except those of
    events an analyst touched (corrected, confirmed, rejected or split out of an
    incident): the machine never overwrites an analyst's work. Returns how many
    machine rows were written or removed.
    """
    from sqlalchemy import select

    from conflictmap.store import _event_row, articles, event_corrections, events, incident_splits

    geocoder = geocoder or _layered(engine)
    with engine.connect() as conn:
        query = select(articles)
        if article_ids is not None:
            query = query.where(articles.c.article_id.in_(list(article_ids)))
        stored = [dict(row._mapping) for row in conn.execute(query)]
    changed = 0
    for row in stored:
        article = Article(
            text=row["text"], title=row["title"], source=row["source"], source_url=row["source_url"],
            published=row["published"], path=row["path"],
        )
        fresh = {event.event_id: _event_row(event) for event in article_events(article, geocoder)}
        with engine.begin() as conn:
            old = set(conn.execute(select(events.c.event_id).where(events.c.article_id == article.article_id)).scalars())
            touched = set(
                conn.execute(select(event_corrections.c.event_id).where(event_corrections.c.event_id.in_(old))).scalars()
            ) | set(conn.execute(select(incident_splits.c.event_id).where(incident_splits.c.event_id.in_(old))).scalars())
            for event_id in old - touched - set(fresh):
                conn.execute(events.delete().where(events.c.event_id == event_id))
                changed += 1
            for event_id, values in fresh.items():
                if event_id in touched:
                    continue
                if event_id in old:
                    current = dict(conn.execute(select(events).where(events.c.event_id == event_id)).first()._mapping)
                    if current != values:
                        conn.execute(events.update().where(events.c.event_id == event_id).values(**values))
                        changed += 1
                else:
                    conn.execute(events.insert().values(**values))
                    changed += 1
    return changed


def _layered(engine) -> OfflineGeocoder:
    """The geocoder over the stored layers, so places analysts fixed are used (and kept)."""
    from conflictmap.places import layered_geocoder

    return layered_geocoder(engine)


# --- placing a name no gazetteer knew (issue 6) ------------------------------------------


def regeocode_events(engine, name: str, *, by: str | None = None) -> int:
    """Put every event that names an analyst-fixed place at that place; how many changed.

    The machine rows of events whose location is ``name`` (in any spelling that
    normalises the same) get the place's coordinates, governorate and district,
    geo precision 1 and ``location_resolved``; each change leaves audit rows
    (action ``place``). One transaction. Analysts' own corrections of an event's
    place stay laid over the machine row, so they still win.
    """
    from sqlalchemy import select

    from conflictmap.places import PlaceError, analyst_place_id, governorate_near
    from conflictmap.review import Change, log_changes
    from conflictmap.store import events, places

    place_id = analyst_place_id(name)
    changed = 0
    with engine.begin() as conn:
        fixed = conn.execute(select(places).where(places.c.place_id == place_id)).first()
        if fixed is None:
            raise PlaceError(f"{name!r} has not been placed yet: fix it first (conflictmap gazetteer fix)")
        admin1 = fixed.admin1 or governorate_near(fixed.lat, fixed.lon)
        spellings = []
        for location in conn.execute(select(events.c.location).where(events.c.location.is_not(None)).distinct()).scalars():
            try:
                if analyst_place_id(location) == place_id:
                    spellings.append(location)
            except PlaceError:
                continue
        if not spellings:
            return 0
        target = {
            "latitude": round(fixed.lat, 5),
            "longitude": round(fixed.lon, 5),
            "geo_precision": 1,
            "admin1": admin1,
            "admin2": fixed.admin2,
            "country": fixed.country,
            "location_resolved": True,
        }
        for row in conn.execute(select(events).where(events.c.location.in_(spellings))).all():
            current = row._mapping
            made = [Change(row.event_id, f, current[f], v) for f, v in target.items() if current[f] != v]
            if not made:
                continue
            update = dict(target)
            if current["confidence"] is not None:
                before = _place_score(current["geo_precision"], current["location_resolved"])
                update["confidence"] = round(current["confidence"] - before + _place_score(1, True), 2)
            conn.execute(events.update().where(events.c.event_id == row.event_id).values(**update))
            log_changes(conn, made, "place", (by or "").strip() or None)
            changed += 1
    return changed
