"""Blocks know when their proposition was last seen, so that linking finds a key's recent
propositions through the index (block_key, last_seen) instead of reading every
proposition ever filed under the key: the cost of linking a batch then follows the
batch, not the store (bench/scale.py). Contradictions get an index on their second
article, which relinking an article deletes by."""


def _statements(time: str) -> list[str]:
    return [
        f"ALTER TABLE proposition_blocks ADD COLUMN last_seen {time}",
        """UPDATE proposition_blocks SET last_seen = (
            SELECT propositions.last_seen FROM propositions
            WHERE propositions.id = proposition_blocks.proposition_id
        )""",
        "CREATE INDEX proposition_blocks_recent ON proposition_blocks (block_key, last_seen)",
        "CREATE INDEX contradictions_article_b ON contradictions (article_b)",
    ]


SQLITE = _statements("TIMESTAMP")
POSTGRESQL = _statements("TIMESTAMPTZ")
