"""The only module that wires stages to the store.

Ingest: read articles from sources, fingerprint them, link repeats to the first-seen
article, and write each article in its own transaction. Extract: annotate pending
articles, store each ledger with its event rows. Indicators: read the watchlist's
indicators over stored events, store readings and the alerts they raise, deliver alerts.
Watch: all of it in a loop.
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, BinaryIO

from watchfloor.ingest import read_articles
from watchfloor.ingest.dedup import (
    NUM_PERM,
    LshParams,
    band_keys,
    fingerprint,
    signature_from_bytes,
    signature_to_bytes,
    similarity,
)
from watchfloor.pipeline._ledgers import extracted_ledgers, save_extracted
from watchfloor.pipeline.linking import LinkReport, link
from watchfloor.pipeline.registry import source_registry
from watchfloor.settings import Settings
from watchfloor.store import PendingArticle, Store, claim_holder
from watchfloor.types import (
    Alert,
    Article,
    DuplicateKind,
    IngestReport,
    Reading,
    Rejection,
)

if TYPE_CHECKING:
    from watchfloor.assess import SourceRegistry
    from watchfloor.indicators import Watchlist
    from watchfloor.indicators.notifiers import Notifier

__all__ = [
    "Delivery",
    "ExtractReport",
    "IngestOutcome",
    "LinkReport",
    "Outcome",
    "RestoreReport",
    "deliver_alerts",
    "evaluate_indicators",
    "extract",
    "ingest",
    "link",
    "restore",
    "watch",
]

_LSH_STATE = "lsh_params"
CLAIM_BATCH = 8
"""Pending articles a process claims at a time: enough to fill the pipeline's batches,
few enough that other processes find work."""


class Outcome(enum.StrEnum):
    INGESTED = "ingested"
    EXACT_DUPLICATE = "exact duplicate"
    NEAR_DUPLICATE = "near duplicate"
    UNCHANGED = "already stored"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    """What happened to one item: the stored article, or the rejection."""

    outcome: Outcome
    article: Article | None = None
    rejection: Rejection | None = None


INGEST_BATCH = 256
"""Articles decided and written in one transaction: a commit per article cost more than
the article, and each commit flushes the full-text index (bench/ingest.py --large: 256
ingest 40,000 short records 10-20% faster than 64); a batch of short articles holds the
write lock for a fraction of a second."""


def ingest(
    store: Store,
    sources: Sequence[str],
    *,
    settings: Settings,
    stdin: BinaryIO | None = None,
    on_outcome: Callable[[IngestOutcome], None] | None = None,
) -> IngestReport:
    """Read ``sources`` into ``store``; writes to the store, one transaction per batch of
    up to ``INGEST_BATCH`` articles.

    Re-ingesting the same input adds nothing. Rejections are stored and reported through
    ``on_outcome`` in input order; the batch goes on past them. A run killed midway leaves
    each article fully stored or absent, and the next run picks up the rest.
    """
    params = LshParams.for_threshold(settings.near_duplicate_threshold)
    _ensure_lsh_params(store, params)
    report = IngestReport()
    run_id = store.start_run(list(sources))
    waiting: list[PendingArticle] = []

    def tell(outcome: IngestOutcome) -> None:
        if outcome.outcome is Outcome.INGESTED:
            report.ingested += 1
        elif outcome.outcome is Outcome.EXACT_DUPLICATE:
            report.exact_duplicates += 1
        elif outcome.outcome is Outcome.NEAR_DUPLICATE:
            report.near_duplicates += 1
        elif outcome.outcome is Outcome.UNCHANGED:
            report.unchanged += 1
        if on_outcome is not None:
            on_outcome(outcome)

    def flush() -> None:
        for outcome in _store_articles(store, waiting, run_id=run_id):
            tell(outcome)
        waiting.clear()

    for item in read_articles(list(sources), settings=settings, stdin=stdin):
        if isinstance(item, Rejection):
            flush()  # outcomes in input order
            store.record_rejection(item, run_id=run_id)
            report.rejected += 1
            tell(IngestOutcome(Outcome.REJECTED, rejection=item))
            continue
        waiting.append(_pending(item, params))
        if len(waiting) >= INGEST_BATCH:
            flush()
    flush()
    store.finish_run(run_id, report)
    return report


@dataclass(slots=True)
class RestoreReport:
    articles: int = 0
    unchanged: int = 0
    claims: int = 0


def restore(
    store: Store,
    items: Iterable[tuple[Article, dict[str, Any]]],
    *,
    settings: Settings,
    registry: SourceRegistry | None = None,
) -> RestoreReport:
    """Write articles with the ledgers they came with (from ``watchfloor.exchange``), then
    link them: propositions, contradictions and grades are made again from the same ledgers,
    so a store exported and imported holds the same claims, grades and links."""
    from watchfloor.indicators import event_records

    params = LshParams.for_threshold(settings.near_duplicate_threshold)
    _ensure_lsh_params(store, params)
    report = RestoreReport()
    run_id = store.start_run(["import"])
    for article, ledger in items:
        outcome = _store_article(store, article, params, run_id=run_id)
        stored = outcome.article
        if outcome.outcome is Outcome.UNCHANGED or stored is None or stored.id is None:
            report.unchanged += 1
            continue
        store.save_ledger(
            stored.id,
            language=str(ledger.get("document", {}).get("language") or stored.language or "en"),
            extractor="import",
            ledger=ledger,
            event_rows=event_records(ledger, stored),
        )
        report.articles += 1
        report.claims += len(ledger.get("claims", []))
    store.finish_run(run_id, IngestReport(ingested=report.articles))
    link(store, registry=registry)
    return report


def _pending(article: Article, params: LshParams) -> PendingArticle:
    """The article with its fingerprints, ready for the duplicate decision."""
    prints = fingerprint(article.text)
    signature = prints.signature

    def nearest(candidates: Sequence[tuple[int, bytes]]) -> tuple[int, float] | None:
        for candidate_id, candidate in candidates:
            score = similarity(signature, signature_from_bytes(candidate))
            if score >= params.threshold:
                return candidate_id, score
        return None

    return PendingArticle(
        article,
        prints.content_hash,
        signature_to_bytes(signature),
        tuple(band_keys(signature, params)),
        nearest,
    )


def _store_articles(
    store: Store, batch: Sequence[PendingArticle], *, run_id: int
) -> list[IngestOutcome]:
    if not batch:
        return []
    # the duplicate decisions and the writes are one transaction: a concurrent ingest of
    # the same text cannot store it as a second original meanwhile
    stored = store.retrying(lambda: store.add_deduplicated_batch(batch, run_id=run_id))
    outcomes = []
    for pending, article in zip(batch, stored, strict=True):
        if not isinstance(article, Article):  # this very item (same source, same text) is
            known = replace(pending.article, id=article)  # already stored: with its id
            outcomes.append(IngestOutcome(Outcome.UNCHANGED, article=known))
            continue
        kind = {
            None: Outcome.INGESTED,
            DuplicateKind.EXACT: Outcome.EXACT_DUPLICATE,
            DuplicateKind.NEAR: Outcome.NEAR_DUPLICATE,
        }[article.duplicate_kind]
        outcomes.append(IngestOutcome(kind, article=article))
    return outcomes


def _store_article(
    store: Store, article: Article, params: LshParams, *, run_id: int
) -> IngestOutcome:
    return _store_articles(store, [_pending(article, params)], run_id=run_id)[0]


def _ensure_lsh_params(store: Store, params: LshParams) -> None:
    """Re-index LSH bands when the threshold changes the band/row split."""
    wanted = f"{NUM_PERM}:{params.bands}:{params.rows}"
    if store.get_state(_LSH_STATE) == wanted:
        return
    store.rebuild_bands(lambda minhash: band_keys(signature_from_bytes(minhash), params))
    store.set_state(_LSH_STATE, wanted)


@dataclass(slots=True)
class ExtractReport:
    annotated: int = 0
    failed: int = 0
    claims: int = 0

    def summary(self) -> str:
        return f"annotated {self.annotated}, failed {self.failed}, claims {self.claims}"


def extract(
    store: Store,
    *,
    retry_failed: bool = False,
    limit: int | None = None,
    on_article: Callable[[Article, str | None], None] | None = None,
) -> ExtractReport:
    """Annotate every stored article that has no ledger yet; writes one ledger (or one
    failure) per article, each in its own transaction, so a run can stop and resume.

    ``on_article(article, error)`` is told of each article; ``error`` is None on success.
    """
    from watchfloor.extract import MODELS  # spaCy: imported when needed

    report = ExtractReport()
    # Articles are claimed a few at a time, so that processes extracting from one store
    # at once never annotate the same article; the claims go when the run ends.
    holder = claim_holder()
    failed: list[int] = []  # with retry_failed, a failure stays pending: not twice a run
    try:
        for stored_language in store.pending_languages(retry_failed=retry_failed):
            language = stored_language or "en"
            while True:
                left = None if limit is None else limit - report.annotated - report.failed
                if left is not None and left <= 0:
                    break
                batch = store.claim_pending(
                    holder,
                    limit=CLAIM_BATCH if left is None else min(CLAIM_BATCH, left),
                    retry_failed=retry_failed,
                    language=stored_language,
                    exclude=failed,
                )
                if not batch:
                    break
                if language not in MODELS:
                    for article in batch:
                        reason = f"no extraction pipeline for language {language!r} yet"
                        _record_failure(store, article, reason, report, on_article)
                        failed.append(article.id or 0)
                    continue
                for article, result in extracted_ledgers(batch, language):
                    if isinstance(result, str):
                        _record_failure(store, article, result, report, on_article)
                        failed.append(article.id or 0)
                        continue
                    save_extracted(store, result, language)
                    report.annotated += 1
                    report.claims += result.claims
                    if on_article is not None:
                        on_article(article, None)
    finally:
        store.release_claims(holder)
    return report


def _record_failure(
    store: Store,
    article: Article,
    reason: str,
    report: ExtractReport,
    on_article: Callable[[Article, str | None], None] | None,
) -> None:
    assert article.id is not None
    store.record_extraction_failure(article.id, reason)
    report.failed += 1
    if on_article is not None:
        on_article(article, reason)


# -- indicators -------------------------------------------------------------------------


def evaluate_indicators(
    store: Store, watchlist: Watchlist, *, as_of: datetime | None = None
) -> list[tuple[Reading, Alert | None]]:
    """Read every indicator at ``as_of`` (by default now; ``Store.data_clock()``, the
    latest time an event of a dated article occurred, replays an archive) and store the
    readings that changed, with any alert they raise.

    Re-running without new events stores nothing: readings and alerts are not repeated.
    An article without a publication date counts at the time it was ingested; it never
    moves the clock.
    """
    from watchfloor.indicators import decide_alert, read_indicator

    clock = as_of or datetime.now(UTC)
    widest = max((i.window for i in watchlist.indicators), default=None)
    if widest is None:
        return []
    types = sorted({t for i in watchlist.indicators for t in i.select.event_types})
    everything = any(not i.select.event_types for i in watchlist.indicators)
    events = store.events_between(clock - widest, clock, types=() if everything else types)
    results = []
    for indicator in watchlist.indicators:
        reading = read_indicator(indicator, events, clock)
        history = store.readings(indicator.id, limit=1)
        previous = history[-1] if history else None
        if previous is not None and _same_reading(previous, reading):
            continue
        alert = decide_alert(indicator, reading, previous, store.last_alert(indicator.id))
        stored = store.add_reading(reading, alert)
        results.append((stored, alert))
    return results


def _same_reading(a: Reading, b: Reading) -> bool:
    """Nothing new to store: the same value, level and events, whenever it was read."""
    return (a.value, a.level, a.events) == (b.value, b.level, b.events)


@dataclass(frozen=True, slots=True)
class Delivery:
    alert: Alert
    notifier: str
    error: str | None


def deliver_alerts(store: Store, notifiers: Sequence[Notifier]) -> list[Delivery]:
    """Send every alert a notifier has not yet received; remember each delivery, so a
    restart neither loses nor repeats one. A failed delivery is retried next time."""
    from watchfloor.indicators import NotifierError

    deliveries = []
    for notifier in notifiers:
        for alert in store.undelivered(notifier.key):
            assert alert.id is not None
            try:
                notifier.send(alert)
                error = None
            except NotifierError as exc:
                error = str(exc)
            store.record_delivery(alert.id, notifier.key, error=error)
            deliveries.append(Delivery(alert, notifier.key, error))
    return deliveries


# -- watch ------------------------------------------------------------------------------


class Stop(Exception):  # noqa: N818 - a signal to stop, not an error
    """Raised from a progress callback to stop a stage between two articles."""


@dataclass(slots=True)
class Cycle:
    ingest: IngestReport
    extract: ExtractReport
    readings: list[tuple[Reading, Alert | None]]
    deliveries: list[Delivery]
    link: LinkReport = field(default_factory=lambda: LinkReport())


def watch(
    store: Store,
    sources: Sequence[str],
    *,
    settings: Settings,
    watchlist: Watchlist,
    notifiers: Sequence[Notifier],
    interval: float,
    stop: threading.Event,
    cycles: int | None = None,
    on_cycle: Callable[[Cycle], None] | None = None,
    on_article: Callable[[str], None] | None = None,
    replay: bool = False,
) -> int:
    """Poll ``sources`` every ``interval`` seconds: ingest, extract, link, evaluate, notify.
    Indicators are read now; with ``replay``, at the newest event of a dated article (an
    archive fed in as if it were arriving).

    Setting ``stop`` ends the loop after the article in hand is stored; every article,
    ledger, reading and delivery is written in its own transaction, so a crash loses at
    most the one in hand and a restart repeats none. Returns the number of cycles run.
    """

    def check(*_: object) -> None:
        if stop.is_set():
            raise Stop

    done = 0
    while not stop.is_set() and (cycles is None or done < cycles):
        report = ExtractReport()
        ingested = IngestReport()
        try:
            ingested = ingest(store, sources, settings=settings, on_outcome=check)
            report = extract(store, on_article=check)
            linked = link(
                store,
                registry=source_registry(store, settings.sources),
                window=timedelta(days=settings.link_window_days),
                on_article=check,
            )
            clock = store.data_clock() if replay else None
            readings = evaluate_indicators(store, watchlist, as_of=clock)
            deliveries = deliver_alerts(store, notifiers)
        except Stop:
            break
        done += 1
        if on_cycle is not None:
            on_cycle(Cycle(ingested, report, readings, deliveries, linked))
        if cycles is not None and done >= cycles:
            break
        stop.wait(interval)
    return done
