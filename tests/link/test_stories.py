"""Claims are joined only within one story: same event type and country are not enough
(SQLite file and PostgreSQL server). Reports written for these tests."""

from __future__ import annotations

from pathlib import Path

from watchfloor.link.stories import choose_story
from watchfloor.pipeline import extract, ingest, link
from watchfloor.settings import Settings
from watchfloor.store import Store

from .test_across import write_jsonl

REPORTS = [
    {
        "title": "Journalist arrested",
        "text": "Police in Baghdad arrested the journalist Karim Haddad on Sunday after he "
        "reported on corruption at the port authority, his newspaper said. Officers took "
        "Haddad from his home in the Karrada district, the newspaper said. His lawyer said "
        "Haddad had not been charged. Press freedom groups called for his release.",
        "outlet": "Al-Sabah Weekly",
        "published": "2023-03-05T10:00:00Z",
    },
    {
        "title": "Smugglers held",
        "text": "Border guards arrested eleven men in Basra on Monday on suspicion of smuggling "
        "fuel across the Shatt al-Arab waterway, the interior ministry said. The guards seized "
        "two boats and forty barrels of diesel, the ministry said. The men were handed to "
        "investigators. Fuel smuggling has grown since prices rose last year.",
        "outlet": "Basra Daily",
        "published": "2023-03-06T10:00:00Z",
    },
    {
        "title": "Haddad detained",
        "text": "The journalist Karim Haddad was arrested by police at his home in Baghdad's "
        "Karrada district on Sunday, a press freedom group said. Haddad had reported on "
        "corruption at the port authority, the group said. His newspaper said he had not "
        "been charged, and his lawyer demanded his release.",
        "outlet": "Media Watch",
        "published": "2023-03-06T12:00:00Z",
    },
]


def test_reports_of_two_stories_never_share_a_proposition(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    ingest(store, [str(write_jsonl(tmp_path / "r.jsonl", REPORTS))], settings=settings)
    extract(store)
    link(store)
    joined = [
        {c.article_id for c in p.claims}
        for p in store.list_propositions(limit=None)
        if len({c.article_id for c in p.claims}) > 1
    ]
    assert joined, "the two reports of the journalist's arrest share a proposition"
    assert all(articles <= {1, 3} for articles in joined)  # never the smugglers' report


def test_an_article_joins_a_story_only_with_most_of_its_articles() -> None:
    scores = {("new", "a"): 9.0, ("new", "b"): 1.0, ("new", "c"): 0.0, ("new", "d"): 8.0}

    def score(x: str, y: str) -> float:
        return scores[(x, y)]

    # story 1 holds a (close) and b, c (far): one close neighbour of three is a chain
    chained = choose_story("new", [(1, 1, "a"), (2, 1, "b"), (3, 1, "c")], score, 5.0)
    assert chained.story_id is None and "no stored article" in chained.reason
    found = choose_story("new", [(1, 1, "a"), (2, 1, "b"), (4, 2, "d")], score, 5.0)
    assert found.story_id == 1  # a and b: half of story 1 is close, and a is the closest
    assert "article #1" in found.reason


def test_the_article_voice_takes_the_stance_models_reading_a_source_keeps_its_own() -> None:
    from watchfloor.link.across import stance_in_story
    from watchfloor.types import ClaimStance, Stance

    member = ClaimStance(claim="c1", stance=Stance.SUPPORTS, origin="o", origin_name="O")
    assert stance_in_story(member, True, "disagree").stance is Stance.DENIES
    assert stance_in_story(member, True, "discuss").stance is Stance.REPORTS
    assert stance_in_story(member, True, "agree").stance is Stance.SUPPORTS
    assert stance_in_story(member, False, "disagree").stance is Stance.SUPPORTS
    denial = ClaimStance(claim="c2", stance=Stance.DENIES, origin="o", origin_name="O")
    assert stance_in_story(denial, True, "agree").stance is Stance.DENIES


def test_a_nationality_source_is_listed_by_its_own_words(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    record = {
        "title": "Talks",
        "text": "The Russians said on Monday that the talks in Geneva would resume in May.",
        "outlet": "Test Wire",
        "published": "2023-03-05T10:00:00Z",
    }
    ingest(store, [str(write_jsonl(tmp_path / "r.jsonl", [record]))], settings=settings)
    extract(store)
    link(store)
    names = [r["source"] for r in store.source_records()]
    assert "The Russians" in names and "Russian" not in names
