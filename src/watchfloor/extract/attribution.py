"""Attributed claims: who says what, through which cue, citing whom.

Reads the parse and ``doc._.wf_entities``; writes ``doc._.wf_claims`` (``ClaimDraft``s,
without modality: ``watchfloor_modality`` adds it). Handles indirect speech ("X said that
...", "..., X reported"), objects of cue verbs ("denies any mobilisation"), "according to
X", direct quotes (straight or curly marks, across sentences, speaker before, after or
inside), unnamed and impersonal sources, "citing X" and nested attributions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from watchfloor.extract.entities import EntityCluster, resolve_description, transcript_label
from watchfloor.extract.gazetteer import gazetteer_of
from watchfloor.lang.lexicon import (
    ANONYMOUS_NOUNS,
    CUE_VERBS,
    DENIAL_VERBS,
    EXPERT_NOUNS,
    MEDIA_DESCRIPTIONS,
    MILITARY_NOUNS,
    NOUN_OBJECT_CUES,
    OFFICIAL_NOUNS,
    PERSON_ROLE_KIND,
    SPEAKS_FOR,
    UNNAMED_MARKERS,
    is_title_word,
    speaking_nouns,
)
from watchfloor.lang.names import same_name
from watchfloor.types import QuoteKind, SourceKind

__all__ = [
    "ClaimDraft",
    "SourceDraft",
    "find_quotes",
    "noun_phrase",
    "quoted_as_saying",
    "says_something",
    "source_kind_of",
    "trim_chars",
]

_QUOTE_PAIRS = {"“": "”", "«": "»", "„": "“", '"': '"'}
_TRIM = " \t\r\n,;:.—–-\"“”«»„'‘’"
_HUMAN_PRONOUNS = frozenset({"he", "she", "him", "her"})
_THING_PRONOUNS = frozenset({"it"})
_GROUP_PRONOUNS = frozenset({"they", "them"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})
_AUTHORED = re.compile(
    r"[ \t]*(?:Joint |Official |Press )?(?:Statement|Press release|Comment|Communiqu[eé]|"
    r"Declaration|Address|Remarks|Appeal|Message|Briefing)s?\b[^\n]{0,40}?\b(?:of|by|from)\b",
    re.IGNORECASE,
)
"""A title line that names who wrote or spoke the document."""
NORMS = frozenset(
    "plan schedule timetable script law rule protocol tradition custom procedure regulation "
    "logic standard principle norm formula".split()
)
"""'According to plan', 'according to the rules': conformity, not a source."""
_CITE_LEMMAS = frozenset({"cite", "quote"})
_EVIDENTIAL = frozenset(
    {"show", "indicate", "prove", "confirm", "reveal", "suggest", "demonstrate", "establish"}
)
_FIRST_PERSON = frozenset({"i", "we", "me", "us"})
_PLACE_TYPES = frozenset({"GPE", "LOC", "NORP", "FAC"})
_SPEAKING_NOUNS = frozenset(
    [
        "public",
        "crowd",
        "government",
        "authority",
        "authorities",
        "media",
        "press",
        "police",
        "opposition",
        "parliament",
        "court",
        "committee",
        "council",
        "ministry",
        "office",
        "agency",
        "department",
        "company",
        "firm",
        "group",
        "organisation",
        "organization",
        "party",
        "union",
        "alliance",
        "coalition",
        "administration",
        "regime",
        "cabinet",
        "leadership",
        "report",
        "statement",
        "study",
        "survey",
        "document",
        "letter",
        "decree",
        "communique",
        "resolution",
        "poll",
        "investigation",
        "assessment",
        "intelligence",
        "article",
    ]
)
_QUESTION_LABEL = re.compile(r"(?m)^[ \t]*(Q)(?:[ \t]|[:.][ \t])")
"""'Q' opening a reporter's turn in a briefing transcript: its 'I' and 'we' are the
reporter's, not the official's who spoke before."""
_AGENT_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent", "ee", "man", "woman", "person")
"""reporter, commentator, analyst, politician, participant, resident, employee, spokesman,
businesswoman, chairperson"""
_SPEAKER_LABEL = re.compile(
    # "MS. JEAN-PIERRE:", "THE PRESIDENT:" (White House) or "Vladimir Putin:" (Kremlin)
    r"(?m)^[ \t]*((?:THE |MR\. |MS\. |MRS\. |DR\. |SENATOR |SECRETARY |GENERAL |AMBASSADOR )?"
    r"[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,3}|[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,3}):[ \t]"
)

_INLINE_SPEAKER_LABEL = re.compile(
    # "President of Russia Vladimir Putin:" at a line's start, or in a transcript flattened to
    # one line after a sentence's end ("... Mr President. President of the Republic of Belarus
    # Alexander Lukashenko: Friends, ..."): a name of two to four capitalised words, with
    # title words and "of the" before it.
    r"(?:(?<=[.!?\u2026\u201d\"])[ \t]+|(?<=\n)[ \t]*|\A[ \t]*)"
    r"((?:[A-Z][a-z]+ (?:(?:of|of the|for|and) )?){0,8}[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,3}):[ \t]"
)
_LABEL_WORDS = frozenset(["Question", "Remark", "Answer", "Response", "To", "Dear"])
"""Words that open a line or sentence before a colon without naming a speaker (a
question, a letter's "To ...:" and "Dear ...:")."""


def speaker_labels(text: str) -> list[tuple[int, int]]:
    """Character spans of a transcript's speaker labels, at a line's start ("MS. JEAN-PIERRE:",
    "Q") or after a sentence's end in a transcript flattened to one line."""
    found = [m.span(1) for m in _SPEAKER_LABEL.finditer(text)]
    found += [m.span(1) for m in _QUESTION_LABEL.finditer(text)]
    found += [
        m.span(1)
        for m in _INLINE_SPEAKER_LABEL.finditer(text)
        if m.group(1).split()[0] not in _LABEL_WORDS
    ]
    return sorted(set(found))


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
        closing = _QUOTE_PAIRS.get(char)
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


def _span_chars(tokens: list[Token]) -> tuple[int, int]:
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t) for t in tokens)
    return start, end


