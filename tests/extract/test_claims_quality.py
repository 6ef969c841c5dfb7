"""What an analyst sees of claims on news the rules never saw: sources that name someone,
transcripts in any layout, and no junk. Sentences written for these tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.extract.conftest import claim_with, source_name
from watchfloor.extract.transcripts import is_filler
from watchfloor.types import Ledger, QuoteKind, Source, SourceKind

LedgerOf = Callable[..., Ledger]

PRONOUNS = {"i", "he", "she", "it", "we", "they", "you", "that", "this", "'s", "who", "which"}


def _names(ledger: Ledger) -> list[str]:
    names = {e.id: e.name for e in ledger.entities}
    return [c.source.label(names) for c in ledger.claims if c.source is not None]


def test_a_pronoun_takes_the_name_it_refers_to(ledger_of: LedgerOf) -> None:
    ledger = ledger_of(
        "Governor Helen Marsh toured the flooded district on Sunday. "
        "She said the dam would be repaired before winter."
    )
    claim = claim_with(ledger, "the dam would be repaired")
    assert source_name(ledger, claim) == "Helen Marsh"
    assert claim.source is not None and claim.source.text == "She"  # its own span


def test_a_pronoun_nobody_is_named_for_is_unidentified_not_he(ledger_of: LedgerOf) -> None:
    ledger = ledger_of("He said the convoy had turned back at the river.")
    claim = claim_with(ledger, "the convoy had turned back")
    assert claim.source is not None and not claim.source.resolved
    assert claim.source.text == "He"
    assert claim.source.label({}) == "unidentified person"


def test_a_source_label_never_shows_a_bare_pronoun() -> None:
    unresolved = Source(entity=None, kind=SourceKind.PERSON, text="they", resolved=False)
    assert unresolved.label({}) == "unidentified person"
    named = Source(entity="e1", kind=SourceKind.OFFICIAL, text="he")
    assert named.label({"e1": "Andrei Ivanov"}) == "Andrei Ivanov"


def test_a_title_with_a_place_describes_a_person_not_the_place(ledger_of: LedgerOf) -> None:
    ledger = ledger_of(
        "The Chicago businessman has said that he will fund the new stadium himself."
    )
    claim = claim_with(ledger, "fund the new stadium")
    assert source_name(ledger, claim) != "Chicago"


def test_no_source_is_a_pronoun_fragment_or_place_adjective(ledger_of: LedgerOf) -> None:
    ledger = ledger_of(
        "The Polish foreign ministry said on Monday that the border crossing would reopen. "
        "Ukrainian officials said they had not been told. "
        "“We are ready,” a customs officer said. "
        "Lithuanian media reported that trucks were already queuing."
    )
    for name in _names(ledger):
        assert name.lower() not in PRONOUNS
        assert name not in ("Polish", "Ukrainian", "Lithuanian")


SHOIGU_TRANSCRIPT = (
    "Meeting with the Defence Minister. Vladimir Putin: Good afternoon. Please, go ahead. "
    "Defence Minister Sergei Shoigu: Mr President, the second stage of the exercise has "
    "begun. Forty ships have left port and the air defence units are on alert. "
    "Vladimir Putin: Thank you."
)


def test_a_turns_statements_are_direct_claims_of_its_speaker(ledger_of: LedgerOf) -> None:
    ledger = ledger_of(SHOIGU_TRANSCRIPT)
    claim = claim_with(ledger, "Forty ships have left port")
    assert source_name(ledger, claim) == "Sergei Shoigu"
    assert claim.quote is QuoteKind.DIRECT
    contents = [c.content.text for c in ledger.claims]
    assert not any("Good afternoon" in c or c.startswith("Thank you") for c in contents)


def test_labels_at_line_starts_and_reporters_questions(ledger_of: LedgerOf) -> None:
    ledger = ledger_of(
        "MR. DELANEY: The shipment left the port this morning and will arrive on Friday.\n\n"
        "Q Will the shipment include artillery shells for the front?\n\n"
        "MR. DELANEY: It includes shells and spare barrels for the howitzers.\n"
    )
    claim = claim_with(ledger, "The shipment left the port")
    # the label keeps its span; its name is not shouted
    assert claim.source is not None and claim.source.text == "Mr. Delaney"
    assert (claim.source.start, claim.source.end) == (0, 11)
    assert claim_with(ledger, "shells and spare barrels").source is not None
    # the question is nobody's claim
    assert not [c for c in ledger.claims if "artillery shells" in c.content.text]


def test_a_transcripts_labels_take_their_names_from_the_title() -> None:
    """ "MS. ODUYA:" and "THE GOVERNOR:" are the people the title names; an unnamed
    official's label is an anonymous source, not a name."""
    from watchfloor.extract import annotate_many
    from watchfloor.types import Article

    text = (
        "MS. ODUYA: The ferry service resumes on Monday after the storm repairs.\n\n"
        "Q Will the night crossings resume too?\n\n"
        "MS. ODUYA: The night crossings resume a week later.\n\n"
        "SENIOR HARBOUR OFFICIAL: The new pier will be finished before the summer.\n"
    )
    title = "Press Briefing by Harbour Spokesperson Amara Oduya"
    [(_, ledger)] = list(annotate_many([Article(text=text, origin="-", title=title)]))
    assert isinstance(ledger, Ledger)
    resumes = claim_with(ledger, "The ferry service resumes")
    assert resumes.source is not None and resumes.source.text == "Amara Oduya"
    assert (resumes.source.start, resumes.source.end) == (0, 9)  # the label's span
    pier = claim_with(ledger, "The new pier")
    assert pier.source is not None and pier.source.kind is SourceKind.ANONYMOUS
    assert pier.source.text == "senior harbour official"
    # without a title, the label is the name, as written but not shouted
    [(_, bare)] = list(annotate_many([Article(text=text, origin="-")]))
    assert isinstance(bare, Ledger)
    assert claim_with(bare, "The ferry service resumes").source.text == "Ms. Oduya"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    [
        "Thank you.",
        "Thank you, Mr President.",
        "Please, go ahead.",
        "I'll leave it at that.",
        "Good afternoon, colleagues.",
        "And thanks for joining.",
        "Well, thank you all for coming.",
    ],
)
def test_fillers(text: str) -> None:
    assert is_filler(text)


