"""Properties over arbitrary input (hypothesis): readers never crash, re-ingest is idempotent."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watchfloor.errors import IngestError
from watchfloor.ingest import read_item
from watchfloor.ingest._sources import RawItem
from watchfloor.pipeline import ingest
from watchfloor.settings import load_settings
from watchfloor.store import open_store
from watchfloor.types import Article, RejectReason

SUFFIXES = ["", ".txt", ".md", ".html", ".rss", ".xml", ".json", ".jsonl"]

markup = st.sampled_from(
    [b"<", b">", b"<?xml version='1.0'?>", b"<rss>", b"<feed>", b"<item>", b"<html>", b"<p>",
     b"</", b"{", b"}", b"[", b"\"text\":", b"\n", b"---\n", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf"]
)  # fmt: skip
hostile_bytes = st.lists(st.one_of(st.binary(max_size=40), markup), max_size=30).map(b"".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=hostile_bytes, suffix=st.sampled_from(SUFFIXES))
def test_readers_never_crash_on_arbitrary_bytes(data: bytes, suffix: str) -> None:
    for result in read_item(RawItem("fuzz", data, suffix)):
        assert isinstance(result, Article | IngestError)
        if isinstance(result, IngestError):
            assert result.reason is not RejectReason.UNREADABLE
            assert "\n" not in result.detail, "rejections are one line"
        else:
            assert result.text.strip()


texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=0, max_size=200
)


@settings(max_examples=25, deadline=None)
@given(
    records=st.lists(st.fixed_dictionaries({"text": texts, "title": st.none() | texts}), max_size=8)
)
def test_reingesting_the_same_input_adds_nothing(records: list[dict[str, object]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "batch.jsonl"
        source.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
        config = load_settings(db=str(Path(folder) / "s.db"))
        with open_store(config.db) as store:
            first = ingest(store, [str(source)], settings=config)
            stored = store.count_articles()
            assert stored == first.ingested + first.duplicates
            second = ingest(store, [str(source)], settings=config)
            assert (second.ingested, second.duplicates) == (0, 0)
            assert second.unchanged == stored
            assert second.rejected == first.rejected
            assert store.count_articles() == stored
            rejections = list(store.iter_rejections())
            assert sum(r.times for r in rejections) == 2 * first.rejected
