from __future__ import annotations

from collections.abc import Callable

import pytest

from watchfloor.extract import annotate
from watchfloor.link import link_ledger
from watchfloor.types import Ledger


@pytest.fixture(scope="session")
def linked() -> Callable[..., Ledger]:
    """The linked ledger of one text, as `watchfloor analyze` builds it."""

    def run(text: str, outlet: str | None = None) -> Ledger:
        return link_ledger(annotate(text), text=text, outlet=outlet)

    return run
