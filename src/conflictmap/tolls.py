"""Casualty figures: numbers written as digits or words, killed versus wounded,
per-side detail, and the cumulative tolls that must never become an event's."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from conflictmap.actors import find_actors

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "a dozen": 12, "half a dozen": 6, "a single": 1,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_WORD_NUMBER = (
    r"(?:(?:" + "|".join(_TENS) + r")(?:[-\s](?:" + "|".join(k for k in _UNITS if " " not in k and _UNITS[k] < 10) + r"))?"
    r"|" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")"
    r"(?:\s+(?:hundred|dozen))?"
)
NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|{_WORD_NUMBER})"
_VAGUE = r"(?:dozens|scores|hundreds|several|many|a number)"
# Day and month names for patterns here, in dates.py and in extract.py (dates.py reads tolls, so they live here).
WEEKDAY_NAMES = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
MONTH_NAMES = "January|February|March|April|May|June|July|August|September|October|November|December"
# "May" is left out: a short form is only read where a month is sure to follow.
SHORT_MONTH_NAMES = r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"

# "24 IS fighters were eliminated": the Russian and Syrian militaries' word for fighters they killed.
_KILL = (
    r"(?:killed|dead|died|dying|deaths?|lost\s+their\s+lives|slain|executed|massacred|martyred|martyrdom|fell\s+as\s+martyrs|perished|death\s+toll|fatalities"
    r"|stoned\s+to\s+death|eliminated|neutrali[sz]ed)"
)
_WOUND = r"(?:wounded|injured|hurt|injuries)"
_CUMULATIVE = re.compile(
    r"\bsince\s+(?:the\s+(?:start|beginning|outbreak|end|middle)|(?:early|mid|late)[-\s]|(?:the\s+)?(?:conflict|war|uprising|revolt|crisis)"
    rf"|(?:19|20)\d\d|(?:{MONTH_NAMES})"
    rf"|(?:{SHORT_MONTH_NAMES})\.?\s+\d"
    rf"|(?:last\s+)?(?:{WEEKDAY_NAMES})"
    r"|(?:the|its|their)\s+(?:[\w-]+\s+){0,6}(?:launched|began|started|begun)"
    # "since it began", "since Turkey launched its offensive", "since the battle erupted on Friday".
    r"|(?:[\w'-]+\s+){0,4}?(?:launched|began|started|begun|erupted|broke\s+out|collapsed|intervened))"
    r"|\ba\s+total\s+of\b|\bover\s+(?:a|the)\s+(?:\w+[-\s])?(?:day|week|month)\s+(?:stretch|period)"
    r"|\b(?:over|in|during)\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:days|weeks|months|years|week|month|year)\b"
    # Dead counted over two days or more: "over the last 48 hours".
    r"|\b(?:over|in|during)\s+the\s+(?:past|last)\s+(?:48|72|96|forty-eight|seventy-two)\s+hours"
    r"|\b(?:(?:\w+|\d+)\s+days|(?:a|the)\s+week|weeks|months)\s+of\s+(?:heavy\s+|intense\s+)?(?:bombing|bombardment|fighting|clashes|shelling|strikes|air\s*strikes|attacks|raids|violence)"
    # "in a second day of renewed bombing that has killed at least 32": the dead of both days.
    r"|\b(?:second|third|fourth|fifth|sixth|seventh)\s+(?:straight\s+|consecutive\s+)?day\s+of\b[^.;]{0,60}\bha(?:s|ve)\s+(?:killed|left|claimed)"
    # "in less than two weeks": a toll over an unstated span.
    r"|\bin\s+less\s+than\s+(?:a|two|three|four|\d+)\s+(?:weeks?|months?)"
    rf"|\bin\s+(?:{MONTH_NAMES})\b(?!\s+\d)"
    r"|\b(?:so\s+far\s+(?:this|in)|in\s+total\s+since|overall\s+toll|total\s+(?:death\s+)?toll\s+(?:in|of)\s+the\s+(?:war|conflict))"
    r"|\b(?:war|conflict|uprising|crisis)\b[^.;]{0,80}\bha(?:s|ve|d)\s+(?:killed|left|claimed|cost)\b"
    # "September was the deadliest month, the war killing at least 3,000": a month's or the war's dead.
    r"|\b(?:deadliest|bloodiest)\s+(?:week|month|year)\b|\b(?:war|conflict)\s+(?:killing|claiming)\b"
    # "Russia has so far lost 12 soldiers in the Syrian war": a side's losses in the whole war.
    # "IS has lost 463 fighters in the battle": a side's losses over a whole battle.
    r"|\b(?:has|have)\s+lost\s+(?:(?:at\s+least|more\s+than|over|some|about)\s+)?\S+\s+(?:\w+\s+)?(?:fighters|members|militants|soldiers|troops|men)\b"
    # "The two-month battle for the city killed more than 400 civilians", "280 had been killed in the offensive":
    # the dead of a whole campaign.
    r"|\b(?:\w+|\d+)[-\s](?:day|week|month|year)s?(?:-long|-old)?\s+(?:[\w-]+\s+)?(?:battle|offensive|siege|campaign|operation|assault)\b"
    r"[^.;]{0,40}?\b(?:ha(?:s|ve|d)\s+)?(?:killed|left|claimed)\b"
    r"|\b(?:killed|died|dead)\s+(?:in|during)\s+the\s+(?:\w+|\d+)[-\s](?:day|week|month|year)s?(?:-long|-old)?\s+(?:[\w-]+\s+)?"
    r"(?:battle|offensive|siege|campaign|operation|assault)\b"
    r"|\b(?:had|have|has)\s+been\s+killed\s+(?:in|during|since)\s+(?:the|its|their)\s+(?:[\w-]+\s+){0,2}(?:offensive|operation|campaign|battle|siege)\b"
    # "287 IS fighters had been killed in the fight for Hasakeh", "1,500 people have died during the siege".
    # (but "39 fighters were killed in the battle for them" is the day's battle, told in the past).
    r"|\b(?:had|have|has)\s+(?:been\s+killed|died)\s+(?:in|during)\s+the\s+(?:(?:fight|battle|struggle)\s+(?:for|over)|siege)\b"
    r"|\bso\s+far\s+lost\b|\blost\b[^.;]{0,60}\bin\s+(?:the|its|this)\s+(?:[\w-]+\s+)?(?:war|conflict)\b",
    re.I,
)
# "killing all five on board, the biggest loss since Russia intervened": the span measures the
# superlative, not the count.
_SUPERLATIVE_SINCE = re.compile(
    r"\b(?:deadliest|bloodiest|biggest|worst|heaviest|largest|highest|first|single\s+most)\b[^.;,]{0,80}?\bsince\b[^.;,]*", re.I
)
# "a wave of airstrikes that left 38 dead": a toll over an unstated span, unless the
# sentence gives the wave a single day ("on Sunday ... a wave of air raids").
_WAVE = re.compile(
    r"\b(?:wave|campaign)\s+of\s+(?:\w+\s+)?(?:air\s*strikes|airstrikes|air\s+raids|raids|strikes|bombings|attacks|shelling|bombardment)",
    re.I,
)
_ONE_DAY = re.compile(
    rf"(?:\b(?:{WEEKDAY_NAMES})\b|\byesterday\b|\btoday\b"
    rf"|\bon\s+(?:{MONTH_NAMES})\s+\d+)"
    # ... the day of the wave, not of an announcement about it.
    r"(?!\s+(?:announced|said|says|reported|told|declared|stated|warned|called))",
    re.I,
)
# A span ("since Sunday", "over the past week") makes a running total only of a count:
# "jets have bombed the town since Sunday" counts nothing, and tells the day's news.
_COUNTED_LOSS = re.compile(rf"\b(?:kill\w*|dead|died|deaths?|toll|lives|casualt\w+|victims|wound\w*|injur\w*|martyr\w*|perished|lost|{NUMBER})\b", re.I)
# No single incident in this war reached this toll; a larger figure is a running total.
MAX_EVENT_TOLL = 5000


def parse_number(text: str) -> int | None:
    """'39', '1,200', 'thirty-nine', 'eight', 'a dozen', 'two hundred' -> int."""
    text = text.strip().lower()
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", text):
        return int(text.replace(",", ""))
    if text in _UNITS:
        return _UNITS[text]
    hundred = text.endswith(" hundred")
    dozen = text.endswith(" dozen")
    text = text.removesuffix(" hundred").removesuffix(" dozen")
    total = 0
    for part in re.split(r"[-\s]+", text):
        if part in _TENS:
            total += _TENS[part]
        elif part in _UNITS:
            total += _UNITS[part]
        else:
            return None
    return total * 100 if hundred else total * 12 if dozen else total


@dataclass
class Toll:
    killed: int | None = None  # best figure for the dead; None when not stated
    many_killed: bool = False  # "dozens were killed": unknown but many
    wounded: int | None = None
    detail: dict[str, int] = field(default_factory=dict)
    cumulative: bool = False

    def __bool__(self) -> bool:
        return self.killed is not None or self.many_killed or bool(self.detail)


_QUANTITY = re.compile(
    # Only ever starts at the beginning of a word: the alternation below is long.
    rf"(?<![\w-])(?=\w)(?P<qual>at\s+least|more\s+than|over|nearly|almost|around|about|some|up\s+to|all)?\s*"
    rf"(?:between\s+(?P<low>{NUMBER})\s+and\s+|(?P<low_digits>\d+)\s*(?:-|\u2013|to)\s*"
    rf"|(?P<low_words>{NUMBER})\s+(?:to|or)\s+)?"
    rf"\b(?P<num>{NUMBER}|{_VAGUE})\b",
    re.I,
)


_NOT_VIOLENT_WORDS = ("malnutrition", "hunger", "starvation", "disease", "illness", "cold", "exposure", "natural", "lack of")
_NOT_VIOLENT_DEATH = re.compile(
    r"\b(?:died|dying|deaths?|perished)\s+(?:\w+\s+){0,3}?(?:of|from|due\s+to)\s+(?:\w+\s+)?"
    r"(?:malnutrition|hunger|starvation|disease|illness|cold|exposure|natural\s+causes|lack\s+of\s+(?:food|medicine|medical))",
    re.I,
)
# A count in words, or an article, with a capital inside a sentence ("... in Aleppo Two
# people were killed", "... among 12 dead in car bomb A minister was among"): the lead of
# a story, run into its own headline with no full stop.
_RUN_IN_LEAD = re.compile(
    r"(?<=[\w)])\s+(?=(?:" + "|".join(w.capitalize() for w in [*_UNITS, *_TENS] if " " not in w) + r"|At\s+least|An?|The|In|Earlier)\b)"
)


# An agency's crosshead run into the text ("... dissent. - Troops kill 10 children - Meanwhile
# the Observatory said ..."): a summary of the paragraph below it, whose figures it repeats.
_CROSSHEAD = re.compile(r"(?<!\S)-\s+[A-Z][^.!?\-]{2,60}?\s+-(?=\s)")
# "The assault comes less than two weeks after IS killed 270 guards": what it came after
# or beside is another incident, with dead of its own.
_CAME_AS = re.compile(
    # ... not "the attack which came as the truce began killed 12": a clause about the attack itself.
    r"(?<!\bwhich\s)(?<!\bthat\s)\b(?:came|comes|come|coming)\s+(?:just\s+|only\s+|shortly\s+|less\s+than\s+|barely\s+)?(?:\w+\s+){0,3}?"
    r"(?:as|amid|after|following)\b",
    re.I,
)


# "23 ISIS (Daesh) militants", 'killed "at least 18 fighters" the monitor said': short asides
# in brackets, and quotation marks, that stand between a figure and its verb.
_ASIDE = re.compile(r"\s*\([^()]{0,80}\)|[\"\u201c\u201d]")
# "a woman - sentenced to death for adultery - was stoned to death": an aside between dashes,
# left in when it holds a count of its own.
_DASH_ASIDE = re.compile(r"\s+-\s+[^-.;]{3,80}?\s+-\s+")
_COUNT = re.compile(rf"\b{NUMBER}\b", re.I)


# "... in Douma Four more died in Harasta": a second count run in, not a lead telling the first again.
# ("30 other people were injured" counts the wounded, not more dead.)
_MORE_DEAD = re.compile(
    r"\b(?:more|another|also|further)\b|\bothers?\b(?!\s+(?:[\w-]+\s+){0,2}?(?:were\s+|are\s+|have\s+been\s+)?(?:injured|wounded|hurt)\b)", re.I
)


def extract_toll(sentence: str) -> Toll:
    """Casualty figures in one sentence.

    Figures in the main clauses add up ("31 rebels and eight IS fighters were
    killed" is 39); figures after "including" or "among them" are part of the
    total before them and never add to it. A headline run into its lead tells the
    lead's dead again: the lead's figure stands.
    """
    if "(" in sentence or '"' in sentence or "\u201c" in sentence:
        sentence = _ASIDE.sub(" ", sentence)
    if " - " in sentence:
        sentence = _DASH_ASIDE.sub(lambda m: m.group(0) if _COUNT.search(m.group(0)) else " ", sentence)
    lower = sentence.lower()
    if " -" in sentence:
        sentence = _CROSSHEAD.sub(" ", sentence)
    came = _CAME_AS.search(sentence) if "came" in lower or "come" in lower else None
    if came is not None:
        sentence = sentence[: came.start()]  # "The attack came as troops executed 48 people": another incident
    for run_in in _RUN_IN_LEAD.finditer(sentence):
        headline, lead = _figures(sentence[: run_in.start()]), _figures(sentence[run_in.end() :])
        if headline.killed is not None and lead.killed is not None and not _MORE_DEAD.search(sentence, run_in.end()):
            return lead
    return _figures(sentence)


def _figures(sentence: str) -> Toll:
    other = _OTHER_SOURCE.search(sentence)
    if other is not None and other["says"] and not _SOURCE_BEFORE.search(sentence, 0, other.start()):
        other = None  # "jets killed 5 while rebels said ...": one figure, then someone's words
    if other is not None:
        # Two sources, two figures for the same dead: the lowest firm one stands.
        rest = re.sub(r"(?<!death\s)\btoll\b", "death toll", sentence[other.start() :])
        first, second = _sentence_toll(sentence[: other.start()]), _sentence_toll(rest)
        if first.killed is not None and second.killed is not None and not first.detail and not second.detail:
            lowest = first if first.killed <= second.killed else second
            lowest.wounded = first.wounded if first.wounded is not None else second.wounded
            return lowest
    return _sentence_toll(sentence)


# "Nine people, including four children, were killed": the part set off by commas
# between a figure and its verb; read without it, the figure keeps its verb.
_INSET_SUBSET = re.compile(
    r",\s*(?:including|among\s+them|among\s+whom|of\s+whom)\s+[^,;.]{1,60},(?=\s*(?:were|was|have|has|had|died|dead|killed)\b)", re.I
)


# An updated toll gives the figure it was updated from: "rose from 22 to 31",
# "raised its toll to 31 from 22", "31, up from an earlier toll of 22". Only the update stands.
_RISE_FROM = re.compile(
    rf"\b(?P<verb>risen|rose|climbed|jumped|increased|raised|revised|updated)\s+(?:its\s+|the\s+|their\s+)?(?:death\s+)?(?:toll\s+)?"
    rf"from\s+{NUMBER}\s+to\s+",
    re.I,
)
_TO_FROM = re.compile(rf"\b(?P<to>to\s+{NUMBER})\s+from\s+{NUMBER}\b", re.I)
_SUPERSEDED = re.compile(
    rf",?\s+(?:up|down|revised|updated|revising|updating)\s+(?:from\s+)?(?:an?\s+|the\s+|its\s+)?(?:earlier|previous|initial|first)\s+"
    # "updating an earlier toll on Sunday evening of 15": the time the first count was given may come between.
    rf"(?:death\s+)?(?:toll|count|figure|tally)\s+(?:(?:on|from|given|issued|reported)\s+(?:[\w-]+\s+){{0,3}}?)?of\s+(?:at\s+least\s+)?{NUMBER}\b",
    re.I,
)


# "..., bringing to 45 the number killed in 24 hours": a running total told after the day's figure.
_PERIOD_TOTAL_WORDS = ("bringing", "raising", "taking", "pushing")
_PERIOD_TOTAL = re.compile(
    rf"\b(?:{'|'.join(_PERIOD_TOTAL_WORDS)})\s+(?:to\s+{NUMBER}\s+)?(?:the|its)\s+(?:overall\s+|total\s+)?(?:death\s+)?"
    r"(?:toll|number|tally|count)\b[^;]*",
    re.I,
)
_SPAN = re.compile(r"\b(?:in|over|within|during)\s+(?:the\s+(?:past|last)\s+)?(?:\d+|[a-z-]+)\s+(?:hours|days|weeks|months)\b", re.I)


def _sentence_toll(sentence: str) -> Toll:
    toll = Toll()
    lower = sentence.lower()
    if any(word in lower for word in _NOT_VIOLENT_WORDS) and _NOT_VIOLENT_DEATH.search(sentence):
        return toll  # "two infants died of malnutrition": deaths of a siege, not of an attack
    sentence = _count_relatives(sentence)
    if "," in sentence:
        sentence = _INSET_SUBSET.sub(" ", sentence)
    if " from " in lower:
        sentence = _RISE_FROM.sub(r"\g<verb> to ", _TO_FROM.sub(r"\g<to>", sentence))
    if any(word in lower for word in ("earlier", "previous", "initial", "first")):
        sentence = _SUPERSEDED.sub(" ", sentence)
    if any(word in lower for word in _PERIOD_TOTAL_WORDS):
        total = _PERIOD_TOTAL.search(sentence)
        if total is not None and (_CUMULATIVE.search(total.group(0)) or _SPAN.search(total.group(0))):
            head = _sentence_toll(sentence[: total.start()])
            if head.killed is not None:
                return head  # "jets killed nine, bringing the toll since Sunday to 40": the nine are the day's
    counted_over = _SUPERLATIVE_SINCE.sub(" ", sentence) if "since" in lower else sentence
    if (_CUMULATIVE.search(counted_over) or (_WAVE.search(sentence) and not _ONE_DAY.search(sentence))) and _COUNTED_LOSS.search(sentence):
        toll.cumulative = True
        return toll
    killed: list[tuple[int, str | None]] = []
    sides: dict[str, int] = {}
    for clause in _CLAUSE_SPLIT.split(sentence):
        subset = bool(_SUBSET.match(clause))
        for kind, value, side in _read_clause(clause):
            if kind == "side":
                sides[side] = sides.get(side, 0) + value
            elif kind == "wounded":
                toll.wounded = value if toll.wounded is None else toll.wounded
            elif kind == "many":
                toll.many_killed = True
            elif not subset:
                killed.append((value, side))
    if not killed:
        killed.extend((1, None) for _ in _ONE_PERSON.finditer(sentence))
    if len(killed) >= 3 and killed[0][0] == sum(value for value, _ in killed[1:]):
        killed = killed[:1]  # "19 men were executed, 18 shot dead and one beheaded": the total, then how they died
    if killed and sum(value for value, _ in killed) > MAX_EVENT_TOLL:
        toll.cumulative = True
        return toll
    if killed:
        toll.killed = sum(value for value, _ in killed)
        for value, side in killed:
            if side is not None:
                toll.detail[side] = toll.detail.get(side, 0) + value
        if sides and not toll.detail:
            toll.detail = sides
    return toll


# "... 25 were killed while the state agency put the toll at 18": another source's figure.
_OTHER_SOURCE = re.compile(
    r"[,;]?\s+\b(?:while|whereas|but)\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,5}?(?:put|puts|placed|gave|gives|estimated|estimates"
    r"|reported|reports)\s+(?:the\s+|a\s+|its\s+|their\s+)?(?:death\s+)?(?:toll|figure|number|losses)\b"
    # "Activists said 45 people were killed while the Observatory said 30 died": when the
    # first figure is a source's too (see _SOURCE_BEFORE).
    r"|[,;]?\s+\b(?:while|whereas|but)\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,5}?(?P<says>said|says|counted|reported|reports)\b",
    re.I,
)
_SOURCE_BEFORE = re.compile(r"\b(?:said|says|reported|reports|counted|according\s+to)\b", re.I)
_CLAUSE_SPLIT = re.compile(r";|,\s*(?=(?:while|but|including|among\s+them|of\s+whom)\b)|\.\s+")
# Scraped text often lost its commas: in "eight civilians including three children
# were killed" the three are part of the eight, found by the words before them.
_SUBSET_BEFORE = re.compile(r"\b(?:including|among\s+them|among\s+the\s+dead|of\s+whom)\s+(?:[\w-]+\s+){0,3}$", re.I)
_SUBSET_AFTER = re.compile(
    r"^\W*(?:[\w'-]+\s+){0,4}?(?:were|was|are|is)\s+(?:also\s+)?among\b"
    # "... put the toll at 58, saying there were 11 children among the dead"
    r"|^\W*(?:[\w'-]+\s+){0,3}?among\s+(?:the\s+)?(?:dead|victims|those\s+killed|fatalities)\b",
    re.I,
)
# "Three people, two of them children, died": a part of the figure just told in the clause.
_OF_THEM_AFTER = re.compile(r"^\s*of\s+(?:them|whom)\b", re.I)
# "Rebels made up 14 of the dead": a part of a toll told anywhere, in this clause or before it.
_OF_THE_DEAD_AFTER = re.compile(r"^\s*of\s+(?:the\s+dead|the\s+victims|those\s+killed|the\s+fatalities)\b", re.I)
_SUBSET = re.compile(r"\s*(?:including|among\s+them|of\s+whom)\b", re.I)
# How far before a figure its verb is looked for: a toll's own verb may come up to 16 words after "toll".
VERB_WINDOW = 250
_VERB_BEFORE = re.compile(
    rf"\b(?P<verb>killed|kills?|killing(?:\s+of)?|eliminat(?:ed|ing|es)|(?:the\s+)?elimination\s+of|neutrali[sz](?:ed|ing)|executed|executing|massacred|beheaded|beheading|shot\s+dead|gunned\s+down|(?:claim(?:ed|ing|s)?|takes?|took|taking|taken)\s+the\s+lives\s+of|(?:killed|executed)\s+and\s+(?:crucified|beheaded|mutilated|burned)|(?:bodies|corpses|deaths)\s+of|(?:the\s+)?(?:death|martyrdom)\s+of|{_WOUND}|wounding|injuring"
    # "... died of their wounds, bringing the toll to 61"
    rf"|(?:bringing|brings|brought|raising|raised|raises)\s+the\s+(?:death\s+)?toll\s+(?:[\w-]+\s+){{0,8}}?to"
    # "The death toll from a bomb attack on a bus convoy outside Aleppo has reached 126": a toll's
    # own verb may come after a long description; a bare "at" or "of" must come soon.
    rf"|(?:death\s+)?toll\s+(?:[\w'\u2019-]+\s+){{0,16}}?(?:(?:has\s+|had\s+)?(?:risen|rose|climbed|jumped|increased)\s+to|(?:has\s+|had\s+)?reached"
    rf"|(?:was|is|has\s+been)\s+(?:put|set|estimated)\s+at)"
    rf"|(?:death\s+)?toll\s+(?:\w+\s+){{0,6}}?(?:stood\s+at|stands\s+at|at|of|is|was)"
    rf"|(?:raised|revised|updated|lifted)\s+(?:its\s+|the\s+|their\s+)?(?:death\s+)?toll\s+(?:[\w-]+\s+){{0,8}}?to"
    # "a blast on the convoy has risen to 70": a reporter's shorthand for its toll.
    rf"|(?:(?:has|have|had)\s+(?:risen|climbed|jumped|increased)\s+to))"
    # "shelling killed another two civilians"; "killing, according to the latest toll, 44 civilians"
    rf"\s*(?:according\s+to\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){{0,2}}?toll\s+)?(?:another\s+|a\s+further\s+|an\s+additional\s+|an\s+estimated\s+|a\s+confirmed\s+|the\s+)?$",
    re.I,
)
# "A girl was killed", "leaving an elderly woman dead": one person, though no number is written.
_PERSON = (
    r"(?:man|woman|child|girl|boy|civilian|person|soldier|fighter|journalist|policeman"
    r"|officer|doctor|medic|volunteer|worker|commander|teenager|resident|imam|preacher|cleric|leader|mayor|judge|nurse|pilot"
    r"|baby|infant|toddler|student|teacher|farmer|shepherd|paramedic|photographer|activist|reporter|cameraman)"
)
_ONE_PERSON = re.compile(
    rf"\b(?:a|an|one|another)\s+(?:[\w-]+\s+){{0,2}}{_PERSON}\s+(?:was\s+|has\s+been\s+|had\s+been\s+)?"
    rf"(?:killed|dead|died|slain|shot\s+dead|executed|beheaded|stoned\s+to\s+death)\b"
    # "killing the commander Abu Taha": one named person.
    rf"|\b(?:killed|killing|shot\s+dead|executed|beheaded|claim(?:ed|ing)\s+the\s+life\s+of)\s+(?:a|an|one|the)\s+(?:[\w-]+\s+){{0,2}}{_PERSON}\b(?!\s+of\b)",
    re.I,
)
_KIN = r"(?:daughters?|sons?|children|child|wife|husband|father|mother|brothers?|sisters?|siblings|grandchildren|parents)"
# "A man and his young daughter", "a woman and her three children as well as another
# child": people counted by kinship, not by a written total.
_RELATIVES = re.compile(
    rf"\b(?:a|an|one)\s+(?:[\w-]+\s+)?(?:{_PERSON}|father|mother|husband|wife)\s+and\s+(?:his|her|their)\s+(?:(?P<n>{NUMBER})\s+)?(?:[\w-]+\s+)?(?P<kin>{_KIN})"
    rf"(?P<more>\s+(?:as\s+well\s+as|and)\s+(?:another|a|an|one)\s+(?:[\w-]+\s+)?(?:{_PERSON}|{_KIN}))?"
    # ... the subject of its verb, or the object of "killed" ("killed a woman and her three children in Daraya").
    rf"(?=\s+(?:were|have\s+been|had\s+been|was|(?:have\s+|has\s+|had\s+)?died|killed|perished|in|at|on|near|when|as|after|while|during)\b|\s*[.;,]|\s*$)",
    re.I,
)
# "four children and their mother", "a family of five": people counted by kinship.
_WITH_PARENTS = re.compile(
    rf"\b(?P<n>{NUMBER})\s+(?:[\w-]+\s+)?(?:children|sons|daughters|siblings|brothers|sisters)\s+and\s+(?:their|his|her)\s+"
    rf"(?P<kin>mother|father|parents|grandmother|grandfather)\b",
    re.I,
)
_PARENTS_WITH = re.compile(
    rf"\b(?P<n>{NUMBER})\s+(?:women|men|mothers|fathers|parents)\s+and\s+their\s+(?P<m>{NUMBER})\s+(?:[\w-]+\s+)?(?:children|sons|daughters)\b",
    re.I,
)
_FAMILY_OF = re.compile(rf"(?<!\bof\s)\b(?:a|an|one|an\s+entire|a\s+whole|entire|whole)\s+family\s+of\s+(?P<n>{NUMBER})\b", re.I)


# "Another man and a woman were killed": two people, each told with an article.
_TWO_PEOPLE = re.compile(
    rf"\b(?:a|an|one|another)\s+(?:[\w-]+\s+)?{_PERSON}\s+and\s+(?:a|an|one|another)\s+(?:[\w-]+\s+)?{_PERSON}"
    rf"(?=\s+(?:were|have\s+been|had\s+been)\s+(?:killed|shot\s+dead|slain|executed)\b|\s+died\b)",
    re.I,
)
# "a woman and two children were killed", "a little boy a little girl and two women": the
# people told one by one count with the figure after them.
_ONES_AND_COUNT = re.compile(
    rf"\b(?P<ones>(?:(?:a|an|one)\s+(?:[\w-]+\s+)?{_PERSON}\s*,?\s+){{1,4}})and\s+(?P<n>{NUMBER})\s+(?:other\s+|more\s+)?(?:[\w-]+\s+)?"
    r"(?P<plural>people|persons|children|women|men|civilians|soldiers|fighters|members|girls|boys|militants|terrorists|others)\b",
    re.I,
)
_ONE_WORD = re.compile(r"\b(?:a|an|one)\s", re.I)
_QUALIFIER = r"(?:(?:at\s+least|some|about|nearly|more\s+than)\s+)?"
# "He was killed along with two other people": the man and the others with him.
_KILLED_ALONG_WITH = re.compile(rf"\b(?:was|were)\s+killed\s+(?:along|together)\s+with\s+{_QUALIFIER}(?P<n>{NUMBER})(?=\s+(?:other|others|more)\b)", re.I)
# "a commander and 34 of his comrades", "his son and 12 other militants", "Mahmoud Brouq and
# at least 10 members of the group": one named man and a count of the men with him.
_LEADER_AND_MEN = re.compile(
    rf"\band\s+{_QUALIFIER}(?P<n>{NUMBER})\s+(?=of\s+(?:his|her)\s+(?:[\w-]+\s+)?"
    r"(?:comrades|companions|men|fighters|aides|bodyguards|guards|followers|escorts|associates)\b)",
    re.I,
)
_KIN_AND_OTHERS = re.compile(
    rf"(?P<before>\b[\w-]+,?\s+)?\b(?:his|her)\s+(?:son|daughter|brother|sister|father|deputy|aide|driver|bodyguard)\s+and\s+"
    rf"{_QUALIFIER}(?P<n>{NUMBER})\s+(?=other\s|(?:[\w-]+\s+)?(?:jihadists|militants|fighters|terrorists|members|rebels|gunmen)\b)",
    re.I,
)
# "Abdel-Moneim said his son and 12 other militants were killed": the man who speaks is not among
# the dead; "Abu Firas al-Suri his son and 20 jihadists were killed" lists him first (the comma lost).
_NOT_LISTED_BEFORE = re.compile(
    r"(?:said|says|told|tells|added|adds|claimed|and|with|of|by|that|killed|killing|including|among|lost|mourned|buried)\s+$", re.I
)
_NAME_AND_MEN = re.compile(
    rf"(?:^\W*|\bkill(?:ed|ing)\s+(?:[a-z-]+\s+){{0,2}}?)(?P<name>(?:[A-Z][\w'-]+\s+){{1,3}}[A-Z][\w'-]+)\s+and\s+"
    rf"{_QUALIFIER}(?P<n>{NUMBER})\s+(?=(?:other\s+|more\s+)?(?:members|militants|terrorists|fighters|jihadists|gunmen|rebels|soldiers|others)\b)"
)
# SANA's "claiming 4 martyrs and 13 injured": the dead named as martyrs.
_MARTYRS = re.compile(rf"\b(?P<n>{NUMBER})\s+martyrs\b", re.I)


def _one_more(match: re.Match[str], more: int = 1) -> str:
    """The matched text with its figure ("n") one higher: the man told beside the count."""
    value = parse_number(match["n"])
    if value is None:
        return match.group(0)
    text, start, end = match.group(0), match.start("n") - match.start(), match.end("n") - match.start()
    return text[:start] + str(value + more) + text[end:]


def _kin_and_others(match: re.Match[str]) -> str:
    """ "his son and 12 other militants": the son and the others, and the man himself when
    the sentence lists him before them."""
    listed = match["before"] is not None and not _NOT_LISTED_BEFORE.search(match["before"])
    return _one_more(match, 2 if listed else 1)


def _count_people_named(sentence: str) -> str:
    """Counts that leave out people told beside them: one by one, or a leader and his men."""
    if " and " not in sentence:
        return sentence

    def ones_and_count(match: re.Match[str]) -> str:
        value = parse_number(match["n"])
        if value is None:
            return match.group(0)
        return f"{len(_ONE_WORD.findall(match['ones'])) + value} {match['plural']}"

    sentence = _ONES_AND_COUNT.sub(ones_and_count, sentence)
    sentence = _LEADER_AND_MEN.sub(_one_more, sentence)
    sentence = _KIN_AND_OTHERS.sub(_kin_and_others, sentence)

    def name_and_men(match: re.Match[str]) -> str:
        name = match["name"]
        if parse_number(name.split()[0]) is not None or find_actors(name):
            return match.group(0)  # "Two Hezbollah and ...", "Ahrar al-Sham and 20 ...": not one man
        return _one_more(match)

    return _NAME_AND_MEN.sub(name_and_men, sentence)


def _count_relatives(sentence: str) -> str:
    sentence = _count_people_named(sentence)
    if "killed" in sentence and " with " in sentence:
        sentence = _KILLED_ALONG_WITH.sub(lambda m: f"were killed {_one_more(m)[m.start('n') - m.start() :]}", sentence)
    if "family of" in sentence:
        sentence = _FAMILY_OF.sub(lambda m: f"{m['n']} people", sentence)
    if " and a" in sentence or " and one" in sentence:
        sentence = _TWO_PEOPLE.sub("2 people", sentence)
    if "martyrs" in sentence:
        sentence = _MARTYRS.sub(lambda m: f"{m['n']} people killed", sentence)
    if "and her" not in sentence and "and his" not in sentence and "and their" not in sentence:
        return sentence

    def with_parents(match: re.Match[str]) -> str:
        children = parse_number(match["n"])
        if children is None:
            return match.group(0)
        return f"{children + (2 if match['kin'].lower() == 'parents' else 1)} people"

    sentence = _WITH_PARENTS.sub(with_parents, sentence)

    def parents_with(match: re.Match[str]) -> str:
        parents, children = parse_number(match["n"]), parse_number(match["m"])
        return match.group(0) if parents is None or children is None else f"{parents + children} people"

    sentence = _PARENTS_WITH.sub(parents_with, sentence)

    def count(match: re.Match[str]) -> str:
        kin = match["kin"].lower()
        relatives = parse_number(match["n"]) if match["n"] else (1 if not kin.endswith(("s", "children")) else None)
        if relatives is None:
            return match.group(0)  # "a man and his children": how many is not said
        return f"{1 + relatives + (1 if match['more'] else 0)} people"

    return _RELATIVES.sub(count, sentence)


# "... claiming two lives": the figure counts lives when the word right after it says so.
_VERB_AFTER = re.compile(
    rf"^(?:\s+(?=lives\b)|\W*(?:[\w'-]+[\s,]+){{0,16}}?(?=(?:{_KILL}|{_WOUND})\b))(?P<verb>{_KILL}|{_WOUND}|lives)\b", re.I
)
_NOT_PEOPLE = re.compile(
    # "a 5-year-old child": an age, not a count.
    r"[\s-]*(?:km|kilomet(?:er|re)s?|[ap]\.?m\b\.?|GMT|miles?|metres|meters|percent|%|years?|days?|hours?|weeks?|months?|villages?|towns?|famil(?:y|ies)"
    r"|air\s*strikes?|strikes|raids|rockets?|shells?|mortars?|missiles?|bombs|barrel|times|kg|tons?"
    # "clashes between the two sides left 23 dead": who fought, not who died.
    r"|sides|parties|fronts|offensives|operations)\b"
    # "two residential neighbourhoods", "32 pick-up trucks": places and vehicles hit, not people.
    r"|[\s-]*(?:[\w-]+\s+)?(?:neighbou?rhoods|districts|quarters|buildings|houses|homes|schools|hospitals|mosques|markets"
    r"|vehicles|cars|trucks|lorr(?:y|ies)|tanks|buses|pick-?ups|sites|positions|checkpoints|hideouts"
    # "the two air raids on the town killed 19"
    r"|raids|strikes|attacks|bombings|explosions|blasts|bombs|shells|rockets|missiles)\b"
    # "18 of the 31 lorries were destroyed": a share of what was hit.
    rf"|\s+of\s+the\s+(?:{NUMBER}\s+)?(?:[\w-]+\s+)?(?:vehicles|cars|trucks|lorries|tanks|buses|buildings|houses|homes)\b",
    re.I,
)
# "an August 21 gas attack that killed more than 1,400": a day of the month, not a toll.
_MONTH_BEFORE = re.compile(
    rf"\b(?:{MONTH_NAMES}"
    rf"|{SHORT_MONTH_NAMES})\.?\s+$"
)
# "As well as the 10 civilians killed on the bus, 21 others died": dead already counted elsewhere.
_NOT_A_NEW_COUNT_BEFORE = re.compile(
    r"\b(?:as\s+well\s+as|in\s+addition\s+to|besides|on\s+top\s+of)\s+(?:the|those)\s+$",
    re.I,
)
# "2510 The US missile strike ... killed four children", "... Topic Battle Against Daesh 0 54
# The SDF killed 23": a page's time stamp or counter before a sentence, with no noun to count.
_SENTENCE_AFTER = re.compile(r"\s+(?:The|An?)\s")
_MONTH_AFTER = re.compile(
    rf"\s*(?:{MONTH_NAMES}"
    rf"|(?:{SHORT_MONTH_NAMES})\.?(?=\s+(?:19|20)\d\d\b))\b"
)


_RISEN_TOLL = re.compile(r"\b(?:has|have|had)\s+(?:risen|climbed|jumped|increased)\s+to\s+\d", re.I)
# Running counts that rise but are not of the dead.
_NOT_A_TOLL_COUNT = re.compile(
    r"\b(?:refugees|displaced|price|prices|rate|temperature|number\s+of\s+(?:refugees|displaced|people\s+(?:who\s+)?fle\w*))\b", re.I
)


_AND_BEFORE = re.compile(r"\b(?:and|as\s+well\s+as)\s*$", re.I)
# "three were killed and twenty others suffered": the others are not dead.
_OTHERS_AFTER = re.compile(r"^\W*(?:[\w'-]+\s+){0,6}?(?:others?|suffered|wounded|injured|hurt)\b", re.I)


_CASUALTY_WORD = re.compile(
    rf"\b(?:{_KILL}|{_WOUND}|kills?|killing|eliminating|elimination|wounding|injuring|lives|bodies|corpses|lost|toll|beheaded|beheading|gunned)\b", re.I
)
# "ISIS lost 15 fighters": a side's dead, told by the side that lost them.
_LOST_BEFORE = re.compile(r"\blost\s+(?:(?:at\s+least|about|around|some|nearly|more\s+than|over)\s+)?$", re.I)
_FIGHTERS_AFTER = re.compile(
    r"^\s+(?:[\w-]+\s+){0,2}?(?:fighters|soldiers|troops|members|militants|men|personnel|people|civilians|jihadists"
    r"|rebels|gunmen|officers|militiamen|policemen|guards|of\s+(?:its|their|his)\s+(?:fighters|men|soldiers|members))\b",
    re.I,
)
# "another 10 bodies yet to be identified": dead counted as bodies.
_BODIES_AFTER = re.compile(r"^\s+(?:[\w-]+\s+)?(?:bodies|corpses)\b", re.I)
_WITH_BEFORE = re.compile(r"\bwith\s+(?:at\s+least\s+|some\s+|about\s+)?$", re.I)
_DEAD_OR_WOUNDED = re.compile(r"\s+(?:or|and)\s+(?:wounded|injured|hurt)\b", re.I)
_MORE_AFTER = re.compile(r"^\s+(?:more|others?|additional)\b", re.I)
# "three suicide bombers killed at least two people": who did the killing, not the dead.
_ATTACKERS_AFTER = re.compile(
    r"^\s+(?:[\w-]+\s+){0,2}?(?:bombers|attackers|assailants|gunmen|jets|warplanes|planes|aircraft|helicopters|drones)\b"
    r"(?!\s+(?:were|was|have\s+been|had\s+been|died|dead|also\s+died)\b)",
    re.I,
)
_WOUND_VERB = re.compile(_WOUND + "|wounding|injuring", re.I)
_PERSON_PLURAL = r"(?:soldiers|fighters|troops|rebels|militants|civilians|people|men|women|children|members)\b"
# A headline without commas, "Child killed two others injured in ...": the figure after
# "killed" has its own verb, and that verb counts the wounded.
_WOUNDED_RIGHT_AFTER = re.compile(rf"^\s+(?:others?\s+|more\s+|people\s+|persons\s+)?(?:were\s+|are\s+)?{_WOUND}\b(?!\s+{_PERSON_PLURAL})", re.I)


def _read_clause(clause: str) -> list[tuple[str, int, str | None]]:
    """(kind, value, side) for each figure in a clause: kind is killed, wounded or many."""
    if not _CASUALTY_WORD.search(clause):
        if not _RISEN_TOLL.search(clause) or _NOT_A_TOLL_COUNT.search(clause):
            return []
    found = []
    # Figures with a side but no verb after a killed total ("39 died, 31 from rebel
    # ranks and eight from IS"): a breakdown of that total when they add up to it.
    breakdown: list[tuple[int, str | None]] = []
    previous_was_killed = False
    for match in _QUANTITY.finditer(clause):
        raw = match["num"]
        if not raw or re.fullmatch(r"(?:19|20)\d\d", raw):
            continue  # a year, not a toll
        after = clause[match.end() :]
        if (
            _NOT_PEOPLE.match(after)
            or _SENTENCE_AFTER.match(after)
            or _MONTH_AFTER.match(after)
            or _MONTH_BEFORE.search(clause, max(0, match.start() - 12), match.start())
            or _NOT_A_NEW_COUNT_BEFORE.search(clause, max(0, match.start() - 24), match.start())
        ):
            continue
        if _SUBSET_BEFORE.search(clause[max(0, match.start() - 60) : match.start()] + " ") or _SUBSET_AFTER.match(after):
            continue
        if _OF_THEM_AFTER.match(after) and any(kind == "killed" for kind, _, _ in found):
            continue
        if _OF_THE_DEAD_AFTER.match(after):
            continue
        verb = _VERB_BEFORE.search(clause[max(0, match.start() - VERB_WINDOW) : match.start()])
        if verb is None and _ATTACKERS_AFTER.match(after):
            continue
        if verb is None:
            verb = _VERB_AFTER.match(after)
            if verb is not None and _DEAD_OR_WOUNDED.match(after, verb.end()):
                continue  # "30 fighters were killed or wounded": casualties, not a count of the dead
        if _BODIES_AFTER.match(after) and _WITH_BEFORE.search(clause[max(0, match.start() - 20) : match.start()]) and any(
            kind == "killed" for kind, _, _ in found
        ):
            continue  # "32 people were killed, with 18 bodies pulled from one building": part of the 32
        if verb is None and (
            (_LOST_BEFORE.search(clause[: match.start()]) and _FIGHTERS_AFTER.match(after)) or _BODIES_AFTER.match(after)
        ):
            value = _value(match)
            if value is not None:
                found.append(("killed", value, _side_of(after[:60])))
                previous_was_killed = True
            continue
        if verb is None:
            value = _value(match)
            # "killing two Hezbollah men and three militiamen": the second figure
            # shares the verb of the first, when nothing came between them.
            if (
                previous_was_killed
                and not breakdown
                and _AND_BEFORE.search(clause[max(0, match.start() - 12) : match.start()])
                and not _OTHERS_AFTER.match(after)
            ):
                if value is not None:
                    found.append(("killed", value, _side_of(after[:60])))
                continue
            previous_was_killed = False
            if found and found[-1][0] == "killed" and value is not None:
                breakdown.append((value, _side_of(after[:60])))
            continue
        kind = "wounded" if _WOUND_VERB.match(verb["verb"]) or _WOUNDED_RIGHT_AFTER.match(after) else "killed"
        if re.fullmatch(_VAGUE, raw, re.I):
            if kind == "killed":
                found.append(("many", 0, None))
            continue
        value = _value(match)
        if value is None:
            continue
        side = _side_of(after[:60]) if kind == "killed" else None
        if (
            kind == "killed" and verb["verb"].lower().startswith("killing")
            and any(k == "killed" and v == value and s in (side, None) for k, v, s in found)
            and not _MORE_AFTER.match(after)
        ):
            continue  # "26 civilians were killed when jets pounded the district, killing 26 civilians": told twice
        found.append((kind, value, side))
        previous_was_killed = kind == "killed"
    killed_total = next((value for kind, value, _ in reversed(found) if kind == "killed"), None)
    if breakdown and all(side for _, side in breakdown) and sum(v for v, _ in breakdown) == killed_total:
        found.extend(("side", value, side) for value, side in breakdown)
    return found


def _value(match: re.Match[str]) -> int | None:
    low_text = match["low"] or match["low_digits"] or match["low_words"]
    low = parse_number(low_text) if low_text else None
    high = parse_number(match["num"])
    return low if low is not None else high


def _side_of(text_after_number: str) -> str | None:
    """The side named right after a number: '31 rebel fighters', 'eight IS fighters'."""
    head = re.match(r"\W*(?:[\w'-]+\s+){0,3}?(?:[\w'-]+)", text_after_number)
    if head is None:
        return None
    window = text_after_number[: head.end() + 25]
    actors = find_actors(window)
    if actors and actors[0].start <= head.end() + 1:
        name = actors[0].actor.name
        if name == "Civilians" and re.match(r"\W*(?:people|persons)\b", window, re.I):
            return None
        return name
    return None
