"""Real `conflictmap ingest` processes at once, killed, or cut off from the database, on both backends."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from conftest import ROOT, streamlit_server, wait_idle
from sqlalchemy import func, select

from conflictmap.backup import table_rows
from conflictmap.store import articles, connect, count_events, events, load_events

DEMO = sorted((ROOT / "data" / "demo").glob("*.txt"))


def _ingest_process(url: str, paths, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "conflictmap.cli", "ingest", *map(str, paths)],
        cwd=ROOT,
        env={**os.environ, "CONFLICTMAP_DB_URL": url, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(process: subprocess.Popen, timeout: float = 300) -> tuple[str, str]:
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, err
    return out, err


@pytest.fixture(scope="module")
def reference(demo_db_url):
    """What one clean run over the demo corpus stores: event rows by article id."""
    rows = table_rows(connect(demo_db_url))
    by_article: dict[str, list[tuple]] = {}
    article_index = list(events.c.keys()).index("article_id")
    for row in rows["events"]:
        by_article.setdefault(row[article_index], []).append(row)
    assert by_article, "the demo corpus should give events"
    return {"article_ids": {row[0] for row in rows["articles"]}, "events": by_article}


def _stored(url: str) -> tuple[set[str], dict[str, list[tuple]]]:
    rows = table_rows(connect(url))
    article_index = list(events.c.keys()).index("article_id")
    by_article: dict[str, list[tuple]] = {}
    for row in rows["events"]:
        by_article.setdefault(row[article_index], []).append(row)
    return {row[0] for row in rows["articles"]}, by_article


def _assert_consistent(url: str, reference: dict, complete: bool) -> set[str]:
    """Every stored article carries exactly the events one clean run gives it; nothing is half-written."""
    article_ids, by_article = _stored(url)
    assert set(by_article) <= article_ids, "events without their article"
    assert article_ids <= reference["article_ids"]
    for article_id in article_ids:
        assert sorted(by_article.get(article_id, []), key=repr) == sorted(reference["events"].get(article_id, []), key=repr)
    if complete:
        assert article_ids == reference["article_ids"]
    return article_ids


def _wait_for_articles(url: str, at_least: int, process: subprocess.Popen, timeout: float = 180) -> int:
    engine = connect(url)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            with engine.connect() as conn:
                stored = conn.execute(select(func.count()).select_from(articles)).scalar_one()
            if stored >= at_least:
                return stored
            assert process.poll() is None, f"the ingest ended early: {process.communicate()[1]}"
            time.sleep(0.05)
    finally:
        engine.dispose()
    pytest.fail(f"fewer than {at_least} articles stored after {timeout} s")


def test_two_ingests_at_once_on_overlapping_input_store_exactly_one_run(store_url, reference):
    connect(store_url).dispose()  # the schema exists; the race under test is the articles
    first = _ingest_process(store_url, DEMO[:20])
    second = _ingest_process(store_url, list(reversed(DEMO[8:])))  # the two meet in the overlap
    out_first, _ = _finish(first)
    out_second, _ = _finish(second)
    _assert_consistent(store_url, reference, complete=True)
    added = out_first.count(": added,") + out_second.count(": added,")
    assert added == len(DEMO), "each article is added by exactly one of the two processes"


def test_two_ingests_into_a_database_that_does_not_exist_yet_both_succeed(store_url, reference):
    # Both processes find no schema and migrate at the same moment: one does it, the other waits.
    processes = [_ingest_process(store_url, DEMO[:3]), _ingest_process(store_url, DEMO[:3])]
    for process in processes:
        _finish(process)
    article_ids = _assert_consistent(store_url, reference, complete=False)
    assert len(article_ids) == 3


def test_an_ingest_killed_midway_leaves_whole_articles_and_the_next_run_completes_the_work(store_url, reference):
    connect(store_url).dispose()
    process = _ingest_process(store_url, DEMO)
    _wait_for_articles(store_url, 3, process)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    stored = _assert_consistent(store_url, reference, complete=False)
    assert 3 <= len(stored) < len(DEMO), "the kill should land in the middle of the run"

    out, _ = _finish(_ingest_process(store_url, DEMO))
    _assert_consistent(store_url, reference, complete=True)
    assert out.count(": already stored,") == len(stored)


def test_an_ingest_waits_out_a_locked_sqlite_file_and_completes(tmp_path, reference):
    url = f"sqlite:///{tmp_path / 'locked.sqlite'}"
    connect(url).dispose()
    holder = sqlite3.connect(tmp_path / "locked.sqlite", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program holds the write lock
    process = _ingest_process(url, DEMO[:4])
    try:
        time.sleep(20)  # past start-up plus SQLite's 5 s busy timeout, so the ingest must retry
        assert process.poll() is None, "the ingest gave up while the file was locked"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    _, err = _finish(process)
    assert "database unavailable (database is locked); retrying in" in err
    assert len(_assert_consistent(url, reference, complete=False)) == 4


def test_an_ingest_rides_out_a_postgresql_restart_and_completes(postgres_server, reference, tmp_path):
    from conftest import create_pg_database, drop_pg_database

    url = create_pg_database()
    try:
        connect(url).dispose()
        process = _ingest_process(url, DEMO)
        _wait_for_articles(url, 1, process)
        # Held still while the server goes away, so the stop lands in the middle of the run
        # however fast the rest of the articles would go in.
        os.kill(process.pid, signal.SIGSTOP)
        try:
            assert process.poll() is None, "the ingest was over before the server went away"
            postgres_server.stop()
        finally:
            os.kill(process.pid, signal.SIGCONT)
        try:
            time.sleep(4)
            assert process.poll() is None, f"the ingest gave up while the server was down: {process.communicate()[1][-6000:] if process.poll() is not None else ''}"
        finally:
            postgres_server.start()
        _, err = _finish(process)
        assert "database unavailable" in err and "retrying in" in err
        stored = _assert_consistent(url, reference, complete=False)
        assert len(stored) == len(DEMO)
    finally:
        drop_pg_database(url)


def test_a_database_that_stays_unreachable_ends_the_ingest_with_one_clear_line(tmp_path):
    with __import__("socket").socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"postgresql://nobody@127.0.0.1:{port}/nothing"
    process = _ingest_process(url, DEMO[:1], CONFLICTMAP_DB_RETRY_SECONDS="3")
    out, err = process.communicate(timeout=120)
    assert process.returncode == 3
    assert "retrying in" in err
    last = err.strip().splitlines()[-1]
    assert last.startswith("conflictmap: error:") and "stayed unavailable" in last
    assert "Traceback" not in err


def test_the_dashboard_reads_keep_working_while_an_ingest_writes(store_url, reference):
    """load_events (what every dashboard page calls) never fails or sees half an article during an ingest."""
    connect(store_url).dispose()
    reader = connect(store_url)
    process = _ingest_process(store_url, DEMO)
    seen, failures, stop = [], [], threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                frame = load_events(reader)
            except Exception as exc:  # noqa: BLE001 - any failure is the finding
                failures.append(repr(exc))
                continue
            counts = frame.groupby("article_id").size().to_dict()
            half = {a: n for a, n in counts.items() if n != len(reference["events"].get(a, []))}
            seen.append((len(frame), half))
            time.sleep(0.02)

    thread = threading.Thread(target=read)
    thread.start()
    try:
        _finish(process)
    finally:
        stop.set()
        thread.join(timeout=60)
        reader.dispose()
    assert not failures, failures[:3]
    assert len({total for total, _ in seen}) > 3, "reads should have seen the ingest progress"
    assert all(not half for _, half in seen), "a read saw an article with only some of its events"
    totals = [total for total, _ in seen]
    assert totals == sorted(totals)


@pytest.mark.browser
def test_the_dashboard_serves_the_events_page_again_and_again_while_an_ingest_writes(store_url, browser, tmp_path):
    """The real dashboard, reloaded in Chromium throughout ingests, shows a growing count and never an error."""
    # A page load and a batch of reports take about as long as each other, and either can be the slower on a busy
    # machine: batches of numbered demo copies (each copy its own article) run one after another until three
    # loads have finished while a writer was still running, or the batches run out.
    def batch(number: int) -> list[str]:
        copies = []
        for round_ in range(12):
            for path in DEMO:
                copy = tmp_path / f"{number}-{round_}-{path.name}"
                text = path.read_text(encoding="utf-8")
                copy.write_text(f"{text}\n(Copy {number}.{round_} for the concurrency test.)\n")
                copies.append(str(copy))
        return copies

    connect(store_url).dispose()
    shown, loads_during, batches = [], 0, 0
    with streamlit_server(store_url, "concurrency-dashboard.log") as app:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        try:
            while loads_during < 3 and batches < 8:
                batches += 1
                # Its output goes to a file: hundreds of progress lines would fill a pipe nobody reads.
                output = tmp_path / f"ingest-{batches}.log"
                with output.open("w") as log:
                    process = subprocess.Popen(
                        [sys.executable, "-m", "conflictmap.cli", "ingest", *batch(batches)],
                        cwd=ROOT, env={**os.environ, "CONFLICTMAP_DB_URL": store_url},
                        stdout=log, stderr=subprocess.STDOUT,
                    )
                try:
                    while process.poll() is None:
                        page.goto(f"{app}/Events", wait_until="domcontentloaded")
                        caption = page.get_by_text(
                            re.compile(r"^\d+ events, newest first|The database holds no events yet")
                        )
                        caption.first.wait_for(timeout=60_000)
                        wait_idle(page)
                        assert page.locator('[data-testid="stException"]').count() == 0, "the page failed mid-ingest"
                        found = re.match(r"(\d+) events, newest first", caption.first.inner_text())
                        shown.append(int(found[1]) if found else 0)
                        loads_during += process.poll() is None
                    assert process.wait(timeout=300) == 0, output.read_text()[-3000:]
                finally:
                    if process.poll() is None:
                        process.kill()
            page.goto(f"{app}/Events", wait_until="domcontentloaded")
            final = page.get_by_text(re.compile(r"^\d+ events, newest first"))
            final.wait_for(timeout=60_000)
            total = int(final.inner_text().split()[0])
        finally:
            context.close()
    assert loads_during >= 3, f"only {loads_during} page loads finished while {batches} ingests ran"
    assert shown == sorted(shown), f"the count went back: {shown}"
    assert len(set(shown)) >= 3, f"the pages should have seen the ingest progress: {shown}"
    assert total == count_events(connect(store_url)) and total >= max(shown)
