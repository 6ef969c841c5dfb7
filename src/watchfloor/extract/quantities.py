"""Quantities: numbers in digits and words, ranges, vague amounts, approximation and
comparison, and what they count.

Reads tokens, the parse and ``doc.ents``; writes ``doc._.wf_quantities``. Ages, years,
ordinals, clock times, dates and numbers inside names ("Zapad-2021", "S-400") are not
quantities.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from spacy.language import Language
from spacy.tokens import Doc, Token

from watchfloor.extract.not_quantities import (
    RANGE_TOKEN,
    TIME_UNITS,
    age_phrase_end,
    excluded,
    excluded_chunk,
)
from watchfloor.extract.numbers import (
    _DENOMINATORS,
    _DIGIT_GROUP,
    _DOZEN,
    _FRACTION,
    _LETTER_SCALES,
    _SCALES,
    _TENS,
    _UNIT_ORDINALS,
    _UNITS,
    ABBREVIATED_SCALES,
    CURRENCY_SIGNS,
    UNIT_BY_NOUN,
    _digits_value,
    is_number_word,
    next_word,
    parse_number_words,
)
from watchfloor.lang.number_words import number_words
from watchfloor.types import Quantity

__all__ = ["find_quantities", "merge_bounds", "parse_number_words"]

_ENGLISH = number_words("en")
_VAGUE = dict(_ENGLISH.vague)
_FEW = _ENGLISH.several


def _bounds(
    comparators: Mapping[tuple[str, ...], str | None], approximate: frozenset[str]
) -> list[tuple[tuple[str, ...], str | None, bool]]:
    """(words, comparator, approximate) for each phrase, longest first: "just over" is a
    bound and approximate, "about" only approximate, "equal to" neither."""
    phrases = dict.fromkeys([*comparators, *(tuple(p.split()) for p in sorted(approximate))])
    found = [(words, comparators.get(words), " ".join(words) in approximate) for words in phrases]
    return sorted(found, key=lambda item: -len(item[0]))


_BEFORE = _bounds(_ENGLISH.comparators, _ENGLISH.approximate)
"""Words before a number ("more than", "about"), from ``lang/data/en/numbers.toml``."""
_AFTER = _bounds(_ENGLISH.comparators_after, _ENGLISH.approximate_after)
"""Words after a number ("or more", "or so")."""
_VERB_COMPARATORS = dict.fromkeys(_ENGLISH.exceed, ">")
_AMOUNT_UNITS = frozenset({"USD", "EUR", "GBP", "RUB", "UAH", "percent", "length", "mass"})


_GROUP_SPACES = frozenset({" ", "\u00a0", "\u202f", "\u2009"})


_NOTATION_MARKS = ("^", "x", "×", "*", "·", "±", "+")
_NOTATION_STARTS = frozenset("0123456789-+\u2212")
_NUMBER_LIST = re.compile(r"^\d+(,\d+){2,}$")
"""'22,24,26,31': several numbers written together, when they are no grouping."""


_UNSIGNED = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_SIGNED = r"[-+\u2212]?" + _UNSIGNED
_POWER = re.compile(
    r"(?P<sign>[-+\u2212])?"
    rf"(?:(?P<mantissa>{_UNSIGNED})\s?[x×*·]\s?)?"
    r"(?P<base>\d+(?:\.\d+)?)"
    r"(?:\s?\^\s?(?P<exponent>[-+\u2212]?\d{1,3})|(?P<bare>[-\u2212]\d{1,3}))"
)
"""'1.3x10^6', '2.48×10−5', '5.5x10-3' (a power of ten), '8x2^10', '2.5^-1': a number
written with an exponent. Without a caret, only a power of ten after a mantissa takes a
negative exponent: '3x10-4' is 3 x 10^-4, but '10-3' and '3x4' are not powers."""
_TOLERANCE = re.compile(
    rf"(?P<value>{_SIGNED}(?:[eE][-+]?\d+)?)\s?(?:±|\+/-|\+-)\s?"
    r"(?P<plus>\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)"
)
"""'2,000.45±0.01', '9.83e-3 +/- 1e-5': a measured value and its tolerance."""


def _notation(doc: Doc, i: int) -> tuple[int, float, float | None] | None:
    """A number written in a notation the tokenizer splits ('1.3x10^6' is three tokens):
    (index of the token after it, value, tolerance), when one starts at token ``i`` and
    ends where a token ends."""
    # Doc.text joins every token anew: read a window of tokens instead
    window = doc[i : i + 12]
    text = window.text
    if not any(mark in text[:40] for mark in _NOTATION_MARKS):
        return None
    start = doc[i].idx
    ends = {t.idx - start + len(t): t.i + 1 for t in window}
    tolerance = _TOLERANCE.match(text)
    if tolerance and tolerance.end() in ends:
        value = float(tolerance.group("value").replace(",", "").replace("\u2212", "-"))
        return ends[tolerance.end()], value, float(tolerance.group("plus"))
    power = _POWER.match(text)
    if not power or power.end() not in ends:
        return None
    if power.group("bare") and not (power.group("mantissa") and power.group("base") == "10"):
        return None
    exponent = int((power.group("exponent") or power.group("bare")).replace("\u2212", "-"))
    try:
        value = float(power.group("base")) ** exponent
        if power.group("mantissa"):
            value *= float(power.group("mantissa").replace(",", ""))
    except (OverflowError, ZeroDivisionError):
        return None
    if power.group("sign") in ("-", "\u2212"):
        value = -value
    if math.isinf(value):
        return None
    return ends[power.end()], value, None


def _is_digits(token: Token) -> bool:
    return _digits_value(token.text) is not None and not _FRACTION.match(token.text)


def _grouped(doc: Doc, last: Token, token: Token) -> bool:
    """'40 000': a group of three digits after one space (or a no-break space) continues
    the number; '245 23' and '2019 100' are two numbers."""
    gap = last.whitespace_ + "".join(t.text_with_ws for t in doc[last.i + 1 : token.i])
    first_group = re.fullmatch(r"\d{1,3}", last.text) or _DIGIT_GROUP.match(last.text)
    return bool(first_group) and len(gap) == 1 and gap in _GROUP_SPACES


def _same_scale_follows(doc: Doc, token: Token, scale: Token) -> bool:
    """'3 hundred and 2 hundred' are two numbers: the part after "and" reaches the same
    scale again."""
    index = token.i
    while index < len(doc) and (is_number_word(doc[index]) or doc[index].text == "-"):
        if doc[index].lower_ in _SCALES and _SCALES[doc[index].lower_] == _SCALES[scale.lower_]:
            return True
        index += 1
    return False


def _fraction_follows(doc: Doc, token: Token) -> bool:
    """'three fifths', 'fifty-four hundredths' start at ``token``."""
    if token.lower_ not in _UNITS:
        return False
    after = next_word(doc, token.i + 1)
    while after is not None and (after.lower_ in _UNITS or after.text == "-"):
        after = next_word(doc, after.i + 1)
    return after is not None and after.lower_ in _DENOMINATORS


def _compound_denominator_at(doc: Doc, index: int) -> bool:
    """'twenty-first', 'twenty fifth' at ``index``: after "a", a fraction ('a twenty-first')."""
    if doc[index].lower_ not in _TENS:
        return False
    after = next_word(doc, index + 1)
    if after is not None and after.text == "-":
        after = next_word(doc, after.i + 1)
    return after is not None and after.lower_ in _UNIT_ORDINALS


def _tens_before(doc: Doc, start: int, last: Token) -> bool:
    """Whether ``last`` (or the word before the hyphen ``last``) is a tens word with a
    numerator before it in the phrase: 'one twenty-', 'three twenty'."""
    tens = last
    if last.text == "-" and last.i > start:
        tens = doc[last.i - 1]
    return tens.lower_ in _TENS and tens.i > start


def _smaller_group_follows(doc: Doc, token: Token, scale: Token) -> bool:
    """'three million, two hundred': after a comma, number words below the last scale."""
    largest = 0
    index = token.i
    while index < len(doc) and (doc[index].lower_ in _UNITS or doc[index].lower_ in _SCALES):
        largest = max(largest, _SCALES.get(doc[index].lower_, 0))
        index += 1
    return index > token.i and largest < _SCALES[scale.lower_]


def _extend_phrase(doc: Doc, start: int) -> int:
    """End of the number phrase that starts at ``start``: number words, scales, fractions,
    "and", "point", hyphens, and spaces between them."""
    end = start + 1
    last = doc[start]
    n = len(doc)
    while end < n:
        token = doc[end]
        if token.is_space:
            if "\n\n" in token.text:
                break
            end += 1
            continue
        lower = token.lower_
        following = next_word(doc, end + 1)
        following_lower = following.lower_ if following is not None else ""
        if _is_digits(token) and _is_digits(last):
            if _DIGIT_GROUP.match(token.text) and _grouped(doc, last, token):
                last = token  # "40 000", "1 234 567"
                end += 1
                continue
            break  # two numbers in a row are two quantities
        if (
            is_number_word(token)
            or lower in ("dozens",)
            or (lower in ABBREVIATED_SCALES and _is_digits(last))
            or (token.text in _LETTER_SCALES and _is_digits(last) and not last.whitespace_)
            or (
                lower in _DENOMINATORS
                and (last.lower_ in _UNITS or last.lower_ in _SCALES or last.lower_ in ("a", "-"))
            )
            or (lower in _UNIT_ORDINALS and _tens_before(doc, start, last))  # one twenty-first
            or (
                # "three million, two hundred"
                lower == ","
                and token.whitespace_
                and last.lower_ in _SCALES
                and _SCALES[last.lower_] >= 1000
                and following is not None
                and following_lower in _UNITS
                and _smaller_group_follows(doc, following, last)
            )
            or (lower == "point" and following is not None and is_number_word(following))
            or (
                lower == "-"
                and following is not None
                and (
                    is_number_word(following)
                    or following_lower in _DENOMINATORS
                    or (following_lower in _UNIT_ORDINALS and _tens_before(doc, start, last))
                )
                and not _is_digits(last)
            )
            or (
                # "three hundred and five", "one and a half", "twenty and three fifths";
                # "ten and fifteen" is two numbers.
                lower in ("and", "&")
                and following is not None
                and not _is_digits(last)
                and (
                    (
                        last.lower_ in _SCALES
                        and is_number_word(following)
                        and (  # "3 hundred and 21", but "4 thousand 3 hundred and 0" are two
                            not _is_digits(following)
                            or 0 < (_digits_value(following.text) or 0) < _SCALES[last.lower_]
                        )
                        and not _same_scale_follows(doc, following, last)
                    )
                    or following_lower in ("a", "an")
                    or _fraction_follows(doc, following)
                )
            )
            or (
                # "two thirds of a million"
                lower == "of"
                and last.lower_ in _DENOMINATORS
                and following is not None
                and following_lower in ("a", "an")
                and (nxt := next_word(doc, following.i + 1)) is not None
                and nxt.lower_ in _SCALES
            )
            or (
                lower in ("a", "an")
                and (
                    (
                        last.lower_ in ("and", "half")
                        and following_lower in {**_DENOMINATORS, **_DOZEN}
                    )
                    or (last.lower_ == "half" and following_lower in _SCALES)  # half a million
                    or (last.lower_ == "of" and following_lower in _SCALES)
                )
            )
        ):
            last = token
            end += 1
            continue
        break
    while end > start + 1 and (
        doc[end - 1].is_space or doc[end - 1].lower_ in ("and", "&", ",", "-", "a", "an", "point")
    ):
        end -= 1
    return end


def _repeated_unit(doc: Doc, end: int) -> list[str]:
    """'44 mg to 50 mg', 'between 2 km and 5 km': the unit words written after both bounds,
    or [] when there are none."""
    for size in (1, 2):
        words = [t.text for t in doc[end : end + size]]
        symbol = size == 1 and words in (["°"], ["%"])
        if not symbol and (
            len(words) < size or any(is_number_word(t) or t.is_punct for t in doc[end : end + size])
        ):
            continue
        joiner = end + size
        if joiner + 1 >= len(doc) or doc[joiner].lower_ not in ("to", "and", "-", "–"):
            continue
        upper_end = _extend_phrase(doc, joiner + 1) if is_number_word(doc[joiner + 1]) else None
        if upper_end is not None and [t.text for t in doc[upper_end : upper_end + size]] == words:
            return words
    return []


def _ratio(doc: Doc, end: int, value: float) -> tuple[float, int] | None:
    """'one out of three', '1 in 5 residents': the proportion and the end of its phrase."""
    if end + 1 < len(doc) and doc[end].lower_ == "out" and doc[end + 1].lower_ == "of":
        start = end + 2
    elif end < len(doc) and doc[end].lower_ == "in":
        start = end + 1
    else:
        return None
    if start >= len(doc) or not is_number_word(doc[start]) or doc[start].ent_type_ == "DATE":
        return None
    ratio_end = _extend_phrase(doc, start)
    whole = parse_number_words([t.text for t in doc[start:ratio_end] if not t.is_space])
    if whole is None or not value < whole <= 1_000_000:
        return None
    return value / whole, ratio_end


def _over(doc: Doc, end: int, value: float) -> tuple[float, int] | None:
    """'one over three', '2000 over 3': a quotient, and the end of its phrase. 'five over
    three days' is not one, nor is 'over 3,000 troops' after a number of something else."""
    over = next_word(doc, end)
    if over is None or over.lower_ != "over":
        return None
    right = next_word(doc, over.i + 1)
    if right is None or not is_number_word(right) or right.ent_type_ == "DATE":
        return None
    right_end = _extend_phrase(doc, right.i)
    divisor = parse_number_words([t.text for t in doc[right.i : right_end] if not t.is_space])
    after = next_word(doc, right_end)
    if not divisor or (
        after is not None
        and (after.pos_ in ("NOUN", "PROPN", "SYM", "ADJ", "NUM") or after.text == "%")
    ):
        return None
    return value / divisor, right_end


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
    preceding = [t for t in doc[max(0, start - 8) : start] if not t.is_space]
    for words, comparator, approximate in _BEFORE:
        n = len(words)
        if len(preceding) < n:
            continue
        if tuple(t.lower_.rstrip(".") for t in preceding[-n:]) == words:
            return preceding[-n].i, comparator, approximate
    return start, None, False


