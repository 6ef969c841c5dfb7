"""The review loop as an analyst uses it, in Chromium: a claim's polarity marked wrong in
the reader changes its proposition's grade and explanation; undo restores both. Alerts
are dismissed and merges undone from their pages. On a store of its own, since verdicts
change it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.api.conftest import build_store, serving

pytestmark = pytest.mark.timeout(240)


def test_a_polarity_marked_wrong_regrades_the_proposition_and_undo_restores_it(
    browser: Browser, tmp_path: Path
) -> None:
    store, settings = build_store(tmp_path)
    _, token = store.create_token("ana", "review")
    target = next(
        p
        for p in store.list_propositions(limit=None)
        if any(c.stance.value == "denies" for c in p.claims)
    )
    denial = next(c for c in target.claims if c.stance.value == "denies")
    errors: list[str] = []
    with serving(store, settings) as url:
        context = browser.new_context(base_url=url)
        try:
            p = context.new_page()
            p.on("pageerror", lambda error: errors.append(str(error)))
            p.goto(f"/#/proposition/{target.id}")
            p.locator("#token").fill(token)
            p.get_by_role("button", name="Use token").click()
            explanation = p.locator(".explanation")
            expect(explanation).to_contain_text("Credibility 3 (possibly true)")
            before = explanation.inner_text()

            # in the reader, at the claim: polarity is wrong, it affirms
            p.goto(f"/#/article/{denial.article_id}?claim={denial.claim_id}")
            claim = p.locator(f"#claim-{denial.claim_id}")
            claim.get_by_text("Correct this claim").click()
            claim.get_by_label("What is wrong").select_option("polarity")
            claim.get_by_label("right value").select_option("affirmed")
            claim.get_by_label("note").fill("the sentence confirms it")
            claim.get_by_role("button", name="Save verdict").click()
            expect(claim.locator(".verdict")).to_contain_text(
                "polarity denied -> affirmed (token ana"
            )
            expect(claim.locator(".tag")).to_contain_text("affirmed · corrected")

            p.goto(f"/#/proposition/{target.id}")
            expect(explanation).not_to_contain_text("Credibility 3 (possibly true)")
            expect(explanation).to_contain_text("After the analyst's review: claim")
            expect(p.locator(".verdicts")).to_contain_text("the sentence confirms it")

            # undo, from the proposition page: grade and explanation as they were
            p.get_by_role("button", name=re.compile(r"^Undo verdict")).click()
            expect(explanation).to_have_text(before)
            expect(p.locator(".verdict.undone")).to_contain_text("undone by token ana")

            # an alert dismissed as a false trigger says so on the alerts page
            p.goto("/#/alerts")
            first = p.locator("li.alert").first
            first.get_by_text("Handle this alert").click()
            first.get_by_role("button", name="Dismiss as false trigger").click()
            expect(p.locator("li.alert").first.locator(".alert-review")).to_contain_text(
                "dismissed as a false trigger (token ana"
            )
            assert not errors, errors
        finally:
            context.close()
            store.close()


def test_a_merge_is_undone_from_the_entity_page(browser: Browser, tmp_path: Path) -> None:
    store, settings = build_store(tmp_path)
    [first, second, *_] = store.list_entities(limit=None)
    store.merge_entities(second.id, first.id, "same name")
    with serving(store, settings) as url:  # no token yet: the loopback desk reviews
        context = browser.new_context(base_url=url)
        try:
            p = context.new_page()
            p.goto(f"/#/entity/{first.id}")
            p.get_by_role("button", name=f"Undo merge of {second.name}").click()
            expect(p.get_by_role("heading", name="Merged into this entity")).to_have_count(0)
            expect(p.locator(".verdict")).to_contain_text(f"entity #{second.id} no longer merged")
            p.get_by_role("button", name=re.compile(r"^Undo verdict")).click()
            expect(p.get_by_role("heading", name="Merged into this entity")).to_be_visible()
            entity = store.get_entity(second.id)
            assert entity is not None and entity.merged_into == first.id
        finally:
            context.close()
            store.close()
