"""Train the stance model on FNC-1 (train), select on dev, write the shipped weights.

    python train/stance.py [--epochs 30] [--hidden 100] [--out PATH]

The sentence vectors of every headline and body sentence are computed once with the
package's encoder and cached in ``train/.cache/`` (about 5 minutes on 2 cores); training
the network then takes a few minutes. Seeded, so a run is reproducible.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from _fnc import LABELS, STANCE_DIR, Pair, read_split, score  # noqa: E402
from watchfloor.encoder import load_encoder  # noqa: E402
from watchfloor.stance.features import (  # noqa: E402
    ArticleView,
    Vocabulary,
    pair_features,
    read_article,
    split_sentences,
    tokens,
)

SEED = 17
CACHE = ROOT / "train" / ".cache"
OUT = ROOT / "src" / "watchfloor" / "stance" / "data" / "stance.npz"
VOCABULARY = 5000
_STOP = frozenset(
    "the a an of to in and is for on that with as by at from it was be has have are this "
    "its he his said will not but who been they their after were an or had which would".split()
)


def build_vocabulary(texts: list[str]) -> Vocabulary:
    frequency: Counter[str] = Counter()
    documents: Counter[str] = Counter()
    for text in texts:
        words = tokens(text)
        frequency.update(words)
        documents.update(set(words))
    kept = [
        w
        for w, _ in sorted(frequency.items(), key=lambda kv: (-kv[1], kv[0]))
        if w not in _STOP and not w.isdigit()
    ][:VOCABULARY]
    n = len(texts)
    idf = np.asarray([np.log((1 + n) / (1 + documents[w])) + 1.0 for w in kept], np.float32)
    return Vocabulary({w: i for i, w in enumerate(kept)}, idf)


def _vectors(name: str, texts: list[str]) -> np.ndarray:
    digest = hashlib.sha1("\x00".join(texts).encode()).hexdigest()[:12]
    path = CACHE / f"stance-{name}-{digest}.npy"
    if path.exists():
        cached: np.ndarray = np.load(path)
        return cached
    started = time.time()
    vectors = load_encoder().sentence_vectors(texts)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    print(f"  encoded {len(texts)} {name} texts in {time.time() - started:.0f}s", flush=True)
    return vectors


def views(name: str, bodies: dict[str, str], vocabulary: Vocabulary) -> dict[str, ArticleView]:
    ids = sorted(bodies)
    sentences = {i: split_sentences(bodies[i]) for i in ids}
    flat = [s for i in ids for s in sentences[i]]
    vectors = _vectors(f"{name}-sentences", flat)
    out, at = {}, 0
    for i in ids:
        count = len(sentences[i])
        out[i] = read_article(sentences[i], vectors[at : at + count], vocabulary)
        at += count
    return out


def _unit(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms == 0, 1, norms)


def matrices(
    name: str, pairs: list[Pair], bodies: dict[str, str], vocabulary: Vocabulary
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(term rows, dense rows, labels) of the pairs."""
    articles = views(name, bodies, vocabulary)
    headlines = sorted({p.headline for p in pairs})
    vectors = dict(zip(headlines, _vectors(f"{name}-headlines", headlines), strict=True))
    counts = {h: vocabulary.counts(h) for h in headlines}
    dense = np.stack(
        [
            pair_features(
                p.headline, vectors[p.headline], counts[p.headline], articles[p.body_id], vocabulary
            )
            for p in pairs
        ]
    )
    head_rows = _unit(np.stack([counts[p.headline] for p in pairs]))
    body_rows = _unit(np.stack([articles[p.body_id].counts for p in pairs]))
    labels = np.asarray([LABELS.index(p.stance) for p in pairs])
    return np.concatenate([head_rows, body_rows], axis=1).astype(np.float32), dense, labels


def evaluate(
    model: torch.nn.Module, rows: torch.Tensor, gold: list[str], offsets: np.ndarray
) -> tuple[float, float, float, list[str]]:
    with torch.no_grad():
        logits = model(rows).numpy() + offsets
    predicted = [LABELS[i] for i in logits.argmax(1)]
    result = score(gold, predicted)
    return result.fnc, result.macro_f1, result.f1["disagree"], predicted