def _phrase_after_or_equal(doc: Doc, end: int) -> int:
    """'less than 5000 or equal (to)': the end of a trailing "or equal (to)", or ``end``."""
    words = [t.lower_ for t in doc[end : end + 3]]
    if words[:2] == ["or", "equal"]:
        stop = end + (3 if words[2:3] == ["to"] else 2)
        if not _number_at(doc, stop):  # "more than 5000 or equal to 6000": a second number
            return stop
    return end


def _number_at(doc: Doc, index: int) -> bool:
    """Whether a number starts at ``index``, past "than", "to" and "equal"."""
    following = next_word(doc, index)
    while following is not None and following.lower_ in ("than", "to", "equal", "or"):
        following = next_word(doc, following.i + 1)
    return following is not None and is_number_word(following)


def _phrase_after(doc: Doc, end: int) -> tuple[int, str | None, bool]:
    for words, comparator, approximate in _AFTER:
        n = len(words)
        if tuple(t.lower_ for t in doc[end : end + n]) == words:
            if words == ("+",) and end + 1 < len(doc) and doc[end + 1].text.startswith("/"):
                continue  # "9.83e-3 +/- 1e-5": a tolerance
            if comparator and _number_at(doc, end + n):
                continue  # "200 or greater than 190": a second quantity, not a bound
            return end + n, comparator, approximate
    return end, None, False


