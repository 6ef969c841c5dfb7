"""What every route module shares: the error model, the parameters of lists and dates,
and the store of the running app."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel

from watchfloor.store import Store


class Error(BaseModel):
    """What every error answers: one line saying what is wrong."""

    error: str


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
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


def new_router() -> APIRouter:
    """A router whose routes all document the errors any route can answer."""
    return APIRouter(responses=responses(401, 413, 422, 500))


NOT_FOUND = responses(404)

Limit = Annotated[int, Query(ge=1, le=500, description="How many items to return.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="How many items to skip.")]
Since = Annotated[datetime | None, Query(description="On or after this time (ISO 8601).")]
Until = Annotated[datetime | None, Query(description="On or before this time (ISO 8601).")]
EventType = Annotated[
    str | None, Query(alias="type", max_length=20, description="A PLOVER event type.")
]


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def aware(moment: datetime | None) -> datetime | None:
    """A time from a query, in UTC when it names no zone."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def found_id(value: int) -> bool:
    """Whether an id from a path can name a stored item (ids are at most 2**53)."""
    return 0 < value < 2**53
