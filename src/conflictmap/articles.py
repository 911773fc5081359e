"""Articles: reading, cleaning and describing one news report.

A report arrives as bytes or text (plain, with an optional ``Key: value`` header
block, or HTML). It leaves as an :class:`Article` whose text has lost the page
furniture that follows the story (other headlines, copyright lines, comment
boxes) and whose id is derived from that cleaned text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

MAX_ARTICLE_BYTES = 5 * 1024 * 1024


class ArticleError(ValueError):
    """Input that cannot be read as a news report; the message says why."""


@dataclass
class Article:
    text: str
    title: str | None = None
    source: str | None = None
    source_url: str | None = None
    published: dt.date | None = None
    path: str | None = None
    removed_lines: list[str] = field(default_factory=list)
    # A "Last updated" stamp: not the publication date (the story may be days
    # older), but the latest day its "on Sunday" can mean.
    updated: dt.date | None = None

    @property
    def reference_date(self) -> dt.date | None:
        """The day relative dates ("on Sunday", "yesterday") count back from."""
        return self.published or self.updated

    @property
    def article_id(self) -> str:
        return "a" + hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:15]


# --- decoding -----------------------------------------------------------------


def decode_bytes(data: bytes, name: str = "input") -> str:
    """Decode a report's bytes, refusing binary data and unknown encodings."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise _too_large(name, len(data))
    bomless = None if data.startswith((b"\xff\xfe", b"\xfe\xff")) else _bomless_utf16(data)
    if bomless or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode(bomless or "utf-16")
        except UnicodeDecodeError as exc:
            raise ArticleError(f"{name}: broken UTF-16 text ({exc.reason})") from None
    else:
        if b"\x00" in data:
            raise ArticleError(f"{name}: binary data, not a text report")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ArticleError(
                f"{name}: not valid UTF-8 text (bad byte at offset {exc.start}); "
                "save the report as UTF-8 and try again"
            ) from None
    controls = sum(
        1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f"
    )
    if controls > max(8, len(text) // 100):
        raise ArticleError(f"{name}: binary data, not a text report")
    return text


def _too_large(name: str, size: int) -> ArticleError:
    return ArticleError(
        f"{name}: too large ({size / 1_048_576:.1f} MB; the limit is {MAX_ARTICLE_BYTES // 1_048_576} MB per article)"
    )


def _bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for UTF-16 text saved without a byte-order mark, else None.

    Such text (mostly ASCII letters) has a zero in nearly every other byte, on one
    side only; binary data has zeros scattered on both.
    """
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.6 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.6 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def read_article_file(path: str | Path, **overrides: object) -> Article:
    """Read and clean a report from a file; ``overrides`` win over what it says."""
    file = Path(path)
    if not file.exists():
        raise ArticleError(f"{file}: no such file")
    if file.is_dir():
        raise ArticleError(f"{file}: is a folder, not a report file")
    size = file.stat().st_size
    if size > MAX_ARTICLE_BYTES:  # refused before reading it: a huge file costs nothing
        raise _too_large(str(file), size)
    data = file.read_bytes()
    article = parse_article(decode_bytes(data, str(file)), name=str(file), **overrides)
    article.path = str(file)
    return article


# --- HTML ---------------------------------------------------------------------


class _TextExtractor(HTMLParser):
    _skip = {"script", "style", "noscript", "nav", "footer", "header", "aside", "form"}
    _block = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "article", "section", "tr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: str | None = None
        self._depth_skipped = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._skip:
            self._depth_skipped += 1
        elif tag == "title":
            self._in_title = True
        elif tag in self._block:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._skip and self._depth_skipped:
            self._depth_skipped -= 1
        elif tag == "title":
            self._in_title = False
        elif tag in self._block:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title = (self.title or "") + data.strip()
        elif not self._depth_skipped:
            self.parts.append(data)


_HTML_START = re.compile(r"^\s*(<!doctype html|<html|<body|<head|<p[\s>]|<div[\s>])", re.I)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:2000]))


def html_to_text(html: str) -> tuple[str, str | None]:
    """Visible text of an HTML page (scripts, styles and navigation dropped)."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line), parser.title


@dataclass
class HtmlContent:
    text: str
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None
    extractor: str = "trafilatura"


# Below this many characters of visible text a page is a fragment (a pasted
# paragraph or two), where boilerplate detection has too little to judge by.
FRAGMENT_CHARS = 600


def read_html(html: str) -> HtmlContent:
    """The story of an HTML page and what the page says about it.

    trafilatura finds the main text (navigation, adverts, "most read" boxes and
    comments left out) and the page's own metadata. A fragment too small for it,
    or a page it finds nothing in, goes through the plain tag stripper instead.
    """
    visible, stripped_title = html_to_text(html)
    try:
        import trafilatura

        found = trafilatura.extract(
            html,
            output_format="json",
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            deduplicate=True,
        )
    except Exception:  # a parser failure on hostile markup must not lose the report
        found = None
    data = json.loads(found) if found else {}
    text = (data.get("text") or "").strip()
    if not text or (len(visible) < FRAGMENT_CHARS and len(text) < len(visible) * 0.6):
        return HtmlContent(visible, stripped_title, extractor="stdlib")
    published = None
    if data.get("date"):
        try:
            published = dt.date.fromisoformat(data["date"][:10])
        except ValueError:
            published = None
    return HtmlContent(
        text,
        data.get("title") or stripped_title,
        published,
        data.get("sitename") or data.get("source-hostname"),
        data.get("source") or data.get("url"),
    )


# --- header block and metadata ------------------------------------------------

_HEADER_LINE = re.compile(r"^(Title|Source|Published|Date|URL|Url|Link):\s*(.*)$")
_PUBLISHED_LINE = re.compile(
    r"^(?:Published|Posted|Updated|Date)\s*(?:on|:)?\s*(?P<date>.+)$", re.I
)
_URL_DATE = re.compile(r"/(?P<y>20\d\d|19\d\d)[/-](?P<m>\d\d)[/-](?P<d>\d\d)/")

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_FULL_DATE = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH_RE})\.?,?\s+(?P<y1>(?:19|20)\d\d)"
    rf"|(?P<m2>{_MONTH_RE})\.?\s+(?P<d2>\d{{1,2}}),?\s+(?P<y2>(?:19|20)\d\d))\b",
    re.I,
)
_ISO_DATE = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")


