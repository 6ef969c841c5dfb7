"""One entity per real-world referent across the store.

An article's entity joins a stored one for a stated reason, tried in this order:

1. the same gazetteer entry (the gazetteer lists the spellings in every script);
2. a name or alias with the same skeleton (``watchfloor.lang.names``: transliteration,
   case and diacritics do not count), entities of compatible types;
3. for people, the same surname skeleton (or a near one) with compatible first names.

Descriptions ("the paper", "Russian President") are kept as aliases to show but are never
used to match: "the paper" is a different outlet in every article. Candidates come from
the store by blocking keys (``match_keys``), so linking never compares every pair.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from watchfloor.lang.lexicon import (
    MEDIA_DESCRIPTIONS,
    ORG_DESCRIPTIONS,
    PERSON_DESCRIPTIONS,
    ROLE_TITLES,
)
from watchfloor.lang.names import name_skeleton, similar_skeletons
from watchfloor.types import Entity, StoredEntity

__all__ = ["EntityDecision", "alias_key", "is_description", "match_keys", "resolve_entity"]

_DESCRIPTION_WORDS = frozenset(
    [*MEDIA_DESCRIPTIONS, *PERSON_DESCRIPTIONS, *ORG_DESCRIPTIONS, *ROLE_TITLES]
)
_PLACES = frozenset({"GPE", "LOC", "FAC"})


def is_description(alias: str, entity_type: str = "PERSON") -> bool:
    """'Russian President', 'Belarusian weekly paper', 'the paper': a role or kind, not a
    name. For an organisation, a capitalised phrase is its name even with such a word in
    it ("Federal Government", "Belarusian Defence Ministry"); for a person, a title never
    is a name."""
    words = alias.split()
    if not any(word.lower() in _DESCRIPTION_WORDS for word in words):
        return False
    if entity_type == "PERSON":
        return True
    return any(w[:1].islower() and w.lower() not in _CONNECTIVES for w in words)


_CONNECTIVES = frozenset({"of", "the", "for", "and", "on", "de", "in"})


def _type_group(entity_type: str) -> str:
    return "PLACE" if entity_type in _PLACES else entity_type


def alias_key(entity_type: str, alias: str) -> str:
    """The blocking key of one name: type group and skeleton."""
    return f"{_type_group(entity_type)}:{name_skeleton(alias)}"


_TYPE_GROUPS = ("PERSON", "ORG", "PLACE", "NORP", "EVENT", "PRODUCT")
"""Every type group an entity's names are stored under (``alias_key``)."""


def search_keys(name: str) -> list[str]:
    """The keys a name may be stored under whatever its entity's type, its surname key
    included: a reader's search does not say whether "Minsk" is a place or a team."""
    skeleton = name_skeleton(name)
    if not skeleton:
        return []
    return [f"{group}:{skeleton}" for group in _TYPE_GROUPS] + [f"PERSON:surname:{skeleton}"]


def _surname_key(name: str) -> str:
    return f"PERSON:surname:{name_skeleton(name.split()[-1])}" if name.split() else ""


def names_of(entity: Entity) -> list[str]:
    """The names of an article's entity that may be matched on. A person is matched on
    full names: a bare surname ("Biden") is shared by a family, so it only helps when the
    person has no full name in the article (see ``resolve_entity``)."""
    names = dict.fromkeys([entity.name, *entity.aliases])
    found = [n for n in names if n and not is_description(n, entity.type)]
    if entity.type == "PERSON":
        full = [n for n in found if len(n.split()) > 1]
        return full or found
    return found


def _single_name(name: str) -> bool:
    return len(name.split()) < 2


def match_keys(entity: Entity) -> list[str]:
    """Keys to find stored candidates for an article's entity."""
    keys = [f"kb:{entity.gazetteer_id}"] if entity.gazetteer_id else []
    keys += [alias_key(entity.type, n) for n in names_of(entity)]
    if entity.type == "PERSON":
        keys += [
            _surname_key(n) if len(n.split()) > 1 else f"PERSON:surname:{name_skeleton(n)}"
            for n in names_of(entity)
        ]
    return list(dict.fromkeys(k for k in keys if k and not k.endswith(":")))


@dataclass(frozen=True, slots=True)
class EntityDecision:
    """Where an article's entity goes: a stored entity, or a new one (``entity_id`` None)."""

    local_id: str
    entity_id: int | None
    method: str
    """gazetteer, name, surname or new."""
    reason: str


_SHORT_FORMS = {
    short: full
    for full, shorts in {
        "joseph": "joe", "james": "jim jimmy", "william": "bill billy will", "robert": "bob rob",
        "michael": "mike", "richard": "rick dick", "thomas": "tom", "charles": "chuck charlie",
        "edward": "ed ted", "daniel": "dan danny", "anthony": "tony", "christopher": "chris",
        "elizabeth": "liz beth", "katherine": "kate kathy", "margaret": "maggie peggy",
        "alexander": "alex sasha", "vladimir": "volodya", "nicholas": "nick", "samuel": "sam",
        "benjamin": "ben", "jonathan": "jon", "donald": "don", "ronald": "ron", "steven": "steve",
        "stephen": "steve", "andrew": "andy", "timothy": "tim", "matthew": "matt",
    }.items()
    for short in shorts.split()
}  # fmt: skip
"""Common short forms of English given names: "Joe Biden" is "Joseph R. Biden"."""


