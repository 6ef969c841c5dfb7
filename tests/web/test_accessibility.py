"""Every view checked by axe-core (from npm, pinned in tests/web/package-lock.json) at
desktop and phone widths: no serious or critical violation of WCAG 2.1 A/AA rules."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
REQUIRE = os.environ.get("WATCHFLOOR_REQUIRE_BROWSER") == "1"

VIEWS = (
    "/#/", "/#/articles", "/#/article/1", "/#/article/1?claim=c1", "/#/proposition/1",
    "/#/indicators", "/#/indicator/by-mobilisation", "/#/alerts", "/#/entities",
    "/#/entity/1", "/#/sources", "/#/search?q=Belarus", "/#/map", "/#/timeline?entity=1",
)  # fmt: skip

pytestmark = pytest.mark.timeout(300)


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_no_view_has_a_serious_accessibility_violation(
    browser: Browser, live_server: str, width: int
) -> None:
    if not AXE.exists():
        if REQUIRE:
            pytest.fail(f"{AXE} is missing: make test installs it (npm ci --prefix tests/web)")
        pytest.skip("axe-core is not installed: make test installs it with npm")
    # axe is injected as a script of the test's own: the dashboard's CSP, which allows only
    # its own scripts, is bypassed for it
    context = browser.new_context(
        base_url=live_server, viewport={"width": width, "height": 900}, bypass_csp=True
    )
    found: dict[str, list[str]] = {}
    try:
        p = context.new_page()
        for view in VIEWS:
            p.goto(view)
            expect(p.locator("main h1")).to_be_visible()
            p.wait_for_load_state("networkidle")
            # the forms under <details> are checked open, as a person would use them
            p.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            p.add_script_tag(path=str(AXE))
            result = p.evaluate(
                "axe.run(document, {runOnly: {type: 'tag', values: "
                "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
            )
            bad = [
                f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} nodes, e.g. "
                f"{v['nodes'][0]['target']}"
                for v in result["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            if bad:
                found[view] = bad
            assert result["passes"], view  # axe ran and checked something
    finally:
        context.close()
    assert not found, found
