"""A trained span tagger over the encoder: sources, cues and contents of attributions.

The bottom layers of the encoder are frozen (they come from the PyPI package); the
top layers, a linear layer to BIO tags and a matrix of tag transitions (a linear-chain
CRF) are trained on annotated news (``make train``) and ship with watchfloor as one
``.npz`` file. Decoding is Viterbi over each window, so every span the tagger returns
is well formed (an ``I-`` tag never follows ``O`` or another label).

Windows are packed from whole sentences (wordpieces up to a sentence-final mark), at
most ``WINDOW`` pieces and never overlapping: the same packing is used in training and
at run time, so the model never sees a context it was not trained on.
"""

from __future__ import annotations

import functools
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from spacy.tokens import Doc

from watchfloor.encoder import WINDOW, Encoder, Floats, Layer, Wordpieces, run_layer
from watchfloor.errors import ConfigError

__all__ = [
    "LABELS",
    "TAGS",
    "SpanTagger",
    "TaggedSpan",
    "load_tagger",
    "pack_windows",
    "spans_from_tags",
    "tags_from_spans",
]

LABELS = ("Source", "Cue", "Content")
TAGS = ("O", *(f"{prefix}-{label}" for label in LABELS for prefix in ("B", "I")))
"""O, B-Source, I-Source, B-Cue, I-Cue, B-Content, I-Content."""
MODEL_PATH = Path(__file__).parent / "data" / "models" / "attribution-tagger.npz"
_SENTENCE_END = frozenset({".", "?", "!", "\n"})


@dataclass(frozen=True, slots=True)
class TaggedSpan:
    """A span the tagger found: its label and character offsets into the text."""

    label: str
    start: int
    end: int


def pack_windows(pieces: Wordpieces, text: str, size: int = WINDOW - 2) -> list[tuple[int, int]]:
    """Consecutive windows (start, end) of whole sentences, each at most ``size`` pieces.

    A sentence ends after a piece that is a sentence-final mark (or after a line break
    between two pieces); a sentence longer than ``size`` is cut."""
    count = len(pieces)
    if count == 0:
        return []
    ends: list[int] = []  # piece index after which a sentence may end
    offsets = pieces.offsets
    paragraphs: set[int] = set()  # a blank line always closes a window: a long text read
    for i in range(count - 1):  # in pieces cut at blank lines is read as the whole is
        piece = text[offsets[i, 0] : offsets[i, 1]]
        gap = text[offsets[i, 1] : offsets[i + 1, 0]]
        if piece in _SENTENCE_END or "\n" in gap:
            ends.append(i + 1)
        if "\n\n" in gap:
            paragraphs.add(i + 1)
    ends.append(count)
    windows: list[tuple[int, int]] = []
    start = 0
    last_end = 0
    for end in ends:
        if last_end in paragraphs and last_end > start:
            windows.append((start, last_end))
            start = last_end
        while end - start > size:
            if last_end > start:
                windows.append((start, last_end))
                start = last_end
            else:
                windows.append((start, start + size))
                start += size
        last_end = end
    if start < count:
        windows.append((start, count))
    return windows


def tags_from_spans(pieces: Wordpieces, spans: list[tuple[str, int, int]]) -> NDArray[np.int64]:
    """Tag indices of every wordpiece for labelled character spans (label, start, end);
    a piece inside no span, or already inside an earlier one, keeps what it has."""
    tags = np.zeros(len(pieces), dtype=np.int64)
    starts, ends = pieces.offsets[:, 0], pieces.offsets[:, 1]
    for label, start, end in spans:
        inside = np.nonzero((starts >= start) & (ends <= end) & (tags == 0))[0]
        if len(inside) == 0:
            continue
        # A span is one run of pieces: stop at the first piece already taken.
        run = [int(inside[0])]
        for index in inside[1:]:
            if index != run[-1] + 1:
                break
            run.append(int(index))
        tags[run[0]] = TAGS.index(f"B-{label}")
        for index in run[1:]:
            tags[index] = TAGS.index(f"I-{label}")
    return tags


