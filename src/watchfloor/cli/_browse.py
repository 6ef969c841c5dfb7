"""``articles``, ``search`` and ``rejections``: read what the store holds."""

from __future__ import annotations

from typing import Any

import click
from rich.table import Table
from rich.text import Text

from watchfloor.cli._common import (
    db_option,
    format_option,
    handle_errors,
    settings_from,
    store_from,
    write_rows,
)
from watchfloor.pipeline.search import search_articles
from watchfloor.types import Article, to_jsonable
from watchfloor.views import SearchHitView

ARTICLE_COLUMNS = (
    "id", "published", "language", "outlet", "title", "url", "author", "origin", "record",
    "chars", "duplicate_of", "duplicate_kind", "similarity", "content_hash", "ingested_at",
)  # fmt: skip


def _article_row(article: Article, *, with_text: bool) -> dict[str, Any]:
    row = to_jsonable(article)
    row["chars"] = len(article.text)
    if not with_text:
        del row["text"]
    return {k: row[k] for k in (*ARTICLE_COLUMNS, "extra", "text") if k in row}


def _add_row(table: Table, *cells: object) -> None:
    """Add cells as plain text: rich would read "[troops]" in a snippet as markup."""
    table.add_row(*(Text(str(cell)) for cell in cells))


def _short(value: str | None, width: int) -> str:
    if not value:
        return ""
    value = " ".join(value.split())
    return value if len(value) <= width else value[: width - 1] + "…"


def _articles_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(show_lines=False, title=f"{len(rows)} articles", title_justify="left")
    for name in ("id", "published", "lang", "outlet", "title", "chars", "duplicate of"):
        table.add_column(
            name,
            justify="right" if name in ("id", "chars") else "left",
            no_wrap=name in ("outlet", "title"),
        )
    for row in rows:
        duplicate = ""
        if row.get("duplicate_of"):
            mark = "=" if row["duplicate_kind"] == "exact" else "≈"
            duplicate = f"{mark}{row['duplicate_of']}"
            if row["duplicate_kind"] == "near":
                duplicate += f" ({row['similarity']:.2f})"
        _add_row(
            table,
            row["id"],
            (row.get("published") or "")[:10] or "date unknown",
            row.get("language") or "",
            _short(row.get("outlet"), 24),
            _short(row.get("title"), 60),
            f"{row['chars']:,}",
            duplicate,
        )
    return table


@click.command("articles")
@db_option
@click.option("--limit", type=click.IntRange(min=1), help="Show at most this many [table: 50].")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many first.")
@click.option("--language", metavar="CODE", help="Only articles in this language (ISO 639-1).")
@click.option("--originals", is_flag=True, help="Leave out duplicates.")
@click.option("--with-text", is_flag=True, help="Include the full text (json, jsonl, csv).")
@format_option
@handle_errors
def articles_command(
    db: str | None,
    limit: int | None,
    offset: int,
    language: str | None,
    originals: bool,
    with_text: bool,
    output_format: str,
) -> None:
    """List stored articles, oldest first."""
    settings = settings_from(db=db)
    if limit is None and output_format == "table":
        limit = 50
    with store_from(settings) as store:
        rows = (
            _article_row(article, with_text=with_text)
            for article in store.iter_articles(
                limit=limit, offset=offset, language=language, originals_only=originals
            )
        )
        columns = (*ARTICLE_COLUMNS, "extra", "text") if with_text else (*ARTICLE_COLUMNS, "extra")
        write_rows(rows, output_format=output_format, columns=columns, table=_articles_table)


def _hits_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title=f"{len(rows)} matches", title_justify="left")
    table.add_column("id", justify="right")
    table.add_column("published")
    table.add_column("title", overflow="fold")
    table.add_column("snippet", overflow="fold")
    for row in rows:
        _add_row(
            table,
            row["article_id"],
            (row.get("published") or "")[:10] or "date unknown",
            _short(row.get("title"), 50),
            row["snippet"],
        )
    return table


@click.command("search")
@click.argument("query")
@db_option
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@format_option
@handle_errors
def search_command(query: str, db: str | None, limit: int, output_format: str) -> None:
    """Search the full text of stored articles.

    All words must appear; "quoted words" must appear together; -word excludes a word;
    OR between two words allows either. Case and diacritics are ignored. Articles that
    mention an entity by any of its names (in any script) follow the text's hits.
    """
    settings = settings_from(db=db)
    with store_from(settings) as store:
        hits = search_articles(store, query, limit=limit)
    write_rows(
        (SearchHitView.shown(hit).model_dump(mode="json") for hit in hits),
        output_format=output_format,
        columns=("article_id", "score", "published", "outlet", "title", "url", "snippet"),
        table=_hits_table,
    )


def _rejections_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title=f"{len(rows)} rejected items", title_justify="left")
    for name in ("last seen", "times", "item", "reason", "detail"):
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(
            row["last_seen"][:19], str(row["times"]), row["item"], row["reason"], row["detail"]
        )
    return table


@click.command("rejections")
@db_option
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@format_option
@handle_errors
def rejections_command(db: str | None, limit: int, output_format: str) -> None:
    """List items that ingest rejected, most recent first, with the reason."""
    settings = settings_from(db=db)
    with store_from(settings) as store:
        rows = [to_jsonable(r) for r in store.iter_rejections(limit=limit)]
    write_rows(
        rows,
        output_format=output_format,
        columns=("item", "reason", "detail", "times", "first_seen", "last_seen"),
        table=_rejections_table,
    )
