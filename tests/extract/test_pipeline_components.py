from __future__ import annotations

from pathlib import Path

import pytest

from watchfloor.extract import COMPONENTS, load_pipeline


def test_components_declare_what_they_read_and_write() -> None:
    nlp = load_pipeline("en")
    assert [name for name in nlp.pipe_names if name.startswith("watchfloor")] == [
        "watchfloor_paragraphs",
        *COMPONENTS,
    ]
    analysis = nlp.analyze_pipes(pretty=False)
    assert analysis is not None
    assert analysis["problems"] == {name: [] for name in nlp.pipe_names}
    for name in COMPONENTS:
        summary = analysis["summary"][name]
        assert summary["assigns"], f"{name} must say what it writes"
        assert summary["requires"], f"{name} must say what it reads"
    assert nlp.pipe_names.index("watchfloor_paragraphs") < nlp.pipe_names.index("parser")


@pytest.mark.parametrize("language", ["ru", "uk", "be"])
def test_every_languages_pipeline_satisfies_what_its_components_read(language: str) -> None:
    """Ukrainian and Belarusian have no parser: no component may require ``token.dep``."""
    nlp = load_pipeline(language)
    analysis = nlp.analyze_pipes(pretty=False)
    assert analysis is not None
    assert analysis["problems"] == {name: [] for name in nlp.pipe_names}
    for name in nlp.pipe_names:
        assert analysis["summary"][name]["assigns"], f"{name} must say what it writes"


USER_GAZETTEER = """\
- {id: ministry-of-canals, type: ORG, kind: government, country: BY,
   names: [Ministry of Canals of Belarus], native: [Міністэрства каналаў]}
- {id: belarus, type: GPE, kind: place, country: BY, names: [Belarus],
   native: [Беларусь, Білорусь]}
- {id: ivan-zarechny, type: PERSON, kind: person, role: minister, country: BY,
   names: [Ivan Zarechny], native: [Іван Зарэчны, Іван Зарічний]}
"""


@pytest.mark.parametrize("language", ["en", "uk", "be"])
def test_a_users_gazetteer_reaches_every_component(language: str, tmp_path: Path) -> None:
    """The gazetteer path was honoured by the tagger only; entities, attribution and the
    morphology read the built-in list, silently ignoring a user's entries."""
    from watchfloor.extract.gazetteer import gazetteer_of
    from watchfloor.extract.slavic.dictionary import known_name_words

    path = tmp_path / "mine.yaml"
    path.write_text(USER_GAZETTEER, encoding="utf-8")
    nlp = load_pipeline(language, gazetteer=str(path))
    text = {
        "en": "Belarus's Canals Ministry said the locks were closed, Ivan Zarechny told reporters.",
        "uk": "Іван Зарічний заявив, що шлюзи закрито.",
        "be": "Іван Зарэчны заявіў, што шлюзы зачыненыя.",
    }[language]
    doc = nlp(text)
    gazetteer = gazetteer_of(doc)
    assert set(gazetteer.entries) == {"ministry-of-canals", "belarus", "ivan-zarechny"}
    if language == "en":  # a listed body named in another order is the listed one
        listed = {c.entry.id for c in doc._.wf_entities if c.entry is not None}
        assert "ministry-of-canals" in listed, [c.mentions for c in doc._.wf_entities]
    else:
        assert "зарэчны" in known_name_words(str(path)) or "зарічний" in known_name_words(str(path))


@pytest.mark.parametrize(
    ("module", "loader"),
    [
        ("natasha", "watchfloor.extract.slavic.natasha:natasha_models"),
        ("pymorphy3", "watchfloor.extract.slavic.morphology:ukrainian_morphology"),
    ],
)
def test_a_missing_dependency_says_what_to_install(
    module: str, loader: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A library that fails to import is a MissingDependencyError naming the package and
    the command, not a ConfigError (nothing in the user's settings is wrong)."""
    import importlib
    import sys

    from watchfloor.errors import MissingDependencyError

    home, name = loader.split(":")
    load = getattr(importlib.import_module(home), name)
    load.cache_clear()
    monkeypatch.setitem(sys.modules, module, None)  # `import module` now raises ImportError
    try:
        with pytest.raises(MissingDependencyError, match=r"pip install -c constraints\.txt"):
            load()
    finally:
        load.cache_clear()
