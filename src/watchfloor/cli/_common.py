"""What every command shares: the store option, output formats, error handling."""

from __future__ import annotations

import csv
import functools
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TextIO, TypeVar

import click
from rich.console import Console

from watchfloor.errors import ConfigError, WatchfloorError
from watchfloor.settings import Settings, load_settings
from watchfloor.store import Store, open_store
from watchfloor.types import StoredEntity

F = TypeVar("F", bound=Callable[..., Any])

FORMATS = ("table", "json", "jsonl", "csv")

stderr = Console(stderr=True, highlight=False)


def db_option(function: F) -> F:
    return click.option(
        "--db",
        metavar="LOCATION",
        help="SQLite file or postgresql:// URL [env WATCHFLOOR_DB; default ./watchfloor.db].",
    )(function)


def quiet_option(function: F) -> F:
    return click.option("-q", "--quiet", is_flag=True, help="Show no progress or summary.")(
        function
    )


def format_option(function: F) -> F:
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="Output format.",
    )(function)


def handle_errors(function: F) -> F:
    """Turn watchfloor errors into one line on stderr and an exit status (2: usage)."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except ConfigError as exc:
            stderr.print(f"[bold red]Error:[/] {exc}", markup=True, soft_wrap=True)
            sys.exit(2)
        except WatchfloorError as exc:
            stderr.print(f"[bold red]Error:[/] {exc}", markup=True, soft_wrap=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def who() -> str:
    """Who changes the store from this command line (logged with registry changes and
    verdicts)."""
    import getpass

    try:
        return f"cli {getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def settings_from(**overrides: Any) -> Settings:
    return load_settings(**overrides)


def store_from(settings: Settings, *, must_exist: bool = True) -> Store:
    return open_store(settings.db, must_exist=must_exist, pool=settings.pool())


def write_rows(
    rows: Iterable[dict[str, Any]],
    *,
    output_format: str,
    columns: Sequence[str],
    table: Callable[[list[dict[str, Any]]], Any],
) -> None:
    """Write dict rows to stdout as JSON, JSON Lines, CSV or a rich table."""
    out: TextIO = sys.stdout
    if output_format == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif output_format == "json":
        out.write(json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n")
    elif output_format == "csv":
        writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _csv_value(row.get(k)) for k in columns})
    else:
        console = Console(highlight=False)
        if not console.is_terminal:
            console = Console(highlight=False, width=160)  # piped: do not squeeze to 80 columns
        console.print(table(list(rows)))


def _csv_value(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def resolve_entity(store: Store, given: str) -> StoredEntity:
    """The entity an option names: its id, or a name or alias (one entity, or the one
    whose name is exactly that); anything else is a usage error saying what to do."""
    if given.strip().isdigit():
        found = store.get_entity(int(given)) if int(given) < 2**53 else None
        require(found is not None, f"no entity #{given}: see 'watchfloor entities'")
        assert found is not None
        return found
    candidates = store.list_entities(name=given.strip(), limit=20)
    exact = [e for e in candidates if e.name.casefold() == given.strip().casefold()]
    if len(candidates) == 1 or len(exact) == 1:
        return exact[0] if exact else candidates[0]
    require(bool(candidates), f"no entity named {given!r}: see 'watchfloor entities'")
    names = ", ".join(f"{e.name} (#{e.id})" for e in candidates[:5])
    raise ConfigError(f"{given!r} names several entities: {names}; give an id")


def require(condition: bool, message: str) -> None:
    if not condition:
        raise ConfigError(message)