@pytest.mark.parametrize(
    "text",
    [
        "Thank you for the question: the talks failed.",
        "Colleagues, the grain deal will hold.",
        "And we will respond.",
    ],
)
def test_a_statement_opening_with_a_filler_is_a_statement(text: str) -> None:
    assert not is_filler(text)


def test_questions_are_no_claims(ledger_of: LedgerOf) -> None:
    ledger = ledger_of(
        "The senator asked whether the army would withdraw. "
        "Do you believe the troops will stay in the region?"
    )
    for claim in ledger.claims:
        assert not claim.content.text.rstrip().endswith("?")
        assert "troops will stay" not in claim.content.text


def test_one_word_a_verb_takes_is_a_claim_but_a_pronoun_is_not(ledger_of: LedgerOf) -> None:
    """ "endorsed Tymoshenko", "declared bankruptcy": what is backed or declared is one word;
    "said it" weighs nothing."""
    ledger = ledger_of(
        "The opposition party officially endorsed Tymoshenko on Friday. "
        "The coal company declared bankruptcy in May. The mayor said it."
    )
    endorsed = claim_with(ledger, "Tymoshenko")
    assert endorsed.content.text == "Tymoshenko"
    assert source_name(ledger, endorsed) == "The opposition party"
    assert claim_with(ledger, "bankruptcy").content.text == "bankruptcy"
    assert not [c for c in ledger.claims if c.content.text in ("it", "it.")]


