"""Exchange: the ledger out to the formats analysts already use, and back.

- STIX 2.1 bundles (``exchange.stix``) for OpenCTI, MISP and other threat-intelligence
  platforms, validated with the OASIS ``stix2-validator``;
- PLOVER JSON records for events (``plover_record``);
- flat CSV or Parquet tables of claims, events, readings and alerts (``exchange.tables``).

Entry functions: ``export_stix``, ``export_table``, ``plover_records`` (read a store, write
a stream) and ``read_bundle`` (a watchfloor STIX bundle back into articles with their
ledgers; ``watchfloor.pipeline.restore`` writes them into a store). Memory does not grow
with the store: rows and objects are produced one at a time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from watchfloor.assess.registry import SourceRegistry
from watchfloor.errors import ConfigError
from watchfloor.exchange._fields import article_fields
from watchfloor.exchange.stix import EXTENSION_ID, bundle_chunks, stix_objects, write_bundle
from watchfloor.exchange.tables import COLUMNS, csv_lines, write_csv, write_parquet
from watchfloor.store import Store
from watchfloor.types import Article, StoredEvent

__all__ = [
    "COLUMNS",
    "export_stix",
    "export_table",
    "plover_record",
    "plover_records",
    "read_bundle",
    "read_exchange",
    "read_plover",
    "stix_bundle_chunks",
    "table_csv_lines",
    "table_rows",
]


def _in_window(moment: datetime | None, since: datetime | None, until: datetime | None) -> bool:
    if moment is None:
        return since is None and until is None
    return (since is None or moment >= since) and (until is None or moment <= until)


def _articles(
    store: Store, since: datetime | None, until: datetime | None
) -> Iterator[tuple[Article, dict[str, Any]]]:
    for article in store.iter_articles():
        if article.id is None or not _in_window(article.published, since, until):
            continue
        ledger = store.get_ledger(article.id)
        if ledger is not None:
            yield article, ledger


def stix_bundle_chunks(
    store: Store,
    *,
    registry: SourceRegistry,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Iterator[str]:
    """The text of ``export_stix``'s bundle, a piece at a time (an HTTP response)."""
    objects = stix_objects(
        _articles(store, since, until), store.iter_propositions(), registry, store.entity_keys()
    )
    return bundle_chunks(objects)


def export_stix(
    store: Store,
    out: IO[str],
    *,
    registry: SourceRegistry,
    since: datetime | None = None,
    until: datetime | None = None,
) -> int:
    """Write the store (articles published in the window, and the propositions their
    claims belong to) as one STIX 2.1 bundle; returns the number of objects."""
    objects = stix_objects(
        _articles(store, since, until),
        store.iter_propositions(),
        registry,
        store.entity_keys(),
    )
    return write_bundle(objects, out)


# -- tables ------------------------------------------------------------------------------


def claim_rows(
    store: Store,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    entity: str | None = None,
) -> Iterator[dict[str, Any]]:
    """One row per claim; ``entity`` keeps claims whose source (any of its names) contains
    that text, ignoring case."""
    wanted = entity.lower() if entity else None
    for article, ledger in _articles(store, since, until):
        names = {
            e["id"]: [str(e["name"]), *map(str, e.get("aliases", []))]
            for e in ledger.get("entities", [])
        }
        stances = (
            {p["claim_id"]: p for p in store.article_propositions(article.id or 0)}
            if ledger.get("claims")
            else {}
        )
        for claim in ledger.get("claims", []):
            source = claim.get("source") or {}
            local = source.get("entity")
            source_names = [*names.get(local, []), str(source.get("text") or "")]
            if wanted and not any(wanted in n.lower() for n in source_names if n):
                continue
            linked = stances.get(claim["id"], {})
            yield {
                "article_id": article.id,
                "published": article.published,
                "outlet": article.outlet,
                "title": article.title,
                "url": article.url,
                "language": article.language,
                "claim_id": claim["id"],
                "source": names[local][0] if local in names else source.get("text"),
                "source_kind": source.get("kind"),
                "cue": (claim.get("cue") or {}).get("text"),
                "content": claim["content"]["text"],
                "start": claim["content"]["start"],
                "end": claim["content"]["end"],
                "modality": claim.get("modality"),
                "polarity": claim.get("polarity"),
                "attribution_kind": claim.get("kind", "speech"),
                "quote": claim.get("quote"),
                "author_distanced": bool(claim.get("author_distanced")),
                "cites": [c.get("text") for c in claim.get("cites", []) if c.get("text")],
                "nested_in": claim.get("nested_in"),
                "proposition_id": linked.get("proposition_id"),
                "stance": linked.get("stance"),
            }


