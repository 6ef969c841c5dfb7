"""The public API is pinned, and every setting and command is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

import watchfloor
from watchfloor.settings import Settings, load_settings

REPO = Path(__file__).resolve().parents[1]


def test_exported_members() -> None:
    assert set(watchfloor.__all__) == {
        "Article", "Claim", "Entity", "IngestReport", "Ledger", "Quantity", "Rejection",
        "Settings", "Store", "WatchfloorError", "__version__", "annotate", "extract", "ingest",
        "load_settings", "open_store", "read_articles",
    }  # fmt: skip
    for name in watchfloor.__all__:
        assert hasattr(watchfloor, name), name


def test_every_setting_has_help_and_is_in_the_configuration_docs() -> None:
    docs = (REPO / "docs" / "configuration.md").read_text()
    for name, field in Settings.model_fields.items():
        assert field.description, f"setting {name} needs a description"
        assert f"WATCHFLOOR_{name.upper()}" in docs, f"docs/configuration.md must document {name}"


def test_every_ingest_format_field_is_documented() -> None:
    docs = (REPO / "docs" / "ingest.md").read_text()
    for field in (
        "text",
        "html",
        "title",
        "url",
        "published",
        "outlet",
        "author",
        "language",
        "id",
    ):
        assert f"`{field}`" in docs


def test_languages_from_the_environment_are_a_comma_separated_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WATCHFLOOR_LANGUAGES", "en, RU,uk")
    assert load_settings().languages == ("en", "ru", "uk")