def test_a_belief_inside_a_report_is_no_origin_but_a_report_is(ledger_of: LedgerOf) -> None:
    """ "TASS reported that Shoigu announced X": Shoigu is an earlier origin of X, a claim
    of its own; "the governor said he felt X": the governor's state, held in his claim."""
    ledger = ledger_of(
        "TASS reported that Defence Minister Shoigu announced that the drills would end on "
        "Friday. The governor said he felt the ministry was hiding the losses from families."
    )
    nested = [c for c in ledger.claims if c.nested_in is not None]
    assert [c.cue.text if c.cue else None for c in nested] == ["announced"]
    assert "Shoigu" in (source_name(ledger, nested[0]) or "")
    assert nested[0].content.text == "the drills would end on Friday"


def test_what_a_speaker_said_earlier_is_no_second_origin_inside_their_own_claim(
    ledger_of: LedgerOf,
) -> None:
    """ "I told you yesterday that X, and I can tell you that Y", in the speaker's turn: one
    source, one origin; no claim nested in it from the same speaker."""
    ledger = ledger_of(
        "Q Where is the convoy now?\n\n"
        "MR. HALLORAN: The convoy stopped near the border. I told you yesterday that the "
        "talks will go on, and I can tell you that they will go on in Minsk.\n"
    )
    minsk = claim_with(ledger, "in Minsk")
    assert source_name(ledger, minsk) == "Mr. Halloran"
    assert [c.content.text for c in ledger.claims if c.nested_in is not None] == []


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Many of the farmers believe that the new border rules will ruin the harvest.",
         "Many of the farmers"),
        ("The fund warned that the sanctions would shrink the economy by a tenth.", "The fund"),
        ("The documentary explains how the plant was built in secret.", "The documentary"),
        ("Forty percent said that the mayor should resign.", "Forty percent"),
        ("Forty per cent said that the mayor should resign.", "Forty per cent"),
        ("The ruling said that the election commission had broken the law.", "The ruling"),
    ],
)  # fmt: skip
def test_shares_of_people_institutions_and_documents_are_sources(
    ledger_of: LedgerOf, text: str, source: str
) -> None:
    ledger = ledger_of(text)
    assert [source_name(ledger, c) for c in ledger.claims] == [source]


def test_people_joined_by_and_are_one_source(ledger_of: LedgerOf) -> None:
    """ "the old mill and its owner believed": one of those joined can believe."""
    ledger = ledger_of("The old mill and its owner believed that the village would not last.")
    [claim] = ledger.claims
    assert claim.source is not None and claim.source.text == "The old mill and its owner"


def test_a_thing_that_cannot_speak_is_no_source(ledger_of: LedgerOf) -> None:
    ledger = ledger_of("The rockets said nothing about the war that the villagers feared.")
    assert [c for c in ledger.claims if source_name(ledger, c) == "The rockets"] == []


def test_a_name_spoken_to_is_not_who_a_pronoun_stands_for(ledger_of: LedgerOf) -> None:
    """ "Q Thanks, Jen." addresses the press secretary; the "he" of her answer is not her."""
    ledger = ledger_of(
        "MS. JEAN-PIERRE: Good afternoon, everyone.\n\nQ Thanks, Jen. Will the President "
        "travel to Kyiv this winter?\n\nMS. JEAN-PIERRE: So, look, nothing to announce today. "
        "He said on Monday that the aid package must pass this month.\n"
    )
    claim = claim_with(ledger, "the aid package must pass")
    assert source_name(ledger, claim) != "Jen"
    assert claim.source is not None and claim.source.entity is None


