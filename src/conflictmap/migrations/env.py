"""Alembic's entry point: migrations run on the connection conflictmap.store hands over.

``conflictmap.store.upgrade`` (and so ``connect()`` and ``conflictmap db upgrade``)
puts an open connection in ``config.attributes["connection"]``; the alembic command
line works too, with the URL from ``-x url=...`` or ``CONFLICTMAP_DB_URL``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from conflictmap.store import database_url, include_name, metadata, normalise_url

config = context.config


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=include_name,
        transactional_ddl=True,  # SQLite can roll DDL back too; a failed step leaves nothing
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or database_url()
    engine = create_engine(normalise_url(url))
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("conflictmap migrations run online only (conflictmap db upgrade)")
run_migrations_online()
