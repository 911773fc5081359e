"""Filters, key figures and casualty aggregates (analysis.py), on synthetic events."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from conflictmap.analysis import (
    UNATTRIBUTED,
    fatalities_by_side,
    fatalities_over_time,
    filter_events,
    key_figures,
)


def _frame(rows: list[dict]) -> pd.DataFrame:
    """A frame shaped like store.load_events: datetime dates, nullable integer tolls."""
    defaults = dict(status="auto", fatalities=None, fatalities_detail={}, location="Testville", geo_precision=1)
    frame = pd.DataFrame([{**defaults, **row} for row in rows])
    frame["event_date"] = pd.to_datetime(frame["event_date"])
    frame["fatalities"] = frame["fatalities"].astype("Int64")
    return frame


@pytest.fixture
def events() -> pd.DataFrame:
    return _frame(
        [
            dict(event_id="e1", event_date="2016-08-01", fatalities=10, location="Azaz",
                 fatalities_detail={"Islamic State": 4, "Syrian rebels": 3}),
            dict(event_id="e2", event_date="2016-08-03", status="reviewed", fatalities=5, location="Marea",
                 geo_precision=2),
            dict(event_id="e3", event_date="2016-08-05", status="rejected", fatalities=100, location="Azaz"),
            dict(event_id="e4", event_date=None, fatalities=None, location="Azaz"),
            dict(event_id="e5", event_date="2016-08-08", fatalities=2, location="Raqqa", geo_precision=3,
                 fatalities_detail={"Civilians": 2}),
        ]
    )


def _ids(frame: pd.DataFrame) -> list[str]:
    return sorted(frame["event_id"])


def test_date_bounds_are_inclusive_at_both_ends(events):
    assert _ids(filter_events(events, dt.date(2016, 8, 1), dt.date(2016, 8, 3))) == ["e1", "e2"]
    assert _ids(filter_events(events, dt.date(2016, 8, 3), dt.date(2016, 8, 8))) == ["e2", "e5"]
    assert _ids(filter_events(events, dt.date(2016, 8, 2), dt.date(2016, 8, 2))) == []


def test_undated_events_are_dropped_unless_asked_for(events):
    assert "e4" not in _ids(filter_events(events))
    assert "e4" not in _ids(filter_events(events, dt.date(2016, 8, 1), dt.date(2016, 8, 31)))
    assert "e4" in _ids(filter_events(events, dt.date(2016, 8, 1), dt.date(2016, 8, 31), include_undated=True))


def test_rejected_events_are_excluded_by_default(events):
    assert "e3" not in _ids(filter_events(events, include_undated=True))
    assert _ids(filter_events(events, statuses=("rejected",))) == ["e3"]


def test_key_figures_count_events_fatalities_places_and_the_date_span(events):
    figures = key_figures(filter_events(events, include_undated=True))
    assert figures.events == 4  # e1, e2, e4, e5
    assert figures.fatalities == 17  # 10 + 5 + 2; the undated event has no toll
    assert figures.places == 3  # Azaz, Marea, Raqqa
    assert figures.first == dt.date(2016, 8, 1)
    assert figures.last == dt.date(2016, 8, 8)
    assert figures.village_precision_share == pytest.approx(0.5)


def test_key_figures_of_no_events_are_zero():
    figures = key_figures(filter_events(_frame([dict(event_id="e1", event_date="2016-08-01")]), end=dt.date(2000, 1, 1)))
    assert (figures.events, figures.fatalities, figures.places) == (0, 0, 0)
    assert figures.first is None and figures.last is None
    assert figures.village_precision_share == 0.0


def test_fatalities_by_side_splits_the_detail_and_leaves_the_rest_unattributed(events):
    sides = fatalities_by_side(filter_events(events))
    by_key = {(row.event_id, row.side): row.fatalities for row in sides.itertuples()}
    assert by_key == {
        ("e1", "Islamic State"): 4,
        ("e1", "Syrian rebels"): 3,
        ("e1", UNATTRIBUTED): 3,
        ("e2", UNATTRIBUTED): 5,
        ("e5", "Civilians"): 2,
    }
    assert sides["fatalities"].sum() == 10 + 5 + 2


def test_fatalities_by_side_leaves_out_events_without_a_toll_or_a_date():
    frame = _frame(
        [
            dict(event_id="e1", event_date="2016-08-01", fatalities=None),
            dict(event_id="e2", event_date=None, fatalities=9),
        ]
    )
    assert fatalities_by_side(frame).empty


def test_fatalities_over_time_sums_per_week_and_side():
    frame = _frame(
        [
            dict(event_id="e1", event_date="2016-08-01", fatalities=4),  # Monday
            dict(event_id="e2", event_date="2016-08-07", fatalities=6),  # Sunday, same week
            dict(event_id="e3", event_date="2016-08-08", fatalities=5),  # Monday, next week
            dict(event_id="e4", event_date="2016-08-09", fatalities=3, fatalities_detail={"YPG": 3}),
        ]
    )
    weekly = fatalities_over_time(frame)
    rows = {(row.period, row.side): row.fatalities for row in weekly.itertuples()}
    assert rows == {
        (pd.Timestamp("2016-08-01"), UNATTRIBUTED): 10,
        (pd.Timestamp("2016-08-08"), UNATTRIBUTED): 5,
        (pd.Timestamp("2016-08-08"), "YPG"): 3,
    }


def test_fatalities_over_time_can_sum_per_month():
    frame = _frame(
        [
            dict(event_id="e1", event_date="2016-08-01", fatalities=4),
            dict(event_id="e2", event_date="2016-08-31", fatalities=6),
            dict(event_id="e3", event_date="2016-09-01", fatalities=5),
        ]
    )
    monthly = fatalities_over_time(frame, freq="MS")
    assert list(monthly["period"]) == [pd.Timestamp("2016-08-01"), pd.Timestamp("2016-09-01")]
    assert list(monthly["fatalities"]) == [10, 5]


def test_fatalities_over_time_of_nothing_is_an_empty_frame_with_its_columns():
    frame = _frame([dict(event_id="e1", event_date="2016-08-01", fatalities=None)])
    empty = fatalities_over_time(frame)
    assert empty.empty
    assert list(empty.columns) == ["period", "side", "fatalities"]
