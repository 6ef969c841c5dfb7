"""Train the attribution tagger on PolNeAR train, select on dev, write the shipped weights.

    make train                     # or: .venv/bin/python train/attribution.py
    python train/attribution.py --epochs 5 --seed 13 --out PATH

Needs the ``train`` extra (torch, CPU build) and ``../shared/eval/attribution/polnear``.
The encoder's bottom layers are frozen: their states are computed once per window and
kept in memory; the top layers (initialised from the encoder's own), a tag layer and CRF
transitions are trained. The epoch with the best mean exact F1 on dev is kept, written as
float16 to ``src/watchfloor/extract/data/models/attribution-tagger.npz``, read back by
watchfloor's own numpy run-time, and scored on dev again: the figures printed last are
those of the shipped file.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import _polnear
from watchfloor.encoder import Encoder, Layer, load_encoder
from watchfloor.extract.grouping import group_spans
from watchfloor.extract.tagger import (
    FEATURE_SIZES,
    FEATURES,
    MODEL_PATH,
    TAGS,
    SpanTagger,
    TaggedSpan,
    allowed_starts,
    allowed_transitions,
    pack_windows,
    piece_features,
    spans_from_tags,
    tags_from_spans,
)

NEG = -1e4
CACHE = Path(__file__).resolve().parent / ".cache"


@dataclass
class Window:
    article: int
    start: int
    end: int
    states: torch.Tensor  # (end - start + 2, width) after the frozen layers, float16
    tags: torch.Tensor  # (end - start,)
    features: torch.Tensor  # (end - start, features): parse features, or (n, 0)


class TorchLayer(nn.Module):
    """A BERT layer, the same arithmetic as ``watchfloor.encoder.run_layer``."""

    def __init__(self, layer: Layer, heads: int = 12, dropout: float = 0.1) -> None:
        super().__init__()
        width = layer.query[0].shape[1]
        inner = layer.intermediate[0].shape[0]
        self.heads = heads
        self.query = nn.Linear(width, width)
        self.key = nn.Linear(width, width)
        self.value = nn.Linear(width, width)
        self.attention_out = nn.Linear(width, width)
        self.attention_norm = nn.LayerNorm(width, eps=1e-12)
        self.intermediate = nn.Linear(width, inner)
        self.output = nn.Linear(inner, width)
        self.output_norm = nn.LayerNorm(width, eps=1e-12)
        self.dropout = nn.Dropout(dropout)
        for name in ("query", "key", "value", "attention_out", "intermediate", "output",
                     "attention_norm", "output_norm"):  # fmt: skip
            module = getattr(self, name)
            weight, bias = getattr(layer, name)
            module.weight.data = torch.tensor(np.array(weight), dtype=torch.float32)
            module.bias.data = torch.tensor(np.array(bias), dtype=torch.float32)

    def forward(self, hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        batch, length, width = hidden.shape
        size = width // self.heads

        def split(x: torch.Tensor) -> torch.Tensor:
            return x.view(batch, length, self.heads, size).transpose(1, 2)

        q, k, v = split(self.query(hidden)), split(self.key(hidden)), split(self.value(hidden))
        scores = q @ k.transpose(-1, -2) / size**0.5 + ((1.0 - mask) * NEG)[:, None, None, :]
        weights = self.dropout(scores.softmax(-1))
        context = (weights @ v).transpose(1, 2).reshape(batch, length, width)
        hidden = self.attention_norm(hidden + self.dropout(self.attention_out(context)))
        inner = nn.functional.gelu(self.intermediate(hidden), approximate="tanh")
        out: torch.Tensor = self.output_norm(hidden + self.dropout(self.output(inner)))
        return out

    def export(self, prefix: str) -> dict[str, np.ndarray]:
        names = {"query": "attention.self.query", "key": "attention.self.key",
                 "value": "attention.self.value", "attention_out": "attention.output.dense",
                 "attention_norm": "attention.output.LayerNorm", "intermediate":
                 "intermediate.dense", "output": "output.dense",
                 "output_norm": "output.LayerNorm"}  # fmt: skip
        out = {}
        for attr, name in names.items():
            module = getattr(self, attr)
            out[f"{prefix}{name}.weight"] = module.weight.detach().numpy()
            out[f"{prefix}{name}.bias"] = module.bias.detach().numpy()
        return out


class Head(nn.Module):
    def __init__(
        self, encoder: Encoder, frozen: int, count: int, dropout: float, use_parse: bool
    ) -> None:
        super().__init__()
        self.frozen = frozen
        width = encoder.word.shape[1]
        tables = [nn.Embedding(size, width) for size in (FEATURE_SIZES if use_parse else ())]
        for table in tables:
            nn.init.normal_(table.weight, std=0.02)
        self.features = nn.ModuleList(tables)
        self.layers = nn.ModuleList(
            TorchLayer(encoder.layers[frozen + i], dropout=dropout) for i in range(count)
        )
        self.dropout = nn.Dropout(dropout)
        self.tags = nn.Linear(encoder.word.shape[1], len(TAGS))
        self.transitions = nn.Parameter(torch.zeros(len(TAGS), len(TAGS)))
        self.register_buffer("allowed", torch.tensor(allowed_transitions()))
        self.register_buffer("starts", torch.tensor(allowed_starts()))

    def emissions(
        self, hidden: torch.Tensor, mask: torch.Tensor, features: torch.Tensor | None = None
    ) -> torch.Tensor:
        if features is not None and len(self.features):
            added = sum(table(features[..., i]) for i, table in enumerate(self.features))
            hidden = hidden.clone()
            hidden[:, 1:-1] = hidden[:, 1:-1] + added
        for layer in self.layers:
            hidden = layer(hidden, mask)
        out: torch.Tensor = self.tags(self.dropout(hidden))
        return out

    def _transitions(self) -> torch.Tensor:
        allowed = cast(torch.Tensor, self.allowed)
        return torch.where(allowed, self.transitions, torch.full_like(self.transitions, NEG))

    def nll(self, emissions: torch.Tensor, tags: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """CRF negative log-likelihood; ``emissions`` (B, L, T) over inner pieces."""
        trans = self._transitions()
        start_penalty = torch.where(cast(torch.Tensor, self.starts), 0.0, NEG)
        length = emissions.shape[1]
        # gold path score
        gold = emissions[:, 0].gather(1, tags[:, :1]).squeeze(1) + start_penalty[tags[:, 0]]
        for i in range(1, length):
            step = emissions[:, i].gather(1, tags[:, i : i + 1]).squeeze(1)
            step = step + trans[tags[:, i - 1], tags[:, i]]
            gold = gold + step * mask[:, i]
        # partition function
        alpha = emissions[:, 0] + start_penalty
        for i in range(1, length):
            nxt = torch.logsumexp(alpha[:, :, None] + trans[None], dim=1) + emissions[:, i]
            alpha = torch.where(mask[:, i : i + 1] > 0, nxt, alpha)
        return (torch.logsumexp(alpha, dim=1) - gold).mean()

    def export(self) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for index, layer in enumerate(self.layers):
            out.update(cast(TorchLayer, layer).export(f"layer.{index}."))
        out["tags.weight"] = self.tags.weight.detach().numpy()
        out["tags.bias"] = self.tags.bias.detach().numpy()
        out["transitions"] = self.transitions.detach().numpy()
        for name, table in zip(FEATURES, self.features, strict=False):
            out[f"features.{name}"] = cast(nn.Embedding, table).weight.detach().numpy()
        return {k: v.astype(np.float16) for k, v in out.items()} | {
            "frozen_layers": np.array(self.frozen),
            "head_layers": np.array(len(self.layers)),
        }


def label_spans(article: _polnear.Article) -> list[tuple[str, int, int]]:
    """Trimmed gold span pieces (a discontinuous content is tagged piece by piece, and
    grouping joins the pieces around their cue); cues and sources first."""
    spans = []
    for label in ("Cue", "Source", "Content"):
        for start, end in article.pieces(label):
            start, end = _polnear.trim(article.text, start, end)
            if end > start:
                spans.append((label, start, end))
    return spans


def frozen_windows(
    encoder: Encoder,
    frozen_layers: torch.nn.ModuleList,
    articles: list[_polnear.Article],
    parses: dict[str, Any] | None,
) -> tuple[list[Window], list[Any]]:
    windows: list[Window] = []
    pieces_of = []
    for index, article in enumerate(articles):
        pieces = encoder.wordpieces(article.text)
        pieces_of.append(pieces)
        tags = tags_from_spans(pieces, label_spans(article))
        if parses is not None:
            features = piece_features(pieces, *parses[article.name])
        else:
            features = np.zeros((len(pieces), 0), dtype=np.int64)
        spans = pack_windows(pieces, article.text)
        for batch_start in range(0, len(spans), 32):
            batch = spans[batch_start : batch_start + 32]
            longest = max(e - s for s, e in batch) + 2
            ids = np.zeros((len(batch), longest), dtype=np.int64)
            mask = np.zeros((len(batch), longest), dtype=np.float32)
            for row, (s, e) in enumerate(batch):
                ids[row, 0], ids[row, 1 + e - s] = encoder.cls_id, encoder.sep_id
                ids[row, 1 : 1 + e - s] = pieces.ids[s:e]
                mask[row, : e - s + 2] = 1
            with torch.inference_mode():
                hidden = torch.tensor(encoder.embed(ids))
                mask_t = torch.tensor(mask)
                for layer in frozen_layers:
                    hidden = layer(hidden, mask_t)
            for row, (s, e) in enumerate(batch):
                windows.append(
                    Window(
                        index,
                        s,
                        e,
                        hidden[row, : e - s + 2].to(torch.float16).clone(),
                        torch.tensor(tags[s:e]),
                        torch.tensor(features[s:e]),
                    )
                )
    return windows, pieces_of


def retag(encoder: Encoder, windows: list[Window], articles: list[_polnear.Article]) -> None:
    tags_of = [tags_from_spans(encoder.wordpieces(a.text), label_spans(a)) for a in articles]
    for window in windows:
        window.tags = torch.tensor(tags_of[window.article][window.start : window.end])


def collate(
    batch: list[Window],
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    longest = max(w.states.shape[0] for w in batch)
    width = batch[0].states.shape[1]
    hidden = torch.zeros(len(batch), longest, width)
    mask = torch.zeros(len(batch), longest)
    tags = torch.zeros(len(batch), longest - 2, dtype=torch.long)
    features = torch.zeros(len(batch), longest - 2, batch[0].features.shape[1], dtype=torch.long)
    for row, w in enumerate(batch):
        n = w.states.shape[0]
        hidden[row, :n] = w.states.float()
        mask[row, :n] = 1
        tags[row, : n - 2] = w.tags
        features[row, : n - 2] = w.features
    return hidden, mask, tags, features


def viterbi_batch(head: Head, emissions: torch.Tensor, lengths: list[int]) -> list[np.ndarray]:
    from watchfloor.extract.tagger import viterbi

    trans = head.transitions.detach().numpy()
    return [viterbi(emissions[row, :n].numpy(), trans) for row, n in enumerate(lengths)]


def evaluate(
    head: Head, windows: list[Window], articles: list[_polnear.Article], pieces_of: list[Any]
) -> dict[str, _polnear.Counts]:
    head.eval()
    tags_of = [np.zeros(len(p), dtype=np.int64) for p in pieces_of]
    with torch.inference_mode():
        for i in range(0, len(windows), 64):
            batch = windows[i : i + 64]
            hidden, mask, _, features = collate(batch)
            emissions = head.emissions(hidden, mask, features)[:, 1:-1]
            lengths = [w.end - w.start for w in batch]
            for w, best in zip(batch, viterbi_batch(head, emissions, lengths), strict=True):
                tags_of[w.article][w.start : w.end] = best
    counts = {label: _polnear.Counts() for label in _polnear.LABELS}
    for article, pieces, tags in zip(articles, pieces_of, tags_of, strict=True):
        score_spans(article, spans_from_tags(pieces, tags), counts)
    return counts


def score_spans(
    article: _polnear.Article, found: list[TaggedSpan], counts: dict[str, _polnear.Counts]
) -> None:
    """Count one article's spans; contents as grouping joins their pieces."""
    text = article.text
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch in ".?!\n"]
    contents = [(g.content.start, g.content.end) for g in group_spans(found, starts, text)]
    for label in _polnear.LABELS:
        if label == "Content":
            predicted = contents
        else:
            predicted = [(s.start, s.end) for s in found if s.label == label]
        _polnear.count(text, article.spans(label), predicted, counts[label])


