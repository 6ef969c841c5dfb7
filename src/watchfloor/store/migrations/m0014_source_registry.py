"""The source registry in the store: each source's reliability (A-F) with its aliases and
the analyst's note, and every change to it with who made it and when (the YAML file and
``WATCHFLOOR_SOURCES`` only seed it)."""


def _statements(serial: str, time: str, json: str) -> list[str]:
    return [
        f"""CREATE TABLE source_registry (
            name TEXT PRIMARY KEY,
            reliability TEXT NOT NULL,
            aliases {json} NOT NULL DEFAULT '[]',
            note TEXT,
            changed_at {time} NOT NULL,
            changed_by TEXT NOT NULL
        )""",
        f"""CREATE TABLE source_registry_changes (
            id {serial},
            name TEXT NOT NULL,
            reliability TEXT,
            previous TEXT,
            note TEXT,
            changed_at {time} NOT NULL,
            changed_by TEXT NOT NULL
        )""",
        "CREATE INDEX source_registry_changes_name ON source_registry_changes (name, id)",
    ]


SQLITE = _statements("INTEGER PRIMARY KEY", "TIMESTAMP", "JSON")
POSTGRESQL = _statements("BIGSERIAL PRIMARY KEY", "TIMESTAMPTZ", "JSONB")
