"""Attributed claims, modality and denials in Russian, from the UD parse Natasha gives.

Reads the parse and ``doc._.wf_entities``; writes ``doc._.wf_claims`` and
``doc._.wf_claim_attributes``, the same drafts as the English components, so the ledger
does not depend on the language. Constructions:

- "X заявил, что ..." (the что-clause), "..., — заявил X" and "..., сообщает X"
  (the reported clause before the cue), "X опроверг эти сведения" (the object of a denial);
- "по данным X", "по словам X", "по мнению X", "как сообщает X";
- direct speech in «guillemets» or „quotes“ with the cue before or after;
- unnamed sources ("источник", "собеседник", "один из офицеров") and impersonal cues
  ("сообщается", "говорится", "предполагается") as unattributed.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from watchfloor.extract.attribution import _nest
from watchfloor.extract.drafts import ClaimDraft, SourceDraft, find_quotes, span_chars, trim_chars
from watchfloor.extract.entities import EntityCluster
from watchfloor.extract.modality import ClaimAttributes, hedge_phrases_in
from watchfloor.extract.slavic.lexicon import LEXICONS
from watchfloor.extract.sources import source_kind_of
from watchfloor.lang.lexicon import Lexicon, weakest
from watchfloor.types import AttributionKind, Modality, Polarity, QuoteKind, SourceKind

__all__ = ["RussianAttribution", "SlavicModality"]

_RUSSIAN = LEXICONS["ru"]

_CONTENT_RELATIONS = ("ccomp", "xcomp")
_SUBJECTS = ("nsubj", "nsubj:pass")
_QUOTE_CLOSERS = frozenset('»“”"')
_QUOTING = frozenset(["цитировать", "процитировать"])
_STATEMENTS = frozenset(
    ["заявление", "сообщение", "документ", "пресс-релиз", "релиз", "письмо", "доклад", "обращение"]
)


def _finite(token: Token) -> bool:
    form = token.morph.get("VerbForm", [])
    return (
        not form
        or form[0] in ("Fin", "Conv")
        or (form[0] == "Part" and "Short" in token.morph.get("Variant", []))
    )


def _is_cue(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX", "ADJ") and token.lemma_ in _RUSSIAN.cue_verbs


def _negated(token: Token) -> bool:
    return any(c.lower_ == "не" and c.i < token.i for c in token.children)


class RussianAttribution:
    def __call__(self, doc: Doc) -> Doc:
        self.doc = doc
        self.clusters: list[EntityCluster] = doc._.wf_entities or []
        self.owner: dict[int, int] = doc._.wf_entity_of or {}
        self.history: list[SourceDraft] = []
        quotes = find_quotes(doc.text)
        used: set[int] = set()
        claims: list[ClaimDraft] = []
        for start, end in quotes:
            claim = self._quote_claim(start, end, used)
            if claim is not None:
                claims.append(claim)
        for token in doc:
            claim = None
            if token.i in used:
                continue
            if token.lemma_ in _RUSSIAN.according_nouns and any(
                c.lower_ == "по" and c.dep_ == "case" for c in token.children
            ):
                claim = self._according_to(token)
            elif _is_cue(token) and _finite(token) and not _negated(token):
                claim = self._cue_claim(token)
            if claim is not None:
                claims.append(claim)
                if claim.source is not None:
                    self.history.append(claim.source)
        claims.sort(key=lambda c: c.content)
        _nest(claims)
        doc._.wf_claims = claims
        return doc

    # -- direct speech -------------------------------------------------------------

    def _quote_claim(self, start: int, end: int, used: set[int]) -> ClaimDraft | None:
        doc = self.doc
        if len(doc.text[start:end].split()) < 3:
            return None  # a name in guillemets («Наша Нива»), not a statement
        inside = doc.char_span(start, end, alignment_mode="expand")
        if inside is None or not (
            any(t.pos_ in ("VERB", "AUX") for t in inside) or sum(t.is_alpha for t in inside) >= 4
        ):
            return None  # a title in guillemets («Союзная решимость — 2022»), not speech
        cue = None
        first = (
            inside.end + 1
            if inside.end < len(doc) and doc[inside.end].text in _QUOTE_CLOSERS
            else inside.end
        )
        for token in doc[first : min(len(doc), first + 8)]:
            if token.text in _QUOTE_CLOSERS or token.text in "«„":
                break
            if _is_cue(token):
                cue = token
                break
        if cue is None and start > 0:
            before = doc[max(0, inside.start - 8) : inside.start]
            tail = doc.text[before.start_char if len(before) else start : start - 1]
            if tail.rstrip().endswith(":"):
                cue = next((t for t in reversed(before) if _is_cue(t)), None)
        if cue is None or cue.i in used:
            return None
        used.add(cue.i)
        source, medium = self._source_of(cue), None
        quoted = next((c for c in cue.children if c.dep_ == "obj"), None)
        if cue.lemma_ in _QUOTING and quoted is not None:
            # "«…», — цитирует министра издание «Зеркало»": the minister speaks, in the paper
            source, medium = self._resolve(quoted), source
        claim = ClaimDraft(
            content=trim_chars(doc.text, start, end),
            source=source,
            cue=doc[cue.i : cue.i + 1],
            quote=QuoteKind.DIRECT,
            cue_token=cue,
            medium=medium,
        )
        if claim.source is not None:
            self.history.append(claim.source)
        return claim

    # -- indirect speech -----------------------------------------------------------

    def _cue_claim(self, cue: Token) -> ClaimDraft | None:
        content = self._content(cue)
        if not content:
            return None
        source = self._source_of(cue)
        if source is not None and source.span is not None:
            content = [t for t in content if not source.span.start <= t.i < source.span.end]
        if not content:
            return None
        start, end = trim_chars(self.doc.text, *span_chars(content))
        if end - start < 3 or not any(t.is_alpha for t in content):
            return None
        return ClaimDraft(
            content=(start, end),
            source=source,
            cue=self.doc[cue.i : cue.i + 1],
            quote=QuoteKind.INDIRECT,
            cue_token=cue,
        )

    def _content(self, cue: Token) -> list[Token] | None:
        if any(c.lemma_ == "как" and c.dep_ == "mark" for c in cue.children):
            # "как сообщает X, CONTENT" / "CONTENT, как сообщает X": the clause it hangs on
            head = cue.head if cue.head != cue else None
            if head is None:
                return None
            inside = {t.i for t in cue.subtree}
            return [t for t in head.subtree if t.i not in inside] or None
        for child in sorted(cue.children, key=lambda c: c.i):
            if child.dep_ in _CONTENT_RELATIONS and child.i > cue.i:
                tokens = [t for t in child.subtree if t.i > cue.i]
                while tokens and (tokens[0].is_punct or tokens[0].dep_ == "mark"):
                    tokens = tokens[1:]  # ", что ...": the claim starts after "что"
                return tokens
        # "..., — заявил X" / "..., сообщает X": the cue hangs off the reported clause.
        head = cue.head
        if cue.dep_ in ("parataxis", "ccomp", "conj") and head.i < cue.i and head != cue:
            tokens = [t for t in head.subtree if t.i < cue.left_edge.i]
            if tokens:
                return tokens
        if cue.dep_ == "ROOT":  # "X, заявил источник" parsed with the content as parataxis
            for child in cue.children:
                if child.dep_ == "parataxis" and child.i < cue.i and child.pos_ in ("VERB", "AUX"):
                    return list(child.subtree)
        if cue.lemma_ in _RUSSIAN.denial_verbs:
            for child in cue.children:
                if child.dep_ == "obj":
                    return list(child.subtree)
        return None

    def _according_to(self, noun: Token) -> ClaimDraft | None:
        doc = self.doc
        sources = [c for c in noun.children if c.dep_ in ("nmod", "appos") and c.i > noun.i] or [
            c
            for c in noun.children
            if c.lemma_ in _RUSSIAN.human_pronouns  # "по его словам"
        ]
        phrase_start = min([noun.left_edge.i, noun.i])
        phrase_end = max([noun.right_edge.i, noun.i])
        sentence = noun.sent
        before = [t for t in sentence if t.i < phrase_start and not t.is_space]
        after = [t for t in sentence if t.i > phrase_end and not t.is_space]
        content = (
            after if sum(t.is_alpha for t in after) >= sum(t.is_alpha for t in before) else before
        )
        if not content:
            return None
        start, end = trim_chars(doc.text, *span_chars(content))
        if end - start < 3:
            return None
        source = self._resolve(sources[0]) if sources else None
        return ClaimDraft(
            content=(start, end),
            source=source,
            cue=doc[phrase_start : noun.i + 1],
            quote=QuoteKind.INDIRECT,
            cue_token=noun,
        )

    # -- sources ---------------------------------------------------------------------

    def _source_of(self, cue: Token) -> SourceDraft | None:
        verb = cue
        subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
        while subject is None and verb.dep_ in ("conj", "xcomp") and verb.head is not verb:
            verb = verb.head
            subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
        if subject is None:
            # "…, — говорится в заявлении ведомства": the statement's author speaks
            for child in cue.children:
                if child.dep_ == "obl" and child.lemma_ in _STATEMENTS:
                    author = next((c for c in child.children if c.dep_ == "nmod"), None)
                    if author is not None:
                        return self._resolve(author)
            return SourceDraft(None, None, SourceKind.UNATTRIBUTED)  # "сообщается, что"
        return self._resolve(subject)

    def _resolve(self, head: Token) -> SourceDraft:
        doc, owner = self.doc, self.owner
        span = doc[head.left_edge.i : head.right_edge.i + 1]
        if head.lemma_ in _RUSSIAN.human_pronouns:
            return self._pronoun(head)
        if head.i in owner:
            return SourceDraft(span, owner[head.i], source_kind_of(self.clusters[owner[head.i]]))
        lemma = head.lemma_
        named = [t for t in span if t.i in owner and t.i != head.i]
        speaks_for = next(
            (t for t in named if self.clusters[owner[t.i]].kind not in ("place", "event")), None
        )
        if lemma in _RUSSIAN.descriptions and speaks_for is None:
            described = described_entity(self.clusters, head.i, _RUSSIAN.descriptions[lemma])
            if described is not None:
                return SourceDraft(span, described, source_kind_of(self.clusters[described]))
        unnamed = any(c.lemma_ in _RUSSIAN.unnamed_markers for c in head.children) or (
            "Plur" in head.morph.get("Number", [])
        )
        if lemma in _RUSSIAN.anonymous_nouns or lemma == "один":  # "источник", "один из офицеров"
            return SourceDraft(span, None, SourceKind.ANONYMOUS)
        if lemma in _RUSSIAN.official_nouns | _RUSSIAN.military_nouns:
            for token in span:  # "представители альянса": the body they speak for
                if (
                    token.i != head.i
                    and token.lemma_ in _RUSSIAN.descriptions
                    and speaks_for is None
                ):
                    described = described_entity(
                        self.clusters, token.i, _RUSSIAN.descriptions[token.lemma_]
                    )
                    if described is not None:
                        return SourceDraft(span, described, SourceKind.OFFICIAL)
        if lemma in _RUSSIAN.official_nouns | _RUSSIAN.military_nouns and speaks_for is not None:
            index = owner[speaks_for.i]
            kind = source_kind_of(self.clusters[index])
            return SourceDraft(
                span, index, SourceKind.OFFICIAL if kind is SourceKind.GOVERNMENT else kind
            )
        if lemma in _RUSSIAN.military_nouns:
            return SourceDraft(span, None, SourceKind.ANONYMOUS if unnamed else SourceKind.MILITARY)
        if lemma in _RUSSIAN.official_nouns:
            return SourceDraft(span, None, SourceKind.ANONYMOUS if unnamed else SourceKind.OFFICIAL)
        if lemma in _RUSSIAN.expert_nouns:
            return SourceDraft(span, None, SourceKind.EXPERT)
        if lemma in _RUSSIAN.media_nouns and speaks_for is None:
            return SourceDraft(span, None, SourceKind.MEDIA)
        if speaks_for is not None:  # "газета «Наша Нива»": the paper named beside its noun
            index = owner[speaks_for.i]
            return SourceDraft(span, index, source_kind_of(self.clusters[index]))
        return SourceDraft(
            span, None, SourceKind.PERSON if head.ent_type_ == "PERSON" else SourceKind.ORGANISATION
        )

    def _pronoun(self, head: Token) -> SourceDraft:
        """ "Он заявил": the person named last (a source before, or any person mentioned
        before); "они": the source before."""
        span = self.doc[head.i : head.i + 1]
        singular = head.lemma_ not in ("они", "их")
        for earlier in reversed(self.history):
            if earlier.span is not None and earlier.span.start >= head.i:
                continue
            if not singular or (
                earlier.entity is not None and self.clusters[earlier.entity].type == "PERSON"
            ):
                return SourceDraft(span, earlier.entity, earlier.kind)
        people = [
            (max(m.start for m in c.mentions if m.start < head.i), index)
            for index, c in enumerate(self.clusters)
            if c.type == "PERSON" and any(m.start < head.i for m in c.mentions)
        ]
        if singular and people:
            index = max(people)[1]
            return SourceDraft(span, index, source_kind_of(self.clusters[index]))
        if self.history:
            return SourceDraft(span, self.history[-1].entity, self.history[-1].kind)
        return SourceDraft(span, None, SourceKind.PERSON)


def described_entity(
    clusters: list[EntityCluster], before: int, kinds: frozenset[str]
) -> int | None:
    """ "ведомство", "газета", "альянс" without a name: the entity of one of ``kinds``
    mentioned last before token ``before``."""
    best, best_at = None, -1
    for index, cluster in enumerate(clusters):
        if cluster.kind not in kinds:
            continue
        at = max((m.start for m in cluster.mentions if m.start < before), default=-1)
        if at > best_at:
            best, best_at = index, at
    return best


class SlavicModality:
    """The weakest of the cue's force and the hedges in the content; denial verbs and
    "не соответствует действительности" deny."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        claims: list[ClaimDraft] = doc._.wf_claims or []
        attributes = []
        for index, claim in enumerate(claims):
            nested = [c.content for c in claims if c.nested_in == index]
            attributes.append(self._assess(doc, claim, nested))
        doc._.wf_claim_attributes = attributes
        return doc

    def _assess(
        self, doc: Doc, claim: ClaimDraft, nested: list[tuple[int, int]]
    ) -> ClaimAttributes:
        lexicon = self.lexicon
        cue = claim.cue_token
        lemma = cue.lemma_ if cue is not None else ""
        if lemma in lexicon.according_nouns:
            modality = lexicon.according_nouns[lemma]
        else:
            modality = lexicon.cue_verbs.get(lemma, Modality.CERTAIN)
        polarity = Polarity.DENIED if lemma in lexicon.denial_verbs else Polarity.AFFIRMED
        hedges: list[Span] = []
        distanced = lemma in lexicon.distancing_verbs
        content = doc.char_span(*claim.content, alignment_mode="expand")
        if content is not None:
            for token in content:
                if any(s <= token.idx < e for s, e in nested):
                    continue
                level = lexicon.hedge_words.get(token.lower_) or (
                    lexicon.hedge_words.get(token.lemma_) if token.pos_ in ("AUX", "VERB") else None
                )
                if level is not None and level is not Modality.CERTAIN:
                    modality = weakest(modality, level)
                    hedges.append(doc[token.i : token.i + 1])
                if token.lower_ in lexicon.distancing_words:
                    distanced = True
            for span, level in hedge_phrases_in(content, lexicon.hedge_phrases):
                modality = weakest(modality, level)
                hedges.append(span)
            if _content_negated(content):
                polarity = Polarity.DENIED
            if content.text.rstrip().endswith("?"):
                modality = Modality.UNKNOWN
        if cue is not None:  # "якобы" and hedges may sit on the cue's own clause
            for child in cue.children:
                if child.lower_ in lexicon.distancing_words:
                    distanced = True
        kind = lexicon.cue_kinds.get(lemma) or (
            lexicon.cue_kinds.get(cue.lower_) if cue is not None else None
        )
        return ClaimAttributes(
            modality, polarity, tuple(hedges), distanced, kind or AttributionKind.SPEECH
        )