def test_a_pronoun_after_a_person_named_by_title_stands_for_that_person(
    ledger_of: LedgerOf,
) -> None:
    """ "the President is going to talk to that. He said ...": the President, not the
    reporter named (and thanked) before."""
    ledger = ledger_of(
        "MS. JEAN-PIERRE: Good afternoon.\n\nQ Thanks, Sabrina. What about prices?\n\n"
        "MS. JEAN-PIERRE: Look, the President is going to talk to that. He said on Monday "
        "that prices would come down by spring.\n"
    )
    claim = claim_with(ledger, "prices would come down")
    assert claim.source is not None
    assert claim.source.text == "the President"
    assert claim.source.resolved


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Taras Bondar arrived in Kyiv on Monday. The President met the delegation at noon. "
         "He said that the talks would continue until Friday.", "The President"),
        ("The President arrived in Kyiv on Monday. Taras Bondar met the delegation at noon. "
         "He said that the talks would continue until Friday.", "Bondar"),
    ],
)  # fmt: skip
def test_he_stands_for_the_nearer_of_a_name_and_a_title(
    ledger_of: LedgerOf, text: str, speaker: str
) -> None:
    ledger = ledger_of(text)
    claim = claim_with(ledger, "the talks would continue")
    assert speaker in (source_name(ledger, claim) or "")


def test_a_title_inside_a_quotation_is_not_who_he_said_is(ledger_of: LedgerOf) -> None:
    ledger = ledger_of(
        "Foreign Minister Olena Bondar admitted that the talks in Vilnius had failed. "
        "\u201cThe head of our country met the border guards twice this week,\u201d she said."
    )
    claim = claim_with(ledger, "met the border guards")
    assert "Olena Bondar" in (source_name(ledger, claim) or "")


def test_contents_are_whole_words_ending_at_a_clause_boundary(ledger_of: LedgerOf) -> None:
    text = (
        "The agency reported that the refinery near the coast had been hit twice, and "
        "officials said repairs would take months."
    )
    ledger = ledger_of(text)
    for claim in ledger.claims:
        start, end = claim.content.start, claim.content.end
        assert start == 0 or not text[start - 1].isalnum()
        assert end == len(text) or not text[end].isalnum()
        assert claim.content.text.split()[-1].lower() not in ("and", "the", "of", "that")


def test_a_nationality_source_is_shown_by_its_own_words() -> None:
    from watchfloor.extract import annotate
    from watchfloor.types import speaker_names

    ledger = annotate("The Russians said that the talks would resume in May.", language="en")
    [claim] = ledger.claims
    assert claim.source is not None
    label = claim.source.label(speaker_names(ledger.entities))
    assert label == "The Russians"


def test_a_given_name_alone_is_the_one_person_of_the_article_with_it() -> None:
    from watchfloor.extract import annotate

    one = annotate(
        "Jake Sullivan met the delegation on Monday. Later, Jake told reporters that the "
        "talks had gone well.",
        language="en",
    )
    [person] = [e for e in one.entities if e.type == "PERSON"]
    assert person.name == "Jake Sullivan"
    assert [c.source.entity for c in one.claims if c.source] == [person.id]
    two = annotate(
        "Jake Sullivan and Jake Tapper spoke on Monday. Jake said that the talks had gone well.",
        language="en",
    )
    names = sorted(e.name for e in two.entities if e.type == "PERSON")
    assert names == ["Jake", "Jake Sullivan", "Jake Tapper"]  # ambiguous: joined to neither


def test_a_title_label_is_the_host_not_a_person_the_text_names_with_that_title() -> None:
    from watchfloor.extract import annotate

    ledger = annotate(
        "THE PRESIDENT: Good afternoon. I spoke with President Putin yesterday.\n\n"
        "Today, our allies are as united as they have ever been.\n\n"
        "Q: Mr. President, will you meet him?\n\n"
        "THE PRESIDENT: I have no plans to meet him.",
        language="en",
    )
    assert ledger.claims
    for claim in ledger.claims:
        assert claim.source is not None and claim.source.text == "THE PRESIDENT"
        assert claim.source.entity is None  # not Putin, whom the text calls President


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Their attorneys said the ruling would be appealed within a week.", "Their attorneys"),
        (
            "The family has been demanding that the police release the footage of the raid.",
            "The family",
        ),
        ("Her campaign later disclosed that she had been treated for pneumonia.", "Her campaign"),
    ],
)
def test_people_and_groups_news_quotes_are_sources(
    ledger_of: LedgerOf, text: str, source: str
) -> None:
    """Learnt speaking nouns (train/speaking_nouns.py): the hand-written list dropped these."""
    claims = ledger_of(text).claims
    assert [c.source.text for c in claims if c.source is not None] == [source]


