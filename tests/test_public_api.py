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


def test_the_error_tree_in_the_docstring_names_every_exception_under_its_parent() -> None:
    import watchfloor.errors as errors

    tree = (errors.__doc__ or "").split("::", 1)[1].split("\n\n")[1]
    for name in errors.__all__:
        error = getattr(errors, name)
        [line] = [line for line in tree.splitlines() if f" {name} " in f" {line} "]
        depth = line.index(name)
        if error is errors.WatchfloorError:
            continue
        # the nearest line above, one level out, names its parent
        above = tree.splitlines()[: tree.splitlines().index(line)]
        parent = next(a for a in reversed(above) if a.find(a.lstrip("│├└─ ")) < depth)
        assert error.__bases__[0].__name__ in parent, (name, parent)
