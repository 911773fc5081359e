"""Bad input through the real `conflictmap ingest`, on SQLite and PostgreSQL.

Each input in tests/bad_inputs/ (and three made here, too big to commit) gets a
clear one-line message or a sensible result within a bounded time; never a
traceback, and never an article stored without all of its events.
"""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pytest
from conftest import BACKENDS, ROOT, create_pg_database, drop_pg_database, run_cli

from conflictmap.backup import table_rows
from conflictmap.store import connect, events

BAD = ROOT / "tests" / "bad_inputs"
BOUND_S = 120  # a generous ceiling on a loaded machine; bench/ measures, this only guards against hangs

REFUSED = {
    "empty.txt": "empty report",
    "whitespace_only.txt": "empty report",
    "binary.bin": "binary data",
    "invalid_utf8.txt": "not valid UTF-8",
    "huge_50mb.txt": "too large",
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """The big ones, written at test time: 50 MB, a 1 MB line with no full stop, 10,000 numbers."""
    folder = tmp_path_factory.mktemp("bad")
    line = ("Fighting went on near Azaz on Monday, a monitor said, " * 20)[:1023] + "\n"
    with (folder / "huge_50mb.txt").open("w") as file:
        for _ in range(50 * 1024):
            file.write(line)
    rng = random.Random(8)
    words = "rebels fighters near Azaz village the of and clashed killed 12 Monday government forces shelled".split()
    (folder / "one_line_1mb.txt").write_text(" ".join(rng.choice(words) for _ in range(200_000))[:1_048_576])
    numbers = " ".join(str(rng.randrange(100, 100_000)) for _ in range(10_000))
    (folder / "ten_thousand_numbers.txt").write_text(
        "Title: A table of figures\n\nRebels said 40 fighters were killed near Azaz on Monday. "
        f"The appendix lists these figures: {numbers}.\n"
    )
    return folder


@pytest.fixture(scope="module", params=BACKENDS)
def bad_db(request, tmp_path_factory) -> str:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('baddb') / 'bad.sqlite'}"
        return
    url = create_pg_database()
    yield url
    drop_pg_database(url)


def _path(name: str, generated: Path) -> Path:
    return BAD / name if (BAD / name).exists() else generated / name


def _ingest(url: str, path: Path):
    before = table_rows(connect(url))
    started = time.monotonic()
    result = run_cli("ingest", str(path), env={"CONFLICTMAP_DB_URL": url})
    return result, time.monotonic() - started, before


def _assert_whole_articles(url: str) -> None:
    """Every stored article has all the events its ingest reported, and no event is orphaned."""
    rows = table_rows(connect(url))
    article_ids = {row[0] for row in rows["articles"]}
    article_index = list(events.c.keys()).index("article_id")
    assert {row[article_index] for row in rows["events"]} <= article_ids


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_unreadable_input_is_refused_with_one_clear_line_and_changes_nothing(name, bad_db, generated):
    result, seconds, before = _ingest(bad_db, _path(name, generated))
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("conflictmap: error:")
    assert REFUSED[name] in result.stderr and name in result.stderr
    assert "Traceback" not in result.stderr
    assert table_rows(connect(bad_db)) == before
    assert seconds < BOUND_S


def _reported_events(stdout: str) -> int:
    match = re.search(r": (?:added|already stored), (\d+) events \(article (\w+)\)", stdout)
    assert match, stdout
    return int(match[1])


@pytest.mark.parametrize("name", ["utf16_le_bom.txt", "utf16_be_bom.txt", "utf16_le_no_bom.txt"])
def test_utf16_reports_with_or_without_a_byte_order_mark_are_read_like_utf8(name, bad_db, generated):
    result, seconds, _ = _ingest(bad_db, _path(name, generated))
    assert result.returncode == 0, result.stderr
    assert _reported_events(result.stdout) == 1
    frame = connect(bad_db)
    with frame.connect() as conn:
        marea = conn.execute(events.select().where(events.c.location == "Marea")).mappings().all()
    assert marea and marea[0]["fatalities"] == 3
    assert seconds < BOUND_S


@pytest.mark.parametrize(
    "name",
    ["malformed.json", "malformed.csv", "malformed.html", "arabic_only.txt", "one_line_1mb.txt", "ten_thousand_numbers.txt"],
)
def test_odd_but_readable_input_gets_a_sensible_result_and_whole_articles(name, bad_db, generated):
    result, seconds, before = _ingest(bad_db, _path(name, generated))
    assert "Traceback" not in result.stderr
    assert seconds < BOUND_S
    if result.returncode == 2:  # refused (e.g. a JSON or CSV reader that finds it broken): said once, nothing stored
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("conflictmap: error:")
        assert table_rows(connect(bad_db)) == before
        return
    assert result.returncode == 0, result.stderr
    reported = _reported_events(result.stdout)
    article_id = re.search(r"\(article (\w+)\)", result.stdout)[1]
    with connect(bad_db).connect() as conn:
        stored = conn.execute(events.select().where(events.c.article_id == article_id)).mappings().all()
    assert len(stored) == reported
    _assert_whole_articles(bad_db)
    if name == "arabic_only.txt":
        assert reported == 0  # nothing the English rules can read: kept, with no invented events
    if name == "ten_thousand_numbers.txt":
        assert {row["fatalities"] for row in stored} <= {None, 40}, "a figure from the table became a toll"
    for row in stored:
        assert row["evidence"], "every event keeps the sentence it was read from"
