"""Assess: how credible a piece of information is, on the Admiralty scale, with reasons.

Entry function: ``event_credibility``. The rules (docs/indicators.md, "Credibility"):

1 confirmed      two or more independent origins report it and none denies it
2 probably true  one origin reports it as certain and none denies it
3 possibly true  reported only with hedges (probable, possible), or by an unnamed source;
                 or reported by two or more independent origins and denied by another
4 doubtful       reported by one origin and denied by another
5 improbable     only denied
6 cannot be judged  no claim reports or denies it

Within one article; corroboration across articles comes with cross-article linking.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["event_credibility", "origin_of"]


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
    """Admiralty credibility (1-6) of an event from the claims about it, and why."""
    supports = [c for c in claims if c.get("stance") == "supports"]
    denials = [c for c in claims if c.get("stance") == "denies"]
    origins = {origin_of(c, outlet) for c in supports}
    deniers = {origin_of(c, outlet) for c in denials} - origins
    if not supports and not denials:
        return 6, "no source reports or denies it"
    if not supports:
        return 5, f"only denied ({_names(denials)})"
    hedged = all(c.get("modality") in ("possible", "probable", "unknown") for c in supports)
    unnamed = all(
        (c.get("source") or {}).get("kind") in ("anonymous", "unattributed") for c in supports
    )
    if len(origins) >= 2 and not deniers:
        return (
            1,
            f"reported by {len(origins)} independent origins ({_names(supports)}), none denies it",
        )
    if deniers:
        if len(origins) >= 2:
            return 3, f"reported by {len(origins)} origins, denied by {_names(denials)}"
        return 4, f"reported by {_names(supports)}, denied by {_names(denials)}"
    if hedged:
        return 3, f"reported only with hedges by {_names(supports)}"
    if unnamed:
        return 3, f"reported only by an unnamed source ({_names(supports)})"
    return 2, f"reported as certain by {_names(supports)}; not confirmed by another origin"


def _names(claims: Sequence[Mapping[str, Any]]) -> str:
    names = []
    for claim in claims:
        source = claim.get("source") or {}
        names.append(str(source.get("name") or source.get("text") or source.get("kind") or "?"))
    return ", ".join(dict.fromkeys(names))
