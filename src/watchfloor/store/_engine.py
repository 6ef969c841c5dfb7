"""One place that knows how to connect to SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError

from watchfloor.errors import ConfigError, MissingDependencyError, StoreNotFoundError

WRITE = "watchfloor_write"
"""Execution option: this connection will write, so SQLite takes the write lock up front."""


def database_url(location: str) -> str:
    """A SQLAlchemy URL for a file path, a ``sqlite:///`` URL or a ``postgresql://`` URL."""
    if location.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + location.split("://", 1)[1]
    if "://" in location:
        return location
    return f"sqlite:///{Path(location).expanduser()}"


@dataclass(frozen=True, slots=True)
class PoolSize:
    """PostgreSQL connections one process keeps (``size``) and may open beyond them under
    load (``overflow``); a caller waits up to ``timeout`` seconds for one, then fails."""

    size: int = 5
    overflow: int = 5
    timeout: float = 30.0


def create_store_engine(location: str, *, must_exist: bool, pool: PoolSize | None = None) -> Engine:
    url_text = database_url(location)
    try:
        url = make_url(url_text)
    except ArgumentError as exc:
        raise ConfigError(f"cannot read database location {location!r}: {exc}") from exc
    backend = url.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url_text, url.database, must_exist=must_exist, pool=pool)
    if backend == "postgresql":
        try:
            import psycopg  # noqa: F401
        except ImportError as exc:
            raise MissingDependencyError("a PostgreSQL store", "postgresql") from exc
        pool = pool or PoolSize()
        return create_engine(
            url,
            pool_pre_ping=True,
            pool_size=pool.size,
            max_overflow=pool.overflow,
            pool_timeout=pool.timeout,
        )
    raise ConfigError(
        f"unsupported database {location!r}: give a file path, sqlite:///PATH or postgresql://..."
    )


def _sqlite_engine(
    url_text: str, database: str | None, *, must_exist: bool, pool: PoolSize | None
) -> Engine:
    if not database or database == ":memory:":
        raise ConfigError("an in-memory SQLite store would lose everything; give a file path")
    path = Path(database)
    if must_exist and not path.exists():
        raise StoreNotFoundError(
            f"no database at {path}: run 'watchfloor ingest' first or pass --db"
        )
    if not path.parent.exists():
        raise ConfigError(f"cannot create database {path}: folder {path.parent} does not exist")
    # A server asks for a pool as large as its worker threads: a connection given back to
    # a full pool is closed, and opening one again (with its PRAGMAs) costs more than most
    # reads. Everyone else keeps SQLAlchemy's default.
    sizes = {} if pool is None else {"pool_size": pool.size, "max_overflow": pool.overflow}
    engine = create_engine(url_text, connect_args={"timeout": 60}, **sizes)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # We issue BEGIN ourselves (see below), so turn off the driver's own transactions.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (
            "PRAGMA journal_mode=WAL",
            "PRAGMA synchronous=NORMAL",
            "PRAGMA foreign_keys=ON",
            "PRAGMA busy_timeout=60000",
        ):
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # A writer takes the lock at BEGIN: upgrading a read lock later can fail at once
        # with "database is locked" instead of waiting for the busy timeout.
        immediate = connection.get_execution_options().get(WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine
