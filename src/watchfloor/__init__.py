"""watchfloor: turn a stream of conflict reporting into an evidence ledger.

The stages, in the order data flows: ``ingest`` (read articles), then the ledger stages;
``store`` keeps everything; ``pipeline`` is the only place that wires them together.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("watchfloor")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"

from typing import TYPE_CHECKING, Any

from watchfloor.errors import WatchfloorError
from watchfloor.ingest import read_articles
from watchfloor.pipeline import extract, ingest
from watchfloor.settings import Settings, load_settings
from watchfloor.store import Store, open_store
from watchfloor.types import Article, Claim, Entity, IngestReport, Ledger, Quantity, Rejection

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
    "extract",
    "ingest",
    "load_settings",
    "open_store",
    "read_articles",
]


if TYPE_CHECKING:
    from watchfloor.extract import annotate


def __getattr__(name: str) -> Any:
    # spaCy takes a while to import; only extraction needs it.
    if name == "annotate":
        from watchfloor.extract import annotate

        return annotate
    raise AttributeError(f"module 'watchfloor' has no attribute {name!r}")
