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
