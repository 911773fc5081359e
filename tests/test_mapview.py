"""The offline map: vendored assets, escaped popups, marker styles (mapview.py, assets.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from conflictmap.assets import STATIC_URL, VENDOR_FILES, asset_path, asset_url, install_assets
from conflictmap.mapview import EVENT_MARKER_CLASS, event_map, events_layer, offline_map, popup_html

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


def _event(**overrides) -> dict:
    event = dict(
        event_id="e0000000000000001",
        event_date=pd.Timestamp("2016-08-23"),
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1="Syrian rebels",
        actor2="Islamic State",
        location="Azaz",
        admin1="Aleppo",
        latitude=36.58662,
        longitude=37.04628,
        geo_precision=1,
        fatalities=7,
        fatalities_detail={"Syrian rebels": 4},
        evidence="Synthetic test sentence about an invented clash.",
        source="Test Wire",
        source_url="https://news.example.invalid/2016/08/24/story.html",
        location_resolved=True,
        status="auto",
    )
    event.update(overrides)
    return event


def _frame(*events: dict) -> pd.DataFrame:
    return pd.DataFrame(list(events))


def _hostile_event(**overrides) -> dict:
    return _event(
        actor1=SCRIPT,
        actor2=IMG,
        location=SCRIPT,
        admin1=IMG,
        evidence=f"{IMG} {SCRIPT}",
        source=SCRIPT,
        fatalities_detail={SCRIPT: 2},
        **overrides,
    )


def _external_refs(page: str) -> list[str]:
    """src/href of every <script> and <link> tag on the page."""
    tags = re.findall(r"<(?:script|link)\b[^>]*>", page, re.I)
    return [m for tag in tags for m in re.findall(r'(?:src|href)\s*=\s*["\']?([^"\'\s>]+)', tag, re.I)]


# --- offline assets -----------------------------------------------------------------


@pytest.mark.parametrize("tiles", [None, "OpenStreetMap"])
def test_the_map_page_loads_scripts_and_styles_only_from_the_app(tiles):
    page = event_map(_frame(_event()), tiles=tiles).get_root().render()
    refs = _external_refs(page)
    assert refs, "the page must load Leaflet from somewhere"
    for ref in refs:
        assert ref.startswith(f"{STATIC_URL}/"), ref
    assert not re.search(r"<(?:script|link)\b[^>]*https?://", page, re.I)
    assert f"{STATIC_URL}/leaflet/leaflet.js" in refs
    assert f"{STATIC_URL}/leaflet/leaflet.css" in refs


def test_without_tiles_the_page_names_no_web_address_at_all():
    page = offline_map().get_root().render()
    assert not re.search(r"https?://", page)


@pytest.mark.parametrize("name", sorted(VENDOR_FILES))
def test_every_vendored_asset_exists_in_its_installed_xstatic_package(name):
    assert asset_url(name).split("?v=")[0] == f"{STATIC_URL}/{name}"
    path = asset_path(name)
    assert path.is_file(), path
    assert path.stat().st_size > 0


def test_our_own_map_script_url_changes_with_its_content_and_xstatic_urls_stay_plain():
    import hashlib

    own = asset_url("conflictmap/conflictmap-map.js")
    digest = hashlib.sha256(asset_path("conflictmap/conflictmap-map.js").read_bytes()).hexdigest()
    assert own == f"{STATIC_URL}/conflictmap/conflictmap-map.js?v={digest[:10]}"
    assert asset_url("leaflet/leaflet.js") == f"{STATIC_URL}/leaflet/leaflet.js"


def test_an_unknown_asset_name_is_refused():
    with pytest.raises(KeyError):
        asset_url("leaflet/leaflet-from-a-cdn.js")


def test_install_assets_copies_every_file_once(tmp_path: Path):
    copied = install_assets(tmp_path)
    assert len(copied) == len(VENDOR_FILES)
    for name in VENDOR_FILES:
        target = tmp_path / "vendor" / name
        assert target.read_bytes() == asset_path(name).read_bytes(), name
    assert install_assets(tmp_path) == []


def test_install_assets_replaces_a_damaged_copy(tmp_path: Path):
    install_assets(tmp_path)
    damaged = tmp_path / "vendor" / "leaflet" / "leaflet.js"
    damaged.write_text("truncated")
    assert install_assets(tmp_path) == [damaged]
    assert damaged.read_bytes() == asset_path("leaflet/leaflet.js").read_bytes()


# --- popups ---------------------------------------------------------------------------


def test_popup_html_escapes_markup_in_every_value_from_an_article():
    popup = popup_html(pd.Series(_hostile_event()))
    assert "<script" not in popup.lower()
    assert "<img" not in popup.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in popup
    assert "&lt;img src=x onerror=alert(1)&gt;" in popup


def test_popup_html_links_an_http_source():
    popup = popup_html(pd.Series(_event()))
    assert 'href="https://news.example.invalid/2016/08/24/story.html"' in popup
    assert 'rel="noopener noreferrer"' in popup


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "data:text/html,<b>x</b>"],
)
def test_popup_html_never_links_a_script_or_data_url(url):
    popup = popup_html(pd.Series(_event(source_url=url)))
    assert "<a " not in popup
    assert "href" not in popup
    assert "javascript:" not in popup.lower()


def test_popup_html_says_when_date_and_toll_are_unknown():
    popup = popup_html(pd.Series(_event(event_date=pd.NaT, fatalities=None, fatalities_detail={})))
    assert "date not known" in popup
    assert "not reported" in popup


def test_popup_html_marks_a_place_that_is_not_in_the_gazetteer():
    popup = popup_html(pd.Series(_event(location="Arshaf", geo_precision=2, location_resolved=False)))
    assert "not in gazetteer" in popup


def test_the_rendered_map_carries_no_live_markup_from_an_article():
    page = event_map(_frame(_hostile_event())).get_root().render()
    assert SCRIPT not in page
    assert IMG not in page


# --- markers ---------------------------------------------------------------------------


def _circle_options(page: str) -> list[str]:
    return re.findall(r"L\.circleMarker\(\s*\[[^\]]*\],\s*(\{.*?\})\s*\)", page, re.S)


def test_event_markers_carry_the_event_class():
    fmap = offline_map()
    events_layer(_frame(_event(), _event(event_id="e2", latitude=36.48259, longitude=37.19709))).add_to(fmap)
    options = _circle_options(fmap.get_root().render())
    assert len(options) == 2
    assert all(f'"className": "{EVENT_MARKER_CLASS}"' in option for option in options)


def test_area_level_markers_are_dashed_and_village_markers_solid():
    fmap = offline_map()
    frame = _frame(
        _event(geo_precision=1, latitude=36.58662, longitude=37.04628),
        _event(event_id="e2", geo_precision=2, latitude=36.42733, longitude=37.16117),
    )
    events_layer(frame).add_to(fmap)
    page = fmap.get_root().render()
    by_point = dict(re.findall(r"L\.circleMarker\(\s*\[([^\]]*)\],\s*(\{.*?\})\s*\)", page, re.S))
    village = by_point["36.58662, 37.04628"]
    area = by_point["36.42733, 37.16117"]
    assert '"dashArray": "4 3"' in area
    assert '"dashArray": null' in village


def test_events_without_coordinates_get_no_marker():
    fmap = offline_map()
    events_layer(_frame(_event(latitude=None, longitude=None, geo_precision=None))).add_to(fmap)
    assert _circle_options(fmap.get_root().render()) == []


# --- the dashboard's scalable map (issue 5) ---------------------------------------------

import datetime as dt  # noqa: E402

from conflictmap.mapdata import encode_mask, read_gzip_json, write_json, write_map_data  # noqa: E402
from conflictmap.mapview import dashboard_map, map_update  # noqa: E402


def _many(n: int) -> pd.DataFrame:
    return _frame(*[_event(event_id=f"e{i:05d}", latitude=36 + i / 1000, fatalities=i % 7 or None) for i in range(n)])


def test_the_mask_packs_eight_rows_a_byte_first_row_in_the_high_bit():
    import base64

    raw = base64.b64decode(encode_mask([True, False, False, False, False, False, False, True, True]))
    assert raw == bytes([0b10000001, 0b10000000])


def test_map_data_is_written_once_per_version_and_a_change_makes_a_new_version(tmp_path: Path):
    frame = _many(5)
    first = write_map_data(frame, tmp_path)
    files = sorted(p.name for p in (tmp_path / "cache" / first.fingerprint).iterdir())
    assert files == ["d-0.json.gz", "events.json.gz"]
    assert first.data_url == f"/app/static/cache/{first.fingerprint}/events.json.gz"
    stamp = (tmp_path / "cache" / first.fingerprint / "events.json.gz").stat().st_mtime_ns
    assert write_map_data(frame, tmp_path) == first
    assert (tmp_path / "cache" / first.fingerprint / "events.json.gz").stat().st_mtime_ns == stamp
    edited = frame.copy()
    edited.loc[2, "evidence"] = "A corrected sentence."
    assert write_map_data(edited, tmp_path).fingerprint != first.fingerprint


def test_map_data_columns_are_compact_and_keep_missing_values_missing(tmp_path: Path):
    frame = _many(3)
    frame.loc[1, "latitude"] = float("nan")
    frame.loc[2, "event_date"] = pd.NaT
    data = write_map_data(frame, tmp_path)
    payload = read_gzip_json(tmp_path / "cache" / data.fingerprint / "events.json.gz")
    assert payload["n"] == 3
    assert payload["lat"] == [360000, None, 360020]
    assert payload["k"] == [-1, 1, 2], "an unreported toll is -1, not 0"
    assert payload["d"][2] == -1 and payload["d"][0] == (dt.date(2016, 8, 23) - dt.date(1970, 1, 1)).days
    assert payload["strings"]["types"] == ["Battles"]


def test_popup_details_keep_article_text_as_data_for_the_browser_to_escape(tmp_path: Path):
    data = write_map_data(_frame(_hostile_event()), tmp_path)
    rows = read_gzip_json(tmp_path / "cache" / data.fingerprint / "d-0.json.gz")
    assert rows[0]["evidence"] == f"{IMG} {SCRIPT}"
    assert rows[0]["url"] == "https://news.example.invalid/2016/08/24/story.html"
    js = (Path(__file__).resolve().parents[1] / "src/conflictmap/web/conflictmap-map.js").read_text()
    assert "esc(row.evidence)" in js and "esc(s.locs[j.loc[i]]" in js


def test_map_files_are_stored_compressed_named_by_their_content_and_read_back_whole(tmp_path: Path):
    outlines = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Idlib"}}]}
    url = write_json(outlines, tmp_path, "boundaries")
    [stored] = (tmp_path / "cache").iterdir()
    assert url == f"/app/static/cache/{stored.name}" and stored.name.endswith(".json.gz")
    assert stored.read_bytes()[:2] == b"\x1f\x8b", "gzip magic"
    assert read_gzip_json(stored) == outlines
    assert write_json(outlines, tmp_path, "boundaries") == url


def test_the_dashboard_map_loads_only_the_apps_own_scripts_and_styles():
    page = dashboard_map("/app/static/cache/x/events.json").get_root().render()
    refs = _external_refs(page)
    assert refs and all(ref.startswith(STATIC_URL) for ref in refs), refs


def test_a_filter_update_cannot_close_the_script_it_travels_in():
    group = map_update("AA==", label="</script><script>alert(1)</script>")
    fmap = dashboard_map("/app/static/cache/x/events.json")
    group.add_to(fmap)
    page = fmap.get_root().render()
    assert "</script><script>alert(1)" not in page
