"""Bytes to text, without guessing wrong on Cyrillic.

Generic charset detectors read short KOI8-R text as Japanese; the two Cyrillic legacy
encodings put lower- and upper-case letters in swapped byte ranges, so the decoding whose
Cyrillic letters are mostly lower case is the right one.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CYRILLIC_LEGACY = ("cp1251", "koi8-r", "koi8-u", "cp866", "iso8859-5")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
"""Control characters (category Cc) other than tab, newlines, vertical tab and form feed."""
_WORD = re.compile(r"\w+")
_TYPOGRAPHIC = frozenset(
    "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00ab\u00bb\u20ac\u00a3\u00b0\u00a7\u00a0\u00b7"
)


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
                raise DecodeError(
                    f"invalid {encoding} after its byte-order mark", binary=False
                ) from exc
    if b"\x00" in data[:8192]:
        raise DecodeError("contains NUL bytes", binary=True)
    if declared:
        try:
            return _check_text(data.decode(_codec_name(declared)))
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common on the web; fall through to detection
    try:
        return _check_text(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        if _corrupted_utf8(data):
            raise DecodeError(
                f"invalid UTF-8 at byte {exc.start} of text that is otherwise UTF-8",
                binary=False,
            ) from exc
    cyrillic = _best_cyrillic(data)
    if cyrillic is not None:
        return _check_text(cyrillic)
    western = _plausible_cp1252(data)
    if western is not None:
        return _check_text(western)
    match = charset_normalizer.from_bytes(data[:200_000]).best()
    if match is None or match.encoding is None:
        raise DecodeError("not valid UTF-8 and no other encoding fits", binary=_looks_binary(data))
    try:
        return _check_text(data.decode(match.encoding))
    except UnicodeDecodeError as exc:
        raise DecodeError(f"not valid UTF-8 nor {match.encoding}", binary=False) from exc


def _corrupted_utf8(data: bytes) -> bool:
    """UTF-8 with a few broken bytes (more valid multi-byte characters than invalid
    bytes): decoding it as a legacy encoding would store mojibake for every character."""
    decoded = data.decode("utf-8", errors="replace")
    broken = decoded.count("\ufffd")
    valid = sum(1 for c in decoded if c >= "\x80" and c != "\ufffd")
    return valid > 0 and valid >= broken


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
        if lower >= 0.6 and not _mixes_scripts(text) and (best is None or lower > best[0]):
            best = (lower, text)
    return best[1] if best else None


def _plausible_cp1252(data: bytes) -> str | None:
    """The cp1252 reading, if every non-ASCII character in it is a letter or a common
    typographic sign; Central European code pages fail this on their ł, ą, ż."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    if all(c < "\x80" or c.isalpha() or c in _TYPOGRAPHIC for c in text):
        return text
    return None


def _mixes_scripts(text: str) -> bool:
    """True when Cyrillic letters sit mostly inside Latin words ("ministиre"): the mark of
    Western European text read in a Cyrillic code page."""
    mixed = pure = 0
    for word in _WORD.findall(text):
        cyrillic = sum(1 for c in word if "\u0400" <= c <= "\u04ff")
        if not cyrillic:
            continue
        if any("a" <= c.lower() <= "z" for c in word):
            mixed += cyrillic
        else:
            pure += cyrillic
    return mixed > pure


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 0x20 and b not in (9, 10, 12, 13))
    return controls > 0.01 * max(len(sample), 1)


def _check_text(text: str) -> str:
    """Reject decodings full of control characters: those are binary data, not text."""
    sample = text[:8192]
    if len(_CONTROL.findall(sample)) > 0.01 * max(len(sample), 1):
        raise DecodeError("mostly control characters", binary=True)
    return text
