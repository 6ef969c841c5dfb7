"""The store: articles and everything derived from them, on SQLite or PostgreSQL."""

from __future__ import annotations

import functools
import hashlib
import os
import random
import re
import secrets
import socket
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any, TypeVar

from sqlalchemy import (
    Connection,
    Engine,
    Row,
    Table,
    TextClause,
    case,
    func,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError

from watchfloor.errors import (
    ConfigError,
    MigrationError,
    SearchTooLargeError,
    StoreConflictError,
    StoreError,
)
from watchfloor.store._engine import WRITE, PoolSize, create_store_engine
from watchfloor.store._linking import (
    LinkSession,
    claims_of,
    contradictions_of,
    entities_by_id,
    entity_article_counts,
    merged_into,
    proposition_from_row,
    stored_contradiction,
    unlinked_article_ids,
)
from watchfloor.store._schema import (
    alert_deliveries,
    alerts,
    api_tokens,
    article_bands,
    article_fingerprints,
    articles,
    contradictions,
    entities,
    entity_aliases,
    entity_links,
    events,
    extraction_claims,
    extraction_failures,
    indicator_readings,
    ingest_runs,
    ledgers,
    proposition_blocks,
    proposition_claims,
    propositions,
    rejections,
    store_state,
)
from watchfloor.store.migrations import all_migrations
from watchfloor.types import (
    Alert,
    Article,
    DuplicateKind,
    EventStatus,
    IngestReport,
    Reading,
    Rejection,
    SearchHit,
    StoredContradiction,
    StoredEntity,
    StoredEvent,
    StoredProposition,
    StoredRejection,
)

T = TypeVar("T")

_MIGRATION_LOCK = 7_400_001
"""PostgreSQL advisory lock taken while migrating, so that concurrent starts queue up."""
MAX_SEARCH_TERMS = 32
"""Terms a search may have: snippet and ranking work grows with the square of the terms
(250 one-letter terms took a minute of CPU)."""
INGEST_LOCK = 7_400_003
"""PostgreSQL advisory lock held while an article's duplicate check and write happen, so
that two ingests of one text never both store it as an original (SQLite's writers hold
the database lock from BEGIN IMMEDIATE)."""


CLAIM_LAPSE = timedelta(minutes=30)
"""How long a claim on a pending article holds when its holder cannot be checked (another
host): longer than any one article takes to annotate."""


def claim_holder() -> str:
    """This process as a claim holder: host, process id and a nonce (a reused pid is not
    the same holder)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def holder_is_gone(holder: str) -> bool:
    """Whether a holder's process has ended: only knowable on this host."""
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


@dataclass(frozen=True, slots=True)
class PendingArticle:
    """An article read and fingerprinted, waiting for the duplicate decision and the write.
    ``nearest`` picks (article id, similarity) among near-duplicate candidates, or None."""

    article: Article
    content_hash: str
    minhash: bytes
    bands: tuple[tuple[int, int], ...]
    nearest: Callable[[Sequence[tuple[int, bytes]]], tuple[int, float] | None]


_DUPLICATE_IDS = select(articles.c.id).where(articles.c.duplicate_of.is_not(None))
"""Articles recorded as repeats of another: their events are never new evidence."""


class Store:
    """Articles and their fingerprints, rejections and runs, in one database.

    Every method that writes does so in one transaction: an article is fully stored or
    absent, whatever happens to the process.
    """

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

    def __enter__(self) -> Store:
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

    # -- ingest runs --------------------------------------------------------------

    def start_run(self, sources: Sequence[str]) -> int:
        """Record the start of an ingest run; runs left 'running' by a crash become
        'interrupted'."""
        with self._write() as connection:
            stopped = connection.execute(
                select(ingest_runs.c.id).where(ingest_runs.c.status == "running")
            ).scalars()
            for run_id in [int(i) for i in stopped]:
                # what the run stored is in the tables: report that, not zeros
                connection.execute(
                    update(ingest_runs)
                    .where(ingest_runs.c.id == run_id)
                    .values(status="interrupted", **_stored_by(connection, run_id))
                )
            return int(
                connection.execute(
                    ingest_runs.insert()
                    .values(
                        started_at=datetime.now(UTC),
                        status="running",
                        sources=list(sources),
                        ingested=0,
                        exact_duplicates=0,
                        near_duplicates=0,
                        rejected=0,
                        unchanged=0,
                    )
                    .returning(ingest_runs.c.id)
                ).scalar_one()
            )

    def finish_run(self, run_id: int, report: IngestReport) -> None:
        with self._write() as connection:
            connection.execute(
                update(ingest_runs)
                .where(ingest_runs.c.id == run_id)
                .values(
                    finished_at=datetime.now(UTC),
                    status="finished",
                    ingested=report.ingested,
                    exact_duplicates=report.exact_duplicates,
                    near_duplicates=report.near_duplicates,
                    rejected=report.rejected,
                    unchanged=report.unchanged,
                )
            )

    # -- writing articles ---------------------------------------------------------

    def add_deduplicated_batch(
        self, batch: Sequence[PendingArticle], *, run_id: int | None = None
    ) -> list[Article | None]:
        """Decide whether each article copies a stored one (or an earlier one of the batch)
        and write it, in one write transaction under the ingest lock: two processes
        ingesting the same text never both store it as an original, and a commit per
        article cost more than the article. Returns each stored article (with its
        duplicate kind), or None where that very item is already stored. All are stored,
        or (on an error) none."""
        stored: list[Article | None] = []
        with self._write() as connection:
            if self.dialect == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": INGEST_LOCK})
            for item in batch:
                stored.append(self._decide_and_write(connection, item, run_id=run_id))
        return stored

    def _decide_and_write(
        self, connection: Connection, item: PendingArticle, *, run_id: int | None
    ) -> Article | None:
        article = item.article
        original, already_stored = _same_text(connection, article.item_key, item.content_hash)
        if already_stored:
            return None
        if original is not None:
            article = replace(
                article, duplicate_of=original, duplicate_kind=DuplicateKind.EXACT, similarity=1.0
            )
        else:
            found = item.nearest(_near_candidates(connection, item.bands))
            if found is not None:
                article = replace(
                    article,
                    duplicate_of=found[0],
                    duplicate_kind=DuplicateKind.NEAR,
                    similarity=round(found[1], 4),
                )
        return self._write_article(
            connection,
            article,
            content_hash=item.content_hash,
            minhash=item.minhash,
            bands=item.bands,
            run_id=run_id,
        )

    def add_article(
        self,
        article: Article,
        *,
        content_hash: str,
        minhash: bytes,
        bands: Sequence[tuple[int, int]],
        run_id: int | None = None,
    ) -> Article | None:
        """Write the article, its fingerprint and (for originals) its LSH bands in one
        transaction. Returns it with its id, or None if the same item is already stored."""
        with self._write() as connection:
            return self._write_article(
                connection,
                article,
                content_hash=content_hash,
                minhash=minhash,
                bands=bands,
                run_id=run_id,
            )

    def _write_article(
        self,
        connection: Connection,
        article: Article,
        *,
        content_hash: str,
        minhash: bytes,
        bands: Sequence[tuple[int, int]],
        run_id: int | None,
    ) -> Article | None:
        now = datetime.now(UTC)
        values: dict[str, Any] = {
            "item_key": article.item_key,
            "content_hash": content_hash,
            "origin": article.origin,
            "record": article.record,
            "title": article.title,
            "url": article.url,
            "outlet": article.outlet,
            "author": article.author,
            "published": article.published,
            "language": article.language,
            "extra": dict(article.extra),
            "text": article.text,
            "chars": len(article.text),
            "ingested_at": now,
            "duplicate_of": article.duplicate_of,
            "duplicate_kind": article.duplicate_kind.value if article.duplicate_kind else None,
            "similarity": article.similarity,
            "run_id": run_id,
        }
        article_id = connection.execute(self._article_insert, values).scalar_one_or_none()
        if article_id is None:
            return None
        connection.execute(
            article_fingerprints.insert(), {"article_id": article_id, "minhash": minhash}
        )
        if bands and article.duplicate_of is None:
            connection.execute(
                article_bands.insert(),
                [{"band": b, "band_key": k, "article_id": article_id} for b, k in bands],
            )
        return replace(article, id=int(article_id), ingested_at=now, content_hash=content_hash)

    @functools.cached_property
    def _article_insert(self) -> Any:
        """The article INSERT, built once: building it with ``.values()`` for each article
        cost more than running it."""
        return (
            self._insert(articles)
            .on_conflict_do_nothing(index_elements=[articles.c.item_key, articles.c.content_hash])
            .returning(articles.c.id)
        )

    def rebuild_bands(self, compute: Callable[[bytes], Sequence[tuple[int, int]]]) -> int:
        """Replace every original's LSH bands with ``compute(minhash)``; one transaction.

        Needed when the near-duplicate threshold changes. Returns the articles re-indexed.
        """
        with self._write() as connection:
            connection.execute(article_bands.delete())
            rows = connection.execute(
                select(article_fingerprints.c.article_id, article_fingerprints.c.minhash)
                .join(articles, articles.c.id == article_fingerprints.c.article_id)
                .where(articles.c.duplicate_of.is_(None))
            ).all()
            for article_id, minhash in rows:
                connection.execute(
                    article_bands.insert(),
                    [
                        {"band": b, "band_key": k, "article_id": article_id}
                        for b, k in compute(bytes(minhash))
                    ],
                )
        return len(rows)

    def record_rejection(self, rejection: Rejection, *, run_id: int | None = None) -> None:
        """Store a rejected item; the same item rejected again for the same reason is
        counted, not duplicated."""
        now = datetime.now(UTC)
        statement = self._insert(rejections).values(
            item=rejection.item,
            reason=rejection.reason.value,
            detail=rejection.detail,
            first_seen=now,
            last_seen=now,
            times=1,
            run_id=run_id,
        )
        with self._write() as connection:
            connection.execute(
                statement.on_conflict_do_update(
                    index_elements=[rejections.c.item, rejections.c.reason],
                    set_={
                        "detail": rejection.detail,
                        "last_seen": now,
                        "times": rejections.c.times + 1,
                        "run_id": run_id,
                    },
                )
            )

    # -- ledgers --------------------------------------------------------------------

    @staticmethod
    def _pending(columns: list[Any], *, retry_failed: bool, language: str | bool | None) -> Any:
        """SELECT ``columns`` of articles without a ledger (and, unless ``retry_failed``,
        without a recorded failure), optionally of one ``language`` (None: undetected)."""
        query = select(*columns).where(articles.c.id.not_in(select(ledgers.c.article_id)))
        if not retry_failed:
            query = query.where(articles.c.id.not_in(select(extraction_failures.c.article_id)))
        if language is None:
            query = query.where(articles.c.language.is_(None))
        elif isinstance(language, str):
            query = query.where(articles.c.language == language)
        return query

    def pending_languages(self, *, retry_failed: bool = False) -> list[str | None]:
        """Languages of the articles that ``pending_extraction`` would yield."""
        query = self._pending([articles.c.language], retry_failed=retry_failed, language=False)
        with self._read() as connection:
            return [row[0] for row in connection.execute(query.distinct())]

    def count_pending_extraction(self, *, retry_failed: bool = False) -> int:
        query = self._pending([func.count()], retry_failed=retry_failed, language=False)
        with self._read() as connection:
            return int(connection.execute(query).scalar_one())

    def pending_extraction(
        self,
        *,
        retry_failed: bool = False,
        limit: int | None = None,
        language: str | bool | None = False,
    ) -> Iterator[Article]:
        """Stored articles without a ledger, oldest first; see ``_pending``. Streamed."""
        query = self._pending([articles], retry_failed=retry_failed, language=language)
        query = query.order_by(articles.c.id)
        if limit is not None:
            query = query.limit(limit)
        with self._read() as connection:
            for row in connection.execution_options(yield_per=100).execute(query):
                yield _article(row)

    def claim_pending(
        self,
        holder: str,
        *,
        limit: int,
        retry_failed: bool = False,
        language: str | bool | None = False,
        exclude: Sequence[int] = (),
        lapse_after: timedelta = CLAIM_LAPSE,
    ) -> list[Article]:
        """Claim up to ``limit`` pending articles for ``holder`` (see ``claim_holder``) and
        return them, oldest first. Articles another live holder claimed are skipped; a
        claim lapses when its holder's process is gone (same host) or after
        ``lapse_after``. Atomic per article on both backends: two processes never get the
        same article."""
        now = datetime.now(UTC)
        cutoff = now - lapse_after
        with self._write() as connection:
            dead = [
                h
                for h in connection.execute(select(extraction_claims.c.holder).distinct()).scalars()
                if holder_is_gone(h)
            ]
            if dead:
                connection.execute(
                    extraction_claims.delete().where(extraction_claims.c.holder.in_(dead))
                )
            live = select(extraction_claims.c.article_id).where(
                extraction_claims.c.claimed_at >= cutoff
            )
            query = self._pending([articles.c.id], retry_failed=retry_failed, language=language)
            query = query.where(articles.c.id.not_in(live))
            if exclude:
                query = query.where(articles.c.id.not_in(list(exclude)))
            candidates = connection.execute(
                query.order_by(articles.c.id).limit(limit * 4)
            ).scalars()
            claimed: list[int] = []
            for article_id in candidates:
                statement = (
                    self._insert(extraction_claims)
                    .values(article_id=article_id, holder=holder, claimed_at=now)
                    .on_conflict_do_update(
                        index_elements=[extraction_claims.c.article_id],
                        set_={"holder": holder, "claimed_at": now},
                        where=extraction_claims.c.claimed_at < cutoff,
                    )
                    .returning(extraction_claims.c.article_id)
                )
                if connection.execute(statement).first() is not None:
                    claimed.append(int(article_id))
                if len(claimed) >= limit:
                    break
            rows = connection.execute(
                select(articles).where(articles.c.id.in_(claimed)).order_by(articles.c.id)
            ).all()
        return [_article(row) for row in rows]

    def release_claims(self, holder: str) -> None:
        """Drop every claim of ``holder`` (a run ending, done or not)."""
        with self._write() as connection:
            connection.execute(
                extraction_claims.delete().where(extraction_claims.c.holder == holder)
            )

    def save_ledger(
        self,
        article_id: int,
        *,
        language: str,
        extractor: str,
        ledger: dict[str, Any],
        event_rows: Sequence[dict[str, Any]] = (),
    ) -> None:
        """Store an article's ledger and its event rows (replacing any earlier ones) and
        clear its failure, in one transaction."""
        values = {
            "article_id": article_id,
            "language": language,
            "extractor": extractor,
            "ledger": ledger,
            "claims": len(ledger.get("claims", [])),
            "extracted_at": datetime.now(UTC),
        }
        statement = self._insert(ledgers).values(values)

        def write() -> None:
            with self._write() as connection:
                connection.execute(
                    statement.on_conflict_do_update(
                        index_elements=[ledgers.c.article_id],
                        set_={k: v for k, v in values.items() if k != "article_id"},
                    )
                )
                connection.execute(events.delete().where(events.c.article_id == article_id))
                if rows := [{**row, "article_id": article_id} for row in event_rows]:
                    connection.execute(events.insert(), rows)
                connection.execute(
                    extraction_failures.delete().where(
                        extraction_failures.c.article_id == article_id
                    )
                )

        self.retrying(write)

    def record_extraction_failure(self, article_id: int, reason: str) -> None:
        now = datetime.now(UTC)
        statement = self._insert(extraction_failures).values(
            article_id=article_id, reason=reason, failed_at=now, attempts=1
        )
        with self._write() as connection:
            connection.execute(
                statement.on_conflict_do_update(
                    index_elements=[extraction_failures.c.article_id],
                    set_={
                        "reason": reason,
                        "failed_at": now,
                        "attempts": extraction_failures.c.attempts + 1,
                    },
                )
            )

    def get_ledger(self, article_id: int) -> dict[str, Any] | None:
        with self._read() as connection:
            value = connection.execute(
                select(ledgers.c.ledger).where(ledgers.c.article_id == article_id)
            ).scalar_one_or_none()
        return dict(value) if value is not None else None

    def count_ledgers(self) -> int:
        with self._read() as connection:
            return int(connection.execute(select(func.count()).select_from(ledgers)).scalar_one())

    def extraction_failures(self) -> list[tuple[int, str, int]]:
        with self._read() as connection:
            rows = connection.execute(
                select(
                    extraction_failures.c.article_id,
                    extraction_failures.c.reason,
                    extraction_failures.c.attempts,
                ).order_by(extraction_failures.c.article_id)
            ).all()
        return [(int(a), str(r), int(n)) for a, r, n in rows]

    # -- events, readings and alerts ----------------------------------------------

    def events_between(
        self,
        start: datetime,
        end: datetime,
        *,
        types: Sequence[str] = (),
        newest: int | None = None,
    ) -> list[StoredEvent]:
        """Events that occurred in [start, end], optionally of some PLOVER types; oldest
        first, or only the ``newest`` N, newest first. Events of duplicate articles (exact
        or near) are left out: a repeat is never new evidence."""
        query = select(events).where(
            events.c.occurred_at >= start,
            events.c.occurred_at <= end,
            events.c.article_id.not_in(_DUPLICATE_IDS),
        )
        if types:
            query = query.where(events.c.type.in_(list(types)))
        if newest is None:
            query = query.order_by(events.c.occurred_at, events.c.id)
        else:
            query = query.order_by(events.c.occurred_at.desc(), events.c.id.desc()).limit(newest)
        with self._read() as connection:
            rows = connection.execute(query).all()
        return [_stored_event(row) for row in rows]

    def data_clock(self) -> datetime | None:
        """The latest time an event of a dated, original article occurred: the clock
        indicators read by. An article without a publication date (its events dated by
        when it was ingested) or a duplicate never moves it; when no article is dated,
        the undated originals give it."""
        latest = func.max(events.c.occurred_at)
        originals = events.c.article_id.not_in(_DUPLICATE_IDS)
        dated = events.c.article_id.in_(
            select(articles.c.id).where(articles.c.published.is_not(None))
        )
        with self._read() as connection:
            value: datetime | None = connection.execute(
                select(latest).where(originals, dated)
            ).scalar_one_or_none()
            if value is None:
                value = connection.execute(select(latest).where(originals)).scalar_one_or_none()
        return value

    def readings(self, indicator: str, *, limit: int | None = None) -> list[Reading]:
        """An indicator's readings, oldest first (the last ``limit`` when given)."""
        query = select(indicator_readings).where(indicator_readings.c.indicator == indicator)
        query = query.order_by(indicator_readings.c.id.desc())
        if limit is not None:
            query = query.limit(limit)
        with self._read() as connection:
            rows = connection.execute(query).all()
        return [_reading(row) for row in reversed(rows)]

    def indicator_names(self) -> list[str]:
        """Indicators that have stored readings, by name."""
        with self._read() as connection:
            return [
                str(n)
                for n in connection.execute(
                    select(indicator_readings.c.indicator)
                    .distinct()
                    .order_by(indicator_readings.c.indicator)
                ).scalars()
            ]

    def last_alert(self, indicator: str) -> Alert | None:
        query = (
            select(alerts)
            .where(alerts.c.indicator == indicator)
            .order_by(alerts.c.id.desc())
            .limit(1)
        )
        with self._read() as connection:
            row = connection.execute(query).first()
        return _alert(row) if row is not None else None

    def add_reading(self, reading: Reading, alert: Alert | None = None) -> Reading:
        """Store a reading and the alert it raised, together: both or neither."""
        now = datetime.now(UTC)
        with self._write() as connection:
            reading_id = connection.execute(
                indicator_readings.insert()
                .values(
                    indicator=reading.indicator,
                    as_of=reading.as_of,
                    evaluated_at=now,
                    value=reading.value,
                    approximate=reading.approximate,
                    level=reading.level,
                    events=reading.events,
                    evidence=list(reading.evidence),
                )
                .returning(indicator_readings.c.id)
            ).scalar_one()
            if alert is not None:
                connection.execute(
                    alerts.insert().values(
                        indicator=alert.indicator,
                        reading_id=reading_id,
                        level=alert.level,
                        previous_level=alert.previous_level,
                        direction=alert.direction,
                        value=alert.value,
                        previous_value=alert.previous_value,
                        as_of=alert.as_of,
                        created_at=now,
                        evidence=list(alert.evidence),
                    )
                )
        return replace(reading, id=int(reading_id), evaluated_at=now)

    def alerts(
        self,
        *,
        indicator: str | None = None,
        limit: int | None = None,
        after: int | None = None,
        offset: int = 0,
        level: str | None = None,
    ) -> list[Alert]:
        """Alerts, newest first; ``after`` keeps those with a larger id (a live feed)."""
        query = select(alerts).order_by(alerts.c.id.desc()).offset(offset)
        if indicator is not None:
            query = query.where(alerts.c.indicator == indicator)
        if after is not None:
            query = query.where(alerts.c.id > after)
        if level is not None:
            query = query.where(alerts.c.level == level)
        if limit is not None:
            query = query.limit(limit)
        with self._read() as connection:
            return [_alert(row) for row in connection.execute(query).all()]

    def undelivered(self, notifier: str) -> list[Alert]:
        """Alerts not yet delivered to ``notifier``, oldest first."""
        delivered = select(alert_deliveries.c.alert_id).where(
            alert_deliveries.c.notifier == notifier,
            alert_deliveries.c.delivered_at.is_not(None),
        )
        query = select(alerts).where(alerts.c.id.not_in(delivered)).order_by(alerts.c.id)
        with self._read() as connection:
            return [_alert(row) for row in connection.execute(query).all()]

    def record_delivery(self, alert_id: int, notifier: str, *, error: str | None) -> None:
        now = datetime.now(UTC)
        values = {
            "alert_id": alert_id,
            "notifier": notifier,
            "delivered_at": None if error else now,
            "attempts": 1,
            "error": error,
        }
        statement = self._insert(alert_deliveries).values(values)
        with self._write() as connection:
            connection.execute(
                statement.on_conflict_do_update(
                    index_elements=[alert_deliveries.c.alert_id, alert_deliveries.c.notifier],
                    set_={
                        "delivered_at": values["delivered_at"],
                        "attempts": alert_deliveries.c.attempts + 1,
                        "error": error,
                    },
                )
            )

    # -- API tokens ---------------------------------------------------------------

    def create_token(self, name: str, scope: str) -> tuple[int, str]:
        """A new API token: (id, the token). Only its hash is stored; show it once."""
        if scope not in ("read", "admin"):
            raise ConfigError(f"token scope {scope!r}: give read or admin")
        token = "wf_" + secrets.token_urlsafe(32)
        with self._write() as connection:
            result = connection.execute(
                api_tokens.insert()
                .values(
                    name=name,
                    token_hash=_token_hash(token),
                    scope=scope,
                    created_at=datetime.now(UTC),
                )
                .returning(api_tokens.c.id)
            )
            return int(result.scalar_one()), token

    def token_scope(self, token: str) -> str | None:
        """The scope of a valid, unrevoked token, or None."""
        with self._read() as connection:
            row = connection.execute(
                select(api_tokens.c.id, api_tokens.c.scope).where(
                    api_tokens.c.token_hash == _token_hash(token),
                    api_tokens.c.revoked_at.is_(None),
                )
            ).first()
        return str(row.scope) if row is not None else None

    def has_tokens(self) -> bool:
        with self._read() as connection:
            return (
                connection.execute(
                    select(api_tokens.c.id).where(api_tokens.c.revoked_at.is_(None)).limit(1)
                ).first()
                is not None
            )

    def list_tokens(self) -> list[dict[str, Any]]:
        with self._read() as connection:
            rows = connection.execute(
                select(
                    api_tokens.c.id,
                    api_tokens.c.name,
                    api_tokens.c.scope,
                    api_tokens.c.created_at,
                    api_tokens.c.revoked_at,
                ).order_by(api_tokens.c.id)
            ).all()
        return [
            {
                "id": int(r.id),
                "name": r.name,
                "scope": r.scope,
                "created_at": r.created_at.isoformat(),
                "revoked_at": r.revoked_at.isoformat() if r.revoked_at else None,
            }
            for r in rows
        ]

    def revoke_token(self, token_id: int) -> None:
        with self._write() as connection:
            result = connection.execute(
                update(api_tokens)
                .where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None))
                .values(revoked_at=datetime.now(UTC))
            )
        if result.rowcount == 0:
            raise ConfigError(f"no active token #{token_id}: see 'watchfloor token list'")

    def list_articles(
        self,
        *,
        limit: int = 50,
        offset: int = 0,
        since: datetime | None = None,
        until: datetime | None = None,
        entity: int | None = None,
    ) -> tuple[list[Article], int]:
        """A page of articles, newest published first, and how many match in all."""
        query = select(articles)
        if since is not None:
            query = query.where(articles.c.published >= since)
        if until is not None:
            query = query.where(articles.c.published <= until)
        if entity is not None:
            query = query.where(
                articles.c.id.in_(
                    select(entity_links.c.article_id).where(entity_links.c.entity_id == entity)
                )
            )
        counted = select(func.count()).select_from(query.subquery())
        query = (
            query.order_by(articles.c.published.desc().nulls_last(), articles.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        with self._read() as connection:
            total = int(connection.execute(counted).scalar_one())
            rows = connection.execute(query).all()
        return [_article(r) for r in rows], total

    def list_events(
        self,
        *,
        event_type: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[StoredEvent]:
        """Events, newest first."""
        query = select(events).order_by(events.c.occurred_at.desc(), events.c.id.desc())
        if event_type:
            query = query.where(events.c.type == event_type.upper())
        if since is not None:
            query = query.where(events.c.occurred_at >= since)
        if until is not None:
            query = query.where(events.c.occurred_at <= until)
        with self._read() as connection:
            rows = connection.execute(query.limit(limit).offset(offset)).all()
        return [_stored_event(row) for row in rows]

    def article_propositions(self, article_id: int) -> list[dict[str, Any]]:
        """Which proposition each of an article's claims belongs to."""
        with self._read() as connection:
            rows = connection.execute(
                select(
                    proposition_claims.c.claim_id,
                    proposition_claims.c.proposition_id,
                    proposition_claims.c.stance,
                )
                .where(proposition_claims.c.article_id == article_id)
                .order_by(proposition_claims.c.claim_id)
            ).all()
        return [
            {"claim_id": r.claim_id, "proposition_id": int(r.proposition_id), "stance": r.stance}
            for r in rows
        ]

    def get_entity(self, entity_id: int) -> StoredEntity | None:
        with self._read() as connection:
            found = entities_by_id(connection, [entity_id])
            counts = entity_article_counts(connection)
        return replace(found[0], articles=counts.get(entity_id, 0)) if found else None

    def entity_timeline(self, entity_id: int) -> list[tuple[str, int]]:
        """(YYYY-MM, articles) the entity was mentioned in, by month of publication."""
        with self._read() as connection:
            merged = merged_into(connection, entity_id)
            rows = connection.execute(
                select(articles.c.id, articles.c.published, articles.c.ingested_at).where(
                    articles.c.id.in_(
                        select(entity_links.c.article_id).where(
                            entity_links.c.entity_id.in_([entity_id, *merged])
                        )
                    )
                )
            ).all()
        months: dict[str, int] = {}
        for row in rows:
            moment = row.published or row.ingested_at
            key = f"{moment:%Y-%m}"
            months[key] = months.get(key, 0) + 1
        return sorted(months.items())

    # -- linking ------------------------------------------------------------------

    @contextmanager
    def linking(self) -> Iterator[LinkSession]:
        """One article's linking, in one transaction (serialised across processes)."""
        with self._write() as connection:
            yield LinkSession(connection, self.dialect)

    def unlinked_articles(self, *, limit: int | None = None) -> list[int]:
        """Articles whose ledger is newer than their linking (or never linked)."""
        with self._read() as connection:
            return unlinked_article_ids(connection, limit)

    def count_propositions(self) -> int:
        with self._read() as connection:
            return int(
                connection.execute(select(func.count()).select_from(propositions)).scalar_one()
            )

    def list_entities(
        self, *, name: str | None = None, limit: int | None = 50, offset: int = 0
    ) -> list[StoredEntity]:
        """Entities (not merged away), most-reported first; ``name`` matches any alias.
        Ranked and paged in SQL: a page reads only its own entities and their aliases."""
        merged = entities.alias("merged")
        reported = (
            select(func.count(func.distinct(entity_links.c.article_id)))
            .where(
                (entity_links.c.entity_id == entities.c.id)
                | entity_links.c.entity_id.in_(
                    select(merged.c.id).where(merged.c.merged_into == entities.c.id)
                )
            )
            .scalar_subquery()
        )  # its articles and those of the entities merged into it, read by index
        query = (
            select(entities.c.id, reported)
            .where(entities.c.merged_into.is_(None))
            .order_by(reported.desc(), entities.c.name, entities.c.id)
        )
        if name:
            like = _contains(name)
            query = query.where(
                entities.c.id.in_(
                    select(entity_aliases.c.entity_id).where(
                        func.lower(entity_aliases.c.alias).like(like, escape="\\")
                    )
                )
                | func.lower(entities.c.name).like(like, escape="\\")
            )
        if limit is not None:
            query = query.limit(limit)
        if offset:
            query = query.offset(offset)
        with self._read() as connection:
            page = [(int(i), int(n)) for i, n in connection.execute(query)]
            found = {e.id: e for e in entities_by_id(connection, [i for i, _ in page])}
        return [replace(found[i], articles=n) for i, n in page]

    def entity_links(self, entity_id: int) -> list[dict[str, Any]]:
        """Why each article's mention was linked to the entity (or to one merged into it)."""
        with self._read() as connection:
            merged = merged_into(connection, entity_id)
            rows = connection.execute(
                select(entity_links, articles.c.title, articles.c.published)
                .join(articles, articles.c.id == entity_links.c.article_id)
                .where(entity_links.c.entity_id.in_([entity_id, *merged]))
                .order_by(entity_links.c.article_id, entity_links.c.local_id)
            ).all()
        return [
            {
                "article_id": int(r.article_id),
                "local_id": r.local_id,
                "entity_id": int(r.entity_id),
                "method": r.method,
                "reason": r.reason,
                "title": r.title,
                "published": r.published.isoformat() if r.published else None,
            }
            for r in rows
        ]

    def merge_entities(self, source_id: int, into_id: int, reason: str) -> None:
        """Merge one entity into another, reversibly: its links stay, it points to the
        other; ``unmerge_entity`` undoes it."""
        if source_id == into_id:
            raise ConfigError("cannot merge an entity into itself")
        with self._write() as connection:
            found = connection.execute(
                select(entities.c.id, entities.c.merged_into).where(
                    entities.c.id.in_([source_id, into_id])
                )
            ).all()
            if len(found) != 2:
                raise ConfigError(
                    f"no entity #{source_id} or #{into_id}: see 'watchfloor entities'"
                )
            if any(r.merged_into is not None for r in found if int(r.id) == into_id):
                raise ConfigError(f"#{into_id} is itself merged; merge into what it points to")
            connection.execute(
                update(entities)
                .where(entities.c.id == source_id)
                .values(merged_into=into_id, merge_reason=reason)
            )

    def unmerge_entity(self, entity_id: int) -> None:
        with self._write() as connection:
            result = connection.execute(
                update(entities)
                .where(entities.c.id == entity_id, entities.c.merged_into.is_not(None))
                .values(merged_into=None, merge_reason=None)
            )
            if result.rowcount == 0:
                raise ConfigError(f"entity #{entity_id} is not merged into another")

    def list_propositions(
        self,
        *,
        entity: int | None = None,
        event_type: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = 50,
        offset: int = 0,
        order: str = "recent",
    ) -> list[StoredProposition]:
        """Propositions with their claims: most recently seen first, or (``order``)
        "reported" by the most articles or "contested" by the most contradictions."""
        query = select(propositions)
        if order == "recent":
            query = query.order_by(propositions.c.last_seen.desc(), propositions.c.id.desc())
        else:
            counted = (
                select(func.count(func.distinct(proposition_claims.c.article_id)))
                .where(proposition_claims.c.proposition_id == propositions.c.id)
                .scalar_subquery()
                if order == "reported"
                else select(func.count())
                .select_from(contradictions)
                .where(contradictions.c.proposition_id == propositions.c.id)
                .scalar_subquery()
            )
            query = query.order_by(counted.desc(), propositions.c.last_seen.desc())
        if event_type:
            query = query.where(propositions.c.type == event_type.upper())
        if since is not None:
            query = query.where(propositions.c.last_seen >= since)
        if until is not None:
            query = query.where(propositions.c.first_seen <= until)
        if entity is not None:
            keys = [f"entity:{entity}", f"actor:{entity}"]
            query = query.where(
                propositions.c.id.in_(
                    select(proposition_blocks.c.proposition_id).where(
                        proposition_blocks.c.block_key.in_(keys)
                    )
                )
                | propositions.c.id.in_(
                    select(proposition_claims.c.proposition_id).where(
                        proposition_claims.c.source_entity_id == entity
                    )
                )
            )
        if limit is not None:
            query = query.limit(limit)
        if offset:
            query = query.offset(offset)  # in SQL: a large offset reads no skipped rows
        with self._read() as connection:
            rows = connection.execute(query).all()
            claims = claims_of(connection, [int(r.id) for r in rows])
        return [proposition_from_row(r, claims.get(int(r.id), [])) for r in rows]

    def iter_propositions(self, *, batch: int = 200) -> Iterator[StoredProposition]:
        """Every proposition with its claims, in id order, read a page at a time (exports
        of any size in bounded memory)."""
        last = 0
        while True:
            with self._read() as connection:
                rows = connection.execute(
                    select(propositions)
                    .where(propositions.c.id > last)
                    .order_by(propositions.c.id)
                    .limit(batch)
                ).all()
                if not rows:
                    return
                claims = claims_of(connection, [int(r.id) for r in rows])
            for row in rows:
                yield proposition_from_row(row, claims.get(int(row.id), []))
            last = int(rows[-1].id)

    def iter_events(
        self,
        *,
        event_type: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        batch: int = 500,
    ) -> Iterator[StoredEvent]:
        """Events in id order, read a page at a time."""
        last = 0
        while True:
            query = select(events).where(events.c.id > last).order_by(events.c.id).limit(batch)
            if event_type:
                query = query.where(events.c.type == event_type.upper())
            if since is not None:
                query = query.where(events.c.occurred_at >= since)
            if until is not None:
                query = query.where(events.c.occurred_at <= until)
            with self._read() as connection:
                rows = connection.execute(query).all()
            if not rows:
                return
            yield from (_stored_event(row) for row in rows)
            last = int(rows[-1].id)

    def entity_keys(self) -> dict[int, str]:
        """Each stored entity's key across stores: its gazetteer id, else its name."""
        with self._read() as connection:
            rows = connection.execute(
                select(entities.c.id, entities.c.gazetteer_id, entities.c.name)
            ).all()
        return {
            int(r.id): f"kb:{r.gazetteer_id}" if r.gazetteer_id else f"name:{r.name.lower()}"
            for r in rows
        }

    def get_proposition(
        self, proposition_id: int
    ) -> tuple[StoredProposition, list[StoredContradiction]] | None:
        with self._read() as connection:
            row = connection.execute(
                select(propositions).where(propositions.c.id == proposition_id)
            ).first()
            if row is None:
                return None
            claims = claims_of(connection, [proposition_id]).get(proposition_id, [])
            found = contradictions_of(connection, [proposition_id])
        return proposition_from_row(row, claims), found

    def contradictions(self, *, limit: int | None = 100) -> list[StoredContradiction]:
        """The newest ``limit`` contradictions, oldest of them first (one query, however
        many propositions the store holds)."""
        query = select(contradictions).order_by(contradictions.c.id.desc())
        if limit is not None:
            query = query.limit(limit)
        with self._read() as connection:
            rows = connection.execute(query).all()
        return [stored_contradiction(r) for r in reversed(rows)]

    def source_records(
        self, *, name: str | None = None, limit: int | None = None, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Each source's track record: its claims by stance, and how the propositions they
        were about are graded now. A claim is borne out when its proposition is confirmed
        by independent origins (1), or, for a denial, improbable (5); doubted when its
        proposition is doubtful or improbable (4-5), or, for a denial, confirmed or
        corroborated despite it (1, 3); otherwise open. A source is its stored entity
        where it has one, so that every spelling counts together. Most claims first;
        ``name`` keeps sources whose name contains it; paged in SQL."""
        display, counted = self._source_columns()
        query = (
            select(display.label("source"), *counted)
            .select_from(proposition_claims)
            .join(propositions, propositions.c.id == proposition_claims.c.proposition_id)
            .outerjoin(entities, entities.c.id == proposition_claims.c.source_entity_id)
            .group_by(display)
            .order_by(func.count().desc(), display)
        )
        if name:
            query = query.having(func.lower(display).like(_contains(name), escape="\\"))
        if limit is not None:
            query = query.limit(limit)
        if offset:
            query = query.offset(offset)
        with self._read() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]

    def count_sources(self, *, name: str | None = None) -> int:
        """How many sources ``source_records`` would list without a limit."""
        display, _ = self._source_columns()
        query = (
            select(display)
            .select_from(proposition_claims)
            .outerjoin(entities, entities.c.id == proposition_claims.c.source_entity_id)
            .group_by(display)
        )
        if name:
            query = query.having(func.lower(display).like(_contains(name), escape="\\"))
        with self._read() as connection:
            return int(
                connection.execute(select(func.count()).select_from(query.subquery())).scalar_one()
            )

    @staticmethod
    def _source_columns() -> tuple[Any, list[Any]]:
        # a nationality ("Russian") names no speaker: such sources show their own words
        display = case(
            (entities.c.type == "NORP", proposition_claims.c.source_name),
            else_=func.coalesce(entities.c.name, proposition_claims.c.source_name),
        )
        stance, grade = proposition_claims.c.stance, propositions.c.credibility

        def share(condition: Any) -> Any:
            return func.sum(case((condition, 1), else_=0))

        borne_out = ((stance == "supports") & (grade == 1)) | ((stance == "denies") & (grade == 5))
        doubted = ((stance == "supports") & grade.in_([4, 5])) | (
            (stance == "denies") & grade.in_([1, 3])
        )
        counted = [
            func.count().label("claims"),
            share(stance == "supports").label("supports"),
            share(stance == "denies").label("denies"),
            share(stance == "reports").label("reports"),
            share(borne_out).label("borne_out"),
            share(doubted).label("doubted"),
            share(~borne_out & ~doubted).label("open"),
        ]
        return display, counted

    # -- reading ------------------------------------------------------------------

    def count_articles(self, *, originals_only: bool = False) -> int:
        query = select(func.count()).select_from(articles)
        if originals_only:
            query = query.where(articles.c.duplicate_of.is_(None))
        with self._read() as connection:
            return int(connection.execute(query).scalar_one())

    def get_article(self, article_id: int) -> Article | None:
        with self._read() as connection:
            row = connection.execute(select(articles).where(articles.c.id == article_id)).first()
        return _article(row) if row else None

    def iter_articles(
        self,
        *,
        limit: int | None = None,
        offset: int = 0,
        language: str | None = None,
        originals_only: bool = False,
    ) -> Iterator[Article]:
        """Articles in the order they were stored, streamed."""
        query = select(articles).order_by(articles.c.id).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        if language:
            query = query.where(articles.c.language == language)
        if originals_only:
            query = query.where(articles.c.duplicate_of.is_(None))
        with self._read() as connection:
            for row in connection.execution_options(yield_per=200).execute(query):
                yield _article(row)

    def iter_rejections(self, *, limit: int | None = None) -> Iterator[StoredRejection]:
        query = select(rejections).order_by(rejections.c.last_seen.desc(), rejections.c.id.desc())
        if limit is not None:
            query = query.limit(limit)
        with self._read() as connection:
            for row in connection.execute(query):
                yield StoredRejection(
                    item=row.item,
                    reason=row.reason,
                    detail=row.detail,
                    first_seen=row.first_seen,
                    last_seen=row.last_seen,
                    times=row.times,
                )

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Articles whose title or text match ``query``, best first.

        Words must all appear (any order); "quoted words" must appear together; -word
        excludes; OR between words allows either. Matching ignores case and diacritics.
        """
        terms = _parse_query(query)
        if len(terms) > MAX_SEARCH_TERMS:
            raise SearchTooLargeError(
                f"the search has {len(terms)} terms; at most {MAX_SEARCH_TERMS} are allowed"
            )
        with self._read() as connection:
            if self.dialect == "sqlite":
                rows = connection.execute(
                    text(
                        "SELECT a.id, a.title, a.url, a.outlet, a.published, "
                        "snippet(articles_fts, 1, '[', ']', ' … ', 16) AS snippet, "
                        "bm25(articles_fts) AS rank "
                        "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
                        "WHERE articles_fts MATCH :match ORDER BY rank LIMIT :limit"
                    ).columns(published=articles.c.published.type),
                    {"match": _fts5_query(terms), "limit": limit},
                ).all()
                return [_hit(row, -float(row.rank)) for row in rows]
            rows = connection.execute(
                text(
                    "WITH hits AS ("
                    " SELECT a.id, a.title, a.url, a.outlet, a.published, a.text,"
                    " ts_rank(a.search, q) AS rank, q"
                    " FROM articles a, websearch_to_tsquery('simple', watchfloor_fold(:query)) q"
                    " WHERE a.search @@ q ORDER BY rank DESC, a.id LIMIT :limit) "
                    "SELECT id, title, url, outlet, published, rank, ts_headline('simple', "
                    "left(text, 250000), q, 'StartSel=[, StopSel=], MaxWords=24, MinWords=8, "
                    "MaxFragments=1') AS snippet FROM hits ORDER BY rank DESC, id"
                ).columns(published=articles.c.published.type),
                {"query": _websearch_query(terms), "limit": limit},
            ).all()
            return [_hit(row, float(row.rank)) for row in rows]


def _transient(exc: BaseException) -> bool:
    """Deadlock (40P01) or serialisation failure (40001): the transaction can be retried."""
    return getattr(getattr(exc, "orig", None), "sqlstate", None) in ("40P01", "40001")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _article(row: Row[Any]) -> Article:
    return Article(
        id=int(row.id),
        text=row.text,
        origin=row.origin,
        record=row.record,
        title=row.title,
        url=row.url,
        outlet=row.outlet,
        author=row.author,
        published=row.published,
        language=row.language,
        extra=row.extra or {},
        ingested_at=row.ingested_at,
        content_hash=row.content_hash,
        duplicate_of=row.duplicate_of,
        duplicate_kind=DuplicateKind(row.duplicate_kind) if row.duplicate_kind else None,
        similarity=row.similarity,
    )


def _hit(row: Row[Any], score: float) -> SearchHit:
    return SearchHit(
        article_id=int(row.id),
        title=row.title,
        url=row.url,
        outlet=row.outlet,
        published=row.published,
        snippet=" ".join((row.snippet or "").split()),
        score=score,
    )


_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')


def _parse_query(query: str) -> list[tuple[str, str]]:
    """The query as (operator, words) pairs; operator is "", "-" or "OR"."""
    terms: list[tuple[str, str]] = []
    pending_or = False
    for match in _TOKEN.finditer(query):
        negate, phrase, word = match.groups()
        if word is not None and word.upper() == "OR" and terms:
            pending_or = True
            continue
        if word is not None and word.startswith("-") and len(word) > 1:
            negate, word = "-", word[1:]
        words = " ".join(re.findall(r"\w+", phrase if phrase is not None else word))
        if not words:
            continue
        terms.append(("-" if negate else ("OR" if pending_or else ""), words))
        pending_or = False
    if not any(op != "-" for op, _ in terms):
        raise ConfigError(f"search query {query!r} has no words to look for")
    return terms


def _fts5_query(terms: list[tuple[str, str]]) -> str:
    positive = [(op, f'"{words}"') for op, words in terms if op != "-"]
    expression = positive[0][1]
    for op, phrase in positive[1:]:
        expression += f" {'OR' if op == 'OR' else 'AND'} {phrase}"
    for op, words in terms:
        if op == "-":
            expression = f'({expression}) NOT "{words}"'
    return expression


def _websearch_query(terms: list[tuple[str, str]]) -> str:
    parts = []
    for op, words in terms:
        quoted = f'"{words}"' if " " in words else words
        parts.append({"-": f"-{quoted}", "OR": f"or {quoted}"}.get(op, quoted))
    return " ".join(parts)


def _as_datetime(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _reason(exc: BaseException) -> str:
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        return str(exc.orig).strip().splitlines()[0]
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def connect_store(
    location: str, *, must_exist: bool = False, pool: PoolSize | None = None
) -> Store:
    """The store at ``location`` as it is, schema unchecked: for managing migrations."""
    return Store(create_store_engine(location, must_exist=must_exist, pool=pool))


def open_store(
    location: str,
    *,
    migrate: bool = True,
    must_exist: bool = False,
    pool: PoolSize | None = None,
) -> Store:
    """Open the store at ``location`` (file path, sqlite:/// or postgresql:// URL);
    ``pool`` sizes the connection pool (a server keeps one per worker thread).

    With ``migrate`` the schema is brought up to date first; otherwise a store with
    pending migrations raises ``StoreError`` telling the user to run ``watchfloor db upgrade``.
    """
    store = connect_store(location, must_exist=must_exist, pool=pool)
    try:
        if migrate:
            store.migrate()
        elif store.pending_migrations():
            raise StoreError(
                f"the store at {store.location} needs migrations: run 'watchfloor db upgrade'"
            )
    except OperationalError as exc:
        store.close()
        raise StoreError(f"cannot open {store.location}: {_reason(exc)}") from exc
    except BaseException:
        store.close()
        raise
    return store


def _stored_event(row: Row[Any]) -> StoredEvent:
    return StoredEvent(
        id=int(row.id),
        article_id=int(row.article_id),
        event_key=row.event_key,
        type=row.type,
        mode=row.mode,
        status=EventStatus(row.status),
        occurred_at=row.occurred_at,
        country=row.country,
        place=row.place,
        size=row.size,
        size_approximate=bool(row.size_approximate),
        data=_with_grade(dict(row.data), row),
    )


def _with_grade(data: dict[str, Any], row: Row[Any]) -> dict[str, Any]:
    """Once linked, an event's credibility is its proposition's, graded across articles."""
    if row.credibility is not None:
        data["credibility"] = {
            "grade": int(row.credibility),
            "reason": row.credibility_reason,
            "proposition": row.proposition_id,
        }
    return data


def _stored_by(connection: Connection, run_id: int) -> dict[str, int]:
    """The counts of a run read from what it stored (for a run that never finished)."""
    kinds: dict[str | None, int] = dict(
        connection.execute(
            select(articles.c.duplicate_kind, func.count())
            .where(articles.c.run_id == run_id)
            .group_by(articles.c.duplicate_kind)
        ).all()
    )
    rejected = connection.execute(
        select(func.count()).select_from(rejections).where(rejections.c.run_id == run_id)
    ).scalar_one()
    return {
        "ingested": int(kinds.get(None, 0)),
        "exact_duplicates": int(kinds.get("exact", 0)),
        "near_duplicates": int(kinds.get("near", 0)),
        "rejected": int(rejected),
    }


_SAME_TEXT = text(
    "SELECT id, item_key = :key FROM articles WHERE content_hash = :hash ORDER BY id"
)  # written once: it runs for every article ingested


def _contains(name: str) -> str:
    """A LIKE pattern for names containing ``name``: "%" and "_" in it are themselves."""
    escaped = name.casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _same_text(connection: Connection, item_key: str, content_hash: str) -> tuple[int | None, bool]:
    rows = connection.execute(_SAME_TEXT, {"key": item_key, "hash": content_hash}).all()
    if not rows:
        return None, False
    return int(rows[0][0]), any(bool(same) for _, same in rows)


def _near_candidates(
    connection: Connection, keys: Sequence[tuple[int, int]]
) -> list[tuple[int, bytes]]:
    if not keys:
        return []
    params: dict[str, int] = {}
    for number, (band, key) in enumerate(keys):
        params[f"b{number}"], params[f"k{number}"] = band, key
    rows = connection.execute(_near_statement(len(keys)), params).all()
    return [(int(article_id), bytes(minhash)) for article_id, minhash in rows]


@functools.cache
def _near_statement(bands: int) -> TextClause:
    """Originals sharing a band: one primary-key search per band (SQLite answers a
    row-value IN with a scan of the whole table), written once per band count (building
    the expression for each article cost more than running it)."""
    either = " OR ".join(f"(band = :b{n} AND band_key = :k{n})" for n in range(bands))
    return text(
        "SELECT article_id, minhash FROM article_fingerprints WHERE article_id IN "
        f"(SELECT article_id FROM article_bands WHERE {either}) ORDER BY article_id"
    )


def _reading(row: Row[Any]) -> Reading:
    return Reading(
        id=int(row.id),
        indicator=row.indicator,
        as_of=row.as_of,
        evaluated_at=row.evaluated_at,
        value=row.value,
        approximate=bool(row.approximate),
        level=row.level,
        events=int(row.events),
        evidence=tuple(row.evidence),
    )


def _alert(row: Row[Any]) -> Alert:
    return Alert(
        id=int(row.id),
        reading_id=int(row.reading_id),
        indicator=row.indicator,
        level=row.level,
        previous_level=row.previous_level,
        direction=row.direction,
        value=row.value,
        previous_value=row.previous_value,
        as_of=row.as_of,
        created_at=row.created_at,
        evidence=tuple(row.evidence),
    )
