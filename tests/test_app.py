"""The dashboard's pages, run by Streamlit's own test harness against a real database."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from conflictmap.store import connect, count_events

TIMEOUT = 60


@pytest.fixture
def demo_env(demo_db_url, monkeypatch):
    monkeypatch.setenv("CONFLICTMAP_DB_URL", demo_db_url)
    return demo_db_url


def _metric(app: AppTest, label: str) -> int:
    return int(next(m for m in app.metric if m.label == label).value.replace(",", ""))


def test_overview_shows_key_figures_the_map_and_the_timeline(demo_env):
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    assert not app.exception
    assert _metric(app, "Events") >= 25
    assert _metric(app, "Fatalities") > 0
    assert app.slider(key="timeline")


def test_narrowing_the_timeline_lowers_the_event_count(demo_env):
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    everything = _metric(app, "Events")
    first, last = app.slider(key="timeline").value
    app.slider(key="timeline").set_value((dt.date(2016, 1, 1), last)).run()
    assert not app.exception
    narrowed = _metric(app, "Events")
    assert 0 < narrowed < everything


def test_a_first_view_sends_the_map_alone_and_the_next_run_brings_filters_and_charts(demo_env):
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    app.query_params["minkilled"] = "5"
    app.run()
    assert not app.exception
    assert _metric(app, "Events") > 0
    assert not app.get("vega_lite_chart")
    assert not [w for w in app.sidebar.number_input if w.key == "f_minkilled"]
    assert any("charts follow" in c.value for c in app.caption)
    narrowed = _metric(app, "Events")
    app.run()  # the map's report that it is set up
    assert len(app.get("vega_lite_chart")) == 5
    assert app.number_input(key="f_minkilled").value == 5, "a link's filters hold from the first view on"
    assert _metric(app, "Events") == narrowed
    assert not any("charts follow" in c.value for c in app.caption)


def test_an_empty_database_gets_a_clear_message_not_an_error(db_url):
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    assert not app.exception
    assert any("no events yet" in info.value for info in app.info)


def test_the_events_page_lists_every_event_with_its_evidence(demo_env):
    app = AppTest.from_file(str(ROOT / "pages" / "1_Events.py"), default_timeout=TIMEOUT).run()
    assert not app.exception
    table = app.dataframe[0].value
    assert len(table) == count_events(connect(demo_env))
    assert {"evidence", "source", "place", "actors"} <= set(table.columns)
    assert table["evidence"].str.len().min() > 20


def test_pasting_the_founding_report_shows_its_events_and_saving_stores_them(db_url, seed_path):
    app = AppTest.from_file(str(ROOT / "pages" / "2_Ingest.py"), default_timeout=TIMEOUT).run()
    app.text_area[0].input(seed_path.read_text(encoding="utf-8"))
    app.checkbox[0].check()
    app.date_input[0].set_value(dt.date(2014, 8, 14))
    app.button[0].click().run()
    assert not app.exception
    extracted = app.dataframe[0].value
    assert "Non-state actor overtakes territory" in set(extracted["sub_event_type"])
    assert "2014-08-13" in set(extracted["event_date"])
    save = next(b for b in app.button if b.label == "Save to the database")
    save.click().run()
    assert any("Saved the article" in s.value for s in app.success)
    assert count_events(connect(db_url)) == len(extracted)


def test_saving_while_the_database_stays_locked_says_so_keeps_the_events_and_a_retry_saves_them(
    db_url, seed_path, monkeypatch
):
    import sqlite3

    monkeypatch.setenv("CONFLICTMAP_DB_RETRY_SECONDS", "1")
    app = AppTest.from_file(str(ROOT / "pages" / "2_Ingest.py"), default_timeout=TIMEOUT).run()
    app.text_area[0].input(seed_path.read_text(encoding="utf-8"))
    app.button[0].click().run()
    extracted = len(app.dataframe[0].value)
    holder = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the database
    try:
        next(b for b in app.button if b.label == "Save to the database").click().run()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert not app.exception
    assert any("Nothing was saved" in e.value for e in app.error)
    assert count_events(connect(db_url)) == 0
    next(b for b in app.button if b.label == "Save to the database").click().run()
    assert any("Saved the article" in s.value for s in app.success)
    assert count_events(connect(db_url)) == extracted


def test_pasting_nothing_gives_a_clear_message_and_stores_nothing(db_url):
    app = AppTest.from_file(str(ROOT / "pages" / "2_Ingest.py"), default_timeout=TIMEOUT).run()
    app.text_area[0].input("   \n ")
    app.button[0].click().run()
    assert any("empty report" in e.value for e in app.error)
    assert count_events(connect(db_url)) == 0


def test_the_app_navigates_from_the_overview_to_the_events_page(demo_env):
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    app.switch_page("pages/1_Events.py").run()
    assert not app.exception
    assert app.title[0].value == "Events"
    assert len(app.dataframe[0].value) >= 25


# --- the overview's filters, link and drawn area (issue 5) --------------------------------

import json  # noqa: E402

import pyarrow as pa  # noqa: E402

from conflictmap.analysis import EventFilter, filter_mask  # noqa: E402
from conflictmap.store import load_events  # noqa: E402


def _expected_events(url: str, **spec) -> int:
    frame = load_events(connect(url))
    return int(filter_mask(frame, EventFilter(**spec)).sum())


def _overview(**query) -> AppTest:
    """The overview as a browser sees it once the map has reported that it is set up
    (the second run, which brings the sidebar's filters and the charts)."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for name, value in query.items():
        app.query_params[name] = value
    app.run()
    return app.run()


def test_a_link_with_filters_opens_the_overview_with_those_filters(demo_env):
    app = _overview(type=["Battles"], minkilled="5", start="2014-01-01", end="2016-12-31")
    assert not app.exception
    assert app.multiselect(key="f_types").value == ["Battles"]
    assert app.number_input(key="f_minkilled").value == 5
    expected = _expected_events(
        demo_env, event_types=("Battles",), min_fatalities=5, start=dt.date(2014, 1, 1), end=dt.date(2016, 12, 31)
    )
    assert 0 < _metric(app, "Events") == expected


def test_changing_a_filter_writes_it_into_the_link(demo_env):
    app = _overview()
    app.multiselect(key="f_admin1").set_value(["Aleppo"]).run()
    app.text_input(key="f_text").input("killed").run()
    assert app.query_params["gov"] in ("Aleppo", ["Aleppo"])
    assert app.query_params["q"] in ("killed", ["killed"])
    assert _metric(app, "Events") == _expected_events(demo_env, admin1=("Aleppo",), text="killed")


def test_a_link_naming_nothing_here_gets_a_warning_and_filters_nothing(demo_env):
    everything = _metric(_overview(), "Events")
    app = _overview(type=["Cavalry charge"], minkilled="many", area="1,2;3")
    assert not app.exception
    warnings = " ".join(w.value for w in app.warning)
    assert "type=Cavalry charge" in warnings and "minkilled=many" in warnings and "area=" in warnings
    assert _metric(app, "Events") == everything


def test_an_area_drawn_on_the_map_limits_the_figures_and_the_charts(demo_env):
    app = _overview()
    everything = _metric(app, "Events")
    around_azaz = [[36.45, 36.9], [36.45, 37.2], [36.7, 37.2], [36.7, 36.9], [36.45, 36.9]]  # [lon, lat] pairs
    drawing = {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[b, a] for a, b in around_azaz]]}}
    app.session_state["overview-map"] = {"all_drawings": [drawing]}
    app.run()
    assert not app.exception
    inside = _metric(app, "Events")
    area = tuple((lat, lon) for lat, lon in around_azaz[:-1])
    assert 0 < inside == _expected_events(demo_env, area=area) < everything
    governorates = next(c for c in app.get("vega_lite_chart") if json.loads(c.proto.spec).get("title") == "Fatalities by governorate")
    rows = pa.ipc.open_stream(governorates.proto.datasets[0].data.data).read_all().to_pandas()
    assert set(rows["area"]) == {"Aleppo"}
    assert "area" in app.query_params


def test_as_of_mode_counts_everything_up_to_the_chosen_day(demo_env):
    app = _overview(mode="asof", asof="2015-06-30")
    assert not app.exception
    assert app.slider(key="asof").value == dt.date(2015, 6, 30)
    assert _metric(app, "Events") == _expected_events(demo_env, end=dt.date(2015, 6, 30))
    assert app.query_params["asof"] in ("2015-06-30", ["2015-06-30"])


def test_the_step_button_moves_the_window_on_by_a_month(demo_env):
    app = _overview(start="2014-08-01", end="2014-10-31", period="month")
    app.button(key="step").click().run()
    assert not app.exception
    assert app.slider(key="timeline").value == (dt.date(2014, 9, 1), dt.date(2014, 11, 30))
