from __future__ import annotations

from collections.abc import Callable

from watchfloor.lang.plover import cameo_to_plover
from watchfloor.types import Event, EventStatus, Ledger

LedgerOf = Callable[..., Ledger]


def events_of(ledger: Ledger, type_: str) -> list[Event]:
    return [e for e in ledger.events if e.type == type_]


def names(ledger: Ledger, ids: tuple[str, ...]) -> set[str]:
    by_id = {e.id: e.name for e in ledger.entities}
    return {by_id[i] for i in ids}


def test_joint_exercises_are_cooperation_and_national_ones_mobilisation(
    ledger_of: LedgerOf,
) -> None:
    ledger = ledger_of(
        "Russian and Belarusian troops began joint exercises near Brest on Monday. "
        "Separately, the Polish army held exercises near Warsaw."
    )
    cooperate = events_of(ledger, "COOPERATE")
    assert len(cooperate) == 1 and cooperate[0].trigger.text == "exercises"
    assert cooperate[0].evidence.text.startswith("Russian and Belarusian troops")
    mobilize = events_of(ledger, "MOBILIZE")
    assert len(mobilize) == 1
    assert mobilize[0].place is not None and mobilize[0].place.name == "Warsaw"
    assert mobilize[0].place.latitude is not None  # offline coordinates


def test_negated_future_and_conditional_events_are_marked_and_not_happened(
    ledger_of: LedgerOf,
) -> None:
    ledger = ledger_of(
        "Moldova did not mobilize its reservists. "
        "Georgia will mobilize 3,000 soldiers next month. "
        "If Armenia mobilizes its army, Azerbaijan would respond."
    )
    statuses = {e.evidence.text.split()[0]: e.status for e in ledger.events if e.type == "MOBILIZE"}
    assert statuses["Moldova"] is EventStatus.NEGATED
    assert statuses["Georgia"] is EventStatus.FUTURE
    assert statuses["If"] is EventStatus.HYPOTHETICAL
    assert not any(e.happened for e in ledger.events if e.type == "MOBILIZE")
    georgia = next(e for e in ledger.events if e.evidence.text.startswith("Georgia"))
    assert georgia.size is not None and georgia.size.value == 3000


def test_an_event_gathers_the_claims_that_report_and_deny_it(ledger_of: LedgerOf) -> None:
    ledger = ledger_of(
        "Kazakh media reported that Kazakhstan had started a partial mobilisation. "
        "The defence ministry of Kazakhstan denied any mobilisation, calling the reports fake."
    )
    mobilize = events_of(ledger, "MOBILIZE")
    assert len(mobilize) == 1, [e.trigger.text for e in ledger.events]
    event = mobilize[0]
    assert event.supported_by and event.denied_by
    assert event.status is EventStatus.REPORTED  # reported by one source, denied by another
    denial = next(c for c in ledger.claims if c.id == event.denied_by[0])
    assert denial.polarity.value == "denied"


def test_actors_and_recipients(ledger_of: LedgerOf) -> None:
    ledger = ledger_of("Russian forces attacked Kharkiv on Tuesday, killing four civilians.")
    assault = events_of(ledger, "ASSAULT")
    assert assault
    assert "Armed Forces of Russia" in names(
        ledger, assault[0].actors
    ) or "Russian Armed Forces" in names(ledger, assault[0].actors)
    assert assault[0].place is not None and assault[0].place.name == "Kharkiv"


def test_reporting_and_denying_are_claims_not_events(ledger_of: LedgerOf) -> None:
    ledger = ledger_of("The ministry said on Friday that it denied the rumours.")
    assert ledger.events == ()


def test_cameo_codes_map_to_plover_types() -> None:
    assert cameo_to_plover("154") == "MOBILIZE"
    assert cameo_to_plover("0311") == "AGREE"
    assert cameo_to_plover("0841") == "RETREAT"
    assert cameo_to_plover("081") == "CONCEDE"
    assert cameo_to_plover("163") == "COERCE"
    assert cameo_to_plover("190") == "ASSAULT"
    assert cameo_to_plover("010") is None


def test_a_meeting_where_an_event_was_announced_is_its_setting_not_a_second_event(
    ledger_of: LedgerOf,
) -> None:
    ledger = ledger_of(
        "The Kazakh president announced a joint deployment with Russia at a summit in Astana."
    )
    assert [e.type for e in ledger.events] == ["COOPERATE"]
    alone = ledger_of("Leaders of the two states met at a summit in Astana on Friday.")
    assert [e.type for e in alone.events] == ["CONSULT"]


def test_a_hyphenated_trigger_the_tokenizer_splits_is_one_event(ledger_of: LedgerOf) -> None:
    ledger = ledger_of("The call-up of reservists began in the Hrodna region on Monday.")
    events = [e for e in ledger.events if e.type == "MOBILIZE"]
    assert [e.trigger.text for e in events] == ["call-up"]
