"""The extraction queue: articles waiting for a ledger, claimed by workers, and their ledgers."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from watchfloor.store._articles import article_from_row
from watchfloor.store._base import StoreBase
from watchfloor.store._schema import (
    articles,
    events,
    extraction_claims,
    extraction_failures,
    ledgers,
)
from watchfloor.types import Article

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


class ExtractionRoom(StoreBase):
    """Pending articles, claims on them, ledgers and failures."""

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
                yield article_from_row(row)

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
        return [article_from_row(row) for row in rows]

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
