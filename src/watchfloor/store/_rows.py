"""From rows to ledger types, and the filters every listing shares."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Row, Select

from watchfloor.types import Quantity

T = TypeVar("T")
S = TypeVar("S", bound=Select[Any])


_FIELDS: dict[type[Any], tuple[str, ...]] = {}


def _field_names(cls: type[Any]) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def from_row(cls: type[T], row: Row[Any], **given: Any) -> T:
    """A ``cls`` (a dataclass) from a row: each field from the column of its name, or from
    ``given`` where a column needs converting (an enum, a tuple) or has another name.
    Fields neither the row nor ``given`` has keep their defaults."""
    columns = row._mapping
    values = {
        name: given[name] if name in given else columns[name]
        for name in _field_names(cls)
        if name in given or name in columns
    }
    return cls(**values)


def quantity_from_row(row: Any) -> Quantity | None:
    """A claim's stored size (``size``, ``size_text``, ``size_approximate``,
    ``size_comparator``) as a quantity, or None. Its offsets are gone with its article."""
    if row.size is None:
        return None
    return Quantity(
        start=0,
        end=0,
        text=row.size_text or f"{row.size:g}",
        value=row.size,
        unit=None,
        approximate=bool(row.size_approximate),
        comparator=row.size_comparator,
    )


def window(
    query: S,
    column: ColumnElement[Any] | None = None,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    until_column: ColumnElement[Any] | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> S:
    """``query`` kept to rows of ``column`` in [since, until] (``until_column`` when a row
    spans time: it overlaps the window when it starts before ``until``), then paged in SQL
    (a large offset reads no skipped rows)."""
    if column is not None and since is not None:
        query = query.where(column >= since)
    if column is not None and until is not None:
        query = query.where((column if until_column is None else until_column) <= until)
    if limit is not None:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    return query


def contains_pattern(name: str) -> str:
    """A LIKE pattern for names containing ``name``: "%" and "_" in it are themselves."""
    escaped = name.casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
