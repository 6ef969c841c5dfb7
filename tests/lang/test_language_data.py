"""Language data: one folder per language, the same files and keys in each, read without
one language's words leaking into another's."""

from __future__ import annotations

import tomllib

import pytest

from watchfloor.lang.data_files import DATA, LANGUAGES, read_data
from watchfloor.lang.plover import EVENT_TYPES, event_words, family_of


def _files(language: str) -> set[str]:
    return {path.name for path in (DATA / language).iterdir() if path.suffix == ".toml"}


def test_every_language_folder_has_the_same_data_files() -> None:
    english = _files("en")
    assert english, "no data files for English"
    for language in LANGUAGES:
        assert _files(language) == english, language


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_language_file_uses_only_the_keys_english_uses(language: str) -> None:
    for name in _files("en"):
        with (DATA / "en" / name).open("rb") as handle:
            english = set(tomllib.load(handle))
        keys = set(read_data(language, name.removesuffix(".toml")))
        assert keys - {"borrow"} <= english, (language, name, keys - english)


def test_event_words_of_one_language_are_not_another_languages() -> None:
    english, russian = event_words("en").triggers, event_words("ru").triggers
    assert english["mobilize"].type == "MOBILIZE"
    assert russian["мобилизация"].type == "MOBILIZE"
    assert "мобилизация" not in english
    assert "mobilize" not in russian
    assert all(trigger.type in EVENT_TYPES for trigger in english.values())


def test_belarusian_borrows_the_words_spelled_as_in_its_neighbours() -> None:
    belarusian = event_words("be").triggers
    assert belarusian["мобилизация"] == event_words("ru").triggers["мобилизация"]
    assert belarusian["мобілізація"] == event_words("uk").triggers["мобілізація"]


def test_families_are_read_across_languages() -> None:
    assert family_of("draft") == family_of("mobilisation") == family_of("мобилизация")
    assert family_of("deployment") != family_of("mobilisation")


def test_a_language_without_a_folder_says_where_its_data_goes() -> None:
    with pytest.raises(ValueError, match="add the folder"):
        event_words("xx")
