"""Storage: articles and their events in a SQL database through SQLAlchemy.

SQLite by default (a file under ``data/``), any SQLAlchemy URL from
``CONFLICTMAP_DB_URL``. Each article is stored in one transaction, keyed by its
content id, so storing the same article twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    func,
    select,
)

from conflictmap.articles import Article
from conflictmap.record import EVENT_FIELDS, Event

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "conflictmap.sqlite"

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("article_id", String(32), primary_key=True),
    Column("title", Text),
    Column("source", Text),
    Column("source_url", Text),
    Column("published", Date),
    Column("text", Text, nullable=False),
    Column("path", Text),
    Column("ingested_at", DateTime, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("event_id", String(32), primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.article_id"), nullable=False, index=True),
    Column("event_date", Date, index=True),
    Column("time_precision", Integer, nullable=False),
    Column("event_type", String(64), nullable=False),
    Column("sub_event_type", String(64), nullable=False),
    Column("actor1", Text),
    Column("actor2", Text),
    Column("location", Text),
    Column("admin1", Text),
    Column("admin2", Text),
    Column("country", String(2)),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("geo_precision", Integer),
    Column("fatalities", Integer),
    Column("fatalities_detail", JSON),
    Column("evidence", Text, nullable=False),
    Column("confidence", Float),
    Column("source", Text),
    Column("source_url", Text),
    Column("status", String(16), nullable=False, default="auto"),
    Column("location_resolved", Boolean, nullable=False, default=True),
)


def database_url() -> str:
    return os.environ.get("CONFLICTMAP_DB_URL") or f"sqlite:///{DEFAULT_DB_PATH}"


def connect(url: str | None = None) -> Engine:
    """An engine for the database, with the schema created if missing."""
    url = url or database_url()
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    metadata.create_all(engine)
    return engine


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


@dataclass(frozen=True)
class StoreResult:
    article_id: str
    added: bool  # False when the article was already stored
    events: int


def store_article(engine: Engine, article: Article, article_events: Iterable[Event]) -> StoreResult:
    """Store an article and its events in one transaction; a stored article is kept as is."""
    article_events = list(article_events)
    with engine.begin() as conn:
        if conn.execute(select(articles.c.article_id).where(articles.c.article_id == article.article_id)).first():
            existing = conn.execute(
                select(func.count()).select_from(events).where(events.c.article_id == article.article_id)
            ).scalar_one()
            return StoreResult(article.article_id, False, existing)
        conn.execute(
            articles.insert().values(
                article_id=article.article_id,
                title=article.title,
                source=article.source,
                source_url=article.source_url,
                published=article.published,
                text=article.text,
                path=article.path,
                ingested_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
            )
        )
        if article_events:
            conn.execute(events.insert(), [_event_row(e) for e in article_events])
    return StoreResult(article.article_id, True, len(article_events))


def _event_row(event_record: Event) -> dict:
    row = event_record.to_dict()
    row["event_date"] = dt.date.fromisoformat(row["event_date"]) if row["event_date"] else None
    return row


def count_events(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(events)).scalar_one()


def load_events(engine: Engine) -> pd.DataFrame:
    """All events as a frame with the record's columns plus the article's title."""
    query = select(*[events.c[name] for name in EVENT_FIELDS], articles.c.title, articles.c.published).join(
        articles, articles.c.article_id == events.c.article_id
    )
    with engine.connect() as conn:
        frame = pd.read_sql(query, conn)
    frame["event_date"] = pd.to_datetime(frame["event_date"])
    frame["fatalities_detail"] = frame["fatalities_detail"].map(_as_dict)
    frame["fatalities"] = frame["fatalities"].astype("Int64")
    return frame


def _as_dict(value: object) -> dict:
    if isinstance(value, dict):
        return value
    if isinstance(value, str) and value:
        return json.loads(value)
    return {}


# --- boundaries for the offline map background (issue 5, the map helper) ------------------
# Outlines imported with `conflictmap boundaries import PATH`; one row per feature.

boundaries = Table(
    "boundaries",
    metadata,
    Column("boundary_id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False, index=True),  # file name the feature came from
    Column("kind", String(16), nullable=False),  # "admin1", "admin2", "border" or "outline"
    Column("name", Text),
    Column("geometry", JSON, nullable=False),  # GeoJSON geometry, coordinates rounded
    Column("imported_at", DateTime, nullable=False),
)
