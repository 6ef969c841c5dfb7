"""``watchfloor link``, ``claims``, ``sources`` and ``entities``: the store seen across
articles, with grades and the reasons for them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import click
from rich.table import Table
from rich.text import Text

from watchfloor.cli._common import (
    db_option,
    format_option,
    handle_errors,
    quiet_option,
    require,
    resolve_entity,
    settings_from,
    stderr,
    store_from,
    who,
    write_rows,
)
from watchfloor.ingest._dates import parse_published
from watchfloor.pipeline import link
from watchfloor.pipeline.registry import import_registry, set_source, source_registry
from watchfloor.types import StoredProposition
from watchfloor.views import EntityLinkView, EntityView

__all__ = ["claims_command", "entities_group", "link_command", "sources_command"]


def run_link(store: Any, settings: Any, *, quiet: bool) -> None:
    """Link what is not linked yet, with the settings' registry and window."""

    report = link(
        store,
        registry=source_registry(store, settings.sources),
        window=timedelta(days=settings.link_window_days),
    )
    if not quiet:
        stderr.print(report.summary())


@click.command("link")
@db_option
@quiet_option
@handle_errors
def link_command(db: str | None, quiet: bool) -> None:
    """Link every annotated article into the store's entities and propositions.

    Incremental, like extract (which runs it for you): an article is linked once, again
    only when its ledger is redone. Grades are recomputed for the propositions it touches.
    """
    settings = settings_from(db=db)
    with store_from(settings) as store:
        run_link(store, settings, quiet=quiet)


def _when(value: str | None, name: str) -> datetime | None:
    if value is None:
        return None
    try:
        moment = parse_published(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint=name) from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


_STANCES = ("supports", "denies", "reports")
_COUNTS = ("claims", *_STANCES, "borne_out", "doubted", "open")
_LINK_COLUMNS = ("article_id", "local_id", "entity_id", "method", "reason", "title", "published")
_ENTITY_COLUMNS = (
    "id", "type", "kind", "name", "aliases", "articles", "gazetteer_id", "wikidata", "country",
)  # fmt: skip


def proposition_row(p: StoredProposition) -> dict[str, Any]:
    stances = {s: sum(1 for c in p.claims if c.stance.value == s) for s in _STANCES}
    assessment = dict(p.assessment or {})
    sizes = [f"{c.size.text} ({c.origin_name})" for c in p.claims if c.size is not None]
    return {
        "id": p.id,
        "type": p.type,
        "summary": p.summary,
        "credibility": p.credibility,
        "credibility_label": assessment.get("credibility_label"),
        "likelihood": p.likelihood,
        "probability": round(p.probability, 3) if p.probability is not None else None,
        **stances,
        "sources": sorted({c.source_name for c in p.claims}),
        "origins": sorted({c.origin_name for c in p.claims if c.stance.value != "reports"}),
        "numbers": sizes,
        "first_seen": p.first_seen.isoformat(),
        "last_seen": p.last_seen.isoformat(),
        "explanation": assessment.get("explanation"),
    }


def _propositions_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title="Propositions", title_justify="left")
    for column in ("id", "grade", "what", "sup", "den", "rep", "origins", "numbers", "last seen"):
        table.add_column(column, overflow="fold")
    for row in rows:
        grade = f"{row['credibility'] or '-'} {row['likelihood'] or ''}"
        table.add_row(
            Text(str(row["id"])),
            Text(grade, style="green" if (row["credibility"] or 6) <= 2 else "yellow"),
            Text(row["summary"][:100]),
            Text(str(row["supports"])),
            Text(str(row["denies"]), style="red" if row["denies"] else ""),
            Text(str(row["reports"])),
            Text(", ".join(row["origins"])),
            Text("; ".join(row["numbers"])),
            Text(row["last_seen"][:10]),
        )
    return table


@click.command("claims")
@db_option
@click.option(
    "--entity", metavar="NAME|ID", help="Only propositions about this entity (a name or an id)."
)
@click.option("--type", "event_type", metavar="TYPE", help="Only this PLOVER event type.")
@click.option("--since", metavar="DATE", help="Seen on or after this date.")
@click.option("--until", metavar="DATE", help="Seen on or before this date.")
@click.option("--id", "proposition_id", type=int, help="Show one proposition in full.")
@click.option(
    "--sort",
    type=click.Choice(["recent", "reported", "contested"]),
    default="recent",
    show_default=True,
    help="Most recently seen, reported by the most articles, or with the most contradictions.",
)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@format_option
@handle_errors
def claims_command(
    db: str | None,
    entity: str | None,
    event_type: str | None,
    since: str | None,
    until: str | None,
    proposition_id: int | None,
    sort: str,
    limit: int,
    output_format: str,
) -> None:
    """Propositions across articles: grade, stance counts, sources, first and last seen.

    --id N shows one proposition with every claim, its origin chain and the
    contradictions, and the explanation of its grade.
    """
    settings = settings_from(db=db)
    with store_from(settings) as store:
        if proposition_id is not None:
            found = store.get_proposition(proposition_id)
            require(found is not None, f"no proposition #{proposition_id}: see 'watchfloor claims'")
            assert found is not None
            _show_one(*found, output_format=output_format)
            return
        rows = [
            proposition_row(p)
            for p in store.list_propositions(
                entity=resolve_entity(store, entity).id if entity else None,
                event_type=event_type,
                since=_when(since, "--since"),
                until=_when(until, "--until"),
                limit=limit,
                order=sort,
            )
        ]
    write_rows(rows, output_format=output_format, columns=list(_COLUMNS), table=_propositions_table)