_NO_DOUBT = re.compile(
    r"нет\s+(?:никаких\s+)?сомнени|не\s+вызывает\s+сомнени|немає\s+(?:жодних\s+)?сумнів"
    r"|не\s+викликає\s+сумнів|няма\s+(?:ніякіх\s+)?сумнен"
)
_NEGATIONS = frozenset({"не", "ні", "нет", "немає", "няма"})
_HEDGED = ("исключ", "виключ", "выключ")
"""Predicates whose negation hedges ("не исключено"): not a denial."""


def _content_negated(content: Span) -> bool:
    """Whether a claim's content says that something is not so: "не соответствует
    действительности", or a negated main predicate ("Никакой мобилизации не проводится",
    "мобилизации нет"). "Нет сомнений, что ..." affirms."""
    text = content.text.lower()
    if _NO_DOUBT.search(text):
        return False
    if _NOT_TRUE.search(text):
        return True
    if not any(t.dep_ for t in content):  # no parse (Ukrainian): "не" before a verb
        return any(
            t.lower_ in _NEGATIONS
            and t.i + 1 < content.end
            and _verb_like(content.doc[t.i + 1])
            and not content.doc[t.i + 1].lemma_.lower().startswith(_HEDGED)
            for t in content
        )
    root = content.root
    if root.lemma_.lower().startswith(_HEDGED):
        return False
    if root.lower_ in _NEGATIONS:
        return True
    return any(child.lower_ in _NEGATIONS for child in root.children)


def _verb_like(token: Token) -> bool:
    lemma = token.lemma_.lower()
    return token.pos_ in ("VERB", "AUX") or lemma.endswith(("ти", "тися", "ть", "ться"))


_NOT_TRUE = re.compile(
    r"не соответству\w* действительност|не відповіда\w* дійсності|не адпавяда\w* рэчаіснасці"
)
""""не соответствует действительности": the content itself denies what it reports."""


@Language.factory(
    "watchfloor_attribution_ru",
    requires=["doc._.wf_entities", "token.dep", "token.lemma"],
    assigns=["doc._.wf_claims"],
)
def make_russian_attribution(nlp: Language, name: str) -> RussianAttribution:
    return RussianAttribution()


@Language.factory(
    "watchfloor_modality_slavic",
    requires=["doc._.wf_claims", "token.lemma"],
    assigns=["doc._.wf_claim_attributes"],
    default_config={"language": "ru"},
)
def make_slavic_modality(nlp: Language, name: str, language: str) -> SlavicModality:
    return SlavicModality(LEXICONS[language])
