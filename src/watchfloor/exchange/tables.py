"""Flat tables of the ledger for spreadsheets and data frames: claims, events, readings and
alerts, one row per item with documented columns (docs/exchange.md), as CSV or Parquet.
Rows are produced one at a time and written in batches, so memory stays bounded."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import IO, Any

from watchfloor.errors import ConfigError, MissingDependencyError

__all__ = ["COLUMNS", "csv_lines", "write_csv", "write_parquet"]

COLUMNS: dict[str, tuple[str, ...]] = {
    "claims": (
        "article_id", "published", "outlet", "title", "url", "language", "claim_id",
        "source", "source_kind", "cue", "content", "start", "end", "modality", "polarity",
        "attribution_kind", "quote", "author_distanced", "cites", "nested_in", "proposition_id",
        "stance",
    ),
    "events": (
        "event_id", "article_id", "type", "mode", "status", "occurred_at", "country", "place",
        "size", "size_approximate", "actors", "trigger", "evidence", "credibility",
        "proposition_id", "claims", "url",
    ),
    "readings": (
        "indicator", "as_of", "value", "approximate", "level", "events", "evidence",
    ),
    "alerts": (
        "alert_id", "indicator", "as_of", "level", "previous_level", "direction", "value",
        "previous_value", "evidence", "created_at",
    ),
}  # fmt: skip
"""Columns of each table, in order. Lists (cites, actors, claims) are joined with "; " in
CSV and kept as lists in Parquet; evidence trails are JSON text."""

_LISTS = frozenset({"cites", "actors", "claims"})
_BATCH = 2_000


def _cell(value: Any, column: str, *, for_csv: bool) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if column in _LISTS:
        items = [str(v) for v in value or ()]
        return "; ".join(items) if for_csv else items
    if column == "evidence" and not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def csv_lines(table: str, rows: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """A table's CSV text, the header then a row at a time."""
    columns = _columns(table)
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values: Sequence[Any]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(values)
        return buffer.getvalue()

    yield line(columns)
    for row in rows:
        yield line([_cell(row.get(c), c, for_csv=True) for c in columns])


def write_csv(table: str, rows: Iterable[Mapping[str, Any]], out: IO[str]) -> int:
    count = -1  # the header is the first line
    for line in csv_lines(table, rows):
        out.write(line)
        count += 1
    return count


def write_parquet(table: str, rows: Iterable[Mapping[str, Any]], path: str) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise MissingDependencyError("Parquet export", "exchange") from exc
    columns = _columns(table)
    schema = pa.schema([(c, _arrow_type(pa, table, c)) for c in columns])
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        for batch in _batches(rows):
            data = {c: [_cell(r.get(c), c, for_csv=False) for r in batch] for c in columns}
            writer.write_table(pa.table(data, schema=schema))
            count += len(batch)
        if count == 0:
            writer.write_table(schema.empty_table())
    return count


def _columns(table: str) -> tuple[str, ...]:
    if table not in COLUMNS:
        raise ConfigError(f"no table {table!r}; choose one of {', '.join(COLUMNS)}")
    return COLUMNS[table]


_INTEGERS = frozenset(
    {"article_id", "start", "end", "proposition_id", "event_id", "events", "alert_id",
     "credibility"}
)  # fmt: skip
_FLOATS = frozenset({"size", "value", "previous_value"})
_BOOLEANS = frozenset({"author_distanced", "size_approximate", "approximate"})


def _arrow_type(pa: Any, table: str, column: str) -> Any:
    if column in _LISTS:
        return pa.list_(pa.string())
    if column in _INTEGERS:
        return pa.int64()
    if column in _FLOATS:
        return pa.float64()
    if column in _BOOLEANS:
        return pa.bool_()
    return pa.string()


def _batches(rows: Iterable[Mapping[str, Any]]) -> Iterator[Sequence[Mapping[str, Any]]]:
    batch: list[Mapping[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch
