"""Ingest throughput and peak memory, into SQLite and PostgreSQL.

Corpus: the 1,000 White House documents of ../shared/eval/corpus/wh-briefings-sample/, and
the same repeated with variations (paragraphs dropped, a dateline added) so that later
copies are new items, many of them near duplicates, as syndicated news is.

Each mode runs in a fresh process so that its peak memory is its own. Figures are also
given as ratios to the baseline measured in the same run: reading and parsing the same
files without a store.

    python bench/ingest.py [--repeat 5] [--postgres postgresql://...]

Two more figures (issue 19):

    python bench/ingest.py --scale 1000,10000,50000   # articles/s as the store grows
    python bench/ingest.py --large                     # extra memory: 10 MB file, 5 MB POST

``--scale`` fills one SQLite store with generated reports (each distinct, ~80 words of
the corpus's vocabulary) up to each size in turn and, at each, times the ingest of the
same kind of batch three times (the median is shown): 800 new reports and 200 near
duplicates of stored ones, so that both duplicate lookups are exercised. The figure is
the rate at each size and the fastest over the slowest (target: within 1.5x from 1k to
50k).

``--large`` measures the peak resident memory above the process's own before the work
(ingest of one 10 MB plain-text article, of a 10 MB JSON Lines file) and, on a running
``watchfloor serve``, of a 5 MB POST of 5,000 records and a POST of 40,000 short records
with its time (targets: under 300 MB extra; the 40k POST under a minute).
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


def _vocabulary() -> list[str]:
    import re

    selection = (CORPUS / "SELECTION.tsv").read_text(encoding="utf-8").splitlines()[1:200]
    words: set[str] = set()
    for line in selection:
        words.update(re.findall(r"[A-Za-z]{3,}", (CORPUS / line.split("\t")[1]).read_text()))
    return sorted(words)


def _reports(words: list[str], seed: int, count: int, size: int = 80) -> list[str]:
    import random

    chance = random.Random(seed)
    return [" ".join(chance.choice(words) for _ in range(size)) + "." for _ in range(count)]


def _write_jsonl(path: Path, texts: list[str], prefix: str) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for number, body in enumerate(texts):
            out.write(json.dumps({"title": f"{prefix}-{number}", "text": body}) + "\n")
    return path


def scale_worker(sizes: list[int], folder: str) -> None:
    """Fill a store to each size and time a fixed-shape batch there; print JSON rows."""
    import random

    from watchfloor.pipeline import ingest
    from watchfloor.settings import load_settings
    from watchfloor.store import open_store

    work = Path(folder)
    words = _vocabulary()
    settings = load_settings(db=str(work / "scale.db"))
    stored: list[str] = []
    rows = []
    with open_store(settings.db) as store:
        for step, size in enumerate(sizes):
            fill = _reports(words, seed=10_000 + step, count=size - len(stored))
            ingest(store, [str(_write_jsonl(work / "fill.jsonl", fill, f"fill{step}"))],
                   settings=settings)  # fmt: skip
            stored += fill
            timings, before = [], store.count_articles()
            for trial in range(3):  # the median of three batches: commits vary
                chance = random.Random(step * 10 + trial)
                near = [
                    " ".join(w for i, w in enumerate(text.split()) if i != 40) + " (updated)"
                    for text in chance.sample(fill, 200)
                ]  # a word dropped, a note added: a near duplicate, as an updated wire copy is
                batch = _reports(words, seed=20_000 + step * 10 + trial, count=800) + near
                path = _write_jsonl(work / "batch.jsonl", batch, f"batch{step}-{trial}")
                started = time.perf_counter()
                report = ingest(store, [str(path)], settings=settings)
                timings.append(time.perf_counter() - started)
                stored += batch[:800]
            rows.append({"stored": before, "seconds": sorted(timings)[1],
                         "articles": len(batch), "report": report.summary()})  # fmt: skip
    print(json.dumps(rows))


def scale(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as work:
        command = [sys.executable, __file__, "--scale-worker", ",".join(map(str, sizes)), work]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rows = json.loads(output.strip().splitlines()[-1])
    print(f"watchfloor ingest as the store grows ({os.cpu_count()} cores, SQLite)")
    print(f"{'stored':>8} {'batch':>6} {'seconds':>8} {'art/s':>7}  report")
    rates = []
    for row in rows:
        rate = row["articles"] / row["seconds"]
        rates.append(rate)
        print(f"{row['stored']:>8} {row['articles']:>6} {row['seconds']:>8.2f} {rate:>7.1f}  "
              f"{row['report']}")  # fmt: skip
    spread = max(rates) / min(rates)
    verdict = "within" if spread <= 1.5 else "NOT within"
    print(f"fastest / slowest: {spread:.2f}x ({verdict} the 1.5x target)")


def large_worker(path: str) -> None:
    """Ingest one file into a fresh store; print the peak memory above the start."""
    from _memory import peak_mb
    from watchfloor.pipeline import ingest
    from watchfloor.settings import load_settings
    from watchfloor.store import open_store

    with tempfile.TemporaryDirectory() as work:
        settings = load_settings(db=str(Path(work) / "large.db"))
        with open_store(settings.db) as store:
            ingest(store, [str(CORPUS / "SELECTION.tsv")], settings=settings)  # warm up
            before = _status(os.getpid(), "VmRSS")
            Path("/proc/self/clear_refs").write_text("5")  # the peak starts again from here
            started = time.perf_counter()
            report = ingest(store, [path], settings=settings)
            seconds = time.perf_counter() - started
    print(json.dumps({"extra_mb": peak_mb() - before, "seconds": seconds,
                      "report": report.summary()}))  # fmt: skip


def _status(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def large() -> None:
    import httpx

    words = _vocabulary()
    print(f"watchfloor ingest of large inputs ({os.cpu_count()} cores, SQLite)")
    print(f"{'input':<44} {'MB':>6} {'seconds':>8} {'extra MB':>9}")
    with tempfile.TemporaryDirectory() as work_name:
        work = Path(work_name)
        text = work / "one-article.txt"
        paragraphs = _reports(words, seed=1, count=int(10e6 / 700), size=100)
        text.write_text("\n\n".join(paragraphs)[:10_000_000], encoding="utf-8")
        lines = _write_jsonl(work / "records.jsonl", _reports(words, 2, int(10e6 / 800)), "r")
        for name, path in (("one 10 MB plain-text article", text), ("10 MB JSON Lines", lines)):
            command = [sys.executable, __file__, "--large-worker", str(path)]
            output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
            row = json.loads(output.strip().splitlines()[-1])
            size = path.stat().st_size / 1e6
            print(f"{name:<44} {size:>6.1f} {row['seconds']:>8.1f} {row['extra_mb']:>9.0f}")
        watchfloor = str(Path(sys.executable).with_name("watchfloor"))
        db = str(work / "served.db")
        token = subprocess.run(
            [watchfloor, "token", "create", "bench", "--scope", "admin", "--db", db],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        sys.path.insert(0, str(Path(__file__).parent))
        from api_load import free_port

        port = free_port()
        server = subprocess.Popen(
            [watchfloor, "serve", "--db", db, "--port", str(port)], stderr=subprocess.DEVNULL
        )
        base, header = f"http://127.0.0.1:{port}", {"Authorization": f"Bearer {token}"}
        try:
            for _ in range(200):
                try:
                    httpx.get(f"{base}/api/health", headers=header, timeout=2)
                    break
                except httpx.TransportError:
                    time.sleep(0.3)
            posts = (
                ("POST of 5,000 records", [{"text": t} for t in _reports(words, 3, 5000, 110)]),
                ("POST of 40,000 short records",
                 [{"text": t} for t in _reports(words, 4, 40_000, 12)]),
            )  # fmt: skip
            for name, records in posts:
                body = json.dumps(records).encode()
                before = _status(server.pid, "VmRSS")
                Path(f"/proc/{server.pid}/clear_refs").write_text("5")  # peak from here
                started = time.perf_counter()
                answer = httpx.post(f"{base}/api/articles", content=body, headers=header,
                                    timeout=3600)  # fmt: skip
                seconds = time.perf_counter() - started
                extra = _status(server.pid, "VmHWM") - before
                shown = answer.json()
                name = f"{name} ({shown.get('ingested')} stored)"
                print(f"{name:<44} {len(body) / 1e6:>6.1f} {seconds:>8.1f} {extra:>9.0f}")
        finally:
            server.terminate()
            server.wait(timeout=30)
    print("targets: under 300 MB extra each; the 40,000-record POST under 60 s")


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
    parser.add_argument("--scale", help="store sizes to time a batch at, e.g. 1000,50000")
    parser.add_argument("--large", action="store_true", help="memory of large inputs")
    parser.add_argument("--worker", nargs=2, metavar=("MODE", "FOLDER"), help=argparse.SUPPRESS)
    parser.add_argument("--scale-worker", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--large-worker", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker[0], args.worker[1], args.db)
        return
    if args.scale_worker:
        scale_worker([int(n) for n in args.scale_worker[0].split(",")], args.scale_worker[1])
        return
    if args.large_worker:
        large_worker(args.large_worker)
        return
    if not CORPUS.exists():
        sys.exit(f"corpus not found at {CORPUS}")
    if args.scale:
        scale(sorted(int(n) for n in args.scale.split(",")))
        return
    if args.large:
        large()
        return

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
