"""Claims by proposition and article: ranking propositions by how many articles report
them ("reported", the dashboard's default board) counts distinct articles per proposition,
which this index answers without reading the claim rows. It covers the old index on
``proposition_id`` alone, which goes."""

_STATEMENTS = [
    "CREATE INDEX proposition_claims_articles ON proposition_claims (proposition_id, article_id)",
    "DROP INDEX proposition_claims_proposition",
]

SQLITE = list(_STATEMENTS)
POSTGRESQL = list(_STATEMENTS)
