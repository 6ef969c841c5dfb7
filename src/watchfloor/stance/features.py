"""What the stance model reads of a (claim, article) pair.

Three views of the pair, each cheap: the words (term frequencies of claim and article over a
learnt vocabulary, their TF-IDF cosine, overlap), the meaning (the sentence encoder's cosine
between the claim and each of the article's sentences: the closest sentences are where the
article says what it thinks of the claim), and the cues (refuting, hedging and confirming
words, in the article and in the sentences closest to the claim). The model learns how they
combine; this module only measures.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "CUE_GROUPS",
    "ArticleView",
    "Vocabulary",
    "cue_counts",
    "pair_features",
    "read_article",
    "split_sentences",
    "tokens",
]

Floats = NDArray[np.float32]

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+(?=[\"'“‘(]?[A-ZА-ЯЁІЇЄҐ0-9])|\n\s*\n|\n(?=\S)")
MAX_SENTENCES = 48
"""Sentences of an article the encoder reads: the claim is judged in the body's opening,
where news puts what it knows; a very long article is cut there."""

CUE_GROUPS: Mapping[str, frozenset[str]] = {
    # words an article uses when it says a claim is false
    "refute": frozenset(
        "fake fraud hoax false falsely deny denies denied denying refute refutes refuted "
        "debunk debunked debunks bogus untrue unfounded baseless fabricated fabrication "
        "nonsense myth satire satirical prank pranks retract retracted retraction dismiss "
        "dismissed dismisses disputed dispute disputes rejected rejects misleading "
        "doubt doubts doubtful incorrect wrong lie lies lied hoaxes phony".split()
    ),
    "negate": frozenset(
        "not no never none nothing nobody neither nor isn't wasn't aren't weren't don't "
        "doesn't didn't hasn't haven't hadn't won't wouldn't can't cannot couldn't "
        "shouldn't without".split()
    ),
    # words of reporting without vouching: the article discusses the claim
    "hedge": frozenset(
        "allegedly reportedly reported reports claim claims claimed claiming rumor rumors "
        "rumour rumours rumored rumoured unconfirmed unverified may might could appears "
        "appear appeared apparently purportedly purported supposedly suggests suggested "
        "possible possibly perhaps believed believes speculation speculate according "
        "alleged alleges unclear".split()
    ),
    # words of an article that vouches for the claim
    "confirm": frozenset(
        "confirmed confirms confirm announced announces official officially verified "
        "revealed reveals shows showed proved proves indeed actually true".split()
    ),
}


def split_sentences(text: str) -> list[str]:
    """The sentences of an article, as the encoder reads them (at most ``MAX_SENTENCES``)."""
    parts = (" ".join(p.split()) for p in _SENTENCE_END.split(text))
    return [p for p in parts if len(p) > 1][:MAX_SENTENCES]


def tokens(text: str) -> list[str]:
    """Lower-cased words, crudely stemmed so that 'denies' and 'denied' are close."""
    out = []
    for word in _WORD.findall(text.lower()):
        word = word.replace("’", "'")
        for suffix in ("ing", "ed", "es", "s"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        out.append(word)
    return out


def cue_counts(text: str) -> Floats:
    """How many words of each cue group a text holds (unstemmed lower-case words)."""
    words = [w.replace("’", "'") for w in _WORD.findall(text.lower())]
    return np.asarray(
        [sum(w in group for w in words) for group in CUE_GROUPS.values()], dtype=np.float32
    )


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The learnt term vocabulary and inverse document frequencies."""

    index: Mapping[str, int]
    idf: Floats

    def counts(self, text: str) -> Floats:
        vector = np.zeros(len(self.index), dtype=np.float32)
        for word in tokens(text):
            slot = self.index.get(word)
            if slot is not None:
                vector[slot] += 1.0
        return vector

    def tfidf(self, counts: Floats) -> Floats:
        vector = counts * self.idf
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector


@dataclass(frozen=True, slots=True)
class ArticleView:
    """What is measured of an article once, however many claims it is compared with."""

    sentences: Sequence[str]
    vectors: Floats
    """Unit sentence vectors, one row per sentence."""
    counts: Floats
    """Term counts over the vocabulary."""
    sentence_tfidf: Floats
    """TF-IDF unit vectors of the sentences, one row each."""
    sentence_cues: Floats
    """Cue counts per sentence (sentences, groups)."""
    words: frozenset[str]


def read_article(sentences: Sequence[str], vectors: Floats, vocabulary: Vocabulary) -> ArticleView:
    """What is measured of an article, from its sentences and their vectors: the one way,
    so that training (``train/stance.py``) and run time read articles alike."""
    counts = [vocabulary.counts(s) for s in sentences]
    width = len(vocabulary.index)
    return ArticleView(
        sentences=sentences,
        vectors=vectors.astype(np.float32),
        counts=(
            np.sum(counts, axis=0).astype(np.float32)
            if counts
            else np.zeros(width, dtype=np.float32)
        ),
        sentence_tfidf=(
            np.stack([vocabulary.tfidf(c) for c in counts])
            if counts
            else np.zeros((0, width), dtype=np.float32)
        ),
        sentence_cues=(
            np.stack([cue_counts(s) for s in sentences])
            if sentences
            else np.zeros((0, len(CUE_GROUPS)), dtype=np.float32)
        ),
        words=frozenset(w for s in sentences for w in tokens(s)),
    )


def _cosine(a: Floats, b: Floats) -> float:
    na, nb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    return float(a @ b) / (na * nb) if na and nb else 0.0


DENSE_FEATURES = 18 + 4 * len(CUE_GROUPS)


def pair_features(
    claim: str,
    claim_vector: Floats,
    claim_counts: Floats,
    article: ArticleView,
    vocabulary: Vocabulary,
) -> Floats:
    """The dense features of one (claim, article) pair: similarities, overlap, and cue
    counts in the claim, the article, and the article's sentences closest to the claim."""
    if len(article.sentences) == 0:
        return np.zeros(DENSE_FEATURES, dtype=np.float32)
    similarity = article.vectors @ claim_vector
    order = np.argsort(-similarity)
    top = order[:3]
    claim_tfidf = vocabulary.tfidf(claim_counts)
    lexical = article.sentence_tfidf @ claim_tfidf
    claim_words = frozenset(tokens(claim))
    shared = claim_words & article.words
    first = article.sentences[0]
    near = article.sentence_cues[top].sum(0)
    closest = article.sentence_cues[order[0]]
    dense = [
        _cosine(vocabulary.tfidf(article.counts), claim_tfidf),
        float(lexical.max()),
        float(np.sort(lexical)[-3:].mean()),
        float(similarity.max()),
        float(similarity[top].mean()),
        float(similarity.mean()),
        float(similarity[0]),
        _cosine(article.vectors.mean(0), claim_vector),
        float((similarity > 0.5).mean()),
        float((similarity > 0.3).mean()),
        len(shared) / max(len(claim_words), 1),
        len(shared) / max(len(claim_words | article.words), 1),
        float(len(claim_words)) / 20.0,
        float(np.log1p(len(article.sentences))),
        float(order[0]) / max(len(article.sentences), 1),
        float(np.log1p(sum(len(s) for s in article.sentences)) / 10.0),
        float(any(w in first.lower() for w in ("?",))),
        float(claim.strip().endswith("?")),
    ]
    article_cues = article.sentence_cues.sum(0) / len(article.sentences)
    return np.concatenate(
        [
            np.asarray(dense, dtype=np.float32),
            cue_counts(claim),
            np.log1p(near),
            np.log1p(closest),
            article_cues,
        ]
    ).astype(np.float32)