@pytest.mark.parametrize(
    "text",
    [
        'The commander told reporters: "I think the enemy is exhausted and will not attack."',
        '"I believe the enemy is exhausted," the commander said on Monday.',
    ],
)
def test_a_speakers_own_i_think_is_no_second_claim(ledger_of: LedgerOf, text: str) -> None:
    """An "I think" inside a quote hedges the speaker's statement; it is no new origin."""
    ledger = ledger_of(text)
    assert [c.source.text for c in ledger.claims if c.source is not None] == [
        "The commander" if text.startswith("The") else "the commander"
    ]


def test_a_report_inside_a_report_is_still_nested(ledger_of: LedgerOf) -> None:
    ledger = ledger_of("The agency reported that the minister had announced a new draft.")
    by_content = {c.content.text: c for c in ledger.claims}
    outer = by_content["that the minister had announced a new draft"]
    inner = by_content["a new draft"]
    assert inner.nested_in == outer.id


def test_a_cut_phrase_dangles_a_stranded_preposition_does_not() -> None:
    from watchfloor.extract import load_pipeline
    from watchfloor.extract.tagged_claims import _content

    nlp = load_pipeline("en")
    doc = nlp("He said they finally got the money they had asked for.")
    asked_for = doc[2:11]  # "they finally got the money they had asked for"
    assert asked_for[-1].text == "for"
    kept = _content(doc, asked_for)
    assert kept is not None and kept[-1].text == "for"
    doc = nlp("She said the talks would focus on the future of the port.")
    cut = doc[2:11]  # "the talks would focus on the future of the"
    assert cut[-1].text == "the"
    trimmed = _content(doc, cut)
    assert trimmed is not None and trimmed.text == "the talks would focus on the future"


def test_a_list_a_source_denies_is_denied_whole(ledger_of: LedgerOf) -> None:
    """A content stopping inside a coordination left the rest as the narrator's own
    assertion (and its events as told by the outlet)."""
    ledger = ledger_of(
        "The ministry denied reports of troop movements near the border, of new checkpoints "
        "on the main roads and of reservists called to the barracks."
    )
    [claim] = ledger.claims
    assert claim.content.text.endswith("reservists called to the barracks")


@pytest.mark.parametrize("words", ["They", "he’s", "you all", "those who", "another"])
def test_pronoun_phrases_never_show_as_a_source_name(words: str) -> None:
    """Even when resolution called them resolved (to no entity), such words name nobody."""
    source = Source(entity=None, kind=SourceKind.PERSON, text=words)
    assert source.label({}) == "unidentified person"


@pytest.mark.parametrize("words", ["The White House", "a senior official", "Russia"])
def test_names_and_descriptions_show_as_written(words: str) -> None:
    assert Source(entity=None, kind=SourceKind.OFFICIAL, text=words).label({}) == words


def test_a_titled_speaker_in_a_transcript_is_shown_by_name_not_title_or_label(
    ledger_of: LedgerOf,
) -> None:
    """The reporter's "Q" is no part of a name, and "Prime Minister Anton Varga" is shown
    as Anton Varga (watchfloor sources listed "Q Hungarian Prime Minister")."""
    ledger = ledger_of(
        "MS. LANE: Sure.\n\n"
        "Q Hungarian Prime Minister Anton Varga said recently that Hungary will ratify the "
        "treaty early next year.\n\nMS. LANE: We have seen the reports.\n"
    )
    claim = claim_with(ledger, "Hungary will ratify the treaty")
    assert source_name(ledger, claim) == "Anton Varga"
    assert not any(name.startswith("Q ") for name in _names(ledger))


