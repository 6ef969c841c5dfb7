"""Store access for cross-article linking: entities, propositions, claims, contradictions.

``LinkSession`` works inside one write transaction, so that an article is linked
completely or not at all; on PostgreSQL a transaction-scoped advisory lock serialises
linkers, so two processes never create the same entity or proposition twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Row,
    Text,
    bindparam,
    case,
    cast,
    func,
    or_,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from watchfloor.store._reviewed import review_notes
from watchfloor.store._rows import from_row, quantity_from_row
from watchfloor.store._schema import (
    article_stories,
    articles,
    contradictions,
    entities,
    entity_aliases,
    entity_links,
    events,
    ledgers,
    linked_articles,
    proposition_blocks,
    proposition_claims,
    propositions,
    story_keys,
)
from watchfloor.types import (
    ClaimGroup,
    Stance,
    StoredClaim,
    StoredContradiction,
    StoredEntity,
    StoredProposition,
)

LINK_LOCK = 7_400_002
"""PostgreSQL advisory lock held by a linking transaction."""

_MATCHED = ("id", "summary", "first_seen", "last_seen", "type", "family", "country", "signature")
"""What matching a proposition reads of a candidate."""

CANDIDATES_PER_KEY = 200
"""Propositions compared per blocking key: the most recently seen in the window. A story
is matched to what was reported lately; bounding the list keeps a busy key (a state
named in every report) from making each article's linking slower as the store grows."""


