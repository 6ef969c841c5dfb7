"""The pipeline on a real local Dask cluster (worker processes), and several pipeline
processes on one real PostgreSQL server."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from distributed import Client, LocalCluster

from tests.conftest import SAMPLE
from tests.link.test_across import MOBILISATION, write_jsonl
from tests.test_cli import WATCHFLOOR
from watchfloor.pipeline import extract, ingest, link
from watchfloor.pipeline.cluster import run
from watchfloor.settings import load_settings
from watchfloor.store import Store, open_store

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as connected,
    ):
        yield connected


def inputs(folder: Path, sample: int = 3) -> Path:
    records = [{"language": "en", **r} for r in MOBILISATION]
    records += [json.loads(line) for line in SAMPLE.read_text().splitlines()[:sample]]
    return write_jsonl(folder / "in.jsonl", records)


def ledgers_by_title(store: Store) -> dict[str, Any]:
    out = {}
    for article in store.iter_articles():
        assert article.id is not None
        out[article.title or ""] = store.get_ledger(article.id)
    return out


def test_the_cluster_gives_the_same_ledgers_as_one_process(tmp_path: Path, client: Client) -> None:
    source = inputs(tmp_path)
    alone = open_store(str(tmp_path / "alone.db"))
    settings = load_settings(db=str(tmp_path / "alone.db"))
    ingest(alone, [str(source)], settings=settings)
    extract(alone)
    link(alone)
    spread = open_store(str(tmp_path / "spread.db"))
    report = run(
        spread,
        [str(source)],
        settings=load_settings(db=str(tmp_path / "spread.db")),
        client=client,
        partition_size=2,
    )
    assert (report.extract.annotated, report.extract.failed, report.partitions) == (6, 0, 3)
    assert report.workers == 2
    assert ledgers_by_title(spread) == ledgers_by_title(alone)
    assert spread.count_propositions() == alone.count_propositions()
    again = run(
        spread, [str(source)], settings=load_settings(db=str(tmp_path / "spread.db")), client=client
    )
    assert (again.ingest.unchanged, again.extract.annotated, again.partitions) == (6, 0, 0)


def test_the_cluster_leaves_what_another_process_claimed(tmp_path: Path, client: Client) -> None:
    """A run claims its partitions like ``watchfloor extract`` does, so the two split the
    work on one store instead of annotating the same articles."""
    from watchfloor.store import claim_holder

    db = str(tmp_path / "shared.db")
    settings = load_settings(db=db)
    store = open_store(db)
    ingest(store, [str(inputs(tmp_path))], settings=settings)
    other = claim_holder()  # this test process: alive, so its claims hold
    taken = {a.id for a in store.claim_pending(other, limit=2)}
    report = run(store, [], settings=settings, client=client, partition_size=2)
    assert report.extract.annotated == 6 - len(taken) == 4
    assert {a.id for a in store.pending_extraction()} == taken
    store.release_claims(other)
    assert run(store, [], settings=settings, client=client).extract.annotated == 2


def test_a_killed_worker_loses_and_repeats_nothing(tmp_path: Path) -> None:
    source = inputs(tmp_path, sample=5)
    store = open_store(str(tmp_path / "s.db"))
    settings = load_settings(db=str(tmp_path / "s.db"))
    killed: list[str] = []
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        pids = client.run(os.getpid)

        def kill_a_busy_worker(done: int, total: int) -> None:
            if killed:
                return
            busy = [w for w, keys in client.processing().items() if keys]
            if busy:
                killed.append(busy[0])
                os.kill(pids[busy[0]], signal.SIGKILL)

        report = run(
            store, [str(source)], settings=settings, client=client, partition_size=1,
            on_partition=kill_a_busy_worker,
        )  # fmt: skip
    assert killed, "no worker was busy to kill"
    assert (report.extract.annotated, report.extract.failed) == (8, 0)
    assert report.retried, "the dead worker's partition is reported as retried"
    assert store.count_ledgers() == 8 and store.extraction_failures() == []


@pytest.mark.postgresql
def test_workers_write_to_postgresql(
    tmp_path: Path, postgres_location: str, client: Client
) -> None:
    store = open_store(postgres_location)
    report = run(
        store,
        [str(inputs(tmp_path, sample=1))],
        settings=load_settings(db=postgres_location),
        client=client,
        partition_size=2,
    )
    assert (report.extract.annotated, report.extract.failed) == (4, 0)
    assert store.count_ledgers() == 4 and store.count_propositions() > 0


@pytest.mark.postgresql
def test_concurrent_pipelines_share_one_postgresql_without_duplicates(
    tmp_path: Path, postgres_location: str
) -> None:
    store = open_store(postgres_location)
    ingest(store, [str(inputs(tmp_path, sample=4))], settings=load_settings(db=postgres_location))
    environment = {k: v for k, v in os.environ.items() if not k.startswith("WATCHFLOOR_")}
    environment["WATCHFLOOR_DB"] = postgres_location
    workers = [
        subprocess.Popen([WATCHFLOOR, "extract"], env=environment, stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    reader = subprocess.Popen(
        [WATCHFLOOR, "claims", "--format", "json"], env=environment, stdout=subprocess.PIPE
    )
    results = [w.communicate(timeout=240) for w in workers]
    reader.communicate(timeout=60)
    assert [w.returncode for w in workers] == [0, 0, 0], [r[1] for r in results]
    assert reader.returncode == 0
    assert store.count_ledgers() == 7
    done = [int(m) for _, err in results for m in re.findall(rb"annotated (\d+)", err)]
    assert sum(done) == 7, "an article was annotated by two processes"  # claims split the work
    entities = store.list_entities(limit=None)
    keys = [(e.type, e.name) for e in entities]
    assert len(keys) == len(set(keys)), "an entity was created twice"
    # the same store as one process makes
    alone = open_store(str(tmp_path / "alone.db"))
    ingest(
        alone, [str(tmp_path / "in.jsonl")], settings=load_settings(db=str(tmp_path / "alone.db"))
    )
    extract(alone)
    link(alone)
    assert set(keys) == {(e.type, e.name) for e in alone.list_entities(limit=None)}
    shared = store.list_propositions(limit=None)
    assert len(shared) == alone.count_propositions()
    claims = sorted((c.article_id, c.claim_id, c.stance) for p in shared for c in p.claims)
    expected = sorted(
        (c.article_id, c.claim_id, c.stance)
        for p in alone.list_propositions(limit=None)
        for c in p.claims
    )
    assert claims == expected, "a claim was linked twice, or lost"


def test_the_run_command(tmp_path: Path) -> None:
    from tests.test_cli import run as cli

    db = str(tmp_path / "s.db")
    source = write_jsonl(tmp_path / "a.jsonl", [{"language": "en", **r} for r in MOBILISATION])
    done = cli("run", str(source), "--workers", "1", "--partition-size", "2", db=db)
    assert done.returncode == 0, done.stderr
    assert "annotated 3, failed 0, claims" in done.stderr
    assert "in 2 partitions on 1 workers" in done.stderr
    assert "linked 3 articles" in done.stderr
    both = cli("run", str(source), "--workers", "1", "--scheduler", "tcp://127.0.0.1:1", db=db)
    assert both.returncode == 2 and "exactly one of --workers" in both.stderr
