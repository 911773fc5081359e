"""The event record: the contract between the pipeline's stages.

Field names follow ACLED's codebook (see DESIGN.md). ``location_resolved`` is the
one field beyond it: False when the place named in the report is in no gazetteer
and the point is only the area the text gives, so an analyst can fix it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

EVENT_TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)

SUB_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Air/drone strike",
        "Shelling/artillery/missile attack",
        "Suicide bomb",
        "Remote explosive/landmine/IED",
        "Grenade",
        "Chemical weapon",
    ),
    "Violence against civilians": (
        "Attack",
        "Abduction/forced disappearance",
        "Sexual violence",
    ),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Headquarters or base established",
        "Non-violent transfer of territory",
        "Looting/property destruction",
        "Other",
    ),
}

EVENT_FIELDS = (
    "event_id",
    "article_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "location",
    "admin1",
    "admin2",
    "country",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "fatalities_detail",
    "evidence",
    "confidence",
    "source",
    "source_url",
    "status",
    "location_resolved",
)

STATUSES = ("auto", "reviewed", "rejected")


@dataclass
class Event:
    article_id: str
    event_type: str
    sub_event_type: str
    evidence: str
    event_date: str | None = None
    time_precision: int = 3
    actor1: str | None = None
    actor2: str | None = None
    location: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = "SY"
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    fatalities: int | None = None
    fatalities_detail: dict[str, int] = field(default_factory=dict)
    confidence: float = 0.5
    source: str | None = None
    source_url: str | None = None
    status: str = "auto"
    location_resolved: bool = True
    event_id: str = ""

    def __post_init__(self) -> None:
        if self.event_type not in SUB_EVENT_TYPES:
            raise ValueError(f"unknown event_type {self.event_type!r}")
        if self.sub_event_type not in SUB_EVENT_TYPES[self.event_type]:
            raise ValueError(
                f"sub_event_type {self.sub_event_type!r} is not one of {self.event_type}'s"
            )

    def assign_id(self, ordinal: int) -> None:
        """Derive a stable id from the article and the event's place in it."""
        key = f"{self.article_id}|{ordinal}|{self.sub_event_type}|{self.location or ''}"
        self.event_id = "e" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:15]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        return {name: data[name] for name in EVENT_FIELDS}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        values = {name: data.get(name) for name in EVENT_FIELDS if name in data}
        detail = values.get("fatalities_detail")
        if isinstance(detail, str):
            values["fatalities_detail"] = json.loads(detail) if detail else {}
        elif detail is None:
            values["fatalities_detail"] = {}
        return cls(**values)
