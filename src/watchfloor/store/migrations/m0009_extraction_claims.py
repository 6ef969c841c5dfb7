"""Which process is annotating which article: processes that extract from one store at once
claim pending articles in small batches, so that none annotates an article another is
working on. A claim lapses when its process is gone (same host) or after a while
(``Store.claim_pending``)."""


def _statements(id_type: str, time: str) -> list[str]:
    return [
        f"""CREATE TABLE extraction_claims (
            article_id {id_type} PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
            holder TEXT NOT NULL,
            claimed_at {time} NOT NULL
        )""",
        "CREATE INDEX extraction_claims_holder ON extraction_claims (holder)",
    ]


SQLITE = _statements("INTEGER", "TIMESTAMP")
POSTGRESQL = _statements("BIGINT", "TIMESTAMPTZ")
