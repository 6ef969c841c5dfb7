"""Events, indicator readings and alerts, with their deliveries."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row, func, select

from watchfloor.store._base import StoreBase
from watchfloor.store._rows import from_row, window
from watchfloor.store._schema import (
    alert_deliveries,
    alerts,
    articles,
    events,
    indicator_readings,
    proposition_blocks,
)
from watchfloor.types import Alert, EventStatus, Reading, StoredEvent

_DUPLICATE_IDS = select(articles.c.id).where(articles.c.duplicate_of.is_not(None))
"""Articles recorded as repeats of another: their events are never new evidence."""


class IndicatorRoom(StoreBase):
    """Events as indicators read them, readings, alerts and deliveries."""

    # -- events, readings and alerts ----------------------------------------------

    def events_between(
        self,
        start: datetime,
        end: datetime,
        *,
        types: Sequence[str] = (),
        newest: int | None = None,
    ) -> list[StoredEvent]:
        """Events that occurred in [start, end], optionally of some PLOVER types; oldest
        first, or only the ``newest`` N, newest first. Events of duplicate articles (exact
        or near) are left out: a repeat is never new evidence."""
        query = select(events).where(
            events.c.occurred_at >= start,
            events.c.occurred_at <= end,
            events.c.article_id.not_in(_DUPLICATE_IDS),
        )
        if types:
            query = query.where(events.c.type.in_(list(types)))
        if newest is None:
            query = query.order_by(events.c.occurred_at, events.c.id)
        else:
            query = query.order_by(events.c.occurred_at.desc(), events.c.id.desc()).limit(newest)
        with self._read() as connection:
            rows = connection.execute(query).all()
        return [_stored_event(row) for row in rows]

    def data_clock(self) -> datetime | None:
        """The latest time an event of a dated, original article occurred: the clock
        indicators read by. An article without a publication date (its events dated by
        when it was ingested) or a duplicate never moves it; when no article is dated,
        the undated originals give it."""
        latest = func.max(events.c.occurred_at)
        originals = events.c.article_id.not_in(_DUPLICATE_IDS)
        dated = events.c.article_id.in_(
            select(articles.c.id).where(articles.c.published.is_not(None))
        )
        with self._read() as connection:
            value: datetime | None = connection.execute(
                select(latest).where(originals, dated)
            ).scalar_one_or_none()
            if value is None:
                value = connection.execute(select(latest).where(originals)).scalar_one_or_none()
        return value

    def readings(self, indicator: str, *, limit: int | None = None) -> list[Reading]:
        """An indicator's readings, oldest first (the last ``limit`` when given)."""
        query = select(indicator_readings).where(indicator_readings.c.indicator == indicator)
        query = query.order_by(indicator_readings.c.id.desc())
        if limit is not None:
            query = query.limit(limit)
        with self._read() as connection:
            rows = connection.execute(query).all()
        return [_reading(row) for row in reversed(rows)]

    def indicator_names(self) -> list[str]:
        """Indicators that have stored readings, by name."""
        with self._read() as connection:
            return [
                str(n)
                for n in connection.execute(
                    select(indicator_readings.c.indicator)
                    .distinct()
                    .order_by(indicator_readings.c.indicator)
                ).scalars()
            ]

    def get_alert(self, alert_id: int) -> Alert | None:
        with self._read() as connection:
            row = connection.execute(select(alerts).where(alerts.c.id == alert_id)).first()
        return _alert(row) if row is not None else None

    def last_alert(self, indicator: str) -> Alert | None:
        query = (
            select(alerts)
            .where(alerts.c.indicator == indicator)
            .order_by(alerts.c.id.desc())
            .limit(1)
        )
        with self._read() as connection:
            row = connection.execute(query).first()
        return _alert(row) if row is not None else None

    def add_reading(self, reading: Reading, alert: Alert | None = None) -> Reading:
        """Store a reading and the alert it raised, together: both or neither."""
        now = datetime.now(UTC)
        with self._write() as connection:
            reading_id = connection.execute(
                indicator_readings.insert()
                .values(
                    indicator=reading.indicator,
                    as_of=reading.as_of,
                    evaluated_at=now,
                    value=reading.value,
                    approximate=reading.approximate,
                    level=reading.level,
                    events=reading.events,
                    evidence=list(reading.evidence),
                )
                .returning(indicator_readings.c.id)
            ).scalar_one()
            if alert is not None:
                connection.execute(
                    alerts.insert().values(
                        indicator=alert.indicator,
                        reading_id=reading_id,
                        level=alert.level,
                        previous_level=alert.previous_level,
                        direction=alert.direction,
                        value=alert.value,
                        previous_value=alert.previous_value,
                        as_of=alert.as_of,
                        created_at=now,
                        evidence=list(alert.evidence),
                    )
                )
        return replace(reading, id=int(reading_id), evaluated_at=now)

    def alerts(
        self,
        *,
        indicator: str | None = None,
        limit: int | None = None,
        after: int | None = None,
        offset: int = 0,
        level: str | None = None,
    ) -> list[Alert]:
        """Alerts, newest first; ``after`` keeps those with a larger id (a live feed)."""
        query = select(alerts).order_by(alerts.c.id.desc())
        if indicator is not None:
            query = query.where(alerts.c.indicator == indicator)
        if after is not None:
            query = query.where(alerts.c.id > after)
        if level is not None:
            query = query.where(alerts.c.level == level)
        query = window(query, limit=limit, offset=offset)
        with self._read() as connection:
            return [_alert(row) for row in connection.execute(query).all()]

    def undelivered(self, notifier: str) -> list[Alert]:
        """Alerts not yet delivered to ``notifier``, oldest first."""
        delivered = select(alert_deliveries.c.alert_id).where(
            alert_deliveries.c.notifier == notifier,
            alert_deliveries.c.delivered_at.is_not(None),
        )
        query = select(alerts).where(alerts.c.id.not_in(delivered)).order_by(alerts.c.id)
        with self._read() as connection:
            return [_alert(row) for row in connection.execute(query).all()]

    def record_delivery(self, alert_id: int, notifier: str, *, error: str | None) -> None:
        now = datetime.now(UTC)
        values = {
            "alert_id": alert_id,
            "notifier": notifier,
            "delivered_at": None if error else now,
            "attempts": 1,
            "error": error,
        }
        statement = self._insert(alert_deliveries).values(values)
        with self._write() as connection:
            connection.execute(
                statement.on_conflict_do_update(
                    index_elements=[alert_deliveries.c.alert_id, alert_deliveries.c.notifier],
                    set_={
                        "delivered_at": values["delivered_at"],
                        "attempts": alert_deliveries.c.attempts + 1,
                        "error": error,
                    },
                )
            )

    def list_events(
        self,
        *,
        event_type: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 50,
        offset: int = 0,
        entity: int | None = None,
        place: str | None = None,
        country: str | None = None,
        credibility: Sequence[int] = (),
    ) -> list[StoredEvent]:
        """Events, newest first; ``entity``: those whose proposition is about the entity
        (as an actor or named in it); ``place``: at a place of that name; ``country``: in
        that country (ISO code); ``credibility``: graded one of these (1-6)."""
        query = select(events).order_by(events.c.occurred_at.desc(), events.c.id.desc())
        if event_type:
            query = query.where(events.c.type == event_type.upper())
        if entity is not None:
            keys = [f"entity:{entity}", f"actor:{entity}"]
            about = select(proposition_blocks.c.proposition_id).where(
                proposition_blocks.c.block_key.in_(keys)
            )
            query = query.where(events.c.proposition_id.in_(about))
        if place:
            query = query.where(func.lower(events.c.place) == place.strip().lower())
        if country:
            query = query.where(events.c.country == country.strip().upper())
        if credibility:
            query = query.where(events.c.credibility.in_(list(credibility)))
        query = window(
            query, events.c.occurred_at, since=since, until=until, limit=limit, offset=offset
        )
        with self._read() as connection:
            rows = connection.execute(query).all()
        return [_stored_event(row) for row in rows]

    def iter_events(
        self,
        *,
        event_type: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        batch: int = 500,
    ) -> Iterator[StoredEvent]:
        """Events in id order, read a page at a time."""
        last = 0
        while True:
            query = select(events).where(events.c.id > last).order_by(events.c.id).limit(batch)
            if event_type:
                query = query.where(events.c.type == event_type.upper())
            query = window(query, events.c.occurred_at, since=since, until=until)
            with self._read() as connection:
                rows = connection.execute(query).all()
            if not rows:
                return
            yield from (_stored_event(row) for row in rows)
            last = int(rows[-1].id)


def _stored_event(row: Row[Any]) -> StoredEvent:
    return from_row(
        StoredEvent,
        row,
        status=EventStatus(row.status),
        size_approximate=bool(row.size_approximate),
        data=_with_grade(dict(row.data), row),
    )


def _with_grade(data: dict[str, Any], row: Row[Any]) -> dict[str, Any]:
    """Once linked, an event's credibility is its proposition's, graded across articles."""
    if row.credibility is not None:
        data["credibility"] = {
            "grade": int(row.credibility),
            "reason": row.credibility_reason,
            "proposition": row.proposition_id,
        }
    return data


def _reading(row: Row[Any]) -> Reading:
    return from_row(Reading, row, approximate=bool(row.approximate), evidence=tuple(row.evidence))


def _alert(row: Row[Any]) -> Alert:
    return from_row(Alert, row, evidence=tuple(row.evidence))
