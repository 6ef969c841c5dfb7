"""The pipeline on a Dask cluster: ingest here, extraction in partitions on the workers,
then linking and indicators here.

Each worker process loads the spaCy pipeline once (``load_pipeline`` is cached per process)
and annotates partitions of stored articles. On PostgreSQL the workers write their ledgers
themselves (an upsert per article, so a partition run twice writes the same rows); on SQLite
they send the ledgers back and this process writes them, one writer. A partition whose
worker dies is run again (Dask reschedules it; a partition that fails here is resubmitted),
and the report says which. Linking stays in one process at a time: it is incremental and
serialised by the store (see ``Store.linking``), so its cost grows with the batch.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from watchfloor.errors import MissingDependencyError
from watchfloor.pipeline._ledgers import ExtractedLedger, extracted_ledgers, save_extracted
from watchfloor.pipeline.registry import source_registry
from watchfloor.settings import Settings
from watchfloor.store import Store, open_store
from watchfloor.types import IngestReport

if TYPE_CHECKING:
    from distributed import Client

    from watchfloor.pipeline import ExtractReport, LinkReport

__all__ = ["RunReport", "extract_partition", "run"]

PARTITION_SIZE = 20
"""Articles per task: large enough to keep a worker busy, small enough that a dead
worker costs little to redo."""
ATTEMPTS = 3


@dataclass(slots=True)
class RunReport:
    ingest: IngestReport
    extract: ExtractReport
    link: LinkReport
    partitions: int = 0
    retried: list[str] = field(default_factory=list)
    """Partitions run more than once (their worker died, or they failed and were resubmitted)."""
    workers: int = 0
    seconds: float = 0.0
    link_seconds: float = 0.0

    def summary(self) -> str:
        retried = f", retried {len(self.retried)}" if self.retried else ""
        return (
            f"{self.extract.summary()} in {self.partitions} partitions on {self.workers} "
            f"workers{retried}; {self.link.summary()} ({self.seconds:.0f} s)"
        )


@functools.cache
def _worker_store(location: str) -> Store:
    """One store per worker process (its connection pool is reused across partitions)."""
    return open_store(location, migrate=False, must_exist=True)


def extract_partition(
    location: str, article_ids: Sequence[int], language: str, write: bool
) -> dict[str, Any]:
    """Annotate and link (inside each article) some stored articles; runs on a worker.

    With ``write`` the ledgers are stored here (idempotent upserts); otherwise they go back
    to the caller. Failures are returned per article, never raised, so one bad article
    does not cost its partition.
    """
    store = _worker_store(location)
    articles = [a for a in (store.get_article(i) for i in article_ids) if a is not None]
    done: list[dict[str, Any]] = []
    failed: list[tuple[int, str]] = []
    claims = 0
    for article, result in extracted_ledgers(articles, language):
        assert article.id is not None
        if isinstance(result, str):
            failed.append((article.id, result))
            continue
        claims += result.claims
        if write:
            save_extracted(store, result, language)
            done.append({"id": article.id})
        else:
            done.append({"id": article.id, "ledger": result.ledger, "events": result.event_rows})
    return {"done": done, "failed": failed, "claims": claims}


def run(
    store: Store,
    sources: Sequence[str],
    *,
    settings: Settings,
    client: Client,
    partition_size: int = PARTITION_SIZE,
    on_partition: Callable[[int, int], None] | None = None,
) -> RunReport:
    """Ingest ``sources``, extract every pending article on the cluster, link, and evaluate
    the watchlist's indicators. Safe to run again after an interruption: what is stored
    is not redone.

    Partitions are claimed just before they are submitted, a few per worker at a time,
    with the claims ``watchfloor extract`` takes (``Store.claim_pending``): another run or
    an ``extract`` on the same store takes other articles, and a claim is never old."""
    try:
        from distributed import as_completed
    except ImportError as exc:  # pragma: no cover - the extra is part of dev installs
        raise MissingDependencyError("running on a Dask cluster", "dask") from exc
    from watchfloor.extract import MODELS
    from watchfloor.pipeline import (
        ExtractReport,
        _record_failure,
        evaluate_indicators,
        ingest,
        link,
    )
    from watchfloor.store import claim_holder

    started = time.perf_counter()
    ingested = ingest(store, sources, settings=settings) if sources else IngestReport()
    report = ExtractReport()
    write = store.dialect == "postgresql"
    futures: dict[Any, tuple[str, list[int], int]] = {}
    retried: list[str] = []
    holder = claim_holder()
    workers = len(client.scheduler_info().get("workers", {}))
    in_flight = max(2 * workers, 2)
    expected = -(-store.count_pending_extraction() // partition_size)  # for progress only
    languages = list(store.pending_languages())
    unsupported: list[int] = []

    def submit(language: str, ids: list[int], attempt: int) -> Any:
        key = f"extract-{ids[0]}-{len(ids)}-{attempt}"
        future = client.submit(
            extract_partition, store.location_url, ids, language, write, key=key, pure=False
        )
        futures[future] = (language, ids, attempt)
        return future

    def claim_next() -> Any | None:
        """Claim and submit the next partition; None when nothing is left to claim."""
        while languages:
            stored_language = languages[0]
            language = stored_language or "en"
            batch = store.claim_pending(
                holder, limit=partition_size, language=stored_language, exclude=unsupported
            )
            if not batch:
                languages.pop(0)
                continue
            ids = [a.id for a in batch if a.id is not None]
            if language not in MODELS:
                for article in batch:
                    reason = f"no extraction pipeline for language {language!r} yet"
                    _record_failure(store, article, reason, report, None)
                unsupported.extend(ids)
                continue
            return submit(language, ids, 1)
        return None

    submitted = 0
    finished = 0
    try:
        first = [f for f in (claim_next() for _ in range(in_flight)) if f is not None]
        submitted = len(first)
        queue = as_completed(first)
        for future in queue:
            language, ids, attempt = futures[future]
            if future.status != "finished":
                if attempt < ATTEMPTS:
                    retried.append(future.key)
                    queue.add(submit(language, ids, attempt + 1))
                    continue
                for article_id in ids:
                    article = store.get_article(article_id)
                    if article is not None:
                        _record_failure(
                            store, article, f"partition failed: {future.exception()}", report, None
                        )
            else:
                result = future.result()
                for item in result["done"]:
                    if not write:
                        returned = ExtractedLedger(item["id"], item["ledger"], item["events"], 0)
                        save_extracted(store, returned, language)
                    report.annotated += 1
                for article_id, reason in result["failed"]:
                    store.record_extraction_failure(article_id, reason)
                    report.failed += 1
                report.claims += int(result["claims"])
            finished += 1
            if on_partition is not None:
                on_partition(finished, max(expected, submitted))
            following = claim_next()
            if following is not None:
                submitted += 1
                queue.add(following)
    finally:
        store.release_claims(holder)
    # A task whose worker died was run again by the scheduler: it is "suspicious" there.
    keys = [f.key for f in futures]
    rerun = client.run_on_scheduler(_suspicious, keys)
    retried += [k for k in keys if rerun.get(k, 0) > 0 and k not in retried]
    workers = len(client.scheduler_info().get("workers", {}))
    futures.clear()
    linking_started = time.perf_counter()
    linked = link(store, registry=source_registry(store, settings.sources))
    link_seconds = time.perf_counter() - linking_started
    if settings.watchlist.exists():
        from watchfloor.indicators import load_watchlist

        evaluate_indicators(store, load_watchlist(settings.watchlist))
    return RunReport(
        ingest=ingested,
        extract=report,
        link=linked,
        partitions=submitted,
        retried=retried,
        workers=workers,
        seconds=time.perf_counter() - started,
        link_seconds=link_seconds,
    )


def _suspicious(keys: Sequence[str], dask_scheduler: Any = None) -> dict[str, int]:
    tasks = dask_scheduler.tasks if dask_scheduler is not None else {}
    return {k: int(getattr(tasks[k], "suspicious", 0)) for k in keys if k in tasks}
