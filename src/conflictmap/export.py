"""Exports of events: CSV and Excel in ACLED's column layout, and GeoJSON.

Spreadsheets run a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a formula,
and article text can begin with anything; every text cell is neutralised (CSV: a
leading apostrophe; Excel: stored as text with the quote prefix), numbers are left
as numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pandas as pd

from conflictmap.analysis import filter_events
from conflictmap.record import EVENT_FIELDS

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# ACLED's export columns that apply to events read from reports, in ACLED's order.
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
)
# What this project adds, after ACLED's columns: traceability and review state.
EXTRA_COLUMNS = ("fatalities_detail", "source_url", "confidence", "status", "location_resolved", "article_id")
EXPORT_COLUMNS = ACLED_COLUMNS + EXTRA_COLUMNS

DISORDER_TYPES = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
# ISO 3166 numeric code, name and ACLED region of the countries the map covers.
COUNTRIES = {
    "SY": (760, "Syria", "Middle East"),
    "TR": (792, "Turkey", "Middle East"),
    "IQ": (368, "Iraq", "Middle East"),
    "LB": (422, "Lebanon", "Middle East"),
    "JO": (400, "Jordan", "Middle East"),
}
FORMATS = ("csv", "xlsx", "geojson")


def neutralise(value: object) -> object:
    """A text that a spreadsheet would run as a formula, made plain text with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def starts_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


@dataclass(frozen=True)
class EventFilters:
    """The dashboard's filters, as the command line and the briefing page take them."""

    start: dt.date | None = None
    end: dt.date | None = None
    event_types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    admin1: tuple[str, ...] = ()
    include_undated: bool = False
    statuses: tuple[str, ...] = field(default=("auto", "reviewed"))

    def apply(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Events in the period (both ends included) of the given types, with one of
        the actors on either side, in one of the governorates; an empty choice keeps all."""
        shown = filter_events(frame, self.start, self.end, include_undated=self.include_undated, statuses=self.statuses)
        if self.event_types:
            shown = shown[shown["event_type"].isin(self.event_types)]
        if self.actors:
            shown = shown[shown["actor1"].isin(self.actors) | shown["actor2"].isin(self.actors)]
        if self.admin1:
            shown = shown[shown["admin1"].isin(self.admin1)]
        return shown

    def in_words(self) -> list[str]:
        """The filters as short phrases for a reader ("Governorate: Aleppo")."""
        words = []
        if self.event_types:
            words.append("Event types: " + ", ".join(self.event_types))
        if self.actors:
            words.append("Actors: " + ", ".join(self.actors))
        if self.admin1:
            words.append(("Governorates: " if len(self.admin1) > 1 else "Governorate: ") + ", ".join(self.admin1))
        if self.include_undated:
            words.append("events with no known date included")
        return words


def _plain(value: object) -> object:
    """pandas' missing values and numpy scalars as plain Python values."""
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        return value
    if pd.isna(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _date_text(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, str):
        return value
    return pd.Timestamp(value).date().isoformat()


def acled_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """One dict per event with ACLED's column names and order, then this project's extras."""
    rows = []
    for event in frame.to_dict(orient="records"):
        event = {key: _plain(value) for key, value in event.items()}
        date = _date_text(event.get("event_date"))
        iso, country, region = COUNTRIES.get(event.get("country") or "", (None, event.get("country"), None))
        row = {
            "event_id_cnty": event.get("event_id"),
            "event_date": date,
            "year": int(date[:4]) if date else None,
            "time_precision": event.get("time_precision"),
            "disorder_type": DISORDER_TYPES.get(event.get("event_type")),
            "event_type": event.get("event_type"),
            "sub_event_type": event.get("sub_event_type"),
            "actor1": event.get("actor1"),
            "actor2": event.get("actor2"),
            "civilian_targeting": "Civilian targeting" if event.get("actor2") == "Civilians" else None,
            "iso": iso,
            "region": region,
            "country": country,
            "admin1": event.get("admin1"),
            "admin2": event.get("admin2"),
            "location": event.get("location"),
            "latitude": event.get("latitude"),
            "longitude": event.get("longitude"),
            "geo_precision": event.get("geo_precision"),
            "source": event.get("source"),
            "notes": event.get("evidence"),
            "fatalities": event.get("fatalities"),
            "fatalities_detail": json.dumps(event.get("fatalities_detail") or {}, ensure_ascii=False),
            "source_url": event.get("source_url"),
            "confidence": event.get("confidence"),
            "status": event.get("status"),
            "location_resolved": event.get("location_resolved"),
            "article_id": event.get("article_id"),
        }
        rows.append(row)
    return rows


def _csv_text(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: neutralise(value) for key, value in row.items()})
    return out.getvalue()


def events_csv(frame: pd.DataFrame) -> str:
    """The events as CSV in ACLED's layout, formula-like cells neutralised."""
    return _csv_text(acled_rows(frame), EXPORT_COLUMNS)


def records_csv(records: list[dict]) -> str:
    """Event records (the pipeline's own field names) as CSV, formula-like cells neutralised."""
    rows = []
    for record in records:
        row = {key: value for key, value in record.items() if key in EVENT_FIELDS}
        row["fatalities_detail"] = json.dumps(record.get("fatalities_detail") or {}, ensure_ascii=False)
        rows.append(row)
    return _csv_text(rows, EVENT_FIELDS)


def write_xlsx(frame: pd.DataFrame, target: str | Path | IO[bytes], sheet: str = "Events") -> None:
    """The events as an Excel workbook in ACLED's layout; every text cell is stored as
    text with the quote prefix, so Excel shows it and never runs it."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    worksheet.append(list(EXPORT_COLUMNS))
    for row in acled_rows(frame):
        worksheet.append([None] * len(EXPORT_COLUMNS))
        for column, name in enumerate(EXPORT_COLUMNS, start=1):
            value = row[name]
            cell = worksheet.cell(row=worksheet.max_row, column=column)
            cell.value = value
            if isinstance(value, str):
                # openpyxl takes a str that starts with "=" for a formula; it is text.
                cell.data_type = "s"
                if starts_like_formula(value):
                    cell.quotePrefix = True
    worksheet.freeze_panes = "A2"
    for column, name in enumerate(EXPORT_COLUMNS, start=1):
        width = 60 if name == "notes" else max(10, min(28, len(name) + 4))
        worksheet.column_dimensions[get_column_letter(column)].width = width
    workbook.save(target)


def xlsx_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(frame, buffer)
    return buffer.getvalue()


def events_geojson(frame: pd.DataFrame) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the events that have a point, [longitude, latitude]
    as RFC 7946 orders them; properties in ACLED's layout."""
    features = []
    for row in acled_rows(frame):
        if row["latitude"] is None or row["longitude"] is None:
            continue
        properties = {key: value for key, value in row.items() if key not in ("latitude", "longitude")}
        properties["fatalities_detail"] = json.loads(properties["fatalities_detail"])
        features.append(
            {
                "type": "Feature",
                "id": row["event_id_cnty"],
                "geometry": {"type": "Point", "coordinates": [float(row["longitude"]), float(row["latitude"])]},
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def geojson_text(frame: pd.DataFrame) -> str:
    return json.dumps(events_geojson(frame), ensure_ascii=False, indent=1)
