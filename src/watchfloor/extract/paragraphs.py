"""Paragraph breaks are sentence breaks: headlines, captions and datelines stand alone.

Runs before the parser and sets ``token.is_sent_start`` after blank lines, which the
parser respects. Single newlines are left alone: wrapped text has them mid-sentence.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("watchfloor_paragraphs", assigns=["token.is_sent_start"])
def mark_paragraphs(doc: Doc) -> Doc:
    after_break = False
    for token in doc:
        if token.is_space and token.text.count("\n") >= 2:
            after_break = True
            continue
        if after_break and not token.is_space:
            token.is_sent_start = True
            after_break = False
        if "\n\n" in token.whitespace_:
            after_break = True
    return doc
