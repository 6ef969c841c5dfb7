"""The watchlist file: indicators an analyst watches, and where alerts go.

A YAML file (documented in docs/indicators.md) with ``indicators`` and optional
``notify``. Validation errors name the indicator and the field, so a typo is fixed in one
look.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from watchfloor.errors import ConfigError
from watchfloor.lang.plover import EVENT_TYPES
from watchfloor.types import EventStatus

__all__ = [
    "Indicator",
    "Level",
    "Notifier",
    "Selector",
    "Watchlist",
    "load_watchlist",
    "parse_duration",
]

Measure = Literal["reports", "independent_sources", "max_size", "sum_size", "denial_share"]

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(value: str | int | float) -> timedelta:
    """'30d', '12h', '90m', '1w', or seconds as a number."""
    if isinstance(value, int | float):
        return timedelta(seconds=float(value))
    match = _DURATION.match(value)
    if match is None:
        raise ValueError(f"{value!r} is not a duration; write e.g. 30d, 12h, 90m or 1w")
    return timedelta(seconds=float(match.group(1)) * _UNIT_SECONDS[match.group(2)])


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Selector(_Model):
    """Which events an indicator reads."""

    event_types: tuple[str, ...] = Field(default=(), alias="event_type")
    modes: tuple[str, ...] = Field(default=(), alias="mode")
    actors: tuple[str, ...] = ()
    """Names (any spelling the ledger lists) or gazetteer ids; any one matches."""
    countries: tuple[str, ...] = Field(default=(), alias="country")
    """ISO codes; an event matches if its place or one of its actors is in one of them."""
    places: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    """Words that must appear (any one, case-insensitive) in the event's sentence."""
    statuses: tuple[EventStatus, ...] = (EventStatus.REPORTED,)
    """Which statuses count; by default only events reported as having happened."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator(
        "event_types", "modes", "actors", "countries", "places", "keywords", mode="before"
    )
    @classmethod
    def _listify(cls, value: object) -> object:
        return (value,) if isinstance(value, str) else value

    @field_validator("event_types")
    @classmethod
    def _known_types(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        upper = tuple(v.upper() for v in value)
        unknown = [v for v in upper if v not in EVENT_TYPES]
        if unknown:
            raise ValueError(
                f"unknown PLOVER type {', '.join(unknown)}; use one of {', '.join(EVENT_TYPES)}"
            )
        return upper

    @field_validator("countries")
    @classmethod
    def _upper(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(v.upper() for v in value)


class Level(_Model):
    """A threshold: the reading is at this level when its value is above (or at least) it."""

    name: str
    above: float | None = None
    at_least: float | None = None

    @model_validator(mode="after")
    def _one_bound(self) -> Level:
        if (self.above is None) == (self.at_least is None):
            raise ValueError(f"level {self.name!r} needs exactly one of 'above' or 'at_least'")
        return self

    @property
    def threshold(self) -> float:
        return self.above if self.above is not None else self.at_least  # type: ignore[return-value]

    def reached(self, value: float) -> bool:
        return value > self.threshold if self.above is not None else value >= self.threshold


class Indicator(_Model):
    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+$")]
    title: str
    description: str | None = None
    select: Selector = Selector()
    measure: Measure
    window: timedelta = timedelta(days=30)
    levels: tuple[Level, ...]
    min_credibility: Annotated[int, Field(ge=1, le=6)] = 6
    """Count only events whose credibility (Admiralty 1-6) is this good or better."""
    cooldown: timedelta = timedelta(0)
    """After an alert, further crossings within this time (of the data's clock) are not
    alerted; the reading is still stored."""

    @field_validator("window", "cooldown", mode="before")
    @classmethod
    def _duration(cls, value: object) -> object:
        if isinstance(value, str | int | float):
            return parse_duration(value)
        return value

    @field_validator("levels")
    @classmethod
    def _ordered(cls, value: tuple[Level, ...]) -> tuple[Level, ...]:
        if not value:
            raise ValueError("an indicator needs at least one level")
        thresholds = [level.threshold for level in value]
        if thresholds != sorted(thresholds) or len(set(thresholds)) != len(thresholds):
            raise ValueError("levels must be listed from the lowest threshold to the highest")
        return value

    def level_of(self, value: float | None) -> str | None:
        """The highest level the value reaches, or None below the first."""
        if value is None:
            return None
        reached = [level.name for level in self.levels if level.reached(value)]
        return reached[-1] if reached else None

    def rank(self, level: str | None) -> int:
        """0 below every level, 1 for the first, ..."""
        names = [lv.name for lv in self.levels]
        return names.index(level) + 1 if level in names else 0


class Notifier(_Model):
    """Where alerts go: terminal, jsonl (path), webhook (url), email (smtp)."""

    type: Literal["terminal", "jsonl", "webhook", "email"]
    name: str | None = None
    path: Path | None = None
    url: str | None = None
    timeout: float = 10.0
    retries: Annotated[int, Field(ge=0, le=10)] = 3
    host: str = "localhost"
    port: int = 25
    sender: str | None = Field(default=None, alias="from")
    to: tuple[str, ...] = ()
    starttls: bool = False
    username_env: str | None = None
    password_env: str | None = None
    """Names of environment variables holding SMTP credentials (never the secrets)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _complete(self) -> Notifier:
        needs = {"jsonl": ("path",), "webhook": ("url",), "email": ("sender", "to")}
        missing = [f for f in needs.get(self.type, ()) if not getattr(self, f)]
        if missing:
            raise ValueError(f"a {self.type} notifier needs {', '.join(missing)}")
        return self

    @property
    def key(self) -> str:
        """Stable name used to remember what was delivered where."""
        if self.name:
            return self.name
        target = self.path or self.url or ",".join(self.to) or ""
        return f"{self.type}:{target}" if target else self.type


class Watchlist(_Model):
    indicators: tuple[Indicator, ...]
    notify: tuple[Notifier, ...] = ()

    @model_validator(mode="after")
    def _unique(self) -> Watchlist:
        ids = [i.id for i in self.indicators]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"indicator ids must be unique; repeated: {', '.join(twice)}")
        return self


def load_watchlist(path: Path) -> Watchlist:
    """Read and check a watchlist file; errors say which indicator and field is wrong."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read watchlist {path}: {exc.strerror or exc}") from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"watchlist {path} is not valid YAML: {exc}") from exc
    if not isinstance(raw, dict) or "indicators" not in raw:
        raise ConfigError(f"watchlist {path} must be a mapping with an 'indicators' list")
    try:
        return Watchlist.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            where = _where(raw, error["loc"])
            problems.append(f"{where}: {error['msg']}")
        raise ConfigError(f"watchlist {path}: " + "; ".join(problems)) from exc


def _where(raw: dict[str, object], loc: tuple[int | str, ...]) -> str:
    """'indicator by-mobilisation, levels.0' rather than 'indicators.0.levels.0'."""
    if len(loc) >= 2 and loc[0] == "indicators" and isinstance(loc[1], int):
        items = raw.get("indicators")
        name = str(loc[1])
        if isinstance(items, list) and loc[1] < len(items) and isinstance(items[loc[1]], dict):
            name = str(items[loc[1]].get("id", name))
        rest = ".".join(str(p) for p in loc[2:])
        return f"indicator {name}" + (f", {rest}" if rest else "")
    return ".".join(str(p) for p in loc) or "watchlist"
