"""Extraction: from an article's sentences to event mentions.

Rule-based and explainable: every event comes with the sentences it was read
from. A sentence with an event word (a trigger) and a place starts an event;
later sentences that refer back to it ("the clashes", "the villages") or only
add a toll enrich it. Background, hypotheticals and cumulative tolls are left out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from conflictmap.actors import CIVILIANS, STATE_FORCES, ActorMention, category_of, find_actors
from conflictmap.dates import MONTH_PATTERN, EventDate, find_date, is_background
from conflictmap.gazetteer import builtin_gazetteer, find_governorate
from conflictmap.geocode import DISTANCE, PlaceMention, stated_km, without_area_references
from conflictmap.tolls import MONTH_NAMES, NUMBER, WEEKDAY_NAMES, Toll, extract_toll, parse_number


@dataclass(frozen=True)
class Trigger:
    event_type: str
    sub_event_type: str
    rank: int
    pattern: re.Pattern[str]
    # Lower-case stems one of which every wording the pattern accepts contains, as one
    # pattern: a cheap test that spares the regular expression on most sentences.
    keyword_pattern: re.Pattern[str] | None = None
    # A wording that tells only a killing ("IS killed 20 rebels") starts an event where the sentence
    # names a place; without one it is the toll of an incident told in full elsewhere.
    needs_place: bool = False
    # A state-media item ("army units destroyed hideouts in Kabbani") is an incident at a town or
    # village; told of a whole province ("in the countryside of Hama and Idleb") it sums up the day.
    needs_town: bool = False


def _trigger(
    event_type: str, sub_event_type: str, rank: int, pattern: str, keywords: tuple[str, ...] | None = None,
    needs_place: bool = False, needs_town: bool = False,
) -> Trigger:
    keywords = _TRIGGER_KEYWORDS.get(sub_event_type, ()) if keywords is None else keywords
    return Trigger(event_type, sub_event_type, rank, re.compile(pattern, re.I), _any_of(keywords), needs_place, needs_town)


def _any_of(words: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile("|".join(re.escape(word) for word in words)) if words else None


_TRIGGER_KEYWORDS = {
    "Non-state actor overtakes territory": (
        "seiz", "captur", "took", "tak", "control", "overr", "retook", "retaken", "recaptur", "regain", "liberat",
        "fell", "fallen", "drove", "drive", "driving", "expelled", "ousted", "wrest", "won", "managed", "succeeded", "established", "broke",
        "imposed", "restored", "regained",
    ),
    "Chemical weapon": ("chemical", "sarin", "chlorine", "toxic", "poison", "nerve", "mustard", "gas"),
    "Suicide bomb": ("suicide", "blew", "vbied", "bomber"),
    "Air/drone strike": (
        "air", "warplane", "war plane", "barrel", "drone", "bombing", "jet", "plane", "aircraft", "helicopter",
        "strike", "raid", "aerial", "sorties", "coalition", "bombs", "bombers",
    ),
    "Remote explosive/landmine/IED": (
        "car", "truck", "booby", "roadside", "ied", "improvised", "land", "mine", "explosive", "bomb", "explosion", "blast", "motorcycle",
        "exploded", "detonated", "set off", "blew", "blown", "blowing",
    ),
    "Shelling/artillery/missile attack": (
        "shell", "mortar", "artillery", "rocket", "missile", "cylinder", "hell", "bombard", "targeted", "rounds", "fire",
    ),
    "Attack": ("execut", "behead", "massacr", "shot", "slaughter", "crucif", "gunned", "stoned", "throat", "sniper", "assassin"),
    "Abduction/forced disappearance": ("kidnap", "abduct", "hostage"),
    "Change to group/activity": ("pledg", "merg", "defected"),
    "Agreement": ("ceasefire", "cease-fire", "truce", "agreement", "deal"),
    "Grenade": ("grenade",),
    "Sexual violence": ("rape", "sexually"),
    "Violent demonstration": ("riot", "protest", "demonstrat"),
    "Mob violence": ("mob", "lynch"),
    "Arrests": ("arrest", "detain", "rounded up", "detention"),
    "Looting/property destruction": (
        "loot", "ransack", "plunder", "pillag", "torched", "burned", "burnt", "set fire", "demolish", "bulldoz", "razed", "blew", "blown",
    ),
    "Headquarters or base established": ("set up", "setting up", "establish", "built"),
    "Non-violent transfer of territory": ("withdr", "pulled", "handed", "without"),
    "Peaceful protest": ("protest", "demonstrat", "streets", "rall", "sit-in"),
    "Armed clash": (
        "clash", "fight", "fought", "battl", "firefight", "gun", "offensive", "assault", "skirmish", "ambush", "counter",
        "attack", "repel", "thwart", "foil", "repuls", "shot down", "downed", "storm", "operations", "advance", "exchang", "pushed", "broke",
    ),
}
# "IS militants killed 20 rebels near Marea": armed men named as the ones who killed, and a count of their dead.
_KILLERS = (
    r"(?:militants?|fighters|rebels|jihadists|terrorists|troops|soldiers|forces|army|gunmen|insurgents|extremists"
    r"|Daesh|Hezbollah|Nusra|regime|(?-i:IS|ISIS|ISIL|YPG|SDF|FSA))"  # not the verb "is"
)
_KILLED_COUNT = (
    r"(?:has\s+|have\s+|had\s+)?killed\s+(?:an\s+estimated\s+)?(?:at\s+least\s+|more\s+than\s+|over\s+|some\s+|about\s+|nearly\s+|up\s+to\s+)?"
    rf"(?:{NUMBER}|dozens|scores|a\s+number)\s+(?:of\s+)?(?:the\s+)?(?:[\w-]+\s+){{0,2}}?"
)
# "army helicopter fire killed 12 people": a weapon killed, and its own trigger tells how.
_NOT_WEAPONS = r"(?:(?!(?:fire|strikes?|raids?|shell\w*|bomb\w*|rockets?|missiles?|mortars?|artillery)\b)[\w-]+\s+){0,2}?"
_CIVILIAN_DEAD = r"(?:civilians|residents|villagers|children|women|members\s+of\s+(?:a|one|the\s+same)\s+family)"


# "artillery strikes", "missile raids", "a rocket strike on": fire from the ground, the shelling trigger's.
_NOT_GROUND_FIRE = r"(?<!artillery\s)(?<!missile\s)(?<!rocket\s)"


# Who acts in a state-media item: "army units", "an army unit", "the armed forces", "the army men".
_STATE_UNITS = r"(?<!aerospace\s)(?<!air\s)(?:army|units?|troops|forces|soldiers|army\s+men)"

CAPTURE = "Non-state actor overtakes territory"
REGAIN = "Government regains territory"

TRIGGERS: tuple[Trigger, ...] = (
    _trigger(
        "Battles",
        CAPTURE,
        10,
        r"\b(?:seiz(?:ed|es|ing|e|ure)|captur(?:ed|es|ing|e)|(?:took|tak(?:en|ing|es)|take)\s+(?:full\s+)?control"
        r"|(?:took|taken|taking)\s+(?:over\s+)?(?:the\s+)?(?:\w+\s+)?(?:town|village|city|areas?|villages|towns|neighbou?rhoods?|district|base|airbase|airport|hill|positions)"
        r"|overr(?:an|un)|retook|retaken|recaptur\w+|regain(?:ed|s)?\s+control|liberat(?:ed|es|ing|e|ion)"
        r"|fell\s+to(?!\s+(?:an?\s+|its\s+|their\s+|the\s+)?(?:record|new|all-time|historic|lowest|low|\$|\d|zero|ground|floor))|dr(?:ove|ive|ives|iving|iven)\s+(?:[\w-]+\s+){1,4}out|expelled|ousted|wrested"
        r"|(?:established|imposed|restored)\s+(?:full\s+|complete\s+)?control|fell\s+(?:from|out\s+of)\s+(?:\w+\s+)?control"
        # "the base has fallen from army control" (a place that fell), not "the west has fallen out of its control" (a state of things)
        r"|(?:base|town|village|city|airport|airbase|hill|checkpoint)s?\s+(?:[\w-]+\s+){0,3}(?:has|have|had)\s+fallen\s+(?:from|out\s+of)\s+(?:\w+\s+)?control"
        r"|(?:gained|seized|won|wrest(?:ed)?)\s+(?:full\s+|complete\s+)?control"
        r"|(?:managed|succeeded)\s+(?:\w+\s+){0,3}to\s+(?:control|take|seize|capture|wrest|recapture|retake|regain|liberate)"
        r"|won\s+back"
        # "Turkish forces took Afrin on Sunday": a town taken, named right after the verb (not "took Syria's war to").
        r"|took\s+(?!(?:Syria|Turkey|Iraq|Lebanon|Jordan|Israel|Iran|Russia)\w*\b)(?-i:(?:(?:al|el|ar|as|ash|at|ad|az|an)-)?[A-Z][a-z]+)"
        # "government forces broke a two-year siege on the air base": ground won back, told from the besieged side.
        r"|broke\s+(?:on\s+\w+day\s+)?(?:the\s+|a\s+)?(?:[\w-]+\s+){0,2}siege"
        # "the army regained Khatab town", "restored security and stability to Maaloula": state media's captures.
        r"|regained\s+(?!(?:its\s+|their\s+|the\s+)?(?:consciousness|strength|momentum|confidence|initiative|power|composure|footing)\b)"
        r"|restored\s+(?:security\s+and\s+stability|security|stability)\s+to"
        r"|(?:security|stability)\s+(?:and\s+stability\s+)?(?:has|have|had)\s+been\s+restored\s+(?:to|in))\b",
    ),
    # "troops entered the town", "rebels swept into Jarablus": ground taken, unless the sentence tells what was
    # done there ("entered Kobani and killed 146 civilians").
    _trigger("Battles", CAPTURE, 3, r"\b(?:entered\s+the\s+(?:[\w-]+\s+)?(?:town|city|village)|swept\s+(?:in)?to)\b", ("entered", "swept")),
    _trigger(
        "Explosions/Remote violence",
        "Chemical weapon",
        9,
        r"\b(?:chemical\s+(?:attack|weapons?|strike)|sarin|chlorine|toxic\s+(?:gas|materials?|substances?|chemicals?|agents?)"
        r"|poison(?:ous)?\s+gas|nerve\s+agent|mustard\s+gas|(?<!tear\s)gas\s+attacks?|gass(?:ing|ed)\s+(?:[\w-]+\s+){0,3}(?:people|civilians|residents|children))\b"
        # ... but not the weapons as a subject of diplomacy ("chemical weapons inspectors").
        r"(?!\s+(?:inspectors?|experts?|programme|program|stockpiles?|deal|agreement|convention|watchdog|arsenal|file|plan))",
    ),
    _trigger(
        "Explosions/Remote violence",
        "Suicide bomb",
        8,
        r"\bsuicide[\s-]+(?:bomb(?:er|ers|ing|ings)?|attack(?:er|ers|s)?|car[\s-]+bomb(?:ing|er|s)?|truck[\s-]+bomb(?:ing|s)?|blast|bombing|vest)"
        r"|\bblew\s+(?:himself|herself|themselves)\s+up\b|\bVBIEDs?\b|\b(?:car|motorcycle|motorbike|truck)\s+bombers?\b",
    ),
    _trigger(
        "Explosions/Remote violence",
        "Air/drone strike",
        7,
        r"\b(?:air\s*strikes?|airstrikes?|air\s+raids?|air\s+attacks?|warplanes?|war\s*planes|aerial\s+(?:bombardment|attacks?)"
        r"|barrel[\s-]+bombs?|drone[\s-]+strikes?|bombing\s+raids?"
        # "Fighter jets also believed to be Russian struck the town": the aircraft may be described before the verb.
        r"|(?:jets?|planes?|aircraft|aircrafts|helicopters?|drones?|air\s+forces?)\s+(?:\w+\s+){0,6}?"
        r"(?:struck|bombed|hit|targeted|dropped|pounded|fired|launched|raided|attacked|killed)"
        # "planes intensified their bombing of a rebel-held area of Aleppo": the aircraft's own raids, stepped up that day.
        r"|(?:jets?|planes?|aircraft|helicopters?|drones?)\s+(?:\w+\s+){0,3}?(?:intensified|stepped\s+up|renewed|resumed)\s+(?:their\s+|its\s+)?(?:bombing|bombardment|strikes|raids)\s+(?:on|of|against)"
        # "were targeted by Syrian army aircraft": the aircraft named after what they hit.
        r"|(?:targeted|struck|hit|bombed|pounded)\s+by\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:aircraft|warplanes|jets|helicopters|drones|air\s+force)"
        r"|coalition\s+(?:\w+\s+)?(?:struck|bombed|hit|targeted|dropped|pounded|fired|launched|raided)"
        r"|(?:helicopter|warplane|jet|aircraft|drone)\s+fire"
        # SANA: "the Syrian Air Force destroyed command centres ... in Tibet al-Imam".
        r"|air\s+force\s+(?:\w+\s+)?destroyed"
        r"|sorties|(?:coalition(?:'?s)?|Russian|regime|government|U\.?S\.?|American|Israeli|Turkish|French|British)(?:[\s-]+led)?\s+(?:raids?|strikes?|bombing)"
        # "killed in raids on a district of Manbij", "raids killed 16": in these reports raids and strikes come from the air
        # (artillery and missile strikes are the shelling trigger's).
        # "The strikes killed five people" tells the toll of strikes already told.
        rf"|{_NOT_GROUND_FIRE}(?<!the\s)(?<!these\s)(?<!those\s)(?:raids|strikes)\s+(?:on|against|killed|have\s+killed|in)\s"
        rf"|(?:killed|died|dead)\s+in\s+(?:[\w-]+\s+){{0,2}}?{_NOT_GROUND_FIRE}(?:raids|strikes)\b"
        # "A strike on the village killed 18 fighters": one raid, named by itself ("the toll from the strike on
        # the town" names one told already).
        rf"|(?<!from\s)(?<!of\s)(?<!after\s)(?<!since\s)\b(?:a|the|one|another)\s+(?:[\w-]+\s+)?{_NOT_GROUND_FIRE}(?<!hunger\s)(?<!general\s)strike\s+(?:on|against|killed|that\s+killed)\s"
        r"|aerial\s+bombs?"
        # "killed by regime bombs": what a government or foreign air force drops.
        # "six long-range Tu-22M3 bombers": aircraft; "the two bombers detonated their explosives" are not.
        r"|(?:regime|government|Russian|coalition)\s+bombs|(?:long-range|strategic|heavy|Tupolev|Tu-\w+|Russian|B-\d+|Su-\w+)\s+(?:[\w-]+\s+){0,2}bombers"
        r"|carried\s+out\s+(?:\w+\s+){0,2}strikes"
        r"|(?:strikes|raids)\s+(?:hit|hitting|struck|targeted|targeting|pounded)|air\s+force\s+(?:strikes|raids|attacks))\b",
    ),
    # "threw a hand grenade at a checkpoint"; a rocket-propelled grenade is a weapon of the fight itself.
    _trigger(
        "Explosions/Remote violence",
        "Grenade",
        6,
        r"(?<!propelled\s)(?<!propelled-)(?<!rocket\s)\b(?:hand[\s-]+)?grenades?\b(?![\s-]+launchers?)",
    ),
    _trigger(
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
        6,
        r"\b(?:(?:car|truck)[\s-]+bomb(?:s|ing|ings)?|booby-?trapped|roadside\s+bombs?|IEDs?|improvised\s+explosive|land\s*mines?"
        r"|explosive\s+device|bomb\s+(?:exploded|blast|went\s+off)|explosions?|blasts?|motorcycle\s+bomb"
        # "a bomb killed 18 people", "twin bomb attacks": a bomb with no aircraft named before it.
        r"|(?:\ba|\ban|one|two|three|twin|double|convoy)\s+bombs?\s+(?:attacks?|killed|kills|killing|ripped|tore)"
        # "a terrorist bombing targeted a bus": a bomb on the ground, unlike "the regime's bombing of Aleppo" or a bombing raid.
        r"|(?:\ba|\ban|terrorist)\s+(?:[\w-]+\s+)?bombing\b(?!\s+(?:raids?|campaigns?|runs?|of)\b)"
        r"|explosives?[\s-]+(?:laden|packed|rigged)|(?:double|twin|triple)\s+(?:bomb(?:ing)?s?|bomb\s+attacks?)"
        r"|(?:exploded|detonated|set\s+off)\s+(?:[\w-]+\s+){0,2}(?:bombs?|explosives?|charges?|mines?)"
        # "the terrorists blew up a car and a motorcycle in the town", "a truck ... blew up on the edge of the town",
        # "rebels blew up a tunnel": a bomb; not a building or monument a group demolished.
        r"|(?:blew|blown|blowing)\s+up\s+(?:an?\s+|the\s+|two\s+)?(?:[\w-]+\s+)?(?:car|cars|truck|vehicles?|motorcycles?|motorbikes?|tunnel|bus|bombs?)"
        r"|(?:car|truck|vehicle|motorcycle|bus|bomb)\s+(?:[\w-]+\s+){0,6}?blew\s+up)\b",
    ),
    _trigger(
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        5,
        r"\b(?:shell(?:ing|ed|s)?|mortars?|artillery|rockets?(?![\s-]+propelled)|missiles?|gas\s+cylinders?|hell\s+cannons?|bombard(?:ments?|ed|ing|s)?"
        r"|explosive\s+rounds?"
        # AFP's "eight civilians were killed in rebel fire on the government-held west of the city": rockets and mortars.
        r"|(?:rebel|opposition|insurgent)\s+fire"
        # SANA: "army units targeted terrorist sites in the neighbourhoods of al-Rashidin": fire from the ground.
        r"|(?:army|military)(?:\s+(?:units?|men|troops|forces))?\s+(?:\w+\s+){0,2}targeted)\b",
    ),
    _trigger(
        "Violence against civilians",
        "Attack",
        4,
        r"\b(?:executed|executions?|beheaded|beheadings?|massacred?|shot\s+dead|slaughtered|crucified|gunned\s+down|stoned\s+to\s+death"
        r"|assassinat(?:ed|ion\s+of)|slit\s+(?:the\s+)?throats?|killed\s+by\s+(?:a\s+)?snipers?(?:\s+fire)?|sniper\s+(?:fire|attacks?|shots?)\s+(?:killed|killing))\b",
    ),
    # "IS fighters entered Kobani on Thursday and killed at least 146 civilians": the killers named earlier in the clause.
    _trigger(
        "Violence against civilians",
        "Attack",
        4,
        rf"\b{_KILLERS}\s+{_NOT_WEAPONS}{_KILLED_COUNT}{_CIVILIAN_DEAD}\b|\band\s+{_KILLED_COUNT}{_CIVILIAN_DEAD}\b",
        ("killed",),
        needs_place=True,
    ),
    _trigger("Violence against civilians", "Sexual violence", 4, r"\b(?:(?:gang-?)?raped|sexually\s+(?:assaulted|abused|molested))\b"),
    _trigger(
        "Violence against civilians",
        "Abduction/forced disappearance",
        4,
        r"\b(?:kidnapp(?:ed|ing)|abduct(?:ed|ion|ing)|taken\s+hostage|took\s+\w*\s*hostages?)\b",
    ),
    _trigger(
        "Strategic developments",
        "Change to group/activity",
        3,
        r"\b(?:pledg(?:ed|e|ing)\s+(?:its\s+|their\s+)?allegiance|merg(?:ed|er|ing)\s+(?:with|into)|defected\s+to)\b",
    ),
    # An agreement is news when the report says it was made: "reached a truce", "a deal was
    # signed". A truce only named ("despite the truce", "the ceasefire collapsed", "called
    # for a ceasefire") frames other news. Lowest rank: fighting told beside a truce is the event.
    _trigger(
        "Strategic developments",
        "Agreement",
        0,
        r"\b(?:reached|signed|struck|concluded|agreed)\s+(?:on\s+|to\s+)?(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}"
        r"(?:agreement|deal|truce|ceasefire|cease-fire)\b(?!\s+(?:was|had\s+been|has\s+been)\b)"
        r"|\b(?:agreement|deal|truce|ceasefire|cease-fire)\s+(?:was|has\s+been|were)\s+(?:reached|agreed|signed|struck|concluded)\b",
    ),
    # Crowds that turn violent, not the police sent against them ("riot police").
    _trigger(
        "Riots",
        "Violent demonstration",
        3,
        r"\b(?:riot(?:s|ed|ing)?(?!\s+(?:police|gear|control|squads?|shields?|troops))|rioters"
        r"|(?:protesters|protestors|demonstrators)\s+(?:\w+\s+){0,3}?(?:torched|set\s+fire|stormed|threw\s+stones|hurled\s+stones|pelted"
        r"|burned|ransacked|smashed|attacked))\b",
    ),
    _trigger(
        "Riots",
        "Mob violence",
        3,
        r"\b(?:mobs?\s+(?:\w+\s+){0,2}?(?:attacked|stormed|beat|lynched|killed|torched|burned|set\s+fire)|lynch(?:ed|ing|ings)?)\b",
    ),
    # People protesting, not the word for it ("a group that supports protest").
    _trigger(
        "Protests",
        "Peaceful protest",
        2,
        r"\b(?:protest(?:ed|ers)|demonstrat(?:ed|ors)|rallied|took\s+to\s+the\s+streets"
        r"|(?:staged?|held|hold|organi[sz]ed|joined)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}(?:protests?|demonstrations?|rall(?:y|ies)|sit-ins?))\b",
    ),
    # "IS withdrew from the town", "the rebels handed Daraya over to the army": ground that changed hands
    # without a fight. Lowest rank: "withdrew as they faced a counter-offensive" is the fight.
    _trigger(
        "Strategic developments",
        "Non-violent transfer of territory",
        0,
        r"\b(?:withdr(?:ew|awn)\s+(?:\w+\s+){0,2}?from|pulled\s+(?:\w+\s+){0,2}?out\s+of"
        r"|handed\s+(?:over\s+)?(?:control\s+of\s+)?(?:[\w-]+\s+){0,3}?(?:over\s+)?to)\b",
        needs_place=True,
    ),
    # "took control of the town without a fight": a capture in which nobody fought.
    _trigger(
        "Strategic developments",
        "Non-violent transfer of territory",
        11,
        r"\b(?:took|taken|seized|entered|captured|control\w*)\s+(?:[\w-]+\s+){0,6}?without\s+(?:a\s+fight|any\s+resistance|resistance"
        r"|fighting|a\s+shot|clashes)\b",
        ("without",),
    ),
    # "Police arrested 15 people in Hama"; not someone held for months ("has been detained for four months").
    _trigger(
        "Strategic developments",
        "Arrests",
        0,
        r"\b(?:(?:arrest(?:ed|ing)|detain(?:ed|ing))(?!\s+(?:for|since)\s+(?:over\s+|more\s+than\s+|nearly\s+|almost\s+)?[\w-]+\s+(?:years?|months?|weeks?))"
        r"(?!\s+warrants?)|rounded\s+up|(?:arrest|detention)\s+campaigns?|campaigns?\s+of\s+(?:arrests|detentions?)"
        r"|(?:made|carried\s+out|launched)\s+(?:\w+\s+){0,2}arrests)\b",
        needs_place=True,
    ),
    # "IS blew up the Temple of Baalshamin", "militiamen looted homes": property, not people, the target.
    _trigger(
        "Strategic developments",
        "Looting/property destruction",
        0,
        r"\b(?:loot(?:ed|ing)|ransack(?:ed|ing)|plunder(?:ed|ing)|pillag(?:ed|ing))\b(?!\s+(?:goods|antiquities|artefacts|artifacts|items|oil)\b)"
        r"|\b(?:torched|burned|burnt|set\s+fire\s+to|demolished|bulldozed|razed)\s+(?:[\w-]+\s+){0,3}?"
        r"(?:homes|houses|shops|stores|church|churches|mosques?|shrines?|tombs?|temples?|monuments?|crops|fields|statues?)\b"
        r"|\b(?:blew|blown)\s+up\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:temples?|shrines?|tombs?|church|churches|mosques?|monuments?|statues?)\b",
        needs_place=True,
    ),
    # "Turkey set up an observation post near Idlib", "Hezbollah established a base near Qusair".
    _trigger(
        "Strategic developments",
        "Headquarters or base established",
        0,
        r"\b(?:set(?:ting)?\s+up|establish(?:ed|es|ing)|built)\s+(?:an?\s+|its\s+|their\s+|the\s+)?(?:new\s+)?(?:[\w-]+\s+){0,2}?"
        r"(?:bases?|headquarters|observation\s+posts?|outposts?|military\s+posts?|command\s+(?:centers?|centres?))\b",
        needs_place=True,
    ),
    _trigger(
        "Battles",
        "Armed clash",
        1,
        r"\b(?:clash(?:es|ed)?|fighting|fought|fights|in-?fighting|battl(?:e|es|ed|ing)|firefights?|gun\s*battles?|offensive|assault"
        r"|skirmish(?:es)?|ambush(?:ed)?|counter-?(?:attacks?|offensives?)"
        r"|attack(?:ed|s)?\s+(?:on\s+|against\s+)?(?:[\w-]+\s+){0,3}(?:positions|posts|checkpoints?|bases?|barracks|airport|air\s*base|camps?"
        # ... but an aid convoy is no side of a fight.
        r"|(?<!aid\s)(?<!humanitarian\s)(?<!relief\s)convoys?|villages?|towns?)"
        r"|(?:repel(?:led|s)?|thwart(?:ed|s)?|foil(?:ed|s)?|repuls(?:ed|es))\s+(?:\w+\s+){0,3}(?:attacks?|assaults?|offensive|advance"
        r"|infiltrations?|attempts?\s+(?:by\s+(?:[\w-]+\s+){0,3}?)?to\s+(?:infiltrate|advance|attack|storm|sneak|cross|break|seize|capture))"
        r"|exchanged\s+(?:heavy\s+)?(?:gun\s*)?fire|exchanges?\s+of\s+(?:heavy\s+)?(?:gun\s*)?fire"
        r"|shot\s+down|downed|storm(?:ed|ing)"
        # SANA: "army units carried out operations against the terrorists in Daraa al-Balad".
        r"|(?:carried\s+out|conducted|intensified)\s+(?:\w+\s+){0,2}operations\s+against"
        # "the SDF advanced inside Manbij", "army units made major advances in the town of Arbeen": ground won in a fight.
        r"|(?:advanced|pushed|broke)\s+(?:inside|into|deeper\s+into)|made\s+(?:\w+\s+)?advances\s+(?:in|inside|into))\b",
    ),
    _trigger("Battles", "Armed clash", 1, rf"\b{_KILLERS}\s+{_NOT_WEAPONS}{_KILLED_COUNT}\w", ("killed",), needs_place=True),
    # "12 IS fighters were killed by the SDF near Tabqa": the killers named after the dead.
    _trigger("Battles", "Armed clash", 1, rf"\bkilled\s+by\s+(?:the\s+)?(?:[\w-]+\s+){{0,3}}?{_KILLERS}\b", ("killed",), needs_place=True),
    # State media's army roundups tell an item by what the units did at a place, with no word for
    # the fight itself: "Army units destroyed a hideout of terrorists in Kabbani", "eliminated
    # terrorists in Tal Salmo", "continued their operations in Jobar". The codebook's reading
    # of such items is an armed clash; units that "targeted" gatherings with no weapon named shelled them.
    _trigger(
        "Battles",
        "Armed clash",
        1,
        rf"\b{_STATE_UNITS}\s+(?:[\w-]+\s+){{0,4}}?(?:destroyed|eliminated|annihilated"
        r"|inflicted\s+(?:\w+\s+)?(?:losses|casualties)|foiled\s+(?:an?\s+)?(?:[\w-]+\s+)?(?:attempts?|infiltration)"
        r"|continued\s+(?:its\s+|their\s+)?(?:[\w-]+\s+)?operations\s+(?:in|against|on)"
        r"|carried\s+out\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}?operations?\s+(?:in|against|on))\b",
        ("destroyed", "eliminated", "annihilated", "inflicted", "foiled", "operation"),
        needs_town=True,
    ),
    _trigger(
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        5,
        rf"\b{_STATE_UNITS}\s+(?:[\w-]+\s+){{0,6}}?(?:targeted|targeting|struck|hit|pounded)\s+(?:[\w'-]+\s+){{0,4}}?"
        r"(?:gatherings?|positions?|hideouts?|dens?|fortifications?|sites?|strongholds?|bunkers?|headquarters|movements?)\b",
        ("targeted", "targeting", "struck", "hit", "pounded"),
        needs_town=True,
    ),
)

# What makes a clause a possibility rather than a fact.
_HYPOTHETICAL = re.compile(
    # "may" in lower case: "May" is the month ("on May 27 a journalist was killed").
    r"\b(?:would|could|might|(?-i:may)|will|should|threaten(?:s|ed|ing)?\s+to|aim(?:s|ed|ing)?\s+to|aim(?:s|ed|ing)?\s+at\s+\w+ing|plan(?:s|ned)?\s+to|poised\s+to"
    # "the regime has made it a key aim of recapturing Aleppo": a goal, not a capture.
    r"|(?:aim|goal|objective|ambition)\s+of\s+\w+ing"
    r"|(?:long\s+)?been\s+expected\s+to"
    # "the regime has been unable to regain control of the suburbs": what did not happen.
    r"|(?:unable|failed|fails|fail)\s+to"
    # "There have been no US strikes so far": a denial of news.
    r"|there\s+(?:have|has|had)\s+been\s+no|there\s+(?:were|was)\s+no"
    r"|open(?:s|ed)?\s+the\s+way|prepar(?:e|es|ing)\s+(?:to|for)|next\s+target|if|unless|in\s+order\s+to"
    r"|in\s+(?:anticipation\s+of|preparation\s+for|expectation\s+of|case\s+of)"
    # "fighting to capture the city": the aim of a fight, not its outcome.
    r"|to\s+(?:capture|retake|recapture|seize|storm|overrun|oust|expel|drive\s+(?:[\w-]+\s+){0,2}?out|take\s+(?:back|over|control))"
    # "a deal to ease the fighting": talk about fighting, not a fight.
    r"|(?:ease|end|halt|stop|reduce|curb)\s+(?:the\s+)?(?:fighting|violence|hostilities|bloodshed|clashes)"
    # "Russian planes had not carried out air strikes on Idlib": a denial, not an incident.
    r"|(?:had|has|have|did|do|does|was|were)\s+not\s+(?:\w+\s+)?(?:carr(?:y|ied)\s+out|conduct(?:ed)?|launch(?:ed)?|bomb(?:ed)?|str(?:ike|uck)|attack(?:ed)?|target(?:ed)?|use[d]?)"
    # "Syria and its ally Russia deny Damascus carried out any such attack": who denies what, not an incident.
    r"|den(?:y|ies|ied|ying)\s+(?:\w+\s+){0,3}?(?:carr(?:y|ied)\s+out|conduct(?:ed)?|launch(?:ed)?|us(?:e|ed|ing)|involvement|responsibility|any\s+role"
    r"|target(?:ed|ing)|bomb(?:ed|ing)|attack(?:ed|ing)|shell(?:ed|ing)|strik(?:e|ing)|kill(?:ed|ing)))\b"
    # "is preparing a major assault", "fear a new offensive", "ahead of an expected assault": a fight to come.
    r"|\bprepar(?:e|es|ed|ing)\s+(?:an?\s+|the\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,2}?(?:assault|offensive|attack|operation|push|battle)s?\b"
    r"|\bfear(?:s|ed|ing)?\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:assault|offensive|attack|push|battle|onslaught)s?\b"
    r"|\b(?:an?|the|its|their)\s+(?:expected|anticipated|looming|imminent|impending|planned|upcoming|possible|potential|feared|threatened)\s+(?:[\w-]+\s+)?"
    r"(?:assault|offensive|attack|operation|push|battle|onslaught|incursion)s?\b",
    re.I,
)
# Words that make a sentence about events in general, not one incident.
_GENERIC = re.compile(
    r"\b(?:every\s+day|(?:on\s+a\s+)?(?:near(?:ly)?\s+)?daily(?:\s+basis)?|continu(?:e|es|ed)\s+to\s+(?:fall|pound|bomb|shell|target|hit)"
    # "rebels regularly target west Aleppo": a habit, not an incident.
    r"|(?:regularly|routinely|frequently|often|repeatedly)\s+(?:been\s+)?(?:target|targets|hit|hits|shell|shells|bomb|bombs|attack|attacks|pound|pounds"
    r"|targeted|shelled|bombed|attacked|pounded|struck|bombarded|launched|fired|raided)"
    r"|frequent\s+(?:bombing|bombardment|strikes|air\s*strikes|raids|attacks|shelling)"
    # "warplanes halted their bombing of eastern Aleppo ahead of a pause": bombing that stopped.
    r"|(?:halt(?:ed|s)?|stopped|suspended|paused|ceased)\s+(?:their\s+|its\s+|the\s+|all\s+)?(?:[\w-]+\s+)?(?:bombing|bombardment|air\s*strikes|strikes|raids|shelling)"
    # "whenever the group was carrying out attacks", "a brief lull in the bombing", "encircling the town for days".
    r"|whenever|lull\s+in|for\s+(?:several\s+|many\s+|a\s+few\s+)?(?:days|weeks)\b"
    # "as the regime continues its assault for the tenth day in a row": days of it, not one incident.
    r"|days?\s+in\s+a\s+row"
    # "explosions could be heard from the Turkish side": a sound across the border, not an incident placed.
    r"|(?:explosions?|blasts?|gunfire)\b[^.;]{0,60}?\b(?:were|was|could\s+be|can\s+be)\s+heard"
    # "even as government forces intensify air strikes on its territory": a trend, told in the present.
    r"|(?:forces|troops|planes|jets|aircraft|they)\s+(?:intensify|step\s+up|escalate)\s+(?:their\s+)?(?:air\s*strikes|raids|attacks|shelling|bombardment)"
    r"|condemn(?:ed|s)?\s+the\s+use|the\s+use\s+of|(?:have|has)\s+been\s+(?:used|responsible)|accus(?:ed|es|ing)\s+(?:[\w-]+\s+){1,4}of"
    r"|samples?|tested\s+positive|post-mortem|findings|inquiry|(?:was|were|had\s+been)\s+used"
    # Medical follow-up of an attack told elsewhere: tests on its victims, the wounded in hospital.
    r"|tests?\s+on|test\s+results|results\s+of\s+(?:the\s+)?tests|(?:being|were|was)\s+(?:\w+\s+)?treated\s+(?:in|at)"
    # "between 14 and 17 August", "between Aug. 3 and Aug. 9": a span of days (not "men aged between 18 and 25").
    rf"|between\s+(?:{MONTH_PATTERN}\s+\d{{1,2}}\s+(?:to|and)\s+(?:{MONTH_PATTERN}\s+)?\d{{1,2}}"
    rf"|\d{{1,2}}\s+(?:to|and)\s+(?:{MONTH_PATTERN}\s+\d{{1,2}}|\d{{1,2}}\s+{MONTH_PATTERN}))"
    r"|in\s+(?:many|several|various|other)\s+(?:areas|parts|regions|provinces)|across\s+the\s+country"
    # "sent letters to the UN protesting Turkish shelling": diplomacy about attacks.
    r"|letters?\s+to\s+(?:the\s+)?(?:UN|United\s+Nations|Security\s+Council|Secretary)"
    # "The fighting has forced 100,000 people from their homes": what the war has done, not an incident.
    r"|forced\s+(?:[\w,]+\s+){1,4}?(?:from\s+their\s+homes|to\s+flee)"
    # "in Daraa Hama Idlib and Homs provinces": a survey of the country.
    r"|\w+\s+and\s+\w+\s+provinces"
    r"|most\s+(?:of\s+the\s+)?(?:bombing|strikes|air\s*strikes|attacks|shelling|raids)\s+(?:was|were|has|have|had))\b",
    re.I,
)
# More such wordings, each with a word it cannot do without: searched only when one of
# those words is in the sentence, as most sentences hold none.
_GENERIC_RARE_WORDS = (
    "-long", "heard", "scene", "due", "because", "used", "focal", "epicent", "symbol",
    "throughout", "occasional", "previous", "gradually", "rather than", "since then", "has seen", "have seen",
)
_GENERIC_RARE = re.compile(
    # "the bastion has faced a month-long offensive": the campaign, not one day of it; but "captured the town
    # after a months-long siege" tells the day it ended.
    r"\b(?<!after\sa\s)(?<!after\san\s)(?<!after\sthe\s)(?:(?:days?|weeks?|months?|years?)-long\s+(?:[\w-]+\s+)?(?:offensive|campaign|siege|battle|assault|fighting)"
    # "evacuees said they heard the blast": what witnesses heard of an incident told elsewhere.
    r"|\bheard\s+(?:the\s+|an?\s+|two\s+|several\s+|loud\s+|heavy\s+)*(?:blasts?|explosions?|gunfire|shelling|bombing)"
    # "Homs has been the scene of fierce fighting", "food production fell due to fighting": a state of things.
    r"|(?:has|have)\s+been\s+the\s+scene\s+of|(?:due\s+to|because\s+of)\s+(?:the\s+)?(?:ongoing\s+)?(?:fighting|violence|war|conflict)"
    # "Israel said it believed Syrian forces had used chemical weapons": a belief about use, not an attack told.
    r"|(?:believ\w*|think|thinks|thought|suspect\w*|convinced)\s+(?:that\s+)?(?:[\w-]+\s+){0,4}?(?:had|have|has)\s+used"
    # "Aleppo has become the focal point of fighting in Syria's war": what a place stands for, not an incident.
    r"|(?:focal\s+point|epicent(?:re|er)|symbol)\s+of\s+(?:the\s+)?(?:[\w-]+\s+)?(?:fighting|battles?|war|conflict|violence)"
    # "rocked by bomb blasts throughout the conflict", "occasional blasts", "previous attacks on Midan":
    # the place's past, told as the setting of the news.
    r"|throughout\s+(?:the\s+)?(?:[\w-]+\s+){0,2}(?:conflict|war|crisis|uprising)"
    r"|occasional\s+(?:[\w-]+\s+)?(?:blasts|bombings|attacks|strikes|explosions|shelling|raids)|previous\s+(?:[\w-]+\s+)?(?:attacks|bombings|blasts|strikes|raids)"
    # "rebels have been gradually expelled from the capital", "shelling has continued since then".
    r"|(?:has|have)\s+(?:been\s+)?gradually|(?:has|have)\s+continued\s+(?:[\w-]+\s+){0,6}?since\s+then"
    # "the area has seen intense battles", "Homs has seen some of the worst violence": what a place has been through.
    r"|(?:has|have)\s+seen\s+(?:some\s+of\s+the\s+)?(?:worst|intense|heavy|fierce|repeated|frequent|regular|much|many)"
    # "it cooperates with Damascus rather than fighting it": no fight at all.
    r"|rather\s+than\s+(?:fight|attack|target|bomb|strik)\w*"
    r")",
    re.I,
)


def _generic(text: str, lower: str) -> bool:
    """Whether a sentence tells of events in general, not one incident."""
    return bool(_GENERIC.search(text) or (any(word in lower for word in _GENERIC_RARE_WORDS) and _GENERIC_RARE.search(text)))
# Where a sentence turns from its own news to an earlier incident or a claim about one.
_REFERENCE = re.compile(
    r"\b(?:(?:a|one|two|three|several|\w+)\s+(?:days?|weeks?|months?)\s+after|hours\s+after|in\s+(?:response|retaliation)\s+(?:to|for)|(?:revenge|reprisal)\s+for"
    r"|in\s+(?:the\s+)?wake\s+of"
    # "The development followed intense battles": what the news came after, told again.
    r"|(?:development|move|announcement|statement|decision|withdrawal|evacuation|upsurge|escalation|violence)\s+(?:\w+\s+){0,2}(?:followed|follows)"
    r"|responsib(?:ility|le)\s+for|blam(?:ed|es|ing)\s+\w+(?:\s+\w+)?\s+for|investigat\w*\s+(?:into|of)|probe\s+into"
    # "showed the aftermath of a barrel bomb attack", "mourned the victims of last week's air strikes",
    # "celebrated the capture of Palmyra": an incident told before, or in another story.
    r"|(?:show(?:s|ed|ing)?|footage\s+of|images\s+of|pictures\s+of|photos\s+of)\s+(?:the\s+)?aftermath\s+of|last\s+(?:week|month|year)'?s"
    # "a boy who survived an air strike", "a court in Sweden sentenced a man for an execution", "had evidence
    # that the government carried out the sarin attack": the incident as a person's past or a court's
    # or government's case, not the day's news.
    r"|surviv(?:ed|ors?\s+of)|(?<!Sharia\s)(?<!Islamic\s)court\s+(?:in\s+[\w-]+\s+)?(?:sentenced|convicted)|evidence\s+(?:that|of)"
    r"|mourn(?:ed|ing|s)?\s+(?:the\s+)?(?:victims|dead|deaths|loss)|victims\s+of\s+(?:last\s+)?\w+day['\u2019]?s\s|celebrat(?:ed|ing|es|e)\s+(?:the\s+)?(?:capture|fall|liberation|victory|recapture|seizure)"
    r"|allegations?\s+(?:of|that)|(?:the\s+)?site\s+of|reports?\s+(?:suggesting|of)|seeking\s+clarity"
    r"|(?:footage|video|photos?|pictures?)\s+(?:\w+\s+)?(?:showing|of)"
    # "The bombings came as IS fighters press their assault on Kobane": the setting, another story.
    r"|(?:came|comes|coming)\s+(?:just\s+)?(?:as|amid)"
    # "all indications show the government was behind a chemical massacre": who did it, of an attack told before.
    r"|(?:was|were|is|are)\s+(?:\w+\s+)?behind)\b",
    re.I,
)
_CAPTION = re.compile(
    r"\((?:AFP|Reuters|AP|Anadolu|TRT\s+World\s+and\s+Agencies)(?:\s+(?:photo|file\s+photo))?\)|\bREUTERS/|\(AFP\s+Photo\)",
    re.I,
)
# Descriptions of who someone is ("a coalition battling IS", "the group is fighting
# Daesh"): their event words name no incident, so they are hidden from the triggers.
_DESCRIPTIVE = re.compile(
    r"\b(?:coalition|group|alliance|forces?|militias?|factions?|fighters|rebels|troops|jihadists|militants|insurgents)"
    # ... but "fighters were battling the militants inside the town" tells the fight itself.
    r"\s+(?:that\s+(?:are|is)\s+)?(?!(?:were|was)\s)(?:\w+\s+)?(?:battling|fighting)\b"
    r"|\b(?:is|are|have\s+been|has\s+been)\s+(?:\w+\s+)?(?:fighting|battling)\b"
    # "they are just interested in fighting Daesh": an aim, not a fight.
    r"|\b(?:interested|involved|engaged|focused|succeeded)\s+in\s+(?:the\s+)?(?:fighting|battling)\b"
    # "Two campaigns are being fought against Daesh": a campaign described, no battle told.
    r"|\b(?:is|are)\s+being\s+fought\b",
    re.I,
)
# Page widgets that scraping runs into the last sentence.
_WIDGET = re.compile(r"\b(?:Comment\s+via|Community\s+standards|Get\s+short\s+URL|Click\s+to\s+enlarge)\b", re.I)
_STATIVE = re.compile(
    r"\b(?:is|are|was)\s+(?:a|an|the)\s+(?:\w+\s+)?(?:stronghold|bastion|hub|coalition|branch|group|town|city|village|capital)\b"
    r"|\bamong\s+those\b|\bsits\s+(?:next\s+to|on|near)\b|\bemerged\s+from\b",
    re.I,
)
# "... the town of Hader, which rebels say is a stronghold of Iranian-backed militias": a relative
# clause that describes a place leaves the sentence's own news standing.
_RELATIVE_OPENING = re.compile(r"\b(?:which|that|who)\s+(?:(?:[\w-]+\s+){1,2}(?:say|says|said)\s+)?$", re.I)


def _blanked(pattern: re.Pattern[str], text: str) -> str:
    """The text with what the pattern matches turned to spaces, so offsets still hold."""
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def _stative(text: str) -> bool:
    """Whether a sentence describes what a place or group is rather than telling an incident."""
    match = _STATIVE.search(text)
    return match is not None and not _RELATIVE_OPENING.search(text, max(0, match.start() - 50), match.start())


_ANAPHORA = re.compile(
    r"\b(?:the|these|those|this|its)\s+(?:\w+\s+)?(?:clashes|fighting|battles?|attacks?|assault|offensive|strikes?|air\s*strikes?|raids?"
    r"|bombings?|bombardment|blasts?|explosions?|shelling|capture|villages|towns|areas|advance|violence|incident)\b",
    re.I,
)
_NEW_PLACE = re.compile(
    # ... but "another 10 bodies" counts more dead of the same incident.
    r"\b(?:another(?!\s+(?:\d+|[a-z]+(?:-[a-z]+)?)\s+(?:bodies|corpses)\b)|other|second|separate(?:ly)?|elsewhere|meanwhile"
    r"|on\s+the\s+other\s+hand"
    # "Airstrikes also targeted the nearby towns of Rastan and Zafarana"
    r"|(?:nearby|neighbou?ring)\s+(?:towns?|villages?|city|cities|districts?|neighbou?rhoods?)\s+of)\b",
    re.I,
)
# "a suicide bomber blew himself up in a village in northern Syria": a place the sentence
# leaves unnamed, and not the one the story was at; the next sentence may name it.
_UNNAMED_PLACE = re.compile(
    r"\b(?:in|on|at|near)\s+(?:a|an|another)\s+(?:[\w-]+\s+)?(?:village|town|city|district|neighbou?rhood|area|camp|suburb)\s+"
    r"(?:in|of)\s+(?:the\s+)?(?:(?:north|south|east|west)(?:ern)?|north-?(?:east|west)(?:ern)?|south-?(?:east|west)(?:ern)?|central)\s+(?:Syria|the\s+country)\b",
    re.I,
)
_TOOK_PLACE = re.compile(r"\b(?:took\s+place|happened|occurred)\s+(?:[\w-]+\s+){0,3}?(?:in|at|near|on)\b", re.I)
_WEAPONS_NOT_USED_BEFORE = re.compile(
    r"\b(?:stockpiles?|arsenal|stocks?|supplie[ds]|provided|possess\w*|destr\w+|handed\s+over|removal|remove|give\s+up|giving\s+up"
    r"|investigat\w*|looking\s+into|probe\s+into|inquiry\s+into|Prohibition\s+of)\s+(?:[\w,.-]+\s+){0,4}$",
    re.I,
)
_ATTACK_TAIL = re.compile(r"\s+attacks?(?:\s+(?:on|against)\s+(?:[\w-]+\s+){0,4}(?:towns?|villages?|city|cities))?", re.I)
# Who or what helped the side that acted: "backed by", "supported by".
_SUPPORT_VERB = r"(?:backed|supported|aided|assisted|helped)"
_SUPPORT_ARMS = r"(?:air\s*strikes?|air\s+raids?|air\s+power|air\s+support|air\s+cover|warplanes?|war\s+planes|jets|aircraft|artillery|shelling|tanks|helicopters)"
_SUPPORTED_BY = re.compile(
    rf"\b(?:{_SUPPORT_VERB}|covered)\s+by\s+(?:[\w'-]+,?\s+){{0,6}}?{_SUPPORT_ARMS}"
    rf"(?:,?\s+(?:and|as\s+well\s+as)\s+(?:[\w'-]+,?\s+){{0,3}}?{_SUPPORT_ARMS})*",
    re.I,
)
_EARLIER_CLAUSE = re.compile(
    r"\b(?:after|following|since)\s+(?:[^.;,]{0,120}?)\b(?:last\s+(?:week|month|year)|earlier\s+this\s+(?:week|month|year)"
    r"|in\s+(?:19|20)\d\d|(?:a|two|three|four|five|six|\d+)\s+(?:weeks?|months?|years?)\s+ago)\b",
    re.I,
)
_SINCE_CLAUSE = re.compile(r"\bsince\s+(?:[\w'.-]+\s+){0,5}?(?:began|launched|started|broke|joined|intervened)\b[^.;,]*", re.I)
_PERFECT_RELATIVE = re.compile(r"\b(?:which|who|that)\s+(?:has|have|had)\s+(?!been\s+(?:killed|wounded|injured)\b)[^.;]*", re.I)
_RELATIVE_BEFORE = re.compile(r"\b(?:who|which|that|where)\b[^.;:]*$", re.I)
_PAST_PERFECT = re.compile(r"\bhad\s+(?:been\s+)?\w+ed\b", re.I)

_CAP_WORD = r"[A-Z][\w'\u2018\u2019`-]*"
_CONNECTOR = r"(?:\s+(?:al|el|ar|as|ash|at|ad|az|an|ez|ed|es|er|ibn|bin|abu|abou|umm|ras|jisr|tal|tall|tell|deir|dayr|kafr|ain|ayn|bab)(?:[-\s]))"
PLACE_NAME = rf"{_CAP_WORD}(?:(?:{_CONNECTOR}|\s+|-){_CAP_WORD}){{0,3}}"
# "the village of al-Rahjan", "in al-Tiba town": state media write the article in lower case.
_NAMED_PLACE = rf"(?:(?:al|el|ar|as|ash|at|ad|az|an|ed|es|ez)-)?{PLACE_NAME}"
_DIRECTIONS = r"north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west"
_AREA = re.compile(
    rf"\b(?:{DISTANCE}|(?:just\s+|some\s+\w+\s+\w+\s+)?)"
    rf"(?P<dir>{_DIRECTIONS})(?:ern)?\s+of\s+(?:the\s+(?:city|town|village)\s+of\s+)?(?P<name>{PLACE_NAME})"
)
# State media roundups open each paragraph with its province: "Hama Syrian Army units ...",
# "Homs In the neighbouring province ...", "Daraa An army unit ...".
_SECTION_LABEL = re.compile(
    r"(?P<name>Deir\s+[\w'-]+|[A-Z][\w'-]+)\s+(?=(?:The|A|An|In|On|At|Syrian|Army|Units?|Terrorists?|Armed|Military|Meanwhile|Also)\s)"
)
_GOLAN = re.compile(r"\b(?:the\s+)?(?:(?:Israeli|Israel)[-\s](?:held|occupied)\s+|occupied\s+)?Golan(?:\s+Heights)?\b")
_REGION = re.compile(r"\b(?P<side>[Ee]astern|[Ee]ast|[Ww]estern|[Ww]est)\s+Ghouta\b")
_BORDER = re.compile(
    r"\b(?:near|not\s+far\s+from|close\s+to|along|on|by)\s+the\s+(?:(?P<adj>Turkish|Iraqi|Lebanese|Jordanian)\s+border"
    r"|border\s+with\s+(?P<country>Turkey|Iraq|Lebanon|Jordan))",
)
_BORDER_COUNTRY = {"Turkish": "Turkish", "Iraqi": "Iraqi", "Lebanese": "Lebanese", "Jordanian": "Jordanian",
                   "Turkey": "Turkish", "Iraq": "Iraqi", "Lebanon": "Lebanese", "Jordan": "Jordanian"}
_GOVERNORATE_PHRASE = re.compile(
    rf"\b(?:(?:the\s+)?(?:\w+ern\s+)?(?:Syrian\s+)?(?:province|governorate|countryside)\s+of\s+(?P<a>{PLACE_NAME})"
    rf"|(?P<b>{PLACE_NAME})(?:'s)?\s+(?:\w+ern\s+)?(?:province|governorate|[Cc]ountryside|region)"
    rf"|\b(?:\w+ern\s+)?[Rr]ural\s+(?P<c>{PLACE_NAME}))"
)
_PLACE_NOUN = re.compile(
    rf"\b(?:town|village|city|district|neighbou?rhood|suburb|hamlet|settlement|area)s?\s+of\s+(?P<name>{_NAMED_PLACE})"
    rf"(?:\s+and\s+(?P<name2>{_NAMED_PLACE}))?"
)
_APPOSITIVE = re.compile(rf"\b(?:village|town|hamlet)s?\b[^.,;]{{0,40}},\s+(?P<name>{PLACE_NAME})\s*[,.;]")
_NAME_THEN_NOUN = re.compile(rf"(?P<name>{PLACE_NAME}),\s+an?\s+(?:\w+\s+)?(?:town|village|city|hamlet)\b")
# "in Khan Touman town", "at Rasm al-Sabaa village": the name before the noun, after a locative.
_NAME_BEFORE_NOUN = re.compile(
    rf"\b(?:in|at|near|into|around|outside|captured|seized|regained|retook|liberated|entered|stormed|(?:control\s+(?:of|over)))"
    rf"\s+(?P<name>{_NAMED_PLACE})\s+(?:town|village|hamlet)\b"
)
_VILLAGE_NOUN = re.compile(r"(?:town|village|hamlet|settlement)s?\b")
_CANDIDATE = re.compile(rf"\b{PLACE_NAME}")
# Words every match of the place patterns above contains (lower case): sentences
# without them skip the pattern, which would try every capitalised word in vain.
_AREA_WORDS = re.compile(r"(?:north|south|east|west)\w*\s+of\b")
_GOVERNORATE_WORDS = re.compile(r"province|governorate|countryside|region|rural")
_PLACE_NOUN_WORDS = re.compile(r"(?:town|village|city|district|neighbou?rhood|suburb|hamlet|settlement|area)s?\s+of\b")
_APPOSITIVE_WORDS = re.compile(r"village|town|hamlet")
_NAME_THEN_NOUN_WORDS = re.compile(r",\s+an?\s")

NOT_PLACES = {
    "syria", "syrian", "turkey", "turkish", "iraq", "iraqi", "lebanon", "jordan", "israel", "iran", "russia",
    "russian", "britain", "british", "america", "american", "us", "un", "united nations", "observatory",
    "europe", "european", "arab", "kurdish", "islamic", "islamist", "the", "it", "he", "she", "they", "but",
    "human rights", "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "source",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "geneva", "moscow", "washington", "ankara", "tehran", "beirut", "baghdad", "amman",
    "al-sham", "sham", "levant", "qaeda", "al-qaeda", "sana", "ghouta massacre",
    # a country's possessive that lost its apostrophe ("areas of Syrias northern Aleppo province")
    "syrias", "turkeys", "iraqs", "lebanons", "jordans", "israels", "irans", "russias",
}
# Syria and its neighbours, whose names and possessives reports run into place names.
_COUNTRY_NAMES = ("Syria", "Turkey", "Iraq", "Lebanon", "Jordan", "Israel")
_COUNTRIES = {name.lower() for name in _COUNTRY_NAMES}


@dataclass
class Sentence:
    text: str
    index: int
    trigger: Trigger | None
    trigger_start: int
    places: list[PlaceMention]
    toll: Toll
    date: EventDate | None
    actors: list[ActorMention]
    background: bool
    anaphoric: bool
    # Sentences after a placeless trigger sentence that told its toll before any said where.
    told_after: list[Sentence] = field(default_factory=list)


@dataclass
class EventMention:
    """An event as read from the text, before geocoding."""

    event_type: str
    sub_event_type: str
    sentences: list[Sentence]
    actor1: str | None = None
    actor2: str | None = None
    places: list[PlaceMention] = field(default_factory=list)
    fatalities: int | None = None
    fatalities_detail: dict[str, int] = field(default_factory=dict)
    date: EventDate | None = None
    # Towns named in the sentences just before the event's own: where a place the
    # gazetteer does not know (a neighbourhood, a farm) most likely lies.
    nearby: list[PlaceMention] = field(default_factory=list)
    # The event whose list of towns this one's town came from ("struck X and Y": Y's event, listed with X's).
    listed_with: EventMention | None = None

    @property
    def evidence(self) -> str:
        return " ".join(s.text for s in self.sentences)


# --- sentences ------------------------------------------------------------------

_ABBREVIATIONS = "".join(
    rf"(?<!\b{abbreviation}\.)" for abbreviation in ("Mr", "Mrs", "Dr", "St", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "No", "Jan", "Feb", "Aug", "Sept", "Oct", "Nov", "Dec")
) + r"(?<!\b[A-Z]\.)"
_SENTENCE_END = re.compile(r"(?<=[.!?])" + _ABBREVIATIONS + r"[\"'\u201d\u2019)]?\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])")


# Far longer than any sentence a reporter writes; a "sentence" past it (a page with no
# full stops, a pasted table) is read in pieces, so the rules' cost stays linear.
MAX_SENTENCE_CHARS = 1500


# No real report runs this long without a full stop (the longest in FA-KES has 2,271
# characters): such a run is a table, a word list or junk, and no event is read from it.
PROSE_LIMIT_CHARS = 20_000


# "... in Aleppo City Meanwhile in Damascus city one person was injured": a sentence whose
# full stop the page lost, told by the transition word that opens the next one.
_RUN_ON_TRANSITION = re.compile(r"(?<=\w)\s+(?=(?:Meanwhile|Elsewhere|In\s+the\s+meantime)\s+[\w\"])")


def split_sentences(text: str) -> list[str]:
    sentences = []
    for paragraph in text.split("\n"):
        for told in _SENTENCE_END.split(paragraph.strip()):
            for sentence in _RUN_ON_TRANSITION.split(told):
                if sentence.strip() and len(sentence) <= PROSE_LIMIT_CHARS:
                    sentences.extend(_bounded(sentence.strip()))
    return sentences


def _bounded(sentence: str) -> list[str]:
    pieces = []
    while len(sentence) > MAX_SENTENCE_CHARS:
        cut = sentence.rfind(" ", 0, MAX_SENTENCE_CHARS)
        cut = cut if cut > MAX_SENTENCE_CHARS // 2 else MAX_SENTENCE_CHARS
        pieces.append(sentence[:cut].strip())
        sentence = sentence[cut:].strip()
    return [*pieces, sentence] if sentence else pieces


# --- places ---------------------------------------------------------------------


KnownPlace = Callable[[str], bool]


@lru_cache(maxsize=65536)
def default_known_place(name: str, strict: bool = True) -> bool:
    matches = builtin_gazetteer().lookup(name, limit=1)
    return bool(matches) and matches[0].place.country == "SY" and matches[0].score >= (95 if strict else 85)


def find_places(
    sentence: str,
    known_place: Callable[[str, bool], bool] = default_known_place,
    actors: list[ActorMention] | None = None,
) -> list[tuple[int, PlaceMention]]:
    """Place mentions in a sentence with their offsets: areas, governorates, towns.

    ``actors`` are the sentence's actor mentions when the caller has them already."""
    found: list[tuple[int, PlaceMention]] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return not any(start < e and s < end for s, e in taken)

    def add(start: int, end: int, mention: PlaceMention) -> None:
        taken.append((start, end))
        found.append((start, mention))

    lower = sentence.lower()
    border_match = _BORDER.search(sentence) if "border" in lower else None
    border = _BORDER_COUNTRY[border_match["adj"] or border_match["country"]] if border_match else None
    if border_match:
        taken.append(border_match.span())
    label = _SECTION_LABEL.match(sentence)
    if label and (province := find_governorate(label["name"])) is not None:
        # A roundup's section label ("Hama Syrian Army units clashed ...") names the province
        # the paragraph is about, not its capital.
        add(label.start("name"), label.end("name"), PlaceMention(province.name, "governorate"))
    for match in _GOLAN.finditer(sentence) if "Golan" in sentence else ():
        # Syria's side of the Golan (the ceasefire line runs through it) is Quneitra governorate.
        add(match.start(), match.end(), PlaceMention("Quneitra", "governorate"))
    for match in _REGION.finditer(sentence) if "Ghouta" in sentence else ():
        # Regions named after their place around a city: the Ghouta is the farmland belt around Damascus.
        direction = "east" if match["side"].lower().startswith("east") else "west"
        add(match.start(), match.end(), PlaceMention("Damascus", "area", direction, None))
    for match in _AREA.finditer(sentence) if _AREA_WORDS.search(lower) else ():
        name = _trim_name(match["name"])
        if re.fullmatch(r"Syria['\u2019]?s", name) and sentence.startswith("capital", match.end("name") + 1):
            name = "Damascus"  # "east of Syria's capital"
        if name.lower() not in NOT_PLACES:
            direction = match["dir"].lower().replace("-", "")
            add(match.start(), match.end(), PlaceMention(name, "area", direction, border, bearing=True, km=stated_km(match)))
    for match in _GOVERNORATE_PHRASE.finditer(sentence) if _GOVERNORATE_WORDS.search(lower) else ():
        name = _trim_name(match["a"] or match["b"] or match["c"])
        if not find_governorate(name) and name.endswith("s") and find_governorate(name[:-1]):
            name = name[:-1]  # "Aleppos southern countryside": a possessive that lost its apostrophe
        countryside = match["b"] and match.group(0).lower().endswith("countryside") and find_governorate(f"{name} countryside")
        if countryside:
            name = countryside.name  # SANA's "Damascus Countryside" is Rural Damascus
        if free(*match.span()) and find_governorate(name):
            add(match.start(), match.end(), PlaceMention(name, "governorate"))
    # "in Khan Touman town" names one place whole (a village the gazetteer lacks is no less a
    # place for that); the other patterns may run names a lost comma joined, so keep the known head.
    for pattern, words, whole in (
        (_PLACE_NOUN, _PLACE_NOUN_WORDS, False),
        (_APPOSITIVE, _APPOSITIVE_WORDS, False),
        (_NAME_THEN_NOUN, _NAME_THEN_NOUN_WORDS, False),
        (_NAME_BEFORE_NOUN, _APPOSITIVE_WORDS, True),
    ):
        if not words.search(lower):
            continue  # the pattern's fixed words are absent: it cannot match
        for match in pattern.finditer(sentence):
            if match["name"][:1].islower() and pattern is _PLACE_NOUN and not _VILLAGE_NOUN.match(match.group(0)):
                continue  # "the neighbourhoods of al-Midan and Sheikh Taha": quarters, told as their city
            for group in ("name", "name2"):
                if group in match.groupdict() and match[group] and free(*match.span(group)):
                    name = _trim_name(match[group]) if whole else _known_head(_trim_name(match[group]), known_place)
                    if name.lower() not in NOT_PLACES and not _is_actor_text(name):
                        add(match.start(group), match.start(group) + len(name), PlaceMention(name))
    # "Ahrar al Sham", "Palmyra Daesh": a group's name is no part of a place's.
    actor_spans = [(m.start, m.end) for m in (find_actors(sentence) if actors is None else actors)]
    office = any(word in sentence for word in _OFFICE_WORDS)
    for match in _CANDIDATE.finditer(sentence):
        if (
            _PERSON_TITLE.match(match.group(0)) or _MEDIA_AFTER.match(sentence, match.end())
            or _MEDIA_END.search(match.group(0))
            or (office and (_OFFICE.match(sentence, match.end()) or _OFFICE.search(match.group(0))))
        ):
            continue  # "Lieutenant Iyad al-Homsi", "Cham TV", "Homs Governor": a person's, a channel's or an office's name
        name = _trim_name(match.group(0))
        start = match.start()
        preposition = _PREPOSITION_START.match(match.group(0))
        if preposition:
            start += preposition.end()  # "In Deir Ezzor": the name starts after "In", a locative before it
        if "-" in name and _ROAD_AFTER.match(sentence, start + len(name)):
            name = _ROAD_ENDS.split(name, 1)[0]  # "the Hama-Salamiyeh road": the road leaves Hama
        country = _COUNTRY_POSSESSIVE.match(name)
        if country:  # "Syrias Aleppo", "Syria's Idlib province"
            name, start = name[country.end() :], start + country.end()
        if not name or not free(start, start + len(name)) or name.lower() in NOT_PLACES or _is_actor_text(name):
            continue
        if _SPEAKER_AFTER.match(sentence, start + len(name)) and _PERSON_NAME.fullmatch(name) and not known_place(name.split()[0], True):
            continue  # "Vasik Harak told Anadolu Agency": a person, though the surname is a town's
        # "the Bab al-Nairab district": a part of a city, named by a name the gazetteer
        # lacks; no word of it is a town of its own (Bab is not Al-Bab).
        city_part = bool(
            _CITY_PART_AFTER.match(sentence, start + len(name))
            or (name.endswith(_CITY_PART_WORDS) and _CITY_PART_END.search(name))
        )
        owner = _CITY_OF_PART.match(name) if city_part else None
        if owner and known_place(owner["city"], True):
            add(start, start + len(owner["city"]), PlaceMention(owner["city"]))  # "Aleppo's Sukkari district": Aleppo
            continue
        # Drop a leading capital that only starts the sentence ("In Azaz", "Fighters").
        for candidate, offset in _name_variants(name, start):
            if candidate.lower() in NOT_PLACES or _PERSON_TITLE.fullmatch(f"{candidate} "):
                continue  # ... nor a title left alone: "Dr" of "Prime Minister Dr"
            if candidate != name and candidate.lower() in _NAME_HEADS:
                continue  # "Tall" of "Tall Tawil", "Khan" of "Khan Shaykun": the head of a name, not a town
            if city_part and candidate != name:
                continue
            if any(offset < end and start_ < offset + len(candidate) for start_, end in actor_spans):
                continue
            # A name right after "in", "near", "struck", ... is a place unless proven otherwise,
            # so a looser spelling match is enough there ("warplanes struck Marea").
            # Only the whole name gets this benefit: "Bab" of "Bab Sharqi" is not Al-Bab.
            locative = _LOCATIVE_BEFORE.search(sentence[max(0, offset - 40) : offset])
            # "in al-Hassakeh": the candidate starts after a lower-case article; trusted for a
            # provincial capital's name, not for a quarter's ("on al-Midan neighbourhood").
            if locative and locative["article"] and find_governorate(candidate) is None:
                locative = None
            strict = candidate != name or not locative
            # "Aleppos" is "Aleppo's" without its apostrophe, though a loose match would take it whole;
            # "Damascuss ally Russia" names the government, not the city.
            if not strict and _plural_s(candidate, known_place) and not known_place(candidate, True):
                if not _GOVERNMENT_AFTER.match(sentence, offset + len(candidate)):
                    add(offset, offset + len(candidate), PlaceMention(candidate[:-1]))
                break
            if candidate == "Damascus" and _GOVERNMENT_BEFORE.search(sentence, max(0, offset - 40), offset):
                break  # "at war with Damascus", "called on Damascus to": the government, not the city
            if _PROVINCE_AS_ADJECTIVE.match(sentence, offset + len(candidate)) and find_governorate(candidate):
                break  # "the Idlib town of Khan Sheikhoun": the town is named next, its province only qualifies it
            if known_place(candidate, strict):
                add(offset, offset + len(candidate), PlaceMention(candidate))
                break
    capital = _CAPITAL.search(sentence)
    if capital and _NOT_DAMASCUS.search(sentence[max(0, capital.start() - 30) : capital.start()]):
        capital = None
    if capital and free(*capital.span()):
        # "a town northeast of the capital": an area measured from Damascus, not the city itself.
        bearing = _BEARING_BEFORE.search(sentence, max(0, capital.start() - 30), capital.start())
        if bearing:
            direction = bearing["dir"].lower().replace("-", "")
            add(bearing.start(), capital.end(), PlaceMention("Damascus", "area", direction, border, bearing=True))
        elif not found:
            add(capital.start(), capital.end(), PlaceMention("Damascus"))
    if border and not any(m.kind == "area" for _, m in found):
        for i, (offset, mention) in enumerate(found):
            if mention.kind == "governorate":
                found[i] = (offset, PlaceMention(mention.name, "governorate", None, border))
    found.sort(key=lambda item: item[0])
    return found


