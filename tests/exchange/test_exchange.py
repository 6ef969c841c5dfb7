"""Exports validated by the real validators (OASIS stix2-validator, the stix2 library,
pyarrow), the STIX round trip into a fresh store, and bad bundles."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import stix2
from stix2validator import ValidationOptions, validate_file

from tests.link.test_across import MOBILISATION, write_jsonl
from tests.test_cli import run
from watchfloor.assess import load_registry
from watchfloor.errors import ConfigError
from watchfloor.exchange import (
    COLUMNS,
    export_stix,
    export_table,
    plover_records,
    read_bundle,
    read_exchange,
)
from watchfloor.pipeline import extract, ingest, link, restore
from watchfloor.settings import Settings, load_settings
from watchfloor.store import Store, open_store

REGISTRY = "sources:\n  - {name: Nasha Niva, reliability: B}\n  - {name: BelTA, reliability: D}\n"


@pytest.fixture
def linked(tmp_path: Path, store: Store, settings: Settings) -> Store:
    (tmp_path / "sources.yaml").write_text(REGISTRY, encoding="utf-8")
    ingest(store, [str(write_jsonl(tmp_path / "a.jsonl", MOBILISATION))], settings=settings)
    extract(store)
    link(store, registry=load_registry(tmp_path / "sources.yaml"))
    return store


def bundle_of(store: Store, tmp_path: Path) -> str:
    out = io.StringIO()
    export_stix(store, out, registry=load_registry(tmp_path / "sources.yaml"))
    return out.getvalue()


def graded(store: Store) -> list[tuple[str, int | None, str | None, list[tuple[str, str]]]]:
    return sorted(
        (
            p.summary,
            p.credibility,
            p.likelihood,
            sorted((c.source_name, c.stance.value) for c in p.claims),
        )
        for p in store.iter_propositions()
    )


def test_the_bundle_validates_and_keeps_the_graded_relations(tmp_path: Path, linked: Store) -> None:
    text = bundle_of(linked, tmp_path)
    (tmp_path / "bundle.json").write_text(text, encoding="utf-8")
    result = validate_file(str(tmp_path / "bundle.json"), ValidationOptions(strict=False))
    errors = [str(e) for o in result.object_results for e in o.errors]
    assert result.is_valid, errors
    raw = json.loads(text)["objects"]
    ids = [o["id"] for o in raw]
    assert len(ids) == len(set(ids)), "every object once"
    dangling = [
        (o["type"], ref)
        for o in raw
        for ref in [*o.get("object_refs", []), o.get("source_ref"), o.get("target_ref")]
        if ref is not None and ref not in set(ids)
    ]
    assert dangling == [], "every reference resolves inside the bundle"
    parsed = stix2.parse(text, allow_custom=True)
    objects = {o.id: o for o in parsed.objects}
    groupings = {o.name: o for o in parsed.objects if o.type == "grouping"}
    for proposition in linked.iter_propositions():
        grouping = groupings[proposition.summary]
        assert f"admiralty-credibility:{proposition.credibility}" in grouping.labels
        stances = sorted(
            (objects[r.source_ref].name, r.relationship_type)
            for r in parsed.objects
            if r.type == "relationship" and r.target_ref == grouping.id
        )
        assert stances == sorted((c.source_name, c.stance.value) for c in proposition.claims)
        opinions = [
            o for o in parsed.objects if o.type == "opinion" and grouping.id in o.object_refs
        ]
        assert len(opinions) == len(proposition.claims)
    nasha = next(o for o in parsed.objects if o.type == "identity" and o.name == "Nasha Niva")
    assert "admiralty-reliability:B" in nasha.labels
    reports = [o for o in parsed.objects if o.type == "report"]
    assert len(reports) == len(MOBILISATION)
    notes = [
        o for o in parsed.objects if o.type == "note" and "modality:certain" in o.get("labels", [])
    ]
    assert notes, "claims carry their modality"


def test_export_then_import_gives_the_same_claims_grades_and_links(
    tmp_path: Path, linked: Store
) -> None:
    path = tmp_path / "bundle.json"
    path.write_text(bundle_of(linked, tmp_path), encoding="utf-8")
    fresh_settings = load_settings(db=str(tmp_path / "fresh.db"))
    with open_store(fresh_settings.db) as fresh:
        report = restore(
            fresh,
            read_bundle(path),
            settings=fresh_settings,
            registry=load_registry(tmp_path / "sources.yaml"),
        )
        assert report.articles == len(MOBILISATION)
        assert graded(fresh) == graded(linked)
        assert len(fresh.contradictions()) == len(linked.contradictions())
        again = restore(fresh, read_bundle(path), settings=fresh_settings)
        assert (again.articles, again.unchanged) == (0, len(MOBILISATION))


def test_a_bundle_from_elsewhere_is_refused_with_the_reason(tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"type": "bundle", "id": "bundle--1", "objects": []}), "utf-8")
    with pytest.raises(ConfigError, match="no watchfloor report"):
        list(read_bundle(other))
    broken = tmp_path / "broken.json"
    broken.write_text('{"type": "bundle", "objects": [', encoding="utf-8")
    with pytest.raises(ConfigError, match="not a readable JSON bundle"):
        list(read_bundle(broken))
    (tmp_path / "list.json").write_text("[]", encoding="utf-8")
    with pytest.raises(ConfigError, match="not a STIX bundle"):
        list(read_bundle(tmp_path / "list.json"))


def test_flat_tables_in_csv_and_parquet(tmp_path: Path, linked: Store) -> None:
    out = io.StringIO()
    count = export_table(linked, "claims", fmt="csv", out=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == count > 0
    assert tuple(rows[0]) == COLUMNS["claims"]
    denial = next(r for r in rows if r["polarity"] == "denied")
    assert denial["source"] == "Belarusian Defence Ministry" and denial["stance"] == "denies"
    only = io.StringIO()
    export_table(linked, "claims", fmt="csv", out=only, entity="ministry")
    assert {r["source"] for r in csv.DictReader(io.StringIO(only.getvalue()))} == {
        "Belarusian Defence Ministry"
    }
    path = tmp_path / "events.parquet"
    events = export_table(linked, "events", fmt="parquet", path=str(path), event_type="mobilize")
    table = pq.read_table(path)
    assert table.num_rows == events > 0 and table.column_names == list(COLUMNS["events"])
    assert set(table.column("type").to_pylist()) == {"MOBILIZE"}
    empty = tmp_path / "alerts.parquet"
    assert export_table(linked, "alerts", fmt="parquet", path=str(empty)) == 0
    assert pq.read_table(empty).num_rows == 0


def test_export_and_import_from_the_command_line(tmp_path: Path, sqlite_location: str) -> None:
    inputs = write_jsonl(tmp_path / "a.jsonl", MOBILISATION)
    assert run("ingest", "-q", str(inputs), db=sqlite_location).returncode == 0
    assert run("extract", "-q", db=sqlite_location).returncode == 0
    bundle = tmp_path / "out.json"
    result = run("export", "--format", "stix", "-o", str(bundle), db=sqlite_location)
    assert result.returncode == 0, result.stderr
    assert "STIX objects" in result.stderr
    plover = run("export", "--format", "plover", "--type", "MOBILIZE", db=sqlite_location)
    records = [json.loads(line) for line in plover.stdout.splitlines()]
    assert records and {r["event"] for r in records} == {"MOBILIZE"}
    assert {"id", "date", "actor", "recipient", "event_loc", "cite_info"} <= set(records[0])
    fresh = str(tmp_path / "fresh.db")
    imported = run("import", str(bundle), db=fresh)
    assert imported.returncode == 0, imported.stderr
    assert f"imported {len(MOBILISATION)} articles" in imported.stderr
    bad = run("import", str(inputs), db=fresh)
    assert bad.returncode != 0 and "not a readable JSON bundle" in bad.stderr
    no_file = run("export", "--format", "parquet", db=sqlite_location)
    assert no_file.returncode == 2 and "--output" in no_file.stderr
    nowhere = run("export", "--format", "stix", "-o", "/nonexistent/x.json", db=sqlite_location)
    assert nowhere.returncode == 2 and "cannot write" in nowhere.stderr
    assert "Traceback" not in nowhere.stderr
    binary = tmp_path / "binary.json"
    binary.write_bytes(bytes(range(256)) * 4)
    unreadable = run("import", str(binary), db=fresh)
    assert unreadable.returncode == 2 and "cannot be read" in unreadable.stderr


def test_paged_reads_give_every_item_once(linked: Store) -> None:
    whole = [p.id for p in linked.iter_propositions()]
    assert [p.id for p in linked.iter_propositions(batch=1)] == whole and len(whole) > 1
    events = [e.id for e in linked.iter_events()]
    assert [e.id for e in linked.iter_events(batch=1)] == events and len(events) > 1


def test_plover_records_with_ledgers_come_back(tmp_path: Path, linked: Store) -> None:
    path = tmp_path / "events.jsonl"
    records = list(plover_records(linked, with_ledgers=True))
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    attached = [r for r in records if "article" in r["watchfloor"]]
    assert len(attached) == len({r["id"].rsplit("-", 1)[0] for r in records})  # once each
    fresh_settings = load_settings(db=str(tmp_path / "fresh.db"))
    with open_store(fresh_settings.db) as fresh:
        restore(
            fresh, read_exchange(path), settings=fresh_settings,
            registry=load_registry(tmp_path / "sources.yaml"),
        )  # fmt: skip
        with_events = {r["cite_info"]["url"] for r in records}
        assert {a.url for a in fresh.iter_articles()} == with_events
        assert sorted(e.type for e in fresh.iter_events()) == sorted(
            e.type for e in linked.iter_events()
        )
    bare = tmp_path / "bare.jsonl"
    bare.write_text("".join(json.dumps(r) + "\n" for r in plover_records(linked)), "utf-8")
    with pytest.raises(ConfigError, match="--with-ledgers"):
        list(read_exchange(bare))
