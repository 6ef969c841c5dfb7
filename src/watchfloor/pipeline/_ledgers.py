"""The extract step of one article, the same wherever it runs (``extract`` here, or a
Dask worker): annotate, link inside the article, and the rows the store keeps."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from watchfloor.store import Store
from watchfloor.types import Article, to_jsonable
from watchfloor.version import __version__

__all__ = ["ExtractedLedger", "extracted_ledgers", "save_extracted"]

EXTRACTOR = f"watchfloor {__version__}"


@dataclass(frozen=True, slots=True)
class ExtractedLedger:
    """One article's ledger in the exchange format, and its events as the store's rows."""

    article_id: int
    ledger: dict[str, Any]
    event_rows: list[dict[str, Any]]
    claims: int


def extracted_ledgers(
    articles: Sequence[Article], language: str
) -> Iterator[tuple[Article, ExtractedLedger | str]]:
    """Each article with its ledger, or the reason it failed (one bad article never stops
    the others)."""
    from watchfloor.extract import annotate_many  # spaCy: imported when needed
    from watchfloor.indicators import event_records
    from watchfloor.link import link_ledger

    for article, result in annotate_many(articles, language=language):
        assert article.id is not None
        if isinstance(result, Exception):
            yield article, f"{type(result).__name__}: {result}"
            continue
        ledger = to_jsonable(link_ledger(result, text=article.text, outlet=article.outlet))
        rows = event_records(ledger, article)
        yield article, ExtractedLedger(article.id, ledger, rows, len(result.claims))


def save_extracted(store: Store, extracted: ExtractedLedger, language: str) -> None:
    """Store the ledger and its events, replacing any earlier ones, in one transaction."""
    store.save_ledger(
        extracted.article_id,
        language=language,
        extractor=EXTRACTOR,
        ledger=extracted.ledger,
        event_rows=extracted.event_rows,
    )
