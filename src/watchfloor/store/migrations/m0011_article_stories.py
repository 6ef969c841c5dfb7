"""Stories: which articles tell one story. Linking lets two articles' claims share a
proposition only within one story (or on a named actor both give), so each linked article
keeps its story, the profile it was compared by, and the words it is found by."""


def _statements(id_type: str, json: str, time: str) -> list[str]:
    return [
        f"""CREATE TABLE article_stories (
            article_id {id_type} PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
            story_id {id_type} NOT NULL,
            seen_at {time} NOT NULL,
            reason TEXT NOT NULL,
            profile {json} NOT NULL
        )""",
        "CREATE INDEX article_stories_story ON article_stories (story_id)",
        f"""CREATE TABLE story_keys (
            story_key TEXT NOT NULL,
            article_id {id_type} NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            seen_at {time} NOT NULL,
            PRIMARY KEY (story_key, article_id)
        )""",
        "CREATE INDEX story_keys_recent ON story_keys (story_key, seen_at)",
        "CREATE INDEX story_keys_article ON story_keys (article_id)",
    ]


SQLITE = _statements("INTEGER", "JSON", "TIMESTAMP")
POSTGRESQL = _statements("BIGINT", "JSONB", "TIMESTAMPTZ")
