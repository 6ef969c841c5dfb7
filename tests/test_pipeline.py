"""Ingest into a real store: counts, duplicates, idempotence, and bad input in a batch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, SAMPLE_COUNT, shared_path
from watchfloor.pipeline import IngestOutcome, Outcome, ingest
from watchfloor.settings import Settings, load_settings
from watchfloor.store import Store
from watchfloor.types import DuplicateKind


def sample_records() -> list[dict[str, str]]:
    return [json.loads(line) for line in SAMPLE.read_text().splitlines()]


def test_sample_corpus_is_ingested_once(store: Store, settings: Settings) -> None:
    first = ingest(store, [str(SAMPLE)], settings=settings)
    assert (first.ingested, first.duplicates, first.rejected) == (SAMPLE_COUNT, 0, 0)
    second = ingest(store, [str(SAMPLE)], settings=settings)
    assert (second.ingested, second.duplicates, second.unchanged) == (0, 0, SAMPLE_COUNT)
    assert store.count_articles() == SAMPLE_COUNT
    titles = {a.title for a in store.iter_articles()}
    assert titles == {r["title"] for r in sample_records()}


def test_exact_and_near_duplicates_link_to_the_first_seen(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    body = sample_records()[0]["text"]
    words = body.split(" ")
    for i in range(0, len(words), 50):
        words[i] = "edited"  # one word in fifty: about 6% of the 3-word shingles change
    near = " ".join(words)
    tmp_path = tmp_path / "inputs"
    tmp_path.mkdir()
    (tmp_path / "1-original.txt").write_text(body)
    (tmp_path / "2-copy.txt").write_text("  " + body.replace("\n", "\n\n").upper() + "\n")
    (tmp_path / "3-edited.txt").write_text(near)
    (tmp_path / "4-other.txt").write_text(sample_records()[1]["text"])
    outcomes: list[IngestOutcome] = []
    report = ingest(store, [str(tmp_path)], settings=settings, on_outcome=outcomes.append)
    assert [o.outcome for o in outcomes] == [
        Outcome.INGESTED,
        Outcome.EXACT_DUPLICATE,
        Outcome.NEAR_DUPLICATE,
        Outcome.INGESTED,
    ]
    assert (report.ingested, report.exact_duplicates, report.near_duplicates) == (2, 1, 1)
    first, copy, edited, other = store.iter_articles()
    assert (copy.duplicate_of, copy.duplicate_kind) == (first.id, DuplicateKind.EXACT)
    assert (edited.duplicate_of, edited.duplicate_kind) == (first.id, DuplicateKind.NEAR)
    assert edited.similarity is not None and 0.8 <= edited.similarity < 0.99
    assert other.duplicate_of is None
    assert copy.text.startswith("  "), "duplicates are stored, with their own text"


def test_raising_the_threshold_reindexes_and_stops_linking_looser_copies(
    tmp_path: Path, db_location: str, store: Store
) -> None:
    body = sample_records()[0]["text"]
    words = body.split()
    for i in range(0, len(words), 12):
        words[i] = words[i].upper() + "X"  # touch one word in twelve
    (tmp_path / "a.txt").write_text(body)
    (tmp_path / "b.txt").write_text(" ".join(words))
    loose = load_settings(db=db_location, near_duplicate_threshold=0.3)
    ingest(store, [str(tmp_path / "a.txt")], settings=loose)
    strict = load_settings(db=db_location, near_duplicate_threshold=0.95)
    report = ingest(store, [str(tmp_path / "b.txt")], settings=strict)
    assert report.near_duplicates == 0 and report.ingested == 1


def test_bad_items_are_rejected_stored_and_the_batch_goes_on(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    tmp_path = tmp_path / "inputs"  # not the folder the SQLite store lives in
    tmp_path.mkdir()
    (tmp_path / "a-good.txt").write_text("A good report on exercises near the border.")
    (tmp_path / "b-empty.txt").write_text("")
    (tmp_path / "c-binary.txt").write_bytes(bytes(range(256)))
    (tmp_path / "d-lines.jsonl").write_text('{"text": "fine"}\n{oops\n')
    (tmp_path / "e-good.txt").write_text("Another good report, about a ministry denial.")
    report = ingest(store, [str(tmp_path), str(tmp_path / "missing.html")], settings=settings)
    assert (report.ingested, report.rejected) == (3, 4)
    reasons = sorted(r.reason for r in store.iter_rejections())
    assert reasons == ["binary", "empty", "malformed JSON", "not found"]
    assert store.count_articles() == 3


def test_the_seed_report_is_stored_exactly_as_read(store: Store, settings: Settings) -> None:
    seed = shared_path("corpus", "seed", "belarus-hidden-mobilisation.txt")
    report = ingest(store, [str(seed)], settings=settings)
    assert report.ingested == 1
    [article] = store.iter_articles()
    assert article.text == seed.read_text(encoding="utf-8")
    assert article.language == "en"
    assert article.origin == str(seed)


@pytest.mark.parametrize("threshold", [0.5, 0.9])
def test_near_duplicate_threshold_is_a_setting(db_location: str, threshold: float) -> None:
    assert (
        load_settings(db=db_location, near_duplicate_threshold=threshold).near_duplicate_threshold
        == threshold
    )
