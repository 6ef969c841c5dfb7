"""Change marks: a counter per kind of data, bumped by triggers in the writing
transaction itself, so that a page of the API is kept while what it shows is unchanged
(``Store.change_marks``). Ingest moves the ``articles`` mark only: readers of the
propositions board keep their pages while five clients ingest. An article changed or
deleted in place moves both marks (claims show their article's title and outlet).

SQLite only: the API keeps pages only over SQLite (PostgreSQL has no cheap change stamp),
so PostgreSQL gets the table and no triggers."""

_TABLE = (
    "CREATE TABLE change_marks (kind TEXT PRIMARY KEY, mark INTEGER NOT NULL)",
    "INSERT INTO change_marks (kind, mark) VALUES ('articles', 0), ('ledger', 0)",
)


def _bump(table: str, operation: str, *kinds: str) -> str:
    name = f"{table}_{operation.lower()}_marks"
    updates = " ".join(
        f"UPDATE change_marks SET mark = mark + 1 WHERE kind = '{kind}';" for kind in kinds
    )
    return f"CREATE TRIGGER {name} AFTER {operation} ON {table} BEGIN {updates} END"


SQLITE = [
    *_TABLE,
    _bump("articles", "INSERT", "articles"),
    _bump("articles", "UPDATE", "articles", "ledger"),
    _bump("articles", "DELETE", "articles", "ledger"),
    _bump("ledgers", "INSERT", "ledger"),
    _bump("ledgers", "UPDATE", "ledger"),
    _bump("ledgers", "DELETE", "ledger"),
    _bump("events", "INSERT", "ledger"),
    _bump("events", "UPDATE", "ledger"),
    _bump("events", "DELETE", "ledger"),
    _bump("entities", "INSERT", "ledger"),
    _bump("entities", "UPDATE", "ledger"),
    _bump("entities", "DELETE", "ledger"),
    _bump("entity_aliases", "INSERT", "ledger"),
    _bump("entity_aliases", "UPDATE", "ledger"),
    _bump("entity_aliases", "DELETE", "ledger"),
    _bump("entity_links", "INSERT", "ledger"),
    _bump("entity_links", "UPDATE", "ledger"),
    _bump("entity_links", "DELETE", "ledger"),
    _bump("propositions", "INSERT", "ledger"),
    _bump("propositions", "UPDATE", "ledger"),
    _bump("propositions", "DELETE", "ledger"),
    _bump("proposition_claims", "INSERT", "ledger"),
    _bump("proposition_claims", "UPDATE", "ledger"),
    _bump("proposition_claims", "DELETE", "ledger"),
    _bump("contradictions", "INSERT", "ledger"),
    _bump("contradictions", "UPDATE", "ledger"),
    _bump("contradictions", "DELETE", "ledger"),
    _bump("article_stories", "INSERT", "ledger"),
    _bump("article_stories", "UPDATE", "ledger"),
    _bump("article_stories", "DELETE", "ledger"),
]
POSTGRESQL = list(_TABLE)
