"""Sources: pasted text, files of many shapes, folders, web pages and feeds, one input at a time."""

from __future__ import annotations

import datetime as dt
import json
import socket

import pytest
from conftest import ROOT

from conflictmap.sources import (
    folder_files,
    parse_feed,
    read_bytes,
    read_feed,
    read_folder,
    read_path,
    read_text,
    read_url,
)

WORKFLOW = ROOT / "tests" / "data" / "workflow"
FIRST = WORKFLOW / "idlib_market_first_report.txt"
LATER = WORKFLOW / "idlib_market_later_report.txt"
STORY = "Syrian government air strikes on a market in Idlib city killed 39 civilians on Sunday."


def _articles(items):
    return [item.article for item in items if item.ok]


def _errors(items):
    return [item.error for item in items if not item.ok]


# --- text and single files ---------------------------------------------------------


def test_pasted_text_with_a_header_becomes_one_article_with_its_metadata():
    [item] = read_text(FIRST.read_text(encoding="utf-8"))
    assert item.ok and item.name == "pasted text"
    assert item.article.title == "Warplane strike on Idlib vegetable market kills 35"
    assert item.article.published == dt.date(2016, 6, 12)
    assert item.article.source == "Idlib Activist Network"


def test_pasting_only_blanks_gives_a_clear_message():
    [item] = read_text("  \n\t ")
    assert not item.ok and "empty report" in item.error


def test_an_html_file_loses_its_script_and_navigation_and_keeps_its_title():
    data = (WORKFLOW / "web" / "idlib-market.html").read_bytes()
    [article] = _articles(read_bytes(data, "market.html"))
    assert article.title == "Warplane strike on Idlib vegetable market kills 35"
    assert "trackVisit" not in article.text and "Home" not in article.text
    assert "vegetable market in the city of Idlib" in article.text
    assert "All rights reserved" not in article.text


def test_a_named_file_of_another_kind_is_read_as_one_report_unless_it_is_binary():
    [text] = read_bytes(STORY.encode(), "report.md")
    [picture] = read_bytes(bytes(range(256)) * 4, "map.png")
    assert text.ok and text.article.text == STORY
    assert picture.error == "map.png: binary data, not a text report"


# --- files of many articles ----------------------------------------------------------


def test_a_json_list_of_articles_gives_one_article_each_with_date_source_and_url():
    records = [
        {"title": "Idlib market", "text": STORY, "date": "2016-06-13", "source": "Levant Wire", "url": "https://example.org/a"},
        {"title": "Idlib again", "text": STORY.replace("39", "35"), "published": "12 June 2016"},
    ]
    first, second = _articles(read_bytes(json.dumps(records).encode(), "batch.json"))
    assert (first.title, first.published, first.source, first.source_url) == (
        "Idlib market",
        dt.date(2016, 6, 13),
        "Levant Wire",
        "https://example.org/a",
    )
    assert second.published == dt.date(2016, 6, 12)
    assert first.article_id != second.article_id


def test_a_json_object_with_an_articles_list_and_a_single_article_object_are_both_read():
    wrapped = _articles(read_bytes(json.dumps({"articles": [{"text": STORY}]}).encode(), "wrapped.json"))
    single = _articles(read_bytes(json.dumps({"text": STORY}).encode(), "single.json"))
    assert [a.text for a in wrapped] == [a.text for a in single] == [STORY]


def test_malformed_json_names_the_file_and_the_place_of_the_fault():
    [item] = read_bytes(b'[{"text": "A strike hit Idlib."', "broken.json")
    assert not item.ok
    assert item.error.startswith("broken.json: not valid JSON") and "line 1" in item.error


def test_a_json_record_without_text_is_refused_while_its_neighbours_go_through():
    records = [{"text": STORY}, {"title": "no body"}, 42]
    items = read_bytes(json.dumps(records).encode(), "mixed.json")
    assert len(_articles(items)) == 1
    assert _errors(items) == [
        "mixed.json article 2: no article text (the 'text' field is missing or empty)",
        "mixed.json article 3: expected an object with a 'text' field, found int",
    ]


def test_a_bad_line_in_jsonl_is_listed_by_number_and_the_other_lines_are_read():
    lines = [json.dumps({"text": STORY}), "{not json", "", json.dumps({"text": STORY + " Rescuers searched the rubble."})]
    items = read_bytes("\n".join(lines).encode(), "feed.jsonl")
    assert len(_articles(items)) == 2
    [error] = _errors(items)
    assert error.startswith("feed.jsonl line 2: not valid JSON")


def test_a_csv_of_articles_reads_title_text_date_source_and_url_columns():
    data = (
        "title,text,date,source,url\n"
        f'Idlib market,"{STORY}",2016-06-13,Levant Wire,https://example.org/idlib\n'
        f'Idlib again,"{STORY.replace("39", "35")}",not a date,Levant Wire,\n'
    ).encode()
    items = read_bytes(data, "batch.csv")
    [article] = _articles(items)
    assert (article.title, article.published, article.source_url) == ("Idlib market", dt.date(2016, 6, 13), "https://example.org/idlib")
    assert _errors(items) == ["batch.csv row 3: cannot read the date 'not a date'"]


