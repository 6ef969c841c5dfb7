"""Sources as a user names them: folders, missing paths, size limits, and http(s) URLs
served by a real HTTP server on loopback."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from watchfloor.ingest import read_articles
from watchfloor.settings import Settings, load_settings
from watchfloor.types import Article, Rejection, RejectReason

from .test_formats import PAGE, RSS

ROUTES: dict[str, tuple[int, str, bytes]] = {
    "/feed": (200, "application/rss+xml; charset=utf-8", RSS.encode()),
    "/page": (
        200,
        "text/html; charset=windows-1251",
        PAGE.replace("Officials", "Чиновники").encode("cp1251"),
    ),
    "/story.txt": (200, "text/plain", "Повідомлення агентства.".encode("koi8-u")),
    "/big": (200, "text/plain", b"word " * 50_000),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/slow":
            time.sleep(2)
        status, content_type, body = ROUTES.get(self.path, (404, "text/plain", b"not here"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # The client may give up first, as the timeout test intends.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def quick(tmp_path: Path) -> Settings:
    # Patient enough for a loaded CI machine; the timeout test sets its own short limit.
    return load_settings(db=str(tmp_path / "unused.db"), http_timeout=5.0, max_item_bytes=100_000)


def read_all(sources: list[str], settings: Settings) -> tuple[list[Article], list[Rejection]]:
    results = list(read_articles(sources, settings=settings))
    return (
        [r for r in results if isinstance(r, Article)],
        [r for r in results if isinstance(r, Rejection)],
    )


def test_feed_over_http(server: str, quick: Settings) -> None:
    articles, rejections = read_all([f"{server}/feed"], quick)
    assert [a.title for a in articles] == ["Drills begin"]
    assert articles[0].origin == f"{server}/feed"
    assert [r.reason for r in rejections] == [RejectReason.EMPTY]


def test_page_over_http_uses_the_header_charset(server: str, quick: Settings) -> None:
    articles, _ = read_all([f"{server}/page"], quick)
    assert "Чиновники" in articles[0].text
    assert articles[0].language == "en"


def test_koi8_text_over_http(server: str, quick: Settings) -> None:
    articles, _ = read_all([f"{server}/story.txt"], quick)
    assert articles[0].text == "Повідомлення агентства."


def test_http_errors_are_rejections_naming_the_url(server: str, tmp_path: Path) -> None:
    quick = load_settings(db=str(tmp_path / "unused.db"), http_timeout=0.5, max_item_bytes=100_000)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/"
    sources = [f"{server}/missing", f"{server}/slow", closed, f"{server}/big", f"{server}/feed"]
    started = time.monotonic()
    articles, rejections = read_all(sources, quick)
    assert time.monotonic() - started < 10
    by_item = {r.item: r for r in rejections}
    assert by_item[f"{server}/missing"].reason is RejectReason.UNREACHABLE
    assert "404" in by_item[f"{server}/missing"].detail
    assert by_item[f"{server}/slow"].reason is RejectReason.UNREACHABLE
    assert "0.5 s" in by_item[f"{server}/slow"].detail
    assert by_item[closed].reason is RejectReason.UNREACHABLE
    assert by_item[f"{server}/big"].reason is RejectReason.TOO_LARGE
    assert len(articles) == 1, "the batch goes on past unreachable URLs"


def test_folders_are_read_recursively_in_order_skipping_hidden(
    tmp_path: Path, quick: Settings
) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deep").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "a.txt").write_text("First report about troop moves near the border.")
    (tmp_path / "b" / "deep" / "c.md").write_text("---\ntitle: Deep\n---\nSecond report.")
    (tmp_path / "b" / "e.jsonl").write_text('{"text": "Third report."}\n{"text": "Fourth."}\n')
    (tmp_path / ".hidden.txt").write_text("never read")
    (tmp_path / ".git" / "config").write_text("never read")
    (tmp_path / "b" / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    articles, rejections = read_all([str(tmp_path)], quick)
    assert [a.text for a in articles] == [
        "First report about troop moves near the border.",
        "Second report.",
        "Third report.",
        "Fourth.",
    ]
    assert [(Path(r.item).name, r.reason) for r in rejections] == [
        ("image.png", RejectReason.BINARY)
    ]


def test_missing_path_and_oversized_file(tmp_path: Path, quick: Settings) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"a " * 60_000)
    articles, rejections = read_all([str(tmp_path / "nope.txt"), str(big)], quick)
    assert not articles
    assert [r.reason for r in rejections] == [RejectReason.NOT_FOUND, RejectReason.TOO_LARGE]
    assert "120,000 bytes, limit 100,000" in rejections[1].detail


def test_language_is_detected_when_not_declared(tmp_path: Path, quick: Settings) -> None:
    texts = {
        "en.txt": "The ministry denied that any mobilisation of reservists was under way.",
        "ru.txt": "Министерство обороны опровергло сообщения о скрытой мобилизации резервистов.",
        "uk.txt": "Міністерство оборони спростувало повідомлення про приховану мобілізацію.",
        "be.txt": "Міністэрства абароны абверглася паведамленні пра схаваную мабілізацыю.",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text)
    articles, _ = read_all([str(tmp_path / name) for name in texts], quick)
    assert [a.language for a in articles] == ["en", "ru", "uk", "be"]
