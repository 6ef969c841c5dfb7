"""API tokens, stored as SHA-256 hashes (the tokens are 256-bit random strings, so a plain
hash is as strong as a slow one), each with a scope, read or admin; and the kind of source
of each claim in a proposition (unnamed sources take their outlet's reliability)."""


def _statements(serial: str, time: str) -> list[str]:
    return [
        f"""CREATE TABLE api_tokens (
            id {serial},
            name TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            scope TEXT NOT NULL,
            created_at {time} NOT NULL,
            last_used_at {time},
            revoked_at {time}
        )""",
        "ALTER TABLE proposition_claims ADD COLUMN source_kind TEXT NOT NULL "
        "DEFAULT 'unattributed'",
    ]


SQLITE = _statements("INTEGER PRIMARY KEY", "TIMESTAMP")
POSTGRESQL = _statements("BIGSERIAL PRIMARY KEY", "TIMESTAMPTZ")
