"""Ingest reads growing tables through indexes only: SQLite's own query plans for every
statement that storing an article runs (the near-duplicate lookup by LSH band above all),
so that an article costs the same with 1,000 or 50,000 stored (bench/ingest.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import event

from tests.link.test_candidates import table_scans
from watchfloor.pipeline import ingest
from watchfloor.settings import load_settings
from watchfloor.store import open_store

GROWING_TABLES = ("articles", "article_bands", "article_fingerprints", "rejections")


def _report(number: int, variant: str) -> dict[str, str]:
    return {
        "title": f"Harbour report {number}",
        "text": f"The harbour authority of Port {number} said on Tuesday that {variant} ships "
        f"had been held at anchor for {number} days while the channel was dredged. Officials "
        "expect the work to finish before the winter storms, the authority said.",
    }


def test_storing_an_article_reads_growing_tables_only_through_indexes(tmp_path: Path) -> None:
    settings = load_settings(db=str(tmp_path / "plans.db"))
    first = tmp_path / "first.jsonl"
    first.write_text("".join(json.dumps(_report(n, "twelve")) + "\n" for n in range(30)))
    later = tmp_path / "later.jsonl"  # near duplicates of some, new reports
    later.write_text(
        "".join(json.dumps(_report(n, "twelve large")) + "\n" for n in range(0, 60, 3))
    )
    statements: dict[str, Any] = {}
    with open_store(settings.db) as store:
        ingest(store, [str(first)], settings=settings)

        @event.listens_for(store.engine, "before_cursor_execute")
        def keep(_c: Any, _cur: Any, statement: str, params: Any, _x: Any, many: bool) -> None:
            statements.setdefault(statement, params[0] if many else params)

        report = ingest(store, [str(later)], settings=settings)
    assert report.duplicates >= 5 and report.ingested >= 5
    assert any("FROM article_bands" in s for s in statements)  # near duplicates were looked up
    assert table_scans(settings.db, statements, GROWING_TABLES) == []
