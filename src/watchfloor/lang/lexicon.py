"""General English resources for attribution, modality and polarity.

Word lists from the study of reported speech and hedging (reporting verbs after
Bergler's and Pareti's attribution work; hedge cues after the BioScope and FactBank
annotation guidelines), not from any one article.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from watchfloor.types import Modality

DATA = Path(__file__).resolve().parent / "data" / "en"


@cache
def speaking_nouns() -> frozenset[str]:
    """Common nouns that head the sources of news attributions ("attorneys", "campaign",
    "poll"), learnt from annotated news by ``train/speaking_nouns.py``."""
    lines = (DATA / "speaking_nouns.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


DENIAL_VERBS = frozenset(
    [
        "deny",
        "reject",
        "refute",
        "dismiss",
        "rebut",
        "disprove",
        "repudiate",
        "dispute",
        "contradict",
    ]
)
"""Cue verbs whose source rejects the content: polarity ``denied``."""

# Reporting and epistemic verbs (lemmas) and the modality they give the content.
CUE_VERBS: dict[str, Modality] = {
    **dict.fromkeys(DENIAL_VERBS, Modality.CERTAIN),
    **dict.fromkeys(
        [
            "say",
            "tell",
            "report",
            "claim",
            "state",
            "announce",
            "declare",
            "add",
            "insist",
            "note",
            "stress",
            "emphasise",
            "emphasize",
            "confirm",
            "reveal",
            "disclose",
            "write",
            "inform",
            "explain",
            "argue",
            "assert",
            "maintain",
            "reiterate",
            "repeat",
            "acknowledge",
            "admit",
            "concede",
            "warn",
            "allege",
            "accuse",
            "affirm",
            "testify",
            "find",
            "learn",
            "indicate",
            "point_out",
            "recall",
            "remark",
            "comment",
            "describe",
            "quote",
            "cite",
            "brief",
            "show",
            "prove",
            "establish",
            "demonstrate",
            "publish",
            "post",
            "tweet",
            "announce_that",
            "specify",
            "detail",
            "clarify",
            "underline",
            "highlight",
            "signal",
            "stipulate",
            "order",
            "decree",
            "promise",
            "pledge",
            "vow",
            "threaten",
            "urge",
            "demand",
        ],
        Modality.CERTAIN,
    ),
    **dict.fromkeys(
        [
            "believe",
            "think",
            "expect",
            "suspect",
            "assume",
            "estimate",
            "predict",
            "consider",
            "feel",
            "reckon",
            "anticipate",
            "judge",
            "conclude",
            "assess",
            "forecast",
            "presume",
            "calculate",
        ],
        Modality.PROBABLE,
    ),
    **dict.fromkeys(
        [
            "speculate",
            "rumour",
            "rumor",
            "suggest",
            "guess",
            "hint",
            "hypothesise",
            "hypothesize",
            "fear",
            "suppose",
            "imagine",
            "theorise",
            "theorize",
            "surmise",
            "wonder",
            "doubt",
        ],
        Modality.POSSIBLE,
    ),
    **dict.fromkeys(["ask", "question", "query", "inquire", "enquire"], Modality.UNKNOWN),
}


NOUN_OBJECT_CUES = DENIAL_VERBS | frozenset(
    [
        "announce",
        "confirm",
        "report",
        "admit",
        "acknowledge",
        "allege",
        "claim",
        "predict",
        "estimate",
        "reveal",
        "disclose",
        "declare",
        "promise",
        "pledge",
        "order",
        "threaten",
        "demand",
        "publish",
        "describe",
    ]
)
"""Cue verbs whose direct object can be the content ("denies any mobilisation")."""

DISTANCING_ADVERBS = frozenset(
    [
        "reportedly",
        "allegedly",
        "purportedly",
        "supposedly",
        "apparently",
        "ostensibly",
        "seemingly",
    ]
)
"""The author keeps a distance from what is reported."""

DISTANCING_CUES = frozenset(["claim", "allege", "purport"])
"""Cue verbs that, chosen by the author, distance the author from the content."""

# Hedge cues inside the content: the weakest one wins.
HEDGE_WORDS: dict[str, Modality] = {
    **dict.fromkeys(
        ["may", "might", "could", "possibly", "perhaps", "maybe", "potentially", "conceivably"],
        Modality.POSSIBLE,
    ),
    **dict.fromkeys(
        [
            "likely",
            "probably",
            "presumably",
            "should",
            "unlikely",
            "plausibly",
            "expected",
            "probable",
            "apparently",
            "seemingly",
        ],
        Modality.PROBABLE,
    ),
}
HEDGE_PHRASES: dict[str, Modality] = {
    "is expected to": Modality.PROBABLE,
    "are expected to": Modality.PROBABLE,
    "is believed to": Modality.PROBABLE,
    "are believed to": Modality.PROBABLE,
    "is said to": Modality.PROBABLE,
    "is thought to": Modality.PROBABLE,
    "it is possible": Modality.POSSIBLE,
    "there is a chance": Modality.POSSIBLE,
    "appeared to": Modality.PROBABLE,
    "appears to": Modality.PROBABLE,
    "it appeared that": Modality.PROBABLE,
    "it appears that": Modality.PROBABLE,
    "investigating whether": Modality.POSSIBLE,
    "not ruled out": Modality.POSSIBLE,
    "not rule out": Modality.POSSIBLE,
    "not yet confirmed": Modality.POSSIBLE,
}

MODALITY_ORDER = (Modality.CERTAIN, Modality.PROBABLE, Modality.POSSIBLE, Modality.UNKNOWN)
"""From strongest to weakest commitment: when several cues apply, the weakest wins."""


def weakest(*modalities: Modality) -> Modality:
    return max(modalities, key=MODALITY_ORDER.index)


# Sources without a name: head nouns (lemmas) of unnamed sources, and of the kinds they are.
ANONYMOUS_NOUNS = frozenset(
    [
        "source",
        "insider",
        "official",
        "officer",
        "person",
        "people",
        "individual",
        "witness",
        "resident",
        "local",
        "diplomat",
        "soldier",
        "serviceman",
        "servicemen",
        "employee",
        "staffer",
        "aide",
        "observer",
        "eyewitness",
        "someone",
        "somebody",
        "activist",
        "conscript",
        "recruit",
        "reservist",
        "contact",
        "acquaintance",
        "relative",
        "member",
        "representative",
        "commander",
    ]
)
MILITARY_NOUNS = frozenset(
    [
        "officer",
        "soldier",
        "serviceman",
        "servicemen",
        "commander",
        "general",
        "colonel",
        "major",
        "military",
        "army",
        "force",
        "forces",
        "troops",
        "trooper",
        "sergeant",
        "lieutenant",
        "captain",
        "conscript",
        "recruit",
        "reservist",
        "command",
    ]
)
OFFICIAL_NOUNS = frozenset(
    [
        "official",
        "minister",
        "ministry",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "secretary",
        "representative",
        "ambassador",
        "diplomat",
        "president",
        "government",
        "authority",
        "authorities",
        "administration",
        "office",
        "department",
        "agency",
        "service",
        "governor",
        "mayor",
        "deputy",
        "lawmaker",
        "parliamentarian",
        "senator",
    ]
)
EXPERT_NOUNS = frozenset(
    ["expert", "analyst", "researcher", "scholar", "observer", "academic", "specialist"]
)
UNNAMED_MARKERS = frozenset(
    [
        "unnamed",
        "anonymous",
        "unidentified",
        "undisclosed",
        "unspecified",
        "some",
        "several",
        "many",
    ]
)

# Descriptions that refer back to a named entity, by head noun (lemma) and what they can
# refer to: a medium of outlet, a role of person, or a kind of organisation.
MEDIA_DESCRIPTIONS: dict[str, frozenset[str]] = {
    "paper": frozenset({"newspaper"}),
    "newspaper": frozenset({"newspaper"}),
    "weekly": frozenset({"newspaper"}),
    "daily": frozenset({"newspaper"}),
    "tabloid": frozenset({"newspaper"}),
    "magazine": frozenset({"newspaper"}),
    "agency": frozenset({"agency"}),
    "wire": frozenset({"agency"}),
    "broadcaster": frozenset({"broadcaster"}),
    "channel": frozenset({"broadcaster"}),
    "station": frozenset({"broadcaster"}),
    "outlet": frozenset({"newspaper", "agency", "broadcaster", "website"}),
    "publication": frozenset({"newspaper", "agency", "broadcaster", "website"}),
    "website": frozenset({"website", "newspaper"}),
    "site": frozenset({"website", "newspaper"}),
    "portal": frozenset({"website"}),
    "media": frozenset({"newspaper", "agency", "broadcaster", "website"}),
}
PERSON_DESCRIPTIONS: dict[str, frozenset[str]] = {
    "leader": frozenset({"head_of_state", "head_of_government", "opposition"}),
    "president": frozenset({"head_of_state"}),
    "dictator": frozenset({"head_of_state"}),
    "strongman": frozenset({"head_of_state"}),
    "autocrat": frozenset({"head_of_state"}),
    "ruler": frozenset({"head_of_state"}),
    "premier": frozenset({"head_of_government"}),
    "minister": frozenset({"minister", "head_of_government"}),
    "diplomat": frozenset({"minister", "official"}),
    "spokesperson": frozenset({"spokesperson"}),
    "spokesman": frozenset({"spokesperson"}),
    "spokeswoman": frozenset({"spokesperson"}),
    "general": frozenset({"military"}),
    "commander": frozenset({"military"}),
    "chief": frozenset({"military", "security", "official"}),
    "official": frozenset({"official", "minister", "spokesperson", "security"}),
    "politician": frozenset({"opposition", "legislator", "official"}),
}
ORG_DESCRIPTIONS: dict[str, str] = {
    "ministry": "government",
    "department": "government",
    "government": "government",
    "kremlin": "government",
    "army": "military",
    "military": "military",
    "force": "military",
    "forces": "military",
}
SPEAKS_FOR = frozenset(
    [
        "service",
        "office",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "representative",
        "department",
        "press",
        "secretary",
    ]
)
"""'The press service of X', 'a spokesman for X': the claim is X's."""

