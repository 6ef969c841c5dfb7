"""Linking one article as a plan: which stored entity each of its entities is, which
stored proposition each of its propositions joins, and the rows that say so. Pure: it
reads the article's ledger and the candidates the store found for it, and writes nothing;
the pipeline applies a plan through the store in one transaction.

What the article itself creates is given a provisional id (negative: -1, -2, ...), found
by its later entities and propositions as a stored one would be; applying the plan gives
each its id in the store (``Plan.settled``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from watchfloor.link.across import (
    LocalProposition,
    match_proposition,
    stance_in_story,
)
from watchfloor.link.entities import (
    aliases_to_store,
    keys_of_aliases,
    match_keys,
    resolve_entity,
)
from watchfloor.types import (
    Claim,
    ClaimStance,
    Entity,
    Ledger,
    SourceKind,
    StoredEntity,
    StoredProposition,
    speaker_names,
)

__all__ = [
    "EntityPlan",
    "PropositionPlan",
    "entity_keys",
    "plan_entities",
    "plan_propositions",
    "proposition_keys",
]


@dataclass(slots=True)
class EntityPlan:
    """The stored entity of each of an article's entities, and what to write for them."""

    new: dict[int, dict[str, Any]] = field(default_factory=dict)
    """Provisional id -> the entity to create."""
    entity_ids: dict[str, int] = field(default_factory=dict)
    """The article's entity id -> stored (or provisional) id."""
    links: list[tuple[str, int, str, str]] = field(default_factory=list)
    """(article's entity id, stored id, method, reason): why each joined."""
    alias_rows: list[tuple[int, str, str]] = field(default_factory=list)
    """(stored id, alias, match key) of the names it was seen under."""
    joined: int = 0

    def settled(self, ids: Mapping[int, int]) -> EntityPlan:
        """The plan with provisional ids replaced by the ids the store gave."""

        def real(i: int) -> int:
            return ids.get(i, i)

        return replace(
            self,
            entity_ids={local: real(i) for local, i in self.entity_ids.items()},
            links=[(local, real(i), method, why) for local, i, method, why in self.links],
            alias_rows=[(real(i), alias, key) for i, alias, key in self.alias_rows],
        )


def entity_keys(ledger: Ledger, pinned: Mapping[str, int]) -> dict[str, list[str]]:
    """The match keys of each of the article's entities a person has not pinned: what
    the store is asked for candidates."""
    return {e.id: match_keys(e) for e in ledger.entities if e.id not in pinned}


def plan_entities(
    ledger: Ledger,
    pinned: Mapping[str, int],
    found_by_key: Mapping[str, set[int]],
    known: Mapping[int, StoredEntity],
) -> EntityPlan:
    """Resolve each entity among the candidates its keys found (``found_by_key``, the
    candidates themselves in ``known``); an entity none of them is becomes a new one, a
    candidate for the article's later entities."""
    found = {key: set(ids) for key, ids in found_by_key.items()}
    candidates = dict(known)
    plan = EntityPlan(entity_ids={e.id: pinned[e.id] for e in ledger.entities if e.id in pinned})
    keys_of = entity_keys(ledger, pinned)
    for entity in (e for e in ledger.entities if e.id not in pinned):
        keys = keys_of[entity.id]
        ids = set().union(*(found.get(k, ()) for k in keys))
        decision = resolve_entity(entity, [candidates[i] for i in sorted(ids, key=_stored_first)])
        entity_id = decision.entity_id
        if entity_id is None:
            entity_id = -(len(plan.new) + 1)
            plan.new[entity_id] = _entity_values(entity)
            candidates[entity_id] = StoredEntity(id=entity_id, **_entity_values(entity))
        else:
            plan.joined += 1
        rows = keys_of_aliases(entity.type, aliases_to_store(entity))
        plan.alias_rows += [(entity_id, alias, key) for alias, key in rows]
        plan.links.append((entity.id, entity_id, decision.method, decision.reason))
        plan.entity_ids[entity.id] = entity_id
        # what this entity wrote is found by the article's later entities
        gazetteer = [f"kb:{entity.gazetteer_id}"] if entity.gazetteer_id else []
        for key in [k for _, k in rows] + gazetteer:
            found.setdefault(key, set()).add(entity_id)
        stored = candidates[entity_id]
        names = {alias for alias, _ in rows} | set(stored.aliases)
        candidates[entity_id] = replace(
            stored, aliases=tuple(sorted(n for n in names if n != stored.name))
        )
    return plan


def _stored_first(candidate_id: int) -> tuple[bool, int]:
    """Candidates in the order the store would list them: stored ones by id, then those
    the article created, in the order it created them (as their ids will be)."""
    return (candidate_id < 0, abs(candidate_id))


def _entity_values(entity: Entity) -> dict[str, Any]:
    return {
        "type": entity.type,
        "kind": entity.kind,
        "name": entity.name,
        "gazetteer_id": entity.gazetteer_id,
        "wikidata": entity.wikidata,
        "country": entity.country,
    }


@dataclass(slots=True)
class PropositionPlan:
    """The stored proposition each of an article's propositions joins, and the rows."""

    new: dict[int, dict[str, Any]] = field(default_factory=dict)
    """Provisional id -> the proposition to start."""
    widened: dict[int, StoredProposition] = field(default_factory=dict)
    """Propositions the article joins (stored ones, or ones it started itself), seen over
    a longer time or under more names."""
    blocks: list[tuple[int, str, datetime]] = field(default_factory=list)
    """(proposition, block key, seen): how later articles find it."""
    event_links: list[tuple[str, int]] = field(default_factory=list)
    """(the article's event id, proposition)."""
    claim_rows: list[dict[str, Any]] = field(default_factory=list)
    joined: int = 0

    def settled(self, ids: Mapping[int, int]) -> PropositionPlan:
        """The plan with provisional ids replaced by the ids the store gave."""

        def real(i: int) -> int:
            return ids.get(i, i)

        return replace(
            self,
            widened={real(i): replace(p, id=real(i)) for i, p in self.widened.items()},
            blocks=[(real(p), key, seen) for p, key, seen in self.blocks],
            event_links=[(event, real(p)) for event, p in self.event_links],
            claim_rows=[
                {**row, "proposition_id": real(row["proposition_id"])} for row in self.claim_rows
            ],
        )


