from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.extract.conftest import claim_with
from watchfloor.types import Ledger, Modality, Polarity

LedgerOf = Callable[..., Ledger]


@pytest.mark.parametrize(
    ("text", "words", "modality"),
    [
        (
            "The agency said the convoy had reached Brest.",
            "the convoy had reached Brest",
            Modality.CERTAIN,
        ),
        (
            "Analysts believe the convoy reached Brest.",
            "the convoy reached Brest",
            Modality.PROBABLE,
        ),
        (
            "Officials expect the convoy to reach Brest on Monday.",
            "the convoy to reach Brest",
            Modality.PROBABLE,
        ),
        (
            "The agency said the convoy might reach Brest.",
            "the convoy might reach Brest",
            Modality.POSSIBLE,
        ),
        (
            "Analysts believe the convoy may reach Brest.",
            "the convoy may reach Brest",
            Modality.POSSIBLE,
        ),
        (
            "Some speculated that the convoy was heading to Brest.",
            "the convoy was heading",
            Modality.POSSIBLE,
        ),
        (
            "The agency said the convoy will probably reach Brest.",
            "the convoy will probably",
            Modality.PROBABLE,
        ),
        (
            "Reporters asked whether the convoy had reached Brest.",
            "the convoy had reached Brest",
            Modality.UNKNOWN,
        ),
        (
            "The minister said that if talks fail, troops could move north.",
            "troops could move north",
            Modality.POSSIBLE,
        ),
    ],
)
def test_modality_weakest_cue_wins(
    ledger_of: LedgerOf, text: str, words: str, modality: Modality
) -> None:
    assert claim_with(ledger_of(text), words).modality is modality


@pytest.mark.parametrize(
    "text",
    [
        "Kyiv rejected the report of a ceasefire.",
        "The border service refuted claims of an incursion.",
        "Officials dismissed reports of a mobilisation.",
    ],
)
def test_denials(ledger_of: LedgerOf, text: str) -> None:
    ledger = ledger_of(text)
    assert ledger.claims and ledger.claims[0].polarity is Polarity.DENIED


def test_existential_negation_is_a_denial(ledger_of: LedgerOf) -> None:
    claim = claim_with(
        ledger_of("The ministry said there is no mobilisation in the country."), "no mobilisation"
    )
    assert claim.polarity is Polarity.DENIED


def test_distancing_is_flagged_without_changing_modality(ledger_of: LedgerOf) -> None:
    claim = claim_with(
        ledger_of("Two brigades were reportedly moved, a source told the agency."), "Two brigades"
    )
    assert claim.author_distanced
    assert claim.modality is Modality.CERTAIN
    plain = claim_with(
        ledger_of("Two brigades were moved, a source told the agency."), "Two brigades"
    )
    assert not plain.author_distanced


KINDS = [
    ("The garrison commander said that the bridge was closed.", "the bridge was", "speech"),
    ("Diplomats believe that the summit will be postponed.", "the summit will", "belief"),
    ("The governor wants the checkpoints to reopen by Friday.", "the checkpoints", "intention"),
    ("The auditors found that the fuel had been sold abroad.", "the fuel had", "knowledge"),
    ("Reporters asked whether the convoy had crossed the river.", "the convoy had", "question"),
]


@pytest.mark.parametrize(("text", "words", "kind"), KINDS)
def test_an_attribution_is_typed_by_its_cue(
    ledger_of: LedgerOf, text: str, words: str, kind: str
) -> None:
    """An analyst tells "said" from "believes" from "wants" from "found" from "asked"."""
    assert claim_with(ledger_of(text), words).kind.value == kind


def test_russian_and_ukrainian_attributions_are_typed_by_their_cue() -> None:
    from watchfloor.extract import annotate

    russian = annotate("Командир бригады считает, что мост будет закрыт до утра.", language="ru")
    assert [c.kind.value for c in russian.claims] == ["belief"]
    ukrainian = annotate("Губернатор заявив, що міст буде закрито до ранку.", language="uk")
    assert [c.kind.value for c in ukrainian.claims] == ["speech"]
    believes = annotate("Губернатор вважає, що міст буде закрито до ранку.", language="uk")
    assert [c.kind.value for c in believes.claims] == ["belief"]
    belarusian = annotate("Міністр лічыць, што мост будзе зачынены да раніцы.", language="be")
    assert [c.kind.value for c in belarusian.claims] == ["belief"]
