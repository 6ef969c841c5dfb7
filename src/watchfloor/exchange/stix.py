"""The evidence ledger as a STIX 2.1 bundle, for OpenCTI, MISP and other platforms.

Mapping (docs/exchange.md):

- ``report`` per article (its text, metadata and whole ledger in the watchfloor
  extension, so that ``watchfloor import`` can rebuild the store);
- ``identity`` per source (entities that speak, outlets, unnamed sources by origin), with
  the registry's Admiralty reliability (A-F) in a label and the extension;
- ``location`` per place with a country;
- ``note`` per claim (content, cue, modality, polarity, cited sources);
- ``grouping`` per proposition with its claims, the Admiralty credibility (1-6) and ICD 203
  likelihood in labels and the extension, and a ``note`` with the explanation;
- ``opinion`` per claim on its proposition (supports: agree, denies: disagree);
- ``relationship`` source -> proposition (``supports``, ``denies``, ``reports``) and
  source -> cited source (``cites``).

Identifiers are UUIDv5 of stable keys (an article's content hash, an entity's gazetteer id
or name), so exporting twice gives the same ids. Objects are produced one at a time and
the bundle is written as a stream: memory does not grow with the store.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import IO, Any

from watchfloor.assess.registry import SourceRegistry
from watchfloor.exchange._fields import article_fields
from watchfloor.types import Article, StoredProposition

__all__ = ["EXTENSION_ID", "NAMESPACE", "bundle_chunks", "stix_objects", "write_bundle"]

NAMESPACE = uuid.UUID("6c2b7a7e-3f0e-5d0a-9a51-77a7c4f1f0d1")
"""watchfloor's namespace for STIX identifiers (UUIDv5)."""
EXTENSION_ID = f"extension-definition--{uuid.uuid5(NAMESPACE, 'watchfloor-ledger-v1')}"
WATCHFLOOR = f"identity--{uuid.uuid5(NAMESPACE, 'watchfloor')}"
_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)

_OPINION = {"supports": "agree", "denies": "disagree", "reports": "neutral"}
_STRONG = {"supports": "strongly-agree", "denies": "strongly-disagree"}
_CLASS = {"person": "individual", "anonymous": "group", "unattributed": "unknown"}


def stix_id(kind: str, key: str) -> str:
    return f"{kind}--{uuid.uuid5(NAMESPACE, f'{kind}:{key}')}"


def _time(moment: datetime | None) -> str:
    moment = (moment or _EPOCH).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _ext(**values: Any) -> dict[str, Any]:
    """watchfloor's properties on an object. STIX allows no null and no empty list: an
    absent property means none."""
    kept = {k: v for k, v in values.items() if v is not None and v != [] and v != {}}
    return {EXTENSION_ID: {"extension_type": "property-extension", **kept}}


def _common(kind: str, key: str, created: datetime | None) -> dict[str, Any]:
    stamp = _time(created)
    return {
        "type": kind,
        "spec_version": "2.1",
        "id": stix_id(kind, key),
        "created": stamp,
        "modified": stamp,
        "created_by_ref": WATCHFLOOR,
    }


def preamble() -> list[dict[str, Any]]:
    """watchfloor's own identity and the definition of its extension."""
    stamp = _time(_EPOCH)
    return [
        {
            "type": "identity",
            "spec_version": "2.1",
            "id": WATCHFLOOR,
            "created": stamp,
            "modified": stamp,
            "name": "watchfloor",
            "identity_class": "system",
            "description": "The evidence ledger that produced this bundle.",
        },
        {
            "type": "extension-definition",
            "spec_version": "2.1",
            "id": EXTENSION_ID,
            "created_by_ref": WATCHFLOOR,
            "created": stamp,
            "modified": stamp,
            "name": "watchfloor evidence ledger",
            "description": "Claims, modality, polarity, source chains, Admiralty grades and "
            "ICD 203 likelihood of watchfloor's ledger (docs/exchange.md).",
            "schema": "https://github.com/watchfloor/watchfloor/blob/main/docs/exchange.md",
            "version": "1.0.0",
            "extension_types": ["property-extension"],
        },
    ]


def _source_key(name: str, entity_key: str | None) -> str:
    return entity_key or f"name:{name.lower()}"


def identity(
    name: str, kind: str, entity_key: str | None, registry: SourceRegistry
) -> dict[str, Any]:
    reliability, reason = registry.grade(name)
    return {
        **_common("identity", _source_key(name, entity_key), None),
        "name": name,
        "identity_class": _CLASS.get(kind, "organization"),
        "labels": [f"admiralty-reliability:{reliability}", f"source-kind:{kind}"],
        "extensions": _ext(source_kind=kind, reliability=reliability, reliability_reason=reason),
    }


