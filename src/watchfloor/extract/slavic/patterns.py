"""Attributed claims from cue patterns, for a language read without a parser (Ukrainian,
Belarusian): the sentence is split at the cue, not walked as a tree.

- "за даними X, ...", "за словами X, ...", "паводле X, ..."  (according to X)
- "як повідомляє X, ..." / "..., як повідомляє X."
- "X заявив, що ..." (the clause after the complementiser)
- "..., — заявив X." / "..., повідомляє X." (the clause before the cue)
- "X спростував ..." (what follows a denial)
- «quoted speech», with the cue before (X заявив: «...») or after («...», — заявив X)

Reads tokens, lemmas, sentences and ``doc._.wf_entities``; writes ``doc._.wf_claims``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from watchfloor.extract.attribution import _nest
from watchfloor.extract.drafts import ClaimDraft, SourceDraft, find_quotes, span_chars, trim_chars
from watchfloor.extract.entities import EntityCluster
from watchfloor.extract.slavic.attribution import described_entity
from watchfloor.extract.slavic.lexicon import LEXICONS
from watchfloor.extract.sources import source_kind_of
from watchfloor.lang.lexicon import Lexicon
from watchfloor.types import QuoteKind, SourceKind

__all__ = ["PatternAttribution"]

_DASHES = frozenset("—–-")


class PatternAttribution:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        self.doc = doc
        self.clusters: list[EntityCluster] = doc._.wf_entities or []
        self.owner: dict[int, int] = doc._.wf_entity_of or {}
        self.history: list[SourceDraft] = []
        claims: list[ClaimDraft] = []
        used: set[int] = set()
        quotes = find_quotes(doc.text)
        for start, end in quotes:
            claim = self._quoted(start, end, used)
            if claim is not None:
                claims.append(claim)
        for sentence in doc.sents:
            words = [t for t in sentence if not t.is_space]
            if not words:
                continue
            for claim in self._sentence(words, used):
                claims.append(claim)
                if claim.source is not None:
                    self.history.append(claim.source)
        claims.sort(key=lambda c: c.content)
        _nest(claims)
        doc._.wf_claims = claims
        return doc

    # -- one sentence --------------------------------------------------------------

    def _is_cue(self, token: Token) -> bool:
        return token.lemma_ in self.lexicon.cue_verbs or token.lower_ in self.lexicon.cue_verbs

    def _sentence(self, words: list[Token], used: set[int]) -> list[ClaimDraft]:
        lexicon = self.lexicon
        found: list[ClaimDraft] = []
        for k, token in enumerate(words):
            if token.i in used:
                continue
            if token.lower_ in lexicon.according_prepositions:
                claim = self._according(words, k)
                if claim is not None:
                    used.add(token.i)
                    found.append(claim)
                    break
            if not self._is_cue(token):
                continue
            if k > 0 and words[k - 1].lower_ in lexicon.as_words:  # "як повідомляє X"
                claim = self._around(words, k - 1, k, self._phrase_after(words, k))
            elif k + 1 < len(words) and (
                words[k + 1].lower_ in lexicon.that_words
                or (
                    words[k + 1].text == ","
                    and k + 2 < len(words)
                    and words[k + 2].lower_ in lexicon.that_words
                )
            ):
                that = k + 1 if words[k + 1].lower_ in lexicon.that_words else k + 2
                content = _words_until_end(words, that + 1)
                claim = self._claim(content, self._phrase_before(words, k), token)
            elif k > 0 and (words[k - 1].text == "," or words[k - 1].text in _DASHES):
                content = _before_comma(words, k)
                claim = self._claim(content, self._phrase_after(words, k), token)
            elif token.lemma_ in lexicon.denial_verbs or token.lower_ in lexicon.denial_verbs:
                claim = self._claim(
                    _words_until_end(words, k + 1), self._phrase_before(words, k), token
                )
            else:
                continue
            if claim is not None:
                used.add(token.i)
                found.append(claim)
        return found

    def _according(self, words: list[Token], k: int) -> ClaimDraft | None:
        """ "за даними X, CONTENT" / "CONTENT, за словами X." / "паводле X, CONTENT"."""
        lexicon = self.lexicon
        noun_at = k + 1
        if noun_at < len(words) and words[noun_at].lemma_ in lexicon.human_pronouns:
            noun_at += 1  # "за його словами"
        if noun_at < len(words) and (
            words[noun_at].lemma_ in lexicon.according_nouns
            or words[noun_at].lower_ in lexicon.according_nouns
        ):
            source_from = noun_at + 1
            cue_end = noun_at
        elif words[k].lower_ == "паводле":
            source_from, cue_end = k + 1, k
        else:
            return None
        if noun_at != k + 1 and words[k + 1].lemma_ in lexicon.human_pronouns:
            source_tokens = [words[k + 1]]
        else:
            source_tokens = _words_until_comma(words, source_from)
        return self._around(words, k, cue_end, source_tokens, cue_token=words[cue_end])

    def _around(
        self,
        words: list[Token],
        first: int,
        last: int,
        source_tokens: list[Token],
        cue_token: Token | None = None,
    ) -> ClaimDraft | None:
        """The claim is the rest of the sentence, before or after the cue phrase."""
        phrase_end = (source_tokens[-1].i if source_tokens else words[last].i) + 1
        after = [t for t in words if t.i >= phrase_end and not (t.is_punct and t.i == phrase_end)]
        before = [t for t in words if t.i < words[first].i]
        content = after if _letters(after) >= _letters(before) else before
        cue = self.doc[words[first].i : words[last].i + 1]
        return self._claim(content, source_tokens, cue_token or words[last], cue=cue)

    # -- pieces ----------------------------------------------------------------------

    def _phrase_before(self, words: list[Token], k: int) -> list[Token]:
        """The subject before the cue: back to the sentence start or the last comma."""
        start = 0
        for j in range(k - 1, -1, -1):
            if words[j].text in (",", ";", ":") or words[j].text in _DASHES:
                start = j + 1
                break
        lexicon = self.lexicon
        phrase = [t for t in words[start:k] if not t.is_punct]
        while phrase and (
            phrase[-1].lower_ in lexicon.distancing_words
            or phrase[-1].lower_ in lexicon.hedge_words
        ):
            phrase.pop()  # "Російські ЗМІ нібито стверджують": the hedge is not the source
        return phrase

    def _phrase_after(self, words: list[Token], k: int) -> list[Token]:
        return [t for t in _words_until_comma(words, k + 1) if not t.is_punct]

    def _claim(
        self,
        content: list[Token],
        source_tokens: list[Token],
        cue_token: Token,
        *,
        cue: Span | None = None,
        quote: QuoteKind = QuoteKind.INDIRECT,
    ) -> ClaimDraft | None:
        content = [t for t in content if not t.is_space]
        if not content or _letters(content) < 2:
            return None
        start, end = trim_chars(self.doc.text, *span_chars(content))
        if end - start < 3:
            return None
        return ClaimDraft(
            content=(start, end),
            source=self._resolve(source_tokens),
            cue=cue if cue is not None else self.doc[cue_token.i : cue_token.i + 1],
            quote=quote,
            cue_token=cue_token,
        )

    def _quoted(self, start: int, end: int, used: set[int]) -> ClaimDraft | None:
        doc = self.doc
        inside = doc.char_span(start, end, alignment_mode="expand")
        if inside is None or len(doc.text[start:end].split()) < 4:
            return None  # a name in guillemets, not speech
        sentence = inside[0].sent
        words = [t for t in sentence if not t.is_space]
        after = [t for t in words if t.i >= inside.end]
        for j, token in enumerate(after[:6]):
            if self._is_cue(token):
                used.add(token.i)
                source = [t for t in _words_until_comma(after, j + 1) if not t.is_punct]
                return self._direct(start, end, source, token)
        before = [t for t in words if t.i < inside.start]
        if before and doc.text[before[-1].idx : start].rstrip('«„" ').endswith(":"):
            for j in range(len(before) - 1, max(-1, len(before) - 6), -1):
                if self._is_cue(before[j]):
                    used.add(before[j].i)
                    return self._direct(start, end, self._phrase_before(before, j), before[j])
        return None

    def _direct(self, start: int, end: int, source_tokens: list[Token], cue: Token) -> ClaimDraft:
        claim = ClaimDraft(
            content=trim_chars(self.doc.text, start, end),
            source=self._resolve(source_tokens),
            cue=self.doc[cue.i : cue.i + 1],
            quote=QuoteKind.DIRECT,
            cue_token=cue,
        )
        if claim.source is not None:
            self.history.append(claim.source)
        return claim

    def _resolve(self, tokens: list[Token]) -> SourceDraft:
        lexicon, owner, doc = self.lexicon, self.owner, self.doc
        tokens = [t for t in tokens if not t.is_punct and not t.is_space]
        if not tokens:
            return SourceDraft(None, None, SourceKind.UNATTRIBUTED)  # "повідомляється, що"
        span = doc[tokens[0].i : tokens[-1].i + 1]
        if len(tokens) == 1 and tokens[0].lemma_ in lexicon.human_pronouns:
            if self.history:
                earlier = self.history[-1]
                return SourceDraft(span, earlier.entity, earlier.kind)
            return SourceDraft(span, None, SourceKind.PERSON)
        lemmas = {t.lemma_ for t in tokens} | {t.lower_ for t in tokens}
        named = [owner[t.i] for t in tokens if t.i in owner]
        speaker = next((i for i in named if self.clusters[i].kind not in ("place", "event")), None)
        if lemmas & lexicon.anonymous_nouns:
            return SourceDraft(span, None, SourceKind.ANONYMOUS)
        if lemmas & (lexicon.official_nouns | lexicon.military_nouns) and speaker is not None:
            kind = source_kind_of(self.clusters[speaker])
            return SourceDraft(
                span, speaker, SourceKind.OFFICIAL if kind is SourceKind.GOVERNMENT else kind
            )
        if speaker is not None:
            return SourceDraft(span, speaker, source_kind_of(self.clusters[speaker]))
        for word, kinds in lexicon.descriptions.items():
            if word in lemmas:
                described = described_entity(self.clusters, tokens[0].i, kinds)
                if described is not None:
                    return SourceDraft(span, described, source_kind_of(self.clusters[described]))
        if lemmas & lexicon.military_nouns:
            return SourceDraft(span, None, SourceKind.MILITARY)
        if lemmas & lexicon.official_nouns:
            return SourceDraft(span, None, SourceKind.OFFICIAL)
        if lemmas & lexicon.expert_nouns:
            return SourceDraft(span, None, SourceKind.EXPERT)
        if lemmas & lexicon.media_nouns:
            return SourceDraft(span, None, SourceKind.MEDIA)
        if named:
            return SourceDraft(span, named[0], source_kind_of(self.clusters[named[0]]))
        return SourceDraft(span, None, SourceKind.ORGANISATION)


def _letters(tokens: list[Token]) -> int:
    return sum(t.is_alpha for t in tokens)


def _words_until_end(words: list[Token], start: int) -> list[Token]:
    return [t for t in words[start:] if not (t.is_punct and t.i == words[-1].i)]


def _words_until_comma(words: list[Token], start: int) -> list[Token]:
    out = []
    for token in words[start:]:
        if token.text in (",", ".", ";", ":", "!", "?") or token.text in _DASHES:
            break
        out.append(token)
    return out


def _before_comma(words: list[Token], k: int) -> list[Token]:
    """The clause before ", — заявив X": from the sentence start to the comma or dash."""
    end = k
    while end > 0 and (words[end - 1].is_punct or words[end - 1].text in _DASHES):
        end -= 1
    return words[:end]


@Language.factory(
    "watchfloor_attribution_patterns",
    requires=["doc._.wf_entities", "token.lemma"],
    assigns=["doc._.wf_claims"],
    default_config={"language": "uk"},
)
def make_pattern_attribution(nlp: Language, name: str, language: str) -> PatternAttribution:
    return PatternAttribution(LEXICONS[language])
