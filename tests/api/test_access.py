"""Access never opens by accident: without a token only loopback clients read, whatever
happened since the server started; tokens travel in the Authorization header (the live
stream alone also takes ?access_token=, for reading)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import build_store
from watchfloor.api import create_app

REMOTE = ("203.0.113.5", 50000)  # a documentation address: not loopback


def test_revoking_the_last_token_closes_remote_reads(tmp_path: Path) -> None:
    store, settings = build_store(tmp_path)
    try:
        app = create_app(settings, store=store)
        with TestClient(app, client=REMOTE) as remote, TestClient(app) as local:
            refused = remote.get("/api/health")
            assert refused.status_code == 401 and "loopback clients only" in refused.json()["error"]
            assert local.get("/api/health").status_code == 200
            token_id, token = store.create_token("analyst", "read")
            header = {"Authorization": f"Bearer {token}"}
            assert remote.get("/api/health", headers=header).status_code == 200
            assert remote.get("/api/health").status_code == 401
            store.revoke_token(token_id)  # the last token: remote reads close, not open
            assert remote.get("/api/health").status_code == 401
            assert remote.get("/api/articles").status_code == 401
            assert local.get("/api/health").status_code == 200
    finally:
        store.close()


def test_tokens_in_the_url_open_nothing_but_the_stream(tmp_path: Path) -> None:
    store, settings = build_store(tmp_path)
    try:
        _, reader = store.create_token("analyst", "read")
        _, admin = store.create_token("ops", "admin")
        with TestClient(create_app(settings, store=store), client=REMOTE) as client:
            assert client.get("/api/articles", params={"access_token": reader}).status_code == 401
            posted = client.post(
                "/api/articles", params={"access_token": admin}, json={"text": "x"}
            )
            assert posted.status_code == 401
            with client.stream(
                "GET", "/api/alerts/stream", params={"access_token": reader, "after": 10**9}
            ) as stream:
                assert stream.status_code == 200
                assert stream.headers["content-type"].startswith("text/event-stream")
    finally:
        store.close()


def _outside_address() -> str | None:
    """An address of this machine that is not loopback, if it has one."""
    address = "127.0.0.1"
    for target in ("192.0.2.1", "10.255.255.254", "8.8.8.8"):  # UDP connect sends nothing
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            try:
                probe.connect((target, 9))
                address = probe.getsockname()[0]
                break
            except OSError:
                continue
    return None if address.startswith("127.") else address


def test_a_running_server_on_all_addresses_closes_when_the_last_token_goes(
    tmp_path: Path,
) -> None:
    from tests.api.conftest import free_port
    from tests.test_cli import WATCHFLOOR, run

    outside = _outside_address()
    if outside is None:
        pytest.skip("this machine has no address other than loopback")
    db = str(tmp_path / "s.db")
    created = run("token", "create", "analyst", db=db)
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip()
    port = free_port()
    server = subprocess.Popen(
        [WATCHFLOOR, "serve", "--db", db, "--host", "0.0.0.0", "--port", str(port)],
        stderr=subprocess.DEVNULL,
    )
    url = f"http://{outside}:{port}/api/health"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                first = httpx.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert first.status_code == 200
        tokens = run("token", "list", "--format", "json", db=db)
        token_id = str(json.loads(tokens.stdout)[0]["id"])
        assert run("token", "revoke", token_id, db=db).returncode == 0
        assert httpx.get(url, timeout=5).status_code == 401
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_hostile_json_bodies_get_400_and_store_nothing(tmp_path: Path) -> None:
    store, settings = build_store(tmp_path)
    try:
        _, admin = store.create_token("ops", "admin")
        header = {"Authorization": f"Bearer {admin}"}
        with TestClient(create_app(settings, store=store)) as client:
            before = client.get("/api/articles", headers=header).json()["items"]
            for body in (b'"just a string"', b"12345", b"null", b"[" * 100_000 + b"]" * 100_000):
                answer = client.post("/api/articles", content=body, headers=header)
                assert answer.status_code == 400, body[:20]
                assert "error" in answer.json()
            deep = client.post("/api/articles", content=b"[" * 65 + b"]" * 65, headers=header)
            assert deep.json() == {"error": "the body is not JSON: nested deeper than 64 levels"}
            after = client.get("/api/articles", headers=header).json()["items"]
        assert after == before
    finally:
        store.close()


def test_bounded_searches_literal_filters_and_one_error_shape(tmp_path: Path) -> None:
    store, settings = build_store(tmp_path)
    try:
        with TestClient(create_app(settings, store=store)) as client:
            many = " ".join("abcdefghijklmnopqrstuvwxyz"[i % 26] + str(i) for i in range(250))
            started = time.monotonic()
            refused = client.get("/api/search", params={"q": many[:500]})
            assert refused.status_code == 400 and "at most 32" in refused.json()["error"]
            assert time.monotonic() - started < 5
            assert client.get("/api/entities", params={"name": "%"}).json()["items"] == []
            assert client.get("/api/entities", params={"name": "_"}).json()["items"] == []
            invalid = client.get("/api/articles", params={"limit": "many"})
            assert invalid.status_code == 422 and "limit" in invalid.json()["error"]
            spec = client.get("/api/openapi.json").json()
            answers = spec["paths"]["/api/articles"]["get"]["responses"]["422"]
            assert answers["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
            with client.stream(
                "GET",
                "/api/alerts/stream",
                params={"after": 10**9},
                headers={"Last-Event-ID": "9" * 100_000},
            ) as stream:
                assert stream.status_code == 200
    finally:
        store.close()


def test_proposition_pages_are_cut_in_sql(tmp_path: Path) -> None:
    store, settings = build_store(tmp_path)
    try:
        whole = store.list_propositions(limit=4)
        pages = store.list_propositions(limit=2) + store.list_propositions(limit=2, offset=2)
        assert [p.id for p in pages] == [p.id for p in whole] and len(whole) == 4
        with TestClient(create_app(settings, store=store)) as client:
            second = client.get("/api/propositions", params={"limit": 2, "offset": 2}).json()
        assert [p["id"] for p in second["items"]] == [p.id for p in whole[2:]]
    finally:
        store.close()


def test_entity_pages_read_only_their_own_entities(tmp_path: Path) -> None:
    from sqlalchemy import event

    store, settings = build_store(tmp_path)
    statements: list[str] = []
    try:
        whole = store.list_entities(limit=None)
        assert len(whole) >= 4
        event.listen(store.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        with TestClient(create_app(settings, store=store)) as client:
            page = client.get("/api/entities", params={"limit": 2, "offset": 2}).json()
        assert [e["id"] for e in page["items"]] == [e.id for e in whole[2:4]]
        assert [e["articles"] for e in page["items"]] == [e.articles for e in whole[2:4]]
        ranked = [s for s in statements if "FROM entities" in s and "LIMIT" in s]
        assert ranked and "OFFSET" in ranked[0]
        # the aliases read are those of the page's two entities only
        aliases = [s for s in statements if "FROM entity_aliases" in s]
        assert aliases and all(s.count("?") <= 2 for s in aliases)
    finally:
        store.close()


def test_serve_with_two_worker_processes_reads_the_store_it_was_given(tmp_path: Path) -> None:
    from tests.api.conftest import free_port
    from tests.test_cli import WATCHFLOOR, run

    db = str(tmp_path / "workers.db")
    text = tmp_path / "a.txt"
    text.write_text("The harbour master said the port would reopen on Monday.\n")
    assert run("ingest", str(text), db=db).returncode == 0
    port = free_port()
    server = subprocess.Popen(
        [WATCHFLOOR, "serve", "--db", db, "--port", str(port), "--workers", "2"],
        stderr=subprocess.PIPE,
        env={**os.environ, "WATCHFLOOR_DB": str(tmp_path / "elsewhere.db")},
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api/articles", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read().decode()  # type: ignore[union-attr]
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.3)
        assert answer.status_code == 200
        assert len(answer.json()["items"]) == 1  # the store given, not WATCHFLOOR_DB's
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_kept_pages_are_what_the_store_says_now_and_access_is_checked_first(
    tmp_path: Path,
) -> None:
    from watchfloor.api._pages import PageCache

    store, settings = build_store(tmp_path)
    pages = [
        "/api/articles?limit=5", "/api/articles/1", "/api/search?q=troops",
        "/api/entities?limit=5", "/api/entities/1", "/api/propositions?sort=reported",
        "/api/propositions/1", "/api/sources", "/api/events?limit=5",
    ]  # fmt: skip
    app = create_app(settings, store=store)
    try:
        with TestClient(app) as client:
            kept = [client.get(page) for page in pages]
            again = [client.get(page) for page in pages]
            app.state.pages = PageCache(entries=0)
            fresh = [client.get(page) for page in pages]
            for page, first, second, made in zip(pages, kept, again, fresh, strict=True):
                assert first.status_code == second.status_code == made.status_code == 200, page
                assert first.json() == second.json() == made.json(), page
            app.state.pages = PageCache()
            before = client.get("/api/articles").json()["total"]
            text = tmp_path / "new.txt"
            text.write_text("The port authority said on Friday that the ferry would sail again.")
            from watchfloor.pipeline import ingest

            board = client.get("/api/propositions").json()
            built: list[int] = []
            listing = store.list_propositions

            def counted(**kw: Any) -> Any:
                built.append(1)
                return listing(**kw)

            store.list_propositions = counted  # type: ignore[method-assign]
            ingest(store, [str(text)], settings=settings)  # a commit by the store
            assert client.get("/api/articles").json()["total"] == before + 1
            # ingest changes no ledger: the board is kept; linking would change it
            assert client.get("/api/propositions").json() == board and built == []
            first, second = client.get("/api/entities?limit=2").json()["items"]
            store.merge_entities(second["id"], first["id"], "the same ministry")  # a ledger change
            assert second["id"] not in [
                e["id"] for e in client.get("/api/entities").json()["items"]
            ]
            _, token = store.create_token("desk", "read")  # tokens now exist
            client.get("/api/articles")  # kept for the loopback reader
        with TestClient(app, client=REMOTE) as remote:
            assert remote.get("/api/articles").status_code == 401  # kept, yet not shown
            header = {"Authorization": f"Bearer {token}"}
            assert remote.get("/api/articles", headers=header).json()["total"] == before + 1
    finally:
        store.close()


def test_the_sources_list_is_paged_and_filtered_in_sql(tmp_path: Path) -> None:
    store, settings = build_store(tmp_path)
    try:
        with TestClient(create_app(settings, store=store)) as client:
            whole = client.get("/api/sources", params={"limit": 500}).json()
            assert whole["total"] == len(whole["items"]) >= 3
            page = client.get("/api/sources", params={"limit": 2, "offset": 1}).json()
            assert page["items"] == whole["items"][1:3] and page["next_offset"] == 3
            claims = [s["claims"] for s in whole["items"]]
            assert claims == sorted(claims, reverse=True)
            niva = client.get("/api/sources", params={"name": "niva"}).json()
            assert [s["source"] for s in niva["items"]] == ["Nasha Niva"] and niva["total"] == 1
            assert niva["items"][0]["reliability"] == "B"  # from the registry file
            assert client.get("/api/sources", params={"name": "%"}).json()["total"] == 0
    finally:
        store.close()


def test_indicators_and_contradictions_are_read_a_page_at_a_time(tmp_path: Path) -> None:
    from sqlalchemy import event

    store, settings = build_store(tmp_path)
    statements: list[str] = []
    try:
        with TestClient(create_app(settings, store=store)) as client:
            whole = client.get("/api/indicators").json()
            assert whole["total"] == len(whole["items"]) >= 1
            page = client.get("/api/indicators", params={"limit": 1, "offset": 1}).json()
            assert page["items"] == whole["items"][1:2]
        every = store.contradictions(limit=None)
        assert every and [c.found_at for c in every] == sorted(c.found_at for c in every)
        event.listen(store.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        assert store.contradictions(limit=1) == every[-1:]
        # one query on the contradictions, not every proposition's id in an IN list
        assert [s for s in statements if "propositions" in s] == []
    finally:
        store.close()


def test_serve_on_a_busy_port_fails_with_one_line_and_no_address(tmp_path: Path) -> None:
    from tests.test_cli import run

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "--port", str(port), db=str(tmp_path / "s.db"))
    assert result.returncode == 2
    assert f"cannot serve on 127.0.0.1:{port}" in result.stderr
    assert "dashboard:" not in result.stderr and "Traceback" not in result.stderr
    assert len([line for line in result.stderr.splitlines() if line.strip()]) <= 2


def test_the_page_cache_keeps_to_its_budget() -> None:
    from watchfloor.api._pages import PageCache

    cache = PageCache(entries=10, largest=100, budget=250)
    for number in range(6):
        page = {"n": number, "pad": "x" * 60}
        cache.answer(("page", number), lambda: page)  # noqa: B023 - called at once
    assert cache._size <= 250 and len(cache._kept) == 3  # 3 answers of ~80 bytes
    assert ("page", 5) in cache._kept and ("page", 0) not in cache._kept
    cache.answer(("big",), lambda: {"pad": "x" * 200})  # over `largest`: not kept
    assert ("big",) not in cache._kept
