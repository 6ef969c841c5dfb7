"""Ukrainian and Belarusian, where no parser or NER model is available offline.

Ukrainian: pymorphy3 with its Ukrainian dictionary gives each word its part of speech,
case, number and dictionary form; words the dictionary marks as first names, surnames and
patronymics, place names and organisation names (capitalised in the text) become entities.
Belarusian: no morphological dictionary exists for pymorphy, so words keep their written
form, only the gazetteer finds entities, and quantities and cues are matched on the forms
news text uses. What is not supported is said in ``LIMITATIONS`` (and in each ledger's
``document``), not left to be discovered.

Writes ``token.pos``, ``token.tag``, ``token.lemma``, ``token.morph`` and ``doc.ents``.
"""

from __future__ import annotations

import functools
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from watchfloor.extract.slavic.dictionary import (
    belarusian_stem,
    known_name_words,
    safe_parse,
    ukrainian_morphology,
)

__all__ = ["LIMITATIONS", "Morphology"]

LIMITATIONS: dict[str, str] = {
    "uk": "no syntax or statistical NER offline: entities from the gazetteer and the "
    "morphological dictionary's name tags, claims from cue patterns",
    "be": "no morphology, syntax or NER offline: entities from the gazetteer (names matched "
    "on light stems) and people from common given names; claims and quantities from cue "
    "patterns on written forms; no events",
}
"""What watchfloor cannot read in a language, per ISO 639-1 code (absent: full support)."""

_POS = {
    "NOUN": "NOUN",
    "ADJF": "ADJ",
    "ADJS": "ADJ",
    "COMP": "ADJ",
    "VERB": "VERB",
    "INFN": "VERB",
    "PRTF": "VERB",
    "PRTS": "VERB",
    "GRND": "VERB",
    "NUMR": "NUM",
    "ADVB": "ADV",
    "NPRO": "PRON",
    "PRED": "ADV",
    "PREP": "ADP",
    "CONJ": "CCONJ",
    "PRCL": "PART",
    "INTJ": "INTJ",
}
_CASES = {
    "nomn": "Nom",
    "gent": "Gen",
    "datv": "Dat",
    "accs": "Acc",
    "ablt": "Ins",
    "loct": "Loc",
    "voct": "Voc",
}
_NAME_TAGS = {"Name": "PERSON", "Surn": "PERSON", "Patr": "PERSON"}
"""The Ukrainian dictionary tags people's names (it has no place or organisation tags:
places and bodies come from the gazetteer)."""


_FUNCTION_POS = frozenset(["PREP", "CONJ", "PRCL", "NPRO"])


def _choose(parses: list[Any], preferred: frozenset[str]) -> Any:
    """One reading of a word without context: a function word's reading first ("до" is a
    preposition, not the note), then a reading whose dictionary form the rules know
    ("даними" is дані, "техніки" техніка), else the dictionary's most frequent one."""
    for parse in parses:
        if str(parse.tag.POS) in _FUNCTION_POS:
            return parse
    for parse in parses:
        if str(parse.normal_form) in preferred:
            return parse
    return parses[0]


@functools.cache
def _lexicon_words(language: str) -> frozenset[str]:
    """Every word the cue lexicon and the number tables of ``language`` name."""
    from watchfloor.extract.slavic.lexicon import LEXICONS
    from watchfloor.extract.slavic.quantities import TABLES

    lexicon, table = LEXICONS[language], TABLES[language]
    words: set[str] = set()
    for field in (
        lexicon.cue_verbs, lexicon.according_nouns, lexicon.hedge_words, lexicon.anonymous_nouns,
        lexicon.official_nouns, lexicon.military_nouns, lexicon.expert_nouns,
        lexicon.media_nouns, lexicon.descriptions, table.words, table.scales, table.units,
        table.classifiers, table.approximate, table.several, table.exceed, table.months,
    ):  # fmt: skip
        words.update(field)
    return frozenset(words)


