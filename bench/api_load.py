"""The API under load: concurrent readers on a real server, with and without writers.

    python bench/api_load.py [--db demo.db] [--readers 50] [--seconds 60] [--writers 5]
                             [--workers N]

Starts `watchfloor serve --workers N` (default: one per core) on a loopback port over the
store (`make demo` builds demo.db),
then runs ``--readers`` threads that request the dashboard's reads in turn (articles,
propositions, entities, events, a search, one article with its ledger) for ``--seconds``;
then the same while ``--writers`` clients ingest small batches over the API with an admin
token. Prints requests per second, p50 / p95 / p99 latency and errors for each phase. The
target (issue 19): p99 under 500 ms with no errors. The store is copied first, so the demo
store is left as it was.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
WATCHFLOOR = str(Path(sys.executable).with_name("watchfloor"))
READS = [
    "/api/articles?limit=20",
    "/api/propositions?limit=20",
    "/api/propositions?sort=reported&limit=20",
    "/api/entities?limit=20",
    "/api/events?limit=20",
    "/api/search?q=troops%20Belarus",
    "/api/articles/1",
    "/api/sources",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def phase(base: str, readers: int, seconds: float, writers: int, token: str) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def read(offset: int) -> None:
        nonlocal errors
        header = {"Authorization": f"Bearer {token}"}  # once a token exists, reads need one
        with httpx.Client(base_url=base, timeout=30, headers=header) as client:
            for path in itertools.islice(itertools.cycle(READS), offset, None):
                if time.monotonic() > stop:
                    return
                started = time.monotonic()
                try:
                    ok = client.get(path).status_code < 400
                except httpx.HTTPError:
                    ok = False
                with lock:
                    latencies.append(time.monotonic() - started)
                    errors += not ok

    def write(number: int) -> None:
        nonlocal errors
        header = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=base, timeout=60) as client:
            for batch in itertools.count():
                if time.monotonic() > stop:
                    return
                records = [
                    {"text": f"Writer {number} batch {batch} item {i}: the council said the "
                     f"road to the northern border would reopen on day {i}.",
                     "title": f"w{number}-{batch}-{i}", "language": "en"}
                    for i in range(5)
                ]  # fmt: skip
                try:
                    ok = client.post("/api/articles", json=records, headers=header).status_code
                    errors += ok >= 400
                except httpx.HTTPError:
                    errors += 1

    threads = [threading.Thread(target=read, args=(i,)) for i in range(readers)]
    threads += [threading.Thread(target=write, args=(i,)) for i in range(writers)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {
        "requests": len(latencies),
        "per_second": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(latencies) if latencies else 0.0,
        "p95_ms": 1000 * percentile(latencies, 0.95),
        "p99_ms": 1000 * percentile(latencies, 0.99),
        "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=REPO / "demo.db")
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--writers", type=int, default=5)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    if not args.db.exists():
        sys.exit(f"{args.db} does not exist: run `make demo` first")
    with tempfile.TemporaryDirectory() as work:
        db = str(Path(work) / "load.db")
        shutil.copy(args.db, db)
        created = subprocess.run(
            [WATCHFLOOR, "token", "create", "load", "--scope", "admin", "--db", db],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        token = created.stdout.strip()
        port = free_port()
        server = subprocess.Popen(
            [WATCHFLOOR, "serve", "--db", db, "--port", str(port), "--workers", str(args.workers)],
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    httpx.get(f"{base}/api/health", timeout=2, headers={
                        "Authorization": f"Bearer {token}"})  # fmt: skip
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        sys.exit("the server did not start")
                    time.sleep(0.3)
            results = {
                name: phase(base, args.readers, args.seconds, writers, token)
                for name, writers in (
                    ("readers only", 0),
                    (f"with {args.writers} writers", args.writers),
                )
            }
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(
        f"{args.readers} readers, {args.seconds:.0f} s per phase, store {args.db.name}, "
        f"{args.workers} server processes"
    )
    columns = ("requests", "req/s", "p50 ms", "p95 ms", "p99 ms")
    print(f"{'phase':22} " + " ".join(f"{c:>9}" for c in columns) + f" {'errors':>7}")
    for name, r in results.items():
        print(
            f"{name:22} {r['requests']:>9.0f} {r['per_second']:>8.1f} {r['p50_ms']:>8.1f} "
            f"{r['p95_ms']:>8.1f} {r['p99_ms']:>8.1f} {r['errors']:>7.0f}"
        )
    print("target: p99 < 500 ms, 0 errors")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