_PERSON_TITLE = re.compile(
    r"(?:Lieutenant|Colonel|Col\.|General|Gen\.|Brigadier|Captain|Major\s+General|Commander|Spokesman|Spokesperson"
    r"|President|Minister|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Prof\.?|Imam|Archimandrite|Bishop|Patriarch)\s",
)
_MEDIA_END = re.compile(r"\s(?:TV|Television|Radio|Media\s+(?:Center|Centre|Office)|Coordinat\w+\s+Committees?)$")
_MEDIA_AFTER = re.compile(r"[\"'\u201d]?\s+(?:TV|television|channel|radio|newspaper|news\s+agency|website)\b", re.I)
_SPEAKER_AFTER = re.compile(r"\s+(?:told|tells)\b")
_PERSON_NAME = re.compile(r"[A-Z][a-z]+\s+[A-Z][a-z]+")
# "Homs Governor Talal al-Barazi", "a source at Hama Police Command": an office, not where the event was.
_OFFICE_WORDS = ("Governor", "Police Command", "Health Directorate")
_OFFICE = re.compile(rf"\s+(?:{'|'.join(_OFFICE_WORDS)})\b")


# "the Hama-Salamiyeh road": a road named after the towns it joins; the hyphen between them,
# not the one after an article ("al-Bab-Aleppo road"), splits the name.
_ROAD_AFTER = re.compile(r"\s+(?:road|highway|motorway)\b", re.I)
_ROAD_ENDS = re.compile(r"(?<=\w{3})-(?=[A-Z])")
# Words that begin many Syrian place names ("Tall Tawil", "Deir Hafer", "Kafr Nabl", "Khan Tuman").
_NAME_HEADS = frozenset(
    "tal tall tell tel deir dayr kafr kfar kafar ain ayn khan bab jisr ras umm abu beit bayt bir jabal jebel wadi"
    " marj qasr maarat maaret maarrat sheikh shaykh hay harat".split()
)
_CITY_PART_AFTER = re.compile(r"\s+(?:district|neighbou?rhood|quarter)\b", re.I)
# "Aleppo's Sukkari district", or "Aleppos" where a copy lost the apostrophe: the city's part.
_CITY_OF_PART = re.compile(r"(?P<city>[A-Z][\w-]*?(?:\s+[A-Z][\w-]*?)?)(?:['\u2019]s|s)\s")
# "Busra Square" in Daraa city, "Baghdad Street" in Damascus: a place in a city named after another.
_CITY_PART_WORDS = ("Square", "Street", "Roundabout")
_CITY_PART_END = re.compile(rf"\s(?:{'|'.join(_CITY_PART_WORDS)})$")
# In reports about Syria "the capital" is Damascus.
_CAPITAL = re.compile(r"\b(?:the\s+)?(?:Syrian\s+)?capital(?!\s+of)\b(?!\s+(?:city\s+)?of)", re.I)
# "a town northeast of the capital": the bearing of an area measured from Damascus.
_BEARING_BEFORE = re.compile(rf"\b(?P<dir>{_DIRECTIONS})(?:ern)?\s+of\s+(?:Syria['\u2019]?s\s+)?$", re.I)
_NOT_DAMASCUS = re.compile(r"\b(?:facto|provincial|declared|its|group's|groups|regional|province's)\s+(?:Syrian\s+)?$", re.I)
_PROVINCE_AS_ADJECTIVE = re.compile(
    r"(?:['\u2019]s)?\s+(?:(?:[\w-]+-held|rebel|opposition|regime|government|northern|southern|eastern|western|central)\s+)?"
    r"(?:(?:countryside|province|provincial)\s+)?(?:town|village|suburb|hamlet)\s+of\s+(?:al-|el-)?[A-Z]"
)
_COUNTRY_POSSESSIVE = re.compile(rf"(?:{'|'.join(_COUNTRY_NAMES)})['\u2019]?s\s+")
# "near the city of Deir el-Zour Syrias SANA news agency reported": a country's possessive
# starts the next phrase, never continues a place name.
_COUNTRY_POSSESSIVE_AFTER = re.compile(rf"\s+(?:{'|'.join(_COUNTRY_NAMES)})['\u2019]?s\b.*$")
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|on|near|at|into|inside|within|around|outside|from|towards?|of|across|between|and|struck|hit|targeted|bombed|shelled|pounded"
    r"|attacked|stormed|entered|captured|seized|took|retook|besieged|encircled|overran|shelling|bombing|raids?\s+on|strikes?\s+on"
    r"|control(?:\s+(?:of|over))?|liberat(?:ed|ing)|recaptured|regained)"
    r"\s+(?:the\s+)?(?:(?:\w+ern\s+)?(?:town|village|city|district|neighbou?rhood|suburb|area|countryside)\s+(?:of\s+)?)?"
    r"(?P<article>(?:al|el|ad|ar|as|at|az|ash|an)-)?$",
    re.I,
)