def parse_date(value: str) -> dt.date | None:
    """A calendar date written as ISO or as '14 August 2014' / 'August 14, 2014'."""
    value = value.strip()
    match = _ISO_DATE.search(value)
    if match:
        try:
            return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            return None
    match = _FULL_DATE.search(value)
    if match:
        day = match["d1"] or match["d2"]
        month = match["m1"] or match["m2"]
        year = match["y1"] or match["y2"]
        try:
            return dt.date(int(year), MONTHS[month.lower().rstrip(".")], int(day))
        except ValueError:
            return None
    return None


def parse_iso_date(value: str) -> dt.date:
    """Strict YYYY-MM-DD, for command-line and form input."""
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ArticleError(f"invalid date {value!r}: expected YYYY-MM-DD") from None


# --- trailing page junk -------------------------------------------------------

_SOURCE_LINE = re.compile(r"^\s*(?:Source|Sources|Via)\s*:\s*(?P<source>[^\n]{1,60})$", re.I)
_JUNK_BOUNDARY = re.compile(
    r"(GMT\s+\d{1,2}:\d{2}\s+(?:19|20)\d\d"  # "other headlines" lists with timestamps
    r"|^\s*(?:Related|Read more|More from|Most read|Recommended|Also read)\b"
    r"|^\s*(?:Send your comments?|Leave a comment|Your comment|Comments?\s*\(\d*\)|Share this)"
    r"|^\s*(?:Maintained and developed by|All rights reserved|Copyright\b|\u00a9))",
    re.I | re.M,
)
_JUNK_LINE = re.compile(
    r"(All rights reserved|Copyright\s+(?:\u00a9|\(c\))?\s*(?:19|20)\d\d|\u00a9\s*(?:19|20)\d\d"
    r"|(?:19|20)\d\d\s*\u00a9|^\s*(?:Subscribe|Follow us|Share on|Click here)\b)",
    re.I,
)


# A wire report closes with who reported it and where from ("Reporting by X in
# Beirut; Editing by Y"): those places are newsrooms, not places of the story.
_BYLINE = re.compile(r"\b(?:(?:Additional|Further)\s+)?(?:Reporting|Writing|Editing|Compiled)\s+by\b", re.I)
BYLINE_TAIL_CHARS = 400


def cut_byline(text: str) -> tuple[str, str | None]:
    """Cut a closing wire-service byline and what follows it; return (text, byline)."""
    tail_start = max(0, len(text) - BYLINE_TAIL_CHARS)
    match = _BYLINE.search(text, tail_start)
    if match is None or match.start() == 0 or not re.search(r"[.;:!?\"\u201d\n]\s*$", text[: match.start()]):
        return text, None
    return text[: match.start()].rstrip(), text[match.start() :].strip()


