"""``watchfloor db``: the schema's migrations."""

from __future__ import annotations

import click

from watchfloor.cli._common import db_option, handle_errors, settings_from
from watchfloor.store import connect_store
from watchfloor.store.migrations import all_migrations


@click.group("db")
def db_group() -> None:
    """Manage the store's schema."""


@db_group.command("upgrade")
@db_option
@handle_errors
def upgrade_command(db: str | None) -> None:
    """Apply pending migrations (creates the store if missing)."""
    settings = settings_from(db=db)
    with connect_store(settings.db) as store:
        applied = store.migrate()
        if applied:
            click.echo(
                f"applied {len(applied)} migration(s) to {store.location}: {', '.join(applied)}"
            )
        else:
            click.echo(f"{store.location} is up to date")


@db_group.command("status")
@db_option
@handle_errors
def status_command(db: str | None) -> None:
    """Show which migrations are applied and which are pending."""
    settings = settings_from(db=db)
    with connect_store(settings.db, must_exist=True) as store:
        applied = dict(store.applied_migrations())
        for migration in all_migrations():
            when = applied.get(migration.name)
            state = f"applied {when:%Y-%m-%d %H:%M:%S}" if when else "pending"
            click.echo(f"{migration.name}  {state}")
