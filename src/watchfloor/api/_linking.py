"""What linking made of the articles: entities, propositions with their grades, sources
with their track records."""

from __future__ import annotations

from typing import Annotated

from anyio import to_thread
from fastapi import HTTPException, Query, Request
from pydantic import Field

from watchfloor.api._common import (
    NOT_FOUND,
    EventType,
    Limit,
    Offset,
    Since,
    Until,
    aware,
    found_id,
    new_router,
    responses,
    store_of,
)
from watchfloor.api._pages import kept
from watchfloor.api._security import Admin, Reader, caller
from watchfloor.errors import WatchfloorError
from watchfloor.pipeline.registry import set_source, source_registry
from watchfloor.verdicts import VerdictKind
from watchfloor.views import (
    EntityDetail,
    EntityView,
    GradeChanged,
    Page,
    PropositionDetail,
    PropositionView,
    RegistryChange,
    SourceGrade,
    SourceView,
    VerdictView,
)

__all__ = ["router"]

router = new_router()


@router.get("/entities", tags=["linking"])
@kept("ledger")
def entities(
    request: Request,
    _: Reader,
    name: Annotated[
        str | None, Query(max_length=200, description="A name or alias containing this.")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[EntityView]:
    """Entities across the store, most reported first, with their aliases."""
    found = store_of(request).list_entities(name=name, limit=limit, offset=offset)
    return Page[EntityView].of([EntityView.shown(e) for e in found], limit, offset)


@router.get("/entities/{entity_id}", tags=["linking"], responses=NOT_FOUND)
@kept("ledger")
def entity(request: Request, entity_id: int, _: Reader) -> EntityDetail:
    """One entity: aliases, each mention with why it joined, mentions by month."""
    store = store_of(request)
    found = store.get_entity(entity_id) if found_id(entity_id) else None
    if found is None:
        raise HTTPException(404, f"no entity {entity_id}")
    return EntityDetail.model_validate(
        {
            **EntityView.shown(found).model_dump(),
            "links": store.entity_links(entity_id),
            "timeline": [{"month": m, "articles": n} for m, n in store.entity_timeline(entity_id)],
            "merged": store.merged_entities(entity_id),
            "verdicts": [
                VerdictView.shown(v)
                for v in store.list_verdicts(kind=VerdictKind.UNMERGE, limit=None)
                if entity_id in (v.entity_id, v.previous.get("merged_into"))
            ],
        }
    )


@router.get("/propositions", tags=["linking"])
@kept("ledger")
def propositions(
    request: Request,
    _: Reader,
    entity: Annotated[int | None, Query(ge=1, le=2**53)] = None,
    event_type: EventType = None,
    since: Since = None,
    until: Until = None,
    sort: Annotated[str, Query(pattern="^(recent|reported|contested)$")] = "recent",
    grade: Annotated[
        list[Annotated[int, Field(ge=1, le=6)]] | None,
        Query(description="Only these credibility grades (1-6); repeat for more."),
    ] = None,
    contested: Annotated[bool, Query(description="Only those with contradictions.")] = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[PropositionView]:
    """Propositions with their grade, claims and stances."""
    found = store_of(request).list_propositions(
        entity=entity,
        event_type=event_type,
        since=aware(since),
        until=aware(until),
        limit=limit,
        offset=offset,
        order=sort,
        credibility=grade or (),
        contested=contested,
    )
    return Page[PropositionView].of([PropositionView.of(p) for p in found], limit, offset)


@router.get("/propositions/{proposition_id}", tags=["linking"], responses=NOT_FOUND)
@kept("ledger")
def proposition(request: Request, proposition_id: int, _: Reader) -> PropositionDetail:
    """One proposition with every claim, its origin chain, and the contradictions."""
    store = store_of(request)
    found = store.get_proposition(proposition_id) if found_id(proposition_id) else None
    if found is None:
        raise HTTPException(404, f"no proposition {proposition_id}")
    stored, contradictions = found
    on_claims = store.list_verdicts(
        claims=[(c.article_id, c.claim_id) for c in stored.claims], kind=VerdictKind.CLAIM
    )
    own = store.list_verdicts(proposition_id=proposition_id)
    shown = sorted({v.id: v for v in [*own, *on_claims]}.values(), key=lambda v: -v.id)
    return PropositionDetail.model_validate(
        {
            **PropositionView.of(stored).model_dump(),
            "contradictions": contradictions,
            "verdicts": [VerdictView.shown(v) for v in shown],
        }
    )


@router.get("/sources", tags=["linking"])
@kept("ledger")
def sources(
    request: Request,
    _: Reader,
    name: Annotated[
        str | None, Query(max_length=200, description="A source whose name contains this.")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[SourceView]:
    """Every source seen, most claims first, with reliability (from the source registry)
    and track record."""
    from watchfloor.assess import RELIABILITY

    store = store_of(request)
    registry = source_registry(store, request.app.state.settings.sources)
    items = []
    for record in store.source_records(name=name, limit=limit, offset=offset):
        letter, why = registry.grade(record["source"])
        shown = {**record, "reliability": letter, "meaning": RELIABILITY[letter], "why": why}
        items.append(SourceView.shown(shown))
    return Page[SourceView].of(items, limit, offset, store.count_sources(name=name))


@router.post("/sources/registry", tags=["linking"], responses=responses(400, 403), status_code=200)
async def grade_source(request: Request, _: Admin, grade: SourceGrade) -> GradeChanged:
    """Grade a source (admin): the change is logged with the token's name and the time,
    and every proposition its claims are in is graded again."""
    store = store_of(request)
    settings = request.app.state.settings

    def run() -> int:
        source_registry(store, settings.sources)  # seed first: the file's grades stay
        return set_source(
            store,
            grade.name,
            grade.reliability,
            reason=grade.reason,
            by=caller(request),
            aliases=grade.aliases,
        )

    try:
        regraded = await to_thread.run_sync(run, limiter=request.app.state.writes)
    except WatchfloorError as exc:
        raise HTTPException(400, str(exc)) from exc
    return GradeChanged(name=grade.name, reliability=grade.reliability.upper(), regraded=regraded)


@router.get("/sources/registry/changes", tags=["linking"])
def registry_changes(
    request: Request,
    _: Reader,
    name: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 50,
) -> Page[RegistryChange]:
    """Changes to the source registry, newest first: who, when, from what and why."""
    found = store_of(request).registry_changes(name=name, limit=limit)
    return Page[RegistryChange].of([RegistryChange.shown(c) for c in found], limit, 0)
