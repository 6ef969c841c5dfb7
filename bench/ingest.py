"""Ingest throughput and peak memory, into SQLite and PostgreSQL.

Corpus: the 1,000 White House documents of ../shared/eval/corpus/wh-briefings-sample/, and
the same repeated with variations (paragraphs dropped, a dateline added) so that later
copies are new items, many of them near duplicates, as syndicated news is.

Each mode runs in a fresh process so that its peak memory is its own. Figures are also
given as ratios to the baseline measured in the same run: reading and parsing the same
files without a store.

    python bench/ingest.py [--repeat 5] [--postgres postgresql://...]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote

from _memory import peak_mb

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "eval" / "corpus" / "wh-briefings-sample"


def build_corpus(target: Path, repeat: int) -> tuple[int, int]:
    """Copy the corpus, then ``repeat - 1`` varied copies; return (files, bytes)."""
    selection = (CORPUS / "SELECTION.tsv").read_text(encoding="utf-8").splitlines()[1:]
    files = [CORPUS / line.split("\t")[1] for line in selection]
    count = size = 0
    for copy in range(repeat):
        folder = target / f"copy-{copy}"
        for source in files:
            relative = source.relative_to(CORPUS)
            destination = folder / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            data = source.read_text(encoding="utf-8")
            if copy:
                head, sep, body = data.partition("\n---\n")
                paragraphs = body.split("\n\n")
                kept = [p for i, p in enumerate(paragraphs) if i % (copy + 2) != 1]
                data = head + sep + f"(Copy {copy}) " + "\n\n".join(kept)
            destination.write_text(data, encoding="utf-8")
            count += 1
            size += len(data.encode("utf-8"))
    return count, size


def worker(mode: str, folder: str, db: str | None) -> None:
    """Run one mode in this process and print its figures as JSON."""
    from watchfloor.ingest import read_articles
    from watchfloor.pipeline import ingest
    from watchfloor.settings import load_settings
    from watchfloor.store import open_store
    from watchfloor.types import Article

    settings = load_settings(db=db or "unused.db")
    started = time.perf_counter()
    if mode == "parse":
        articles = sum(
            1 for item in read_articles([folder], settings=settings) if isinstance(item, Article)
        )
        report = None
    else:
        with open_store(settings.db) as store:
            result = ingest(store, [folder], settings=settings)
        articles = result.ingested + result.duplicates
        report = result.summary()
    elapsed = time.perf_counter() - started
    peak = peak_mb()
    print(json.dumps({"articles": articles, "seconds": elapsed, "peak_mb": peak, "report": report}))


def run_worker(mode: str, folder: Path, db: str | None) -> dict[str, Any]:
    command = [sys.executable, __file__, "--worker", mode, str(folder)]
    if db:
        command += ["--db", db]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def postgres_schema(url: str) -> tuple[str, str]:
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in url else "?"
    return schema, f"{url}{separator}options={quote(f'-csearch_path={schema}')}"


def drop_schema(url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"DROP SCHEMA {schema} CASCADE")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5, help="corpus copies for the larger run")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("WATCHFLOOR_BENCH_POSTGRES_URL")
        or os.environ.get("WATCHFLOOR_TEST_POSTGRES_URL"),
        help="PostgreSQL URL (a schema is created and dropped); default from the environment",
    )
    parser.add_argument("--worker", nargs=2, metavar=("MODE", "FOLDER"), help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker[0], args.worker[1], args.db)
        return
    if not CORPUS.exists():
        sys.exit(f"corpus not found at {CORPUS}")

    rows = []
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        for repeat in sorted({1, args.repeat}):
            folder = scratch / f"corpus-x{repeat}"
            files, size = build_corpus(folder, repeat)
            baseline = run_worker("parse", folder, None)
            modes: list[tuple[str, dict[str, Any]]] = [
                ("read+parse, no store (baseline)", baseline)
            ]
            sqlite_db = scratch / f"x{repeat}.db"
            modes.append(("ingest into SQLite", run_worker("ingest", folder, str(sqlite_db))))
            if args.postgres:
                schema, url = postgres_schema(args.postgres)
                try:
                    modes.append(("ingest into PostgreSQL", run_worker("ingest", folder, url)))
                finally:
                    drop_schema(args.postgres, schema)
            for name, figures in modes:
                seconds = float(figures["seconds"])
                rows.append(
                    (
                        files,
                        size,
                        name,
                        int(figures["articles"]),
                        seconds,
                        float(figures["peak_mb"]),
                        float(baseline["seconds"]) / seconds,
                        figures.get("report"),
                    )
                )
            shutil.rmtree(folder)

    print(f"watchfloor ingest benchmark ({os.cpu_count()} cores, Python {sys.version.split()[0]})")
    header = (
        "documents",
        "MB",
        "mode",
        "articles",
        "seconds",
        "art/s",
        "MB/s",
        "peak MB",
        "vs baseline",
    )
    line = "{:>9} {:>6}  {:<32} {:>8} {:>8} {:>7} {:>6} {:>8} {:>12}"
    print(line.format(*header))
    for files, size, name, articles, seconds, peak, ratio, _ in rows:
        mb = size / 1e6
        print(
            line.format(
                files,
                f"{mb:.1f}",
                name,
                articles,
                f"{seconds:.1f}",
                f"{articles / seconds:.1f}",
                f"{mb / seconds:.2f}",
                f"{peak:.0f}",
                f"{ratio:.2f}x",
            )
        )
    for files, _, name, _, _, _, _, report in rows:
        if report:
            print(f"{files} documents, {name}: {report}")
    if not args.postgres:
        print("PostgreSQL not measured: pass --postgres URL or set WATCHFLOOR_TEST_POSTGRES_URL")


if __name__ == "__main__":
    main()
