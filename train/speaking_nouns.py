"""Learn which common nouns head the sources of news attributions (PolNeAR train).

    python train/speaking_nouns.py [--min-count 2] [--out PATH]

A claim's source must be able to speak or hold a view: "the campaign said" is a claim,
"the rockets said nothing" is not. The hand-written lists of speaking nouns (officials,
media, experts) missed most of the people and groups news quotes (attorneys, families,
advocates, unions, polls), so the list is learnt: the head lemma of every gold source
phrase whose head is a lower-case common noun, kept when it heads at least
``--min-count`` sources in train. Proper names are left out (they are entities already).
Deterministic; writes one lemma per line, sorted.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import _polnear  # noqa: E402
from watchfloor.extract import _pipeline  # noqa: E402

OUT = ROOT / "src" / "watchfloor" / "lang" / "data" / "en" / "speaking_nouns.txt"
HEADER = """\
# Common nouns that head the sources of attributions in news (one lemma per line).
# Learnt by train/speaking_nouns.py from PolNeAR train: lemmas heading >= {count} gold
# sources. Read by watchfloor.extract.attribution (can_speak). Regenerate, do not edit.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    if not _polnear.available():
        sys.exit(f"PolNeAR is not at {_polnear.POLNEAR}: training needs ../shared/eval")
    nlp = spacy.load(_pipeline.MODELS["en"], exclude=["ner"])
    phrases = [
        article.text[start:end].strip()
        for article in _polnear.articles("train")
        for start, end in article.spans("Source")
    ]
    counts: Counter[str] = Counter()
    for doc in nlp.pipe((p for p in phrases if p), batch_size=256):
        head = doc[:].root
        if head.pos_ == "NOUN" and head.text.islower() and head.lemma_.isalpha():
            counts[head.lemma_.lower()] += 1
    kept = sorted(lemma for lemma, n in counts.items() if n >= args.min_count)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(HEADER.format(count=args.min_count) + "\n".join(kept) + "\n")
    print(f"{len(phrases)} sources, {len(counts)} noun heads, {len(kept)} kept -> {args.out}")


if __name__ == "__main__":
    main()
