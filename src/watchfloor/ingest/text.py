"""Plain text and Markdown, with an optional YAML front matter for metadata."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from watchfloor.errors import IngestError
from watchfloor.ingest._fields import metadata_fields
from watchfloor.types import Article, RejectReason

_FENCE = "---"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: 10x faster
_MAX_FRONT_MATTER = 20_000


class FrontMatterError(ValueError):
    """A front matter that must not be read (YAML aliases: a few hundred bytes of them can
    expand to gigabytes)."""


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Metadata from a leading ``---`` YAML block, and the body after it, verbatim.

    Text without a well-formed front matter is returned whole, with no metadata. Raises
    ``FrontMatterError`` for a front matter that uses YAML aliases.
    """
    if not text.startswith(_FENCE + "\n") and not text.startswith(_FENCE + "\r\n"):
        return {}, text
    first_break = text.index("\n") + 1
    head = text[:_MAX_FRONT_MATTER]
    for closing in ("\n---\n", "\n---\r\n", "\n...\n"):
        end = head.find(closing, first_break - 1)
        if end != -1:
            break
    else:
        return {}, text
    block = text[first_break:end]
    try:
        if any(isinstance(e, yaml.AliasEvent) for e in yaml.parse(block, Loader=_LOADER)):
            raise FrontMatterError("the front matter uses YAML aliases, which are not accepted")
        meta = yaml.load(block, Loader=_LOADER)
    except yaml.YAMLError:
        return {}, text
    if not isinstance(meta, dict):
        return {}, text
    return meta, text[end + len(closing) :]


def read_text(name: str, text: str) -> Iterator[Article | IngestError]:
    """One article from plain text or Markdown."""
    try:
        meta, body = split_front_matter(text)
    except FrontMatterError as exc:
        yield IngestError(name, RejectReason.INVALID_RECORD, str(exc))
        return
    if not body.strip():
        yield IngestError(name, RejectReason.EMPTY, "no text")
        return
    fields, extra = metadata_fields(meta)
    yield Article(text=body, origin=name, extra=extra, **fields)
