"""What watchfloor shows: one typed contract for the REST API's answers and the CLI's
``--format json``, as pydantic models.

Built from the ledger types (``Model.shown(obj)``), serialised by pydantic: the OpenAPI
document describes exactly what is sent, times are ISO 8601 with their offset as the
ledger writes them, and a field that is not declared here is an error rather than a
surprise. Nested documents whose shape is the ledger's own (an article's ledger, an
event's data, a reading's evidence, a grade's assessment) are objects: docs/ledger.md
describes them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Generic, Self, TypeVar

from pydantic import BaseModel, ConfigDict, PlainSerializer, WithJsonSchema

__all__ = [
    "AlertView",
    "ArticleDetail",
    "ArticleSummary",
    "ClaimView",
    "ContradictionView",
    "EntityDetail",
    "EntityLinkView",
    "EntityView",
    "EventView",
    "GradeChanged",
    "Health",
    "IndicatorDetail",
    "IndicatorView",
    "IngestAnswer",
    "Page",
    "PropositionDetail",
    "PropositionView",
    "ReadingView",
    "RegistryChange",
    "SearchAnswer",
    "SearchHitView",
    "SourceGrade",
    "SourceView",
    "VerdictAsked",
    "VerdictDone",
    "VerdictView",
]

Moment = Annotated[
    datetime,
    PlainSerializer(lambda moment: moment.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
"""A time in ISO 8601 with its offset ("2022-10-13T00:00:00+00:00")."""
Document = dict[str, Any]
"""A nested ledger document (docs/ledger.md)."""

T = TypeVar("T")


class View(BaseModel):
    """A shown thing: every field declared, read from a ledger object's attributes."""

    model_config = ConfigDict(extra="forbid", from_attributes=True)

    @classmethod
    def shown(cls, value: Any) -> Self:
        """This view of a ledger object (a dataclass) or of a mapping."""
        return cls.model_validate(value, from_attributes=not isinstance(value, dict))


class Page(View, Generic[T]):
    """One page of a list: ``next_offset`` is where the next page starts (null at the end);
    ``total`` is how many match in all, where counting is cheap."""

    items: list[T]
    limit: int
    offset: int
    total: int | None = None
    next_offset: int | None

    @classmethod
    def of(cls, items: list[T], limit: int, offset: int, total: int | None = None) -> Self:
        following = offset + limit if len(items) == limit else None
        return cls(items=items, limit=limit, offset=offset, total=total, next_offset=following)


class Health(View):
    status: str
    version: str
    articles: int


# -- articles ------------------------------------------------------------------------------


class ArticleSummary(View):
    id: int
    title: str | None
    url: str | None
    outlet: str | None
    author: str | None
    published: Moment | None
    language: str | None
    duplicate_of: int | None


class ClaimProposition(View):
    """Which proposition one of an article's claims belongs to, and how."""

    claim_id: str
    proposition_id: int
    stance: str


class ArticleDetail(ArticleSummary):
    text: str
    ledger: Document | None
    """The article's ledger (docs/ledger.md); null until extracted."""
    propositions: list[ClaimProposition]
    verdicts: list[VerdictView] = []
    """The analyst's verdicts on the article's claims, newest first (undone ones too)."""


class IngestItem(View):
    outcome: str
    article_id: int | None
    error: str | None


class IngestAnswer(View):
    ingested: int
    duplicates: int
    rejected: int
    unchanged: int
    items: list[IngestItem]


class SearchHitView(View):
    article_id: int
    title: str | None
    url: str | None
    outlet: str | None
    published: Moment | None
    snippet: str
    """Matching words are marked with [ and ]."""
    score: float
    """Higher is better; comparable within one query only."""


class SearchAnswer(View):
    items: list[SearchHitView]
    limit: int
    offset: int
    note: str | None = None
    """Why nothing was looked for (a query of stop words only)."""


# -- entities, propositions, sources -------------------------------------------------------


class EntityView(View):
    id: int
    type: str
    name: str
    kind: str | None
    gazetteer_id: str | None
    wikidata: str | None
    country: str | None
    aliases: list[str]
    merged_into: int | None
    merge_reason: str | None
    articles: int


class EntityLinkView(View):
    """Why one article's mention joined the entity."""

    article_id: int
    local_id: str
    entity_id: int
    method: str
    reason: str | None
    title: str | None
    published: Moment | None


class MonthCount(View):
    month: str
    articles: int


class MergedEntity(View):
    id: int
    name: str
    merge_reason: str | None


class EntityDetail(EntityView):
    links: list[EntityLinkView]
    timeline: list[MonthCount]
    merged: list[MergedEntity] = []
    """Entities merged into this one (a review token can undo each merge)."""
    verdicts: list[VerdictView] = []
    """Merges of or into this entity undone by an analyst, newest first."""


class QuantityView(View):
    start: int
    end: int
    text: str
    value: float
    unit: str | None
    counted: str | None
    approximate: bool
    comparator: str | None
    low: float | None
    high: float | None
    role: str


class ClaimView(View):
    """A claim of one article as part of a proposition."""

    key: str
    """'12:c3': article 12's claim c3, across the store."""
    proposition_id: int
    article_id: int
    claim_id: str
    stance: str
    origin: str
    origin_name: str
    source_name: str
    source_kind: str
    chain: list[str]
    content: str
    modality: str
    seen_at: Moment
    source_entity_id: int | None
    size: QuantityView | None
    claim_date: str | None
    outlet: str | None
    title: str | None
    url: str | None


