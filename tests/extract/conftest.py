from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from watchfloor.extract import annotate
from watchfloor.types import Claim, Ledger


@pytest.fixture(scope="session")
def ledger_of() -> Callable[..., Ledger]:
    def run(text: str, published: datetime | None = None) -> Ledger:
        return annotate(text, published=published)

    return run


def claim_with(ledger: Ledger, words: str) -> Claim:
    """The claim whose content contains ``words``."""
    found = [c for c in ledger.claims if words in c.content.text]
    assert found, f"no claim containing {words!r} in {[c.content.text for c in ledger.claims]}"
    return found[0]


def source_name(ledger: Ledger, claim: Claim) -> str | None:
    if claim.source is None:
        return None
    if claim.source.entity is not None:
        return next(e.name for e in ledger.entities if e.id == claim.source.entity)
    return claim.source.text