def strip_page_junk(lines: list[str]) -> tuple[list[str], list[str], str | None]:
    """Cut what follows the story; return (kept, removed, source named at the end)."""
    source = None
    cut = len(lines)
    for index, line in enumerate(lines):
        source_match = _SOURCE_LINE.match(line)
        if source_match and index >= len(lines) // 3:
            source = source_match["source"].strip()
            cut = index
            break
        if index > 0 and _JUNK_BOUNDARY.search(line):
            cut = index
            break
    kept, removed = [], lines[cut:]
    for line in lines[:cut]:
        # Only a short line is furniture; a long one is story that quotes a notice.
        (removed if len(line) < 200 and _JUNK_LINE.search(line) else kept).append(line)
    return kept, removed, source


# --- the whole thing ----------------------------------------------------------


def parse_article(
    raw: str,
    *,
    name: str = "input",
    title: str | None = None,
    source: str | None = None,
    source_url: str | None = None,
    published: dt.date | None = None,
) -> Article:
    """Clean a report and read its metadata; explicit arguments override the text."""
    if not raw.strip():
        raise ArticleError(f"{name}: empty report (no text)")
    found: dict[str, str] = {}
    html_published = None
    if looks_like_html(raw):
        page = read_html(raw)
        raw = page.text
        html_published = page.published
        for key, value in (("title", page.title), ("source", page.source), ("url", page.url)):
            if value:
                found[key] = value
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")

    # A leading block of "Key: value" lines ended by a blank line is a header.
    header: dict[str, str] = {}
    for index, line in enumerate(lines):
        match = _HEADER_LINE.match(line.strip())
        if match:
            header[match[1].lower()] = match[2].strip()
            continue
        if header and not line.strip():
            found.update(header)
            lines = lines[index + 1 :]
        break

    lines = [line.strip() for line in lines]
    kept, removed, trailing_source = strip_page_junk(lines)
    text, byline = cut_byline("\n".join(line for line in kept if line))
    if byline:
        removed.insert(0, byline)
    if not text.strip():
        raise ArticleError(f"{name}: nothing left after removing page furniture")

    found_published = None
    for key in ("published", "date"):
        if found.get(key):
            found_published = parse_date(found[key])
            if found_published is None:
                raise ArticleError(f"{name}: cannot read the date {found[key]!r}")
            break
    found_updated = None
    if found_published is None:
        found_published = html_published or _published_from_text(text, source_url or found.get("url"))
        if found_published is None and published is None:
            found_updated = _updated_stamp(text)
    text, headline = cut_headline(text, title or found.get("title"))
    if headline:
        removed.insert(0, headline)
        found.setdefault("title", headline)

    return Article(
        text=text,
        title=title or found.get("title"),
        source=source or found.get("source") or trailing_source,
        source_url=source_url or found.get("url") or found.get("link"),
        published=published or found_published,
        removed_lines=[line for line in removed if line],
        updated=found_updated,
    )


_LEAD_DATE = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH_RE})\.?,?\s+(?P<y1>(?:19|20)\d\d)"
    rf"|(?P<m2>{_MONTH_RE})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s*(?P<y2>(?:19|20)\d\d)"
    rf"|(?P<d3>\d{{1,2}})[-./](?P<m3>\d{{1,2}})[-./](?P<y3>(?:19|20)\d\d)"
    rf"|(?P<y4>(?:19|20)\d\d)-(?P<m4>\d\d)-(?P<d4>\d\d))(?!\d)",
    re.I,
)
# A date right after these words dates something in the story, not the article.
_STORY_DATE_BEFORE = re.compile(r"\b(?:since|until|till|from|before|after|in|by|between|and|to)\s+$", re.I)
_ON_BEFORE = re.compile(r"\bon\s+$", re.I)
_STAMP_BEFORE = re.compile(r"\b(?:posted|published|updated|dated?|publication)\s+(?:on\s+|at\s+)?$", re.I)
LEAD_CHARS = 300


_UPDATED_BEFORE = re.compile(r"\b(?:last\s+)?updated?\s+(?:on\s+|at\s+|:\s*)?$", re.I)


def _lead_date(text: str) -> dt.date | None:
    """The first full date near the top that stamps the article (a dateline), not
    a "Last updated" stamp (see _updated_stamp)."""
    found = _lead_date_match(text)
    if found is None or _UPDATED_BEFORE.search(text[max(0, found[1].start() - 30) : found[1].start()]):
        return None
    return found[0]


def _updated_stamp(text: str) -> dt.date | None:
    """The date of a "Last updated at ..." stamp at the top of the text."""
    found = _lead_date_match(text)
    if found is None or not _UPDATED_BEFORE.search(text[max(0, found[1].start() - 30) : found[1].start()]):
        return None
    return found[0]


