from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from tests.conftest import shared_path
from watchfloor.extract import annotate
from watchfloor.types import Ledger

LedgerOf = Callable[..., Ledger]


def names_of(ledger: Ledger) -> list[set[str]]:
    return [{m.text for m in e.mentions} for e in ledger.entities]


def test_variants_across_scripts_are_one_entity(ledger_of: LedgerOf) -> None:
    ledger = ledger_of(
        "Alexander Lukashenko met troops. Lukashenka later said Лукашенко would not travel. "
        "Sviatlana Tsikhanouskaya, whom Russian media call Tikhanovskaya, answered."
    )
    lukashenko = [e for e in ledger.entities if e.gazetteer_id == "lukashenko"]
    assert len(lukashenko) == 1
    assert {"Alexander Lukashenko", "Lukashenka", "Лукашенко"} <= {
        m.text for m in lukashenko[0].mentions
    }
    opposition = [e for e in ledger.entities if e.gazetteer_id == "tsikhanouskaya"]
    assert len(opposition) == 1 and len(opposition[0].mentions) == 2


def test_a_surname_joins_its_full_name_and_people_with_other_first_names_stay_apart(
    ledger_of: LedgerOf,
) -> None:
    ledger = ledger_of(
        "Ivan Petrenko, a local official, spoke first. Petrenko "
        "said the road was closed. Maria Petrenko disagreed."
    )
    groups = names_of(ledger)
    assert {"Ivan Petrenko", "Petrenko", "a local official"} in groups  # with its apposition
    assert {"Maria Petrenko"} in groups


def test_entities_have_kinds(ledger_of: LedgerOf) -> None:
    ledger = ledger_of(
        "BelTA said the Belarusian Defence Ministry and the Armed "
        "Forces of Ukraine disagreed, Vladimir Putin noted."
    )
    kinds = {e.name: e.kind for e in ledger.entities}
    assert kinds["BelTA"] == "media"
    assert kinds["Belarusian Defence Ministry"] == "government"
    assert kinds["Armed Forces of Ukraine"] == "military"
    assert kinds["Vladimir Putin"] == "person"


def test_numbers_and_dates_are_not_entities(ledger_of: LedgerOf) -> None:
    ledger = ledger_of("On Monday 2,000 men left Minsk.")
    assert {e.type for e in ledger.entities} <= {
        "PERSON",
        "ORG",
        "GPE",
        "LOC",
        "FAC",
        "NORP",
        "EVENT",
    }


def test_relative_dates_resolve_against_publication(ledger_of: LedgerOf) -> None:
    published = datetime(2022, 10, 13, 9, 0, tzinfo=UTC)  # a Thursday
    ledger = ledger_of(
        "The paper reported on Tuesday that units moved last week, and on 3 October 2022 before.",
        published,
    )
    values = {d.text: d.value for d in ledger.dates}
    assert values["Tuesday"] == "2022-10-11"
    assert values["last week"] == "2022-W40"
    assert "2022-10-03" in values.values()


def test_relative_dates_without_publication_stay_unresolved(ledger_of: LedgerOf) -> None:
    [date] = ledger_of("The paper reported on Tuesday that units moved.").dates
    assert date.value is None and date.relative


THURSDAY = datetime(2022, 10, 13, 9, 0, tzinfo=UTC)
MID_JULY = datetime(2016, 7, 20, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "published", "date", "value"),
    [
        # a weekday in that weekday's paper is that day, unless last/next says otherwise
        ("The minister spoke to reporters on Thursday.", THURSDAY, "Thursday", "2022-10-13"),
        ("The minister spoke to reporters last Thursday.", THURSDAY, "last Thursday", "2022-10-06"),
        ("The minister will speak again next Thursday.", THURSDAY, "next Thursday", "2022-10-20"),
        # another weekday: before publication in the past tense, after it in the future
        ("The talks resumed on Monday.", THURSDAY, "Monday", "2022-10-10"),
        ("The talks will resume on Monday.", THURSDAY, "Monday", "2022-10-17"),
        # a day without a year: nearest publication in the direction of the tense
        ("Voters will go to the polls on Nov. 8.", MID_JULY, "Nov. 8", "2016-11-08"),
        ("The truce was signed on Nov. 8.", MID_JULY, "Nov. 8", "2015-11-08"),
        ("The drills are set for Sept. 21.", MID_JULY, "Sept. 21", "2016-09-21"),
        # without a publication date such dates stay unresolved
        ("The drills will start on Sept. 21.", None, "Sept. 21", None),
        ("The drills started on Monday.", None, "Monday", None),
        # a full date is what it says, whatever the publication
        ("The treaty was signed on 3 March 2015.", MID_JULY, "3 March 2015", "2015-03-03"),
    ],
)
def test_dates_resolve_by_publication_and_tense(
    ledger_of: LedgerOf, text: str, published: datetime | None, date: str, value: str | None
) -> None:
    found = {d.text: d for d in ledger_of(text, published).dates}
    assert date in found, found
    assert found[date].value == value