class LinkSession:
    """Reads and writes of one article's linking, on one connection in one transaction."""

    def __init__(self, connection: Connection, dialect: str) -> None:
        self.connection = connection
        self.dialect = dialect
        if dialect == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LINK_LOCK})

    # -- stories --------------------------------------------------------------------

    def story_candidates(
        self, keys: Sequence[str], since: datetime, until: datetime, *, limit: int = 200
    ) -> list[tuple[int, int, Mapping[str, Any]]]:
        """(article id, story id, profile) of the articles seen in the window that share
        one of ``keys``: the most recently seen first, at most ``limit``."""
        if not keys:
            return []
        found = (
            select(story_keys.c.article_id)
            .where(
                story_keys.c.story_key.in_(list(keys)),
                story_keys.c.seen_at >= since,
                story_keys.c.seen_at <= until,
            )
            .distinct()
            .subquery()
        )
        rows = self.connection.execute(
            select(
                article_stories.c.article_id, article_stories.c.story_id, article_stories.c.profile
            )
            .where(article_stories.c.article_id.in_(select(found.c.article_id)))
            .order_by(article_stories.c.seen_at.desc(), article_stories.c.article_id.desc())
            .limit(limit)
        )
        return [(int(r.article_id), int(r.story_id), r.profile) for r in rows]

    def set_story(
        self,
        article_id: int,
        story_id: int,
        seen_at: datetime,
        reason: str,
        profile: Mapping[str, Any],
        keys: Sequence[str],
    ) -> None:
        self.connection.execute(
            article_stories.insert().values(
                article_id=article_id,
                story_id=story_id,
                seen_at=seen_at,
                reason=reason,
                profile=dict(profile),
            )
        )
        if keys:
            self.connection.execute(
                story_keys.insert(),
                [
                    {"story_key": k, "article_id": article_id, "seen_at": seen_at}
                    for k in dict.fromkeys(keys)
                ],
            )

    # -- entities -------------------------------------------------------------------

    def entity_candidates_by_key(
        self, keys: Sequence[str]
    ) -> tuple[dict[str, set[int]], dict[int, StoredEntity]]:
        """For each key (``kb:<gazetteer id>`` or an alias match key), the ids of the stored
        entities it finds, followed through merges; and those entities. A few queries for
        all of an article's entities at once, not a few per entity."""
        keys = list(dict.fromkeys(keys))
        raw: dict[str, set[int]] = {k: set() for k in keys}
        if not keys:
            return raw, {}
        for key, entity_id in self.connection.execute(
            select(entity_aliases.c.match_key, entity_aliases.c.entity_id).where(
                entity_aliases.c.match_key.in_(keys)
            )
        ):
            raw[key].add(int(entity_id))
        gazetteer = {k.removeprefix("kb:"): k for k in keys if k.startswith("kb:")}
        if gazetteer:
            for gazetteer_id, entity_id in self.connection.execute(
                select(entities.c.gazetteer_id, entities.c.id).where(
                    entities.c.gazetteer_id.in_(list(gazetteer))
                )
            ):
                raw[gazetteer[gazetteer_id]].add(int(entity_id))
        target = self._merge_targets(set().union(*raw.values()))
        by_key = {k: {target[i] for i in ids if i in target} for k, ids in raw.items()}
        found = entities_by_id(self.connection, sorted(set(target.values())))
        return by_key, {e.id: e for e in found}

    def _merge_targets(self, ids: set[int]) -> dict[int, int]:
        """The entity each of ``ids`` stands for now, following merges (one query per
        level); an id that no longer exists, or whose merges go round, has none."""
        parent: dict[int, int | None] = {}
        asked: set[int] = set()
        pending = set(ids)
        while pending:
            asked |= pending
            for row in self.connection.execute(
                select(entities.c.id, entities.c.merged_into).where(entities.c.id.in_(pending))
            ):
                parent[int(row.id)] = None if row.merged_into is None else int(row.merged_into)
            pending = {p for p in parent.values() if p is not None} - asked
        targets: dict[int, int] = {}
        for start in ids:
            node, visited = start, set()
            while node in parent and parent[node] is not None and node not in visited:
                visited.add(node)
                node = parent[node]  # type: ignore[assignment]
            if node in parent and parent[node] is None:
                targets[start] = node
        return targets

    def pinned_links(self, article_id: int) -> dict[str, int]:
        rows = self.connection.execute(
            select(entity_links.c.local_id, entity_links.c.entity_id).where(
                entity_links.c.article_id == article_id, entity_links.c.pinned
            )
        ).all()
        return {str(r.local_id): int(r.entity_id) for r in rows}

    def add_entity(self, values: Mapping[str, Any]) -> int:
        result = self.connection.execute(
            entities.insert()
            .values(**values, created_at=datetime.now(UTC))
            .returning(entities.c.id)
        )
        return int(result.scalar_one())

    def add_alias_rows(self, rows: Iterable[tuple[int, str, str]]) -> None:
        """(entity id, alias, match key) rows, in one statement; known ones are kept."""
        new = [
            {"entity_id": entity_id, "alias": alias, "match_key": key}
            for entity_id, alias, key in dict.fromkeys(rows)
        ]
        if new:
            insert = (sqlite_insert if self.dialect == "sqlite" else pg_insert)(entity_aliases)
            self.connection.execute(insert.on_conflict_do_nothing(), new)

    def link_entities(self, article_id: int, links: Sequence[tuple[str, int, str, str]]) -> None:
        """(local id, entity id, method, reason) of an article's entities, in one statement."""
        if not links:
            return
        insert = (sqlite_insert if self.dialect == "sqlite" else pg_insert)(entity_links)
        statement = insert.on_conflict_do_update(
            index_elements=[entity_links.c.article_id, entity_links.c.local_id],
            set_={
                name: insert.excluded[name] for name in ("entity_id", "method", "reason", "pinned")
            },
        )
        self.connection.execute(
            statement,
            [
                {
                    "article_id": article_id,
                    "local_id": local_id,
                    "entity_id": entity_id,
                    "method": method,
                    "reason": reason,
                    "pinned": method == "manual",
                }
                for local_id, entity_id, method, reason in links
            ],
        )

    # -- propositions ---------------------------------------------------------------

    def proposition_candidates(
        self, keys: Sequence[str], start: datetime, end: datetime
    ) -> list[StoredProposition]:
        """Propositions sharing a blocking key and seen between ``start`` and ``end``: per
        key, the ``CANDIDATES_PER_KEY`` seen most recently, found through the index on
        (block_key, last_seen), so the cost does not grow with the store."""
        by_key, found = self.proposition_candidates_by_key(keys, start, end)
        ids = set().union(*by_key.values()) if by_key else set()
        return [found[i] for i in sorted(ids)]

    def proposition_candidates_by_key(
        self, keys: Sequence[str], start: datetime, end: datetime
    ) -> tuple[dict[str, set[int]], dict[int, StoredProposition]]:
        """``proposition_candidates`` for all of an article's keys in one query: the ids
        each key finds, and the propositions with what matching reads of them (no grade)."""
        keys = list(dict.fromkeys(keys))
        by_key: dict[str, set[int]] = {k: set() for k in keys}
        if not keys:
            return by_key, {}
        found: dict[int, StoredProposition] = {}
        for first in range(0, len(keys), _KEYS_PER_QUERY):
            for row in self.connection.execute(
                _candidates_query(keys[first : first + _KEYS_PER_QUERY], start, end)
            ):
                by_key[row.block_key].add(int(row.id))
                if int(row.id) not in found:
                    found[int(row.id)] = from_row(
                        StoredProposition, row, signature=row.signature or {}
                    )
        return by_key, found

    def add_proposition(self, values: Mapping[str, Any], keys: Sequence[str]) -> int:
        result = self.connection.execute(
            propositions.insert().values(**values).returning(propositions.c.id)
        )
        proposition_id = int(result.scalar_one())
        self.add_blocks(proposition_id, keys, values["last_seen"])
        return proposition_id

    def add_blocks(self, proposition_id: int, keys: Sequence[str], last_seen: datetime) -> None:
        self.add_block_rows([(proposition_id, k, last_seen) for k in keys])

    def add_block_rows(self, rows: Iterable[tuple[int, str, datetime]]) -> None:
        """(proposition id, block key, last seen) rows in one statement; known ones are kept."""
        new = [
            {"proposition_id": proposition_id, "block_key": key, "last_seen": last_seen}
            for proposition_id, key, last_seen in dict.fromkeys(rows)
        ]
        if new:
            insert = (sqlite_insert if self.dialect == "sqlite" else pg_insert)(proposition_blocks)
            self.connection.execute(insert.on_conflict_do_nothing(), new)

    def widen(self, proposition_id: int, seen_at: datetime, signature: Mapping[str, Any]) -> None:
        row = self.connection.execute(
            select(propositions.c.first_seen, propositions.c.last_seen).where(
                propositions.c.id == proposition_id
            )
        ).one()
        last_seen = max(row.last_seen, seen_at)
        self.connection.execute(
            update(propositions)
            .where(propositions.c.id == proposition_id)
            .values(
                first_seen=min(row.first_seen, seen_at),
                last_seen=last_seen,
                signature=dict(signature),
            )
        )
        self.connection.execute(
            update(proposition_blocks)
            .where(proposition_blocks.c.proposition_id == proposition_id)
            .values(last_seen=last_seen)
        )

    def widen_many(self, rows: Sequence[tuple[int, datetime, datetime, Mapping[str, Any]]]) -> None:
        """(proposition id, first seen, last seen, signature) of propositions an article
        joined, already widened by the caller: one statement for the propositions and one
        for their blocks."""
        if not rows:
            return
        self.connection.execute(
            update(propositions)
            .where(propositions.c.id == bindparam("p_id"))
            .values(
                first_seen=bindparam("p_first"),
                last_seen=bindparam("p_last"),
                signature=bindparam("p_signature", type_=propositions.c.signature.type),
            ),
            [
                {"p_id": i, "p_first": first, "p_last": last, "p_signature": dict(signature)}
                for i, first, last, signature in rows
            ],
        )
        self.connection.execute(
            update(proposition_blocks)
            .where(proposition_blocks.c.proposition_id == bindparam("p_id"))
            .values(last_seen=bindparam("p_last")),
            [{"p_id": i, "p_last": last} for i, _, last, _ in rows],
        )

    def set_event_propositions(self, article_id: int, pairs: Sequence[tuple[str, int]]) -> None:
        """(event key, proposition id) of an article's events, in one statement."""
        if pairs:
            self.connection.execute(
                update(events)
                .where(
                    events.c.article_id == bindparam("e_article"),
                    events.c.event_key == bindparam("e_key"),
                )
                .values(proposition_id=bindparam("e_proposition")),
                [
                    {"e_article": article_id, "e_key": key, "e_proposition": proposition_id}
                    for key, proposition_id in pairs
                ],
            )

    def add_claims(self, rows: Sequence[Mapping[str, Any]]) -> None:
        if rows:
            self.connection.execute(proposition_claims.insert(), [dict(r) for r in rows])

    def claims_of(self, proposition_id: int) -> list[StoredClaim]:
        return claims_of(self.connection, [proposition_id]).get(proposition_id, [])

    def evidence_groups(self, ids: Sequence[int], article_id: int) -> dict[int, list[ClaimGroup]]:
        """The claims of each proposition in ``ids`` as groups of like claims, counted in
        the database (one row per group, not per claim), in the order of each group's
        first claim; claims of ``article_id`` form groups of their own (``mine``)."""
        if not ids:
            return {}
        pc = proposition_claims.c
        mine = case((pc.article_id == article_id, 1), else_=0).label("mine")
        keys = (
            pc.proposition_id, pc.stance, pc.origin, pc.origin_name, pc.source_kind,
            pc.modality, pc.teller, pc.size, pc.size_approximate, pc.size_comparator,
            pc.claim_date,
        )  # fmt: skip
        query = (
            select(
                *keys,
                mine,
                func.min(pc.source_name).label("source_name"),
                func.min(pc.size_text).label("size_text"),
                func.count().label("claims"),
                func.min(pc.seen_at).label("first_seen"),
                func.min(pc.article_id).label("first_article"),
                func.min(cast(pc.article_id, Text) + ":" + pc.claim_id).label("claim"),
            )
            .where(pc.proposition_id.in_(list(ids)))
            .group_by(*keys, mine)
        )
        out: dict[int, list[tuple[Any, ClaimGroup]]] = {}
        for row in self.connection.execute(query):
            size = quantity_from_row(row)
            group = ClaimGroup(
                proposition_id=int(row.proposition_id),
                stance=Stance(row.stance),
                origin=row.origin,
                origin_name=row.origin_name,
                source_name=row.source_name,
                source_kind=row.source_kind,
                modality=row.modality,
                teller=row.teller or row.source_name,
                claim=row.claim,
                claims=int(row.claims),
                first_seen=row.first_seen,
                size=size,
                claim_date=row.claim_date,
                mine=bool(row.mine),
            )
            order = (group.first_seen, int(row.first_article), group.claim)
            out.setdefault(group.proposition_id, []).append((order, group))
        return {p: [g for _, g in sorted(groups, key=lambda x: x[0])] for p, groups in out.items()}

    def review_notes(self, ids: Sequence[int]) -> dict[int, list[str]]:
        """The analyst's active verdicts on each proposition (``_reviewed.review_notes``)."""
        return review_notes(self.connection, ids)

    def add_new_contradictions(self, rows: Sequence[Mapping[str, Any]]) -> int:
        """Contradictions found for an article being linked, in one statement. Linking
        deleted the article's earlier ones (``unlink_article``) and every pair found has
        one of its claims, so only repeats among ``rows`` are dropped."""
        unique = {(r["article_a"], r["claim_a"], r["article_b"], r["claim_b"]): r for r in rows}
        if unique:
            self.connection.execute(contradictions.insert(), list(unique.values()))
        return len(unique)

    def set_assessment(self, proposition_id: int, values: Mapping[str, Any], reason: str) -> None:
        """Store a proposition's grade, and give it to the events that are about it."""
        self.connection.execute(
            update(propositions).where(propositions.c.id == proposition_id).values(**values)
        )
        self.connection.execute(
            update(events)
            .where(events.c.proposition_id == proposition_id)
            .values(credibility=values["credibility"], credibility_reason=reason)
        )

    def set_assessments(self, rows: Sequence[tuple[int, Mapping[str, Any], str]]) -> None:
        """``set_assessment`` for several propositions, in two statements; an event whose
        grade did not change is not written again."""
        if not rows:
            return
        self.connection.execute(
            update(propositions)
            .where(propositions.c.id == bindparam("a_id"))
            .values(
                credibility=bindparam("a_credibility"),
                likelihood=bindparam("a_likelihood"),
                probability=bindparam("a_probability"),
                assessment=bindparam("a_assessment", type_=propositions.c.assessment.type),
                assessed_at=bindparam("a_at", type_=propositions.c.assessed_at.type),
            ),
            [
                {
                    "a_id": i,
                    "a_credibility": v["credibility"],
                    "a_likelihood": v["likelihood"],
                    "a_probability": v["probability"],
                    "a_assessment": v["assessment"],
                    "a_at": v["assessed_at"],
                }
                for i, v, _ in rows
            ],
        )
        credibility = bindparam("a_credibility", type_=events.c.credibility.type)
        reason = bindparam("a_reason", type_=events.c.credibility_reason.type)
        self.connection.execute(
            update(events)
            .where(
                events.c.proposition_id == bindparam("a_id"),
                or_(
                    events.c.credibility.is_distinct_from(credibility),
                    events.c.credibility_reason.is_distinct_from(reason),
                ),
            )
            .values(credibility=credibility, credibility_reason=reason),
            [{"a_id": i, "a_credibility": v["credibility"], "a_reason": r} for i, v, r in rows],
        )

    def needs_linking(self, article_id: int) -> bool:
        """Whether the article is still unlinked (or linked before its ledger was redone),
        read inside this transaction: another process may have linked it since the list
        of unlinked articles was read, and linking it twice would empty the propositions
        the first linking filled."""
        row = self.connection.execute(
            select(ledgers.c.extracted_at, linked_articles.c.linked_at)
            .outerjoin(linked_articles, linked_articles.c.article_id == ledgers.c.article_id)
            .where(ledgers.c.article_id == article_id)
        ).first()
        return row is not None and (row.linked_at is None or row.linked_at < row.extracted_at)

    def unlink_article(self, article_id: int) -> list[int]:
        """Forget an article's earlier linking (its ledger was redone); returns the
        entities it was linked to, for ``drop_orphans`` once it is linked again.
        Propositions only its claims held go too (none is left without claims)."""
        held = [
            int(i)
            for i in self.connection.execute(
                select(proposition_claims.c.proposition_id)
                .where(proposition_claims.c.article_id == article_id)
                .distinct()
            ).scalars()
        ]
        previous = [
            int(i)
            for i in self.connection.execute(
                select(entity_links.c.entity_id).where(
                    entity_links.c.article_id == article_id, entity_links.c.pinned.is_(False)
                )
            ).scalars()
        ]
        self.connection.execute(
            proposition_claims.delete().where(proposition_claims.c.article_id == article_id)
        )
        if held:
            still_held = select(proposition_claims.c.proposition_id).where(
                proposition_claims.c.proposition_id.in_(held)
            )
            empty = [
                int(i)
                for i in self.connection.execute(
                    select(propositions.c.id).where(
                        propositions.c.id.in_(held), propositions.c.id.not_in(still_held)
                    )
                ).scalars()
            ]
            if empty:
                self.connection.execute(
                    update(events)
                    .where(events.c.proposition_id.in_(empty))
                    .values(proposition_id=None)
                )
                self.connection.execute(propositions.delete().where(propositions.c.id.in_(empty)))
        self.connection.execute(story_keys.delete().where(story_keys.c.article_id == article_id))
        self.connection.execute(
            article_stories.delete().where(article_stories.c.article_id == article_id)
        )
        self.connection.execute(
            contradictions.delete().where(
                or_(
                    contradictions.c.article_a == article_id,
                    contradictions.c.article_b == article_id,
                )
            )
        )
        self.connection.execute(
            entity_links.delete().where(
                entity_links.c.article_id == article_id, entity_links.c.pinned.is_(False)
            )
        )
        return previous

    def drop_orphans(self, entity_ids: Sequence[int]) -> int:
        """Delete entities among ``entity_ids`` that no mention, source, event or merge
        refers to any more (left behind when an article was relinked)."""
        dropped = 0
        for entity_id in dict.fromkeys(entity_ids):
            used = (
                self.connection.execute(
                    select(entity_links.c.entity_id)
                    .where(entity_links.c.entity_id == entity_id)
                    .limit(1)
                ).first()
                or self.connection.execute(
                    select(entities.c.id).where(entities.c.merged_into == entity_id).limit(1)
                ).first()
                or self.connection.execute(
                    select(proposition_claims.c.proposition_id)
                    .where(proposition_claims.c.source_entity_id == entity_id)
                    .limit(1)
                ).first()
                or self.connection.execute(
                    select(proposition_blocks.c.proposition_id)
                    .where(
                        proposition_blocks.c.block_key.in_(
                            [f"entity:{entity_id}", f"actor:{entity_id}"]
                        )
                    )
                    .limit(1)
                ).first()
            )
            if used:
                continue
            self.connection.execute(
                entity_aliases.delete().where(entity_aliases.c.entity_id == entity_id)
            )
            self.connection.execute(entities.delete().where(entities.c.id == entity_id))
            dropped += 1
        return dropped

    def mark_linked(self, article_id: int) -> None:
        self.connection.execute(
            linked_articles.delete().where(linked_articles.c.article_id == article_id)
        )
        self.connection.execute(
            linked_articles.insert().values(article_id=article_id, linked_at=datetime.now(UTC))
        )


