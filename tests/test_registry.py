"""The source registry belongs to the store: seeded once from the YAML file, changed by a
person with a reason, every change logged (who, when, what before), and the propositions
a change touches graded again."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.api.conftest import build_store
from tests.test_cli import run
from watchfloor.errors import ConfigError
from watchfloor.pipeline.registry import import_registry, set_source, source_registry


def _explanations(store: object, source: str) -> list[str]:
    return [
        p.assessment["explanation"]
        for p in store.list_propositions(limit=None)  # type: ignore[attr-defined]
        if p.assessment and any(c.source_name == source for c in p.claims)
    ]


def test_a_grade_set_with_a_reason_is_logged_and_regrades_what_it_touches(
    tmp_path: Path,
) -> None:
    store, settings = build_store(tmp_path)
    try:
        registry = source_registry(store, settings.sources)  # seeded from sources.yaml
        assert registry.grade("Nasha Niva")[0] == "B"
        assert [c["changed_by"] for c in store.registry_changes()] == [f"seed {settings.sources}"]
        before = _explanations(store, "Nasha Niva")
        assert before and all("[B]" in e for e in before)
        regraded = set_source(
            store, "Nasha Niva", "e", reason="three retractions this year", by="tester"
        )
        assert regraded >= len(before)
        after = _explanations(store, "Nasha Niva")
        assert after and all("[E]" in e for e in after)
        [change, _] = store.registry_changes()
        assert (change["name"], change["reliability"], change["previous"]) == (
            "Nasha Niva",
            "E",
            "B",
        )
        assert change["changed_by"] == "tester"
        assert change["note"] == "three retractions this year"
        # the file seeds an empty registry only: the store's grade stays
        assert source_registry(store, settings.sources).grade("Nasha Niva")[0] == "E"
        with pytest.raises(ConfigError, match="reason"):
            set_source(store, "Nasha Niva", "A", reason=" ", by="tester")
        with pytest.raises(ConfigError, match="not one of A-F"):
            set_source(store, "Nasha Niva", "G", reason="x", by="tester")
    finally:
        store.close()


def test_importing_a_registry_file_changes_only_what_differs(tmp_path: Path) -> None:
    store, settings = build_store(tmp_path)
    try:
        source_registry(store, settings.sources)
        other = tmp_path / "other.yaml"
        other.write_text(
            "sources:\n  - {name: Nasha Niva, reliability: B}\n"
            "  - {name: BelTA, reliability: D, note: state agency}\n",
            encoding="utf-8",
        )
        changed, _ = import_registry(store, other, by="tester")
        assert changed == ["BelTA"]
        assert source_registry(store).grade("BelTA")[0] == "D"
    finally:
        store.close()


def test_the_command_line_sets_imports_and_shows_the_log(tmp_path: Path) -> None:
    store, settings = build_store(tmp_path)
    store.close()
    env = {"WATCHFLOOR_SOURCES": str(settings.sources)}
    done = run(
        "sources", "set", "Nasha Niva", "--reliability", "C", "--reason", "mixed record",
        db=settings.db, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Nasha Niva: C;" in done.stderr and "propositions graded again" in done.stderr
    log = run("sources", "log", "Nasha Niva", "--format", "csv", db=settings.db, env=env)
    assert "mixed record" in log.stdout and ",C,B,cli " in log.stdout
    listed = run("sources", "--format", "csv", db=settings.db, env=env)
    assert any(line.startswith("Nasha Niva,C") for line in listed.stdout.splitlines())
    missing = run("sources", "set", "X", "--reliability", "B", db=settings.db, env=env)
    assert missing.returncode == 2 and "--reason" in missing.stderr


def test_the_api_grades_a_source_for_an_admin_token_and_logs_its_name(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from watchfloor.api import create_app

    store, settings = build_store(tmp_path)
    try:
        _, admin = store.create_token("desk lead", "admin")
        _, reader = store.create_token("intern", "read")
        grade = {"name": "Nasha Niva", "reliability": "D", "reason": "unsourced claims"}
        with TestClient(create_app(settings, store=store)) as client:
            refused = client.post(
                "/api/sources/registry", json=grade, headers={"Authorization": f"Bearer {reader}"}
            )
            assert refused.status_code == 403
            done = client.post(
                "/api/sources/registry", json=grade, headers={"Authorization": f"Bearer {admin}"}
            )
            assert done.status_code == 200, done.text
            assert done.json()["reliability"] == "D" and done.json()["regraded"] >= 1
            header = {"Authorization": f"Bearer {reader}"}
            changes = client.get("/api/sources/registry/changes", headers=header).json()
            assert changes["items"][0]["changed_by"] == "token desk lead"
            listed = client.get("/api/sources", params={"name": "Nasha"}, headers=header).json()
            assert listed["items"][0]["reliability"] == "D"
            bad = client.post(
                "/api/sources/registry",
                json={**grade, "reason": ""},
                headers={"Authorization": f"Bearer {admin}"},
            )
            assert bad.status_code == 400 and "reason" in bad.json()["error"]
    finally:
        store.close()
