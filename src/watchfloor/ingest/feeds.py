"""RSS 2.0, RSS 1.0 and Atom feeds, with feedparser: one article per entry."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from xml.sax import SAXParseException

import feedparser

from watchfloor.errors import IngestError
from watchfloor.ingest._language import normalise_language
from watchfloor.ingest.html import html_fragment_to_text
from watchfloor.types import Article, RejectReason


def read_feed(name: str, data: bytes) -> Iterator[Article | IngestError]:
    """Articles from a feed's entries; the feed's title is their outlet."""
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo") and not parsed.get("version"):
            problem = parsed.get("bozo_exception")
            detail = _first_line(problem) if problem else "not an RSS or Atom feed"
            yield IngestError(name, RejectReason.MALFORMED_FEED, detail)
        elif not parsed.get("version"):
            yield IngestError(name, RejectReason.MALFORMED_FEED, "not an RSS or Atom feed")
        else:
            yield IngestError(name, RejectReason.EMPTY, "feed has no entries")
        return
    broken = parsed.get("bozo") and isinstance(parsed.get("bozo_exception"), SAXParseException)
    feed = parsed.get("feed") or {}
    outlet = feed.get("title") or None
    feed_language = normalise_language(feed.get("language") or "") if feed.get("language") else None
    for index, entry in enumerate(entries, start=1):
        record = entry.get("id") or entry.get("link") or f"entry {index}"
        item = f"{name}#{record}"
        text = _entry_text(entry)
        if not text:
            if not broken:  # in a broken feed, the cut-off last entry is reported below
                yield IngestError(item, RejectReason.EMPTY, "feed entry has no text")
            continue
        language = entry.get("language") or None
        yield Article(
            text=text,
            origin=name,
            record=str(record),
            title=entry.get("title") or None,
            url=entry.get("link") or None,
            outlet=outlet,
            author=entry.get("author") or None,
            published=_entry_time(entry),
            language=normalise_language(language) if language else feed_language,
            extra={"tags": [t.get("term") for t in entry.get("tags", []) if t.get("term")]}
            if entry.get("tags")
            else {},
        )
    if broken:
        yield IngestError(
            name,
            RejectReason.MALFORMED_FEED,
            f"not well-formed XML ({_first_line(parsed['bozo_exception'])}); "
            "entries before the error were read",
        )


def _entry_text(entry: Any) -> str:
    contents = entry.get("content") or []
    for content in contents:
        value = content.get("value") or ""
        if value.strip():
            return (
                html_fragment_to_text(value)
                if "html" in content.get("type", "html")
                else value.strip()
            )
    summary = entry.get("summary") or ""
    return html_fragment_to_text(summary)


def _entry_time(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    return None


def _first_line(problem: object) -> str:
    text = str(problem).strip() or type(problem).__name__
    return text.splitlines()[0]
