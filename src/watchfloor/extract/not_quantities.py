"""What looks like a quantity and is not: ages ("a 45-year-old"), years, dates, clock
times, phone numbers, ordinals and numbers inside names ("Zapad-2021", "S-400").
``quantities.py`` asks here before it keeps a number."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from watchfloor.extract.numbers import (
    _DENOMINATORS,
    CURRENCY_SIGNS,
    ORDINAL,
    counts_something,
    is_number_word,
    next_word,
)

__all__ = [
    "RANGE_TOKEN",
    "TIME_UNITS",
    "age_phrase_end",
    "excluded",
    "excluded_chunk",
    "is_calendar",
]


def excluded(doc: Doc, start: int, end: int) -> bool:
    first, last = doc[start], doc[end - 1]
    if ORDINAL.match(first.text) or ":" in first.text:
        return True
    after = next_word(doc, end)
    if (
        after is not None
        and after.lower_ in ("am", "pm", "a.m.", "p.m.", "o'clock")
        and re.fullmatch(r"(1[0-2]|0?\d)([.:][0-5]\d)?", first.text)
    ):
        return True  # a time of day
    if (
        after is not None
        and after.text in ("-", "–")
        and re.fullmatch(r"(1[89]|20)\d\d", first.text)
        and end + 1 < len(doc)
        and re.fullmatch(r"\d\d", doc[end + 1].text)
    ):
        return True  # "2013-14": a span of years
    if (
        first.ent_type_ in ("TIME", "ORDINAL")
        and last.lower_ not in _DENOMINATORS  # "one fifth" is a fraction, whatever the NER says
        and not counts_something(doc, end)
        and not (after is not None and after.lower_ in TIME_UNITS)  # "ninety minutes"
    ):
        return True
    if first.ent_type_ == "DATE" and is_calendar(doc, start, end):
        return True
    if after is not None and after.lower_ in TIME_UNITS:
        ago = next_word(doc, after.i + 1)
        if ago is not None and ago.lower_ == "ago":
            return True  # "four days ago" is a moment, not a duration
    if (
        start > 0
        and doc[start - 1].text in ("-", "+")
        and start > 1
        and not doc[start - 1].whitespace_
        and not doc[start - 2].whitespace_
        and not is_number_word(doc[start - 2])
    ):
        return True  # "Zapad-2021", "S-400", "Union Courage-2022", "J1149.5+6663"
    text = first.text.replace(",", "")
    a_year = len(doc[start:end]) == 1 and first.text.isdigit() and len(first.text) == 4
    money = start > 0 and doc[start - 1].text in CURRENCY_SIGNS
    if a_year and 1800 <= int(text) <= 2100 and not money and not counts_something(doc, end):
        return True  # a year
    if first.lower_ == "one" and end - start == 1:
        head = last.head
        if not (last.dep_ == "nummod" and head.pos_ == "NOUN"):
            return True  # "one of them", "no one"
    return False


RANGE_TOKEN = re.compile(r"^(\d[\d,.]*[kKmMbB]?)[-–~](\d[\d,.]*[kKmMbB]?)$")
_PHONE_OR_DATE = re.compile(r"^\+?\d+([-/]\d+){2,}$|^(1[89]|20)\d\d-[01]\d(-[0-3]\d)?$")


def excluded_chunk(doc: Doc, i: int) -> int | None:
    """Index after a run of text without spaces that is a phone number or a dash-written
    date ("+1-222-2222", "1995-01"), or None."""
    token = doc[i]
    if not (token.text[:1].isdigit() or token.text[:1] == "+"):
        return None
    end = i
    while end < len(doc) and not doc[end].is_space:
        end += 1
        if doc[end - 1].whitespace_ != "":
            break
    while end > i + 1 and doc[end - 1].is_punct and doc[end - 1].text not in ("-", "/"):
        end -= 1  # a full stop or comma after the chunk is not part of it
    chunk = doc[i:end].text
    return end if _PHONE_OR_DATE.match(chunk) else None


def age_phrase_end(doc: Doc, start: int, end: int) -> int | None:
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


TIME_UNITS = frozenset(
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
        "second",
        "seconds",
    ]
)
_CALENDAR = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b(mon|tues|wednes|thurs|fri|satur|sun)day\b",
    re.I,
)


def is_calendar(doc: Doc, start: int, end: int) -> bool:
    """A number the NER put in a DATE that really is a date or a duration; "eight thousand"
    tagged DATE by mistake is not."""
    entity = next((e for e in doc.ents if e.start <= start < e.end), None)
    if entity is not None and _CALENDAR.search(entity.text):
        return True
    text = doc[start].text.replace(",", "")
    return text.isdigit() and len(text) == 4 and 1800 <= int(text) <= 2100
