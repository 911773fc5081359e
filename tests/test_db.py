"""Schema migrations, `conflictmap db upgrade|backup|restore`, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import pytest
from conftest import ROOT, create_pg_database, drop_pg_database, run_cli
from sqlalchemy import inspect, select

from conflictmap.backup import table_rows
from conflictmap.store import (
    articles,
    connect,
    count_events,
    current_revisions,
    events,
    head_revisions,
    metadata,
    schema_differences,
)

DEMO = sorted((ROOT / "data" / "demo").glob("*.txt"))


def _revision(url: str) -> set[str]:
    engine = connect(url, migrate=False)
    with engine.connect() as conn:
        revision = current_revisions(conn)
    engine.dispose()
    return revision


def test_db_upgrade_creates_the_schema_through_the_migrations_and_a_second_run_changes_nothing(store_url):
    first = run_cli("db", "upgrade", env={"CONFLICTMAP_DB_URL": store_url})
    assert first.returncode == 0, first.stderr
    assert "was empty" in first.stdout
    assert _revision(store_url) == head_revisions()
    second = run_cli("db", "upgrade", env={"CONFLICTMAP_DB_URL": store_url})
    assert second.returncode == 0, second.stderr
    assert "already up to date" in second.stdout


def test_the_migrations_build_exactly_the_tables_store_metadata_describes(store_url):
    # A table added to store.metadata without a revision (or the other way round) fails here.
    engine = connect(store_url)
    assert schema_differences(engine) == []
    assert {table.name for table in metadata.sorted_tables} <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_a_database_made_by_the_first_release_create_all_is_stamped_and_keeps_its_rows(store_url):
    legacy = connect(store_url, migrate=False)
    metadata.create_all(legacy, tables=[articles, events])  # what the first release did
    with legacy.begin() as conn:
        conn.execute(articles.insert().values(article_id="a1", text="Old report.", ingested_at=dt.datetime(2024, 1, 1)))
    legacy.dispose()
    assert _revision(store_url) == set()

    engine = connect(store_url)
    assert _revision(store_url) == head_revisions()
    assert schema_differences(engine) == []
    with engine.connect() as conn:
        assert conn.execute(select(articles.c.article_id)).scalars().all() == ["a1"]
    engine.dispose()


def _ingest(url: str, *paths: Path) -> None:
    result = run_cli("ingest", *map(str, paths), env={"CONFLICTMAP_DB_URL": url})
    assert result.returncode == 0, result.stderr


def test_backup_then_restore_gives_back_identical_tables(store_url, tmp_path):
    _ingest(store_url, *DEMO[:4])
    engine = connect(store_url)
    before = table_rows(engine)
    assert before["events"], "the first demo reports should give events"

    kept = tmp_path / "kept.backup"
    result = run_cli("db", "backup", str(kept), env={"CONFLICTMAP_DB_URL": store_url})
    assert result.returncode == 0, result.stderr
    assert f"{len(before['events'])} events" in result.stdout
    expected_magic = b"SQLite format 3" if engine.dialect.name == "sqlite" else b"\x1f\x8b"
    assert kept.read_bytes().startswith(expected_magic)

    _ingest(store_url, *DEMO[4:6])  # changes made after the backup are undone by the restore
    assert table_rows(engine) != before
    result = run_cli("db", "restore", str(kept), env={"CONFLICTMAP_DB_URL": store_url})
    assert result.returncode == 0, result.stderr
    assert table_rows(engine) == before
    assert _revision(store_url) == head_revisions()
    engine.dispose()


@pytest.fixture
def postgres_url():
    from conftest import need_postgres

    need_postgres()
    url = create_pg_database()
    yield url
    drop_pg_database(url)


def test_a_sqlite_backup_restores_into_postgresql_and_a_postgresql_dump_into_sqlite(tmp_path, postgres_url):
    sqlite_url = f"sqlite:///{tmp_path / 'team.sqlite'}"
    _ingest(sqlite_url, *DEMO[:3])
    original = table_rows(connect(sqlite_url))

    assert run_cli("db", "backup", str(tmp_path / "one.sqlite"), env={"CONFLICTMAP_DB_URL": sqlite_url}).returncode == 0
    moved = run_cli("db", "restore", str(tmp_path / "one.sqlite"), env={"CONFLICTMAP_DB_URL": postgres_url})
    assert moved.returncode == 0, moved.stderr
    assert table_rows(connect(postgres_url)) == original

    assert run_cli("db", "backup", str(tmp_path / "two.json.gz"), env={"CONFLICTMAP_DB_URL": postgres_url}).returncode == 0
    back_url = f"sqlite:///{tmp_path / 'back.sqlite'}"
    back = run_cli("db", "restore", str(tmp_path / "two.json.gz"), env={"CONFLICTMAP_DB_URL": back_url})
    assert back.returncode == 0, back.stderr
    assert table_rows(connect(back_url)) == original


@pytest.mark.parametrize(
    "content",
    [b"", b"just some text\n", gzip.compress(b"{not json"), gzip.compress(b'{"format": "something else"}'), b"SQLite format 3\x00" + b"\x00" * 100],
    ids=["empty", "text", "broken-gzip-json", "foreign-json", "damaged-sqlite"],
)
def test_restoring_something_that_is_not_a_backup_says_so_and_changes_nothing(store_url, tmp_path, content):
    _ingest(store_url, DEMO[0])
    engine = connect(store_url)
    before = table_rows(engine)
    bogus = tmp_path / "bogus.backup"
    bogus.write_bytes(content)
    result = run_cli("db", "restore", str(bogus), env={"CONFLICTMAP_DB_URL": store_url})
    assert result.returncode == 2
    assert result.stderr.startswith("conflictmap: error:") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert table_rows(engine) == before
    assert count_events(engine) == len(before["events"])
    engine.dispose()


def test_postgresql_with_postgis_gets_a_geometry_view_of_the_events_and_without_it_plain_tables(postgres_url):
    from sqlalchemy import text

    from conflictmap.store import has_postgis

    _ingest(postgres_url, DEMO[0])
    engine = connect(postgres_url)
    with engine.connect() as conn:
        available = conn.execute(text("select 1 from pg_available_extensions where name = 'postgis'")).first() is not None
        assert has_postgis(engine) is available
        if available:
            points = conn.execute(text("select event_id, ST_X(geom), ST_Y(geom) from event_points")).all()
            stored = conn.execute(select(events.c.event_id, events.c.longitude, events.c.latitude).where(events.c.latitude.is_not(None))).all()
            assert sorted(points) == sorted(stored) and points
        else:
            assert "event_points" not in inspect(engine).get_view_names()
    engine.dispose()


def test_an_application_role_that_may_not_create_postgis_gets_plain_postgresql_tables(postgres_url):
    # The README's team set-up: a database user with only the rights the app needs. PostGIS is
    # on the server, but only a superuser may create it, so the schema must come up without it.
    import uuid

    from conftest import need_postgres
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from conflictmap.store import has_postgis

    role = f"cm_app_{uuid.uuid4().hex[:8]}"
    admin = create_engine(need_postgres(), isolation_level="AUTOCOMMIT")  # the server's own database
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE ROLE "{role}" LOGIN NOSUPERUSER')
        conn.exec_driver_sql(f'ALTER DATABASE "{make_url(postgres_url).database}" OWNER TO "{role}"')
    app_url = make_url(postgres_url).set(username=role).render_as_string(hide_password=False)
    try:
        upgraded = run_cli("db", "upgrade", env={"CONFLICTMAP_DB_URL": app_url})
        assert upgraded.returncode == 0, upgraded.stderr
        _ingest(app_url, DEMO[0])
        engine = connect(app_url)
        assert _revision(app_url) == head_revisions()
        assert schema_differences(engine) == []
        assert has_postgis(engine) is False
        assert "event_points" not in inspect(engine).get_view_names()
        assert count_events(engine) > 0
        engine.dispose()
    finally:
        drop_pg_database(postgres_url)
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{role}"')
        admin.dispose()
