"""Ingest: read text, Markdown, HTML, RSS/Atom, JSON Lines and JSON from files, folders,
URLs and standard input into ``Article``s; anything unreadable becomes a ``Rejection``.

Entry function: ``read_articles``. It touches no store; ``watchfloor.pipeline`` does.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import BinaryIO

from watchfloor.errors import IngestError
from watchfloor.ingest._decode import DecodeError, decode_text
from watchfloor.ingest._language import detect_language
from watchfloor.ingest._sources import LineStream, RawItem, is_url, iter_sources
from watchfloor.ingest.feeds import read_feed
from watchfloor.ingest.html import declared_charset, read_html
from watchfloor.ingest.records import read_json_document, read_json_lines
from watchfloor.ingest.tables import TABLE_SUFFIXES, read_table, text_lines
from watchfloor.ingest.text import read_text
from watchfloor.settings import Settings
from watchfloor.types import Article, Rejection, RejectReason

__all__ = ["read_articles", "read_item"]

_FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml", ".rdf"})
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})


def read_articles(
    sources: list[str], *, settings: Settings, stdin: BinaryIO | None = None
) -> Iterator[Article | Rejection]:
    """Every article in ``sources`` (paths, folders, http(s) URLs, ``-``), in order.

    Never raises for bad input: each unreadable item is yielded as a ``Rejection`` and
    reading goes on. Articles come with their language set (declared or detected).
    """
    for raw in iter_sources(
        sources, max_bytes=settings.max_item_bytes, timeout=settings.http_timeout, stdin=stdin
    ):
        if isinstance(raw, IngestError):
            yield _rejection(raw)
            continue
        if isinstance(raw, LineStream):
            yield from _read_stream(raw, settings)
            continue
        try:
            for result in read_item(raw, text_column=settings.text_column):
                yield _finish(result, settings)
        except Exception as exc:  # noqa: BLE001 - one bad item must not end the batch
            yield Rejection(raw.name, RejectReason.UNREADABLE, f"{type(exc).__name__}: {exc}")


def _read_stream(raw: LineStream, settings: Settings) -> Iterator[Article | Rejection]:
    """A JSON Lines file or a table, one record at a time."""
    try:
        if raw.is_table:
            with raw.path.open(encoding="utf-8-sig", newline="") as lines:
                for result in read_table(
                    raw.name,
                    lines,
                    max_bytes=settings.max_item_bytes,
                    text_column=settings.text_column,
                ):
                    yield _finish(result, settings)
        else:
            with raw.path.open("rb") as handle:
                for result in read_json_lines(raw.name, handle, max_bytes=settings.max_item_bytes):
                    yield _finish(result, settings)
    except UnicodeDecodeError as exc:
        yield Rejection(raw.name, RejectReason.UNDECODABLE, f"not UTF-8 text: {exc.reason}")
    except OSError as exc:
        yield Rejection(raw.name, RejectReason.NOT_FOUND, f"cannot read: {exc.strerror or exc}")


def read_item(raw: RawItem, *, text_column: str | None = None) -> Iterator[Article | IngestError]:
    """Articles in one raw input, by its format (suffix, content type, then content);
    ``text_column`` names a table's text column (docs/ingest.md)."""
    data = raw.data
    if not data.strip():
        yield IngestError(raw.name, RejectReason.EMPTY, "no content")
        return
    kind = _sniff(raw)
    if kind == "feed":
        yield from read_feed(raw.name, data)
        return
    try:
        charset = raw.charset or (declared_charset(data) if kind == "html" else None)
        text = decode_text(data, declared=charset)
    except DecodeError as exc:
        reason = RejectReason.BINARY if exc.binary else RejectReason.UNDECODABLE
        yield IngestError(raw.name, reason, str(exc))
        return
    if kind == "html":
        yield from read_html(raw.name, text, url=raw.name if is_url(raw.name) else None)
    elif kind == "jsonl":
        yield from read_json_lines(raw.name, text.encode("utf-8").splitlines(), max_bytes=len(data))
    elif kind == "json":
        yield from read_json_document(raw.name, text)
    elif kind == "table":
        yield from read_table(
            raw.name, text_lines(text), max_bytes=len(data) + 1, text_column=text_column
        )
    else:
        yield from read_text(raw.name, text)


def _sniff(raw: RawItem) -> str:
    content_type = raw.content_type or ""
    if raw.suffix in _HTML_SUFFIXES or content_type in ("text/html", "application/xhtml+xml"):
        return "html"
    if raw.suffix in (".jsonl", ".ndjson") or content_type in (
        "application/x-ndjson",
        "application/jsonl",
    ):
        return "jsonl"
    if raw.suffix == ".json" or content_type == "application/json":
        return "json"
    if raw.suffix in TABLE_SUFFIXES or content_type in ("text/csv", "text/tab-separated-values"):
        return "table"
    if raw.suffix in _TEXT_SUFFIXES or content_type in ("text/plain", "text/markdown"):
        return "text"
    head = raw.data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if raw.suffix in _FEED_SUFFIXES or "xml" in content_type or head.startswith(b"<?xml"):
        if b"<html" in head and not any(tag in head for tag in (b"<rss", b"<feed", b"<rdf")):
            return "html"
        return "feed"
    if head.startswith((b"<rss", b"<feed", b"<rdf")):
        return "feed"
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        return "html"
    if head.startswith((b"{", b"[")):
        first_line = raw.data.lstrip().split(b"\n", 1)[0]
        rest = raw.data.lstrip()[len(first_line) :].strip()
        return "jsonl" if rest.startswith(b"{") and first_line.rstrip().endswith(b"}") else "json"
    return "text"


def _finish(result: Article | IngestError, settings: Settings) -> Article | Rejection:
    if isinstance(result, IngestError):
        return _rejection(result)
    if result.language is None:
        language = detect_language(
            result.text, languages=settings.languages, accurate=settings.accurate_language_detection
        )
        if language is not None:
            result = replace(result, language=language)
    return result


def _rejection(error: IngestError) -> Rejection:
    return Rejection(error.item, error.reason, error.detail)
