"""Extract: the evidence ledger of one article.

Entities with their name variants, attributed claims with source, cue, modality and
polarity, quantities, dates and PLOVER events, from spaCy components declared in this
package:

    watchfloor_gazetteer -> watchfloor_entities -> watchfloor_quantities
    -> watchfloor_attribution -> watchfloor_modality -> watchfloor_dates
    -> watchfloor_events

Entry function: ``annotate``. It touches no store; ``watchfloor.pipeline`` does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import datetime

from spacy.language import Language
from spacy.tokens import Doc, Span

from watchfloor.extract._pipeline import COMPONENTS, MODELS, load_bare_model, load_pipeline
from watchfloor.extract.drafts import ClaimDraft, SourceDraft
from watchfloor.extract.entities import EntityCluster
from watchfloor.extract.events import EventDraft
from watchfloor.extract.geo import locate
from watchfloor.extract.invisible import remap_spans, without_invisible
from watchfloor.extract.modality import ClaimAttributes
from watchfloor.extract.sources import shown_name, speaker_labels
from watchfloor.lang.lexicon import is_title_word
from watchfloor.lang.plover import QUAD_CLASS
from watchfloor.types import (
    Article,
    Claim,
    DateMention,
    Entity,
    Event,
    Ledger,
    Place,
    Quantity,
    Source,
    SourceKind,
    TextSpan,
)

__all__ = [
    "CHUNK_CHARS",
    "COMPONENTS",
    "MODELS",
    "annotate",
    "annotate_many",
    "chunks",
    "ledger_from_doc",
    "load_bare_model",
    "load_pipeline",
    "merge_ledgers",
]


def annotate(
    text: str,
    *,
    language: str = "en",
    published: datetime | None = None,
    document_id: str | None = None,
) -> Ledger:
    """The ledger of one text. Read-only; loads the language's pipeline on first use."""
    article = Article(text=text, origin=document_id or "-", published=published)
    [(_, result)] = list(annotate_many([article], language=language, document_id=document_id))
    if isinstance(result, Exception):
        raise result
    return result


CHUNK_CHARS = 10_000
"""Longer texts are annotated in paragraph-aligned chunks: the parser's memory grows with
the text it holds at once, and spaCy refuses texts over ``nlp.max_length``."""
PIPE_BATCH = 4
"""Chunks that go through the pipeline together: with ``CHUNK_CHARS`` this bounds the text
in flight (and so peak memory) whatever the length of the articles in a batch."""


def annotate_many(
    articles: Iterable[Article],
    *,
    language: str = "en",
    batch_size: int = 4,
    document_id: str | None = None,
) -> Iterator[tuple[Article, Ledger | Exception]]:
    """Ledgers of many articles in one language, streamed through ``nlp.pipe`` in batches.

    Read-only. A failure on one article is yielded in place of its ledger (the batch is
    then redone one article at a time, so only the bad one fails).
    """
    nlp = load_pipeline(language)
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= batch_size:
            yield from _annotate_batch(nlp, batch, language, document_id)
            batch = []
    if batch:
        yield from _annotate_batch(nlp, batch, language, document_id)


