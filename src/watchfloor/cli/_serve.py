"""``watchfloor serve`` (the API and dashboard) and ``watchfloor token`` (API tokens)."""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path
from typing import Any

import click
from rich.table import Table
from rich.text import Text

from watchfloor.cli._common import (
    db_option,
    format_option,
    handle_errors,
    settings_from,
    stderr,
    store_from,
    write_rows,
)
from watchfloor.errors import ConfigError

__all__ = ["serve_command", "token_group"]


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_free(host: str, port: int) -> None:
    """Fail with one line, before any address is printed, when the port is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise ConfigError(
                f"cannot serve on {host}:{port}: {exc.strerror or exc}; "
                "stop what uses it or pass --port"
            ) from exc


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--watchlist",
    type=click.Path(path_type=Path),
    help="Watchlist whose indicators the dashboard shows [env WATCHFLOOR_WATCHLIST].",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    help="Server processes; one per core serves the most readers [env WATCHFLOOR_API_WORKERS].",
)
@handle_errors
def serve_command(
    db: str | None, host: str, port: int, watchlist: Path | None, workers: int | None
) -> None:
    """Serve the REST API (/api, docs at /api/docs) and the dashboard (/) over the store.

    Without any API token the server is open to read, so it listens on loopback only and
    says so; create a token with 'watchfloor token create' to serve other hosts. Ingest
    over the API needs an admin token.
    """
    import uvicorn

    from watchfloor.api import create_app

    settings = settings_from(db=db, watchlist=watchlist, api_workers=workers)
    with store_from(settings, must_exist=False) as store:
        tokens = store.has_tokens()
    if not tokens and not _loopback(host):
        stderr.print(
            f"no API token is configured: serving on 127.0.0.1 only, not {host}. "
            "Create one with 'watchfloor token create NAME' to serve other hosts."
        )
        host = "127.0.0.1"
    elif not tokens:
        stderr.print(
            "no API token is configured: anyone on this machine can read; nobody can ingest"
        )
    _check_free(host, port)
    stderr.print(f"dashboard: http://{host}:{port}/   API docs: http://{host}:{port}/api/docs")
    if settings.api_workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
        return
    # Each worker process builds its app from the environment: hand it these settings.
    for name, value in settings.model_dump(mode="json").items():
        os.environ[f"WATCHFLOOR_{name.upper()}"] = (
            ",".join(value) if isinstance(value, list) else str(value)
        )
    uvicorn.run(
        "watchfloor.api:create_app_from_environment",
        factory=True,
        workers=settings.api_workers,
        host=host,
        port=port,
        log_level="warning",
    )


@click.group("token")
def token_group() -> None:
    """API tokens (stored hashed): read; review to give verdicts; admin to ingest and grade
    sources."""


@token_group.command("create")
@click.argument("name")
@click.option(
    "--scope", type=click.Choice(["read", "review", "admin"]), default="read", show_default=True
)
@db_option
@handle_errors
def token_create(name: str, scope: str, db: str | None) -> None:
    """Create a token and print it once: only its hash is kept."""
    settings = settings_from(db=db)
    with store_from(settings, must_exist=False) as store:
        token_id, token = store.create_token(name, scope)
    stderr.print(f"token #{token_id} ({scope}) for {name}; it is shown only now:")
    click.echo(token)


@token_group.command("list")
@db_option
@format_option
@handle_errors
def token_list(db: str | None, output_format: str) -> None:
    """Tokens by id, name and scope (never the tokens themselves)."""
    settings = settings_from(db=db)
    with store_from(settings) as store:
        rows = store.list_tokens()

    def table(items: list[dict[str, Any]]) -> Table:
        out = Table(title="API tokens", title_justify="left")
        for column in ("id", "name", "scope", "created_at", "revoked_at"):
            out.add_column(column)
        for row in items:
            out.add_row(
                *(
                    Text(str(row[c] or ""))
                    for c in ("id", "name", "scope", "created_at", "revoked_at")
                )
            )
        return out

    write_rows(
        rows,
        output_format=output_format,
        columns=["id", "name", "scope", "created_at", "revoked_at"],
        table=table,
    )


@token_group.command("revoke")
@click.argument("token_id", type=int)
@db_option
@handle_errors
def token_revoke(token_id: int, db: str | None) -> None:
    """Revoke a token: requests with it are refused from now on."""
    settings = settings_from(db=db)
    with store_from(settings) as store:
        store.revoke_token(token_id)
    stderr.print(f"token #{token_id} revoked")