_COLUMNS = (
    "id", "type", "summary", "credibility", "credibility_label", "likelihood", "probability",
    "supports", "denies", "reports", "sources", "origins", "numbers", "first_seen", "last_seen",
    "explanation",
)  # fmt: skip


def _show_one(p: StoredProposition, contradictions: list[Any], *, output_format: str) -> None:
    row = proposition_row(p)
    claims: list[dict[str, Any]] = [
        {
            "claim": c.key,
            "stance": c.stance.value,
            "source": c.source_name,
            "origin": c.origin_name,
            "chain": list(c.chain),
            "content": c.content,
            "number": c.size.text if c.size else None,
            "outlet": c.outlet,
            "title": c.title,
            "url": c.url,
            "seen": c.seen_at.isoformat(),
        }
        for c in p.claims
    ]
    found = [{"claims": list(c.claims), "kind": c.kind, "why": c.why} for c in contradictions]
    if output_format != "table":
        write_rows(
            [{**row, "claims": claims, "contradictions": found}],
            output_format=output_format,
            columns=[*_COLUMNS, "claims", "contradictions"],
            table=_propositions_table,
        )
        return
    console = stderr.__class__(highlight=False)
    console.print(Text(f"#{p.id} {p.summary}", style="bold"))
    console.print(Text(row["explanation"] or "not assessed yet"))
    table = Table(title="Claims", title_justify="left")
    for column in ("claim", "stance", "origin (chain)", "content", "article"):
        table.add_column(column, overflow="fold")
    for claim in claims:
        table.add_row(
            Text(claim["claim"]),
            Text(claim["stance"], style="red" if claim["stance"] == "denies" else ""),
            Text(f"{claim['origin']} ({' > '.join(claim['chain'])})"),
            Text(claim["content"][:200]),
            Text(" ".join(x for x in (claim["outlet"], claim["seen"][:10], claim["url"]) if x)),
        )
    console.print(table)
    for c in found:
        console.print(Text(f"contradiction ({c['kind']}): {' vs '.join(c['claims'])}: {c['why']}"))


@click.group("sources", invoke_without_command=True)
@db_option
@format_option
@click.pass_context
@handle_errors
def sources_command(context: click.Context, db: str | None, output_format: str) -> None:
    """The source registry with each source's track record in the store.

    Reliability (A-F) comes from the store's registry ('sources set', 'sources import';
    an empty one is seeded from WATCHFLOOR_SOURCES, default sources.yaml); a source not in
    it is F. The track record counts its claims whose propositions are now graded 1-2
    (borne out, or its denial doubted) or 4-5.
    """
    from watchfloor.assess import RELIABILITY

    if context.invoked_subcommand is not None:
        return
    settings = settings_from(db=db)
    with store_from(settings) as store:
        registry = source_registry(store, settings.sources)
        records = {r["source"]: r for r in store.source_records()}
    rows = []
    listed: set[str] = set()
    for entry in registry.entries:
        matched = [r for name, r in records.items() if registry.lookup(name) is entry]
        listed.update(r["source"] for r in matched)
        rows.append(_source_row(entry.name, entry.reliability, entry.note, matched, RELIABILITY))
    for name, record in records.items():
        if name not in listed:
            rows.append(_source_row(name, "F", None, [record], RELIABILITY))
    write_rows(
        rows, output_format=output_format, columns=list(_SOURCE_COLUMNS), table=_sources_table
    )


def _who() -> str:
    return who()


@sources_command.command("set")
@click.argument("name")
@click.option(
    "--reliability",
    required=True,
    type=click.Choice(list("ABCDEF"), case_sensitive=False),
    help="A (completely reliable) to F (cannot be judged).",
)
@click.option("--reason", required=True, help="Why: kept in the registry's log.")
@click.option("--alias", "aliases", multiple=True, help="Another name of the source.")
@db_option
@handle_errors
def sources_set_command(
    name: str, reliability: str, reason: str, aliases: tuple[str, ...], db: str | None
) -> None:
    """Grade a source (the change is logged with who and when) and grade again every
    proposition its claims are in."""
    settings = settings_from(db=db)
    with store_from(settings) as store:
        source_registry(store, settings.sources)  # seed first: the file's grades stay
        regraded = set_source(store, name, reliability, reason=reason, by=_who(), aliases=aliases)
    stderr.print(f"{name}: {reliability.upper()}; {regraded} propositions graded again")


