"""Propositions inside one article: which claims are about the same state of affairs, what
each does to it (supports, denies, only reports), and where each piece of information
really comes from.

A proposition is either an event (mentions of one event type, kind, place and actors are
one state of affairs: "a mobilisation" and "2,000 men will be drafted" in Belarus) or,
for claims that name no event, one assertion and the claims that restate it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from watchfloor.lang.names import name_skeleton
from watchfloor.types import (
    Claim,
    ClaimStance,
    Entity,
    Event,
    EventStatus,
    Ledger,
    Modality,
    Polarity,
    Proposition,
    Quantity,
    Source,
    SourceKind,
    Stance,
    names_nobody,
)

__all__ = [
    "SAME_ASSERTION",
    "Origin",
    "article_propositions",
    "content_words",
    "origin_of_claim",
    "same_state_of_affairs",
]

SAME_ASSERTION = 0.5
"""Jaccard similarity of content words above which two claims restate one assertion."""

_STOP = frozenset(
    "a an the of in on at to for from by with and or but that this these those is are was "
    "were be been being has have had will would shall should can could may might must it its "
    "he she they we you i his her their our your not no as than then there here which who "
    "whom what when where while also very more most such into about over after before".split()
)
_WORD = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
_CONDITIONAL = re.compile(r"\b(if|unless|should|in case)\b", re.IGNORECASE)


def content_words(text: str) -> frozenset[str]:
    """The words that carry a claim's content, crudely stemmed so that "mobilised" and
    "mobilises" meet."""
    words = set()
    for word in _WORD.findall(text.lower()):
        if word in _STOP or len(word) < 3:
            continue
        for suffix in ("ation", "ised", "ized", "ing", "ed", "es", "s"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        words.add(word)
    return frozenset(words)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _source_name(source: Source | None, names: Mapping[str, str]) -> str:
    if source is None:
        return "unattributed"
    return source.label(names) if source.text or source.entity else source.kind.value


@dataclass(frozen=True, slots=True)
class Origin:
    key: str
    name: str
    chain: tuple[str, ...]


def origin_of_claim(
    claim: Claim,
    names: Mapping[str, str],
    keys: Mapping[str, str],
    outlet: str | None,
) -> Origin:
    """Where a claim's information comes from, and the chain of who told whom. The origin
    is the last source in the chain that is named; unnamed sources relayed by one outlet
    count as one origin, since nothing shows they are different people."""
    chain = [_source_name(claim.source, names), *(_source_name(c, names) for c in claim.cites)]
    if outlet and (not chain or chain[0].casefold() != outlet.casefold()):
        chain.insert(0, outlet)
    sources = [claim.source, *claim.cites] if claim.source else list(claim.cites)
    for source in reversed(sources):
        if source is None:
            continue
        if source.entity and source.entity in keys:
            return Origin(keys[source.entity], names[source.entity], tuple(chain))
        if (
            source.kind not in (SourceKind.ANONYMOUS, SourceKind.UNATTRIBUTED)
            and source.text
            and source.resolved  # "they" with nobody named for it names no origin
            and not names_nobody(source.text)  # nor does "they" resolved to no entity
        ):
            return Origin(f"name:{source.text.casefold()}", source.text, tuple(chain))
    teller = outlet or "the article"
    key = keys.get(_OUTLET, f"unnamed:{teller.casefold()}")
    return Origin(key, f"unnamed sources (via {teller})", tuple(chain))


_OUTLET = "\x00outlet"
"""Key under which ``origin_of_claim`` finds the outlet's own origin key: what an outlet's
unnamed sources tell is the outlet's reporting, not a second, independent origin."""


def _outlet_key(ledger: Ledger, keys: Mapping[str, str], outlet: str | None) -> str:
    if not outlet:
        return "unnamed:the article"
    wanted = name_skeleton(outlet)
    for entity in ledger.entities:
        if any(name_skeleton(n) == wanted for n in (entity.name, *entity.aliases)):
            return keys[entity.id]
    return f"outlet:{outlet.casefold()}"


