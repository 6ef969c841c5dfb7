"""The Russian ledger: Natasha's parse through watchfloor's components. Sentences written
for these tests in the style of Russian news agencies (no copied reports)."""

from __future__ import annotations

from pathlib import Path

import pytest

from watchfloor.extract import annotate
from watchfloor.types import Claim, Ledger, Modality, Polarity, QuoteKind, SourceKind


@pytest.fixture(scope="module")
def report() -> Ledger:
    text = (
        "По данным газеты «Наша Нива», Александр Лукашенко распорядился провести скрытую "
        "мобилизацию. Министерство обороны Белоруссии опровергло эти сведения. "
        "Около двух тысяч мужчин призовут в ближайшие недели, заявил источник в армии. "
        "Если число призывников превысит пять тысяч, ситуация может стать тревожной, считает "
        "эксперт. «Никакой мобилизации в стране не проводится», — заявил министр обороны "
        "Виктор Хренин. Лукашенко встретился с Путиным в Минске."
    )
    return annotate(text, language="ru")


def claim_with(ledger: Ledger, words: str) -> Claim:
    [found] = [c for c in ledger.claims if words in c.content.text]
    return found


def test_according_to_a_paper(report: Ledger) -> None:
    claim = claim_with(report, "скрытую мобилизацию")
    assert claim.source is not None and claim.source.kind is SourceKind.MEDIA
    entity = next(e for e in report.entities if e.id == claim.source.entity)
    assert entity.name == "Nasha Niva"
    assert claim.modality is Modality.CERTAIN and claim.quote is QuoteKind.INDIRECT


def test_a_ministry_denies(report: Ledger) -> None:
    claim = claim_with(report, "эти сведения")
    assert claim.polarity is Polarity.DENIED
    assert claim.source is not None and claim.source.kind is SourceKind.OFFICIAL


def test_an_unnamed_source_after_the_content(report: Ledger) -> None:
    claim = claim_with(report, "двух тысяч мужчин")
    assert claim.source is not None and claim.source.kind is SourceKind.ANONYMOUS
    assert claim.cue is not None and claim.cue.text == "заявил"
    assert "источник" not in claim.content.text


def test_belief_and_a_hedge_make_it_possible(report: Ledger) -> None:
    claim = claim_with(report, "превысит пять тысяч")
    assert claim.source is not None and claim.source.kind is SourceKind.EXPERT
    assert claim.modality is Modality.POSSIBLE
    assert [h.text for h in claim.hedges] == ["может"]


def test_direct_speech_in_guillemets_with_a_dash(report: Ledger) -> None:
    claim = claim_with(report, "Никакой мобилизации")
    assert claim.quote is QuoteKind.DIRECT
    assert claim.source is not None and claim.source.text is not None
    assert "Хренин" in claim.source.text


def test_quantities_in_words_with_their_case_and_comparators(report: Ledger) -> None:
    found = {(q.value, q.unit, q.approximate, q.comparator) for q in report.quantities}
    assert (2000.0, "person", True, None) in found
    assert (5000.0, "person", False, ">") in found


def test_inflected_names_join_their_gazetteer_entity_across_scripts(report: Ledger) -> None:
    names = {e.name for e in report.entities}
    assert {
        "Alexander Lukashenko",
        "Vladimir Putin",
        "Belarusian Defence Ministry",
        "Minsk",
    } <= names
    lukashenko = next(e for e in report.entities if e.name == "Alexander Lukashenko")
    assert "Лукашенко" in lukashenko.aliases and "Lukashenka" in lukashenko.aliases


def test_events_on_the_plover_ontology(report: Ledger) -> None:
    types = {e.type for e in report.events}
    assert {"MOBILIZE", "CONSULT"} <= types
    mobilisation = next(e for e in report.events if e.type == "MOBILIZE")
    assert mobilisation.family == "mobilization"


def test_spans_point_into_the_text() -> None:
    text = "  По словам\u00a0собеседника,\n\nвойска   отведены. "
    ledger = annotate(text, language="ru")
    for claim in ledger.claims:
        assert text[claim.content.start : claim.content.end] == claim.content.text


@pytest.mark.parametrize(
    ("phrase", "value", "comparator"),
    [
        ("более 5 тыс. военнослужащих", 5000.0, ">"),
        ("свыше 1,5 млн человек", 1_500_000.0, ">"),
        ("не менее трехсот танков", 300.0, ">="),
        ("до 2 000 резервистов", 2000.0, "<="),
        ("сто двадцать беспилотников", 120.0, None),
    ],
)
def test_russian_numbers(phrase: str, value: float, comparator: str | None) -> None:
    ledger = annotate(f"В регион направлены {phrase}.", language="ru")
    assert [(q.value, q.comparator) for q in ledger.quantities] == [(value, comparator)]


