"""Attributed claims: who says what, through which cue, citing whom.

Reads the parse and ``doc._.wf_entities``; writes ``doc._.wf_claims`` (``ClaimDraft``s,
without modality: ``watchfloor_modality`` adds it). Handles indirect speech ("X said that
...", "..., X reported"), objects of cue verbs ("denies any mobilisation"), "according to
X", direct quotes (straight or curly marks, across sentences, speaker before, after or
inside), unnamed and impersonal sources, "citing X" and nested attributions.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from watchfloor.extract.drafts import (
    QUOTE_PAIRS,
    ClaimDraft,
    SourceDraft,
    find_quotes,
    says_something,
    span_chars,
    trim_chars,
)
from watchfloor.extract.entities import EntityCluster
from watchfloor.extract.sources import (
    SourceResolver,
    naming_someone,
    speaker_labels,
    subject_of,
)
from watchfloor.lang.lexicon import (
    CITE_LEMMAS,
    CUE_VERBS,
    DENIAL_VERBS,
    ENGLISH,
    EVIDENTIAL_VERBS,
    NORMS,
    NOUN_OBJECT_CUES,
)
from watchfloor.types import AttributionKind, QuoteKind

__all__ = ["AttributionFinder", "ClaimDraft", "find_quotes", "says_something", "trim_chars"]
_DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})


class AttributionFinder(SourceResolver):
    """Claims of a parsed document. With ``use_tagger`` (English), the trained tagger
    finds sources, cues and contents and the rules below resolve who each source is;
    without it, the rules find the claims too (cue verbs, quotes, "according to")."""

    def __init__(self, use_tagger: bool = False, add_rule_claims: bool = False) -> None:
        self.use_tagger = use_tagger
        self.add_rule_claims = add_rule_claims

    def __call__(self, doc: Doc) -> Doc:
        clusters: list[EntityCluster] = doc._.wf_entities or []
        owner: dict[int, int] = doc._.wf_entity_of or {}
        self.doc, self.clusters, self.owner = doc, clusters, owner
        self.history: list[SourceDraft] = []
        self.text = doc.text  # Doc.text joins every token: read it once
        quotes = find_quotes(self.text)
        self.quotes = quotes
        self.speakers = naming_someone(doc, speaker_labels(self.text), self._is_person)
        self.author = self._author()
        if self.use_tagger:
            from watchfloor.extract.tagged_claims import keep_claim, tagged_claims
            from watchfloor.extract.tagger import load_tagger
            from watchfloor.extract.transcripts import turn_claims

            ruled = self._rule_claims(quotes)
            self.history = []
            claims = tagged_claims(self, load_tagger()(self.text, doc, quotes), quotes)
            claims += [
                c
                for c in ruled
                if (self.add_rule_claims or _nested_in_any(c, claims) or _denies(c))
                and not _overlaps_any(c, claims)
                and keep_claim(self, c)
            ]
            claims = sorted(claims + turn_claims(self, claims), key=lambda c: c.content)
        else:
            claims = self._rule_claims(quotes)
        claims = [c for c in (self._within_turn(claim) for claim in claims) if c is not None]
        _nest(claims)
        doc._.wf_claims = claims
        return doc

    def _rule_claims(self, quotes: list[tuple[int, int]]) -> list[ClaimDraft]:
        doc = self.doc
        claims: list[ClaimDraft] = []
        used_cues: set[int] = set()
        quote_claims = self._quote_claims(quotes, used_cues)
        for token in doc:
            for quoted in quote_claims.get(token.i, []):
                if quoted.cue_token is not None:
                    quoted.source = self.source_of(quoted.cue_token)
                claims.append(quoted)
                if quoted.source is not None:
                    self.history.append(quoted.source)
            if token.i in used_cues:
                continue
            claim: ClaimDraft | None = None
            if (
                token.lower_ == "according"
                and token.i + 1 < len(doc)
                and doc[token.i + 1].lower_ == "to"
            ):
                claim = self._according_to(token)
            elif token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in CUE_VERBS:
                claim = self._cue_claim(token, quotes)
            if claim is not None:
                claims.append(claim)
                if claim.source is not None:
                    self.history.append(claim.source)
        return claims

    def _within_turn(self, claim: ClaimDraft) -> ClaimDraft | None:
        """A claim's content stops at a speaker label: what follows it is another speaker's
        turn (the part on the cue's side is kept)."""
        start, end = claim.content
        for label_start, label_end in self.speakers:
            if not start < label_end <= end and not start <= label_start < end:
                continue
            cue = claim.cue.start_char if claim.cue is not None else start
            if cue >= label_end or (label_start <= start and cue < label_start):
                start = max(start, label_end + 1)
            else:
                end = min(end, label_start)
        start, end = trim_chars(self.text, start, end)
        if end - start < 3:
            return None
        claim.content = (start, end)
        return claim

    # -- direct quotes -----------------------------------------------------------

    def _quote_claims(
        self, quotes: list[tuple[int, int]], used: set[int]
    ) -> dict[int, list[ClaimDraft]]:
        """Claims for quotes attached to a cue just before or after them, keyed by the
        index of the quote's first token (so that claims come out in text order)."""
        doc, text = self.doc, self.text
        found: dict[int, list[ClaimDraft]] = {}
        for start, end in quotes:
            interior = text[start:end]
            if len(interior.split()) < 3:
                continue  # a scare quote or a title, not a statement
            first = doc.char_span(start, end, alignment_mode="expand")
            if first is None or len(first) == 0:
                continue
            cue = (self._cue_after(end) if self._opens_sentence(start) else None) or (
                self._cue_before(start) if self._closes_sentence(end) else None
            )
            if cue is None or cue.i in used:
                continue
            used.add(cue.i)
            content = trim_chars(text, start, end)
            claim = ClaimDraft(
                content=content,
                source=None,  # resolved in text order, once earlier sources are known
                cue=doc[cue.i : cue.i + 1],
                quote=QuoteKind.DIRECT,
                cue_token=cue,
                cites=self.cites(cue),
                medium=self.medium(cue),
            )
            found.setdefault(first.start, []).append(claim)
        return found

    def _opens_sentence(self, start: int) -> bool:
        """Nothing but the quote mark between the sentence start and the quotation."""
        mark = self.doc.char_span(start - 1, start, alignment_mode="expand")
        if mark is None:
            return False
        sentence = mark[0].sent
        return not self.text[sentence.start_char : start - 1].strip(" \t\n—–-")

    def _closes_sentence(self, end: int) -> bool:
        mark = self.doc.char_span(end, end + 1, alignment_mode="expand")
        if mark is None:
            return True
        sentence = mark[0].sent
        return not self.text[end + 1 : sentence.end_char].strip(" \t\n.,!?")

    def _cue_after(self, end: int) -> Token | None:
        """'"...," the paper said': a cue verb within a short stretch after the quote,
        when the quote opens its sentence."""
        doc = self.doc
        after = doc.char_span(end, min(len(self.text), end + 1), alignment_mode="expand")
        if after is None:
            return None
        i = after.start
        sentence = doc[i].sent
        for token in doc[i : min(sentence.end, i + 14)]:
            if token.i > i and token.text in QUOTE_PAIRS.values():
                return None
            if (
                token.pos_ in ("VERB", "AUX")
                and token.lemma_.lower() in CUE_VERBS
                and not _is_infinitive(token)
            ):
                between = self.text[end : token.idx]
                if "\n" in between.strip(" ,"):
                    return None
                return token
        return None

    def _cue_before(self, start: int) -> Token | None:
        """'He said: "..."': a cue verb shortly before a quote that runs to its sentence end."""
        doc = self.doc
        span = doc.char_span(max(0, start - 1), start, alignment_mode="expand")
        if span is None:
            return None
        i = span.start
        sentence = doc[i].sent
        for token in reversed(doc[max(sentence.start, i - 10) : i]):
            if (
                token.pos_ in ("VERB", "AUX")
                and token.lemma_.lower() in CUE_VERBS
                and not _is_infinitive(token)
            ):
                between = self.text[token.idx + len(token) : start - 1].strip()
                if between in ("", ":", ",", "that") or re.fullmatch(r"[\w\s,]{0,40}[:,]", between):
                    return token
                return None
        return None

    # -- indirect speech -----------------------------------------------------------

    def _cue_claim(self, cue: Token, quotes: list[tuple[int, int]]) -> ClaimDraft | None:
        if _is_infinitive(cue) or (cue.dep_ in ("amod", "acl", "compound") and cue.tag_ == "VBN"):
            return None
        if any(c.dep_ == "neg" for c in cue.children):
            return None  # "did not disclose the plans": nothing is asserted
        if cue.lemma_.lower() in CITE_LEMMAS:
            return None
        subject = subject_of(cue)
        if (
            subject is not None
            and subject.lower_ in _DEMONSTRATIVES
            and subject.tag_ == "DT"
            and cue.lemma_.lower() not in EVIDENTIAL_VERBS
        ):
            return None  # "this will in no way contradict our relations": no one speaks
        if subject is not None and subject.tag_ == "WP" and cue.dep_ != "relcl":
            return None  # "Who can say how it will develop?" asks who; nobody is quoted
        content_tokens = self._content(cue)
        if content_tokens is None:
            return None
        source = self.source_of(cue)
        if source is not None and not self.can_speak(source, cue):
            return None  # "all the missiles confirmed": evidence, not a speaker
        if source is not None and source.span is not None:
            # The source never belongs to what it says: "CONTENT, an officer informed".
            content_tokens = [
                t for t in content_tokens if not source.span.start <= t.i < source.span.end
            ]
            if source.span.start > min(t.i for t in content_tokens or [cue]):
                content_tokens = [t for t in content_tokens if t.i < source.span.start]
        if not content_tokens:
            return None
        start, end = trim_chars(self.text, *span_chars(content_tokens))
        if end - start < 3 or not says_something(content_tokens):
            return None  # "what the U.S. thinks", "as it says it is"
        quote = QuoteKind.INDIRECT
        for q_start, q_end in quotes:
            if q_start <= start and end <= q_end + 1 and (end - start) >= 0.8 * (q_end - q_start):
                quote = QuoteKind.DIRECT
        return ClaimDraft(
            content=(start, end),
            source=source,
            cue=self._cue_span(cue),
            quote=quote,
            cue_token=cue,
            cites=self.cites(cue),
            medium=self.medium(cue),
        )

    def _that_clause(self, cue: Token) -> list[Token] | None:
        """'X believes, that ...', 'X claims, citing Y, that ...': the clause after "that",
        wherever the parser attached it."""
        doc = self.doc
        j = cue.i + 1
        while j < cue.sent.end:
            token = doc[j]
            if token.is_punct or token.pos_ == "ADV":
                j += 1
            elif token.lemma_.lower() in CITE_LEMMAS or (
                token.dep_ == "prep" and token.head == cue
            ):
                j = token.right_edge.i + 1
            elif token.lower_ == "that" and token.dep_ == "mark" and token.head.i > token.i:
                skip = {t.i for t in cue.subtree} - {t.i for t in token.head.subtree}
                return [t for t in token.head.subtree if t.i > token.i and t.i not in skip] or None
            else:
                return None
        return None

    def _cue_span(self, cue: Token) -> Span:
        doc = self.doc
        end = cue.i + 1
        for child in cue.rights:  # phrasal cues: "point out", "lay out"
            if child.dep_ == "prt" and child.i == end:
                end += 1
        return doc[cue.i : end]

    def _content(self, cue: Token) -> list[Token] | None:
        lemma = cue.lemma_.lower()
        complements = sorted(
            (c for c in cue.children if c.dep_ == "ccomp"), key=lambda c: (c.i < cue.i, c.i)
        )  # one after the cue first: "Can I follow up - you said there was more"
        for child in complements:
            if (
                child.i < cue.i
                and child.lemma_.lower() in CUE_VERBS
                and subject_of(child) is not None
            ):
                continue  # "X claims that Y announced Z" parsed upside down
            if child.lemma_ == cue.lemma_:
                continue  # "do you believe - do you believe that ...": a restart
            return _clause_tokens(child, exclude=cue)
        that_clause = self._that_clause(cue)
        if that_clause:
            return that_clause
        # Inverted: "CONTENT, X said" parsed with the cue hanging off the content's verb.
        head = cue.head
        if (
            cue.dep_ in ("parataxis", "ccomp", "advcl")
            and head.i < cue.i
            and head.pos_ in ("VERB", "AUX")
            and head.lemma_.lower() not in CUE_VERBS
            and not (cue.dep_ == "advcl" and cue.tag_ == "VBG")
            and all(t.is_punct for t in self.doc[cue.right_edge.i + 1 : cue.sent.end])
            and not any(t.tag_ in ("WP", "WDT", "WRB") and t.i < cue.i for t in cue.subtree)
        ):
            tokens = [t for t in head.subtree if t.i < cue.left_edge.i]
            return tokens or None
        for child in cue.children:
            if child.dep_ == "xcomp" and lemma not in ("decide", "plan"):
                return _clause_tokens(child, exclude=cue)
        if lemma in NOUN_OBJECT_CUES and cue.tag_ != "VBG":  # "confirming the figures" is no claim
            for child in cue.children:
                if (
                    child.dep_ == "dobj"
                    and child.pos_ in ("NOUN", "PROPN")
                    and (
                        lemma in DENIAL_VERBS
                        or child.lower_ not in ("statement", "report", "communique")
                    )
                ):
                    return list(child.subtree)
        # "saying that ...": a gerund cue whose subject is the main clause's.
        return None

    def _according_to(self, token: Token) -> ClaimDraft | None:
        doc = self.doc
        to = token.nbor(1)
        objects = [c for c in to.children if c.dep_ == "pobj"] or [
            c for c in token.children if c.dep_ == "pobj"
        ]
        if not objects:
            return None
        source_head = objects[0]
        if source_head.lemma_.lower() in NORMS:
            return None  # "according to plan": how something goes, not who says it
        phrase = range(token.i, source_head.right_edge.i + 1)
        sentence = token.sent
        content = [t for t in sentence if t.i not in phrase]
        if not content:
            return None
        start, end = trim_chars(self.text, *span_chars(content))
        # Content is the stretch before or after the phrase, whichever holds the clause.
        before = [t for t in sentence if t.i < token.i]
        after = [t for t in sentence if t.i > source_head.right_edge.i]
        longer = (
            before
            if len([t for t in before if t.is_alpha]) > len([t for t in after if t.is_alpha])
            else after
        )
        if longer:
            start, end = trim_chars(self.text, *span_chars(longer))
        if end - start < 3:
            return None
        return ClaimDraft(
            content=(start, end),
            source=self.resolve(source_head),
            cue=doc[token.i : token.i + 2],
            quote=QuoteKind.INDIRECT,
            cue_token=token,
        )

    # -- sources ---------------------------------------------------------------------


def _is_infinitive(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children) or (
        token.dep_ in ("xcomp",)
        and token.head.lemma_.lower()
        in ("decide", "plan", "want", "refuse", "intend", "try", "agree", "promise", "fail")
    )


def _clause_tokens(head: Token, *, exclude: Token) -> list[Token]:
    skip = set(t.i for t in exclude.subtree) - set(t.i for t in head.subtree)
    for token in head.subtree:  # "citing two officials" names the source's sources
        if token.lemma_.lower() in CITE_LEMMAS and token.dep_ in ("advcl", "prep", "acl"):
            skip.update(t.i for t in token.subtree)
    tokens = [t for t in head.subtree if t.i not in skip]
    while tokens and (
        tokens[0].text
        in (",", ";", ":", "-", "\u2013", "\u2014")  # ", that ..." without "citing X"
        or (tokens[0].dep_ == "mark" and tokens[0].lower_ in ("that", "whether", "if"))
    ):
        tokens = tokens[1:]
    while tokens and (tokens[-1].dep_ == "cc" or tokens[-1].text in (",", ";", "-")):
        tokens = tokens[:-1]  # "... is unlikely, but" before the source's next verb
    return tokens


def _denies(claim: ClaimDraft) -> bool:
    """A denial the rules found ("the ministry denied any mobilisation"): kept where the
    tagger found nothing, since a missed denial leaves a report uncontested."""
    cue = claim.cue_token
    return cue is not None and cue.lemma_.lower() in DENIAL_VERBS


def _nested_in_any(claim: ClaimDraft, others: list[ClaimDraft]) -> bool:
    """Whether the claim is an earlier origin reported inside another's content ("TASS
    reported that Putin announced ..."): the news annotation the tagger learnt from marks
    no such nested attribution, so the rules supply them. Only speech by a named source
    is an origin: a belief or wish inside a quote ("he said he felt ...") is the quoted
    speaker's state, already in the content, and "saying ..." with nobody named starts no
    chain (PolNeAR dev: 126 nested claims -> 60, the ledger's cue F1 70.9 -> 71.7); nor
    is what the outer claim's own source said ("I told them last week that ...")."""
    cue = claim.cue.start_char if claim.cue is not None else None
    source = claim.source.span if claim.source is not None else None
    if source is None:
        return False
    if source.text.lower() in _SPEAKER_PRONOUNS:
        return False  # "... I think ..." inside a quote: the speaker's hedge, no new origin
    lemma = claim.cue_token.lemma_.lower() if claim.cue_token is not None else ""
    if ENGLISH.kind_of(lemma) is not AttributionKind.SPEECH:
        return False
    return cue is not None and any(
        o.content[0] <= cue < o.content[1] and not _same_source(claim.source, o.source)
        for o in others
    )


def _same_source(one: SourceDraft | None, other: SourceDraft | None) -> bool:
    """Whether two claims have one source: a speaker's "I said last week that ..." inside
    their own turn is no earlier origin."""
    if one is None or other is None or one.span is None or other.span is None:
        return False
    if one.entity is not None and other.entity is not None:
        return one.entity == other.entity  # two "he"s may be two people
    return one.span.text.lower() == other.span.text.lower()


_SPEAKER_PRONOUNS = frozenset({"i", "we", "you"})


def _overlaps_any(claim: ClaimDraft, others: list[ClaimDraft]) -> bool:
    """Whether another claim already holds this one's content or cue. A claim nested in
    another's content, or holding another in its own ("X claims that Putin ordered ...":
    one's cue lies inside the other's content), is its own claim."""
    start, end = claim.content
    cue = claim.cue.start_char if claim.cue is not None else None
    for other in others:
        if cue is not None and other.cue is not None and other.cue.start_char == cue:
            return True
        nested = (cue is not None and other.content[0] <= cue < other.content[1]) or (
            other.cue is not None and start <= other.cue.start_char < end
        )  # one of the two reports the other
        if other.content[0] < end and start < other.content[1] and not nested:
            return True
    return False


def _nest(claims: list[ClaimDraft]) -> None:
    """A claim whose cue lies inside another's content is nested in it."""
    for inner_index, inner in enumerate(claims):
        if inner.cue is None:
            continue
        position = inner.cue.start_char
        best: int | None = None
        for outer_index, outer in enumerate(claims):
            if outer_index == inner_index:
                continue
            start, end = outer.content
            if start <= position < end and (
                best is None or end - start < claims[best].content[1] - claims[best].content[0]
            ):
                best = outer_index
        inner.nested_in = best


@Language.factory(
    "watchfloor_attribution",
    requires=["token.dep", "token.lemma", "doc._.wf_entities"],
    assigns=["doc._.wf_claims"],
    default_config={"use_tagger": False, "add_rule_claims": False},
)
def make_attribution_finder(
    nlp: Language, name: str, use_tagger: bool, add_rule_claims: bool
) -> AttributionFinder:
    return AttributionFinder(use_tagger, add_rule_claims)
