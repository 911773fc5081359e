"""Sources: where reports come from, read into articles one input at a time.

An analyst brings reports in many shapes: pasted text, a ``.txt`` or ``.html``
file, a ``.json``/``.jsonl``/``.csv`` of many articles (``title``, ``text``,
``date``, ``source``, ``url``), a folder of such files, a web page or an RSS/Atom
feed. Each reader returns :class:`SourceItem` s: an article, or a clear message
saying why that one input (a file, a row, a feed entry) could not be read, so one
bad input never stops the others.

Reading a URL or a feed is the only thing here that uses the network, and only
when asked to.
"""

from __future__ import annotations

import csv
import datetime as dt
import email.utils
import io
import json
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from conflictmap.articles import MAX_ARTICLE_BYTES, Article, ArticleError, decode_bytes, parse_article, parse_date

TEXT_SUFFIXES = (".txt", ".html", ".htm")
RECORD_SUFFIXES = (".json", ".jsonl", ".csv")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + RECORD_SUFFIXES
RECORD_FIELDS = ("title", "text", "date", "source", "url")
USER_AGENT = "conflictmap (offline-first conflict event extraction)"


@dataclass
class SourceItem:
    """One article read from a source, or why it could not be read."""

    name: str  # file name, "file.csv row 3", a URL
    article: Article | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.article is not None


def _attempt(name: str, read) -> SourceItem:
    try:
        return SourceItem(name, article=read())
    except ArticleError as exc:
        return SourceItem(name, error=str(exc))


# --- text and files -------------------------------------------------------------


def read_text(text: str, name: str = "pasted text", **overrides: object) -> list[SourceItem]:
    """Pasted text (plain, with a header block, or HTML) as one article."""
    return [_attempt(name, lambda: parse_article(text, name=name, **overrides))]


def read_bytes(data: bytes, name: str, **overrides: object) -> list[SourceItem]:
    """An uploaded or stored file's bytes: .json, .jsonl and .csv hold many articles, anything else is one."""
    suffix = Path(name).suffix.lower()
    try:
        text = decode_bytes(data, name)
    except ArticleError as exc:
        return [SourceItem(name, error=str(exc))]
    if suffix not in RECORD_SUFFIXES:  # a named file of another kind is read as one report
        return read_text(text, name=name, **overrides)
    if not text.strip():
        return [SourceItem(name, error=f"{name}: empty file (no articles)")]
    if suffix == ".json":
        return _read_json(text, name, overrides)
    if suffix == ".jsonl":
        return _read_jsonl(text, name, overrides)
    return _read_csv(text, name, overrides)


def read_path(path: str | Path, **overrides: object) -> list[SourceItem]:
    """A report file, a file of articles, or a folder of them."""
    path = Path(path)
    if path.is_dir():
        return read_folder(path, **overrides)
    if not path.exists():
        return [SourceItem(str(path), error=f"{path}: no such file")]
    items = read_bytes(path.read_bytes(), str(path), **overrides)
    for item in items:
        if item.article is not None and item.article.path is None:
            item.article.path = str(path)
    return items


def folder_files(folder: str | Path) -> list[Path]:
    """The report files in a folder and its subfolders, in a stable order."""
    folder = Path(folder)
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def read_folder(folder: str | Path, **overrides: object) -> list[SourceItem]:
    files = folder_files(folder)
    if not files:
        return [SourceItem(str(folder), error=f"{folder}: no report files ({', '.join(SUPPORTED_SUFFIXES)}) in this folder")]
    return [item for file in files for item in read_path(file, **overrides)]


# --- files of many articles -----------------------------------------------------


