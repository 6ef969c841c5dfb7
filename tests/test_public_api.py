"""The public API is pinned, and every setting and command is documented."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest

import watchfloor
from watchfloor.settings import Settings, load_settings

REPO = Path(__file__).resolve().parents[1]


def test_exported_members() -> None:
    assert set(watchfloor.__all__) == {
        "Article", "Claim", "Entity", "IngestReport", "Ledger", "Quantity", "Rejection",
        "Settings", "Store", "WatchfloorError", "__version__", "annotate", "load_settings",
        "open_store", "read_articles",
    }  # fmt: skip
    for name in watchfloor.__all__:
        assert hasattr(watchfloor, name), name


def test_the_stage_packages_are_not_hidden_by_functions_of_their_names() -> None:
    import watchfloor.extract
    import watchfloor.ingest

    assert inspect.ismodule(watchfloor.extract) and inspect.ismodule(watchfloor.ingest)
    from watchfloor.pipeline import extract, ingest  # the jobs live with the pipeline

    assert callable(extract) and callable(ingest)


_NO_NLP = """
import sys
{body}
loaded = sorted(m for m in ("spacy", "thinc", "torch", "natasha", "pymorphy3") if m in sys.modules)
assert not loaded, loaded
"""


@pytest.mark.parametrize(
    "body",
    [
        "import watchfloor.store, watchfloor.link, watchfloor.assess, watchfloor.indicators",
        "import watchfloor; watchfloor.Store; watchfloor.open_store; watchfloor.Article",
        "from watchfloor.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass",
        "from watchfloor.cli import main\ntry:\n    main(['articles'])\nexcept SystemExit:\n"
        "    pass",
        "from watchfloor.api import create_app_from_environment\ncreate_app_from_environment()",
    ],
    ids=["core", "top-package", "help", "articles", "serve-app"],
)
def test_the_core_the_cli_and_the_server_do_not_load_spacy(body: str, tmp_path: Path) -> None:
    """Importing spaCy (and the torch thinc finds) costs seconds: only extraction needs it."""
    env = {**os.environ, "WATCHFLOOR_DB": str(tmp_path / "wf.db")}
    script = _NO_NLP.format(body=body)
    run = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr[-2000:]


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
