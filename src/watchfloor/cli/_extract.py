"""``watchfloor extract``: annotate stored articles that have no ledger yet."""

from __future__ import annotations

import sys

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from watchfloor.cli._common import (
    db_option,
    handle_errors,
    quiet_option,
    settings_from,
    stderr,
    store_from,
)
from watchfloor.pipeline import extract
from watchfloor.types import Article


@click.command("extract")
@db_option
@click.option("--limit", type=click.IntRange(min=1), help="Annotate at most this many articles.")
@click.option("--retry-failed", is_flag=True, help="Try again the articles that failed before.")
@click.option(
    "--link/--no-link",
    "then_link",
    default=True,
    show_default=True,
    help="Then link the new ledgers across articles (see 'watchfloor link').",
)
@quiet_option
@handle_errors
def extract_command(
    db: str | None, limit: int | None, retry_failed: bool, then_link: bool, quiet: bool
) -> None:
    """Annotate every stored article not yet annotated and store its ledger.

    Incremental: run it after each ingest. A failure on one article is recorded (shown
    here, retried with --retry-failed) and the others go on. Exit status 1 if any failed.
    Then the new ledgers are linked across articles and their propositions graded.
    """
    settings = settings_from(db=db)
    with store_from(settings) as store:
        pending = store.count_pending_extraction(retry_failed=retry_failed)
        total = pending if limit is None else min(pending, limit)
        with Progress(
            TextColumn("annotating"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=stderr,
            disable=quiet or not stderr.is_terminal,
            transient=True,
        ) as progress:
            task = progress.add_task("extract", total=total)

            def on_article(article: Article, error: str | None) -> None:
                progress.advance(task)
                if error is not None:
                    name = article.title or article.item_key
                    progress.console.print(
                        Text(f"article {article.id} ({name}): {error}", style="yellow"),
                        soft_wrap=True,
                    )

            report = extract(store, retry_failed=retry_failed, limit=limit, on_article=on_article)
        if not quiet:
            stderr.print(report.summary())
        if then_link:
            from watchfloor.cli._linking import run_link

            run_link(store, settings, quiet=quiet)
    sys.exit(1 if report.failed else 0)