def article_from_record(record: object, name: str, overrides: dict | None = None) -> Article:
    """An article from a mapping with title/text/date/source/url (``published`` and ``link`` also read)."""
    if not isinstance(record, dict):
        raise ArticleError(f"{name}: expected an object with a 'text' field, found {type(record).__name__}")
    fields = {str(k).strip().lower(): v for k, v in record.items() if k is not None}
    text = fields.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ArticleError(f"{name}: no article text (the 'text' field is missing or empty)")
    values: dict[str, object] = {}
    for key, target in (("title", "title"), ("source", "source"), ("url", "source_url"), ("link", "source_url")):
        value = fields.get(key)
        if isinstance(value, str) and value.strip() and target not in values:
            values[target] = value.strip()
    raw_date = fields.get("date") or fields.get("published")
    if raw_date not in (None, ""):
        date = parse_date(str(raw_date))
        if date is None:
            raise ArticleError(f"{name}: cannot read the date {raw_date!r}")
        values["published"] = date
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return parse_article(text, name=name, **values)


def _read_json(text: str, name: str, overrides: dict) -> list[SourceItem]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return [SourceItem(name, error=f"{name}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})")]
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        return [SourceItem(name, error=f"{name}: expected a list of articles or one article object")]
    if not data:
        return [SourceItem(name, error=f"{name}: the list of articles is empty")]
    return [_record_item(record, f"{name} article {n}", overrides) for n, record in enumerate(data, start=1)]


def _read_jsonl(text: str, name: str, overrides: dict) -> list[SourceItem]:
    items = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        label = f"{name} line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            items.append(SourceItem(label, error=f"{label}: not valid JSON ({exc.msg} at column {exc.colno})"))
            continue
        items.append(_record_item(record, label, overrides))
    return items


def _read_csv(text: str, name: str, overrides: dict) -> list[SourceItem]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        return [SourceItem(name, error=f"{name}: malformed CSV ({exc})")]
    columns = [column.strip().lower() for column in header]
    if "text" not in columns:
        found = ", ".join(c for c in columns if c) or "none"
        return [SourceItem(name, error=f"{name}: a CSV of articles needs a 'text' column (columns found: {found})")]
    items = []
    while True:
        label = f"{name} row {reader.line_num + 1}"
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            items.append(SourceItem(label, error=f"{label}: malformed CSV ({exc}); the rest of the file was not read"))
            break
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            items.append(SourceItem(label, error=f"{label}: {len(row)} fields, but the header has {len(columns)}"))
            continue
        items.append(_record_item(dict(zip(columns, row, strict=True)), label, overrides))
    if not items:
        return [SourceItem(name, error=f"{name}: no article rows under the header")]
    return items


def _record_item(record: object, label: str, overrides: dict) -> SourceItem:
    return _attempt(label, lambda: article_from_record(record, label, overrides))


# --- the web (only when asked) --------------------------------------------------


class FetchError(ArticleError):
    """A URL that could not be fetched; the message says why."""


def fetch(url: str, timeout: float = 20.0) -> tuple[bytes, str]:
    """The body and content type at an http(s) URL, at most one article's size."""
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http and https addresses can be read")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(MAX_ARTICLE_BYTES + 1)
            content_type = response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: the server answered {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"{url}: could not be fetched ({reason})") from None
    if len(data) > MAX_ARTICLE_BYTES:
        raise FetchError(f"{url}: larger than the {MAX_ARTICLE_BYTES // 1_048_576} MB limit for one article")
    return data, content_type


def looks_like_feed(data: bytes, content_type: str = "") -> bool:
    if any(kind in content_type.lower() for kind in ("rss", "atom")):
        return True
    head = data[:600].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head) or head.startswith((b"<rss", b"<feed"))


def read_url(url: str, timeout: float = 20.0, **overrides: object) -> list[SourceItem]:
    """A web page as one article, or every entry of an RSS/Atom feed."""
    try:
        data, content_type = fetch(url, timeout)
    except FetchError as exc:
        return [SourceItem(url, error=str(exc))]
    if looks_like_feed(data, content_type):
        return _read_feed_bytes(data, url, timeout, overrides)
    return [_attempt(url, lambda: _page_article(data, url, overrides))]


