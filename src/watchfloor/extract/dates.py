"""Time expressions, resolved against the article's publication date.

Reads ``doc.ents`` (DATE), the parse (for tense) and ``doc._.wf_published``; writes
``doc._.wf_dates``. A weekday or a date without a year is read the way the sentence's
tense points from publication (docs/ledger.md); "last week" is the week before.
Durations ("three days") are not dates.
"""

from __future__ import annotations

import re
import warnings
from datetime import datetime, timedelta
from typing import Literal

from spacy.language import Language
from spacy.tokens import Doc, Span

from watchfloor.types import DateMention

__all__ = ["resolve_date"]

_DURATION = re.compile(
    r"^(the\s+)?(past|last|next|first|coming)?\s*(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"several|few|many|some)\s+(more\s+)?(days?|weeks?|months?|years?|hours?|decades?)$",
    re.I,
)
_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
_RELATIVE = re.compile(
    r"\b(yesterday|today|tomorrow|last|next|this|ago|earlier|later|recently)\b", re.I
)
_MONTHS = "january february march april may june july august september october november december"
_MONTH = re.compile(r"\b(" + "|".join(_MONTHS.split()) + r")\b", re.I)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


Tense = Literal["past", "future"] | None
"""Which way the sentence points from publication: past, future, or not known."""

_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()


def resolve_date(
    text: str, published: datetime | None, tense: Tense = None
) -> tuple[str | None, bool]:
    """ISO value of a time expression, and whether it was resolved relative to
    ``published``. A date that needs publication to be read (a weekday, "yesterday", a
    day or month without a year) stays unresolved without it. A weekday is the day of
    publication when it falls on it (unless "last" or "next" says otherwise), else the
    nearest such day before publication, or after it when the sentence is in the future
    tense; a day or month without a year takes the year that puts it nearest publication
    in the direction of ``tense`` (nearest either way when the tense is not known)."""
    import dateparser  # imported here: it takes half a second and only dates need it

    cleaned = re.sub(r"^(on|in|since|by|until|from|at|during)\s+", "", text.strip(), flags=re.I)
    weekday = _WEEKDAY.search(cleaned)
    yearless = bool(_MONTH_WORD.search(cleaned)) and not _YEAR.search(cleaned)
    relative = bool(weekday or _RELATIVE.search(cleaned) or yearless)
    if relative and published is None:
        return None, True
    base = published.replace(tzinfo=None) if published is not None else None
    if weekday and base is not None and _bare_weekday(cleaned):
        return _weekday(weekday.group(1).lower(), cleaned.lower(), base, tense), True
    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = dateparser.parse(cleaned, languages=["en"], settings=settings)
    if parsed is None:
        return None, relative
    if yearless and base is not None:
        parsed = _nearest_year(parsed, base, tense, whole_month=not _has_day(cleaned))
    if re.search(r"\b(last|this|next)\s+week\b", cleaned, re.I):
        return f"{parsed:%G-W%V}", True
    if re.search(r"\b(last|this|next)\s+month\b", cleaned, re.I) or (
        _MONTH.search(cleaned) and not _has_day(cleaned)
    ):
        return f"{parsed:%Y-%m}", relative
    if re.fullmatch(r"(the\s+)?(year\s+)?\d{4}", cleaned, re.I) or re.search(
        r"\b(last|this|next)\s+year\b", cleaned, re.I
    ):
        return f"{parsed:%Y}", relative
    return f"{parsed:%Y-%m-%d}", relative


_MONTH_WORD = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)(uary|ruary|ch|il|e|y|ust|"
    r"tember|ober|ember)?\b\.?",
    re.I,
)


def _has_day(text: str) -> bool:
    return bool(re.search(r"\d{1,2}(?!\d)", _YEAR.sub("", text)))


def _bare_weekday(text: str) -> bool:
    """ "Thursday", "last Thursday", "Thursday morning": a weekday and nothing that
    dates it otherwise (a month, a number)."""
    return not _MONTH_WORD.search(text) and not re.search(r"\d", text)


def _weekday(name: str, text: str, base: datetime, tense: Tense) -> str:
    target = _WEEKDAYS.index(name)
    back = (base.weekday() - target) % 7  # days back to the latest such day, 0 = today
    ahead = (target - base.weekday()) % 7
    if re.search(r"\bnext\b", text):
        days = ahead or 7
    elif re.search(r"\blast\b", text):
        days = -(back or 7)
    elif back == 0:
        days = 0  # "on Thursday" in Thursday's paper is that day
    elif tense == "future" or (re.search(r"\bthis\b", text) and ahead < back):
        days = ahead
    else:
        days = -back
    return f"{base + timedelta(days=days):%Y-%m-%d}"


def _nearest_year(parsed: datetime, base: datetime, tense: Tense, *, whole_month: bool) -> datetime:
    """``parsed`` moved to the year that puts it nearest ``base`` in the direction of
    ``tense``: "Nov. 8" in a July 2016 article is 2016-11-08 (or 2015-11-08 when the
    sentence is in the past tense)."""
    candidates = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            candidates.append(parsed.replace(year=year))
        except ValueError:  # 29 February
            continue

    def period(moment: datetime) -> tuple[int, ...]:
        """What "before" and "after" compare: the month for a month, else the day."""
        return (
            (moment.year, moment.month) if whole_month else (moment.year, moment.month, moment.day)
        )

    now = period(base)
    if tense == "past":
        allowed = [c for c in candidates if period(c) <= now]
    elif tense == "future":
        allowed = [c for c in candidates if period(c) >= now]
    else:
        allowed = candidates
    pool = allowed or candidates
    return min(pool, key=lambda c: abs((c - base).total_seconds()))


class DateResolver:
    def __call__(self, doc: Doc) -> Doc:
        published: datetime | None = doc._.wf_published
        dates = []
        for ent in doc.ents:
            if ent.label_ != "DATE" or _is_duration(ent):
                continue
            value, relative = resolve_date(ent.text, published, _tense(ent))
            dates.append(
                DateMention(
                    start=ent.start_char,
                    end=ent.end_char,
                    text=ent.text,
                    value=value,
                    relative=relative,
                )
            )
        doc._.wf_dates = dates
        return doc


def _tense(ent: Span) -> Tense:
    """Past or future from the verb the date hangs off: "will meet on Thursday" points
    ahead, "met on Thursday" back; a date with no verb above it (a headline, "the Nov. 8
    election") has no tense."""
    verb = ent.root
    while verb.dep_ != "ROOT" and verb.pos_ not in ("VERB", "AUX"):
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    helpers = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(h.lower_ in ("will", "'ll", "shall") for h in helpers) or (
        verb.head.lower_ == "going" and verb.dep_ == "xcomp"
    ):
        return "future"
    if verb.tag_ == "VBD" or any(h.tag_ == "VBD" or h.lemma_ == "have" for h in helpers):
        return "past"  # "met", "was met", "has met"; not "are set for" (present passive)
    return None


def _is_duration(ent: Span) -> bool:
    return bool(_DURATION.match(ent.text.strip())) and "ago" not in ent.text.lower()


@Language.factory("watchfloor_dates", requires=["doc.ents"], assigns=["doc._.wf_dates"])
def make_date_resolver(nlp: Language, name: str) -> DateResolver:
    return DateResolver()
