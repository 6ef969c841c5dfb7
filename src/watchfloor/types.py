"""The ledger's data model: plain frozen dataclasses shared by every stage.

Stages take and return these types; the JSON that the CLI and the API emit is these types
serialised with ``to_jsonable``, never assembled by hand.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

__all__ = [
    "Alert",
    "Article",
    "AttributionKind",
    "Claim",
    "ClaimStance",
    "Contradiction",
    "DateMention",
    "DuplicateKind",
    "Entity",
    "Event",
    "EventStatus",
    "IngestReport",
    "Ledger",
    "Modality",
    "Place",
    "Polarity",
    "Proposition",
    "Quantity",
    "QuoteKind",
    "Reading",
    "RejectReason",
    "Rejection",
    "SearchHit",
    "Source",
    "SourceKind",
    "Stance",
    "StoredClaim",
    "StoredContradiction",
    "StoredEntity",
    "StoredEvent",
    "StoredProposition",
    "StoredRejection",
    "TextSpan",
    "from_jsonable",
    "speaker_names",
    "to_jsonable",
]


class RejectReason(enum.StrEnum):
    """Why an input item was not stored as an article."""

    NOT_FOUND = "not found"
    EMPTY = "empty"
    BINARY = "binary"
    TOO_LARGE = "over the size limit"
    UNDECODABLE = "undecodable"
    MALFORMED_HTML = "malformed HTML"
    MALFORMED_FEED = "malformed feed"
    MALFORMED_JSON = "malformed JSON"
    INVALID_RECORD = "invalid record"
    UNREACHABLE = "unreachable URL"
    UNREADABLE = "could not be read"
    """A reader failed in a way no other reason covers; the detail names the error."""


class DuplicateKind(enum.StrEnum):
    """How an article repeats one seen before it."""

    EXACT = "exact"
    """Same text once case, whitespace, quotes and dashes are normalised."""
    NEAR = "near"
    """Estimated Jaccard similarity of word shingles at or above the configured threshold."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One news item: its text exactly as read, and what is known about where it came from.

    Readers fill the descriptive fields; the store fills ``id``, ``ingested_at``,
    ``content_hash`` and the duplicate link when the article is written.
    """

    text: str
    origin: str
    """Where the item was read: a file path, an http(s) URL, or ``-`` for standard input."""
    record: str | None = None
    """Which item inside the origin: a JSON id or line number, a feed entry id."""
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: datetime | None = None
    """Publication time, always timezone-aware (UTC when the source gave no zone)."""
    language: str | None = None
    """ISO 639-1 code, as declared by the source or detected from the text."""
    extra: Mapping[str, Any] = field(default_factory=dict)
    """Metadata the source gave beyond the fields above (licence, tags, ...)."""

    id: int | None = None
    ingested_at: datetime | None = None
    content_hash: str | None = None
    duplicate_of: int | None = None
    duplicate_kind: DuplicateKind | None = None
    similarity: float | None = None

    @property
    def item_key(self) -> str:
        """Identity of the item across runs: re-reading the same item finds the same key."""
        if self.url:
            return self.url
        return f"{self.origin}#{self.record}" if self.record else self.origin


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input item that was not stored, with the reason a user can act on."""

    item: str
    reason: RejectReason
    detail: str

    @property
    def message(self) -> str:
        return f"{self.item}: {self.reason.value}: {self.detail}; skipped"


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredRejection:
    """A rejection as the store keeps it: the same item and reason counted, not repeated."""

    item: str
    reason: str
    detail: str
    first_seen: datetime
    last_seen: datetime
    times: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchHit:
    """An article that matches a full-text query, with the passage that matched."""

    article_id: int
    title: str | None
    url: str | None
    outlet: str | None
    published: datetime | None
    snippet: str
    """Matching words are marked with [ and ]."""
    score: float
    """Higher is better; comparable within one query only."""


@dataclass(slots=True)
class IngestReport:
    """Counts of one ingest run."""

    ingested: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    rejected: int = 0
    unchanged: int = 0
    """Items already in the store from an earlier run: re-ingest adds nothing."""

    @property
    def duplicates(self) -> int:
        return self.exact_duplicates + self.near_duplicates

    def summary(self) -> str:
        line = (
            f"ingested {self.ingested}, duplicates {self.duplicates} "
            f"(exact {self.exact_duplicates}, near {self.near_duplicates}), "
            f"rejected {self.rejected}"
        )
        if self.unchanged:
            line += f", already stored {self.unchanged}"
        return line


