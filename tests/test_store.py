"""Storing articles and events in a real database, SQLite and PostgreSQL (store.py)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from conflictmap.articles import parse_article
from conflictmap.record import EVENT_FIELDS, Event
from conflictmap.store import articles, change_signature, connect, count_events, events, load_events, store_article

TEXT = "Synthetic test report: invented fighters clashed near an invented village on Tuesday."


@pytest.fixture
def engine(store_url):
    engine = connect(store_url)
    yield engine
    engine.dispose()


def _article(text: str = TEXT):
    return parse_article(text, published=dt.date(2016, 8, 24), source="Test Wire", title="Synthetic")


def _event(article, ordinal: int, **overrides) -> Event:
    values = dict(
        article_id=article.article_id,
        event_type="Battles",
        sub_event_type="Armed clash",
        evidence=f"Invented clash number {ordinal}.",
        event_date="2016-08-23",
        time_precision=1,
        actor1="Syrian rebels",
        actor2="Islamic State",
        location="Azaz",
        admin1="Aleppo",
        latitude=36.58662,
        longitude=37.04628,
        geo_precision=1,
        fatalities=7,
        fatalities_detail={"Syrian rebels": 4, "Islamic State": 3},
        source="Test Wire",
    )
    values.update(overrides)
    event = Event(**values)
    event.assign_id(ordinal)
    return event


def _article_count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(articles)).scalar_one()


def test_storing_an_article_with_its_events_adds_both(engine):
    article = _article()
    result = store_article(engine, article, [_event(article, 0), _event(article, 1)])
    assert result.added is True
    assert result.article_id == article.article_id
    assert result.events == 2
    assert count_events(engine) == 2
    assert _article_count(engine) == 1


def test_storing_the_same_article_twice_adds_nothing_the_second_time(engine):
    article = _article()
    store_article(engine, article, [_event(article, 0), _event(article, 1)])
    again = store_article(engine, _article(), [_event(article, 0), _event(article, 1)])
    assert again.added is False
    assert again.events == 2
    assert count_events(engine) == 2
    assert _article_count(engine) == 1


def test_an_article_with_no_events_is_still_stored_once(engine):
    article = _article("Synthetic test report with nothing to extract.")
    assert store_article(engine, article, []).added is True
    assert store_article(engine, article, []).added is False
    assert _article_count(engine) == 1
    assert count_events(engine) == 0


def test_load_events_returns_the_record_columns_with_a_detail_dict_and_datetime_dates(engine):
    article = _article()
    event = _event(article, 0)
    undated = _event(article, 1, event_date=None, fatalities=None, fatalities_detail={})
    store_article(engine, article, [event, undated])
    frame = load_events(engine)
    assert set(EVENT_FIELDS) <= set(frame.columns)
    assert pd.api.types.is_datetime64_any_dtype(frame["event_date"])
    row = frame.set_index("event_id").loc[event.event_id]
    assert row["event_date"] == pd.Timestamp("2016-08-23")
    assert row["fatalities_detail"] == {"Syrian rebels": 4, "Islamic State": 3}
    assert isinstance(row["fatalities_detail"], dict)
    assert row["fatalities"] == 7
    assert row["location"] == "Azaz" and row["admin1"] == "Aleppo"
    assert row["latitude"] == pytest.approx(36.58662)
    assert bool(row["location_resolved"]) is True
    assert row["title"] == "Synthetic"
    other = frame.set_index("event_id").loc[undated.event_id]
    assert pd.isna(other["event_date"])
    assert pd.isna(other["fatalities"])
    assert other["fatalities_detail"] == {}


def test_a_failure_inside_the_transaction_stores_neither_the_article_nor_its_events(engine):
    article = _article()
    first = _event(article, 0)
    duplicate = _event(article, 1)
    duplicate.event_id = first.event_id  # two events with one id break the primary key
    with pytest.raises(IntegrityError):
        store_article(engine, article, [first, duplicate])
    assert _article_count(engine) == 0
    assert count_events(engine) == 0
    # The article can be stored once the events are fixed.
    assert store_article(engine, article, [first, _event(article, 1)]).added is True
    assert count_events(engine) == 2


def test_two_different_articles_are_stored_side_by_side(engine):
    one, two = _article(), _article("A second synthetic test report.")
    store_article(engine, one, [_event(one, 0)])
    store_article(engine, two, [_event(two, 0)])
    assert _article_count(engine) == 2
    assert set(load_events(engine)["article_id"]) == {one.article_id, two.article_id}


def test_the_change_signature_counts_events_and_moves_with_every_write_but_not_with_reads(engine):
    empty = change_signature(engine)
    assert empty[0] == 0
    article = _article()
    store_article(engine, article, [_event(article, 1), _event(article, 2)])
    stored = change_signature(engine)
    assert stored[0] == 2 and stored != empty
    load_events(engine)
    assert change_signature(engine) == stored, "reading changes nothing"
    with engine.begin() as conn:
        conn.execute(events.update().where(events.c.evidence == "Invented clash number 1.").values(status="reviewed"))
    reviewed = change_signature(engine)
    assert reviewed[0] == 2 and reviewed != stored


def test_the_default_database_lives_in_the_checkout_or_else_in_the_users_data_folder(tmp_path, monkeypatch):
    from conflictmap.store import default_db_path

    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / "pyproject.toml").write_text("[project]\nname = 'conflictmap'\n")
    assert default_db_path(checkout) == checkout / "data" / "conflictmap.sqlite"
    installed = tmp_path / "lib" / "python3.11"
    installed.mkdir(parents=True)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert default_db_path(installed) == tmp_path / "share" / "conflictmap" / "conflictmap.sqlite"


def test_without_a_configured_url_the_store_is_a_sqlite_file_kept_in_wal_mode(tmp_path, monkeypatch):
    import sqlite3

    from conflictmap.store import DEFAULT_DB_PATH, database_url

    monkeypatch.delenv("CONFLICTMAP_DB_URL", raising=False)
    assert database_url() == f"sqlite:///{DEFAULT_DB_PATH}"
    path = tmp_path / "fresh.sqlite"
    connect(f"sqlite:///{path}").dispose()
    with sqlite3.connect(path) as conn:  # WAL is a property of the file, seen by any later reader
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