_KEYS_PER_QUERY = 250
"""Keys read by one candidates query: each is a SELECT of a UNION ALL, and SQLite allows
500 of them in one statement (an article with many entities and events has more keys)."""


def _candidates_query(keys: Sequence[str], start: datetime, end: datetime) -> Any:
    """Each key's most recent propositions, joined to what matching reads of them (not
    their assessment, which can be long), as one statement."""
    recent = [
        select(proposition_blocks.c.block_key, proposition_blocks.c.proposition_id)
        .where(
            proposition_blocks.c.block_key == key,
            proposition_blocks.c.last_seen >= start,
        )
        .order_by(proposition_blocks.c.last_seen.desc())
        .limit(CANDIDATES_PER_KEY)
        .subquery()
        for key in keys
    ]
    recent_union = union_all(
        *(select(q.c.block_key, q.c.proposition_id) for q in recent)
    ).subquery()
    return (
        select(recent_union.c.block_key, *(propositions.c[name] for name in _MATCHED))
        .join(propositions, propositions.c.id == recent_union.c.proposition_id)
        .where(propositions.c.first_seen <= end)
    )


# -- reads shared by the session and the store -------------------------------------------


def entities_by_id(connection: Connection, ids: Sequence[int]) -> list[StoredEntity]:
    if not ids:
        return []
    rows = connection.execute(select(entities).where(entities.c.id.in_(list(ids)))).all()
    aliases: dict[int, list[str]] = {}
    for row in connection.execute(
        select(entity_aliases.c.entity_id, entity_aliases.c.alias)
        .where(entity_aliases.c.entity_id.in_(list(ids)))
        .order_by(entity_aliases.c.entity_id, entity_aliases.c.alias)
    ):
        names = aliases.setdefault(int(row.entity_id), [])
        if row.alias not in names:
            names.append(row.alias)
    return [entity_from_row(r, aliases.get(int(r.id), [])) for r in rows]