# -- the ledger of one article ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TextSpan:
    """Characters ``start:end`` of the article text (code points, end exclusive)."""

    start: int
    end: int
    text: str


class Modality(enum.StrEnum):
    """How sure the source is of the content, as the text expresses it (weakest cue wins)."""

    CERTAIN = "certain"
    PROBABLE = "probable"
    POSSIBLE = "possible"
    UNKNOWN = "unknown"


class Polarity(enum.StrEnum):
    AFFIRMED = "affirmed"
    DENIED = "denied"


class AttributionKind(enum.StrEnum):
    """What the source does with the content, as the cue says: "said" from "believes" from
    "wants" (PARC's and PolNeAR's assertion, belief and eventuality attributions)."""

    SPEECH = "speech"
    BELIEF = "belief"
    INTENTION = "intention"
    KNOWLEDGE = "knowledge"
    QUESTION = "question"


class QuoteKind(enum.StrEnum):
    DIRECT = "direct"
    INDIRECT = "indirect"


class SourceKind(enum.StrEnum):
    """What kind of source a claim comes from."""

    MEDIA = "media"
    OFFICIAL = "official"
    GOVERNMENT = "government"
    MILITARY = "military"
    PERSON = "person"
    ORGANISATION = "organisation"
    EXPERT = "expert"
    ANONYMOUS = "anonymous"
    """Unnamed sources, "an officer", "officials", "witnesses"."""
    UNATTRIBUTED = "unattributed"
    """Nobody is named: "it is speculated", "reportedly"."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity:
    """One real-world referent within an article, with every name and mention of it."""

    id: str
    type: str
    """spaCy/OntoNotes label: PERSON, ORG, GPE, LOC, FAC, NORP, EVENT."""
    name: str
    aliases: tuple[str, ...] = ()
    """Other names of the referent: spellings in the text and, from the gazetteer, in
    other scripts and transliterations."""
    kind: str | None = None
    """media, government, military, person, organisation, place, ... where known."""
    mentions: tuple[TextSpan, ...] = ()
    gazetteer_id: str | None = None
    wikidata: str | None = None
    country: str | None = None
    """ISO 3166 code of the country the referent belongs to, where known."""


def speaker_names(entities: Iterable[Entity]) -> dict[str, str]:
    """Entity id -> the name a source is shown by. A nationality ("Russian") names no
    speaker: such a source is shown by its own words ("The Russians")."""
    return {e.id: e.name for e in entities if e.type != "NORP"}


_UNNAMED = {
    SourceKind.ANONYMOUS: "unnamed source",
    SourceKind.UNATTRIBUTED: "unattributed",
}
"""How a source without a name shows, by kind (else "unidentified <kind>")."""

_PRONOUN_STARTS = frozenset(
    "i you he she it we they me him her us them those these who which whoever another "
    "anyone anybody everyone everybody someone somebody".split()
)


def names_nobody(text: str) -> bool:
    """Whether a source's words are a pronoun phrase that names no one by itself ("They",
    "he's", "you all", "those who"): shown and counted as unidentified, never by them."""
    words = text.replace("’", "'").split()
    if not words or len(words) > 3:
        return False
    return words[0].split("'")[0].casefold() in _PRONOUN_STARTS


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """Who a claim comes from: an entity, or an unnamed or impersonal source."""

    entity: str | None
    kind: SourceKind
    start: int | None = None
    end: int | None = None
    text: str | None = None
    resolved: bool = True
    """False for a pronoun the article gives no referent for ("he" with nobody named
    before): it keeps its span, but is shown as an unidentified person, never as "he"."""

    def label(self, entity_names: Mapping[str, str]) -> str:
        """The name to show: the entity's, the words of an unnamed source ("a senior
        official"), or "unidentified <kind>" for a pronoun nobody is named for."""
        if self.entity is not None and self.entity in entity_names:
            return entity_names[self.entity]
        if not self.resolved or not self.text or names_nobody(self.text):
            return _UNNAMED.get(self.kind, f"unidentified {self.kind.value}")
        return self.text


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """One attribution: a source commits, with some modality, to some content."""

    id: str
    content: TextSpan
    source: Source | None
    cue: TextSpan | None
    """The reporting word: said, reported, denies, believe, according to."""
    modality: Modality
    polarity: Polarity
    quote: QuoteKind
    kind: AttributionKind = AttributionKind.SPEECH
    cites: tuple[Source, ...] = ()
    """Upstream sources the source relies on ("citing unnamed sources")."""
    hedges: tuple[TextSpan, ...] = ()
    author_distanced: bool = False
    """The author keeps a distance ("reportedly", "allegedly", "claims")."""
    nested_in: str | None = None
    """The claim that reports this one (an outlet reporting what a leader announced)."""
    medium: Source | None = None
    """Where the source said it, when that is named ("in an interview with Izvestia")."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Quantity:
    """A number in the text with what it counts."""

    start: int
    end: int
    text: str
    value: float
    unit: str | None
    """Normalised unit of what is counted: person, vehicle, aircraft, ... or None."""
    counted: str | None = None
    """The counted noun as written ("men of military age" -> "men")."""
    approximate: bool = False
    comparator: str | None = None
    """>, >=, <, <= when the text bounds the number ("more than", "up to"), else None."""
    low: float | None = None
    high: float | None = None
    """Bounds of a range ("2,000 to 3,000"); ``value`` is then their midpoint."""
    role: str = "count"
    """count (a number of things), age ("68-year-old": unit year), amount (money, measures),
    duration ("three days"), share ("one in five residents": unit proportion)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DateMention:
    """A time expression, resolved against the publication date where there is one."""

    start: int
    end: int
    text: str
    value: str | None
    """ISO 8601 date (2022-10-13), month (2022-10) or year (2022); None if unresolved."""
    relative: bool = False
    """Resolved against the publication date ("on Thursday", "last week")."""


