"""Time expressions in Russian, Ukrainian and Belarusian, resolved against the publication
date: weekdays ("в четверг", "у четвер"), days of a month ("20 февраля 2022 года"),
relative days and weeks ("вчера", "на прошлой неделе", "минулого тижня"), months
("в феврале") and years ("в 2021 году"). Natasha's NER has no DATE label, so expressions
are found by pattern; dateparser reads them in the article's language. Writes
``doc._.wf_dates`` like ``watchfloor_dates``.
"""

from __future__ import annotations

import re
import warnings
from datetime import datetime

from spacy.language import Language
from spacy.tokens import Doc

from watchfloor.types import DateMention

__all__ = ["find_dates"]

_WEEKDAYS = {
    "ru": "понедельник вторник среду среда четверг пятницу пятница субботу суббота воскресенье",
    "uk": "понеділок вівторок середу середа четвер п'ятницю п’ятницю суботу субота неділю неділя",
    "be": "панядзелак аўторак сераду серада чацвер пятніцу пятніца суботу субота нядзелю нядзеля",
}
_MONTHS = {
    "ru": [
        "январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр",
        "октябр", "ноябр", "декабр",
    ],
    "uk": [
        "січ", "лют", "берез", "квіт", "трав", "черв", "лип", "серп", "верес", "жовт",
        "листопад", "груд",
    ],
    "be": [
        "студзен", "лют", "сакавік", "красавік", "трав", "чэрвен", "ліпен", "жні", "верас",
        "кастрычнік", "лістапад", "снеж",
    ],
}  # fmt: skip
_MONTH_WORD = {  # "20 февраля": a day of the month
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "uk": "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня",
    "be": "студзеня лютага сакавіка красавіка траўня мая чэрвеня ліпеня жніўня верасня "
    "кастрычніка лістапада снежня",
}
_MONTH_IN = {  # "в феврале": a month
    "ru": "январе феврале марте апреле мае июне июле августе сентябре октябре ноябре декабре",
    "uk": "січні лютому березні квітні травні червні липні серпні вересні жовтні листопаді грудні",
    "be": "студзені лютым сакавіку красавіку траўні чэрвені ліпені жніўні верасні кастрычніку "
    "лістападзе снежні",
}
_RELATIVE_DAYS = {
    "ru": r"(?:позавчера|вчера|сегодня|завтра)",
    "uk": r"(?:позавчора|вчора|учора|сьогодні|завтра)",
    "be": r"(?:пазаўчора|учора|сёння|заўтра)",
}
_RELATIVE_WEEKS = {
    "ru": r"(?:на (?:прошлой|этой|следующей) неделе)",
    "uk": r"(?:(?:минулого|цього|наступного) тижня)",
    "be": r"(?:(?:на )?(?:мінулым|гэтым|наступным) тыдні)",
}
_YEAR_WORDS = {
    "ru": r"(?:году|года|год|г\.)",
    "uk": r"(?:році|року|рік|р\.)",
    "be": r"(?:годзе|года|год|г\.)",
}
_PREPOSITIONS = r"(?:(?:в|во|у|ў|на|с|з|до|к)\s+)?"


def _alternatives(words: str) -> str:
    return "(?:" + "|".join(words.split()) + ")"


def _pattern(language: str) -> re.Pattern[str]:
    weekdays = "|".join(_WEEKDAYS[language].split())
    month_word, month_in = _alternatives(_MONTH_WORD[language]), _alternatives(_MONTH_IN[language])
    return re.compile(
        rf"(?<![\w-])(?:"
        rf"(?P<day>\d{{1,2}}\s+{month_word}(?:\s+\d{{4}}(?:\s+{_YEAR_WORDS[language]})?)?)"
        rf"|(?P<weekday>{_PREPOSITIONS}(?:{weekdays}))"
        rf"|(?P<relday>{_RELATIVE_DAYS[language]})"
        rf"|(?P<week>{_RELATIVE_WEEKS[language]})"
        rf"|(?P<month>{_PREPOSITIONS}{month_in}(?:\s+\d{{4}})?)"
        rf"|(?P<year>{_PREPOSITIONS}(?P<y>\d{{4}})\s+{_YEAR_WORDS[language]})"
        rf")(?![\w-])",
        re.I,
    )


_PATTERNS = {language: _pattern(language) for language in _WEEKDAYS}


def _parse(
    text: str, language: str, published: datetime | None, *, strip: bool = True
) -> datetime | None:
    import dateparser  # imported here: it takes half a second and only dates need it

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if published is not None:
        settings["RELATIVE_BASE"] = published.replace(tzinfo=None)
    cleaned = re.sub(rf"^{_PREPOSITIONS}", "", text.strip(), flags=re.I) if strip else text
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return dateparser.parse(cleaned, languages=[language], settings=settings)


def _month_number(word: str, language: str) -> int | None:
    lower = word.lower()
    for number, stem in enumerate(_MONTHS[language], start=1):
        if lower.startswith(stem) and (stem != "ма" or lower in ("мае", "мая", "май")):
            return number
    return None


def find_dates(text: str, language: str, published: datetime | None) -> list[DateMention]:
    """Time expressions of ``text`` with their ISO values (relative ones need
    ``published``)."""
    found = []
    for match in _PATTERNS[language].finditer(text):
        kind = next(
            k for k in ("day", "weekday", "relday", "week", "month", "year") if match.group(k)
        )
        relative = kind in ("weekday", "relday", "week")
        value: str | None = None
        if kind == "year":
            value = match.group("y")
            relative = False
        elif kind == "month":
            words = match.group(0).split()
            year = next((w for w in words if w.isdigit()), None)
            number = _month_number(
                next(w for w in words if not w.isdigit() and len(w) > 2), language
            )
            if number is not None and year is not None:
                value = f"{year}-{number:02d}"
            elif number is not None and published is not None:
                past = published.year if number <= published.month else published.year - 1
                value, relative = f"{past}-{number:02d}", True
        elif not relative or published is not None:
            parsed = _parse(match.group(0), language, published, strip=kind != "week")
            if parsed is not None:
                value = f"{parsed:%G-W%V}" if kind == "week" else f"{parsed:%Y-%m-%d}"
        found.append(
            DateMention(
                start=match.start(),
                end=match.end(),
                text=match.group(0),
                value=value,
                relative=relative,
            )
        )
    return found


class SlavicDates:
    def __init__(self, language: str) -> None:
        self.language = language

    def __call__(self, doc: Doc) -> Doc:
        doc._.wf_dates = find_dates(doc.text, self.language, doc._.wf_published)
        return doc


@Language.factory(
    "watchfloor_dates_slavic",
    requires=[],
    assigns=["doc._.wf_dates"],
    default_config={"language": "ru"},
)
def make_slavic_dates(nlp: Language, name: str, language: str) -> SlavicDates:
    return SlavicDates(language)