def event_rows(
    store: Store,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    event_type: str | None = None,
    entity: str | None = None,
) -> Iterator[dict[str, Any]]:
    wanted = entity.lower() if entity else None
    for event in store.iter_events(event_type=event_type, since=since, until=until):
        data = event.data
        actors = [str(a.get("name")) for a in data.get("actors", [])]
        if wanted and not any(wanted in a.lower() for a in [*actors, event.place or ""]):
            continue
        raw = data.get("event", {})
        credibility = data.get("credibility")
        graded = credibility if isinstance(credibility, Mapping) else {"grade": credibility}
        yield {
            "event_id": event.id,
            "article_id": event.article_id,
            "type": event.type,
            "mode": event.mode,
            "status": event.status.value,
            "occurred_at": event.occurred_at,
            "country": event.country,
            "place": event.place,
            "size": event.size,
            "size_approximate": event.size_approximate,
            "actors": actors,
            "trigger": (raw.get("trigger") or {}).get("text"),
            "evidence": (raw.get("evidence") or {}).get("text"),
            "credibility": graded.get("grade"),
            "proposition_id": graded.get("proposition"),
            "claims": [str(c) for c in data.get("claims", [])],
            "url": (data.get("article") or {}).get("url"),
        }


def reading_rows(store: Store, *, indicator: str | None = None) -> Iterator[dict[str, Any]]:
    names = [indicator] if indicator else store.indicator_names()
    for name in names:
        for reading in store.readings(name):
            yield {
                "indicator": reading.indicator,
                "as_of": reading.as_of,
                "value": reading.value,
                "approximate": reading.approximate,
                "level": reading.level,
                "events": reading.events,
                "evidence": list(reading.evidence),
            }


def alert_rows(store: Store, *, indicator: str | None = None) -> Iterator[dict[str, Any]]:
    for alert in store.alerts(indicator=indicator):
        yield {
            "alert_id": alert.id,
            "indicator": alert.indicator,
            "as_of": alert.as_of,
            "level": alert.level,
            "previous_level": alert.previous_level,
            "direction": alert.direction,
            "value": alert.value,
            "previous_value": alert.previous_value,
            "evidence": list(alert.evidence),
            "created_at": alert.created_at,
        }


def table_rows(
    store: Store,
    table: str,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    entity: str | None = None,
    event_type: str | None = None,
    indicator: str | None = None,
) -> Iterator[dict[str, Any]]:
    """The rows of one flat table (``COLUMNS``), filtered."""
    if table == "claims":
        return claim_rows(store, since=since, until=until, entity=entity)
    if table == "events":
        return event_rows(store, since=since, until=until, event_type=event_type, entity=entity)
    if table == "readings":
        return reading_rows(store, indicator=indicator)
    if table == "alerts":
        return alert_rows(store, indicator=indicator)
    raise ConfigError(f"no table {table!r}; choose one of {', '.join(COLUMNS)}")


def table_csv_lines(store: Store, table: str, **filters: Any) -> Iterator[str]:
    """One flat table as CSV text, a line at a time (an HTTP response)."""
    return csv_lines(table, table_rows(store, table, **filters))


def export_table(
    store: Store,
    table: str,
    *,
    fmt: str,
    out: IO[str] | None = None,
    path: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    entity: str | None = None,
    event_type: str | None = None,
    indicator: str | None = None,
) -> int:
    """Write one flat table as CSV (to ``out``) or Parquet (to ``path``); returns rows."""
    rows = table_rows(
        store, table, since=since, until=until, entity=entity, event_type=event_type,
        indicator=indicator,
    )  # fmt: skip
    if fmt == "csv":
        if out is None:
            raise ConfigError("CSV goes to a stream")
        return write_csv(table, rows, out)
    if fmt == "parquet":
        if path is None:
            raise ConfigError("Parquet needs a file: --output FILE.parquet")
        return write_parquet(table, rows, path)
    raise ConfigError(f"no table format {fmt!r}; choose csv or parquet")


# -- PLOVER --------------------------------------------------------------------------------


