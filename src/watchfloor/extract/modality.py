"""Modality, polarity and author distancing of each claim.

Reads ``doc._.wf_claims`` and writes, per claim, ``modality``, ``polarity``, ``hedges`` and
``author_distanced`` into ``doc._.wf_claim_attributes``. Cues: the reporting verb's own
force (say: certain, believe: probable, speculate: possible, ask: unknown), hedges in the
content that belong to it rather than to a nested claim (may, likely, expected to), and
questions. The weakest cue wins. Denial verbs, and contents that say something is not so
(a negated main verb, "no ..." as subject, "there is no ...", "... is false"), give
``denied``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from watchfloor.extract.drafts import ClaimDraft
from watchfloor.lang.lexicon import (
    CUE_VERBS,
    DENIAL_VERBS,
    DISTANCING_ADVERBS,
    DISTANCING_CUES,
    ENGLISH,
    HEDGE_PHRASES,
    HEDGE_WORDS,
    weakest,
)
from watchfloor.types import AttributionKind, Modality, Polarity

__all__ = ["ClaimAttributes", "assess_claim", "content_negated", "hedge_phrases_in"]

_EXISTENTIAL_DENIAL = re.compile(
    r"^there\s+(is|was|are|were|has\s+been|have\s+been|will\s+be)\s+no\b", re.I
)


_NO_DOUBT = re.compile(r"\bno\s+(?:doubt|question)\b|\bnot\s+(?:a|any)\s+doubt\b", re.I)
_REFUTED = re.compile(
    r"\b(?:is|was|are|were|been|be)\s+(?:completely\s+|totally\s+|entirely\s+|simply\s+)?"
    r"(?:false|untrue|unfounded|baseless|groundless|fake|fabricated|a\s+hoax|a\s+fabrication"
    r"|a\s+lie|not\s+true|nonsense)\b",
    re.I,
)
_NOT_DENIALS = frozenset(
    {"rule", "exclude", "only", "just", "deny", "know", "remember", "recall", "sure"}
)
"""Predicates whose negation is a hedge, an aside or a double negative, not a denial: "have not
ruled out", "did not deny"."""


def content_negated(content: Span) -> bool:
    """Whether a claim's content itself says that something is not so: its main
    predicate is negated ("chlorine gas had not been used", "she is not his wife"), its
    subject is "no ..." ("no troops crossed"), it has nothing ("there is no ...") or it
    calls a report false ("the news is unfounded"). "There is no doubt that ..." affirms,
    and so does a correction ("not in the cities but in the villages")."""
    text = content.text.strip()
    if _NO_DOUBT.search(text):
        return False
    if _EXISTENTIAL_DENIAL.match(text) or _REFUTED.search(text):
        return True
    tokens = [t for t in content if not t.is_punct]
    if not tokens:
        return False
    root = content.root
    if root.lemma_.lower() in _NOT_DENIALS:
        return False
    for child in root.children:
        if child.dep_ == "neg" and child.i > content.start - 1:
            # "not X but (only) Y" corrects rather than denies: it affirms Y
            return not any(t.lower_ in ("but", "instead") for t in content if t.i > child.i)
        if child.dep_ in ("nsubj", "nsubjpass", "expl") and any(
            d.dep_ == "det" and d.lower_ == "no" for d in child.children
        ):
            return True
    return False


@dataclass(frozen=True, slots=True)
class ClaimAttributes:
    modality: Modality
    polarity: Polarity
    hedges: tuple[Span, ...]
    author_distanced: bool
    kind: AttributionKind = AttributionKind.SPEECH
    """Said, believes, wants, knows or asks: by the cue (``cue_kinds`` of the language)."""


