"""Exports in bounded memory: peak memory and time of `export --format csv --table claims`,
of a Parquet claims table and of a STIX bundle, against a baseline that only reads every
ledger of the same store, in the same run, as the store grows from one to --copies copies
of an extracted store (bench/scale.py --ledgers writes one: 1,000 briefings, about 10,700
claims a copy).

    python bench/export.py --ledgers /tmp/ledgers.db [--copies 1,10]

Each measure runs in a fresh process (its own peak); ratio = export peak / baseline peak.
Flat peaks from 1 to 10 copies show that memory does not grow with the export.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _corpus import extracted, grow
from _memory import peak_mb

MODES = ("baseline", "csv", "parquet", "stix")


def worker(mode: str, db: str, folder: str) -> None:
    from watchfloor.assess import load_registry
    from watchfloor.exchange import export_stix, export_table
    from watchfloor.store import open_store

    started = time.perf_counter()
    count = 0
    with open_store(db) as store:
        if mode == "baseline":  # the floor: read every ledger, keep nothing
            for article in store.iter_articles():
                ledger = store.get_ledger(article.id or 0) or {}
                count += len(ledger.get("claims", []))
        elif mode == "csv":
            with Path(os.devnull).open("w", encoding="utf-8") as out:
                count = export_table(store, "claims", fmt="csv", out=out)
        elif mode == "parquet":
            count = export_table(
                store, "claims", fmt="parquet", path=str(Path(folder) / "claims.parquet")
            )
        else:
            with Path(os.devnull).open("w", encoding="utf-8") as out:
                count = export_stix(store, out, registry=load_registry(None))
    peak = peak_mb()
    print(json.dumps({"count": count, "seconds": time.perf_counter() - started, "peak_mb": peak}))


def measure(mode: str, db: Path, folder: Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, __file__, "--worker", mode, "--db", str(db), "--folder", str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ledgers", type=Path)
    parser.add_argument("--copies", default="1,10")
    parser.add_argument("--worker", choices=MODES)
    parser.add_argument("--db")
    parser.add_argument("--folder")
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.db, args.folder)
        return
    if args.ledgers is None or not args.ledgers.exists():
        parser.error("--ledgers: an extracted store (python bench/scale.py --ledgers PATH)")
    from watchfloor.settings import load_settings
    from watchfloor.store import open_store

    kept = extracted(args.ledgers)
    with tempfile.TemporaryDirectory(prefix="watchfloor-export-") as tmp:
        folder = Path(tmp)
        db = folder / "export.db"
        settings = load_settings(db=str(db))
        made = 0
        print("exports of a store of N copies (claims, peak MB per process, ratio to baseline)")
        print(f"{'copies':>6} {'claims':>8} {'mode':>9} {'seconds':>8} {'peak MB':>8} {'ratio':>6}")
        with open_store(str(db)) as store:
            for copies in (int(c) for c in args.copies.split(",")):
                made = grow(store, settings, folder, kept, made, copies * len(kept) - made)
                base = measure("baseline", db, folder)
                for mode in MODES:
                    row = base if mode == "baseline" else measure(mode, db, folder)
                    print(
                        f"{copies:>6} {int(base['count']):>8} {mode:>9} {row['seconds']:>8.1f} "
                        f"{row['peak_mb']:>8.0f} {row['peak_mb'] / base['peak_mb']:>6.2f}"
                    )
                    sys.stdout.flush()


if __name__ == "__main__":
    main()