# "at war with Damascus", "called on Damascus to": words before a capital that make it its government.
_GOVERNMENT_BEFORE = re.compile(
    r"\b(?:(?:war|ties|relations|talks|deal|agreement|cooperates?|cooperation|negotiations?|contacts?|dialogue)\s+with"
    r"|support\s+for|pressure\s+on|called\s+on|calls\s+on|urged|(?:blames?|blamed|blaming)\s+(?:it\s+)?on)\s+$",
    re.I,
)
_GOVERNMENT_AFTER = re.compile(
    r"\s+(?:ally|allies|regime|government|forces|troops|army|backers|rule|request|permission|approval|consent|side|decision)\b"
)


def _plural_s(name: str, known_place: Callable[[str, bool], bool]) -> bool:
    """'Aleppos' where scraping dropped the apostrophe of "Aleppo's"."""
    return name.endswith("s") and " " not in name and len(name) > 4 and known_place(name[:-1], True)


_POSSESSIVE_END = re.compile(r"['\u2019]s$")


# "the district of Aleppo Syrian state television said": scraping lost the comma
# before the next clause; a nationality word closes no place name.
_DEMONYM_END = re.compile(r"\s+(?:Syrian|Turkish|Russian|Iraqi|Iranian|Lebanese|Kurdish|Israeli|American|British|Jordanian)$")