def test_a_source_that_runs_into_a_clause_is_named_by_its_noun_phrase(
    ledger_of: LedgerOf,
) -> None:
    """The span stays as found (annotated news marks such sources whole); the name shown
    is the noun phrase, not "... who live near the plant"."""
    text = "A majority of the residents who live near the plant say that the water is unsafe."
    claim = claim_with(ledger_of(text), "the water is unsafe")
    assert claim.source is not None and claim.source.text == "A majority of the residents"
    assert text[claim.source.start : claim.source.end].endswith("near the plant")


def test_a_labels_name_survives_invisible_characters_in_the_text() -> None:
    from watchfloor.extract import annotate_many
    from watchfloor.types import Article

    text = "MS. ODUYA:\u200b The ferry service resumes on Monday after the storm repairs.\n"
    title = "Briefing by Harbour Spokesperson Amara Oduya"
    [(_, ledger)] = list(annotate_many([Article(text=text, origin="-", title=title)]))
    assert isinstance(ledger, Ledger)
    [claim] = ledger.claims
    assert claim.source is not None and claim.source.text == "Amara Oduya"
    assert text[claim.source.start : claim.source.end] == "MS. ODUYA"


def test_a_long_transcripts_later_pieces_keep_the_speakers_name() -> None:
    """Texts are parsed in pieces of 10,000 characters: a statement far into a turn is
    still the named speaker's, not the label's words."""
    from watchfloor.extract import annotate_many
    from watchfloor.types import Article

    sentence = "The ferry service on the northern route resumes on Monday after the repairs. "
    text = "MS. ODUYA: " + sentence * 180
    title = "Briefing by Harbour Spokesperson Amara Oduya"
    [(_, ledger)] = list(annotate_many([Article(text=text, origin="-", title=title)]))
    assert isinstance(ledger, Ledger)
    late = [c for c in ledger.claims if c.content.start > 12_000]
    assert late and all(c.source is not None for c in late)
    assert {c.source.text for c in late if c.source} == {"Amara Oduya"}


@pytest.mark.parametrize(
    ("text", "words", "name"),
    [
        (
            "The convoy was stopped by a border guard, who said that the papers were forged.",
            "the papers were forged",
            "a border guard",
        ),
        (
            "Reporters met Governor Helen Marsh, who said the dam would hold through the winter.",
            "the dam would hold",
            "Helen Marsh",
        ),
    ],
)
def test_a_relative_pronoun_source_keeps_its_span_and_names_who_it_is(
    ledger_of: LedgerOf, text: str, words: str, name: str
) -> None:
    """Annotated news marks "who" as the source; the analyst sees the person it stands for."""
    ledger = ledger_of(text)
    claim = claim_with(ledger, words)
    assert claim.source is not None and claim.source.resolved
    assert text[claim.source.start : claim.source.end] == "who"
    assert name in (source_name(ledger, claim) or "")


@pytest.mark.parametrize(
    "text",
    [
        "The ministry said it was firmly opposed to the launch and warned the government to "
        "refrain from further tests.",
        "The mayor said the bridge had been closed for repairs and promised that it would "
        "reopen in May.",
    ],
)
def test_a_content_stops_before_its_sources_next_cue(ledger_of: LedgerOf, text: str) -> None:
    """ "... and warned X" is a second claim, not the end of the first."""
    contents = [c.content.text for c in ledger_of(text).claims]
    assert len(contents) == 2, contents
    assert not any(" and warned" in t or " and promised" in t for t in contents)


def test_a_speaker_named_only_by_a_shouted_label_is_not_shouted(ledger_of: LedgerOf) -> None:
    text = (
        "Press Gaggle by Press Secretary Karine Jean-Pierre\n\n"
        "MS. JEAN-PIERRE: Good morning, everyone. The President will speak at noon.\n\n"
        "Q What time do we gather?\n\n"
        "MS. DALTON: We need to have them gather now, because the motorcade leaves in ten "
        "minutes.\n\nQ Thank you."
    )
    ledger = ledger_of(text)
    claim = claim_with(ledger, "the motorcade leaves")
    assert source_name(ledger, claim) == "Dalton"


