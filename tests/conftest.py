"""Shared fixtures: paths, a demo database, the real app server and Chromium."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_6edb6db96584332b.txt"
CHROMIUM = "/usr/bin/chromium"
IN_CI = os.environ.get("CI", "").lower() == "true"


def need_shared(path: Path) -> Path:
    """A file from ../shared; skipped with a reason outside CI when it is absent."""
    if not path.exists():
        if IN_CI:
            pytest.fail(f"{path} is missing, and CI must have ../shared")
        pytest.skip(f"{path} is absent (../shared is not beside the checkout)")
    return path


@pytest.fixture
def seed_path() -> Path:
    return need_shared(SEED)


def run_cli(*args: str, env: dict | None = None, input: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "conflictmap.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        input=input,
        timeout=120,
        cwd=ROOT,
    )


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'events.sqlite'}"
    monkeypatch.setenv("CONFLICTMAP_DB_URL", url)
    return url


@pytest.fixture(scope="session")
def demo_db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database with the demo corpus loaded through the real command line."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}"
    result = run_cli("demo", env={"CONFLICTMAP_DB_URL": url})
    assert result.returncode == 0, result.stderr
    return url


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def app_url(demo_db_url: str):
    """The real dashboard, served by Streamlit on 127.0.0.1 over the demo database."""
    port = _free_port()
    log = open(ROOT / "tests" / "artifacts" / "streamlit.log", "w") if _artifacts() else subprocess.DEVNULL
    process = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
            "--server.address", "127.0.0.1", "--server.port", str(port),
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
        ],
        cwd=ROOT,
        env={**os.environ, "CONFLICTMAP_DB_URL": demo_db_url},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("the dashboard did not start within 60 s")
    yield url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def _artifacts() -> Path:
    path = ROOT / "tests" / "artifacts"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    return _artifacts()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; skipped locally when absent, never in CI."""
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        if IN_CI:
            pytest.fail("CI must have /usr/bin/chromium (.ci/run installs it)")
        pytest.skip("no /usr/bin/chromium on this machine (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    from conflictmap.render import CHROMIUM_ARGS

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,  # the same switches the exports render with
        )
        yield instance
        instance.close()


# --- both storage backends (issue 8) ---------------------------------------------------
#
# `.ci/run` starts a throwaway PostgreSQL server (`.ci/postgres start DIR`) and exports
# CONFLICTMAP_TEST_PG_URL (a superuser URL), CONFLICTMAP_TEST_PGDATA and
# CONFLICTMAP_TEST_PGBIN. Locally the PostgreSQL half is skipped without them.

PG_URL = os.environ.get("CONFLICTMAP_TEST_PG_URL")
BACKENDS = ["sqlite", "postgresql"]


def need_postgres() -> str:
    """The test server's URL; skipped with a reason locally when there is none, failed in CI."""
    if not PG_URL:
        if IN_CI:
            pytest.fail("CI must have a PostgreSQL server (.ci/run starts one and sets CONFLICTMAP_TEST_PG_URL)")
        pytest.skip("no PostgreSQL test server: run `eval $(.ci/postgres start /tmp/pg)` first")
    return PG_URL


def _pg_admin():
    from sqlalchemy import create_engine

    return create_engine(need_postgres(), isolation_level="AUTOCOMMIT")


def create_pg_database() -> str:
    """A new, empty database on the test server; its URL."""
    import uuid

    from sqlalchemy.engine import make_url

    name = f"cm_test_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return make_url(need_postgres()).set(database=name).render_as_string(hide_password=False)


def drop_pg_database(url: str) -> None:
    from sqlalchemy.engine import make_url

    admin = _pg_admin()
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database on each backend in turn: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite'}"
        return
    url = create_pg_database()
    yield url
    drop_pg_database(url)


class PostgresServer:
    """The test PostgreSQL server's own controls, to stop and start it under a running test."""

    def __init__(self) -> None:
        self.data = os.environ.get("CONFLICTMAP_TEST_PGDATA")
        self.bin = os.environ.get("CONFLICTMAP_TEST_PGBIN", "")

    def _pg_ctl(self, *args: str) -> None:
        command = [f"{self.bin}/pg_ctl", "-D", self.data, *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "-w", "stop")

    def start(self) -> None:
        self._pg_ctl("-w", "-t", "60", "-l", str(Path(self.data).parent / "server.log"), "start")


@pytest.fixture
def postgres_server() -> PostgresServer:
    need_postgres()
    server = PostgresServer()
    if not server.data:
        if IN_CI:
            pytest.fail("CI must say where the test server's data is (CONFLICTMAP_TEST_PGDATA)")
        pytest.skip("the test server's data directory is unknown (CONFLICTMAP_TEST_PGDATA)")
    return server


