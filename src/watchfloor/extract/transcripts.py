"""Transcripts: what a speaker says in their turn is their direct claim.

A briefing or meeting transcript names its speakers in labels ("MS. JEAN-PIERRE:",
"Defence Minister Sergei Shoigu:", "Q"), at a line's start or inside a paragraph flattened
to one line. Each label opens a turn that runs to the next label. A statement in an
official's turn is a direct claim of that speaker even without a reporting verb; a
reporter's turn ("Q") asks, and claims nothing for the official; greetings, thanks and
questions are no claims.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Span

from watchfloor.extract.drafts import ClaimDraft, SourceDraft, trim_chars
from watchfloor.lang.lexicon import FILLERS
from watchfloor.types import QuoteKind

if TYPE_CHECKING:
    from watchfloor.extract.attribution import AttributionFinder

__all__ = ["is_filler", "turn_claims"]

MIN_WORDS = 4
"""A statement shorter than this ("Yes, sir.", "Go ahead.") says nothing to weigh."""


def is_filler(text: str) -> bool:
    """Greetings, thanks and turn-passing ("Thank you, Mr President.", "Please, go ahead.",
    "I'll leave it at that.") as opposed to a statement: every piece between commas and
    stops is a filler."""
    lowered = text.lower().replace("’", "'")
    pieces = [" ".join(p.split()) for p in re.split(r"[,.!;:—–]+", lowered)]
    pieces = [_LEADING.sub("", p) for p in pieces if p]
    return all(p in _FILLER_SET for p in pieces)


_FILLER_SET = frozenset(FILLERS)
_LEADING = re.compile(r"^(?:and|so|well|ok|okay|now)\s+")


def _turns(finder: AttributionFinder) -> list[tuple[int, int, SourceDraft | None]]:
    """(start, end, speaker) of each turn of the document; ``None`` for a reporter."""
    doc, text = finder.doc, finder.text
    labels = sorted(finder.speakers)
    turns: list[tuple[int, int, SourceDraft | None]] = []
    turn = doc._.wf_turn  # the speaker whose turn runs into this piece of a long text
    if turn is not None and (not labels or labels[0][0] > 0):
        first = labels[0][0] if labels else len(text)
        speaker = None if turn[2] == "Q" else finder.labelled(None, turn[2], turn)
        turns.append((0, first, speaker))
    for index, (start, end) in enumerate(labels):
        stop = labels[index + 1][0] if index + 1 < len(labels) else len(text)
        lone = len(labels) == 1 and turn is None and text[start:end] != text[start:end].upper()
        if lone and _headline(text, start):
            stop = _line_end(text, end)  # "Pat Caddell: Voters Worried About ...": a headline
        label_text = text[start:end]
        if label_text == "Q":
            turns.append((end, stop, None))
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        turns.append((end, stop, finder.labelled(span, span.text, None)))
    return turns


def _line_end(text: str, position: int) -> int:
    end = text.find("\n", position)
    return len(text) if end == -1 else end


def _headline(text: str, label_start: int) -> bool:
    """Whether the line a lone speaker label opens is a headline in title case ("Pat
    Caddell: Democrat Voters Worried About Her Health"): its speaker's turn is that line,
    not the article after it."""
    words = re.findall(r"[^\W\d_][\w’'-]*", text[label_start : _line_end(text, label_start)])
    long_words = [w for w in words if len(w) > 3]
    return len(long_words) >= 4 and sum(w[0].isupper() for w in long_words) >= 0.8 * len(long_words)


def turn_claims(finder: AttributionFinder, found: list[ClaimDraft]) -> list[ClaimDraft]:
    """Direct claims of each official's statements that no found claim already holds."""

    if not finder.speakers and finder.doc._.wf_turn is None:
        return []
    covered = [claim.content for claim in found]
    claims: list[ClaimDraft] = []
    for start, end, speaker in _turns(finder):
        if speaker is None:
            continue  # a reporter's question claims nothing for anyone
        for sentence in finder.doc.sents:
            s_start = max(sentence.start_char, start)
            s_end = min(sentence.end_char, end)
            if s_end - s_start < 2:
                continue
            piece = finder.doc.char_span(s_start, s_end, alignment_mode="contract")
            if piece is None or not _is_statement(piece):
                continue
            c_start, c_end = trim_chars(finder.text, piece.start_char, piece.end_char)
            if any(a < c_end and c_start < b for a, b in covered):
                continue  # a cue's claim already says who says it, and how
            claims.append(
                ClaimDraft(
                    content=(c_start, c_end), source=speaker, cue=None, quote=QuoteKind.DIRECT
                )
            )
    return claims


def _is_statement(piece: Span) -> bool:
    text = piece.text.strip()
    if text.endswith("?") or is_filler(text):
        return False
    words = [t for t in piece if t.is_alpha]
    if len(words) < MIN_WORDS:
        return False
    return any(t.pos_ in ("VERB", "AUX") for t in piece)
