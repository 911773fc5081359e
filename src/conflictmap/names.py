"""Spelling-robust keys for Arabic place names written in Latin letters.

The same town appears as Azaz, A'zaz, I'zaz and Aazaz; Jisr al-Shughur as Jisr
ash-Shughur. :func:`normalize` folds marks, articles and hyphens; :func:`skeleton`
goes further, to a consonant outline in which those spellings meet.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_MARKS = "'`\u2018\u2019\u02bb\u02bc\u02be\u02bf\u00b4\u2032\u02c8\u201c\u201d\""
_ARTICLES = {"al", "el", "ar", "as", "ash", "at", "ad", "az", "an", "ath", "adh", "es", "ed", "et", "er", "ez", "en", "esh", "ech", "eth", "ej", "l"}
_TELL = {"tall", "tell", "tel", "tal", "til"}
_KAFR = {"kfar", "kafar", "kefr", "kfr", "kufr", "kefer"}
_DIGRAPHS = (
    ("dj", "j"),
    ("dzh", "j"),
    ("kh", "k"),
    ("gh", "g"),
    ("sh", "s"),
    ("ch", "s"),
    ("dh", "t"),
    ("th", "t"),
    ("d", "t"),  # d, t, th and dh all render the Arabic dental and emphatic letters
    ("ph", "f"),
    ("q", "k"),
    ("c", "k"),
    ("x", "ks"),
)
_DOUBLED = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiouy]+")
_DROP_MARKS = {ord(ch): None for ch in _MARKS}
_ARABIC_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")


def fold(text: str) -> str:
    """Lower-case ASCII-ish text with accents and ayn/hamza marks removed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.translate(_DROP_MARKS)
    return text.lower()


@lru_cache(maxsize=200_000)
def normalize(name: str) -> str:
    """Comparable form of a place name: folded, articles dropped, Tal/Tall/Tell one."""
    if _is_arabic(name):
        return normalize_arabic(name)
    text = re.sub(r"[^a-z0-9]+", " ", fold(name).replace("-", " "))
    tokens = [token for token in text.split() if token not in _ARTICLES]
    tokens = ["tal" if token in _TELL else token for token in tokens]
    return " ".join(tokens)


@lru_cache(maxsize=200_000)
def skeleton(name: str) -> str:
    """Consonant outline of a normalised name, where transliterations meet."""
    if _is_arabic(name):
        return normalize_arabic(name)
    outlines = []
    for token in normalize(name).split():
        for old, new in _DIGRAPHS:
            token = token.replace(old, new)
        token = re.sub(r"h$", "", token) if len(token) > 2 else token
        token = re.sub(r"[aeiouyw]", "", token) or token[:1]
        token = re.sub(r"(.)\1+", r"\1", token)
        outlines.append(token)
    return " ".join(outlines)


@lru_cache(maxsize=200_000)
def compact(name: str) -> str:
    """The skeleton with word breaks dropped: Kafranbil and Kafr Nabl meet here."""
    return re.sub(r"(.)\1+", r"\1", skeleton(name).replace(" ", ""))


# Arabic qualifiers that English gazetteers translate and put first: Urum al-Kubra
# is OCHA's "Big Orm", Shuyukh Tahtani its "Lower Shyookh".
_QUALIFIERS = {
    "big": ("kubra", "kobra", "kabir", "kebir", "kbir", "kabira", "kebira"),
    "little": ("sughra", "soghra", "saghir", "sghir", "saghira", "zghir", "sagheer"),
    "upper": ("fawqani", "foqani", "fouqani", "fuqani", "fawqa", "foqa", "fauqani"),
    "lower": ("tahtani", "tahtaniyah", "tahtaniyeh", "tahta"),
    "middle": ("wastani", "wustani", "wasta"),
    "western": ("gharbi", "gharbiyah", "gharbiyeh", "gharbieh", "gharbiya"),
    "eastern": ("sharqi", "sharqiyah", "sharqiyeh", "sharkieh", "sharqiya"),
    "northern": ("shamali", "shamaliyah", "shamaliyeh", "shimali"),
    "southern": ("janoubi", "janubi", "jnoubi", "janubiyah"),
    "new": ("jadid", "jdideh", "jadida", "jdid"),
    "old": ("qadim", "qadimah"),
}
_QUALIFIER_OF = {word: english for english, words in _QUALIFIERS.items() for word in words}


@lru_cache(maxsize=200_000)
def variants(name: str) -> tuple[str, ...]:
    """The name plus other forms it is written in.

    A glued article split off (Alnouman, Eljoz) and an Arabic qualifier put first in
    English (Urum al-Kubra as Big Urum, the way OCHA writes it).
    """
    if _is_arabic(name):
        return (name,)
    words = [w for w in re.sub(r"[^a-z0-9]+", " ", fold(name)).split() if w not in _ARTICLES]
    split = [w[2:] if len(w) >= 5 and w[:2] in ("al", "el") and w[2] not in "aeiou" else w for w in words]
    forms = [name]
    if split != words:
        forms.append(" ".join(split))
    if split and split[0] in _KAFR:
        forms.append(" ".join(["kafr", *split[1:]]))  # "Kfar Zeita", "Kafar Nabl": Kafr, written another way
    if len(split) > 1 and split[-1] in _QUALIFIER_OF:
        forms.append(" ".join([_QUALIFIER_OF[split[-1]], *split[:-1]]))
    return tuple(forms)


@lru_cache(maxsize=200_000)
def vowel_fold(key: str) -> str:
    """A normalised key with every vowel run one 'a' and doubled letters single.

    Meles and Milis, Tadef and Taduf differ only in their vowels: the score of such
    a pair rests on this form.
    """
    return _DOUBLED.sub(r"\1", _VOWELS.sub("a", key))


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def normalize_arabic(name: str) -> str:
    """Arabic-script names: diacritics and tatweel removed, alef/ya/ta marbuta unified."""
    text = _ARABIC_DIACRITICS.sub("", name)
    text = re.sub("[\u0622\u0623\u0625\u0671]", "\u0627", text)
    text = text.replace("\u0649", "\u064a").replace("\u0629", "\u0647")
    tokens = [re.sub("^\u0627\u0644", "", token) for token in text.split()]
    return " ".join(token for token in tokens if token)
