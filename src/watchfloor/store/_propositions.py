"""Propositions, their claims and contradictions, and the track records of sources."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select

from watchfloor.store._base import StoreBase
from watchfloor.store._linking import (
    LinkSession,
    claims_of,
    contradictions_of,
    proposition_from_row,
    stored_contradiction,
    unlinked_article_ids,
)
from watchfloor.store._rows import contains_pattern, window
from watchfloor.store._schema import (
    contradictions,
    entities,
    proposition_blocks,
    proposition_claims,
    propositions,
)
from watchfloor.types import StoredContradiction, StoredProposition


class PropositionRoom(StoreBase):
    """Propositions across articles, linking sessions and source records."""

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
        credibility: Sequence[int] = (),
        contested: bool = False,
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
        if credibility:
            query = query.where(propositions.c.credibility.in_(list(credibility)))
        if contested:  # some claims of it contradict others
            query = query.where(propositions.c.id.in_(select(contradictions.c.proposition_id)))
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
        query = window(
            query,
            propositions.c.last_seen,
            since=since,
            until=until,
            until_column=propositions.c.first_seen,
            limit=limit,
            offset=offset,
        )
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
        corroborated despite it (1, 3); otherwise open. A proposition an analyst judged
        true or false counts as that instead of its grade (unresolved: open). A source is
        its stored entity where it has one, so that every spelling counts together. Most
        claims first; ``name`` keeps sources whose name contains it; paged in SQL."""
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
            query = query.having(func.lower(display).like(contains_pattern(name), escape="\\"))
        query = window(query, limit=limit, offset=offset)
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
            query = query.having(func.lower(display).like(contains_pattern(name), escape="\\"))
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

        # an analyst's judgement of the proposition goes before its computed grade
        judged = propositions.c.judgement
        true, false, ungraded = judged == "true", judged == "false", judged.is_(None)
        borne_out = ((stance == "supports") & (true | (ungraded & (grade == 1)))) | (
            (stance == "denies") & (false | (ungraded & (grade == 5)))
        )
        doubted = ((stance == "supports") & (false | (ungraded & grade.in_([4, 5])))) | (
            (stance == "denies") & (true | (ungraded & grade.in_([1, 3])))
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
