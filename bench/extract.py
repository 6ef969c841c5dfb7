"""Extraction throughput next to the bare spaCy model, on the same texts, in one run.

Corpus: ../shared/eval/corpus/wh-briefings-sample/ (front matter stripped; the date is
passed as the publication date), repeated to reach --articles. Each mode runs in a fresh
process so that its peak memory is its own. The last line is ``throughput-ratio R``:
full-extraction articles/s divided by bare-model articles/s.

    python bench/extract.py [--articles 1000] [--batch-size 4]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from _memory import peak_mb

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "eval" / "corpus" / "wh-briefings-sample"


def corpus(count: int) -> Iterator[tuple[str, datetime | None]]:
    from watchfloor.ingest.text import split_front_matter

    selection = (CORPUS / "SELECTION.tsv").read_text(encoding="utf-8").splitlines()[1:]
    paths = [CORPUS / line.split("\t")[1] for line in selection]
    produced = 0
    while produced < count:
        for path in paths:
            if produced >= count:
                return
            meta, body = split_front_matter(path.read_text(encoding="utf-8"))
            date = meta.get("date")
            published = datetime.fromisoformat(str(date)).replace(tzinfo=UTC) if date else None
            yield body, published
            produced += 1


def worker(mode: str, count: int, batch_size: int) -> None:
    from watchfloor.extract import annotate_many, load_bare_model, load_pipeline
    from watchfloor.types import Article

    # Streamed, as `watchfloor extract` streams from the store: memory must not grow with
    # the number of articles.
    if mode == "bare":
        nlp = load_bare_model("en")
        started = time.perf_counter()
        claims = 0
        articles = sum(1 for _ in nlp.pipe((t for t, _ in corpus(count)), batch_size=batch_size))
    else:
        load_pipeline("en")
        stream = (
            Article(text=t, origin=f"bench-{i}", published=p)
            for i, (t, p) in enumerate(corpus(count))
        )
        started = time.perf_counter()
        articles = claims = 0
        for articles, (_, ledger) in enumerate(  # noqa: B007 - the count is used below
            annotate_many(stream, language="en", batch_size=batch_size), start=1
        ):
            if isinstance(ledger, Exception):
                raise ledger
            claims += len(ledger.claims)
    elapsed = time.perf_counter() - started
    peak = peak_mb()
    print(
        json.dumps(
            {
                "articles": articles,
                "seconds": elapsed,
                "claims": claims,
                "peak_mb": peak,
            }
        )
    )


def run(mode: str, count: int, batch_size: int) -> dict[str, float]:
    command = [
        sys.executable,
        __file__,
        "--worker",
        mode,
        "--articles",
        str(count),
        "--batch-size",
        str(batch_size),
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--batch-size", type=int, default=4)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.articles, args.batch_size)
        return
    if not CORPUS.exists():
        sys.exit(f"corpus not found at {CORPUS}")
    bare = run("bare", args.articles, args.batch_size)
    full = run("full", args.articles, args.batch_size)
    words = sum(len(t.split()) for t, _ in corpus(args.articles))
    print(
        f"watchfloor extraction benchmark ({os.cpu_count()} cores, "
        f"{args.articles} articles, {words:,} words)"
    )
    print(f"{'mode':<34} {'seconds':>8} {'art/s':>8} {'words/s':>9} {'peak MB':>8} {'claims':>7}")
    for name, figures in (
        ("bare nlp.pipe (en_core_web_sm)", bare),
        ("full extraction (watchfloor)", full),
    ):
        seconds = figures["seconds"]
        rate = figures["articles"] / seconds
        print(
            f"{name:<34} {seconds:>8.1f} {rate:>8.2f} {words / seconds:>9.0f} "
            f"{figures['peak_mb']:>8.0f} {int(figures['claims']):>7}"
        )
    ratio = (full["articles"] / full["seconds"]) / (bare["articles"] / bare["seconds"])
    print(f"throughput-ratio {ratio:.2f}")


if __name__ == "__main__":
    main()
