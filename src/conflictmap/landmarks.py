"""Military bases and oil and gas fields that reports name as places.

Air bases and fields are where much of the war was fought ("IS seized the Shaer gas
field", "rebels shelled Kuweires air base"), yet no list of towns holds them. Each
entry gives the point of the facility itself and the spellings reports use.
"""

from __future__ import annotations

from conflictmap.gazetteer import Place, named_site

FEATURE = "military or industrial site"


def _site(key: str, name: str, latitude: float, longitude: float, admin1: str, *spellings: str) -> Place:
    return named_site(f"landmark:{key}", name, latitude, longitude, admin1, FEATURE, "landmarks", spellings)


LANDMARKS: tuple[Place, ...] = (
    _site("kuweires", "Kuweires air base", 36.1869, 37.5831, "Aleppo", "Kuweires", "Kweires", "Kuwayris", "Kuweiris", "Kweiris"),
    _site("jirah", "Jirah air base", 36.0969, 37.9364, "Aleppo", "Jirah", "Jirah airbase"),
    _site("menagh", "Menagh air base", 36.5211, 37.0417, "Aleppo", "Menagh", "Mennagh", "Minakh", "Minnigh"),
    _site("nayrab", "Nayrab air base", 36.1807, 37.2244, "Aleppo", "Nayrab", "Neirab", "Nairab"),
    _site("shayrat", "Shayrat air base", 34.4903, 36.9097, "Homs", "Shayrat", "Shairat", "Al-Shayrat", "Ash Shairat", "Shaayrat"),
    _site("tiyas", "Tiyas air base", 34.5225, 37.6297, "Homs", "Tiyas", "T4", "Tayfur", "Taifour"),
    _site("shaer", "Shaer gas field", 34.83, 37.70, "Homs", "Shaer", "Shaar", "Al-Shaer", "Shaar gas field", "Shaer gas field"),
    _site("hmeimim", "Hmeimim air base", 35.4011, 35.9487, "Lattakia", "Hmeimim", "Khmeimim", "Humaymim", "Hmeymim"),
)
