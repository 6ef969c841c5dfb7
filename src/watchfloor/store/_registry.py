"""The source registry: each source's reliability, with every change logged (who, when,
what it was before)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from watchfloor.store._base import StoreBase
from watchfloor.store._schema import source_registry, source_registry_changes

__all__ = ["RegistryRoom"]


class RegistryRoom(StoreBase):
    """Reliability grades by source name; a change is one transaction with its log row."""

    def registry_entries(self) -> list[dict[str, Any]]:
        """Every graded source (name, reliability, aliases, note, changed_at, changed_by),
        by name."""
        with self._read() as connection:
            rows = connection.execute(select(source_registry).order_by(source_registry.c.name))
            return [dict(row._mapping) for row in rows]

    def count_registry(self) -> int:
        with self._read() as connection:
            query = select(func.count()).select_from(source_registry)
            return int(connection.execute(query).scalar_one())

    def set_sources(
        self, entries: Sequence[dict[str, Any]], *, by: str, note: str | None = None
    ) -> list[str]:
        """Grade each source (``name``, ``reliability``, optional ``aliases`` and ``note``),
        replacing its earlier grade, and log each change with ``by`` and the time; all in
        one transaction. Returns the names whose grade or note changed."""
        now = datetime.now(UTC)
        changed: list[str] = []
        with self._write() as connection:
            for entry in entries:
                name = entry["name"]
                before = connection.execute(
                    select(source_registry).where(source_registry.c.name == name)
                ).first()
                reason = entry.get("note") or note
                values = {
                    "reliability": entry["reliability"],
                    "aliases": list(entry.get("aliases") or (before.aliases if before else [])),
                    "note": reason,
                    "changed_at": now,
                    "changed_by": by,
                }
                if (
                    before is not None
                    and (before.reliability, before.note)
                    == (
                        values["reliability"],
                        values["note"],
                    )
                    and list(before.aliases) == values["aliases"]
                ):
                    continue
                statement = self._insert(source_registry).values(name=name, **values)
                connection.execute(
                    statement.on_conflict_do_update(
                        index_elements=[source_registry.c.name], set_=values
                    )
                )
                connection.execute(
                    source_registry_changes.insert().values(
                        name=name,
                        reliability=values["reliability"],
                        previous=before.reliability if before is not None else None,
                        note=reason,
                        changed_at=now,
                        changed_by=by,
                    )
                )
                changed.append(name)
        return changed

    def registry_changes(
        self, *, name: str | None = None, limit: int | None = 100
    ) -> list[dict[str, Any]]:
        """The log of changes to the registry, newest first."""
        query = select(source_registry_changes).order_by(source_registry_changes.c.id.desc())
        if name is not None:
            query = query.where(source_registry_changes.c.name == name)
        if limit is not None:
            query = query.limit(limit)
        with self._read() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]

    def claims_by_source(self) -> list[tuple[int, str | None, str | None, str | None]]:
        """(proposition, origin name, source name, teller) of every stored claim, once
        each: what a change of a source's grade may regrade."""
        from watchfloor.store._schema import proposition_claims as claims

        query = select(
            claims.c.proposition_id, claims.c.origin_name, claims.c.source_name, claims.c.teller
        ).distinct()
        with self._read() as connection:
            return [(int(p), o, s, t) for p, o, s, t in connection.execute(query)]
