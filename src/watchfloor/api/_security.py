"""Security for every response and request: headers that keep the dashboard's pages from
running anything but their own scripts, a request size limit, and token checks."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["MAX_BODY_BYTES", "BodyLimit", "SecurityHeaders", "admin", "reader"]

MAX_BODY_BYTES = 5_000_000
"""Largest request body accepted (a batch of articles); larger ones get 413."""

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)

_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityHeaders:
    """Adds the security headers to every HTTP response (pure ASGI, so streams work)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + _HEADERS
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyLimit:
    """Refuses request bodies over ``max_bytes`` with 413, by their declared length or, for
    chunked bodies, as they arrive."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await _too_large(send, self.max_bytes)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLargeError
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLargeError:
            await _too_large(send, self.max_bytes)


class _TooLargeError(Exception):
    pass


async def _too_large(send: Send, limit: int) -> None:
    body = f'{{"error": "request body over {limit} bytes"}}'.encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), *_HEADERS],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _token(request: Request, access_token: str | None) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return access_token


def _scope(request: Request, access_token: str | None) -> str | None:
    """The caller's scope: "read" for anyone when no token exists (the server then listens
    on loopback only), else the scope of the token given."""
    store = request.app.state.store
    token = _token(request, access_token)
    if token:
        scope = store.token_scope(token)
        if scope is None:
            raise HTTPException(401, "invalid or revoked token", {"WWW-Authenticate": "Bearer"})
        return str(scope)
    if not store.has_tokens():
        return "open"
    raise HTTPException(
        401,
        "a token is required: send 'Authorization: Bearer TOKEN'",
        {"WWW-Authenticate": "Bearer"},
    )


AccessToken = Annotated[
    str | None,
    Query(
        include_in_schema=False,
        description="Token for clients that cannot send headers (the live alert stream).",
    ),
]


def reader(request: Request, access_token: AccessToken = None) -> str:
    scope = _scope(request, access_token)
    return scope or "read"


def admin(request: Request, access_token: AccessToken = None) -> str:
    scope = _scope(request, access_token)
    if scope != "admin":
        raise HTTPException(
            403,
            "this needs an admin token: create one with 'watchfloor token create NAME "
            "--scope admin'",
        )
    return scope


Reader = Annotated[str, Depends(reader)]
Admin = Annotated[str, Depends(admin)]
