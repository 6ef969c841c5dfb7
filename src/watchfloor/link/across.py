"""Propositions across articles: an article's proposition joins a stored one about the same
state of affairs, or starts a new one.

Blocking keeps this cheap: an event proposition is only compared with stored propositions
of the same event type, kind and country (``event:MOBILIZE:mobilization:BY``), an assertion
only with those that mention one of its entities; and only those seen within the time
window. The store returns those candidates by key; nothing compares every pair.

Same type and place are never enough: two articles' claims share a proposition only when
the articles tell one story (``watchfloor.link.stories``). Reports in two languages share
no words for the story model to compare, so across languages an event also joins when both
name the same party to it (a person by full name, or an organisation the gazetteer knows)
in the event or the claims that tell it: an English and a Russian report of one call-up
share Lukashenko.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from watchfloor.link.propositions import content_words
from watchfloor.types import (
    ClaimStance,
    Entity,
    Ledger,
    Proposition,
    Stance,
    StoredProposition,
)

__all__ = [
    "WINDOW",
    "LocalProposition",
    "local_propositions",
    "match_proposition",
    "stance_in_story",
]

IN_STORY_ASSERTION = 0.2
"""Share of content words two claims of one story have in common when they restate one
assertion: lower than inside one article (``SAME_ASSERTION``) since the story gate has
already said the two reports are about the same events."""

WINDOW = timedelta(days=14)
"""How far apart in time two reports of one state of affairs may be."""


@dataclass(frozen=True, slots=True)
class LocalProposition:
    """An article's proposition, described the way stored ones are."""

    proposition: Proposition
    block_keys: tuple[str, ...]
    signature: Mapping[str, Any]
    type: str | None = None
    family: str | None = None
    country: str | None = None
    claim_entities: Mapping[str, int | None] = field(default_factory=dict)
    """Claim id -> the stored entity of its source, when it has one."""
    story: int | None = None
    """The article's story (``watchfloor.link.stories``)."""
    language: str | None = None


def _entities_in(start: int, end: int, entities: Sequence[Entity]) -> list[Entity]:
    return [e for e in entities if any(start <= m.start and m.end <= end for m in e.mentions)]


def _named(entity: Entity) -> bool:
    """An actor whose name identifies it across articles: a person named in full, or an
    entry of the gazetteer that is not a place ("Belarus" is where, not who)."""
    if entity.type in ("GPE", "LOC", "FAC", "NORP"):
        return False
    if entity.type == "PERSON":
        return len(entity.name.split()) >= 2
    return entity.gazetteer_id is not None


def local_propositions(
    ledger: Ledger,
    entity_ids: Mapping[str, int],
    story: int | None = None,
    language: str | None = None,
) -> list[LocalProposition]:
    """The article's propositions with their blocking keys and signatures, in terms of
    stored entity ids (``entity_ids`` maps the article's entity ids to them); ``story``
    is the article's story and ``language`` its language."""
    stories = [story] if story is not None else []
    languages = [language] if language else []
    events = {e.id: e for e in ledger.events}
    claims = {c.id: c for c in ledger.claims}
    entities = {e.id: e for e in ledger.entities}
    out = []
    for proposition in ledger.propositions:
        members = [claims[m.claim] for m in proposition.claims if m.claim in claims]
        sources = {
            c.id: entity_ids.get(c.source.entity) if c.source and c.source.entity else None
            for c in members
        }
        mine = [events[e] for e in proposition.events if e in events]
        if mine:
            first = mine[0]
            country = next((e.place.country for e in mine if e.place and e.place.country), None)
            actors = sorted({entity_ids[a] for e in mine for a in e.actors if a in entity_ids})
            actor_countries = sorted(
                {c for e in mine for a in e.actors if (c := entities[a].country) is not None}
            )
            family = first.family or first.type
            parties = {a for e in mine for a in (*e.actors, *e.recipients)}
            for claim in members:
                found = _entities_in(claim.content.start, claim.content.end, ledger.entities)
                parties |= {e.id for e in found}
            named = sorted(
                {
                    entity_ids[a]
                    for a in parties
                    if a in entity_ids and a in entities and _named(entities[a])
                }
            )
            out.append(
                LocalProposition(
                    proposition=proposition,
                    block_keys=(
                        f"event:{first.type}:{family}:{country or '-'}",
                        *(f"story:{story}:event:{first.type}" for _ in stories),
                    ),
                    signature={
                        "actors": actors,
                        "actor_countries": actor_countries,
                        "named": named,
                        "stories": stories,
                        "languages": languages,
                    },
                    type=first.type,
                    family=family,
                    country=country,
                    claim_entities=sources,
                    story=story,
                    language=language,
                )
            )
            continue
        words: set[str] = set()
        mentioned: set[int] = set()
        for claim in members:
            words |= content_words(claim.content.text)
            for entity in _entities_in(claim.content.start, claim.content.end, ledger.entities):
                if entity.id in entity_ids:
                    mentioned.add(entity_ids[entity.id])
        keys = [f"entity:{i}" for i in sorted(mentioned)] or [
            f"word:{w}" for w in sorted(words, key=lambda w: (-len(w), w))[:3]
        ]
        keys += [f"story:{story}" for _ in stories]
        out.append(
            LocalProposition(
                proposition=proposition,
                block_keys=tuple(keys),
                signature={
                    "words": sorted(words),
                    "entities": sorted(mentioned),
                    "stories": stories,
                    "languages": languages,
                },
                claim_entities=sources,
                story=story,
                language=language,
            )
        )
    return out


