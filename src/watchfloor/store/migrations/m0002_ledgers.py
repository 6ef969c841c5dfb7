"""Ledgers extracted from articles, and articles whose extraction failed."""

SQLITE = [
    """CREATE TABLE ledgers (
        article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        language TEXT NOT NULL,
        extractor TEXT NOT NULL,
        ledger JSON NOT NULL,
        claims INTEGER NOT NULL,
        extracted_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE extraction_failures (
        article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        reason TEXT NOT NULL,
        failed_at TIMESTAMP NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 1
    )""",
]

POSTGRESQL = [
    """CREATE TABLE ledgers (
        article_id BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        language TEXT NOT NULL,
        extractor TEXT NOT NULL,
        ledger JSONB NOT NULL,
        claims INTEGER NOT NULL,
        extracted_at TIMESTAMPTZ NOT NULL
    )""",
    """CREATE TABLE extraction_failures (
        article_id BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        reason TEXT NOT NULL,
        failed_at TIMESTAMPTZ NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 1
    )""",
]
