"""Number words, one ``NumberWords`` per language, read from
``lang/data/<language>/numbers.toml`` (the same keys in every language)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from watchfloor.lang.data_files import read_data

__all__ = ["NumberWords", "number_words"]


@dataclass(frozen=True, slots=True)
class NumberWords:
    """One language's number words and the words around numbers, by lemma (by lower-case
    form for a language without morphology). A language leaves empty what its quantity
    finder does not read."""

    language: str
    words: Mapping[str, float]
    scales: Mapping[str, int]
    fractions: Mapping[str, int]
    """Denominators written as words: "a third", "three-quarters"."""
    dozens: Mapping[str, int]
    vague: Mapping[str, int]
    """"thousands", "десятки": approximate, the smallest amount the word allows."""
    several: Mapping[str, int]
    """"several", "несколько": an unspecified few, and the least it stands for."""
    approximate: frozenset[str]
    """Words before a number that make it approximate (phrases of words joined by spaces)."""
    comparators: Mapping[tuple[str, ...], str | None]
    """Words before a number that bound it ("more than": ">"); None where they only
    restate it ("equal to")."""
    approximate_after: frozenset[str]
    comparators_after: Mapping[tuple[str, ...], str | None]
    exceed: frozenset[str]
    """Verbs whose subject exceeds the number after them."""
    units: Mapping[str, str]
    """Counted nouns and the unit of what they count ("troops": person)."""
    year_words: frozenset[str]
    months: frozenset[str]
    classifiers: frozenset[str]
    """Counting words whose noun follows ("200 единиц бронетехники")."""
    age_words: frozenset[str]
    more_than: frozenset[str] = frozenset()
    """Approximation words that also bound the number from below ("свыше", "понад")."""


def _bounds(table: Mapping[str, str]) -> dict[tuple[str, ...], str | None]:
    return {
        tuple(phrase.split()): (None if sign == "=" else sign) for phrase, sign in table.items()
    }


@cache
def number_words(language: str) -> NumberWords:
    """The number words of ``language``, read once per process."""
    data: dict[str, Any] = read_data(language, "numbers")

    def listed(key: str) -> frozenset[str]:
        return frozenset(data.get(key, ()))

    return NumberWords(
        language=language,
        words=dict(data.get("words", {})),
        scales=dict(data.get("scales", {})),
        fractions=dict(data.get("fractions", {})),
        dozens=dict(data.get("dozens", {})),
        vague=dict(data.get("vague", {})),
        several=dict(data.get("several", {})),
        approximate=listed("approximate"),
        comparators=_bounds(data.get("comparators", {})),
        approximate_after=listed("approximate_after"),
        comparators_after=_bounds(data.get("comparators_after", {})),
        exceed=listed("exceed"),
        units=dict(data.get("units", {})),
        year_words=listed("year_words"),
        months=listed("months"),
        classifiers=listed("classifiers"),
        age_words=listed("age_words"),
        more_than=listed("more_than"),
    )
