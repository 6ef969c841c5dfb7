"""Answers kept while the store is unchanged: the dashboard's readers ask for the same
pages again and again, and an answer is the same until someone commits. The key is the
request's path and query with the marks of the kinds of data the page shows
(``Store.change_marks``), so an answer is never stale; access is checked before the cache
is asked."""

from __future__ import annotations

import functools
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from fastapi import Request, Response
from pydantic import BaseModel

from watchfloor.types import to_jsonable

__all__ = ["PageCache", "kept"]

Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])


class PageCache:
    """At most ``entries`` JSON answers of at most ``largest`` bytes each and ``budget``
    bytes in all, least recently used out first."""

    def __init__(
        self, entries: int = 256, largest: int = 2_000_000, budget: int = 64_000_000
    ) -> None:
        self.entries = entries
        self.largest = largest
        self.budget = budget
        self._kept: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def answer(self, key: tuple[Any, ...] | None, build: Callable[[], Any]) -> Any:
        if key is None:  # the store gives no change marks: nothing is kept
            return build()
        with self._lock:
            body = self._kept.get(key)
            if body is not None:
                self._kept.move_to_end(key)
        if body is None:
            built = build()
            if isinstance(built, Response):
                return built
            if isinstance(built, BaseModel):  # a view: serialised as its schema says
                body = built.model_dump_json().encode()
            else:
                body = json.dumps(
                    built, ensure_ascii=False, separators=(",", ":"), default=_plain
                ).encode()
            if len(body) <= self.largest:
                with self._lock:
                    replaced = self._kept.pop(key, None)
                    self._size -= len(replaced) if replaced is not None else 0
                    self._kept[key] = body
                    self._size += len(body)
                    while self._kept and (
                        len(self._kept) > self.entries or self._size > self.budget
                    ):
                        self._size -= len(self._kept.popitem(last=False)[1])
        return Response(body, media_type="application/json")


def _plain(value: Any) -> Any:
    shown = to_jsonable(value)  # datetimes, enums and ledger types inside an answer
    if shown is value:
        raise TypeError(f"cannot show {type(value).__name__} as JSON")
    return shown


def _registry_mark(request: Request) -> int:
    path: Path | None = request.app.state.settings.sources
    try:
        return path.stat().st_mtime_ns if path is not None else 0
    except OSError:
        return 0


def kept(*kinds: str) -> Callable[[Endpoint], Endpoint]:
    """Keep a read endpoint's answers in the app's page cache while the ``kinds`` of data
    it shows are unchanged (``Store.change_marks``). The endpoint takes ``request`` and
    returns plain JSON values; its dependencies, access included, run before it."""

    def keep(endpoint: Endpoint) -> Endpoint:
        @functools.wraps(endpoint)
        def answer(*args: Any, **kwargs: Any) -> Any:
            request: Request = kwargs["request"]
            marks = request.app.state.store.change_marks()
            key = None
            if marks is not None:
                # the source registry is a file: its grades change without a commit
                shown = tuple(marks.get(kind) for kind in kinds)
                key = (request.url.path, str(request.url.query), shown, _registry_mark(request))
            cache: PageCache = request.app.state.pages
            return cache.answer(key, lambda: endpoint(*args, **kwargs))

        return answer  # type: ignore[return-value]

    return keep
