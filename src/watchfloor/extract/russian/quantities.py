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

from watchfloor.types import Quantity

__all__ = ["find_quantities_ru", "parse_russian_number"]

_WORDS = {
    "ноль": 0,
    "один": 1,
    "два": 2,
    "три": 3,
    "четыре": 4,
    "пять": 5,
    "шесть": 6,
    "семь": 7,
    "восемь": 8,
    "девять": 9,
    "десять": 10,
    "одиннадцать": 11,
    "двенадцать": 12,
    "тринадцать": 13,
    "четырнадцать": 14,
    "пятнадцать": 15,
    "шестнадцать": 16,
    "семнадцать": 17,
    "восемнадцать": 18,
    "девятнадцать": 19,
    "двадцать": 20,
    "тридцать": 30,
    "сорок": 40,
    "пятьдесят": 50,
    "шестьдесят": 60,
    "семьдесят": 70,
    "восемьдесят": 80,
    "девяносто": 90,
    "сто": 100,
    "двести": 200,
    "триста": 300,
    "четыреста": 400,
    "пятьсот": 500,
    "шестьсот": 600,
    "семьсот": 700,
    "восемьсот": 800,
    "девятьсот": 900,
    "полтора": 1.5,
    "полторы": 1.5,
    "оба": 2,
    "двое": 2,
    "трое": 3,
    "четверо": 4,
    "пятеро": 5,
}
_SCALES = {
    "тысяча": 1_000,
    "тыс": 1_000,
    "миллион": 1_000_000,
    "млн": 1_000_000,
    "миллиард": 1_000_000_000,
    "млрд": 1_000_000_000,
}
_VAGUE = {"десяток": 10, "сотня": 100, "тысяча": 1_000, "миллион": 1_000_000}
"""Plural amounts without a number ("тысячи солдат", "десятки танков") are approximate:
the smallest amount the word allows (2 x the unit)."""
_SEVERAL = frozenset(["несколько", "много", "немало", "ряд"])
_APPROXIMATE = frozenset(
    ["около", "примерно", "приблизительно", "порядка", "почти", "ориентировочно", "свыше"]
)
_COMPARATORS: dict[tuple[str, ...], str] = {
    ("не", "менее"): ">=",
    ("не", "меньше"): ">=",
    ("не", "более"): "<=",
    ("не", "больше"): "<=",
    ("по", "меньшей", "мере"): ">=",
    ("как", "минимум"): ">=",
    ("как", "максимум"): "<=",
    ("более",): ">",
    ("больше",): ">",
    ("свыше",): ">",
    ("менее",): "<",
    ("меньше",): "<",
    ("до",): "<=",
}
_EXCEED = frozenset(["превысить", "превышать", "превзойти", "превосходить"])
_UNITS = {
    **dict.fromkeys(
        [
            "человек",
            "мужчина",
            "женщина",
            "ребенок",
            "военный",
            "военнослужащий",
            "солдат",
            "боец",
            "призывник",
            "резервист",
            "доброволец",
            "мобилизованный",
            "житель",
            "беженец",
            "офицер",
            "пленный",
            "заключенный",
            "погибший",
            "раненый",
            "жертва",
            "наемник",
            "сотрудник",
            "участник",
            "демонстрант",
            "задержанный",
            "журналист",
            "гражданин",
            "рекрут",
        ],
        "person",
    ),
    **dict.fromkeys(
        [
            "танк",
            "бронемашина",
            "бронетехника",
            "бтр",
            "бмп",
            "грузовик",
            "автомобиль",
            "машина",
            "техника",
        ],
        "vehicle",
    ),
    **dict.fromkeys(["самолет", "вертолет", "истребитель", "бомбардировщик"], "aircraft"),
    **dict.fromkeys(["беспилотник", "дрон", "бпла"], "drone"),
    **dict.fromkeys(["корабль", "судно", "катер", "подлодка"], "vessel"),
    **dict.fromkeys(
        ["ракета", "снаряд", "орудие", "гаубица", "миномет", "установка", "комплекс"], "weapon"
    ),
    **dict.fromkeys(["рубль", "доллар", "евро", "гривна"], "currency"),
    **dict.fromkeys(["километр", "км"], "km"),
}
_DIGITS = re.compile(r"^\d+(?:[.,]\d+)?$")
_GROUP = re.compile(r"^\d{3}$")
_YEAR_WORDS = frozenset(["год", "г", "гг"])
_MONTHS = frozenset(
    "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь".split()
)
_CLASSIFIERS = frozenset(["единица", "штука", "ед"])
"""Counting words whose noun follows: "200 единиц бронетехники" counts vehicles."""
_AGE_WORDS = frozenset(["лет", "летний"])