def plover_record(event: StoredEvent) -> dict[str, Any]:
    """A PLOVER JSON record (field names as in the PLOVER manual), with watchfloor's
    status and evidence under ``watchfloor``."""
    data = event.data
    raw = data.get("event", {})
    article = data.get("article", {})
    evidence = raw.get("evidence", {})
    place = raw.get("place") or {}
    statuses = {"future": "future", "hypothetical": "hypothetical", "negated": "negation"}
    return {
        "id": f"wf-{event.article_id}-{event.event_key}",
        "date": event.occurred_at.date().isoformat(),
        "event": event.type,
        "mode": event.mode or statuses.get(event.status.value, ""),
        "context": raw.get("context") or "",
        "actor": [a["name"] for a in data.get("actors", [])],
        "recipient": data.get("recipients", []),
        "quad_code": raw.get("quad_class"),
        "event_text": evidence.get("text"),
        "event_loc": {
            "name": place.get("name"),
            "country": place.get("country"),
            "lat": place.get("latitude"),
            "lon": place.get("longitude"),
        }
        if place
        else None,
        "text_info": {"start": evidence.get("start"), "end": evidence.get("end")},
        "cite_info": {
            "url": article.get("url"),
            "publication": article.get("outlet"),
            "title": article.get("title"),
            "published": article.get("published"),
            "language": article.get("language"),
        },
        "watchfloor": {
            "status": event.status.value,
            "size": event.size,
            "size_approximate": event.size_approximate,
            "credibility": data.get("credibility"),
            "claims": data.get("claims", []),
        },
    }


def plover_records(
    store: Store,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    event_type: str | None = None,
    with_ledgers: bool = False,
) -> Iterator[dict[str, Any]]:
    """PLOVER records of the stored events. ``with_ledgers``: the first record of each
    article also carries the article and its whole ledger (``watchfloor.article``,
    ``watchfloor.ledger``), so that ``read_plover`` can rebuild the store."""
    attached: set[int] = set()
    for event in store.iter_events(event_type=event_type, since=since, until=until):
        record = plover_record(event)
        if with_ledgers and event.article_id not in attached:
            attached.add(event.article_id)
            article = store.get_article(event.article_id)
            ledger = store.get_ledger(event.article_id)
            if article is not None and ledger is not None:
                record["watchfloor"]["article"] = article_fields(article)
                record["watchfloor"]["ledger"] = ledger
        yield record


# -- import ----------------------------------------------------------------------------------


def _article_from(fields: Mapping[str, Any], path: Path) -> Article:
    published = fields.get("published")
    return Article(
        text=fields["text"],
        origin=fields.get("origin") or str(path),
        record=fields.get("record"),
        title=fields.get("title"),
        url=fields.get("url"),
        outlet=fields.get("outlet"),
        author=fields.get("author"),
        published=datetime.fromisoformat(published) if published else None,
        language=fields.get("language"),
    )


def read_exchange(path: Path) -> Iterator[tuple[Article, dict[str, Any]]]:
    """Articles and ledgers from a file watchfloor exported: a STIX bundle, or PLOVER
    records written with ``--with-ledgers``."""
    try:
        with path.open(encoding="utf-8") as handle:
            first = handle.readline()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read: {exc}") from exc
    try:
        record = json.loads(first)
    except json.JSONDecodeError:
        record = None  # a bundle's first line is not a whole JSON value
    if isinstance(record, Mapping) and "event" in record and "watchfloor" in record:
        return read_plover(path)
    return read_bundle(path)


def read_plover(path: Path) -> Iterator[tuple[Article, dict[str, Any]]]:
    """The articles and ledgers attached to PLOVER records (``export --format plover
    --with-ledgers``), read line by line."""
    found = 0
    try:
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ConfigError(f"{path}:{number}: not a JSON record: {exc}") from exc
                extra = record.get("watchfloor") if isinstance(record, Mapping) else None
                if not isinstance(extra, Mapping) or "article" not in extra:
                    continue
                yield _article_from(extra["article"], path), dict(extra.get("ledger") or {})
                found += 1
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read: {exc}") from exc
    if not found:
        raise ConfigError(
            f"{path}: no article in these records; export them with "
            "'watchfloor export --format plover --with-ledgers' (or use --format stix)"
        )


def read_bundle(path: Path) -> Iterator[tuple[Article, dict[str, Any]]]:
    """The articles and ledgers of a STIX bundle that watchfloor wrote (reports carrying
    the watchfloor extension). Other bundles hold no ledger to import: a clear error."""
    try:
        bundle = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: not a readable JSON bundle: {exc}") from exc
    if not isinstance(bundle, Mapping) or bundle.get("type") != "bundle":
        raise ConfigError(f"{path}: not a STIX bundle (no top-level type 'bundle')")
    found = 0
    for item in bundle.get("objects", []):
        if not isinstance(item, Mapping) or item.get("type") != "report":
            continue
        extension = (item.get("extensions") or {}).get(EXTENSION_ID)
        if not extension or "article" not in extension or "ledger" not in extension:
            continue
        yield _article_from(extension["article"], path), dict(extension["ledger"])
        found += 1
    if not found:
        raise ConfigError(
            f"{path}: no watchfloor report in the bundle; only bundles written by "
            "'watchfloor export --format stix' can be imported"
        )
