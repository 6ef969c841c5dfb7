"""Each input format read from bytes: what becomes an article, what is rejected and why."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from watchfloor.errors import IngestError
from watchfloor.ingest import read_item
from watchfloor.ingest._sources import RawItem
from watchfloor.types import Article, RejectReason


def read(
    data: bytes, *, suffix: str = "", name: str = "item", content_type: str | None = None
) -> list[Article | IngestError]:
    return list(read_item(RawItem(name, data, suffix, content_type)))


def only_article(results: list[Article | IngestError]) -> Article:
    assert len(results) == 1, results
    assert isinstance(results[0], Article), results[0]
    return results[0]


def only_error(results: list[Article | IngestError]) -> IngestError:
    assert len(results) == 1, results
    assert isinstance(results[0], IngestError), results[0]
    return results[0]


# -- plain text and Markdown -----------------------------------------------------------


def test_plain_text_is_kept_exactly_as_read() -> None:
    text = "  The ministry  denied it.\r\n\r\nTwo\tspaces, tabs and CRLF stay.\n"
    article = only_article(read(text.encode(), suffix=".txt"))
    assert article.text == text
    assert article.origin == "item"


def test_markdown_front_matter_becomes_metadata_and_the_body_stays_verbatim() -> None:
    body = "\nMS. SPOKESPERSON:  Good afternoon.\n\nQ    A question?\n"
    data = (
        "---\n"
        "date: '2024-10-09'\n"
        "published_time: 2024-10-09 18:17:16-04:00\n"
        "source_url: https://example.gov/briefing/1\n"
        "tags: press-briefings\n"
        'title: "Press Briefing"\n'
        "---\n" + body
    ).encode()
    article = only_article(read(data, suffix=".md"))
    assert article.text == body
    assert article.title == "Press Briefing"
    assert article.url == "https://example.gov/briefing/1"
    assert article.published == datetime(2024, 10, 9, 22, 17, 16, tzinfo=UTC)
    assert article.extra["tags"] == "press-briefings"


def test_text_without_closing_front_matter_fence_is_all_body() -> None:
    data = b"---\ntitle: not closed\n\nJust text after a rule."
    assert only_article(read(data, suffix=".md")).text == data.decode()


@pytest.mark.parametrize("data", [b"", b"   \n\t  \r\n"], ids=["empty", "whitespace"])
def test_empty_input_is_rejected_as_empty(data: bytes) -> None:
    assert only_error(read(data, suffix=".txt")).reason is RejectReason.EMPTY


def test_front_matter_with_no_body_is_rejected_as_empty() -> None:
    assert only_error(read(b"---\ntitle: x\n---\n\n", suffix=".md")).reason is RejectReason.EMPTY


def test_cp1251_text_file_is_decoded_not_rejected() -> None:
    text = "Минобороны Беларуси опровергло сообщения о мобилизации."
    assert only_article(read(text.encode("cp1251"), suffix=".txt")).text == text


def test_binary_file_is_rejected_as_binary() -> None:
    error = only_error(read(b"\x7fELF\x02\x01\x01\x00" + bytes(200), suffix=""))
    assert error.reason is RejectReason.BINARY


# -- HTML -------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Ministry denies call-up | Example Daily</title>
<meta property="og:site_name" content="Example Daily">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2022-10-13T09:30:00+03:00">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Ministry denies call-up</h1>
<p>The defence ministry on Thursday denied that a call-up of reservists was under way,
the state news agency reported, while an opposition weekly insisted it had begun.</p>
<p>Officials said the musters were routine checks of military fitness.</p>
<script>document.write("tracking")</script></article>
<footer>Copyright Example Daily</footer></body></html>"""


def test_html_page_gives_main_text_title_date_author_and_site() -> None:
    article = only_article(read(PAGE.encode(), suffix=".html"))
    assert "denied that a call-up of reservists was under way" in article.text
    assert "tracking" not in article.text and "Copyright" not in article.text
    assert article.title == "Ministry denies call-up"
    assert article.author == "Jane Roe"
    assert article.outlet == "Example Daily"
    assert article.published == datetime(2022, 10, 13, 9, 30, tzinfo=timezone(timedelta(hours=3)))


def test_html_meta_charset_is_honoured() -> None:
    page = PAGE.replace('charset="utf-8"', 'charset="windows-1251"').replace(
        "Officials said", "Чиновники заявили: Officials said"
    )
    article = only_article(read(page.encode("cp1251"), suffix=".html"))
    assert "Чиновники заявили" in article.text


def test_html_without_any_text_is_rejected_as_malformed() -> None:
    error = only_error(
        read(b"<html><head><title></title></head><body></body></html>", suffix=".html")
    )
    assert error.reason is RejectReason.MALFORMED_HTML


def test_truncated_html_still_yields_its_text() -> None:
    cut = PAGE[: PAGE.index("<p>Officials")]
    assert "call-up of reservists" in only_article(read(cut.encode(), suffix=".html")).text


def test_html_is_recognised_without_a_suffix() -> None:
    assert only_article(read(PAGE.encode())).title == "Ministry denies call-up"


