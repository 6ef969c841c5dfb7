"""Exports of what the store holds: STIX 2.1, PLOVER records and flat CSV tables,
streamed as files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import HTTPException, Query, Request
from fastapi.responses import StreamingResponse

from watchfloor.api._common import (
    NOT_FOUND,
    EventType,
    Since,
    Until,
    aware,
    found_id,
    new_router,
    store_of,
)
from watchfloor.api._security import Reader
from watchfloor.pipeline.registry import source_registry

__all__ = ["router"]

router = new_router()


def _download(chunks: Iterator[str], media_type: str, filename: str) -> StreamingResponse:
    """A file the browser saves, streamed as it is written."""
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return StreamingResponse(chunks, media_type=media_type, headers=headers)


@router.get("/export/stix", tags=["exports"], response_class=StreamingResponse)
def export_stix(request: Request, _: Reader, since: Since = None, until: Until = None) -> Any:
    """The store as a STIX 2.1 bundle (docs/exchange.md), streamed."""
    from watchfloor.exchange import stix_bundle_chunks

    store = store_of(request)
    registry = source_registry(store, request.app.state.settings.sources)
    chunks = stix_bundle_chunks(store, registry=registry, since=aware(since), until=aware(until))
    return _download(chunks, "application/stix+json;version=2.1", "watchfloor-stix.json")


@router.get("/export/plover", tags=["exports"], response_class=StreamingResponse)
def export_plover(
    request: Request,
    _: Reader,
    event_type: EventType = None,
    since: Since = None,
    until: Until = None,
) -> Any:
    """PLOVER JSON records of the events, one per line, streamed."""
    from watchfloor.exchange import plover_records

    records = plover_records(
        store_of(request), since=aware(since), until=aware(until), event_type=event_type
    )
    lines = (json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    return _download(lines, "application/x-ndjson", "watchfloor-events.jsonl")


@router.get(
    "/export/{table}.csv", tags=["exports"], response_class=StreamingResponse, responses=NOT_FOUND
)
def export_csv(
    request: Request,
    _: Reader,
    table: Literal["claims", "events", "readings", "alerts"],
    since: Since = None,
    until: Until = None,
    entity: Annotated[str | None, Query(max_length=200)] = None,
    event_type: EventType = None,
    indicator: Annotated[str | None, Query(max_length=200)] = None,
) -> Any:
    """One flat table (claims, events, readings or alerts) as CSV, streamed. ``entity``
    is a name or an id (as the dashboard's views have it)."""
    from watchfloor.exchange import table_csv_lines

    store = store_of(request)
    if entity is not None and entity.strip().isdigit():
        found = store.get_entity(int(entity)) if found_id(int(entity)) else None
        if found is None:
            raise HTTPException(404, f"no entity {entity}")
        entity = found.name
    lines = table_csv_lines(
        store, table, since=aware(since), until=aware(until), entity=entity,
        event_type=event_type, indicator=indicator,
    )  # fmt: skip
    return _download(lines, "text/csv; charset=utf-8", f"watchfloor-{table}.csv")
