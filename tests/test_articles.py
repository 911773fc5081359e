"""Reading and cleaning one news report (articles.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from conflictmap.articles import (
    MAX_ARTICLE_BYTES,
    ArticleError,
    cut_byline,
    decode_bytes,
    parse_article,
    read_article_file,
    read_html,
)
from conflictmap.geocode import OfflineGeocoder
from conflictmap.pipeline import article_events

# --- the founding report ------------------------------------------------------


def test_the_founding_report_loses_everything_from_the_source_line_on(seed_path):
    article = read_article_file(seed_path)
    for junk in ("2018", "2021", "yellow vest", "Send your comments", "Source: AFP", "GMT", "All rights reserved"):
        assert junk not in article.text, junk
    assert article.text.endswith("since the conflict began there in March 2011.")
    assert "31 rebel fighters and eight Islamic State fighters were killed" in article.text


def test_the_founding_report_names_afp_as_its_source_and_states_no_publication_date(seed_path):
    article = read_article_file(seed_path)
    assert article.source == "AFP"
    assert article.published is None
    assert article.path == str(seed_path)


def test_the_lines_cut_from_the_founding_report_are_kept_for_inspection(seed_path):
    article = read_article_file(seed_path)
    assert any("yellow vest" in line for line in article.removed_lines)
    assert all(line not in article.text for line in article.removed_lines)


# --- header block and publication date ------------------------------------------


def test_a_header_block_is_read_into_metadata_and_removed_from_the_text():
    article = parse_article(
        "Title: Synthetic headline for a test\n"
        "Source: Test Wire\n"
        "Published: 2 October 2017\n"
        "\n"
        "First line of an invented story.\n"
        "Second line of an invented story."
    )
    assert article.title == "Synthetic headline for a test"
    assert article.source == "Test Wire"
    assert article.published == dt.date(2017, 10, 2)
    assert article.text == "First line of an invented story.\nSecond line of an invented story."


def test_an_iso_date_in_the_header_is_read_too():
    article = parse_article("Published: 2016-08-24\n\nAn invented story.")
    assert article.published == dt.date(2016, 8, 24)
    assert article.text == "An invented story."


def test_an_unreadable_header_date_is_refused_rather_than_guessed():
    with pytest.raises(ArticleError, match="cannot read the date"):
        parse_article("Published: sometime last spring\n\nAn invented story.", name="header.txt")


def test_a_published_first_line_gives_the_publication_date():
    article = parse_article("Published October 2 2017\nAn invented story follows here.\nAnd ends here.")
    assert article.published == dt.date(2017, 10, 2)


def test_a_date_in_the_url_gives_the_publication_date():
    article = parse_article(
        "Title: Synthetic headline\nURL: https://news.example.invalid/world/2016/08/24/story.html\n\nAn invented story."
    )
    assert article.published == dt.date(2016, 8, 24)
    assert article.source_url == "https://news.example.invalid/world/2016/08/24/story.html"


def test_a_url_given_as_an_argument_also_dates_the_report():
    article = parse_article("An invented story.", source_url="https://news.example.invalid/2015/01/30/x")
    assert article.published == dt.date(2015, 1, 30)


def test_a_report_with_no_date_anywhere_has_no_publication_date():
    assert parse_article("An invented story with no date at all.").published is None


def test_explicit_arguments_override_what_the_report_says():
    article = parse_article(
        "Title: From the text\nSource: Text Wire\nPublished: 2017-10-02\n\nAn invented story.",
        title="From the caller",
        source="Caller Wire",
        published=dt.date(2020, 1, 1),
    )
    assert article.title == "From the caller"
    assert article.source == "Caller Wire"
    assert article.published == dt.date(2020, 1, 1)


def test_read_article_file_passes_overrides_through(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("Published: 2017-10-02\n\nAn invented story.", encoding="utf-8")
    article = read_article_file(path, published=dt.date(2014, 8, 14), source="Caller Wire")
    assert article.published == dt.date(2014, 8, 14)
    assert article.source == "Caller Wire"


# --- decoding -------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["", "   \n\t  \n"])
def test_empty_or_whitespace_only_text_is_refused(raw):
    with pytest.raises(ArticleError, match="empty"):
        parse_article(raw, name="blank.txt")


def test_binary_data_with_nul_bytes_is_refused():
    with pytest.raises(ArticleError, match="binary"):
        decode_bytes(b"GIF89a\x00\x01\x02\x03 not a report", "picture.gif")


def test_invalid_utf8_is_refused_with_a_message_that_mentions_utf8():
    with pytest.raises(ArticleError, match="UTF-8") as info:
        decode_bytes("Invented story in Latin-1: caf\u00e9".encode("latin-1"), "latin1.txt")
    assert "latin1.txt" in str(info.value)


def test_a_file_over_the_size_limit_is_refused():
    with pytest.raises(ArticleError, match="too large"):
        decode_bytes(b"a" * (MAX_ARTICLE_BYTES + 1), "huge.txt")


def test_a_file_at_the_size_limit_is_accepted():
    assert len(decode_bytes(b"a" * MAX_ARTICLE_BYTES, "limit.txt")) == MAX_ARTICLE_BYTES


def test_utf16_with_a_byte_order_mark_is_decoded():
    text = "An invented story about A\u2018zaz \u2014 and Raqqa."
    assert decode_bytes(text.encode("utf-16"), "utf16.txt") == text


def test_a_utf8_byte_order_mark_is_dropped():
    assert decode_bytes("\ufeffAn invented story.".encode(), "bom.txt") == "An invented story."


# --- HTML -------------------------------------------------------------------------


def test_html_input_drops_scripts_and_styles_and_keeps_paragraph_text():
    article = parse_article(
        "<html><head><title>Synthetic page</title>"
        "<style>p { color: red; }</style>"
        "<script>var tracker = 'do not keep me';</script></head>"
        "<body><p>First invented paragraph.</p><p>Second invented paragraph.</p>"
        "<script>alert('nor me');</script></body></html>"
    )
    assert article.text == "First invented paragraph.\nSecond invented paragraph."
    assert article.title == "Synthetic page"
    for leaked in ("tracker", "color", "alert", "<p>"):
        assert leaked not in article.text, leaked


# --- identity -----------------------------------------------------------------------


def test_the_article_id_is_stable_for_the_same_text_and_differs_for_different_text():
    first = parse_article("An invented story about a test.")
    again = parse_article("An invented story about a test.", source="Other Wire", title="Another title")
    other = parse_article("A different invented story.")
    assert first.article_id == again.article_id
    assert first.article_id != other.article_id
    assert first.article_id.startswith("a") and len(first.article_id) == 16


def test_page_furniture_does_not_change_the_article_id():
    plain = parse_article("An invented story.\nIt has two lines.")
    with_junk = parse_article("An invented story.\nIt has two lines.\nSend your comments\nYour comment as a visitor")
    assert plain.article_id == with_junk.article_id


# --- files ------------------------------------------------------------------------


def test_reading_a_missing_file_raises_an_article_error_naming_the_path(tmp_path):
    missing = tmp_path / "no-such-report.txt"
    with pytest.raises(ArticleError) as info:
        read_article_file(missing)
    assert str(missing) in str(info.value)


def test_reading_a_folder_raises_an_article_error_naming_the_path(tmp_path):
    with pytest.raises(ArticleError) as info:
        read_article_file(tmp_path)
    assert str(tmp_path) in str(info.value)
    assert "folder" in str(info.value)


def test_reading_an_empty_file_raises_an_article_error_naming_the_path(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(ArticleError, match="empty") as info:
        read_article_file(path)
    assert str(path) in str(info.value)


# --- HTML pages through trafilatura --------------------------------------------------

JUNK_HEAVY_PAGE = """<!doctype html>
<html><head><title>Air strike on rescue centre kills eight volunteers | Example Wire</title>
<meta property="og:site_name" content="Example Wire">
<meta property="article:published_time" content="2017-04-30T08:15:00Z">
<script>window.dataLayer = [{"story": "Clashes in Manbij killed 40 fighters"}];</script>
<style>.banner{display:block}</style></head>
<body>
<div id="cookie-banner">We use cookies. Accept all cookies to continue reading.</div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/syria">Syria</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="advert">Subscribe now and save 50 percent on your first year!</div>
<main><article>
<h1>Air strike on rescue centre kills eight volunteers</h1>
<p class="byline">By a staff reporter</p>
<p>An air strike destroyed the civil defence centre in the town of Kafr Zeita in northern Hama province on Saturday,
killing eight rescue volunteers, the rescue service said.</p>
<p>Colleagues spent the night digging through the rubble of the building for their bodies, a volunteer told reporters.</p>
<p>The rescue service works in opposition-held parts of the country and has lost many members to air strikes.</p>
</article></main>
<aside class="most-read"><h3>Most read</h3><ol>
<li><a href="/a">Car bomb in Azaz kills 60 at market</a></li>
<li><a href="/b">Forty fighters die in Manbij clashes</a></li></ol></aside>
<section class="comments"><h3>Comments (2)</h3>
<div class="comment">This is terrible, 100 killed in Raqqa yesterday too!</div></section>
<footer><p>Copyright 2017 Example Wire. All rights reserved.</p></footer>
<script>console.log("tracker");</script>
</body></html>"""


def test_a_junk_heavy_page_keeps_the_story_and_drops_menus_adverts_sidebars_and_comments():
    article = parse_article(JUNK_HEAVY_PAGE)
    assert "Kafr Zeita" in article.text
    assert "digging through the rubble" in article.text
    for junk in ("cookies", "Subscribe", "Most read", "Azaz", "Manbij", "Raqqa", "Copyright", "tracker", "Sport"):
        assert junk not in article.text, junk
    assert article.title.startswith("Air strike on rescue centre kills eight volunteers")
    assert article.published == dt.date(2017, 4, 30)
    assert article.source == "Example Wire"


def test_the_page_metadata_yields_to_explicit_publication_date_and_source():
    article = parse_article(JUNK_HEAVY_PAGE, published=dt.date(2017, 4, 29), source="My Desk")
    assert article.published == dt.date(2017, 4, 29)
    assert article.source == "My Desk"


def test_events_from_a_junk_heavy_page_come_only_from_its_story():
    events = article_events(parse_article(JUNK_HEAVY_PAGE))
    assert [e.location for e in events] == ["Kafr Zeita"]
    event = events[0]
    assert (event.event_type, event.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert event.fatalities == 8
    assert event.event_date == "2017-04-29"  # "on Saturday" before a Sunday publication


HOSTILE_PAGE = """<html><head><title>Shelling <b>hits</b> Aleppo district</title>
<script>document.write("<p>500 killed in Idlib</p>"); var s = '<p>nor this<\\/p>';</script>
</head><body onload="steal()">
<!-- <p>Hidden note: 300 dead in Homs</p> -->
<div><div><div><div><p>Rocket shells fired at the al-Hamdaniya neighbourhood of Aleppo on Sunday killed three
civilians and wounded eleven, state media said.
<p>Unclosed paragraph &amp; a stray &bogus; entity <i>with <b>tangled</i> tags</b> that keeps going
<iframe src="javascript:alert(1)">frame text</iframe>
<noscript>Enable JavaScript to see 200 killed</noscript>
<p>The shells hit residential buildings and a school, the agency added.</p>
</body>"""


def test_hostile_markup_gives_readable_text_without_scripts_comments_or_frames():
    article = parse_article(HOSTILE_PAGE)
    assert "al-Hamdaniya neighbourhood of Aleppo" in article.text
    assert "residential buildings" in article.text
    for leaked in ("500 killed", "nor this", "Hidden note", "300 dead", "frame text", "200 killed", "steal", "<p>", "<b>"):
        assert leaked not in article.text, leaked


def test_a_small_html_fragment_falls_back_to_the_plain_tag_stripper():
    fragment = "<p>Government warplanes struck the town of Saraqeb on Monday, killing nine people.</p>"
    content = read_html(fragment)
    assert content.extractor == "stdlib"
    assert content.text == "Government warplanes struck the town of Saraqeb on Monday, killing nine people."
    article = parse_article(fragment)
    assert article.text == content.text


def test_a_full_page_goes_through_trafilatura():
    assert read_html(JUNK_HEAVY_PAGE).extractor == "trafilatura"


# --- datelines and headlines run into the text -----------------------------------------


@pytest.mark.parametrize(
    ("raw", "published", "starts"),
    [
        (
            "Air strikes hit market town Monitor Reuters Tuesday 14 Nov 2017 The death toll from air strikes rose.",
            dt.date(2017, 11, 14),
            "The death toll",
        ),
        ("Wed Feb 17 2016 Army advances north of Aleppo. Troops took two villages.", dt.date(2016, 2, 17), "Army advances"),
        ("Date of publication 16 October 2017 Rebel shelling hit the capital.", dt.date(2017, 10, 16), "Rebel shelling"),
        ("Posted on August 12 2016 by a reporter. Barrels fell on Aleppo.", dt.date(2016, 8, 12), "by a reporter"),
        ("28-05-2016 A woman was killed by mortar fire.", dt.date(2016, 5, 28), "A woman"),
        ("18.10.2014Get short URL 0 13 The strikes killed ten civilians.", dt.date(2014, 10, 18), "The strikes"),
        ("August 13 2016 2037 UTC+3 Government forces clashed with militants.", dt.date(2016, 8, 13), "Government forces"),
    ],
)
def test_a_dateline_at_the_top_gives_the_publication_date_and_is_cut_with_the_headline(raw, published, starts):
    article = parse_article(raw)
    assert article.published == published
    assert article.text.startswith(starts)


def test_a_last_updated_stamp_is_not_the_publication_date_but_bounds_relative_dates():
    article = parse_article("Last updated at Mar 142016 BEIRUT Shelling killed four people in a market town on Sunday.")
    assert article.published is None
    assert article.updated == dt.date(2016, 3, 14)
    assert article.reference_date == dt.date(2016, 3, 14)
    assert article.text.startswith("BEIRUT")


def test_a_given_publication_date_leaves_no_updated_stamp_to_count_from():
    article = parse_article("Last updated at Mar 142016 BEIRUT Shelling killed four people.", published=dt.date(2016, 3, 13))
    assert article.reference_date == dt.date(2016, 3, 13)


def test_a_date_in_the_first_sentence_that_dates_the_story_is_not_a_dateline():
    article = parse_article("Rebels surrounded the village on June 17 2015 after clashes with loyalist militias.")
    assert article.published is None
    assert article.text.startswith("Rebels surrounded")


def test_a_headline_repeated_at_the_top_of_the_text_is_cut():
    article = parse_article(
        "Jihadists execute three rebel officers. Jihadists have executed three officers of a rebel brigade.",
        title="Jihadists execute three rebel officers",
    )
    assert article.text == "Jihadists have executed three officers of a rebel brigade."


def test_a_page_title_told_again_after_a_byline_is_cut_with_the_byline():
    article = parse_article(
        "Posted on May 3 2016 by Our Correspondent Ten Killed in Shelling of Aleppo District Ten people were killed "
        "when shells hit the Midan district of Aleppo on Tuesday.",
        title="Ten Killed in Shelling of Aleppo District - World - News Site",
    )
    assert article.text.startswith("Ten people were killed")
    assert article.published == dt.date(2016, 5, 3)


def test_a_page_title_after_a_sentence_of_the_story_is_cut_alone():
    article = parse_article(
        "Militants fired shells on several provinces on Sunday. Six killed in rocket attacks on Homs The toll in Homs rose to six.",
        title="Six killed in rocket attacks on Homs",
    )
    assert article.text == "Militants fired shells on several provinces on Sunday. The toll in Homs rose to six."


def test_a_closing_wire_byline_is_cut_so_its_newsrooms_are_not_places_of_the_story():
    raw = (
        "Published 2016-11-01\n\nRebels shelled a district of western Aleppo on Tuesday, killing six people. "
        "Additional reporting by a correspondent in Damascus and another in Geneva; Editing by a desk editor"
    )
    article = parse_article(raw)
    assert article.text.endswith("killing six people.")
    assert any(line.startswith("Additional reporting by") for line in article.removed_lines)
    assert [event.location for event in article_events(article, OfflineGeocoder())] == ["Aleppo"]


def test_reporting_by_inside_the_story_is_not_taken_for_a_byline():
    text = "Editing by the censors was heavy that year, the editor recalled in an interview about the paper."
    assert cut_byline(text) == (text, None)
    long_story = "Reporting by local activists described shelling near Azaz on Monday. " + "More details followed. " * 30
    assert cut_byline(long_story) == (long_story, None)
