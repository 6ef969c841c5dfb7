"""The store's foundation: the engine, its transactions, and the errors they raise."""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from types import TracebackType
from typing import Any, Self, TypeVar

from sqlalchemy import Connection, Engine, Table
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.exc import DBAPIError, OperationalError

from watchfloor.errors import StoreConflictError, StoreError
from watchfloor.store._engine import WRITE

T = TypeVar("T")


class StoreBase:
    """The connection to the database and the transactions every room of the store
    writes and reads in: each write is one transaction, retried when it lost a race."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self._watcher: sqlite3.Connection | None = None
        self._watcher_lock = threading.Lock()
        self._watched_version = -1
        self._marks: dict[str, int] | None = None

    # -- life cycle ---------------------------------------------------------------

    @property
    def location(self) -> str:
        """Where the store is, with any password hidden."""
        url = self.engine.url
        if self.dialect == "sqlite":
            return str(url.database)
        return url.render_as_string(hide_password=True).replace("+psycopg", "")

    @property
    def location_url(self) -> str:
        """Where the store is, in full (password included): for worker processes."""
        if self.dialect == "sqlite":
            return str(self.engine.url.database)
        return self.engine.url.render_as_string(hide_password=False)

    def close(self) -> None:
        with self._watcher_lock:
            if self._watcher is not None:
                self._watcher.close()
                self._watcher = None
        self.engine.dispose()

    def change_marks(self) -> dict[str, int] | None:
        """Counters that move whenever a kind of data changes ("articles": ingest;
        "ledger": extraction, linking, entities, events), kept by triggers in the writing
        transaction (migration 0013). Read in microseconds: SQLite's ``data_version`` on
        a connection of this store's own, which never writes, says whether anyone has
        committed since the last read. None for PostgreSQL, which has no such cheap mark;
        callers then keep nothing."""
        if self.dialect != "sqlite":
            return None
        with self._watcher_lock:
            try:
                if self._watcher is None:
                    self._watcher = sqlite3.connect(
                        str(self.engine.url.database), check_same_thread=False
                    )
                version = int(self._watcher.execute("PRAGMA data_version").fetchone()[0])
                if version != self._watched_version or self._marks is None:
                    rows = self._watcher.execute("SELECT kind, mark FROM change_marks")
                    self._marks = {str(kind): int(mark) for kind, mark in rows}
                    self._watched_version = version
            except sqlite3.Error:
                return None
            return dict(self._marks)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as connection:
                connection.execution_options(**{WRITE: True})
                with connection.begin():
                    yield connection
        except OperationalError as exc:
            if _transient(exc):
                raise StoreConflictError(
                    f"write to {self.location} lost a race with another process: {_reason(exc)}"
                ) from exc
            raise StoreError(f"cannot write to {self.location}: {_reason(exc)}") from exc

    def retrying(self, write: Callable[[], T], *, attempts: int = 6) -> T:
        """Run a write again when it lost a race with another process (PostgreSQL aborts
        one of two deadlocked transactions; the other goes through)."""
        for attempt in range(1, attempts + 1):
            try:
                return write()
            except StoreConflictError:
                if attempt == attempts:
                    raise
                time.sleep(random.uniform(0.05, 0.2) * attempt)
        raise AssertionError("unreachable")

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as connection:
                yield connection
        except OperationalError as exc:
            raise StoreError(f"cannot read {self.location}: {_reason(exc)}") from exc

    def _insert(self, table: Table) -> sqlite_dialect.Insert | pg_dialect.Insert:
        """INSERT with this backend's ON CONFLICT clauses."""
        if self.dialect == "sqlite":
            return sqlite_dialect.insert(table)
        return pg_dialect.insert(table)


def _transient(exc: BaseException) -> bool:
    """Deadlock (40P01) or serialisation failure (40001): the transaction can be retried."""
    return getattr(getattr(exc, "orig", None), "sqlstate", None) in ("40P01", "40001")


def _as_datetime(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _reason(exc: BaseException) -> str:
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        return str(exc.orig).strip().splitlines()[0]
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
