"""What the analyst's active verdicts did to propositions, read where grades are made
(linking and review both grade)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Row, and_, or_, select

from watchfloor.store._rows import from_row
from watchfloor.store._schema import proposition_claims, verdicts
from watchfloor.verdicts import Verdict, VerdictKind

__all__ = ["review_notes", "verdict_from_row"]


def verdict_from_row(row: Row[Any]) -> Verdict:
    return from_row(Verdict, row, kind=VerdictKind(row.kind), previous=row.previous or {})


def review_notes(connection: Connection, proposition_ids: Sequence[int]) -> dict[int, list[str]]:
    """What the active verdicts did to each proposition, one line per verdict (oldest
    first), for its grade's explanation."""
    if not proposition_ids:
        return {}
    ids = list(proposition_ids)
    on_claims = (
        select(proposition_claims.c.proposition_id.label("about"), verdicts)
        .join(
            verdicts,
            and_(
                verdicts.c.article_id == proposition_claims.c.article_id,
                verdicts.c.claim_id == proposition_claims.c.claim_id,
            ),
        )
        .where(
            proposition_claims.c.proposition_id.in_(ids),
            verdicts.c.kind == VerdictKind.CLAIM.value,
            verdicts.c.undone_at.is_(None),
        )
    )
    # a claim taken out of the proposition (split, or no claim at all) is no longer in
    # it: its verdict names the proposition it left
    own = select(verdicts.c.proposition_id.label("about"), verdicts).where(
        verdicts.c.proposition_id.in_(ids),
        or_(
            verdicts.c.kind.in_([VerdictKind.PROPOSITION.value, VerdictKind.SPLIT.value]),
            verdicts.c.field == "not_a_claim",
        ),
        verdicts.c.undone_at.is_(None),
    )
    notes: dict[int, dict[int, str]] = {}
    for query in (on_claims, own):
        for row in connection.execute(query):
            verdict = verdict_from_row(row)
            notes.setdefault(int(row.about), {})[verdict.id] = verdict.describe()
    return {p: [found[i] for i in sorted(found)] for p, found in notes.items()}
