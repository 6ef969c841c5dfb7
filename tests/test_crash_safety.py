"""A process killed with SIGKILL mid-ingest leaves a consistent store; the next run
resumes and ends with every item stored exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import SAMPLE
from watchfloor.ingest.dedup import content_hash
from watchfloor.store import open_store

WATCHFLOOR = str(Path(sys.executable).with_name("watchfloor"))
ITEMS = 700  # several ingest batches (256), so a kill lands between two


def make_inputs(folder: Path) -> None:
    folder.mkdir()
    records = [json.loads(line) for line in SAMPLE.read_text().splitlines()]
    for i in range(ITEMS):
        record = records[i % len(records)]
        # Distinct items, many of them near duplicates of each other: every path is exercised.
        (folder / f"{i:04d}.md").write_text(
            f"---\ntitle: Item {i}\n---\nItem {i} of the batch.\n\n{record['text'][: 2000 + 7 * i]}"
        )


def count(location: str, sql: str) -> int:
    with open_store(location) as store, store.engine.connect() as connection:
        return int(connection.execute(text(sql)).scalar_one())


@pytest.mark.slow
def test_sigkill_mid_ingest_leaves_a_consistent_store_and_the_rerun_completes(
    tmp_path: Path, db_location: str
) -> None:
    inputs = tmp_path / "inputs"
    make_inputs(inputs)
    env = {k: v for k, v in os.environ.items() if not k.startswith("WATCHFLOOR_")}
    command = [WATCHFLOOR, "ingest", "--quiet", str(inputs), "--db", db_location]
    open_store(db_location).close()  # schema ready, so polling below never races creation
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        stored = count(db_location, "SELECT count(*) FROM articles")
        if stored >= 20:
            break
        time.sleep(0.02)
    assert process.poll() is None, (
        "ingest finished before it could be killed; make the batch bigger"
    )
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    killed_at = count(db_location, "SELECT count(*) FROM articles")
    assert 20 <= killed_at < ITEMS
    with open_store(db_location) as store:
        # Every stored article is whole: text matches its hash, fingerprint present.
        for article in store.iter_articles():
            assert article.content_hash == content_hash(article.text)
            assert article.title == f"Item {int(Path(article.origin).stem)}"
        if store.dialect == "sqlite":
            with store.engine.connect() as connection:
                assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
                connection.execute(
                    text("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
                )
    assert count(db_location, "SELECT count(*) FROM article_fingerprints") == killed_at
    assert count(db_location, "SELECT count(*) FROM ingest_runs WHERE status = 'running'") == 1

    rerun = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert rerun.returncode == 0, rerun.stderr
    assert count(db_location, "SELECT count(*) FROM articles") == ITEMS
    assert count(db_location, "SELECT count(DISTINCT origin) FROM articles") == ITEMS
    assert count(db_location, "SELECT count(*) FROM ingest_runs WHERE status = 'interrupted'") == 1
    # the killed run reports what it stored, not zeros
    killed_run = (
        "SELECT ingested + exact_duplicates + near_duplicates FROM ingest_runs "
        "WHERE status = 'interrupted'"
    )
    assert count(db_location, killed_run) == killed_at
    with open_store(db_location) as store:
        assert len(store.search("batch", limit=ITEMS + 10)) == ITEMS
