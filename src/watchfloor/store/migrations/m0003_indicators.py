"""Events from ledgers (one row each, for indicator queries), indicator readings, alerts
and their deliveries."""


def _statements(id_type: str, json: str, time: str, serial: str) -> list[str]:
    return [
        f"""CREATE TABLE events (
            id {serial},
            article_id {id_type} NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            event_key TEXT NOT NULL,
            type TEXT NOT NULL,
            mode TEXT,
            status TEXT NOT NULL,
            occurred_at {time} NOT NULL,
            country TEXT,
            place TEXT,
            size DOUBLE PRECISION,
            size_approximate BOOLEAN NOT NULL DEFAULT FALSE,
            data {json} NOT NULL,
            UNIQUE (article_id, event_key)
        )""",
        "CREATE INDEX events_type_time ON events (type, occurred_at)",
        f"""CREATE TABLE indicator_readings (
            id {serial},
            indicator TEXT NOT NULL,
            as_of {time} NOT NULL,
            evaluated_at {time} NOT NULL,
            value DOUBLE PRECISION,
            approximate BOOLEAN NOT NULL DEFAULT FALSE,
            level TEXT,
            events INTEGER NOT NULL,
            evidence {json} NOT NULL
        )""",
        "CREATE INDEX indicator_readings_indicator ON indicator_readings (indicator, id)",
        f"""CREATE TABLE alerts (
            id {serial},
            indicator TEXT NOT NULL,
            reading_id {id_type} NOT NULL UNIQUE REFERENCES indicator_readings (id),
            level TEXT,
            previous_level TEXT,
            direction TEXT NOT NULL,
            value DOUBLE PRECISION,
            previous_value DOUBLE PRECISION,
            as_of {time} NOT NULL,
            created_at {time} NOT NULL,
            evidence {json} NOT NULL
        )""",
        "CREATE INDEX alerts_indicator ON alerts (indicator, id)",
        f"""CREATE TABLE alert_deliveries (
            alert_id {id_type} NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
            notifier TEXT NOT NULL,
            delivered_at {time},
            attempts INTEGER NOT NULL DEFAULT 0,
            error TEXT,
            PRIMARY KEY (alert_id, notifier)
        )""",
    ]


SQLITE = _statements("INTEGER", "JSON", "TIMESTAMP", "INTEGER PRIMARY KEY")
POSTGRESQL = _statements("BIGINT", "JSONB", "TIMESTAMPTZ", "BIGSERIAL PRIMARY KEY")