def article_objects(
    article: Article, ledger: Mapping[str, Any], registry: SourceRegistry
) -> Iterator[dict[str, Any]]:
    """An article's report, with the identities, locations and claim notes it refers to."""
    key = article.content_hash or article.item_key
    report_id = stix_id("report", key)
    refs: list[str] = []
    entities = {e["id"]: e for e in ledger.get("entities", [])}

    def entity_key(local: str | None) -> str | None:
        entity = entities.get(local or "")
        if entity is None:
            return None
        return (
            f"kb:{entity['gazetteer_id']}"
            if entity.get("gazetteer_id")
            else (f"name:{str(entity['name']).lower()}")
        )

    seen: set[str] = set()
    for entity in entities.values():
        if entity.get("type") in ("GPE", "LOC", "FAC") and entity.get("country"):
            location = {
                **_common("location", entity_key(entity["id"]) or entity["name"], None),
                "name": entity["name"],
                "country": entity["country"],
            }
            if location["id"] not in seen:
                seen.add(location["id"])
                refs.append(location["id"])
                yield location
    outlet = article.outlet or "unknown outlet"
    outlet_identity = identity(outlet, "media", None, registry)
    if outlet_identity["id"] not in seen:
        seen.add(outlet_identity["id"])
        refs.append(outlet_identity["id"])
        yield outlet_identity
    for claim in ledger.get("claims", []):
        source = claim.get("source") or {}
        local = source.get("entity")
        name = (
            entities[local]["name"] if local in entities else source.get("text") or "unattributed"
        )
        kind = source.get("kind") or "unattributed"
        speaker = identity(name, kind, entity_key(local), registry)
        if speaker["id"] not in seen:
            seen.add(speaker["id"])
            refs.append(speaker["id"])
            yield speaker
        cues = claim.get("cue") or {}
        note = {
            **_common("note", f"{key}:{claim['id']}", article.ingested_at),
            "abstract": f"{name} {cues.get('text') or 'says'}",
            "content": claim["content"]["text"],
            "authors": [name],
            "object_refs": [report_id, speaker["id"]],
            "labels": [
                f"modality:{claim['modality']}",
                f"polarity:{claim['polarity']}",
                f"quote:{claim['quote']}",
            ],
            "extensions": _ext(
                claim_id=claim["id"],
                source=name,
                source_kind=kind,
                cue=cues.get("text"),
                modality=claim["modality"],
                polarity=claim["polarity"],
                quote=claim["quote"],
                cites=[c.get("text") for c in claim.get("cites", [])],
                author_distanced=bool(claim.get("author_distanced")),
                start=claim["content"]["start"],
                end=claim["content"]["end"],
            ),
        }
        refs.append(note["id"])
        yield note
        for cited in claim.get("cites", []):
            cited_name = (
                entities[cited["entity"]]["name"]
                if cited.get("entity") in entities
                else cited.get("text") or "unattributed"
            )
            upstream = identity(
                cited_name, cited.get("kind") or "anonymous", entity_key(cited.get("entity")),
                registry,
            )  # fmt: skip
            if upstream["id"] not in seen:
                seen.add(upstream["id"])
                refs.append(upstream["id"])
                yield upstream
            yield {
                **_common("relationship", f"{key}:{claim['id']}:cites:{upstream['id']}", None),
                "relationship_type": "cites",
                "source_ref": speaker["id"],
                "target_ref": upstream["id"],
                "description": f"{name} cites {cited_name}",
            }
    yield {
        **_common("report", key, article.ingested_at),
        "name": article.title or article.text[:80] or "(untitled)",
        "published": _time(article.published or article.ingested_at),
        "report_types": ["threat-report"],
        "description": article.text[:500],
        "lang": article.language or "en",
        "object_refs": refs or [WATCHFLOOR],
        "labels": [f"outlet:{outlet}"],
        **(
            {"external_references": [{"source_name": outlet, "url": article.url}]}
            if article.url
            else {}
        ),
        "extensions": _ext(article=article_fields(article), ledger=dict(ledger)),
    }


