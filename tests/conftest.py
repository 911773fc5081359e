"""Shared fixtures: paths, a demo database, the real app server and Chromium."""

from __future__ import annotations

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

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield instance
        instance.close()


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


@pytest.fixture(scope="session")
def hostile_db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database holding only the hostile report, ingested through the real command line."""
    folder = tmp_path_factory.mktemp("hostile")
    report = folder / "hostile.txt"
    report.write_text(HOSTILE_REPORT, encoding="utf-8")
    url = f"sqlite:///{folder / 'hostile.sqlite'}"
    result = run_cli("ingest", str(report), env={"CONFLICTMAP_DB_URL": url})
    assert result.returncode == 0, result.stderr
    return url


@pytest.fixture(scope="session")
def need_chromium() -> str:
    """Chromium for rendering PNG and PDF: skipped locally when absent, never in CI."""
    if not Path(CHROMIUM).exists():
        if IN_CI:
            pytest.fail("CI must have /usr/bin/chromium (.ci/run installs it)")
        pytest.skip("no /usr/bin/chromium on this machine (apt-get install chromium)")
    return CHROMIUM
