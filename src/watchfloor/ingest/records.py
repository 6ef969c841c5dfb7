"""JSON Lines and JSON records with documented fields.

Fields: ``text`` or ``html`` (required), ``title``, ``url``, ``published``, ``outlet``,
``author``, ``language``, ``id``; any other key is kept in the article's ``extra``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from watchfloor.errors import IngestError
from watchfloor.ingest._decode import DecodeError, decode_text
from watchfloor.ingest._fields import metadata_fields
from watchfloor.ingest.html import read_html
from watchfloor.types import Article, RejectReason

_STRING_FIELDS = ("text", "html", "title", "url", "outlet", "author", "language")

MAX_JSON_DEPTH = 64
"""Deepest nesting of arrays and objects read: a record is two levels deep; deeper input
is refused before it is parsed (Python's parser recurses once per level)."""
TOO_DEEP = f"nested deeper than {MAX_JSON_DEPTH} levels"
"""The rejection's detail (files, JSON Lines) and the API's 400."""

_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def json_too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether JSON ``text`` nests arrays and objects more than ``limit`` deep, found
    without parsing it (brackets inside strings do not count)."""
    depth = 0
    for bracket in _BRACKET.findall(_JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        if depth > limit:
            return True
    return False


def read_json_lines(
    name: str, lines: Iterable[bytes], *, max_bytes: int
) -> Iterator[Article | IngestError]:
    """One article per non-blank line; a bad line is rejected and the rest go on."""
    for number, raw in enumerate(lines, start=1):
        item = f"{name}:{number}"
        if len(raw) > max_bytes:
            yield IngestError(
                item, RejectReason.TOO_LARGE, f"line of {len(raw):,} bytes, limit {max_bytes:,}"
            )
            continue
        if not raw.strip():
            continue
        try:
            line = decode_text(raw).rstrip("\r\n")
        except DecodeError as exc:
            reason = RejectReason.BINARY if exc.binary else RejectReason.UNDECODABLE
            yield IngestError(item, reason, str(exc))
            continue
        if json_too_deep(line):
            yield IngestError(item, RejectReason.MALFORMED_JSON, TOO_DEEP)
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield IngestError(item, RejectReason.MALFORMED_JSON, f"{exc.msg} (column {exc.colno})")
            continue
        except (RecursionError, ValueError) as exc:  # 100,000 nested arrays; a huge number
            yield IngestError(item, RejectReason.MALFORMED_JSON, _unreadable(exc))
            continue
        yield from read_record(item, name, value, default_record=f"line {number}")


def read_json_document(name: str, text: str) -> Iterator[Article | IngestError]:
    """Articles from a JSON document: one record object or an array of them."""
    if json_too_deep(text):
        yield IngestError(name, RejectReason.MALFORMED_JSON, TOO_DEEP)
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        yield IngestError(
            name, RejectReason.MALFORMED_JSON, f"{exc.msg} (line {exc.lineno}, column {exc.colno})"
        )
        return
    except (RecursionError, ValueError) as exc:
        yield IngestError(name, RejectReason.MALFORMED_JSON, _unreadable(exc))
        return
    if isinstance(value, list):
        if not value:
            yield IngestError(name, RejectReason.EMPTY, "empty JSON array")
        for index, element in enumerate(value):
            yield from read_record(f"{name}[{index}]", name, element, default_record=f"[{index}]")
    else:
        yield from read_record(name, name, value, default_record=None)


def _unreadable(exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply to read"
    return f"a value cannot be read: {exc}"


def read_record(
    item: str, origin: str, value: Any, *, default_record: str | None
) -> Iterator[Article | IngestError]:
    """One article from one JSON object, after checking its fields."""
    if not isinstance(value, dict):
        yield IngestError(
            item, RejectReason.INVALID_RECORD, f"expected a JSON object, got {_kind(value)}"
        )
        return
    for key in _STRING_FIELDS:
        if value.get(key) is not None and not isinstance(value[key], str):
            yield IngestError(
                item,
                RejectReason.INVALID_RECORD,
                f"field {key!r} must be a string, got {_kind(value[key])}",
            )
            return
    text, html = value.get("text"), value.get("html")
    if not (text and text.strip()) and not (html and html.strip()):
        yield IngestError(item, RejectReason.EMPTY, "no 'text' or 'html' field with content")
        return
    record_id = value.get("id")
    record = str(record_id) if record_id not in (None, "") else default_record
    meta = {k: v for k, v in value.items() if k not in ("text", "html", "id")}
    fields, extra = metadata_fields(meta)
    if text and text.strip():
        yield Article(text=text, origin=origin, record=record, extra=extra, **fields)
        return
    for result in read_html(item, str(html), url=fields.get("url")):
        if isinstance(result, IngestError):
            yield result
            continue
        # The record's own metadata wins over what the page's HTML says about itself.
        merged = {
            "title": result.title,
            "url": result.url,
            "outlet": result.outlet,
            "author": result.author,
            "published": result.published,
        } | fields
        yield Article(
            text=result.text,
            origin=origin,
            record=record,
            extra={**result.extra, **extra},
            **merged,
        )


def _kind(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}.get(
        type(value), "null" if value is None else "a number"
    )
