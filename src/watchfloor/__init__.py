"""watchfloor: turn a stream of conflict reporting into an evidence ledger.

The stages, in the order data flows: ``ingest`` (read articles), then the ledger stages
``extract``, ``link``, ``assess`` and ``indicators``; ``store`` keeps everything;
``pipeline`` is the only place that wires them together (``watchfloor.pipeline.ingest``
and ``watchfloor.pipeline.extract`` run the jobs). See docs/architecture.md.

Importing the package is cheap: the names below are loaded when first used, so the CLI,
the server and the store never import spaCy unless they extract.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from watchfloor.version import __version__

if TYPE_CHECKING:
    from watchfloor.errors import WatchfloorError
    from watchfloor.extract import annotate
    from watchfloor.ingest import read_articles
    from watchfloor.settings import Settings, load_settings
    from watchfloor.store import Store, open_store
    from watchfloor.types import (
        Article,
        Claim,
        Entity,
        IngestReport,
        Ledger,
        Quantity,
        Rejection,
    )

_HOMES = {
    **dict.fromkeys(
        ["Article", "Claim", "Entity", "IngestReport", "Ledger", "Quantity", "Rejection"],
        "watchfloor.types",
    ),
    "WatchfloorError": "watchfloor.errors",
    "Settings": "watchfloor.settings",
    "load_settings": "watchfloor.settings",
    "Store": "watchfloor.store",
    "open_store": "watchfloor.store",
    "read_articles": "watchfloor.ingest",
    "annotate": "watchfloor.extract",
}

__all__ = [
    "Article",
    "Claim",
    "Entity",
    "IngestReport",
    "Ledger",
    "Quantity",
    "Rejection",
    "Settings",
    "Store",
    "WatchfloorError",
    "__version__",
    "annotate",
    "load_settings",
    "open_store",
    "read_articles",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'watchfloor' has no attribute {name!r}")
    return getattr(import_module(home), name)
