"""Credibility (Admiralty 1-6) from corroboration and contradiction, and the ICD 203
likelihood phrase, each with a plain-language explanation that lists its evidence."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from watchfloor.assess.registry import SourceRegistry
from watchfloor.types import ClaimGroup, Stance, StoredClaim

__all__ = [
    "CREDIBILITY",
    "ICD_203",
    "Assessment",
    "Evidence",
    "assess_groups",
    "assess_proposition",
    "credibility",
    "group_of",
    "likelihood_phrase",
]

CREDIBILITY = {
    1: "confirmed",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "cannot be judged",
}

ICD_203 = (
    (0.05, "almost no chance"),
    (0.20, "very unlikely"),
    (0.45, "unlikely"),
    (0.55, "roughly even chance"),
    (0.80, "likely"),
    (0.95, "very likely"),
    (1.01, "almost certain"),
)
"""Upper bound of each band of ICD 203's estimative terms (US ODNI, 2015)."""

WEIGHT = {"A": 2.0, "B": 1.5, "C": 1.0, "D": 0.5, "E": 0.25, "F": 0.75}
"""How much one independent origin moves the log-odds, by the reliability of its source.
F (cannot be judged) sits between fairly and not usually reliable: unknown, not bad."""
HEDGED = 0.35
"""The weight of an origin that only reports it with hedges ("might", "possibly")."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """One claim as the grading rules see it."""

    stance: str
    origin: str
    name: str
    hedged: bool = False
    unnamed: bool = False
    reliability: str = "F"
    claim: str = ""


@dataclass(frozen=True, slots=True)
class Assessment:
    credibility: int
    credibility_label: str
    credibility_reason: str
    likelihood: str
    probability: float
    likelihood_reason: str
    evidence: tuple[dict[str, object], ...] = field(default_factory=tuple)

    @property
    def grade(self) -> str:
        return f"{self.credibility} ({self.credibility_label})"

    def explanation(self) -> str:
        return (
            f"Credibility {self.credibility} ({self.credibility_label}): "
            f"{self.credibility_reason}. Likelihood: {self.likelihood} "
            f"({self.probability:.0%}): {self.likelihood_reason}."
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "credibility": self.credibility,
            "credibility_label": self.credibility_label,
            "credibility_reason": self.credibility_reason,
            "likelihood": self.likelihood,
            "probability": round(self.probability, 3),
            "likelihood_reason": self.likelihood_reason,
            "explanation": self.explanation(),
            "evidence": list(self.evidence),
        }


def _names(items: Sequence[Evidence]) -> str:
    """One name per origin: the outlet and its unnamed sources are one origin."""
    first: dict[str, str] = {}
    for item in items:
        first.setdefault(item.origin, item.name)
    return ", ".join(dict.fromkeys(first.values()))


def credibility(evidence: Sequence[Evidence]) -> tuple[int, str]:
    """Admiralty credibility from independent corroboration and contradiction; the
    reliability of the sources plays no part (the two grades never feed each other)."""
    supports = [e for e in evidence if e.stance == "supports"]
    denials = [e for e in evidence if e.stance == "denies"]
    firm = [e for e in supports if not e.hedged]
    origins = {e.origin for e in firm}
    deniers = {e.origin for e in denials} - {e.origin for e in supports}
    # an origin that both supports and denies counts as supporting, but the grade says
    # so: "none denies it" next to a denying claim would contradict the evidence table
    wavering = [e for e in denials if e.origin in {s.origin for s in supports}]
    also = f"; {_names(wavering)} also denies it" if wavering else ""
    if not supports and not denials:
        return 6, "no source supports or denies it"
    if not supports:
        return 5, f"only denied ({_names(denials)})"
    if deniers:
        backing = max(len(origins), 1)
        if len(deniers) > backing:
            return 5, (
                f"denied by {len(deniers)} independent origins ({_names(denials)}), supported "
                f"by {backing} ({_names(supports)})"
            )
        if len(origins) >= 2:
            return 3, (
                f"supported by {len(origins)} independent origins ({_names(firm)}), denied by "
                f"{_names(denials)}"
            )
        return 4, f"supported by {_names(supports)}, denied by {_names(denials)}"
    if not firm:
        return 3, f"supported only with hedges by {_names(supports)}"
    if len(origins) >= 2:
        if wavering:  # confirmed needs no denial at all
            return 2, f"supported by {len(origins)} independent origins ({_names(firm)}){also}"
        return 1, (
            f"supported by {len(origins)} independent origins ({_names(firm)}), none denies it"
        )
    if all(e.unnamed for e in firm):
        return 3, f"supported only by unnamed sources ({_names(firm)}){also}"
    return 2, f"supported by {_names(firm)}; no other independent origin confirms it{also}"


def likelihood_phrase(probability: float) -> str:
    return next(term for bound, term in ICD_203 if probability < bound)


def _likelihood(evidence: Sequence[Evidence]) -> tuple[float, str]:
    """Log-odds from even: each independent origin that supports adds its weight, each
    that only denies subtracts it; hedged reports add a little."""
    by_origin: dict[str, tuple[str, Evidence]] = {}
    for item in evidence:
        if item.stance not in ("supports", "denies"):
            continue
        stance = "reports" if item.hedged else item.stance
        # as for credibility, an origin that both supports and denies it supports it
        rank = {"supports": 0, "denies": 1, "reports": 2}
        known = by_origin.get(item.origin)
        if known is None or rank[stance] < rank[known[0]]:
            by_origin[item.origin] = (stance, item)
    score = 0.0
    parts = []
    for stance, item in by_origin.values():
        weight = WEIGHT.get(item.reliability, WEIGHT["F"])
        if stance == "reports":
            weight *= HEDGED
        signed = -weight if stance == "denies" else weight
        score += signed
        parts.append(f"{item.name} [{item.reliability}] {stance} ({signed:+.2f})")
    probability = 1 / (1 + math.exp(-score))
    probability = min(max(probability, 0.01), 0.99)
    reason = "; ".join(parts) if parts else "no source supports or denies it"
    return probability, f"log-odds {score:+.2f} from {reason}"


def group_of(claim: StoredClaim) -> ClaimGroup:
    """One claim as a group of one."""
    return ClaimGroup(
        proposition_id=claim.proposition_id,
        stance=claim.stance,
        origin=claim.origin,
        origin_name=claim.origin_name,
        source_name=claim.source_name,
        source_kind=claim.source_kind,
        modality=claim.modality,
        teller=claim.chain[0] if claim.chain else claim.source_name,
        claim=claim.key,
        first_seen=claim.seen_at,
        size=claim.size,
        claim_date=claim.claim_date,
    )


def assess_proposition(claims: Sequence[StoredClaim], registry: SourceRegistry) -> Assessment:
    """Credibility and likelihood of one proposition from all its stored claims."""
    return assess_groups([group_of(c) for c in claims], registry)


def assess_groups(groups: Sequence[ClaimGroup], registry: SourceRegistry) -> Assessment:
    """Credibility and likelihood of one proposition from its claims read as groups of
    like claims (in the order of their first claim); the same grade and reasons as claim
    by claim, since the rules count origins, not repetitions. The evidence lists each
    group once, with how many claims it holds."""
    evidence = []
    counts = []
    for group in groups:
        unnamed = group.source_kind in ("anonymous", "unattributed")
        # unnamed sources are as reliable as the outlet that relays them
        letter, _ = registry.grade(group.teller if unnamed else group.origin_name)
        stance = group.stance.value
        if group.stance is Stance.REPORTS:
            # hedged ("might") is weak support; a question ("unknown") is no evidence;
            # a claim that relays another adds nothing of its own: the relayed claim
            # carries the information
            stance = {"possible": "supports", "unknown": "asks"}.get(group.modality, "relays")
        evidence.append(
            Evidence(
                stance=stance,
                origin=group.origin,
                name=group.origin_name,
                hedged=group.stance is Stance.REPORTS,
                unnamed=unnamed,
                reliability=letter,
                claim=group.claim,
            )
        )
        counts.append(group.claims)
    grade, reason = credibility(evidence)
    probability, why = _likelihood(evidence)
    listed = tuple(
        {
            "claim": e.claim,
            "stance": e.stance,
            "origin": e.name,
            "reliability": e.reliability,
            "claims": count,
        }
        for e, count in zip(evidence, counts, strict=True)
    )
    return Assessment(
        credibility=grade,
        credibility_label=CREDIBILITY[grade],
        credibility_reason=reason,
        likelihood=likelihood_phrase(probability),
        probability=probability,
        likelihood_reason=why,
        evidence=listed,
    )
