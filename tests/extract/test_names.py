from __future__ import annotations

from pathlib import Path

import pytest

from watchfloor.errors import ConfigError
from watchfloor.extract.gazetteer import load_gazetteer
from watchfloor.lang.names import name_skeleton, romanisations, same_name


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Lukashenko", "Lukashenka"),  # Russian and Belarusian forms
        ("Lukashenko", "Лукашенко"),
        ("Lukashenka", "Лукашэнка"),
        ("Makei", "Makey"),
        ("Makei", "Макей"),
        ("Zelensky", "Zelenskyy"),
        ("Zelenskiy", "Зеленський"),
        ("Tsikhanouskaya", "Tikhanovskaya"),  # ў/в and ц/т
        ("Hrodna", "Grodno"),
        ("Kharkiv", "Харків"),
        ("Prigozhin", "Пригожин"),
        ("Shoigu", "Шойгу"),
    ],
)
def test_spellings_of_one_name_match(left: str, right: str) -> None:
    assert same_name(left, right)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Putin", "Lukashenko"),
        ("Makei", "Makarov"),
        ("Minsk", "Moscow"),
        ("Gomel", "Grodno"),
        ("Lavrov", "Peskov"),
    ],
)
def test_different_names_do_not_match(left: str, right: str) -> None:
    assert not same_name(left, right)


def test_romanisations_cover_the_common_schemes() -> None:
    spellings = romanisations("Аляксандр Лукашэнка")
    assert "Alyaksandr Lukashenka" in spellings
    assert romanisations("Latin already") == set()
    assert name_skeleton("Лукашенко") == name_skeleton("LUKASHENKO")


def test_gazetteer_is_well_formed_and_broad() -> None:
    gazetteer = load_gazetteer()
    entries = list(gazetteer)
    assert len(entries) >= 250
    kinds = {e.kind for e in entries}
    assert {"person", "government", "military", "media", "place"} <= kinds
    for entry in entries:
        assert entry.type in {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT"}
        assert entry.names, entry.id
        assert (entry.type == "PRODUCT") == (entry.kind == "weapon"), entry.id
    media_countries = {e.country for e in entries if e.kind == "media"}
    assert {"BY", "RU", "UA", None} <= media_countries, (
        "Belarusian, Russian, Ukrainian and international outlets"
    )


def test_a_surname_in_an_unlisted_spelling_finds_its_person() -> None:
    gazetteer = load_gazetteer()
    for spelling, expected in [
        ("Lukashenka", "lukashenko"),
        ("Tikhanovskaya", "tsikhanouskaya"),
        ("Zelenskyi", "zelensky"),
    ]:
        entry = gazetteer.person_by_surname(spelling)
        assert entry is not None and entry.id == expected, spelling


def test_a_gazetteer_file_with_a_bad_entry_is_refused_with_the_entry_named(
    tmp_path: Path,
) -> None:
    path = tmp_path / "gazetteer.yaml"
    path.write_text("- {id: grodno-range, type: RANGE, kind: place, names: [Grodno range]}\n")
    with pytest.raises(ConfigError, match="'grodno-range' has type 'RANGE'; use one of"):
        load_gazetteer(path)
    path.write_text("- {id: no-names, type: GPE, kind: place}\n")
    with pytest.raises(ConfigError, match="lacks a field"):
        load_gazetteer(path)
    path.write_text("names: [not, a, list, of, entries]\n")
    with pytest.raises(ConfigError, match="must be a YAML list"):
        load_gazetteer(path)