def report(counts: dict[str, _polnear.Counts]) -> str:
    parts = []
    for label, c in counts.items():
        p, r, f = c.scores()
        parts.append(f"{label} P {p:.3f} R {r:.3f} F1 {f:.3f}")
    return " | ".join(parts)


def mean_f1(counts: dict[str, _polnear.Counts]) -> float:
    return sum(c.scores()[2] for c in counts.values()) / len(counts)


def _load_cache(path: Path) -> tuple[list[Window], list[Window], list[Any]] | None:
    """The cached frozen states, or None when there are none or they were written by
    code that has since moved (a stale pickle is recomputed, not a crash)."""
    if not path.exists():
        return None
    try:
        return torch.load(path, weights_only=False)  # type: ignore[no-any-return]
    except (ModuleNotFoundError, AttributeError, EOFError, RuntimeError) as error:
        print(f"recomputing the frozen states: {path.name} is stale ({error})", flush=True)
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--frozen", type=int, default=2, help="encoder layers kept frozen")
    parser.add_argument("--head-layers", type=int, default=2)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--dropout", type=float, default=0.1)
    parser.add_argument("--limit", type=int, default=0, help="train articles (0: all)")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument(
        "--extra",
        type=Path,
        action="append",
        default=[],
        help="more training articles in PolNeAR's layout: the desk's corrections "
        "(watchfloor export --format corrections -o FOLDER); repeatable",
    )
    parser.add_argument("--no-parse", action="store_true", help="train without the parse features")
    args = parser.parse_args()
    if not _polnear.available():
        sys.exit(f"PolNeAR is not at {_polnear.POLNEAR}: training needs ../shared/eval")
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    began = time.perf_counter()
    encoder = load_encoder()
    frozen = nn.ModuleList(TorchLayer(encoder.layers[i], dropout=0.0) for i in range(args.frozen))
    frozen.eval()
    train_articles = list(_polnear.articles("train", every_annotator=True))
    for folder in args.extra:
        train_articles += list(_polnear.articles_in(folder, every_annotator=True))
    if args.limit:
        train_articles = train_articles[: args.limit]
    dev_articles = list(_polnear.articles("dev"))
    parses = None
    if not args.no_parse:
        from _parses import parse_features

        texts = {a.name: a.text for a in train_articles + dev_articles}
        parses = parse_features(texts)
        print(f"parse features of {len(parses)} texts ({time.perf_counter() - began:.0f} s)")
    cache = CACHE / f"frozen-{args.frozen}-{len(train_articles)}-{parses is not None}.pt"
    cached = _load_cache(cache)  # the frozen layers' states do not change between runs
    if cached is not None:
        train, dev, dev_pieces = cached
        retag(encoder, train, train_articles)  # the labels may have changed
        retag(encoder, dev, dev_articles)
    else:
        train, _ = frozen_windows(encoder, frozen, train_articles, parses)
        dev, dev_pieces = frozen_windows(encoder, frozen, dev_articles, parses)
        cache.parent.mkdir(parents=True, exist_ok=True)
        torch.save((train, dev, dev_pieces), cache)
    print(f"frozen states: {len(train)} train windows, {len(dev)} dev windows "
          f"({time.perf_counter() - began:.0f} s)", flush=True)  # fmt: skip
    head = Head(encoder, args.frozen, args.head_layers, args.dropout, parses is not None)
    body = [p for n, p in head.named_parameters() if n.startswith("layers.")]
    rest = [p for n, p in head.named_parameters() if not n.startswith("layers.")]
    optimiser = torch.optim.AdamW(
        [{"params": body, "lr": args.lr}, {"params": rest, "lr": args.lr * 10}],
        weight_decay=0.01,
    )
    steps = args.epochs * ((len(train) + args.batch - 1) // args.batch)
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimiser, max_lr=[args.lr, args.lr * 10], total_steps=steps, pct_start=0.1
    )
    best, best_state = -1.0, None
    for epoch in range(1, args.epochs + 1):
        head.train()
        order = list(range(len(train)))
        random.shuffle(order)
        # batches of similar length, in random order
        order.sort(key=lambda i: train[i].states.shape[0] // 32 + random.random())
        batches = [order[i : i + args.batch] for i in range(0, len(order), args.batch)]
        random.shuffle(batches)
        total = 0.0
        for batch_index in batches:
            hidden, mask, tags, features = collate([train[i] for i in batch_index])
            emissions = head.emissions(hidden, mask, features)[:, 1:-1]
            loss = head.nll(emissions, tags, mask[:, 2:])
            optimiser.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(head.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            total += float(loss.detach())
        counts = evaluate(head, dev, dev_articles, dev_pieces)
        score = mean_f1(counts)
        print(f"epoch {epoch} loss {total / len(batches):.3f} dev {report(counts)} "
              f"({time.perf_counter() - began:.0f} s)", flush=True)  # fmt: skip
        if score > best:
            best, best_state = score, head.export()
            args.out.parent.mkdir(parents=True, exist_ok=True)
            np.savez_compressed(args.out, **best_state)  # type: ignore[arg-type]  # a stopped run keeps its best
    assert best_state is not None
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, **best_state)  # type: ignore[arg-type]
    shipped = SpanTagger(encoder, {k: v.astype(np.float32) for k, v in best_state.items()})
    counts = {label: _polnear.Counts() for label in _polnear.LABELS}
    for article in dev_articles:
        parsed = parses[article.name] if parses else None
        score_spans(article, shipped.spans_with_features(article.text, parsed), counts)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    print(f"shipped weights, numpy run-time, dev: {report(counts)}")
    print(f"total {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
