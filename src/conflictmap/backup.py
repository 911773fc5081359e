"""Backups: a consistent copy of the whole database, and putting one back.

SQLite is copied with SQLite's online backup API, so the copy is itself a SQLite
database (open it with any SQLite tool). Other backends, PostgreSQL among them,
are written as a portable dump: gzip-compressed JSON with every table of
``store.metadata`` read in one snapshot, and the schema revision it was taken at.
A restore accepts either kind on either backend, so a backup also moves a
database from SQLite to PostgreSQL and back. It replaces every row in one
transaction: a restore that fails leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Date, DateTime, Engine, select

from conflictmap.store import (
    connect,
    current_revisions,
    known_revisions,
    metadata,
    upgrade,
    write_transaction,
)

SQLITE_MAGIC = b"SQLite format 3\x00"
GZIP_MAGIC = b"\x1f\x8b"
DUMP_FORMAT = "conflictmap-dump"
DUMP_VERSION = 1


class BackupError(ValueError):
    """A backup that cannot be written or read; the message says why."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    kind: str  # "sqlite" or "json"
    rows: dict[str, int]


def backup(engine: Engine, path: str | Path) -> BackupResult:
    """Write a consistent copy of the database to ``path`` (replaced only once the copy is whole)."""
    path = Path(path)
    if path.is_dir():
        raise BackupError(f"{path}: is a folder; give a file name for the backup")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    os.close(handle)
    try:
        if engine.dialect.name == "sqlite":
            _sqlite_backup(engine, Path(partial))
            kind, rows = "sqlite", _sqlite_file_counts(Path(partial))
        else:
            kind, rows = "json", _write_dump(engine, Path(partial))
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return BackupResult(path, kind, rows)


def restore(engine: Engine, path: str | Path) -> BackupResult:
    """Replace everything in the database with the backup at ``path``."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file")
    with path.open("rb") as file:
        magic = file.read(16)
    if magic.startswith(SQLITE_MAGIC):
        return _restore_sqlite_file(engine, path)
    if magic.startswith(GZIP_MAGIC):
        dump = _read_dump(path)
        _check_revision(dump.get("revision") or [], path)
        rows = _replace_rows(engine, {name: table["rows"] for name, table in dump["tables"].items()}, dump["tables"])
        return BackupResult(path, "json", rows)
    raise BackupError(f"{path}: not a conflictmap backup (neither a SQLite database nor a conflictmap dump)")


# --- SQLite ------------------------------------------------------------------------------


def _sqlite_backup(engine: Engine, target: Path) -> None:
    source = engine.raw_connection()
    try:
        destination = sqlite3.connect(target)
        try:
            source.driver_connection.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()


def _sqlite_file_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        present = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
        return {
            table.name: conn.execute(f'select count(*) from "{table.name}"').fetchone()[0]
            for table in metadata.sorted_tables
            if table.name in present
        }


def _sqlite_revision(path: Path) -> list[str]:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            tables = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
            if not {"articles", "events"} <= tables:
                raise BackupError(f"{path}: a SQLite database, but not a conflictmap one (no articles and events tables)")
            if "alembic_version" not in tables:
                return ["0001"]  # made by the first release, before migrations
            return [row[0] for row in conn.execute("select version_num from alembic_version")]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path}: unreadable SQLite database ({exc})") from None


def _restore_sqlite_file(engine: Engine, path: Path) -> BackupResult:
    _check_revision(_sqlite_revision(path), path)
    if engine.dialect.name == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        target = engine.raw_connection()
        try:
            source.backup(target.driver_connection)
        finally:
            target.close()
            source.close()
        upgrade(engine)
        return BackupResult(path, "sqlite", _sqlite_file_counts(path))
    # Another backend: read the copy (brought to the current schema in a scratch file) row by row.
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "backup.sqlite"
        shutil.copyfile(path, copy)
        source = connect(f"sqlite:///{copy}")
        try:
            with source.connect() as conn:
                rows = {table.name: [list(row) for row in conn.execute(select(table))] for table in metadata.sorted_tables}
            columns = {table.name: {"columns": [c.name for c in table.columns]} for table in metadata.sorted_tables}
        finally:
            source.dispose()
    return BackupResult(path, "sqlite", _replace_rows(engine, rows, columns))


# --- the portable dump ---------------------------------------------------------------------


def _encode(value: object) -> object:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _write_dump(engine: Engine, target: Path) -> dict[str, int]:
    tables, counts = {}, {}
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":  # every table from one snapshot
            conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        revision = sorted(current_revisions(conn))
        for table in metadata.sorted_tables:
            rows = [[_encode(value) for value in row] for row in conn.execute(select(table))]
            tables[table.name] = {"columns": [c.name for c in table.columns], "rows": rows}
            counts[table.name] = len(rows)
    dump = {
        "format": DUMP_FORMAT,
        "version": DUMP_VERSION,
        "revision": revision,
        "taken_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "dialect": engine.dialect.name,
        "tables": tables,
    }
    with gzip.open(target, "wt", encoding="utf-8") as file:
        json.dump(dump, file, ensure_ascii=False)
    return counts


def _read_dump(path: Path) -> dict:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as file:
            dump = json.load(file)
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"{path}: damaged or not a conflictmap dump ({exc})") from None
    if not isinstance(dump, dict) or dump.get("format") != DUMP_FORMAT or not isinstance(dump.get("tables"), dict):
        raise BackupError(f"{path}: not a conflictmap dump")
    if dump.get("version") != DUMP_VERSION:
        raise BackupError(f"{path}: dump format version {dump.get('version')} is not one this conflictmap reads")
    return dump


def _check_revision(revision: list[str], path: Path) -> None:
    unknown = set(revision) - known_revisions()
    if unknown:
        raise BackupError(
            f"{path}: made by a newer conflictmap (schema revision {', '.join(sorted(unknown))}); upgrade conflictmap first"
        )


def _decoder(column):
    if isinstance(column.type, DateTime):
        return lambda v: None if v is None else dt.datetime.fromisoformat(v) if isinstance(v, str) else v
    if isinstance(column.type, Date):
        return lambda v: None if v is None else dt.date.fromisoformat(v) if isinstance(v, str) else v
    return lambda v: v


def _replace_rows(engine: Engine, rows: dict[str, list[list]], layout: dict[str, dict]) -> dict[str, int]:
    upgrade(engine)
    known = {table.name for table in metadata.sorted_tables}
    strange = sorted(set(rows) - known)
    if strange:
        raise BackupError(f"the backup has tables this conflictmap does not know: {', '.join(strange)}")
    counts = {}
    with write_transaction(engine) as conn:
        for table in reversed(metadata.sorted_tables):
            conn.execute(table.delete())
        for table in metadata.sorted_tables:
            names = layout.get(table.name, {}).get("columns", [])
            missing = [name for name in names if name not in table.c]
            if missing:
                raise BackupError(f"table {table.name}: the backup has columns this conflictmap does not know: {missing}")
            decoders = [_decoder(table.c[name]) for name in names]
            records = [
                {name: decode(value) for name, decode, value in zip(names, decoders, row, strict=True)}
                for row in rows.get(table.name, [])
            ]
            for start in range(0, len(records), 1000):
                conn.execute(table.insert(), records[start : start + 1000])
            counts[table.name] = len(records)
    return counts


def table_rows(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of every table, sorted: to compare two databases."""
    with engine.connect() as conn:
        return {
            table.name: sorted((tuple(row) for row in conn.execute(select(table))), key=repr)
            for table in metadata.sorted_tables
        }
