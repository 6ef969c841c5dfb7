"""The analyst's verdicts: what a person told the system it got wrong (a claim's source,
cue, polarity or modality; a claim that is no claim; a proposition true or false; a claim
that belongs elsewhere; a merge of two entities; an alert that is a false trigger).

A verdict is kept with who gave it, when and why, and what it replaced, so that undoing it
restores the ledger exactly. Core types only: ``watchfloor.pipeline.review`` applies them.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as default
from datetime import datetime
from typing import Any

__all__ = ["CLAIM_FIELDS", "FIELDS", "Verdict", "VerdictKind", "claim_as_reviewed"]


class VerdictKind(enum.StrEnum):
    CLAIM = "claim"
    """A claim's source, cue, polarity or modality is wrong, or it is no claim at all."""
    PROPOSITION = "proposition"
    """A proposition judged true, false or unresolved."""
    SPLIT = "split"
    """A claim taken out of the proposition linking put it in."""
    UNMERGE = "unmerge"
    """An entity merged into another is its own referent after all."""
    ALERT = "alert"
    """An alert acknowledged, assigned to someone, or dismissed as a false trigger."""


CLAIM_FIELDS = ("source", "cue", "polarity", "modality", "not_a_claim")
FIELDS: Mapping[VerdictKind, tuple[str, ...]] = {
    VerdictKind.CLAIM: CLAIM_FIELDS,
    VerdictKind.PROPOSITION: ("truth",),
    VerdictKind.SPLIT: ("proposition",),
    VerdictKind.UNMERGE: ("merge",),
    VerdictKind.ALERT: ("acknowledge", "assign", "dismiss"),
}
"""The fields a verdict of each kind may set."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Verdict:
    """One person's verdict on one thing the ledger says, reversible."""

    id: int
    kind: VerdictKind
    field: str
    value: str | None
    note: str
    made_by: str
    made_at: datetime
    article_id: int | None = None
    claim_id: str | None = None
    proposition_id: int | None = None
    entity_id: int | None = None
    alert_id: int | None = None
    previous: Mapping[str, Any] = default(default_factory=dict)
    """What the verdict replaced, as stored (restored on undo)."""
    undone_at: datetime | None = None
    undone_by: str | None = None

    @property
    def active(self) -> bool:
        return self.undone_at is None

    @property
    def target(self) -> str:
        """What the verdict is about, as a reader names it."""
        if self.kind in (VerdictKind.CLAIM, VerdictKind.SPLIT):
            return f"claim {self.article_id}:{self.claim_id}"
        if self.kind is VerdictKind.PROPOSITION:
            return f"proposition #{self.proposition_id}"
        if self.kind is VerdictKind.UNMERGE:
            return f"entity #{self.entity_id}"
        return f"alert #{self.alert_id}"

    def describe(self) -> str:
        """One line: "claim 3:c2 polarity asserted -> denied (token ana, 2026-12-04)"."""
        was = self.previous.get(self.field) if self.previous else None
        if self.kind is VerdictKind.CLAIM and self.field == "not_a_claim":
            what = "is not a claim"
        elif self.kind is VerdictKind.CLAIM:
            what = f"{self.field} {was or '?'} -> {self.value}"
        elif self.kind is VerdictKind.PROPOSITION:
            what = f"judged {self.value}"
        elif self.kind is VerdictKind.SPLIT:
            what = f"split out of proposition #{self.proposition_id}"
        elif self.kind is VerdictKind.UNMERGE:
            what = f"no longer merged into #{self.previous.get('merged_into')}"
        elif self.field == "assign":
            what = f"assigned to {self.value}"
        elif self.field == "dismiss":
            what = "dismissed as a false trigger"
        else:
            what = "acknowledged"
        note = f": {self.note}" if self.note else ""
        return f"{self.target} {what} ({self.made_by}, {self.made_at:%Y-%m-%d}){note}"


def claim_as_reviewed(claim: Mapping[str, Any], verdicts: Sequence[Verdict]) -> dict[str, Any]:
    """A ledger claim (as JSON) with the active verdicts on it applied, oldest first: the
    corrected source, cue, polarity and modality; ``None`` fields stay as they were. A
    claim marked not a claim gets ``"not_a_claim": True``."""
    out = dict(claim)
    for verdict in sorted(verdicts, key=lambda v: v.id):
        if not verdict.active or verdict.kind is not VerdictKind.CLAIM:
            continue
        if verdict.field == "not_a_claim":
            out["not_a_claim"] = True
        elif verdict.field in ("source", "cue"):
            span = dict(out.get(verdict.field) or {})
            span.update({"text": verdict.value, "start": None, "end": None, "entity": None})
            span.update(verdict.previous.get("span") or {})
            out[verdict.field] = span
        else:
            out[verdict.field] = verdict.value
    return out
