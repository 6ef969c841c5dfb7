"""Linking as a plan: the same ledger and candidates give the same plan, with nothing
written; what an article creates is found by its own later entities."""

from __future__ import annotations

from watchfloor.link.plan import EntityPlan, plan_entities
from watchfloor.types import Entity, Ledger, StoredEntity

MINSK = StoredEntity(id=7, type="GPE", name="Minsk", gazetteer_id="minsk", country="BY")


def _ledger(*entities: Entity) -> Ledger:
    return Ledger(document={"id": "1", "language": "en"}, entities=entities)


def test_a_known_entity_joins_and_an_unknown_one_is_planned_with_a_provisional_id() -> None:
    ledger = _ledger(
        Entity(id="e1", type="GPE", name="Minsk", gazetteer_id="minsk", country="BY"),
        Entity(id="e2", type="PERSON", name="Viktar Khrenin", aliases=("Khrenin",)),
    )
    plan = plan_entities(ledger, {}, {"kb:minsk": {7}}, {7: MINSK})
    assert plan.entity_ids["e1"] == 7 and plan.joined == 1
    assert plan.entity_ids["e2"] == -1
    assert plan.new == {
        -1: {
            "type": "PERSON",
            "kind": None,
            "name": "Viktar Khrenin",
            "gazetteer_id": None,
            "wikidata": None,
            "country": None,
        }
    }
    assert any(alias == "Khrenin" for _, alias, _ in plan.alias_rows)


def test_settling_gives_every_row_the_id_the_store_gave() -> None:
    plan = EntityPlan(
        new={-1: {"name": "X"}},
        entity_ids={"e1": -1, "e2": 7},
        links=[("e1", -1, "new", "no stored entity has this name"), ("e2", 7, "kb", "")],
        alias_rows=[(-1, "X", "person:x"), (7, "Minsk", "place:minsk")],
    )
    settled = plan.settled({-1: 42})
    assert settled.entity_ids == {"e1": 42, "e2": 7}
    assert [i for _, i, _, _ in settled.links] == [42, 7]
    assert [i for i, _, _ in settled.alias_rows] == [42, 7]


def test_an_entity_the_article_creates_is_a_candidate_for_its_later_ones() -> None:
    """Two clusters of one person in one article (the extractor did not join them) become
    one stored entity, as they would if the first had been written at once."""
    ledger = _ledger(
        Entity(id="e1", type="PERSON", name="Viktar Khrenin"),
        Entity(id="e2", type="PERSON", name="Viktar Khrenin"),
    )
    plan = plan_entities(ledger, {}, {}, {})
    assert len(plan.new) == 1
    assert plan.entity_ids["e1"] == plan.entity_ids["e2"] == -1


def test_a_pinned_entity_keeps_its_link() -> None:
    ledger = _ledger(Entity(id="e1", type="GPE", name="Minsk"))
    plan = plan_entities(ledger, {"e1": 7}, {}, {})
    assert plan.entity_ids == {"e1": 7} and not plan.new and not plan.links


def test_a_proposition_the_article_started_and_joined_again_is_widened_under_its_real_id() -> None:
    from datetime import UTC, datetime

    from watchfloor.link.plan import PropositionPlan
    from watchfloor.types import StoredProposition

    seen = datetime(2022, 10, 13, tzinfo=UTC)
    started = StoredProposition(id=-1, summary="x", first_seen=seen, last_seen=seen)
    plan = PropositionPlan(
        new={-1: {"summary": "x"}},
        widened={-1: started},
        blocks=[(-1, "event:MOBILIZE:BY", seen)],
        event_links=[("v1", -1)],
        claim_rows=[{"proposition_id": -1, "claim_id": "c1"}],
    )
    settled = plan.settled({-1: 9})
    assert list(settled.widened) == [9] and settled.widened[9].id == 9
    assert settled.blocks[0][0] == 9 and settled.event_links == [("v1", 9)]
    assert settled.claim_rows == [{"proposition_id": 9, "claim_id": "c1"}]
