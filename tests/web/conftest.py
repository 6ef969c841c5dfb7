"""The browser tests use the API tests' store and live server, and Debian's Chromium
driven by Playwright."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from tests.api.conftest import api_store, live_server

__all__ = ["api_store", "browser", "live_server"]

CHROMIUM = Path(os.environ.get("WATCHFLOOR_CHROMIUM", "/usr/bin/chromium"))
REQUIRE = os.environ.get("WATCHFLOOR_REQUIRE_BROWSER") == "1"

expect.set_options(timeout=15_000)
"""How long an assertion waits for the page: Playwright's 5 s default failed once on a
2-core machine busy with a training run (the keyboard test of the dashboard); what the
page shows is asserted the same, only waited for longer."""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        if REQUIRE:
            pytest.fail(
                f"WATCHFLOOR_REQUIRE_BROWSER=1 but {CHROMIUM} is missing (apt-get install chromium)"
            )
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )  # fmt: skip
        yield launched
        launched.close()
