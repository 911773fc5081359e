"""Spelling-robust keys for Arabic place names written in Latin letters.

The same town appears as Azaz, A'zaz, I'zaz and Aazaz; Jisr al-Shughur as Jisr
ash-Shughur. :func:`normalize` folds marks, articles and hyphens; :func:`skeleton`
goes further, to a consonant outline in which those spellings meet.
"""

from __future__ import annotations

import re
import unicodedata

_MARKS = "'`\u2018\u2019\u02bb\u02bc\u02be\u02bf\u00b4\u2032\u02c8\u201c\u201d\""
_ARTICLES = {"al", "el", "ar", "as", "ash", "at", "ad", "az", "an", "ath", "adh", "es", "ed", "et", "er", "ez", "en", "l"}
_TELL = {"tall", "tell", "tel", "tal", "til"}
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
_DROP_MARKS = {ord(ch): None for ch in _MARKS}
_ARABIC_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")


def fold(text: str) -> str:
    """Lower-case ASCII-ish text with accents and ayn/hamza marks removed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.translate(_DROP_MARKS)
    return text.lower()


def normalize(name: str) -> str:
    """Comparable form of a place name: folded, articles dropped, Tal/Tall/Tell one."""
    if _is_arabic(name):
        return normalize_arabic(name)
    text = re.sub(r"[^a-z0-9]+", " ", fold(name).replace("-", " "))
    tokens = [token for token in text.split() if token not in _ARTICLES]
    tokens = ["tal" if token in _TELL else token for token in tokens]
    return " ".join(tokens)


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


def compact(name: str) -> str:
    """The skeleton with word breaks dropped: Kafranbil and Kafr Nabl meet here."""
    return skeleton(name).replace(" ", "")


def variants(name: str) -> tuple[str, ...]:
    """The name plus its form with a glued article split off (Alnouman, Eljoz)."""
    if _is_arabic(name):
        return (name,)
    words = fold(name).replace("-", " ").split()
    split = [w[2:] if len(w) >= 5 and w[:2] in ("al", "el") and w[2] not in "aeiou" else w for w in words]
    return (name,) if split == words else (name, " ".join(split))


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def normalize_arabic(name: str) -> str:
    """Arabic-script names: diacritics and tatweel removed, alef/ya/ta marbuta unified."""
    text = _ARABIC_DIACRITICS.sub("", name)
    text = re.sub("[\u0622\u0623\u0625\u0671]", "\u0627", text)
    text = text.replace("\u0649", "\u064a").replace("\u0629", "\u0647")
    tokens = [re.sub("^\u0627\u0644", "", token) for token in text.split()]
    return " ".join(token for token in tokens if token)
