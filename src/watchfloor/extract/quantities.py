"""Quantities: numbers in digits and words, ranges, vague amounts, approximation and
comparison, and what they count.

Reads tokens, the parse and ``doc.ents``; writes ``doc._.wf_quantities``. Ages, years,
ordinals, clock times, dates and numbers inside names ("Zapad-2021", "S-400") are not
quantities.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Token

from watchfloor.types import Quantity

__all__ = ["find_quantities", "parse_number_words"]

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "mln": 1_000_000,
    "bn": 1_000_000_000,
    "k": 1_000,
}
_DOZEN = {"dozen": 12}
_VAGUE = {
    "dozens": 24,
    "hundreds": 200,
    "thousands": 2_000,
    "millions": 2_000_000,
    "billions": 2_000_000_000,
    "scores": 40,
    "tens": 20,
}
_FEW = {"several": 3, "few": 3, "couple": 2}
_FRACTIONS = {"half": 0.5, "quarter": 0.25}
_DIGITS = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_SUFFIXED = re.compile(r"^(\d+(?:\.\d+)?)(k|K|m|M|bn|mln)$")
_ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$", re.I)

_BEFORE: list[tuple[tuple[str, ...], str | None, bool]] = [
    # (words before the number, comparator, approximate)
    (("more", "than"), ">", False),
    (("greater", "than"), ">", False),
    (("over",), ">", False),
    (("above",), ">", False),
    (("upwards", "of"), ">", False),
    (("in", "excess", "of"), ">", False),
    (("just", "over"), ">", True),
    (("at", "least"), ">=", False),
    (("no", "fewer", "than"), ">=", False),
    (("no", "less", "than"), ">=", False),
    (("not", "less", "than"), ">=", False),
    (("a", "minimum", "of"), ">=", False),
    (("fewer", "than"), "<", False),
    (("less", "than"), "<", False),
    (("under",), "<", False),
    (("below",), "<", False),
    (("just", "under"), "<", True),
    (("at", "most"), "<=", False),
    (("up", "to"), "<=", False),
    (("as", "many", "as"), "<=", False),
    (("as", "much", "as"), "<=", False),
    (("no", "more", "than"), "<=", False),
    (("not", "more", "than"), "<=", False),
    (("a", "maximum", "of"), "<=", False),
    (("about",), None, True),
    (("around",), None, True),
    (("approximately",), None, True),
    (("roughly",), None, True),
    (("nearly",), None, True),
    (("almost",), None, True),
    (("some",), None, True),
    (("circa",), None, True),
    (("ca",), None, True),
    (("an", "estimated"), None, True),
    (("estimated",), None, True),
    (("close", "to"), None, True),
    (("~",), None, True),
    (("approx",), None, True),
    (("perhaps",), None, True),
    (("possibly",), None, True),
]
_BEFORE.sort(key=lambda item: -len(item[0]))
_AFTER: list[tuple[tuple[str, ...], str | None, bool]] = [
    (("or", "more"), ">=", False),
    (("or", "so"), None, True),
    (("or", "fewer"), "<=", False),
    (("or", "less"), "<=", False),
    (("plus",), ">=", False),
    (("+",), ">=", False),
]
_VERB_COMPARATORS = {"exceed": ">", "surpass": ">", "top": ">", "outnumber": ">", "pass": ">"}

UNIT_BY_NOUN: dict[str, str] = {
    **dict.fromkeys(
        [
            "man",
            "woman",
            "person",
            "people",
            "soldier",
            "troop",
            "serviceman",
            "servicemen",
            "servicewoman",
            "recruit",
            "conscript",
            "reservist",
            "personnel",
            "officer",
            "civilian",
            "refugee",
            "resident",
            "citizen",
            "protester",
            "child",
            "prisoner",
            "mercenary",
            "volunteer",
            "worker",
            "member",
            "migrant",
            "casualty",
            "student",
            "voter",
            "guard",
            "trooper",
            "sailor",
            "pilot",
            "paratrooper",
            "individual",
            "inhabitant",
            "employee",
            "detainee",
            "hostage",
            "victim",
            "fighter",
            "militant",
            "combatant",
            "demonstrator",
            "draftee",
            "men",
            "women",
            "children",
            "staff",
            "crew",
            "journalist",
        ],
        "person",
    ),
    **dict.fromkeys(
        ["tank", "vehicle", "truck", "apc", "carrier", "car", "bus", "lorry"], "vehicle"
    ),
    **dict.fromkeys(
        ["aircraft", "plane", "jet", "helicopter", "bomber", "warplane", "airplane"], "aircraft"
    ),
    **dict.fromkeys(["drone", "uav"], "drone"),
    **dict.fromkeys(["ship", "vessel", "boat", "warship", "submarine"], "vessel"),
    **dict.fromkeys(
        [
            "missile",
            "rocket",
            "shell",
            "round",
            "warhead",
            "launcher",
            "gun",
            "howitzer",
            "artillery",
            "weapon",
            "system",
        ],
        "weapon",
    ),
    **dict.fromkeys(["dollar", "usd"], "USD"),
    **dict.fromkeys(["euro", "eur"], "EUR"),
    **dict.fromkeys(["rouble", "ruble", "rub"], "RUB"),
    **dict.fromkeys(["hryvnia", "uah"], "UAH"),
    **dict.fromkeys(["percent", "per_cent", "%"], "percent"),
    **dict.fromkeys(["kilometre", "kilometer", "km", "mile", "metre", "meter"], "length"),
    **dict.fromkeys(["ton", "tonne", "kilogram", "kg"], "mass"),
    **dict.fromkeys(["unit", "battalion", "brigade", "regiment", "division", "company"], "unit"),
}
_AMOUNT_UNITS = frozenset({"USD", "EUR", "GBP", "RUB", "UAH", "percent", "length", "mass"})
_CURRENCY_SIGNS = {"$": "USD", "€": "EUR", "£": "GBP", "₽": "RUB", "₴": "UAH"}


def parse_number_words(words: list[str]) -> float | None:
    """Value of a number written in words and digits: "five thousand", "1.5 million",
    "twenty-five", "a dozen", "2k"; None if the words are not a number."""
    total = 0.0
    current = 0.0
    seen = False
    for raw in words:
        word = raw.lower().replace(",", "")
        if word in ("and", "-", "a", "an"):
            if word in ("a", "an"):
                current = max(current, 1)
            continue
        suffixed = _SUFFIXED.match(raw)
        if suffixed:
            current += float(suffixed.group(1)) * _SCALES[suffixed.group(2).lower()]
            seen = True
        elif _DIGITS.match(raw):
            current += float(word)
            seen = True
        elif word in _UNITS:
            current += _UNITS[word]
            seen = True
        elif word in _FRACTIONS:
            current += _FRACTIONS[word]
            seen = True
        elif word in _DOZEN:
            current = max(current, 1) * 12
            seen = True
        elif word in _SCALES:
            scale = _SCALES[word]
            current = max(current, 1) * scale
            if scale >= 1000:
                total += current
                current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def _is_number_word(token: Token) -> bool:
    lower = token.lower_
    return bool(
        _DIGITS.match(token.text)
        or _SUFFIXED.match(token.text)
        or lower in _UNITS
        or (lower in _SCALES and lower not in ("k", "bn", "mln"))
        or lower in _DOZEN
    )


def _excluded(doc: Doc, start: int, end: int) -> bool:
    first, last = doc[start], doc[end - 1]
    if _ORDINAL.match(first.text) or ":" in first.text:
        return True
    if first.ent_type_ in ("TIME", "ORDINAL") and not _counts_something(doc, end):
        return True
    if first.ent_type_ == "DATE" and _is_calendar(doc, start, end):
        return True
    if (
        start > 0
        and doc[start - 1].text == "-"
        and start > 1
        and not doc[start - 1].whitespace_
        and not doc[start - 2].whitespace_
        and not _is_number_word(doc[start - 2])
    ):
        return True  # "Zapad-2021", "S-400", "Union Courage-2022"
    text = first.text.replace(",", "")
    a_year = len(doc[start:end]) == 1 and text.isdigit() and len(text) == 4
    if a_year and 1800 <= int(text) <= 2100 and not _counts_something(doc, end):
        return True  # a year
    if first.lower_ == "one" and end - start == 1:
        head = last.head
        if not (last.dep_ == "nummod" and head.pos_ == "NOUN"):
            return True  # "one of them", "no one"
    return False


def _age_end(doc: Doc, start: int, end: int) -> int | None:
    """End of "68-year-old", "68 years old", "aged 68": the token after the age phrase."""
    words = [t.lower_ for t in doc[end : end + 4]]
    joined = " ".join(words)
    for pattern, length in (
        (r"^- year - old", 4),
        (r"^-year-old", 1),
        (r"^year - old", 3),
        (r"^years? old", 2),
        (r"^-year", 2),
    ):
        if re.match(pattern, joined):
            return end + length
    if start > 0 and doc[start - 1].lower_ in ("aged", "age"):
        return end
    return None


_TIME_UNITS = frozenset(
    [
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "hour",
        "hours",
        "decade",
        "decades",
        "century",
        "centuries",
        "minute",
        "minutes",
    ]
)
_CALENDAR = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b(mon|tues|wednes|thurs|fri|satur|sun)day\b",
    re.I,
)


def _is_calendar(doc: Doc, start: int, end: int) -> bool:
    """A number the NER put in a DATE that really is a date or a duration; "eight thousand"
    tagged DATE by mistake is not."""
    entity = next((e for e in doc.ents if e.start <= start < e.end), None)
    if entity is not None and _CALENDAR.search(entity.text):
        return True
    if end < len(doc) and doc[end].lower_ in _TIME_UNITS:
        return True
    text = doc[start].text.replace(",", "")
    return text.isdigit() and len(text) == 4 and 1800 <= int(text) <= 2100


def _counts_something(doc: Doc, end: int) -> bool:
    if end >= len(doc):
        return False
    noun = doc[end]
    return (
        noun.pos_ == "NOUN"
        and noun.lemma_.lower() in UNIT_BY_NOUN
        and noun.ent_type_ not in ("DATE", "TIME")
    )


def _counted(doc: Doc, start: int, end: int) -> Token | None:
    last = doc[end - 1]
    i = end
    if i < len(doc) and doc[i].lower_ == "of" and i + 1 < len(doc):  # "thousands of troops"
        for token in doc[i + 1 : min(len(doc), i + 5)]:
            if token.pos_ in ("NOUN", "PROPN"):
                return token
            if token.pos_ not in ("ADJ", "DET", "ADV", "PUNCT", "NUM"):
                break
    if (
        last.dep_ in ("nummod", "quantmod", "compound", "amod")
        and last.head.i >= end
        and last.head.pos_ in ("NOUN", "PROPN", "SYM")
    ):
        return last.head
    for token in doc[end : min(len(doc), end + 4)]:
        if token.pos_ == "NOUN" or token.text == "%":
            return token
        if token.pos_ not in ("ADJ", "PUNCT", "ADV") or token.text in (",", ";", "."):
            break
    return None


def _phrase_before(doc: Doc, start: int) -> tuple[int, str | None, bool]:
    for words, comparator, approximate in _BEFORE:
        n = len(words)
        if start - n < 0:
            continue
        if tuple(t.lower_.rstrip(".") for t in doc[start - n : start]) == words:
            return start - n, comparator, approximate
    return start, None, False


def _phrase_after(doc: Doc, end: int) -> tuple[int, str | None, bool]:
    for words, comparator, approximate in _AFTER:
        n = len(words)
        if tuple(t.lower_ for t in doc[end : end + n]) == words:
            return end + n, comparator, approximate
    return end, None, False


def find_quantities(doc: Doc) -> list[Quantity]:
    """Every quantity in ``doc``, in text order."""
    found: list[Quantity] = []
    i = 0
    n = len(doc)
    while i < n:
        token = doc[i]
        lower = token.lower_
        start = i
        vague = None
        if lower in _VAGUE or (
            lower in _FEW and i + 1 < n and doc[i + 1].lower_ in _SCALES | _VAGUE
        ):
            vague = token
        elif not _is_number_word(token) and not (
            lower in ("a", "an", "half")
            and i + 1 < n
            and doc[i + 1].lower_ in {**_SCALES, **_DOZEN}
        ):
            i += 1
            continue
        # The number phrase: number words joined by "-", "and", scales.
        end = i + 1
        while end < n:
            nxt = doc[end]
            if (
                (_is_number_word(nxt) and not _DIGITS.match(doc[end - 1].text))
                or (nxt.lower_ in _SCALES and nxt.lower_ not in ("k",))
            ) or (
                nxt.lower_ in ("and", "-")
                and end + 1 < n
                and doc[end + 1].lower_ in _UNITS
                and doc[end - 1].lower_ in {**_UNITS, **_SCALES}
            ):
                end += 1
            elif (
                vague is not None
                and nxt.lower_ in ("of",)
                and end + 1 < n
                and doc[end + 1].lower_ in _VAGUE
            ):
                end += 2  # "tens of thousands"
            else:
                break
        words = [t.text for t in doc[start:end]]
        approximate = False
        if vague is not None:
            base = _VAGUE.get(words[-1].lower()) or _FEW.get(words[0].lower(), 1) * (
                _SCALES.get(words[-1].lower(), 1)
            )
            value: float | None = float(base)
            if words[0].lower() == "tens" and len(words) == 3:
                value = 10.0 * _VAGUE[words[-1].lower()] if words[-1].lower() in _VAGUE else value
            approximate = True
        else:
            value = parse_number_words(words)
        age_end = _age_end(doc, start, end) if value is not None and vague is None else None
        if age_end is None and (value is None or _excluded(doc, start, end)):
            i = end
            continue
        if (
            age_end is not None and value is not None
        ):  # an age is a quantity of years, not a head count
            first_char, last_char = doc[start].idx, doc[age_end - 1].idx + len(doc[age_end - 1])
            if start > 0 and doc[start - 1].lower_ in ("aged", "age"):
                first_char = doc[start - 1].idx
            found.append(
                Quantity(
                    start=first_char,
                    end=last_char,
                    text=doc.text[first_char:last_char],
                    value=value,
                    unit="year",
                    counted=None,
                    role="age",
                )
            )
            i = age_end
            continue
        low = high = None
        # Ranges: "2,000-3,000", "2,000 to 3,000", "between 2,000 and 3,000", "from 2 to 5".
        span_end = end
        if (
            end + 1 < n
            and doc[end].lower_ in ("-", "–", "to", "and")
            and _is_number_word(doc[end + 1])
        ):
            joiner = doc[end].lower_
            between = start > 0 and doc[start - 1].lower_ in ("between", "from")
            if joiner in ("-", "–", "to") or between:
                r_end = end + 1
                while r_end < n and (
                    (_is_number_word(doc[r_end]) and r_end == end + 1)
                    or doc[r_end].lower_ in _SCALES
                ):
                    r_end += 1
                upper = parse_number_words([t.text for t in doc[end + 1 : r_end]])
                if upper is not None and value is not None and upper > value:
                    # "2 to 3 million": the scale of the upper bound applies to the lower.
                    if (
                        upper >= 1000 * value
                        and doc[r_end - 1].lower_ in _SCALES
                        and doc[end - 1].lower_ not in _SCALES
                    ):
                        value *= _SCALES[doc[r_end - 1].lower_]
                    low, high = value, upper
                    span_end = r_end
                    if between:
                        start -= 1
        phrase_start, comparator, approx_before = _phrase_before(doc, start)
        phrase_end, comparator_after, approx_after = _phrase_after(doc, span_end)
        comparator = comparator or comparator_after
        approximate = approximate or approx_before or approx_after
        counted_token = _counted(doc, start, span_end)
        if comparator is None:
            verb = doc[span_end - 1].head
            if doc[span_end - 1].dep_ in ("dobj", "attr", "npadvmod") or (
                counted_token is not None and counted_token.dep_ == "dobj"
            ):
                verb = (
                    doc[span_end - 1].head
                    if doc[span_end - 1].dep_ in ("dobj", "attr")
                    else (counted_token.head if counted_token is not None else verb)
                )
                comparator = _VERB_COMPARATORS.get(verb.lemma_.lower())
                if comparator and counted_token is None:
                    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
                    counted_token = subject
        unit = None
        counted = None
        if start > 0 and doc[start - 1].text in _CURRENCY_SIGNS:
            unit = _CURRENCY_SIGNS[doc[start - 1].text]
            phrase_start = min(phrase_start, start - 1)
        elif counted_token is not None:
            counted = counted_token.text
            unit = UNIT_BY_NOUN.get(counted_token.lemma_.lower()) or UNIT_BY_NOUN.get(
                counted_token.lower_
            )
        if low is not None and high is not None:
            value = (low + high) / 2
        role = "amount" if unit in _AMOUNT_UNITS else "count"
        assert value is not None
        first_char = doc[phrase_start].idx
        last = doc[max(phrase_end, span_end) - 1]
        last_char = last.idx + len(last)
        found.append(
            Quantity(
                start=first_char,
                end=last_char,
                text=doc.text[first_char:last_char],
                value=value,
                unit=unit,
                counted=counted,
                approximate=approximate,
                comparator=comparator,
                low=low,
                high=high,
                role=role,
            )
        )
        i = max(span_end, phrase_end)
    return found


class QuantityFinder:
    def __call__(self, doc: Doc) -> Doc:
        doc._.wf_quantities = find_quantities(doc)
        return doc


@Language.factory(
    "watchfloor_quantities",
    requires=["token.pos", "token.dep", "token.lemma", "doc.ents"],
    assigns=["doc._.wf_quantities"],
)
def make_quantity_finder(nlp: Language, name: str) -> QuantityFinder:
    return QuantityFinder()
