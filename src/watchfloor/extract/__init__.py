"""Extract: the evidence ledger of one article.

Entities with their name variants, attributed claims with source, cue, modality and
polarity, quantities and dates, from spaCy components declared in this package:

    watchfloor_gazetteer -> watchfloor_entities -> watchfloor_quantities
    -> watchfloor_attribution -> watchfloor_modality -> watchfloor_dates

Entry function: ``annotate``. It touches no store; ``watchfloor.pipeline`` does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from spacy.language import Language
from spacy.tokens import Doc

from watchfloor.extract._pipeline import COMPONENTS, MODELS, load_bare_model, load_pipeline
from watchfloor.extract.attribution import ClaimDraft, SourceDraft
from watchfloor.extract.entities import EntityCluster
from watchfloor.extract.modality import ClaimAttributes
from watchfloor.types import Article, Claim, Entity, Ledger, Source, SourceKind, TextSpan

__all__ = [
    "COMPONENTS",
    "MODELS",
    "annotate",
    "annotate_many",
    "ledger_from_doc",
    "load_bare_model",
    "load_pipeline",
]


def annotate(
    text: str,
    *,
    language: str = "en",
    published: datetime | None = None,
    document_id: str | None = None,
) -> Ledger:
    """The ledger of one text. Read-only; loads the language's pipeline on first use."""
    nlp = load_pipeline(language)
    doc = nlp.make_doc(text)
    doc._.wf_published = published
    doc = nlp(doc)
    return ledger_from_doc(
        doc,
        document={
            "id": document_id,
            "language": language,
            "published": published.isoformat() if published else None,
        },
    )


def annotate_many(
    articles: Iterable[Article], *, language: str = "en", batch_size: int = 4
) -> Iterator[tuple[Article, Ledger | Exception]]:
    """Ledgers of many articles in one language, streamed through ``nlp.pipe`` in batches.

    Read-only. A failure on one article is yielded in place of its ledger (the batch
    is then redone one article at a time, so only the bad one fails).
    """
    nlp = load_pipeline(language)
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= batch_size:
            yield from _annotate_batch(nlp, batch, language)
            batch = []
    if batch:
        yield from _annotate_batch(nlp, batch, language)


def _make_doc(nlp: Language, article: Article) -> Doc:
    doc = nlp.make_doc(article.text)
    doc._.wf_published = article.published
    return doc


def _document(article: Article, language: str) -> dict[str, object]:
    return {
        "id": str(article.id) if article.id is not None else article.item_key,
        "language": language,
        "published": article.published.isoformat() if article.published else None,
    }


def _annotate_batch(
    nlp: Language, batch: list[Article], language: str
) -> Iterator[tuple[Article, Ledger | Exception]]:
    try:
        docs = list(nlp.pipe(_make_doc(nlp, a) for a in batch))
    except Exception:  # noqa: BLE001 - find the article that fails, keep the others
        for article in batch:
            try:
                [doc] = list(nlp.pipe([_make_doc(nlp, article)]))
                yield article, ledger_from_doc(doc, document=_document(article, language))
            except Exception as exc:  # noqa: BLE001
                yield article, exc
        return
    for article, doc in zip(batch, docs, strict=True):
        yield article, ledger_from_doc(doc, document=_document(article, language))


def _span(doc: Doc, start: int, end: int) -> TextSpan:
    return TextSpan(start, end, doc.text[start:end])


def _source(doc: Doc, draft: SourceDraft | None, ids: list[str]) -> Source | None:
    if draft is None:
        return None
    if draft.span is None:
        return Source(entity=None, kind=draft.kind)
    return Source(
        entity=ids[draft.entity] if draft.entity is not None else None,
        kind=draft.kind,
        start=draft.span.start_char,
        end=draft.span.end_char,
        text=draft.span.text,
    )


def _entity(index: int, cluster: EntityCluster) -> Entity:
    surface = list(dict.fromkeys(m.text for m in cluster.mentions))
    name = cluster.name
    aliases = [
        s
        for s in surface
        if s != name and any(t.pos_ == "PROPN" for t in _mention_tokens(cluster, s))
    ]
    if cluster.entry is not None:
        aliases += [s for s in cluster.entry.spellings() if s != name and s not in aliases]
    return Entity(
        id=f"e{index + 1}",
        type=cluster.type,
        kind=cluster.kind,
        name=name,
        aliases=tuple(aliases),
        mentions=tuple(TextSpan(m.start_char, m.end_char, m.text) for m in cluster.mentions),
        gazetteer_id=cluster.entry.id if cluster.entry else None,
        wikidata=cluster.entry.wikidata if cluster.entry else None,
    )


def _mention_tokens(cluster: EntityCluster, text: str) -> list:  # type: ignore[type-arg]
    for mention in cluster.mentions:
        if mention.text == text:
            return list(mention)
    return []


def ledger_from_doc(doc: Doc, *, document: dict[str, object]) -> Ledger:
    """Turn a processed Doc into ledger types (ids e1.., c1..)."""
    clusters: list[EntityCluster] = doc._.wf_entities or []
    entity_ids = [f"e{i + 1}" for i in range(len(clusters))]
    drafts: list[ClaimDraft] = doc._.wf_claims or []
    attributes: list[ClaimAttributes] = doc._.wf_claim_attributes or []
    claims = []
    for index, (draft, attrs) in enumerate(zip(drafts, attributes, strict=True)):
        source = _source(doc, draft.source, entity_ids)
        claims.append(
            Claim(
                id=f"c{index + 1}",
                content=_span(doc, *draft.content),
                source=source
                if source is not None
                else Source(entity=None, kind=SourceKind.UNATTRIBUTED),
                cue=TextSpan(draft.cue.start_char, draft.cue.end_char, draft.cue.text)
                if draft.cue is not None
                else None,
                modality=attrs.modality,
                polarity=attrs.polarity,
                quote=draft.quote,
                cites=tuple(
                    s for s in (_source(doc, c, entity_ids) for c in draft.cites) if s is not None
                ),
                hedges=tuple(TextSpan(h.start_char, h.end_char, h.text) for h in attrs.hedges),
                author_distanced=attrs.author_distanced,
                nested_in=f"c{draft.nested_in + 1}" if draft.nested_in is not None else None,
                medium=_source(doc, draft.medium, entity_ids),
            )
        )
    return Ledger(
        document=document,
        entities=tuple(_entity(i, c) for i, c in enumerate(clusters)),
        claims=tuple(claims),
        quantities=tuple(doc._.wf_quantities or ()),
        dates=tuple(doc._.wf_dates or ()),
    )
