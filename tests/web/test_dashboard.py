"""The dashboard in a real browser: Playwright drives Debian's Chromium against the app
served by uvicorn over a store with linked ledgers, readings and alerts."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.api.conftest import serving
from watchfloor.pipeline import extract, ingest, link
from watchfloor.settings import load_settings
from watchfloor.store import open_store

pytestmark = pytest.mark.timeout(180)


@dataclass
class Tab:
    page: Page
    errors: list[str] = field(default_factory=list)
    """Script errors and failed loads the page reported."""


@pytest.fixture
def tab(browser: Browser, live_server: str) -> Iterator[Tab]:
    context = browser.new_context(base_url=live_server)
    opened = Tab(context.new_page())
    opened.page.on("pageerror", lambda error: opened.errors.append(str(error)))
    opened.page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    yield opened
    context.close()


def test_article_to_claim_to_proposition_to_indicator(tab: Tab) -> None:
    p = tab.page
    p.goto("/#/articles")
    expect(p.get_by_role("heading", name="Articles")).to_be_visible()
    p.get_by_role("link", name="Hidden mobilisation").click()
    expect(p.get_by_role("heading", name="Hidden mobilisation")).to_be_visible()
    # sources, cues and claims are highlighted in the text; the ledger sits beside it
    expect(p.locator(".reader .m-source").first).to_have_text("Nasha Niva")
    expect(p.locator(".reader .m-cue").first).to_have_text("reported")
    expect(p.locator(".reader .m-quantity")).to_contain_text(["an estimated 2,000"])
    p.get_by_role("button", name=re.compile(r"^c1 · Nasha Niva")).click()
    expect(p.locator(".reader .focus").first).to_be_visible()
    p.locator("#claim-c1").get_by_role("link", name=re.compile("proposition")).click()
    expect(p.get_by_role("heading", name=re.compile(r"Proposition #\d+"))).to_be_visible()
    expect(p.locator(".explanation")).to_contain_text("Credibility 3 (possibly true)")
    expect(p.locator(".contradictions")).to_contain_text("Belarusian Defence Ministry denies")
    expect(p.locator("main")).to_contain_text("an estimated 2,000")  # numbers side by side
    p.get_by_role("link", name="Indicators").click()
    p.get_by_role("link", name="Reported mobilisation in Belarus").click()
    expect(p.locator(".current")).to_contain_text("warning")
    expect(p.locator("svg.chart .threshold")).to_have_count(2)
    expect(p.locator("svg.chart .threshold-label").nth(1)).to_have_text("warning ≥ 2")
    expect(p.locator("main")).not_to_contain_text("null")  # nothing missing is shown as such
    assert not tab.errors, tab.errors


def test_hostile_article_is_shown_as_text_and_runs_nothing(tab: Tab) -> None:
    p = tab.page
    p.goto("/#/articles")
    p.get_by_role("link", name=re.compile("Hostile")).click()
    expect(p.locator(".reader")).to_contain_text("<script>window.__pwned=1</script>")
    expect(p.locator("main h1")).to_contain_text('<img src=x onerror="window.__pwned=1">')
    assert p.locator(".reader script, .reader img, .reader b, main h1 img").count() == 0
    expect(p.locator(".meta")).to_contain_text("<b>Evil outlet</b>")
    assert p.locator('a[href^="javascript:"]').count() == 0
    assert p.evaluate("window.__pwned") is None


def test_live_alerts_keyboard_and_no_outside_requests(tab: Tab, live_server: str) -> None:
    p = tab.page
    outside: list[str] = []
    p.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server) else None)
    p.goto("/#/alerts")
    expect(p.locator("#live")).to_have_text("alerts: live")
    expect(p.locator("ol.alerts li.alert").first).to_contain_text("by-mobilisation")
    p.keyboard.press("/")
    expect(p.locator("#q")).to_be_focused()
    p.keyboard.type("reservists")
    p.keyboard.press("Enter")
    # the results page, not the alerts' own "Call-up" links: a page takes the focus when it
    # renders, and the search rendering after the focus below took it from the link
    expect(p.get_by_role("heading", name="Search: reservists")).to_be_visible()
    expect(p.locator("ol.hits").get_by_role("link", name="Call-up").first).to_be_visible()
    entities = p.get_by_role("link", name="Entities")
    entities.focus()  # focus and Enter, as a keyboard does: the link has it before the key
    expect(entities).to_be_focused()
    p.keyboard.press("Enter")
    expect(p.get_by_role("heading", name="Entities")).to_be_visible(timeout=15_000)
    p.get_by_role("link", name="Alexander Lukashenko").click()
    expect(p.locator(".aliases")).to_contain_text("Aliaksandr Lukashenka")
    # an entity's page is under Entities in the navigation (not cut to "entity")
    expect(p.locator("header nav a[aria-current=page]")).to_have_text("Entities")
    expect(p.locator("main")).to_contain_text("same gazetteer entry")
    assert outside == [], outside
    assert not tab.errors, tab.errors


RUSSIAN = {
    "title": "Скрытая мобилизация",
    "outlet": "Медуза",
    "published": "2022-10-14T10:00:00Z",
    "url": "https://example.org/ru",
    "text": "По данным газеты «Наша Нива», в Белоруссии началась скрытая мобилизация. "
    "Около двух тысяч мужчин призовут, заявил источник в армии.",
}


BELARUSIAN = {
    "title": "Схаваная мабілізацыя",
    "outlet": "Наша Ніва",
    "published": "2022-10-15T10:00:00Z",
    "url": "https://example.org/be",
    "language": "be",
    "text": "Паводле звестак «Нашай Нівы», у Беларусі праходзіць схаваная мабілізацыя.",
}


def test_a_russian_article_reads_like_an_english_one(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("ru")
    records = [RUSSIAN, BELARUSIAN]
    (folder / "a.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8"
    )
    settings = load_settings(db=str(folder / "ru.db"))
    with open_store(settings.db) as store:
        ingest(store, [str(folder / "a.jsonl")], settings=settings)
        extract(store)
        link(store)
        with serving(store, settings) as url:
            context = browser.new_context(base_url=url)
            p = context.new_page()
            errors: list[str] = []
            p.on("pageerror", lambda error: errors.append(str(error)))
            p.goto("/#/articles")
            p.get_by_role("link", name="Скрытая мобилизация").click()
            expect(p.get_by_role("heading", name="Скрытая мобилизация")).to_be_visible()
            expect(p.locator(".reader .m-cue").first).to_have_text("По данным")
            expect(p.locator(".reader .m-quantity")).to_contain_text(["Около двух тысяч мужчин"])
            expect(p.locator(".ledger")).to_contain_text("Nasha Niva")
            expect(p.locator(".limitations")).to_have_count(0)  # Russian is fully supported
            p.goto("/#/articles")
            p.get_by_role("link", name="Схаваная мабілізацыя").click()
            expect(p.locator(".limitations")).to_contain_text(
                "Partial support for this language (be)"
            )
            context.close()
            assert errors == []


EMOJI = {
    "title": "Emoji report",
    "language": "en",
    "outlet": "Test Wire",
    "published": "2023-05-02T10:00:00Z",
    # emoji outside the BMP, a skin-tone modifier and combining accents before the spans
    "text": "🚨🚨 Cafe\u0301 owners in Zu\u0308rich 👍🏽 said that about 300 people "
    "marched on Sunday.",
}


def test_highlights_land_on_the_right_characters_after_emoji(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The ledger counts code points; the page must not count UTF-16 units."""
    folder = tmp_path_factory.mktemp("emoji")
    (folder / "a.jsonl").write_text(json.dumps(EMOJI, ensure_ascii=False) + "\n", "utf-8")
    settings = load_settings(db=str(folder / "emoji.db"))
    with open_store(settings.db) as store:
        ingest(store, [str(folder / "a.jsonl")], settings=settings)
        extract(store)
        with serving(store, settings) as url:
            context = browser.new_context(base_url=url)
            p = context.new_page()
            p.goto("/#/articles")
            p.get_by_role("link", name="Emoji report").click()
            expect(p.locator(".reader .m-cue").first).to_have_text("said")
            expect(p.locator(".reader .m-quantity").first).to_have_text("about 300")
            context.close()