class StanceCounts(View):
    supports: int
    denies: int
    reports: int


class PropositionView(View):
    id: int
    summary: str
    first_seen: Moment
    last_seen: Moment
    type: str | None
    family: str | None
    country: str | None
    signature: Document
    credibility: int | None
    """Admiralty credibility, 1 (confirmed) to 6 (cannot be judged)."""
    likelihood: str | None
    """ICD 203 words."""
    probability: float | None
    assessment: Document | None
    """The grade with its reasons (docs/assessment.md)."""
    judgement: str | None = None
    """An analyst's verdict on it: true, false or unresolved (null: none given)."""
    claims: list[ClaimView]
    stances: StanceCounts

    @classmethod
    def of(cls, proposition: Any) -> Self:
        claims = [
            ClaimView.model_validate({**_attributes(c), "key": c.key}) for c in proposition.claims
        ]
        counted = {
            stance: sum(1 for c in claims if c.stance == stance)
            for stance in ("supports", "denies", "reports")
        }
        fields = {**_attributes(proposition), "claims": claims, "stances": counted}
        return cls.model_validate(fields)


class ContradictionView(View):
    proposition_id: int
    claims: list[str]
    """The two claims' keys."""
    kind: str
    why: str
    found_at: Moment


class PropositionDetail(PropositionView):
    contradictions: list[ContradictionView]
    verdicts: list[VerdictView] = []
    """The analyst's verdicts on it and on its claims, newest first (undone ones too)."""


class SourceView(View):
    """A source's track record and its reliability from the source registry."""

    source: str
    claims: int
    supports: int
    denies: int
    reports: int
    borne_out: int
    doubted: int
    open: int
    reliability: str
    """Admiralty reliability, A (reliable) to F (cannot be judged)."""
    meaning: str
    why: str


class SourceGrade(View):
    """A change to the source registry, as asked for."""

    name: str
    reliability: str
    """A (completely reliable) to F (cannot be judged)."""
    reason: str
    aliases: list[str] = []


class GradeChanged(View):
    name: str
    reliability: str
    regraded: int
    """Propositions graded again because their claims come from this source."""


class RegistryChange(View):
    id: int
    name: str
    reliability: str | None
    previous: str | None
    note: str | None
    changed_at: Moment
    changed_by: str


# -- events, indicators, alerts ------------------------------------------------------------


class EventView(View):
    id: int
    article_id: int
    event_key: str
    type: str
    mode: str | None
    status: str
    occurred_at: Moment
    country: str | None
    place: str | None
    size: float | None
    size_approximate: bool
    data: Document
    """The ledger's event with its claims, article and credibility."""


class LevelView(View):
    name: str
    value: float
    inclusive: bool


class ReadingView(View):
    indicator: str
    as_of: Moment
    value: float | None
    approximate: bool
    level: str | None
    events: int
    evidence: list[Document]
    id: int | None
    evaluated_at: Moment | None


class AlertView(View):
    indicator: str
    level: str | None
    previous_level: str | None
    direction: str
    value: float | None
    previous_value: float | None
    as_of: Moment
    evidence: list[Document]
    id: int | None
    reading_id: int | None
    created_at: Moment | None
    review: VerdictView | None = None
    """The analyst's latest verdict on it (acknowledged, assigned, dismissed), if any."""


class IndicatorView(View):
    id: str
    title: str
    levels: list[LevelView]
    reading: ReadingView | None


class IndicatorDetail(View):
    id: str
    title: str
    description: str | None
    levels: list[LevelView]
    readings: list[ReadingView]
    alerts: list[AlertView]


# -- the review loop ------------------------------------------------------------------------


class VerdictAsked(View):
    """A verdict as a person gives it. ``kind`` and ``field``: claim (source, cue,
    polarity, modality, not_a_claim), proposition (truth: true, false, unresolved), split
    (proposition: take the claim out of it), unmerge (merge), alert (acknowledge,
    assign, dismiss)."""

    kind: str
    field: str
    value: str | None = None
    note: str = ""
    article_id: int | None = None
    claim_id: str | None = None
    proposition_id: int | None = None
    entity_id: int | None = None
    alert_id: int | None = None


class VerdictView(View):
    id: int
    kind: str
    field: str
    value: str | None
    note: str
    made_by: str
    made_at: Moment
    article_id: int | None
    claim_id: str | None
    proposition_id: int | None
    entity_id: int | None
    alert_id: int | None
    previous: Document
    """What it replaced (restored on undo)."""
    undone_at: Moment | None
    undone_by: str | None
    active: bool
    description: str
    """One line: what, who, when, why."""

    @classmethod
    def shown(cls, verdict: Any) -> Self:
        return cls.model_validate(
            {
                **_attributes(verdict),
                "kind": str(verdict.kind),
                "active": verdict.active,
                "description": verdict.describe(),
            }
        )


class VerdictDone(View):
    verdict: VerdictView
    regraded: list[int]
    """Propositions graded again because of it."""


def _attributes(value: Any) -> dict[str, Any]:
    """A dataclass's fields by name (one level: nested values stay as they are)."""
    return {name: getattr(value, name) for name in value.__dataclass_fields__}


for _view in (ArticleDetail, PropositionDetail, AlertView, IndicatorDetail, EntityDetail):
    _view.model_rebuild()  # they name VerdictView, declared after them
