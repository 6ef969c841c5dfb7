"""The language data files: one folder per language under ``lang/data/``, the same files
(and the same keys) in each, so that adding a language touches one folder."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"
LANGUAGES = ("en", "ru", "uk", "be")
"""The languages with a data folder, English first."""


@cache
def read_data(language: str, name: str) -> dict[str, Any]:
    """``data/<language>/<name>.toml``, parsed. A language without a folder is an error
    that says where its data would go."""
    path = DATA / language / f"{name}.toml"
    if not path.parent.is_dir():
        raise ValueError(f"no language data for {language!r}: add the folder {path.parent}")
    if not path.is_file():
        raise ValueError(f"{path} is missing: every language folder has the same files")
    with path.open("rb") as handle:
        return tomllib.load(handle)


def read_lines(language: str, name: str) -> list[str]:
    """``data/<language>/<name>.txt``: one entry per line, "#" starts a comment line."""
    lines = (DATA / language / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]
