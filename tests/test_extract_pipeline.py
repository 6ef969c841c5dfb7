"""Extraction over the store: incremental, one failure recorded, the rest go on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import shared_path
from watchfloor.pipeline import extract, ingest
from watchfloor.settings import Settings
from watchfloor.store import Store

WATCHFLOOR = str(Path(sys.executable).with_name("watchfloor"))


def test_extract_is_incremental_and_records_failures(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    records = [
        {
            "id": "a",
            "text": "BelTA reported that the drills near Brest had ended.",
            "language": "en",
        },
        {
            "id": "b",
            "text": "Officials said about 300 reservists were called up.",
            "language": "en",
        },
        {"id": "c", "text": "Agencja podała, że ćwiczenia się zakończyły.", "language": "pl"},
    ]
    source = tmp_path / "batch.jsonl"
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records))
    ingest(store, [str(source)], settings=settings)
    assert store.count_pending_extraction() == 3
    first = extract(store)
    assert (first.annotated, first.failed) == (2, 1)
    assert store.count_ledgers() == 2
    [(_, reason, attempts)] = store.extraction_failures()
    assert "language 'pl'" in reason and attempts == 1
    ledger = store.get_ledger(1)
    assert ledger is not None and ledger["claims"][0]["source"]["text"] == "BelTA"
    assert extract(store).annotated == 0, "nothing left to do"
    assert store.count_pending_extraction() == 0
    assert store.count_pending_extraction(retry_failed=True) == 1
    retry = extract(store, retry_failed=True)
    assert retry.failed == 1
    assert store.extraction_failures()[0][2] == 2

    more = tmp_path / "more.jsonl"
    more.write_text(
        json.dumps({"id": "d", "text": "Kyiv said 40 tanks crossed.", "language": "en"})
    )
    ingest(store, [str(more)], settings=settings)
    assert extract(store).annotated == 1


def test_analyze_writes_the_exchange_format(tmp_path: Path) -> None:
    article = tmp_path / "story.txt"
    text = (
        "The Kremlin said on Friday that about 2,000 troops would stay. Kyiv denied any such deal."
    )
    article.write_text(text)
    result = subprocess.run(
        [WATCHFLOOR, "analyze", str(article), "--format", "json", "--published", "2022-02-20"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    ledger = json.loads(result.stdout)
    assert set(ledger) >= {
        "document",
        "entities",
        "claims",
        "quantities",
        "events",
        "contradictions",
    }
    assert ledger["document"]["published"].startswith("2022-02-20")
    for claim in ledger["claims"]:
        for key in ("content", "cue"):
            span = claim[key]
            assert text[span["start"] : span["end"]] == span["text"]
        assert claim["modality"] in ("certain", "probable", "possible", "unknown")
        assert claim["polarity"] in ("affirmed", "denied")
    assert [q["value"] for q in ledger["quantities"]] == [2000]
    assert any(c["polarity"] == "denied" for c in ledger["claims"])
    dates = {d["text"]: d["value"] for d in ledger["dates"]}
    assert dates.get("Friday") == "2022-02-18"


def test_analyze_shows_the_seed_report_in_the_terminal() -> None:
    seed = shared_path("corpus", "seed", "belarus-hidden-mobilisation.txt")
    result = subprocess.run(
        [WATCHFLOOR, "analyze", str(seed)], capture_output=True, text=True, check=True
    )
    assert (
        "claims from" in result.stdout
        and "Quantities" in result.stdout
        and "Entities" in result.stdout
    )