def spans_from_tags(pieces: Wordpieces, tags: NDArray[np.int64]) -> list[TaggedSpan]:
    """Character spans of the runs B-X I-X* in ``tags``."""
    spans: list[TaggedSpan] = []
    label: str | None = None
    start = end = 0
    for index, tag_index in enumerate(tags.tolist()):
        tag = TAGS[tag_index]
        if tag.startswith("I-") and label == tag[2:]:
            end = int(pieces.offsets[index, 1])
            continue
        if label is not None:
            spans.append(TaggedSpan(label, start, end))
            label = None
        if tag != "O":  # B-X, or an I-X that starts a run (Viterbi never gives one)
            label = tag[2:]
            start, end = int(pieces.offsets[index, 0]), int(pieces.offsets[index, 1])
    if label is not None:
        spans.append(TaggedSpan(label, start, end))
    return spans


UNIVERSAL_POS = (
    "ADJ ADP ADV AUX CCONJ DET INTJ NOUN NUM PART PRON PROPN PUNCT SCONJ SYM VERB X SPACE"
).split()
DEPENDENCIES = (
    "ROOT acl acomp advcl advmod agent amod appos attr aux auxpass case cc ccomp compound "
    "conj csubj csubjpass dative dep det dobj expl intj mark meta neg nmod npadvmod nsubj "
    "nsubjpass nummod oprd parataxis pcomp pobj poss preconj predet prep prt punct quantmod "
    "relcl xcomp"
).split()
"""The English parser's labels (ClearNLP style); a label outside the list reads as unknown."""
FEATURES = ("pos", "dep", "head_side", "cue_word", "cue_role", "quoted")
FEATURE_SIZES = (len(UNIVERSAL_POS) + 1, len(DEPENDENCIES) + 1, 3, 2, len(DEPENDENCIES) + 2, 2)
"""Values of each parse feature a wordpiece carries from its token (0: unknown)."""


ParseFeatures = tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]


def token_features(
    doc: Doc, cue_words: Collection[str], quotes: list[tuple[int, int]]
) -> ParseFeatures:
    """What the parse says of each token: its part of speech and dependency, where its
    head lies, whether it is a cue word, how it hangs off the nearest cue word above it
    ("ccomp" of "said": content; "nsubj": source), and whether it is inside quotation
    marks. Returns token starts, ends and a (tokens, features) array."""
    count = len(doc)
    starts = np.fromiter((t.idx for t in doc), dtype=np.int64, count=count)
    ends = np.fromiter((t.idx + len(t) for t in doc), dtype=np.int64, count=count)
    features = np.zeros((count, len(FEATURES)), dtype=np.int64)
    pos_index = {p: i + 1 for i, p in enumerate(UNIVERSAL_POS)}
    dep_index = {d: i + 1 for i, d in enumerate(DEPENDENCIES)}
    is_cue = [t.lemma_.lower() in cue_words and t.pos_ in ("VERB", "AUX", "NOUN") for t in doc]
    in_quote = np.zeros(count, dtype=bool)
    for q_start, q_end in quotes:
        in_quote |= (starts >= q_start) & (ends <= q_end)
    for token in doc:
        i = token.i
        head = token.head.i
        role = 0
        node = token
        for _ in range(12):  # the path up to the nearest cue word, a few steps at most
            parent = node.head
            if parent.i == node.i:
                break
            if is_cue[parent.i]:
                role = dep_index.get(node.dep_, len(DEPENDENCIES) + 1)
                break
            node = parent
        if is_cue[i]:
            role = len(DEPENDENCIES) + 1
        features[i] = (
            pos_index.get(token.pos_, 0),
            dep_index.get(token.dep_, 0),
            0 if head == i else (1 if head < i else 2),
            int(is_cue[i]),
            role,
            int(in_quote[i]),
        )
    return starts, ends, features


