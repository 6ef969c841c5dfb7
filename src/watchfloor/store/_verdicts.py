"""The analyst's verdicts, and the writes that carry them into the ledger: a review is
one transaction (the verdict, its effect on the stored claims or propositions, and the new
grades), serialised with linking."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, desc, select, update

from watchfloor.store._base import StoreBase
from watchfloor.store._linking import LinkSession
from watchfloor.store._reviewed import verdict_from_row
from watchfloor.store._schema import (
    articles,
    contradictions,
    entities,
    events,
    proposition_blocks,
    proposition_claims,
    propositions,
    verdicts,
)
from watchfloor.verdicts import Verdict, VerdictKind

__all__ = ["ReviewSession", "VerdictRoom"]


class ReviewSession(LinkSession):
    """Reads and writes of one review, in one transaction; grading as linking grades."""

    # -- verdicts -------------------------------------------------------------------

    def add_verdict(self, values: Mapping[str, Any]) -> Verdict:
        row = self.connection.execute(
            verdicts.insert().values(made_at=datetime.now(UTC), **values).returning(verdicts)
        ).one()
        return verdict_from_row(row)

    def verdict(self, verdict_id: int) -> Verdict | None:
        row = self.connection.execute(select(verdicts).where(verdicts.c.id == verdict_id)).first()
        return verdict_from_row(row) if row is not None else None

    def undo_verdict(self, verdict_id: int, by: str) -> None:
        self.connection.execute(
            update(verdicts)
            .where(verdicts.c.id == verdict_id)
            .values(undone_at=datetime.now(UTC), undone_by=by)
        )

    def claim_verdicts(self, article_id: int) -> list[Verdict]:
        """The article's active claim verdicts, oldest first."""
        query = (
            select(verdicts)
            .where(
                verdicts.c.article_id == article_id,
                verdicts.c.kind == VerdictKind.CLAIM.value,
                verdicts.c.undone_at.is_(None),
            )
            .order_by(verdicts.c.id)
        )
        return [verdict_from_row(row) for row in self.connection.execute(query)]

    def set_previous(self, verdict_id: int, previous: Mapping[str, Any]) -> None:
        self.connection.execute(
            update(verdicts).where(verdicts.c.id == verdict_id).values(previous=dict(previous))
        )

    def article_claim_rows(self, article_id: int) -> list[dict[str, Any]]:
        """Every claim row of the article, as linking writes them."""
        rows = self.connection.execute(
            select(proposition_claims).where(proposition_claims.c.article_id == article_id)
        )
        return [dict(row._mapping) for row in rows]

    # -- claims in propositions -----------------------------------------------------

    def claim_rows(self, article_id: int, claim_id: str) -> list[dict[str, Any]]:
        """The claim's rows in propositions (a claim may be in more than one)."""
        rows = self.connection.execute(
            select(proposition_claims).where(
                proposition_claims.c.article_id == article_id,
                proposition_claims.c.claim_id == claim_id,
            )
        )
        return [_plain(row._mapping) for row in rows]

    def update_claim_rows(self, article_id: int, claim_id: str, values: Mapping[str, Any]) -> None:
        self.connection.execute(
            update(proposition_claims)
            .where(
                proposition_claims.c.article_id == article_id,
                proposition_claims.c.claim_id == claim_id,
            )
            .values(**values)
        )

    def delete_claim_rows(self, article_id: int, claim_id: str) -> None:
        self.connection.execute(
            proposition_claims.delete().where(
                proposition_claims.c.article_id == article_id,
                proposition_claims.c.claim_id == claim_id,
            )
        )

    def restore_claim_rows(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Put back rows as a verdict kept them (replacing what is there now)."""
        for row in rows:
            self.delete_claim_rows(int(row["article_id"]), str(row["claim_id"]))
        self.add_claims([_stored(row) for row in rows])

    def move_claim(self, article_id: int, claim_id: str, from_id: int, to_id: int) -> None:
        """The claim's row in proposition ``from_id`` into proposition ``to_id``."""
        self.connection.execute(
            update(proposition_claims)
            .where(
                proposition_claims.c.article_id == article_id,
                proposition_claims.c.claim_id == claim_id,
                proposition_claims.c.proposition_id == from_id,
            )
            .values(proposition_id=to_id)
        )

    def article_text(self, article_id: int) -> str | None:
        return self.connection.execute(
            select(articles.c.text).where(articles.c.id == article_id)
        ).scalar_one_or_none()

    # -- propositions ---------------------------------------------------------------

    def proposition_row(self, proposition_id: int) -> dict[str, Any] | None:
        row = self.connection.execute(
            select(propositions).where(propositions.c.id == proposition_id)
        ).first()
        return _plain(row._mapping) if row is not None else None

    def new_proposition(self, values: Mapping[str, Any]) -> int:
        return self.add_proposition(values, ())

    def drop_if_empty(self, proposition_id: int) -> bool:
        """Delete a proposition no claim is in any more (one a split made)."""
        held = self.connection.execute(
            select(proposition_claims.c.claim_id)
            .where(proposition_claims.c.proposition_id == proposition_id)
            .limit(1)
        ).first()
        if held is not None:
            return False
        self.connection.execute(
            update(events)
            .where(events.c.proposition_id == proposition_id)
            .values(proposition_id=None)
        )
        for table in (contradictions, proposition_blocks):
            self.connection.execute(table.delete().where(table.c.proposition_id == proposition_id))
        self.connection.execute(propositions.delete().where(propositions.c.id == proposition_id))
        return True

    def set_judgement(self, proposition_id: int, judgement: str | None) -> None:
        self.connection.execute(
            update(propositions)
            .where(propositions.c.id == proposition_id)
            .values(judgement=judgement)
        )

    # -- entities -------------------------------------------------------------------

    def merge_of(self, entity_id: int) -> tuple[int | None, str | None] | None:
        """(what the entity is merged into, why), or None for no such entity."""
        row = self.connection.execute(
            select(entities.c.merged_into, entities.c.merge_reason).where(
                entities.c.id == entity_id
            )
        ).first()
        if row is None:
            return None
        return (int(row.merged_into) if row.merged_into is not None else None, row.merge_reason)

    def set_merge(self, entity_id: int, into: int | None, reason: str | None) -> None:
        self.connection.execute(
            update(entities)
            .where(entities.c.id == entity_id)
            .values(merged_into=into, merge_reason=reason)
        )


class VerdictRoom(StoreBase):
    """Verdicts as the desk reads them back."""

    @contextmanager
    def reviewing(self) -> Iterator[ReviewSession]:
        """One review, in one transaction (serialised with linking on PostgreSQL)."""
        with self._write() as connection:
            yield ReviewSession(connection, self.dialect)

    def list_verdicts(
        self,
        *,
        article_id: int | None = None,
        claim_id: str | None = None,
        proposition_id: int | None = None,
        entity_id: int | None = None,
        alert_ids: Sequence[int] | None = None,
        claims: Sequence[tuple[int, str]] | None = None,
        kind: VerdictKind | None = None,
        active: bool | None = None,
        limit: int | None = 200,
    ) -> list[Verdict]:
        """Verdicts, newest first, filtered by what they are about (``claims``: any of
        these claims, as (article id, claim id))."""
        query = select(verdicts).order_by(desc(verdicts.c.id))
        conditions = []
        if article_id is not None:
            conditions.append(verdicts.c.article_id == article_id)
        if claim_id is not None:
            conditions.append(verdicts.c.claim_id == claim_id)
        if proposition_id is not None:
            conditions.append(verdicts.c.proposition_id == proposition_id)
        if entity_id is not None:
            conditions.append(verdicts.c.entity_id == entity_id)
        if alert_ids is not None:
            conditions.append(verdicts.c.alert_id.in_(list(alert_ids)))
        wanted: set[tuple[int, str]] | None = None
        if claims is not None:  # (article id, claim id) pairs: narrowed in SQL, then here
            wanted = set(claims)
            if not wanted:
                return []
            conditions.append(verdicts.c.article_id.in_(sorted({a for a, _ in wanted})))
            conditions.append(verdicts.c.claim_id.in_(sorted({c for _, c in wanted})))
        if kind is not None:
            conditions.append(verdicts.c.kind == kind.value)
        if active is not None:
            conditions.append(
                verdicts.c.undone_at.is_(None) if active else verdicts.c.undone_at.is_not(None)
            )
        if conditions:
            query = query.where(and_(*conditions))
        if limit is not None and wanted is None:
            query = query.limit(limit)
        with self._read() as connection:
            found = [verdict_from_row(row) for row in connection.execute(query)]
        if wanted is not None:
            found = [v for v in found if (v.article_id, v.claim_id) in wanted][:limit]
        return found

    def get_verdict(self, verdict_id: int) -> Verdict | None:
        with self._read() as connection:
            row = connection.execute(select(verdicts).where(verdicts.c.id == verdict_id)).first()
        return verdict_from_row(row) if row is not None else None

    def reviewed_articles(self) -> list[int]:
        """Articles with an active verdict on one of their claims, by id."""
        query = (
            select(verdicts.c.article_id)
            .where(
                verdicts.c.kind == VerdictKind.CLAIM.value,
                verdicts.c.undone_at.is_(None),
            )
            .distinct()
            .order_by(verdicts.c.article_id)
        )
        with self._read() as connection:
            return [int(i) for i in connection.execute(query).scalars()]


def _plain(mapping: Mapping[Any, Any]) -> dict[str, Any]:
    """A row as JSON can keep it (times as ISO strings, to be read back by ``_stored``)."""
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in mapping.items()}


_TIMES = ("seen_at", "first_seen", "last_seen", "assessed_at")


def _stored(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        k: datetime.fromisoformat(v) if k in _TIMES and isinstance(v, str) else v
        for k, v in row.items()
    }
