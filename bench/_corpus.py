"""Stores of any size for the benchmarks, made from one extracted store by repetition with
variations: each copy is a new article (a closing line, outlet and date of its own) that
keeps its original's ledger, so no extraction is needed to grow a store."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any


def extracted(source_db: Path) -> list[tuple[Any, dict[str, Any]]]:
    """(article, ledger) of every annotated article of ``source_db``."""
    from watchfloor.store import open_store

    with open_store(str(source_db)) as source:
        pairs = [(a, source.get_ledger(a.id)) for a in source.iter_articles() if a.id is not None]
    return [(a, ledger) for a, ledger in pairs if ledger is not None]


def grow(
    store: Any, settings: Any, folder: Path, kept: list[tuple[Any, dict[str, Any]]], made: int,
    count: int,
) -> int:  # fmt: skip
    """Add ``count`` copies (numbered from ``made``) with their ledgers; returns the new
    total. Copy k is dated k x 30 days after its original."""
    from watchfloor.pipeline import ingest

    records, ledgers = [], []
    for i in range(made, made + count):
        article, ledger = kept[i % len(kept)]
        copy = i // len(kept)
        closing = f"\n\n(Copy {copy} of item {article.id}, outlet {i % 37}.)"
        moment = (article.published or datetime(2022, 1, 1, tzinfo=UTC)) + timedelta(days=copy * 30)
        records.append(
            {
                "text": article.text + closing,
                "title": f"{article.title} ({copy})",
                "published": moment.isoformat(),
                "outlet": f"Outlet {i % 37}",
                "language": "en",
            }
        )
        ledgers.append(ledger)
    path = folder / f"grow-{made}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    first = store.count_articles()
    ingest(store, [str(path)], settings=settings)
    new = list(store.iter_articles(offset=first))
    for stored_article, ledger in zip(new, ledgers, strict=True):
        store.save_ledger(stored_article.id, language="en", extractor="bench", ledger=ledger)
    path.unlink()
    return made + count


def resume(store: Any, kept: list[tuple[Any, dict[str, Any]]]) -> int:
    """Give the copies that an interrupted :func:`grow` stored without their ledgers the
    ledgers they were made from; returns the number of copies in ``store``."""
    made = int(store.count_articles())
    done = int(store.count_ledgers())
    for i, stored_article in enumerate(store.iter_articles(offset=done), start=done):
        ledger = kept[i % len(kept)][1]
        store.save_ledger(stored_article.id, language="en", extractor="bench", ledger=ledger)
    return made
