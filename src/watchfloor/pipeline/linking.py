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
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from watchfloor.link.contradictions import ClaimView
from watchfloor.pipeline.registry import graded, source_registry
from watchfloor.pipeline.review import reapply
from watchfloor.store import Store
from watchfloor.types import (
    ClaimStance,
    Contradiction,
    Ledger,
    Quantity,
    Stance,
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

    registry = registry if registry is not None else source_registry(store)
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
        stored_claims = list(stored.get("claims", []))
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
            claims: list[dict[str, Any]] = stored_claims,
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
                reviewed = reapply(session, article_id, claims)  # the desk's corrections stay
                if reviewed is not None:
                    rows = reviewed
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
    """The stored entity of each of the article's entities, found or created (the plan
    of ``link.plan``, applied); returns local id -> stored id."""
    from watchfloor.link.plan import entity_keys, plan_entities

    pinned = session.pinned_links(article_id)
    keys = [k for found in entity_keys(ledger, pinned).values() for k in found]
    found_by_key, known = session.entity_candidates_by_key(keys)
    plan = plan_entities(ledger, pinned, found_by_key, known)
    plan = plan.settled({handle: session.add_entity(v) for handle, v in plan.new.items()})
    session.add_alias_rows(plan.alias_rows)
    session.link_entities(article_id, plan.links)
    delta.new_entities += len(plan.new)
    delta.linked_entities += plan.joined
    return plan.entity_ids


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
    claims (the plan of ``link.plan``, applied); returns the claim rows written."""
    from watchfloor.link.across import local_propositions
    from watchfloor.link.plan import plan_propositions, proposition_keys

    locals_ = local_propositions(ledger, entity_ids, story, language)
    found_by_key, known = session.proposition_candidates_by_key(
        proposition_keys(locals_), seen_at - window, seen_at + window
    )
    plan = plan_propositions(
        article_id, ledger, locals_, found_by_key, known, seen_at, window, judge
    )
    ids = {handle: session.add_proposition(values, []) for handle, values in plan.new.items()}
    plan = plan.settled(ids)
    session.add_block_rows(plan.blocks)
    session.widen_many(
        [(p.id, p.first_seen, p.last_seen, p.signature) for p in plan.widened.values()]
    )
    session.set_event_propositions(article_id, plan.event_links)
    session.add_claims(plan.claim_rows)
    delta.new_propositions += len(plan.new)
    delta.joined_propositions += plan.joined
    return plan.claim_rows


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
    from watchfloor.link.contradictions import contradictions_in

    touched = sorted({r["proposition_id"] for r in rows})
    groups = session.evidence_groups(touched, article_id)
    reviews = session.review_notes(touched)
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
        assessments.append(
            graded(proposition_id, stored, registry, reviews.get(proposition_id, ()))
        )
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
