"""Linking stage wired to the store: each article's entities and propositions joined to
the stored ones, its claims added, contradictions found and the propositions it touched
graded again, all in one transaction per article.

Per article the work is a fixed number of statements, not a few per entity and per
proposition: candidates for all of its entities and propositions are read at once, and
what it writes is written in batches. Entities and propositions it creates or widens are
kept in memory meanwhile, so that a later one of the same article still finds them, as it
would if each were written at once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from watchfloor.assess import load_registry
from watchfloor.link.contradictions import ClaimView
from watchfloor.store import Store
from watchfloor.types import (
    Claim,
    ClaimStance,
    Contradiction,
    Ledger,
    Quantity,
    SourceKind,
    Stance,
    StoredEntity,
    StoredProposition,
    from_jsonable,
)

if TYPE_CHECKING:
    from watchfloor.assess import SourceRegistry
    from watchfloor.stance.features import ArticleView
    from watchfloor.stance.model import StanceModel
    from watchfloor.stance.stories import StoryGate, StoryProfile
    from watchfloor.store._linking import LinkSession

__all__ = ["LinkReport", "link"]


@dataclass(slots=True)
class LinkReport:
    articles: int = 0
    new_entities: int = 0
    linked_entities: int = 0
    new_propositions: int = 0
    joined_propositions: int = 0
    contradictions: int = 0

    def add(self, other: LinkReport) -> None:
        for name in LinkReport.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def summary(self) -> str:
        return (
            f"linked {self.articles} articles: entities {self.linked_entities} joined, "
            f"{self.new_entities} new; propositions {self.joined_propositions} joined, "
            f"{self.new_propositions} new; contradictions {self.contradictions} new"
        )


def link(
    store: Store,
    *,
    registry: SourceRegistry | None = None,
    window: timedelta | None = None,
    limit: int | None = None,
    on_article: Callable[[int], None] | None = None,
) -> LinkReport:
    """Link every article whose ledger is not linked yet into the store's entities and
    propositions; re-assess the propositions it touches. One transaction per article, so
    a run can stop and resume; an article relinked after a new ledger replaces its links."""
    from watchfloor.link import link_ledger
    from watchfloor.link.across import WINDOW
    from watchfloor.stance.model import load_stance_model
    from watchfloor.stance.stories import load_story_gate

    registry = registry if registry is not None else load_registry(None)
    window = window or WINDOW
    gate = load_story_gate()
    model = load_stance_model()
    report = LinkReport()
    for article_id in store.unlinked_articles(limit=limit):
        article = store.get_article(article_id)
        stored = store.get_ledger(article_id)
        if article is None or stored is None:
            continue
        original = (
            store.get_article(article.duplicate_of) if article.duplicate_of else None
        ) or article
        # Unnamed sources are one origin per outlet; a syndicated copy is the original's.
        teller = original.outlet or f"article #{original.id}"
        ledger = link_ledger(from_jsonable(Ledger, stored), text=article.text, outlet=teller)
        seen_at = article.published or article.ingested_at or datetime.now(UTC)
        # the stance model and the story gate read English; one encoder pass serves both
        if (article.language or "en") == "en":
            view = model.article_view(article.text)
            profile = gate.profile_from_view(view)
            judge = _article_judge(model, view)
        else:
            profile, judge = gate.profile(article.text, english=False), None

        def link_one(
            article_id: int = article_id,
            ledger: Ledger = ledger,
            seen_at: datetime = seen_at,
            profile: StoryProfile = profile,
            language: str | None = article.language,
            judge: Callable[[str], str | None] | None = judge,
        ) -> LinkReport:
            delta = LinkReport()
            with store.linking() as session:
                if not session.needs_linking(article_id):
                    return delta  # another process linked it meanwhile
                previous = session.unlink_article(article_id)
                story = _link_story(session, article_id, profile, seen_at, window, gate)
                entity_ids = _link_entities(session, article_id, ledger, delta)
                rows = _link_propositions(
                    session,
                    article_id,
                    ledger,
                    entity_ids,
                    seen_at,
                    window,
                    delta,
                    story,
                    language,
                    judge,
                )
                _assess(session, article_id, rows, registry, delta)
                session.drop_orphans(previous)
                session.mark_linked(article_id)
            return delta

        # a transaction that lost a race with another writer (a deadlock) is done again
        delta = store.retrying(link_one)
        report.add(delta)
        report.articles += 1
        if on_article is not None:
            on_article(article_id)
    return report


def _link_story(
    session: LinkSession,
    article_id: int,
    profile: StoryProfile,
    seen_at: datetime,
    window: timedelta,
    gate: StoryGate,
) -> int:
    """The article's story, found among the stored articles of the window that share one
    of its telling words, or its own; recorded with the reason."""
    from watchfloor.link.stories import choose_story
    from watchfloor.stance.stories import StoryProfile

    candidates = [
        (other, story, StoryProfile.from_json(stored))
        for other, story, stored in session.story_candidates(
            profile.keys(), seen_at - window, seen_at + window
        )
        if other != article_id
    ]
    choice = choose_story(profile, candidates, gate.score, gate.threshold)
    story = choice.story_id if choice.story_id is not None else article_id
    session.set_story(article_id, story, seen_at, choice.reason, profile.as_json(), profile.keys())
    return story


def _link_entities(
    session: LinkSession, article_id: int, ledger: Ledger, delta: LinkReport
) -> dict[str, int]:
    """The stored entity of each of the article's entities, found or created; returns
    local id -> stored id. Entities it creates or names anew count for its later ones."""
    from watchfloor.link.entities import (
        aliases_to_store,
        keys_of_aliases,
        match_keys,
        resolve_entity,
    )

    pinned = session.pinned_links(article_id)
    todo = [e for e in ledger.entities if e.id not in pinned]
    keys_of = {e.id: match_keys(e) for e in todo}
    found_by_key, known = session.entity_candidates_by_key(
        [k for keys in keys_of.values() for k in keys]
    )
    entity_ids = {e.id: pinned[e.id] for e in ledger.entities if e.id in pinned}
    alias_rows: list[tuple[int, str, str]] = []
    links: list[tuple[str, int, str, str]] = []
    for entity in todo:
        keys = keys_of[entity.id]
        ids = set().union(*(found_by_key.get(k, ()) for k in keys))
        decision = resolve_entity(entity, [known[i] for i in sorted(ids)])
        entity_id = decision.entity_id
        if entity_id is None:
            entity_id = session.add_entity(
                {
                    "type": entity.type,
                    "kind": entity.kind,
                    "name": entity.name,
                    "gazetteer_id": entity.gazetteer_id,
                    "wikidata": entity.wikidata,
                    "country": entity.country,
                }
            )
            known[entity_id] = StoredEntity(
                id=entity_id,
                type=entity.type,
                name=entity.name,
                kind=entity.kind,
                gazetteer_id=entity.gazetteer_id,
                wikidata=entity.wikidata,
                country=entity.country,
            )
            delta.new_entities += 1
        else:
            delta.linked_entities += 1
        rows = keys_of_aliases(entity.type, aliases_to_store(entity))
        alias_rows += [(entity_id, alias, key) for alias, key in rows]
        links.append((entity.id, entity_id, decision.method, decision.reason))
        entity_ids[entity.id] = entity_id
        # what this entity wrote is found by the article's later entities
        for key in [k for _, k in rows] + (
            [f"kb:{entity.gazetteer_id}"] * bool(entity.gazetteer_id)
        ):
            found_by_key.setdefault(key, set()).add(entity_id)
        stored = known[entity_id]
        names = {alias for alias, _ in rows} | set(stored.aliases)
        known[entity_id] = replace(
            stored, aliases=tuple(sorted(n for n in names if n != stored.name))
        )
    session.add_alias_rows(alias_rows)
    session.link_entities(article_id, links)
    return entity_ids


def _link_propositions(
    session: LinkSession,
    article_id: int,
    ledger: Ledger,
    entity_ids: Mapping[str, int],
    seen_at: datetime,
    window: timedelta,
    delta: LinkReport,
    story: int | None = None,
    language: str | None = None,
    judge: Callable[[str], str | None] | None = None,
) -> list[dict[str, Any]]:
    """Join each of the article's propositions to a stored one or start one, and add its
    claims; returns the claim rows written. Propositions it starts or widens are
    candidates for its later ones. ``judge`` reads the article's stance toward a stored
    proposition's summary (the stance model), for the claims it tells in its own voice."""
    from watchfloor.link.across import local_propositions, match_proposition, stance_in_story

    locals_ = local_propositions(ledger, entity_ids, story, language)
    found_by_key, known = session.proposition_candidates_by_key(
        [k for local in locals_ for k in local.block_keys], seen_at - window, seen_at + window
    )
    claims = {c.id: c for c in ledger.claims}
    blocks: list[tuple[int, str, datetime]] = []
    widened: dict[int, StoredProposition] = {}
    event_links: list[tuple[str, int]] = []
    claim_rows: list[dict[str, Any]] = []
    created: set[int] = set()  # by this article: its own claims tell it
    for local in locals_:
        keys = [*local.block_keys, *(f"actor:{a}" for a in local.signature.get("actors", ()))]
        ids = set().union(*(found_by_key.get(k, ()) for k in local.block_keys))
        candidates = [known[i] for i in sorted(ids)]
        proposition_id, _ = match_proposition(local, candidates, seen_at, window=window)
        # the stance model reads natural claims; an event proposition's summary
        # ("attack (ASSAULT) in Ukraine by Russia") is not one
        article_stance = (
            judge(known[proposition_id].summary)
            if judge is not None
            and proposition_id is not None
            and proposition_id not in created
            and known[proposition_id].type is None
            else None
        )
        if proposition_id is None:
            proposition_id = session.add_proposition(
                {
                    "type": local.type,
                    "family": local.family,
                    "country": local.country,
                    "summary": local.proposition.summary,
                    "signature": dict(local.signature),
                    "first_seen": seen_at,
                    "last_seen": seen_at,
                },
                [],
            )
            known[proposition_id] = StoredProposition(
                id=proposition_id,
                summary=local.proposition.summary,
                first_seen=seen_at,
                last_seen=seen_at,
                type=local.type,
                family=local.family,
                country=local.country,
                signature=dict(local.signature),
            )
            delta.new_propositions += 1
            created.add(proposition_id)
        else:
            chosen = known[proposition_id]
            known[proposition_id] = widened[proposition_id] = replace(
                chosen,
                first_seen=min(chosen.first_seen, seen_at),
                last_seen=max(chosen.last_seen, seen_at),
                signature=_merge_signatures(chosen.signature, local.signature),
            )
            delta.joined_propositions += 1
        blocks += [(proposition_id, key, seen_at) for key in keys]
        for key in local.block_keys:  # found by the article's later propositions
            found_by_key.setdefault(key, set()).add(proposition_id)
        event_links += [(event_key, proposition_id) for event_key in local.proposition.events]
        claim_rows += [
            _claim_row(
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
    session.add_block_rows(blocks)
    session.widen_many([(p.id, p.first_seen, p.last_seen, p.signature) for p in widened.values()])
    session.set_event_propositions(article_id, event_links)
    session.add_claims(claim_rows)
    return claim_rows


def _assess(
    session: LinkSession,
    article_id: int,
    rows: list[dict[str, Any]],
    registry: SourceRegistry,
    delta: LinkReport,
) -> None:
    """Contradictions the article's claims make, and the grade of every proposition it
    touched. Both read the stored claims as groups of like claims (``evidence_groups``),
    so that a proposition reported for years costs its origins, not its claims: the
    article's claims are checked against one claim of each group (a denial contradicts
    each origin that asserts it once, not each time it was repeated)."""
    from watchfloor.assess import assess_groups
    from watchfloor.link.contradictions import contradictions_in

    touched = sorted({r["proposition_id"] for r in rows})
    groups = session.evidence_groups(touched, article_id)
    contradiction_rows: list[dict[str, Any]] = []
    assessments: list[tuple[int, Mapping[str, Any], str]] = []
    for proposition_id in touched:
        stored = groups.get(proposition_id, [])
        # only this article's claims can make new contradictions: the others' pairs were
        # found when they came
        mine = [_view(article_id, r) for r in rows if r["proposition_id"] == proposition_id]
        views = mine + [
            ClaimView(
                key=g.claim,
                stance=ClaimStance(claim=g.claim, stance=g.stance, origin=g.origin, size=g.size),
                source=g.source_name,
                date=g.claim_date,
            )
            for g in stored
            if not g.mine
        ]
        found = contradictions_in(str(proposition_id), views, involving={v.key for v in mine})
        contradiction_rows += [_contradiction_row(proposition_id, c) for c in found]
        assessment = assess_groups(stored, registry)
        values = {
            "credibility": assessment.credibility,
            "likelihood": assessment.likelihood,
            "probability": assessment.probability,
            "assessment": assessment.as_dict(),
            "assessed_at": datetime.now(UTC),
        }
        assessments.append((proposition_id, values, assessment.credibility_reason))
    delta.contradictions += session.add_new_contradictions(contradiction_rows)
    session.set_assessments(assessments)


def _view(article_id: int, row: Mapping[str, Any]) -> ClaimView:
    """One of the article's own claim rows as contradiction checks see it."""
    key = f"{article_id}:{row['claim_id']}"
    size = None
    if row["size"] is not None:
        size = Quantity(
            start=0,
            end=0,
            text=row["size_text"] or f"{row['size']:g}",
            value=row["size"],
            unit=None,
            approximate=row["size_approximate"],
            comparator=row["size_comparator"],
        )
    stance = ClaimStance(claim=key, stance=Stance(row["stance"]), origin=row["origin"], size=size)
    return ClaimView(key=key, stance=stance, source=row["source_name"], date=row["claim_date"])


_SURE = 0.7
"""Probability from which the stance model's reading of an article changes a stance."""


def _article_judge(model: StanceModel, view: ArticleView) -> Callable[[str], str | None]:
    """The article's stance (agree, disagree, discuss, unrelated) toward a claim, when the
    model is sure of it."""
    from watchfloor.stance.model import LABELS

    def judge(claim: str) -> str | None:
        probabilities = model.judge(model.claim_views([claim]), view)[0]
        best = int(probabilities.argmax())
        return LABELS[best] if probabilities[best] >= _SURE else None

    return judge


def _own_voice(claim: Claim | None) -> bool:
    """A claim the article tells itself: an event no source reports, or an unattributed
    statement."""
    return claim is None or claim.source is None or claim.source.kind is SourceKind.UNATTRIBUTED


def _merge_signatures(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(old)
    for key, values in new.items():
        merged[key] = sorted({*old.get(key, ()), *values})
    return merged


def _claim_row(
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
    from watchfloor.types import speaker_names

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


def _contradiction_row(proposition_id: int, found: Contradiction) -> dict[str, Any]:
    (article_a, claim_a), (article_b, claim_b) = (k.split(":", 1) for k in sorted(found.claims))
    return {
        "proposition_id": proposition_id,
        "article_a": int(article_a),
        "claim_a": claim_a,
        "article_b": int(article_b),
        "claim_b": claim_b,
        "kind": found.kind,
        "why": found.why,
        "found_at": datetime.now(UTC),
    }