def test_api_docs_work_under_the_apps_own_policy(tab: Tab, live_server: str) -> None:
    p = tab.page
    outside: list[str] = []
    p.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server) else None)
    answer = p.goto("/api/docs")
    assert answer is not None and "script-src 'self'" in answer.headers["content-security-policy"]
    expect(p.locator(".swagger-ui .info .title")).to_contain_text("watchfloor")
    p.locator("#operations-articles-articles_api_articles_get").click()
    expect(p.locator(".opblock-body").first).to_contain_text("limit")
    assert outside == [], outside
    assert not [e for e in tab.errors if "Content Security Policy" in e], tab.errors


def test_entering_a_token_opens_the_live_alert_stream(browser: Browser, tmp_path: Path) -> None:
    """Once a token exists, the stream is refused without one; entering it on the token
    page opens the pages and the live stream (it stayed closed before)."""
    from tests.api.conftest import build_store

    store, settings = build_store(tmp_path)
    _, token = store.create_token("analyst", "read")
    with serving(store, settings) as url:
        context = browser.new_context(base_url=url)
        try:
            p = context.new_page()
            p.goto("/#/alerts")
            expect(p.get_by_role("heading", name="A token is needed")).to_be_visible()
            expect(p.locator("#live")).not_to_have_text("alerts: live")
            p.locator("#token").fill(token)
            p.get_by_role("button", name="Use token").click()
            expect(p.locator("ol.alerts li.alert").first).to_be_visible()
            expect(p.locator("#live")).to_have_text("alerts: live")
        finally:
            context.close()
            store.close()


