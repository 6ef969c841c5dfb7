"""Fingerprints that find repeated articles: a normalised-text hash and a MinHash.

The MinHash signature is cut into LSH bands (datasketch's optimal band/row split for the
threshold). The store indexes band keys, so finding near-duplicate candidates is an index
lookup, however many articles are stored, and works across processes.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
import zlib
from collections import deque
from dataclasses import dataclass

import numpy as np

NUM_PERM = 128
SHINGLE_WORDS = 3
_SEED = 1

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
        "\u00ad": None, "\u200b": None, "\ufeff": None,
    }
)  # fmt: skip
_WORD = re.compile(r"\w+", re.UNICODE)


def normalise_text(text: str) -> str:
    """Text as compared for exact duplicates: NFKC, case-folded, one kind of quote and
    dash, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE).casefold()
    return " ".join(text.split())


def content_hash(text: str) -> str:
    """SHA-256 (hex) of the normalised text."""
    return _hash_normalised(normalise_text(text))


def _hash_normalised(normalised: str) -> str:
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What deduplication compares: the exact-match hash and the MinHash signature."""

    content_hash: str
    signature: np.ndarray


def fingerprint(text: str) -> Fingerprint:
    """Both fingerprints of ``text``, normalising it once."""
    normalised = normalise_text(text)
    return Fingerprint(_hash_normalised(normalised), _signature(normalised))


@dataclass(frozen=True, slots=True)
class LshParams:
    """How a signature is cut into bands for one threshold."""

    threshold: float
    bands: int
    rows: int

    @classmethod
    def for_threshold(cls, threshold: float) -> LshParams:
        from datasketch.lsh import _optimal_param  # scipy: imported when first needed

        bands, rows = _optimal_param(threshold, NUM_PERM, 0.5, 0.5)
        return cls(threshold, bands, rows)


def minhash_signature(text: str) -> np.ndarray:
    """MinHash (``NUM_PERM`` uint64 values) of the text's word 3-shingles.

    Shingles are hashed with CRC-32: stable across processes and machines (signatures are
    stored), and several times faster than datasketch's default SHA-1.
    """
    return _signature(normalise_text(text))


_SCHEME = "affine32"
"""datasketch's permutation scheme, named so that a new default cannot change signatures."""


@functools.cache
def _permutations() -> np.ndarray:
    """datasketch's permutations for our seed, made once rather than per signature."""
    from datasketch import MinHash  # scipy: imported when first needed

    template = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME)
    return np.asarray(template.permutations)


_SHINGLE_BATCH = 8192
"""Shingles hashed at a time: datasketch permutes a batch as one (batch x NUM_PERM) array,
so a 10 MB article in one batch took over a gigabyte; in batches it takes a few MB."""


def _signature(normalised: str) -> np.ndarray:
    from datasketch import MinHash

    minhash = MinHash(
        num_perm=NUM_PERM,
        seed=_SEED,
        hashfunc=zlib.crc32,
        permutations=_permutations(),
        scheme=_SCHEME,
    )
    # Shingles are streamed, repeats and all: a repeated shingle leaves a minimum as it is,
    # so the signature is the set's without holding the set.
    window: deque[str] = deque(maxlen=SHINGLE_WORDS)
    batch: list[bytes] = []
    for match in _WORD.finditer(normalised):
        window.append(match.group(0))
        if len(window) == SHINGLE_WORDS:
            batch.append(" ".join(window).encode("utf-8"))
            if len(batch) == _SHINGLE_BATCH:
                minhash.update_batch(batch)
                batch = []
    if len(window) < SHINGLE_WORDS:  # a text of fewer words is one shingle
        batch = [" ".join(window).encode("utf-8")]
    if batch:
        minhash.update_batch(batch)
    return np.asarray(minhash.hashvalues, dtype=np.uint64)


def band_keys(signature: np.ndarray, params: LshParams) -> list[tuple[int, int]]:
    """(band, key) pairs: articles sharing any pair are near-duplicate candidates."""
    keys = []
    for band in range(params.bands):
        chunk = signature[band * params.rows : (band + 1) * params.rows].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8).digest()
        keys.append((band, int.from_bytes(digest, "big", signed=True)))
    return keys


def similarity(left: np.ndarray, right: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(left == right)) / len(left)


def signature_to_bytes(signature: np.ndarray) -> bytes:
    return signature.astype("<u8").tobytes()


def signature_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u8").astype(np.uint64)
