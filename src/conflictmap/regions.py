"""Named regions that reports give as the only place of an event.

"Clashes in the Qalamoun mountains", "air strikes on Jabal al-Zawiya": no list of
towns holds these hills, plains and valleys, yet whole offensives are told by them.
As ACLED codes such events, each region sits at a town inside it, with geo-precision
2 (a part of a region), never 1: a town the same report names is the better place.
"""

from __future__ import annotations

from conflictmap.gazetteer import Place, named_site

FEATURE = "region"


def _region(key: str, name: str, town: str, latitude: float, longitude: float, admin1: str, *spellings: str) -> Place:
    # ``town`` names the OCHA populated place whose point stands for the region.
    return named_site(f"region:{key}", name, latitude, longitude, admin1, FEATURE, f"regions (at {town})", spellings)


REGIONS: tuple[Place, ...] = (
    _region(
        "qalamoun", "Qalamoun", "Yabroud", 33.9714, 36.6604, "Rural Damascus",
        "Qalamoun mountains", "Qalamun", "Qalamoon", "Kalamoun", "Al-Qalamoun", "Qalamoun region",
    ),
    _region(
        "jabal-al-akrad", "Jabal al-Akrad", "Kansaba", 35.7431, 36.1638, "Lattakia",
        "Jebel al-Akrad", "Jabal Akrad", "Jebel Akrad", "Jabal al-Akrad mountains", "Kurd Mountain", "Kurdish Mountains",
    ),
    _region(
        "jabal-al-turkman", "Jabal al-Turkman", "Rabee'a", 35.7846, 36.0365, "Lattakia",
        "Jebel al-Turkman", "Jabal Turkman", "Jebel Turkman", "Turkmen Mountain", "Turkmen Mountains", "Bayirbucak",
    ),
    _region(
        "jabal-al-zawiya", "Jabal al-Zawiya", "Ehsem", 35.7212, 36.5548, "Idleb",
        "Jebel al-Zawiya", "Jabal Zawiya", "Jebel Zawiya", "Jabal al-Zawiyah", "Jebel al-Zawiyeh",
    ),
    _region(
        "ghab", "Al-Ghab plain", "Qastun", 35.6866, 36.3946, "Hama",
        "Ghab plain", "Ghab Plains", "Sahl al-Ghab", "al-Ghab", "Ghab",
    ),
    _region(
        "wadi-barada", "Wadi Barada", "Ein Elfijeh", 33.6167, 36.1788, "Rural Damascus",
        "Barada valley", "Wadi Barada valley",
    ),
)