def proposition_objects(
    proposition: StoredProposition,
    hashes: Mapping[int, str],
    registry: SourceRegistry,
    entity_keys: Mapping[int, str],
    seen: set[str],
) -> Iterator[dict[str, Any]]:
    """A proposition's grouping, its assessment note and each claim's opinion and stance.
    ``seen``: identities (and notes) already in the bundle; missing ones are added."""
    key = f"proposition:{proposition.first_seen.isoformat()}:{proposition.summary}"
    grouping_id = stix_id("grouping", key)
    claim_notes = [
        stix_id("note", f"{hashes[c.article_id]}:{c.claim_id}")
        for c in proposition.claims
        if c.article_id in hashes
    ]
    assessment = dict(proposition.assessment or {})
    labels = [f"admiralty-credibility:{proposition.credibility or 6}"]
    if proposition.likelihood:
        labels.append(f"icd203:{proposition.likelihood.replace(' ', '-')}")
    yield {
        **_common("grouping", key, proposition.first_seen),
        "name": proposition.summary,
        "context": "unspecified",
        "object_refs": claim_notes or [WATCHFLOOR],
        "labels": labels,
        "extensions": _ext(
            credibility=proposition.credibility,
            likelihood=proposition.likelihood,
            probability=proposition.probability,
            event_type=proposition.type,
            family=proposition.family,
            country=proposition.country,
            first_seen=proposition.first_seen.isoformat(),
            last_seen=proposition.last_seen.isoformat(),
        ),
    }
    explanation = str(assessment.get("explanation") or "")
    if proposition.credibility is not None:
        yield {
            **_common("note", f"{key}:assessment", proposition.last_seen),
            "abstract": f"Credibility {proposition.credibility}, "
            f"{proposition.likelihood or 'not assessed'} (ICD 203)",
            "content": explanation or proposition.summary,
            "object_refs": [grouping_id],
            "labels": labels,
            "extensions": _ext(assessment=assessment),
        }
    for claim in proposition.claims:
        if claim.article_id not in hashes:
            continue
        note_id = stix_id("note", f"{hashes[claim.article_id]}:{claim.claim_id}")
        entity_key = entity_keys.get(claim.source_entity_id or -1)
        speaker = identity(claim.source_name, claim.source_kind, entity_key, registry)
        if speaker["id"] not in seen:  # a source known under another name in its article
            seen.add(speaker["id"])
            yield speaker
        if claim.source_kind == "author" and note_id not in seen:
            # the article's own voice (an event it reports): no attributed claim to point to
            seen.add(note_id)
            yield {
                **_common("note", f"{hashes[claim.article_id]}:{claim.claim_id}", claim.seen_at),
                "abstract": f"{claim.source_name} reports",
                "content": claim.content,
                "authors": [claim.source_name],
                "object_refs": [stix_id("report", hashes[claim.article_id])],
                "labels": [f"modality:{claim.modality}", "source-kind:author"],
                "extensions": _ext(claim_id=claim.claim_id, source_kind="author"),
            }
        stance = claim.stance.value
        strong = claim.modality == "certain" and stance in _STRONG
        yield {
            **_common("opinion", f"{key}:{claim.key}", claim.seen_at),
            "opinion": _STRONG[stance] if strong else _OPINION[stance],
            "explanation": claim.content,
            "authors": [claim.source_name],
            "object_refs": [grouping_id, note_id],
            "extensions": _ext(stance=stance, modality=claim.modality, origin=claim.origin_name),
        }
        yield {
            **_common("relationship", f"{key}:{claim.key}:{stance}", claim.seen_at),
            "relationship_type": stance,
            "source_ref": speaker["id"],
            "target_ref": grouping_id,
            "description": f"{claim.source_name} {stance} {proposition.summary}"[:500],
            "extensions": _ext(
                claim=note_id,
                modality=claim.modality,
                origin=claim.origin_name,
                chain=list(claim.chain),
            ),
        }


def stix_objects(
    articles: Iterable[tuple[Article, Mapping[str, Any]]],
    propositions: Iterable[StoredProposition],
    registry: SourceRegistry,
    entity_keys: Mapping[int, str],
) -> Iterator[dict[str, Any]]:
    """Every object of the bundle, one at a time. Identities met again are given once."""
    seen: set[str] = set()
    hashes: dict[int, str] = {}
    for item in preamble():
        seen.add(item["id"])
        yield item
    for article, ledger in articles:
        if article.id is not None:
            hashes[article.id] = article.content_hash or article.item_key
        for item in article_objects(article, ledger, registry):
            if item["type"] in ("identity", "location"):
                if item["id"] in seen:
                    continue
                seen.add(item["id"])
            yield item
    for proposition in propositions:
        yield from proposition_objects(proposition, hashes, registry, entity_keys, seen)


def bundle_chunks(objects: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """A bundle's JSON text, an object at a time (for files and HTTP responses alike)."""
    yield f'{{"type": "bundle", "id": "bundle--{uuid.uuid4()}", "objects": [\n'
    separator = ""
    for item in objects:
        yield separator + json.dumps(item, ensure_ascii=False)
        separator = ",\n"
    yield "\n]}\n"


def write_bundle(objects: Iterable[Mapping[str, Any]], out: IO[str]) -> int:
    """Write a bundle as a stream; returns the number of objects."""
    count = 0

    def counted() -> Iterator[Mapping[str, Any]]:
        nonlocal count
        for item in objects:
            count += 1
            yield item

    for chunk in bundle_chunks(counted()):
        out.write(chunk)
    return count
