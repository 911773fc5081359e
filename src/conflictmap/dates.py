"""When an event happened, from the words of the report and its publication date.

Relative expressions ("on Wednesday", "yesterday", "last week") resolve only
against a known publication date; without one they give no date, never a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from conflictmap.articles import MONTHS
from conflictmap.tolls import MONTH_NAMES, SHORT_MONTH_NAMES, WEEKDAY_NAMES, parse_number

WEEKDAYS = tuple(name.lower() for name in WEEKDAY_NAMES.split("|"))
# A month, written out or abbreviated ("August", "Aug.", "Sept").
MONTH_PATTERN = rf"(?:{MONTH_NAMES}|{SHORT_MONTH_NAMES})\.?"

_DAY_MONTH = re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{MONTH_PATTERN})(?:,?\s+(?P<year>(?:19|20)\d\d))?\b", re.I)
_MONTH_DAY = re.compile(rf"\b(?P<month>{MONTH_PATTERN})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d\d))?", re.I)
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b")
# "on 08/03/2016", "on 8.3.2016": day first, as the region's and Europe's outlets write it, unless
# month first gives a real day nearer before publication.
_NUMERIC = re.compile(r"(?<![\d/.])(?P<first>\d{1,2})[/.](?P<second>\d{1,2})[/.](?P<year>(?:19|20)\d\d)\b")
# "Monday's attack" loses its apostrophe in scraped text ("Mondays attack").
_WEEKDAY = re.compile(r"\b(?:on\s+|late\s+|early\s+|last\s+)?(?P<weekday>" + "|".join(WEEKDAYS) + r")(?:'?s)?\b", re.I)
# A weekday that dates the telling ("a monitor said on Tuesday"), not the event.
_SPEECH_BEFORE = re.compile(
    r"\b(?:said|says|reported|announced|stated|added|told\s+\w+(?:\s+\w+)?|confirmed|claimed|quoted|declared|warned|noted|tweet(?:ed|ing)|wrote|posted"
    r"|statement|report)\s+(?:\w+\s+)?$",
    re.I,
)
# "Early on Monday the Turkish military said a soldier was killed on Sunday": the day of the telling,
# before its teller; the incident's own day, when the sentence gives one, comes after.
_SPEAKER_AFTER = re.compile(
    r"\s+(?:the\s+)?(?:(?:[A-Z][\w'-]*|military|army|ministry|monitor|observatory|group|agency|sources?|officials?|spokesm[ae]n"
    r"|activists|media|state|news|defen[cs]e|foreign|interior|turkish|russian|syrian|kurdish)\s+){1,5}"
    r"(?:said|says|announced|reported|stated|claimed|confirmed)\b"
)
_OPENING = re.compile(r"\W*(?:[A-Za-z]+\s+)?$")
_RELATIVE = (
    (re.compile(r"\b(?:today|this\s+morning|this\s+afternoon|this\s+evening|tonight)\b", re.I), 0, 1),
    (re.compile(r"\b(?:on\s+)?the\s+day\s+before\s+yesterday\b", re.I), 2, 1),
    # ... but "shelling and airstrikes since yesterday" tells when a span began, not the day of an incident.
    (re.compile(r"(?<!since\s)\b(?:yesterday|last\s+night)\b", re.I), 1, 1),
    (re.compile(r"\bovernight\b", re.I), 1, 2),
    (re.compile(r"\b(?:last|past)\s+week\b|\bearlier\s+this\s+week\b", re.I), 7, 2),
)
# "a day ago", "two weeks ago", "three months ago": counted back from publication.
_AGO = re.compile(
    r"\b(?P<count>\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<unit>day|week|month)s?\s+ago\b", re.I
)
# Coarse time anchors that mark background rather than news.
BACKGROUND_TIME = re.compile(
    rf"\b(?:(?:in|since|by|during|until|at\s+the\s+(?:end|start|beginning)\s+of|early|late|mid-?)\s+(?:{MONTH_NAMES})\b(?!\s+\d{{1,2}}\b)"
    rf"|(?:in|since|during)\s+(?:the\s+)?(?:(?:early|mid|late)[-\s]|(?:the\s+)?(?:end|middle|start)\s+of\s+)?(?:19|20)\d\d|(?:of|in)\s+19\d\d\b|since\s+the\s+(?:start|beginning|outbreak|conflict|war|uprising)|in\s+recent\s+(?:days|weeks|months|years)|\brecent\s+(?:air\s*strikes|attacks|raids|bombings|clashes|fighting|shelling)|\bpreviously\b"
    rf"|last\s+(?:year|month)|\brecently\b|earlier\s+this\s+(?:year|month)|(?:for|after)\s+(?:(?:more\s+than|over|nearly|almost|about)\s+)?(?:\w+\s+)?(?:months?|years?)\b(?!-long)|in\s+the\s+past\b|one-time|initially|has\s+been\s+able"
    # "The operation has so far captured Jarablus": a tally of a campaign; "When it held Palmyra, IS ...": another time.
    rf"|(?:has|have)\s+so\s+far|\bwhen\s+(?:it|they|the\s+\w+)\s+(?:controlled|held|ruled|occupied)\b"
    rf"|(?:several|a\s+few)\s+days\s+(?:before|earlier)|\bdays\s+ago\b"
    # "2014 Islamic State seizes swathes of territory", "January 2015 Kurdish fighters oust IS": a chronology's entry.
    rf"|^\W*(?:(?:{MONTH_NAMES})\s+)?(?:19|20)\d\d\s+(?=(?-i:[A-Z])))",
    re.I,
)


_DATELINE_AFTER = re.compile(r"\s*\((?:[A-Z][\w.]*)(?:\s+[A-Z][\w.]*){0,2}\)\s*[-\u2013\u2014]")


# Every weekday and relative expression contains one of these.
_DIGIT = re.compile(r"\d")
_TIME_WORDS = ("day", "tonight", "morning", "afternoon", "evening", "night", "week", "ago")


@dataclass(frozen=True)
class EventDate:
    date: dt.date | None
    time_precision: int  # 1 day, 2 within about a week, 3 month or vaguer

    def iso(self) -> str | None:
        return self.date.isoformat() if self.date else None


def _month_number(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


def _year_for(month: int, day: int, published: dt.date | None) -> int | None:
    """The year of a day-and-month with no year: the latest not after publication."""
    if published is None:
        return None
    year = published.year
    try:
        if dt.date(year, month, day) > published + dt.timedelta(days=1):
            year -= 1
    except ValueError:
        return None
    return year


# A day-and-month up to this far after publication is a day to come (a vote, a deadline),
# not the same day a year before.
AHEAD_DAYS = 60


_SCHEDULED = re.compile(
    r"\b(?:polls?|vote|elections?|ballot|referendum|deadline|talks|conference|meeting|summit|scheduled|due|will|upcoming|next)\b",
    re.I,
)


def _still_to_come(month: int, day: int, published: dt.date | None) -> bool:
    if published is None:
        return False
    try:
        told = dt.date(published.year, month, day)
    except ValueError:
        return False
    return 1 < (told - published).days <= AHEAD_DAYS


def resolve_weekday(weekday: str, published: dt.date) -> dt.date:
    """The most recent such weekday, the publication day itself included."""
    target = WEEKDAYS.index(weekday.lower())
    return published - dt.timedelta(days=(published.weekday() - target) % 7)


def _numeric_date(match: re.Match[str], published: dt.date | None) -> dt.date | None:
    first, second, year = int(match["first"]), int(match["second"]), int(match["year"])
    readings = []
    for day, month in ((first, second), (second, first)):
        try:
            readings.append(dt.date(year, month, day))
        except ValueError:
            continue
    if published is not None and any(day <= published for day in readings):
        # Both readings possible: the news is of the nearer day.
        readings = sorted((day for day in readings if day <= published), reverse=True)
    return readings[0] if readings else None


def find_date(sentence: str, published: dt.date | None) -> EventDate | None:
    """The date a sentence gives for what it reports, or None if it gives none."""
    lower = sentence.lower()
    has_digit = _DIGIT.search(sentence) is not None
    if not has_digit and not any(word in lower for word in _TIME_WORDS):
        return None  # every pattern below needs a digit, or one of these words
    for pattern in ((_ISO, _DAY_MONTH, _MONTH_DAY) if has_digit else ()):
        for match in pattern.finditer(sentence):
            if _DATELINE_AFTER.match(sentence, match.end()):
                continue  # "MOSCOW, October 18 (RIA Novosti) -": when the wire filed, not what happened
            try:
                month = int(match["month"]) if pattern is _ISO else _month_number(match["month"])
                day = int(match["day"])
            except (KeyError, ValueError):
                continue
            if not match["year"] and _still_to_come(month, day, published) and _SCHEDULED.search(
                sentence[max(0, match.start() - 40) : match.end() + 40]
            ):
                continue  # "in a June 3 poll" told on 23 May: a day ahead, not when anything happened
            year = int(match["year"]) if match["year"] else _year_for(month, day, published)
            if year is None:
                return EventDate(None, 3)
            try:
                return EventDate(dt.date(year, month, day), 1)
            except ValueError:
                continue
    numeric = _NUMERIC.search(sentence) if has_digit else None
    if numeric is not None and (day := _numeric_date(numeric, published)) is not None:
        return EventDate(day, 1)
    ago = _AGO.search(sentence) if "ago" in lower else None
    if ago is not None:
        if published is None:
            return EventDate(None, 3)
        word = ago["count"].lower()
        count = 1 if word in ("a", "an") else parse_number(word)
        days, precision = {"day": (1, 1), "week": (7, 2), "month": (30, 3)}[ago["unit"].lower()]
        return EventDate(published - dt.timedelta(days=count * days), precision)
    spoken, told_before_teller = None, None
    for match in _WEEKDAY.finditer(sentence):
        if _SPEECH_BEFORE.search(sentence[max(0, match.start() - 40) : match.start()]):
            spoken = spoken or match
            continue
        if told_before_teller is None and _OPENING.match(sentence[: match.start()]) and _SPEAKER_AFTER.match(sentence, match.end()):
            told_before_teller = match
            continue
        if published is None:
            return EventDate(None, 3)
        return EventDate(resolve_weekday(match["weekday"], published), 1)
    for pattern, days_back, precision in _RELATIVE:
        if pattern.search(sentence):
            if published is None:
                return EventDate(None, 3)
            return EventDate(published - dt.timedelta(days=days_back), precision)
    if told_before_teller is not None:
        # No other day told: as before, the day it was told on is the day it happened.
        return EventDate(None, 3) if published is None else EventDate(resolve_weekday(told_before_teller["weekday"], published), 1)
    if spoken is not None:
        # The event happened by the day it was reported: within about a week.
        if published is None:
            return EventDate(None, 3)
        return EventDate(resolve_weekday(spoken["weekday"], published), 2)
    return None


def is_background(sentence: str) -> bool:
    """Whether a sentence is anchored in the past rather than in the news."""
    return bool(BACKGROUND_TIME.search(sentence))
