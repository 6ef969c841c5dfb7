"""Quantities in Russian: digits ("2000", "2 000", "2,5"), words in any case ("около двух
тысяч", "пяти тысяч"), abbreviations ("5 тыс.", "1,2 млн"), vague amounts ("тысячи",
"несколько сотен", "десятки") as approximate, approximation ("около", "примерно",
"порядка") and comparison ("более", "свыше", "не менее", "до", "превысит"), and the
counted noun with a normalised unit. Reads lemmas (pymorphy, via ``watchfloor_natasha``);
writes ``doc._.wf_quantities``.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Token

from watchfloor.lang.number_words import NumberWords, number_words
from watchfloor.types import Quantity

__all__ = ["TABLES", "find_quantities", "parse_number"]

_DIGITS = re.compile(r"^\d+(?:[.,]\d+)?$")
_GROUP = re.compile(r"^\d{3}$")

TABLES: dict[str, NumberWords] = {code: number_words(code) for code in ("ru", "uk", "be")}
"""The number words of each language (``lang/data/<language>/numbers.toml``)."""


def _word_value(token: Token, table: NumberWords) -> float | None:
    lemma = token.lemma_.lower().rstrip(".")
    if token.like_num and _DIGITS.match(token.text):
        return float(token.text.replace(",", "."))
    return table.words.get(lemma) or table.words.get(token.lower_)


def _scale(token: Token, table: NumberWords) -> int | None:
    return table.scales.get(token.lemma_.lower().rstrip(".")) or table.scales.get(
        token.lower_.rstrip(".")
    )


def parse_number(tokens: list[Token], table: NumberWords | None = None) -> float | None:
    """The value of number words and digits in a row: "двух тысяч" 2000, "5 тыс." 5000,
    "сто двадцать" 120, "1,2 млн" 1200000."""
    if not tokens:
        return None
    table = table or TABLES["ru"]
    items, end = _number_run(tokens[0].doc, tokens[0].i, table)
    return _value(items) if items and end >= tokens[-1].i + 1 else None


class SlavicQuantities:
    def __init__(self, table: NumberWords) -> None:
        self.table = table

    def __call__(self, doc: Doc) -> Doc:
        doc._.wf_quantities = find_quantities(doc, self.table)
        return doc


def find_quantities(doc: Doc, table: NumberWords) -> list[Quantity]:
    found: list[Quantity] = []
    i = 0
    n = len(doc)
    named = {t.i for ent in doc.ents for t in ent if ent.label_ not in ("CARDINAL",)}
    while i < n:
        token = doc[i]
        start = i
        vague = False
        if token.i in named and not token.like_num:
            i += 1
            continue
        items, j = _number_run(doc, i, table)
        if items:
            value: float | None = _value(items)
        elif token.lemma_ in table.vague and "Plur" in token.morph.get("Number", []):
            value, vague, j = 2.0 * table.vague[token.lemma_], True, i + 1
        else:
            i += 1
            continue
        if value is None:
            i = j
            continue
        previous = doc[start - 1] if start > 0 else None
        several = previous is not None and previous.lemma_ in table.several
        if several:
            start -= 1
            vague = True
        end = j
        if end < n and (doc[end].lemma_ in table.year_words or doc[end].lemma_ in table.months):
            i = end
            continue  # "2022 год", "в 2022 г.", "до 20 февраля": a date
        if (
            len(items) == 1
            and token.text.isdigit()
            and len(token.text) == 4
            and (1900 <= value <= 2100 and _counted(doc, j, table)[0] is None)
        ):
            i = end
            continue  # "«Союзная решимость — 2022»": a year
        if end < n and doc[end].lower_ in table.age_words:
            i = end
            continue  # "68 лет": an age
        approximate = vague
        comparator = None
        for width in (3, 2, 1):  # the longest phrase first: "не менее" before "менее"
            words = tuple(t.lower_ for t in doc[max(0, start - width) : start])
            if len(words) == width and words in table.comparators:
                comparator = table.comparators[words]
                start -= width
                break
        if start > 0 and doc[start - 1].lower_ in table.approximate:
            approximate = True
            if doc[start - 1].lower_ in table.more_than:
                comparator = ">"
            start -= 1
        counted, unit = _counted(doc, j, table)
        head = doc[j - 1]
        # the verb that governs the number; without a parse, the words just before it
        governors = [head.head, head.head.head, *doc[max(0, start - 2) : start]]
        for ancestor in governors:
            if ancestor.lemma_ in table.exceed and comparator is None:
                comparator = ">"
                if unit is None:  # "если число призывников превысит пять тысяч"
                    unit = _unit_of_subject(ancestor, table)
        text_end = counted.i + 1 if counted is not None else j
        found.append(
            Quantity(
                start=doc[start].idx,
                end=doc[text_end - 1].idx + len(doc[text_end - 1].text),
                text=doc.text[doc[start].idx : doc[text_end - 1].idx + len(doc[text_end - 1].text)],
                value=value,
                unit=unit,
                counted=counted.text if counted is not None else None,
                approximate=approximate,
                comparator=comparator,
                role="amount" if unit in ("currency", "km") else "count",
            )
        )
        i = max(j, i + 1)
    return found


def _number_run(doc: Doc, i: int, table: NumberWords) -> tuple[list[tuple[str, float]], int]:
    """Numbers and scale words from token ``i`` on: ("num", 2), ("scale", 1000) ...; and
    the index after them. "2 000" is one number, "тыс." one scale."""
    items: list[tuple[str, float]] = []
    j = i
    while j < len(doc):
        token = doc[j]
        if items and items[-1][0] == "scale" and token.text == "." and not doc[j - 1].whitespace_:
            j += 1
            continue
        if (
            items
            and items[-1][0] == "num"
            and _GROUP.match(token.text)
            and doc[j - 1].text.isdigit()
            and doc[j - 1].whitespace_ in (" ", "\u00a0", "\u202f")
        ):
            items[-1] = ("num", items[-1][1] * 1000 + float(token.text))
            j += 1
            continue
        scale = _scale(token, table)
        if scale is not None and (items or token.lemma_ not in table.vague):
            items.append(("scale", scale))
            j += 1
            continue
        value = _word_value(token, table)
        if value is None:
            break
        items.append(("num", value))
        j += 1
    if items and items[0][0] == "scale":
        return [], i  # "тысячи" alone is vague, "млн" alone nothing
    return items, j


def _value(items: list[tuple[str, float]]) -> float:
    total = current = 0.0
    for kind, value in items:
        if kind == "scale":
            total += (current or 1) * value
            current = 0
        else:
            current += value
    return total + current


def _counted(doc: Doc, j: int, table: NumberWords) -> tuple[Token | None, str | None]:
    """The noun the number counts: the next noun, past adjectives ("двух тысяч
    военнообязанных мужчин")."""
    for token in doc[j : min(len(doc), j + 4)]:
        if token.lemma_ in table.classifiers and token.i + 1 < len(doc):
            after = doc[token.i + 1]
            if after.pos_ in ("NOUN", "PROPN"):
                return after, table.units.get(after.lemma_)
        if token.pos_ in ("NOUN", "PROPN") or token.lemma_ in table.units:
            return token, table.units.get(token.lemma_)
        if token.pos_ not in ("ADJ", "DET", "NUM") and not token.is_space:
            break
    return None, None


def _unit_of_subject(verb: Token, table: NumberWords) -> str | None:
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return None
    if subject.lemma_ in ("число", "количество", "численность"):
        subject = next((c for c in subject.children if c.dep_ == "nmod"), subject)
    return table.units.get(subject.lemma_)


@Language.factory(
    "watchfloor_quantities_slavic",
    requires=["token.lemma", "token.pos", "token.morph"],
    assigns=["doc._.wf_quantities"],
    default_config={"language": "ru"},
)
def make_slavic_quantities(nlp: Language, name: str, language: str) -> SlavicQuantities:
    return SlavicQuantities(TABLES[language])
