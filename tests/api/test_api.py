"""The REST API through httpx, on a real store: endpoints, pagination and filters, auth
scopes, security headers, size limits, errors that leak nothing, the live alert feed."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import build_store
from watchfloor.api import create_app
from watchfloor.settings import Settings
from watchfloor.store import Store


@pytest.fixture(scope="module")
def client(api_store: tuple[Store, Settings]) -> Iterator[TestClient]:
    store, settings = api_store
    with TestClient(create_app(settings, store=store)) as test_client:
        yield test_client


def test_articles_are_paginated_and_filtered(client: TestClient) -> None:
    first = client.get("/api/articles", params={"limit": 2}).json()
    assert first["total"] == 4 and len(first["items"]) == 2 and first["next_offset"] == 2
    second = client.get("/api/articles", params={"limit": 2, "offset": 2}).json()
    assert {a["id"] for a in first["items"]}.isdisjoint({a["id"] for a in second["items"]})
    assert second["next_offset"] is None or len(second["items"]) == 2
    dated = client.get(
        "/api/articles", params={"since": "2022-10-15", "until": "2022-10-15T23:59:59"}
    )
    assert [a["title"] for a in dated.json()["items"]] == ["Call-up"]
    assert client.get("/api/articles", params={"limit": 0}).status_code == 422


def test_an_article_comes_with_its_ledger_and_propositions(client: TestClient) -> None:
    listed = client.get("/api/articles", params={"limit": 10}).json()["items"]
    hidden = next(a for a in listed if a["title"] == "Hidden mobilisation")
    article = client.get(f"/api/articles/{hidden['id']}").json()
    assert article["text"].startswith("Nasha Niva reported")
    assert {c["id"] for c in article["ledger"]["claims"]} >= {"c1"}
    assert any(p["claim_id"] == "c1" for p in article["propositions"])
    missing = client.get("/api/articles/999999")
    assert missing.status_code == 404 and missing.json() == {"error": "no article 999999"}


def test_propositions_entities_events_sources_and_search(client: TestClient) -> None:
    board = client.get("/api/propositions", params={"sort": "contested"}).json()["items"]
    top = board[0]
    assert top["type"] == "MOBILIZE" and top["stances"]["denies"] == 2
    detail = client.get(f"/api/propositions/{top['id']}").json()
    assert {c["kind"] for c in detail["contradictions"]} == {"denial", "number"}
    assert detail["assessment"]["explanation"].startswith("Credibility 3")
    assert client.get("/api/propositions", params={"type": "ASSAULT"}).json()["items"] == []
    [lukashenko] = client.get("/api/entities", params={"name": "Lukash"}).json()["items"]
    entity = client.get(f"/api/entities/{lukashenko['id']}").json()
    assert entity["articles"] == 2 and len(entity["links"]) == 2
    assert entity["timeline"] == [{"month": "2022-10", "articles": 2}]
    filtered = client.get("/api/propositions", params={"entity": lukashenko["id"]}).json()
    assert filtered["items"], "propositions about an entity's events are found by the entity"
    events = client.get("/api/events", params={"type": "MOBILIZE"}).json()["items"]
    assert events and all(e["type"] == "MOBILIZE" for e in events)
    sources = {s["source"]: s for s in client.get("/api/sources").json()["items"]}
    assert sources["Nasha Niva"]["reliability"] == "B"
    hits = client.get("/api/search", params={"q": "intelligence"}).json()["items"]
    assert [h["title"] for h in hits] == ["Call-up"]


def test_indicators_readings_and_alerts(client: TestClient) -> None:
    [indicator] = client.get("/api/indicators").json()["items"]
    assert indicator["id"] == "by-mobilisation" and indicator["reading"]["level"] == "warning"
    detail = client.get("/api/indicators/by-mobilisation").json()
    assert [lv["name"] for lv in detail["levels"]] == ["watch", "warning"]
    assert detail["readings"] and detail["alerts"]
    alerts = client.get("/api/alerts", params={"indicator": "by-mobilisation"}).json()["items"]
    assert alerts[0]["level"] == "warning" and alerts[0]["evidence"]
    assert client.get("/api/indicators/nope").status_code == 404


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for path in ("/", "/static/app.js", "/api/health", "/api/articles/999999"):
        response = client.get(path)
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "default-src 'none'" in policy, path
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
    assert client.get("/static/..%2Fpyproject.toml").status_code == 404
    assert client.get("/static/nothing.js").status_code == 404


def test_hostile_article_text_is_data_not_markup(client: TestClient) -> None:
    listed = client.get("/api/articles", params={"limit": 10}).json()["items"]
    hostile = next(a for a in listed if a["outlet"] == "<b>Evil outlet</b>")
    article = client.get(f"/api/articles/{hostile['id']}")
    assert article.headers["content-type"].startswith("application/json")
    assert "<script>window.__pwned=1</script>" in article.json()["text"]  # kept verbatim


def test_errors_leak_no_internals(
    api_store: tuple[Store, Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, settings = api_store

    def broken() -> int:
        raise RuntimeError("secret connection string postgres://admin:hunter2@db")

    with TestClient(create_app(settings, store=store), raise_server_exceptions=False) as client:
        monkeypatch.setattr(store, "count_articles", broken)
        response = client.get("/api/health")
    assert response.status_code == 500
    assert response.json() == {"error": "internal error; see the server log"}
    assert "hunter2" not in response.text and "Traceback" not in response.text


def test_requests_over_the_size_limit_are_refused(api_store: tuple[Store, Settings]) -> None:
    store, settings = api_store
    with TestClient(create_app(settings, store=store, max_body_bytes=1000)) as client:
        response = client.post("/api/articles", content=b"[" + b" " * 5000 + b"]")
    assert response.status_code == 413 and "1000 bytes" in response.json()["error"]


def test_tokens_scopes_and_ingest(tmp_path: Path) -> None:
    store, settings = build_store(tmp_path)
    try:
        with TestClient(create_app(settings, store=store)) as client:
            # no token configured: reading is open (the server binds to loopback), ingest not
            assert client.get("/api/health").status_code == 200
            refused = client.post("/api/articles", json={"text": "x"})
            assert refused.status_code == 403 and "admin token" in refused.json()["error"]
            _, reader = store.create_token("analyst", "read")
            admin_id, admin = store.create_token("ops", "admin")
            assert client.get("/api/health").status_code == 401
            wrong = client.get("/api/health", headers={"Authorization": "Bearer wf_wrong"})
            assert wrong.status_code == 401 and wrong.json()["error"] == "invalid or revoked token"
            read = {"Authorization": f"Bearer {reader}"}
            assert client.get("/api/articles", headers=read).status_code == 200
            assert client.post("/api/articles", json={"text": "x"}, headers=read).status_code == 403
            write = {"Authorization": f"Bearer {admin}"}
            batch = [
                {"text": "Troops were moved to Grodno on Monday, the ministry said.",
                 "title": "Moved", "language": "en"},
                {"title": "no text"},
            ]  # fmt: skip
            created = client.post("/api/articles", json=batch, headers=write)
            assert created.status_code == 201, created.text
            body = created.json()
            assert (body["ingested"], body["rejected"]) == (1, 1)
            assert body["items"][1]["error"] and body["items"][0]["article_id"]
            again = client.post("/api/articles", json=batch[:1], headers=write).json()
            # the same item again: already stored, and shown with the stored one's id
            assert again["unchanged"] == 1
            assert again["items"][0]["article_id"] == body["items"][0]["article_id"]
            assert again["items"][0]["error"] is None
            bad = client.post("/api/articles", content=b'{"text": ', headers=write)
            assert bad.status_code == 400 and "not JSON" in bad.json()["error"]
            store.revoke_token(admin_id)
            assert client.post("/api/articles", json=batch, headers=write).status_code == 401
    finally:
        store.close()


def test_the_live_alert_feed_sends_new_alerts(
    live_server: str, api_store: tuple[Store, Settings]
) -> None:
    with (
        httpx.Client(base_url=live_server, timeout=10) as http,
        http.stream("GET", "/api/alerts/stream", params={"after": 0}) as stream,
    ):
        assert stream.headers["content-type"].startswith("text/event-stream")
        seen = []
        for line in stream.iter_lines():
            seen.append(line)
            if line.startswith("data: "):
                break
    assert "event: alert" in seen
    alert = json.loads(seen[-1].removeprefix("data: "))
    assert alert["indicator"] == "by-mobilisation" and alert["evidence"]


def test_serve_keeps_to_loopback_without_a_token_and_tokens_print_once(tmp_path: Path) -> None:
    import subprocess
    import time

    from tests.api.conftest import free_port
    from tests.test_cli import WATCHFLOOR, run

    db = str(tmp_path / "s.db")
    assert run("db", "upgrade", db=db).returncode == 0
    port = free_port()
    server = subprocess.Popen(
        [WATCHFLOOR, "serve", "--db", db, "--host", "0.0.0.0", "--port", str(port)],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stderr is not None
        first = server.stderr.readline()
        assert "serving on 127.0.0.1 only, not 0.0.0.0" in first
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert health.status_code == 200 and health.json()["status"] == "ok"
    finally:
        server.terminate()
        server.wait(timeout=20)
    created = run("token", "create", "ops", "--scope", "admin", db=db)
    token = created.stdout.strip()
    assert (
        created.returncode == 0 and token.startswith("wf_") and "shown only now" in created.stderr
    )
    listed = run("token", "list", "--format", "json", db=db)
    assert token not in listed.stdout and json.loads(listed.stdout)[0]["scope"] == "admin"
    assert run("token", "revoke", "1", db=db).returncode == 0
    again = run("token", "revoke", "1", db=db)
    assert again.returncode == 2 and "no active token #1" in again.stderr


def test_exports_stream_from_the_api(client: TestClient, live_server: str) -> None:
    bundle = client.get("/api/export/stix")
    assert bundle.status_code == 200 and "attachment" in bundle.headers["content-disposition"]
    objects = json.loads(bundle.text)["objects"]
    assert {"report", "grouping", "relationship"} <= {o["type"] for o in objects}
    text = client.get("/api/export/claims.csv", params={"entity": "ministry"}).text
    assert text.startswith("article_id,published,outlet")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and all("ministry" in r["source"].lower() for r in rows)
    records = client.get("/api/export/plover", params={"type": "MOBILIZE"}).text.splitlines()
    assert records and all(json.loads(r)["event"] == "MOBILIZE" for r in records)
    assert client.get("/api/export/secrets.csv").status_code == 422
    # a real server streams it through uvicorn's threads, as a browser download would
    with httpx.stream("GET", f"{live_server}/api/export/stix", timeout=60) as response:
        assert response.status_code == 200
        assert json.loads(response.read())["type"] == "bundle"


def test_the_propositions_board_filters_by_grade_and_contested(client: TestClient) -> None:
    everything = client.get("/api/propositions", params={"limit": 500}).json()["items"]
    grades = {p["credibility"] for p in everything}
    assert len(grades) >= 2  # the filter has something to filter
    chosen = sorted(g for g in grades if g is not None)[0]
    kept = client.get("/api/propositions", params={"grade": chosen, "limit": 500}).json()
    assert kept["items"] and {p["credibility"] for p in kept["items"]} == {chosen}
    two = client.get("/api/propositions", params=[("grade", g) for g in sorted(grades - {None})])
    assert len(two.json()["items"]) == sum(1 for p in everything if p["credibility"] is not None)
    contested = client.get("/api/propositions", params={"contested": "true"}).json()["items"]
    assert contested and all(
        client.get(f"/api/propositions/{p['id']}").json()["contradictions"] for p in contested
    )
    assert len(contested) < len(everything)
    assert client.get("/api/propositions", params={"grade": 7}).status_code == 422


def test_search_finds_articles_by_any_name_of_an_entity_in_any_script(
    client: TestClient,
) -> None:
    """The articles name Alexander Lukashenko in English; a reader searches the Belarusian
    spelling or the Cyrillic one and finds them, after the text's own hits."""
    entity = client.get("/api/entities", params={"name": "Lukashenko"}).json()["items"][0]
    linked = {
        link["article_id"] for link in client.get(f"/api/entities/{entity['id']}").json()["links"]
    }
    for query in ("Lukashenka", "Лукашенко", "Аляксандр Лукашэнка"):
        found = client.get("/api/search", params={"q": query}).json()["items"]
        assert linked <= {hit["article_id"] for hit in found}, query
        assert any(hit["snippet"] == "mentions [Alexander Lukashenko]" for hit in found)
    unrelated = client.get("/api/search", params={"q": "Ouagadougou"}).json()["items"]
    assert unrelated == []


