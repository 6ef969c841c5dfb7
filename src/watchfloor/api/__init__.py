"""The REST API and the dashboard it serves, over the same store as the command line.

Entry function: ``create_app``. ``watchfloor serve`` runs it with uvicorn.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

from anyio import CapacityLimiter, to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from watchfloor.api import _articles, _exports, _indicators, _linking, _review
from watchfloor.api._pages import PageCache
from watchfloor.api._security import MAX_BODY_BYTES, BodyLimit, SecurityHeaders
from watchfloor.settings import Settings, load_settings
from watchfloor.store import Store, open_store
from watchfloor.version import __version__

__all__ = ["MAX_BODY_BYTES", "create_app", "create_app_from_environment"]

log = logging.getLogger(__name__)

_WEB = resources.files("watchfloor.web")


WRITE_THREADS = 2
"""Threads for ingest over the API, apart from the readers' threads: a batch waiting for
the store's write lock never holds up a read."""


def create_app(
    settings: Settings | None = None,
    *,
    store: Store | None = None,
    max_body_bytes: int = MAX_BODY_BYTES,
    poll_seconds: float = 1.0,
) -> FastAPI:
    """The API and dashboard over ``store`` (or the store ``settings.db`` names)."""
    settings = settings or load_settings()
    owned = store is None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Sync endpoints run on anyio's default threads; a few beat many (one runs at a
        # time in Python, and each switch costs): settings.api_threads.
        to_thread.current_default_thread_limiter().total_tokens = settings.api_threads
        # a connection for each reading thread, each writing one and the alert streams
        connections = settings.api_threads + WRITE_THREADS + 1
        app.state.store = (
            store
            if store is not None
            else open_store(settings.db, pool=settings.pool(at_least=connections))
        )
        try:
            yield
        finally:
            if owned:
                app.state.store.close()

    app = FastAPI(
        title="watchfloor",
        version=__version__,
        description="The evidence ledger of conflict reporting: articles, ledgers, "
        "entities, propositions with grades, events, indicators, alerts and sources.",
        lifespan=lifespan,
        docs_url=None,  # served below from bundled files: the CSP allows no CDN
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.settings = settings
    app.state.poll_seconds = poll_seconds
    app.state.writes = CapacityLimiter(WRITE_THREADS)
    app.state.pages = PageCache()
    if store is not None:
        app.state.store = store
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    app.add_middleware(SecurityHeaders)
    for routes in (_articles, _linking, _indicators, _exports, _review):
        app.include_router(routes.router, prefix="/api")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(
            {"error": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        # the documented error shape, with where and what for each problem
        problems = [
            f"{'.'.join(str(p) for p in error.get('loc', ()))}: {error.get('msg', 'invalid')}"
            for error in exc.errors()
        ]
        return JSONResponse({"error": "; ".join(problems) or "invalid request"}, status_code=422)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Logged in full for the operator; the client sees no trace of the internals.
        log.exception("error serving %s %s", request.method, request.url.path)
        return JSONResponse({"error": "internal error; see the server log"}, status_code=500)

    @app.get("/", include_in_schema=False)
    def dashboard() -> Response:
        return _static("index.html")

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        return _static(name)

    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> Response:
        return _static("api-docs.html")

    @app.get("/api/docs/{name}", include_in_schema=False)
    def swagger_ui(name: str) -> Response:
        return _swagger_file(name)

    return app


def create_app_from_environment() -> FastAPI:
    """The app from ``WATCHFLOOR_*`` settings alone: what each of ``watchfloor serve
    --workers N``'s processes runs (uvicorn imports it by name)."""
    return create_app(load_settings())


_TYPES = {
    ".html": "text/html",
    ".js": "text/javascript",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".json": "application/json",
}


_SWAGGER_FILES = {"swagger-ui.css", "swagger-ui-bundle.js"}


def _swagger_file(name: str) -> Response:
    """Swagger UI's own script and style, as the fastapi-offline package ships them."""
    if name not in _SWAGGER_FILES:
        return JSONResponse({"error": "not found"}, status_code=404)
    bundled = resources.files("fastapi_offline").joinpath("static", name)
    media = _TYPES[Path(name).suffix]
    return FileResponse(str(bundled), media_type=f"{media}; charset=utf-8")


def _static(name: str) -> Response:
    """A bundled dashboard file; nothing outside the package's own files is served."""
    if "/" in name or "\\" in name or name.startswith("."):
        return JSONResponse({"error": "not found"}, status_code=404)
    resource = _WEB.joinpath(name)
    if not resource.is_file():
        return JSONResponse({"error": "not found"}, status_code=404)
    media = _TYPES.get(Path(name).suffix, "application/octet-stream")
    return FileResponse(str(resource), media_type=f"{media}; charset=utf-8")