def test_offsets_round_trip_on_real_briefings() -> None:
    folder = shared_path("eval", "corpus", "wh-briefings-sample", "statements-releases")
    for path in sorted(folder.rglob("*.md"))[:15]:
        text = path.read_text(encoding="utf-8")
        ledger = annotate(text)
        spans = [c.content for c in ledger.claims] + [c.cue for c in ledger.claims if c.cue]
        spans += [m for e in ledger.entities for m in e.mentions]
        for span in spans:
            assert text[span.start : span.end] == span.text, path
        for q in ledger.quantities:
            assert text[q.start : q.end] == q.text, path
        for claim in ledger.claims:
            if claim.source is not None and claim.source.start is not None:
                words = text[claim.source.start : claim.source.end]
                # a source's text is its span's words, or the name they stand for: a
                # speaker label's person, the noun phrase of a span that runs on, or
                # the antecedent of a relative pronoun ("a mob ..., that said") or of a
                # personal one ("the President ... He said")
                assert claim.source.text is not None
                assert words == claim.source.text or (
                    claim.source.text in words
                    or words.rstrip(":").isupper()
                    or words.lower() in ("who", "which", "that", "he", "she", "his", "her")
                ), (words, claim.source.text)


def test_organisation_names_in_either_order_are_one_entity(ledger_of: LedgerOf) -> None:
    ledger = ledger_of(
        "The Moldovan Border Police said the crossing was shut. "
        "Later the Border Police of Moldova said it would reopen."
    )
    police = [e for e in ledger.entities if "Border Police" in e.name]
    assert len(police) == 1 and len(police[0].mentions) == 2


def test_a_countrys_forces_are_its_armed_forces_but_security_forces_are_not(
    ledger_of: LedgerOf,
) -> None:
    ledger = ledger_of(
        "Russian troops crossed the river on Monday. Ukrainian forces said they held the "
        "bridge. Belarusian security forces detained protesters in Gomel."
    )
    by_id = {e.gazetteer_id: {m.text for m in e.mentions} for e in ledger.entities}
    assert "Russian troops" in by_id["ru-armed-forces"]
    assert "Ukrainian forces" in by_id["ua-armed-forces"]
    assert "by-armed-forces" not in by_id
    ukrainian = next(c for c in ledger.claims if "held the bridge" in c.content.text)
    assert ukrainian.source is not None
    armed = next(e for e in ledger.entities if e.gazetteer_id == "ua-armed-forces")
    assert ukrainian.source.entity == armed.id


def test_titles_and_appositions_describe_the_name_beside_them(ledger_of: LedgerOf) -> None:
    ledger = ledger_of(
        "Polish Prime Minister Donald Tusk spoke in Warsaw. The head of the Lithuanian "
        "diplomacy, Gabrielius Landsbergis, said the border would stay closed. A Lithuanian "
        "weekly, Veidas, reported the same."
    )
    groups = names_of(ledger)
    assert any({"Donald Tusk", "Polish Prime Minister"} <= g for g in groups)
    assert any(
        {"Gabrielius Landsbergis", "The head of the Lithuanian diplomacy"} <= g for g in groups
    )
    assert any({"Veidas", "A Lithuanian weekly"} <= g for g in groups)


def test_a_mention_is_the_whole_noun_phrase_but_a_name_stays_bare(ledger_of: LedgerOf) -> None:
    text = (
        "The Ministry of Defence of Ukraine said the Polish border guard was not involved. "
        "A spokesman for the ministry later repeated it."
    )
    ledger = ledger_of(text)
    mod = next(e for e in ledger.entities if e.gazetteer_id == "ua-mod")
    assert {m.text for m in mod.mentions} == {"The Ministry of Defence of Ukraine", "the ministry"}
    assert "Ministry of Defence of Ukraine" in mod.aliases
    # "the" belongs to "border guard", not to the country named inside it
    poland = next(e for e in ledger.entities if e.gazetteer_id == "poland")
    assert [m.text for m in poland.mentions] == ["Polish"]
    for entity in ledger.entities:
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.text


def test_a_capital_or_leader_standing_for_the_state_names_its_government(
    ledger_of: LedgerOf,
) -> None:
    ledger = ledger_of(
        "Moscow's government rejected the note. Critics said the Kremlin would not budge. "
        "Kharkiv's authorities opened shelters, and the Russian regime stayed silent."
    )
    government = next(e for e in ledger.entities if e.gazetteer_id == "ru-government")
    assert {m.text for m in government.mentions} == {"Moscow's government", "the Russian regime"}
    assert not any("Kharkiv's authorities" in m.text for e in ledger.entities for m in e.mentions)


