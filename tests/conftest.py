"""Shared fixtures: stores on a real SQLite file and a real PostgreSQL server, paths to
the shared evaluation material, and sample inputs written to disk."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from watchfloor.settings import Settings, load_settings
from watchfloor.store import Store, open_store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLE = REPO / "data" / "sample" / "articles.jsonl"
SAMPLE_COUNT = len(SAMPLE.read_text(encoding="utf-8").splitlines())
"""Records in the bundled sample corpus."""
POSTGRES_URL = os.environ.get("WATCHFLOOR_TEST_POSTGRES_URL")
REQUIRE_POSTGRES = os.environ.get("WATCHFLOOR_REQUIRE_POSTGRES") == "1"


def shared_path(*parts: str) -> Path:
    """A file under ../shared, or skip the test when the shared folder is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path


def _postgres_schema_url() -> Iterator[str]:
    if not POSTGRES_URL:
        if REQUIRE_POSTGRES:
            pytest.fail("WATCHFLOOR_REQUIRE_POSTGRES=1 but WATCHFLOOR_TEST_POSTGRES_URL is unset")
        pytest.skip("no PostgreSQL server: set WATCHFLOOR_TEST_POSTGRES_URL (see .ci/postgres.sh)")
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in POSTGRES_URL else "?"
    yield f"{POSTGRES_URL}{separator}options={quote(f'-csearch_path={schema}')}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def db_location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where a fresh, empty store lives: a SQLite file, or a PostgreSQL schema."""
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
    else:
        yield from _postgres_schema_url()


@pytest.fixture
def sqlite_location(tmp_path: Path) -> str:
    return str(tmp_path / "store.db")


@pytest.fixture
def postgres_location() -> Iterator[str]:
    yield from _postgres_schema_url()


@pytest.fixture
def settings(db_location: str) -> Settings:
    return load_settings(db=db_location)


@pytest.fixture
def store(db_location: str) -> Iterator[Store]:
    with open_store(db_location) as opened:
        yield opened


@pytest.fixture(scope="module")
def api_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[object, dict[str, str]]]:
    """The API over a fresh SQLite store, with an admin token's header (for fuzzing)."""
    from fastapi.testclient import TestClient

    from watchfloor.api import create_app

    folder = tmp_path_factory.mktemp("api")
    settings = load_settings(db=str(folder / "fuzz.db"))
    with open_store(settings.db) as store:
        _, token = store.create_token("fuzz", "admin")
        with TestClient(create_app(settings, store=store)) as client:
            yield client, {"Authorization": f"Bearer {token}"}
