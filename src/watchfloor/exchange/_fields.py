"""An article's fields as exports carry them, so that an import can store it again."""

from __future__ import annotations

from typing import Any

from watchfloor.types import Article


def article_fields(article: Article) -> dict[str, Any]:
    return {
        "text": article.text,
        "title": article.title,
        "url": article.url,
        "outlet": article.outlet,
        "author": article.author,
        "published": article.published.isoformat() if article.published else None,
        "language": article.language,
        "origin": article.origin,
        "record": article.record,
    }
