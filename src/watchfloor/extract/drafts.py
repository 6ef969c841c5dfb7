"""Claims and sources as the attribution finders draft them, and the text helpers every
finder shares (quotes, trimming, what is worth a claim). Read by the English and Slavic
finders alike; imports nothing of theirs."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from watchfloor.types import QuoteKind, SourceKind

__all__ = [
    "QUOTE_PAIRS",
    "ClaimDraft",
    "SourceDraft",
    "find_quotes",
    "says_something",
    "span_chars",
    "trim_chars",
]

QUOTE_PAIRS = {"“": "”", "«": "»", "„": "“", '"': '"'}
_TRIM = " \t\r\n,;:.—–-\"“”«»„'‘’"


@dataclass(slots=True)
class SourceDraft:
    span: Span | None
    entity: int | None
    kind: SourceKind
    outside: tuple[int, int, str] | None = None
    """A source named before this piece of a long text (a transcript's speaker label):
    character offsets relative to the piece, and the text."""
    resolved: bool = True
    """False for a pronoun whose referent the text does not give."""
    name: str | None = None
    """Who the span names when its words do not say it in full: a transcript's label
    ("MS. JEAN-PIERRE:") resolved through the title or the gazetteer (Karine Jean-Pierre).
    The span stays the label's."""


@dataclass(slots=True)
class ClaimDraft:
    """A claim as found in the parse; character offsets into ``doc.text``."""

    content: tuple[int, int]
    source: SourceDraft | None
    cue: Span | None
    quote: QuoteKind
    cue_token: Token | None = None
    cites: list[SourceDraft] = field(default_factory=list)
    medium: SourceDraft | None = None
    nested_in: int | None = None


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Interiors (start, end) of quotations: curly, guillemets, and paired straight marks."""
    quotes: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        char = text[i]
        closing = QUOTE_PAIRS.get(char)
        if closing is None:
            i += 1
            continue
        end = text.find(closing, i + 1)
        # A straight quote closes at the next one; curly marks may span paragraphs, but a
        # missing close must not swallow the rest of the article.
        if end == -1 or end - i > 3000:
            i += 1
            continue
        quotes.append((i + 1, end))
        i = end + 1
    return quotes


def trim_chars(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    # Keep a closing bracket or quote that pairs with one inside.
    return start, end


def span_chars(tokens: list[Token]) -> tuple[int, int]:
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t) for t in tokens)
    return start, end


def says_something(tokens: list[Token]) -> bool:
    """Content worth a claim: a noun, a name or a number, or at least three words."""
    words = [t for t in tokens if t.is_alpha or t.like_num]
    if words and words[0].tag_ in ("WP", "WDT", "WRB") and len(words) <= 2:
        return False
    return len(words) >= 3 or any(t.pos_ in ("NOUN", "PROPN", "NUM") for t in tokens)
