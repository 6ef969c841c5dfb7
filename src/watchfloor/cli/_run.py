"""``watchfloor run``: the whole pipeline on a Dask cluster (local or remote)."""

from __future__ import annotations

import sys
from contextlib import ExitStack

import click

from watchfloor.cli._common import (
    db_option,
    handle_errors,
    quiet_option,
    settings_from,
    stderr,
    store_from,
)
from watchfloor.errors import ConfigError, MissingDependencyError

__all__ = ["run_command"]


@click.command("run")
@click.argument("sources", nargs=-1)
@db_option
@click.option(
    "--workers", type=click.IntRange(min=1), help="Start a local cluster of N worker processes."
)
@click.option("--scheduler", metavar="tcp://HOST:PORT", help="Use a running Dask scheduler.")
@click.option(
    "--partition-size",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="Articles per task.",
)
@quiet_option
@handle_errors
def run_command(
    sources: tuple[str, ...],
    db: str | None,
    workers: int | None,
    scheduler: str | None,
    partition_size: int,
    quiet: bool,
) -> None:
    """Ingest SOURCES, extract on a Dask cluster, link and evaluate indicators.

    --workers N starts a local cluster (one process per worker, each loading the spaCy
    pipeline once); --scheduler tcp://HOST:PORT uses a running one, whose workers must
    reach the store (PostgreSQL; a SQLite file only on one machine). Interrupted runs
    resume where they stopped.
    """
    if (workers is None) == (scheduler is None):
        raise ConfigError("give exactly one of --workers N or --scheduler tcp://HOST:PORT")
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise MissingDependencyError("watchfloor run", "dask") from exc
    from watchfloor.pipeline.cluster import run

    settings = settings_from(db=db)
    with ExitStack() as stack, store_from(settings, must_exist=False) as store:
        if workers is not None:
            cluster = stack.enter_context(
                LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                )
            )
            client = stack.enter_context(Client(cluster))
        else:
            client = stack.enter_context(Client(scheduler, timeout="30s"))

        def progress(done: int, total: int) -> None:
            if not quiet and stderr.is_terminal:
                stderr.print(f"partitions {done}/{total}", end="\r")

        report = run(
            store,
            list(sources),
            settings=settings,
            client=client,
            partition_size=partition_size,
            on_partition=progress,
        )
    if not quiet:
        stderr.print(report.ingest.summary())
        stderr.print(report.summary())
        for key in report.retried:
            stderr.print(f"retried partition {key}")
    sys.exit(1 if report.extract.failed else 0)