def stance_in_story(
    member: ClaimStance, own_voice: bool, article_stance: str | None
) -> ClaimStance:
    """A claim's stance toward a proposition another article told: its polarity says
    supports or denies; where the article speaks in its own voice, the stance model's
    reading of the whole article toward the proposition (``article_stance``: agree,
    disagree, discuss) decides whether the outlet vouches for it, denies it ("the video
    is a hoax") or only reports it. A source's own words keep their polarity."""
    if not own_voice or article_stance is None or member.stance is Stance.DENIES:
        return member
    if article_stance == "disagree":
        return replace(member, stance=Stance.DENIES)
    if article_stance == "discuss" and member.stance is Stance.SUPPORTS:
        return replace(member, stance=Stance.REPORTS)
    return member


def _within(candidate: StoredProposition, seen_at: datetime, window: timedelta) -> bool:
    return candidate.first_seen - window <= seen_at <= candidate.last_seen + window


def _actors_agree(mine: Mapping[str, Any], theirs: Mapping[str, Any]) -> bool:
    actors_a, actors_b = set(mine.get("actors", ())), set(theirs.get("actors", ()))
    if not actors_a or not actors_b or actors_a & actors_b:
        return True
    countries_a = set(mine.get("actor_countries", ()))
    countries_b = set(theirs.get("actor_countries", ()))
    return bool(countries_a & countries_b)


def _same_story(local: LocalProposition, candidate: StoredProposition) -> bool:
    return local.story is not None and local.story in candidate.signature.get("stories", ())


def _shared_named(local: LocalProposition, candidate: StoredProposition) -> list[int]:
    """Named parties both give, when the story model cannot compare the reports: the
    proposition so far is told in other languages only."""
    if local.language is None or local.language in candidate.signature.get("languages", ()):
        return []
    return sorted(set(local.signature.get("named", ())) & set(candidate.signature.get("named", ())))


def match_proposition(
    local: LocalProposition,
    candidates: Sequence[StoredProposition],
    seen_at: datetime,
    *,
    window: timedelta = WINDOW,
) -> tuple[int | None, str]:
    """The stored proposition this one is about, and why; (None, reason) for a new one."""
    best: tuple[float, StoredProposition] | None = None
    for candidate in candidates:
        if not _within(candidate, seen_at, window):
            continue
        if local.type is not None:
            if (candidate.type, candidate.family) != (local.type, local.family):
                continue
            if local.country and candidate.country and local.country != candidate.country:
                continue
            if not _actors_agree(local.signature, candidate.signature):
                continue
            if not _same_story(local, candidate) and not _shared_named(local, candidate):
                continue
            shared = len(
                set(local.signature.get("actors", ())) & set(candidate.signature.get("actors", ()))
            )
            score = 1.0 + shared
        else:
            if candidate.type is not None or not _same_story(local, candidate):
                continue
            mine = frozenset(local.signature.get("words", ()))
            theirs = frozenset(candidate.signature.get("words", ()))
            overlap = len(mine & theirs) / len(mine | theirs) if mine and theirs else 0.0
            if overlap < IN_STORY_ASSERTION:
                continue
            score = overlap
        if (
            best is None
            or score > best[0]
            or (score == best[0] and candidate.last_seen > best[1].last_seen)
        ):
            best = (score, candidate)
    if best is None:
        return None, "no stored proposition about the same state of affairs"
    chosen = best[1]
    if local.type is not None:
        named = ", ".join(f"#{i}" for i in _shared_named(local, chosen))
        why = (
            "in the same story"
            if _same_story(local, chosen)
            else f"naming the same actor (entity {named})"
        )
        return chosen.id, (
            f"same event ({local.type}, {local.family}) in {local.country or 'an unstated place'}"
            f" with compatible actors, {why}, within {window.days} days of #{chosen.id}"
        )
    return chosen.id, (
        f"restates #{chosen.id} in the same story ({best[0]:.0%} of the content words shared)"
    )