def tune_offsets(logits: np.ndarray, gold: list[str]) -> np.ndarray:
    """Per-label score offsets that maximise the FNC score plus macro-F1 on dev (a small
    grid on agree, disagree and discuss)."""
    best = (-1.0, np.zeros(4, np.float32))
    grid = np.arange(-1.0, 2.01, 0.25)
    for a in grid:
        for d in grid:
            for c in grid:
                offsets = np.asarray([a, d, c, 0.0], np.float32)
                predicted = [LABELS[i] for i in (logits + offsets).argmax(1)]
                result = score(gold, predicted)
                value = result.fnc / 100 + result.macro_f1
                if value > best[0]:
                    best = (value, offsets)
    return best[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--hidden", type=int, default=100)
    parser.add_argument("--dropout", type=float, default=0.4)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--no-terms", action="store_true", help="dense features only")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    torch.manual_seed(SEED)
    np.random.seed(SEED)
    torch.set_num_threads(2)
    started = time.time()
    train_pairs, train_bodies = read_split(STANCE_DIR / "fnc1-train")
    dev_pairs, dev_bodies = read_split(STANCE_DIR / "fnc1-dev")
    texts = list(train_bodies.values()) + sorted({p.headline for p in train_pairs})
    vocabulary = build_vocabulary(texts)
    print(f"vocabulary {len(vocabulary.index)} words", flush=True)
    terms, dense, labels = matrices("train", train_pairs, train_bodies, vocabulary)
    dev_terms, dev_dense, _ = matrices("dev", dev_pairs, dev_bodies, vocabulary)
    mean, scale = dense.mean(0), dense.std(0) + 1e-6
    if args.no_terms:
        terms, dev_terms = terms[:, :0], dev_terms[:, :0]
    rows = torch.from_numpy(np.concatenate([terms, (dense - mean) / scale], 1).astype(np.float32))
    dev_rows = torch.from_numpy(
        np.concatenate([dev_terms, (dev_dense - mean) / scale], 1).astype(np.float32)
    )
    target = torch.from_numpy(labels)
    gold = [p.stance for p in dev_pairs]
    model = torch.nn.Sequential(
        torch.nn.Linear(rows.shape[1], args.hidden),
        torch.nn.ReLU(),
        torch.nn.Dropout(args.dropout),
        torch.nn.Linear(args.hidden, len(LABELS)),
    )
    frequency = np.bincount(labels, minlength=len(LABELS)) / len(labels)
    weights = torch.from_numpy((1.0 / np.sqrt(frequency)).astype(np.float32))
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights / weights.mean())
    optimiser = torch.optim.Adam(model.parameters(), lr=args.lr, weight_decay=1e-5)
    generator = torch.Generator().manual_seed(SEED)
    best: tuple[float, dict[str, torch.Tensor], int] = (-1.0, {}, 0)
    for epoch in range(1, args.epochs + 1):
        model.train()
        for batch in torch.randperm(len(rows), generator=generator).split(256):
            optimiser.zero_grad()
            loss = loss_fn(model(rows[batch]), target[batch])
            loss.backward()
            optimiser.step()
        model.eval()
        fnc, macro, disagree, _ = evaluate(model, dev_rows, gold, np.zeros(4, np.float32))
        print(
            f"epoch {epoch}: dev FNC {fnc:.2f} macro-F1 {macro:.3f} disagree F1 {disagree:.3f}",
            flush=True,
        )
        value = fnc / 100 + macro
        if value > best[0]:
            best = (value, {k: v.clone() for k, v in model.state_dict().items()}, epoch)
    model.load_state_dict(best[1])
    model.eval()
    with torch.no_grad():
        dev_logits = model(dev_rows).numpy()
    offsets = tune_offsets(dev_logits, gold)
    fnc, macro, disagree, _ = evaluate(model, dev_rows, gold, offsets)
    print(
        f"best epoch {best[2]}, offsets {offsets.tolist()}: dev FNC {fnc:.2f} "
        f"macro-F1 {macro:.3f} disagree F1 {disagree:.3f}"
    )
    state = model.state_dict()
    words = sorted(vocabulary.index, key=vocabulary.index.get)  # type: ignore[arg-type]
    width = terms.shape[1]
    w1 = state["0.weight"].numpy()
    if args.no_terms:  # the run-time network always reads the term rows: give them zeros
        w1 = np.concatenate([np.zeros((w1.shape[0], 2 * VOCABULARY), np.float32), w1], 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out,
        words=np.asarray(words),
        idf=vocabulary.idf,
        mean=mean.astype(np.float32),
        scale=scale.astype(np.float32),
        w1=w1.astype(np.float16),
        b1=state["0.bias"].numpy(),
        w2=state["3.weight"].numpy(),
        b2=state["3.bias"].numpy(),
        offsets=offsets,
    )
    print(
        f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB, term width {width}) "
        f"in {time.time() - started:.0f}s"
    )


if __name__ == "__main__":
    main()
