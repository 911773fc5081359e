"""PostgreSQL with PostGIS: a geometry view of the events for GIS tools.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

Only where the server offers PostGIS and the role may create it; on SQLite and
plain PostgreSQL this step does nothing. A view, not a column, so the tables stay the same on every backend
(and the migrations keep matching ``store.metadata``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_INSUFFICIENT_PRIVILEGE = "42501"


def _postgis_available(bind) -> bool:
    if bind.dialect.name != "postgresql":
        return False
    query = sa.text("select 1 from pg_available_extensions where name = 'postgis'")
    return bind.execute(query).first() is not None


def upgrade() -> None:
    bind = op.get_bind()
    if not _postgis_available(bind):
        return
    # PostGIS is not a trusted extension: an application role that is not a superuser
    # may not create it. The database then stays plain PostgreSQL instead of refusing
    # to open (a DBA who creates the extension first gets the view).
    try:
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS postgis")
    except sa.exc.DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) != _INSUFFICIENT_PRIVILEGE:
            raise
        return
    op.execute(
        "CREATE OR REPLACE VIEW event_points AS "
        "SELECT event_id, ST_SetSRID(ST_MakePoint(longitude, latitude), 4326) AS geom "
        "FROM events WHERE latitude IS NOT NULL AND longitude IS NOT NULL"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP VIEW IF EXISTS event_points")
