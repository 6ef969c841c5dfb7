"""The analyst's review loop: verdicts on claims, propositions, merges and alerts, each
stored with the token's name and the time, reversible, and carried into the grades."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from anyio import to_thread
from fastapi import HTTPException, Query, Request

from watchfloor.api._common import Limit, found_id, new_router, responses, store_of
from watchfloor.api._security import Reader, Reviewer, caller
from watchfloor.assess import SourceRegistry
from watchfloor.errors import NothingToReviewError, WatchfloorError
from watchfloor.pipeline.registry import source_registry
from watchfloor.pipeline.review import Review, Reviewed, review, undo
from watchfloor.store import Store
from watchfloor.verdicts import VerdictKind
from watchfloor.views import Page, VerdictAsked, VerdictDone, VerdictView

__all__ = ["router"]

router = new_router()


@router.post("/verdicts", tags=["review"], responses=responses(400, 403, 404), status_code=200)
async def give_verdict(request: Request, _: Reviewer, asked: VerdictAsked) -> VerdictDone:
    """Tell the system it is wrong (a review or admin token): a claim's source, cue,
    polarity or modality, a claim that is none, a proposition true or false, a claim
    split out of its proposition, a merge undone, an alert acknowledged, assigned or
    dismissed. Stored with the token's name and the time; what it touches is graded
    again at once."""
    try:
        kind = VerdictKind(asked.kind)
    except ValueError:
        kinds = ", ".join(k.value for k in VerdictKind)
        raise HTTPException(400, f"kind is one of {kinds}, not {asked.kind!r}") from None
    wanted = Review(kind=kind, **asked.model_dump(exclude={"kind"}))
    return await _run(
        request, lambda store, registry, by: review(store, wanted, by=by, registry=registry)
    )


@router.post("/verdicts/{verdict_id}/undo", tags=["review"], responses=responses(400, 403, 404))
async def undo_verdict(request: Request, verdict_id: int, _: Reviewer) -> VerdictDone:
    """Undo a verdict: what it replaced comes back and is graded again; the verdict stays
    in the log, marked undone by whom and when."""
    if not found_id(verdict_id):
        raise HTTPException(404, f"no verdict {verdict_id}")
    return await _run(
        request, lambda store, registry, by: undo(store, verdict_id, by=by, registry=registry)
    )


@router.get("/verdicts", tags=["review"])
def verdicts(
    request: Request,
    _: Reader,
    article: Annotated[int | None, Query(ge=1, le=2**53)] = None,
    proposition: Annotated[int | None, Query(ge=1, le=2**53)] = None,
    entity: Annotated[int | None, Query(ge=1, le=2**53)] = None,
    alert: Annotated[int | None, Query(ge=1, le=2**53)] = None,
    active: Annotated[
        bool | None, Query(description="Only active (true) or undone (false).")
    ] = None,
    limit: Limit = 50,
) -> Page[VerdictView]:
    """Verdicts, newest first, by what they are about."""
    found = store_of(request).list_verdicts(
        article_id=article,
        proposition_id=proposition,
        entity_id=entity,
        alert_ids=[alert] if alert is not None else None,
        active=active,
        limit=limit,
    )
    return Page[VerdictView].of([VerdictView.shown(v) for v in found], limit, 0)


Work = Callable[[Store, SourceRegistry, str], Reviewed]


async def _run(request: Request, work: Work) -> VerdictDone:
    store = store_of(request)
    settings = request.app.state.settings
    by = caller(request)

    def run() -> Reviewed:
        return work(store, source_registry(store, settings.sources), by)

    try:
        done = await to_thread.run_sync(run, limiter=request.app.state.writes)
    except NothingToReviewError as exc:
        raise HTTPException(404, str(exc)) from exc
    except WatchfloorError as exc:
        raise HTTPException(400, str(exc)) from exc
    return VerdictDone(verdict=VerdictView.shown(done.verdict), regraded=list(done.regraded))
