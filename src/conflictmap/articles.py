"""Articles: reading, cleaning and describing one news report.

A report arrives as bytes or text (plain, with an optional ``Key: value`` header
block, or HTML). It leaves as an :class:`Article` whose text has lost the page
furniture that follows the story (other headlines, copyright lines, comment
boxes) and whose id is derived from that cleaned text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
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
    if looks_like_html(raw):
        raw, html_title = html_to_text(raw)
        if html_title:
            found["title"] = html_title
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
    text = "\n".join(line for line in kept if line)
    if not text.strip():
        raise ArticleError(f"{name}: nothing left after removing page furniture")

    found_published = None
    for key in ("published", "date"):
        if found.get(key):
            found_published = parse_date(found[key])
            if found_published is None:
                raise ArticleError(f"{name}: cannot read the date {found[key]!r}")
            break
    if found_published is None:
        found_published = _published_from_text(text, source_url or found.get("url"))

    return Article(
        text=text,
        title=title or found.get("title"),
        source=source or found.get("source") or trailing_source,
        source_url=source_url or found.get("url") or found.get("link"),
        published=published or found_published,
        removed_lines=[line for line in removed if line],
    )


def _published_from_text(text: str, url: str | None) -> dt.date | None:
    """A publication date the report states: a 'Published' line, a dateline, a URL."""
    first_lines = text.split("\n", 3)[:3]
    for line in first_lines:
        match = _PUBLISHED_LINE.match(line)
        if match:
            date = parse_date(match["date"][:40])
            if date:
                return date
    opening = text[:80]
    match = _FULL_DATE.match(opening) or re.match(
        rf"^[A-Z][A-Za-z ,]{{0,40}}\(\w+\)\s*[-\u2013\u2014]?\s*{_FULL_DATE.pattern}",
        opening,
        re.I,
    )
    if match:
        date = parse_date(match.group(0))
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
