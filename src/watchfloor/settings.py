"""Every setting, with its default and help, in one place.

Each can be set by environment variable (``WATCHFLOOR_`` + its name in capitals, e.g.
``WATCHFLOOR_DB``) and most by a command-line flag, which wins.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from watchfloor.errors import ConfigError
from watchfloor.store._engine import PoolSize

__all__ = ["DEFAULT_LANGUAGES", "Settings", "load_settings"]

DEFAULT_LANGUAGES = ("en", "ru", "uk", "be", "pl", "lt", "lv", "de", "fr", "es")


class Settings(BaseSettings):
    """watchfloor's configuration."""

    model_config = SettingsConfigDict(env_prefix="WATCHFLOOR_", extra="forbid", frozen=True)

    db: str = Field(
        "watchfloor.db",
        description="Store location: a SQLite file path (or sqlite:/// URL), or a "
        "postgresql:// URL.",
    )
    db_pool_size: int = Field(
        5,
        ge=1,
        description="PostgreSQL connections each process keeps open (the API server "
        "keeps at least one per request thread).",
    )
    db_pool_overflow: int = Field(
        5, ge=0, description="PostgreSQL connections a process may open beyond the pool."
    )
    db_pool_timeout: float = Field(
        30.0,
        gt=0.0,
        description="Seconds to wait for a free PostgreSQL connection before failing.",
    )
    api_threads: int = Field(
        4,
        ge=1,
        le=64,
        description="Requests one API server process reads from the store at once. Python "
        "runs one thread at a time, so a few threads serve more requests per second than "
        "many (bench/api_load.py); ingest over the API runs on threads of its own.",
    )
    api_workers: int = Field(
        1,
        ge=1,
        le=64,
        description="API server processes ('watchfloor serve --workers'): one per core "
        "serves the most readers.",
    )
    max_item_bytes: int = Field(
        10_000_000,
        gt=0,
        description="Items larger than this many bytes are rejected without being read whole.",
    )
    text_column: str | None = Field(
        None,
        description="The column of a CSV or TSV file that holds each article's text "
        "(default: the first of articleBody, text, body, content).",
    )
    near_duplicate_threshold: float = Field(
        0.8,
        gt=0.0,
        le=1.0,
        description="Estimated Jaccard similarity of word 3-shingles at which an article "
        "is recorded as a near duplicate of an earlier one.",
    )
    http_timeout: float = Field(
        20.0, gt=0.0, description="Seconds to wait for an http(s) source before giving up."
    )
    # NoDecode: "en,ru" in the environment is a list by the validator below, not JSON
    languages: Annotated[tuple[str, ...], NoDecode] = Field(
        DEFAULT_LANGUAGES,
        description="ISO 639-1 codes the language detector chooses among.",
    )
    accurate_language_detection: bool = Field(
        False,
        description="Use lingua's high-accuracy models (about 350 MB more memory; better "
        "on texts under 120 characters).",
    )
    watchlist: Path = Field(
        Path("watchlist.yaml"),
        description="The watchlist file of indicators and notifiers (docs/indicators.md).",
    )

    sources: Path = Field(
        Path("sources.yaml"),
        description="The source registry: each source's reliability A-F "
        "(docs/assessment.md); sources not in it are F.",
    )
    public_url: str | None = Field(
        None,
        description="Where people open the dashboard (https://watch.example.org): alerts "
        "sent by notifiers link back to it.",
    )
    link_window_days: int = Field(
        14,
        gt=0,
        description="How many days apart two reports of one state of affairs may be and "
        "still be linked into one proposition.",
    )

    @field_validator("languages", mode="before")
    @classmethod
    def _split_languages(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(code.strip().lower() for code in value.split(",") if code.strip())
        return value

    def pool(self, *, at_least: int = 0) -> PoolSize:
        """The connection pool these settings ask for, with at least ``at_least`` kept."""
        return PoolSize(
            size=max(self.db_pool_size, at_least),
            overflow=self.db_pool_overflow,
            timeout=self.db_pool_timeout,
        )


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with non-None ``overrides`` on top.

    Raises ``ConfigError`` naming the bad setting instead of pydantic's report.
    """
    given = {name: value for name, value in overrides.items() if value is not None}
    try:
        return Settings(**given)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'settings'}: {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigError(f"invalid settings: {problems}") from exc
