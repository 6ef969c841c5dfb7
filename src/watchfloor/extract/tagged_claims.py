"""Claims from the trained tagger: its spans grouped into attributions, sources resolved.

The tagger decides where sources, cues and contents are; this module turns each group
into a ``ClaimDraft`` with the rule finder's knowledge of who a source is (an entity, a
pronoun's antecedent, an unnamed official, a transcript's speaker), the cue's head word
(for modality) and whether the content is quoted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from watchfloor.extract.drafts import (
    ClaimDraft,
    SourceDraft,
    says_something,
    trim_chars,
)
from watchfloor.extract.grouping import SpanGroup, group_spans
from watchfloor.extract.sources import noun_phrase, quoted_as_saying, shown_name
from watchfloor.extract.tagger import TaggedSpan
from watchfloor.lang.lexicon import CITE_LEMMAS, CUE_VERBS, NORMS
from watchfloor.types import QuoteKind, SourceKind

if TYPE_CHECKING:
    from watchfloor.extract.attribution import AttributionFinder

__all__ = ["keep_claim", "tagged_claims"]

_QUOTE_MARKS = '"“”«»„'


def _span(doc: Doc, tagged: TaggedSpan) -> Span | None:
    return doc.char_span(tagged.start, tagged.end, alignment_mode="expand")


def _cue_head(cue: Span) -> Token:
    """The word a cue turns on: its verb ("did not say"), else its root ("according to")."""
    verbs = [t for t in cue if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass")]
    return verbs[0] if verbs else cue.root


def quote_kind(quotes: list[tuple[int, int]], start: int, end: int) -> QuoteKind:
    """Direct when the content is (nearly) all inside one quotation."""
    for q_start, q_end in quotes:
        inside = min(end, q_end) - max(start, q_start)
        if inside > 0 and inside >= 0.8 * (end - start):
            return QuoteKind.DIRECT
    return QuoteKind.INDIRECT


def tagged_claims(
    finder: AttributionFinder, spans: list[TaggedSpan], quotes: list[tuple[int, int]]
) -> list[ClaimDraft]:
    """Claims of ``finder.doc`` from the tagger's ``spans`` (in text order)."""

    doc = finder.doc
    starts = sorted({s.start_char for s in doc.sents})
    claims: list[ClaimDraft] = []
    for group in group_spans(spans, starts, finder.text):
        content = _content(doc, group.content)
        if content is None:
            continue
        content = _with_conjuncts(content)
        start, end = trim_chars(finder.text, content.start_char, content.end_char)
        if end - start < 2:
            continue
        if (
            group.cue is not None
            and not group.joined
            and start <= group.cue.start
            and group.cue.end <= end
        ):
            continue  # "as imminent as the agency says it is": the cue's own clause, no content
        cue = _span(doc, group.cue) if group.cue is not None else None
        cue_token = _cue_head(cue) if cue is not None else None
        saying = _saying_of_passive(cue_token) if group.joined else None
        if saying is not None:  # "X was quoted by Y as saying that Z": X says Z
            cue, cue_token = doc[saying.i - 1 : saying.i + 1], saying
            start, end = trim_chars(finder.text, saying.idx + len(saying), end)
            if doc.char_span(start, end, alignment_mode="expand") is None:
                continue
            start = _after_mark(doc, start)
        source = _source(finder, group)
        if (
            cue is not None
            and cue.text.lower() == "according to"
            and source.span is not None
            and source.span.root.lemma_.lower() in NORMS
        ):
            continue  # "according to plan": conformity, not a source
        if cue is not None and cue.text.lower() == "according to" and group.source is None:
            split = _according_to_source(finder, cue, start, end)
            if split is not None:
                source, (start, end) = split
        elif (
            cue_token is not None
            and cue_token.pos_ in ("VERB", "AUX")
            and (source.span is None or quoted_as_saying(cue_token) is not None)
        ):
            ruled = finder.source_of(cue_token)  # the parse names who: "X was quoted by Y
            if ruled is not None and ruled.span is not None and _names_someone(ruled.span):
                source = ruled  # as saying", a missed subject
        claim = ClaimDraft(
            content=(start, end),
            source=source,
            cue=cue,
            quote=quote_kind(quotes, start, end),
            cue_token=cue_token,
        )
        if cue_token is not None and cue_token.pos_ in ("VERB", "AUX"):
            claim.cites = finder.cites(cue_token)
            claim.medium = finder.medium(cue_token)
        if not keep_claim(finder, claim):
            continue
        claims.append(claim)
        if source is not None and source.span is not None:
            finder.history.append(source)
    return claims


