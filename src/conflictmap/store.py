"""Storage: articles and their events in a SQL database through SQLAlchemy.

SQLite by default (a file under ``data/``, in WAL mode so the dashboard reads
while an ingest writes), PostgreSQL or any SQLAlchemy URL from
``CONFLICTMAP_DB_URL``. The schema is made and changed by the Alembic migrations
in ``conflictmap/migrations`` (``connect()`` brings a database to the newest
one). Each article is stored in one transaction, keyed by its content id, so
storing the same article twice, or from two processes at once, adds it once.
Transient failures (a locked SQLite file, a PostgreSQL server that restarts)
are retried with backoff and a message saying so.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import random
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pandas as pd
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
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
    inspect,
    select,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, OperationalError

from conflictmap.articles import Article
from conflictmap.record import EVENT_FIELDS, Event

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def default_db_path(project_root: Path = PROJECT_ROOT) -> Path:
    """``data/conflictmap.sqlite`` in a checkout; in a plain install (no checkout around the
    package) the user's data folder (``$XDG_DATA_HOME/conflictmap``, ~/.local/share by default)."""
    if (project_root / "pyproject.toml").is_file():
        return project_root / "data" / "conflictmap.sqlite"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "conflictmap" / "conflictmap.sqlite"


DEFAULT_DB_PATH = default_db_path()

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


