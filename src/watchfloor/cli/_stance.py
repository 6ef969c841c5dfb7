"""``watchfloor stance``: the stance of articles toward claims, in the FNC-1 file layout."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import TextIO

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from watchfloor.cli._common import handle_errors, quiet_option, stderr
from watchfloor.errors import ConfigError

csv.field_size_limit(1 << 26)


def _rows(path: Path, wanted: tuple[str, str]) -> list[dict[str, str]]:
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in wanted if c not in (reader.fieldnames or [])]
            if missing:
                raise ConfigError(
                    f"{path}: no column {', '.join(repr(c) for c in missing)} "
                    f"(expected a header {','.join(wanted)})"
                )
            return list(reader)
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except csv.Error as exc:
        raise ConfigError(f"{path}: not a readable CSV file ({exc})") from exc
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from exc


@click.command("stance")
@click.argument("claims_csv", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("bodies_csv", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the CSV here instead of standard output.",
)
@quiet_option
@handle_errors
def stance_command(claims_csv: Path, bodies_csv: Path, output: Path | None, quiet: bool) -> None:
    """The stance of each article toward each claim paired with it.

    CLAIMS_CSV has the columns Headline,Body ID and BODIES_CSV Body ID,articleBody (the
    FNC-1 layout). Writes Headline,Body ID,Stance with agree, disagree, discuss or
    unrelated. A row whose article is missing is reported and left out; exit status 1 then.
    """
    from watchfloor.stance import judge

    claims = _rows(claims_csv, ("Headline", "Body ID"))
    bodies = {
        r["Body ID"]: r["articleBody"] or "" for r in _rows(bodies_csv, ("Body ID", "articleBody"))
    }
    pairs: list[tuple[str, str]] = []
    failed = 0
    for line, row in enumerate(claims, start=2):
        key, headline = (row.get("Body ID") or "").strip(), row.get("Headline") or ""
        if key not in bodies:
            stderr.print(
                f"{claims_csv}:{line}: Body ID {key!r} is not in {bodies_csv}; skipped",
                soft_wrap=True,
                markup=False,
            )
            failed += 1
        elif not headline.strip():
            stderr.print(
                f"{claims_csv}:{line}: empty Headline; skipped", soft_wrap=True, markup=False
            )
            failed += 1
        else:
            pairs.append((headline, key))
    with Progress(
        TextColumn("judging"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr,
        disable=quiet or not stderr.is_terminal,
        transient=True,
    ) as progress:
        task = progress.add_task("stance", total=len(pairs))
        results = judge(pairs, bodies, on_article=lambda n: progress.advance(task, n))
    handle: TextIO = sys.stdout
    try:
        if output is not None:
            handle = output.open("w", newline="", encoding="utf-8")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["Headline", "Body ID", "Stance"])
        for result in results:
            writer.writerow([result.claim, result.article, result.stance])
    except OSError as exc:
        raise ConfigError(f"cannot write {output}: {exc.strerror or exc}") from exc
    finally:
        if handle is not sys.stdout:
            handle.close()
    if not quiet:
        counts = {
            label: sum(r.stance == label for r in results)
            for label in ("agree", "disagree", "discuss", "unrelated")
        }
        stderr.print(
            f"judged {len(results)} pairs: "
            + ", ".join(f"{n} {label}" for label, n in counts.items())
            + (f"; {failed} {'row' if failed == 1 else 'rows'} skipped" if failed else ""),
            soft_wrap=True,
        )
    sys.exit(1 if failed else 0)
