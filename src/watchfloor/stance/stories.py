"""Are two articles about one story? The gate linking passes before it lets two articles'
claims share a proposition.

An article is summed up once (``story_profile``): its 60 most telling words (TF-IDF, with
document frequencies learnt from news), the mean of its sentence vectors and the mean of
its first three. Two profiles are compared by a logistic model over the three cosines
(``same_story``), trained by ``train/stories.py`` on FNC-1's stories (train) with the
threshold chosen on dev for precision: a missed link costs an analyst a corroboration; a
false one manufactures it.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

from watchfloor.errors import ConfigError
from watchfloor.stance.features import ArticleView, Floats, split_sentences, tokens

if TYPE_CHECKING:
    from watchfloor.encoder import Encoder

__all__ = ["StoryGate", "StoryProfile", "load_story_gate", "profile_cosines"]

TERMS = 60
"""Words kept per profile."""
KEYS = 8
"""Words an article is found by (blocking keys)."""
MODEL_FILE = "stories.npz"


@dataclass(frozen=True, slots=True)
class StoryProfile:
    terms: Mapping[str, float]
    """Word -> TF-IDF weight, unit length over the kept words."""
    vector: Sequence[float]
    """Mean sentence vector, unit length."""
    lead: Sequence[float]
    """Mean vector of the first three sentences, unit length."""

    def keys(self) -> list[str]:
        """The article's most telling words, to find stored articles that may share its
        story."""
        ranked = sorted(self.terms.items(), key=lambda kv: (-kv[1], kv[0]))
        return [word for word, _ in ranked[:KEYS]]

    def as_json(self) -> dict[str, object]:
        return {
            "terms": {w: round(x, 4) for w, x in self.terms.items()},
            "vector": [round(float(x), 4) for x in self.vector],
            "lead": [round(float(x), 4) for x in self.lead],
        }

    @classmethod
    def from_json(cls, value: Mapping[str, object]) -> StoryProfile:
        terms = value.get("terms") or {}
        vector = value.get("vector") or []
        lead = value.get("lead") or []
        assert isinstance(terms, dict) and isinstance(vector, list) and isinstance(lead, list)
        return cls(terms, vector, lead)


def _unit(vector: Floats) -> Floats:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def profile_from(
    sentences: Sequence[str], vectors: Floats, idf: Mapping[str, float], unknown_idf: float
) -> StoryProfile:
    counts = Counter(w for s in sentences for w in tokens(s) if len(w) > 2 and not w.isdigit())
    weights = {w: n * idf.get(w, unknown_idf) for w, n in counts.items()}
    kept = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:TERMS]
    norm = math.sqrt(sum(x * x for _, x in kept)) or 1.0
    if len(vectors) == 0:
        return StoryProfile({w: x / norm for w, x in kept}, [], [])
    return StoryProfile(
        {w: x / norm for w, x in kept},
        _unit(vectors.mean(0)).tolist(),
        _unit(vectors[:3].mean(0)).tolist(),
    )


def profile_cosines(a: StoryProfile, b: StoryProfile) -> tuple[float, float, float]:
    """(words, meaning, lead) cosines of two profiles; without sentence vectors (a
    language the encoder does not read) the words stand for all three."""
    small, large = (a.terms, b.terms) if len(a.terms) <= len(b.terms) else (b.terms, a.terms)
    words = sum(x * large.get(w, 0.0) for w, x in small.items())
    if not a.vector or not b.vector:
        return words, words, words
    meaning = float(np.dot(a.vector, b.vector))
    lead = float(np.dot(a.lead, b.lead))
    return words, meaning, lead


@dataclass(frozen=True, slots=True)
class StoryGate:
    idf: Mapping[str, float]
    unknown_idf: float
    weights: Floats
    bias: float
    threshold: float
    """Log-odds from which two articles count as one story."""
    encoder: Encoder

    def profile(self, text: str, *, english: bool = True) -> StoryProfile:
        """An article's profile; the encoder reads English only, so another language's
        profile holds its words alone."""
        sentences = split_sentences(text)
        vectors = (
            self.encoder.sentence_vectors(sentences)
            if sentences and english
            else np.zeros((0, 384), dtype=np.float32)
        )
        return profile_from(sentences, vectors, self.idf, self.unknown_idf)

    def profile_from_view(self, view: ArticleView) -> StoryProfile:
        """The profile of an article the stance model has read (one encoder pass)."""
        return profile_from(view.sentences, view.vectors, self.idf, self.unknown_idf)

    def score(self, a: StoryProfile, b: StoryProfile) -> float:
        """The model's log-odds that the two articles tell one story."""
        return float(np.dot(self.weights, profile_cosines(a, b))) + self.bias

    def same_story(self, a: StoryProfile, b: StoryProfile) -> bool:
        return self.score(a, b) >= self.threshold


@functools.cache
def load_story_gate() -> StoryGate:
    """The shipped gate with the encoder it reads with, loaded once."""
    from watchfloor.encoder import load_encoder

    path = resources.files("watchfloor.stance") / "data" / MODEL_FILE
    try:
        with resources.as_file(path) as file, np.load(file) as data:
            words = [str(w) for w in data["words"]]
            idf = dict(zip(words, map(float, data["idf"]), strict=True))
            gate = StoryGate(
                idf=idf,
                unknown_idf=float(data["unknown_idf"]),
                weights=data["weights"].astype(np.float32),
                bias=float(data["bias"]),
                threshold=float(data["threshold"]),
                encoder=load_encoder(),
            )
    except (OSError, KeyError, ValueError) as exc:
        raise ConfigError(
            f"cannot read the story model {path}: {exc}; reinstall watchfloor"
        ) from exc
    return gate
