"""Named schema migrations, applied in order, each in one transaction.

A migration is a module ``mNNNN_name.py`` with ``SQLITE`` and ``POSTGRESQL``: the statements
for each backend. Applied names are recorded in ``schema_migrations``. Never edit a migration
that has been released; add a new one.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Migration:
    name: str
    sqlite: tuple[str, ...]
    postgresql: tuple[str, ...]

    def statements(self, dialect: str) -> tuple[str, ...]:
        return self.sqlite if dialect == "sqlite" else self.postgresql


def all_migrations() -> list[Migration]:
    """Every migration in this package, in name order."""
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("m"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        found.append(Migration(info.name[1:], tuple(module.SQLITE), tuple(module.POSTGRESQL)))
    return found
