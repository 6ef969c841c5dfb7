"""`watchfloor export` and `watchfloor import`: the ledger in STIX 2.1, PLOVER JSON, CSV and
Parquet, and back from a watchfloor STIX bundle."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import click

from watchfloor.cli._common import (
    db_option,
    handle_errors,
    quiet_option,
    require,
    resolve_entity,
    settings_from,
    store_from,
)
from watchfloor.cli._linking import _when
from watchfloor.errors import ConfigError
from watchfloor.pipeline.registry import source_registry

__all__ = ["export_command", "import_command"]


@contextlib.contextmanager
def _output(path: Path | None) -> Iterator[IO[str]]:
    """Standard output, or ``path`` written whole or not at all (a ``.part`` file renamed
    when the export has finished)."""
    if path is None:
        yield sys.stdout
        return
    partial = path.with_name(path.name + ".part")
    try:
        handle = partial.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    try:
        with handle:
            yield handle
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


@click.command("export")
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["stix", "plover", "csv", "parquet", "corrections"]),
    required=True,
    help="stix: a STIX 2.1 bundle; plover: PLOVER JSON records, one per line; csv or "
    "parquet: one flat table (--table); corrections: the desk's corrected claims as "
    "PolNeAR standoff (text and .ann) in the folder --output, for make train.",
)
@click.option(
    "--table",
    type=click.Choice(["claims", "events", "readings", "alerts"]),
    default="claims",
    show_default=True,
    help="Which table for csv and parquet.",
)
@click.option("--since", metavar="DATE", help="Published (events: occurred) on or after.")
@click.option("--until", metavar="DATE", help="Published (events: occurred) on or before.")
@click.option(
    "--entity", metavar="NAME|ID", help="Claims by, or events with, this entity (a name or an id)."
)
@click.option("--type", "event_type", metavar="TYPE", help="Events of this PLOVER type.")
@click.option("--indicator", metavar="NAME", help="Readings or alerts of this indicator.")
@click.option(
    "--with-ledgers",
    is_flag=True,
    help="plover: attach each article and its ledger to its first record, for import.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="File to write [default: standard output; parquet needs a file; corrections a folder].",
)
@quiet_option
@handle_errors
def export_command(
    db: str | None,
    fmt: str,
    table: str,
    since: str | None,
    until: str | None,
    entity: str | None,
    event_type: str | None,
    indicator: str | None,
    with_ledgers: bool,
    output: Path | None,
    quiet: bool,
) -> None:
    """Write the ledger for other tools: STIX 2.1, PLOVER JSON, CSV or Parquet; or the
    desk's corrections as training data."""
    from watchfloor.exchange import export_stix, export_table, plover_records

    settings = settings_from(db=db)
    start, end = _when(since, "--since"), _when(until, "--until")
    require(fmt != "parquet" or output is not None, "parquet needs a file: --output FILE")
    require(fmt != "corrections" or output is not None, "corrections need a folder: -o DIR")
    if fmt == "corrections" and output is not None:
        from watchfloor.exchange.corrections import export_corrections

        with store_from(settings) as store:
            count = export_corrections(store, output)
        if not quiet:
            click.echo(f"wrote {count} corrected articles to {output}", err=True)
        return
    if output is not None and output.is_dir():
        raise ConfigError(f"{output}: is a folder; give a file")
    if output is not None and not output.parent.is_dir():
        raise ConfigError(f"{output}: cannot write: no folder {output.parent}")
    with store_from(settings) as store:
        if entity is not None and entity.strip().isdigit():
            entity = resolve_entity(store, entity).name  # tables filter by name
        if fmt == "stix":
            with _output(output) as out:
                count = export_stix(
                    store,
                    out,
                    registry=source_registry(store, settings.sources),
                    since=start,
                    until=end,
                )
            what = "STIX objects"
        elif fmt == "plover":
            count = 0
            with _output(output) as out:
                records = plover_records(
                    store, since=start, until=end, event_type=event_type,
                    with_ledgers=with_ledgers,
                )  # fmt: skip
                for record in records:
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                    count += 1
            what = "PLOVER records"
        elif fmt == "parquet":
            count = export_table(
                store, table, fmt="parquet", path=str(output), since=start, until=end,
                entity=entity, event_type=event_type, indicator=indicator,
            )  # fmt: skip
            what = f"{table} rows"
        else:
            with _output(output) as out:
                count = export_table(
                    store, table, fmt="csv", out=out, since=start, until=end, entity=entity,
                    event_type=event_type, indicator=indicator,
                )  # fmt: skip
            what = f"{table} rows"
    if not quiet:
        click.echo(f"wrote {count} {what}" + (f" to {output}" if output else ""), err=True)


@click.command("import")
@click.argument(
    "bundle", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@db_option
@quiet_option
@handle_errors
def import_command(bundle: Path, db: str | None, quiet: bool) -> None:
    """Read what `watchfloor export` wrote (a STIX bundle, or PLOVER records written with
    --with-ledgers) into the store: the articles with their ledgers, linked and graded
    again."""
    from watchfloor.exchange import read_exchange
    from watchfloor.pipeline import restore

    settings = settings_from(db=db)
    with store_from(settings, must_exist=False) as store:
        try:
            report = restore(
                store, read_exchange(bundle), settings=settings,
                registry=source_registry(store, settings.sources),
            )  # fmt: skip
        except KeyError as exc:
            raise ConfigError(f"{bundle}: a watchfloor report lacks {exc}") from exc
    if not quiet:
        click.echo(
            f"imported {report.articles} articles ({report.claims} claims), "
            f"{report.unchanged} already stored",
            err=True,
        )