def piece_features(
    pieces: Wordpieces,
    token_starts: NDArray[np.int64],
    token_ends: NDArray[np.int64],
    features: NDArray[np.int64],
) -> NDArray[np.int64]:
    """Each wordpiece takes the features of the token it lies in (all 0 in none)."""
    out = np.zeros((len(pieces), features.shape[1]), dtype=np.int64)
    if len(token_starts) == 0:
        return out
    index = np.searchsorted(token_starts, pieces.offsets[:, 0], side="right") - 1
    valid = (index >= 0) & (pieces.offsets[:, 0] < token_ends[np.clip(index, 0, None)])
    out[valid] = features[index[valid]]
    return out


def allowed_transitions() -> NDArray[np.bool_]:
    """(from, to) pairs a BIO sequence may take: I-X only after B-X or I-X."""
    allowed = np.ones((len(TAGS), len(TAGS)), dtype=bool)
    for to, tag in enumerate(TAGS):
        if tag.startswith("I-"):
            for source, previous in enumerate(TAGS):
                allowed[source, to] = previous[2:] == tag[2:] and previous != "O"
    return allowed


def allowed_starts() -> NDArray[np.bool_]:
    return np.array([not tag.startswith("I-") for tag in TAGS])


_BLOCKED = np.float32(-1e4)


@functools.cache
def _start_penalty() -> Floats:
    return np.where(allowed_starts(), 0.0, _BLOCKED).astype(np.float32)


def constrained(transitions: Floats) -> Floats:
    """Transition scores with the moves BIO forbids blocked."""
    return np.where(allowed_transitions(), transitions, _BLOCKED).astype(np.float32)


def viterbi(emissions: Floats, transitions: Floats) -> NDArray[np.int64]:
    """The best tag sequence for (length, tags) scores under BIO constraints (pass
    ``constrained`` transitions to skip blocking them again on every call)."""
    length = emissions.shape[0]
    trans = constrained(transitions)
    score = emissions[0] + _start_penalty()
    back = np.zeros((length, len(TAGS)), dtype=np.int64)
    for i in range(1, length):
        total = score[:, None] + trans
        back[i] = total.argmax(0)
        score = total.max(0) + emissions[i]
    best = np.zeros(length, dtype=np.int64)
    best[-1] = int(score.argmax())
    for i in range(length - 1, 0, -1):
        best[i - 1] = back[i, best[i]]
    return best