def test_an_alert_shows_its_evidence_and_opens_the_reader_at_the_claim(
    tab: Tab, live_server: str
) -> None:
    """The alerts page reads the API's one evidence field (``event.sentence``): the
    sentence, the claims with source, stance, modality and polarity, the grade, and a
    link that opens the reader at the claim."""
    p = tab.page
    p.goto("/#/alerts")
    first = p.locator("ol.alerts li.alert").first
    expect(first).to_contain_text("by-mobilisation")
    evidence = first.locator("li.evidence").first
    sentence = evidence.locator("blockquote.sentence")
    expect(sentence).to_be_visible()
    assert len(sentence.inner_text()) > 20
    expect(evidence.locator(".evidence-grade")).to_contain_text("credibility")
    expect(evidence.locator(".claims-of li").first).to_contain_text(re.compile(r"\(\w+, \w+\): "))
    opened = evidence.locator('a[href*="#/article/"][href*="?claim="]').first
    href = opened.get_attribute("href")
    assert href is not None
    claim = href.split("claim=")[1]
    opened.click()
    expect(p.locator(f'.reader [data-claim="{claim}"]').first).to_have_class(
        re.compile(r"\bfocus\b")
    )
    assert not tab.errors, tab.errors


def test_an_admin_grades_a_source_from_the_sources_page(browser: Browser, tmp_path: Path) -> None:
    """The sources page sets a source's reliability with a reason (admin token), shows
    the new grade and the change in the registry's log with the token's name."""
    from tests.api.conftest import build_store

    store, settings = build_store(tmp_path)
    _, token = store.create_token("desk lead", "admin")
    with serving(store, settings) as url:
        context = browser.new_context(base_url=url)
        try:
            p = context.new_page()
            p.goto("/#/sources")
            p.locator("#token").fill(token)
            p.get_by_role("button", name="Use token").click()
            expect(p.get_by_role("heading", name="Sources")).to_be_visible()
            p.get_by_text("Set a source's reliability").click()
            p.locator("#grade-name").fill("Nasha Niva")
            p.locator("#grade-letter").select_option("D")
            p.locator("#grade-reason").fill("two retractions")
            p.get_by_role("button", name="Set (admin)").click()
            expect(p.locator("table").last).to_contain_text("token desk lead")
            expect(p.locator("table").first).to_contain_text("D (not usually reliable)")
        finally:
            context.close()
            store.close()


def test_the_propositions_board_keeps_its_filters_in_the_url(tab: Tab, live_server: str) -> None:
    p = tab.page
    p.goto("/#/propositions")
    expect(p.get_by_role("heading", name="Propositions")).to_be_visible()
    p.get_by_text("What the grades mean").click()
    expect(p.locator(".legend-grades")).to_contain_text("usually reliable")
    p.locator("#f-contested").check()
    p.get_by_role("button", name="Filter").click()
    expect(p).to_have_url(re.compile(r"contested=true"))
    expect(p.locator("main table tbody tr").first).to_be_visible()
    p.reload()  # the filters live in the URL: a reload or a shared link shows the same
    expect(p.locator("#f-contested")).to_be_checked()
    assert not tab.errors, tab.errors


def test_every_view_reads_on_a_phone_without_sideways_scrolling(
    browser: Browser, live_server: str
) -> None:
    """At 390 px wide no view is wider than the screen: tables become lists of
    "column: value" lines, long words and links wrap."""
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844})
    try:
        p = context.new_page()
        for view in (
            "/#/", "/#/articles", "/#/article/1", "/#/proposition/1", "/#/indicators",
            "/#/indicator/by-mobilisation", "/#/alerts", "/#/entities", "/#/entity/1",
            "/#/sources", "/#/search?q=Belarus", "/#/map", "/#/timeline?entity=1",
            "/#/timeline?indicator=by-mobilisation",
        ):  # fmt: skip
            p.goto(view)
            expect(p.locator("main h1")).to_be_visible()
            p.wait_for_load_state("networkidle")
            wide = p.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert wide <= 0, (view, wide)
        p.goto("/#/articles")
        expect(p.locator("main td[data-label=title]").first).to_be_visible()
    finally:
        context.close()
