"""Bad input through the real `conflictmap ingest` and the Ingest page's upload, on SQLite and PostgreSQL.

Each input in tests/bad_inputs/ (and four made here, too big to commit or a renamed
copy) gets a clear message or a sensible result within a bounded time; never a
traceback, and never an article stored without all of its events.
"""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pytest
from conftest import BACKENDS, ROOT, create_pg_database, drop_pg_database, run_cli, streamlit_server, wait_idle

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
    # The binary file under a name the upload form accepts, so the page's own check meets it.
    (folder / "binary_named_txt.txt").write_bytes((BAD / "binary.bin").read_bytes())
    numbers = " ".join(str(rng.randrange(100, 100_000)) for _ in range(10_000))
    (folder / "ten_thousand_numbers.txt").write_text(
        "Title: A table of figures\n\nRebels clashed with Islamic State fighters near Azaz on Monday, killing 40 fighters. "
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
    if name == "ten_thousand_numbers.txt":  # the one clash is found, and no figure from the table becomes a toll
        assert [(row["location"], row["fatalities"]) for row in stored] == [("Azaz", 40)]
    for row in stored:
        assert row["evidence"], "every event keeps the sentence it was read from"


# --- the same inputs uploaded on the Ingest page ------------------------------------------------

# Refused by the upload widget itself, before anything reaches the server.
WIDGET_REFUSED = {
    "binary.bin": "application/octet-stream files are not allowed",  # only report and record suffixes are accepted
    "huge_50mb.txt": "File must be 5.0MB or smaller",  # server.maxUploadSize
}
# Read by the page and refused with the same message the command line gives.
PAGE_REFUSED = {
    "empty.txt": "empty report",
    "whitespace_only.txt": "empty report",
    "binary_named_txt.txt": "binary data",
    "invalid_utf8.txt": "not valid UTF-8",
    "malformed.json": "not valid JSON",
    "malformed.csv": "malformed CSV",
}
PAGE_STORED = [
    "utf16_le_bom.txt", "utf16_be_bom.txt", "utf16_le_no_bom.txt", "malformed.html", "arabic_only.txt",
    "one_line_1mb.txt", "ten_thousand_numbers.txt",
]
SUMMARY = re.compile(r"(\d+) articles added \((\d+) events\), (\d+) already stored, (\d+) could not be read\.")


@pytest.fixture(scope="module", params=BACKENDS)
def ingest_page(request, tmp_path_factory, browser):
    """The real dashboard over an empty database of each backend, and one browser tab on it."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('pagedb') / 'page.sqlite'}"
    else:
        url = create_pg_database()
    try:
        with streamlit_server(url, f"bad-input-page-{request.param}.log") as app:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            yield request.param, url, app, context.new_page()
            context.close()
    finally:
        if request.param != "sqlite":
            drop_pg_database(url)


@pytest.mark.browser
@pytest.mark.parametrize("name", [*sorted(WIDGET_REFUSED), *sorted(PAGE_REFUSED), *PAGE_STORED])
def test_each_bad_input_uploaded_on_the_ingest_page_gets_a_clear_message_and_whole_articles(
    name, ingest_page, generated, artifacts_dir
):
    backend, db, app, page = ingest_page
    page.goto(f"{app}/Ingest", wait_until="domcontentloaded")
    page.wait_for_selector('input[type="file"]', state="attached", timeout=60_000)
    wait_idle(page)
    before = table_rows(connect(db))
    started = time.monotonic()
    page.locator('input[type="file"]').set_input_files(str(_path(name, generated)))
    uploader = page.locator('[data-testid="stFileUploader"]')
    uploader.get_by_text(re.compile(r"\d(\.\d)? ?[KM]?B$")).wait_for(timeout=60_000)  # the file's size: it is listed
    page.wait_for_timeout(300)  # a refusal is shown under the size
    widget = uploader.inner_text()  # before the form is sent, which clears it
    page.get_by_role("button", name="Ingest the files").click()
    page.get_by_text(re.compile(r"articles added \(|No files to ingest")).wait_for(timeout=BOUND_S * 1000)
    wait_idle(page)
    seconds = time.monotonic() - started
    alerts = [alert.inner_text() for alert in page.locator('[data-testid="stAlert"]').all()]
    with (artifacts_dir / f"bad-input-page-{backend}.txt").open("a") as record:
        print(f"{name}: {seconds:.1f} s; upload widget: {widget.splitlines()[2:-2]}; page: {alerts}", file=record)

    assert page.locator('[data-testid="stException"]').count() == 0, "the page showed a traceback"
    assert seconds < BOUND_S
    if name in WIDGET_REFUSED:
        assert WIDGET_REFUSED[name] in widget
        assert alerts == ["No files to ingest."]
        assert table_rows(connect(db)) == before
        return
    summary = SUMMARY.search(alerts[0])
    assert summary, alerts
    added, events_added, already, unreadable = map(int, summary.groups())
    if name in PAGE_REFUSED:
        assert (added, events_added, already, unreadable) == (0, 0, 0, 1)
        assert len(alerts) == 2 and alerts[1].startswith(name) and PAGE_REFUSED[name] in alerts[1], alerts
        assert table_rows(connect(db)) == before
        return
    assert unreadable == 0 and added + already == 1 and len(alerts) == 1, alerts
    after = table_rows(connect(db))
    new_articles = [row for row in after["articles"] if row not in before["articles"]]
    new_events = [row for row in after["events"] if row not in before["events"]]
    assert len(new_articles) == added and len(new_events) == events_added
    _assert_whole_articles(db)
    if name.startswith("utf16"):  # three spellings of one report: stored once, with its one event
        located = [row for row in after["events"] if "Marea" in row]
        assert len(located) == 1
    if name == "arabic_only.txt":
        assert events_added == 0
    if name == "ten_thousand_numbers.txt":
        assert events_added == 1
        # This file's own events: the 1 MB word soup uploaded before it also names Azaz.
        new_ids = [row[0] for row in new_articles]
        with connect(db).connect() as conn:
            toll = conn.execute(events.select().where(events.c.article_id.in_(new_ids))).mappings().all()
        assert [(row["location"], row["fatalities"]) for row in toll] == [("Azaz", 40)]