def test_events_filter_by_entity_place_country_and_grade(client: TestClient) -> None:
    every = client.get("/api/events", params={"limit": 500}).json()["items"]
    assert every
    minsk = client.get("/api/events", params={"place": "minsk"}).json()["items"]
    assert minsk and all(e["place"] == "Minsk" for e in minsk)
    assert all(e["data"]["event"]["place"]["latitude"] for e in minsk)  # the map's dots
    belarus = client.get("/api/events", params={"country": "by"}).json()["items"]
    assert {e["id"] for e in minsk} <= {e["id"] for e in belarus}
    graded = client.get("/api/events", params=[("grade", 3)]).json()["items"]
    assert graded and all(e["data"]["credibility"]["grade"] == 3 for e in graded)
    assert client.get("/api/events", params=[("grade", 6)]).json()["items"] == []
    entities = client.get("/api/entities", params={"name": "Belarus"}).json()["items"]
    about = client.get("/api/events", params={"entity": entities[0]["id"]}).json()["items"]
    assert about and len(about) <= len(every)
    assert client.get("/api/events", params={"grade": 7}).status_code == 422


def test_the_claims_csv_takes_an_entity_by_id_as_the_views_have_it(client: TestClient) -> None:
    [niva] = client.get("/api/entities", params={"name": "Nasha Niva"}).json()["items"]
    by_id = client.get("/api/export/claims.csv", params={"entity": niva["id"]}).text
    by_name = client.get("/api/export/claims.csv", params={"entity": "Nasha Niva"}).text
    assert by_id == by_name and by_id.count("\n") > 1
    assert client.get("/api/export/claims.csv", params={"entity": 999999}).status_code == 404
