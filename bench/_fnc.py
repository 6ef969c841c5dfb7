"""FNC-1 data and its scorer, shared by ``bench/eval_stance.py`` and ``train/stance.py``."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

LABELS = ("agree", "disagree", "discuss", "unrelated")
STANCE_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "stance"
_NUMBERED = {"0": "agree", "1": "disagree", "2": "discuss", "3": "unrelated"}


@dataclass(frozen=True, slots=True)
class Pair:
    headline: str
    body_id: str
    stance: str


def read_split(folder: Path) -> tuple[list[Pair], dict[str, str]]:
    """The pairs (labels written as words) and the bodies by id of one FNC-1 folder."""
    with (folder / "bodies.csv").open(newline="", encoding="utf-8") as handle:
        bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(handle)}
    with (folder / "stances.csv").open(newline="", encoding="utf-8") as handle:
        pairs = [
            Pair(row["Headline"], row["Body ID"], _NUMBERED.get(row["Stance"], row["Stance"]))
            for row in csv.DictReader(handle)
        ]
    return pairs, bodies


@dataclass(frozen=True, slots=True)
class StanceScores:
    fnc: float
    """FNC-1 score in percent of the maximum."""
    macro_f1: float
    f1: dict[str, float]
    accuracy: float


def score(gold: Sequence[str], predicted: Sequence[str]) -> StanceScores:
    """The official FNC-1 score (as a percentage of the best possible) and per-class F1."""
    points = best = 0.0
    for g, p in zip(gold, predicted, strict=True):
        related_g, related_p = g != "unrelated", p != "unrelated"
        best += 0.25 + (0.75 if related_g else 0.0)
        if related_g == related_p:
            points += 0.25
        if related_g and g == p:
            points += 0.75
    f1 = {}
    for label in LABELS:
        tp = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(p == label != g for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label != p for g, p in zip(gold, predicted, strict=True))
        f1[label] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / max(len(gold), 1)
    return StanceScores(100 * points / best, sum(f1.values()) / len(LABELS), f1, accuracy)
