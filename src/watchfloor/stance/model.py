"""The stance model: a small two-layer network over the pair features, run in numpy.

Trained by ``train/stance.py`` on FNC-1 (headline, article) pairs; the weights ship in
``data/stance.npz``. Every article is read once (``article_view``) and every claim once
(``claim_view``), however many pairs they are in.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

from watchfloor.errors import ConfigError
from watchfloor.stance.features import (
    ArticleView,
    Floats,
    Vocabulary,
    pair_features,
    read_article,
    split_sentences,
)

if TYPE_CHECKING:
    from watchfloor.encoder import Encoder

__all__ = ["LABELS", "ClaimView", "StanceModel", "load_stance_model"]

LABELS = ("agree", "disagree", "discuss", "unrelated")
MODEL_FILE = "stance.npz"


@dataclass(frozen=True, slots=True)
class ClaimView:
    text: str
    vector: Floats
    counts: Floats


@dataclass(frozen=True, slots=True)
class StanceModel:
    vocabulary: Vocabulary
    mean: Floats
    scale: Floats
    hidden: tuple[Floats, Floats]
    output: tuple[Floats, Floats]
    offsets: Floats
    """Per-label additions to the scores, chosen on the development set."""
    encoder: Encoder

    def article_view(self, text: str) -> ArticleView:
        sentences = split_sentences(text)
        vectors = (
            self.encoder.sentence_vectors(sentences)
            if sentences
            else np.zeros((0, 384), dtype=np.float32)
        )
        return read_article(sentences, vectors, self.vocabulary)

    def claim_views(self, claims: Sequence[str]) -> list[ClaimView]:
        vectors = self.encoder.sentence_vectors(list(claims))
        return [
            ClaimView(text, vector, self.vocabulary.counts(text))
            for text, vector in zip(claims, vectors, strict=True)
        ]

    def inputs(self, claim: ClaimView, article: ArticleView) -> Floats:
        """The network's input for one pair: both texts' term frequencies and the pair's
        dense features (standardised)."""
        dense = pair_features(claim.text, claim.vector, claim.counts, article, self.vocabulary)
        return np.concatenate(
            [_unit(claim.counts), _unit(article.counts), (dense - self.mean) / self.scale]
        ).astype(np.float32)

    def probabilities(self, rows: Floats) -> Floats:
        """Label probabilities (pairs, 4) in the order of ``LABELS``."""
        weight, bias = self.hidden
        hidden = np.maximum(rows @ weight.T + bias, 0.0)
        weight, bias = self.output
        scores = hidden @ weight.T + bias + self.offsets
        scores -= scores.max(1, keepdims=True)
        np.exp(scores, out=scores)
        result: Floats = (scores / scores.sum(1, keepdims=True)).astype(np.float32)
        return result

    def judge(self, claims: Sequence[ClaimView], article: ArticleView) -> Floats:
        if not claims:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        return self.probabilities(np.stack([self.inputs(c, article) for c in claims]))


def _unit(vector: Floats) -> Floats:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


@functools.cache
def load_stance_model() -> StanceModel:
    """The shipped model with the sentence encoder it reads with, loaded once."""
    from watchfloor.encoder import load_encoder

    path = resources.files("watchfloor.stance") / "data" / MODEL_FILE
    try:
        with resources.as_file(path) as file, np.load(file) as data:
            words = [str(w) for w in data["words"]]
            model = StanceModel(
                vocabulary=Vocabulary(
                    {w: i for i, w in enumerate(words)}, data["idf"].astype(np.float32)
                ),
                mean=data["mean"].astype(np.float32),
                scale=data["scale"].astype(np.float32),
                hidden=(data["w1"].astype(np.float32), data["b1"].astype(np.float32)),
                output=(data["w2"].astype(np.float32), data["b2"].astype(np.float32)),
                offsets=data["offsets"].astype(np.float32),
                encoder=load_encoder(),
            )
    except (OSError, KeyError, ValueError) as exc:
        raise ConfigError(
            f"cannot read the stance model {path}: {exc}; reinstall watchfloor"
        ) from exc
    return model
