"""The store's schema version: migrations applied in order, and a little named state."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError

from watchfloor.errors import MigrationError, StoreError
from watchfloor.store._base import StoreBase, _as_datetime, _reason
from watchfloor.store._schema import store_state
from watchfloor.store.migrations import all_migrations

_MIGRATION_LOCK = 7_400_001
"""PostgreSQL advisory lock taken while migrating, so that concurrent starts queue up."""


class Migrations(StoreBase):
    """Migrations and named state."""

    # -- migrations ---------------------------------------------------------------

    def applied_migrations(self) -> list[tuple[str, datetime]]:
        """Names of the migrations applied to this store, with when, oldest first."""
        with self._read() as connection:
            if not self.engine.dialect.has_table(connection, "schema_migrations"):
                return []
            rows = connection.execute(
                text("SELECT name, applied_at FROM schema_migrations ORDER BY name")
            ).all()
        return [(name, _as_datetime(applied)) for name, applied in rows]

    def pending_migrations(self) -> list[str]:
        applied = {name for name, _ in self.applied_migrations()}
        return [m.name for m in all_migrations() if m.name not in applied]

    def migrate(self) -> list[str]:
        """Apply pending migrations, each in one transaction; return the names applied."""
        done: list[str] = []
        with self._write() as connection:
            connection.execute(
                text(
                    "CREATE TABLE IF NOT EXISTS schema_migrations "
                    "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
                )
            )
        for migration in all_migrations():
            try:
                with self._write() as connection:
                    if self.dialect == "postgresql":
                        connection.execute(text(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})"))
                    applied = connection.execute(
                        text("SELECT 1 FROM schema_migrations WHERE name = :name"),
                        {"name": migration.name},
                    ).first()
                    if applied:
                        continue
                    for statement in migration.statements(self.dialect):
                        connection.exec_driver_sql(statement)
                    connection.execute(
                        text("INSERT INTO schema_migrations (name, applied_at) VALUES (:n, :t)"),
                        {"n": migration.name, "t": datetime.now(UTC).isoformat()},
                    )
            except (SQLAlchemyError, StoreError) as exc:
                raise MigrationError(
                    f"migration {migration.name} failed on {self.location} and was rolled back: "
                    f"{_reason(exc)}"
                ) from exc
            done.append(migration.name)
        return done

    # -- state --------------------------------------------------------------------

    def get_state(self, name: str) -> str | None:
        with self._read() as connection:
            return connection.execute(
                select(store_state.c.value).where(store_state.c.name == name)
            ).scalar_one_or_none()

    def set_state(self, name: str, value: str) -> None:
        statement = self._insert(store_state).values(name=name, value=value)
        with self._write() as connection:
            connection.execute(
                statement.on_conflict_do_update(
                    index_elements=[store_state.c.name], set_={"value": value}
                )
            )
