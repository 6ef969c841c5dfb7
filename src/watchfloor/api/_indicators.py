"""Events, indicators with their readings, and alerts (also as a live stream)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from typing import Annotated, Any

from fastapi import HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse
from pydantic import Field

from watchfloor.api._common import (
    NOT_FOUND,
    EventType,
    Limit,
    Offset,
    Since,
    Until,
    aware,
    new_router,
    store_of,
)
from watchfloor.api._pages import kept
from watchfloor.api._security import Reader, StreamReader
from watchfloor.store import Store
from watchfloor.types import Alert
from watchfloor.views import (
    AlertView,
    EventView,
    IndicatorDetail,
    IndicatorView,
    Page,
    VerdictView,
)

__all__ = ["router"]

router = new_router()


@router.get("/events", tags=["indicators"])
@kept("ledger")
def events(
    request: Request,
    _: Reader,
    event_type: EventType = None,
    since: Since = None,
    until: Until = None,
    entity: Annotated[
        int | None, Query(ge=1, le=2**53, description="Events about this entity.")
    ] = None,
    place: Annotated[str | None, Query(max_length=200, description="At this place.")] = None,
    country: Annotated[
        str | None, Query(max_length=3, description="In this country (ISO code).")
    ] = None,
    grade: Annotated[
        list[Annotated[int, Field(ge=1, le=6)]] | None,
        Query(description="Only events graded one of these (1-6); repeat for more."),
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[EventView]:
    """PLOVER events, newest first, with their credibility, evidence and place (with its
    coordinates when the gazetteer knows them)."""
    found = store_of(request).list_events(
        event_type=event_type, since=aware(since), until=aware(until), limit=limit,
        offset=offset, entity=entity, place=place, country=country, credibility=grade or (),
    )  # fmt: skip
    return Page[EventView].of([EventView.shown(e) for e in found], limit, offset)


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
) -> Page[IndicatorView]:
    """Each indicator of the watchlist (or with stored readings): its latest reading."""
    store = store_of(request)
    defined = _watchlist(request)
    names = list(dict.fromkeys([*defined, *store.indicator_names()]))
    items = []
    for name in names[offset : offset + limit]:  # the readings of this page only
        last = store.readings(name, limit=1)
        spec = defined.get(name)
        shown = {
            "id": name,
            "title": spec.title if spec else name,
            "levels": _levels(spec) if spec else [],
            "reading": last[-1] if last else None,
        }
        items.append(IndicatorView.model_validate(shown))
    return Page[IndicatorView].of(items, limit, offset, len(names))


@router.get("/indicators/{name}", tags=["indicators"], responses=NOT_FOUND)
def indicator(
    request: Request, name: str, _: Reader, limit: Annotated[int, Query(ge=1, le=5000)] = 500
) -> IndicatorDetail:
    """An indicator's readings over time (oldest first) and its thresholds."""
    store = store_of(request)
    spec = _watchlist(request).get(name)
    readings = store.readings(name, limit=limit)
    if spec is None and not readings:
        raise HTTPException(404, f"no indicator {name!r}")
    return IndicatorDetail.model_validate(
        {
            "id": name,
            "title": spec.title if spec else name,
            "description": spec.description if spec else None,
            "levels": _levels(spec) if spec else [],
            "readings": readings,
            "alerts": reviewed_alerts(store, store.alerts(indicator=name, limit=50)),
        }
    )


@router.get("/alerts", tags=["indicators"])
def alerts(
    request: Request,
    _: Reader,
    indicator: Annotated[str | None, Query(max_length=200)] = None,
    level: Annotated[str | None, Query(max_length=100)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[AlertView]:
    """Alerts, newest first, with their evidence trail."""
    store = store_of(request)
    found = store.alerts(indicator=indicator, level=level, limit=limit, offset=offset)
    return Page[AlertView].of(reviewed_alerts(store, found), limit, offset)


def reviewed_alerts(store: Store, found: Sequence[Alert]) -> list[AlertView]:
    """Alerts as shown, each with the analyst's latest active verdict on it."""
    ids = [a.id for a in found if a.id is not None]
    latest: dict[int, VerdictView] = {}
    for verdict in store.list_verdicts(alert_ids=ids, active=True, limit=None) if ids else ():
        if verdict.alert_id is not None and verdict.alert_id not in latest:  # newest first
            latest[verdict.alert_id] = VerdictView.shown(verdict)
    return [AlertView.shown(a).model_copy(update={"review": latest.get(a.id or 0)}) for a in found]


def _event(alert: Alert) -> str:
    data = AlertView.shown(alert).model_dump_json()
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
    store = store_of(request)
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
