"""Hostile files get one line each and the batch goes on: a YAML alias bomb, a FIFO, a
symlink cycle."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from watchfloor.pipeline import ingest
from watchfloor.settings import load_settings
from watchfloor.store import open_store

GOOD = "The regional council of Norvania said on Monday that the bridge would reopen in May.\n"
BOMB = (
    "---\n"
    + "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
    + "".join(
        f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n"
        for i in range(1, 9)
    )
    + "---\nThe body of a report.\n"
)


def run(folder: Path, db: str) -> tuple[int, list[tuple[str, str, str]]]:
    settings = load_settings(db=db)
    with open_store(db, must_exist=False) as store:
        report = ingest(store, [str(folder)], settings=settings)
        rejected = [(r.item, str(r.reason), r.detail) for r in store.iter_rejections()]
    return report.ingested, rejected


def test_a_yaml_alias_bomb_is_refused_with_its_reason(tmp_path: Path, sqlite_location: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-bomb.md").write_text(BOMB, encoding="utf-8")
    (folder / "b-good.txt").write_text(GOOD, encoding="utf-8")
    assert len(BOMB) < 600
    ingested, rejected = run(folder, sqlite_location)
    assert ingested == 1
    [(item, reason, detail)] = rejected
    assert item.endswith("a-bomb.md") and reason == "invalid record" and "aliases" in detail


def test_fifos_are_skipped_and_symlink_cycles_read_each_file_once(
    tmp_path: Path, sqlite_location: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")  # reading it would block for ever
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "again.txt").symlink_to(folder / "good.txt")
    ingested, rejected = run(folder, sqlite_location)
    assert ingested == 1
    assert [(Path(item).name, reason) for item, reason, _ in rejected] == [
        ("pipe.txt", "could not be read")
    ]
    assert "FIFO" in rejected[0][2]


def test_deep_json_and_huge_numbers_are_malformed_records(
    tmp_path: Path, sqlite_location: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (folder / "lines.jsonl").write_text(
        '{"text": "x", "id": ' + "9" * 100_000 + "}\n" + '{"text": "' + GOOD.strip() + '"}\n',
        encoding="utf-8",
    )
    ingested, rejected = run(folder, sqlite_location)
    assert ingested == 1
    reasons = {Path(item).name: (reason, detail) for item, reason, detail in rejected}
    assert reasons["deep.json"] == ("malformed JSON", "nested deeper than 64 levels")
    assert reasons["lines.jsonl:1"][0] == "malformed JSON"


def test_depth_is_checked_before_parsing_and_brackets_in_text_do_not_count(
    tmp_path: Path, sqlite_location: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    parsed: list[int] = []
    real_loads = json.loads

    def counted(text: str, **kw: object) -> object:
        parsed.append(1)
        return real_loads(text)

    monkeypatch.setattr(json, "loads", counted)
    folder = tmp_path / "in"
    folder.mkdir()
    nested = {"text": GOOD + " [[[{{{" * 50, "extra": [[[[["deep enough"]]]]]}
    (folder / "fine.json").write_text(json.dumps(nested), encoding="utf-8")
    (folder / "deep.jsonl").write_text("[" * 65 + "]" * 65 + "\n", encoding="utf-8")
    ingested, rejected = run(folder, sqlite_location)
    assert ingested == 1
    assert [(Path(i).name, d) for i, _, d in rejected] == [
        ("deep.jsonl:1", "nested deeper than 64 levels")
    ]
    assert len(parsed) == 1  # the deep line was never handed to the parser


def test_broken_utf8_is_undecodable_not_mojibake(tmp_path: Path, sqlite_location: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text = "Министерство обороны заявило, что учения завершились в пятницу.\n".encode()
    (folder / "broken.txt").write_bytes(text[:10] + b"\xff" + text[10:])
    (folder / "legacy.txt").write_bytes(text.decode("utf-8").encode("cp1251"))
    ingested, rejected = run(folder, sqlite_location)
    assert ingested == 1  # the cp1251 file decodes cleanly
    [(item, reason, detail)] = rejected
    assert item.endswith("broken.txt") and reason == "undecodable" and "UTF-8" in detail
