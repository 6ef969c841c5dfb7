"""JSON endpoints. Every list is paginated (``limit``, ``offset``); every date filter is
ISO 8601; every response is the ledger's own types serialised with ``to_jsonable``."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from anyio import to_thread
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from watchfloor.api._pages import kept
from watchfloor.api._security import Admin, Reader, StreamReader
from watchfloor.errors import SearchTooLargeError, WatchfloorError
from watchfloor.ingest.records import TOO_DEEP, json_too_deep
from watchfloor.store import Store
from watchfloor.types import Alert, Article, StoredProposition, to_jsonable
from watchfloor.version import __version__

__all__ = ["router"]


class Error(BaseModel):
    """What every error answers: one line saying what is wrong."""

    error: str


def _responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    reasons = {
        400: "bad input",
        401: "no valid token (only when tokens exist)",
        403: "the token's scope does not allow it",
        404: "no such item",
        413: "request body too large",
        422: "invalid parameters (each named, with what is wrong)",
        500: "internal error (details only in the server log)",
    }
    return {code: {"model": Error, "description": reasons[code]} for code in codes}


router = APIRouter(responses=_responses(401, 413, 422, 500))
NOT_FOUND = _responses(404)

Limit = Annotated[int, Query(ge=1, le=500, description="How many items to return.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="How many items to skip.")]
Since = Annotated[datetime | None, Query(description="On or after this time (ISO 8601).")]
Until = Annotated[datetime | None, Query(description="On or before this time (ISO 8601).")]


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _page(items: list[Any], limit: int, offset: int, total: int | None = None) -> dict[str, Any]:
    page: dict[str, Any] = {"items": items, "limit": limit, "offset": offset}
    if total is not None:
        page["total"] = total
    page["next_offset"] = offset + limit if len(items) == limit else None
    return page


def _article_summary(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "url": article.url,
        "outlet": article.outlet,
        "author": article.author,
        "published": article.published.isoformat() if article.published else None,
        "language": article.language,
        "duplicate_of": article.duplicate_of,
    }


@router.get("/health", tags=["service"])
def health(request: Request, _: Reader) -> dict[str, Any]:
    """Whether the service runs, and on which store."""
    store = _store(request)
    return {"status": "ok", "version": __version__, "articles": store.count_articles()}


# -- articles ------------------------------------------------------------------------------


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
) -> dict[str, Any]:
    """Articles, newest published first."""
    found, total = _store(request).list_articles(
        limit=limit, offset=offset, since=_aware(since), until=_aware(until), entity=entity
    )
    return _page([_article_summary(a) for a in found], limit, offset, total)


@router.get("/articles/{article_id}", tags=["articles"], responses=NOT_FOUND)
@kept("articles", "ledger")
def article(request: Request, article_id: int, _: Reader) -> dict[str, Any]:
    """One article: its text exactly as stored, its metadata and its ledger (null until
    extracted)."""
    store = _store(request)
    found = store.get_article(article_id) if 0 < article_id < 2**53 else None
    if found is None:
        raise HTTPException(404, f"no article {article_id}")
    return {
        **_article_summary(found),
        "text": found.text,
        "ledger": store.get_ledger(article_id),
        "propositions": store.article_propositions(article_id),
    }


@router.post("/articles", tags=["articles"], status_code=201, responses=_responses(400, 403))
async def ingest_articles(request: Request, _: Admin) -> dict[str, Any]:
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
    store = _store(request)

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
    return {
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


@router.get("/search", tags=["articles"])
@kept("articles")
def search(
    request: Request,
    _: Reader,
    q: Annotated[
        str, Query(min_length=1, max_length=500, description='Words, "phrases", -not, OR.')
    ],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    """Full-text search of stored articles, best first."""
    try:
        hits = _store(request).search(q, limit=limit)
    except SearchTooLargeError as exc:
        raise HTTPException(400, str(exc)) from exc
    except WatchfloorError as exc:  # a query with nothing to look for finds nothing
        return {"items": [], "limit": limit, "offset": 0, "note": str(exc)}
    return {"items": to_jsonable(hits), "limit": limit, "offset": 0}


# -- entities, propositions, sources -------------------------------------------------------


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
) -> dict[str, Any]:
    """Entities across the store, most reported first, with their aliases."""
    found = _store(request).list_entities(name=name, limit=limit, offset=offset)
    return _page(to_jsonable(found), limit, offset)


@router.get("/entities/{entity_id}", tags=["linking"], responses=NOT_FOUND)
@kept("ledger")
def entity(request: Request, entity_id: int, _: Reader) -> dict[str, Any]:
    """One entity: aliases, each mention with why it joined, mentions by month."""
    store = _store(request)
    found = store.get_entity(entity_id) if 0 < entity_id < 2**53 else None
    if found is None:
        raise HTTPException(404, f"no entity {entity_id}")
    return {
        **to_jsonable(found),
        "links": store.entity_links(entity_id),
        "timeline": [{"month": m, "articles": n} for m, n in store.entity_timeline(entity_id)],
    }


def _proposition(p: StoredProposition) -> dict[str, Any]:
    out: dict[str, Any] = to_jsonable(p)  # once: the claims are most of a proposition
    out["stances"] = {
        s: sum(1 for c in p.claims if c.stance.value == s)
        for s in ("supports", "denies", "reports")
    }
    out["claims"] = [
        {**shown, "key": c.key} for shown, c in zip(out["claims"], p.claims, strict=True)
    ]
    return out


@router.get("/propositions", tags=["linking"])
@kept("ledger")
def propositions(
    request: Request,
    _: Reader,
    entity: Annotated[int | None, Query(ge=1, le=2**53)] = None,
    event_type: Annotated[
        str | None, Query(alias="type", max_length=20, description="A PLOVER type.")
    ] = None,
    since: Since = None,
    until: Until = None,
    sort: Annotated[str, Query(pattern="^(recent|reported|contested)$")] = "recent",
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Propositions with their grade, claims and stances."""
    found = _store(request).list_propositions(
        entity=entity,
        event_type=event_type,
        since=_aware(since),
        until=_aware(until),
        limit=limit,
        offset=offset,
        order=sort,
    )
    return _page([_proposition(p) for p in found], limit, offset)


