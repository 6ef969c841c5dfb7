"""Numbers written in digits and in words: "2,000", "1.5bn", "12 1/2", "two thousand",
"a dozen", "three-quarters". Parsing only; finding quantities in a sentence (what they
count, comparison, approximation) is ``quantities.py``'s work.
"""

from __future__ import annotations

import re
import unicodedata

from spacy.tokens import Doc, Token

from watchfloor.lang.number_words import number_words

__all__ = ["parse_number_words"]

_ENGLISH = number_words("en")
_UNITS = _ENGLISH.words
"""Number words up to ninety, from ``lang/data/en/numbers.toml``."""
_SCALES = dict(_ENGLISH.scales)

_LETTER_SCALES = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}
"""'€10M' split by the tokenizer into '€', '10', 'M': a capital letter written on."""

_DOZEN = _ENGLISH.dozens

_DIGITS = re.compile(r"^[-+]?((\d{1,3}(,\d{3})+|\d+)(\.\d+)?|\.\d+)$")

_SUFFIXED = re.compile(r"^(\d+(?:[.,]\d+)*)(k|K|m|M|MM|bn|mln|mil|bln|tln|b|B|T)\.?$")

_SUFFIX_SCALES = {
    "k": 1e3, "m": 1e6, "mm": 1e6, "mln": 1e6, "mil": 1e6,
    "bn": 1e9, "b": 1e9, "bln": 1e9, "t": 1e12, "tln": 1e12,
}  # fmt: skip

_SCIENTIFIC = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)[eE][-+]?\d+$")

_WITH_UNIT = re.compile(
    r"^([-+]?\d+(?:\.\d+)?)"
    r"(kg|g|mg|t|km|m|cm|mm|mi|ft|lb|lbs|oz|l|ml|ha|kt|mt|kw|mw|gw|kwh|mwh|km2|m2|m3|km3|"
    r"mph|kph|kmh|h|hrs|min|sec|cds)(\^-?\d)?$",
    re.I,
)
"""'25lbs', '4km^2': digits with a unit written on (spaCy splits most, not all)."""

_DEGREES = re.compile(r"^([-+]?\d+(?:\.\d+)?)°?[CF]$")
"""'-10C', '30°F': a temperature with its scale written on."""

_DENOMINATORS = _ENGLISH.fractions

_UNIT_ORDINALS = {
    f"{word}{ending}": value
    for word, value in [
        ("first", 1), ("second", 2), ("third", 3), ("fourth", 4), ("fifth", 5),
        ("sixth", 6), ("seventh", 7), ("eighth", 8), ("ninth", 9),
    ]
    for ending in ("", "s")
}  # fmt: skip
"""Denominators inside a compound one ('one twenty-fifth', 'three twenty-firsts')."""

_TENS = frozenset(word for word, value in _UNITS.items() if value >= 20)

_ORDINAL_SCALES = {"hundredth": 100, "thousandth": 1000, "millionth": 10**6, "billionth": 10**9}

_FRACTION = re.compile(r"^([-+]?\d+)/(\d+)$")

_MONEY_PREFIX = re.compile(r"^(US|A|C)?[$€£₽₴]")

_DIGIT_GROUP = re.compile(r"^\d{3}(\.\d+)?$")
"""The second and later groups of '40 000' or '1 234 567.89', written with spaces."""


def _vulgar_fraction(text: str) -> float | None:
    """'½', '2¾'."""
    if not text or unicodedata.category(text[-1]) != "No":
        return None
    try:
        fraction = unicodedata.numeric(text[-1])
    except ValueError:
        return None
    whole = text[:-1]
    if fraction >= 1 or (whole and not whole.isdigit()):
        return None
    return (int(whole) if whole else 0) + fraction


_INDIAN_GROUPS = re.compile(r"^[-+]?\d{1,2}(,\d{2})+,\d{3}(\.\d+)?$")
"""'12,34,567.89': lakh grouping, as written in South Asian English."""

_DOT_GROUPS = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+,\d+$")
"""'1.111,11': groups with dots and a decimal comma, as in most of Europe."""

_DECIMAL_COMMA = re.compile(r"^[-+]?\d+,\d{1,2}$")
"""'1,3', '5,00': one comma before one or two digits is a decimal comma (a thousands
separator is always followed by three)."""


