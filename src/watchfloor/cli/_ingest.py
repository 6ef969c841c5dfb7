"""``watchfloor ingest``: read sources into the store, with progress and a summary."""

from __future__ import annotations

import sys

import click
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.text import Text

from watchfloor.cli._common import (
    db_option,
    handle_errors,
    quiet_option,
    settings_from,
    stderr,
    store_from,
)
from watchfloor.pipeline import IngestOutcome, Outcome, ingest


@click.command("ingest")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@db_option
@click.option(
    "--near-threshold",
    type=click.FloatRange(0.0, 1.0, min_open=True),
    help="Similarity (0-1] at which an article is a near duplicate [default 0.8].",
)
@click.option(
    "--max-bytes", type=click.IntRange(min=1), help="Reject items larger than this [default 10 MB]."
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds to wait for a URL [default 20].",
)
@click.option(
    "--text-column",
    metavar="NAME",
    help="The CSV/TSV column with each article's text [default: articleBody, text, body or "
    "content].",
)
@quiet_option
@handle_errors
def ingest_command(
    sources: tuple[str, ...],
    db: str | None,
    near_threshold: float | None,
    max_bytes: int | None,
    timeout: float | None,
    text_column: str | None,
    quiet: bool,
) -> None:
    """Read articles from SOURCEs into the store.

    A SOURCE is a file (text, Markdown, HTML, RSS/Atom, JSON Lines, JSON, CSV or TSV with
    one article per row), a folder (read
    recursively), an http(s) URL, or - for standard input. Repeats are recorded as
    duplicates of the first-seen article; re-ingesting the same input adds nothing.
    Each rejected item is named on stderr with the reason. Exit status: 0, or 1 if
    anything was rejected.
    """
    settings = settings_from(
        db=db,
        near_duplicate_threshold=near_threshold,
        max_item_bytes=max_bytes,
        http_timeout=timeout,
        text_column=text_column,
    )
    with store_from(settings, must_exist=False) as store:
        show_progress = not quiet and stderr.is_terminal
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=stderr,
            disable=not show_progress,
            transient=True,
        ) as progress:
            task = progress.add_task("reading", total=None)
            counts = {outcome: 0 for outcome in Outcome}

            def on_outcome(result: IngestOutcome) -> None:
                counts[result.outcome] += 1
                if result.rejection is not None:
                    progress.console.print(
                        Text(result.rejection.message, style="yellow"), soft_wrap=True
                    )
                done = sum(counts.values())
                duplicates = counts[Outcome.EXACT_DUPLICATE] + counts[Outcome.NEAR_DUPLICATE]
                progress.update(
                    task,
                    description=f"{done} items: {counts[Outcome.INGESTED]} new, "
                    f"{duplicates} duplicates, {counts[Outcome.REJECTED]} rejected",
                )

            report = ingest(store, sources, settings=settings, on_outcome=on_outcome)
        if not quiet:
            stderr.print(report.summary(), soft_wrap=True)
    sys.exit(1 if report.rejected else 0)