def test_a_nationality_adjective_refers_to_its_state_but_the_people_stay_a_group(
    ledger_of: LedgerOf,
) -> None:
    ledger = ledger_of(
        "The Polish border guard reported a breach near Poland's frontier. "
        "Poles queued at the crossing."
    )
    poland = next(e for e in ledger.entities if e.gazetteer_id == "poland")
    assert {"Polish", "Poland"} <= {m.text for m in poland.mentions}


def test_transcript_labels_are_not_names_or_sources() -> None:
    from watchfloor.extract import annotate

    ledger = annotate(
        "MS. JEAN-PIERRE: Go ahead.\n\n"
        "Q John Kirby said on Monday that Russia had moved troops to Belarus.\n\n"
        "MR. KIRBY: That is right."
    )
    names = {e.name for e in ledger.entities}
    assert "MR" not in names and not any(n.startswith("Q ") for n in names)
    [claim] = [c for c in ledger.claims if "moved troops" in c.content.text]
    assert claim.source is not None and claim.source.text == "John Kirby"


def test_weapon_systems_are_products_not_people_places_or_actors(ledger_of: LedgerOf) -> None:
    ledger = ledger_of(
        "Moscow moved Iskander-M launchers and two S-400 batteries to Belarus, the Belarusian "
        "Defence Ministry said. Su-34 bombers and Kalibr cruise missiles were also used, "
        "while Tsirkon was tested at sea."
    )
    by_name = {e.name: e for e in ledger.entities}
    for name in ("Iskander", "S-400", "Su-34", "Kalibr", "Tsirkon"):
        assert by_name[name].type == "PRODUCT" and by_name[name].kind == "weapon", name
    weapons = {e.id for e in ledger.entities if e.type == "PRODUCT"}
    assert all(not set(event.actors) & weapons for event in ledger.events)
    assert not any(c.source and c.source.entity in weapons for c in ledger.claims)


def test_a_weapon_name_inside_a_longer_name_stays_the_longer_name(ledger_of: LedgerOf) -> None:
    ledger = ledger_of("Iskander Akhmedov, a farmer from Gomel, said the road was closed.")
    assert "Iskander Akhmedov" in {e.name for e in ledger.entities if e.type == "PERSON"}
    assert not [e for e in ledger.entities if e.type == "PRODUCT"]


def test_a_title_before_a_name_is_neither_an_entity_nor_an_alias(ledger_of: LedgerOf) -> None:
    ledger = ledger_of(
        "The drills were overseen by Supreme Commander-in-Chief Viktor Khrenin, and Deputy "
        "Chief Pavel Muraveiko inspected the units."
    )
    assert not {"Supreme", "Deputy", "Chief"} & {e.name for e in ledger.entities}
    aliases = {a for e in ledger.entities for a in e.aliases}
    assert not {"Supreme", "Deputy", "Chief"} & aliases


def test_a_countrys_listed_body_in_the_possessive_is_the_listed_body(ledger_of: LedgerOf) -> None:
    ledger = ledger_of(
        "Russia's Defence Ministry said the drills were over. Ukraine's Foreign Ministry disagreed."
    )
    listed = {e.gazetteer_id for e in ledger.entities}
    assert {"ru-mod", "ua-mfa"} <= listed


def test_a_dateline_in_capitals_is_the_place(ledger_of: LedgerOf) -> None:
    ledger = ledger_of("MINSK, May 3 (Reuters) - Troops left the capital on Tuesday.")
    minsk = [e for e in ledger.entities if e.gazetteer_id == "minsk"]
    assert minsk and minsk[0].type == "GPE"
    assert "MINSK" not in {e.name for e in ledger.entities if e.type == "ORG"}


def test_a_listed_persons_role_is_the_lists_not_a_word_of_the_text(ledger_of: LedgerOf) -> None:
    from watchfloor.types import SourceKind

    ledger = ledger_of(
        "The exiled opposition leader Sviatlana Tsikhanouskaya said the vote was rigged. "
        "President Alexander Lukashenko said it was fair."
    )
    kinds = {c.content.text: c.source.kind for c in ledger.claims if c.source is not None}
    assert kinds["the vote was rigged"] is SourceKind.PERSON
    assert kinds["it was fair"] is SourceKind.OFFICIAL


def test_a_listed_body_named_by_its_country_in_the_possessive(ledger_of: LedgerOf) -> None:
    ledger = ledger_of("Ukraine's military intelligence said the columns had turned back.")
    claim = next(c for c in ledger.claims if "columns" in c.content.text)
    assert claim.source is not None and claim.source.entity is not None
    entity = next(e for e in ledger.entities if e.id == claim.source.entity)
    assert entity.gazetteer_id == "ua-hur" and entity.kind == "military"


def test_a_ministry_of_the_republic_of_a_country_is_the_listed_ministry(
    ledger_of: LedgerOf,
) -> None:
    ledger = ledger_of(
        "The Ministry of Foreign Affairs of the Republic of Belarus rejects the accusations."
    )
    assert "by-mfa" in {e.gazetteer_id for e in ledger.entities}
