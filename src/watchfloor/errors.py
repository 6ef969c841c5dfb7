"""The one exception tree of watchfloor.

Every error the library raises on purpose is a ``WatchfloorError`` whose message says what
went wrong and what to do next::

    WatchfloorError
    ├── ConfigError              a setting or option has a value that cannot work
    │   └── SearchTooLargeError  a search asks for more terms than one search may hold
    ├── MissingDependencyError   an optional extra is not installed (names the pip command)
    ├── StoreError               the database cannot be opened, read or written
    │   ├── StoreConflictError   a write lost a race with another process (retry it)
    │   ├── StoreNotFoundError   no database at the given location
    │   └── MigrationError       the schema cannot be brought up to date
    ├── IngestError              one input item cannot be read (carries its reason)
    └── ReviewError              a verdict cannot apply (a value the field does not take)
        └── NothingToReviewError the claim, proposition, entity, alert or verdict is absent

``IngestError`` never escapes a batch: ingest turns it into a ``Rejection`` that is reported
and stored, and the batch goes on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from watchfloor.types import RejectReason

__all__ = [
    "ConfigError",
    "IngestError",
    "MigrationError",
    "MissingDependencyError",
    "NothingToReviewError",
    "ReviewError",
    "SearchTooLargeError",
    "StoreConflictError",
    "StoreError",
    "StoreNotFoundError",
    "WatchfloorError",
]


class WatchfloorError(Exception):
    """Base class of every error watchfloor raises on purpose."""


class ConfigError(WatchfloorError):
    """A setting or command-line option has a value that cannot work."""


class MissingDependencyError(WatchfloorError):
    """An optional part is used but its extra is not installed."""

    def __init__(self, what: str, extra: str, command: str | None = None) -> None:
        if command is None:  # an extra of watchfloor's
            super().__init__(f"{what} needs the '{extra}' extra: pip install 'watchfloor[{extra}]'")
        else:  # a package installed on its own
            super().__init__(f"{what} needs the package {extra}: {command}")
        self.extra = extra


class StoreError(WatchfloorError):
    """The store cannot be opened, read or written."""


class StoreConflictError(StoreError):
    """A write lost a race with another process (a deadlock or serialisation failure):
    nothing was written, and doing it again will work."""


class StoreNotFoundError(StoreError):
    """There is no database at the location given."""


class MigrationError(StoreError):
    """The schema of the store cannot be brought up to date."""


class IngestError(WatchfloorError):
    """One input item cannot be read; ingest records it as a rejection and goes on."""

    def __init__(self, item: str, reason: RejectReason, detail: str) -> None:
        super().__init__(f"{item}: {reason.value}: {detail}")
        self.item = item
        self.reason = reason
        self.detail = detail


class ReviewError(WatchfloorError):
    """A verdict cannot apply: its value is not one the field takes, or it was undone."""


class NothingToReviewError(ReviewError):
    """A verdict names a claim, proposition, entity, alert or verdict the store lacks."""


class SearchTooLargeError(ConfigError):
    """A search with more terms than the store answers at bounded cost."""