class AttributionFinder:
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
        self.speakers = speaker_labels(self.text)
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
                if (self.add_rule_claims or _nested_in_any(c, claims))
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
            if token.i > i and token.text in _QUOTE_PAIRS.values():
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
        if cue.lemma_.lower() in _CITE_LEMMAS:
            return None
        subject = _subject(cue)
        if (
            subject is not None
            and subject.lower_ in _DEMONSTRATIVES
            and subject.tag_ == "DT"
            and cue.lemma_.lower() not in _EVIDENTIAL
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
        start, end = trim_chars(self.text, *_span_chars(content_tokens))
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
            elif token.lemma_.lower() in _CITE_LEMMAS or (
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
                and _subject(child) is not None
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
        start, end = trim_chars(self.text, *_span_chars(content))
        # Content is the stretch before or after the phrase, whichever holds the clause.
        before = [t for t in sentence if t.i < token.i]
        after = [t for t in sentence if t.i > source_head.right_edge.i]
        longer = (
            before
            if len([t for t in before if t.is_alpha]) > len([t for t in after if t.is_alpha])
            else after
        )
        if longer:
            start, end = trim_chars(self.text, *_span_chars(longer))
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

    def source_of(self, cue: Token) -> SourceDraft | None:
        quoted = quoted_as_saying(cue)
        if quoted is not None:  # "X was quoted by TASS as saying": X speaks, TASS relays
            subject = _subject(quoted)
            return self.resolve(subject) if subject is not None else None
        verb = cue
        subject = _subject(verb)
        if subject is None and not (cue.dep_ in ("advcl", "conj", "xcomp") and cue.tag_ == "VBG"):
            # "..., an officer reportedly informed": the parser hung the cue off the
            # content; its source is the phrase right before it, not the content's subject.
            subject = self._phrase_before(cue)
        while subject is None and verb.dep_ in ("conj", "xcomp", "advcl") and verb.head is not verb:
            verb = verb.head
            subject = _subject(verb)
        if subject is None:
            subject = self._phrase_before(cue)
        if subject is None:
            return SourceDraft(None, None, SourceKind.UNATTRIBUTED)
        if subject.dep_ == "nsubjpass":
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            if agent is not None:
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return self.resolve(pobj)
            return SourceDraft(None, None, SourceKind.UNATTRIBUTED)
        if subject.lower_ in _RELATIVE and verb.dep_ == "relcl":
            subject = verb.head
        if (
            subject.lower_ == "it"
            and cue.tag_ in ("VBN", "VBD")  # the parser may take "it is, though, said" for a past
            and subject.i < cue.i
            and any(t.lemma_ == "be" for t in self.doc[subject.i + 1 : cue.i])
        ):
            return SourceDraft(None, None, SourceKind.UNATTRIBUTED)  # "it is speculated that"
        return self.resolve(subject)

    def can_speak(self, source: SourceDraft, cue: Token) -> bool:
        """Sources of speech and belief are people, groups and organisations; evidential
        cues (show, indicate, prove, confirm, reveal) also take things as subjects."""
        if source.span is None or source.entity is not None:
            return True
        if source.kind is not SourceKind.ORGANISATION or cue.lemma_.lower() in _EVIDENTIAL:
            return True
        head = source.span.root
        lemma = head.lemma_.lower()
        return (
            head.pos_ in ("PROPN", "PRON")
            or (head.is_title and head.i > head.sent.start)  # a name parsed as a noun
            or head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
            or lemma in _SPEAKING_NOUNS
            or lemma in speaking_nouns()
            or lemma in MEDIA_DESCRIPTIONS
            or lemma in ANONYMOUS_NOUNS | OFFICIAL_NOUNS | MILITARY_NOUNS | EXPERT_NOUNS
            or lemma.endswith(_AGENT_ENDINGS)
        )

    def _phrase_before(self, cue: Token) -> Token | None:
        """'..., an officer of the army reportedly informed.': the noun phrase right before
        the cue, when the parser left the cue without a subject."""
        doc = self.doc
        j = cue.i - 1
        while j >= cue.sent.start and (doc[j].pos_ == "ADV" or doc[j].text == ","):
            j -= 1
        if j < cue.sent.start or doc[j].pos_ not in ("NOUN", "PROPN", "PRON"):
            return None
        candidate = doc[j]
        while (
            candidate.head.i < cue.i
            and candidate.head.i != candidate.i
            and candidate.head.pos_ in ("NOUN", "PROPN", "ADP")
            and candidate.dep_ in ("pobj", "prep", "compound", "poss")
        ):
            candidate = candidate.head
        if candidate.pos_ not in ("NOUN", "PROPN", "PRON"):
            return None
        before = doc[candidate.left_edge.i - 1] if candidate.left_edge.i > cue.sent.start else None
        if before is not None and not before.is_punct:
            return None  # the phrase is part of something larger
        return candidate

    def resolve(self, head: Token) -> SourceDraft:
        doc, owner = self.doc, self.owner
        span = noun_phrase(head)
        lower = head.lower_
        if head.pos_ == "PRON" or lower in _HUMAN_PRONOUNS | _THING_PRONOUNS | _GROUP_PRONOUNS:
            return self._pronoun(head, span)
        if head.i in owner:
            return SourceDraft(span, owner[head.i], self._entity_kind(owner[head.i]))
        for child in head.children:
            if child.dep_ == "appos" and child.i in owner:
                return SourceDraft(span, owner[child.i], self._entity_kind(owner[child.i]))
        lemma = head.lemma_.lower()
        attached = {c.lower_ for c in head.children if c.i < head.i}
        unnamed = bool(attached & (UNNAMED_MARKERS | {"a", "an", "one"})) or (
            head.tag_ == "NNS" and not attached & {"the", "these", "those", "its", "their"}
        )
        if lemma in SPEAKS_FOR or head.lower_ in SPEAKS_FOR:
            for token in head.subtree:
                if token.dep_ == "pobj" and token.i in owner and token.head.lower_ in ("of", "for"):
                    index = owner[token.i]
                    kind = self._entity_kind(index)
                    return SourceDraft(
                        span, index, SourceKind.OFFICIAL if kind is SourceKind.GOVERNMENT else kind
                    )
        if lemma in ANONYMOUS_NOUNS and (unnamed or lemma == "source"):
            return SourceDraft(span, None, SourceKind.ANONYMOUS)
        definite = any(t.lower_ in ("the", "this", "that") and t.i < head.i for t in span)
        if head.pos_ == "NOUN" and definite:
            described = resolve_description(
                doc[head.left_edge.i : head.i + 1], self.clusters, owner
            )
            if described is not None:
                return SourceDraft(span, described, self._entity_kind(described))
        if lemma in EXPERT_NOUNS:
            return SourceDraft(span, None, SourceKind.EXPERT)
        if lemma in MILITARY_NOUNS:
            return SourceDraft(span, None, SourceKind.ANONYMOUS if unnamed else SourceKind.MILITARY)
        if lemma in OFFICIAL_NOUNS:
            return SourceDraft(span, None, SourceKind.ANONYMOUS if unnamed else SourceKind.OFFICIAL)
        if lemma in ANONYMOUS_NOUNS:
            return SourceDraft(span, None, SourceKind.ANONYMOUS)
        for token in span:
            if token.i in owner and not (
                head.pos_ == "NOUN" and self.clusters[owner[token.i]].type in _PLACE_TYPES
            ):  # "the New York businessman" is a businessman, not New York
                return SourceDraft(span, owner[token.i], self._entity_kind(owner[token.i]))
        personal = head.ent_type_ == "PERSON" or lemma.endswith(("man", "woman", "person"))
        return SourceDraft(span, None, SourceKind.PERSON if personal else SourceKind.ORGANISATION)

    def _speaker(self, head: Token, span: Span) -> SourceDraft | None:
        """'I' and 'we' in a transcript: the speaker whose label ("MS. JEAN-PIERRE:")
        last came before."""
        labels = self._labels_before(head)
        if not labels:
            turn = self.doc._.wf_turn  # the label came before this piece of a long text
            return self.labelled(None, turn[2], turn) if turn else None
        start, end = labels[-1]
        label = self.doc.char_span(start, end, alignment_mode="expand")
        if label is None:
            return None
        return self.labelled(label, label.text, None)

    def _labels_before(self, head: Token) -> list[tuple[int, int]]:
        return [(s, e) for s, e in self.speakers if e <= head.idx]

    def labelled(
        self, label: Span | None, text: str, outside: tuple[int, int, str] | None
    ) -> SourceDraft:
        if text == "Q":  # a reporter's question: somebody the transcript does not name
            return SourceDraft(label, None, SourceKind.ANONYMOUS, outside)
        surname = text.split()[-1]
        # "THE PRESIDENT:" is the host's president, named by a title only: matching the
        # title to "President Putin" in the text would make the host's speech Putin's
        named = not is_title_word(surname.strip(".:"))
        for index, cluster in enumerate(self.clusters):
            if (
                named
                and cluster.type == "PERSON"
                and any(same_name(m[-1].text, surname) for m in cluster.mentions if len(m))
            ):
                return SourceDraft(label, index, self._entity_kind(index), outside)
        entry = gazetteer_of(self.doc).person_by_surname(surname.title())
        kind = (
            SourceKind.OFFICIAL
            if entry is not None or text.startswith("THE ")
            else SourceKind.PERSON
        )
        return SourceDraft(label, None, kind, outside)

    def _pronoun(self, head: Token, span: Span) -> SourceDraft:
        lower = head.lower_
        if lower in _FIRST_PERSON:
            speaker = self._speaker(head, span) if self.speakers or self.doc._.wf_turn else None
            if speaker is not None:
                return speaker
            if self.author is not None:  # "Statement of the Ministry ...": "we" is the ministry
                personal = self.clusters[self.author].type == "PERSON"
                if personal == (lower in ("i", "me")):
                    return SourceDraft(span, self.author, self._entity_kind(self.author))
            # Without a speaker label, "I" and "we" are someone the text does not name.
            return SourceDraft(span, None, SourceKind.PERSON)
        if lower == "you":
            return self._addressee(head, span)
        wanted_human = lower in _HUMAN_PRONOUNS
        for earlier in reversed(self.history):
            if earlier.span is not None and earlier.span.start >= head.i:
                continue
            human = self._is_human(earlier)
            if wanted_human == human or lower in _GROUP_PRONOUNS:
                return SourceDraft(span, earlier.entity, earlier.kind)
        for index in _entities_before(self.owner, head.i):  # no earlier source: nearest entity
            cluster = self.clusters[index]
            if (cluster.type == "PERSON") == wanted_human and cluster.type in ("PERSON", "ORG"):
                return SourceDraft(span, index, self._entity_kind(index))
        return SourceDraft(
            span,
            None,
            SourceKind.UNATTRIBUTED if lower == "it" else SourceKind.PERSON,
            resolved=False,
        )

    def _author(self) -> int | None:
        """The entity a document's title line names as its author: "Statement of the
        Ministry of Foreign Affairs of Belarus", "Address by President X"."""
        text = self.text
        line_end = text.find("\n")
        line = text[: line_end if line_end >= 0 else min(len(text), 200)]
        match = _AUTHORED.match(line)
        if match is None:
            return None
        for token in self.doc:
            if token.idx >= len(line):
                break
            if token.idx >= match.end() and token.i in self.owner:
                index = self.owner[token.i]
                if self.clusters[index].type in ("PERSON", "ORG", "GPE"):
                    return index
        return None

    def _addressee(self, head: Token, span: Span) -> SourceDraft:
        """'You' in a transcript: in a reporter's question, the official who spoke last; in
        an official's answer, the reporter. Elsewhere a person the text does not name."""
        labels = self._labels_before(head)
        if not labels:
            return SourceDraft(span, None, SourceKind.PERSON)
        text = self.text
        if text[labels[-1][0] : labels[-1][1]] != "Q":
            return SourceDraft(span, None, SourceKind.ANONYMOUS)
        for start, end in reversed(labels):
            if text[start:end] != "Q":
                label = self.doc.char_span(start, end, alignment_mode="expand")
                if label is not None:
                    addressed = self.labelled(label, label.text, None)
                    return SourceDraft(span, addressed.entity, addressed.kind)
        return SourceDraft(span, None, SourceKind.OFFICIAL)  # asked before anyone answered

    def _is_human(self, source: SourceDraft) -> bool:
        if source.entity is not None:
            return self.clusters[source.entity].type == "PERSON"
        if source.span is None:
            return False
        if source.span.root.lower_ in _HUMAN_PRONOUNS:
            return True
        return (
            source.span.root.lemma_.lower()
            in ANONYMOUS_NOUNS | MILITARY_NOUNS - {"army", "military", "force", "forces", "command"}
            or source.span.root.ent_type_ == "PERSON"
        )

    def _entity_kind(self, index: int) -> SourceKind:
        return source_kind_of(self.clusters[index])

    # -- chains ----------------------------------------------------------------------

    def cites(self, cue: Token) -> list[SourceDraft]:
        """Sources the source relies on: "citing X", "quoting X" near the cue."""
        cited: list[SourceDraft] = []
        candidates = [t for t in cue.sent if t.lemma_.lower() in _CITE_LEMMAS and t.i != cue.i]
        for token in candidates:
            if not (
                token.head == cue
                or cue in token.ancestors
                or token.head in cue.children
                or token.head == cue.head
            ):
                continue
            for child in token.children:
                if child.dep_ in ("dobj", "pobj", "attr"):
                    cited.append(self.resolve(child))
                    cited.extend(self.resolve(c) for c in child.conjuncts)
        return cited

    def medium(self, cue: Token) -> SourceDraft | None:
        """Where the source spoke: "in an interview with X", "told X", "wrote on X", "was
        quoted by X as saying"."""
        quoted = quoted_as_saying(cue)
        for agent in quoted.children if quoted is not None else ():
            for token in agent.subtree if agent.dep_ == "agent" else ():
                if token.i in self.owner and self.clusters[self.owner[token.i]].kind == "media":
                    index = self.owner[token.i]
                    return SourceDraft(noun_phrase(token), index, SourceKind.MEDIA)
        for child in cue.children:
            if (
                child.dep_ == "dative" or (child.dep_ == "dobj" and cue.lemma_ == "tell")
            ) and child.i in self.owner:
                index = self.owner[child.i]
                if self.clusters[index].kind == "media":
                    return SourceDraft(noun_phrase(child), index, SourceKind.MEDIA)
            if child.dep_ == "prep" and child.lower_ in ("in", "on", "to"):
                for token in child.subtree:
                    if token.i in self.owner and self.clusters[self.owner[token.i]].kind == "media":
                        index = self.owner[token.i]
                        return SourceDraft(noun_phrase(token), index, SourceKind.MEDIA)
        return None


def source_kind_of(cluster: EntityCluster) -> SourceKind:
    """The kind of source an entity is when it speaks: a ministry is official, a paper
    media, a general military."""
    kind = cluster.kind
    if kind == "media":
        return SourceKind.MEDIA
    if kind == "military":
        return SourceKind.MILITARY
    if kind in ("government", "place"):
        return SourceKind.OFFICIAL
    if kind == "person":
        # Who a listed person is comes from the list: "the exiled opposition leader" does
        # not make Tsikhanouskaya a head of state.
        listed = cluster.entry.role if cluster.entry is not None else None
        for role in {listed} if listed else cluster.all_roles():
            mapped = PERSON_ROLE_KIND.get(role)
            if mapped == "military":
                return SourceKind.MILITARY
            if mapped == "official":
                return SourceKind.OFFICIAL
        return SourceKind.PERSON
    return SourceKind.ORGANISATION


def says_something(tokens: list[Token]) -> bool:
    """Content worth a claim: a noun, a name or a number, or at least three words."""
    words = [t for t in tokens if t.is_alpha or t.like_num]
    if words and words[0].tag_ in ("WP", "WDT", "WRB") and len(words) <= 2:
        return False
    return len(words) >= 3 or any(t.pos_ in ("NOUN", "PROPN", "NUM") for t in tokens)


def _is_infinitive(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children) or (
        token.dep_ in ("xcomp",)
        and token.head.lemma_.lower()
        in ("decide", "plan", "want", "refuse", "intend", "try", "agree", "promise", "fail")
    )


def _subject(verb: Token) -> Token | None:
    """The verb's subject; of two (a dateline "MOSCOW, May 3 - Putin said" parsed as a
    second subject), the one nearest before the verb."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
    before = [c for c in subjects if c.i < verb.i]
    if before:
        return before[-1]
    return subjects[0] if subjects else None


def quoted_as_saying(cue: Token) -> Token | None:
    """The passive "quoted" (or "cited") of "X was quoted by Y as saying ...", for the cue
    "saying"."""
    head = cue.head
    if cue.dep_ == "pcomp" and head.lower_ == "as" and head.head.lemma_.lower() in _CITE_LEMMAS:
        verb = head.head
        if any(c.dep_ == "nsubjpass" for c in verb.children):
            return verb
    return None


def noun_phrase(head: Token) -> Span:
    """The head's phrase without relative clauses, trailing commas or the cue's clause."""
    doc = head.doc
    left = head.left_edge.i
    right = head.i
    for child in head.rights:
        if child.dep_ in ("relcl", "acl", "punct", "advcl", "ccomp"):
            break
        right = child.right_edge.i
    while right > head.i and doc[right].is_punct:
        right -= 1
    while left < head.i and (doc[left].is_punct or transcript_label(doc[left])):
        left += 1
    return doc[left : right + 1]


def _clause_tokens(head: Token, *, exclude: Token) -> list[Token]:
    skip = set(t.i for t in exclude.subtree) - set(t.i for t in head.subtree)
    for token in head.subtree:  # "citing two officials" names the source's sources
        if token.lemma_.lower() in _CITE_LEMMAS and token.dep_ in ("advcl", "prep", "acl"):
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


def _nested_in_any(claim: ClaimDraft, others: list[ClaimDraft]) -> bool:
    """Whether the claim is reported inside another's content ("TASS reported that Putin
    announced ..."): the news annotation the tagger learnt from marks no such nested
    attribution, so the rules supply them."""
    cue = claim.cue.start_char if claim.cue is not None else None
    source = claim.source.span if claim.source is not None else None
    if source is not None and source.text.lower() in _SPEAKER_PRONOUNS:
        return False  # "... I think ..." inside a quote: the speaker's hedge, no new origin
    return cue is not None and any(o.content[0] <= cue < o.content[1] for o in others)


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


def _entities_before(owner: dict[int, int], index: int) -> list[int]:
    seen: list[int] = []
    for i in range(index - 1, -1, -1):
        if i in owner and owner[i] not in seen:
            seen.append(owner[i])
    return seen


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
