"""Invisible characters (zero-width spaces and joiners, bidi controls, soft hyphens) are
read past: a zero-width space inside every word would otherwise hide every name and claim
from the parser. The pipeline reads the text without them; the ledger's offsets are then
mapped back, so they still index the text as stored."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any, TypeVar

__all__ = ["INVISIBLE", "remap_spans", "without_invisible"]

INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
"""Soft hyphen, zero-width space/non-joiner/joiner, LRM/RLM, bidi embeddings, overrides and
isolates, word joiner and invisible operators, and the byte-order mark inside a text."""

T = TypeVar("T")


def without_invisible(text: str) -> tuple[str, list[int]] | None:
    """The text without invisible characters, and for each of its positions (and its end)
    the position in ``text``; None when there is nothing to remove."""
    if not INVISIBLE.search(text):
        return None
    kept = [i for i, char in enumerate(text) if not INVISIBLE.match(char)]
    return "".join(text[i] for i in kept), [*kept, len(text)]


def remap_spans(value: T, positions: Sequence[int], original: str, cleaned: str | None = None) -> T:
    """``value`` (a ledger, or any part of one) with every ``start``/``end`` moved from the
    cleaned text to ``original``, and every span's ``text`` read from ``original``; with
    ``cleaned``, only a ``text`` that is its span's words (a source's name stays)."""
    return _remap(value, positions, original, cleaned)  # type: ignore[no-any-return]


def _remap(value: Any, positions: Sequence[int], original: str, cleaned: str | None) -> Any:
    if isinstance(value, tuple):
        return tuple(_remap(v, positions, original, cleaned) for v in value)
    if isinstance(value, list):
        return [_remap(v, positions, original, cleaned) for v in value]
    if isinstance(value, dict):
        return {k: _remap(v, positions, original, cleaned) for k, v in value.items()}
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return value
    changes: dict[str, Any] = {}
    names = {f.name for f in dataclasses.fields(value)}
    start, end = getattr(value, "start", None), getattr(value, "end", None)
    if {"start", "end"} <= names and isinstance(start, int) and isinstance(end, int):
        last = len(positions) - 1
        new_start = positions[min(start, last)]
        new_end = positions[min(end - 1, last)] + 1 if end > start else positions[min(end, last)]
        changes["start"], changes["end"] = new_start, new_end
        text = getattr(value, "text", None)
        if isinstance(text, str) and (cleaned is None or cleaned[start:end] == text):
            changes["text"] = original[new_start:new_end]
    for name in names - {"start", "end", "text"}:
        inner = getattr(value, name)
        if isinstance(inner, tuple | list | dict) or dataclasses.is_dataclass(inner):
            changes[name] = _remap(inner, positions, original, cleaned)
    return dataclasses.replace(value, **changes)
