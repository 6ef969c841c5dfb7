"""The source registry in the store: read (seeded from the YAML file once), changed by a
person with a reason, logged, and every proposition a change touches graded again."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from watchfloor.assess import RELIABILITY, RegistryEntry, SourceRegistry, load_registry
from watchfloor.errors import ConfigError
from watchfloor.lang.names import name_skeleton
from watchfloor.store import Store

__all__ = ["graded", "import_registry", "regrade_sources", "set_source", "source_registry"]

_BATCH = 200


def source_registry(store: Store, seed: Path | None = None) -> SourceRegistry:
    """The registry the store holds. A store with none yet is seeded from ``seed`` (the
    ``WATCHFLOOR_SOURCES`` file), once: later changes go through ``set_source`` or
    ``import_registry``, and the store's registry is what every command reads."""
    if seed is not None and seed.exists() and store.count_registry() == 0:
        entries = _as_rows(load_registry(seed))
        if entries:
            regrade_sources(store, store.set_sources(entries, by=f"seed {seed}"))
    return SourceRegistry(
        tuple(
            RegistryEntry(row["name"], row["reliability"], tuple(row["aliases"] or ()), row["note"])
            for row in store.registry_entries()
        )
    )


def set_source(
    store: Store,
    name: str,
    reliability: str,
    *,
    reason: str,
    by: str,
    aliases: Sequence[str] = (),
) -> int:
    """Grade one source, log who and why, and grade again the propositions its claims are
    in. Returns how many propositions were graded again."""
    letter = reliability.strip().upper()
    if letter not in RELIABILITY:
        raise ConfigError(f"reliability {reliability!r} is not one of A-F")
    if not name.strip():
        raise ConfigError("give the source's name")
    if not reason.strip():
        raise ConfigError("give a reason (--reason): the registry keeps why a grade changed")
    entry: dict[str, Any] = {"name": name.strip(), "reliability": letter, "note": reason.strip()}
    if aliases:
        entry["aliases"] = list(aliases)
    changed = store.set_sources([entry], by=by)
    return regrade_sources(store, changed)


def import_registry(store: Store, path: Path, *, by: str) -> tuple[list[str], int]:
    """Every source of a registry file into the store (one transaction, each change
    logged), then the propositions they touch graded again. Returns (sources changed,
    propositions regraded)."""
    if not path.exists():
        raise ConfigError(f"{path}: no such file")
    changed = store.set_sources(_as_rows(load_registry(path)), by=by)
    return changed, regrade_sources(store, changed)


def regrade_sources(store: Store, names: Sequence[str]) -> int:
    """Grade again every proposition with a claim of one of ``names`` (or their aliases,
    in any spelling the registry matches), with the store's registry."""
    if not names:
        return 0
    registry = source_registry(store)
    wanted = {
        name_skeleton(spelling)
        for entry in registry
        if entry.name in names
        for spelling in (entry.name, *entry.aliases)
    } | {name_skeleton(n) for n in names}
    touched = sorted(
        {
            proposition
            for proposition, *spellings in store.claims_by_source()
            if any(s and name_skeleton(s) in wanted for s in spellings)
        }
    )
    for first in range(0, len(touched), _BATCH):
        ids = touched[first : first + _BATCH]
        with store.linking() as session:
            groups = session.evidence_groups(ids, -1)
            notes = session.review_notes(ids)
            session.set_assessments(
                [graded(i, groups.get(i, []), registry, notes.get(i, ())) for i in ids]
            )
    return len(touched)


def graded(
    proposition_id: int,
    groups: Sequence[Any],
    registry: SourceRegistry,
    reviews: Sequence[str] = (),
) -> tuple[int, dict[str, Any], str]:
    """A proposition's grade from its groups of claims, as ``set_assessments`` stores it:
    (id, the columns, the reason its events carry). ``reviews`` are the analyst's active
    verdicts on it and its claims (``review_notes``): the claims are graded as corrected,
    and the explanation says so."""
    from watchfloor.assess import assess_groups

    assessment = assess_groups(groups, registry)
    shown = assessment.as_dict()
    reason = assessment.credibility_reason
    if reviews:
        said = "; ".join(reviews)
        shown["reviews"] = list(reviews)
        shown["explanation"] = f"{shown['explanation']} After the analyst's review: {said}."
        reason = f"{reason} (after the analyst's review: {said})"
    values = {
        "credibility": assessment.credibility,
        "likelihood": assessment.likelihood,
        "probability": assessment.probability,
        "assessment": shown,
        "assessed_at": datetime.now(UTC),
    }
    return proposition_id, values, reason


def _as_rows(registry: SourceRegistry) -> list[dict[str, Any]]:
    return [
        {"name": e.name, "reliability": e.reliability, "aliases": list(e.aliases), "note": e.note}
        for e in registry
    ]