def test_an_epidemic_is_no_person_a_pronoun_can_stand_for(ledger_of: LedgerOf) -> None:
    text = (
        "Press Briefing by Press Secretary Karine Jean-Pierre\n\n"
        "Q Does the President still want the COVID funding?\n\n"
        "MS. JEAN-PIERRE: Look — COVID is not over, and the President — I said this just "
        "moments ago — he believes that the funding is urgent.\n\n"
    )
    ledger = ledger_of(text)
    covid = [e for e in ledger.entities if e.name.upper().startswith("COVID")]
    assert covid and all(e.type == "EVENT" for e in covid)
    assert not any(name.upper().startswith("COVID") for name in _names(ledger))


def test_no_source_is_a_possessive_a_number_or_a_glued_phrase(ledger_of: LedgerOf) -> None:
    ledger = ledger_of(
        "Our assessment is that the troops will withdraw by May. "
        'As for the expansion of the alliance. You said remarkable words:"Alliance '
        'representatives have said that the accession is simply unrealistic this year." '
        "I’d also like to offer an update on enrollment. As of today, nearly 5.5 million "
        "signed up for healthcare through the marketplace since the start of open enrollment."
    )
    names = _names(ledger)
    assert "Alliance representatives" in names, names
    for name in names:
        assert name.lower() not in PRONOUNS | {"our", "my", "their", "its", "your"}
        assert not any(mark in name for mark in ':"“”'), name
        assert not name.split()[0][0].isdigit() and "million" not in name, name


@pytest.mark.parametrize(
    ("text", "phrase", "shown"),
    [
        ("It goes to Kelly O’s question about the delays.", "Kelly O’s", "Kelly O"),
        ("And a question came from the back of the room.", "And a question", "a question"),
        ('You said remarkable words:"NATO representatives agree."', 'remarkable words:"NATO '
         "representatives", "NATO representatives"),
    ],
)  # fmt: skip
def test_a_source_phrase_is_shown_without_what_is_not_its_name(
    text: str, phrase: str, shown: str
) -> None:
    from watchfloor.extract import load_pipeline
    from watchfloor.extract.sources import shown_name

    doc = load_pipeline("en")(text)
    start = text.index(phrase)
    span = doc.char_span(start, start + len(phrase), alignment_mode="expand")
    assert span is not None
    assert shown_name(span) == shown


def test_a_name_never_ends_in_a_possessive(ledger_of: LedgerOf) -> None:
    ledger = ledger_of(
        "Press Briefing\n\nMS. JEAN-PIERRE: It goes to Kelly O’s question about the delays "
        "at the border.\n\nQ Thank you."
    )
    names = [e.name for e in ledger.entities if e.type == "PERSON"]
    assert "Kelly O" in names
    assert not any(name.endswith(("’s", "'s")) for name in names)


def test_what_a_source_cites_as_evidence_is_its_claim(ledger_of: LedgerOf) -> None:
    ledger = ledger_of(
        "The governor cited the flood damage in three districts as the reason for the delay."
    )
    claim = claim_with(ledger, "the flood damage in three districts")
    assert claim.cue is not None and claim.cue.text == "cited"
    assert source_name(ledger, claim) == "The governor"


@pytest.mark.parametrize("surname", ["Wines", "Fields"])
def test_a_surname_opening_a_sentence_is_the_person_named_before(
    ledger_of: LedgerOf, surname: str
) -> None:
    """A surname that is also a common word, capitalised only because it opens the
    sentence: the parse takes it for a noun, the article has named the person."""
    ledger = ledger_of(
        f"Tom {surname} has run polls in the state for a decade. {surname} believes that "
        "the campaign took rural voters for granted."
    )
    claim = claim_with(ledger, "the campaign took rural voters for granted")
    assert source_name(ledger, claim) == f"Tom {surname}"
