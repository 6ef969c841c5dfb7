"""schemathesis against the API's own OpenAPI document: every read endpoint, fed
generated parameters, answers within its schema and never with a server error."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings

from watchfloor.api import create_app
from watchfloor.settings import Settings
from watchfloor.store import Store


def test_read_endpoints_conform_to_their_schema(api_store: tuple[Store, Settings]) -> None:
    store, app_settings = api_store
    app = create_app(app_settings, store=store)
    # the stream never ends by design; ingest is tested with its tokens in test_api.py
    schema = (
        schemathesis.openapi.from_asgi("/api/openapi.json", app)
        .include(method="GET")
        .exclude(path="/api/alerts/stream")
    )
    checked = []
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]

        @given(case=operation.as_strategy())
        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
        def conforms(case: schemathesis.Case[Any]) -> None:
            case.call_and_validate()

        conforms()
        checked.append(operation.label)
    assert len(checked) == 18, checked  # every read endpoint but the stream


def test_every_json_endpoint_documents_what_it_answers(api_store: tuple[Store, Settings]) -> None:
    """Each endpoint's success answer is a named schema (a view), not an untyped object:
    clients can generate types from the document, and schemathesis checks real shapes."""
    store, app_settings = api_store
    document = create_app(app_settings, store=store).openapi()
    untyped = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            success = operation["responses"].get("200") or operation["responses"].get("201")
            content = success.get("content", {})
            if "application/json" not in content:
                continue  # a download or a stream: a file, not a JSON answer
            schema = content["application/json"]["schema"]
            if "$ref" not in schema:
                untyped.append(f"{method.upper()} {path}: {schema}")
    assert not untyped, untyped
    schemas = document["components"]["schemas"]
    assert {"Page_PropositionView_", "PropositionDetail", "EntityDetail", "AlertView"} <= set(
        schemas
    )
    claim = schemas["ClaimView"]
    assert {"key", "stance", "source_name", "modality", "seen_at"} <= set(claim["required"])
    assert claim["properties"]["seen_at"]["format"] == "date-time"


def test_the_cli_shows_what_the_api_answers(api_store: tuple[Store, Settings]) -> None:
    """`watchfloor entities --format json` and GET /api/entities show an entity the same."""
    import json

    from click.testing import CliRunner
    from fastapi.testclient import TestClient

    from watchfloor.cli import main

    store, app_settings = api_store
    shown = CliRunner().invoke(
        main, ["entities", "--db", str(app_settings.db), "--format", "json", "--limit", "5"]
    )
    assert shown.exit_code == 0, shown.output
    rows = json.loads(shown.output)
    with TestClient(create_app(app_settings, store=store)) as client:
        answered = client.get("/api/entities", params={"limit": 5}).json()["items"]
    assert rows and rows == answered
