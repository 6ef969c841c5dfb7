"""Cross-article linking: entities of the whole store with their aliases and the article
mentions linked to them (with the reason, reversibly), propositions with the claims about
them, contradictions, and which articles have been linked. An event row learns its
proposition and the credibility graded across articles."""


def _statements(id_type: str, json: str, time: str, serial: str) -> list[str]:
    return [
        f"""CREATE TABLE entities (
            id {serial},
            type TEXT NOT NULL,
            kind TEXT,
            name TEXT NOT NULL,
            gazetteer_id TEXT UNIQUE,
            wikidata TEXT,
            country TEXT,
            merged_into {id_type} REFERENCES entities (id),
            merge_reason TEXT,
            created_at {time} NOT NULL
        )""",
        f"""CREATE TABLE entity_aliases (
            entity_id {id_type} NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
            alias TEXT NOT NULL,
            match_key TEXT NOT NULL,
            PRIMARY KEY (entity_id, alias, match_key)
        )""",
        "CREATE INDEX entity_aliases_key ON entity_aliases (match_key)",
        f"""CREATE TABLE entity_links (
            article_id {id_type} NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            local_id TEXT NOT NULL,
            entity_id {id_type} NOT NULL REFERENCES entities (id),
            method TEXT NOT NULL,
            reason TEXT NOT NULL,
            pinned BOOLEAN NOT NULL DEFAULT FALSE,
            PRIMARY KEY (article_id, local_id)
        )""",
        "CREATE INDEX entity_links_entity ON entity_links (entity_id)",
        f"""CREATE TABLE propositions (
            id {serial},
            type TEXT,
            family TEXT,
            country TEXT,
            summary TEXT NOT NULL,
            signature {json} NOT NULL,
            first_seen {time} NOT NULL,
            last_seen {time} NOT NULL,
            credibility INTEGER,
            likelihood TEXT,
            probability DOUBLE PRECISION,
            assessment {json},
            assessed_at {time}
        )""",
        f"""CREATE TABLE proposition_blocks (
            proposition_id {id_type} NOT NULL REFERENCES propositions (id) ON DELETE CASCADE,
            block_key TEXT NOT NULL,
            PRIMARY KEY (block_key, proposition_id)
        )""",
        f"""CREATE TABLE proposition_claims (
            proposition_id {id_type} NOT NULL REFERENCES propositions (id) ON DELETE CASCADE,
            article_id {id_type} NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            claim_id TEXT NOT NULL,
            stance TEXT NOT NULL,
            origin TEXT NOT NULL,
            origin_name TEXT NOT NULL,
            source_name TEXT NOT NULL,
            source_entity_id {id_type},
            chain {json} NOT NULL,
            content TEXT NOT NULL,
            modality TEXT NOT NULL,
            size DOUBLE PRECISION,
            size_text TEXT,
            size_approximate BOOLEAN NOT NULL DEFAULT FALSE,
            size_comparator TEXT,
            claim_date TEXT,
            seen_at {time} NOT NULL,
            PRIMARY KEY (article_id, claim_id, proposition_id)
        )""",
        "CREATE INDEX proposition_claims_proposition ON proposition_claims (proposition_id)",
        "CREATE INDEX proposition_claims_origin ON proposition_claims (origin)",
        f"""CREATE TABLE contradictions (
            id {serial},
            proposition_id {id_type} NOT NULL REFERENCES propositions (id) ON DELETE CASCADE,
            article_a {id_type} NOT NULL,
            claim_a TEXT NOT NULL,
            article_b {id_type} NOT NULL,
            claim_b TEXT NOT NULL,
            kind TEXT NOT NULL,
            why TEXT NOT NULL,
            found_at {time} NOT NULL,
            UNIQUE (article_a, claim_a, article_b, claim_b)
        )""",
        "CREATE INDEX contradictions_proposition ON contradictions (proposition_id)",
        f"ALTER TABLE events ADD COLUMN proposition_id {id_type}",
        "ALTER TABLE events ADD COLUMN credibility INTEGER",
        "ALTER TABLE events ADD COLUMN credibility_reason TEXT",
        "CREATE INDEX events_proposition ON events (proposition_id)",
        f"""CREATE TABLE linked_articles (
            article_id {id_type} PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
            linked_at {time} NOT NULL
        )""",
    ]


SQLITE = _statements("INTEGER", "JSON", "TIMESTAMP", "INTEGER PRIMARY KEY")
POSTGRESQL = _statements("BIGINT", "JSONB", "TIMESTAMPTZ", "BIGSERIAL PRIMARY KEY")