ROLE_TITLES: dict[str, str] = {
    "president": "head_of_state",
    "leader": "head_of_state",
    "dictator": "head_of_state",
    "premier": "head_of_government",
    "prime": "head_of_government",
    "chancellor": "head_of_government",
    "minister": "minister",
    "secretary": "minister",
    "spokesperson": "spokesperson",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "general": "military",
    "commander": "military",
    "colonel": "military",
    "ambassador": "official",
    "adviser": "official",
    "advisor": "official",
    "director": "official",
    "head": "official",
    "chairman": "official",
    "chief": "official",
}
"""Title words that, next to a person's name, say the person's role."""

TITLE_MODIFIERS = frozenset(
    ["supreme", "deputy", "acting", "vice", "first", "senior", "interim", "former", "grand"]
)
"""Words that only qualify a title ("Supreme Commander-in-Chief", "Deputy Minister")."""


def is_title_word(word: str) -> bool:
    """A title or a title's qualifier: part of a description, never of a name."""
    lowered = word.lower()
    return lowered in ROLE_TITLES or lowered in TITLE_MODIFIERS


PERSON_ROLE_KIND = {
    "head_of_state": "official",
    "head_of_government": "official",
    "minister": "official",
    "official": "official",
    "spokesperson": "official",
    "security": "official",
    "legislator": "official",
    "military": "military",
}

FILLERS = (
    "thank you",
    "thanks",
    "thank you very much",
    "thank you so much",
    "thanks so much",
    "thank you all",
    "thanks everyone",
    "thanks for joining",
    "thanks for joining us",
    "thank you for joining",
    "thank you for joining us",
    "thanks for coming",
    "thank you for coming",
    "thank you all for coming",
    "thank you all for joining",
    "well",
    "good morning",
    "good afternoon",
    "good evening",
    "hello",
    "hi",
    "welcome",
    "please",
    "please go ahead",
    "go ahead",
    "yes",
    "no",
    "okay",
    "ok",
    "all right",
    "right",
    "sure",
    "of course",
    "absolutely",
    "exactly",
    "indeed",
    "i'll leave it at that",
    "i will leave it at that",
    "let me leave it there",
    "i'll leave it there",
    "next question",
    "last question",
    "one more",
    "go on",
    "excuse me",
    "sorry",
    "laughter",
    "laughs",
    "applause",
    "colleagues",
    "friends",
    "mr president",
    "mr. president",
    "madam president",
)
"""Turn-taking, greetings and stage directions of a transcript: what opens or fills a turn
without stating anything (a statement that only starts with one still counts, see
``watchfloor.extract.transcripts.is_filler``)."""
