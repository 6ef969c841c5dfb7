"""Quantities in Russian: digits ("2000", "2 000", "2,5"), words in any case ("около двух
тысяч", "пяти тысяч"), abbreviations ("5 тыс.", "1,2 млн"), vague amounts ("тысячи",
"несколько сотен", "десятки") as approximate, approximation ("около", "примерно",
"порядка") and comparison ("более", "свыше", "не менее", "до", "превысит"), and the
counted noun with a normalised unit. Reads lemmas (pymorphy, via ``watchfloor_natasha``);
writes ``doc._.wf_quantities``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Token

from watchfloor.types import Quantity

__all__ = ["TABLES", "NumberWords", "find_quantities", "parse_number"]

_RU_WORDS = {
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
_RU_SCALES = {
    "тысяча": 1_000,
    "тыс": 1_000,
    "миллион": 1_000_000,
    "млн": 1_000_000,
    "миллиард": 1_000_000_000,
    "млрд": 1_000_000_000,
}
_RU_VAGUE = {"десяток": 10, "сотня": 100, "тысяча": 1_000, "миллион": 1_000_000}
"""Plural amounts without a number ("тысячи солдат", "десятки танков") are approximate:
the smallest amount the word allows (2 x the unit)."""
_RU_SEVERAL = frozenset(["несколько", "много", "немало", "ряд"])
_RU_APPROXIMATE = frozenset(
    ["около", "примерно", "приблизительно", "порядка", "почти", "ориентировочно", "свыше"]
)
_RU_COMPARATORS: dict[tuple[str, ...], str] = {
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
_RU_EXCEED = frozenset(["превысить", "превышать", "превзойти", "превосходить"])
_RU_UNITS = {
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
_RU_YEAR_WORDS = frozenset(["год", "г", "гг"])
_RU_MONTHS = frozenset(
    "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь".split()
)
_RU_CLASSIFIERS = frozenset(["единица", "штука", "ед"])
"""Counting words whose noun follows: "200 единиц бронетехники" counts vehicles."""
_RU_AGE_WORDS = frozenset(["лет", "летний"])


@dataclass(frozen=True, slots=True)
class NumberWords:
    """One language's number words and the words around numbers, by lemma (by lower-case
    form for a language without morphology)."""

    words: Mapping[str, float]
    scales: Mapping[str, int]
    vague: Mapping[str, int]
    several: frozenset[str]
    approximate: frozenset[str]
    comparators: Mapping[tuple[str, ...], str]
    exceed: frozenset[str]
    units: Mapping[str, str]
    year_words: frozenset[str]
    months: frozenset[str]
    classifiers: frozenset[str]
    age_words: frozenset[str]
    more_than: frozenset[str] = frozenset()
    """Approximation words that also bound the number from below ("свыше", "понад")."""


_UK_UNITS = {
    **dict.fromkeys(
        "людина особа чоловік жінка дитина військовий військовослужбовець солдат боєць "
        "призовник резервіст доброволець мобілізований мешканець біженець офіцер полонений "
        "загиблий поранений жертва найманець співробітник учасник".split(),
        "person",
    ),
    **dict.fromkeys(
        "танк бронемашина бронетехніка бтр бмп вантажівка автомобіль машина техніка".split(),
        "vehicle",
    ),
    **dict.fromkeys("літак гелікоптер вертоліт винищувач бомбардувальник".split(), "aircraft"),
    **dict.fromkeys("безпілотник дрон бпла".split(), "drone"),
    **dict.fromkeys("корабель судно катер".split(), "vessel"),
    **dict.fromkeys("ракета снаряд гармата гаубиця міномет установка комплекс".split(), "weapon"),
    **dict.fromkeys("гривня долар євро рубль".split(), "currency"),
}

_BE_UNITS = {
    **dict.fromkeys(
        "чалавек чалавека людзей асоб мужчын жанчын дзяцей вайскоўцаў военнаслужачых салдат "
        "рэзервістаў прызыўнікоў добраахвотнікаў жыхароў бежанцаў афіцэраў".split(),
        "person",
    ),
    **dict.fromkeys("танкаў танкі машын адзінак тэхнікі бронетэхнікі".split(), "vehicle"),
    **dict.fromkeys("самалётаў верталётаў".split(), "aircraft"),
    **dict.fromkeys("беспілотнікаў дронаў".split(), "drone"),
    **dict.fromkeys("ракет снарадаў".split(), "weapon"),
    **dict.fromkeys("рублёў долараў еўра".split(), "currency"),
}

TABLES: dict[str, NumberWords] = {
    "ru": NumberWords(
        words=_RU_WORDS,
        scales=_RU_SCALES,
        vague=_RU_VAGUE,
        several=_RU_SEVERAL,
        approximate=_RU_APPROXIMATE,
        comparators=_RU_COMPARATORS,
        exceed=_RU_EXCEED,
        units=_RU_UNITS,
        year_words=_RU_YEAR_WORDS,
        months=_RU_MONTHS,
        classifiers=_RU_CLASSIFIERS,
        age_words=_RU_AGE_WORDS,
        more_than=frozenset(["свыше"]),
    ),
    "uk": NumberWords(
        words={
            "нуль": 0, "один": 1, "два": 2, "три": 3, "чотири": 4, "п'ять": 5, "шість": 6,
            "сім": 7, "вісім": 8, "дев'ять": 9, "десять": 10, "одинадцять": 11,
            "дванадцять": 12, "п'ятнадцять": 15, "двадцять": 20, "тридцять": 30,
            "сорок": 40, "п'ятдесят": 50, "шістдесят": 60, "сімдесят": 70, "вісімдесят": 80,
            "дев'яносто": 90, "сто": 100, "двісті": 200, "триста": 300, "чотириста": 400,
            "п'ятсот": 500, "шістсот": 600, "сімсот": 700, "вісімсот": 800,
            "дев'ятсот": 900, "півтора": 1.5, "півтори": 1.5,
        },
        scales={"тисяча": 1_000, "тис": 1_000, "мільйон": 1_000_000, "млн": 1_000_000,
                "мільярд": 1_000_000_000, "млрд": 1_000_000_000},
        vague={"десяток": 10, "сотня": 100, "тисяча": 1_000, "мільйон": 1_000_000},
        several=frozenset(["кілька", "декілька", "багато", "чимало"]),
        approximate=frozenset(["близько", "приблизно", "майже", "орієнтовно", "понад"]),
        comparators={
            ("не", "менше"): ">=", ("не", "більше"): "<=", ("щонайменше",): ">=",
            ("принаймні",): ">=", ("щонайбільше",): "<=", ("більш", "ніж"): ">",
            ("більше",): ">", ("понад",): ">", ("менше",): "<", ("до",): "<=",
        },
        exceed=frozenset(["перевищити", "перевищувати", "перевершити"]),
        units=_UK_UNITS,
        year_words=frozenset(["рік", "р"]),
        months=frozenset(
            "січень лютий березень квітень травень червень липень серпень вересень жовтень "
            "листопад грудень".split()
        ),
        classifiers=frozenset(["одиниця", "штука", "од"]),
        age_words=frozenset(["рік", "років", "роки", "річний"]),
        more_than=frozenset(["понад"]),
    ),
    "be": NumberWords(
        words={
            "адзін": 1, "адна": 1, "два": 2, "дзве": 2, "двух": 2, "дзвюх": 2, "тры": 3,
            "трох": 3, "чатырох": 4, "пяці": 5, "дзесяці": 10, "ста": 100,
            "чатыры": 4, "пяць": 5, "шэсць": 6, "сем": 7, "восем": 8, "дзевяць": 9,
            "дзесяць": 10, "дваццаць": 20, "трыццаць": 30, "сорак": 40, "пяцьдзясят": 50,
            "сто": 100, "дзвесце": 200, "трыста": 300, "пяцьсот": 500, "паўтара": 1.5,
        },
        scales={"тысяча": 1_000, "тысячы": 1_000, "тысяч": 1_000, "тыс": 1_000,
                "мільён": 1_000_000, "мільёны": 1_000_000, "мільёнаў": 1_000_000,
                "млн": 1_000_000},
        vague={"дзясяткі": 10, "сотні": 100, "тысячы": 1_000},
        several=frozenset(["некалькі", "шмат"]),
        approximate=frozenset(["каля", "прыблізна", "амаль", "звыш"]),
        comparators={
            ("не", "менш"): ">=", ("не", "больш"): "<=", ("больш", "за"): ">",
            ("больш",): ">", ("менш",): "<", ("звыш",): ">", ("да",): "<=",
        },
        exceed=frozenset(["перавысіць", "перавышае"]),
        units=_BE_UNITS,
        year_words=frozenset(["год", "года", "годзе", "г"]),
        months=frozenset(
            "студзеня лютага сакавіка красавіка траўня мая чэрвеня ліпеня жніўня верасня "
            "кастрычніка лістапада снежня".split()
        ),
        classifiers=frozenset(["адзінак", "штук"]),
        age_words=frozenset(["гадоў", "гады", "гадовы"]),
        more_than=frozenset(["звыш"]),
    ),
}  # fmt: skip


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
