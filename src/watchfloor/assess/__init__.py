"""Assess: grade sources and information the way analysts do, always with the reasons.

Two grades that never feed each other (Admiralty code, STANAG 2511): a source's
reliability A-F comes from the source registry the user edits (``sources.yaml``; F when
the source is not in it); a proposition's credibility 1-6 comes only from how independent
origins corroborate or contradict it. The ICD 203 likelihood phrase weighs both and says
how. The rules are written out in docs/assessment.md:

1 confirmed      two or more independent origins support it and none denies it
2 probably true  one origin supports it, without hedging, and none denies it
3 possibly true  supported only with hedges or only by unnamed sources; or supported by two
                 or more independent origins and denied by another
4 doubtful       supported by one origin and denied by another
5 improbable     only denied, or denied by more independent origins than support it
6 cannot be judged  no claim supports or denies it

Entry functions: ``assess_proposition`` (across articles) and ``event_credibility`` (an
event inside one article, for indicators).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from watchfloor.assess.grades import (
    CREDIBILITY,
    ICD_203,
    Assessment,
    Evidence,
    assess_groups,
    assess_proposition,
    credibility,
    likelihood_phrase,
)
from watchfloor.assess.registry import (
    RELIABILITY,
    RegistryEntry,
    SourceRegistry,
    load_registry,
)

__all__ = [
    "CREDIBILITY",
    "ICD_203",
    "RELIABILITY",
    "Assessment",
    "Evidence",
    "RegistryEntry",
    "SourceRegistry",
    "assess_groups",
    "assess_proposition",
    "credibility",
    "event_credibility",
    "likelihood_phrase",
    "load_registry",
    "origin_of",
]


def origin_of(claim: Mapping[str, Any], outlet: str | None) -> str:
    """Who a report really comes from: the last source it cites, else its source; unnamed
    sources of one outlet count as one origin."""
    cites = claim.get("cites") or []
    source = cites[-1] if cites else claim.get("source") or {}
    name = source.get("name")
    if name:
        return str(name).casefold()
    kind = source.get("kind") or "unattributed"
    return f"{(outlet or 'article').casefold()}|{kind}"


def event_credibility(claims: Sequence[Mapping[str, Any]], outlet: str | None) -> tuple[int, str]:
    """Admiralty credibility (1-6) of an event from the claims about it inside one article
    (JSON claims with a ``stance``), and why."""
    evidence = [
        Evidence(
            stance=str(c.get("stance")),
            origin=origin_of(c, outlet),
            name=_name(c),
            hedged=c.get("modality") in ("possible", "probable", "unknown"),
            unnamed=(c.get("source") or {}).get("kind") in ("anonymous", "unattributed"),
        )
        for c in claims
    ]
    return credibility(evidence)


def _name(claim: Mapping[str, Any]) -> str:
    source = claim.get("source") or {}
    return str(source.get("name") or source.get("text") or source.get("kind") or "?")