def merged_into(connection: Connection, entity_id: int) -> list[int]:
    """The entities merged into ``entity_id``: their mentions count for it."""
    query = select(entities.c.id).where(entities.c.merged_into == entity_id)
    return [int(i) for i in connection.execute(query).scalars()]


def entity_from_row(row: Row[Any], aliases: Sequence[str] = (), count: int = 0) -> StoredEntity:
    others = tuple(a for a in aliases if a != row.name)
    return from_row(StoredEntity, row, aliases=others, articles=count)


def proposition_from_row(row: Row[Any], claims: Sequence[StoredClaim] = ()) -> StoredProposition:
    return from_row(StoredProposition, row, signature=row.signature or {}, claims=tuple(claims))


def claims_of(connection: Connection, ids: Sequence[int]) -> dict[int, list[StoredClaim]]:
    if not ids:
        return {}
    query = (
        select(proposition_claims, articles.c.outlet, articles.c.title, articles.c.url)
        .join(articles, articles.c.id == proposition_claims.c.article_id)
        .where(proposition_claims.c.proposition_id.in_(list(ids)))
        .order_by(proposition_claims.c.seen_at, proposition_claims.c.article_id)
    )
    out: dict[int, list[StoredClaim]] = {}
    for row in connection.execute(query):
        claim = from_row(
            StoredClaim,
            row,
            stance=Stance(row.stance),
            chain=tuple(row.chain or ()),
            size=quantity_from_row(row),
        )
        out.setdefault(claim.proposition_id, []).append(claim)
    return out


