"""schemathesis against the API's own OpenAPI document: every read endpoint, fed
generated parameters, answers within its schema and never with a server error."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from watchfloor.api import create_app
from watchfloor.settings import Settings
from watchfloor.store import Store


@pytest.fixture(scope="module")
def api_schema(api_store: tuple[Store, Settings]) -> schemathesis.schemas.BaseSchema:
    store, app_settings = api_store
    app = create_app(app_settings, store=store)
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    # the stream never ends by design; ingest is tested with its tokens elsewhere
    return schema.include(method="GET").exclude(path="/api/alerts/stream")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_read_endpoints_conform_to_their_schema(case: schemathesis.Case) -> None:
    case.call_and_validate()
