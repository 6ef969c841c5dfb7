"""CSV and TSV files of news: one article per row.

A table of articles names its text column ``articleBody``, ``text``, ``body`` or
``content`` (the first present wins; ``--text-column`` names another), and may carry the
same metadata columns as a JSON record (``title``, ``url``, ``published``, ``outlet``,
``author``, ``language``, ``id``); other columns are kept as the article's extra fields.
Each row is read as a JSON record would be, so a row without text is rejected alone,
named by its line, and the rest go on. Rows are read one at a time: the size limit
applies to each row, not to the file.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterable, Iterator

from watchfloor.errors import IngestError
from watchfloor.ingest.records import read_record
from watchfloor.types import Article, RejectReason

__all__ = ["TABLE_SUFFIXES", "TEXT_COLUMNS", "read_table"]

TABLE_SUFFIXES = frozenset({".csv", ".tsv"})
TEXT_COLUMNS = ("articleBody", "text", "body", "content")
"""Columns taken for the article's text when none is named, in this order."""

_ALIASES = {"headline": "title", "date": "published", "source": "outlet", "lang": "language"}
"""Common column names for the record fields (schema.org and newsroom exports)."""

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # news bodies exceed csv's 128 kB default


def read_table(
    name: str,
    lines: Iterable[str],
    *,
    max_bytes: int,
    text_column: str | None = None,
    delimiter: str | None = None,
) -> Iterator[Article | IngestError]:
    """Articles of a CSV (or, with ``delimiter="\\t"`` or a .tsv name, TSV) read from
    ``lines``; the header row names the columns."""
    lines = iter(lines)
    first = next(lines, None)
    if first is None or not first.strip():
        yield IngestError(name, RejectReason.EMPTY, "no header row")
        return
    if delimiter is None:
        delimiter = "\t" if name.lower().endswith(".tsv") or "\t" in first else ","
    header = next(csv.reader([first.lstrip("\ufeff")], delimiter=delimiter))
    column = _text_column(header, text_column)
    if column is None:
        wanted = repr(text_column) if text_column else "one of " + ", ".join(TEXT_COLUMNS)
        yield IngestError(
            name,
            RejectReason.INVALID_RECORD,
            f"no text column ({wanted}) among {', '.join(header)}; name it with --text-column",
        )
        return
    reader = csv.reader(_counted(lines, max_bytes), delimiter=delimiter)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except _RowTooLargeError as exc:
            yield IngestError(
                f"{name}:{reader.line_num + 1}",
                RejectReason.TOO_LARGE,
                f"row of more than {exc.size:,} bytes, limit {max_bytes:,}",
            )
            return  # the reader cannot resynchronise inside a quoted field
        except csv.Error as exc:
            yield IngestError(
                f"{name}:{reader.line_num + 1}", RejectReason.INVALID_RECORD, str(exc)
            )
            return
        line = reader.line_num + 1  # the header is line 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield IngestError(
                f"{name}:{line}",
                RejectReason.INVALID_RECORD,
                f"{len(row)} cells, the header has {len(header)}",
            )
            continue
        record = _record(header, row, column)
        yield from read_record(f"{name}:{line}", name, record, default_record=f"row {line}")


def _text_column(header: list[str], named: str | None) -> str | None:
    if named is not None:
        return named if named in header else None
    return next((c for c in TEXT_COLUMNS if c in header), None)


def _record(header: list[str], row: list[str], text_column: str) -> dict[str, str]:
    record: dict[str, str] = {}
    for key, value in zip(header, row, strict=True):
        if key == text_column:
            record["text"] = value
        elif key in ("text", "html"):
            record[f"column_{key}"] = value  # another text-like column: kept, not the text
        elif value != "":
            field = _ALIASES.get(key.lower(), key)
            record.setdefault(field, value)
    return record


class _RowTooLargeError(Exception):
    def __init__(self, size: int) -> None:
        self.size = size


def _counted(lines: Iterator[str], max_bytes: int) -> Iterator[str]:
    """The lines, stopping with ``_RowTooLargeError`` when one physical line exceeds the limit
    (a row's quoted field may span lines; each line is bounded, which bounds memory)."""
    for line in lines:
        if len(line) > max_bytes:
            raise _RowTooLargeError(len(line))
        yield line


def text_lines(data: str) -> Iterator[str]:
    """Lines of a table held in memory (from a URL or standard input), ends kept."""
    return iter(io.StringIO(data, newline=""))