def unlinked_article_ids(connection: Connection, limit: int | None = None) -> list[int]:
    query = (
        select(ledgers.c.article_id)
        .outerjoin(linked_articles, linked_articles.c.article_id == ledgers.c.article_id)
        .where(
            or_(
                linked_articles.c.article_id.is_(None),
                linked_articles.c.linked_at < ledgers.c.extracted_at,
            )
        )
        .order_by(ledgers.c.article_id)
    )
    if limit is not None:
        query = query.limit(limit)
    return [int(i) for i in connection.execute(query).scalars()]


def contradictions_of(connection: Connection, ids: Sequence[int]) -> list[StoredContradiction]:
    if not ids:
        return []
    rows = connection.execute(
        select(contradictions)
        .where(contradictions.c.proposition_id.in_(list(ids)))
        .order_by(contradictions.c.id)
    ).all()
    return [stored_contradiction(r) for r in rows]


def stored_contradiction(row: Row[Any]) -> StoredContradiction:
    return StoredContradiction(
        proposition_id=int(row.proposition_id),
        claims=(f"{row.article_a}:{row.claim_a}", f"{row.article_b}:{row.claim_b}"),
        kind=row.kind,
        why=row.why,
        found_at=row.found_at,
    )


def entity_article_counts(connection: Connection) -> dict[int, int]:
    owner = func.coalesce(entities.c.merged_into, entity_links.c.entity_id)
    rows = connection.execute(
        select(owner, func.count(func.distinct(entity_links.c.article_id)))
        .join(entities, entities.c.id == entity_links.c.entity_id)
        .group_by(owner)
    ).all()
    return {int(e): int(n) for e, n in rows}


__all__ = [
    "LinkSession",
    "claims_of",
    "contradictions_of",
    "entities_by_id",
    "entity_article_counts",
    "merged_into",
    "proposition_from_row",
    "stored_contradiction",
    "unlinked_article_ids",
]