# "Defector killed At Khan Sheikhun ...": a run-in subheading leaves a preposition
# capitalised before the place.
_PREPOSITION_START = re.compile(r"^(?:At|In|On|Near)\s+(?=[A-Z])")


# "the central city of Hama Monday": scraped text lost the comma before the day.
_TIME_WORD_END = re.compile(
    rf"\s+(?:{WEEKDAY_NAMES}|{MONTH_NAMES})$"
)


# "south of the city of Tabqa Syria the Pentagon said", "near the town of Manbij Killing 80":
# a lost comma runs the country or the next clause's verb onto the name.
_RUN_ON_WORDS = ("Syria", "Turkey", "Iraq", "Lebanon", "Jordan", "Killing", "Leaving", "Wounding", "Injuring", "Causing", "Prompting")
_RUN_ON_END = re.compile(rf"\s+(?:{'|'.join(_RUN_ON_WORDS)})$")


def _known_head(name: str, known_place: Callable[[str, bool], bool]) -> str:
    """The first place of names a lost comma ran together ("the villages of Akhtarin
    Turkmen Bari"): the longest opening words the gazetteer knows, when it does not
    know the whole; the whole name otherwise."""
    words = name.split()
    if len(words) < 2 or known_place(name, True):
        return name
    for end in range(len(words) - 1, 0, -1):
        head = " ".join(words[:end])
        if words[end - 1].lower() not in _NAME_HEADS and known_place(head, True):
            return head
    return name


def _trim_name(name: str) -> str:
    name = _PREPOSITION_START.sub("", name.strip())
    name = _TIME_WORD_END.sub("", _DEMONYM_END.sub("", _POSSESSIVE_END.sub("", name)))
    if name.endswith(_RUN_ON_WORDS):
        name = _RUN_ON_END.sub("", name)
    name = _COUNTRY_POSSESSIVE.sub("", name, count=1) if _COUNTRY_POSSESSIVE.match(name) else name
    name = _COUNTRY_POSSESSIVE_AFTER.sub("", name)
    return name.rstrip(".,;:'\"")


