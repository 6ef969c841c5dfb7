"""Name variants across scripts and transliterations, by general rules.

Lukashenko / Lukashenka / Лукашенко / Лукашэнка, Makei / Makey, Zelensky / Zelenskyy /
Зеленський, Tsikhanouskaya / Tikhanovskaya: romanising the Cyrillic forms and reducing every
spelling to a phonetic *skeleton* makes variants compare equal, and a fuzzy comparison of
skeletons covers what is left (Belarusian ц for Russian т, and similar).
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata

from watchfloor.lang.transliteration import transliterate

__all__ = ["name_skeleton", "romanisations", "romanise", "same_name", "similar_skeletons"]

# Russian, Ukrainian and Belarusian letters. Each letter's spellings in the schemes that
# English-language media use (BGN/PCGN, the Ukrainian and Belarusian national systems,
# scholarly); the first is the default.
_LETTERS: dict[str, tuple[str, ...]] = {
    "а": ("a",),
    "б": ("b",),
    "в": ("v",),
    "г": ("g", "h"),
    "ґ": ("g",),
    "д": ("d",),
    "е": ("e",),
    "ё": ("yo", "e"),
    "є": ("ye", "ie"),
    "ж": ("zh",),
    "з": ("z",),
    "и": ("i", "y"),
    "і": ("i",),
    "ї": ("yi", "i"),
    "й": ("y", "i", "j"),
    "к": ("k",),
    "л": ("l",),
    "м": ("m",),
    "н": ("n",),
    "о": ("o",),
    "п": ("p",),
    "р": ("r",),
    "с": ("s",),
    "т": ("t",),
    "у": ("u",),
    "ў": ("u", "w"),
    "ф": ("f",),
    "х": ("kh", "h"),
    "ц": ("ts", "c"),
    "ч": ("ch",),
    "ш": ("sh",),
    "щ": ("shch",),
    "ъ": ("",),
    "ы": ("y",),
    "ь": ("",),
    "э": ("e",),
    "ю": ("yu", "iu"),
    "я": ("ya", "ia"),
    "'": ("",),
    "’": ("",),
}


def romanise(text: str, *, scheme: int = 0) -> str:
    """Latin spelling of Cyrillic ``text``; ``scheme`` picks among common spellings."""
    out = []
    for char in text:
        lower = char.lower()
        options = _LETTERS.get(lower)
        if options is None:
            out.append(char)
            continue
        latin = options[min(scheme, len(options) - 1)]
        out.append(latin.capitalize() if char != lower and latin else latin)
    return "".join(out)


def romanisations(text: str) -> set[str]:
    """The common Latin spellings of a Cyrillic name (empty for Latin text)."""
    if not any("\u0400" <= c <= "\u04ff" for c in text):
        return set()
    spellings = {romanise(text, scheme=s) for s in range(3)}
    # Ukrainian and Belarusian г is h (Hrodna, Homel); Russian г is g (Grodno, Gomel).
    spellings |= {romanise(text.replace("г", "х").replace("Г", "Х"), scheme=1)}
    if not any(c in "іїєґўІЇЄҐЎ" for c in text):
        # The published Russian systems in plain letters (the press, passports, maps).
        spellings |= {transliterate(text, s) for s in ("wikipedia", "icao_doc_9303")}
        spellings.add(re.sub("[·”’']", "", transliterate(text, "bgn_pcgn")).replace("ё", "ë"))
    return {s for s in spellings if s}


_DIGRAPHS = (
    ("shch", "s"),
    ("sch", "s"),
    ("tch", "c"),
    ("zh", "z"),
    ("kh", "x"),
    ("ch", "c"),
    ("sh", "s"),
    ("ts", "c"),
    ("tz", "c"),
    ("cz", "c"),
    ("sz", "s"),
    ("ck", "k"),
    ("ph", "f"),
    ("w", "v"),
    ("q", "k"),
    ("h", "g"),
    ("j", "i"),
    ("y", "i"),
)
_U_AS_V = re.compile(r"(?<=[aeio])u(?=[^aeiou]|$)")  # Belarusian ў: Tsikhanouskaya ~ -ovskaya
_NOT_LETTER = re.compile(r"[^a-z]")
_DOUBLES = re.compile(r"(.)\1+")
_FINAL_VOWELS = re.compile(r"[aeiou]+$")


@functools.lru_cache(maxsize=65536)
def name_skeleton(name: str) -> str:
    """A spelling-independent key of one name word: Lukashenko and Лукашэнка both give
    ``lukasenk``.

    Romanises, folds accents and case, merges letters that transliteration schemes
    confuse (kh/h/g, y/i/j, ts/c, w/v, ou/ov), collapses doubled letters and drops final
    vowels (Belarusian -a for Russian -o: Lukashenka, Lukashenko).
    """
    text = romanise(name)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = _NOT_LETTER.sub("", text)
    for digraph, letter in _DIGRAPHS:
        text = text.replace(digraph, letter)
    text = _U_AS_V.sub("v", text)
    text = _DOUBLES.sub(r"\1", text)
    stripped = _FINAL_VOWELS.sub("", text)
    return stripped if len(stripped) >= 2 else text


def similar_skeletons(left: str, right: str, *, threshold: float = 0.85) -> bool:
    """Skeletons equal, or close enough for the differences schemes leave (ц/т, дз/д)."""
    if left == right:
        return True
    if min(len(left), len(right)) < 5:
        return False
    # the two quick ratios are upper bounds of ratio(): most pairs stop there
    matcher = difflib.SequenceMatcher(None, left, right)
    return (
        matcher.real_quick_ratio() >= threshold
        and matcher.quick_ratio() >= threshold
        and matcher.ratio() >= threshold
    )


def same_name(left: str, right: str) -> bool:
    """Whether two spellings of a one-word name may be the same name."""
    return similar_skeletons(name_skeleton(left), name_skeleton(right))