def chunks(text: str, limit: int) -> list[tuple[int, str]]:
    """(offset, piece) of ``text``, cut at blank lines (else line ends, else spaces) so that
    no piece is longer than ``limit``."""
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = (
            max(window.rfind("\n\n"), 0) or max(window.rfind("\n"), 0) or max(window.rfind(" "), 0)
        )
        cut = cut if cut > limit // 4 else limit
        pieces.append((start, text[start : start + cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


def _document(article: Article, language: str, document_id: str | None) -> dict[str, object]:
    from watchfloor.extract.slavic.morphology import LIMITATIONS

    document: dict[str, object] = {
        "id": document_id or (str(article.id) if article.id is not None else article.item_key),
        "language": language,
        "published": article.published.isoformat() if article.published else None,
    }
    if language in LIMITATIONS:  # say what this language's ledger cannot hold
        document["limitations"] = LIMITATIONS[language]
    return document


def _annotate_batch(
    nlp: Language, batch: list[Article], language: str, document_id: str | None
) -> Iterator[tuple[Article, Ledger | Exception]]:
    try:
        ledgers = _ledgers(nlp, batch, language, document_id)
    except Exception:  # noqa: BLE001 - find the article that fails, keep the others
        for article in batch:
            try:
                yield article, _ledgers(nlp, [article], language, document_id)[0]
            except Exception as exc:  # noqa: BLE001
                yield article, exc
        return
    yield from zip(batch, ledgers, strict=True)


def _ledgers(
    nlp: Language, batch: list[Article], language: str, document_id: str | None
) -> list[Ledger]:
    cleaned = [without_invisible(a.text) for a in batch]
    texts = [c[0] if c is not None else a.text for a, c in zip(batch, cleaned, strict=True)]
    jobs = [
        (index, offset, piece)
        for index, text in enumerate(texts)
        for offset, piece in chunks(text, CHUNK_CHARS)
    ]

    def docs() -> Iterator[Doc]:  # made as the pipeline asks: a processed doc is not kept
        labels: dict[int, list[tuple[int, int]]] = {}
        for index, offset, piece in jobs:
            doc = nlp.make_doc(piece)
            doc._.wf_published = batch[index].published
            doc._.wf_title = batch[index].title
            if offset:  # a later piece of a long text: whose turn it is where it begins
                text = texts[index]
                if index not in labels:
                    labels[index] = speaker_labels(text)
                before = [(s, e) for s, e in labels[index] if e <= offset]
                if before:
                    s, e = before[-1]
                    doc._.wf_turn = (s - offset, e - offset, text[s:e])
            yield doc

    parts: list[list[Ledger]] = [[] for _ in batch]
    processed = nlp.pipe(docs(), batch_size=PIPE_BATCH)
    for (index, offset, _), doc in zip(jobs, processed, strict=True):
        parts[index].append(ledger_from_doc(doc, document={}, offset=offset))
    ledgers = [
        merge_ledgers(pieces, document=_document(article, language, document_id))
        for article, pieces in zip(batch, parts, strict=True)
    ]
    return [
        remap_spans(ledger, found[1], article.text, found[0]) if found is not None else ledger
        for ledger, found, article in zip(ledgers, cleaned, batch, strict=True)
    ]


def _span(text: str, start: int, end: int, offset: int = 0) -> TextSpan:
    return TextSpan(start + offset, end + offset, text[start:end])


def _source(doc: Doc, draft: SourceDraft | None, ids: list[str], offset: int = 0) -> Source | None:
    if draft is None:
        return None
    if draft.span is None and draft.outside is not None:
        start, end, text = draft.outside
        entity = ids[draft.entity] if draft.entity is not None else None
        return Source(
            entity=entity,
            kind=draft.kind,
            start=start + offset,
            end=end + offset,
            text=draft.name or text,
        )
    if draft.span is None:
        return Source(entity=None, kind=draft.kind)
    return Source(
        entity=ids[draft.entity] if draft.entity is not None else None,
        kind=draft.kind,
        start=draft.span.start_char + offset,
        end=draft.span.end_char + offset,
        text=draft.name or shown_name(draft.span),
        resolved=draft.entity is not None
        or (draft.resolved and (draft.name is not None or not _bare_word(draft.span))),
    )


_BARE = frozenset(
    "i me we us you he him she her it they them this that these those who whom which what "
    "my our your his its their q 's".split()
)


def _bare_word(span: Span) -> bool:
    """A source that names nobody by itself: a pronoun, a determiner, a WH word, a
    transcript's "Q", or a nationality adjective ("Russian")."""
    words = [t for t in span if not t.is_punct]
    if len(words) != 1:
        return False
    word = words[0]
    return (
        word.lower_ in _BARE
        or word.pos_ in ("PRON", "DET")
        or (word.pos_ == "ADJ" and word.ent_type_ in ("NORP", "GPE"))
    )


def _entity(index: int, cluster: EntityCluster, offset: int = 0) -> Entity:
    surface = list(dict.fromkeys(m.text for m in cluster.mentions))
    name = cluster.name
    aliases = [
        s
        for s in surface
        if s != name
        and any(
            t.pos_ == "PROPN" and not is_title_word(t.text) for t in _mention_tokens(cluster, s)
        )
    ]
    if cluster.entry is not None:
        aliases += [s for s in cluster.entry.spellings() if s != name and s not in aliases]
    if cluster.type == "PERSON":  # people are called by their surname: "Makei", "Путин"
        spellings = cluster.entry.spellings() if cluster.entry is not None else []
        full = [n for n in (name, *spellings) if len(n.split()) > 1]
        surnames = dict.fromkeys(n.split()[-1] for n in full if len(n.split()[-1]) >= 3)
        aliases += [s for s in surnames if s not in aliases]
    return Entity(
        id=f"e{index + 1}",
        type=cluster.type,
        kind=cluster.kind,
        name=name,
        aliases=tuple(aliases),
        mentions=tuple(_as_noun_phrase(m, offset) for m in cluster.mentions),
        gazetteer_id=cluster.entry.id if cluster.entry else None,
        wikidata=cluster.entry.wikidata if cluster.entry else None,
        country=cluster.country,
    )


_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})


def _as_noun_phrase(mention: Span, offset: int) -> TextSpan:
    """A mention as a coreference mention: the whole noun phrase with its determiner
    ("the paper", "the Armed Forces of Belarus"), while the cluster keeps the bare name.
    Only a determiner the parse attaches inside the mention is taken: in "the Minsk
    regime" the article belongs to "regime", not to "Minsk"."""
    doc = mention.doc
    start = mention.start
    if start > 0:
        before = doc[start - 1]
        if before.lower_ in _DETERMINERS and mention.start <= before.head.i < mention.end:
            start -= 1
    span = doc[start : mention.end]
    return TextSpan(span.start_char + offset, span.end_char + offset, span.text)


def _mention_tokens(cluster: EntityCluster, text: str) -> list:  # type: ignore[type-arg]
    for mention in cluster.mentions:
        if mention.text == text:
            return list(mention)
    return []


def ledger_from_doc(doc: Doc, *, document: Mapping[str, object], offset: int = 0) -> Ledger:
    """Turn a processed Doc into ledger types (ids e1.., c1..); ``offset`` is where the
    Doc's text starts in the article."""
    clusters: list[EntityCluster] = doc._.wf_entities or []
    ids = [f"e{i + 1}" for i in range(len(clusters))]
    drafts: list[ClaimDraft] = doc._.wf_claims or []
    attributes: list[ClaimAttributes] = doc._.wf_claim_attributes or []
    text = doc.text  # once: Doc.text joins every token anew
    claims = []
    for index, (draft, attrs) in enumerate(zip(drafts, attributes, strict=True)):
        source = _source(doc, draft.source, ids, offset)
        cue = draft.cue
        claims.append(
            Claim(
                id=f"c{index + 1}",
                content=_span(text, *draft.content, offset),
                source=source or Source(entity=None, kind=SourceKind.UNATTRIBUTED),
                cue=_span(text, cue.start_char, cue.end_char, offset) if cue is not None else None,
                modality=attrs.modality,
                polarity=attrs.polarity,
                quote=draft.quote,
                kind=attrs.kind,
                cites=tuple(s for s in (_source(doc, c, ids, offset) for c in draft.cites) if s),
                hedges=tuple(_span(text, h.start_char, h.end_char, offset) for h in attrs.hedges),
                author_distanced=attrs.author_distanced,
                nested_in=f"c{draft.nested_in + 1}" if draft.nested_in is not None else None,
                medium=_source(doc, draft.medium, ids, offset),
            )
        )
    entities = tuple(_entity(i, c, offset) for i, c in enumerate(clusters))
    quantities = tuple(
        replace(q, start=q.start + offset, end=q.end + offset) for q in doc._.wf_quantities or ()
    )
    dates = tuple(
        replace(d, start=d.start + offset, end=d.end + offset) for d in doc._.wf_dates or ()
    )
    events = tuple(
        _event(n, draft, entities, quantities, dates, offset)
        for n, draft in enumerate(doc._.wf_events or ())
    )
    return Ledger(
        document=document,
        entities=entities,
        claims=tuple(claims),
        quantities=quantities,
        dates=dates,
        events=events,
    )


def _event(
    index: int,
    draft: EventDraft,
    entities: tuple[Entity, ...],
    quantities: tuple[Quantity, ...],
    dates: tuple[DateMention, ...],
    offset: int,
) -> Event:
    def span(s: Span) -> TextSpan:
        return TextSpan(s.start_char + offset, s.end_char + offset, s.text)

    place = None
    if draft.location is not None:
        entity = entities[draft.location]
        point = locate(entity.name, entity.country)
        place = Place(
            entity=entity.id,
            name=entity.name,
            country=point.country if point else entity.country,
            latitude=point.latitude if point else None,
            longitude=point.longitude if point else None,
            precision=point.precision if point else None,
            inferred=draft.location_inferred,
        )
    return Event(
        id=f"v{index + 1}",
        type=draft.type,
        mode=draft.mode,
        context=draft.context,
        family=draft.family,
        quad_class=QUAD_CLASS[draft.type],
        trigger=span(draft.trigger),
        evidence=span(draft.sentence),
        status=draft.status,
        actors=tuple(entities[a].id for a in draft.actors),
        recipients=tuple(entities[r].id for r in draft.recipients),
        place=place,
        date=dates[draft.date].value if draft.date is not None else None,
        size=quantities[draft.size] if draft.size is not None else None,
        supported_by=tuple(f"c{c + 1}" for c in draft.supported_by),
        denied_by=tuple(f"c{c + 1}" for c in draft.denied_by),
        mentions=tuple(span(m) for m in draft.mentions),
    )


def merge_ledgers(parts: list[Ledger], *, document: Mapping[str, object]) -> Ledger:
    """One ledger from the ledgers of consecutive pieces of an article: an entity seen in
    several pieces (same gazetteer id, or same type and name) becomes one; ids are renumbered."""
    if len(parts) == 1:
        return replace(parts[0], document=document)
    entities: list[Entity] = []
    by_key: dict[tuple[str, str], int] = {}
    claims: list[Claim] = []
    events: list[Event] = []
    for part in parts:
        entity_map: dict[str, str] = {}
        for entity in part.entities:
            key = (
                ("kb", entity.gazetteer_id)
                if entity.gazetteer_id
                else (entity.type, entity.name.lower())
            )
            if key in by_key:
                index = by_key[key]
                known = entities[index]
                aliases = tuple(dict.fromkeys([*known.aliases, *entity.aliases]))
                entities[index] = replace(
                    known, mentions=known.mentions + entity.mentions, aliases=aliases
                )
            else:
                by_key[key] = len(entities)
                entities.append(replace(entity, id=f"e{len(entities) + 1}"))
            entity_map[entity.id] = entities[by_key[key]].id
        claim_map = {c.id: f"c{len(claims) + n + 1}" for n, c in enumerate(part.claims)}

        def moved(source: Source | None, entity_map: dict[str, str] = entity_map) -> Source | None:
            if source is None or source.entity is None:
                return source
            return replace(source, entity=entity_map[source.entity])

        for claim in part.claims:
            claims.append(
                replace(
                    claim,
                    id=claim_map[claim.id],
                    source=moved(claim.source),
                    cites=tuple(s for s in (moved(c) for c in claim.cites) if s is not None),
                    medium=moved(claim.medium),
                    nested_in=claim_map.get(claim.nested_in) if claim.nested_in else None,
                )
            )
        for event in part.events:
            place = event.place
            events.append(
                replace(
                    event,
                    id=f"v{len(events) + 1}",
                    actors=tuple(entity_map[a] for a in event.actors),
                    recipients=tuple(entity_map[r] for r in event.recipients),
                    place=replace(place, entity=entity_map[place.entity]) if place else None,
                    supported_by=tuple(claim_map[c] for c in event.supported_by),
                    denied_by=tuple(claim_map[c] for c in event.denied_by),
                )
            )
    return Ledger(
        document=document,
        entities=tuple(entities),
        claims=tuple(claims),
        quantities=tuple(q for part in parts for q in part.quantities),
        dates=tuple(d for part in parts for d in part.dates),
        events=tuple(events),
    )