def _name_variants(name: str, start: int) -> list[tuple[str, int]]:
    words = name.split()
    variants = []
    for skip in range(len(words)):
        for end in range(len(words), skip, -1):
            candidate = " ".join(words[skip:end])
            offset = start + name.index(candidate) if candidate in name else start
            variants.append((candidate, offset))
    return variants


@lru_cache(maxsize=65536)
def _is_actor_text(name: str) -> bool:
    mentions = find_actors(name, include_civilians=False)
    return any(m.end - m.start >= len(name) - 2 for m in mentions)


# --- reading a sentence -----------------------------------------------------------


# An explicit date this many days or more before publication is history, not the news.
BACKGROUND_DAYS = 10
STORY_DAYS = 7


def _may_be_caption(text: str) -> bool:
    lower = text.lower()
    return "(" in text or "reuters/" in lower or any(w in lower for w in ("comment", "community", "short", "enlarge"))


def _latest_day_told(texts: Iterable[str]) -> dt.date | None:
    days = [date.date for text in texts for date in (find_date(text, None),) if date and date.date and date.time_precision == 1]
    return max(days, default=None)


def read_sentence(
    text: str,
    index: int,
    published: dt.date | None,
    known_place: Callable[[str, bool], bool] = default_known_place,
    latest_told: dt.date | None = None,
) -> Sentence:
    hypothetical = _HYPOTHETICAL.search(text)
    reference = _REFERENCE.search(text)
    cutoff = min(m.start() for m in (hypothetical, reference) if m) if hypothetical or reference else len(text)
    trigger, trigger_start = None, -1
    caption = _may_be_caption(text) and bool(_CAPTION.search(text) or _WIDGET.search(text))
    lower = text.lower()
    # Most sentences hold no event word at all: they skip the costlier tests below.
    candidates = [] if caption else [t for t in TRIGGERS if t.keyword_pattern is None or t.keyword_pattern.search(lower)]
    if candidates and not _stative(text) and not _generic(text, lower):
        if "fighting" in lower or "battling" in lower or "fought" in lower:
            searched = _blanked(_DESCRIPTIVE, text)
            lower = searched.lower()
        else:
            searched = text  # no description of who fights whom to hide
        if "by" in lower:
            # "Kurdish fighters, backed by coalition air strikes, took Tel Abyad": the support of the
            # offensive the sentence tells, not a strike of its own.
            searched = _blanked(_SUPPORTED_BY, searched)
        if "last" in lower or "earlier" in lower or "ago" in lower or " in 20" in lower:
            # "shelled YPG positions on Sunday, after the militia captured the Menagh air base last week": an
            # earlier incident, given as the cause of the day's news.
            searched = _blanked(_EARLIER_CLAUSE, searched)
        if "since" in lower:
            # "their biggest gain since Russia began air strikes": the start of something the news is measured by.
            searched = _blanked(_SINCE_CLAUSE, searched)
        if "which" in lower or "who" in lower or "that" in lower:
            # "... the observatory, which has documented heavy shelling on the town since July": what a
            # relative clause in the perfect says has gone on is background to the sentence's news.
            searched = _blanked(_PERFECT_RELATIVE, searched)
        for candidate in candidates:
            if searched is not text and candidate.keyword_pattern is not None and not candidate.keyword_pattern.search(lower):
                continue
            match = candidate.pattern.search(searched, 0, cutoff)
            if match is None:
                continue
            if hypothetical and match.group(0).lower().endswith("ing") and hypothetical.start() > match.end():
                continue  # "recapturing it would sever the road": a gerund subject of a possibility
            if candidate.sub_event_type == "Chemical weapon" and _WEAPONS_NOT_USED_BEFORE.search(searched, max(0, match.start() - 50), match.start()):
                # "a stockpile of chemical weapons", "investigators looking into the chemical attack on the
                # town": neither the weapons nor the attack they name is news here.
                tail = _ATTACK_TAIL.match(searched, match.end())
                end = tail.end() if tail else match.end()
                searched = searched[: match.start()] + " " * (end - match.start()) + searched[end:]
                continue
            if candidate.sub_event_type == "Agreement" and _RELATIVE_BEFORE.search(searched, max(0, match.start() - 60), match.start()):
                continue  # "Qamishli, where both sides agreed a truce last week": the truce describes the place
            if trigger is None or candidate.rank > trigger.rank:
                trigger, trigger_start = candidate, match.start()
    actors = find_actors(text)
    places = [
        mention for offset, mention in find_places(text, known_place, actors)
        if offset < cutoff and not _HEADING_FOR.search(text, max(0, offset - 40), offset)
    ]
    if trigger is not None and trigger.needs_place and not places and not _THE_TOWN_AGAIN.search(text):
        trigger = None
    if trigger is not None and trigger.needs_town and not any(p.kind == "locality" and find_governorate(p.name) is None for p in places):
        trigger = None
    if trigger is not None and trigger.sub_event_type == "Looting/property destruction" and _WEAPON_WORDS.search(text):
        trigger = None  # "bombing that destroyed two homes": the damage of an attack, not looting
    if trigger is not None and sum(1 for p in places if p.kind != "area") >= 4 and not any(p.kind == "area" for p in places):
        # "fighting continues in Aleppo, Idlib, Raqqa and Hama": a survey of provinces, not an incident
        # (a list of villages, "in the villages of Abdin, Kafr Ain and al-Tamana", is one).
        if len({p.name for p in places if find_governorate(p.name) is not None}) >= 3:
            trigger = None
    toll = extract_toll(text[:cutoff]) if cutoff else Toll()
    if toll.cumulative:
        trigger = None  # a running total over days or years describes a period, not an incident
    date = find_date(text, published)
    # "The blast took place in al-Mashi, which has been under YPG control since August": what the
    # relative clause says has gone on describes the place, and makes no background of the sentence.
    told = _PERFECT_RELATIVE.sub(" ", text) if _TOOK_PLACE.search(text) else text
    background = (date is None or date.time_precision > 1) and is_background(told)
    reference = published or latest_told
    if date and date.date and reference and (reference - date.date).days >= BACKGROUND_DAYS:
        background = True
    if caption or _INVESTIGATION.search(text) or _ABROAD.match(text):
        background = True
    if trigger is not None and _REPORT_SOURCE.search(text) and not (date and date.date and date.time_precision == 1):
        background = True  # an undated incident out of a rights group's report on a whole period
    return Sentence(
        text=text,
        index=index,
        trigger=trigger,
        trigger_start=trigger_start,
        places=places,
        toll=toll,
        date=date,
        actors=[a for a in actors if a.start < cutoff],
        background=background,
        anaphoric=bool(_ANAPHORA.search(text)),
    )


_WEAPON_WORDS = re.compile(r"\b(?:bomb\w*|air\s*strikes?|strikes|raids?|shell\w*|explosions?|blasts?|missiles?|rockets?|mortars?)\b", re.I)
# "In Iraq meanwhile a suicide bomber attacked ...": news from a neighbouring country.
_ABROAD = re.compile(r"(?:In|Across\s+the\s+border\s+in)\s+(?:neighbou?ring\s+)?(?:Iraq|Turkey|Lebanon|Jordan|Israel|Iran|Yemen|Libya|Egypt)\b(?!\s+and\s+Syria)")
# "..., the report added": a document's summary of a period, not the day's news.
_REPORT_SOURCE = re.compile(
    r"\b(?:the|its)\s+(?:\w+\s+)?report\s+(?:added|said|says|noted|stated|documented|showed|found)\b"
    r"|\baccording\s+to\s+(?:the|its|a)\s+(?:\w+\s+)?report\b",
    re.I,
)
# "it collected the names of 69 civilians killed ... during a five-day investigation": a
# rights group's count over a period, dead of many days.
_INVESTIGATION = re.compile(r"\bcollected\s+the\s+names\b|\b(?:during|in)\s+an?\s+(?:[\w-]+\s+){0,2}investigation\b", re.I)
_COUNTED_BEFORE = re.compile(rf"(?:\b{NUMBER}|\b(?:dozens|scores|hundreds)\s+of)\s+(?:[\w-]+\s+)?$", re.I)
_KILLED_AFTER = re.compile(
    r"\s+(?:[\w-]+\s+)?(?:were|was|have\s+been|had\s+been)\s+killed\b"
    r"|\s+(?:positions?|posts?|bases?|headquarters|convoys?|checkpoints?|strongholds?|barracks|depots?)\b",
    re.I,
)
# "targeted hideouts of the Daesh terrorists": whose places were hit.
_TARGET_BEFORE = re.compile(
    r"\b(?:positions?|posts?|hideouts?|dens|bases?|headquarters|gatherings?|gathering\s+cent(?:er|re)s|convoys?|strongholds?"
    r"|fortifications|vehicles|depots?)\s+(?:of|belonging\s+to|held\s+by)\s+(?:the\s+)?(?:\w+\s+)?$",
    re.I,
)
# "took the town from IS", "liberated from the control of militants": who lost it.
_LOSER_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?(?:(?:control|hands|grip)\s+of\s+(?:the\s+)?)?(?:\w+\s+)?$", re.I)
# Who blames someone else for an attack did not carry it out.
_ACCUSES_AFTER = re.compile(r"\s+(?:have\s+|has\s+)?(?:blamed|accused|held\s+\w+\s+responsible)\b", re.I)
# "the village, held by Islamist fighters": who holds a place is not who struck it.
# "pushed towards the town of Marea": where fighters are heading, not where anything happened yet.
_HEADING_FOR = re.compile(
    r"\b(?:towards?|advanc\w*\s+on|(?:push|pushed|pushing|moved?|moving)\s+on"
    # "militants killed while fleeing from Raqqa for Palmyra": where they were going.
    r"|(?:fle(?:e|es|eing|d)|retreat(?:ed|ing)|withdr(?:ew|awing))\b[^.;]{0,40}?\b(?:to|for)"
    # "shells fired by terrorists positioned in al-Samadaniyeh fell on al-Baath": where the fire came from.
    r"|(?:terrorists|militants|gunmen|rebels|groups)\s+(?:positioned|stationed|located|entrenched|holed\s+up)\s+in)"
    r"\s+(?:the\s+)?(?:(?:town|city|village)\s+of\s+)?"
    r"(?:(?:al|el|ar|as|ash|ad|az|at)-)?$",
    re.I,
)
_HELD_BY_BEFORE = re.compile(r"\b(?:held|controlled|run|besieged)\s+by\s+(?:the\s+)?$", re.I)
# "revenge for coalition air strikes": the actor named is the cause given, not a side of this incident.
# "factions, supported by Turkish tanks, took the village": an ally of the side that acted, never its enemy.
_SUPPORT_BEFORE = re.compile(rf"\b{_SUPPORT_VERB}\s+by\s+(?:the\s+)?$", re.I)
# "three regime airstrikes hit a market": strikes counted, not the regime's dead.
_WEAPON_AFTER = re.compile(
    r"\s+(?:air\s*strikes?|airstrikes?|air\s+raids?|raids?|strikes?|shells?|rockets?|missiles?|barrel\s+bombs?|bombs?|warplanes?|jets?"
    r"|helicopters?|planes?|aircraft|mortars?|artillery)\b",
    re.I,
)
_ALLY_AFTER = re.compile(r"\s+(?:allies|partners|proxies)\b", re.I)
_LED_BY_BEFORE = re.compile(r"\b(?:led|spearheaded|headed)\s+by\s+(?:[\w'\u2019-]+\s+){0,4}$", re.I)
_JOINED_BEFORE = re.compile(r"(?<!,)\s(?:and|with|alongside)\s+(?:their\s+|its\s+|the\s+)?$", re.I)
# "Islamist insurgents including al Qaeda's Nusra Front seized the city": one of the side named before.
# "Rebel groups including Ahrar al-Sham and Fateh al-Sham fired rockets": both are of the rebels.
_MEMBER_BEFORE = re.compile(
    r"^,?\s+(?:including|among\s+them|such\s+as)\s+(?:[\w'\u2019-]+\s+){0,3}(?:(?:[\w'\u2019-]+\s+){0,3}(?:,\s+|and\s+)(?:[\w'\u2019-]+\s+){0,4})?$",
    re.I,
)
# "broke a two-year siege by Islamic State on the air base": who besieged, not who broke it.
_SIEGE_BY_BEFORE = re.compile(r"\bsiege\s+(?:(?:imposed|laid)\s+)?by\s+(?:the\s+)?(?:\w+\s+)?$", re.I)
_HELD_PLACE = re.compile(r"\b(?P<holder>(?:[A-Z][\w'\u2019]*\s+){0,2}[A-Z][\w'\u2019]*)-(?:held|controlled)\b")
_CAUSE_BEFORE = re.compile(r"\b(?:revenge|retaliation|reprisal|response)\s+(?:for|to|against)\s+(?:the\s+)?$", re.I)


def _ally_of_one_before(text: str, actor: ActorMention, armed: list[ActorMention], start: int, mutual: bool) -> bool:
    """Whether an actor is named as a partner of the side that acted: "Turkish forces and their Syrian
    rebel allies took Afrin", "an alliance led by Nusra Front seized Idlib", "Turkish tanks and Syrian
    rebels swept into Jarablus" (but in "rebels and troops clashed" the two named fought each other)."""
    if _ALLY_AFTER.match(text, actor.end) or _LED_BY_BEFORE.search(text, max(0, actor.start - 60), actor.start):
        return True
    for other in armed:
        between = text[other.end : actor.start] if other.end <= actor.start else ""
        if _MEMBER_BEFORE.match(between) and not any(t.pattern.search(between) for t in TRIGGERS):
            return True
    if mutual or not 0 <= actor.start < start or re.search(r"\bbetween\b", text[max(0, actor.start - 80):actor.start], re.I):
        return False
    return any(actor.start - 45 <= other.end <= actor.start for other in armed) and bool(_JOINED_BEFORE.search(text, max(0, actor.start - 12), actor.start))


def _holder_captured_from(text: str, start: int) -> str | None:
    """Who held the ground a capture took: "swept into the Islamic State-held town of Jarablus"."""
    held = _HELD_PLACE.search(text, start)
    if held is None:
        return None
    named = find_actors(held["holder"] + " ", include_civilians=False)
    return named[0].actor.name if named else None


def assign_actors(sentence: Sentence) -> tuple[str | None, str | None]:
    """Who acted and against whom, from the sentence's own words."""
    text, start = sentence.text, sentence.trigger_start
    armed = [
        a for a in sentence.actors
        if a.actor.category != "Civilians" and not _ACCUSES_AFTER.match(text, a.end)
        and not _HELD_BY_BEFORE.search(text, max(0, a.start - 30), a.start) and not _CAUSE_BEFORE.search(text, max(0, a.start - 30), a.start)
        and not _SUPPORT_BEFORE.search(text, max(0, a.start - 30), a.start)
    ]
    trigger = sentence.trigger
    capture = trigger is not None and trigger.sub_event_type in (CAPTURE, REGAIN)
    mutual = trigger is not None and trigger.event_type == "Battles" and not capture
    armed = [a for a in armed if not _ally_of_one_before(text, a, armed, start, mutual)]
    actor1, actor2 = _actors_of(sentence, armed)
    if capture and start >= 0 and (actor2 is None or actor2 == actor1):
        holder = _holder_captured_from(text, start)
        if holder is not None and holder != actor1:
            actor2 = holder
    return actor1, actor2


def _actors_of(sentence: Sentence, armed: list[ActorMention]) -> tuple[str | None, str | None]:
    """Who acted and against whom, among the sentence's armed actors that are not allies of another."""
    text, start = sentence.text, sentence.trigger_start
    actor1 = actor2 = None
    by_actor = next(
        (
            a for a in armed
            if a.start > start and re.search(r"\bby\s+(?:the\s+)?(?:\w+\s+)?$", text[max(0, a.start - 16):a.start])
            and not _SIEGE_BY_BEFORE.search(text, max(0, a.start - 40), a.start)
        ),
        None,
    )
    between = re.search(r"\bbetween\s+", text[start:]) if start >= 0 else None
    victims = [
        a for a in armed
        if (
            _COUNTED_BEFORE.search(text, max(0, a.start - 30), a.start)
            and not _WEAPON_AFTER.match(text, a.end) and not a.start <= start < a.end
        )
        or _TARGET_BEFORE.search(text, max(0, a.start - 40), a.start)
        or _KILLED_AFTER.match(text, a.end)
        or (
            a.start > start >= 0 and sentence.trigger is not None and sentence.trigger.sub_event_type == CAPTURE
            and _LOSER_BEFORE.search(text, max(0, a.start - 40), a.start)
        )
    ]
    if victims and not between:
        # "a strike killed eight Hezbollah fighters", "120 IS fighters were killed in
        # Russian strikes": the counted dead are the target, never the attacker.
        doers = [a for a in armed if a not in victims and a.actor.name not in {v.actor.name for v in victims}]
        chosen = by_actor if by_actor is not None and by_actor in doers else (doers[0] if doers else None)
        actor1 = chosen.actor.name if chosen else None
        actor2 = next((v.actor.name for v in victims if v.actor.name != actor1), None)
        return actor1, actor2
    before = [a for a in armed if a.start <= start]  # "coalition raids": the actor names the trigger itself
    after = [a for a in armed if a.start > start]
    if between:
        pair = [a for a in after if a.start >= start + between.end()]
        if len(pair) >= 2:
            return pair[0].actor.name, pair[1].actor.name
    if by_actor is not None:
        actor1 = by_actor.actor.name
        others = [a for a in armed if a is not by_actor and a.actor.name != actor1]
        actor2 = others[0].actor.name if others else None
    else:
        if before:
            actor1 = before[0].actor.name
        elif after:
            actor1 = after.pop(0).actor.name
        actor2 = next((a.actor.name for a in after + before if a.actor.name != actor1), None)
    if actor2 is None and any(a.actor.category == "Civilians" for a in sentence.actors):
        if sentence.trigger and sentence.trigger.event_type in ("Explosions/Remote violence", "Violence against civilians"):
            actor2 = "Civilians"
    return actor1, actor2


# --- the article ------------------------------------------------------------------


