"""The browser tests use the API tests' store and live server."""

from tests.api.conftest import api_store, live_server

__all__ = ["api_store", "live_server"]
