"""The only module that wires stages to the store.

Ingest: read articles from sources, fingerprint them, link repeats to the first-seen
article, and write each article in its own transaction.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import BinaryIO

from watchfloor import __version__
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
from watchfloor.settings import Settings
from watchfloor.store import Store
from watchfloor.types import Article, DuplicateKind, IngestReport, Rejection, to_jsonable

__all__ = ["ExtractReport", "IngestOutcome", "Outcome", "extract", "ingest"]

_LSH_STATE = "lsh_params"


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


def ingest(
    store: Store,
    sources: Sequence[str],
    *,
    settings: Settings,
    stdin: BinaryIO | None = None,
    on_outcome: Callable[[IngestOutcome], None] | None = None,
) -> IngestReport:
    """Read ``sources`` into ``store``; writes to the store, one transaction per article.

    Re-ingesting the same input adds nothing. Rejections are stored and reported through
    ``on_outcome``; the batch goes on past them. A run killed midway leaves each article
    fully stored or absent, and the next run picks up the rest.
    """
    params = LshParams.for_threshold(settings.near_duplicate_threshold)
    _ensure_lsh_params(store, params)
    report = IngestReport()
    run_id = store.start_run(list(sources))
    for item in read_articles(list(sources), settings=settings, stdin=stdin):
        if isinstance(item, Rejection):
            store.record_rejection(item, run_id=run_id)
            report.rejected += 1
            outcome = IngestOutcome(Outcome.REJECTED, rejection=item)
        else:
            outcome = _store_article(store, item, params, run_id=run_id)
            if outcome.outcome is Outcome.INGESTED:
                report.ingested += 1
            elif outcome.outcome is Outcome.EXACT_DUPLICATE:
                report.exact_duplicates += 1
            elif outcome.outcome is Outcome.NEAR_DUPLICATE:
                report.near_duplicates += 1
            else:
                report.unchanged += 1
        if on_outcome is not None:
            on_outcome(outcome)
    store.finish_run(run_id, report)
    return report


def _store_article(
    store: Store, article: Article, params: LshParams, *, run_id: int
) -> IngestOutcome:
    prints = fingerprint(article.text)
    digest, signature = prints.content_hash, prints.signature
    original, already_stored = store.find_same_text(article.item_key, digest)
    if already_stored:
        return IngestOutcome(Outcome.UNCHANGED, article=article)
    keys = band_keys(signature, params)
    if original is not None:
        article = replace(
            article, duplicate_of=original, duplicate_kind=DuplicateKind.EXACT, similarity=1.0
        )
    else:
        for candidate_id, candidate in store.near_candidates(keys):
            score = similarity(signature, signature_from_bytes(candidate))
            if score >= params.threshold:
                article = replace(
                    article,
                    duplicate_of=candidate_id,
                    duplicate_kind=DuplicateKind.NEAR,
                    similarity=round(score, 4),
                )
                break
    stored = store.add_article(
        article,
        content_hash=digest,
        minhash=signature_to_bytes(signature),
        bands=keys,
        run_id=run_id,
    )
    if stored is None:  # another writer stored the same item meanwhile
        return IngestOutcome(Outcome.UNCHANGED, article=article)
    kind = {
        None: Outcome.INGESTED,
        DuplicateKind.EXACT: Outcome.EXACT_DUPLICATE,
        DuplicateKind.NEAR: Outcome.NEAR_DUPLICATE,
    }[stored.duplicate_kind]
    return IngestOutcome(kind, article=stored)


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
    from watchfloor.extract import MODELS, annotate_many  # spaCy: imported when needed

    report = ExtractReport()
    for stored_language in store.pending_languages(retry_failed=retry_failed):
        left = None if limit is None else limit - report.annotated - report.failed
        if left is not None and left <= 0:
            break
        language = stored_language or "en"
        # Streamed from the store: memory does not grow with the number of articles.
        articles = store.pending_extraction(
            retry_failed=retry_failed, limit=left, language=stored_language
        )
        if language not in MODELS:
            for article in articles:
                reason = f"no extraction pipeline for language {language!r} yet"
                _record_failure(store, article, reason, report, on_article)
            continue
        for article, result in annotate_many(articles, language=language):
            if isinstance(result, Exception):
                _record_failure(
                    store, article, f"{type(result).__name__}: {result}", report, on_article
                )
                continue
            assert article.id is not None
            store.save_ledger(
                article.id,
                language=language,
                extractor=f"watchfloor {__version__}",
                ledger=to_jsonable(result),
            )
            report.annotated += 1
            report.claims += len(result.claims)
            if on_article is not None:
                on_article(article, None)
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