def extract_mentions(
    text: str,
    published: dt.date | None = None,
    known_place: Callable[[str, bool], bool] = default_known_place,
) -> tuple[list[EventMention], list[PlaceMention]]:
    """Event mentions of an article, and every place it names (the context)."""
    events: list[EventMention] = []
    context: list[PlaceMention] = []
    # A trigger sentence that names no place ("A suicide car bomb hit a convoy,
    # killing 100") waits for the next sentence to say where.
    pending: Sentence | None = None
    recent: list[list[PlaceMention]] = []
    text = drop_headlines(drop_repeated_lead(drop_title_case_headline(cut_tags(cut_photo_credit_headlines(cut_mid_page_datelines(cut_page_widgets(cut_link_lists(text))))))))
    untriggered: Sentence | None = None
    opening: Sentence | None = None
    clauses = [(part, len(parts) > 1) for whole in drop_cut_short_copies(split_sentences(_drop_captions(text))) for parts in (split_incidents(whole),) for part in parts]
    sentence: Sentence | None = None
    # Undated pages (a timeline, a "Last updated" stamp only) still tell old incidents from new ones:
    # the latest day the text itself states stands in for the publication date in that test.
    latest_told = published or _latest_day_told(raw for raw, _ in clauses)
    for index, (raw, is_clause) in enumerate(clauses):
        previous, sentence = sentence, read_sentence(raw, index, published, known_place, latest_told)
        if _running_total_goes_on(previous, sentence):
            sentence.toll = Toll(cumulative=True)
        opening = sentence if index == 0 else opening
        nearby = [p for p in without_area_references([p for places in reversed(recent[-2:]) for p in places]) if p.kind == "locality"]
        recent.append(sentence.places)
        count = len(events)
        if sentence.background:
            pending = None
            continue
        toll_lead, untriggered = untriggered, None
        if toll_lead is not None and (index - toll_lead.index > 2 or sentence.trigger is None):
            item = _roundup_item(events, toll_lead)
            if item is not None:
                events.append(item)
            toll_lead = None
        if sentence.trigger is None and sentence.toll.killed is not None and not sentence.toll.cumulative:
            if any(p.kind == "locality" for p in sentence.places) and not _generic(sentence.text, sentence.text.lower()):
                untriggered = sentence
        context.extend(p for p in sentence.places if p.kind != "locality")
        current = _antecedent(events, sentence)
        if sentence.trigger is not None:
            if (
                toll_lead is not None and current is not None and not sentence.places
                and toll_lead.index == index - 1 and not _places_known_to(current, toll_lead)
            ):
                # "Elsewhere eight were killed in Rastan. Five of them died in air strikes": the
                # strikes are the new place's, though the story before had strikes too.
                told = _told_by_lead(toll_lead, sentence)
                if told is not None:
                    events.append(told)
                    pending = None
                    continue
            if (
                pending is not None and sentence.places and index - pending.index == 1
                and pending.trigger.event_type == sentence.trigger.event_type and _TOOK_PLACE.search(sentence.text)
            ):
                # "... blew himself up in a village in northern Syria. The blast took place in al-Mashi":
                # the place of the attack just told, not more about the story before it.
                events.append(_placed(pending, sentence))
                pending = None
                continue
            lead = _summary_lead(events, current, sentence) if current is None or not _continues(current, sentence) else None
            if lead is not None:
                current = lead  # the lead summed the story up; this sentence tells it in detail
            if current is not None and (lead is not None or _continues(current, sentence)):
                if _adds_to(current, sentence):
                    _absorb(current, sentence)
                pending = None
                continue
            if not sentence.places and _NEIGHBOURHOOD.search(sentence.text):
                city = next((e for e in reversed(events) if e.sub_event_type == sentence.trigger.sub_event_type and _city_of_event(e)), None)
                if city is not None and not _different_days(city.date, sentence.date):
                    _absorb(city, sentence)  # "another 14 were killed in the X neighbourhood": a part of the city told before
                    pending = None
                    continue
                city = next((e for e in reversed(events) if _city_of_event(e)), None)
                if city is not None and not _different_days(city.date, sentence.date):
                    # "a car bomb went off in the al-Zahra quarter" after rockets on the city: another
                    # kind of incident in a part of the same city.
                    mention = _start_event(sentence)
                    mention.places = [p for p in city.places if p.kind == "locality" and find_governorate(p.name) is not None]
                    events.append(mention)
                    pending = None
                    continue
            if toll_lead is not None and (current is None or toll_lead.index > current.sentences[-1].index):
                told = _told_by_lead(toll_lead, sentence)
                if told is not None:
                    events.append(told)
                    pending = None
                    continue
            if not sentence.places:
                told_where = _where_told_before(previous, sentence)
                if told_where is not None:
                    # "A key position was destroyed in Kafr Batna. The position was hit in army air strikes."
                    mention = _start_event(sentence)
                    mention.sentences.insert(0, told_where)
                    mention.places = list(told_where.places)
                    if mention.date is None or mention.date.date is None:
                        mention.date = told_where.date or mention.date
                    _add_toll(mention, told_where.toll, told_where.text)
                    events.append(mention)
                    pending = None
                    continue
                unnamed = _UNNAMED_PLACE.search(sentence.text) is not None
                if (
                    current is not None and sentence.trigger.event_type != current.event_type
                    and _THE_TOWN_AGAIN.search(sentence.text) and not _NEW_PLACE.search(sentence.text)
                    and current.places and current.sentences[-1].index >= index - 2
                ):
                    # "IS fighters killed 146 civilians in Kobani. YPG fighters were battling the militants
                    # inside the town on Friday": another kind of event at the town just named.
                    events.append(_start_event(sentence, current.places))
                    pending = None
                    continue
                if (
                    current is not None and sentence.trigger.event_type == current.event_type
                    and sentence.toll.killed is not None and not unnamed
                    and (
                        _different_days(current.date, sentence.date)
                        or (sentence.trigger.sub_event_type != current.sub_event_type and current.event_type != "Battles")
                    )
                ):
                    # "On Sunday planes killed 39" after Monday's raids on the same province: the
                    # same place on another day, an incident of its own. So is another kind of
                    # attack with its own dead ("one man was killed by shelling" after air raids
                    # on the city), since the codebook counts one event per place, day and
                    # sub-event type; in a battle, the fighting and the ground it won are one story.
                    events.append(_start_event(sentence, current.places))
                    pending = None
                    continue
                if current is not None and sentence.trigger.event_type == current.event_type and not _NEW_PLACE.search(sentence.text) and not unnamed:
                    if _adds_to(current, sentence):
                        _absorb(current, sentence)  # more about the same incident, without repeating where
                    pending = None
                else:
                    pending = sentence
                continue
            if pending is not None and pending.trigger.event_type == sentence.trigger.event_type and index - pending.index <= 2:
                if _different_days(pending.date, sentence.date):
                    # "Rebels took Ramussa on August 6. ... Fighters late Sunday began an assault southeast of
                    # Ramussa": the placeless incident was there, but on another day, so it is not this one.
                    if not _long_before(pending.date, latest_told):
                        events.append(_start_event(pending, sentence.places))
                    events.append(_start_event(sentence))
                    events.extend(_listed_targets(events[-1], sentence))
                elif _another_attack_told_after(pending, sentence):
                    # "Rebels attacked with two suicide car bombs. Two children were killed by regime
                    # bombs in Aleppo": the second is an attack of its own at the place both were in.
                    events.extend([_start_event(pending, sentence.places), _start_event(sentence)])
                else:
                    events.append(_placed(pending, sentence))  # the earlier sentence told it first; this one says where
            else:
                events.append(_start_event(sentence))
                events.extend(_listed_targets(events[-1], sentence))
            pending = None
        elif (
            pending is not None and not sentence.places and index - pending.index == 1 and pending.toll.killed is None
            and sentence.toll.killed is not None and not sentence.toll.cumulative
        ):
            # "Turkish jets pounded Kurdish-held towns on Wednesday. At least 15 people were killed. Shells hit
            # Ras al-Ain": the toll of the incident still waiting to be placed.
            pending.told_after.append(sentence)
        elif pending is not None and sentence.places and index - pending.index <= 2:
            events.append(_placed(pending, sentence))
            pending = None
        elif current is not None and sentence.toll and _places_known_to(current, sentence) and not _OTHER_INCIDENT.search(sentence.text):
            if _another_days_toll(current, sentence):
                # "On Wednesday 10 were killed in similar attacks on the city": the same place and
                # kind of attack on another day, an incident of its own.
                events.append(_kindred(current, [sentence], list(current.places), sentence.date, sentence))
                continue
            current = _untolled_latest(events, current, sentence)
            sibling = _own_toll_elsewhere(current, sentence) if is_clause else None
            if sibling is not None:
                _add_sibling(events, sibling)
            else:
                _absorb(current, sentence)
        elif current is not None and is_clause and sentence.toll.killed is not None and not sentence.toll.cumulative:
            sibling = _own_toll_elsewhere(current, sentence)
            if sibling is not None:
                _add_sibling(events, sibling)
        for event in events[count:]:
            event.nearby = nearby
    if untriggered is not None:
        item = _roundup_item(events, untriggered)
        if item is not None:
            events.append(item)
    _toll_of_the_lead(events, opening)
    _drop_shared_out_totals(events)
    events.extend(_fighting_told_beside(events))
    # An incident the text gives no day of happened, as far as the report lets anyone tell, about when
    # its news did: the day of the first incident it dates, else the day it was published.
    story_day = next((e.date.date for e in events if e.date and e.date.date and e.date.time_precision == 1), None)
    if story_day is None or published is None or not 0 <= (published - story_day).days <= STORY_DAYS:
        story_day = published
    for mention in events:
        _finish(mention, story_day)
    return events, context


def _placed(pending: Sentence, sentence: Sentence) -> EventMention:
    """The event a placeless sentence told, at the place the sentence after it names."""
    mention = _start_event(pending)
    for told in pending.told_after:
        _absorb(mention, told)
    _absorb(mention, sentence)
    return mention


def _another_attack_told_after(pending: Sentence, sentence: Sentence) -> bool:
    """Whether a sentence that names a place tells another kind of attack, with its own dead,
    than the placeless sentence before it, rather than saying where that attack was."""
    kinds = {pending.trigger.sub_event_type, sentence.trigger.sub_event_type}
    return len(kinds) == 2 and not kinds <= set(_BOMBS) and sentence.toll.killed is not None and pending.toll.killed is None


# "the town where an attack killed 20": a clause that describes a place by what happened there.
_WHERE_CLAUSE = re.compile(r"\b(?:town|city|village|area|district|neighbou?rhood|place)\s+where\b", re.I)


def _another_days_toll(event: EventMention, sentence: Sentence) -> bool:
    """Whether a sentence with no event word gives dead of its own on another day than the event's
    (not in a clause that describes a place, "near Orum al-Kubrah, the town where an attack killed 20",
    nor in a toll that rose since)."""
    toll = sentence.toll
    return (
        event.fatalities is not None and toll.killed is not None and not toll.cumulative
        and _different_days(event.date, sentence.date) and not _WHERE_CLAUSE.search(sentence.text)
        and not _TOLL_UPDATE.search(sentence.text)  # "by Tuesday the toll had risen to 61": the same dead
    )


def _roundup_item(events: list[EventMention], sentence: Sentence) -> EventMention | None:
    """An item of a roundup: after strikes told at one place, "In Jassem 16
    civilians were killed" or "At Khan Sheikhun 15 people were killed" names
    another place and its dead with no event word of its own. It is an incident
    of the same kind at that place, on the same day."""
    if not events:
        return None
    last = _latest(events)
    own = [p for p in sentence.places if p.kind == "locality"]
    if (
        last.event_type not in _STRIKES_ON_PEOPLE
        or not own
        or any(p.name in {q.name for q in last.places} for p in own)
        or _different_days(last.date, sentence.date)
        or not _ROUNDUP_OPENING.search(sentence.text)
    ):
        return None
    mention = EventMention(last.event_type, last.sub_event_type, [sentence], actor1=last.actor1)
    mention.places = list(sentence.places)
    mention.date = sentence.date if sentence.date and sentence.date.date else last.date
    _add_toll(mention, sentence.toll, sentence.text)
    return mention


# A roundup's item opens on its place ("In Jassem ...", "At Khan Sheikhun ...") or
# closes on it ("... were killed in Douma").
_ROUNDUP_OPENING = re.compile(
    rf"(?:^|\b(?:killed|dead|died)\s+)(?:\w+\s+){{0,4}}?(?:[Ii]n|[Aa]t)\s+(?:the\s+(?:[\w-]+\s+){{0,2}}(?:town|village|city)\s+of\s+)?{PLACE_NAME}"
)


_COORDINATION = re.compile(r";\s+|\s+(?:while|whereas|adding\s+that|adding)\s+|\s+and\s+(?=another\s)", re.I)
_DEATH_WORD = re.compile(r"\b(?:killed|killing|dead|died|slain|executed|beheaded)\b", re.I)


def _summary_lead(events: list[EventMention], current: EventMention | None, sentence: Sentence) -> EventMention | None:
    """An earlier event that only summed up what this sentence tells in detail, with
    its toll: the same kind of event at the same town, with no firm toll yet."""
    assert sentence.trigger is not None
    own = {p.name for p in sentence.places if p.kind == "locality"}
    if not own or sentence.toll.killed is None or _NEW_PLACE.search(sentence.text):
        return None
    for event in events:
        if event is current or event.fatalities is not None or event.event_type != sentence.trigger.event_type:
            continue
        first = next((p.name for p in event.places if p.kind == "locality"), None)
        if first in own and _places_known_to(event, sentence) and not _different_days(event.date, sentence.date):
            return event
    return None


# "in the Baeedeen neighbourhood": a part of a city, named by a name the gazetteer lacks.
_NEIGHBOURHOOD = re.compile(rf"\bin\s+(?:the\s+)?(?:[\w-]+\s+)?(?:(?:al|el|ar|as|ash|ad|az)-)?{PLACE_NAME}\s+(?:neighbou?rhood|district|quarter)\b")


def _city_of_event(event: EventMention) -> bool:
    return any(p.kind == "locality" and find_governorate(p.name) is not None for p in event.places)


# Capitalised words that name no place: who said so, and when.
_NOT_A_PLACE_NAME = re.compile(
    r"\baccording\s+to\b.*$|\b(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:Syrian\s+)?Observatory\b.*$"
    rf"|\b(?:{WEEKDAY_NAMES})['\u2019]?s?\b|\b{MONTH_PATTERN}(?!\w)"
)


def _may_name_a_place(clause: str) -> bool:
    """Whether a clause holds a capitalised word other than a source or a day: "six others were
    killed in a village near the city according to the Syrian Observatory" names no place."""
    return re.search(r"\s[A-Z][a-z]", _NOT_A_PLACE_NAME.sub(" ", clause)) is not None


def split_incidents(sentence: str) -> list[str]:
    """Split "strikes near Kabiba killed three while seven were killed in Deir ez-Zor"
    into one clause per incident, when each side has its own dead and a capitalised
    name; otherwise leave the sentence whole."""
    deaths = [m.start() for m in _DEATH_WORD.finditer(sentence)]
    if len(deaths) < 2:
        return [sentence]  # two incidents need two death words
    parts = []
    start = 0
    for match in _COORDINATION.finditer(sentence):
        left, right = sentence[start : match.start()], sentence[match.end() :]
        if all(_DEATH_WORD.search(side) and _may_name_a_place(side) for side in (left, right)):
            parts.append(left.strip())
            start = match.end()
    parts.append(sentence[start:].strip())
    return [part for part in parts if part]


def _own_toll_elsewhere(event: EventMention, sentence: Sentence) -> EventMention | None:
    """ "Eleven were killed in Saraqeb and another man died in Sheikh Mustafa": a
    clause that gives one other town its own dead is that town's share of the
    same attack, an event of its own (the first town keeps its own toll)."""
    first = next((p.name for p in event.places if p.kind == "locality"), None)
    # The lead may have named a village the gazetteer lacks ("the village of X"); the clause names it again.
    listed = [p for p in event.places if p.kind == "locality" and p.name != first and re.search(rf"\b{re.escape(p.name)}\b", sentence.text)]
    localities = [p for p in sentence.places if p.kind == "locality"] or listed
    if len(localities) != 1 or sentence.toll.killed is None or first is None or localities[0].name == first:
        return None
    event.places = [p for p in event.places if p.name != localities[0].name]
    places = list(localities) + [p for p in event.places if p.kind == "governorate"]
    date = sentence.date if sentence.date and sentence.date.date else event.date
    return _kindred(event, [event.sentences[0], sentence], places, date, sentence)


def _kindred(
    event: EventMention, sentences: list[Sentence], places: list[PlaceMention], date: EventDate | None, toll_from: Sentence | None = None
) -> EventMention:
    """An event of the same kind and sides as ``event``, told by ``sentences`` at ``places``,
    with the toll of ``toll_from`` when given."""
    mention = EventMention(event.event_type, event.sub_event_type, sentences, event.actor1, event.actor2)
    mention.places, mention.date = places, date
    if toll_from is not None:
        _add_toll(mention, toll_from.toll, toll_from.text)
    return mention


def _add_sibling(events: list[EventMention], sibling: EventMention) -> None:
    """A town's own share of an attack, unless a list already made that town an event
    with no toll yet: then the share is that event's toll."""
    twin = next(
        (
            e for e in events
            if e.sub_event_type == sibling.sub_event_type and e.fatalities is None and e.places[:1] == sibling.places[:1]
        ),
        None,
    )
    if twin is None:
        events.append(sibling)
        return
    twin.sentences.append(sibling.sentences[-1])
    twin.fatalities, twin.fatalities_detail = sibling.fatalities, dict(sibling.fatalities_detail)


def _told_by_lead(lead: Sentence, sentence: Sentence) -> EventMention | None:
    """An event whose toll and place a sentence with no event word gave first:
    "An attack in Homs killed 18. Two car bombs went off near a school." The
    lead's toll stands when it is at least the detail's (it summed the story up,
    "the toll has risen to 13" before "shells killed six")."""
    own = {p.name for p in sentence.places if p.kind == "locality"}
    told = {p.name for p in lead.places if p.kind == "locality"}
    if own and not own & told:
        return None
    mention = _start_event(sentence)
    mention.sentences.insert(0, lead)
    mention.places = list(lead.places) + [p for p in mention.places if p.name not in told]
    # A detail that counts more dead than the lead ("more than 50" before "15
    # civilians and 27 fighters with another 10 bodies") is the fuller count.
    if sentence.toll.killed is None or lead.toll.killed is None or sentence.toll.killed <= lead.toll.killed:
        mention.fatalities, mention.fatalities_detail = lead.toll.killed, dict(lead.toll.detail)
    if mention.date is None or mention.date.date is None:
        mention.date = lead.date or mention.date
    return mention


# "struck the towns of Jisr al-Shughur and Binnish", "hit Saraqeb, Binnish and Taftanaz", "as well as the town of X".
_LIST_JOINT = re.compile(
    r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|,?\s+as\s+well\s+as\s+)(?:(?:the|in|on)\s+)?(?:(?:[\w-]+\s+)?(?:towns?|villages?|city|cities|areas?)\s+of\s+)?$"
)
_LISTED_STRIKES = ("Air/drone strike", "Shelling/artillery/missile attack")