class EventStatus(enum.StrEnum):
    """Whether the text says an event happened (PLOVER's auxiliary modes)."""

    REPORTED = "reported"
    FUTURE = "future"
    """Announced or expected: "will be drafted"."""
    HYPOTHETICAL = "hypothetical"
    """Conditional or possible: "if recruits exceed ...", "may rope his army in"."""
    NEGATED = "negated"
    """The text says it did not happen."""
    DENIED = "denied"
    """Only reported by a source that denies it."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """Where an event happened: an entity of the article, with coordinates when the
    offline gazetteer knows them."""

    entity: str
    name: str
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    precision: str | None = None
    """city, region or country: how exact the coordinates are."""
    inferred: bool = False
    """Not stated with the event: the country the article is about."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """Something done by actors to recipients, typed on the PLOVER ontology."""

    id: str
    type: str
    """One of PLOVER's 16 types: MOBILIZE, COOPERATE, ASSAULT, ..."""
    mode: str | None
    context: str | None
    quad_class: str
    trigger: TextSpan
    family: str | None = None
    """The kind of event the trigger names ("drafted" and "mobilisation": mobilization),
    so that mentions of one state of affairs can be grouped."""
    evidence: TextSpan
    """The sentence of the first mention."""
    status: EventStatus
    actors: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    place: Place | None = None
    date: str | None = None
    """ISO date from the text, resolved against publication; None when the text gives none."""
    size: Quantity | None = None
    supported_by: tuple[str, ...] = ()
    """Claims that report the event."""
    denied_by: tuple[str, ...] = ()
    mentions: tuple[TextSpan, ...] = ()

    @property
    def happened(self) -> bool:
        """Reported as having happened (not future, hypothetical, negated or only denied)."""
        return self.status is EventStatus.REPORTED

    def json_extras(self) -> dict[str, Any]:
        """Keys of the ledger exchange format that are views of the fields above."""
        return {
            "location": self.place.entity if self.place else None,
            "claims": [*self.supported_by, *self.denied_by],
            "happened": self.happened,
        }


# -- linking ------------------------------------------------------------------------------


