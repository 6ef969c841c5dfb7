"""Concurrent ingests of the same texts store each text once as an original: the
duplicate decision and the write are one transaction (SQLite file and PostgreSQL server).
Syndicated copies must never count as independent sources."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from pathlib import Path

from tests.test_cli import WATCHFLOOR
from watchfloor.store import open_store
from watchfloor.types import DuplicateKind

TEXTS = [
    f"Report {i}: the border guard of Norvania said {i * 7 + 3} trucks crossed the "
    f"northern checkpoint on day {i} of the month, and that {i + 2} of them carried grain "
    f"for the southern districts, where stocks had run low after the floods."
    for i in range(40)
]
WRITERS = 3


def test_three_concurrent_ingests_store_each_text_once(db_location: str, tmp_path: Path) -> None:
    files = []
    for writer in range(WRITERS):
        path = tmp_path / f"feed-{writer}.jsonl"
        path.write_text(
            "".join(
                json.dumps({"id": f"w{writer}-{i}", "text": text, "language": "en"}) + "\n"
                for i, text in enumerate(TEXTS)
            ),
            encoding="utf-8",
        )
        files.append(path)
    with open_store(db_location, must_exist=False):
        pass  # migrated once, before the writers race
    processes = [
        subprocess.Popen(
            [WATCHFLOOR, "ingest", "--quiet", str(path), "--db", db_location],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for path in files
    ]
    for process in processes:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err.decode()
    with open_store(db_location) as store:
        stored = list(store.iter_articles())
    assert len(stored) == WRITERS * len(TEXTS)
    originals = Counter(a.text for a in stored if a.duplicate_of is None)
    assert originals == Counter(TEXTS)  # each text exactly once as an original
    copies = [a for a in stored if a.duplicate_of is not None]
    assert all(a.duplicate_kind is DuplicateKind.EXACT and a.similarity == 1.0 for a in copies)
    by_id = {a.id: a for a in stored}
    assert all(by_id[a.duplicate_of].text == a.text for a in copies)