@dataclass(slots=True)
class _Group:
    events: list[Event] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)

    def add_claims(self, ids: Iterable[str]) -> None:
        for claim_id in ids:
            if claim_id not in self.claims:
                self.claims.append(claim_id)


def _country(entity_id: str | None, entities: Mapping[str, Entity]) -> str | None:
    entity = entities.get(entity_id) if entity_id else None
    return entity.country if entity else None


def same_state_of_affairs(a: Event, b: Event, entities: Mapping[str, Entity]) -> bool:
    """Two events are one proposition when type, kind and mode agree, their places do not
    disagree, and their actors (or the actors' countries) overlap or one names none."""
    if (a.type, a.family or a.type, a.mode) != (b.type, b.family or b.type, b.mode):
        return False
    place_a = a.place.country if a.place else None
    place_b = b.place.country if b.place else None
    if place_a and place_b and place_a != place_b:
        return False
    if a.actors and b.actors and not set(a.actors) & set(b.actors):
        countries_a = {_country(x, entities) for x in a.actors} - {None}
        countries_b = {_country(x, entities) for x in b.actors} - {None}
        if not countries_a & countries_b:
            return False
    return True


def _event_groups(ledger: Ledger, entities: Mapping[str, Entity]) -> list[_Group]:
    groups: list[_Group] = []
    for event in ledger.events:
        group = next(
            (g for g in groups if all(same_state_of_affairs(event, e, entities) for e in g.events)),
            None,
        )
        if group is None:
            group = _Group()
            groups.append(group)
        group.events.append(event)
        group.add_claims([*event.supported_by, *event.denied_by])
    return groups


def _claim_groups(claims: Sequence[Claim], taken: set[str]) -> list[_Group]:
    """Claims that name no event: one group per assertion, with its restatements and the
    claims that relay it."""
    groups: list[_Group] = []
    words: list[frozenset[str]] = []
    by_id = {c.id: c for c in claims}
    for claim in claims:
        if claim.id in taken:
            continue
        mine = content_words(claim.content.text)
        outer = by_id.get(claim.nested_in) if claim.nested_in else None
        index = next(
            (
                i
                for i, g in enumerate(groups)
                if (outer is not None and outer.id in g.claims)
                or any(by_id[c].nested_in == claim.id for c in g.claims)
                or _jaccard(mine, words[i]) >= SAME_ASSERTION
            ),
            None,
        )
        if index is None:
            groups.append(_Group())
            words.append(mine)
            index = len(groups) - 1
        else:
            words[index] = words[index] | mine
        groups[index].add_claims([claim.id])
    return groups


def _stance(claim: Claim, relays: set[str]) -> Stance:
    if claim.polarity is Polarity.DENIED:
        return Stance.DENIES
    if claim.id in relays or claim.modality in (Modality.POSSIBLE, Modality.UNKNOWN):
        return Stance.REPORTS
    return Stance.SUPPORTS


def _size_in(
    claim: Claim, quantities: Sequence[Quantity], text: str, unit: str | None
) -> Quantity | None:
    """The count a claim gives for the proposition: a quantity in its content, of the unit
    the event counts, not inside a condition ("if recruits exceed five thousand")."""
    start, end = claim.content.start, claim.content.end
    for quantity in quantities:
        if not (start <= quantity.start and quantity.end <= end) or quantity.role != "count":
            continue
        if unit is not None and quantity.unit != unit:
            continue
        # the clause before the number, in the text: the claim's content may leave out
        # the "if" that governs it ("said that if more than 5,000 are drafted, ...")
        clause_start = max(text.rfind(mark, 0, quantity.start) for mark in (".", ",", ";"))
        if _CONDITIONAL.search(text[clause_start + 1 : quantity.start]):
            continue
        return quantity
    return None