def assess_claim(doc: Doc, claim: ClaimDraft, nested: list[ClaimDraft]) -> ClaimAttributes:
    """The modality and polarity the text gives ``claim``."""
    cue = claim.cue_token
    lemma = cue.lemma_.lower() if cue is not None and cue.lower_ != "according" else None
    modality = CUE_VERBS.get(lemma, Modality.CERTAIN) if lemma else Modality.CERTAIN
    negated = cue is not None and any(c.dep_ == "neg" for c in cue.children)
    polarity = Polarity.DENIED if lemma in DENIAL_VERBS else Polarity.AFFIRMED
    if negated:
        # "did not confirm", "would not say": no stance on the content can be read.
        modality, polarity = Modality.UNKNOWN, Polarity.AFFIRMED
    if cue is not None and _in_question(cue):
        modality = Modality.UNKNOWN  # "Do you believe that ...?": asked, not asserted
    content = doc.char_span(*claim.content, alignment_mode="expand")
    hedges: list[Span] = []
    if content is not None:
        inner = [n.content for n in nested]
        for token in content:
            if any(start <= token.idx < end for start, end in inner):
                continue  # a nested claim carries its own hedges
            level = _hedge_level(token)
            if level is not None:
                modality = weakest(modality, level)
                hedges.append(doc[token.i : token.i + 1])
        for span, level in hedge_phrases_in(content, HEDGE_PHRASES):
            modality = weakest(modality, level)
            hedges.append(span)
        if content.text.rstrip().endswith("?") or _is_question_clause(content):
            modality = Modality.UNKNOWN
        if polarity is Polarity.AFFIRMED and content_negated(content):
            polarity = Polarity.DENIED
    distanced = lemma in DISTANCING_CUES or _distancing_adverb(cue, content)
    kind = ENGLISH.kind_of(lemma or "")
    return ClaimAttributes(modality, polarity, tuple(hedges), distanced, kind)


def hedge_phrases_in(content: Span, phrases: Mapping[str, Modality]) -> list[tuple[Span, Modality]]:
    """Hedging phrases ("according to preliminary data", "по предварительным данным")
    inside a claim's content, with the modality each allows."""
    lowered = content.text.lower()
    found = []
    for phrase, level in phrases.items():
        position = lowered.find(phrase)
        if position == -1:
            continue
        span = content.doc.char_span(
            content.start_char + position,
            content.start_char + position + len(phrase),
            alignment_mode="expand",
        )
        if span is not None:
            found.append((span, level))
    return found


def _hedge_level(token: Token) -> Modality | None:
    lower = token.lower_
    level = HEDGE_WORDS.get(lower)
    if level is None:
        return None
    if lower in ("should", "could", "may", "might") and token.tag_ != "MD":
        return None  # "May" the month, "might" the noun
    if (
        lower == "expected"
        and token.dep_ != "amod"
        and not any(c.lower_ == "to" for c in token.subtree)
    ):
        return None
    return level


def _in_question(cue: Token) -> bool:
    sentence = cue.sent
    if not sentence.text.rstrip().endswith("?"):
        return False
    # The cue itself is asked about: an auxiliary or WH word opens its clause.
    return (
        any(
            c.dep_ == "aux"
            and c.i < cue.i
            and c.lower_ in ("do", "does", "did", "will", "would", "can", "could")
            for c in cue.children
        )
        or cue.i - sentence.start < 6
    )


def _is_question_clause(content: Span) -> bool:
    first = content[0]
    return first.lower_ in ("whether",) or (
        first.lower_ == "if" and first.dep_ == "mark" and first.head == content.root
    )


def _distancing_adverb(cue: Token | None, content: Span | None) -> bool:
    tokens: list[Token] = []
    if cue is not None:
        tokens.extend(cue.children)
    if content is not None:
        tokens.extend(t for t in content.root.children)
    return any(t.lower_ in DISTANCING_ADVERBS for t in tokens)


class ModalityTagger:
    def __call__(self, doc: Doc) -> Doc:
        claims: list[ClaimDraft] = doc._.wf_claims or []
        attributes = []
        for index, claim in enumerate(claims):
            nested = [c for c in claims if c.nested_in == index]
            attributes.append(assess_claim(doc, claim, nested))
        doc._.wf_claim_attributes = attributes
        return doc


@Language.factory(
    "watchfloor_modality",
    requires=["doc._.wf_claims", "token.tag", "token.dep"],
    assigns=["doc._.wf_claim_attributes"],
)
def make_modality_tagger(nlp: Language, name: str) -> ModalityTagger:
    return ModalityTagger()
