"""Casualty charts (charts.py): what they plot, their tooltips and their click selections."""

from __future__ import annotations

import pandas as pd
import pytest

from conflictmap import charts
from conflictmap.analysis import by_area, by_event_type, events_and_fatalities


def _events() -> pd.DataFrame:
    rows = [
        dict(event_id="a", event_date="2016-08-01", event_type="Battles", sub_event_type="Armed clash",
             actor1="Syrian rebels", actor2="Islamic State", admin1="Aleppo", admin2="A'zaz", fatalities=10,
             fatalities_detail={"Islamic State": 4, "Syrian rebels": 3}),
        dict(event_id="b", event_date="2016-08-09", event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
             actor1="Russian air force", actor2="Civilians", admin1="Idleb", admin2="Idleb", fatalities=6,
             fatalities_detail={}),
        dict(event_id="c", event_date="2016-09-20", event_type="Battles", sub_event_type="Armed clash",
             actor1="SDF", actor2="Islamic State", admin1="Aleppo", admin2="Menbij", fatalities=None,
             fatalities_detail={}),
    ]
    frame = pd.DataFrame(rows)
    frame["event_date"] = pd.to_datetime(frame["event_date"])
    frame["fatalities"] = frame["fatalities"].astype("Int64")
    return frame


def _spec(chart) -> dict:
    return chart.to_dict()


def _values(spec: dict) -> list[dict]:
    return next(iter(spec["datasets"].values()))


def _params(spec: dict) -> set[str]:
    found = {p["name"] for p in spec.get("params", [])}
    for layer in spec.get("layer", []):
        found |= {p["name"] for p in layer.get("params", [])}
    return found


def test_fatalities_by_side_split_the_detail_and_select_by_click_and_legend():
    spec = _spec(charts.fatalities_split_chart(_events()))
    totals = {}
    for row in _values(spec):
        totals[row["series"]] = totals.get(row["series"], 0) + row["fatalities"]
    assert totals == {"Islamic State": 4, "Syrian rebels": 3, "Not attributed": 9}
    assert {charts.SELECT_SERIES, charts.SELECT_PERIOD} <= _params(spec)
    legend_bound = [p for p in spec["params"] if p["name"] == charts.SELECT_SERIES][0]
    assert legend_bound["bind"] == "legend"
    assert {t["title"] for t in spec["encoding"]["tooltip"]} == {"Week of", "Side", "Killed"}


def test_fatalities_by_actor_use_the_first_actor_per_month():
    spec = _spec(charts.fatalities_split_chart(_events(), "MS", split="actor"))
    rows = {(r["series"], r["period"][:7]): r["fatalities"] for r in _values(spec)}
    assert rows[("Syrian rebels", "2016-08")] == 10
    assert rows[("Russian air force", "2016-08")] == 6
    assert rows[("SDF", "2016-09")] == 0
    assert spec["encoding"]["x"]["title"] == "Month"


def test_the_area_and_type_charts_offer_a_click_selection_and_exact_tooltips():
    area = _spec(charts.area_chart(by_area(_events())))
    assert charts.SELECT_AREA in _params(area)
    assert {r["area"]: r["fatalities"] for r in _values(area)} == {"Aleppo": 10, "Idleb": 6}
    kinds = _spec(charts.event_type_chart(by_event_type(_events())))
    assert charts.SELECT_TYPE in _params(kinds)
    assert {t["title"] for t in kinds["encoding"]["tooltip"]} >= {"Type", "Killed", "Events"}


def test_cumulative_and_events_versus_fatalities_charts_plot_the_running_total():
    series = events_and_fatalities(_events(), "MS")
    cumulative = _spec(charts.cumulative_chart(series, "MS"))
    assert [r["cumulative"] for r in _values(cumulative)] == [16, 16]
    both = _spec(charts.events_vs_fatalities_chart(series, "MS"))
    assert len(both["layer"]) == 2
    assert both["resolve"]["scale"]["y"] == "independent"


@pytest.mark.parametrize("split", ["side", "actor"])
def test_charts_of_no_events_render_empty_rather_than_fail(split):
    empty = _events().iloc[0:0]
    for chart in (
        charts.fatalities_split_chart(empty, split=split),
        charts.area_chart(by_area(empty)),
        charts.event_type_chart(by_event_type(empty)),
        charts.cumulative_chart(events_and_fatalities(empty)),
        charts.events_vs_fatalities_chart(events_and_fatalities(empty)),
    ):
        assert chart.to_dict()["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
