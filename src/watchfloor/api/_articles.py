"""Articles: the list, one article with its ledger, ingest, and full-text search."""

from __future__ import annotations

import io
import json
from typing import Annotated, Any

from anyio import to_thread
from fastapi import HTTPException, Query, Request

from watchfloor.api._common import (
    NOT_FOUND,
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
from watchfloor.api._security import Admin, Reader
from watchfloor.errors import SearchTooLargeError, WatchfloorError
from watchfloor.ingest.records import TOO_DEEP, json_too_deep
from watchfloor.pipeline.search import search_articles
from watchfloor.version import __version__
from watchfloor.views import (
    ArticleDetail,
    ArticleSummary,
    Health,
    IngestAnswer,
    Page,
    SearchAnswer,
    VerdictView,
)

__all__ = ["router"]

router = new_router()


@router.get("/health", tags=["service"])
def health(request: Request, _: Reader) -> Health:
    """Whether the service runs, and on which store."""
    count = store_of(request).count_articles()
    return Health(status="ok", version=__version__, articles=count)


@router.get("/articles", tags=["articles"])
@kept("articles", "ledger")
def articles(
    request: Request,
    _: Reader,
    limit: Limit = 50,
    offset: Offset = 0,
    since: Since = None,
    until: Until = None,
    entity: Annotated[
        int | None, Query(ge=1, le=2**53, description="Mentioning this entity.")
    ] = None,
) -> Page[ArticleSummary]:
    """Articles, newest published first."""
    found, total = store_of(request).list_articles(
        limit=limit, offset=offset, since=aware(since), until=aware(until), entity=entity
    )
    items = [ArticleSummary.shown(a) for a in found]
    return Page[ArticleSummary].of(items, limit, offset, total)


@router.get("/articles/{article_id}", tags=["articles"], responses=NOT_FOUND)
@kept("articles", "ledger")
def article(request: Request, article_id: int, _: Reader) -> ArticleDetail:
    """One article: its text exactly as stored, its metadata and its ledger (null until
    extracted)."""
    store = store_of(request)
    found = store.get_article(article_id) if found_id(article_id) else None
    if found is None:
        raise HTTPException(404, f"no article {article_id}")
    return ArticleDetail.model_validate(
        {
            **ArticleSummary.shown(found).model_dump(),
            "text": found.text,
            "ledger": store.get_ledger(article_id),
            "propositions": store.article_propositions(article_id),
            "verdicts": [VerdictView.shown(v) for v in store.list_verdicts(article_id=article_id)],
        }
    )


@router.post("/articles", tags=["articles"], status_code=201, responses=responses(400, 403))
async def ingest_articles(request: Request, _: Admin) -> IngestAnswer:
    """Ingest one article (a JSON object with ``text`` and optional ``title``, ``url``,
    ``outlet``, ``published``, ``language``) or a batch (a JSON array of them). Bad records
    are rejected one by one with the reason; the others are stored. Extraction runs with
    ``watchfloor extract`` or ``watchfloor watch``."""
    from watchfloor.pipeline import IngestOutcome, ingest

    body = await request.body()
    try:
        if json_too_deep(body.decode("utf-8")):  # before parsing: the parser recurses
            raise HTTPException(400, f"the body is not JSON: {TOO_DEEP}")
        value = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise HTTPException(400, f"the body is not JSON: {exc}") from exc
    except RecursionError as exc:
        raise HTTPException(400, "the body is not JSON: nested too deeply") from exc
    if not isinstance(value, dict | list):
        raise HTTPException(
            400, f"expected a JSON object or an array of objects, got {type(value).__name__}"
        )
    outcomes: list[IngestOutcome] = []
    store = store_of(request)

    def run() -> Any:
        return ingest(
            store,
            ["-"],
            settings=request.app.state.settings,
            stdin=io.BytesIO(body),
            on_outcome=outcomes.append,
        )

    try:
        report = await to_thread.run_sync(run, limiter=request.app.state.writes)
    except WatchfloorError as exc:
        raise HTTPException(400, str(exc)) from exc
    return IngestAnswer.model_validate(
        {
            "ingested": report.ingested,
            "duplicates": report.duplicates,
            "rejected": report.rejected,
            "unchanged": report.unchanged,
            "items": [
                {
                    "outcome": o.outcome.value,
                    "article_id": o.article.id if o.article else None,
                    "error": o.rejection.message if o.rejection else None,
                }
                for o in outcomes
            ],
        }
    )


@router.get("/search", tags=["articles"])
@kept("articles")
def search(
    request: Request,
    _: Reader,
    q: Annotated[
        str, Query(min_length=1, max_length=500, description='Words, "phrases", -not, OR.')
    ],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SearchAnswer:
    """Full-text search of stored articles, best first; then the articles that mention an
    entity the query names, in any spelling or script."""
    try:
        hits = search_articles(store_of(request), q, limit=limit)
    except SearchTooLargeError as exc:
        raise HTTPException(400, str(exc)) from exc
    except WatchfloorError as exc:  # a query with nothing to look for finds nothing
        return SearchAnswer(items=[], limit=limit, offset=0, note=str(exc))
    return SearchAnswer.model_validate({"items": hits, "limit": limit, "offset": 0})
