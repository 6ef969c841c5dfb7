"""Stance: is a claim about what an article (or another claim) tells, and if so does the
article agree, disagree or only discuss it?

A small network over word, meaning and cue features (``features``), trained on FNC-1 by
``train/stance.py`` and run in numpy (``model``). Entry function: ``judge``. Linking asks it
whether two reports are about the same state of affairs; ``watchfloor stance`` runs it
over claim and article files in the FNC-1 layout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from watchfloor.stance.model import LABELS, load_stance_model

__all__ = ["LABELS", "StanceJudgement", "judge", "load_stance_model"]


@dataclass(frozen=True, slots=True)
class StanceJudgement:
    claim: str
    article: str
    """The article's key (FNC-1's Body ID)."""
    stance: str
    """agree, disagree, discuss or unrelated."""
    probabilities: Mapping[str, float]


def judge(
    pairs: Iterable[tuple[str, str]],
    articles: Mapping[str, str],
    *,
    on_article: Callable[[int], None] | None = None,
) -> list[StanceJudgement]:
    """The stance of each article toward each claim paired with it, ``pairs`` being (claim,
    article key) and ``articles`` the texts by key. Each article and each claim is read
    once; results come in the order of ``pairs``. ``on_article`` is told how many pairs
    each article settled, for a progress bar."""
    model = load_stance_model()
    wanted = list(pairs)
    by_article: dict[str, list[int]] = {}
    for index, (_, key) in enumerate(wanted):
        by_article.setdefault(key, []).append(index)
    claims = sorted({claim for claim, _ in wanted})
    views = dict(zip(claims, model.claim_views(claims), strict=True))
    results: list[StanceJudgement | None] = [None] * len(wanted)
    for key, indexes in by_article.items():
        article = model.article_view(articles[key])
        probabilities = model.judge([views[wanted[i][0]] for i in indexes], article)
        for index, row in zip(indexes, probabilities, strict=True):
            label = LABELS[int(row.argmax())]
            results[index] = StanceJudgement(
                wanted[index][0], key, label, dict(zip(LABELS, map(float, row), strict=True))
            )
        if on_article is not None:
            on_article(len(indexes))
    return [r for r in results if r is not None]
