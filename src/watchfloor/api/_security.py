"""Security for every response and request: headers that keep the dashboard's pages from
running anything but their own scripts, a request size limit, and token checks."""

from __future__ import annotations

import ipaddress
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["MAX_BODY_BYTES", "BodyLimit", "SecurityHeaders", "admin", "reader", "reviewer"]

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


def _token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return None


def _loopback_client(request: Request) -> bool:
    host = request.client.host if request.client else ""
    if host in ("testclient", "localhost"):  # starlette's in-process test client
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _scope(request: Request, token: str | None) -> str:
    """The caller's scope: "open" for a loopback client while no token exists, else the
    scope of the token given. Checked on every request, so that revoking the last token
    closes the server to remote readers at once instead of opening it."""
    store = request.app.state.store
    if token:
        scope = store.token_scope(token)
        if scope is None:
            raise HTTPException(401, "invalid or revoked token", {"WWW-Authenticate": "Bearer"})
        return str(scope)
    if not store.has_tokens():
        if _loopback_client(request):
            return "open"
        raise HTTPException(
            401,
            "no API token exists, so this server answers loopback clients only: create one "
            "with 'watchfloor token create NAME' and send 'Authorization: Bearer TOKEN'",
            {"WWW-Authenticate": "Bearer"},
        )
    raise HTTPException(
        401,
        "a token is required: send 'Authorization: Bearer TOKEN'",
        {"WWW-Authenticate": "Bearer"},
    )


AccessToken = Annotated[
    str | None,
    Query(
        include_in_schema=False,
        description="Token for clients that cannot send headers (the live alert stream only).",
    ),
]


def reader(request: Request) -> str:
    """Read access; the token only in the Authorization header (tokens in URLs end up in
    logs)."""
    scope = _scope(request, _token(request))
    return "read" if scope == "open" else scope


def stream_reader(request: Request, access_token: AccessToken = None) -> str:
    """Read access for the live alert stream, whose browser client (EventSource) cannot
    send headers: a token may come as ``?access_token=``, and grants reading only."""
    _scope(request, _token(request) or access_token)
    return "read"


def admin(request: Request) -> str:
    """Admin access: an admin token in the Authorization header, never in the URL."""
    scope = _scope(request, _token(request))
    if scope != "admin":
        raise HTTPException(
            403,
            "this needs an admin token in the Authorization header: create one with "
            "'watchfloor token create NAME --scope admin'",
        )
    return scope


def reviewer(request: Request) -> str:
    """Review access (verdicts on the ledger): a review or admin token in the
    Authorization header, or a loopback client of a server that has no token yet."""
    scope = _scope(request, _token(request))
    if scope not in ("review", "admin", "open"):
        raise HTTPException(
            403,
            "giving verdicts needs a review token: create one with "
            "'watchfloor token create NAME --scope review'",
        )
    return scope


def caller(request: Request) -> str:
    """Who makes a change: the name of the token sent, or the loopback client of a server
    that has no token yet."""
    token = _token(request)
    name = request.app.state.store.token_name(token) if token else None
    return f"token {name}" if name else "loopback client (no token)"


Reader = Annotated[str, Depends(reader)]
Admin = Annotated[str, Depends(admin)]
Reviewer = Annotated[str, Depends(reviewer)]
StreamReader = Annotated[str, Depends(stream_reader)]
