"""From ledgers to event records, from event records to readings, from readings to alerts.

Pure functions: the pipeline module reads and writes the store around them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from watchfloor.assess import event_credibility, origin_of
from watchfloor.indicators.watchlist import Indicator, Selector
from watchfloor.types import Alert, Article, EventStatus, Reading, StoredEvent

__all__ = ["decide_alert", "event_records", "read_indicator"]


def event_records(ledger: Mapping[str, Any], article: Article) -> list[dict[str, Any]]:
    """One row per event of a (JSON) ledger, with what an alert must show about it: its
    claims with their sources, its actors' names, its article."""
    entities = {e["id"]: e for e in ledger.get("entities", [])}
    claims = {c["id"]: c for c in ledger.get("claims", [])}
    fallback = article.published or article.ingested_at or datetime.now(UTC)
    rows = []
    for event in ledger.get("events", []):
        details = [
            _claim(claims[c], "supports", entities)
            for c in event.get("supported_by", [])
            if c in claims
        ] + [
            _claim(claims[c], "denies", entities) for c in event.get("denied_by", []) if c in claims
        ]
        place = event.get("place") or {}
        size = event.get("size") or {}
        actors = [entities[a] for a in event.get("actors", []) if a in entities]
        # A date after publication is a plan ("exercises next March"): it counts when reported.
        occurred = min(_date(event.get("date")) or fallback, fallback)
        grade, reason = event_credibility(details, article.outlet)
        data = {
            "event": event,
            "actors": [
                {"name": a["name"], "country": a.get("country"), "aliases": a.get("aliases", [])}
                for a in actors
            ],
            "recipients": [
                entities[r]["name"] for r in event.get("recipients", []) if r in entities
            ],
            "claims": details,
            "credibility": {"grade": grade, "reason": reason},
            "article": {
                "id": article.id,
                "original": article.duplicate_of or article.id,
                "title": article.title,
                "url": article.url,
                "outlet": article.outlet,
                "published": article.published.isoformat() if article.published else None,
            },
        }
        rows.append(
            {
                "event_key": event["id"],
                "type": event["type"],
                "mode": event.get("mode"),
                "status": event["status"],
                "occurred_at": occurred,
                "country": place.get("country"),
                "place": place.get("name"),
                "size": size.get("value"),
                "size_approximate": bool(size.get("approximate")),
                "data": data,
            }
        )
    return rows


def _claim(claim: Mapping[str, Any], stance: str, entities: Mapping[str, Any]) -> dict[str, Any]:
    def named(source: Mapping[str, Any] | None) -> dict[str, Any]:
        if not source:
            return {"name": None, "kind": "unattributed", "text": None}
        entity = entities.get(source.get("entity") or "")
        return {
            "name": entity["name"] if entity else None,
            "kind": source.get("kind"),
            "text": source.get("text"),
        }

    return {
        "id": claim["id"],
        "stance": stance,
        "content": claim["content"]["text"],
        "source": named(claim.get("source")),
        "cue": (claim.get("cue") or {}).get("text"),
        "modality": claim.get("modality"),
        "polarity": claim.get("polarity"),
        "quote": claim.get("quote"),
        "cites": [named(c) for c in claim.get("cites", [])],
    }


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value if len(value) > 7 else f"{value}-01"[:10])
    except ValueError:
        try:
            parsed = datetime(int(value[:4]), 1, 1)
        except ValueError:
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# -- readings ---------------------------------------------------------------------------


def matches(selector: Selector, event: StoredEvent) -> bool:
    if selector.event_types and event.type not in selector.event_types:
        return False
    if selector.modes and event.mode not in selector.modes:
        return False
    if event.status not in selector.statuses:
        return False
    data = event.data
    actors = data.get("actors", [])
    if selector.countries:
        countries = {event.country} | {a.get("country") for a in actors}
        if not countries & set(selector.countries):
            return False
    if selector.actors:
        wanted = {a.casefold() for a in selector.actors}
        names = {n.casefold() for a in actors for n in [a.get("name") or "", *a.get("aliases", [])]}
        if not names & wanted:
            return False
    if selector.places and (event.place or "").casefold() not in {
        p.casefold() for p in selector.places
    }:
        return False
    if selector.keywords:
        sentence = str(data.get("event", {}).get("evidence", {}).get("text", "")).casefold()
        if not any(k.casefold() in sentence for k in selector.keywords):
            return False
    return True


