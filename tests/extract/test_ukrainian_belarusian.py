"""Ukrainian (pymorphy3's dictionary, cue patterns) and Belarusian (light stems, cue
patterns): sentences written for these tests."""

from __future__ import annotations

import pytest

from watchfloor.extract import annotate
from watchfloor.extract.slavic.dictionary import belarusian_stem
from watchfloor.types import Claim, Ledger, Modality, Polarity, QuoteKind, SourceKind


def claim_with(ledger: Ledger, words: str) -> Claim:
    [found] = [c for c in ledger.claims if words in c.content.text]
    return found


@pytest.fixture(scope="module")
def ukrainian() -> Ledger:
    return annotate(
        "За даними Генштабу ЗСУ, Росія перекинула до кордону близько 30 тисяч "
        "військовослужбовців. Президент Володимир Зеленський заявив, що Україна готова до "
        "оборони. Міністерство оборони Білорусі спростувало повідомлення про мобілізацію. "
        "«Ми не плануємо наступ на Україну», — заявив Олександр Лукашенко. Понад 200 одиниць "
        "техніки, можливо, залучать до навчань, повідомляє джерело. Зустріч відбулася в Києві.",
        language="uk",
    )


def test_ukrainian_according_to_and_that_clauses(ukrainian: Ledger) -> None:
    staff = claim_with(ukrainian, "перекинула")
    assert staff.source is not None and staff.source.kind is SourceKind.MILITARY
    zelensky = claim_with(ukrainian, "готова до оборони")
    assert zelensky.source is not None and zelensky.source.entity is not None
    names = {e.id: e.name for e in ukrainian.entities}
    assert names[zelensky.source.entity] == "Volodymyr Zelensky"
    assert not zelensky.content.text.startswith("що")


def test_ukrainian_denial_quote_and_hedged_anonymous_source(ukrainian: Ledger) -> None:
    assert claim_with(ukrainian, "повідомлення про мобілізацію").polarity is Polarity.DENIED
    quote = claim_with(ukrainian, "не плануємо")
    assert quote.quote is QuoteKind.DIRECT and quote.source is not None
    assert quote.source.text == "Олександр Лукашенко"
    hedged = claim_with(ukrainian, "одиниць")
    assert hedged.source is not None and hedged.source.kind is SourceKind.ANONYMOUS
    assert hedged.modality is Modality.POSSIBLE


def test_ukrainian_inflected_names_and_numbers(ukrainian: Ledger) -> None:
    names = {e.name for e in ukrainian.entities}
    assert {"Russia", "Kyiv", "Belarusian Defence Ministry", "Alexander Lukashenko"} <= names
    found = {(q.value, q.unit, q.approximate, q.comparator) for q in ukrainian.quantities}
    assert found == {(30000.0, "person", True, None), (200.0, "vehicle", False, ">")}
    assert {e.type for e in ukrainian.events} >= {"MOBILIZE", "CONSULT"}
    assert "limitations" in ukrainian.document


def test_belarusian_degrades_clearly() -> None:
    ledger = annotate(
        "Паводле звестак «Нашай Нівы», у Беларусі праходзіць схаваная мабілізацыя. "
        "Каля дзвюх тысяч мужчын могуць прызваць, заявіў суразмоўца. "
        "Аляксандр Лукашэнка сустрэўся з Пуціным у Мінску.",
        language="be",
    )
    assert "no morphology" in str(ledger.document["limitations"])
    names = {e.name for e in ledger.entities}
    assert {"Nasha Niva", "Belarus", "Alexander Lukashenko", "Vladimir Putin", "Minsk"} <= names
    paper = claim_with(ledger, "мабілізацыя")
    assert paper.source is not None and paper.source.kind is SourceKind.MEDIA
    anonymous = claim_with(ledger, "дзвюх тысяч")
    assert anonymous.source is not None and anonymous.source.kind is SourceKind.ANONYMOUS
    assert [(q.value, q.unit, q.approximate) for q in ledger.quantities] == [
        (2000.0, "person", True)
    ]


@pytest.mark.parametrize(
    ("inflected", "base"),
    [("Беларусі", "Беларусь"), ("Мінску", "Мінск"), ("Пуціным", "Пуцін"), ("Нівы", "Ніва")],
)
def test_belarusian_stems_join_case_forms(inflected: str, base: str) -> None:
    assert belarusian_stem(inflected) == belarusian_stem(base)


def test_a_ukrainian_surname_in_other_cases_is_the_same_person() -> None:
    ledger = annotate(
        "Олег Ткачук заявив, що навчання почалися. Зустріч із Ткачуком відбулася. "
        "Позиції Ткачука ніхто не коментував.",
        language="uk",
    )
    [person] = [e for e in ledger.entities if e.type == "PERSON"]
    assert [m.text for m in person.mentions] == ["Олег Ткачук", "Ткачуком", "Ткачука"]


def test_belarusian_people_from_given_names() -> None:
    ledger = annotate(
        "Палітолаг Андрэй Казакевіч заявіў, што выбары не будуць свабоднымі. "
        "Паводле Казакевіча, рэжым баіцца.",
        language="be",
    )
    [person] = [e for e in ledger.entities if e.type == "PERSON"]
    assert [m.text for m in person.mentions] == ["Андрэй Казакевіч", "Казакевіча"]
    sources = {c.source.entity for c in ledger.claims if c.source is not None}
    assert sources == {person.id}


def test_ukrainian_as_reported_pronoun_and_a_hedge_before_the_cue() -> None:
    ledger = annotate(
        "Як повідомляє Укрінформ, Генштаб ЗСУ зафіксував переміщення техніки в Білорусі. "
        "За словами речника Держприкордонслужби Андрія Демченка, загрози наступу наразі "
        "немає. Він наголосив, що ситуація під контролем. Російські ЗМІ нібито стверджують, "
        "що до кордону перекинуто понад 20 тисяч військових.",
        language="uk",
    )
    names = {e.id: e.name for e in ledger.entities}
    agency = claim_with(ledger, "зафіксував")
    assert agency.source is not None and names.get(agency.source.entity or "") == "Ukrinform"
    he = claim_with(ledger, "під контролем")
    assert he.source is not None and names.get(he.source.entity or "") == "Andriy Demchenko"
    media = claim_with(ledger, "перекинуто")
    assert media.source is not None and media.source.text == "Російські ЗМІ"
    assert media.author_distanced
