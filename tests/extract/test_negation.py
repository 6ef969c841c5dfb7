"""Polarity sees negation inside a claim's content, not only in denial verbs; hedges in the
content lower its modality. Sentences written for these tests."""

from __future__ import annotations

import pytest

from watchfloor.extract import annotate
from watchfloor.types import Modality, Polarity

DENIED = [
    ("en", "Local police said that the chemical had not been used in the attack."),
    ("en", "The spokesman said there is no evidence of a chemical attack."),
    ("en", "The ministry said the report was completely unfounded."),
    ("en", "Her lawyer said that she is not his wife."),
    ("en", "The army said no troops crossed the border overnight."),
    ("ru", "Никакой мобилизации в стране не проводится, заявили в министерстве обороны."),
    ("ru", "Как заявили в министерстве, эта информация не соответствует действительности."),
    ("uk", "Ця інформація не відповідає дійсності, заявили в Генштабі."),
    ("uk", "У Генштабі заявили, що мобілізація не проводиться."),
]
AFFIRMED = [
    ("en", "The general said there is no doubt that the troops crossed the border."),
    ("en", "The governor said the troops crossed the border overnight."),
    (
        "en",
        "The officer said reservists would not be called up in the capital but in the provinces.",
    ),
    ("ru", "В министерстве заявили, что мобилизация проводится в трёх областях."),
    ("ru", "Министр заявил, что нет сомнений в том, что войска пересекли границу."),
]


def only_claim(text: str, language: str):  # type: ignore[no-untyped-def]
    ledger = annotate(text, language=language)
    assert len(ledger.claims) == 1, [c.content.text for c in ledger.claims]
    return ledger.claims[0]


@pytest.mark.parametrize(("language", "text"), DENIED)
def test_a_negated_or_refuted_content_is_denied(language: str, text: str) -> None:
    assert only_claim(text, language).polarity is Polarity.DENIED


@pytest.mark.parametrize(("language", "text"), AFFIRMED)
def test_no_doubt_and_plain_statements_are_affirmed(language: str, text: str) -> None:
    assert only_claim(text, language).polarity is Polarity.AFFIRMED


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Investigators said they have not ruled out sabotage.", Modality.POSSIBLE),
        (
            "Officials said they were still investigating whether the plane was shot down.",
            Modality.POSSIBLE,
        ),
        ("A witness said it appeared that the bridge had collapsed.", Modality.PROBABLE),
    ],
)
def test_hedges_in_the_content_lower_modality_without_denying(
    text: str, modality: Modality
) -> None:
    claim = only_claim(text, "en")
    assert claim.polarity is Polarity.AFFIRMED
    assert claim.modality is modality