@sources_command.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
@handle_errors
def sources_import_command(path: Path, db: str | None) -> None:
    """Grade every source of a registry file (YAML, 'sources:' list) in the store."""
    settings = settings_from(db=db)
    with store_from(settings) as store:
        changed, regraded = import_registry(store, path, by=f"{_who()} import {path}")
    stderr.print(f"{len(changed)} sources changed; {regraded} propositions graded again")


@sources_command.command("log")
@click.argument("name", required=False)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@db_option
@format_option
@handle_errors
def sources_log_command(name: str | None, limit: int, db: str | None, output_format: str) -> None:
    """Changes to the registry, newest first: what, from what, who, when and why."""
    settings = settings_from(db=db)
    with store_from(settings) as store:
        rows = [
            {**row, "changed_at": row["changed_at"].isoformat()}
            for row in store.registry_changes(name=name, limit=limit)
        ]

    def table(shown: list[dict[str, Any]]) -> Table:
        out = Table("when", "source", "grade", "was", "who", "why")
        for row in shown:
            out.add_row(
                row["changed_at"][:16], row["name"], row["reliability"] or "-",
                row["previous"] or "-", row["changed_by"], row["note"] or "",
            )  # fmt: skip
        return out

    columns = ["changed_at", "name", "reliability", "previous", "changed_by", "note"]
    write_rows(rows, output_format=output_format, columns=columns, table=table)


_SOURCE_COLUMNS = (
    "source", "reliability", "meaning", "claims", "supports", "denies", "reports",
    "borne_out", "doubted", "open", "note",
)  # fmt: skip


def _source_row(
    name: str, letter: str, note: str | None, records: list[dict[str, Any]], meaning: dict[str, str]
) -> dict[str, Any]:
    total = {k: sum(r[k] for r in records) for k in _COUNTS}
    return {
        "source": name,
        "reliability": letter,
        "meaning": meaning[letter],
        **total,
        "note": note,
    }


def _sources_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title="Sources", title_justify="left")
    for column in ("source", "rel.", "claims", "sup", "den", "rep", "borne out", "doubted", "open"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(Text(str(row[k])) for k in ("source", "reliability", *_COUNTS)))
    return table


@click.group("entities", invoke_without_command=True)
@db_option
@click.option("--name", metavar="TEXT", help="Only entities with a name or alias containing TEXT.")
@click.option(
    "--id", "entity_id", type=int, help="Show one entity: aliases and why each mention joined it."
)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@format_option
@click.pass_context
@handle_errors
def entities_group(
    context: click.Context,
    db: str | None,
    name: str | None,
    entity_id: int | None,
    limit: int,
    output_format: str,
) -> None:
    """Entities across the store with their aliases and article counts."""
    if context.invoked_subcommand is not None:
        return
    settings = settings_from(db=db)
    with store_from(settings) as store:
        if entity_id is not None:
            links = [
                EntityLinkView.shown(link).model_dump(mode="json")
                for link in store.entity_links(entity_id)
            ]
            require(bool(links), f"no entity #{entity_id} with mentions: see 'watchfloor entities'")
            write_rows(
                links, output_format=output_format, columns=_LINK_COLUMNS, table=_links_table
            )
            return
        rows = [
            EntityView.shown(e).model_dump(mode="json")
            for e in store.list_entities(name=name, limit=limit)
        ]
    write_rows(rows, output_format=output_format, columns=_ENTITY_COLUMNS, table=_entities_table)


def _entities_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title="Entities", title_justify="left")
    for column in ("id", "type", "kind", "name", "articles", "aliases"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            *(Text(str(row[k] or "")) for k in ("id", "type", "kind", "name", "articles")),
            Text(", ".join(row["aliases"][:8])),
        )
    return table


def _links_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title="Mentions and why they joined", title_justify="left")
    for column in ("article", "local", "entity", "method", "reason"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            *(
                Text(str(row[k]))
                for k in ("article_id", "local_id", "entity_id", "method", "reason")
            )
        )
    return table


@entities_group.command("merge")
@click.argument("source", type=int)
@click.argument("into", type=int)
@click.option("--reason", required=True, help="Why they are one referent (kept with the merge).")
@db_option
@handle_errors
def merge_command(source: int, into: int, reason: str, db: str | None) -> None:
    """Merge entity SOURCE into INTO (reversible with 'entities unmerge SOURCE')."""
    settings = settings_from(db=db)
    with store_from(settings) as store:
        store.merge_entities(source, into, reason)
    stderr.print(f"merged #{source} into #{into}")


@entities_group.command("unmerge")
@click.argument("entity", type=int)
@db_option
@handle_errors
def unmerge_command(entity: int, db: str | None) -> None:
    """Undo a merge: ENTITY is its own referent again."""
    settings = settings_from(db=db)
    with store_from(settings) as store:
        store.unmerge_entity(entity)
    stderr.print(f"#{entity} is no longer merged")
