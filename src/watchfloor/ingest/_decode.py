"""Bytes to text, without guessing wrong on Cyrillic.

Generic charset detectors read short KOI8-R text as Japanese; the two Cyrillic legacy
encodings put lower- and upper-case letters in swapped byte ranges, so the decoding whose
Cyrillic letters are mostly lower case is the right one.
"""

from __future__ import annotations

import codecs
import unicodedata

import charset_normalizer

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CYRILLIC_LEGACY = ("cp1251", "koi8-r", "koi8-u", "cp866", "iso8859-5")
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can tell; ``binary`` says which case."""

    def __init__(self, message: str, *, binary: bool) -> None:
        super().__init__(message)
        self.binary = binary


def decode_text(data: bytes, *, declared: str | None = None) -> str:
    """Decode ``data`` as text: a BOM, then a declared charset, UTF-8, Cyrillic legacy
    encodings, and finally charset_normalizer's guess.

    Raises ``DecodeError`` for binary data or bytes no encoding explains.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data.decode(encoding))
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {encoding} after its byte-order mark", binary=False) from exc
    if b"\x00" in data[:8192]:
        raise DecodeError("contains NUL bytes", binary=True)
    if declared:
        try:
            return _check_text(data.decode(_codec_name(declared)))
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common on the web; fall through to detection
    try:
        return _check_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    cyrillic = _best_cyrillic(data)
    if cyrillic is not None:
        return _check_text(cyrillic)
    match = charset_normalizer.from_bytes(data[:200_000]).best()
    if match is None or match.encoding is None:
        raise DecodeError("not valid UTF-8 and no other encoding fits", binary=_looks_binary(data))
    try:
        return _check_text(data.decode(match.encoding))
    except UnicodeDecodeError as exc:
        raise DecodeError(f"not valid UTF-8 nor {match.encoding}", binary=False) from exc


def _codec_name(name: str) -> str:
    return codecs.lookup(name.strip().strip("\"'")).name


def _best_cyrillic(data: bytes) -> str | None:
    """The legacy Cyrillic decoding that reads as natural text, if any does."""
    high = sum(1 for b in data if b >= 0x80)
    if high == 0:
        return None
    best: tuple[float, str] | None = None
    for encoding in _CYRILLIC_LEGACY:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        letters = [c for c in text if "\u0400" <= c <= "\u04ff"]
        if len(letters) < 0.9 * high:
            continue  # the high bytes are not mostly Cyrillic letters in this encoding
        lower = sum(1 for c in letters if c.islower()) / len(letters)
        if lower >= 0.6 and (best is None or lower > best[0]):
            best = (lower, text)
    return best[1] if best else None


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 0x20 and b not in (9, 10, 12, 13))
    return controls > 0.01 * max(len(sample), 1)


def _check_text(text: str) -> str:
    """Reject decodings full of control characters: those are binary data, not text."""
    sample = text[:8192]
    controls = sum(
        1
        for c in sample
        if unicodedata.category(c) == "Cc" and c not in _ALLOWED_CONTROLS
    )
    if controls > 0.01 * max(len(sample), 1):
        raise DecodeError("mostly control characters", binary=True)
    return text
