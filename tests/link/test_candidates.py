"""Blocking at scale: the propositions linking compares are found through indexes and
bounded per key, so linking a batch costs the same in a small store and a large one."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from watchfloor.pipeline import extract, ingest, link
from watchfloor.settings import load_settings
from watchfloor.store import Store, _linking, open_store

from .test_across import MOBILISATION, write_jsonl

DAY = datetime(2024, 3, 1, tzinfo=UTC)


def add(store: Store, key: str, seen: datetime) -> int:
    with store.linking() as session:
        return session.add_proposition(
            {"summary": f"seen {seen:%F}", "signature": {}, "first_seen": seen, "last_seen": seen},
            [key],
        )


def test_candidates_are_the_most_recent_in_the_window_per_key(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_linking, "CANDIDATES_PER_KEY", 3)
    ids = [add(store, "event:MOBILIZE:BY", DAY + timedelta(days=d)) for d in range(6)]
    other = add(store, "event:ASSAULT:UA", DAY + timedelta(days=5))
    long_ago = add(store, "event:MOBILIZE:BY", DAY - timedelta(days=60))
    with store.linking() as session:
        found = session.proposition_candidates(
            ["event:MOBILIZE:BY"], DAY - timedelta(days=14), DAY + timedelta(days=14)
        )
    assert [p.id for p in found] == ids[3:]
    assert other not in {p.id for p in found} and long_ago not in {p.id for p in found}


def test_a_proposition_seen_again_is_a_recent_candidate_again(store: Store) -> None:
    old = add(store, "entity:7", DAY - timedelta(days=40))
    window = (DAY - timedelta(days=14), DAY + timedelta(days=14))
    with store.linking() as session:
        assert session.proposition_candidates(["entity:7"], *window) == []
        session.add_blocks(old, ["entity:8"], DAY)
        session.widen(old, DAY, {})
    with store.linking() as session:
        for key in ("entity:7", "entity:8"):
            assert [p.id for p in session.proposition_candidates([key], *window)] == [old]


GROWING_TABLES = (
    "propositions",
    "proposition_blocks",
    "proposition_claims",
    "contradictions",
    "entity_links",
    "entity_aliases",
    "entities",
    "events",
)


def test_linking_an_article_reads_growing_tables_only_through_indexes(tmp_path: Path) -> None:
    """SQLite's own query plans for every statement that linking an article runs: a full
    scan of a table that grows with the store would make each article cost more as the
    store grows (the one scan of the pending list per run is allowed)."""
    settings = load_settings(db=str(tmp_path / "plans.db"))
    statements: dict[str, Any] = {}
    with open_store(settings.db) as store:
        ingest(store, [str(write_jsonl(tmp_path / "a.jsonl", MOBILISATION))], settings=settings)
        extract(store)

        @event.listens_for(store.engine, "before_cursor_execute")
        def keep(_c: Any, _cur: Any, statement: str, params: Any, _x: Any, many: bool) -> None:
            statements.setdefault(statement, params[0] if many else params)

        report = link(store)
    assert report.articles == len(MOBILISATION)
    scans = table_scans(settings.db, statements, GROWING_TABLES)
    # linking did look up candidates, through the blocks
    assert any("FROM proposition_blocks" in s and "JOIN propositions" in s for s in statements)
    assert scans == []


def table_scans(
    db: str, statements: dict[str, Any], tables: tuple[str, ...]
) -> list[tuple[str, str]]:
    """Each full scan of one of ``tables`` in SQLite's own plans of ``statements`` (the
    statement with the parameters it first ran with)."""
    connection = sqlite3.connect(db)
    scans = []
    for statement, params in statements.items():
        if not statement.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE")):
            continue
        for row in connection.execute("EXPLAIN QUERY PLAN " + statement, params):
            detail = row[-1]
            if detail.startswith("SCAN ") and detail.split()[1] in tables:
                scans.append((detail, " ".join(statement.split())[:160]))
    connection.close()
    return scans


def test_new_claims_are_checked_against_the_rest_not_every_pair_again() -> None:
    from watchfloor.link.contradictions import ClaimView, contradictions_in
    from watchfloor.types import ClaimStance, Stance

    def view(key: str, stance: Stance, origin: str) -> ClaimView:
        return ClaimView(key, ClaimStance(claim=key, stance=stance, origin=origin), origin)

    old_claim = view("1:c1", Stance.SUPPORTS, "paper")
    old_denial = view("2:c1", Stance.DENIES, "ministry")
    new_claim = view("3:c1", Stance.SUPPORTS, "agency")
    claims = [old_claim, old_denial, new_claim]
    every = {c.claims for c in contradictions_in("p", claims)}
    assert every == {("2:c1", "1:c1"), ("2:c1", "3:c1")}
    fresh = {c.claims for c in contradictions_in("p", claims, involving={"3:c1"})}
    assert fresh == {("2:c1", "3:c1")}


def test_an_article_with_more_keys_than_sqlite_allows_in_one_query_finds_its_candidates(
    store: Store,
) -> None:
    """SQLite allows 500 SELECTs in one compound statement: `watchfloor extract` on the
    demo corpus failed with "too many terms in compound SELECT" on an article with more
    keys than that."""
    keys = [f"entity:{n}" for n in range(1_200)]
    first, last = add(store, keys[0], DAY), add(store, keys[-1], DAY)
    with store.linking() as session:
        by_key, found = session.proposition_candidates_by_key(
            keys, DAY - timedelta(days=14), DAY + timedelta(days=14)
        )
    assert by_key[keys[0]] == {first}
    assert by_key[keys[-1]] == {last}
    assert set(found) == {first, last}
    assert found[first].summary == f"seen {DAY:%F}"