def find_quantities(doc: Doc) -> list[Quantity]:
    """Every quantity in ``doc``, in text order."""
    text = doc.text  # once: Doc.text joins every token anew
    found: list[Quantity] = []
    i = 0
    n = len(doc)
    while i < n:
        token = doc[i]
        lower = token.lower_
        start = i
        vague = None
        chunk_end = excluded_chunk(doc, i)
        if chunk_end is not None:
            i = chunk_end
            continue
        packed = RANGE_TOKEN.match(token.text)
        if packed:
            low_value, high_value = _digits_value(packed.group(1)), _digits_value(packed.group(2))
            if low_value is not None and high_value is not None and low_value < high_value:
                counted_token = _counted(doc, i, i + 1)
                unit = (
                    UNIT_BY_NOUN.get(counted_token.lemma_.lower())
                    if counted_token is not None
                    else None
                )
                found.append(
                    Quantity(
                        start=token.idx, end=token.idx + len(token), text=token.text,
                        value=(low_value + high_value) / 2, unit=unit,
                        counted=counted_token.text if counted_token is not None else None,
                        low=low_value, high=high_value,
                    )
                )  # fmt: skip
                i += 1
                continue
        listed = _NUMBER_LIST.match(token.text)
        if listed and not _digits_value(token.text):  # "22,24,26,31": numbers, one each
            at = token.idx
            for item in token.text.split(","):
                found.append(
                    Quantity(start=at, end=at + len(item), text=item, value=float(item), unit=None)
                )
                at += len(item) + 1
            i += 1
            continue
        written = _notation(doc, i) if token.text[:1] in _NOTATION_STARTS else None
        if written is not None:
            pass
        elif lower in _VAGUE or (
            lower in _FEW and i + 1 < n and doc[i + 1].lower_ in _SCALES | _VAGUE
        ):
            vague = token
        elif not is_number_word(token) and not (
            lower in ("a", "an", "half", "quarter")
            and i + 1 < n
            and (
                doc[i + 1].lower_ in {**_SCALES, **_DOZEN, **_DENOMINATORS, "a": 0}
                or (lower in ("a", "an") and _compound_denominator_at(doc, i + 1))
            )
        ):
            i += 1
            continue
        if written is not None:
            end = written[0]
        elif vague is not None:
            end = i + 1
            if end + 1 < n and doc[end].lower_ == "of" and doc[end + 1].lower_ in _VAGUE:
                end += 2  # "tens of thousands"
            elif end < n and doc[end].lower_ in _SCALES | _VAGUE:
                end += 1  # "several thousand"
        else:
            end = _extend_phrase(doc, i)
        words = [t.text for t in doc[start:end] if not t.is_space]
        approximate = False
        if vague is not None:
            base = _VAGUE.get(words[-1].lower()) or _FEW.get(words[0].lower(), 1) * (
                _SCALES.get(words[-1].lower(), 1)
            )
            value: float | None = float(base)
            if words[0].lower() == "tens" and len(words) == 3:
                value = 10.0 * _VAGUE[words[-1].lower()] if words[-1].lower() in _VAGUE else value
            approximate = True
        elif written is not None:
            value = written[1]
        else:
            value = parse_number_words(words)
        quotient = None
        if value is not None and vague is None and written is None:
            quotient = _over(doc, end, value)
            if quotient is not None:  # "one over three", "2000 over 3"
                value, end = quotient
        ratio = _ratio(doc, end, value) if value is not None and vague is None else None
        if ratio is not None:  # "one in five", "two out of three"
            value, end = ratio
        if value is not None and start > 0 and doc[start - 1].lower_ in ("negative", "minus"):
            value, start = -value, start - 1
        age_end = age_phrase_end(doc, start, end) if value is not None and vague is None else None
        plain = written is None and quotient is None  # a power or quotient is never a year
        if age_end is None and (value is None or (plain and excluded(doc, start, end))):
            i = end
            continue
        if (
            age_end is not None and value is not None
        ):  # an age is a quantity of years, not a head count
            first_char, last_char = doc[start].idx, doc[age_end - 1].idx + len(doc[age_end - 1])
            if start > 0 and doc[start - 1].lower_ in ("aged", "age"):
                first_char = doc[start - 1].idx
            before, age_comparator, age_approximate = _phrase_before(doc, start)
            first_char = min(first_char, doc[before].idx)
            found.append(
                Quantity(
                    start=first_char,
                    end=last_char,
                    text=text[first_char:last_char],
                    value=value,
                    unit="year",
                    counted=None,
                    role="age",
                    comparator=age_comparator,
                    approximate=age_approximate,
                )
            )
            i = age_end
            continue
        low = high = None
        # Ranges: "2,000-3,000", "2,000 to 3,000", "between 2,000 and 3,000", "from 2 to 5".
        span_end = end
        if end + 2 < n and doc[end].text in ("-", "–") and doc[end + 1].lower_ == "to":
            end += 1  # "8- to 16-meter"
        unit_words = _repeated_unit(doc, end)
        end += len(unit_words)
        if (
            end + 1 < n
            and doc[end].lower_ in ("-", "–", "to", "and", "through", "~")
            and is_number_word(doc[end + 1])
        ):
            joiner = doc[end].lower_
            between = start > 0 and doc[start - 1].lower_ in ("between", "from")
            if joiner in ("-", "–", "to", "through", "~") or between:
                r_end = _extend_phrase(doc, end + 1)
                upper = parse_number_words([t.text for t in doc[end + 1 : r_end] if not t.is_space])
                if unit_words:  # "44 mg to 50 mg": the unit again after the upper bound
                    r_end += len(unit_words)
                if upper is not None and value is not None and (upper > value or upper < value < 0):
                    # "2 to 3 million": the scale of the upper bound applies to the lower.
                    if (
                        value > 0
                        and upper >= 1000 * value
                        and doc[r_end - 1].lower_ in _SCALES
                        and doc[end - 1].lower_ not in _SCALES
                    ):
                        value *= _SCALES[doc[r_end - 1].lower_]
                    low, high = min(value, upper), max(value, upper)  # "-18 to -34 °C"
                    span_end = r_end
                    if between:
                        start -= 1
        phrase_start, comparator, approx_before = _phrase_before(doc, start)
        counted_token = _counted(doc, start, span_end)
        if unit_words and low is not None:
            counted_token = doc[span_end - 1]  # "between 2 km and 5 km"
        phrase_end, comparator_after, approx_after = _phrase_after(doc, span_end)
        if comparator_after is None and counted_token is not None and counted_token.i == span_end:
            # "500 soldiers or more"
            after_noun, comparator_after, approx_noun = _phrase_after(doc, counted_token.i + 1)
            if comparator_after is not None or approx_noun:
                phrase_end, approx_after = after_noun, approx_noun
        comparator = comparator or comparator_after
        if comparator in (">", "<"):
            or_equal = _phrase_after_or_equal(doc, phrase_end)
            if or_equal != phrase_end:
                comparator, phrase_end = comparator + "=", or_equal
        approximate = approximate or approx_before or approx_after
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
        if start > 0 and doc[start - 1].text in CURRENCY_SIGNS:
            unit = CURRENCY_SIGNS[doc[start - 1].text]
            phrase_start = min(phrase_start, start - 1)
        elif counted_token is not None:
            counted = counted_token.text
            unit = UNIT_BY_NOUN.get(counted_token.lemma_.lower()) or UNIT_BY_NOUN.get(
                counted_token.lower_
            )
        if written is not None and written[2] is not None and low is None:
            low, high = written[1] - written[2], written[1] + written[2]  # "2,000.45±0.01"
        if low is not None and high is not None:
            value = (low + high) / 2
        role = "amount" if unit in _AMOUNT_UNITS else "count"
        if ratio is not None:
            unit, role = "proportion", "share"  # "one in five residents": a share of them
        if counted_token is not None and counted_token.lower_ in TIME_UNITS and unit is None:
            unit, role = counted_token.lemma_.lower(), "duration"
        assert value is not None
        first_char = doc[phrase_start].idx
        last = doc[max(phrase_end, span_end) - 1]
        last_char = last.idx + len(last)
        found.append(
            Quantity(
                start=first_char,
                end=last_char,
                text=text[first_char:last_char],
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
    found.extend(_halves(doc, found, text))
    found.sort(key=lambda q: q.start)
    return found


_HALF_FOLLOWERS = frozenset(["of", "the", "its", "their", "his", "her", "our", "all", "those"])
_NOT_A_SHARE = frozenset(["first", "second", "latter", "the", "this", "that", "last", "next"])


def _halves(doc: Doc, found: list[Quantity], text: str) -> list[Quantity]:
    """ "More than half of the troops", "half the reservists": half as a share of what
    follows, with its comparator; "the second half of the year" is a time."""
    taken = [(q.start, q.end) for q in found]
    shares = []
    for token in doc[:-1]:
        following = doc[token.i + 1]
        if token.lower_ != "half" or any(s <= token.idx < e for s, e in taken):
            continue  # part of a number already read ("half a million")
        if token.i > 0 and doc[token.i - 1].lower_ in _NOT_A_SHARE:
            continue
        start, comparator, approximate = _phrase_before(doc, token.i)
        if following.lower_ not in _HALF_FOLLOWERS and (
            # "more than half came", "nearly half said so"; but "half an hour"
            (comparator is None and not approximate) or following.lower_ in ("a", "an", "-")
        ):
            continue
        counted = next(
            (t for t in doc[token.i + 1 : token.i + 6] if t.pos_ in ("NOUN", "PROPN")), None
        )
        end = counted if counted is not None else token
        shares.append(
            Quantity(
                start=doc[start].idx,
                end=end.idx + len(end),
                text=text[doc[start].idx : end.idx + len(end)],
                value=0.5,
                unit="proportion",
                counted=counted.text if counted is not None else None,
                approximate=approximate,
                comparator=comparator,
                role="share",
            )
        )
    return shares


def merge_bounds(doc: Doc, quantities: list[Quantity]) -> list[Quantity]:
    """'more than 2,000 but fewer than 5,000': two one-sided bounds of one quantity."""
    merged: list[Quantity] = []
    text = doc.text if len(quantities) > 1 else ""
    for quantity in quantities:
        previous = merged[-1] if merged else None
        if previous is not None and previous.comparator and quantity.comparator:
            between = text[previous.end : quantity.start].strip(" ,").lower()
            kinds = {previous.comparator[0], quantity.comparator[0]}
            low_q, high_q = (
                (previous, quantity) if previous.comparator[0] == ">" else (quantity, previous)
            )
            if (
                between in ("and", "but", "", "and yet")
                and kinds == {">", "<"}
                and low_q.value < high_q.value
            ):
                low, high = low_q.value, high_q.value
                merged[-1] = Quantity(
                    start=previous.start,
                    end=quantity.end,
                    text=text[previous.start : quantity.end],
                    value=(low + high) / 2,
                    unit=previous.unit or quantity.unit,
                    counted=previous.counted or quantity.counted,
                    approximate=previous.approximate or quantity.approximate,
                    low=low,
                    high=high,
                    role=previous.role,
                )
                continue
        merged.append(quantity)
    return merged


class QuantityFinder:
    def __call__(self, doc: Doc) -> Doc:
        doc._.wf_quantities = merge_bounds(doc, find_quantities(doc))
        return doc


@Language.factory(
    "watchfloor_quantities",
    requires=["token.tag", "token.dep", "token.lemma", "doc.ents"],
    assigns=["doc._.wf_quantities"],
)
def make_quantity_finder(nlp: Language, name: str) -> QuantityFinder:
    return QuantityFinder()