def given_name(word: str) -> str:
    """A given name in its full form, lower case: 'Joe' -> 'joseph'."""
    lowered = word.rstrip(".").lower()
    return _SHORT_FORMS.get(lowered, lowered)


def _first_names_compatible(a: str, b: str) -> bool:
    """'Alexander' and 'Aliaksandr' or 'A.' agree; 'Alexander' and 'Viktor' do not."""
    first_a, first_b = a.split()[:-1], b.split()[:-1]
    if not first_a or not first_b:
        return True
    x, y = given_name(first_a[0]), given_name(first_b[0])
    if len(x) == 1 or len(y) == 1:
        return x[:1].lower() == y[:1].lower()
    return similar_skeletons(name_skeleton(x), name_skeleton(y), threshold=0.6)


def resolve_entity(entity: Entity, candidates: Sequence[StoredEntity]) -> EntityDecision:
    """Which stored entity an article's entity is, and why; ``candidates`` are those the
    blocking keys found (already followed through merges)."""
    if entity.gazetteer_id:
        for candidate in candidates:
            if candidate.gazetteer_id == entity.gazetteer_id:
                return EntityDecision(
                    entity.id,
                    candidate.id,
                    "gazetteer",
                    f"same gazetteer entry '{entity.gazetteer_id}' ({candidate.name})",
                )
    group = _type_group(entity.type)
    mine = {alias_key(entity.type, n): n for n in names_of(entity)}
    person = entity.type == "PERSON"
    if person and all(_single_name(n) for n in names_of(entity)):
        return _by_surname_alone(entity, candidates)
    for candidate in candidates:
        if _type_group(candidate.type) != group:
            continue
        if entity.gazetteer_id and candidate.gazetteer_id:
            continue  # two different gazetteer entries are two referents
        for alias in (candidate.name, *candidate.aliases):
            if person and _single_name(alias):
                continue  # "Biden" is the surname of more than one Biden
            key = alias_key(candidate.type, alias)
            if key in mine:
                return EntityDecision(
                    entity.id,
                    candidate.id,
                    "name",
                    f"'{mine[key]}' is written like '{alias}' of #{candidate.id} {candidate.name}",
                )
    if entity.type == "PERSON":
        for candidate in candidates:
            if candidate.type != "PERSON" or (entity.gazetteer_id and candidate.gazetteer_id):
                continue
            for alias in (candidate.name, *candidate.aliases):
                for name in names_of(entity):
                    if len(name.split()) < 2 or len(alias.split()) < 2:
                        continue
                    left = name_skeleton(name.split()[-1])
                    right = name_skeleton(alias.split()[-1])
                    if similar_skeletons(left, right) and _first_names_compatible(name, alias):
                        return EntityDecision(
                            entity.id,
                            candidate.id,
                            "surname",
                            f"'{name}' and '{alias}' (#{candidate.id}) share a surname "
                            "spelling and compatible first names",
                        )
    return EntityDecision(entity.id, None, "new", "no stored entity has this name")


def _by_surname_alone(entity: Entity, candidates: Sequence[StoredEntity]) -> EntityDecision:
    """A person the article names by one word only joins the stored person of that
    surname when exactly one has it; with two (the Bidens), it stays apart."""
    wanted = {name_skeleton(n) for n in names_of(entity)}
    holders = [
        c
        for c in candidates
        if c.type == "PERSON"
        and any(
            not _single_name(a) and name_skeleton(a.split()[-1]) in wanted
            for a in (c.name, *c.aliases)
        )
    ]
    if len(holders) == 1:
        only = holders[0]
        return EntityDecision(
            entity.id,
            only.id,
            "surname",
            f"'{entity.name}' is the surname of #{only.id} {only.name}, the only stored "
            "person who has it",
        )
    why = (
        "no stored person has this name"
        if not holders
        else (f"{len(holders)} stored persons have the surname '{entity.name}'")
    )
    return EntityDecision(entity.id, None, "new", why)


def aliases_to_store(entity: Entity) -> list[str]:
    """Every name and description worth showing for the entity."""
    bare = (_LEADING_DETERMINER.sub("", m.text) for m in entity.mentions)
    surface = [text for text in bare if text[:1].isupper()]
    return list(dict.fromkeys([entity.name, *entity.aliases, *surface]))


# Ledger mentions are whole noun phrases ("the Armed Forces of Belarus"); a stored name
# is the name itself.
_LEADING_DETERMINER = re.compile(r"^(?:the|a|an|this|that|these|those)\s+", re.IGNORECASE)


def keys_of_aliases(entity_type: str, aliases: Iterable[str]) -> list[tuple[str, str]]:
    """(alias, match key) rows; descriptions get a key no name can have."""
    rows = []
    for alias in aliases:
        described = is_description(alias, entity_type)
        key = f"desc:{alias.casefold()}" if described else alias_key(entity_type, alias)
        rows.append((alias, key))
        if entity_type == "PERSON" and not described and len(alias.split()) > 1:
            rows.append((alias, _surname_key(alias)))
    return rows
