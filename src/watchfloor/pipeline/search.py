"""Search as a reader means it: the words of the text, and the articles that mention an
entity by any of its names, in any script ("Lukashenka", «Лукашенко»)."""

from __future__ import annotations

from watchfloor.link.entities import search_keys
from watchfloor.store import Store
from watchfloor.types import SearchHit

__all__ = ["search_articles"]

_OPERATORS = frozenset('"-')


def search_articles(store: Store, query: str, *, limit: int = 20) -> list[SearchHit]:
    """Full-text hits first (best first), then articles that mention an entity the query
    names, in whatever spelling or script they wrote it; each article once."""
    hits = store.search(query, limit=limit)
    words = query.split()
    if not words or any(c in _OPERATORS for c in query) or "OR" in words or len(words) > 4:
        return hits  # a query with operators is about the text
    spellings = [query]
    if len(words) > 1 and all(w[:1].isupper() for w in words):  # "Aliaksandr Lukashenka"
        spellings.append(words[-1])  # ... and the surname alone
    keys = list(dict.fromkeys(key for spelling in spellings for key in search_keys(spelling)))
    seen = {h.article_id for h in hits}
    named = [h for h in store.articles_naming(keys, limit=limit) if h.article_id not in seen]
    return (hits + named)[:limit]
