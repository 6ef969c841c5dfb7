"""Dictionary forms of Russian, Ukrainian and Belarusian words, and the models behind
them (pymorphy through Natasha for Russian, pymorphy3 for Ukrainian, a light stemmer for
Belarusian). The tokenizer and the morphology component both read words through here.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from watchfloor.errors import MissingDependencyError

__all__ = [
    "NatashaModels",
    "belarusian_stem",
    "dictionary_form_for",
    "natasha_models",
    "safe_parse",
]


@dataclass(slots=True)
class NatashaModels:
    segmenter: Any
    morph_vocab: Any
    morph: Any
    syntax: Any
    ner: Any


@functools.cache
def natasha_models() -> NatashaModels:
    """Natasha's news models, loaded once per process (about 1 s, 60 MB)."""
    try:
        with warnings.catch_warnings():
            # pymorphy2 imports pkg_resources (hence the setuptools<81 pin).
            warnings.simplefilter("ignore", UserWarning)
            warnings.simplefilter("ignore", DeprecationWarning)
            from natasha import (
                MorphVocab,
                NewsEmbedding,
                NewsMorphTagger,
                NewsNERTagger,
                NewsSyntaxParser,
                Segmenter,
            )

            embedding = NewsEmbedding()
            return NatashaModels(
                segmenter=Segmenter(),
                morph_vocab=MorphVocab(),
                morph=NewsMorphTagger(embedding),
                syntax=NewsSyntaxParser(embedding),
                ner=NewsNERTagger(embedding),
            )
    except ImportError as exc:
        raise MissingDependencyError(
            f"the Russian pipeline (Natasha failed to import: {exc})",
            "natasha",
            "reinstall watchfloor with its pinned dependencies: "
            "pip install -c constraints.txt watchfloor",
        ) from exc


@functools.cache
def ukrainian_morphology() -> Any:
    """pymorphy3's Ukrainian analyser, loaded once per process."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import pymorphy3

            return pymorphy3.MorphAnalyzer(lang="uk")
    except (ImportError, ValueError) as exc:
        raise MissingDependencyError(
            f"Ukrainian (pymorphy3 or its dictionary failed to load: {exc})",
            "pymorphy3-dicts-uk",
            "reinstall watchfloor with its pinned dependencies: "
            "pip install -c constraints.txt watchfloor",
        ) from exc


def safe_parse(parse: Callable[[str], Any], word: str) -> list[Any]:
    """pymorphy's readings of a word, or none: it fails on characters that Python's
    Unicode tables do not name (a word made of them is simply unknown)."""
    try:
        return list(parse(word))
    except (KeyError, ValueError):
        return []


@functools.cache
def known_name_words(gazetteer: str | None = None) -> frozenset[str]:
    """Lower-case words of the gazetteer's Cyrillic names (the built-in one, or the file
    at ``gazetteer``): among a word's dictionary forms, the one that is a known name wins
    ("києві" is Київ's, not кий's)."""
    from pathlib import Path

    from watchfloor.extract.gazetteer import load_gazetteer

    return frozenset(
        word.lower().replace("ё", "е")
        for entry in load_gazetteer(Path(gazetteer) if gazetteer else None)
        for spelling in entry.spellings()
        if any("\u0400" <= c <= "\u04ff" for c in spelling)
        for word in spelling.split()
    )


def _preferring_names(
    parse: Callable[[str], Any], gazetteer: str | None = None
) -> Callable[[str], str]:
    known = known_name_words(gazetteer)

    @functools.lru_cache(maxsize=200_000)
    def form(word: str) -> str:
        key = word.lower().replace("’", "'").replace("ʼ", "'")
        parses = safe_parse(parse, key)
        if not parses:
            return key
        for candidate in parses:
            normal = str(candidate.normal_form).replace("ё", "е")
            if normal in known:
                return normal
        return str(parses[0].normal_form).replace("ё", "е")

    return form


@functools.cache
def dictionary_form_for(language: str, gazetteer: str | None = None) -> Callable[[str], str]:
    """The function that gives a word its (lower-case) dictionary form in ``language``:
    the same in articles and in the gazetteer, so names match whatever their case; where
    a word has several, the one that is a name in the gazetteer (a file's, or the
    built-in one) wins."""
    if language == "ru":
        return _preferring_names(natasha_models().morph_vocab.parse, gazetteer)
    if language == "uk":
        return _preferring_names(ukrainian_morphology().parse, gazetteer)
    if language == "be":
        return belarusian_stem
    return str.lower


_BELARUSIAN_ENDINGS = sorted(
    "аму ому ымі амі ямі ага ога яга ай ой ей ый ім ым ам ем ом ях ах аў яў ую юю ая яя ое "
    "ае і ы у ю а я е о ь".split(),
    key=len,
    reverse=True,
)


@functools.lru_cache(maxsize=200_000)
def belarusian_stem(word: str) -> str:
    """A light stem of a Belarusian word (no dictionary is available offline): the case
    ending cut off, so "Беларусі" and "Беларусь", "Мінску" and "Мінск", "Пуціным" and
    "Пуцін" meet. At least three letters stay."""
    key = word.lower().replace("’", "'")
    for ending in _BELARUSIAN_ENDINGS:
        if key.endswith(ending) and len(key) - len(ending) >= 3:
            return key[: -len(ending)]
    return key