def _listed_targets(event: EventMention, sentence: Sentence) -> list[EventMention]:
    """Strikes on towns named in one list, with no toll to share out, are strikes on
    each town: "jets struck the towns of Jisr al-Shughur and Binnish" is two events.
    With one toll for the list, the first town stands for it (the toll is not split)."""
    if event.sub_event_type not in _LISTED_STRIKES or sentence.toll:  # any dead told: nothing to share out
        return []
    towns = [p for p in sentence.places if p.kind == "locality"]
    if len(towns) < 2:
        return []
    spans, start = [], 0
    for town in towns:
        found = re.search(rf"\b{re.escape(town.name)}\b", sentence.text[start:])
        if found is None:
            return []
        spans.append((start + found.start(), start + found.end()))
        start += found.end()
    if re.search(r"\bbetween\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", sentence.text[max(0, spans[0][0] - 40) : spans[0][0]]):
        return []  # "an area between the towns of Hammuriyah and Saqba": one place between two
    if _DEATH_WORD.search(sentence.text):
        return []  # "fourteen of the victims died in strikes on ...": dead told, though as a part of a total
    listed = [towns[0]]
    for (_, end), (next_start, _), town in zip(spans[:-1], spans[1:], towns[1:], strict=True):
        if not _LIST_JOINT.match(sentence.text[end:next_start]) or town.name in {p.name for p in listed}:
            break
        listed.append(town)
    if len(listed) < 2:
        return []
    others = [p for p in event.places if p not in listed]
    siblings = []
    for town in listed[1:]:
        sibling = _kindred(event, [sentence], [town, *(p for p in others if p.kind != "locality")], event.date)
        sibling.listed_with = event
        siblings.append(sibling)
    return siblings


# "fighting inside the town", "looting in the town": the town just named, told again by its noun.
_THE_TOWN_AGAIN = re.compile(r"\b(?:in|inside|into|around|across|on)\s+the\s+(?:town|city|village)\b(?!\s+of\b)(?!['\u2019]s)", re.I)
# "The position was hit ...", "The hospital was struck ...": a thing the sentence before placed.
_THING_AGAIN = re.compile(
    r"^(?:The|This|That)\s+(?:[\w-]+\s+)?(?P<noun>position|site|headquarters|base|checkpoint|hospital|market|school|mosque"
    r"|bakery|convoy|building|camp|depot|warehouse|post)s?\b"
)


def _where_told_before(previous: Sentence | None, sentence: Sentence) -> Sentence | None:
    """The sentence just before, when it placed the thing this trigger sentence names
    again by its noun and told no event of its own."""
    again = _THING_AGAIN.match(sentence.text)
    if previous is None or again is None or previous.trigger is not None or previous.background:
        return None
    if not any(p.kind == "locality" for p in previous.places):
        return None
    return previous if re.search(rf"\b{again['noun']}s?\b", previous.text, re.I) else None


def _places_known_to(event: EventMention, sentence: Sentence) -> bool:
    """Whether a sentence names no place the event does not already have."""
    known = {p.name for p in event.places}
    return all(p.name in known for p in sentence.places)


def _start_event(sentence: Sentence, places: list[PlaceMention] | None = None) -> EventMention:
    """The event a trigger sentence starts, at its own places unless ``places`` says where it was."""
    assert sentence.trigger is not None
    mention = EventMention(sentence.trigger.event_type, sentence.trigger.sub_event_type, [sentence])
    mention.actor1, mention.actor2 = assign_actors(sentence)
    mention.places = list(sentence.places if places is None else places)
    mention.date = sentence.date
    _add_toll(mention, sentence.toll, sentence.text)
    return mention


_CAPTION_SENTENCE = re.compile(
    r"(?:(?<=[.!?])\s+|^)[^.!?\n]{0,300}?[.!?]?\s*\((?:AFP|Reuters|AP|Anadolu|TRT\s+World\s+and\s+Agencies)"
    r"(?:\s+(?:file\s+)?photo)?\)",
    re.I | re.M,
)


# "Related News", "Read Also": the page's list of other stories, run into the text.
_LINK_LIST = re.compile(r"\b(?:Related\s+(?:News|Articles|Stories|Posts|Content)|Read\s+Also|You\s+may\s+also\s+like)\b")