def read_feed(url: str, timeout: float = 20.0, **overrides: object) -> list[SourceItem]:
    """Every entry of an RSS 2.0 or Atom feed, each article fetched from its link."""
    try:
        data, _ = fetch(url, timeout)
    except FetchError as exc:
        return [SourceItem(url, error=str(exc))]
    return _read_feed_bytes(data, url, timeout, overrides)


def _page_article(data: bytes, url: str, overrides: dict, **defaults: object) -> Article:
    text = decode_bytes(data, url)
    values = {"source_url": url, **{k: v for k, v in defaults.items() if v is not None}}
    values.update({k: v for k, v in overrides.items() if v is not None})
    article = parse_article(text, name=url, **values)
    if article.source is None:
        article.source = urllib.parse.urlsplit(url).hostname
    return article


@dataclass(frozen=True)
class FeedEntry:
    title: str | None
    link: str | None
    published: dt.date | None
    content: str | None  # full text or summary, used when the entry has no link


ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"


def parse_feed(data: bytes, name: str = "feed") -> tuple[str | None, list[FeedEntry]]:
    """The feed's title and its entries (RSS 2.0 or Atom)."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ArticleError(f"{name}: not a readable RSS or Atom feed ({exc})") from None
    if root.tag == "rss" or root.find("channel") is not None:
        channel = root.find("channel")
        if channel is None:
            raise ArticleError(f"{name}: RSS feed without a channel")
        entries = [
            FeedEntry(
                title=_text(item.find("title")),
                link=_text(item.find("link")),
                published=_rfc822_date(_text(item.find("pubDate"))),
                content=_text(item.find(CONTENT_ENCODED)) or _text(item.find("description")),
            )
            for item in channel.findall("item")
        ]
        return _text(channel.find("title")), entries
    if root.tag == f"{ATOM}feed":
        entries = []
        for entry in root.findall(f"{ATOM}entry"):
            links = entry.findall(f"{ATOM}link")
            link = next((lk.get("href") for lk in links if lk.get("rel", "alternate") == "alternate"), None)
            stamp = _text(entry.find(f"{ATOM}published")) or _text(entry.find(f"{ATOM}updated"))
            entries.append(
                FeedEntry(
                    title=_text(entry.find(f"{ATOM}title")),
                    link=link,
                    published=_iso_date(stamp),
                    content=_text(entry.find(f"{ATOM}content")) or _text(entry.find(f"{ATOM}summary")),
                )
            )
        return _text(root.find(f"{ATOM}title")), entries
    raise ArticleError(f"{name}: XML, but neither an RSS nor an Atom feed (root element {root.tag!r})")


def _read_feed_bytes(data: bytes, url: str, timeout: float, overrides: dict) -> list[SourceItem]:
    try:
        feed_title, entries = parse_feed(data, url)
    except ArticleError as exc:
        return [SourceItem(url, error=str(exc))]
    if not entries:
        return [SourceItem(url, error=f"{url}: the feed has no entries")]
    items = []
    for number, entry in enumerate(entries, start=1):
        defaults = {"title": entry.title, "published": entry.published, "source": feed_title}
        if entry.link:
            link = urllib.parse.urljoin(url, entry.link)
            try:
                body, _ = fetch(link, timeout)
            except FetchError as exc:
                items.append(SourceItem(link, error=str(exc)))
                continue
            items.append(_attempt(link, lambda body=body, link=link, defaults=defaults: _page_article(body, link, overrides, **defaults)))
        else:
            label = f"{url} entry {number}"
            record = {"text": entry.content or "", "title": entry.title, "source": feed_title}
            values = {k: v for k, v in {"published": entry.published, **overrides}.items() if v is not None}
            items.append(_attempt(label, lambda record=record, label=label, values=values: article_from_record(record, label, values)))
    return items


def _text(element: ET.Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return element.text.strip() or None


def _iso_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return parse_date(value)


def _rfc822_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError):
        return parse_date(value)
