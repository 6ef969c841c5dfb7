"""Propositions, stances, origins and contradictions inside one article."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from watchfloor.link.contradictions import numbers_disagree
from watchfloor.link.propositions import content_words
from watchfloor.types import Claim, Ledger, Proposition, Quantity, Stance

Linked = Callable[..., Ledger]


def claim_with(ledger: Ledger, words: str) -> Claim:
    return next(c for c in ledger.claims if words in c.content.text)


def proposition_of(ledger: Ledger, claim: Claim) -> Proposition:
    return next(p for p in ledger.propositions if any(m.claim == claim.id for m in p.claims))


def stance_of(ledger: Ledger, claim: Claim) -> Stance:
    proposition = proposition_of(ledger, claim)
    return next(m.stance for m in proposition.claims if m.claim == claim.id)


def test_a_denial_and_the_report_it_denies_are_one_proposition_and_contradict(
    linked: Linked,
) -> None:
    ledger = linked(
        "BelTA reported that troops had been mobilised near Brest on Monday. "
        "The Defence Ministry of Belarus denied any mobilisation."
    )
    report = claim_with(ledger, "troops had been mobilised")
    denial = claim_with(ledger, "any mobilisation")
    assert proposition_of(ledger, report) is proposition_of(ledger, denial)
    assert stance_of(ledger, report) is Stance.SUPPORTS
    assert stance_of(ledger, denial) is Stance.DENIES
    [contradiction] = ledger.contradictions
    assert set(contradiction.claims) == {report.id, denial.id}
    assert contradiction.kind == "denial"
    assert "denies" in contradiction.why and "BelTA" in contradiction.why


def test_two_sources_giving_incompatible_numbers_contradict(linked: Linked) -> None:
    ledger = linked(
        "Ukrainian intelligence said that about 2,000 reservists were called up in Belarus. "
        "Polish officials said that 6,000 reservists were called up in Belarus."
    )
    low = claim_with(ledger, "2,000")
    high = claim_with(ledger, "6,000")
    assert proposition_of(ledger, low) is proposition_of(ledger, high)
    [contradiction] = [c for c in ledger.contradictions if c.kind == "number"]
    assert set(contradiction.claims) == {low.id, high.id}
    assert "2,000" in contradiction.why and "6,000" in contradiction.why


def test_a_threshold_in_a_condition_is_not_a_reported_number(linked: Linked) -> None:
    ledger = linked(
        "An officer said that 2,000 men will be drafted in Belarus. The paper said that if "
        "more than 5,000 men are drafted, the situation would be alarming."
    )
    assert not [c for c in ledger.contradictions if c.kind == "number"]


def test_relayed_claims_report_and_the_origin_is_the_last_named_source(linked: Linked) -> None:
    ledger = linked("TASS reported that Vladimir Putin announced a partial mobilisation.")
    outer = claim_with(ledger, "Vladimir Putin announced")
    inner = next(c for c in ledger.claims if c.nested_in == outer.id)
    assert stance_of(ledger, outer) is Stance.REPORTS
    member = next(m for m in proposition_of(ledger, inner).claims if m.claim == inner.id)
    assert member.stance is Stance.SUPPORTS
    assert member.origin_name == "Vladimir Putin"
    assert member.chain[0] == "TASS" and member.chain[-1] == "Vladimir Putin"


def test_unnamed_sources_of_one_outlet_are_one_origin(linked: Linked) -> None:
    ledger = linked(
        "Two officials told the paper that reservists were called up in Grodno. "
        "A military source said that reservists were called up in Grodno.",
        outlet="Nasha Niva",
    )
    [proposition] = [p for p in ledger.propositions if p.type == "MOBILIZE"]
    origins = {m.origin for m in proposition.claims if m.stance is Stance.SUPPORTS}
    assert len(origins) == 1
    assert "via Nasha Niva" in proposition.claims[0].origin_name


def test_claims_about_different_things_are_different_propositions(linked: Linked) -> None:
    ledger = linked(
        "The ministry said the bridge near Mozyr was closed for repairs. "
        "Witnesses said that protesters gathered in Minsk."
    )
    bridge = claim_with(ledger, "bridge")
    protest = claim_with(ledger, "protesters")
    assert proposition_of(ledger, bridge) is not proposition_of(ledger, protest)
    assert ledger.contradictions == ()


def test_number_intervals() -> None:
    def q(value: float, approximate: bool = False, comparator: str | None = None) -> Quantity:
        return Quantity(
            start=0, end=1, text=str(value), value=value, unit="person",
            approximate=approximate, comparator=comparator,
        )  # fmt: skip

    assert numbers_disagree(q(2000, approximate=True), q(5000))
    assert not numbers_disagree(q(2000, approximate=True), q(2400))
    assert not numbers_disagree(q(2000), q(2050))
    assert numbers_disagree(q(2000), q(5000, comparator=">"))
    assert not numbers_disagree(q(6000), q(5000, comparator=">"))


def test_content_words_meet_across_inflections() -> None:
    assert content_words("reservists were mobilised") & content_words("mobilises reservists")


def test_a_surname_alone_later_finds_the_person(linked: Linked) -> None:
    from watchfloor.link.entities import match_keys, resolve_entity
    from watchfloor.types import StoredEntity

    first = linked("General Stanislav Zas said the brigade had moved.")
    person = next(e for e in first.entities if e.name == "Stanislav Zas")
    assert "Zas" in person.aliases
    stored = StoredEntity(id=7, type="PERSON", name=person.name, aliases=person.aliases)
    later = linked("Zas told reporters that he would stay.")
    surname = next(e for e in later.entities if e.type == "PERSON")
    assert set(match_keys(surname)) & {"PERSON:zas"}
    decision = resolve_entity(surname, [stored])
    assert decision.entity_id == 7 and decision.method == "surname"
    assert "the only stored person" in decision.reason
    # with two stored persons of that surname, a bare surname joins neither
    other = StoredEntity(id=8, type="PERSON", name="Olga Zas", aliases=("Zas",))
    ambiguous = resolve_entity(surname, [stored, other])
    assert ambiguous.entity_id is None and "2 stored persons" in ambiguous.reason


@pytest.mark.parametrize(
    ("stored_name", "text"),
    [
        ("Joe Biden", "Hunter Biden said on Monday that he would testify."),
        ("Ahmad al-Dulaimi", "Saja al-Dulaimi said she had been held for a month."),
    ],
)
def test_two_given_names_are_two_people(linked: Linked, stored_name: str, text: str) -> None:
    from watchfloor.link.entities import resolve_entity
    from watchfloor.types import StoredEntity

    surname = stored_name.split()[-1]
    stored = StoredEntity(id=3, type="PERSON", name=stored_name, aliases=(surname,))
    person = next(e for e in linked(text).entities if e.type == "PERSON")
    decision = resolve_entity(person, [stored])
    assert decision.entity_id is None, decision.reason


def test_middle_names_and_transliterations_are_one_person(linked: Linked) -> None:
    from watchfloor.link.entities import resolve_entity
    from watchfloor.types import StoredEntity

    stored = StoredEntity(id=4, type="PERSON", name="Steven Joel Marsh", aliases=("Marsh",))
    person = next(
        e for e in linked("Steven Marsh said the talks had failed.").entities if e.type == "PERSON"
    )
    assert resolve_entity(person, [stored]).entity_id == 4


def test_an_origin_that_both_supports_and_denies_counts_as_supporting_in_both_grades() -> None:
    from datetime import UTC, datetime

    from watchfloor.assess import SourceRegistry, assess_proposition
    from watchfloor.types import StoredClaim

    def claim(claim_id: str, stance: Stance) -> StoredClaim:
        return StoredClaim(
            proposition_id=1, article_id=1, claim_id=claim_id, stance=stance,
            origin="entity:x", origin_name="X", source_name="X", chain=("X",),
            content="...", modality="certain", seen_at=datetime(2022, 1, 1, tzinfo=UTC),
            source_kind="official",
        )  # fmt: skip

    graded = assess_proposition(
        [claim("c2", Stance.DENIES), claim("c1", Stance.SUPPORTS)], SourceRegistry()
    )
    assert graded.credibility == 2
    assert "X also denies it" in graded.credibility_reason
    assert graded.probability > 0.5 and graded.likelihood in ("likely", "very likely")


def test_a_government_a_country_and_an_agency_are_three_entities() -> None:
    from watchfloor.link.entities import match_keys, resolve_entity
    from watchfloor.types import Entity, StoredEntity

    country = StoredEntity(id=1, type="GPE", name="Iraq", aliases=("Iraqi", "Republic of Iraq"))
    agency = StoredEntity(
        id=2, type="ORG", name="Pentagon", aliases=("Department of Defense", "the government")
    )
    government = Entity(
        id="e1", type="ORG", name="Iraqi government", aliases=("the government",), kind="government"
    )
    assert all(not k.startswith("desc:") for k in match_keys(government))
    assert resolve_entity(government, [country, agency]).entity_id is None
    iraq = Entity(id="e2", type="GPE", name="Iraq", aliases=("Republic of Iraq",))
    assert resolve_entity(iraq, [agency]).entity_id is None
    assert resolve_entity(iraq, [country, agency]).entity_id == 1


def test_a_pronoun_nobody_is_named_for_is_no_origin() -> None:
    """ "They said ..." with nobody named before: the origin is the outlet's unnamed
    sources, never a source called "They" in `watchfloor sources`."""
    from watchfloor.extract import annotate
    from watchfloor.link.propositions import article_propositions

    text = "They said the bridge over the river had been closed to all traffic."
    ledger = annotate(text)
    assert ledger.claims and ledger.claims[0].source is not None
    assert not ledger.claims[0].source.resolved
    propositions = article_propositions(ledger, text=text, outlet="The Daily Courier")
    names = {c.origin_name for p in propositions for c in p.claims}
    assert names and not {n.casefold() for n in names} & {"they", "he", "she", "we", "i"}
    chains = {n for p in propositions for c in p.claims for n in c.chain}
    assert "They" not in chains
