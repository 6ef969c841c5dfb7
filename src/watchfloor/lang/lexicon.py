"""Word lists for attribution, modality and sources, one ``Lexicon`` per language.

The words are data, in ``lang/data/<language>/cues.toml`` and ``sources.toml`` (the same
keys in every language): reporting verbs after Bergler's and Pareti's attribution work,
hedge cues after the BioScope and FactBank annotation guidelines, not from any one
article. The English names below (``CUE_VERBS``, ``HEDGE_WORDS`` ...) are the English
lexicon's fields, for the English components.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from watchfloor.lang.data_files import read_data, read_lines
from watchfloor.types import AttributionKind, Modality

__all__ = ["Lexicon", "lexicon", "speaking_nouns", "weakest"]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """One language's words, by lemma (by lower-case form where the language has no
    morphology offline). A language leaves empty what its components do not read."""

    language: str
    # cues.toml
    cue_verbs: Mapping[str, Modality]
    cue_kinds: Mapping[str, AttributionKind]
    """What the source does with the content, by cue: believes, wants, knows, asks (any
    other cue: speech)."""
    denial_verbs: frozenset[str]
    noun_object_cues: frozenset[str]
    """Cue verbs whose direct object can be the content ("denies any mobilisation")."""
    distancing_verbs: frozenset[str]
    """Cue verbs that, chosen by the author, distance the author from the content."""
    distancing_words: frozenset[str]
    """"reportedly", "якобы": the author keeps a distance from what is reported."""
    hedge_words: Mapping[str, Modality]
    hedge_phrases: Mapping[str, Modality]
    according_nouns: Mapping[str, Modality]
    according_prepositions: frozenset[str]
    """"по" (по данным), "за" (за даними), "паводле": the word before an according noun;
    Belarusian "паводле X" needs no noun."""
    as_words: frozenset[str]
    """"как сообщает X", "як повідомляє X"."""
    that_words: frozenset[str]
    fillers: tuple[str, ...]
    """Turn-taking, greetings and stage directions of a transcript."""
    norms: frozenset[str]
    """"according to plan": nouns that name a norm, not a source."""
    cite_verbs: frozenset[str]
    evidential_verbs: frozenset[str]
    """"the data show": what shows something need not be able to speak."""
    # sources.toml
    anonymous_nouns: frozenset[str]
    official_nouns: frozenset[str]
    military_nouns: frozenset[str]
    expert_nouns: frozenset[str]
    speaking_groups: frozenset[str]
    """Groups, institutions and documents that can be sources ("the fund warned")."""
    media_nouns: frozenset[str]
    unnamed_markers: frozenset[str]
    human_pronouns: frozenset[str]
    speaks_for: frozenset[str]
    """'The press service of X', 'a spokesman for X': the claim is X's."""
    title_modifiers: frozenset[str]
    """Words that only qualify a title ("Supreme Commander-in-Chief", "Deputy Minister")."""
    descriptions: Mapping[str, frozenset[str]]
    """Nouns that, without a name, refer back to the entity of that kind named last."""
    media_descriptions: Mapping[str, frozenset[str]]
    person_descriptions: Mapping[str, frozenset[str]]
    org_descriptions: Mapping[str, str]
    role_titles: Mapping[str, str]
    """Title words that, next to a person's name, say the person's role."""

    def kind_of(self, cue_lemma: str) -> AttributionKind:
        """What a source does with the content, by its cue: speech unless the cue is listed
        as a belief, intention, knowledge or question."""
        return self.cue_kinds.get(cue_lemma, AttributionKind.SPEECH)


def _by_modality(table: Mapping[str, list[str]]) -> dict[str, Modality]:
    return {word: Modality(level) for level, words in table.items() for word in words}


def _sets(table: Mapping[str, list[str]]) -> dict[str, frozenset[str]]:
    return {word: frozenset(kinds) for word, kinds in table.items()}


