"""Store: the one database behind every stage (SQLite file by default, PostgreSQL by URL).

Entry function: ``open_store``. Only ``watchfloor.pipeline`` wires stages to it.
"""

from watchfloor.store._engine import PoolSize, database_url
from watchfloor.store._linking import LinkSession
from watchfloor.store._store import PendingArticle, Store, claim_holder, connect_store, open_store
from watchfloor.store._verdicts import ReviewSession

__all__ = [
    "LinkSession",
    "PendingArticle",
    "PoolSize",
    "ReviewSession",
    "Store",
    "claim_holder",
    "connect_store",
    "database_url",
    "open_store",
]
