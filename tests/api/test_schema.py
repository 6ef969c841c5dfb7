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
    assert len(checked) == 16, checked  # every read endpoint but the stream