def proposition_keys(locals_: Sequence[LocalProposition]) -> list[str]:
    """The block keys of the article's propositions: what the store is asked for
    candidates."""
    return [k for local in locals_ for k in local.block_keys]


def plan_propositions(
    article_id: int,
    ledger: Ledger,
    locals_: Sequence[LocalProposition],
    found_by_key: Mapping[str, set[int]],
    known: Mapping[int, StoredProposition],
    seen_at: datetime,
    window: timedelta,
    judge: Callable[[str], str | None] | None = None,
) -> PropositionPlan:
    """Join each of the article's propositions to a candidate or start one, with its
    claims' rows. Propositions it starts or widens are candidates for its later ones.
    ``judge`` reads the article's stance toward a stored proposition's summary (the stance
    model), for the claims it tells in its own voice."""
    found = {key: set(ids) for key, ids in found_by_key.items()}
    candidates = dict(known)
    claims = {c.id: c for c in ledger.claims}
    plan = PropositionPlan()
    for local in locals_:
        keys = [*local.block_keys, *(f"actor:{a}" for a in local.signature.get("actors", ()))]
        ids = set().union(*(found.get(k, ()) for k in local.block_keys))
        proposition_id, _ = match_proposition(
            local, [candidates[i] for i in sorted(ids, key=_stored_first)], seen_at, window=window
        )
        # the stance model reads natural claims; an event proposition's summary
        # ("attack (ASSAULT) in Ukraine by Russia") is not one
        article_stance = (
            judge(candidates[proposition_id].summary)
            if judge is not None
            and proposition_id is not None
            and proposition_id not in plan.new
            and candidates[proposition_id].type is None
            else None
        )
        if proposition_id is None:
            proposition_id = -(len(plan.new) + 1)
            values: dict[str, Any] = {
                "type": local.type,
                "family": local.family,
                "country": local.country,
                "summary": local.proposition.summary,
                "signature": dict(local.signature),
                "first_seen": seen_at,
                "last_seen": seen_at,
            }
            plan.new[proposition_id] = values
            candidates[proposition_id] = StoredProposition(id=proposition_id, **values)
        else:
            chosen = candidates[proposition_id]
            candidates[proposition_id] = plan.widened[proposition_id] = replace(
                chosen,
                first_seen=min(chosen.first_seen, seen_at),
                last_seen=max(chosen.last_seen, seen_at),
                signature=_merge_signatures(chosen.signature, local.signature),
            )
            plan.joined += 1
        plan.blocks += [(proposition_id, key, seen_at) for key in keys]
        for key in local.block_keys:  # found by the article's later propositions
            found.setdefault(key, set()).add(proposition_id)
        plan.event_links += [(event, proposition_id) for event in local.proposition.events]
        plan.claim_rows += [
            claim_row(
                proposition_id,
                article_id,
                stance_in_story(member, _own_voice(claims.get(member.claim)), article_stance),
                claims.get(member.claim),
                local.claim_entities.get(member.claim),
                ledger,
                seen_at,
            )
            for member in local.proposition.claims
        ]
    return plan


def _own_voice(claim: Claim | None) -> bool:
    """A claim the article tells itself: an event no source reports, or an unattributed
    statement."""
    return claim is None or claim.source is None or claim.source.kind is SourceKind.UNATTRIBUTED


def _merge_signatures(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(old)
    for key, values in new.items():
        merged[key] = sorted({*old.get(key, ()), *values})
    return merged


def claim_row(
    proposition_id: int,
    article_id: int,
    member: ClaimStance,
    claim: Claim | None,
    source_entity: int | None,
    ledger: Ledger,
    seen_at: datetime,
) -> dict[str, Any]:
    """A claim's row; an event told in the article's own voice (``claim`` None) is the
    outlet's claim, with the event's sentence as its content."""
    from watchfloor.link import claim_date

    names = speaker_names(ledger.entities)
    source = claim.source if claim is not None else None
    if claim is None:
        source_name = member.origin_name
    elif source is None:
        source_name = "unattributed"
    else:
        source_name = source.label(names)
    if claim is not None:
        content, modality, date = claim.content, claim.modality.value, claim_date(claim, ledger)
    else:
        event = next(e for e in ledger.events if e.id == member.claim)
        content, modality, date = event.evidence, "certain", event.date
    size = member.size
    return {
        "proposition_id": proposition_id,
        "article_id": article_id,
        "claim_id": member.claim,
        "stance": member.stance.value,
        "origin": member.origin,
        "origin_name": member.origin_name,
        "source_name": source_name,
        "source_kind": (
            "author" if claim is None else source.kind.value if source else "unattributed"
        ),
        "source_entity_id": source_entity,
        "chain": list(member.chain),
        "teller": member.chain[0] if member.chain else source_name,
        "content": content.text,
        "modality": modality,
        "size": size.value if size else None,
        "size_text": " ".join(size.text.split()) if size else None,
        "size_approximate": bool(size and size.approximate),
        "size_comparator": size.comparator if size else None,
        "claim_date": date,
        "seen_at": seen_at,
    }