class SpanTagger:
    """The trained head: top layers, a tag layer and CRF transitions over frozen layers."""

    def __init__(self, encoder: Encoder, weights: dict[str, Floats]) -> None:
        self.encoder = encoder
        # Shipped as float16 to stay small; run as float32: numpy multiplies float16
        # matrices without BLAS, three times slower than the whole float32 layer.
        weights = {
            name: value.astype(np.float32) if value.dtype == np.float16 else value
            for name, value in weights.items()
        }
        self.frozen = int(weights["frozen_layers"])
        count = int(weights["head_layers"])
        self.layers = [Layer.from_tensors(weights, f"layer.{i}.") for i in range(count)]
        self.tag_weight = weights["tags.weight"]
        self.tag_bias = weights["tags.bias"]
        self.transitions = constrained(weights["transitions"])  # once, not per window
        self.feature_tables = (
            [weights[f"features.{name}"] for name in FEATURES]
            if "features.pos" in weights
            else None
        )

    @property
    def uses_parse(self) -> bool:
        """Whether the tagger reads parse features (then ``tag`` needs them)."""
        return self.feature_tables is not None

    def frozen_states(
        self, pieces: Wordpieces, windows: list[tuple[int, int]]
    ) -> tuple[Floats, Floats]:
        """Each window's states after the frozen layers, [CLS] and [SEP] included,
        padded to one length: (windows, length, width), and the mask."""
        encoder = self.encoder
        longest = max(end - start for start, end in windows) + 2
        ids = np.zeros((len(windows), longest), dtype=np.int64)
        mask = np.zeros((len(windows), longest), dtype=np.float32)
        for row, (start, end) in enumerate(windows):
            ids[row, 0] = encoder.cls_id
            ids[row, 1 : 1 + end - start] = pieces.ids[start:end]
            ids[row, 1 + end - start] = encoder.sep_id
            mask[row, : end - start + 2] = 1.0
        hidden = encoder.embed(ids)
        for index in range(self.frozen):
            hidden = run_layer(hidden, mask, encoder.layers[index])
        return hidden, mask

    def emissions(self, hidden: Floats, mask: Floats) -> Floats:
        for layer in self.layers:
            hidden = run_layer(hidden, mask, layer)
        out: Floats = hidden @ self.tag_weight.T + self.tag_bias
        return out

    def add_features(
        self, hidden: Floats, batch: list[tuple[int, int]], features: NDArray[np.int64]
    ) -> Floats:
        """The parse features' vectors added to the frozen states of the windows' pieces."""
        assert self.feature_tables is not None
        for row, (start, end) in enumerate(batch):
            for column, table in enumerate(self.feature_tables):
                hidden[row, 1 : 1 + end - start] += table[features[start:end, column]]
        return hidden

    def tag(
        self, text: str, parsed: ParseFeatures | None = None
    ) -> tuple[Wordpieces, NDArray[np.int64]]:
        """The wordpieces of ``text`` and the tag of each; ``parsed`` are its tokens'
        features (``token_features``), needed when the tagger reads the parse."""
        pieces = self.encoder.wordpieces(text)
        tags = np.zeros(len(pieces), dtype=np.int64)
        if len(pieces) == 0:
            return pieces, tags
        features = None
        if self.uses_parse:
            if parsed is None:
                raise ValueError("this tagger reads the parse: pass the text's parse features")
            features = piece_features(pieces, *parsed)
        windows = pack_windows(pieces, text)
        for batch in _batches(windows):
            hidden, mask = self.frozen_states(pieces, batch)
            if features is not None:
                hidden = self.add_features(hidden, batch, features)
            scores = self.emissions(hidden, mask)
            for (start, end), row in zip(batch, scores, strict=True):
                tags[start:end] = viterbi(row[1 : 1 + end - start], self.transitions)
        return pieces, tags

    def spans_with_features(self, text: str, parsed: ParseFeatures | None) -> list[TaggedSpan]:
        return spans_from_tags(*self.tag(text, parsed))

    def __call__(
        self, text: str, doc: Doc | None = None, quotes: list[tuple[int, int]] | None = None
    ) -> list[TaggedSpan]:
        """The spans of ``text``; ``doc`` is its parse (``text`` is ``doc.text``)."""
        parsed = None
        if self.uses_parse and doc is not None:
            from watchfloor.lang.lexicon import CUE_VERBS

            parsed = token_features(doc, CUE_VERBS, quotes or [])
        return self.spans_with_features(text, parsed)


PADDING = 0.15
"""A batch's windows are padded to its longest: a window shorter than that by more than
this share starts a batch of its own (a text's windows padded to one length were 30%
padding on the briefings of bench/extract.py)."""


def _batches(windows: list[tuple[int, int]], size: int = 16) -> list[list[tuple[int, int]]]:
    """Windows in batches of similar length (little padding), longest first."""
    ordered = sorted(windows, key=lambda w: w[1] - w[0], reverse=True)
    batches: list[list[tuple[int, int]]] = []
    for window in ordered:
        current = batches[-1] if batches else None
        longest = current[0][1] - current[0][0] if current else 0
        if (
            current is None
            or len(current) >= size
            or (window[1] - window[0] + 2 < (1 - PADDING) * (longest + 2))
        ):
            batches.append([window])
        else:
            current.append(window)
    return batches


@functools.cache
def load_tagger(path: Path = MODEL_PATH) -> SpanTagger:
    """The shipped attribution tagger, loaded once per process."""
    from watchfloor.encoder import load_encoder

    try:
        with np.load(path) as archive:
            weights = {name: archive[name] for name in archive.files}
    except OSError as exc:
        raise ConfigError(
            f"cannot read the attribution tagger's weights at {path}: {exc}; "
            "reinstall watchfloor or run 'make train'"
        ) from exc
    return SpanTagger(load_encoder(), weights)