class Morphology:
    def __init__(self, language: str, gazetteer: str | None = None) -> None:
        self.language = language
        self.gazetteer = gazetteer

    def __call__(self, doc: Doc) -> Doc:
        if self.language == "uk":
            self._ukrainian(doc)
        else:
            self._by_shape(doc)
        return doc

    def _ukrainian(self, doc: Doc) -> None:
        analyser = ukrainian_morphology()
        preferred = _lexicon_words("uk") | known_name_words(self.gazetteer)
        names: list[tuple[int, str]] = []
        for token in doc:
            if token.is_space:
                continue
            if token.is_punct:
                token.pos_ = token.tag_ = "PUNCT"
                continue
            if token.like_num:
                token.pos_ = token.tag_ = "NUM"
                token.lemma_ = token.lower_
                continue
            word = token.lower_.replace("’", "'").replace("ʼ", "'")
            parses = safe_parse(analyser.parse, word)
            if not parses:
                token.lemma_ = word
                continue
            best = _choose(parses, preferred)
            tag = best.tag
            pos = _POS.get(str(tag.POS), "X")
            name = next((label for g, label in _NAME_TAGS.items() if g in tag.grammemes), None)
            if name is not None and token.text[:1].isupper():
                pos = "PROPN"
                if not token.is_sent_start or name != "GPE":
                    names.append((token.i, name))
            token.pos_ = token.tag_ = pos
            token.lemma_ = str(best.normal_form)
            features = []
            if tag.case in _CASES:
                features.append(f"Case={_CASES[tag.case]}")
            if tag.number:
                features.append(f"Number={'Plur' if tag.number == 'plur' else 'Sing'}")
            token.set_morph("|".join(features) or None)  # type: ignore[attr-defined]
        runs = _runs(doc, names)
        doc.ents = filter_spans([*doc.ents, *runs, *_other_case_forms(doc, runs)])

    def _by_shape(self, doc: Doc) -> None:
        for token in doc:
            if token.is_space:
                continue
            token.lemma_ = token.lower_
            if token.is_punct:
                token.pos_ = token.tag_ = "PUNCT"
            elif token.like_num:
                token.pos_ = token.tag_ = "NUM"
            elif token.text[:1].isupper() and not token.is_sent_start:
                token.pos_ = token.tag_ = "PROPN"
            else:
                token.pos_ = token.tag_ = "X"
        people = _given_name_pairs(doc)
        doc.ents = filter_spans([*doc.ents, *people, *_other_case_forms(doc, people)])


def _runs(doc: Doc, names: list[tuple[int, str]]) -> list[Span]:
    """Adjacent name words of one kind as one entity: "Олександр Сирський"."""
    spans: list[Span] = []
    start = previous = None
    label = ""
    for index, kind in names:
        if start is not None and previous is not None and index == previous + 1 and kind == label:
            previous = index
            continue
        if start is not None and previous is not None:
            spans.append(Span(doc, start, previous + 1, label=label))
        start, previous, label = index, index, kind
    if start is not None and previous is not None:
        spans.append(Span(doc, start, previous + 1, label=label))
    return spans


BELARUSIAN_GIVEN_NAMES = frozenset(
    belarusian_stem(name)
    for name in (
        "Аляксандр Аляксей Андрэй Антон Арцём Багдан Валерый Васіль Віктар Віталь Уладзімір "
        "Уладзіслаў Вадзім Генадзь Георгій Дзмітрый Дзяніс Яўген Іван Ігар Ілья Канстанцін "
        "Кірыл Леанід Максім Міхаіл Мікалай Мікіта Алег Павел Пётр Раман Руслан Сяргей "
        "Станіслаў Сцяпан Юрый Ян Францішак Зміцер Алесь Лявон Пятро Рыгор Аляксандра Алена "
        "Ганна Вольга Вераніка Вікторыя Святлана Таццяна Наталля Ірына Марыя Кацярына Людміла "
        "Марына Юлія Дар'я Анастасія Галіна Ніна Надзея Лідзія"
    ).split()
)
"""Common Belarusian given names (as stems, so their cases match): with no NER for
Belarusian, a given name followed by a capitalised word marks a person."""


def _given_name_pairs(doc: Doc) -> list[Span]:
    """ "Святлана Ціханоўская", "Віктара Хрэніна": a known given name and the capitalised
    word after it, as a person."""
    found = []
    for token in doc[:-1]:
        after = doc[token.i + 1]
        if (
            token.text[:1].isupper()
            and after.text[:1].isupper()
            and after.is_alpha
            and belarusian_stem(token.text) in BELARUSIAN_GIVEN_NAMES
        ):
            found.append(Span(doc, token.i, token.i + 2, label="PERSON"))
    return found


def _other_case_forms(doc: Doc, people: list[Span]) -> list[Span]:
    """A known person's surname in another case ("Ткачук" ... "з Ткачуком"): a capitalised
    word that is the surname's stem with a case ending, which the dictionary may not know."""
    stems = {
        _stem(span[-1].lower_): span.label_
        for span in people
        if span.label_ == "PERSON" and len(span[-1]) >= 4
    }
    taken = {i for span in people for i in range(span.start, span.end)}
    found = []
    for token in doc:
        if token.i in taken or not token.text[:1].isupper() or not token.is_alpha:
            continue
        lower = token.lower_
        for stem in stems:
            if lower.startswith(stem) and 0 < len(lower) - len(stem) <= 3:
                found.append(Span(doc, token.i, token.i + 1, label="PERSON"))
                break
    return found


def _stem(word: str) -> str:
    """A surname without its final vowel or soft sign: the part its case forms share."""
    return word[:-1] if word[-1] in "аеєиіїоуюяьй" else word


@Language.factory(
    "watchfloor_morphology",
    requires=[],
    assigns=["token.pos", "token.tag", "token.lemma", "token.morph", "doc.ents"],
    default_config={"language": "uk", "gazetteer": None},
)
def make_morphology(nlp: Language, name: str, language: str, gazetteer: str | None) -> Morphology:
    if language == "uk":
        ukrainian_morphology()  # load now, not on the first article
    return Morphology(language, gazetteer)
