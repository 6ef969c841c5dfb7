"""The parse features of PolNeAR's texts, computed once with the run-time's own spaCy model
and kept in a cache file (training reads them; nothing of the data enters the repo)."""

from __future__ import annotations

import pickle
import sys
from pathlib import Path
from typing import Any

CACHE = Path(__file__).resolve().parent / ".cache" / "polnear-parses.pkl"


def parse_features(texts: dict[str, str]) -> dict[str, Any]:
    """name -> (token starts, token ends, features) for every text, from the cache when
    it holds them all."""
    cached: dict[str, Any] = {}
    if CACHE.exists():
        cached = pickle.loads(CACHE.read_bytes())
    missing = {name: text for name, text in texts.items() if name not in cached}
    if missing:
        import spacy

        from watchfloor.extract import _pipeline
        from watchfloor.extract.drafts import find_quotes
        from watchfloor.extract.tagger import token_features
        from watchfloor.lang.lexicon import CUE_VERBS

        nlp = spacy.load(_pipeline.MODELS["en"], exclude=["ner"])
        nlp.add_pipe("watchfloor_paragraphs", before="parser")
        names = list(missing)
        for done, (name, doc) in enumerate(
            zip(names, nlp.pipe(missing[n] for n in names), strict=True), 1
        ):
            cached[name] = token_features(doc, CUE_VERBS, find_quotes(doc.text))
            if done % 100 == 0:
                print(f"parsed {done}/{len(names)}", file=sys.stderr, flush=True)
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        CACHE.write_bytes(pickle.dumps(cached))
    return {name: cached[name] for name in texts}


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    import _polnear

    texts = {a.name: a.text for split in ("train", "dev") for a in _polnear.articles(split)}
    print(len(parse_features(texts)), "texts parsed")
