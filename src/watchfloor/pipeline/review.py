"""The analyst's review loop: a verdict is stored with who, when and why, changes what it
is about (a claim's stance or source in its propositions, a claim out of a proposition, a
merge undone, a proposition's judgement) and grades again what that touches, all in one
transaction; undoing it restores what it replaced and grades again.

Entry functions: ``review`` and ``undo``; linking calls ``reapply`` so that a correction
outlives relinking."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from watchfloor.assess import SourceRegistry
from watchfloor.errors import NothingToReviewError, ReviewError
from watchfloor.pipeline.registry import graded
from watchfloor.store import LinkSession, ReviewSession, Store
from watchfloor.types import Modality, Polarity, Stance
from watchfloor.verdicts import FIELDS, Verdict, VerdictKind, claim_as_reviewed

__all__ = ["Review", "Reviewed", "reapply", "review", "undo"]

JUDGEMENTS = ("true", "false", "unresolved")
HEDGED = (Modality.POSSIBLE.value, Modality.UNKNOWN.value)


@dataclass(frozen=True, slots=True, kw_only=True)
class Review:
    """What a person tells the system: the thing, the field, the right value, why."""

    kind: VerdictKind
    field: str
    value: str | None = None
    note: str = ""
    article_id: int | None = None
    claim_id: str | None = None
    proposition_id: int | None = None
    entity_id: int | None = None
    alert_id: int | None = None


@dataclass(frozen=True, slots=True)
class Reviewed:
    """The verdict as stored, and the propositions graded again because of it."""

    verdict: Verdict
    regraded: tuple[int, ...]


def review(store: Store, asked: Review, *, by: str, registry: SourceRegistry) -> Reviewed:
    """Store ``asked`` as a verdict of ``by`` and carry it into the ledger."""
    if asked.field not in FIELDS[asked.kind]:
        raise ReviewError(
            f"a {asked.kind.value} verdict sets one of {', '.join(FIELDS[asked.kind])}, "
            f"not {asked.field!r}"
        )
    if asked.kind is VerdictKind.CLAIM:
        ledger = store.get_ledger(asked.article_id) if asked.article_id is not None else None
        in_ledger = next(
            (c for c in (ledger or {}).get("claims", []) if c.get("id") == asked.claim_id), None
        )
        earlier = store.list_verdicts(
            article_id=asked.article_id, claim_id=asked.claim_id, active=True
        )
    if asked.kind is VerdictKind.ALERT and (
        asked.alert_id is None or store.get_alert(asked.alert_id) is None
    ):
        raise NothingToReviewError(f"no alert #{asked.alert_id}: see 'watchfloor alerts'")
    with store.reviewing() as session:
        if asked.kind is VerdictKind.CLAIM:
            verdict, touched = _claim(session, asked, in_ledger, earlier, by)
        elif asked.kind is VerdictKind.PROPOSITION:
            verdict, touched = _judge(session, asked, by)
        elif asked.kind is VerdictKind.SPLIT:
            verdict, touched = _split(session, asked, by)
        elif asked.kind is VerdictKind.UNMERGE:
            verdict, touched = _unmerge(session, asked, by)
        else:
            verdict, touched = session.add_verdict(_values(asked, by)), []
        _regrade(session, touched, registry)
    return Reviewed(verdict, tuple(touched))


def undo(store: Store, verdict_id: int, *, by: str, registry: SourceRegistry) -> Reviewed:
    """Undo a verdict: what it replaced comes back, and what it touched is graded again.
    The verdict stays in the log, marked undone by ``by``."""
    with store.reviewing() as session:
        verdict = session.verdict(verdict_id)
        if verdict is None:
            raise NothingToReviewError(f"no verdict #{verdict_id}: see 'watchfloor review list'")
        if not verdict.active:
            raise ReviewError(f"verdict #{verdict_id} was undone already ({verdict.undone_by})")
        touched: list[int] = []
        previous = verdict.previous
        if verdict.kind is VerdictKind.CLAIM:
            rows = previous.get("rows", [])
            session.restore_claim_rows(rows)
            touched = sorted({int(r["proposition_id"]) for r in rows})
        elif verdict.kind is VerdictKind.PROPOSITION:
            assert verdict.proposition_id is not None
            session.set_judgement(verdict.proposition_id, previous.get("judgement"))
            touched = [verdict.proposition_id]
        elif verdict.kind is VerdictKind.SPLIT:
            assert verdict.article_id is not None and verdict.claim_id is not None
            original, into = verdict.proposition_id, int(previous["into"])
            assert original is not None
            session.move_claim(verdict.article_id, verdict.claim_id, into, original)
            session.drop_if_empty(into)
            touched = [original]
        elif verdict.kind is VerdictKind.UNMERGE:
            assert verdict.entity_id is not None
            session.set_merge(
                verdict.entity_id, previous.get("merged_into"), previous.get("reason")
            )
        session.undo_verdict(verdict.id, by)
        _regrade(session, touched, registry)
        undone = session.verdict(verdict.id)
    assert undone is not None
    return Reviewed(undone, tuple(touched))


# -- each kind of verdict -------------------------------------------------------------------


def _values(asked: Review, by: str, previous: Mapping[str, Any] | None = None) -> dict[str, Any]:
    return {
        "kind": asked.kind.value,
        "field": asked.field,
        "value": asked.value,
        "note": asked.note.strip(),
        "made_by": by,
        "article_id": asked.article_id,
        "claim_id": asked.claim_id,
        "proposition_id": asked.proposition_id,
        "entity_id": asked.entity_id,
        "alert_id": asked.alert_id,
        "previous": dict(previous or {}),
    }


def _as_claim(claim_id: str, rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """A claim the ledger does not list (an event's own statement, "v2": the article
    reports the event in its own voice) as its stored row says it."""
    row = rows[0]
    denied = row["stance"] == Stance.DENIES.value
    return {
        "id": claim_id,
        "polarity": Polarity.DENIED.value if denied else Polarity.AFFIRMED.value,
        "modality": row["modality"],
        "source": {"text": row["source_name"], "kind": row["source_kind"]},
        "content": {"text": row["content"]},
    }


def _claim(
    session: ReviewSession,
    asked: Review,
    in_ledger: Mapping[str, Any] | None,
    earlier: Sequence[Verdict],
    by: str,
) -> tuple[Verdict, list[int]]:
    assert asked.article_id is not None and asked.claim_id is not None
    rows = session.claim_rows(asked.article_id, asked.claim_id)
    if in_ledger is None and not rows:
        raise NothingToReviewError(
            f"no claim {asked.claim_id} in article {asked.article_id}: see 'watchfloor "
            f"claims --article {asked.article_id}'"
        )
    # the claim as reviewed so far: a verdict builds on the earlier ones
    claim = claim_as_reviewed(in_ledger or _as_claim(asked.claim_id, rows), earlier)
    previous: dict[str, Any] = {asked.field: _ledger_value(claim, asked.field), "rows": rows}
    value = _apply(session, asked.article_id, asked.claim_id, asked.field, asked.value, claim, rows)
    if asked.field in ("source", "cue"):
        previous["span"] = _span_of(session, asked.article_id, value, claim)
    touched = sorted({int(r["proposition_id"]) for r in rows})
    # the proposition it was in (the first, for a claim in several): where it is listed
    held = touched[0] if touched else None
    asked = replace(asked, value=value, proposition_id=held)
    return session.add_verdict(_values(asked, by, previous)), touched


def _apply(
    session: ReviewSession,
    article_id: int,
    claim_id: str,
    field: str,
    given: str | None,
    claim: Mapping[str, Any],
    rows: Sequence[Mapping[str, Any]],
) -> str:
    """Carry a claim verdict into the claim's ``rows`` in propositions; returns the value
    as stored. ``claim`` is the claim as reviewed before this verdict."""
    value = (given or "").strip()
    if field == "polarity":
        _one_of(value, [p.value for p in Polarity], field)
        session.update_claim_rows(article_id, claim_id, {"stance": _stance(value, claim, rows)})
    elif field == "modality":
        _one_of(value, [m.value for m in Modality], field)
        polarity = claim.get("polarity", Polarity.AFFIRMED.value)
        changes = {"modality": value, "stance": _stance(polarity, {**claim, "modality": value})}
        session.update_claim_rows(article_id, claim_id, changes)
    elif field == "source":
        if not value:
            raise ReviewError("give the right source's name")
        # the corrected source is its own origin: named, one link in the chain
        session.update_claim_rows(
            article_id,
            claim_id,
            {
                "source_name": value, "origin_name": value, "origin": f"name:{value.casefold()}",
                "source_kind": "person", "source_entity_id": None, "teller": value,
                "chain": [value],
            },
        )  # fmt: skip
    elif field == "cue":
        if not value:
            raise ReviewError("give the right cue (the reporting word)")
    else:  # not a claim: out of every proposition
        value = "true"
        session.delete_claim_rows(article_id, claim_id)
    return value


def reapply(
    link_session: LinkSession, article_id: int, claims: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]] | None:
    """Carry the article's active claim verdicts into its claim rows again, after linking
    wrote them anew (a new ledger, or linking run again): a correction outlives
    relinking. Each verdict keeps the fresh rows it replaced, so undo restores them.
    Returns the article's claim rows as they now are, or None when no verdict applied
    (the rows linking wrote stand). (A split is not redone: relinking decides again where
    the claim belongs, and the split's verdict stays in the log.)"""
    session = ReviewSession(link_session.connection, link_session.dialect)
    verdicts = session.claim_verdicts(article_id)
    by_id = {str(c.get("id")): c for c in claims}
    done: list[Verdict] = []
    for verdict in verdicts:  # oldest first
        assert verdict.claim_id is not None
        rows = session.claim_rows(article_id, verdict.claim_id)
        if not rows:
            done.append(verdict)
            continue
        claim = claim_as_reviewed(
            by_id.get(verdict.claim_id) or _as_claim(verdict.claim_id, rows), done
        )
        _apply(session, article_id, verdict.claim_id, verdict.field, verdict.value, claim, rows)
        session.set_previous(verdict.id, {**verdict.previous, "rows": rows})
        done.append(verdict)
    return session.article_claim_rows(article_id) if verdicts else None


def _judge(session: ReviewSession, asked: Review, by: str) -> tuple[Verdict, list[int]]:
    value = (asked.value or "").strip().lower()
    _one_of(value, list(JUDGEMENTS), "a proposition's truth")
    found = (
        session.proposition_row(asked.proposition_id) if asked.proposition_id is not None else None
    )
    if found is None:
        raise NothingToReviewError(f"no proposition #{asked.proposition_id}")
    assert asked.proposition_id is not None
    session.set_judgement(asked.proposition_id, value)
    previous = {"judgement": found.get("judgement"), "truth": found.get("judgement")}
    verdict = session.add_verdict(_values(replace(asked, value=value), by, previous))
    return verdict, [asked.proposition_id]


def _split(session: ReviewSession, asked: Review, by: str) -> tuple[Verdict, list[int]]:
    assert asked.article_id is not None and asked.claim_id is not None
    rows = session.claim_rows(asked.article_id, asked.claim_id)
    if asked.proposition_id is not None:
        rows = [r for r in rows if int(r["proposition_id"]) == asked.proposition_id]
    if not rows:
        raise NothingToReviewError(
            f"claim {asked.article_id}:{asked.claim_id} is in no proposition"
            + (f" #{asked.proposition_id}" if asked.proposition_id is not None else "")
        )
    row = rows[0]
    original = int(row["proposition_id"])
    was = session.proposition_row(original) or {}
    seen = datetime.fromisoformat(row["seen_at"]) if row.get("seen_at") else datetime.now(UTC)
    into = session.new_proposition(
        {
            "type": was.get("type"), "family": was.get("family"), "country": was.get("country"),
            "summary": str(row["content"])[:200], "signature": {"split_from": original},
            "first_seen": seen, "last_seen": seen,
        }
    )  # fmt: skip
    session.move_claim(asked.article_id, asked.claim_id, original, into)
    previous = {"rows": [row], "into": into, "proposition": f"#{original}"}
    asked = replace(asked, proposition_id=original, value=str(into))
    verdict = session.add_verdict(_values(asked, by, previous))
    return verdict, [original, into]


def _unmerge(session: ReviewSession, asked: Review, by: str) -> tuple[Verdict, list[int]]:
    found = session.merge_of(asked.entity_id) if asked.entity_id is not None else None
    if found is None:
        raise NothingToReviewError(f"no entity #{asked.entity_id}: see 'watchfloor entities'")
    into, reason = found
    if into is None:
        raise ReviewError(f"entity #{asked.entity_id} is not merged into another")
    assert asked.entity_id is not None
    session.set_merge(asked.entity_id, None, None)
    previous = {"merged_into": into, "reason": reason, "merge": f"#{into}"}
    return session.add_verdict(_values(asked, by, previous)), []


# -- helpers ----------------------------------------------------------------------------------


def _one_of(value: str, allowed: Sequence[str], what: str) -> None:
    if value not in allowed:
        raise ReviewError(f"{what} is one of {', '.join(allowed)}, not {value!r}")


def _ledger_value(claim: Mapping[str, Any], field: str) -> str | None:
    if field in ("source", "cue"):
        span = claim.get(field) or {}
        return str(span.get("text") or span.get("kind") or "") or None
    if field == "not_a_claim":
        return "false"
    value = claim.get(field)
    return str(value) if value is not None else None


def _stance(polarity: str, claim: Mapping[str, Any], rows: Sequence[Mapping[str, Any]] = ()) -> str:
    """The stance a claim takes with this polarity: a denial denies; an affirmation
    supports unless hedged (or it relayed another claim, as linking found)."""
    if polarity == Polarity.DENIED.value:
        return Stance.DENIES.value
    if claim.get("modality") in HEDGED:
        return Stance.REPORTS.value
    if any(r.get("stance") == Stance.REPORTS.value for r in rows):
        return Stance.REPORTS.value
    return Stance.SUPPORTS.value


def _span_of(
    session: ReviewSession, article_id: int, value: str, claim: Mapping[str, Any]
) -> dict[str, int] | None:
    """Where the corrected words are in the article: the occurrence nearest the claim."""
    text = session.article_text(article_id)
    if not text or not value:
        return None
    at = int((claim.get("content") or {}).get("start") or 0)
    found, start = [], text.find(value)
    while start != -1:
        found.append(start)
        start = text.find(value, start + 1)
    if not found:
        return None
    best = min(found, key=lambda s: abs(s - at))
    return {"start": best, "end": best + len(value)}


def _regrade(session: ReviewSession, ids: Sequence[int], registry: SourceRegistry) -> None:
    if not ids:
        return
    groups = session.evidence_groups(ids, -1)
    notes = session.review_notes(ids)
    session.set_assessments([graded(i, groups.get(i, []), registry, notes.get(i, ())) for i in ids])
