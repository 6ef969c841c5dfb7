"""HTML pages: the main text and its metadata, with trafilatura."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from typing import Any

import lxml.html
import trafilatura
from lxml import etree

from watchfloor.errors import IngestError
from watchfloor.ingest._dates import parse_published
from watchfloor.types import Article, RejectReason

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_DATE_PARAMS = {
    "original_date": True,
    "extensive_search": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}
_BLOCKS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
    ]
)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag near its top."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def read_html(name: str, html: str, *, url: str | None = None) -> Iterator[Article | IngestError]:
    """One article from an HTML page: main text, title, date, author and site."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            document = trafilatura.bare_extraction(
                html, url=url, with_metadata=True, date_extraction_params=_DATE_PARAMS
            )
        except (ValueError, etree.LxmlError) as exc:
            yield IngestError(name, RejectReason.MALFORMED_HTML, f"cannot parse: {exc}")
            return
    fields: dict[str, Any] = {}
    if document is not None:
        fields = document if isinstance(document, dict) else document.as_dict()
    text = fields.get("text") or ""
    if not text.strip():
        reason = "no main text found" if re.search(r"<\w", html) else "not HTML"
        yield IngestError(name, RejectReason.MALFORMED_HTML, reason)
        return
    published = None
    extra: dict[str, str] = {}
    if fields.get("date"):
        try:
            published = parse_published(fields["date"])
        except ValueError:
            extra["published_raw"] = str(fields["date"])
    if fields.get("hostname"):
        extra["hostname"] = str(fields["hostname"])
    yield Article(
        text=text,
        origin=name,
        title=fields.get("title") or None,
        url=fields.get("url") or url,
        outlet=fields.get("sitename") or None,
        author=fields.get("author") or None,
        published=published,
        extra=extra,
    )


def html_fragment_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment (a feed entry's body), one line per block."""
    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]*>", " ", fragment).strip()
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)
