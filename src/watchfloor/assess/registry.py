"""The source registry: the reliability (A-F) an analyst gives each source, in a YAML file
they edit. A source that is not in it is F, "reliability cannot be judged"."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from watchfloor.errors import ConfigError
from watchfloor.lang.names import name_skeleton

__all__ = ["RELIABILITY", "RegistryEntry", "SourceRegistry", "load_registry"]

RELIABILITY = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}


@dataclass(frozen=True, slots=True)
class RegistryEntry:
    name: str
    reliability: str
    aliases: tuple[str, ...] = ()
    note: str | None = None


@dataclass(slots=True)
class SourceRegistry:
    entries: tuple[RegistryEntry, ...] = ()
    path: Path | None = None
    _by_key: dict[str, RegistryEntry] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for entry in self.entries:
            for name in (entry.name, *entry.aliases):
                self._by_key.setdefault(name_skeleton(name), entry)

    def lookup(self, name: str | None) -> RegistryEntry | None:
        if not name:
            return None
        return self._by_key.get(name_skeleton(name))

    def grade(self, name: str | None) -> tuple[str, str]:
        """(letter, why) for a source name in any spelling the skeleton matches."""
        entry = self.lookup(name)
        if entry is None:
            return "F", f"{name or 'the source'} is not in the source registry"
        why = f"{entry.name}: {RELIABILITY[entry.reliability]} in the source registry"
        return entry.reliability, why + (f" ({entry.note})" if entry.note else "")

    def __iter__(self) -> Iterator[RegistryEntry]:
        return iter(self.entries)


def _entry(raw: Any, index: int, path: Path) -> RegistryEntry:
    where = f"{path}: source {index + 1}"
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{where}: expected a mapping with name and reliability")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{where}: 'name' is missing; give the source's name")
    letter = str(raw.get("reliability", "")).strip().upper()
    if letter not in RELIABILITY:
        raise ConfigError(
            f"{where} ({name}): reliability {raw.get('reliability')!r} is not one of A-F"
        )
    aliases = raw.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ConfigError(f"{where} ({name}): 'aliases' must be a list of names")
    note = raw.get("note")
    return RegistryEntry(name.strip(), letter, tuple(aliases), str(note) if note else None)


def load_registry(path: Path | None) -> SourceRegistry:
    """The registry in ``path``; an empty one (every source F) when there is no file."""
    if path is None or not path.exists():
        return SourceRegistry(path=path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read the source registry: {exc}") from exc
    raw = data.get("sources", []) if isinstance(data, Mapping) else None
    if not isinstance(raw, list):
        raise ConfigError(f"{path}: expected a top-level 'sources:' list")
    return SourceRegistry(tuple(_entry(r, i, path) for i, r in enumerate(raw)), path=path)
