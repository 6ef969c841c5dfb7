"""Scale-out: extraction on a local Dask cluster with 1, 2 and 4 workers, and the cost of
linking a batch as the store grows. Prints one table per measure.

Extraction: the first --articles documents of ../shared/eval/corpus/wh-briefings-sample/
(beyond its 1,000, copies with variations), ingested once into a SQLite template; each
worker count extracts a copy of it (ingest and linking excluded from the timing).
Scaling efficiency = speed-up / workers, against 1 worker in the same run. Peak memory is
each worker process's own.

Linking: --link-sizes stores of that many articles, built from the extracted ledgers by
repetition with variations (a new outlet, date and closing line per copy, so that they
are new articles); then the time to link the next --batch articles, per 1,000: wall
seconds, and the linking process's CPU seconds (steadier when the machine is shared).

    python bench/scale.py [--articles 200] [--workers 1,2,4] [--link-sizes 2000,10000]

--ledgers PATH keeps the extracted store of the first worker count at PATH; when PATH
already exists, extraction is not run again and only linking is measured (so the long
linking curve can be rerun without hours of extraction). --link-store PATH keeps the
growing store at PATH; when PATH already holds articles (a run that was stopped), the
run goes on from there: the copies left without ledgers get theirs, the sizes already
passed are skipped, and ratios are to the first size measured in this run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from _corpus import extracted, grow, resume

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "eval" / "corpus" / "wh-briefings-sample"


def corpus_records(count: int) -> list[dict[str, Any]]:
    """The first ``count`` documents; beyond the 1,000, copies with variations (a closing
    line, outlet and date of their own, k x 30 days later), so each is a new article."""
    from datetime import date, timedelta

    from watchfloor.ingest.text import split_front_matter

    selection = (CORPUS / "SELECTION.tsv").read_text(encoding="utf-8").splitlines()[1:]
    originals = []
    for line in selection[: min(count, len(selection))]:
        meta, body = split_front_matter((CORPUS / line.split("\t")[1]).read_text(encoding="utf-8"))
        originals.append((body, str(meta.get("title") or line.split("\t")[1]), meta.get("date")))
    records = []
    for i in range(count):
        body, title, day = originals[i % len(originals)]
        copy = i // len(originals)
        published = date.fromisoformat(str(day or "2022-01-01")[:10]) + timedelta(days=30 * copy)
        records.append(
            {
                "text": body + (f"\n\n(Copy {copy}, outlet {i % 37}.)" if copy else ""),
                "title": f"{title} ({copy})" if copy else title,
                "published": published.isoformat(),
                "outlet": f"Outlet {i % 37}" if copy else "The White House",
                "language": "en",
            }
        )
    return records


def _peak_mb() -> float:
    """Runs on a Dask worker, which cannot import bench/_memory.py: the same reading
    (VmHWM, the worker program's own peak), self-contained."""
    for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def extraction(folder: Path, articles: int, worker_counts: list[int]) -> list[dict[str, Any]]:
    from distributed import Client, LocalCluster

    from watchfloor.pipeline import ingest
    from watchfloor.pipeline.cluster import run
    from watchfloor.settings import load_settings
    from watchfloor.store import open_store

    template = folder / "template.db"
    inputs = folder / "articles.jsonl"
    inputs.write_text(
        "".join(json.dumps(r) + "\n" for r in corpus_records(articles)), encoding="utf-8"
    )
    with open_store(str(template)) as store:
        ingest(store, [str(inputs)], settings=load_settings(db=str(template)))
    rows = []
    for workers in worker_counts:
        db = folder / f"extract-{workers}.db"
        shutil.copy(template, db)
        settings = load_settings(db=str(db), watchlist=folder / "none.yaml")
        with (
            LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            Client(cluster) as client,
            open_store(str(db)) as store,
        ):
            client.run(_load_pipeline)  # each worker loads spaCy once, before the clock
            started = time.perf_counter()
            report = run(store, [], settings=settings, client=client, partition_size=10)
            extract_seconds = time.perf_counter() - started - _link_seconds(report)
            peaks = client.run(_peak_mb)
        rows.append(
            {
                "workers": workers,
                "articles": report.extract.annotated,
                "seconds": extract_seconds,
                "articles_per_s": report.extract.annotated / extract_seconds,
                "peak_mb_per_worker": max(peaks.values()),
                "retried": len(report.retried),
            }
        )
    base = rows[0]["articles_per_s"]
    for row in rows:
        row["speedup"] = row["articles_per_s"] / base
        row["efficiency"] = row["speedup"] / row["workers"]
    return rows


def _load_pipeline() -> None:
    from watchfloor.extract import load_pipeline

    load_pipeline("en")


def _link_seconds(report: Any) -> float:
    return float(report.link_seconds)


def linking(db: Path, source_db: Path, sizes: list[int], batch: int) -> Iterator[dict[str, Any]]:
    """Time to link ``batch`` new articles into stores of ``sizes`` linked articles, a row
    per size as soon as it is measured (ratio: to the first size)."""
    from watchfloor.pipeline import link
    from watchfloor.settings import load_settings
    from watchfloor.store import open_store

    kept = extracted(source_db)
    folder = db.parent
    settings = load_settings(db=str(db))
    base = cpu_base = 0.0
    with open_store(str(db)) as store:
        made = resume(store, kept)
        link(store)  # what a stopped run left unlinked, untimed
        for size in sizes:
            if made > size:
                continue
            if made < size:
                made = grow(store, settings, folder, kept, made, size - made)
                link(store)
            made = grow(store, settings, folder, kept, made, batch)
            started, cpu_started = time.perf_counter(), time.process_time()
            report = link(store)
            seconds = time.perf_counter() - started
            cpu = time.process_time() - cpu_started
            per_1000 = seconds / max(report.articles, 1) * 1000
            cpu_per_1000 = cpu / max(report.articles, 1) * 1000
            base = base or per_1000
            cpu_base = cpu_base or cpu_per_1000
            yield {
                "stored": size,
                "batch": report.articles,
                "seconds": seconds,
                "seconds_per_1000": per_1000,
                "ratio": per_1000 / base,
                "cpu_per_1000": cpu_per_1000,
                "cpu_ratio": cpu_per_1000 / cpu_base,
            }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--link-sizes", default="2000,10000")
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--ledgers", type=Path, help="extracted store to keep or reuse")
    parser.add_argument("--link-store", type=Path, help="growing linking store to keep or resume")
    args = parser.parse_args()
    counts = [int(w) for w in args.workers.split(",")]
    sizes = [int(s) for s in args.link_sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="watchfloor-scale-") as tmp:
        folder = Path(tmp)
        source = folder / f"extract-{counts[0]}.db"
        if args.ledgers is not None and args.ledgers.exists():
            source = args.ledgers
            print(f"ledgers from {source} (extraction not measured)")
        else:
            print(
                f"watchfloor scale benchmark ({len(counts)} cluster sizes, "
                f"{args.articles} articles)"
            )
            header = ("workers", "seconds", "art/s", "speed-up", "efficiency", "peak MB/worker")
            widths = (7, 9, 7, 9, 10, 15)
            print(" ".join(f"{h:>{w}}" for h, w in zip(header, widths, strict=True)))
            rows = extraction(folder, args.articles, counts)
            for r in rows:
                print(
                    f"{r['workers']:>7} {r['seconds']:>9.1f} {r['articles_per_s']:>7.2f} "
                    f"{r['speedup']:>9.2f} {r['efficiency']:>10.2f} "
                    f"{r['peak_mb_per_worker']:>15.0f}"
                )
            if args.ledgers is not None:
                shutil.copyfile(source, args.ledgers)
            sys.stdout.flush()
        print(f"\nlinking {args.batch} new articles into a store of N linked articles")
        header = ("stored", "seconds", "s/1000", "ratio", "cpu s/1000", "ratio")
        print(" ".join(f"{h:>{w}}" for h, w in zip(header, (8, 9, 8, 6, 11, 6), strict=True)))
        link_db = args.link_store or folder / "link.db"
        for r in linking(link_db, source, sizes, args.batch):
            per, cpu = r["seconds_per_1000"], r["cpu_per_1000"]
            print(
                f"{r['stored']:>8} {r['seconds']:>9.1f} {per:>8.1f} {r['ratio']:>6.2f} "
                f"{cpu:>11.1f} {r['cpu_ratio']:>6.2f}"
            )
            sys.stdout.flush()
        sys.stdout.flush()


if __name__ == "__main__":
    main()
