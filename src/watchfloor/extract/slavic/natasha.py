"""Natasha's Russian models as spaCy components, so the later stages read a Russian
``Doc`` the way they read an English one.

- ``RazdelTokenizer``: razdel's tokens and sentences (Natasha's segmenter); each Cyrillic
  token's ``norm_`` is its dictionary form (pymorphy), so that "Белоруссии" and
  "Белоруссия" match the same gazetteer name.
- ``watchfloor_natasha``: slovnet's morphology (``pos_``, ``tag_``, ``morph``), lemmas
  (pymorphy, chosen by the tagged features) and dependency syntax (UD labels: ``nsubj``,
  ``ccomp``, ``obl`` ...); then slovnet's NER into ``doc.ents`` (PER, ORG, LOC), with each
  name's nominative form in ``doc._.wf_normal``.

Every model ships inside the ``natasha`` wheel: nothing is downloaded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.attrs import DEP, HEAD
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from watchfloor.extract.slavic.dictionary import NatashaModels, dictionary_form_for, natasha_models

__all__ = ["RazdelTokenizer", "natasha_models"]

_NER_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}
MAX_SENTENCE_TOKENS = 200
"""slovnet's syntax model reads a sentence at once; longer runs are cut into pieces."""


def _is_cyrillic(text: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in text)


class RazdelTokenizer:
    """Text -> ``Doc`` with razdel's tokens and sentence starts (razdel reads Cyrillic text
    in general, not only Russian); each Cyrillic word's ``norm_`` is its dictionary form in
    ``language``."""

    def __init__(self, vocab: Vocab, language: str = "ru", gazetteer: str | None = None) -> None:
        self.vocab = vocab
        self.language = language
        self.gazetteer = gazetteer
        self._form: Callable[[str], str] | None = None

    def __call__(self, text: str) -> Doc:
        from razdel import sentenize, tokenize

        if self._form is None:
            self._form = dictionary_form_for(self.language, self.gazetteer)
        form = self._form
        found = [
            (sentence.start + token.start, sentence.start + token.stop, index == 0)
            for sentence in sentenize(text)
            for index, token in enumerate(tokenize(sentence.text))
        ]
        words: list[str] = []
        spaces: list[bool] = []
        starts: list[bool] = []
        position = 0
        for start, end, first in [*found, (len(text), len(text), False)]:
            gap = text[position:start]
            if gap == " " and words:
                spaces[-1] = True
            elif gap:  # keep the text exact: other whitespace is a token of its own
                words.append(gap)
                spaces.append(False)
                starts.append(not words[:-1])
            if end > start:
                words.append(text[start:end])
                spaces.append(False)
                starts.append(first or len(words) == 1)
            position = end
        sent_starts: list[bool | int | None] = list(starts)
        doc = Doc(self.vocab, words=words, spaces=spaces, sent_starts=sent_starts or None)
        for token in doc:
            if _is_cyrillic(token.text):
                token.norm_ = form(token.text)
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def to_bytes(self, **_: Any) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_: Any) -> RazdelTokenizer:
        return self

    def to_disk(self, _path: Any, **_: Any) -> None:
        return None

    def from_disk(self, _path: Any, **_: Any) -> RazdelTokenizer:
        return self


def _pieces(sentence: Span) -> Iterator[list[int]]:
    """Token indices of a sentence without whitespace tokens, cut to the syntax limit."""
    indices = [t.i for t in sentence if not t.is_space]
    for start in range(0, len(indices), MAX_SENTENCE_TOKENS):
        yield indices[start : start + MAX_SENTENCE_TOKENS]