def _lead_date_match(text: str) -> tuple[dt.date, re.Match[str]] | None:
    for match in _LEAD_DATE.finditer(text[:LEAD_CHARS]):
        before = text[max(0, match.start() - 30) : match.start()]
        if _STORY_DATE_BEFORE.search(before):
            continue
        if _ON_BEFORE.search(before) and not _STAMP_BEFORE.search(before):
            continue
        if match["y3"]:
            day, month, year = int(match["d3"]), int(match["m3"]), int(match["y3"])
        elif match["y4"]:
            day, month, year = int(match["d4"]), int(match["m4"]), int(match["y4"])
        else:
            day = int(match["d1"] or match["d2"])
            month = MONTHS[(match["m1"] or match["m2"]).lower().rstrip(".")]
            year = int(match["y1"] or match["y2"])
        try:
            return dt.date(year, month, day), match
        except ValueError:
            continue
    return None


# What follows a dateline on pages run together into one line: a clock time,
# an "(updated ...)" note, a short-link widget.
_AFTER_DATELINE = re.compile(
    r"^(?:\s*(?:at\s+)?\d{1,2}:?\d{2}(?:\s*(?:UTC|GMT)(?:[+-]\d+)?)?(?!\d))?\s*(?:\(updated[^)]{0,40}\))?"
    r"\s*(?:Get short URL(?:\s+\d+){0,2})?\s*(?:[-\u2013\u2014|:]\s*)?",
    re.I,
)
_HEADLINE_MAX = 250


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


# The page title printed again near the top, after a byline or a label: looked
# for this far into the text, and only in this much of the page title (outlets
# add " - Region - World - Ahram Online" or " | Jordan Times").
TITLE_ZONE = 300
_TITLE_SUFFIX = re.compile(r"\s+[-|\u2013\u2014]\s+.*$")
_SENTENCE_STOP = re.compile(r"[.!?](?:\s|$)")


def _title_span(text: str, title: str) -> tuple[int, int] | None:
    """Where the page title (or its part before an outlet suffix) is told again
    within the top of the text, ignoring punctuation and case."""
    for candidate in dict.fromkeys((title, _TITLE_SUFFIX.sub("", title))):
        key = _squash(candidate)
        if len(key) < 12:
            continue
        head = text[: TITLE_ZONE + len(candidate) * 2]
        positions = [index for index, char in enumerate(head) if char.isalnum()]
        squashed = "".join(head[index].lower() for index in positions)
        at = squashed.find(key)
        if at < 0 or positions[at] > TITLE_ZONE:
            continue
        start = positions[at]
        if start > 0 and head[start - 1].isalnum():
            continue  # inside a word
        return start, positions[at + len(key) - 1] + 1
    return None


def cut_headline(text: str, title: str | None = None) -> tuple[str, str | None]:
    """Remove a headline and dateline run into the top of the text.

    Scraped pages often begin "<headline> <outlet> <weekday> 14 Nov 2017 <story>"
    on one line, or repeat the headline before the story. Neither is a sentence
    of the report: the headline restates the story's toll, and the dateline is the
    publication date. Returns the story and the headline (None when nothing was cut).
    """
    headline = None
    found = _lead_date_match(text)
    if found is not None:
        match = found[1]
        head = text[: match.start()]
        if "\n" not in head.strip() and len(head) <= _HEADLINE_MAX:
            rest = text[match.end() :]
            rest = rest[_AFTER_DATELINE.match(rest).end() :]
            headline = head.strip() or None
            text = rest
    # Pages print their title once under the dateline and again above the lead.
    for _ in range(2 if title and _squash(title) else 0):
        found_title = _title_span(text, title)
        if found_title is not None:
            start, end = found_title
            headline = headline or text[start:end].strip()
            prefix = text[:start]
            # A byline or label before it ("by Asharq Al-Awsat English", "title:") goes
            # with it; a sentence of the story before it stays.
            keep = prefix if _SENTENCE_STOP.search(prefix) else ""
            text = keep + text[end:].lstrip(" .:-\u2013\u2014|")
    if not text.strip():
        return text, None
    return text.lstrip(), headline


def _published_from_text(text: str, url: str | None) -> dt.date | None:
    """A publication date the report states: a 'Published' line, a dateline, a URL."""
    first_lines = text.split("\n", 3)[:3]
    for line in first_lines:
        match = _PUBLISHED_LINE.match(line)
        if match:
            date = parse_date(match["date"][:40])
            if date:
                return date
    date = _lead_date(text)
    if date:
        return date
    if url:
        match = _URL_DATE.search(url)
        if match:
            try:
                return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                return None
    return None
