"""Time expressions, resolved against the article's publication date.

Reads ``doc.ents`` (DATE) and ``doc._.wf_published``; writes ``doc._.wf_dates``. "On
Thursday" is the last Thursday on or before publication, as news uses it; "last week" is
the week before. Durations ("three days") are not dates.
"""

from __future__ import annotations

import re
import warnings
from datetime import datetime

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


def resolve_date(text: str, published: datetime | None) -> tuple[str | None, bool]:
    """ISO value of a time expression, and whether it was resolved relative to ``published``."""
    import dateparser  # imported here: it takes half a second and only dates need it

    cleaned = re.sub(r"^(on|in|since|by|until|from|at|during)\s+", "", text.strip(), flags=re.I)
    relative = bool(_WEEKDAY.search(cleaned) or _RELATIVE.search(cleaned))
    if relative and published is None:
        return None, True
    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if published is not None:
        settings["RELATIVE_BASE"] = published.replace(tzinfo=None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = dateparser.parse(cleaned, languages=["en"], settings=settings)
    if parsed is None:
        return None, relative
    if re.search(r"\b(last|this|next)\s+week\b", cleaned, re.I):
        return f"{parsed:%G-W%V}", True
    if re.search(r"\b(last|this|next)\s+month\b", cleaned, re.I) or (
        _MONTH.search(cleaned) and not re.search(r"\d{1,2}(?!\d)", _YEAR.sub("", cleaned))
    ):
        return f"{parsed:%Y-%m}", relative
    if re.fullmatch(r"(the\s+)?(year\s+)?\d{4}", cleaned, re.I) or re.search(
        r"\b(last|this|next)\s+year\b", cleaned, re.I
    ):
        return f"{parsed:%Y}", relative
    return f"{parsed:%Y-%m-%d}", relative


class DateResolver:
    def __call__(self, doc: Doc) -> Doc:
        published: datetime | None = doc._.wf_published
        dates = []
        for ent in doc.ents:
            if ent.label_ != "DATE" or _is_duration(ent):
                continue
            value, relative = resolve_date(ent.text, published)
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


def _is_duration(ent: Span) -> bool:
    return bool(_DURATION.match(ent.text.strip())) and "ago" not in ent.text.lower()


@Language.factory("watchfloor_dates", requires=["doc.ents"], assigns=["doc._.wf_dates"])
def make_date_resolver(nlp: Language, name: str) -> DateResolver:
    return DateResolver()
