"""The views an analyst expects, in Chromium: a map of events on bundled country outlines,
timelines of an entity, a place and an indicator, a proposition's origin graph and its
contradictions side by side, an entity's claims by and about it, and export buttons that
download what the view shows. Nothing is loaded from another origin."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, Route, expect

pytestmark = pytest.mark.timeout(180)


@pytest.fixture
def page_(browser: Browser, live_server: str) -> Iterator[tuple[Page, list[str]]]:
    context = browser.new_context(base_url=live_server, accept_downloads=True)
    page = context.new_page()
    elsewhere: list[str] = []
    here = urlparse(live_server).netloc
    page.on(
        "request",
        lambda r: (
            elsewhere.append(r.url)
            if urlparse(r.url).netloc not in (here, "") and not r.url.startswith(("blob:", "data:"))
            else None
        ),
    )
    page.on("pageerror", lambda error: elsewhere.append(f"error: {error}"))
    yield page, elsewhere
    context.close()


def test_the_map_draws_events_on_bundled_outlines_with_filters(
    page_: tuple[Page, list[str]],
) -> None:
    p, elsewhere = page_
    p.goto("/#/map")
    expect(p.get_by_role("heading", name="Map of events")).to_be_visible()
    expect(p.locator("svg.map path.country").first).to_be_attached()
    assert p.locator("svg.map path.country").count() > 3
    dot = p.locator("svg.map circle.event-dot").first
    expect(dot).to_be_attached()
    expect(p.locator("svg.map .place-label").first).to_have_text("Minsk")
    p.locator("#ev-type").select_option("PROTEST")  # no protest in the store
    p.get_by_role("button", name="Filter").click()
    expect(p).to_have_url(re.compile(r"#/map\?.*type=PROTEST"))
    expect(p.locator("svg.map circle.event-dot")).to_have_count(0)
    p.goto("/#/map?grade=3")  # the board's grades: the mobilisation is graded 3
    expect(p.locator("svg.map circle.event-dot").first).to_be_attached()
    p.goto("/#/map?grade=6")
    expect(p.locator("svg.map circle.event-dot")).to_have_count(0)
    assert not elsewhere, elsewhere


def test_timelines_of_an_entity_a_place_and_an_indicator(page_: tuple[Page, list[str]]) -> None:
    p, elsewhere = page_
    p.goto("/#/map")
    p.locator("svg.map a").first.dispatch_event("click")
    expect(p.get_by_role("heading", name="Timeline: Minsk")).to_be_visible()
    expect(p.locator(".timeline li.tl-event").first).to_contain_text("in Minsk")
    p.goto("/#/entities")
    expect(p.get_by_role("heading", name="Entities", exact=True)).to_be_visible()
    p.locator("main table").get_by_role("link", name="Nasha Niva").first.click()
    expect(p.locator("main h2", has_text="Claims by Nasha Niva")).to_be_visible()
    expect(p.locator("main h2", has_text="Claims about Nasha Niva")).to_be_visible()
    p.get_by_role("link", name="Timeline →").click()
    expect(p.get_by_role("heading", name="Timeline: Nasha Niva")).to_be_visible()
    expect(p.locator(".timeline li.tl-proposition").first).to_be_visible()
    p.goto("/#/indicator/by-mobilisation")
    expect(p.locator("svg.chart .axis-label", has_text="date of reading")).to_be_attached()
    expect(p.locator("svg.chart .threshold-label").first).to_contain_text("watch")
    p.get_by_role("link", name=re.compile("Timeline of readings")).click()
    expect(p.locator(".timeline li.tl-alert").first).to_be_visible()
    assert not elsewhere, elsewhere


def test_a_proposition_shows_who_cites_whom_and_contradictions_side_by_side(
    page_: tuple[Page, list[str]],
) -> None:
    p, elsewhere = page_
    p.goto("/#/propositions?contested=true")
    p.locator("main table tbody a").first.click()
    expect(p.get_by_role("heading", name="Who cites whom")).to_be_visible()
    expect(p.locator("svg.origins line.cites").first).to_be_attached()
    expect(p.locator("svg.origins g.origin-node.denies").first).to_be_attached()
    pair = p.locator(".side-by-side").first
    expect(pair.locator(".side")).to_have_count(2)
    expect(pair.locator(".side.denies blockquote")).to_be_visible()
    expect(pair.locator(".side.supports blockquote")).to_be_visible()
    assert not elsewhere, elsewhere


def test_export_buttons_download_what_the_view_shows(page_: tuple[Page, list[str]]) -> None:
    p, elsewhere = page_
    p.goto("/#/propositions?since=2022-10-01")
    with p.expect_download() as csv_download:
        p.get_by_role("button", name="Claims CSV").click()
    path = csv_download.value.path()
    assert csv_download.value.suggested_filename == "claims.csv"
    assert path.read_text(encoding="utf-8").startswith("article_id")
    with p.expect_download() as stix_download:
        p.get_by_role("button", name="STIX 2.1").click()
    assert '"type": "bundle"' in stix_download.value.path().read_text(encoding="utf-8")[:2000]
    assert not elsewhere, elsewhere


def test_a_page_being_left_answers_no_clicks_until_the_next_one_is_shown(
    page_: tuple[Page, list[str]],
) -> None:
    p, elsewhere = page_
    p.goto("/#/articles")
    expect(p.get_by_role("heading", name="Articles", exact=True)).to_be_visible()
    held: list[Route] = []
    p.route("**/api/entities?*", lambda route: held.append(route))
    p.goto("/#/entities")
    main = p.locator("main")
    expect(main).to_have_attribute("aria-busy", "true")
    assert main.evaluate("m => m.inert")
    # the articles are still in view while the entities load; a click on one opens nothing
    p.locator("main table a").first.click(force=True)
    assert p.url.endswith("#/entities")
    assert len(held) == 1
    held[0].continue_()
    expect(p.get_by_role("heading", name="Entities", exact=True)).to_be_visible()
    expect(main).not_to_have_attribute("aria-busy", "true")
    assert not main.evaluate("m => m.inert")
    p.locator("main table a").first.click()
    expect(p.locator("main h2", has_text="Also written")).to_be_visible()
    assert not elsewhere, elsewhere
