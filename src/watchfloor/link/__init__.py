"""Link: how claims relate. Inside one article (``link_ledger``): claims grouped into
propositions, each claim's stance and origin, and the contradictions between them. Across
articles (``watchfloor.link.across``): one entity per referent and one proposition per
state of affairs in the whole store; the pipeline feeds it the candidates that blocking
selects from the store.
"""

from __future__ import annotations

import dataclasses

from watchfloor.link.contradictions import ClaimView, contradictions_in
from watchfloor.link.propositions import article_propositions, origin_of_claim
from watchfloor.types import Claim, Ledger, Quantity

__all__ = ["claim_date", "describe_quantity", "link_ledger", "origin_of_claim"]


def describe_quantity(quantity: Quantity) -> str:
    """'an estimated 2,000 (approximate)', as a contradiction's reason shows a number."""
    text = " ".join(quantity.text.split())
    return f"{text} (approximate)" if quantity.approximate and "estimat" not in text else text


def _source_label(claim: Claim, names: dict[str, str]) -> str:
    source = claim.source
    if source is None:
        return "an unattributed report"
    if source.entity and source.entity in names:
        return names[source.entity]
    return source.text or source.kind.value


def claim_date(claim: Claim, ledger: Ledger) -> str | None:
    """The first resolved date inside a claim's content, if any."""
    start, end = claim.content.start, claim.content.end
    return next(
        (d.value for d in ledger.dates if d.value and start <= d.start and d.end <= end), None
    )


def link_ledger(ledger: Ledger, *, text: str = "", outlet: str | None = None) -> Ledger:
    """The ledger with its propositions and the contradictions inside the article.

    ``text`` is the article's text (numbers inside a condition are recognised from it);
    ``outlet`` names who published it, so that its unnamed sources count as one origin.
    """
    propositions = article_propositions(ledger, text=text, outlet=outlet)
    names = {e.id: e.name for e in ledger.entities}
    claims = {c.id: c for c in ledger.claims}
    events = {e.id: e for e in ledger.events}
    contradictions = []
    seen: set[frozenset[str]] = set()
    for proposition in propositions:
        views = [
            ClaimView(
                key=member.claim,
                stance=member,
                source=_source_label(claims[member.claim], names),
                date=claim_date(claims[member.claim], ledger),
            )
            if member.claim in claims
            else ClaimView(  # the article's own voice, under the event's id
                key=member.claim,
                stance=member,
                source=member.origin_name,
                date=events[member.claim].date if member.claim in events else None,
            )
            for member in proposition.claims
        ]
        for found in contradictions_in(proposition.id, views, describe=describe_quantity):
            pair = frozenset(found.claims)
            if pair not in seen:
                seen.add(pair)
                contradictions.append(found)
    return dataclasses.replace(
        ledger, propositions=propositions, contradictions=tuple(contradictions)
    )
