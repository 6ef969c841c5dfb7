"""Turn loosely-typed metadata (JSON records, front matter) into Article fields."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from watchfloor.ingest._dates import parse_published
from watchfloor.ingest._language import normalise_language

# Names sources use for each field, most precise first.
ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "url": ("url", "source_url", "link", "canonical_url"),
    "outlet": ("outlet", "site", "sitename", "site_name", "publisher", "source"),
    "author": ("author", "authors", "byline"),
    "published": ("published", "published_time", "published_at", "pubdate", "date", "datetime"),
    "language": ("language", "lang"),
}


def metadata_fields(meta: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split ``meta`` into Article keyword fields and the JSON-safe rest (``extra``).

    A value that cannot be read (an unparseable date) is kept in ``extra`` under
    ``<field>_raw`` rather than lost.
    """
    lowered = {str(k).lower(): v for k, v in meta.items()}
    fields: dict[str, Any] = {}
    used: set[str] = set()
    extra: dict[str, Any] = {}
    for name, keys in ALIASES.items():
        for key in keys:
            value = lowered.get(key)
            if value is None or value == "":
                continue
            used.add(key)
            if name == "published":
                try:
                    fields[name] = parse_published(value)
                except ValueError:
                    extra["published_raw"] = str(value)
            elif name == "language":
                code = normalise_language(str(value))
                if code:
                    fields[name] = code
            elif name == "author" and isinstance(value, list):
                fields[name] = ", ".join(str(v) for v in value)
            else:
                fields[name] = str(value).strip()
            break
    for key, value in lowered.items():
        if key not in used and not any(key in keys for keys in ALIASES.values()):
            extra[key] = _json_safe(value)
    return fields, extra


def _json_safe(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return str(value)
    return value