def cut_link_lists(text: str) -> str:
    """The text before a list of other stories' headlines, when one closes the page."""
    match = _LINK_LIST.search(text, len(text) // 3)
    return text[: match.start()] if match else text


# Other stories' headlines a page shows above the lead, run into it without a full
# stop: present tense with a count ("Air strikes kill 11 in Idlib") and a source
# word at the end ("monitor", "state TV"), where the story itself says "killed".
_HEADLINE = re.compile(
    r"(?<![\w-])[A-Z0-9][\w'-]*(?:\s+[\w'-]+){0,10}?\s+(?:kills?|hits?|pounds?)\s+[^.]{0,120}?"
    r"\b(?:[Mm]onitor|NGO|[Ss]tate\s+(?:TV|media)|[Aa]ctivists|Observatory|[Mm]edics|[Oo]fficials?)(?=(?:\s+|\s*[-\u2013\u2014]\s*)[A-Z])"
)
HEADLINE_ZONE = 400


REPEAT_PROBE, REPEAT_ZONE = 50, 800


def drop_repeated_lead(text: str) -> str:
    """The text from the second telling of its opening words, when a page prints its
    summary and then the story that repeats it with no full stop between ("Four
    people were killed ... Four people were killed ..."): read as one sentence,
    its figures would be counted twice."""
    text = text.strip()
    probe = text[:REPEAT_PROBE]
    if len(probe) < REPEAT_PROBE:
        return text
    again = text.find(probe, REPEAT_PROBE, REPEAT_ZONE + REPEAT_PROBE)
    if again < 0 or _SENTENCE_END.search(text, 0, again + 2):
        return text  # told as two sentences, each read on its own
    return text[again:]


COPY_MIN_CHARS = 40


def drop_cut_short_copies(sentences: list[str]) -> list[str]:
    """The sentences without one that the next sentence repeats word for word and
    goes on from, as when a page prints a story's summary above its lead ("33
    militants were killed." then "33 militants were killed in fighting since
    Sunday."): the summary left out what makes the figure a running total."""
    kept = []
    for index, sentence in enumerate(sentences):
        following = sentences[index + 1] if index + 1 < len(sentences) else ""
        copy = sentence.rstrip(" .")
        if len(copy) >= COPY_MIN_CHARS and len(following) > len(sentence) and following.startswith(copy):
            continue
        kept.append(sentence)
    return kept


# A page title in title case printed above its own lead ("Thirty Killed in Syrian
# Strikes on Damascan Suburb Town Thirty civilians were killed ..."): read with the
# lead as one sentence, its toll would be counted twice.
_TITLE_SMALL = frozenset(
    "a an and as at after amid before by despite during for from in into near of on over since the to with vs".split()
)
_TITLE_EVENT = re.compile(
    r"^(?:Kill(?:s|ed|ing)?|Dead|Dies?|Died|Deaths?|Wounded|Injured|Strikes?|Airstrikes?|Raids?|Attacks?"
    r"|Bomb(?:s|ing|ings)?|Blasts?|Explosions?|Clash(?:es)?|Massacres?|Shelling|Executes?|Beheads?)$"
)
TITLE_MIN_WORDS = 4


def drop_title_case_headline(text: str) -> str:
    """The text without a title-case headline at its top that tells of an attack
    or a toll, whether a full stop closes it or the lead runs on from it."""
    words = list(re.finditer(r"\S+", text[:400]))
    end = None
    for index, word in enumerate(words):
        token = word.group(0)
        bare = token.strip("\"'\u201c\u201d,:;")
        if bare.lower() in _TITLE_SMALL or bare[:1].isupper() or bare[:1].isdigit():
            if token.endswith(".") and index + 1 >= TITLE_MIN_WORDS:
                end = index + 1  # closed by a full stop
                break
            continue
        # The first word of an ordinary sentence: its capitalised neighbour before it
        # opens the lead, unless a small word before that leaves the split unclear
        # ("... Days Activists in Idlib province said").
        if bare[:1].islower() and index >= 2 and words[index - 2].group(0).lower() not in _TITLE_SMALL:
            end = index - 1
        break
    if end is None or end < TITLE_MIN_WORDS:
        return text
    title = [w.group(0).strip("\"'\u201c\u201d,:;.") for w in words[:end]]
    if not any(_TITLE_EVENT.match(word) for word in title):
        return text
    lead = words[end].start() if end < len(words) else len(text)
    if end < len(words) and words[end].group(0).strip("\"'\u201c")[:1].islower():
        return text
    return text[lead:]


# A "Tags" box of keywords: run into the lead (Al-Araby: "Tags Syria Aleppo
# airstrikes At least 12 civilians were killed ..."), or closing the page
# (Sputnik: "Tags Daesh Syria Community standards ..."). Its places and event
# words are no part of the story.
_TAGS = re.compile(r"(?<![\w-])Tags\s+(?=[A-Z])")
_TAGS_LEAD = re.compile(
    r"(?<![\w-])(?:(?:A|An|The|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Eleven|Twelve|[A-Z][a-z]+teen|Twenty"
    r"|Thirty|Forty|Fifty|Sixty|Seventy|Eighty|Ninety)\s+(?=[\w\d])"
    r"|(?:At\s+least|More\s+than|Almost|Nearly|Some|Around|About|Over|Dozens|Scores|Hundreds|Several|Many|\d+)"
    r"\s+(?=[a-z\d]))"
)
_TAGS_SENTENCE = re.compile(
    r"(?<![\w-])[A-Z][\w'-]*\s+[a-z]{3}[a-z']*\s+(?:[a-z][\w'-]*\s+){0,2}?"
    r"(?:the|of|in|a|an|to|from|on|by|and|at|were|was|is|are|have|has|had|who|that|said|says|\w+ed)\b"
)
TAGS_CHARS, TAGS_MAX_WORDS = 200, 15
_RELATED_BEFORE_TAGS = re.compile(r"(?:\.\.\.\s+)?(?:\d+\s+)?(?<![\w-])Related\s+(?=[A-Z])")
RELATED_CHARS = 600


def cut_tags(text: str) -> str:
    """The text without a run-in or closing box of tags."""
    for match in _TAGS.finditer(text):
        rest = text[match.end() : match.end() + TAGS_CHARS]
        if re.search(r"Community\s+standards|Comment\s+via", rest):
            # The box closes the page, often after a list of related headlines.
            before = text[: match.start()]
            related = list(_RELATED_BEFORE_TAGS.finditer(before, max(0, len(before) - RELATED_CHARS)))
            return before[: related[-1].start()].rstrip() if related else before.rstrip()
        # The lead opens with a determiner or a count ("At least 12", "A suicide
        # bomber"), or with a capitalised word and a lower-case one that a function
        # word or a past tense soon follows ("Jets thought to", "Government air
        # raids in"); tags are bare names and nouns ("hunger siege women").
        found = [m for m in (_TAGS_LEAD.search(rest), _TAGS_SENTENCE.search(rest)) if m is not None]
        lead = min(found, key=lambda m: m.start()) if found else None
        before = text[: match.start()].rstrip()
        # What the box interrupted stays a sentence of its own.
        before += " " if not before or before[-1] in ".!?" else ". "
        stop = rest.find(". ")
        if 0 <= stop and len(rest[:stop].split()) <= TAGS_MAX_WORDS and (lead is None or stop < lead.start()):
            return before + text[match.end() + stop + 2 :]  # "... civilians Ramadan. Seventeen ..."
        if lead is not None:
            return before + text[match.end() + lead.start() :]
    return text


# A news site's widgets run into the text: "Topic Operation to Liberate Raqqa From Daesh (61)" (a link to
# a topic page and its count of stories), "Get short URL 0 55" (a link and its share counts),
# "Print Tweet Views 1430" (buttons and a count of readers).
_PAGE_WIDGETS = re.compile(
    r"\bTopic\s+(?:[A-Z\d][\w'-]*\s+|(?:to|of|in|from|the|and|for|on|against|with)\s+)+\(\d+\)"
    r"|\bGet\s+short\s+URL(?:\s+\d+\b)*"
    r"|\bPrint\s+Tweet\s+Views\s+\d+\b"
)


def cut_page_widgets(text: str) -> str:
    """The text without a news site's topic links, share buttons and counters."""
    return _PAGE_WIDGETS.sub(" ", text) if "Topic" in text or "short URL" in text or "Print" in text else text


# A photo credit ("REUTERS Murad Sezer", "AP Photo Hussein Malla", "Sputnik Andrei Stenin",
# "AFP 2018 Delil Souleiman") run into the text, followed by another story's headline in title case.
_PHOTO_CREDIT = re.compile(
    r"(?<![\w-])(?:REUTERS|Reuters|AFP|AP(?:\s+Photo)?|Sputnik|Getty\s+Images|Anadolu(?:\s+Agency)?)(?:\s+(?:19|20)\d\d)?"
    r"\s+(?:/\s+)?[A-Z][\w'-]+\s+[A-Z][\w'-]+\s+(?=[A-Z\d])"
)
_HEADLINE_SMALL = frozenset(
    "a an and as at by for from in into of on over to with near after against amid despite off out up than the".split()
)
PHOTO_HEADLINE_MIN_WORDS = 3
_SENTENCE_OPENERS = frozenset("The A An According Earlier Later Meanwhile It This These He She They Last".split())


def cut_photo_credit_headlines(text: str) -> str:
    """The text without photo credits and the other stories' title-case headlines that follow them."""
    pieces, start = [], 0
    for match in _PHOTO_CREDIT.finditer(text):
        if match.start() < start:
            continue
        words = list(re.finditer(r"\S+", text[match.end() : match.end() + 300]))
        taken = 0
        for index, word in enumerate(words):
            token = word.group(0)
            following = words[index + 1].group(0) if index + 1 < len(words) else ""
            if token[0] in "\"'\u201c(" or (index and token in _SENTENCE_OPENERS):
                break  # a quotation or "The", "According": the next sentence opens
            if token[0].isupper() and following[:1].islower() and following.lower() not in _HEADLINE_SMALL:
                break  # "Syrian forces managed ...": the story's own next sentence
            if not (token[0].isupper() or token[0].isdigit() or token.lower() in _HEADLINE_SMALL):
                break
            taken = index + 1
        if taken < PHOTO_HEADLINE_MIN_WORDS:
            continue
        end = match.end() + words[taken - 1].end()
        before = text[start : match.start()].rstrip()
        if before:
            pieces.append(before + (" " if before[-1] in ".!?" else ". "))
        start = end
    return "".join(pieces) + text[start:].lstrip() if start else text


# A wire dateline inside the page ("MOSCOW (Sputnik)") opens the story's body; what stands
# between it and the sentence before is a photo credit and another story's headline.
_DATELINE_AGENCIES = ("Sputnik", "Reuters", "AFP", "AP")
_MID_PAGE_DATELINE = re.compile(
    r"(?:(?<=[.!?]\s)[^.!?]{0,300}?)?\b[A-Z][A-Z'-]{2,}(?:\s+[A-Z][A-Z'-]{2,})?(?:,\s+Syria)?"
    rf"\s+\((?:{'|'.join(_DATELINE_AGENCIES)})\)\s*(?:[-\u2013\u2014]\s*)?"
)


def cut_mid_page_datelines(text: str) -> str:
    """The text without wire datelines inside it and the headline run in before each."""
    if not any(f"({agency})" in text for agency in _DATELINE_AGENCIES):
        return text  # most pages name no agency in brackets: no need to scan them
    return _MID_PAGE_DATELINE.sub("", text)


def drop_headlines(text: str) -> str:
    """The text without other stories' headlines in its first lines."""
    end = text.find(". ")
    zone = min(HEADLINE_ZONE, end if end > 0 else len(text))
    head = _HEADLINE.sub(" ", text[:zone])
    if head == text[:zone]:
        return text
    return _skip_to_lead(text, head + text[zone:])


RELATED_HEADLINES_CHARS = 250


def _skip_to_lead(text: str, rest: str) -> str:
    """After a headline ("Air strikes kill 11 in Idlib monitor"), the page may list
    other stories' headlines before the lead, which opens with the headline's first
    words again ("Air strikes killed at least 12"): what lies between goes."""
    headline = _HEADLINE.search(text)
    opening = re.match(r"\s*([A-Z][\w'-]*\s+[\w'-]+)", headline.group(0)) if headline else None
    if opening is None:
        return rest
    start = len(rest) - len(rest.lstrip())
    again = re.compile(rf"\b{re.escape(opening[1])}").search(rest, start + 1, start + RELATED_HEADLINES_CHARS)
    if again is None or "." in rest[start : again.start()]:
        return rest
    return rest[again.start() :]


def _drop_captions(text: str) -> str:
    """Photo captions run into the story ("Syrians inspect the damage ... (AFP Photo)")."""
    return _CAPTION_SENTENCE.sub(" ", text)


def _antecedent(events: list[EventMention], sentence: Sentence) -> EventMention | None:
    """The event a sentence refers back to: the earliest one that used the same
    word ("the clashes", "the villages"), else the latest."""
    if not events:
        return None
    for match in _ANAPHORA.finditer(sentence.text):
        noun = match.group(0).split()[-1].lower().rstrip("s")
        for event in events:
            if noun in event.evidence.lower():
                return event
    return _latest(events)


def _latest(events: list[EventMention]) -> EventMention:
    """The event the story is telling now: the other towns of a list ("struck X and Y")
    leave the story with the first."""
    return events[-1].listed_with or events[-1]


def _continues(event: EventMention, sentence: Sentence) -> bool:
    """Whether a trigger sentence goes on about an earlier event."""
    assert sentence.trigger is not None
    if _NEW_PLACE.search(sentence.text):
        return False
    if _different_days(event.date, sentence.date):
        return False
    same_family = sentence.trigger.event_type == event.event_type
    own_localities = {p.name for p in sentence.places if p.kind == "locality"}
    event_localities = {p.name for p in event.places if p.kind == "locality"}
    if sentence.anaphoric and same_family:
        return True  # "the blast struck ... in the dining hall of X": the same incident, told closer
    # A lead that lists "Damascus and Aleppo" is told place by place afterwards: a
    # later sentence continues it only when it names the place it was put at.
    first = next((p.name for p in event.places if p.kind == "locality"), None)
    if (
        same_family and not event_localities and len(own_localities) == 1
        and own_localities == {p.name for p in event.places if p.kind == "governorate"}
        and re.search(rf"\b(?:district|neighbou?rhood|quarter)\s+(?:in|of)\s+{re.escape(next(iter(own_localities)))}\b", sentence.text)
    ):
        return True  # "20 were killed in Aleppo province" then "a helicopter struck a district in Aleppo"
    own_first = next((p.name for p in sentence.places if p.kind == "locality"), None)
    if (
        own_localities and (not own_localities <= event_localities or (first is not None and first not in own_localities))
        # "the landmine that exploded in Jarez village in the countryside of Azaz": the same village,
        # told again with the town it lies by.
        and not (first is not None and own_first == first and event.sub_event_type == sentence.trigger.sub_event_type)
    ):
        return False
    if sentence.anaphoric:
        return same_family or not sentence.places
    return same_family and bool(own_localities & event_localities)


def _long_before(date: EventDate | None, reference: dt.date | None) -> bool:
    """Whether a dated incident lies more than a story's week before the report."""
    return bool(date and date.date and reference and (reference - date.date).days > STORY_DAYS)


def _different_days(first: EventDate | None, second: EventDate | None) -> bool:
    return bool(
        first and second and first.date and second.date and first.time_precision == 1 and second.time_precision == 1
        and first.date != second.date
    )


def _adds_to(event: EventMention, sentence: Sentence) -> bool:
    """Whether a sentence tells anything about an event that it does not yet have."""
    if sentence.toll or (sentence.date and sentence.date.date and not (event.date and event.date.date)):
        return True
    if sentence.trigger is not None and sentence.trigger.sub_event_type == "Suicide bomb" and event.sub_event_type == "Remote explosive/landmine/IED":
        return True  # how the blast was set off ("a truck bomb", then "a suicide bomber was at the wheel")
    known_places = {(p.name, p.kind) for p in event.places}
    if any((p.name, p.kind) not in known_places for p in sentence.places):
        return True
    known_actors = {event.actor1, event.actor2}
    return any(a.actor.name not in known_actors for a in sentence.actors if a.actor.category != "Civilians")


def _absorb(event: EventMention, sentence: Sentence) -> None:
    event.sentences.append(sentence)
    # A stronger word of the same kind sharpens the sub-event type ("clashes" then
    # "seized"); a word of another kind (a car bomb during a battle) does not retype it.
    if sentence.trigger is not None and sentence.trigger.event_type == event.event_type and sentence.trigger.rank > _rank_of(event):
        event.event_type, event.sub_event_type = sentence.trigger.event_type, sentence.trigger.sub_event_type
    actor1, actor2 = assign_actors(sentence) if sentence.trigger else (None, None)
    event.actor1 = event.actor1 or actor1
    if event.actor2 is None and actor2 not in (None, event.actor1):
        event.actor2 = actor2
    if event.date is None or (
        sentence.date
        and sentence.date.date
        and (event.date.date is None or sentence.date.time_precision < event.date.time_precision)
    ):
        event.date = sentence.date or event.date
    known = {(p.name, p.kind) for p in event.places}
    first_town = bool(sentence.places) and (
        not event.places
        or (not any(p.kind == "locality" for p in event.places) and any(p.kind == "locality" for p in sentence.places))
    )
    event.places.extend(p for p in sentence.places if (p.name, p.kind) not in known)
    if (
        (first_town and not _part_told_before(event, sentence.toll))
        or _share_of_total(event, sentence)
    ) and sentence.toll.killed is not None and not sentence.toll.cumulative:
        # The lead gave a total for a whole province or for several places; the
        # sentence that first names the town gives the toll of what happened there.
        event.fatalities, event.fatalities_detail = None, {}
    _add_toll(event, sentence.toll, sentence.text)


def _part_told_before(event: EventMention, toll: Toll) -> bool:
    """Whether a toll is a figure the event's sentences already gave as a part of its total:
    "strikes killed 50 militants and eight civilians" before "most of the 50 fighters killed
    west of Aleppo were foreigners"."""
    if toll.killed is None or event.fatalities is None or toll.killed >= event.fatalities:
        return False
    told = re.compile(rf"\b{toll.killed}\b")
    return any(told.search(s.text) for s in event.sentences[:-1])


# "killed 19 across the Eastern Ghouta region", "shelling of the cities of Aleppo and al-Baath".
_SEVERAL_PLACES = re.compile(r"\bacross\b|\b(?:cities|towns|villages|areas|provinces|neighbou?rhoods|districts)\s+of\b", re.I)


def _share_of_total(event: EventMention, sentence: Sentence) -> bool:
    """Whether a sentence that names a town gives that town's share of a lead's total
    for several places ("five killed in Aleppo, Hama and Damascus", then "two were
    killed in Aleppo"), rather than another count of the same dead."""
    toll = sentence.toll
    if toll.killed is None or event.fatalities is None or toll.killed >= event.fatalities or _TOLL_ADDITION.search(sentence.text):
        return False
    if not any(p.kind == "locality" for p in sentence.places):
        return False
    lead = next((s for s in event.sentences if s.toll.killed == event.fatalities), None)
    if lead is None or lead is sentence:
        return False
    if toll.killed in {parse_number(m.group(0)) for m in re.finditer(rf"\b{NUMBER}\b", lead.text, re.I)}:
        return False  # the lead summed this figure with another one: it is told again, not shared out
    governorates = {g.name for word in re.findall(r"\b[A-Z][\w-]+", lead.text) if (g := find_governorate(word)) is not None}
    return bool(_SEVERAL_PLACES.search(lead.text)) or len(governorates | {p.name for p in lead.places if p.kind == "locality"}) >= 3


def _rank_of(event: EventMention) -> int:
    return next(t.rank for t in TRIGGERS if t.sub_event_type == event.sub_event_type)


# "Another strike targeted a settlement ...": a second incident, told without a place.
_OTHER_INCIDENT = re.compile(
    r"\b(?:another|a\s+second|a\s+separate|a\s+further)\s+(?:\w+\s+)?(?:strike|air\s*strike|raid|attack|bombing|blast|explosion|shell|car\s+bomb)\b",
    re.I,
)
# "Other opposition websites said the toll had risen to 85", "Local activists put the death toll higher",
# "But an activist said the blast killed 20": a second source's count, not more dead.
_OTHER_SOURCE = re.compile(
    r"\b(?:other|different)\s+(?:[\w-]+\s+){0,3}?(?:sources?|websites?|activists?|monitors?|groups?|officials?|reports?)\b"
    r"|\bput\s+the\s+(?:death\s+)?toll\s+(?:higher|at)\b|^\s*But\s+(?:[\w-]+\s+){0,8}?(?:said|says|told|claimed)\b",
    re.I,
)
_TOLL_UPDATE = re.compile(r"\b(?:risen|rose|climbed|jumped|increased|updated|new\s+toll|revised)\b", re.I)
_TOLL_ADDITION = re.compile(
    r"\b(?:also\s+(?:been\s+)?killed|also\s+lost|(?:were|was)\s+also\b(?!\s+(?:wounded|injured|hurt))|another\s+(?:\d+|[a-z]+-?[a-z]*)\s|a\s+further\s)"
    # "six more people lost their lives in a village near Manbij"
    r"|\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[a-z]+teen|[a-z]+ty(?:-[a-z]+)?)\s+more\s+(?:[\w-]+\s+){0,2}?"
    r"(?:were\s+|was\s+|have\s+been\s+|had\s+been\s+)?(?:killed|dead|died|lost\s+their\s+lives|perished|slain)\b"
    # "Earlier in the day the group fired 60 rockets at the city, killing nine": another attack
    # at the same place that day, whose dead add up (not an earlier report of the same dead).
    rf"|^\s*Earlier\s+(?:in\s+the\s+day|today|on\s+(?:{WEEKDAY_NAMES}))\s+"
    r"(?!it\b|(?:[\w-]+\s+){0,4}?(?:said|says|reported|put|gave|had)\b)",
    re.I,
)


def _fuller_count(event: EventMention, toll: Toll, text: str = "") -> bool:
    """Whether a later figure is the full count of a lead's lower bound: "killed
    more than 50" before "15 civilians and 27 fighters with another 10 bodies", or
    of a part the lead told: "eleven children were killed" before "fifteen civilians,
    among them 11 children, were killed"."""
    if toll.killed is None or event.fatalities is None or not event.fatalities < toll.killed:
        return False
    if re.search(rf"\b(?:among\s+them|among\s+whom|including)\s+(?:at\s+least\s+)?{event.fatalities}\b", text, re.I):
        return True
    if toll.killed > event.fatalities * 3 // 2:
        return False
    bound = re.compile(rf"\b(?:more\s+than|over)\s+{event.fatalities}\b", re.I)
    return any(bound.search(s.text) for s in event.sentences)


_BOMBS = ("Suicide bomb", "Remote explosive/landmine/IED")


def _other_weapon(event: EventMention, text: str) -> bool:
    """Whether the sentence adding dead tells of another kind of attack ("six were also
    killed in rebel shelling" after a barrel bomb): an incident of its own, not more dead of this one."""
    told = next((s for s in reversed(event.sentences) if s.text == text), None)
    if told is None or told.trigger is None or told.trigger.sub_event_type == event.sub_event_type:
        return False
    return not (told.trigger.sub_event_type in _BOMBS and event.sub_event_type in _BOMBS)


def _add_toll(event: EventMention, toll: Toll, text: str = "") -> None:
    """Attach a sentence's toll: the first figure stands; a later one replaces it
    only when it says the toll rose, and adds to it when it counts other dead."""
    if toll.cumulative or toll.killed is None:
        return
    if event.fatalities is not None and toll.killed >= event.fatalities and _OTHER_SOURCE.search(text):
        return  # another source's count of the same dead, higher or repeated: the lowest firm figure stands
    if event.fatalities is None or _TOLL_UPDATE.search(text) or _fuller_count(event, toll, text):
        event.fatalities = toll.killed
        if toll.detail:
            event.fatalities_detail = dict(toll.detail)
    elif _TOLL_ADDITION.search(text) and not _other_weapon(event, text):
        event.fatalities += toll.killed
        for side, value in toll.detail.items():
            event.fatalities_detail[side] = event.fatalities_detail.get(side, 0) + value
    elif toll.killed == event.fatalities and len(toll.detail) > len(event.fatalities_detail):
        event.fatalities_detail = dict(toll.detail)  # the same dead, told side by side
    if event.actor2 is None and event.actor1 and len(toll.detail) >= 2:
        event.actor2 = next((side for side in toll.detail if side != event.actor1), None)


def _untolled_latest(events: list[EventMention], current: EventMention, sentence: Sentence) -> EventMention:
    """ "Strikes killed 12 in Ain Tarma. The regime also struck Irbin. The strikes
    killed five people": a toll told right after an event that has none is that
    event's, though its words ("the strikes") also fit an earlier one that has its toll."""
    latest = _latest(events)
    if (
        latest is current or latest.fatalities is not None or current.fatalities is None
        or sentence.toll.killed is None or latest.event_type != current.event_type
        or latest.sentences[-1].index != sentence.index - 1 or not _places_known_to(latest, sentence)
    ):
        return current
    return latest


# "The strikes have killed 122 civilians": a toll in the perfect tense, with no day of its own.
_PERFECT_TOLL = re.compile(r"\b(?:has|have)\s+(?:been\s+)?(?:killed|died|left|claimed)\b", re.I)


def _running_total_goes_on(previous: Sentence | None, sentence: Sentence) -> bool:
    """ "Strikes on the province have intensified since rebels launched their campaign on
    July 31. The strikes have killed 122 civilians": a toll told in the perfect tense
    right after a running total or a span of days, with no day of its own, counts over that span."""
    if previous is None or sentence.toll.killed is None or (sentence.date and sentence.date.date and sentence.date.time_precision == 1):
        return False
    spans = previous.toll.cumulative or (previous.background and re.search(r"\bsince\b", previous.text, re.I) is not None)
    # "... 5,812 civilians over the past year. Meanwhile rebel fire on regime-held areas killed
    # 1,102 people": hundreds of dead told at no place, right after a year's total, are the year's too.
    placeless_hundreds = sentence.toll.killed >= 100 and not any(p.kind in ("locality", "area") for p in sentence.places)
    return spans and (bool(_PERFECT_TOLL.search(sentence.text)) or (previous.toll.cumulative and placeless_hundreds))


def _toll_of_the_lead(events: list[EventMention], lead: Sentence | None) -> None:
    """A report's opening sentence that gives a toll with no event word the extractor
    knows ("A motorcycle bomber killed at least 16 civilians in Hasakeh") sums up the
    incident the report then tells: its first event, when that has no toll of its own."""
    if lead is None or lead.trigger is not None or lead.background or lead.toll.killed is None or lead.toll.cumulative or not events:
        return
    if _SEVERAL_PLACES.search(lead.text):
        return  # "... killed 44 across the country": a total for what follows, not the first incident's
    first = events[0]
    if first.fatalities is not None or any(s is lead for e in events for s in e.sentences) or _different_days(lead.date, first.date):
        return
    told = {p.name for p in lead.places if p.kind == "locality"}
    if told and not told & {p.name for p in first.places if p.kind == "locality"}:
        return
    first.sentences.insert(0, lead)
    _add_toll(first, lead.toll, lead.text)


# "... adding that 11 troops were killed in Monday's fighting", "11 militants were also killed in clashes".
_FIGHTING_DEAD = re.compile(
    rf"\b(?P<n>{NUMBER})\s+(?:[\w-]+\s+){{0,3}}?(?:were|was|have\s+been|had\s+been)\s+(?:also\s+)?(?:killed|slain)\s+"
    r"in\s+(?:the\s+)?(?:[\w'\u2019-]+\s+){0,2}?(?:clashes|fighting|battles?|combat)\b",
    re.I,
)


def _fighting_told_beside(events: list[EventMention]) -> list[EventMention]:
    """ "One soldier was killed in a car bomb in al-Bab and 11 militants were also killed in
    clashes that day": the dead of the fighting are a clash of their own at the same place and
    day (the codebook counts one event per place, day and sub-event type), not the bomb's."""
    clashes = []
    for event in events:
        if event.event_type == "Battles" or event.fatalities is None:
            continue
        found = next(((s, m) for s in event.sentences if s.trigger is not None and (m := _FIGHTING_DEAD.search(s.text))), None)
        if found is None:
            continue
        told, fighting = found[0], parse_number(found[1]["n"])
        if fighting is None or told.toll.killed is None or told.toll.killed <= fighting or event.fatalities <= fighting:
            continue  # the fighting's dead are all the sentence tells: the event is the fighting's
        if any(e.event_type == "Battles" and e.places[:1] == event.places[:1] and e.fatalities is not None for e in events):
            continue
        event.fatalities -= fighting
        event.fatalities_detail = {side: n for side, n in event.fatalities_detail.items() if n != fighting}
        clash = EventMention("Battles", "Armed clash", [told], event.actor1, event.actor2)
        clash.places, clash.date, clash.fatalities = list(event.places), event.date, fighting
        clashes.append(clash)
    return clashes


_MORE_THAN_TOLD = re.compile(r"\b(?:more|another|further|also)\b", re.I)


def _drop_shared_out_totals(events: list[EventMention]) -> None:
    """ "Six civilians were killed in three explosions around Salamiyeh", then a car bomb
    that killed two and a motorcycle bomb that killed four: the lead's figure is the
    sum of the incidents told after it, and none of its own."""
    for index, event in enumerate(events):
        if event.fatalities is None or event.sentences[0].toll.killed != event.fatalities:
            continue
        later = [e for e in events[index + 1 :] if e.fatalities is not None and not _different_days(event.date, e.date)]
        if any(_MORE_THAN_TOLD.search(e.sentences[0].text) for e in later):
            continue  # "two more civilians were killed in ...": dead beyond the lead's, not its share
        if len(later) >= 2 and sum(e.fatalities for e in later) == event.fatalities:
            event.fatalities, event.fatalities_detail = None, {}


_LIBERATED = re.compile(
    r"\b(?:was|were|been|being)\s+(?:fully\s+)?liberated\b|\brestor(?:ed|es|ing)\s+(?:security\s+and\s+stability|security|stability)\s+to\b",
    re.I,
)
_LOST_CONTROL = re.compile(r"\b(?:fallen|fell)\s+(?:from|out\s+of)\s+(?:\w+\s+)?control\b", re.I)
_STRIKES_ON_PEOPLE = ("Explosions/Remote violence", "Violence against civilians")
# "security forces opened fire on the protesters, killing four": force that kills or maims.
_LETHAL_FORCE = re.compile(
    r"\b(?:opened\s+fire|fired\s+(?:live\s+(?:ammunition|rounds|bullets)\s+)?(?:on|at|into)|shot\s+(?:dead\s+)?(?:at\s+)?(?:the\s+)?(?:\w+\s+)?"
    r"(?:protesters|demonstrators|protestors)|live\s+(?:ammunition|fire|rounds|bullets))\b",
    re.I,
)
# "police dispersed the rally with tear gas": a protest broken up without deadly force.
_PROTEST_BROKEN_UP = re.compile(
    r"\b(?:dispers(?:ed|ing)|broke\s+up|tear\s*gas|water\s+cannons?|rubber\s+bullets|batons|beat\s+(?:the\s+)?(?:protesters|demonstrators)"
    r"|(?:arrested|detained)\s+(?:\w+\s+){0,3}?(?:protesters|demonstrators|protestors))\b",
    re.I,
)


def _protest_kind(event: EventMention) -> str:
    """ACLED's three protest sub-types: by what the authorities did to the crowd."""
    texts = [s.text for s in event.sentences]
    if (event.fatalities or 0) > 0 or any(_LETHAL_FORCE.search(text) for text in texts):
        return "Excessive force against protesters"
    if any(_PROTEST_BROKEN_UP.search(text) for text in texts):
        return "Protest with intervention"
    return "Peaceful protest"


def _finish(event: EventMention, story_day: dt.date | None) -> None:
    if event.actor2 is None and event.event_type in _STRIKES_ON_PEOPLE:
        # The victims are often named only in the sentence that gives the toll.
        if any(a.actor.category == "Civilians" for s in event.sentences for a in s.actors):
            event.actor2 = "Civilians"
    if event.sub_event_type == "Peaceful protest":
        event.sub_event_type = _protest_kind(event)
        # The crowd acts, as civilians; a group it marched against ("protested against the Nusra Front")
        # is neither side. The state's forces are the other side when they break the protest up or fire on it.
        state = next((a.actor.name for s in event.sentences for a in s.actors if a.actor.category == STATE_FORCES), None)
        if event.sub_event_type == "Excessive force against protesters":
            event.actor1, event.actor2 = state, CIVILIANS
        else:
            event.actor1, event.actor2 = CIVILIANS, state if event.sub_event_type == "Protest with intervention" else None
    if event.sub_event_type == "Arrests" and event.actor1 is not None and category_of(event.actor1) != STATE_FORCES:
        # Armed groups that seize people abduct them; arrests are what a state's forces make.
        event.event_type, event.sub_event_type = "Violence against civilians", "Abduction/forced disappearance"
    if event.sub_event_type in (CAPTURE, REGAIN):
        if event.actor1 is not None and any(_LOST_CONTROL.search(s.text) for s in event.sentences):
            # "the army's base has fallen out of government control": the actor named is the loser.
            event.actor1, event.actor2 = None, event.actor1
        regains = category_of(event.actor1) == STATE_FORCES
        if event.actor1 is None and any(_LIBERATED.search(s.text) for s in event.sentences):
            regains = True  # "the villages were liberated": no taker named, in the state's own words
        event.sub_event_type = REGAIN if regains else CAPTURE
    if event.date is None or event.date.date is None:
        if story_day is not None and (event.date is None or event.date.time_precision > 1):
            vague = any(_PAST_PERFECT.search(s.text) for s in event.sentences)
            event.date = EventDate(story_day, 3 if vague else 2)
        elif event.date is None:
            event.date = EventDate(None, 3)
