"""``watchfloor analyze``: the ledger of one article, in the terminal or as JSON."""

from __future__ import annotations

import json
import sys
from collections import defaultdict

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from watchfloor.cli._common import handle_errors, require, settings_from
from watchfloor.errors import ConfigError
from watchfloor.ingest import read_articles
from watchfloor.ingest._dates import parse_published
from watchfloor.types import Article, Entity, Ledger, Rejection, to_jsonable


@click.command("analyze")
@click.argument("source", metavar="FILE|-")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
@click.option(
    "--published", metavar="DATE", help="Publication date, to resolve 'on Thursday' (ISO 8601)."
)
@click.option("--language", metavar="CODE", help="Language of the text [default: detected].")
@click.option(
    "--record", metavar="ID", help="Which record of a JSON Lines file or feed [default: first]."
)
@handle_errors
def analyze_command(
    source: str, output_format: str, published: str | None, language: str | None, record: str | None
) -> None:
    """Show the evidence ledger of one article: claims by source, quantities, entities.

    FILE is any format ingest reads (text, Markdown, HTML, JSON); - reads standard input.
    --format json writes the ledger exchange format (docs/ledger.md).
    """
    settings = settings_from()
    article = _read_one(source, settings, record)
    when = article.published
    if published:
        try:
            when = parse_published(published)
        except ValueError as exc:
            raise ConfigError(f"--published: {exc}") from exc
    from watchfloor.extract import annotate  # spaCy: imported when needed
    from watchfloor.link import link_ledger

    ledger = link_ledger(
        annotate(
            article.text,
            language=language or article.language or "en",
            published=when,
            document_id=article.record or article.url or article.origin,
        ),
        text=article.text,
        outlet=article.outlet,
    )
    if output_format == "json":
        sys.stdout.write(json.dumps(to_jsonable(ledger), ensure_ascii=False, indent=1) + "\n")
    else:
        show_ledger(ledger, Console(highlight=False))


def _read_one(source: str, settings: object, record: str | None) -> Article:
    for item in read_articles([source], settings=settings):  # type: ignore[arg-type]
        if isinstance(item, Rejection):
            if record is None:
                raise ConfigError(item.message.removesuffix("; skipped"))
            continue
        if record is None or item.record == record:
            return item
    require(
        False, f"{source}: no article" + (f" with record {record!r}" if record else "") + " in it"
    )
    raise AssertionError


def show_ledger(ledger: Ledger, console: Console) -> None:
    """The ledger for a person: claims grouped by source, then quantities and entities."""
    from watchfloor.types import speaker_names

    names = speaker_names(ledger.entities)
    by_source: dict[str, list] = defaultdict(list)  # type: ignore[type-arg]
    for claim in ledger.claims:
        source = claim.source
        if source is None or (source.entity is None and source.text is None):
            label = "(unattributed)"
        elif not source.resolved:
            label = source.label(names)  # "unidentified person", never "he"
        else:
            label = f"{source.label(names)} ({source.kind.value})"
        by_source[label].append(claim)
    limitations = ledger.document.get("limitations")
    if limitations:
        language = ledger.document.get("language")
        console.print(
            Text(f"note: partial support for {language!s}: {limitations}", style="yellow")
        )
    console.print(Text(f"{len(ledger.claims)} claims from {len(by_source)} sources", style="bold"))
    for label, claims in by_source.items():
        console.print(Text(label, style="bold cyan"))
        for claim in claims:
            flags = [claim.modality.value, claim.polarity.value, claim.quote.value]
            if claim.kind.value != "speech":  # "believes", "wants", "knows", "asks"
                flags.append(claim.kind.value)
            if claim.author_distanced:
                flags.append("author distanced")
            line = Text("  ")
            line.append(f"{claim.id} ", style="dim")
            line.append(f"[{claim.cue.text if claim.cue else '—'}] ", style="yellow")
            line.append(
                ", ".join(flags), style="red" if claim.polarity.value == "denied" else "green"
            )
            if claim.cites:
                line.append(
                    " citing " + "; ".join(c.text or c.kind.value for c in claim.cites),
                    style="magenta",
                )
            if claim.nested_in:
                line.append(f" (within {claim.nested_in})", style="dim")
            console.print(line)
            content = claim.content.text
            console.print(Text("    " + (content if len(content) < 240 else content[:239] + "…")))
    if ledger.quantities:
        table = Table(title="Quantities", title_justify="left")
        for column in ("text", "value", "unit", "counted", "approx.", "comparator"):
            table.add_column(column)
        for q in ledger.quantities:
            table.add_row(
                *(
                    Text(str(v))
                    for v in (
                        q.text,
                        f"{q.value:g}",
                        q.unit or "",
                        q.counted or "",
                        "yes" if q.approximate else "",
                        q.comparator or "",
                    )
                )
            )
        console.print(table)
    if ledger.entities:
        table = Table(title="Entities", title_justify="left")
        for column in ("id", "type", "kind", "as written", "mentions", "name", "other names"):
            table.add_column(column, overflow="fold")
        for e in ledger.entities:
            written, others = names_as_written(e)
            table.add_row(
                *(
                    Text(v)
                    for v in (
                        e.id,
                        e.type,
                        e.kind or "",
                        ", ".join(written),
                        str(len(e.mentions)),
                        e.name,
                        ", ".join(others[:4])
                        + (f" (+{len(others) - 4})" if len(others) > 4 else ""),
                    )
                )
            )
        console.print(table)
    if ledger.dates:
        dates = ", ".join(f"{d.text} → {d.value or '?'}" for d in ledger.dates)
        console.print(Text(f"Dates: {dates}"))
    show_propositions(ledger, console)


def names_as_written(entity: Entity) -> tuple[list[str], list[str]]:
    """The entity's names as the text writes them (in the order they first appear), and
    its other names (the gazetteer's spellings, other scripts) that the text does not use."""
    written = list(dict.fromkeys(m.text for m in entity.mentions if m.text))
    seen = {w.casefold() for w in written} | {entity.name.casefold()}
    others = [n for n in entity.aliases if n.casefold() not in seen]
    return written, list(dict.fromkeys(others))


def show_propositions(ledger: Ledger, console: Console) -> None:
    """Propositions with more than one claim or any denial, then the contradictions."""
    shown = [
        p
        for p in ledger.propositions
        if len(p.claims) > 1 or any(c.stance.value == "denies" for c in p.claims)
    ]
    if shown:
        table = Table(title="Propositions", title_justify="left")
        for column in ("id", "type", "what", "supports", "denies", "reports", "origins"):
            table.add_column(column, overflow="fold")
        for p in shown:
            counts = {s: sum(1 for c in p.claims if c.stance.value == s) for s in
                      ("supports", "denies", "reports")}  # fmt: skip
            origins = {c.origin_name for c in p.claims if c.stance.value != "reports"}
            summary = p.summary if len(p.summary) < 120 else p.summary[:119] + "…"
            table.add_row(
                *(Text(v) for v in (p.id, p.type or "", summary)),
                *(Text(str(counts[s])) for s in ("supports", "denies", "reports")),
                Text(", ".join(sorted(origins))),
            )
        console.print(table)
    if ledger.contradictions:
        table = Table(title="Contradictions", title_justify="left")
        for column in ("claims", "kind", "why"):
            table.add_column(column, overflow="fold")
        for c in ledger.contradictions:
            table.add_row(Text(" vs ".join(c.claims)), Text(c.kind), Text(c.why))
        console.print(table)