@contextlib.contextmanager
def dashboard(db_url: str, *streamlit_args: str):
    """A real Streamlit server of app.py over ``db_url`` on a free port; its URL and process.

    Unlike ``app_url`` it passes no --server.address, so the repository's
    .streamlit/config.toml decides where it listens (tests check it is 127.0.0.1).
    """
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port), *streamlit_args],
        cwd=ROOT,
        env={**os.environ, "CONFLICTMAP_DB_URL": db_url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail("the dashboard did not start within 60 s")
                time.sleep(0.3)
        yield url, process, port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


# --- issue 7: exports and the briefing ----------------------------------------------------

# Obviously synthetic: no such events took place. Each line starts like a spreadsheet
# formula and carries markup, so every export can be shown to keep them inert.
HOSTILE_REPORT = """Title: <img src=x onerror=alert(1)> Synthetic hostile report
Source: =HYPERLINK("http://example.invalid/","click")
Published: 2016-08-13

@SUM(1+1) Synthetic test event: invented rebels captured the town of Azaz from invented government forces on Thursday <script>alert("x")</script>.
-2+3 Synthetic test event: invented government warplanes struck the town of Marea on Friday, killing 4 civilians <img src=x onerror=alert(2)>.
+cmd Synthetic test event: invented fighters shelled the town of Tal Rifaat on Friday, killing 3 people.
"""


@pytest.fixture(scope="session", params=BACKENDS)
def hostile_db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """A database holding only the hostile report, ingested through the real command line,
    on each backend in turn (the exports and pictures read it through the same store)."""
    folder = tmp_path_factory.mktemp("hostile")
    report = folder / "hostile.txt"
    report.write_text(HOSTILE_REPORT, encoding="utf-8")
    url = f"sqlite:///{folder / 'hostile.sqlite'}" if request.param == "sqlite" else create_pg_database()
    result = run_cli("ingest", str(report), env={"CONFLICTMAP_DB_URL": url})
    assert result.returncode == 0, result.stderr
    yield url
    if request.param != "sqlite":
        drop_pg_database(url)


@pytest.fixture(scope="session")
def need_chromium() -> str:
    """Chromium for rendering PNG and PDF: skipped locally when absent, never in CI."""
    if not Path(CHROMIUM).exists():
        if IN_CI:
            pytest.fail("CI must have /usr/bin/chromium (.ci/run installs it)")
        pytest.skip("no /usr/bin/chromium on this machine (apt-get install chromium)")
    return CHROMIUM


# --- a local web server for URL and feed ingestion (issue 6) --------------------------

WEB_FIXTURES = ROOT / "tests" / "data" / "workflow" / "web"


@pytest.fixture(scope="session")
def fixture_site():
    """Serves tests/data/workflow/web on 127.0.0.1 (a free port); ``{base}`` in a file becomes the site's URL."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            name = self.path.split("?", 1)[0].lstrip("/")
            file = (WEB_FIXTURES / name).resolve()
            if not name or WEB_FIXTURES.resolve() not in file.parents or not file.is_file():
                self.send_error(404, "Not Found")
                return
            body = file.read_bytes().replace(b"{base}", base.encode())
            kind = {".xml": "application/rss+xml", ".atom": "application/atom+xml", ".html": "text/html; charset=utf-8"}
            self.send_response(200)
            self.send_header("Content-Type", kind.get(file.suffix, "application/octet-stream"))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()


@contextlib.contextmanager
def streamlit_server(db_url: str, log_name: str):
    """Another real dashboard over ``db_url`` (for tests that change the data), stopped on exit."""
    port = _free_port()
    log_path = _artifacts() / log_name
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.address", "127.0.0.1",
             "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env={**os.environ, "CONFLICTMAP_DB_URL": db_url}, stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            for _ in range(200):
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                        break
                except OSError:
                    time.sleep(0.3)
            else:
                pytest.fail(f"the dashboard did not start (see {log_path})")
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


# --- the unresolved-places page (issue 6) ---------------------------------------------------


def wait_idle(page) -> None:
    """Until Streamlit's script run is over and the elements of the previous run are gone."""
    page.wait_for_timeout(300)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)
    page.wait_for_selector('[data-stale="true"]', state="detached", timeout=60_000)


# --- the maps in browser tests (issue 6) ---------------------------------------------------

MAP_FRAME_SELECTOR = 'iframe[title="streamlit_folium.st_folium"]'
# The events the overview map shows: its canvas layer keeps their points (in 1e-4 degrees) and a mask.
_EVENT_POSITIONS = """() => { const s = window.CM && CM.state; if (!s || !s.ds) return null; const out = [];
    for (let i = 0; i < s.ds.n; i++) if (s.ds.has[i] && s.ds.mask[i]) out.push([s.data.lat[i] / 1e4, s.data.lon[i] / 1e4]);
    return out; }"""


def map_frame(page, ready: str = "() => window.map && window.map._loaded"):
    """The page's folium map frame, once ``ready`` (a JS function) holds in it.

    Right after a click to another page the previous page's map frame may still be there,
    and ``ready`` may never hold in it: the frame is looked up again until it does."""
    from playwright.sync_api import Error as PlaywrightError

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        page.wait_for_selector(MAP_FRAME_SELECTOR, timeout=60_000)
        with contextlib.suppress(PlaywrightError):
            frame = page.locator(MAP_FRAME_SELECTOR).element_handle().content_frame()
            if frame is not None:
                frame.wait_for_function(ready, timeout=5_000)
                return frame
        page.wait_for_timeout(200)
    frame = page.locator(MAP_FRAME_SELECTOR).element_handle().content_frame()
    frame.wait_for_function(ready, timeout=5_000)  # fails with Playwright's own message
    return frame


def map_event_positions(page, condition: str) -> list[list[float]]:
    """The overview map's shown events once ``condition`` (a JS expression over ``p``, the list) holds."""
    frame = map_frame(page, "() => window.CM && CM.state && CM.state.ds")
    frame.wait_for_function(f"() => {{ const p = ({_EVENT_POSITIONS})(); return p !== null && ({condition}); }}", timeout=60_000)
    return frame.evaluate(_EVENT_POSITIONS)


@pytest.fixture
def backend_db_url(store_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """``store_url`` made the app's database, like ``db_url``: for the modules whose tables a
    team shares (review and audit trail, incidents, analyst-fixed places, the geocoding cache)."""
    monkeypatch.setenv("CONFLICTMAP_DB_URL", store_url)
    return store_url
