"""Every view checked by axe-core (from npm, pinned in tests/web/package-lock.json) at
desktop and phone widths: no serious or critical violation of WCAG 2.1 A/AA rules. On a
short window, so that the reader scrolls, and with a report that has every kind of mark."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.api.conftest import build_store, serving
from watchfloor.pipeline import extract, ingest, link
from watchfloor.pipeline.registry import source_registry

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
REQUIRE = os.environ.get("WATCHFLOOR_REQUIRE_BROWSER") == "1"

# A long report of its own, with hedges inside claims, denials and quantities: every kind
# of mark the reader draws, in a text long enough to scroll.
HEDGED = {
    "title": "Reservists and rumours",
    "outlet": "Test Desk",
    "published": "2022-10-17T09:00:00Z",
    "language": "en",
    "text": " ".join(
        [
            "Local officials said that the call-up might reach several thousand reservists.",
            "The regional governor denied that any reservists had been summoned.",
            "A border guard told reporters that convoys could possibly cross at night.",
            "Analysts believe that an estimated 3,000 men may already be in training camps.",
        ]
        * 6
    ),
}

VIEWS = (
    "/#/", "/#/articles", "/#/article/1", "/#/article/5", "/#/article/1?claim=c1",
    "/#/proposition/1", "/#/indicators", "/#/indicator/by-mobilisation", "/#/alerts", "/#/entities",
    "/#/entity/1", "/#/sources", "/#/search?q=Belarus", "/#/map", "/#/timeline?entity=1",
)  # fmt: skip

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The API tests' store and one more article (``HEDGED``: article 5), served."""
    folder = tmp_path_factory.mktemp("a11y")
    store, settings = build_store(folder)
    more = folder / "more.jsonl"
    more.write_text(json.dumps(HEDGED) + "\n", encoding="utf-8")
    ingest(store, [str(more)], settings=settings)
    extract(store)
    link(store, registry=source_registry(store, settings.sources))
    with serving(store, settings) as url:
        yield url
    store.close()


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_no_view_has_a_serious_accessibility_violation(
    browser: Browser, desk: str, width: int
) -> None:
    if not AXE.exists():
        if REQUIRE:
            pytest.fail(f"{AXE} is missing: make test installs it (npm ci --prefix tests/web)")
        pytest.skip("axe-core is not installed: make test installs it with npm")
    # axe is injected as a script of the test's own: the dashboard's CSP, which allows only
    # its own scripts, is bypassed for it
    context = browser.new_context(
        # a short window: the reader and the ledger scroll, as they do with long articles
        base_url=desk,
        viewport={"width": width, "height": 260},
        bypass_csp=True,
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