def _word_value(token: Token) -> float | None:
    lemma = token.lemma_.lower().rstrip(".")
    if token.like_num and _DIGITS.match(token.text):
        return float(token.text.replace(",", "."))
    return _WORDS.get(lemma) or _WORDS.get(token.lower_)


def _scale(token: Token) -> int | None:
    return _SCALES.get(token.lemma_.lower().rstrip(".")) or _SCALES.get(token.lower_.rstrip("."))


def parse_russian_number(tokens: list[Token]) -> float | None:
    """The value of number words and digits in a row: "двух тысяч" 2000, "5 тыс." 5000,
    "сто двадцать" 120, "1,2 млн" 1200000."""
    if not tokens:
        return None
    items, end = _number_run(tokens[0].doc, tokens[0].i)
    return _value(items) if items and end >= tokens[-1].i + 1 else None


class RussianQuantities:
    def __call__(self, doc: Doc) -> Doc:
        doc._.wf_quantities = find_quantities_ru(doc)
        return doc


def find_quantities_ru(doc: Doc) -> list[Quantity]:
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
        items, j = _number_run(doc, i)
        if items:
            value: float | None = _value(items)
        elif token.lemma_ in _VAGUE and "Plur" in token.morph.get("Number", []):
            value, vague, j = 2.0 * _VAGUE[token.lemma_], True, i + 1
        else:
            i += 1
            continue
        if value is None:
            i = j
            continue
        previous = doc[start - 1] if start > 0 else None
        several = previous is not None and previous.lemma_ in _SEVERAL
        if several:
            start -= 1
            vague = True
        end = j
        if end < n and (doc[end].lemma_ in _YEAR_WORDS or doc[end].lemma_ in _MONTHS):
            i = end
            continue  # "2022 год", "в 2022 г.", "до 20 февраля": a date
        if (
            len(items) == 1
            and token.text.isdigit()
            and len(token.text) == 4
            and (1900 <= value <= 2100 and _counted(doc, j)[0] is None)
        ):
            i = end
            continue  # "«Союзная решимость — 2022»": a year
        if end < n and doc[end].lower_ in _AGE_WORDS:
            i = end
            continue  # "68 лет": an age
        approximate = vague
        comparator = None
        for width in (3, 2, 1):  # the longest phrase first: "не менее" before "менее"
            words = tuple(t.lower_ for t in doc[max(0, start - width) : start])
            if len(words) == width and words in _COMPARATORS:
                comparator = _COMPARATORS[words]
                start -= width
                break
        if start > 0 and doc[start - 1].lower_ in _APPROXIMATE:
            approximate = True
            if doc[start - 1].lower_ == "свыше":
                comparator = ">"
            start -= 1
        counted, unit = _counted(doc, j)
        head = doc[j - 1]
        for ancestor in [head.head, head.head.head]:
            if ancestor.lemma_ in _EXCEED and comparator is None:
                comparator = ">"
                if unit is None:  # "если число призывников превысит пять тысяч"
                    unit = _unit_of_subject(ancestor)
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


def _number_run(doc: Doc, i: int) -> tuple[list[tuple[str, float]], int]:
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
        scale = _scale(token)
        if scale is not None and (items or token.lemma_ not in _VAGUE):
            items.append(("scale", scale))
            j += 1
            continue
        value = _word_value(token)
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


def _counted(doc: Doc, j: int) -> tuple[Token | None, str | None]:
    """The noun the number counts: the next noun, past adjectives ("двух тысяч
    военнообязанных мужчин")."""
    for token in doc[j : min(len(doc), j + 4)]:
        if token.lemma_ in _CLASSIFIERS and token.i + 1 < len(doc):
            after = doc[token.i + 1]
            if after.pos_ in ("NOUN", "PROPN"):
                return after, _UNITS.get(after.lemma_)
        if token.pos_ in ("NOUN", "PROPN") or token.lemma_ in _UNITS:
            return token, _UNITS.get(token.lemma_)
        if token.pos_ not in ("ADJ", "DET", "NUM") and not token.is_space:
            break
    return None, None


def _unit_of_subject(verb: Token) -> str | None:
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return None
    if subject.lemma_ in ("число", "количество", "численность"):
        subject = next((c for c in subject.children if c.dep_ == "nmod"), subject)
    return _UNITS.get(subject.lemma_)


@Language.factory(
    "watchfloor_quantities_ru",
    requires=["token.lemma", "token.pos", "token.morph"],
    assigns=["doc._.wf_quantities"],
)
def make_russian_quantities(nlp: Language, name: str) -> RussianQuantities:
    return RussianQuantities()
