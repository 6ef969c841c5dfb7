"""Articles in the store: runs, duplicate decisions, writes, rejections and reads."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Row, TextClause, func, select, text, update

from watchfloor.store._base import StoreBase
from watchfloor.store._rows import from_row, window
from watchfloor.store._schema import (
    article_bands,
    article_fingerprints,
    articles,
    entity_links,
    ingest_runs,
    rejections,
)
from watchfloor.types import Article, DuplicateKind, IngestReport, Rejection, StoredRejection

INGEST_LOCK = 7_400_003
"""PostgreSQL advisory lock held while an article's duplicate check and write happen, so
that two ingests of one text never both store it as an original (SQLite's writers hold
the database lock from BEGIN IMMEDIATE)."""


@dataclass(frozen=True, slots=True)
class PendingArticle:
    """An article read and fingerprinted, waiting for the duplicate decision and the write.
    ``nearest`` picks (article id, similarity) among near-duplicate candidates, or None."""

    article: Article
    content_hash: str
    minhash: bytes
    bands: tuple[tuple[int, int], ...]
    nearest: Callable[[Sequence[tuple[int, bytes]]], tuple[int, float] | None]


class ArticleRoom(StoreBase):
    """Ingest runs, articles with their fingerprints, and rejections."""

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
    ) -> list[Article | int | None]:
        """Decide whether each article copies a stored one (or an earlier one of the batch)
        and write it, in one write transaction under the ingest lock: two processes
        ingesting the same text never both store it as an original, and a commit per
        article cost more than the article. Returns each stored article (with its
        duplicate kind), or the id of that very item where it is already stored (None when
        the insert found it there, which the lock rules out). All are stored, or (on an
        error) none."""
        stored: list[Article | int | None] = []
        with self._write() as connection:
            if self.dialect == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": INGEST_LOCK})
            for item in batch:
                stored.append(self._decide_and_write(connection, item, run_id=run_id))
        return stored

    def _decide_and_write(
        self, connection: Connection, item: PendingArticle, *, run_id: int | None
    ) -> Article | int | None:
        article = item.article
        original, already_stored = _same_text(connection, article.item_key, item.content_hash)
        if already_stored is not None:
            return already_stored
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
        return article_from_row(row) if row else None

    def iter_articles(
        self,
        *,
        limit: int | None = None,
        offset: int = 0,
        language: str | None = None,
        originals_only: bool = False,
    ) -> Iterator[Article]:
        """Articles in the order they were stored, streamed."""
        query = window(select(articles).order_by(articles.c.id), limit=limit, offset=offset)
        if language:
            query = query.where(articles.c.language == language)
        if originals_only:
            query = query.where(articles.c.duplicate_of.is_(None))
        with self._read() as connection:
            for row in connection.execution_options(yield_per=200).execute(query):
                yield article_from_row(row)

    def iter_rejections(self, *, limit: int | None = None) -> Iterator[StoredRejection]:
        query = select(rejections).order_by(rejections.c.last_seen.desc(), rejections.c.id.desc())
        if limit is not None:
            query = query.limit(limit)
        with self._read() as connection:
            for row in connection.execute(query):
                yield from_row(StoredRejection, row)

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
        query = window(select(articles), articles.c.published, since=since, until=until)
        if entity is not None:
            query = query.where(
                articles.c.id.in_(
                    select(entity_links.c.article_id).where(entity_links.c.entity_id == entity)
                )
            )
        counted = select(func.count()).select_from(query.subquery())
        newest = query.order_by(articles.c.published.desc().nulls_last(), articles.c.id.desc())
        query = window(newest, limit=limit, offset=offset)
        with self._read() as connection:
            total = int(connection.execute(counted).scalar_one())
            rows = connection.execute(query).all()
        return [article_from_row(r) for r in rows], total


def article_from_row(row: Row[Any]) -> Article:
    kind = DuplicateKind(row.duplicate_kind) if row.duplicate_kind else None
    return from_row(Article, row, extra=row.extra or {}, duplicate_kind=kind)


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


def _same_text(
    connection: Connection, item_key: str, content_hash: str
) -> tuple[int | None, int | None]:
    """The first stored article with this text, and the id of this very item (same key,
    same text) when it is stored already."""
    rows = connection.execute(_SAME_TEXT, {"key": item_key, "hash": content_hash}).all()
    if not rows:
        return None, None
    return int(rows[0][0]), next((int(id_) for id_, same in rows if same), None)


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