def test_a_csv_without_a_text_column_says_which_columns_it_found():
    [item] = read_bytes(b"headline,body\nA,B\n", "wrong.csv")
    assert item.error == "wrong.csv: a CSV of articles needs a 'text' column (columns found: headline, body)"


def test_a_csv_with_an_unclosed_quote_is_reported_as_malformed():
    data = f'title,text\nfine,"{STORY}"\nbroken,"{STORY}\n'.encode()
    items = read_bytes(data, "quote.csv")
    assert len(_articles(items)) == 1
    [error] = _errors(items)
    assert "quote.csv row 3: malformed CSV" in error


def test_a_csv_row_with_too_many_fields_is_refused_alone():
    data = f'title,text\nfine,"{STORY}"\nextra,"{STORY}",surplus\n'.encode()
    items = read_bytes(data, "ragged.csv")
    assert len(_articles(items)) == 1
    assert _errors(items) == ["ragged.csv row 3: 3 fields, but the header has 2"]


# --- folders ----------------------------------------------------------------------------


def test_a_folder_lists_each_bad_file_with_a_reason_and_reads_the_good_ones(tmp_path):
    (tmp_path / "good.txt").write_text(FIRST.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "later.txt").write_text(LATER.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "latin1.txt").write_bytes("Frappe a\xe9rienne sur Idlib: 35 morts.".encode("latin-1"))
    (tmp_path / "broken.json").write_text('{"text": ', encoding="utf-8")
    (tmp_path / "notes.md").write_text("not a report type", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(STORY, encoding="utf-8")

    items = read_folder(tmp_path)
    assert sorted(a.title for a in _articles(items)) == [
        "Toll from Idlib market air raid rises to 39",
        "Warplane strike on Idlib vegetable market kills 35",
    ]
    errors = {item.name.rsplit("/", 1)[-1]: item.error for item in items if not item.ok}
    assert set(errors) == {"empty.txt", "image.txt", "latin1.txt", "broken.json"}
    assert "empty report" in errors["empty.txt"]
    assert "binary data" in errors["image.txt"]
    assert "not valid UTF-8" in errors["latin1.txt"]
    assert "not valid JSON" in errors["broken.json"]
    assert [p.name for p in folder_files(tmp_path)] == ["broken.json", "empty.txt", "good.txt", "image.txt", "latin1.txt", "later.txt"]


def test_a_folder_without_report_files_says_so(tmp_path):
    (tmp_path / "notes.md").write_text("nothing here", encoding="utf-8")
    [item] = read_folder(tmp_path)
    assert "no report files" in item.error


def test_a_missing_path_is_named():
    [item] = read_path(ROOT / "no-such-report.txt")
    assert item.error.endswith("no-such-report.txt: no such file")


# --- the web, served from this machine --------------------------------------------------


def test_a_web_page_becomes_an_article_that_keeps_its_address(fixture_site):
    url = f"{fixture_site}/idlib-market.html"
    [item] = read_url(url)
    assert item.ok, item.error
    assert item.article.source_url == url
    assert item.article.published == dt.date(2016, 6, 12)
    assert item.article.source == "127.0.0.1"  # the page names no outlet: the host stands in
    assert "trackVisit" not in item.article.text


def test_an_rss_feed_reads_every_linked_article_and_lists_a_dead_link(fixture_site):
    items = read_feed(f"{fixture_site}/syria.xml")
    first, later = _articles(items)
    assert first.title == "Warplane strike on Idlib vegetable market kills 35"
    assert later.published == dt.date(2016, 6, 13)  # from the entry's pubDate
    assert later.source == "Levant Wire: Syria"
    assert later.source_url == f"{fixture_site}/idlib-toll-rises.html"
    assert _errors(items) == [f"{fixture_site}/taken-down.html: the server answered 404 Not Found"]


def test_a_url_that_serves_a_feed_is_read_as_a_feed(fixture_site):
    items = read_url(f"{fixture_site}/kurdish-front.atom")
    [article] = _articles(items)
    assert article.title == "Kurdish fighters take Tal Abyad from Islamic State"
    assert article.published == dt.date(2015, 6, 16)
    assert article.source == "Kurdish front"


def test_a_broken_feed_gives_a_clear_message(fixture_site):
    [item] = read_feed(f"{fixture_site}/broken.xml")
    assert "not a readable RSS or Atom feed" in item.error


def test_an_address_nobody_answers_gives_a_message_not_a_traceback():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again before the request: nothing listens
    [item] = read_url(f"http://127.0.0.1:{port}/report.html", timeout=5)
    assert item.error.startswith(f"http://127.0.0.1:{port}/report.html: could not be fetched")


def test_only_web_addresses_are_fetched():
    [item] = read_url(f"file://{FIRST}")
    assert "only http and https" in item.error


def test_a_feed_entry_without_a_link_is_read_from_its_own_content():
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><title>Idlib</title>'
        b"<pubDate>Mon, 13 Jun 2016 09:30:00 +0000</pubDate><description>" + STORY.encode() + b"</description></item></channel></rss>"
    )
    title, entries = parse_feed(feed)
    assert title == "Wire"
    assert entries[0].content == STORY and entries[0].link is None
    with pytest.raises(ValueError, match="neither an RSS nor an Atom feed"):
        parse_feed(b"<html><body>hello</body></html>")