# -- feeds ------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example Wire</title><link>https://wire.example</link>
<language>en-gb</language>
<item><title>Drills begin</title><link>https://wire.example/1</link><guid>w-1</guid>
<pubDate>Thu, 10 Feb 2022 08:00:00 +0300</pubDate><author>desk@wire.example (Desk)</author>
<description>&lt;p&gt;Joint drills began on &lt;b&gt;Thursday&lt;/b&gt;.&lt;/p&gt;
&lt;p&gt;They run ten days.&lt;/p&gt;</description></item>
<item><title>No text</title><link>https://wire.example/2</link><description></description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Пример ленты</title><id>urn:feed</id>
<updated>2022-02-10T10:00:00Z</updated>
<entry><title>Учения</title><id>urn:e1</id><link href="https://lenta.example/e1"/>
<updated>2022-02-10T10:00:00Z</updated>
<content type="html">&lt;p&gt;Начались совместные учения.&lt;/p&gt;</content></entry></feed>"""


def test_rss_entries_become_articles_with_feed_metadata() -> None:
    results = read(RSS.encode(), suffix=".rss", name="wire.rss")
    article = results[0]
    assert isinstance(article, Article)
    assert article.text == "Joint drills began on Thursday.\nThey run ten days."
    assert article.outlet == "Example Wire"
    assert article.url == "https://wire.example/1"
    assert article.record == "w-1"
    assert article.language == "en"
    assert article.published == datetime(2022, 2, 10, 5, 0, tzinfo=UTC)
    empty = results[1]
    assert isinstance(empty, IngestError) and empty.reason is RejectReason.EMPTY
    assert empty.item == "wire.rss#https://wire.example/2"


def test_atom_feed_in_cyrillic() -> None:
    article = only_article(read(ATOM.encode(), name="feed.atom", suffix=".atom"))
    assert article.text == "Начались совместные учения."
    assert article.outlet == "Пример ленты"
    assert article.published == datetime(2022, 2, 10, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "data",
    [
        b"<?xml version='1.0'?><rss><channel><item><title>unclosed",
        b"<?xml version='1.0'?><notafeed/>",
    ],
    ids=["truncated", "not-a-feed"],
)
def test_malformed_feed_is_rejected(data: bytes) -> None:
    assert only_error(read(data, suffix=".xml")).reason is RejectReason.MALFORMED_FEED


def test_feed_cut_off_midway_keeps_entries_before_the_cut_and_reports_it() -> None:
    cut = RSS[: RSS.index("<item><title>No text")] + "<item><title>Half an ent"
    results = read(cut.encode(), suffix=".rss", name="cut.rss")
    assert [r.title for r in results if isinstance(r, Article)] == ["Drills begin"]
    errors = [r for r in results if isinstance(r, IngestError)]
    assert [(e.item, e.reason) for e in errors] == [("cut.rss", RejectReason.MALFORMED_FEED)]


def test_feed_is_recognised_from_its_content() -> None:
    assert len(read(RSS.encode())) == 2


# -- JSON Lines and JSON ------------------------------------------------------------------


def jsonl(*records: object) -> bytes:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records).encode()


def test_jsonl_records_with_documented_fields() -> None:
    data = jsonl(
        {
            "id": "a1",
            "text": "Body one.",
            "title": "One",
            "url": "https://x.example/1",
            "published": "2022-02-18",
            "outlet": "X",
            "language": "en-US",
            "license": "CC BY 4.0",
        },
    )
    article = only_article(read(data, suffix=".jsonl"))
    assert (article.record, article.title, article.outlet, article.language) == (
        "a1",
        "One",
        "X",
        "en",
    )
    assert article.published == datetime(2022, 2, 18, tzinfo=UTC)
    assert article.extra == {"license": "CC BY 4.0"}


def test_bad_jsonl_lines_are_rejected_one_by_one_and_the_rest_read() -> None:
    data = jsonl(
        {"text": "first"},
        '{"text": "broken',
        "",
        '["not", "an", "object"]',
        {"title": "no text"},
        {"text": 42},
        {"text": "last"},
    )
    results = read(data, suffix=".jsonl", name="batch.jsonl")
    assert [r.text for r in results if isinstance(r, Article)] == ["first", "last"]
    errors = {r.item: r.reason for r in results if isinstance(r, IngestError)}
    assert errors == {
        "batch.jsonl:2": RejectReason.MALFORMED_JSON,
        "batch.jsonl:4": RejectReason.INVALID_RECORD,
        "batch.jsonl:5": RejectReason.EMPTY,
        "batch.jsonl:6": RejectReason.INVALID_RECORD,
    }


def test_jsonl_record_with_html_is_extracted_and_record_metadata_wins() -> None:
    data = jsonl({"html": PAGE, "title": "Given title", "outlet": "Given outlet"})
    article = only_article(read(data, suffix=".jsonl"))
    assert "call-up of reservists" in article.text
    assert article.title == "Given title" and article.outlet == "Given outlet"
    assert article.author == "Jane Roe"


def test_unreadable_date_is_kept_not_lost() -> None:
    article = only_article(
        read(jsonl({"text": "x y z", "published": "sometime soon"}), suffix=".jsonl")
    )
    assert article.published is None
    assert article.extra["published_raw"] == "sometime soon"


def test_json_document_array_and_object() -> None:
    array = json.dumps([{"text": "a"}, {"text": "b"}, 3]).encode()
    results = read(array, suffix=".json", name="list.json")
    assert [r.text for r in results if isinstance(r, Article)] == ["a", "b"]
    assert [r.item for r in results if isinstance(r, IngestError)] == ["list.json[2]"]
    assert only_article(read(b'{"text": "solo"}', suffix=".json")).text == "solo"


def test_malformed_json_document_names_line_and_column() -> None:
    error = only_error(read(b'{"text": "a",\n "title": }', suffix=".json", name="bad.json"))
    assert error.reason is RejectReason.MALFORMED_JSON
    assert "line 2" in error.detail and error.item == "bad.json"


def test_naive_dates_are_taken_as_utc() -> None:
    article = only_article(
        read(jsonl({"text": "t", "published": "2022-02-18T10:00:00"}), suffix=".jsonl")
    )
    assert article.published == datetime(2022, 2, 18, 10, tzinfo=UTC)