def _digits_value(raw: str) -> float | None:
    """Value of one token written with digits: 2,000 / .08 / 2k / €10M / 3/4 / 1.3e6 / ½ /
    12,34,567 / 1.111,11 / 5,00."""
    text = _MONEY_PREFIX.sub("", raw).replace("\u2212", "-").removesuffix("°")
    if _DIGITS.match(text) or _SCIENTIFIC.match(text) or _INDIAN_GROUPS.match(text):
        return float(text.replace(",", ""))
    if _DOT_GROUPS.match(text):
        return float(text.replace(".", "").replace(",", "."))
    if _DECIMAL_COMMA.match(text):
        return float(text.replace(",", "."))
    if text.endswith("-") and _DIGITS.match(text[:-1]):
        return float(text[:-1].replace(",", ""))  # "8- to 16-metre"
    suffixed = _SUFFIXED.match(text)
    if suffixed:
        return float(suffixed.group(1).replace(",", "")) * _SUFFIX_SCALES[suffixed.group(2).lower()]
    fraction = _FRACTION.match(text)
    if fraction and int(fraction.group(2)) != 0:
        return int(fraction.group(1)) / int(fraction.group(2))
    with_unit = _WITH_UNIT.match(text) or _DEGREES.match(text)
    if with_unit:
        return float(with_unit.group(1))
    return _vulgar_fraction(text)


def _join_digit_groups(words: list[str]) -> list[str]:
    """['1', '234', '567.89'] -> ['1234567.89']; the phrase finder only lets groups through
    that were separated by one space."""
    out: list[str] = []
    for word in words:
        if out and _DIGIT_GROUP.match(word) and re.fullmatch(r"\d{1,3}|\d+\d{3}", out[-1]):
            out[-1] += word
        else:
            out.append(word)
    return out


def _segment_value(words: list[str]) -> float | None:
    """One run of number words without "and": "three hundred", "two dozens", "five eighths",
    "half a dozen", "2 1/4", "two thirds of a million", "three lakh crore"."""
    total = 0.0
    current = 0.0
    seen = False
    previous_scale = 0
    for word in _join_digit_groups(words):
        scale = 0
        digits = _digits_value(word)
        if digits is not None:
            current += digits
            seen = True
        elif word in _LETTER_SCALES and current:
            current *= _LETTER_SCALES[word]
            seen = True
        elif word in ("a", "an", "-", "of"):
            continue
        elif word in _UNITS:
            current += _UNITS[word]
            seen = True
        elif word in _DENOMINATORS:
            current = ((total + current) or 1) / _DENOMINATORS[word]
            total = 0.0
            seen = True
        elif word in _DOZEN or word == "dozens":
            current = (current or 1) * 12
            seen = True
        elif word in _SCALES:
            scale = _SCALES[word]
            if previous_scale and scale > previous_scale and not current:
                total *= scale  # "three lakh crore", "a thousand million"
            else:
                current = (current or 1) * scale
                if scale >= 1000:
                    total += current
                    current = 0
            seen = True
        else:
            return None
        previous_scale = scale
    return total + current if seen else None


def _scales_up(before: list[str], segment: list[str]) -> bool:
    """'two hundred and two thousand' is (200 + 2) x 1000: the part after "and" ends with a
    scale larger than any before it."""
    largest = max((_SCALES[w] for w in before if w in _SCALES), default=0)
    return bool(segment) and segment[-1] in _SCALES and _SCALES[segment[-1]] > largest > 0


def _is_fraction_words(segment: list[str]) -> bool:
    """'a half', 'three quarters', 'two thirds': a fraction with no scale of its own."""
    return bool(segment) and segment[-1] in _DENOMINATORS


def _ordinal_value(words: list[str]) -> float | None:
    """'one hundred fifth' is 105, 'twenty-first' 21, 'two hundredth' 200: the number an
    ordinal phrase names."""
    last = words[-1]
    base = _UNIT_ORDINALS.get(last) or _DENOMINATORS.get(last)
    if base is None:
        return None
    rest = [w for w in words[:-1] if w not in ("-", "and")]
    before = _segment_value(rest) if rest else 0.0
    if before is None:
        return None
    if last.removesuffix("s") in _ORDINAL_SCALES:
        return (before or 1) * base
    return before + base


def _compound_fraction(words: list[str]) -> float | None:
    """Fractions whose denominator takes several words: 'one twenty-fifth' (1/25), 'three
    twenty-firsts' (3/21), 'one one hundred fifth' (1/105). A singular denominator goes
    with a numerator of one ('one hundred twenty-first' is an ordinal, not 100/21)."""
    plain = [w for w in words if w != "-"]
    if len(plain) < 3 or (plain[-1] not in _UNIT_ORDINALS and plain[-1] not in _DENOMINATORS):
        return None
    split = None
    if plain[-2] in _TENS and plain[-1] in _UNIT_ORDINALS and plain[-3] != "and":
        split = len(plain) - 2
    else:
        for i in range(len(plain) - 2):  # "one one hundred fifth": "one one" is no number
            if _UNITS.get(plain[i], 99) < 10 and plain[i + 1] in _UNITS:
                split = i + 1
                break
    if split is None:
        return None
    numerator_words = plain[:split]
    singular = not plain[-1].endswith("s")
    numerator = 1.0 if numerator_words in (["a"], ["an"]) else _segment_value(numerator_words)
    if numerator is None or (singular and numerator != 1):
        return None
    denominator = _ordinal_value(plain[split:])
    if not denominator:
        return None
    return numerator / denominator


