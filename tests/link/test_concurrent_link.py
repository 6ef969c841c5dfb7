"""Concurrent linking of one store gives what one process gives: no proposition
without claims, no claim or contradiction counted twice (SQLite file and PostgreSQL
server)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.test_cli import WATCHFLOOR
from watchfloor.store import open_store

from .test_across import MOBILISATION, write_jsonl
from .test_stories import REPORTS


def run_all(db: str, command: list[str], processes: int) -> None:
    """``watchfloor COMMAND`` in ``processes`` processes at once on one store."""
    running = [
        subprocess.Popen(
            [WATCHFLOOR, *command, "--quiet", "--db", db],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(processes)
    ]
    for process in running:
        _, err = process.communicate(timeout=900)
        assert process.returncode == 0, err.decode()


def summary(db: str) -> tuple[int, int, int, list[int]]:
    with open_store(db) as store:
        found = store.list_propositions(limit=None)
        contradictions = 0
        for proposition in found:
            detail = store.get_proposition(proposition.id)
            assert detail is not None
            contradictions += len(detail[1])
        empty = [p.id for p in found if not p.claims]
        return len(found), sum(len(p.claims) for p in found), contradictions, empty


def test_three_concurrent_linkers_give_what_one_gives(db_location: str, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", MOBILISATION + REPORTS)
    single = str(tmp_path / "single.db")
    for db in (single, db_location):
        for command in (["ingest", "--quiet", str(path)], ["extract", "--quiet", "--no-link"]):
            done = subprocess.run([WATCHFLOOR, *command, "--db", db], capture_output=True)
            assert done.returncode == 0, done.stderr.decode()
    run_all(single, ["link"], 1)
    run_all(db_location, ["link"], 3)  # all three see every article unlinked at first
    alone, together = summary(single), summary(db_location)
    assert together[3] == [], "propositions without claims"
    assert together == alone


def test_three_concurrent_extracts_give_what_one_gives(db_location: str, tmp_path: Path) -> None:
    # extract, then link what it extracted: each process takes articles off one queue
    path = write_jsonl(tmp_path / "a.jsonl", MOBILISATION + REPORTS)
    single = str(tmp_path / "single.db")
    for db in (single, db_location):
        run_all(db, ["ingest", str(path)], 1)
    run_all(single, ["extract"], 1)
    run_all(db_location, ["extract"], 3)
    alone, together = summary(single), summary(db_location)
    assert together[3] == [], "propositions without claims"
    assert together == alone
    with open_store(single) as one, open_store(db_location) as three:
        assert one.count_articles() == three.count_articles()
        assert {e.name for e in one.list_entities(limit=None)} == {
            e.name for e in three.list_entities(limit=None)
        }