def normalise_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` URLs use the psycopg (3) driver this package installs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


# --- transient failures ------------------------------------------------------------

log = logging.getLogger("conflictmap.store")
T = TypeVar("T")

# PostgreSQL SQLSTATEs worth another try: serialization failure, deadlock, and the
# server going away (admin shutdown, crash shutdown, cannot connect now).
_TRANSIENT_PGCODES = {"40001", "40P01", "57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006"}


class StoreUnavailable(RuntimeError):
    """The database stayed unreachable or locked for longer than the retry window."""


def retry_window() -> float:
    """Seconds to keep retrying a transient failure (``CONFLICTMAP_DB_RETRY_SECONDS``, default 120)."""
    try:
        return float(os.environ.get("CONFLICTMAP_DB_RETRY_SECONDS", "120"))
    except ValueError:
        return 120.0


def is_transient(exc: BaseException) -> bool:
    """A failure that may go away by itself: a lock, a lost or refused connection."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    if not isinstance(exc, DBAPIError):
        return False
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    if code in _TRANSIENT_PGCODES:
        return True
    if isinstance(exc, OperationalError):
        message = str(exc.orig).lower()
        return any(
            phrase in message
            for phrase in (
                "database is locked",
                "database is busy",
                "connection refused",
                "could not connect",
                "connection failed",
                "server closed the connection",
                "terminating connection",
                "the database system is starting up",
                "the database system is shutting down",
                "consuming input failed",
                "connection is closed",
                "connection timeout",
            )
        )
    return False


def _reason(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(orig).splitlines() if line.strip()]
    return lines[-1] if lines else type(orig).__name__


def retrying(action: Callable[[], T], what: str, window: float | None = None) -> T:
    """Run ``action``; on a transient database failure wait (0.25 s doubling to 8 s, jittered) and run it again."""
    window = retry_window() if window is None else window
    deadline = time.monotonic() + window
    attempt, delay = 1, 0.25
    while True:
        try:
            return action()
        except DBAPIError as exc:
            if not is_transient(exc):
                raise
            left = deadline - time.monotonic()
            if left <= 0:
                raise StoreUnavailable(
                    f"{what}: the database stayed unavailable for {window:.0f} s ({_reason(exc)}); nothing was half-written, run again later"
                ) from exc
            pause = min(delay * (1 + random.random() / 2), left, 8.0)
            log.warning("conflictmap: %s: database unavailable (%s); retrying in %.1f s (attempt %d)", what, _reason(exc), pause, attempt + 1)
            time.sleep(pause)
            attempt, delay = attempt + 1, min(delay * 2, 8.0)


# --- engine and schema ---------------------------------------------------------------

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_WRITE = "conflictmap_write"  # execution option: this connection's transactions write
# An arbitrary constant: the PostgreSQL advisory lock that lets one process migrate at a time.
_MIGRATION_LOCK_KEY = 7_214_903_118


def connect(url: str | None = None, *, migrate: bool = True) -> Engine:
    """An engine for the database, brought to the newest schema (created if missing)."""
    url = normalise_url(url or database_url())
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    if migrate:
        retrying(lambda: upgrade(engine), "opening the database")
    return engine


def _sqlite_pragmas(connection, _record) -> None:
    # The driver's own transaction handling is switched off: _sqlite_begin says BEGIN,
    # so a writer can take the write lock up front (BEGIN IMMEDIATE) and wait for it.
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction that writes; on SQLite it holds the write lock from its first statement."""
    with engine.connect() as conn:
        conn.execution_options(**{_WRITE: True})
        with conn.begin():
            yield conn


def _alembic_config(connection: Connection | None = None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory.from_config(_alembic_config()).get_heads())


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(_alembic_config()).walk_revisions()}


def current_revisions(conn: Connection) -> set[str]:
    from alembic.runtime.migration import MigrationContext

    return set(MigrationContext.configure(conn).get_current_heads())


def upgrade(engine: Engine, revision: str = "head") -> list[str]:
    """Bring the schema to ``revision``; return the revisions it moved to (none when already there).

    One process migrates at a time (SQLite's write lock, a PostgreSQL advisory lock);
    the others wait and then find nothing left to do. A database made by the first
    release's ``create_all`` (tables, no version) is stamped as revision 0001 first.
    """
    from alembic import command

    heads = head_revisions()
    if revision == "head":
        with engine.connect() as conn:
            if current_revisions(conn) == heads:
                return []
    with write_transaction(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(select(func.pg_advisory_xact_lock(_MIGRATION_LOCK_KEY)))
        before = current_revisions(conn)
        tables = set(inspect(conn).get_table_names())
        config = _alembic_config(conn)
        if not before and {"articles", "events"} <= tables:
            command.stamp(config, "0001")
            before = {"0001"}
        if revision != "head" or before != heads:
            command.upgrade(config, revision)
        after = current_revisions(conn)
    return sorted(after - before)


# Tables an extension owns (PostGIS), which no revision of ours creates or drops.
EXTENSION_TABLES = frozenset({"spatial_ref_sys", "geometry_columns", "geography_columns", "raster_columns", "raster_overviews"})


def include_name(name: str | None, type_: str, _parent_names: dict) -> bool:
    """Alembic autogenerate filter: leave extension-owned tables alone."""
    return not (type_ == "table" and name in EXTENSION_TABLES)


def schema_differences(engine: Engine) -> list:
    """What Alembic's autogenerate finds between the database and ``metadata`` (empty when they agree)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": include_name})
        return compare_metadata(context, metadata)


def has_postgis(engine: Engine) -> bool:
    """Whether the database has PostGIS (and so the ``event_points`` geometry view)."""
    if engine.dialect.name != "postgresql":
        return False
    with engine.connect() as conn:
        return conn.execute(text("select 1 from pg_extension where extname = 'postgis'")).first() is not None


# --- articles and events ---------------------------------------------------------------


@dataclass(frozen=True)
class StoreResult:
    article_id: str
    added: bool  # False when the article was already stored
    events: int


def _insert_new(conn: Connection, table: Table, values: dict) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING on the primary key; whether the row was new."""
    keys = [column.name for column in table.primary_key]
    if conn.dialect.name == "postgresql":
        statement = postgresql.insert(table).values(values).on_conflict_do_nothing(index_elements=keys)
    elif conn.dialect.name == "sqlite":
        statement = sqlite.insert(table).values(values).on_conflict_do_nothing(index_elements=keys)
    else:  # elsewhere the primary key still refuses a duplicate, as an IntegrityError
        statement = table.insert().values(values)
    return conn.execute(statement.returning(*table.primary_key.columns)).first() is not None


def store_article(engine: Engine, article: Article, article_events: Iterable[Event]) -> StoreResult:
    """Store an article and its events in one transaction; a stored article is kept as is.

    Safe to run from several processes at once: the article row is inserted with
    ON CONFLICT DO NOTHING, so exactly one transaction adds it and its events, and
    the others see it as already stored. Transient failures are retried.
    """
    rows = [_event_row(e) for e in article_events]
    values = dict(
        article_id=article.article_id,
        title=article.title,
        source=article.source,
        source_url=article.source_url,
        published=article.published,
        text=article.text,
        path=article.path,
        ingested_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
    )

    def attempt() -> StoreResult:
        with write_transaction(engine) as conn:
            if not _insert_new(conn, articles, values):
                existing = conn.execute(
                    select(func.count()).select_from(events).where(events.c.article_id == article.article_id)
                ).scalar_one()
                return StoreResult(article.article_id, False, existing)
            if rows:
                conn.execute(events.insert(), rows)
        return StoreResult(article.article_id, True, len(rows))

    return retrying(attempt, f"storing {article.path or article.article_id}")


def _event_row(event_record: Event) -> dict:
    row = event_record.to_dict()
    row["event_date"] = dt.date.fromisoformat(row["event_date"]) if row["event_date"] else None
    return row


def count_events(engine: Engine) -> int:
    def count() -> int:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(events)).scalar_one()

    return retrying(count, "counting events")


def change_signature(engine: Engine) -> tuple:
    """Cheap to read and different after any write: the event count first, then change marks.

    A SQLite file changes its own or its write-ahead log's size and modification time on
    every commit, so stat() stands in for a table scan (0.3 s at 100,000 events). Other
    databases sum the columns an edit touches.
    """
    path = Path(engine.url.database or "") if engine.dialect.name == "sqlite" else None

    def read() -> tuple:
        with engine.connect() as conn:
            if path is not None and path.name not in ("", ":memory:") and path.exists():
                count = conn.execute(select(func.count()).select_from(events)).scalar_one()
                marks = []
                for file in (path, path.with_name(path.name + "-wal")):
                    stat = file.stat() if file.exists() else None
                    marks.append((stat.st_mtime_ns, stat.st_size) if stat else None)
                return (count, *marks)
            row = conn.execute(
                select(
                    func.count(),
                    func.sum(func.length(events.c.status)),
                    func.sum(func.coalesce(events.c.fatalities, 0)),
                    func.sum(func.coalesce(events.c.latitude, 0)),
                    func.sum(func.length(func.coalesce(events.c.location, ""))),
                ).select_from(events)
            ).one()
            latest = conn.execute(select(func.max(articles.c.ingested_at))).scalar()
            corrected = conn.execute(select(func.count(), func.max(event_corrections.c.corrected_at))).one()
            split = conn.execute(select(func.count(), func.max(incident_splits.c.split_at))).one()
            return (*row, str(latest), *map(str, corrected), *map(str, split))

    return retrying(read, "reading the database")


def load_events(engine: Engine) -> pd.DataFrame:
    """All events as a frame with the record's columns plus the article's title."""
    query = select(*[events.c[name] for name in EVENT_FIELDS], articles.c.title, articles.c.published).join(
        articles, articles.c.article_id == events.c.article_id
    )

    def read() -> pd.DataFrame:
        with engine.connect() as conn:
            return pd.read_sql(query, conn)

    frame = retrying(read, "reading events")
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


# --- gazetteer layers and the online geocoder's cache (issue 4) ---------------------------
# places: analyst-fixed and imported gazetteer entries (conflictmap.places reads and writes
# them); geocode_cache: answers from an online geocoder, so each query is asked once.

places = Table(
    "places",
    metadata,
    Column("place_id", String(64), primary_key=True),
    Column("source", String(32), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("name_ar", Text),
    Column("alternate_names", Text),  # JSON list of other spellings
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
    Column("feature", String(64)),
    Column("admin1", Text),
    Column("admin2", Text),
    Column("pcode", String(32)),
    Column("country", String(2)),
    Column("population", Integer),
    Column("added_at", DateTime, nullable=False),
    Column("added_by", Text),
)

geocode_cache = Table(
    "geocode_cache",
    metadata,
    Column("provider", String(32), primary_key=True),
    Column("query_key", Text, primary_key=True),
    Column("query", Text, nullable=False),
    Column("result", JSON),  # null when the provider knew no such place
    Column("fetched_at", DateTime, nullable=False),
)


# --- issue 6: analyst review and duplicate merging ---------------------------------
# The machine's rows in `events` are never changed by an analyst: corrections live
# in `event_corrections` (one row per event and field, the value the analyst set)
# and are laid over the machine's values when events are read (conflictmap.review).
# `audit_log` keeps every change; `incident_splits` records events an analyst took
# out of a merged incident (conflictmap.incidents).

event_corrections = Table(
    "event_corrections",
    metadata,
    Column("event_id", String(32), ForeignKey("events.event_id"), primary_key=True),
    Column("field", String(32), primary_key=True),
    Column("value", JSON),
    Column("corrected_at", DateTime, nullable=False),
    Column("corrected_by", Text),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("entry_id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(32), nullable=False, index=True),
    Column("action", String(16), nullable=False),  # edit, confirm, reject, place, split, rejoin
    Column("field", String(32)),
    Column("before", JSON),
    Column("after", JSON),
    Column("at", DateTime, nullable=False),
    Column("by", Text),
)

incident_splits = Table(
    "incident_splits",
    metadata,
    Column("event_id", String(32), ForeignKey("events.event_id"), primary_key=True),
    Column("split_at", DateTime, nullable=False),
    Column("split_by", Text),
)


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
