"""The real command line in a subprocess, as a user runs it."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, SAMPLE_COUNT

WATCHFLOOR = str(Path(sys.executable).with_name("watchfloor"))


def run(
    *args: str, db: str | None = None, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    command = [WATCHFLOOR, *args]
    if db is not None:
        command += ["--db", db]
    environment = {k: v for k, v in os.environ.items() if not k.startswith("WATCHFLOOR_")}
    environment.update(env or {})
    result = subprocess.run(
        command, input=stdin, capture_output=True, env=environment, timeout=120, check=False
    )
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode(), result.stderr.decode()
    )


def test_ingest_prints_a_summary_and_exits_0(db_location: str) -> None:
    result = run("ingest", str(SAMPLE), db=db_location)
    assert result.returncode == 0, result.stderr
    assert (
        result.stderr.strip().splitlines()[-1]
        == f"ingested {SAMPLE_COUNT}, duplicates 0 (exact 0, near 0), rejected 0"
    )
    again = run("ingest", str(SAMPLE), db=db_location)
    assert (
        f"ingested 0, duplicates 0 (exact 0, near 0), rejected 0, already stored {SAMPLE_COUNT}"
        in again.stderr
    )


def test_rejections_get_one_line_each_and_exit_1(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text("The ministry denied the report on Thursday.")
    (inputs / "empty.txt").write_text("")
    (inputs / "blob.bin").write_bytes(bytes(range(256)) * 8)
    (inputs / "bad.jsonl").write_text('{"text": "ok"}\n{"text": \n')
    db = str(tmp_path / "s.db")
    result = run("ingest", str(inputs), str(tmp_path / "gone.rss"), db=db)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "ingested 2, duplicates 0 (exact 0, near 0), rejected 4"
    rejected = lines[:-1]
    assert len(rejected) == 4
    assert (
        rejected[0]
        == f"{inputs / 'bad.jsonl'}:2: malformed JSON: Expecting value (column 10); skipped"
    )
    assert rejected[1].startswith(f"{inputs / 'blob.bin'}: binary: ") and rejected[1].endswith(
        "; skipped"
    )
    assert rejected[2].startswith(f"{inputs / 'empty.txt'}: empty: ")
    assert rejected[3].startswith(f"{tmp_path / 'gone.rss'}: not found: ")
    listed = run("rejections", "--format", "json", db=db)
    assert {r["reason"] for r in json.loads(listed.stdout)} == {
        "binary",
        "malformed JSON",
        "empty",
        "not found",
    }


def test_quiet_silences_progress_and_summary_but_not_rejections(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    result = run(
        "ingest", "--quiet", str(SAMPLE), str(tmp_path / "empty.txt"), db=str(tmp_path / "s.db")
    )
    assert result.returncode == 1
    assert "ingested" not in result.stderr
    assert result.stderr.count("\n") == 1 and "empty.txt: empty" in result.stderr


def test_stdin_is_a_source(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    text = "Минобороны опровергло сообщения о мобилизации.".encode("koi8-r")
    result = run("ingest", "-", db=db, stdin=text)
    assert result.returncode == 0, result.stderr
    rows = json.loads(run("articles", "--format", "json", "--with-text", db=db).stdout)
    assert rows[0]["text"] == "Минобороны опровергло сообщения о мобилизации."
    assert rows[0]["origin"] == "-" and rows[0]["language"] == "ru"


@pytest.mark.parametrize(
    "args",
    [
        ("ingest",),
        ("ingest", "x", "--near-threshold", "0"),
        ("ingest", "x", "--max-bytes", "-5"),
        ("articles", "--format", "xml"),
        ("nonsense",),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...], tmp_path: Path) -> None:
    result = run(*args, db=str(tmp_path / "s.db"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_bad_settings_from_the_environment_exit_2_with_the_setting_named(tmp_path: Path) -> None:
    result = run(
        "ingest",
        str(SAMPLE),
        env={"WATCHFLOOR_DB": str(tmp_path / "s.db"), "WATCHFLOOR_NEAR_DUPLICATE_THRESHOLD": "7"},
    )
    assert result.returncode == 2
    assert "near_duplicate_threshold" in result.stderr and "Traceback" not in result.stderr


def test_db_location_from_the_environment(tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    assert run("ingest", str(SAMPLE), env={"WATCHFLOOR_DB": str(db)}).returncode == 0
    assert db.exists()


def test_reading_a_missing_store_is_an_error_not_a_new_file(tmp_path: Path) -> None:
    result = run("articles", db=str(tmp_path / "none.db"))
    assert result.returncode == 1
    assert "no database at" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "none.db").exists()


@pytest.fixture
def demo_db(tmp_path: Path) -> str:
    db = str(tmp_path / "demo.db")
    assert run("ingest", "-q", str(SAMPLE), db=db).returncode == 0
    return db


def test_articles_as_json_csv_and_table(demo_db: str) -> None:
    rows = json.loads(run("articles", "--format", "json", db=demo_db).stdout)
    assert len(rows) == SAMPLE_COUNT and "text" not in rows[0]
    assert rows[0]["published"].endswith("+00:00")
    records = list(
        csv.DictReader(
            io.StringIO(run("articles", "--format", "csv", "--limit", "3", db=demo_db).stdout)
        )
    )
    assert [r["id"] for r in records] == ["1", "2", "3"]
    assert records[0]["title"] == rows[0]["title"]
    table = run("articles", "--limit", "2", db=demo_db).stdout
    assert "2 articles" in table and "Remarks by President Biden" in table
    last = str(SAMPLE_COUNT - 1)
    lines = run("articles", "--format", "jsonl", "--offset", last, db=demo_db).stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [SAMPLE_COUNT]


def test_search_from_the_command_line(demo_db: str) -> None:
    hits = json.loads(
        run("search", '"partial mobilization"', "--format", "json", db=demo_db).stdout
    )
    assert hits
    for hit in hits:  # SQLite marks the phrase, PostgreSQL each word
        assert "[partial" in hit["snippet"].lower()
        assert "partial mobilization" in hit["snippet"].replace("[", "").replace("]", "").lower()
    result = run("search", "--db", demo_db, "--", "-only")
    assert result.returncode == 2 and "no words" in result.stderr


def test_tables_show_text_with_brackets_verbatim(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    story = tmp_path / "story.md"
    story.write_text("---\ntitle: '[bold]Not markup[/bold] [link=x]'\n---\nThe troops moved.")
    assert run("ingest", "-q", str(story), db=db).returncode == 0
    assert "[bold]Not markup[/bold] [link=x]" in run("articles", db=db).stdout
    assert "[troops]" in run("search", "troops", db=db).stdout


def test_db_upgrade_and_status(tmp_path: Path) -> None:
    db = str(tmp_path / "fresh.db")
    first = run("db", "upgrade", db=db)
    assert first.returncode == 0 and "applied" in first.stdout and "0001_articles" in first.stdout
    assert "up to date" in run("db", "upgrade", db=db).stdout
    assert "0001_articles  applied" in run("db", "status", db=db).stdout


def test_python_dash_m_and_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "watchfloor", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and result.stdout.startswith("watchfloor, version ")


def test_every_command_has_help() -> None:
    for command in ("ingest", "articles", "search", "rejections", "db", "db upgrade", "db status"):
        result = run(*command.split(), "--help")
        assert result.returncode == 0
        assert len(result.stdout.split("\n\n")[1].strip()) > 20, f"{command} needs a description"


def test_claims_and_export_take_an_entity_by_name_or_id(tmp_path: Path) -> None:
    from tests.api.conftest import build_store

    store, settings = build_store(tmp_path)
    try:
        [ministry] = [e for e in store.list_entities(limit=None) if "Defence Ministry" in e.name]
    finally:
        store.close()
    by_id = run("claims", "--entity", str(ministry.id), "--format", "json", db=settings.db)
    by_name = run("claims", "--entity", ministry.name, "--format", "json", db=settings.db)
    assert by_id.returncode == by_name.returncode == 0, by_name.stderr
    assert json.loads(by_id.stdout) == json.loads(by_name.stdout) != []
    exported = [
        run("export", "--format", "csv", "--table", "claims", "--entity", given, db=settings.db)
        for given in (str(ministry.id), ministry.name)
    ]
    assert exported[0].returncode == 0, exported[0].stderr
    assert exported[0].stdout == exported[1].stdout and exported[0].stdout.count("\n") > 1
    unknown = run("claims", "--entity", "Nobody Anywhere", db=settings.db)
    assert unknown.returncode == 2
    assert "no entity named 'Nobody Anywhere'" in unknown.stderr
    assert "Traceback" not in unknown.stderr


def test_analyze_shows_names_as_the_text_writes_them_first(tmp_path: Path) -> None:
    """An analyst reads an entity by the names the article uses; the gazetteer's other
    spellings come after, not instead."""
    from watchfloor.cli._analyze import names_as_written
    from watchfloor.extract import annotate

    text = (
        "Aliaksandr Lukashenka met his generals in Minsk on Monday. Lukashenka said the "
        "exercises would end in March."
    )
    ledger = annotate(text)
    person = next(e for e in ledger.entities if e.type == "PERSON")
    written, others = names_as_written(person)
    assert written[:2] == ["Aliaksandr Lukashenka", "Lukashenka"]
    assert not {w.casefold() for w in written} & {o.casefold() for o in others}
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    result = run("analyze", str(path), env={"COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    row = next(line for line in result.stdout.splitlines() if "PERSON" in line)
    assert row.index("Aliaksandr Lukashenka") < row.index(person.name) or (
        person.name == "Aliaksandr Lukashenka"
    )


def test_tables_show_no_python_none_and_no_raw_floats(tmp_path: Path) -> None:
    """What a person reads in a table: "-" or nothing for an unknown value, numbers as a
    person writes them ("supports None" and "0.111111" were printed once)."""
    import re

    from tests.api.conftest import build_store

    store, settings = build_store(tmp_path)
    store.close()
    env = {"WATCHFLOOR_SOURCES": str(settings.sources)}
    shown = []
    for args in (
        ("claims", "--limit", "50"),
        ("claims", "--sort", "contested"),
        ("sources",),
        ("entities",),
        ("events",),
        ("alerts",),
        ("indicators", "--watchlist", str(settings.watchlist)),
    ):
        result = run(*args, db=settings.db, env=env)
        assert result.returncode == 0, (args, result.stderr)
        shown.append(result.stdout)
    text = "\n".join(shown)
    assert "claims" in text.lower() or "proposition" in text.lower()
    assert not re.search(r"\bNone\b", text), [x for x in text.splitlines() if "None" in x][:3]
    assert not re.search(r"\d\.\d{5,}", text), re.findall(r"\S*\d\.\d{5,}\S*", text)[:3]


def test_indicators_are_read_now_or_at_the_time_asked(tmp_path: Path) -> None:
    from tests.api.conftest import build_store

    store, settings = build_store(tmp_path)  # read at the data's clock (October 2022)
    store.close()
    watch = ("--watchlist", str(settings.watchlist), "--format", "json")
    replayed = run("indicators", *watch, "--as-of", "latest", db=settings.db)
    assert replayed.returncode == 0, replayed.stderr
    [indicator] = json.loads(replayed.stdout)
    assert indicator["as_of"].startswith("2022-10") and indicator["level"] is not None
    now = run("indicators", *watch, db=settings.db)
    [indicator] = json.loads(now.stdout)
    assert indicator["as_of"][:4] >= "2026" and indicator["level"] is None  # nothing recent
    wrong = run("indicators", *watch, "--as-of", "last week", db=settings.db)
    assert wrong.returncode == 2 and "'last week' is not an ISO 8601 date" in wrong.stderr


def test_one_alert_in_full_with_links_back_to_the_dashboard(tmp_path: Path) -> None:
    from tests.api.conftest import build_store

    store, settings = build_store(tmp_path)
    try:
        newest = store.alerts(limit=1)[0]
        sentence = newest.evidence[0]["event"]["sentence"]
    finally:
        store.close()
    env = {"WATCHFLOOR_PUBLIC_URL": "https://watch.example.org"}
    shown = run("alerts", "--id", str(newest.id), db=settings.db, env=env)
    assert shown.returncode == 0, shown.stderr
    assert " ".join(sentence.split()) in shown.stdout
    assert "credibility" in shown.stdout and "https://watch.example.org/#/article/" in shown.stdout
    as_json = json.loads(run("alerts", "--id", str(newest.id), "--format", "json",
                             db=settings.db, env=env).stdout)  # fmt: skip
    assert as_json["id"] == newest.id and as_json["evidence"][0]["link"].startswith("https://")
    missing = run("alerts", "--id", "999", db=settings.db)
    assert missing.returncode == 2 and "no alert #999" in missing.stderr
