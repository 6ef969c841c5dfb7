"""FNC-1 stance on the development third: the official score, macro-F1 and per-class F1.

    python bench/eval_stance.py [--split dev]

Runs ``watchfloor.stance.judge`` (what ``watchfloor stance`` runs) over every pair of the
split and scores it as the FNC-1 scorer does. Skips with a message when the data is absent.
"""

from __future__ import annotations

import argparse
import sys
import time

from _fnc import LABELS, STANCE_DIR, read_split, score

PUBLISHED = [
    ("official baseline (full competition test)", "75.20", "-", "-"),
    ("UCL Machine Reading (full test)", "81.72", "~0.58", "~0.03-0.13"),
    ("Athene (full test)", "81.97", "~0.60", "~0.03-0.13"),
    ("SOLAT in the SWEN (full test)", "82.02", "~0.58", "~0.03-0.13"),
    ("targets (dev)", ">= 82", ">= 0.65", ">= 0.35"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    args = parser.parse_args()
    folder = STANCE_DIR / f"fnc1-{args.split}"
    if not folder.exists():
        print(f"skipped: {folder} is not here")
        return
    from watchfloor.stance import judge

    pairs, bodies = read_split(folder)
    started = time.time()
    results = judge([(p.headline, p.body_id) for p in pairs], bodies)
    elapsed = time.time() - started
    gold = [p.stance for p in pairs]
    predicted = [r.stance for r in results]
    result = score(gold, predicted)
    print(f"FNC-1 {args.split}: {len(pairs)} pairs, {len(bodies)} bodies, {elapsed:.0f}s")
    print(f"{'system':44} {'FNC score':>10} {'macro-F1':>9} {'disagree F1':>12}")
    print(
        f"{'watchfloor (this run)':44} {result.fnc:>10.2f} {result.macro_f1:>9.3f} "
        f"{result.f1['disagree']:>12.3f}"
    )
    for row in PUBLISHED:
        print(f"{row[0]:44} {row[1]:>10} {row[2]:>9} {row[3]:>12}")
    print("per-class F1: " + ", ".join(f"{k} {result.f1[k]:.3f}" for k in LABELS))
    print(f"accuracy {result.accuracy:.3f}")
    print("confusion (rows gold, columns predicted): " + " ".join(LABELS))
    for g in LABELS:
        counts = [
            sum(a == g and b == p for a, b in zip(gold, predicted, strict=True)) for p in LABELS
        ]
        print(f"  {g:10} " + " ".join(f"{n:6d}" for n in counts))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
