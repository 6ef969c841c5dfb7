"""Train the story gate (``watchfloor.stance.stories``) on FNC-1's stories; pick its
threshold on dev.

    python train/stories.py [--precision 0.97] [--out PATH]

Reads the sentence vectors ``train/stance.py`` caches (run that first; ``make train`` does).
Document frequencies come from the train bodies; a logistic model over the three profile
cosines is fitted on every pair of train bodies (same story or not); the threshold is the
lowest score whose pair precision on dev reaches ``--precision``. Deterministic.
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from _fnc import STANCE_DIR, read_split  # noqa: E402
from eval_stories import stories  # noqa: E402
from stance import _vectors  # noqa: E402
from watchfloor.stance.features import split_sentences, tokens  # noqa: E402
from watchfloor.stance.stories import StoryProfile, profile_cosines, profile_from  # noqa: E402

OUT = ROOT / "src" / "watchfloor" / "stance" / "data" / "stories.npz"


def profiles(
    split: str, bodies: dict[str, str], idf: dict[str, float], unknown: float
) -> dict[str, StoryProfile]:
    ids = sorted(bodies)
    sentences = {i: split_sentences(bodies[i]) for i in ids}
    vectors = _vectors(f"{split}-sentences", [s for i in ids for s in sentences[i]])
    out, at = {}, 0
    for i in ids:
        count = len(sentences[i])
        out[i] = profile_from(sentences[i], vectors[at : at + count], idf, unknown)
        at += count
    return out


def pair_table(
    found: dict[str, StoryProfile], story_of: dict[str, int]
) -> tuple[np.ndarray, np.ndarray]:
    ids = sorted(found)
    rows, labels = [], []
    for a, b in itertools.combinations(ids, 2):
        rows.append(profile_cosines(found[a], found[b]))
        labels.append(a in story_of and story_of.get(a) == story_of.get(b))
    return np.asarray(rows, np.float32), np.asarray(labels)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--precision", type=float, default=0.97)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    train_pairs, train_bodies = read_split(STANCE_DIR / "fnc1-train")
    dev_pairs, dev_bodies = read_split(STANCE_DIR / "fnc1-dev")
    documents: Counter[str] = Counter()
    for text in train_bodies.values():
        documents.update({w for w in tokens(text) if len(w) > 2 and not w.isdigit()})
    n = len(train_bodies)
    idf = {w: math.log((1 + n) / (1 + d)) + 1.0 for w, d in documents.items() if d >= 2}
    unknown = math.log((1 + n) / 2) + 1.0
    train_rows, train_labels = pair_table(
        profiles("train", train_bodies, idf, unknown), stories(train_pairs)
    )
    print(f"train: {len(train_rows)} body pairs, {int(train_labels.sum())} same story")
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000)
    model.fit(train_rows, train_labels)
    dev_rows, dev_labels = pair_table(profiles("dev", dev_bodies, idf, unknown), stories(dev_pairs))
    scores = model.decision_function(dev_rows)
    order = np.argsort(-scores)
    hits = np.cumsum(dev_labels[order])
    precision = hits / np.arange(1, len(order) + 1)
    reached = np.flatnonzero(precision >= args.precision)
    last = int(reached.max()) if len(reached) else 0
    chosen = float(scores[order][last])
    print(
        f"threshold {chosen:.3f} (score): dev pair precision {precision[last]:.3f} "
        f"recall {hits[last] / max(int(dev_labels.sum()), 1):.3f}"
    )
    words = sorted(idf)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out,
        words=np.asarray(words),
        idf=np.asarray([idf[w] for w in words], np.float32),
        unknown_idf=np.float32(unknown),
        weights=model.coef_[0].astype(np.float32),
        bias=np.float32(model.intercept_[0]),
        threshold=np.float32(chosen),
    )
    print(
        f"weights {model.coef_[0].round(3).tolist()} bias {model.intercept_[0]:.3f}; "
        f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)"
    )


if __name__ == "__main__":
    main()
