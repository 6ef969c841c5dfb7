"""Which story an article tells: the story of the stored articles most like it, or a new
one. Two articles' claims may share a proposition only within one story (``across``), so
this decides what can corroborate what.

Pure: the pipeline gives the candidates (stored articles of the time window that share one
of the article's telling words) and the scoring function (``watchfloor.stance.stories``).
An article joins a story when it is close enough to at least half of the story's articles
among the candidates, so that a chain of near neighbours does not grow one story out of
many.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

__all__ = ["StoryChoice", "choose_story"]

P = TypeVar("P")


@dataclass(frozen=True, slots=True)
class StoryChoice:
    story_id: int | None
    """None: the article starts a story of its own."""
    reason: str


def choose_story(
    profile: P,
    candidates: Sequence[tuple[int, int, P]],
    score: Callable[[P, P], float],
    threshold: float,
) -> StoryChoice:
    """The story ``profile`` belongs to among ``candidates`` (article id, story id,
    profile), scored by ``score`` (log-odds of one story) against ``threshold``."""
    by_story: dict[int, list[tuple[int, float]]] = {}
    for article_id, story_id, other in candidates:
        by_story.setdefault(story_id, []).append((article_id, score(profile, other)))
    best: tuple[float, int, int] | None = None
    for story_id, scored in by_story.items():
        close = [s for _, s in scored if s >= threshold]
        if not close or 2 * len(close) < len(scored):
            continue
        top = max(scored, key=lambda x: x[1])
        if best is None or top[1] > best[0]:
            best = (top[1], story_id, top[0])
    if best is None:
        return StoryChoice(None, "no stored article of the window tells the same story")
    value, story_id, article_id = best
    return StoryChoice(story_id, f"tells the story of article #{article_id} (score {value:.1f})")
