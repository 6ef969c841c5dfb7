"""Indexes for the API's main queries, chosen from their query plans (docs/store.md):
propositions newest first and by time window, propositions by an entity that is their
source, events newest first, and entities not merged away."""

_STATEMENTS = [
    "CREATE INDEX propositions_last_seen ON propositions (last_seen)",
    "CREATE INDEX proposition_claims_source_entity ON proposition_claims (source_entity_id)",
    "CREATE INDEX events_time ON events (occurred_at)",
    "CREATE INDEX entities_merged_into ON entities (merged_into)",
]

SQLITE = list(_STATEMENTS)
POSTGRESQL = list(_STATEMENTS)