def read_indicator(indicator: Indicator, events: Sequence[StoredEvent], as_of: datetime) -> Reading:
    """The indicator's value over its window ending at ``as_of``, with its evidence."""
    start = as_of - indicator.window
    selected = sorted(
        (
            e
            for e in events
            if start <= e.occurred_at <= as_of
            and matches(indicator.select, e)
            and int(e.data.get("credibility", {}).get("grade", 6)) <= indicator.min_credibility
        ),
        key=lambda e: (e.occurred_at, e.id),
    )
    value, approximate = _measure(indicator.measure, selected)
    return Reading(
        indicator=indicator.id,
        as_of=as_of,
        value=value,
        approximate=approximate,
        level=indicator.level_of(value),
        events=len(selected),
        evidence=tuple(_evidence(e) for e in selected),
    )


def _measure(measure: str, events: Sequence[StoredEvent]) -> tuple[float | None, bool]:
    if measure == "reports":
        return float(len({e.data["article"]["original"] for e in events})), False
    if measure == "independent_sources":
        origins = set()
        for event in events:
            outlet = event.data["article"].get("outlet")
            supports = [c for c in event.data.get("claims", []) if c["stance"] == "supports"]
            if not supports and event.status is not EventStatus.DENIED:
                origins.add(
                    f"{(outlet or str(event.data['article']['original'])).casefold()}|author"
                )
            origins.update(origin_of(c, outlet) for c in supports)
        return float(len(origins)), False
    if measure in ("max_size", "sum_size"):
        sized = [e for e in events if e.size is not None]
        if not sized:
            return None, False
        if measure == "max_size":
            top = max(sized, key=lambda e: (e.size, not e.size_approximate))
            return top.size, top.size_approximate
        return float(sum(e.size for e in sized if e.size is not None)), any(
            e.size_approximate for e in sized
        )
    claims = [c for e in events for c in e.data.get("claims", [])]
    if not claims:
        return None, False
    denials = sum(1 for c in claims if c["stance"] == "denies")
    return denials / len(claims), False


def _evidence(event: StoredEvent) -> dict[str, Any]:
    data = event.data
    raw = data.get("event", {})
    return {
        "article": data.get("article"),
        "event": {
            "key": event.event_key,
            "type": event.type,
            "mode": event.mode,
            "status": event.status.value,
            "trigger": raw.get("trigger", {}).get("text"),
            "sentence": raw.get("evidence", {}).get("text"),
            "size": event.size,
            "approximate": event.size_approximate,
            "place": event.place,
            "occurred_at": event.occurred_at.isoformat(),
        },
        "credibility": data.get("credibility"),
        "claims": data.get("claims", []),
    }


# -- alerts -----------------------------------------------------------------------------


def decide_alert(
    indicator: Indicator,
    reading: Reading,
    previous: Reading | None,
    last_alert: Alert | None,
) -> Alert | None:
    """An alert when the reading's level differs from the last alerted level (below every
    level if none yet), unless the last alert is within the cool-down."""
    alerted_level = last_alert.level if last_alert is not None else None
    if reading.level == alerted_level:
        return None
    if last_alert is not None and reading.as_of - last_alert.as_of < indicator.cooldown:
        return None
    up = indicator.rank(reading.level) > indicator.rank(alerted_level)
    return Alert(
        indicator=indicator.id,
        level=reading.level,
        previous_level=alerted_level,
        direction="up" if up else "down",
        value=reading.value,
        previous_value=previous.value if previous is not None else None,
        as_of=reading.as_of,
        evidence=reading.evidence,
        reading_id=reading.id,
    )
