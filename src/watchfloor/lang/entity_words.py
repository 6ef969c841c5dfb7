"""Words of entity names, read from ``lang/data/<language>/entities.toml`` and merged over
every language: a name in any script is read with all of them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from watchfloor.lang.data_files import LANGUAGES, read_data

__all__ = ["EntityWords", "entity_words"]


@dataclass(frozen=True, slots=True)
class EntityWords:
    media_words: frozenset[str]
    government_words: frozenset[str]
    military_words: frozenset[str]
    country_adjectives: Mapping[str, str]
    """"belarusian": "BY"."""
    country_names: Mapping[str, str]
    spellings: Mapping[str, str]
    national_bodies: Mapping[str, str]
    """"Ukrainian forces" are Ukraine's armed forces: "forces" -> "armed forces"."""
    body_modifiers: Mapping[str, frozenset[str]]


@cache
def entity_words() -> EntityWords:
    """The entity words of every language, together."""
    merged: dict[str, dict[str, object]] = {}
    listed: dict[str, set[str]] = {"media_words": set(), "government_words": set()}
    listed["military_words"] = set()
    for language in LANGUAGES:
        data = read_data(language, "entities")
        for key, words in listed.items():
            words.update(data.get(key, ()))
        for key in ("country_adjectives", "country_names", "spellings", "national_bodies"):
            merged.setdefault(key, {}).update(data.get(key, {}))
        for body, modifiers in data.get("body_modifiers", {}).items():
            merged.setdefault("body_modifiers", {})[body] = frozenset(modifiers)
    return EntityWords(
        media_words=frozenset(listed["media_words"]),
        government_words=frozenset(listed["government_words"]),
        military_words=frozenset(listed["military_words"]),
        country_adjectives={k: str(v) for k, v in merged["country_adjectives"].items()},
        country_names={k: str(v) for k, v in merged["country_names"].items()},
        spellings={k: str(v) for k, v in merged["spellings"].items()},
        national_bodies={k: str(v) for k, v in merged["national_bodies"].items()},
        body_modifiers={
            k: v for k, v in merged.get("body_modifiers", {}).items() if isinstance(v, frozenset)
        },
    )