class Stance(enum.StrEnum):
    """What a claim does to the proposition it is about."""

    SUPPORTS = "supports"
    """Asserts it, without hedging, on the source's own account."""
    DENIES = "denies"
    REPORTS = "reports"
    """Mentions it without committing: hedged ("might"), or relaying someone else's claim."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimStance:
    """One claim's place in a proposition."""

    claim: str
    stance: Stance
    origin: str
    """Who the information really comes from, as a key; claims with one origin count once."""
    origin_name: str = ""
    """The origin as a person reads it: "Nasha Niva", "unnamed sources (via Nasha Niva)"."""
    chain: tuple[str, ...] = ()
    """From the teller to the origin: ("Nasha Niva", "military sources")."""
    size: Quantity | None = None
    """The number this claim gives for the proposition, if any."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Proposition:
    """One state of affairs that several claims are about (an event, or one assertion)."""

    id: str
    summary: str
    type: str | None = None
    """PLOVER type when the proposition is an event."""
    events: tuple[str, ...] = ()
    claims: tuple[ClaimStance, ...] = ()

    def json_extras(self) -> dict[str, Any]:
        """Counts an analyst reads first."""
        return {
            "stances": {
                stance.value: sum(1 for c in self.claims if c.stance is stance) for stance in Stance
            },
            "origins": sorted({c.origin for c in self.claims if c.stance is Stance.SUPPORTS}),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Contradiction:
    """Two claims that cannot both be true, and why."""

    claims: tuple[str, str]
    kind: str
    """denial (one denies what the other asserts), number or date (incompatible values)."""
    why: str
    proposition: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredEntity:
    """One referent across the store, with every name it has been seen under."""

    id: int
    type: str
    name: str
    kind: str | None = None
    gazetteer_id: str | None = None
    wikidata: str | None = None
    country: str | None = None
    aliases: tuple[str, ...] = ()
    merged_into: int | None = None
    """Set when a person (or a rule) merged it into another entity; undone by unmerging."""
    merge_reason: str | None = None
    articles: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredClaim:
    """A claim of one article as part of a stored proposition."""

    proposition_id: int
    article_id: int
    claim_id: str
    stance: Stance
    origin: str
    origin_name: str
    source_name: str
    chain: tuple[str, ...]
    content: str
    source_kind: str = "unattributed"
    """The claim's source kind (``SourceKind``), or "author" for the article's own voice."""
    modality: str
    seen_at: datetime
    source_entity_id: int | None = None
    size: Quantity | None = None
    claim_date: str | None = None
    outlet: str | None = None
    title: str | None = None
    url: str | None = None

    @property
    def key(self) -> str:
        """'12:c3': the claim across the store."""
        return f"{self.article_id}:{self.claim_id}"


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredProposition:
    """One state of affairs across articles, with its grade once assessed."""

    id: int
    summary: str
    first_seen: datetime
    last_seen: datetime
    type: str | None = None
    family: str | None = None
    country: str | None = None
    signature: Mapping[str, Any] = field(default_factory=dict)
    credibility: int | None = None
    likelihood: str | None = None
    probability: float | None = None
    assessment: Mapping[str, Any] | None = None
    judgement: str | None = None
    """An analyst's verdict: "true", "false" or "unresolved" (``watchfloor.verdicts``)."""
    claims: tuple[StoredClaim, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimGroup:
    """Stored claims of one proposition that grading and contradiction checks cannot tell
    apart (same stance, origin, names, modality, number and date), read as one: a
    proposition reported for years is graded from its groups, not from every claim."""

    proposition_id: int
    stance: Stance
    origin: str
    origin_name: str
    source_name: str
    source_kind: str
    modality: str
    teller: str
    """Who told it (the first link of the chain): an unnamed source is as reliable as its
    outlet."""
    claim: str
    """Key of one claim of the group ('12:c3'), to cite."""
    claims: int = 1
    first_seen: datetime | None = None
    size: Quantity | None = None
    claim_date: str | None = None
    mine: bool = False
    """The group holds claims of the article being linked."""


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredContradiction:
    proposition_id: int
    claims: tuple[str, str]
    kind: str
    why: str
    found_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Ledger:
    """Everything extracted from one article: the ledger exchange format, serialised."""

    document: Mapping[str, Any]
    entities: tuple[Entity, ...] = ()
    claims: tuple[Claim, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    dates: tuple[DateMention, ...] = ()
    events: tuple[Event, ...] = ()
    propositions: tuple[Proposition, ...] = ()
    contradictions: tuple[Contradiction, ...] = ()


# -- indicators ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredEvent:
    """An event as the store keeps it for indicators: the ledger's event with its claims
    and article, flattened into ``data``."""

    id: int
    article_id: int
    event_key: str
    type: str
    mode: str | None
    status: EventStatus
    occurred_at: datetime
    """The event's own date, else its article's publication time, else when it was read."""
    country: str | None
    place: str | None
    size: float | None
    size_approximate: bool
    data: Mapping[str, Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class Reading:
    """An indicator's value at one moment of the data's clock, with the events behind it."""

    indicator: str
    as_of: datetime
    value: float | None
    approximate: bool
    level: str | None
    events: int
    evidence: tuple[Mapping[str, Any], ...] = ()
    id: int | None = None
    evaluated_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Alert:
    """A reading crossed a level, up or down; carries the evidence trail."""

    indicator: str
    level: str | None
    previous_level: str | None
    direction: str
    """up or down."""
    value: float | None
    previous_value: float | None
    as_of: datetime
    evidence: tuple[Mapping[str, Any], ...] = ()
    id: int | None = None
    reading_id: int | None = None
    created_at: datetime | None = None


_PLAIN = frozenset({str, int, float, bool, type(None)})


@functools.cache
def _field_names(cls: type[Any]) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def to_jsonable(value: Any) -> Any:
    """Turn ledger types into plain JSON values (datetimes as ISO 8601, enums as strings)."""
    if type(value) in _PLAIN:  # the common case first: API pages are mostly plain values
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {name: to_jsonable(getattr(value, name)) for name in _field_names(type(value))}
        extras = getattr(value, "json_extras", None)
        if extras is not None:
            out.update(to_jsonable(extras()))
        return out
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return value


def from_jsonable(cls: type[Any], value: Any) -> Any:
    """The inverse of ``to_jsonable`` for the ledger types: a stored or exported ledger
    read back into dataclasses (keys the type does not have are ignored)."""
    return _converter(cls)(value)  # type: ignore[arg-type]


def _identity(value: Any) -> Any:
    return value


@functools.cache
def _converter(cls: Any) -> Callable[[Any], Any]:
    """How to read a JSON value as ``cls``, worked out once per type: linking reads back
    every ledger, and asking ``typing`` about each value was a sixth of its time."""
    import types
    import typing

    origin = typing.get_origin(cls)
    if cls is Any:
        return _identity
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(cls) if a is not type(None)]

        def union(value: Any) -> Any:
            if value is None:
                return None
            for option in options:
                try:
                    return _converter(option)(value)
                except (TypeError, ValueError, KeyError):
                    continue
            raise ValueError(f"{value!r} fits none of {options}")

        return union
    if origin in (tuple, list, Sequence):
        args = typing.get_args(cls)
        item = args[0] if args else Any

        def sequence(value: Any) -> Any:
            if value is None:
                return None
            convert = _converter(item)
            return tuple(convert(v) for v in value)

        return sequence
    if origin in (dict, Mapping) or cls in (dict, Mapping):

        def mapping(value: Any) -> Any:
            if value is None:
                return None
            if not isinstance(value, Mapping):
                raise TypeError(f"expected a mapping, got {value!r}")
            return dict(value)

        return mapping
    if isinstance(cls, type) and dataclasses.is_dataclass(cls):
        hints = typing.get_type_hints(cls)
        fields = [(f.name, hints[f.name]) for f in dataclasses.fields(cls) if f.init]

        def record(value: Any) -> Any:
            if value is None:
                return None
            if not isinstance(value, Mapping):
                raise TypeError(f"expected an object for {cls.__name__}, got {value!r}")
            return cls(
                **{name: _converter(hint)(value[name]) for name, hint in fields if name in value}
            )

        return record
    if isinstance(cls, type) and issubclass(cls, enum.Enum):
        return lambda value: None if value is None else cls(value)
    if cls is datetime:
        return lambda value: datetime.fromisoformat(value) if isinstance(value, str) else value

    def plain(value: Any) -> Any:
        if value is None:
            return None
        if cls is float and isinstance(value, int | float):
            return float(value)
        if isinstance(cls, type) and not isinstance(value, cls):
            raise TypeError(f"expected {cls.__name__}, got {value!r}")
        return value

    return plain
