"""Russian Cyrillic -> Latin by published romanisation schemas.

The spellings of a Russian name that English-language sources print come from a handful
of systems: English Wikipedia's (the press), BGN/PCGN (maps, governments), ICAO Doc 9303
(passports, so the way officials sign their own names), the Russian interior ministry's
MVD 782-2000 (older passports), GOST 7.79-2000 system A (= ISO 9:1995) and the scholarly
system. Each is a letter table with a few context rules: a letter after another one
(``prev``: "ье" -> "ye"), before another one (``next``: "ъа" -> "y") and word endings
("ий" -> "y"). Uppercase letters give capitalised output; a whole uppercase word stays
uppercase.

Tables written from each standard's published letter table; they are checked against
the sample pairs of the iuliia project (``tests/extract/test_transliteration.py``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["SCHEMAS", "Schema", "transliterate"]

_VOWELS = "аеёиоуыэюя"
_CONSONANTS = "бвгджзклмнпрстфхцчшщ"


@dataclass(frozen=True, slots=True)
class Schema:
    name: str
    letters: Mapping[str, str]
    prev: Mapping[str, str] = field(default_factory=dict)
    """previous letter + letter -> the letter's Latin ("" as previous: word start)"""
    next: Mapping[str, str] = field(default_factory=dict)
    """letter + next letter -> the letter's Latin"""
    endings: Mapping[str, str] = field(default_factory=dict)
    """two-letter word ending -> Latin"""


def _base(**changes: str) -> dict[str, str]:
    table = dict(
        zip(
            "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
            [
                "a",
                "b",
                "v",
                "g",
                "d",
                "e",
                "e",
                "zh",
                "z",
                "i",
                "y",
                "k",
                "l",
                "m",
                "n",
                "o",
                "p",
                "r",
                "s",
                "t",
                "u",
                "f",
                "kh",
                "ts",
                "ch",
                "sh",
                "shch",
                "",
                "y",
                "",
                "e",
                "yu",
                "ya",
            ],
            strict=True,
        )
    )
    table.update(changes)
    return table


def _after(letters: str, letter: str, latin: str, *, at_start: bool = True) -> dict[str, str]:
    found = {p + letter: latin for p in letters}
    if at_start:
        found[letter] = latin
    return found


SCHEMAS: dict[str, Schema] = {
    "wikipedia": Schema(
        "wikipedia",
        _base(ё="yo"),
        prev=_after("аиоуэюяъь", "е", "ye"),
        next={h + v: "y" for h in "ъь" for v in "аиоуыэ"},
        endings={"ий": "y", "ый": "y"},
    ),
    "bgn_pcgn": Schema(
        "bgn_pcgn",
        _base(ё="ё", ъ="”", ь="’"),
        prev={
            **_after(_VOWELS + "йъь", "е", "ye"),
            **_after(_VOWELS + "йъь", "ё", "yё"),
            # "·" keeps apart letters that would read as one sound: Ulan-Ud·e, Su·yk
            **_after(_CONSONANTS, "э", "·e", at_start=False),
            **_after(_VOWELS, "ы", "·y", at_start=False),
        },
        next={
            **{"ы" + v: "y·" for v in "аоуыэ"},
            **{"й" + v: "y·" for v in "ауыэ"},
            "тс": "t·",
            "шч": "sh·",
        },
    ),
    "icao_doc_9303": Schema(
        "icao_doc_9303", _base(й="i", ъ="ie", ю="iu", я="ia")
    ),
    "mvd_782": Schema(
        "mvd_782",
        _base(ь="'"),
        prev={
            **_after(_VOWELS + "ъь", "е", "ye", at_start=False),
            **_after(_VOWELS, "ё", "yo"),
            **_after("бвгдзклмнпрстфхц", "ё", "ye", at_start=False),
            "ъё": "ye",
            "ьё": "ye",
        },
        next={"ь" + v: "y" for v in "аиоуыэюяё"} | {"ье": ""},
    ),
    "gost_779": Schema(
        "gost_779",
        dict(
            zip(
                "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                [
                    "a", "b", "v", "g", "d", "e", "ё", "ž", "z", "i", "j", "k", "l", "m", "n",
                    "o", "p", "r", "s", "t", "u", "f", "h", "c", "č", "š", "ŝ", "ʺ", "y", "ʹ",
                    "è", "û", "â",
                ],
                strict=True,
            )
        ),
    ),
    "scientific": Schema(
        "scientific",
        dict(
            zip(
                "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                [
                    "a", "b", "v", "g", "d", "e", "ё", "ž", "z", "i", "j", "k", "l", "m", "n",
                    "o", "p", "r", "s", "t", "u", "f", "x", "c", "č", "š", "šč", "ʺ", "y", "ʹ",
                    "è", "ju", "ja",
                ],
                strict=True,
            )
        ),
    ),
}  # fmt: skip

_WORD = re.compile(r"[А-Яа-яЁё]+")


def _cased(latin: str, letter: str, upper_word: bool) -> str:
    if not letter.isupper() or not latin:
        return latin
    return latin.upper() if upper_word else latin[0].upper() + latin[1:]


def _word(word: str, schema: Schema) -> str:
    lower = word.lower()
    upper_word = len(word) > 1 and word.isupper()
    stem, ending = lower, ""
    if len(lower) > 2 and lower[-2:] in schema.endings:
        stem, ending = lower[:-2], lower[-2:]
    out: list[str] = []
    for i, letter in enumerate(stem):
        previous = stem[i - 1] if i else ""
        following = stem[i + 1] if i + 1 < len(stem) else ""
        latin = schema.prev.get(previous + letter)
        if latin is None and following:
            latin = schema.next.get(letter + following)
        if latin is None:
            latin = schema.letters.get(letter, letter)
        out.append(_cased(latin, word[i], upper_word))
    if ending:
        latin = schema.endings[ending]
        out.append(_cased(latin, word[len(stem)], upper_word))
    return "".join(out)


def transliterate(text: str, schema: str = "wikipedia") -> str:
    """``text`` with its Russian Cyrillic words romanised by ``schema`` (a key of
    ``SCHEMAS``); everything else is kept."""
    chosen = SCHEMAS[schema]
    return _WORD.sub(lambda m: _word(m.group(0), chosen), text)