@router.get("/propositions/{proposition_id}", tags=["linking"], responses=NOT_FOUND)
@kept("ledger")
def proposition(request: Request, proposition_id: int, _: Reader) -> dict[str, Any]:
    """One proposition with every claim, its origin chain, and the contradictions."""
    found = _store(request).get_proposition(proposition_id) if 0 < proposition_id < 2**53 else None
    if found is None:
        raise HTTPException(404, f"no proposition {proposition_id}")
    stored, contradictions = found
    return {**_proposition(stored), "contradictions": to_jsonable(contradictions)}


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
) -> dict[str, Any]:
    """Every source seen, most claims first, with reliability (from the source registry)
    and track record."""
    from watchfloor.assess import RELIABILITY, load_registry

    registry = load_registry(request.app.state.settings.sources)
    store = _store(request)
    items = []
    for record in store.source_records(name=name, limit=limit, offset=offset):
        letter, why = registry.grade(record["source"])
        items.append({**record, "reliability": letter, "meaning": RELIABILITY[letter], "why": why})
    return _page(items, limit, offset, store.count_sources(name=name))


# -- events, indicators, alerts ------------------------------------------------------------


@router.get("/events", tags=["indicators"])
@kept("ledger")
def events(
    request: Request,
    _: Reader,
    event_type: Annotated[str | None, Query(alias="type", max_length=20)] = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """PLOVER events, newest first, with their credibility and evidence."""
    found = _store(request).list_events(
        event_type=event_type, since=_aware(since), until=_aware(until), limit=limit, offset=offset
    )
    return _page(to_jsonable(found), limit, offset)


def _watchlist(request: Request) -> dict[str, Any]:
    from watchfloor.indicators import load_watchlist

    path = request.app.state.settings.watchlist
    if not path.exists():
        return {}
    return {i.id: i for i in load_watchlist(path).indicators}


def _levels(indicator: Any) -> list[dict[str, Any]]:
    return [
        {"name": level.name, "value": level.threshold, "inclusive": level.at_least is not None}
        for level in indicator.levels
    ]


@router.get("/indicators", tags=["indicators"])
def indicators(
    request: Request, _: Reader, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    """Each indicator of the watchlist (or with stored readings): its latest reading."""
    store = _store(request)
    defined = _watchlist(request)
    names = list(dict.fromkeys([*defined, *store.indicator_names()]))
    items = []
    for name in names[offset : offset + limit]:  # the readings of this page only
        last = store.readings(name, limit=1)
        spec = defined.get(name)
        items.append(
            {
                "id": name,
                "title": spec.title if spec else name,
                "levels": _levels(spec) if spec else [],
                "reading": to_jsonable(last[-1]) if last else None,
            }
        )
    return _page(items, limit, offset, len(names))


@router.get("/indicators/{name}", tags=["indicators"], responses=NOT_FOUND)
def indicator(
    request: Request, name: str, _: Reader, limit: Annotated[int, Query(ge=1, le=5000)] = 500
) -> dict[str, Any]:
    """An indicator's readings over time (oldest first) and its thresholds."""
    store = _store(request)
    spec = _watchlist(request).get(name)
    readings = store.readings(name, limit=limit)
    if spec is None and not readings:
        raise HTTPException(404, f"no indicator {name!r}")
    return {
        "id": name,
        "title": spec.title if spec else name,
        "description": spec.description if spec else None,
        "levels": _levels(spec) if spec else [],
        "readings": to_jsonable(readings),
        "alerts": to_jsonable(store.alerts(indicator=name, limit=50)),
    }


@router.get("/alerts", tags=["indicators"])
def alerts(
    request: Request,
    _: Reader,
    indicator: Annotated[str | None, Query(max_length=200)] = None,
    level: Annotated[str | None, Query(max_length=100)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Alerts, newest first, with their evidence trail."""
    found = _store(request).alerts(indicator=indicator, level=level, limit=limit, offset=offset)
    return _page(to_jsonable(found), limit, offset)


# -- exports ---------------------------------------------------------------------------------


def _download(chunks: Iterator[str], media_type: str, filename: str) -> StreamingResponse:
    """A file the browser saves, streamed as it is written."""
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return StreamingResponse(chunks, media_type=media_type, headers=headers)


@router.get("/export/stix", tags=["exports"], response_class=StreamingResponse)
def export_stix(request: Request, _: Reader, since: Since = None, until: Until = None) -> Any:
    """The store as a STIX 2.1 bundle (docs/exchange.md), streamed."""
    from watchfloor.assess import load_registry
    from watchfloor.exchange import stix_bundle_chunks

    store = _store(request)
    registry = load_registry(request.app.state.settings.sources)
    chunks = stix_bundle_chunks(store, registry=registry, since=_aware(since), until=_aware(until))
    return _download(chunks, "application/stix+json;version=2.1", "watchfloor-stix.json")


@router.get("/export/plover", tags=["exports"], response_class=StreamingResponse)
def export_plover(
    request: Request,
    _: Reader,
    event_type: Annotated[str | None, Query(alias="type", max_length=20)] = None,
    since: Since = None,
    until: Until = None,
) -> Any:
    """PLOVER JSON records of the events, one per line, streamed."""
    from watchfloor.exchange import plover_records

    records = plover_records(
        _store(request), since=_aware(since), until=_aware(until), event_type=event_type
    )
    lines = (json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    return _download(lines, "application/x-ndjson", "watchfloor-events.jsonl")


@router.get("/export/{table}.csv", tags=["exports"], response_class=StreamingResponse)
def export_csv(
    request: Request,
    _: Reader,
    table: Literal["claims", "events", "readings", "alerts"],
    since: Since = None,
    until: Until = None,
    entity: Annotated[str | None, Query(max_length=200)] = None,
    event_type: Annotated[str | None, Query(alias="type", max_length=20)] = None,
    indicator: Annotated[str | None, Query(max_length=200)] = None,
) -> Any:
    """One flat table (claims, events, readings or alerts) as CSV, streamed."""
    from watchfloor.exchange import table_csv_lines

    lines = table_csv_lines(
        _store(request), table, since=_aware(since), until=_aware(until), entity=entity,
        event_type=event_type, indicator=indicator,
    )  # fmt: skip
    return _download(lines, "text/csv; charset=utf-8", f"watchfloor-{table}.csv")


def _event(alert: Alert) -> str:
    data = json.dumps(to_jsonable(alert), ensure_ascii=False)
    return f"id: {alert.id}\nevent: alert\ndata: {data}\n\n"


@router.get("/alerts/stream", tags=["indicators"], response_class=StreamingResponse)
async def alert_stream(
    request: Request,
    _: StreamReader,
    after: Annotated[
        int | None, Query(ge=0, le=2**53, description="Only alerts after this id.")
    ] = None,
) -> StreamingResponse:
    """New alerts as server-sent events (``event: alert``); resumes after ``Last-Event-ID``."""
    store = _store(request)
    last_seen = request.headers.get("last-event-id")
    # an id is at most 2**53; a longer header is no id (and int() of 100,000 digits fails)
    start = (
        int(last_seen)
        if last_seen and last_seen.isascii() and last_seen.isdigit() and len(last_seen) <= 16
        else after
    )
    poll = float(request.app.state.poll_seconds)

    async def stream() -> AsyncIterator[str]:
        cursor = start
        if cursor is None:
            newest = await run_in_threadpool(store.alerts, limit=1)
            cursor = newest[0].id if newest and newest[0].id is not None else 0
        yield "retry: 3000\n\n"
        quiet = 0.0
        while not await request.is_disconnected():
            fresh = await run_in_threadpool(store.alerts, after=cursor, limit=100)
            for alert in reversed(fresh):
                yield _event(alert)
                cursor = max(cursor, alert.id or 0)
            await asyncio.sleep(poll)
            quiet += poll
            if quiet >= 15:
                quiet = 0.0
                yield ": keep-alive\n\n"

    return StreamingResponse(
        stream(), media_type="text/event-stream", headers={"Cache-Control": "no-store"}
    )
