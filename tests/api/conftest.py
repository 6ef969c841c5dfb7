"""A real store with linked ledgers, readings and alerts, shared by the API and browser
tests; and a live server (uvicorn on a free port) for the browser and the alert stream."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.link.test_across import MOBILISATION
from watchfloor.indicators import load_watchlist
from watchfloor.pipeline import evaluate_indicators, extract, ingest, link
from watchfloor.pipeline.registry import source_registry
from watchfloor.settings import Settings, load_settings
from watchfloor.store import Store, open_store

HOSTILE = {
    "title": '<img src=x onerror="window.__pwned=1">Hostile',
    "text": "The ministry said <script>window.__pwned=1</script> that 300 troops were moved "
    'to Brest. <a href="javascript:window.__pwned=1">click</a> <b onmouseover="window.'
    '__pwned=1">bold</b>',
    "outlet": "<b>Evil outlet</b>",
    "url": "javascript:window.__pwned=1",
    "published": "2022-10-16T10:00:00Z",
    "language": "en",
}

WATCHLIST = """
indicators:
  - id: by-mobilisation
    title: Reported mobilisation in Belarus
    select: {event_type: MOBILIZE, country: BY}
    measure: reports
    window: 30d
    levels:
      - {name: watch, at_least: 1}
      - {name: warning, at_least: 2}
"""


def build_store(folder: Path, db: str | None = None) -> tuple[Store, Settings]:
    """The store: a SQLite file in ``folder``, or the store at ``db``."""
    records = [{"language": "en", **r} for r in MOBILISATION] + [HOSTILE]
    inputs = folder / "articles.jsonl"
    inputs.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    (folder / "watchlist.yaml").write_text(WATCHLIST, encoding="utf-8")
    (folder / "sources.yaml").write_text(
        "sources:\n  - {name: Nasha Niva, reliability: B}\n", encoding="utf-8"
    )
    settings = load_settings(
        db=db or str(folder / "api.db"),
        watchlist=folder / "watchlist.yaml",
        sources=folder / "sources.yaml",
    )
    store = open_store(settings.db)
    ingest(store, [str(inputs)], settings=settings)
    extract(store)
    link(store, registry=source_registry(store, settings.sources))  # as the CLI links
    evaluate_indicators(store, load_watchlist(settings.watchlist), as_of=store.data_clock())
    return store, settings


@pytest.fixture(scope="session")
def api_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Settings]]:
    store, settings = build_store(tmp_path_factory.mktemp("api"))
    yield store, settings
    store.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(api_store: tuple[Store, Settings]) -> Iterator[str]:
    """The real app under uvicorn, in a thread, on a free loopback port."""
    with serving(*api_store) as url:
        yield url


@contextlib.contextmanager
def serving(store: Store, settings: Settings) -> Iterator[str]:
    import uvicorn

    from watchfloor.api import create_app

    port = free_port()
    app = create_app(settings, store=store, poll_seconds=0.2)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
