"""Command line: thin wrappers over the library; progress on a terminal, ``--quiet`` to hush."""

from __future__ import annotations

import logging

import click

from watchfloor.cli._analyze import analyze_command
from watchfloor.cli._browse import articles_command, rejections_command, search_command
from watchfloor.cli._db import db_group
from watchfloor.cli._exchange import export_command, import_command
from watchfloor.cli._extract import extract_command
from watchfloor.cli._indicators import (
    alerts_command,
    events_command,
    indicators_command,
    watch_command,
)
from watchfloor.cli._ingest import ingest_command
from watchfloor.cli._linking import (
    claims_command,
    entities_group,
    link_command,
    sources_command,
)
from watchfloor.cli._review import review_group
from watchfloor.cli._run import run_command
from watchfloor.cli._serve import serve_command, token_group
from watchfloor.cli._stance import stance_command
from watchfloor.version import __version__

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="watchfloor")
@click.option("-v", "--verbose", count=True, help="Log more detail to stderr (-vv for debug).")
def main(verbose: int) -> None:
    """watchfloor: an evidence ledger of conflict reporting.

    Settings come from flags, then WATCHFLOOR_* environment variables, then defaults.
    """
    if verbose:
        logging.basicConfig(level=logging.DEBUG if verbose > 1 else logging.INFO)


main.add_command(ingest_command)
main.add_command(analyze_command)
main.add_command(extract_command)
main.add_command(link_command)
main.add_command(claims_command)
main.add_command(sources_command)
main.add_command(entities_group)
main.add_command(articles_command)
main.add_command(search_command)
main.add_command(rejections_command)
main.add_command(events_command)
main.add_command(indicators_command)
main.add_command(alerts_command)
main.add_command(watch_command)
main.add_command(run_command)
main.add_command(stance_command)
main.add_command(serve_command)
main.add_command(token_group)
main.add_command(review_group)
main.add_command(export_command)
main.add_command(import_command)
main.add_command(db_group)
