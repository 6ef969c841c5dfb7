"""Entities across the store: pages, links, merges and timelines."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import func, select, update

from watchfloor.errors import ConfigError
from watchfloor.store._base import StoreBase
from watchfloor.store._linking import entities_by_id, entity_article_counts, merged_into
from watchfloor.store._rows import contains_pattern, window
from watchfloor.store._schema import articles, entities, entity_aliases, entity_links
from watchfloor.types import StoredEntity


class EntityRoom(StoreBase):
    """Entities with their aliases and links; merges are reversible."""

    def get_entity(self, entity_id: int) -> StoredEntity | None:
        with self._read() as connection:
            found = entities_by_id(connection, [entity_id])
            counts = entity_article_counts(connection)
        return replace(found[0], articles=counts.get(entity_id, 0)) if found else None

    def entity_timeline(self, entity_id: int) -> list[tuple[str, int]]:
        """(YYYY-MM, articles) the entity was mentioned in, by month of publication."""
        with self._read() as connection:
            merged = merged_into(connection, entity_id)
            rows = connection.execute(
                select(articles.c.id, articles.c.published, articles.c.ingested_at).where(
                    articles.c.id.in_(
                        select(entity_links.c.article_id).where(
                            entity_links.c.entity_id.in_([entity_id, *merged])
                        )
                    )
                )
            ).all()
        months: dict[str, int] = {}
        for row in rows:
            moment = row.published or row.ingested_at
            key = f"{moment:%Y-%m}"
            months[key] = months.get(key, 0) + 1
        return sorted(months.items())

    def list_entities(
        self, *, name: str | None = None, limit: int | None = 50, offset: int = 0
    ) -> list[StoredEntity]:
        """Entities (not merged away), most-reported first; ``name`` matches any alias.
        Ranked and paged in SQL: a page reads only its own entities and their aliases."""
        merged = entities.alias("merged")
        reported = (
            select(func.count(func.distinct(entity_links.c.article_id)))
            .where(
                (entity_links.c.entity_id == entities.c.id)
                | entity_links.c.entity_id.in_(
                    select(merged.c.id).where(merged.c.merged_into == entities.c.id)
                )
            )
            .scalar_subquery()
        )  # its articles and those of the entities merged into it, read by index
        query = (
            select(entities.c.id, reported)
            .where(entities.c.merged_into.is_(None))
            .order_by(reported.desc(), entities.c.name, entities.c.id)
        )
        if name:
            like = contains_pattern(name)
            query = query.where(
                entities.c.id.in_(
                    select(entity_aliases.c.entity_id).where(
                        func.lower(entity_aliases.c.alias).like(like, escape="\\")
                    )
                )
                | func.lower(entities.c.name).like(like, escape="\\")
            )
        query = window(query, limit=limit, offset=offset)
        with self._read() as connection:
            page = [(int(i), int(n)) for i, n in connection.execute(query)]
            found = {e.id: e for e in entities_by_id(connection, [i for i, _ in page])}
        return [replace(found[i], articles=n) for i, n in page]

    def entity_links(self, entity_id: int) -> list[dict[str, Any]]:
        """Why each article's mention was linked to the entity (or to one merged into it)."""
        with self._read() as connection:
            merged = merged_into(connection, entity_id)
            rows = connection.execute(
                select(entity_links, articles.c.title, articles.c.published)
                .join(articles, articles.c.id == entity_links.c.article_id)
                .where(entity_links.c.entity_id.in_([entity_id, *merged]))
                .order_by(entity_links.c.article_id, entity_links.c.local_id)
            ).all()
        return [
            {
                "article_id": int(r.article_id),
                "local_id": r.local_id,
                "entity_id": int(r.entity_id),
                "method": r.method,
                "reason": r.reason,
                "title": r.title,
                "published": r.published.isoformat() if r.published else None,
            }
            for r in rows
        ]

    def merge_entities(self, source_id: int, into_id: int, reason: str) -> None:
        """Merge one entity into another, reversibly: its links stay, it points to the
        other; ``unmerge_entity`` undoes it."""
        if source_id == into_id:
            raise ConfigError("cannot merge an entity into itself")
        with self._write() as connection:
            found = connection.execute(
                select(entities.c.id, entities.c.merged_into).where(
                    entities.c.id.in_([source_id, into_id])
                )
            ).all()
            if len(found) != 2:
                raise ConfigError(
                    f"no entity #{source_id} or #{into_id}: see 'watchfloor entities'"
                )
            if any(r.merged_into is not None for r in found if int(r.id) == into_id):
                raise ConfigError(f"#{into_id} is itself merged; merge into what it points to")
            connection.execute(
                update(entities)
                .where(entities.c.id == source_id)
                .values(merged_into=into_id, merge_reason=reason)
            )

    def merged_entities(self, entity_id: int) -> list[dict[str, Any]]:
        """The entities merged into ``entity_id`` (id, name, merge_reason), by id."""
        query = (
            select(entities.c.id, entities.c.name, entities.c.merge_reason)
            .where(entities.c.merged_into == entity_id)
            .order_by(entities.c.id)
        )
        with self._read() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]

    def unmerge_entity(self, entity_id: int) -> None:
        with self._write() as connection:
            result = connection.execute(
                update(entities)
                .where(entities.c.id == entity_id, entities.c.merged_into.is_not(None))
                .values(merged_into=None, merge_reason=None)
            )
            if result.rowcount == 0:
                raise ConfigError(f"entity #{entity_id} is not merged into another")

    def entity_keys(self) -> dict[int, str]:
        """Each stored entity's key across stores: its gazetteer id, else its name."""
        with self._read() as connection:
            rows = connection.execute(
                select(entities.c.id, entities.c.gazetteer_id, entities.c.name)
            ).all()
        return {
            int(r.id): f"kb:{r.gazetteer_id}" if r.gazetteer_id else f"name:{r.name.lower()}"
            for r in rows
        }
