"""The PLOVER event ontology: types, quad classes, trigger words and the CAMEO mapping.

PLOVER (openeventdata/PLOVER) codes an event as what (type), how (mode) and why (context).
The trigger words of each language are data (``lang/data/<language>/events.toml``); the
CAMEO table follows PLOVER's own ``CAMEO2PLOVER`` file at the level of CAMEO's two- and
three-digit codes, so that CAMEO-coded test sets can be scored against PLOVER types.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from watchfloor.lang.data_files import LANGUAGES, read_data

__all__ = [
    "EVENT_TYPES",
    "QUAD_CLASS",
    "EventWords",
    "Trigger",
    "cameo_to_plover",
    "event_words",
    "family_of",
]

QUAD_CLASS: dict[str, str] = {
    "AGREE": "verbal cooperation",
    "CONSULT": "verbal cooperation",
    "SUPPORT": "verbal cooperation",
    "CONCEDE": "verbal cooperation",
    "COOPERATE": "material cooperation",
    "AID": "material cooperation",
    "RETREAT": "material cooperation",
    "REQUEST": "verbal conflict",
    "ACCUSE": "verbal conflict",
    "REJECT": "verbal conflict",
    "THREATEN": "verbal conflict",
    "PROTEST": "material conflict",
    "SANCTION": "material conflict",
    "MOBILIZE": "material conflict",
    "COERCE": "material conflict",
    "ASSAULT": "material conflict",
}
EVENT_TYPES = tuple(QUAD_CLASS)


@dataclass(frozen=True, slots=True)
class Trigger:
    type: str
    mode: str | None = None
    context: str | None = None
    pos: str = "any"
    """'verb', 'noun' or 'any': which part of speech the word triggers as."""
    military: bool = False
    """Triggers only in a military setting ("exercise", "drills", "deployment")."""


@dataclass(frozen=True, slots=True)
class EventWords:
    """One language's event words, read from ``lang/data/<language>/events.toml``."""

    triggers: Mapping[str, Trigger]
    """Lemma -> what it triggers."""
    phrasal: Mapping[tuple[str, str], Trigger]
    """(verb lemma, particle) -> what the phrasal verb triggers: "calling up reservists"."""
    joint_military_nouns: frozenset[str]
    """Nouns that, made joint ("joint drills", "a joint grouping with Russia"), are COOPERATE."""
    military_setting: frozenset[str]
    """Words that make a sentence military: "deployment" triggers only there."""


def _trigger(entry: Mapping[str, Any]) -> Trigger:
    return Trigger(
        entry["type"],
        entry.get("mode"),
        entry.get("context"),
        pos=entry.get("pos", "any"),
        military=bool(entry.get("military", False)),
    )


@cache
def event_words(language: str) -> EventWords:
    """The event words of ``language``; a language that borrows ("borrow = [...]": words
    spelled as in a related language trigger as they do there) gets those first."""
    data = read_data(language, "events")
    triggers: dict[str, Trigger] = {}
    phrasal: dict[tuple[str, str], Trigger] = {}
    joint: set[str] = set()
    setting: set[str] = set()
    for other in data.get("borrow", []):
        borrowed = event_words(other)
        triggers.update(borrowed.triggers)
        phrasal.update(borrowed.phrasal)
        joint |= borrowed.joint_military_nouns
        setting |= borrowed.military_setting
    for entry in data.get("triggers", []):
        triggers.update(dict.fromkeys(entry["words"], _trigger(entry)))
    for entry in data.get("phrasal", []):
        phrasal[(entry["verb"], entry["particle"])] = _trigger(entry)
    joint.update(data.get("joint_military_nouns", []))
    setting.update(data.get("military_setting", []))
    return EventWords(triggers, phrasal, frozenset(joint), frozenset(setting))


@cache
def _families() -> dict[str, str]:
    """Word -> family, over every language: linking compares events across languages."""
    return {
        word: family
        for language in LANGUAGES
        for family, words in read_data(language, "events").get("families", {}).items()
        for word in words
    }


def family_of(lemma: str) -> str:
    """The kind of event a trigger word names: "drafted" and "mobilisation" are one
    mobilization; "deployment" and "drills" are not. Claims about events of one family,
    place and actors are about the same state of affairs."""
    lemma = lemma.lower()
    return _families().get(lemma, lemma)


_CAMEO_ROOT: dict[str, str] = {
    "03": "AGREE",
    "04": "CONSULT",
    "05": "SUPPORT",
    "06": "COOPERATE",
    "07": "AID",
    "09": "ACCUSE",
    "10": "REQUEST",
    "11": "ACCUSE",
    "12": "REJECT",
    "13": "THREATEN",
    "14": "PROTEST",
    "15": "MOBILIZE",
    "16": "SANCTION",
    "17": "COERCE",
    "18": "ASSAULT",
    "19": "ASSAULT",
    "20": "ASSAULT",
}
_CAMEO_EXCEPTIONS: dict[str, str] = {
    # Where PLOVER's table departs from the CAMEO root (CAMEO2PLOVER-2021).
    "080": "CONCEDE",
    "081": "CONCEDE",
    "082": "CONCEDE",
    "083": "CONCEDE",
    "084": "RETREAT",
    "085": "RETREAT",
    "086": "RETREAT",
    "087": "RETREAT",
    "0813": "RETREAT",
    "0814": "RETREAT",
    "1712": "ASSAULT",
    "163": "COERCE",
    "175": "ASSAULT",
    "191": "COERCE",
    "192": "COERCE",
}


def cameo_to_plover(code: str) -> str | None:
    """The PLOVER type of a CAMEO event code, or None where PLOVER has no equivalent
    (statements, 01x; appeals, 02x)."""
    code = code.strip()
    if len(code) < 2 or not code[:2].isdigit():
        return None
    for length in (4, 3):
        if code[:length] in _CAMEO_EXCEPTIONS:
            return _CAMEO_EXCEPTIONS[code[:length]]
    if code[:2] == "08":
        return "CONCEDE"
    return _CAMEO_ROOT.get(code[:2])
