"""The briefing's content and layout, and chart pictures made without a browser."""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from PIL import Image, ImageStat

from conflictmap.analysis import key_figures
from conflictmap.briefing import DEFAULT_TITLE, briefing_charts, briefing_document, build_briefing
from conflictmap.export import EventFilters
from conflictmap.render import chart_png, chart_svg
from conflictmap.store import connect, load_events

NOON = dt.datetime(2026, 11, 23, 12, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def demo_frame(demo_db_url):
    return EventFilters().apply(load_events(connect(demo_db_url)))


@pytest.fixture(scope="module")
def hostile_frame(hostile_db_url):
    return EventFilters().apply(load_events(connect(hostile_db_url)))


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text outside tags."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _parse(document: str) -> _Elements:
    parser = _Elements()
    parser.feed(document)
    return parser


def test_the_briefing_says_the_period_and_key_figures_of_the_events_it_is_given(demo_frame):
    briefing = build_briefing(demo_frame, now=NOON)
    figures = key_figures(demo_frame)
    assert briefing.title == DEFAULT_TITLE
    assert briefing.period == f"{figures.first.day} {figures.first:%B %Y} to {figures.last.day} {figures.last:%B %Y}"
    values = dict(briefing.figures)
    assert values["Events"] == f"{figures.events:,}"
    assert values["Killed (as reported)"] == f"{figures.fatalities:,}"
    assert "23 November 2026, 12:30 UTC" in briefing.footer
    assert f"{len(demo_frame)} events in {demo_frame['article_id'].nunique()} news reports" in briefing.footer


def test_the_most_lethal_events_come_highest_toll_first_each_with_its_evidence_and_source(demo_frame):
    briefing = build_briefing(demo_frame, count=5)
    tolls = [event.fatalities for event in briefing.lethal]
    assert len(tolls) == 5
    assert tolls == sorted(tolls, reverse=True)
    assert tolls[0] == int(demo_frame["fatalities"].max())
    for event in briefing.lethal:
        stored = demo_frame[demo_frame["event_id"] == event.event_id].iloc[0]
        assert event.source == stored["source"]
        assert event.evidence.rstrip("…")[:60] in " ".join(stored["evidence"].split())


def test_an_analysts_title_and_subtitle_replace_the_defaults_and_blank_ones_do_not(demo_frame):
    edited = build_briefing(demo_frame, title="  Aleppo front, summer 2014 ", subtitle="For the morning brief")
    assert (edited.title, edited.subtitle) == ("Aleppo front, summer 2014", "For the morning brief")
    blank = build_briefing(demo_frame, title="   ", subtitle="")
    assert blank.title == DEFAULT_TITLE and blank.subtitle


def test_the_filters_are_put_in_words_and_a_single_governorate_names_the_title(demo_frame):
    filters = EventFilters(
        start=dt.date(2014, 6, 1), end=dt.date(2015, 6, 30), admin1=("Aleppo",), actors=("Islamic State",)
    )
    briefing = build_briefing(filters.apply(demo_frame), filters)
    assert briefing.period == "1 June 2014 to 30 June 2015"
    assert briefing.title == "Conflict events in Aleppo governorate"
    assert "Governorate: Aleppo" in briefing.scope and "Actors: Islamic State" in briefing.scope


def test_an_unknown_aspect_ratio_is_refused(demo_frame):
    with pytest.raises(ValueError, match="16:9"):
        build_briefing(demo_frame, aspect="21:9")


def test_the_briefing_document_shows_hostile_report_text_as_text_and_runs_nothing(hostile_frame):
    briefing = build_briefing(hostile_frame, title='<script>alert("t")</script> Brief', subtitle="=1+1 <b>bold</b>")
    document = briefing_document(briefing, b"\x89PNG fake", [chart_svg(c) for c in briefing_charts(hostile_frame)])
    parsed = _parse(document)
    tags = [tag for tag, _ in parsed.tags]
    assert "script" not in tags
    assert "=1+1 &lt;b&gt;bold&lt;/b&gt;" in document
    assert not [attrs for _, attrs in parsed.tags if any(name.startswith("on") for name in attrs)]
    assert all(attrs.get("src", "").startswith("data:") for tag, attrs in parsed.tags if tag == "img")
    text = "".join(parsed.text)
    assert '<script>alert("t")</script> Brief' in text
    assert "<img src=x onerror=alert(2)>" in text, "the evidence shows its markup as text"
    assert '=HYPERLINK("http://example.invalid/","click")' in text
    assert "default-src 'none'" in document, "a content policy forbids scripts even if one slipped in"


def test_casualty_charts_come_out_as_svg_and_png_without_a_browser(demo_frame):
    charts = briefing_charts(demo_frame)
    assert len(charts) == 2
    for chart in charts:
        svg = chart_svg(chart)
        root = ET.fromstring(svg)
        assert root.tag.endswith("svg")
        assert float(root.get("width")) > 200 and float(root.get("height")) > 100
        assert "Killed" in svg
        picture = Image.open(io.BytesIO(chart_png(chart, scale=2)))
        picture.load()
        assert picture.format == "PNG"
        assert picture.width > 400 and picture.height > 200
        assert max(ImageStat.Stat(picture.convert("L")).stddev) > 10, "the chart is not blank"


def test_the_charts_fit_beside_the_map_unshrunk_with_text_of_a_readable_size(demo_frame):
    side_column = 1280 - 2 * 32 - 800 - 20  # the sheet less its padding, the map and the gap
    for chart in briefing_charts(demo_frame):
        root = ET.fromstring(chart_svg(chart))
        assert float(root.get("width")) <= side_column + 5, "a wider chart is scaled down, and its text with it"
        sizes = [
            float(t.get("font-size").rstrip("px")) for t in root.iter() if t.tag.endswith("text") and t.get("font-size")
        ]
        assert sizes and min(sizes) >= 11, sorted(sizes)[:5]


def test_the_by_type_chart_draws_bars_in_the_maps_event_colours(demo_frame):
    from conflictmap.mapview import EVENT_COLOURS

    svg = chart_svg(briefing_charts(demo_frame)[1]).lower()
    for event_type in set(demo_frame["event_type"]):
        killed = demo_frame.loc[demo_frame["event_type"] == event_type, "fatalities"].fillna(0).sum()
        if killed:
            assert EVENT_COLOURS[event_type].lower() in svg


# --- the dashboard page, through Streamlit's test harness ------------------------------------


def _briefing_page(monkeypatch, url: str):
    from conftest import ROOT
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CONFLICTMAP_DB_URL", url)
    return AppTest.from_file(str(ROOT / "pages" / "3_Briefing.py"), default_timeout=90).run()


def _html(app) -> str:
    return "".join(element.proto.body for element in app.get("html"))


def test_the_briefing_page_follows_its_filters_and_edited_title(demo_db_url, monkeypatch):
    app = _briefing_page(monkeypatch, demo_db_url)
    assert not app.exception
    assert "Conflict events in northern Syria" in _html(app)
    app.multiselect[2].select("Aleppo").run()  # governorates
    app.text_input[0].input("Aleppo, 2014 to 2016").run()
    app.text_input[1].input("For the morning brief").run()
    assert not app.exception
    page = _html(app)
    assert "Aleppo, 2014 to 2016" in page and "Governorate: Aleppo" in page
    assert '<p class="subtitle">For the morning brief</p>' in page
    aleppo = load_events(connect(demo_db_url)).query("admin1 == 'Aleppo'").dropna(subset=["event_date"])
    assert f'<div class="value">{len(aleppo)}</div><div class="label">Events</div>' in page
    labels = [button.proto.label for button in app.get("download_button")]
    for wanted in ("Events as CSV", "Events as Excel", "Events as GeoJSON", "Map as offline HTML", "Briefing as PDF"):
        assert wanted in labels


def test_the_briefing_page_escapes_what_a_hostile_report_says(hostile_db_url, monkeypatch):
    app = _briefing_page(monkeypatch, hostile_db_url)
    assert not app.exception
    page = _html(app)
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "<img src=x" not in page and "<script>" not in page


def test_a_one_sided_period_with_no_events_says_so_in_words(demo_frame):
    filters = EventFilters(start=dt.date(2030, 1, 1))
    briefing = build_briefing(filters.apply(demo_frame), filters)
    assert briefing.period == "From 1 January 2030"
    assert dict(briefing.figures)["Events"] == "0" and briefing.lethal == []
    document = briefing_document(briefing, None, [chart_svg(c) for c in briefing_charts(filters.apply(demo_frame))])
    assert "No map: no event in this selection has a place." in document


def test_the_briefing_map_draws_imported_outlines_beneath_the_events(demo_frame):
    from conflictmap.render import briefing_map

    border = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"kind": "border", "name": "Syria-Turkey", "source": "ne10m_syria_border_lines.geojson"},
                "geometry": {"type": "LineString", "coordinates": [[36.65, 36.83], [38.1, 36.84], [40.9, 37.12]]},
            }
        ],
    }
    without = briefing_map(demo_frame).get_root().render()
    with_outline = briefing_map(demo_frame, outlines=border).get_root().render()
    assert "Syria-Turkey" not in without
    assert "Syria-Turkey" in with_outline and "36.83" in with_outline
    assert "Background: outlines from Natural Earth (no tiles)" in with_outline, "the outlines are credited"
    assert "Background: no tiles (offline background)" in without