def test_years_and_ages_are_not_head_counts() -> None:
    ledger = annotate("В 2022 году 68-летний политик сказал это. Ему 68 лет.", language="ru")
    assert ledger.quantities == ()


FACTRU = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "eval"
    / "ner-ru"
    / "factRuEval-2016-dev"
    / "devset"
)


def test_real_russian_news_goes_through_with_spans_that_fit() -> None:
    """Whole documents of the FactRuEval set (read in place): Natasha's parser can
    return cycles, which the wrapper must turn into a tree spaCy accepts."""
    books = sorted(FACTRU.glob("book_*.txt"))[:12] if FACTRU.exists() else []
    if not books:
        pytest.skip(f"{FACTRU} is not there")
    for path in books:
        text = path.read_text(encoding="utf-8")
        ledger = annotate(text, language="ru")
        assert ledger.entities
        for entity in ledger.entities:
            for mention in entity.mentions:
                assert text[mention.start : mention.end] == mention.text
        for quantity in ledger.quantities:
            assert text[quantity.start : quantity.end] == quantity.text


def test_descriptions_and_possessives_refer_back() -> None:
    ledger = annotate(
        "Министерство обороны Белоруссии сообщило, что учения «Щит Союза» начались. "
        "По данным ведомства, в них участвуют более 200 единиц бронетехники. "
        "Министр обороны Виктор Хренин заявил, что проверка продолжится. По его словам, "
        "решение принято из-за обострения обстановки.",
        language="ru",
    )
    ministry = claim_with(ledger, "участвуют")
    first = claim_with(ledger, "учения")
    assert ministry.source is not None and first.source is not None
    assert ministry.source.entity == first.source.entity is not None
    reason = claim_with(ledger, "решение принято")
    khrenin = claim_with(ledger, "проверка продолжится")
    assert reason.source is not None and khrenin.source is not None
    assert reason.source.entity == khrenin.source.entity is not None
    assert all(c.quote is QuoteKind.INDIRECT for c in ledger.claims)  # «Щит Союза» is a name
    [armour] = ledger.quantities
    assert (armour.value, armour.unit, armour.comparator) == (200.0, "vehicle", ">")


def test_a_year_in_a_title_and_a_day_of_a_month_are_not_counts() -> None:
    ledger = annotate(
        "Учения «Союзная решимость — 2022» продлятся до 20 февраля, сообщило ведомство.",
        language="ru",
    )
    assert ledger.quantities == ()


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        ("ru", "Встреча с Лукашенком прошла в Минске.", "Alexander Lukashenko"),
        ("ru", "Путин позвонил Лукашенку.", "Alexander Lukashenko"),
        ("ru", "Заявление Путина опубликовано.", "Vladimir Putin"),
        ("uk", "Заява Путіна опублікована.", "Vladimir Putin"),
        ("uk", "Зустріч із Лукашенком відбулася.", "Alexander Lukashenko"),
        ("be", "Сустрэча з Лукашэнкам адбылася.", "Alexander Lukashenko"),
    ],
)
def test_inflected_surnames_find_their_person(language: str, text: str, name: str) -> None:
    assert name in {e.name for e in annotate(text, language=language).entities}


def test_as_reported_by_pronouns_and_quoting() -> None:
    ledger = annotate(
        "Как сообщает агентство БелТА, президент Белоруссии Александр Лукашенко провел "
        "совещание с военными. Он заявил, что Минск не намерен вступать в войну. "
        "По информации Генштаба ВСУ, у границы сосредоточено до 10 тысяч военнослужащих. "
        "«Мы готовы к любому развитию событий», — цитирует министра обороны Виктора Хренина "
        "издание «Зеркало».",
        language="ru",
    )
    names = {e.id: e.name for e in ledger.entities}
    agency = claim_with(ledger, "провел совещание")
    assert agency.source is not None and names.get(agency.source.entity or "") == "BelTA"
    he = claim_with(ledger, "не намерен")
    assert he.source is not None and names.get(he.source.entity or "") == "Alexander Lukashenko"
    staff = claim_with(ledger, "сосредоточено")
    assert staff.source is not None and staff.source.kind is SourceKind.MILITARY
    quoted = claim_with(ledger, "Мы готовы")
    assert quoted.quote is QuoteKind.DIRECT and quoted.source is not None
    assert names.get(quoted.source.entity or "") == "Viktor Khrenin"
    assert quoted.medium is not None and names.get(quoted.medium.entity or "") == "Zerkalo"


def test_a_statement_speaks_for_its_author() -> None:
    ledger = annotate(
        "Пресс-служба Министерства обороны Белоруссии опровергла эти сообщения. «Никакой "
        "мобилизации в стране не проводится», — говорится в заявлении ведомства.",
        language="ru",
    )
    quote = claim_with(ledger, "Никакой мобилизации")
    names = {e.id: e.name for e in ledger.entities}
    assert quote.source is not None
    assert names.get(quote.source.entity or "") == "Belarusian Defence Ministry"
