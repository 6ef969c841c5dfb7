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


# -- nested and hostile structures (issue 19) ---------------------------------------------

hostile_text = st.text(
    alphabet=st.sampled_from(
        [*'ab [{]}"\\:<>&;-\n', "\u200b", "\u202e", "\u2066", "\ufeff", "é", "🙂", "\u0301"]
    ),
    max_size=30,
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | hostile_text
)
nested = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(hostile_text, inner, max_size=4),
    max_leaves=25,
)
records = st.dictionaries(
    st.sampled_from(["text", "html", "title", "url", "published", "outlet", "id", "extra"]),
    nested,
    max_size=6,
)
documents = (
    records
    | st.lists(records | nested, max_size=5)
    | st.integers(min_value=1, max_value=200).map(lambda depth: "[" * depth + "]" * depth)
)


def _json_forms(value: object) -> list[tuple[bytes, str]]:
    raw = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    body = raw.encode("utf-8")
    lines = b"\n".join(
        json.dumps(v).encode() for v in (value if isinstance(value, list) else [value])
    )
    return [(body, ".json"), (lines, ".jsonl")]


def _markup_forms(value: object) -> list[tuple[bytes, str]]:
    import yaml

    text = json.dumps(value, ensure_ascii=False)
    front = yaml.safe_dump({"title": value, "tags": [value, value]}, allow_unicode=True)
    nesting = "<div>" * 40 + text + "</div>" * 40
    return [
        (f"---\n{front}---\nA body: {text}\n".encode(), ".md"),
        (f"<html><body>{nesting}</body></html>".encode(), ".html"),
        (f"<rss><channel><item><title>{text}</title><description>{nesting}"
         f"</description></item></channel></rss>".encode(), ".rss"),
    ]  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=documents)
def test_each_reader_answers_nested_hostile_structures_with_articles_or_one_line(
    value: object,
) -> None:
    for data, suffix in _json_forms(value) + _markup_forms(value):
        for result in read_item(RawItem(f"fuzz{suffix}", data, suffix)):
            assert isinstance(result, Article | IngestError)
            if isinstance(result, IngestError):
                assert result.reason is not RejectReason.UNREADABLE, result.detail
                assert "\n" not in result.detail, "rejections are one line"
            else:
                assert result.text.strip()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=documents)
def test_the_apis_ingest_answers_nested_hostile_bodies_in_the_documented_shape(
    value: object, api_client: tuple[object, dict[str, str]]
) -> None:
    from fastapi.testclient import TestClient

    client, header = api_client
    assert isinstance(client, TestClient)
    body = value if isinstance(value, str) else json.dumps(value)
    answer = client.post("/api/articles", content=body.encode(), headers=header)
    assert answer.status_code in (201, 400), answer.text
    shown = answer.json()
    if answer.status_code == 400:
        assert set(shown) == {"error"} and "\n" not in shown["error"]
        return
    assert (
        len(shown["items"])
        == shown["ingested"] + shown["duplicates"] + shown["rejected"] + (shown["unchanged"])
    )
    for item in shown["items"]:
        assert (item["article_id"] is None) == (item["error"] is not None)
