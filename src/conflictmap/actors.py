"""Actors of the Syrian war: canonical names, aliases and ACLED categories."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# ACLED's actor categories (inter codes).
STATE_FORCES = "State forces"
REBEL_GROUPS = "Rebel groups"
POLITICAL_MILITIAS = "Political militias"
IDENTITY_MILITIAS = "Identity militias"
CIVILIANS = "Civilians"
EXTERNAL_FORCES = "External/Other forces"


@dataclass(frozen=True)
class Actor:
    name: str
    category: str
    pattern: re.Pattern[str]


def _actor(name: str, category: str, pattern: str, flags: int = re.I) -> Actor:
    return Actor(name, category, re.compile(pattern, flags))


# Order matters: the first actor whose pattern matches a span claims it, so the
# specific names come before the generic ones ("Islamist rebels" before "rebels").
ACTORS: tuple[Actor, ...] = (
    _actor(
        "Islamic State",
        REBEL_GROUPS,
        r"\b(?:(?:the\s+)?Islamic State(?:\s+group)?(?:\s+of\s+Iraq\s+and\s+(?:the\s+)?(?:Levant|Syria|al-Sham))?"
        # Case matters for "IS" alone; the other names come in any case ("DAESH", "Islamic state").
        r"|ISIS|ISIL|(?i:daesh|daish|da'esh|islamic\s+state(?:\s+group)?)|IS(?=\b(?!-)))",
        0,
    ),
    _actor(
        "Al-Nusra Front",
        REBEL_GROUPS,
        r"\b(?:(?:al-?\s?)?Nusra(?:\s+Front)?|Jabhat\s+(?:al-)?Nusra|(?:Jabhat\s+|Jaish\s+)?Fat[ae]?h\s+al[-\s]Sham"
        r"|Hayat\s+Tahrir\s+al[-\s]Sham|Hay'at\s+Tahrir\s+al[-\s]Sham|Tahrir\s+al[-\s]Sham|HTS|JFS)\b",
    ),
    _actor("Jaish al-Fatah", REBEL_GROUPS, r"\b(?:Jaish|Jaysh)\s+al[-\s]Fatah\b|\bArmy\s+of\s+Conquest\b"),
    _actor("Ahrar al-Sham", REBEL_GROUPS, r"\bAhrar\s+(?:al|ash)[-\s](?:Sham|Cham)\b"),
    _actor("Jaish al-Islam", REBEL_GROUPS, r"\b(?:Jaish|Jaysh)\s+al[-\s]Islam\b|\bArmy\s+of\s+Islam\b"),
    _actor("Islamic Front", REBEL_GROUPS, r"\bIslamic\s+Front\b"),
    _actor("Dawud Brigade", REBEL_GROUPS, r"\b(?:Dawud|Daoud|Dawood)\s+Brigade\b|\bLiwa\s+Dawud\b"),
    _actor("Syrian National Army", REBEL_GROUPS, r"\bSyrian\s+National\s+Army\b|\bSNA\b"),
    _actor("Free Syrian Army", REBEL_GROUPS, r"\bFree\s+Syrian\s+Army\b|\bFSA\b"),
    _actor("SDF", REBEL_GROUPS, r"\bSyrian\s+Democratic\s+Forces\b|\bSDF\b"),
    _actor(
        "YPG",
        IDENTITY_MILITIAS,
        r"\bYP[GJ]\b|\bPeople's\s+Protection\s+Units\b|\bWomen's\s+Protection\s+Units\b"
        r"|\bKurdish\s+(?:fighters|forces|militia(?:s|men)?|militants|troops|units|YPG)\b",
    ),
    _actor(
        "Israeli forces",
        EXTERNAL_FORCES,
        r"\bIsraeli\s+(?:army|military|forces|troops|warplanes?|jets?|aircraft|planes?|drones?|air\s*strikes?|air\s+raids?|attacks?|strikes?|rockets?|missiles?|artillery|tanks?)\b"
        r"|\bIsrael\s+(?:Defen[cs]e\s+Forces)\b|\bIDF\b",
    ),
    _actor("Hezbollah", EXTERNAL_FORCES, r"\bHezbollah\b|\bHizbollah\b|\bHizballah\b"),
    _actor(
        "Russian air force",
        EXTERNAL_FORCES,
        r"\bRussian\s+(?:air\s*force|warplanes?|jets?|aircraft|planes?|bombers?|helicopters?|air\s*strikes?|air\s+raids?|forces|military|troops)\b"
        r"|\bRussia's\s+(?:air\s*force|military)\b",
    ),
    _actor(
        "US-led coalition",
        EXTERNAL_FORCES,
        r"\b(?:US|U\.S\.|American)-led\s+(?:international\s+)?coalition\b|\binternational\s+coalition\b"
        r"|\bcoalition\s+(?:warplanes?|jets?|aircraft|air\s*strikes?|raids?|strikes?|forces)\b"
        r"|\b(?:US|U\.S\.|American|United\s+States)\s+(?:warplanes?|jets?|aircraft|drones?|forces|troops|air\s*strikes?"
        r"|navy|warships?|missiles?|missile\s+strikes?|cruise\s+missiles|Tomahawks?|military|special\s+forces|bombers?)\b"
        r"|\b(?:the\s+)?United\s+States(?=\s+(?:has\s+|had\s+)?(?:launched|fired|struck|bombed|carried\s+out|hit|attacked)\b)",
    ),
    _actor(
        "Turkish armed forces",
        EXTERNAL_FORCES,
        r"\bTurkish\s+(?:army|troops|forces|military|armed\s+forces|warplanes?|jets?|tanks?|artillery|guns|soldiers)\b"
        r"|\bTurkey's\s+(?:army|military|armed\s+forces)\b",
    ),
    _actor(
        "Syrian government forces",
        STATE_FORCES,
        r"\b(?:Syria'?s\s+(?:government|regime|army|military|air\s*force)|Syrian\s+(?:government|regime|army|arab\s+army|troops|soldiers|forces|military|warplanes?|(?:fighter\s+)?jets?|fighter\s+planes|aircraft|helicopters?|(?:arab\s+)?air\s*force)"
        r"|(?:government|regime|pro-government|pro-regime|loyalist|Assad)\s+(?:forces|troops|soldiers|warplanes?|jets?|aircraft|helicopters?|militias?|fighters"
        r"|air\s*strikes?|air\s+raids?|bombing|bombardment|shelling|artillery)"
        # Scraped text often drops the apostrophe ("Assads forces").
        r"|Assad'?s\s+(?:forces|troops|army|regime)|(?:the\s+)?army(?:'?s)?|army\s+troops|soldiers|SAA|National\s+Defen[cs]e\s+Forces|NDF"
        # State media's "units of the armed forces", "the Syrian Armed Forces".
        r"|(?:units\s+of\s+the|Syrian|army\s+and)\s+armed\s+forces(?!\s+of\b)|armed\s+forces\s+units)\b"
        r"|\bbarrel\s+bombs?\b",
    ),
    _actor(
        "Syrian rebels",
        REBEL_GROUPS,
        r"\b(?:(?:moderate|Islamist|opposition|Syrian|armed)\s+)?(?:rebels?|insurgents?)(?:\s+(?:fighters|groups?|forces|brigades|battalions))?\b"
        r"|\bIslamist\s+(?:battalions|brigades|factions|groups|fighters)\b|\bopposition\s+(?:fighters|forces|groups|factions)\b"
        r"|\barmed\s+opposition\b"
        # State media's word for the armed opposition ("terrorists fired rocket shells").
        r"|\b(?:takfiri\s+)?terrorists?(?:\s+(?:groups?|organi[sz]ations?|fighters))?\b|\btakfiri\s+(?:militants|groups|gunmen)\b",
    ),
    _actor(
        "Civilians",
        CIVILIANS,
        r"\b(?:civilians?|residents|villagers|children|women|people|family|families|worshippers|passers-by|displaced"
        r"|citizens|siblings|daughters?|sons|medics|students|pupils)\b",
    ),
)

BY_NAME = {actor.name: actor for actor in ACTORS}
ARMED = tuple(actor for actor in ACTORS if actor.category != CIVILIANS)


@dataclass(frozen=True)
class ActorMention:
    actor: Actor
    start: int
    end: int


def find_actors(text: str, include_civilians: bool = True) -> list[ActorMention]:
    """Non-overlapping actor mentions in a sentence, in reading order."""
    if len(text) > 120:  # whole sentences are read once; short names and windows recur
        return list(_find_actors_uncached(text, include_civilians))
    return list(_find_actors(text, include_civilians))


@lru_cache(maxsize=16384)
def _find_actors(text: str, include_civilians: bool) -> tuple[ActorMention, ...]:
    return _find_actors_uncached(text, include_civilians)


# Words at least one of which every spelling an actor's pattern accepts contains
# (lower case); a sentence with none of them is not searched for that actor.
_KEYWORDS: dict[str, tuple[str, ...]] = {
    "Al-Nusra Front": ("nusra", "fateh", "fatah", "fath", "tahrir", "hts", "jfs"),
    "Jaish al-Fatah": ("fatah", "conquest"),
    "Ahrar al-Sham": ("ahrar",),
    "Jaish al-Islam": ("islam",),
    "Islamic Front": ("islamic",),
    "Dawud Brigade": ("brigade", "liwa"),
    "Syrian National Army": ("national army", "sna"),
    "Free Syrian Army": ("free syrian", "fsa"),
    "SDF": ("democratic", "sdf"),
    "YPG": ("yp", "protection units", "kurdish"),
    "Israeli forces": ("israel", "idf"),
    "Hezbollah": ("hezbollah", "hizbollah", "hizballah"),
    "Russian air force": ("russia",),
    "US-led coalition": ("coalition", "us ", "us-", "u.s.", "american", "united states"),
    "Turkish armed forces": ("turk",),
    "Syrian rebels": ("rebel", "insurgent", "islamist", "opposition", "terrorist", "takfiri"),
}


_KEYWORD_PATTERNS = {name: re.compile("|".join(map(re.escape, words))) for name, words in _KEYWORDS.items()}


# "rebel-held", "IS-controlled": the name describes a place, not who acted there.
_HELD = re.compile(r"-(?:held|controlled|run|dominated|occupied|besieged)\b|\s+(?:held|controlled)\s+(?:area|areas|town|city|village|district|neighbou?rhoods?)\b", re.I)


def _find_actors_uncached(text: str, include_civilians: bool) -> tuple[ActorMention, ...]:
    lower = text.lower()
    taken: list[tuple[int, int]] = []
    mentions = []
    for actor in ACTORS:
        if actor.category == CIVILIANS and not include_civilians:
            continue
        keywords = _KEYWORD_PATTERNS.get(actor.name)
        if keywords is not None and keywords.search(lower) is None:
            continue
        for match in actor.pattern.finditer(text):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            taken.append(span)
            if actor.category != CIVILIANS and _HELD.match(text, span[1]):
                continue
            if actor.name == "Syrian rebels" and match.group(0).lower().startswith(("terror", "takfiri")):
                if any(0 <= span[0] - end <= 2 and other.actor.category != CIVILIANS for other in mentions for end in (other.end,)):
                    continue
            mentions.append(ActorMention(actor, *span))
    mentions.sort(key=lambda m: m.start)
    return tuple(mentions)


def category_of(name: str | None) -> str | None:
    actor = BY_NAME.get(name or "")
    return actor.category if actor else None