def _saying_of_passive(cue: Token | None) -> Token | None:
    """The "saying" of a passive citation ("was quoted by Y as saying"), whose speaker is
    the passive's subject; the tagger may join the subject and the rest as one content."""
    if cue is None or cue.lemma_.lower() not in CITE_LEMMAS:
        return None
    if not any(c.dep_ == "nsubjpass" for c in cue.children):
        return None
    for token in cue.subtree:
        if token.lower_ == "saying" and token.head.lower_ == "as" and token.i > cue.i:
            return token
    return None


def _after_mark(doc: Doc, start: int) -> int:
    """The start of a content past its "that" ("saying that the brigades ...")."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is not None and span[0].lower_ == "that" and span[0].dep_ == "mark":
        following = span[0].i + 1
        return doc[following].idx if following < len(doc) else start
    return start


_DANGLING = frozenset({"CCONJ", "ADP", "DET", "SCONJ", "PART", "PUNCT"})


def _with_conjuncts(span: Span) -> Span:
    """The content with the rest of a coordination it stops inside: "reports of a
    mobilisation, of call-up papers and of men sent to offices" is one content, not its
    first conjunct (the rest would read as the narrator's own assertion)."""
    doc, end = span.doc, span.end
    while True:
        j = end
        while j < len(doc) and (doc[j].text == "," or doc[j].dep_ == "cc"):
            j += 1
        if j == end or j >= len(doc):
            return doc[span.start : end]
        token = doc[j]
        if not span.start <= token.head.i < end:
            return doc[span.start : end]
        parallel = (
            token.dep_ == "prep"
            and any(  # "of X, of Y": the parse hangs both on X
                c.dep_ == "prep" and c.lower_ == token.lower_ and c.i < end
                for c in doc[span.start : end]
            )
        )
        if token.dep_ != "conj" and not parallel:
            return doc[span.start : end]
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in CUE_VERBS:
            return doc[span.start : end]  # "... and warned X": a claim of its own
        end = token.right_edge.i + 1


def _dangles(token: Token, end: int) -> bool:
    """Whether ``token``, last before ``end``, is left hanging by the cut: a conjunction,
    or a function word whose head or object lies beyond ("... of the" of "of the plan").
    A stranded preposition keeps its place ("what they asked for"), as does a particle
    ("called up") or a closing quotation mark."""
    if token.pos_ not in _DANGLING or token.dep_ == "prt" or token.text in ')]"”’':
        return False
    if token.pos_ in ("CCONJ", "PUNCT"):
        return True
    return token.head.i >= end or any(child.i >= end for child in token.children)


def _content(doc: Doc, tagged: TaggedSpan | Span) -> Span | None:
    """The tagged content as whole words, ending at a clause boundary (no trailing "and",
    "of the"), or None when it is no claim: a question, a greeting or thanks, a fragment
    without a noun, a name or a number in under three words."""
    from watchfloor.extract.transcripts import is_filler

    span = tagged if isinstance(tagged, Span) else _span(doc, tagged)
    if span is None:
        return None
    start, end = span.start, span.end
    while end > start and _dangles(doc[end - 1], end):
        end -= 1
    while start < end and doc[start].pos_ == "PUNCT":
        start += 1
    if end <= start:
        return None
    before = start - 1
    while before >= 0 and doc[before].is_punct:
        before -= 1
    if before >= 0 and doc[before].lower_ in ("citing", "quoting"):
        # "claims, citing the ministry, that ...": the ministry is cited, not said
        marks = [t.i for t in doc[start:end] if t.lower_ == "that" and t.dep_ == "mark"]
        if marks:
            start = marks[0] + 1
    if end <= start:
        return None
    span = doc[start:end]
    text = span.text
    tail = doc[end].text if end < len(doc) else ""
    if text.rstrip().endswith("?") or tail == "?" or is_filler(text):
        return None
    if not says_something(list(span)):
        return None
    return span


def _source(finder: AttributionFinder, group: SpanGroup) -> SourceDraft:

    if group.source is None:
        return SourceDraft(None, None, SourceKind.UNATTRIBUTED)
    span = _span(finder.doc, group.source)
    if span is not None:
        from watchfloor.extract.entities import transcript_label

        while len(span) > 1 and transcript_label(span[0]):  # "Q" of "Q John Kirby ..."
            span = span[1:]
    if span is None or not _names_someone(span):
        return SourceDraft(None, None, SourceKind.UNATTRIBUTED)
    head = span.root
    if head.pos_ in ("VERB", "AUX"):  # "You heard from the President yesterday talk about"
        chunks = [c for c in span.noun_chunks if c.root.pos_ != "PRON"]
        if not chunks:
            return SourceDraft(None, None, SourceKind.UNATTRIBUTED)
        return _standing_for(finder, span, chunks[-1])  # the phrase nearest the cue speaks
    if head.lower_ in _RELATIVE and head.head.dep_ == "relcl" and head.head.head.i != head.i:
        # "the general, who said ...": the general speaks; the span stays "who" (as
        # annotators mark it: measured on PolNeAR dev), the name is the general's
        antecedent = noun_phrase(head.head.head)
        if not _names_someone(antecedent):
            return SourceDraft(None, None, SourceKind.UNATTRIBUTED)
        return _standing_for(finder, span, _phrase_only(antecedent))
    if any(s <= span.start_char and span.end_char <= e for s, e in finder.speakers):
        return finder.labelled(span, span.text, None)  # the tagger marked a speaker label
    resolved = finder.resolve(head)
    if resolved.entity is None and (resolved.outside is not None or _is_label(resolved, span)):
        return resolved  # a transcript's "I" and "we": the speaker label stands for them
    # the span stays as the tagger found it (PolNeAR's sources run on: measured, trimming
    # them lowers dev source F1 by 1.2); the name shown is its noun phrase
    phrase = _phrase_only(span)
    shown = shown_name(phrase)
    name = resolved.name or (shown if shown != span.text else None)
    return SourceDraft(
        span, resolved.entity, resolved.kind, resolved.outside, resolved.resolved, name=name
    )


def _standing_for(finder: AttributionFinder, span: Span, phrase: Span) -> SourceDraft:
    """The source ``span`` as the tagger found it, standing for who ``phrase`` names."""
    named = finder.resolve(phrase.root)
    return SourceDraft(
        span,
        named.entity,
        named.kind,
        named.outside,
        named.resolved,
        name=named.name or shown_name(phrase),
    )


_CLAUSE_OPENERS = frozenset({"WDT", "WP", "WP$", "WRB"})
_BREAKS = frozenset({":", "—", "–", '"', "“", "”"})


def _phrase_only(span: Span) -> Span:
    """A source is a noun phrase: of the tagger's span, the piece between breaks that
    holds its head ('"remarkable words:" NATO representatives'), up to a clause it runs
    into ("a majority of Americans who — who vote", "one of your colleagues why the
    President", "our allies about how that would be addressed"). The span itself when it
    runs into neither."""
    doc, head = span.doc, span.root
    start, end = span.start, span.end
    for token in span:
        if token.text in _BREAKS:
            if token.i < head.i:
                start = token.i + 1
            elif token.i > head.i:
                end = min(end, token.i)
    for token in doc[start + 1 : end]:
        if token.i > head.i and (
            token.tag_ in _CLAUSE_OPENERS or (token.lower_ == "about" and token.dep_ == "prep")
        ):
            end = token.i
            break
    if (start, end) == (span.start, span.end):
        return span
    cut = doc[start:end]
    while len(cut) > 1 and (cut[-1].is_punct or cut[-1].pos_ in _DANGLING):
        cut = cut[:-1]
    while len(cut) > 1 and cut[0].is_punct:
        cut = cut[1:]
    return cut if len(cut) else span


_RELATIVE = frozenset({"who", "which", "that"})


def _according_to_source(
    finder: AttributionFinder, cue: Span, start: int, end: int
) -> tuple[SourceDraft, tuple[int, int]] | None:
    """'According to X, CONTENT' tagged as one content after the cue: X is the source."""

    to = cue[-1]
    objects = [c for c in to.children if c.dep_ == "pobj"]
    if not objects or not start <= objects[0].idx < end:
        return None
    source_head = objects[0]
    after = source_head.right_edge.idx + len(source_head.right_edge)
    new_start, new_end = trim_chars(finder.text, after, end)
    if new_end - new_start < 3:
        return None
    return finder.resolve(source_head), (new_start, new_end)


def _is_label(resolved: SourceDraft, span: Span) -> bool:
    """Whether resolution found a speaker label elsewhere in the text for ``span``."""
    return resolved.span is not None and resolved.span.start_char != span.start_char


def keep_claim(finder: AttributionFinder, claim: ClaimDraft) -> bool:
    """A claim worth keeping: its content says something (one word only when a verb
    takes it: "endorsed Clinton") and is not a question, a cue that is negated asserts
    something ("did not disclose the plans" does not), and its source can speak ("the
    rockets said nothing" is no claim)."""
    content = finder.doc.char_span(*claim.content, alignment_mode="expand")
    if content is None or _content(finder.doc, content) is None:
        return False
    words = [t for t in content if t.is_alpha]
    cue = claim.cue_token
    if len(words) < 2 and not (_names_a_thing(words) and cue is not None and cue.pos_ == "VERB"):
        return False  # "it", "which", an adjective: nothing to weigh
    if claim.cue is not None and any(
        t.lemma_.lower() in _WITHHELD and any(c.dep_ == "neg" for c in t.children)
        for t in claim.cue
    ):
        return False  # "did not disclose", "decided not to announce"
    return not (
        cue is not None
        and cue.lower_ != "according"
        and claim.source is not None
        and not finder.can_speak(claim.source, cue)
    )


def _names_a_thing(words: list[Token]) -> bool:
    """One word a verb takes as what is said, backed or opposed: "endorsed Clinton", "want
    peace", "declared bankruptcy" (PolNeAR marks these; dev cue and content F1 +0.4)."""
    return len(words) == 1 and words[0].pos_ in ("PROPN", "NOUN")


_WITHHELD = frozenset(
    "say disclose reveal specify comment confirm announce name give provide elaborate".split()
)
"""Cues that, negated, assert nothing ("would not say", "did not disclose")."""


def _names_someone(span: Span) -> bool:
    """Whether a tagged source can be a source at all: not a possessive ending, a lone
    determiner or a place or nationality used as a modifier ("Iraqi", "New York" of "the
    New York businessman")."""
    words = [t for t in span if t.is_alpha]
    if not words:
        return False  # "'s", a dash, a number
    if len(words) == 1 and words[0].pos_ in ("DET", "ADP", "CCONJ", "PART", "SCONJ", "ADV"):
        return False
    if span.text.rstrip().endswith("-"):
        return False  # a word the speaker broke off ("with empha-")
    if not any(t.pos_ in ("NOUN", "PROPN", "PRON") and not t.like_num for t in span):
        return False  # a number alone ("Two questions on ...", "nearly 5.5 million signed")
    root = span.root
    if root.ent_type_ in ("GPE", "NORP", "LOC") and root.dep_ in ("amod", "compound", "poss"):
        return False  # a modifier, cut from the phrase it belongs to
    return not (root.pos_ == "ADJ" and root.ent_type_ in ("NORP", "GPE"))
