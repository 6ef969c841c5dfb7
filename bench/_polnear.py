"""PolNeAR (attribution spans in political news, brat standoff) read and scored.

Shared by ``bench/eval_attribution.py`` and ``train/attribution.py``. The data stay in
``../shared/eval/attribution/polnear/``; nothing here copies them.

Scoring follows the issue's rule (as CofeNet's Table 6): spans compared after trimming
whitespace and punctuation at both ends, a discontinuous span counted as its
first-to-last extent; exact match, and a lenient match at token-overlap F1 >= 0.5.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

POLNEAR = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "attribution" / "polnear"
LABELS = ("Source", "Cue", "Content")
_TRIM = set(string.whitespace + string.punctuation + "“”‘’«»—–…")


@dataclass(slots=True)
class Attribution:
    """One attribution: its spans (label -> (start, end), extents of the gold spans), and
    the pieces of each (a discontinuous span has several: "X," he said, "Y")."""

    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    pieces: dict[str, list[tuple[int, int]]] = field(default_factory=dict)


@dataclass(slots=True)
class Article:
    name: str
    text: str
    attributions: list[Attribution]

    def spans(self, label: str) -> list[tuple[int, int]]:
        return [a.spans[label] for a in self.attributions if label in a.spans]

    def pieces(self, label: str) -> list[tuple[int, int]]:
        return [p for a in self.attributions for p in a.pieces.get(label, [])]


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def read_ann(ann: str) -> list[Attribution]:
    """The attributions of one ``.ann`` file (spans as first-to-last extents)."""
    spans: dict[str, tuple[str, int, int]] = {}
    pieces: dict[str, list[tuple[int, int]]] = {}
    events: list[list[tuple[str, str]]] = []
    for line in ann.splitlines():
        if re.match(r"T\d+\t", line):  # a span's covered text may run over lines
            ident, middle, *_ = line.split("\t")
            label, positions = middle.split(" ", 1)
            numbers = [int(n) for part in positions.split(";") for n in part.split()]
            spans[ident] = (label, min(numbers), max(numbers))
            pieces[ident] = [
                (int(a), int(b)) for a, b in (part.split() for part in positions.split(";"))
            ]
        elif re.match(r"E\d+\t", line):
            parts = line.split("\t")[1].split()
            events.append([tuple(p.split(":", 1)) for p in parts])  # type: ignore[misc]
    attributions: list[Attribution] = []
    for event in events:
        attribution = Attribution()
        for role, ident in event:
            if role in LABELS and ident in spans:
                _, start, end = spans[ident]
                attribution.spans[role] = (start, end)
                attribution.pieces[role] = pieces[ident]
        attributions.append(attribution)
    return attributions


def articles(split: str, *, every_annotator: bool = False) -> Iterator[Article]:
    """The articles of ``split`` (train or dev). An article annotated by several people
    is read once, with the first annotation file in name order, unless ``every_annotator``
    (then once per annotation file: more examples to learn from)."""
    yield from articles_in(POLNEAR / split, every_annotator=every_annotator)


def articles_in(folder: Path, *, every_annotator: bool = False) -> Iterator[Article]:
    """The articles of a folder in PolNeAR's layout (``text/``, ``attributions/``): a
    split, or the desk's corrections (``watchfloor export --format corrections``)."""
    seen: set[str] = set()
    for ann_path in sorted((folder / "attributions").glob("*.ann")):
        name = ann_path.stem.rsplit("_", 1)[0]
        if name in seen and not every_annotator:
            continue
        seen.add(name)
        text = (folder / "text" / f"{name}.txt").read_text(encoding="utf-8")
        yield Article(name, text, read_ann(ann_path.read_text(encoding="utf-8")))


def available() -> bool:
    return (POLNEAR / "dev" / "attributions").is_dir()


@dataclass(slots=True)
class Counts:
    predicted: int = 0
    gold: int = 0
    exact: int = 0
    lenient_predicted: int = 0
    lenient_gold: int = 0

    def scores(self, lenient: bool = False) -> tuple[float, float, float]:
        hit_p = self.lenient_predicted if lenient else self.exact
        hit_g = self.lenient_gold if lenient else self.exact
        precision = hit_p / self.predicted if self.predicted else 0.0
        recall = hit_g / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, i = [], start
    while i < end:
        if text[i].isspace():
            i += 1
            continue
        j = i
        while j < end and not text[j].isspace():
            j += 1
        out.append((i, j))
        i = j
    return out


def _overlap_f1(text: str, a: tuple[int, int], b: tuple[int, int]) -> float:
    ta, tb = set(_tokens(text, *a)), set(_tokens(text, *b))
    common = len(ta & tb)
    if not common:
        return 0.0
    p, r = common / len(ta), common / len(tb)
    return 2 * p * r / (p + r)


def count(
    text: str, gold: Iterable[tuple[int, int]], predicted: Iterable[tuple[int, int]],
    counts: Counts,
) -> None:  # fmt: skip
    """Add one article's spans of one label to ``counts`` (spans trimmed, empty ones
    dropped, duplicates once)."""
    gold_set = {s for s in (trim(text, *g) for g in gold) if s[1] > s[0]}
    pred_set = {s for s in (trim(text, *p) for p in predicted) if s[1] > s[0]}
    counts.gold += len(gold_set)
    counts.predicted += len(pred_set)
    counts.exact += len(gold_set & pred_set)
    counts.lenient_predicted += sum(
        any(_overlap_f1(text, p, g) >= 0.5 for g in gold_set) for p in pred_set
    )
    counts.lenient_gold += sum(
        any(_overlap_f1(text, p, g) >= 0.5 for p in pred_set) for g in gold_set
    )