def _event_summary(events: Sequence[Event], names: Mapping[str, str]) -> str:
    """'mobilization (MOBILIZE) in Belarus by Alexander Lukashenko': what, where, who."""
    first = events[0]
    what = f"{first.family} ({first.type})" if first.family else first.type
    place = next((e.place.name for e in events if e.place is not None), None)
    actors = list(dict.fromkeys(names[a] for e in events for a in e.actors if a in names))
    recipients = list(dict.fromkeys(names[r] for e in events for r in e.recipients if r in names))
    return (
        what
        + (f" in {place}" if place else "")
        + (f" by {', '.join(actors[:3])}" if actors else "")
        + (f" with {', '.join(recipients[:3])}" if recipients else "")
    )


def _told_by_the_article(event: Event, key: str, outlet: str | None) -> ClaimStance:
    """An event no claim reports is told in the article's own voice: the outlet vouches
    for it (or for its not happening), under the event's id."""
    stance = {
        EventStatus.REPORTED: Stance.SUPPORTS,
        EventStatus.NEGATED: Stance.DENIES,
    }.get(event.status, Stance.REPORTS)
    teller = outlet or "the article"
    return ClaimStance(
        claim=event.id,
        stance=stance,
        origin=key,
        origin_name=teller,
        chain=(teller,),
        size=event.size if stance is Stance.SUPPORTS else None,
    )


def article_propositions(
    ledger: Ledger, *, text: str = "", outlet: str | None = None
) -> tuple[Proposition, ...]:
    """The propositions of one article's ledger, each with its claims' stances, origins and
    the numbers they give."""
    entities = {e.id: e for e in ledger.entities}
    names = {e.id: e.name for e in ledger.entities}
    keys = {e.id: f"entity:{e.gazetteer_id or e.name.casefold()}" for e in ledger.entities}
    keys[_OUTLET] = _outlet_key(ledger, keys, outlet)
    claims = {c.id: c for c in ledger.claims}
    relays = {c.nested_in for c in ledger.claims if c.nested_in}
    groups = _event_groups(ledger, entities)
    taken = {c for g in groups for c in g.claims}
    groups += _claim_groups(ledger.claims, taken)
    origins = {c.id: origin_of_claim(c, names, keys, outlet) for c in ledger.claims}
    for claim in ledger.claims:  # a relayed claim's chain starts with whoever relays it
        outer = claim.nested_in
        if outer in origins:
            own, teller = origins[claim.id], origins[outer].chain
            chain = (*teller, *(n for n in own.chain if n not in teller))
            origins[claim.id] = Origin(own.key, own.name, chain)
    propositions: list[Proposition] = []
    for group in groups:
        if not group.claims and not group.events:
            continue
        unit = next((e.size.unit for e in group.events if e.size is not None), None)
        members = []
        for claim_id in group.claims:
            member = claims.get(claim_id)
            if member is None:
                continue
            origin = origins[member.id]
            size = (
                _size_in(member, ledger.quantities, text, unit or "person")
                if group.events and text
                else None
            )
            members.append(
                ClaimStance(
                    claim=member.id,
                    stance=_stance(member, relays),
                    origin=origin.key,
                    origin_name=origin.name,
                    chain=origin.chain,
                    size=size,
                )
            )
        for event in group.events:
            if not event.supported_by and not event.denied_by:
                members.append(_told_by_the_article(event, keys[_OUTLET], outlet))
        first = group.events[0] if group.events else None
        summary = (
            _event_summary(group.events, names)
            if first is not None
            else claims[group.claims[0]].content.text
        )
        propositions.append(
            Proposition(
                id=f"p{len(propositions) + 1}",
                summary=" ".join(summary.split())[:300],
                type=first.type if first is not None else None,
                events=tuple(e.id for e in group.events),
                claims=tuple(members),
            )
        )
    return tuple(propositions)
