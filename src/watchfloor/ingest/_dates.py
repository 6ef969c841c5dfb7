"""Publication dates in the many shapes sources give them, always timezone-aware."""

from __future__ import annotations

import email.utils
from datetime import UTC, date, datetime, time

from dateutil import parser as dateutil_parser


def parse_published(value: object) -> datetime:
    """A timezone-aware datetime from an ISO 8601 or RFC 2822 string, a date or a datetime.

    Naive values are taken as UTC; a bare date is midnight UTC. Raises ``ValueError``.
    """
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime.combine(value, time(0), tzinfo=UTC)
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            try:
                parsed = email.utils.parsedate_to_datetime(text)
            except (TypeError, ValueError, IndexError):
                try:
                    parsed = dateutil_parser.parse(text)
                except (ValueError, OverflowError) as exc:
                    raise ValueError(f"cannot read {text!r} as a date") from exc
    else:
        raise ValueError(f"cannot read {value!r} as a date")
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed
