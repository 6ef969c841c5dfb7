"""Claims on pending articles: processes extracting from one store at once never get the
same article, and a claim does not outlive its process."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

from sqlalchemy import text

from tests.store.test_store import put
from watchfloor.store import Store, claim_holder
from watchfloor.types import Article


def pending(store: Store, count: int) -> list[int]:
    return [
        put(store, Article(text=f"Report {i} on the drills.", origin=f"r{i}.txt")).id or 0
        for i in range(count)
    ]


def test_two_holders_get_disjoint_articles_until_none_is_left(store: Store) -> None:
    ids = pending(store, 10)
    first, second = claim_holder(), claim_holder()
    a = [x.id for x in store.claim_pending(first, limit=4)]
    b = [x.id for x in store.claim_pending(second, limit=4)]
    c = [x.id for x in store.claim_pending(first, limit=4)]
    assert a == ids[:4] and b == ids[4:8] and c == ids[8:]
    assert store.claim_pending(second, limit=4) == []
    store.release_claims(first)
    assert [x.id for x in store.claim_pending(second, limit=10)] == a + c


def test_a_claim_lapses_with_its_process_or_with_time(store: Store) -> None:
    ids = pending(store, 3)
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)  # fmt: skip
    gone = claim_holder().split(":")
    gone[1] = ended.stdout.strip()  # a holder on this host whose process has exited
    assert [x.id for x in store.claim_pending(":".join(gone), limit=1)] == ids[:1]
    other_host = "elsewhere:1:abcd"  # cannot be checked: only time frees its claims
    assert [x.id for x in store.claim_pending(other_host, limit=1)] == ids[:1]
    me = claim_holder()
    assert [x.id for x in store.claim_pending(me, limit=3)] == ids[1:]
    assert [x.id for x in store.claim_pending(me, limit=3, lapse_after=timedelta(0))] == ids
    with store.engine.connect() as connection:
        holders = connection.execute(text("SELECT DISTINCT holder FROM extraction_claims"))
        assert {h for (h,) in holders} == {me}
