"""Table definitions used to build queries; the schema itself is made by migrations."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.dialects.postgresql import JSONB


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware (UTC) datetimes out, on SQLite too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; attach a timezone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        assert isinstance(moment, datetime)
        if moment.tzinfo is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)


Id = BigInteger().with_variant(Integer(), "sqlite")
Json = JSON().with_variant(JSONB(), "postgresql")

metadata = MetaData()

ingest_runs = Table(
    "ingest_runs",
    metadata,
    Column("id", Id, primary_key=True),
    Column("started_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime),
    Column("status", Text, nullable=False),
    Column("sources", Json, nullable=False),
    Column("ingested", Integer, nullable=False),
    Column("exact_duplicates", Integer, nullable=False),
    Column("near_duplicates", Integer, nullable=False),
    Column("rejected", Integer, nullable=False),
    Column("unchanged", Integer, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Id, primary_key=True),
    Column("item_key", Text, nullable=False),
    Column("content_hash", Text, nullable=False),
    Column("origin", Text, nullable=False),
    Column("record", Text),
    Column("title", Text),
    Column("url", Text),
    Column("outlet", Text),
    Column("author", Text),
    Column("published", UTCDateTime),
    Column("language", Text),
    Column("extra", Json, nullable=False),
    Column("text", Text, nullable=False),
    Column("chars", Integer, nullable=False),
    Column("ingested_at", UTCDateTime, nullable=False),
    Column("duplicate_of", Id, ForeignKey("articles.id")),
    Column("duplicate_kind", Text),
    Column("similarity", Float),
    Column("run_id", Id, ForeignKey("ingest_runs.id")),
)

article_fingerprints = Table(
    "article_fingerprints",
    metadata,
    Column("article_id", Id, ForeignKey("articles.id"), primary_key=True),
    Column("minhash", LargeBinary, nullable=False),
)

article_bands = Table(
    "article_bands",
    metadata,
    Column("band", Integer, primary_key=True),
    Column("band_key", BigInteger, primary_key=True),
    Column("article_id", Id, ForeignKey("articles.id"), primary_key=True),
)

rejections = Table(
    "rejections",
    metadata,
    Column("id", Id, primary_key=True),
    Column("item", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("detail", Text, nullable=False),
    Column("first_seen", UTCDateTime, nullable=False),
    Column("last_seen", UTCDateTime, nullable=False),
    Column("times", Integer, nullable=False),
    Column("run_id", Id, ForeignKey("ingest_runs.id")),
)

store_state = Table(
    "store_state",
    metadata,
    Column("name", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

ledgers = Table(
    "ledgers",
    metadata,
    Column("article_id", Id, ForeignKey("articles.id"), primary_key=True),
    Column("language", Text, nullable=False),
    Column("extractor", Text, nullable=False),
    Column("ledger", Json, nullable=False),
    Column("claims", Integer, nullable=False),
    Column("extracted_at", UTCDateTime, nullable=False),
)

extraction_failures = Table(
    "extraction_failures",
    metadata,
    Column("article_id", Id, ForeignKey("articles.id"), primary_key=True),
    Column("reason", Text, nullable=False),
    Column("failed_at", UTCDateTime, nullable=False),
    Column("attempts", Integer, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", Id, primary_key=True),
    Column("article_id", Id, ForeignKey("articles.id"), nullable=False),
    Column("event_key", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("mode", Text),
    Column("status", Text, nullable=False),
    Column("occurred_at", UTCDateTime, nullable=False),
    Column("country", Text),
    Column("place", Text),
    Column("size", Float),
    Column("size_approximate", Boolean, nullable=False),
    Column("data", Json, nullable=False),
    Column("proposition_id", Id),
    Column("credibility", Integer),
    Column("credibility_reason", Text),
)

indicator_readings = Table(
    "indicator_readings",
    metadata,
    Column("id", Id, primary_key=True),
    Column("indicator", Text, nullable=False),
    Column("as_of", UTCDateTime, nullable=False),
    Column("evaluated_at", UTCDateTime, nullable=False),
    Column("value", Float),
    Column("approximate", Boolean, nullable=False),
    Column("level", Text),
    Column("events", Integer, nullable=False),
    Column("evidence", Json, nullable=False),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Id, primary_key=True),
    Column("indicator", Text, nullable=False),
    Column("reading_id", Id, ForeignKey("indicator_readings.id"), nullable=False),
    Column("level", Text),
    Column("previous_level", Text),
    Column("direction", Text, nullable=False),
    Column("value", Float),
    Column("previous_value", Float),
    Column("as_of", UTCDateTime, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("evidence", Json, nullable=False),
)

alert_deliveries = Table(
    "alert_deliveries",
    metadata,
    Column("alert_id", Id, ForeignKey("alerts.id"), primary_key=True),
    Column("notifier", Text, primary_key=True),
    Column("delivered_at", UTCDateTime),
    Column("attempts", Integer, nullable=False),
    Column("error", Text),
)

entities = Table(
    "entities",
    metadata,
    Column("id", Id, primary_key=True),
    Column("type", Text, nullable=False),
    Column("kind", Text),
    Column("name", Text, nullable=False),
    Column("gazetteer_id", Text),
    Column("wikidata", Text),
    Column("country", Text),
    Column("merged_into", Id, ForeignKey("entities.id")),
    Column("merge_reason", Text),
    Column("created_at", UTCDateTime, nullable=False),
)

entity_aliases = Table(
    "entity_aliases",
    metadata,
    Column("entity_id", Id, ForeignKey("entities.id"), primary_key=True),
    Column("alias", Text, primary_key=True),
    Column("match_key", Text, primary_key=True),
)

entity_links = Table(
    "entity_links",
    metadata,
    Column("article_id", Id, ForeignKey("articles.id"), primary_key=True),
    Column("local_id", Text, primary_key=True),
    Column("entity_id", Id, ForeignKey("entities.id"), nullable=False),
    Column("method", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("pinned", Boolean, nullable=False),
)

propositions = Table(
    "propositions",
    metadata,
    Column("id", Id, primary_key=True),
    Column("type", Text),
    Column("family", Text),
    Column("country", Text),
    Column("summary", Text, nullable=False),
    Column("signature", Json, nullable=False),
    Column("first_seen", UTCDateTime, nullable=False),
    Column("last_seen", UTCDateTime, nullable=False),
    Column("credibility", Integer),
    Column("likelihood", Text),
    Column("probability", Float),
    Column("assessment", Json),
    Column("assessed_at", UTCDateTime),
    Column("judgement", Text),
)

extraction_claims = Table(
    "extraction_claims",
    metadata,
    Column("article_id", Id, ForeignKey("articles.id"), primary_key=True),
    Column("holder", Text, nullable=False),
    Column("claimed_at", UTCDateTime, nullable=False),
)

proposition_blocks = Table(
    "proposition_blocks",
    metadata,
    Column("proposition_id", Id, ForeignKey("propositions.id"), primary_key=True),
    Column("block_key", Text, primary_key=True),
    Column("last_seen", UTCDateTime),
)

proposition_claims = Table(
    "proposition_claims",
    metadata,
    Column("proposition_id", Id, ForeignKey("propositions.id"), primary_key=True),
    Column("article_id", Id, ForeignKey("articles.id"), primary_key=True),
    Column("claim_id", Text, primary_key=True),
    Column("stance", Text, nullable=False),
    Column("origin", Text, nullable=False),
    Column("origin_name", Text, nullable=False),
    Column("source_name", Text, nullable=False),
    Column("source_kind", Text, nullable=False),
    Column("source_entity_id", Id),
    Column("chain", Json, nullable=False),
    Column("content", Text, nullable=False),
    Column("modality", Text, nullable=False),
    Column("size", Float),
    Column("size_text", Text),
    Column("size_approximate", Boolean, nullable=False),
    Column("size_comparator", Text),
    Column("claim_date", Text),
    Column("seen_at", UTCDateTime, nullable=False),
    Column("teller", Text),
)

contradictions = Table(
    "contradictions",
    metadata,
    Column("id", Id, primary_key=True),
    Column("proposition_id", Id, ForeignKey("propositions.id"), nullable=False),
    Column("article_a", Id, nullable=False),
    Column("claim_a", Text, nullable=False),
    Column("article_b", Id, nullable=False),
    Column("claim_b", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("why", Text, nullable=False),
    Column("found_at", UTCDateTime, nullable=False),
)

linked_articles = Table(
    "linked_articles",
    metadata,
    Column("article_id", Id, ForeignKey("articles.id"), primary_key=True),
    Column("linked_at", UTCDateTime, nullable=False),
)

article_stories = Table(
    "article_stories",
    metadata,
    Column("article_id", Id, ForeignKey("articles.id"), primary_key=True),
    Column("story_id", Id, nullable=False),
    Column("seen_at", UTCDateTime, nullable=False),
    Column("reason", Text, nullable=False),
    Column("profile", Json, nullable=False),
)

story_keys = Table(
    "story_keys",
    metadata,
    Column("story_key", Text, primary_key=True),
    Column("article_id", Id, ForeignKey("articles.id"), primary_key=True),
    Column("seen_at", UTCDateTime, nullable=False),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Id, primary_key=True),
    Column("name", Text, nullable=False),
    Column("token_hash", Text, nullable=False),
    Column("scope", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_used_at", UTCDateTime),
    Column("revoked_at", UTCDateTime),
)

source_registry = Table(
    "source_registry",
    metadata,
    Column("name", Text, primary_key=True),
    Column("reliability", Text, nullable=False),
    Column("aliases", Json, nullable=False),
    Column("note", Text),
    Column("changed_at", UTCDateTime, nullable=False),
    Column("changed_by", Text, nullable=False),
)
source_registry_changes = Table(
    "source_registry_changes",
    metadata,
    Column("id", Id, primary_key=True),
    Column("name", Text, nullable=False),
    Column("reliability", Text),
    Column("previous", Text),
    Column("note", Text),
    Column("changed_at", UTCDateTime, nullable=False),
    Column("changed_by", Text, nullable=False),
)

verdicts = Table(
    "verdicts",
    metadata,
    Column("id", Id, primary_key=True),
    Column("kind", Text, nullable=False),
    Column("field", Text, nullable=False),
    Column("value", Text),
    Column("note", Text, nullable=False),
    Column("made_by", Text, nullable=False),
    Column("made_at", UTCDateTime, nullable=False),
    Column("article_id", Id),
    Column("claim_id", Text),
    Column("proposition_id", Id),
    Column("entity_id", Id),
    Column("alert_id", Id),
    Column("previous", Json, nullable=False),
    Column("undone_at", UTCDateTime),
    Column("undone_by", Text),
)
