"""Linking across articles on a real store (SQLite file and PostgreSQL server): entities,
propositions, independence, contradictions and grades."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from watchfloor.assess import load_registry
from watchfloor.errors import ConfigError
from watchfloor.pipeline import extract, ingest, link
from watchfloor.settings import Settings
from watchfloor.store import Store
from watchfloor.types import Stance, StoredProposition

# Three reports of one story (a hidden call-up in Belarus), written as reports of one story
# are: they share the story's details, not only its event type and country.
MOBILISATION = [
    {
        "title": "Hidden mobilisation",
        "text": "Nasha Niva reported on Thursday that Belarus had started a hidden "
        "mobilisation of reservists. Call-up papers were handed to men in Minsk, Hrodna and "
        "Brest. An officer said an estimated 2,000 men will be drafted in "
        "Belarus. The reservists are to report to military enlistment offices within a week.",
        "outlet": "Nasha Niva",
        "published": "2022-10-13T10:00:00Z",
        "url": "https://example.org/1",
    },
    {
        "title": "Ministry denies",
        "text": "The Belarusian Defence Ministry denied any mobilisation in Belarus on "
        "Friday. Reports of call-up papers handed to reservists in Minsk and Brest were "
        "rejected by the ministry. Aliaksandr Lukashenka met Stanislau Zas in Minsk. "
        "Military enlistment offices are working as usual, the ministry added.",
        "outlet": "BelTA",
        "published": "2022-10-14T10:00:00Z",
        "url": "https://example.org/2",
    },
    {
        "title": "Call-up",
        "text": "Ukrainian intelligence said that 5,000 reservists were called up in Belarus "
        "this week in a hidden mobilisation. Call-up papers were handed out in Minsk, Hrodna "
        "and Brest. Alexander Lukashenko spoke to General Stanislav Zas. The reservists must "
        "report to military enlistment offices.",
        "outlet": "Ukrainska Pravda",
        "published": "2022-10-15T10:00:00Z",
        "url": "https://example.org/3",
    },
]


def write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    # declared English: lingua's fast mode can take a short report full of Slavic names
    # for Polish
    lines = [json.dumps({"language": "en", **r}) + "\n" for r in records]
    path.write_text("".join(lines), encoding="utf-8")
    return path


def run(store: Store, settings: Settings, path: Path, registry: Path | None = None) -> None:
    ingest(store, [str(path)], settings=settings)
    extract(store)
    link(store, registry=load_registry(registry))


def mobilisation(store: Store) -> StoredProposition:
    [found] = [p for p in store.list_propositions() if p.family == "mobilization"]
    return found


def test_reports_from_three_outlets_are_one_proposition_with_its_contradictions(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    run(store, settings, write_jsonl(tmp_path / "a.jsonl", MOBILISATION))
    proposition = mobilisation(store)
    assert {c.article_id for c in proposition.claims} == {1, 2, 3}
    stances = {c.source_name: c.stance for c in proposition.claims}
    assert stances["Belarusian Defence Ministry"] is Stance.DENIES
    assert proposition.country == "BY"
    found = store.get_proposition(proposition.id)
    assert found is not None
    kinds = sorted(c.kind for c in found[1])
    denials = {c.why for c in found[1] if c.kind == "denial"}
    assert denials == {
        f"Belarusian Defence Ministry denies what {who} asserts"
        for who in ("Nasha Niva", "An officer", "Ukrainian intelligence", "Ukrainska Pravda")
    }
    assert kinds.count("number") == 1
    number = next(c for c in found[1] if c.kind == "number")
    assert "2,000" in number.why and "5,000" in number.why
    # supported by Nasha Niva (its unnamed officer is the same origin), by Ukrainian
    # intelligence and by Ukrainska Pravda's own report, denied by the ministry:
    # corroborated but contested
    assert proposition.credibility == 3
    assert proposition.assessment is not None
    explanation = proposition.assessment["explanation"]
    assert "3 independent origins" in explanation and "Belarusian Defence Ministry" in explanation
    assert proposition.likelihood in ("likely", "roughly even chance", "very likely")
    # the events of the three articles now carry the proposition's grade
    graded = store.events_between(proposition.first_seen, proposition.last_seen)
    assert {e.data["credibility"]["grade"] for e in graded if e.type == "MOBILIZE"} == {3}
    # linking is incremental: nothing is linked twice
    again = link(store)
    assert again.articles == 0
    assert len(mobilisation(store).claims) == len(proposition.claims)


def test_one_person_across_spellings_is_one_entity_with_the_reason(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    run(store, settings, write_jsonl(tmp_path / "a.jsonl", MOBILISATION))
    [lukashenko] = store.list_entities(name="Lukashenk")
    assert lukashenko.articles == 2
    assert {"Aliaksandr Lukashenka", "Alexander Lukashenko"} <= {
        lukashenko.name,
        *lukashenko.aliases,
    }
    [zas] = store.list_entities(name="Zas")  # not in the gazetteer: joined by its surname
    assert zas.articles == 2
    links = store.entity_links(zas.id)
    first, second = sorted(links, key=lambda link: link["article_id"])
    assert first["method"] == "new"
    assert second["method"] in ("name", "surname")  # Stanislau/Stanislav: one skeleton
    assert "Zas" in second["reason"]


def test_merges_are_reversible(tmp_path: Path, store: Store, settings: Settings) -> None:
    run(store, settings, write_jsonl(tmp_path / "a.jsonl", MOBILISATION))
    [nasha] = store.list_entities(name="Nasha Niva")
    [ministry] = store.list_entities(name="Defence Ministry")
    store.merge_entities(ministry.id, nasha.id, "test: pretend they are one")
    names = {e.name for e in store.list_entities(limit=None)}
    assert "Belarusian Defence Ministry" not in names
    merged = next(e for e in store.list_entities(limit=None) if e.id == nasha.id)
    assert merged.articles == 2
    assert {link["article_id"] for link in store.entity_links(nasha.id)} == {1, 2}
    with pytest.raises(ConfigError, match="itself"):
        store.merge_entities(nasha.id, nasha.id, "no")
    store.unmerge_entity(ministry.id)
    assert "Belarusian Defence Ministry" in {e.name for e in store.list_entities(limit=None)}
    with pytest.raises(ConfigError, match="not merged"):
        store.unmerge_entity(ministry.id)


def test_copies_and_relays_share_their_origin_and_count_once(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    original = {
        "title": "Drills",
        "text": "Sources told Nasha Niva that reservists were called up in Grodno on Monday "
        "for snap drills near the Polish border, and that the call-up would go on all week "
        "across the western region of the country.",
        "outlet": "Nasha Niva",
        "published": "2022-11-07T08:00:00Z",
    }
    syndicated = {**original, "outlet": "Zerkalo", "published": "2022-11-07T12:00:00Z"}
    syndicated["text"] = original["text"].replace("on Monday", "on Monday morning")
    relay = {
        "title": "Relayed",
        "text": "Meduza, citing Nasha Niva, reported that reservists were called up in Grodno.",
        "outlet": "Meduza",
        "published": "2022-11-07T15:00:00Z",
    }
    run(store, settings, write_jsonl(tmp_path / "a.jsonl", [original, syndicated, relay]))
    proposition = mobilisation(store)
    assert len({c.article_id for c in proposition.claims}) == 3
    origins = {c.origin for c in proposition.claims if c.stance is Stance.SUPPORTS}
    assert len(origins) == 1, [c.origin_name for c in proposition.claims]
    assert proposition.credibility != 1
    independent = {
        "title": "Witnesses",
        "text": "The Polish Border Guard said that reservists were called up in Grodno.",
        "outlet": "TVP",
        "published": "2022-11-08T09:00:00Z",
    }
    run(store, settings, write_jsonl(tmp_path / "b.jsonl", [independent]))
    assert mobilisation(store).credibility == 1


def test_the_registry_grades_sources_and_moves_likelihood_not_credibility(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    registry = tmp_path / "sources.yaml"
    registry.write_text(
        "sources:\n"
        "  - {name: Nasha Niva, reliability: B}\n"
        "  - {name: Belarusian Defence Ministry, reliability: E, note: denies everything}\n"
        "  - {name: Ukraine, reliability: C, aliases: [Ukrainian intelligence]}\n",
        encoding="utf-8",
    )
    run(store, settings, write_jsonl(tmp_path / "a.jsonl", MOBILISATION), registry)
    graded = mobilisation(store)
    assert graded.assessment is not None
    evidence = {e["origin"]: e["reliability"] for e in graded.assessment["evidence"]}
    assert evidence["Nasha Niva"] == "B" and evidence["Belarusian Defence Ministry"] == "E"
    assert graded.credibility == 3  # reliability never feeds credibility
    assert graded.probability is not None and graded.probability > 0.8


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("sources:\n  - {name: X, reliability: G}\n", "source 1 (X): reliability 'G'"),
        ("sources:\n  - {reliability: A}\n", "'name' is missing"),
        ("- just a list\n", "top-level 'sources:'"),
        ("sources: [\n", "cannot read"),
    ],
)
def test_a_bad_registry_says_where_and_what(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"sources\.yaml") as raised:
        load_registry(path)
    assert message in str(raised.value)


def test_the_command_line_shows_propositions_sources_and_entities(tmp_path: Path) -> None:
    from tests.test_cli import run as cli

    db = str(tmp_path / "s.db")
    registry = tmp_path / "sources.yaml"
    registry.write_text("sources:\n  - {name: Nasha Niva, reliability: B}\n", encoding="utf-8")
    env = {"WATCHFLOOR_SOURCES": str(registry)}
    assert (
        cli("ingest", str(write_jsonl(tmp_path / "a.jsonl", MOBILISATION)), db=db).returncode == 0
    )
    extracted = cli("extract", db=db, env=env)
    assert extracted.returncode == 0, extracted.stderr
    assert "linked 3 articles" in extracted.stderr
    listed = json.loads(cli("claims", "--type", "mobilize", "--format", "json", db=db).stdout)
    [row] = [r for r in listed if "mobilization" in r["summary"]]
    assert row["credibility"] == 3 and row["denies"] == 2  # the ministry denies twice
    assert any("2,000" in n for n in row["numbers"]) and any("5,000" in n for n in row["numbers"])
    shown = cli("claims", "--id", str(row["id"]), db=db)
    assert "contradiction (number)" in shown.stdout and "Credibility 3" in shown.stdout
    missing = cli("claims", "--id", "999", db=db)
    assert missing.returncode == 2 and "no proposition #999" in missing.stderr
    sources = {
        r["source"]: r
        for r in json.loads(cli("sources", "--format", "json", db=db, env=env).stdout)
    }
    assert sources["Nasha Niva"]["reliability"] == "B"
    assert sources["Belarusian Defence Ministry"]["reliability"] == "F"
    assert sources["Belarusian Defence Ministry"]["denies"] == 2
    entities = json.loads(cli("entities", "--name", "lukash", "--format", "json", db=db).stdout)
    assert [e["articles"] for e in entities] == [2]
    since = json.loads(cli("claims", "--since", "2030-01-01", "--format", "json", db=db).stdout)
    assert since == []


def test_relinking_a_redone_ledger_creates_no_new_entity(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    records = [
        *MOBILISATION,
        {
            "title": "Berlin",
            "text": "The Federal Government said that Belarus had called up reservists.",
            "published": "2022-10-16T10:00:00Z",
        },
    ]
    run(store, settings, write_jsonl(tmp_path / "a.jsonl", records))
    before = {(e.type, e.name) for e in store.list_entities(limit=None)}
    count = len(store.list_entities(limit=None))
    for article_id in (1, 4):  # the ledger is redone, as a second extract process would
        ledger = store.get_ledger(article_id)
        assert ledger is not None
        store.save_ledger(article_id, language="en", extractor="test", ledger=ledger)
    again = link(store)
    assert again.articles == 2 and again.new_entities == 0
    assert len(store.list_entities(limit=None)) == count
    assert {(e.type, e.name) for e in store.list_entities(limit=None)} == before