def parse_number_words(words: list[str]) -> float | None:
    """Value of a number written in words and digits: "five thousand", "1.5 million",
    "twenty-five", "a dozen", "2k", "two thirds", "one and a half million", "two hundred
    point zero three", "three million and a half"; None if the words are not a number."""
    # digits keep their case: 10M is ten million, 10m could be metres
    lowered = [
        w if any(c.isdigit() for c in w) or w in _LETTER_SCALES else w.lower()
        for w in words
        if w.strip() and w != ","  # "three million, two hundred"
    ]
    lowered = ["and" if w == "&" else w for w in lowered]
    if not lowered:
        return None
    compound = _compound_fraction(lowered)
    if compound is not None:
        return compound
    if "point" in lowered:  # "two hundred point zero three"
        i = lowered.index("point")
        whole = parse_number_words(lowered[:i]) if i else 0.0
        decimals = ""
        rest = [w for w in lowered[i + 1 :] if w != "-"]
        j = 0
        while j < len(rest):
            value = _UNITS.get(rest[j])
            if (
                value is not None
                and value >= 20
                and j + 1 < len(rest)
                and _UNITS.get(rest[j + 1], 10) < 10
            ):
                value += _UNITS[rest[j + 1]]  # "seventy-one"
                j += 1
            decimals += str(value) if value is not None else rest[j]
            j += 1
        if whole is None or not decimals.isdigit():
            return None
        return whole + float("0." + decimals)
    segments: list[list[str]] = [[]]
    for word in lowered:
        if word == "and":
            segments.append([])
        else:
            segments[-1].append(word)
    # Whole numbers joined by "and" are one number ("two hundred and two thousand");
    # a fraction after "and" is added ("twenty and three fifths") or, after a scale,
    # taken of that scale ("three million and a half").
    whole_words: list[str] = []
    total = 0.0
    for segment in segments:
        if (
            _is_fraction_words(segment)
            and whole_words
            and _SCALES.get(whole_words[-1], 1000) < 1000
            and segment[0] in _UNITS
            and (_segment_value(segment) or 0) >= 1
        ):
            # "one hundred and thirty fifths" is 130/5: nobody writes an improper fraction
            # after a whole number; "one hundred and three quarters" is 100.75, below
            whole_words.extend(segment)
        elif _is_fraction_words(segment) and whole_words:
            fraction = _segment_value(segment)
            whole = _segment_value(whole_words)
            if fraction is None or whole is None:
                return None
            last_scale = _SCALES.get(whole_words[-1], 1)
            total += whole + fraction * (last_scale if last_scale >= 1000 else 1)
            whole_words = []
        elif segment and segment[-1] in _SCALES and any(w in _DENOMINATORS for w in segment):
            # "one and a half million", "one billion and three quarters million"
            scale = _SCALES[segment[-1]]
            fraction = _segment_value(segment[:-1])
            whole = _segment_value(whole_words) if whole_words else 0.0
            if fraction is None or whole is None:
                return None
            if whole < scale:
                total += (whole + fraction) * scale
            else:
                total += whole + fraction * scale
            whole_words = []
        elif whole_words and not _scales_up(whole_words, segment):
            part = _segment_value(whole_words)
            if part is None:
                return None
            total += part
            whole_words = list(segment)
        else:
            whole_words.extend(segment)
    if whole_words:
        part = _segment_value(whole_words)
        if part is None:
            return None
        total += part
    return total


ABBREVIATED_SCALES = frozenset({"k", "bn", "mln", "bln", "tln"})
"""Written after digits only ("10 bln"); alone they are not numbers."""
ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$", re.I)
CURRENCY_SIGNS = {"$": "USD", "€": "EUR", "£": "GBP", "₽": "RUB", "₴": "UAH"}
UNIT_BY_NOUN = _ENGLISH.units
"""Counted nouns and the unit of what they count, from ``lang/data/en/numbers.toml``."""


def is_number_word(token: Token) -> bool:
    lower = token.lower_
    return bool(
        _digits_value(token.text) is not None
        or lower in _UNITS
        or (lower in _SCALES and lower not in ABBREVIATED_SCALES)
        or lower in _DOZEN
    )


def next_word(doc: Doc, index: int) -> Token | None:
    while index < len(doc) and doc[index].is_space and "\n\n" not in doc[index].text:
        index += 1
    return doc[index] if index < len(doc) and not doc[index].is_space else None


def counts_something(doc: Doc, end: int) -> bool:
    if end >= len(doc):
        return False
    noun = doc[end]
    return (
        noun.pos_ == "NOUN"
        and noun.lemma_.lower() in UNIT_BY_NOUN
        and noun.ent_type_ not in ("DATE", "TIME")
    )
