"""The store on both backends: schema migrations, round trips, rejections, search."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import text

from watchfloor.errors import ConfigError, StoreError, StoreNotFoundError
from watchfloor.ingest.dedup import content_hash, minhash_signature, signature_to_bytes
from watchfloor.store import Store, open_store
from watchfloor.store.migrations import all_migrations
from watchfloor.types import Article, Rejection, RejectReason


def put(store: Store, article: Article) -> Article:
    stored = store.add_article(
        article,
        content_hash=content_hash(article.text),
        minhash=signature_to_bytes(minhash_signature(article.text)),
        bands=[(0, 1)],
    )
    assert stored is not None
    return stored


def test_a_new_store_has_every_migration_and_migrating_again_does_nothing(store: Store) -> None:
    assert [name for name, _ in store.applied_migrations()] == [m.name for m in all_migrations()]
    assert store.pending_migrations() == []
    assert store.migrate() == []


def test_opening_without_migrating_refuses_an_outdated_store(sqlite_location: str) -> None:
    Path(sqlite_location).touch()
    with pytest.raises(StoreError, match="watchfloor db upgrade"):
        open_store(sqlite_location, migrate=False)


def test_sqlite_store_is_in_wal_mode(sqlite_location: str) -> None:
    with open_store(sqlite_location) as store, store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_article_round_trip_keeps_every_field(store: Store) -> None:
    article = Article(
        text="Лукашенко заявил:\r\n  «Мобилизации нет».\n",
        origin="/data/feed.rss",
        record="entry-7",
        title="Заявление",
        url="https://example.by/7",
        outlet="Пример",
        author="Desk",
        published=datetime(2022, 10, 13, 9, 30, tzinfo=timezone(timedelta(hours=3))),
        language="ru",
        extra={"license": "CC BY 4.0", "tags": ["politics"]},
    )
    stored = put(store, article)
    loaded = store.get_article(stored.id or 0)
    assert loaded is not None
    assert loaded.text == article.text
    assert (loaded.title, loaded.url, loaded.outlet, loaded.author, loaded.language) == (
        article.title,
        article.url,
        article.outlet,
        article.author,
        article.language,
    )
    assert loaded.published == article.published
    assert loaded.published is not None and loaded.published.tzinfo is not None
    assert loaded.extra == {"license": "CC BY 4.0", "tags": ["politics"]}
    assert loaded.ingested_at is not None and loaded.ingested_at.tzinfo is not None
    assert loaded.content_hash == content_hash(article.text)
    assert loaded.item_key == "https://example.by/7"


def test_the_same_item_is_stored_once(store: Store) -> None:
    article = Article(text="Once only.", origin="a.txt")
    put(store, article)
    again = store.add_article(
        article, content_hash=content_hash(article.text), minhash=b"\0" * 8, bands=[]
    )
    assert again is None
    assert store.count_articles() == 1


def test_naive_datetimes_are_refused(store: Store) -> None:
    with pytest.raises(Exception, match="naive datetime"):
        put(store, Article(text="x", origin="o", published=datetime(2022, 1, 1)))
    assert store.count_articles() == 0, "nothing half-written"


def test_rejections_are_counted_not_repeated(store: Store) -> None:
    rejection = Rejection(
        "bad.json", RejectReason.MALFORMED_JSON, "Expecting value (line 1, column 1)"
    )
    store.record_rejection(rejection)
    store.record_rejection(rejection)
    store.record_rejection(Rejection("bad.json", RejectReason.EMPTY, "no content"))
    stored = {r.reason: r for r in store.iter_rejections()}
    assert stored[RejectReason.MALFORMED_JSON.value].times == 2
    assert stored[RejectReason.EMPTY.value].times == 1


@pytest.fixture
def searchable(store: Store) -> Store:
    for title, body in [
        ("Drills in Belarus", "Joint exercises began near Brest with artillery units."),
        ("Ministry statement", "The ministry denied any mobilisation; exercises are routine."),
        ("Учения", "Совместные учения начались под Брестом."),
        ("Café talks", "Diplomats met at a café in Minsk to discuss the border."),
    ]:
        put(store, Article(text=body, title=title, origin=title))
    return store


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("exercises", {"Drills in Belarus", "Ministry statement"}),
        ("exercises artillery", {"Drills in Belarus"}),
        ('"exercises began"', {"Drills in Belarus"}),
        ('"began exercises"', set()),
        ("exercises -artillery", {"Ministry statement"}),
        ("artillery OR denied", {"Drills in Belarus", "Ministry statement"}),
        ("BELARUS", {"Drills in Belarus"}),
        ("учения", {"Учения"}),
        ("cafe", {"Café talks"}),
    ],
)
def test_search(searchable: Store, query: str, titles: set[str]) -> None:
    hits = searchable.search(query)
    assert {hit.title for hit in hits} == titles


def test_search_marks_the_matching_words(searchable: Store) -> None:
    [hit] = searchable.search("artillery")
    assert "[artillery]" in hit.snippet


@pytest.mark.parametrize(
    "query",
    ['"unbalanced', "NEAR(a b)", "a AND", "*", "col:umn", "(", "'; DROP TABLE articles; --"],
)
def test_search_syntax_from_users_never_breaks_the_query(searchable: Store, query: str) -> None:
    with contextlib.suppress(ConfigError):  # no words to look for: a clear error is fine
        searchable.search(query)
    assert searchable.count_articles() == 4


def test_search_without_words_is_a_clear_error(searchable: Store) -> None:
    with pytest.raises(ConfigError, match="no words"):
        searchable.search("-alone")


def test_read_commands_on_a_missing_sqlite_file_say_so(tmp_path: Path) -> None:
    with pytest.raises(StoreNotFoundError, match="watchfloor ingest"):
        open_store(str(tmp_path / "absent.db"), must_exist=True)
    assert not (tmp_path / "absent.db").exists()


@pytest.mark.parametrize("location", [":memory:", "sqlite://", "mysql://x/y"])
def test_unusable_locations_are_config_errors(location: str) -> None:
    with pytest.raises(ConfigError):
        open_store(location)


def test_unreachable_postgresql_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="cannot"):
        open_store("postgresql://nobody:x@127.0.0.1:1/none")


def test_runs_left_running_become_interrupted(store: Store) -> None:
    first = store.start_run(["a"])
    store.start_run(["b"])
    with store.engine.connect() as connection:
        status = connection.execute(
            text("SELECT status FROM ingest_runs WHERE id = :id"), {"id": first}
        ).scalar()
    assert status == "interrupted"


def test_timestamps_come_back_in_utc(store: Store) -> None:
    stored = put(
        store,
        Article(
            text="t",
            origin="o",
            published=datetime(2022, 1, 1, 23, tzinfo=timezone(timedelta(hours=-5))),
        ),
    )
    loaded = store.get_article(stored.id or 0)
    assert loaded is not None and loaded.published == datetime(2022, 1, 2, 4, tzinfo=UTC)


@pytest.mark.postgresql
def test_the_postgresql_pool_is_sized_by_the_settings(
    postgres_location: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.pool import QueuePool

    from watchfloor.errors import ConfigError
    from watchfloor.settings import load_settings

    monkeypatch.setenv("WATCHFLOOR_DB_POOL_SIZE", "3")
    monkeypatch.setenv("WATCHFLOOR_DB_POOL_OVERFLOW", "1")
    settings = load_settings(db=postgres_location)
    with open_store(settings.db, pool=settings.pool()) as store:
        pool = store.engine.pool
        assert isinstance(pool, QueuePool)
        assert (pool.size(), pool._max_overflow) == (3, 1)
    assert settings.pool(at_least=9).size == 9
    monkeypatch.setenv("WATCHFLOOR_DB_POOL_SIZE", "0")
    with pytest.raises(ConfigError, match="db_pool_size"):
        load_settings()


def test_the_server_keeps_a_connection_for_each_request_thread(db_location: str) -> None:
    # a connection handed back to a full pool is closed; opening one per request cost more
    # than most reads (bench/api_load.py)
    from fastapi.testclient import TestClient

    from watchfloor.api import WRITE_THREADS, create_app
    from watchfloor.settings import load_settings

    settings = load_settings(db=db_location, api_threads=6)
    with TestClient(create_app(settings)) as client:
        assert client.get("/api/health").status_code == 200
        pool = client.app.state.store.engine.pool  # type: ignore[attr-defined]
        assert pool.size() >= 6 + WRITE_THREADS


def test_only_a_tokens_hash_is_stored(store: Store) -> None:
    import hashlib

    from sqlalchemy import text as sql

    token_id, token = store.create_token("desk", "read")
    with store.engine.connect() as connection:
        rows = [dict(r._mapping) for r in connection.execute(sql("SELECT * FROM api_tokens"))]
    [row] = rows
    assert row["id"] == token_id
    # every column read as stored: the token itself is in none of them
    assert all(token not in str(value) for value in row.values())
    assert row["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert store.token_scope(token) == "read"
