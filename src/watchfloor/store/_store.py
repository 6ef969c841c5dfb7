"""The store: articles and everything derived from them, on SQLite or PostgreSQL.

``Store`` is one face over rooms of one concern each (see the modules beside this one);
``open_store`` opens it with the schema brought up to date."""

from __future__ import annotations

from sqlalchemy.exc import OperationalError

from watchfloor.errors import StoreError
from watchfloor.store._articles import ArticleRoom, PendingArticle
from watchfloor.store._base import _reason
from watchfloor.store._engine import PoolSize, create_store_engine
from watchfloor.store._entities import EntityRoom
from watchfloor.store._extraction import ExtractionRoom, claim_holder
from watchfloor.store._indicators import IndicatorRoom
from watchfloor.store._migrations import Migrations
from watchfloor.store._propositions import PropositionRoom
from watchfloor.store._registry import RegistryRoom
from watchfloor.store._search import SearchRoom
from watchfloor.store._tokens import TokenRoom
from watchfloor.store._verdicts import VerdictRoom


class Store(
    Migrations,
    ArticleRoom,
    ExtractionRoom,
    IndicatorRoom,
    EntityRoom,
    PropositionRoom,
    SearchRoom,
    TokenRoom,
    RegistryRoom,
    VerdictRoom,
):
    """Articles and everything derived from them, in one database.

    Every method that writes does so in one transaction: an article is fully stored or
    absent, whatever happens to the process.
    """


def connect_store(
    location: str, *, must_exist: bool = False, pool: PoolSize | None = None
) -> Store:
    """The store at ``location`` as it is, schema unchecked: for managing migrations."""
    return Store(create_store_engine(location, must_exist=must_exist, pool=pool))


def open_store(
    location: str,
    *,
    migrate: bool = True,
    must_exist: bool = False,
    pool: PoolSize | None = None,
) -> Store:
    """Open the store at ``location`` (file path, sqlite:/// or postgresql:// URL);
    ``pool`` sizes the connection pool (a server keeps one per worker thread).

    With ``migrate`` the schema is brought up to date first; otherwise a store with
    pending migrations raises ``StoreError`` telling the user to run ``watchfloor db upgrade``.
    """
    store = connect_store(location, must_exist=must_exist, pool=pool)
    try:
        if migrate:
            store.migrate()
        elif store.pending_migrations():
            raise StoreError(
                f"the store at {store.location} needs migrations: run 'watchfloor db upgrade'"
            )
    except OperationalError as exc:
        store.close()
        raise StoreError(f"cannot open {store.location}: {_reason(exc)}") from exc
    except BaseException:
        store.close()
        raise
    return store


__all__ = ["PendingArticle", "Store", "claim_holder", "connect_store", "open_store"]
