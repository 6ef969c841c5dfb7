"""The analyst's verdicts: each with its target (a claim, a proposition, an entity or an
alert), what it sets, the note, who and when, what it replaced (for undo) and when it was
undone; and a proposition's judgement (true, false or unresolved), which the track records
of sources read before the computed grade."""


def _statements(serial: str, time: str, json: str) -> list[str]:
    return [
        f"""CREATE TABLE verdicts (
            id {serial},
            kind TEXT NOT NULL,
            field TEXT NOT NULL,
            value TEXT,
            note TEXT NOT NULL DEFAULT '',
            made_by TEXT NOT NULL,
            made_at {time} NOT NULL,
            article_id BIGINT,
            claim_id TEXT,
            proposition_id BIGINT,
            entity_id BIGINT,
            alert_id BIGINT,
            previous {json} NOT NULL DEFAULT '{{}}',
            undone_at {time},
            undone_by TEXT
        )""",
        "CREATE INDEX verdicts_claim ON verdicts (article_id, claim_id)",
        "CREATE INDEX verdicts_proposition ON verdicts (proposition_id)",
        "CREATE INDEX verdicts_alert ON verdicts (alert_id)",
        "ALTER TABLE propositions ADD COLUMN judgement TEXT",
    ]


_MARKS = [
    f"CREATE TRIGGER verdicts_{op.lower()}_marks AFTER {op} ON verdicts "
    "BEGIN UPDATE change_marks SET mark = mark + 1 WHERE kind = 'ledger'; END"
    for op in ("INSERT", "UPDATE", "DELETE")
]

SQLITE = [*_statements("INTEGER PRIMARY KEY", "TIMESTAMP", "JSON"), *_MARKS]
POSTGRESQL = _statements("BIGSERIAL PRIMARY KEY", "TIMESTAMPTZ", "JSONB")
