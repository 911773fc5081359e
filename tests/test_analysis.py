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


# --- the dashboard's filters, territory and chart aggregates (issue 5) -------------------

from conflictmap.analysis import (  # noqa: E402
    EventFilter,
    by_area,
    by_event_type,
    events_and_fatalities,
    filter_mask,
    in_polygon,
    period_start,
    territory_as_of,
)


def _rich_frame() -> pd.DataFrame:
    return _frame(
        [
            dict(event_id="r1", event_date="2014-08-13", event_type="Battles", sub_event_type="Non-state actor overtakes territory",
                 actor1="Islamic State", actor2="Syrian rebels", location="Akhtarin", admin1="Aleppo", admin2="A'zaz",
                 latitude=36.51, longitude=37.33, fatalities=39, confidence=0.9, source="AFP",
                 evidence="Islamic State fighters seized Akhtarin after heavy fighting."),
            dict(event_id="r2", event_date="2016-10-03", event_type="Battles", sub_event_type="Armed clash",
                 actor1="Syrian rebels", actor2="Islamic State", location="Akhtarin", admin1="Aleppo", admin2="A'zaz",
                 latitude=36.51, longitude=37.33, fatalities=3, confidence=0.5, source="Reuters",
                 evidence="Rebels clashed with the group near the village."),
            dict(event_id="r3", event_date="2016-10-05", event_type="Battles", sub_event_type="Non-state actor overtakes territory",
                 actor1="Syrian rebels", actor2="Islamic State", location="Akhtarin", admin1="Aleppo", admin2="A'zaz",
                 latitude=36.51, longitude=37.33, fatalities=None, confidence=0.8, source="AFP",
                 evidence="Turkish-backed rebels retook AKHTARIN from the jihadists."),
            dict(event_id="r4", event_date="2015-06-15", event_type="Battles", sub_event_type="Non-state actor overtakes territory",
                 actor1="YPG", actor2="Islamic State", location="Tell Abyad", admin1="Ar-Raqqa", admin2="Tell Abiad",
                 latitude=36.70, longitude=38.95, fatalities=0, confidence=0.7, source="AP",
                 evidence="Kurdish fighters took the border town."),
            dict(event_id="r5", event_date="2015-06-16", event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                 actor1="US-led coalition", actor2="Islamic State", location="Raqqa area", admin1="Ar-Raqqa", admin2=None,
                 latitude=35.95, longitude=39.01, fatalities=12, confidence=0.6, source="AP", geo_precision=2,
                 evidence="Coalition aircraft struck positions outside the city."),
        ]
    )


def test_each_sidebar_filter_narrows_to_the_matching_events():
    frame = _rich_frame()
    kept = lambda **spec: _ids(frame[filter_mask(frame, EventFilter(**spec))])  # noqa: E731
    assert kept() == ["r1", "r2", "r3", "r4", "r5"]
    assert kept(event_types=("Explosions/Remote violence",)) == ["r5"]
    assert kept(sub_event_types=("Armed clash",)) == ["r2"]
    assert kept(actors=("YPG",)) == ["r4"]
    assert kept(actors=("Syrian rebels",)) == ["r1", "r2", "r3"], "an actor matches on either side"
    assert kept(admin1=("Ar-Raqqa",)) == ["r4", "r5"]
    assert kept(admin2=("A'zaz",)) == ["r1", "r2", "r3"]
    assert kept(min_fatalities=10) == ["r1", "r5"]
    assert kept(min_confidence=0.75) == ["r1", "r3"]
    assert kept(sources=("AFP",)) == ["r1", "r3"]
    assert kept(start=dt.date(2015, 1, 1), end=dt.date(2015, 12, 31)) == ["r4", "r5"]


def test_evidence_search_ignores_case_and_treats_the_text_literally():
    frame = _rich_frame()
    assert _ids(frame[filter_mask(frame, EventFilter(text="akhtarin"))]) == ["r1", "r3"]
    assert _ids(frame[filter_mask(frame, EventFilter(text="(.*)"))]) == []


def test_a_drawn_polygon_keeps_only_the_events_inside_it():
    frame = _rich_frame()
    around_azaz = ((36.8, 37.0), (36.8, 37.6), (36.3, 37.6), (36.3, 37.0))
    assert _ids(frame[filter_mask(frame, EventFilter(area=around_azaz))]) == ["r1", "r2", "r3"]


def test_points_in_a_triangle_and_points_without_coordinates():
    triangle = ((0.0, 0.0), (0.0, 10.0), (10.0, 0.0))
    lat = pd.Series([1.0, 6.0, float("nan"), 2.0])
    lon = pd.Series([1.0, 6.0, 1.0, 7.0])
    assert in_polygon(lat, lon, triangle).tolist() == [True, False, False, True]


def test_territory_names_who_took_each_village_last_as_of_a_date():
    frame = _rich_frame()
    before = territory_as_of(frame, dt.date(2016, 1, 1)).set_index("location")
    assert before.loc["Akhtarin", "holder"] == "Islamic State"
    assert before.loc["Tell Abyad", "holder"] == "YPG"
    after = territory_as_of(frame, dt.date(2016, 12, 31)).set_index("location")
    assert after.loc["Akhtarin", "holder"] == "Syrian rebels"
    assert after.loc["Akhtarin", "taken_on"] == pd.Timestamp("2016-10-05")
    assert list(territory_as_of(frame, dt.date(2014, 1, 1))["location"]) == []


def test_territory_leaves_out_clashes_area_level_points_and_rejected_captures():
    frame = _rich_frame()
    frame.loc[frame["event_id"] == "r3", "status"] = "rejected"
    frame.loc[frame["event_id"] == "r4", "geo_precision"] = 2
    held = territory_as_of(frame, None).set_index("location")
    assert list(held.index) == ["Akhtarin"]
    assert held.loc["Akhtarin", "holder"] == "Islamic State", "a clash (r2) takes nothing"


def test_weeks_start_on_monday_and_months_on_the_first():
    dates = pd.Series(pd.to_datetime(["2016-08-03", "2016-08-08", "2016-02-29"]))
    assert period_start(dates, "W-MON").dt.strftime("%Y-%m-%d").tolist() == ["2016-08-01", "2016-08-08", "2016-02-29"]
    assert period_start(dates, "MS").dt.strftime("%Y-%m-%d").tolist() == ["2016-08-01", "2016-08-01", "2016-02-01"]


def test_area_and_type_aggregates_count_events_and_sum_fatalities():
    frame = _rich_frame()
    areas = by_area(frame).set_index("area")
    assert areas.loc["Aleppo", "events"] == 3 and areas.loc["Aleppo", "fatalities"] == 42
    assert by_area(frame, "admin2").set_index("area").loc["Unknown", "events"] == 1
    types = by_event_type(frame).set_index("sub_event_type")
    assert types.loc["Non-state actor overtakes territory", "events"] == 3
    assert types.loc["Non-state actor overtakes territory", "fatalities"] == 39


def test_events_and_fatalities_per_month_with_a_running_total():
    series = events_and_fatalities(_rich_frame(), "MS")
    assert series["events"].tolist() == [1, 2, 2]
    assert series["fatalities"].tolist() == [39, 12, 3]
    assert series["cumulative"].tolist() == [39, 51, 54]