class NatashaAnnotator:
    def __call__(self, doc: Doc) -> Doc:
        models = natasha_models()
        pieces = [p for sentence in doc.sents for p in _pieces(sentence) if p]
        texts = [[doc[i].text for i in piece] for piece in pieces]
        heads = [t.i for t in doc]
        deps = ["dep" if t.is_space else "" for t in doc]
        for piece, morph, syntax in zip(
            pieces, models.morph.map(texts), models.syntax.map(texts), strict=True
        ):
            for i, tagged in zip(piece, morph.tokens, strict=True):
                token = doc[i]
                token.pos_ = tagged.pos
                token.tag_ = tagged.pos
                feats = "|".join(f"{k}={v}" for k, v in sorted(tagged.feats.items()))
                token.set_morph(feats or None)  # type: ignore[attr-defined]
                token.lemma_ = _lemma(models, token.text, tagged.pos, tagged.feats)
            roots = [
                piece[int(p.id) - 1] for p in syntax.tokens if p.head_id == "0" or p.head_id == p.id
            ]
            root = roots[0] if roots else piece[0]
            for i, parsed in zip(piece, syntax.tokens, strict=True):
                head = int(parsed.head_id)
                if i == root:
                    heads[i], deps[i] = i, "ROOT"
                elif head == 0 or piece[head - 1] == i:
                    # one tree per razdel sentence: a second root hangs off the first
                    heads[i], deps[i] = root, "parataxis"
                else:
                    heads[i], deps[i] = piece[head - 1], parsed.rel
            _break_cycles(piece, root, heads, deps)
            for i in range(piece[0], piece[-1] + 1):  # whitespace inside a piece
                if not deps[i]:
                    heads[i], deps[i] = root, "dep"
        for token in doc:
            if not deps[token.i]:
                deps[token.i] = "dep"
        array = numpy.zeros((len(doc), 2), dtype="uint64")
        array[:, 0] = numpy.array([heads[i] - i for i in range(len(doc))], dtype="int64").view(
            "uint64"
        )
        array[:, 1] = [doc.vocab.strings.add(d) for d in deps]
        doc.from_array([HEAD, DEP], array)  # type: ignore[arg-type]
        self._entities(doc, models)
        return doc

    def _entities(self, doc: Doc, models: NatashaModels) -> None:
        from natasha.norm import normalize, syntax_normalize

        found: list[Span] = []
        normals: dict[tuple[int, int], str] = {}
        doc._.wf_normal = normals
        if not any(t.is_alpha for t in doc):
            return  # slovnet's NER fails on text with no words
        markup = models.ner(doc.text)
        for span in markup.spans:
            ent = doc.char_span(
                span.start,
                span.stop,
                label=_NER_LABELS.get(span.type, span.type),
                alignment_mode="expand",
            )
            if ent is None or not ent.text.strip():
                continue
            tokens = [_NatashaToken.of(t) for t in ent if not t.is_space]
            method = syntax_normalize if span.type == "ORG" else normalize
            try:
                normal = method(models.morph_vocab, tokens)
            except (KeyError, ValueError, IndexError):  # an odd parse: keep the surface
                normal = ent.text
            normals[(ent.start_char, ent.end_char)] = normal
            found.append(ent)
        doc.ents = filter_spans(found)


def _break_cycles(piece: list[int], root: int, heads: list[int], deps: list[str]) -> None:
    """slovnet picks each token's head on its own, so its output may hold a cycle; spaCy
    needs a tree. A token whose heads never reach the root hangs off the root."""
    reaches = {root}
    for start in piece:
        path: list[int] = []
        node = start
        while node not in reaches and node not in path and heads[node] != node:
            path.append(node)
            node = heads[node]
        if node not in reaches:  # a cycle (or another root): cut it where it closes
            heads[node], deps[node] = root, "dep"
        reaches.update(path)
        reaches.add(start)


@dataclass(slots=True)
class _NatashaToken:
    """The token fields Natasha's name normaliser reads."""

    id: str
    text: str
    pos: str
    feats: dict[str, str]
    head_id: str
    start: int
    stop: int

    @classmethod
    def of(cls, token: Any) -> _NatashaToken:
        return cls(
            id=str(token.i),
            text=token.text,
            pos=token.pos_,
            feats=dict(f.split("=", 1) for f in str(token.morph).split("|") if "=" in f),
            head_id=str(token.head.i),
            start=token.idx,
            stop=token.idx + len(token.text),
        )


def _dictionary_form(word: str) -> str:
    return dictionary_form_for("ru")(word)


def _lemma(models: NatashaModels, word: str, pos: str, feats: dict[str, str]) -> str:
    if not _is_cyrillic(word):
        return word.lower()
    if pos in ("PUNCT", "SYM", "X") or word.isdigit():
        return word.lower()
    if pos == "NUM":  # "трехсот" -> "триста": the tagger's features do not fit numerals
        return _dictionary_form(word)
    try:
        lemma = models.morph_vocab.lemmatize(word, pos, feats)
    except (KeyError, ValueError, IndexError):
        lemma = _dictionary_form(word)
    return str(lemma).replace("ё", "е")


@Language.factory(
    "watchfloor_natasha",
    requires=[],
    assigns=[
        "token.pos",
        "token.tag",
        "token.morph",
        "token.lemma",
        "token.dep",
        "token.head",
        "doc.ents",
        "doc._.wf_normal",
    ],
)
def make_natasha_annotator(nlp: Language, name: str) -> NatashaAnnotator:
    natasha_models()  # load now, not on the first article
    return NatashaAnnotator()
