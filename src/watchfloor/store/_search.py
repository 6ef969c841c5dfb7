"""Full-text search over articles: FTS5 on SQLite, tsvector on PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, func, select, text

from watchfloor.errors import ConfigError, SearchTooLargeError
from watchfloor.store._base import StoreBase
from watchfloor.store._rows import from_row
from watchfloor.store._schema import articles, entities, entity_aliases, entity_links
from watchfloor.types import SearchHit

MAX_SEARCH_TERMS = 32
"""Terms a search may have: snippet and ranking work grows with the square of the terms
(250 one-letter terms took a minute of CPU)."""


class SearchRoom(StoreBase):
    """Search over titles and texts, ignoring case and diacritics."""

    def articles_naming(self, match_keys: Sequence[str], *, limit: int = 20) -> list[SearchHit]:
        """Articles that mention an entity with a name under one of these match keys
        (``link.entities.search_keys``: spelling- and script-independent), newest first;
        the snippet says which entity. Entities merged into another count as it. Read
        through the index of match keys."""
        if not match_keys:
            return []
        matches = entity_aliases.c.match_key.in_(list(match_keys))
        owner = func.coalesce(entities.c.merged_into, entities.c.id)
        named = (
            select(owner.label("entity_id"))
            .select_from(entity_aliases.join(entities, entities.c.id == entity_aliases.c.entity_id))
            .where(matches)
            .distinct()
        )
        with self._read() as connection:
            ids = [int(i) for i in connection.execute(named).scalars()]
            if not ids:
                return []
            merged = select(entities.c.id).where(entities.c.merged_into.in_(ids))
            linked = (
                select(
                    articles.c.id,
                    articles.c.title,
                    articles.c.url,
                    articles.c.outlet,
                    articles.c.published,
                    func.min(entities.c.name).label("entity"),
                )
                .join(entity_links, entity_links.c.article_id == articles.c.id)
                .join(entities, entities.c.id == entity_links.c.entity_id)
                .where(
                    entity_links.c.entity_id.in_(ids) | entity_links.c.entity_id.in_(merged)
                )
                .group_by(
                    articles.c.id, articles.c.title, articles.c.url, articles.c.outlet,
                    articles.c.published,
                )
                .order_by(articles.c.published.desc().nulls_last(), articles.c.id.desc())
                .limit(limit)
            )  # fmt: skip
            rows = connection.execute(linked).all()
        return [
            SearchHit(
                article_id=int(r.id),
                title=r.title,
                url=r.url,
                outlet=r.outlet,
                published=r.published,
                snippet=f"mentions [{r.entity}]",
                score=0.0,
            )
            for r in rows
        ]

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Articles whose title or text match ``query``, best first.

        Words must all appear (any order); "quoted words" must appear together; -word
        excludes; OR between words allows either. Matching ignores case and diacritics.
        """
        terms = _parse_query(query)
        if len(terms) > MAX_SEARCH_TERMS:
            raise SearchTooLargeError(
                f"the search has {len(terms)} terms; at most {MAX_SEARCH_TERMS} are allowed"
            )
        with self._read() as connection:
            if self.dialect == "sqlite":
                rows = connection.execute(
                    text(
                        "SELECT a.id, a.title, a.url, a.outlet, a.published, "
                        "snippet(articles_fts, 1, '[', ']', ' … ', 16) AS snippet, "
                        "bm25(articles_fts) AS rank "
                        "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
                        "WHERE articles_fts MATCH :match ORDER BY rank LIMIT :limit"
                    ).columns(published=articles.c.published.type),
                    {"match": _fts5_query(terms), "limit": limit},
                ).all()
                return [_hit(row, -float(row.rank)) for row in rows]
            rows = connection.execute(
                text(
                    "WITH hits AS ("
                    " SELECT a.id, a.title, a.url, a.outlet, a.published, a.text,"
                    " ts_rank(a.search, q) AS rank, q"
                    " FROM articles a, websearch_to_tsquery('simple', watchfloor_fold(:query)) q"
                    " WHERE a.search @@ q ORDER BY rank DESC, a.id LIMIT :limit) "
                    "SELECT id, title, url, outlet, published, rank, ts_headline('simple', "
                    "left(text, 250000), q, 'StartSel=[, StopSel=], MaxWords=24, MinWords=8, "
                    "MaxFragments=1') AS snippet FROM hits ORDER BY rank DESC, id"
                ).columns(published=articles.c.published.type),
                {"query": _websearch_query(terms), "limit": limit},
            ).all()
            return [_hit(row, float(row.rank)) for row in rows]


def _hit(row: Row[Any], score: float) -> SearchHit:
    snippet = " ".join((row.snippet or "").split())
    return from_row(SearchHit, row, article_id=int(row.id), snippet=snippet, score=score)


_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')


def _parse_query(query: str) -> list[tuple[str, str]]:
    """The query as (operator, words) pairs; operator is "", "-" or "OR"."""
    terms: list[tuple[str, str]] = []
    pending_or = False
    for match in _TOKEN.finditer(query):
        negate, phrase, word = match.groups()
        if word is not None and word.upper() == "OR" and terms:
            pending_or = True
            continue
        if word is not None and word.startswith("-") and len(word) > 1:
            negate, word = "-", word[1:]
        words = " ".join(re.findall(r"\w+", phrase if phrase is not None else word))
        if not words:
            continue
        terms.append(("-" if negate else ("OR" if pending_or else ""), words))
        pending_or = False
    if not any(op != "-" for op, _ in terms):
        raise ConfigError(f"search query {query!r} has no words to look for")
    return terms


def _fts5_query(terms: list[tuple[str, str]]) -> str:
    positive = [(op, f'"{words}"') for op, words in terms if op != "-"]
    expression = positive[0][1]
    for op, phrase in positive[1:]:
        expression += f" {'OR' if op == 'OR' else 'AND'} {phrase}"
    for op, words in terms:
        if op == "-":
            expression = f'({expression}) NOT "{words}"'
    return expression


def _websearch_query(terms: list[tuple[str, str]]) -> str:
    parts = []
    for op, words in terms:
        quoted = f'"{words}"' if " " in words else words
        parts.append({"-": f"-{quoted}", "OR": f"or {quoted}"}.get(op, quoted))
    return " ".join(parts)