@cache
def lexicon(language: str) -> Lexicon:
    """The lexicon of ``language``, read from its data folder once per process."""
    cues: dict[str, Any] = read_data(language, "cues")
    sources: dict[str, Any] = read_data(language, "sources")
    words = {**cues, **sources}

    def listed(key: str) -> frozenset[str]:
        return frozenset(words.get(key, ()))

    return Lexicon(
        language=language,
        cue_verbs=_by_modality(cues.get("cue_verbs", {})),
        cue_kinds={
            word: AttributionKind(kind)
            for kind, words in cues.get("cue_kinds", {}).items()
            for word in words
        },
        denial_verbs=listed("denial_verbs"),
        noun_object_cues=listed("noun_object_cues"),
        distancing_verbs=listed("distancing_verbs"),
        distancing_words=listed("distancing_words"),
        hedge_words=_by_modality(cues.get("hedge_words", {})),
        hedge_phrases=_by_modality(cues.get("hedge_phrases", {})),
        according_nouns=_by_modality(cues.get("according_nouns", {})),
        according_prepositions=listed("according_prepositions"),
        as_words=listed("as_words"),
        that_words=listed("that_words"),
        fillers=tuple(cues.get("fillers", ())),
        norms=listed("norms"),
        cite_verbs=listed("cite_verbs"),
        evidential_verbs=listed("evidential_verbs"),
        anonymous_nouns=listed("anonymous_nouns"),
        official_nouns=listed("official_nouns"),
        military_nouns=listed("military_nouns"),
        expert_nouns=listed("expert_nouns"),
        speaking_groups=listed("speaking_groups"),
        media_nouns=listed("media_nouns"),
        unnamed_markers=listed("unnamed_markers"),
        human_pronouns=listed("human_pronouns"),
        speaks_for=listed("speaks_for"),
        title_modifiers=listed("title_modifiers"),
        descriptions=_sets(sources.get("descriptions", {})),
        media_descriptions=_sets(sources.get("media_descriptions", {})),
        person_descriptions=_sets(sources.get("person_descriptions", {})),
        org_descriptions=dict(sources.get("org_descriptions", {})),
        role_titles=dict(sources.get("role_titles", {})),
    )


@cache
def speaking_nouns() -> frozenset[str]:
    """Common nouns that head the sources of news attributions ("attorneys", "campaign",
    "poll"), learnt from annotated news by ``train/speaking_nouns.py``."""
    return frozenset(read_lines("en", "speaking_nouns"))


MODALITY_ORDER = (Modality.CERTAIN, Modality.PROBABLE, Modality.POSSIBLE, Modality.UNKNOWN)
"""From strongest to weakest commitment: when several cues apply, the weakest wins."""


def weakest(*modalities: Modality) -> Modality:
    return max(modalities, key=MODALITY_ORDER.index)


PERSON_ROLE_KIND = {
    "head_of_state": "official",
    "head_of_government": "official",
    "minister": "official",
    "official": "official",
    "spokesperson": "official",
    "security": "official",
    "legislator": "official",
    "military": "military",
}
"""A person's role -> the kind of source the person is."""

ENGLISH = lexicon("en")
CUE_VERBS = ENGLISH.cue_verbs
DENIAL_VERBS = ENGLISH.denial_verbs
NOUN_OBJECT_CUES = ENGLISH.noun_object_cues
DISTANCING_CUES = ENGLISH.distancing_verbs
DISTANCING_ADVERBS = ENGLISH.distancing_words
HEDGE_WORDS = ENGLISH.hedge_words
HEDGE_PHRASES = ENGLISH.hedge_phrases
FILLERS = ENGLISH.fillers
NORMS = ENGLISH.norms
CITE_LEMMAS = ENGLISH.cite_verbs
EVIDENTIAL_VERBS = ENGLISH.evidential_verbs
ANONYMOUS_NOUNS = ENGLISH.anonymous_nouns
OFFICIAL_NOUNS = ENGLISH.official_nouns
MILITARY_NOUNS = ENGLISH.military_nouns
EXPERT_NOUNS = ENGLISH.expert_nouns
UNNAMED_MARKERS = ENGLISH.unnamed_markers
SPEAKS_FOR = ENGLISH.speaks_for
SPEAKING_GROUPS = ENGLISH.speaking_groups
TITLE_MODIFIERS = ENGLISH.title_modifiers
MEDIA_DESCRIPTIONS = ENGLISH.media_descriptions
PERSON_DESCRIPTIONS = ENGLISH.person_descriptions
ORG_DESCRIPTIONS = ENGLISH.org_descriptions
ROLE_TITLES = ENGLISH.role_titles


def is_title_word(word: str) -> bool:
    """A title or a title's qualifier: part of a description, never of a name."""
    lowered = word.lower()
    return lowered in ROLE_TITLES or lowered in TITLE_MODIFIERS
