"""The stance model on reports written for these tests, and `watchfloor stance` on files in
the FNC-1 layout."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.test_cli import run
from watchfloor.stance import LABELS, judge
from watchfloor.stance.stories import load_story_gate

CLAIM = "Blue Falls dam bursts in Norvania after heavy rain"
ARTICLES = {
    "agree": "Officials in Norvania confirmed on Tuesday that the Blue Falls dam had burst after "
    "days of heavy rain. The regional governor said the dam failed at dawn and water flooded "
    "three villages downstream. Rescue teams evacuated about 400 residents, the governor said. "
    "Engineers had warned last year that the dam was in poor repair.",
    "disagree": "Reports that the Blue Falls dam in Norvania had burst are false, the regional "
    "governor said on Tuesday. The governor said the dam was intact and that a photo shared "
    "online showed a different dam in another country. Engineers inspected the dam on Monday "
    "and found no damage, officials said. The rumour spread quickly on social media, but it is "
    "a hoax, the governor said.",
    "discuss": "Social media users in Norvania claimed on Tuesday that the Blue Falls dam had "
    "burst after days of heavy rain. Officials have not commented on the reports, and it is "
    "not clear whether the dam was damaged. Local journalists said they were trying to reach "
    "the dam's operator. The claims could not be independently verified.",
    "unrelated": "The national football team of Norvania won its qualifying match against "
    "Westland 2-1 on Saturday. The coach praised the young striker who scored both goals. Fans "
    "celebrated in the capital late into the night. The team plays its next match in March.",
}


def test_the_model_tells_agree_disagree_discuss_and_unrelated() -> None:
    results = judge([(CLAIM, key) for key in ARTICLES], ARTICLES)
    assert [r.stance for r in results] == list(ARTICLES)
    for result in results:
        assert set(result.probabilities) == set(LABELS)
        assert result.probabilities[result.stance] > 0.5


def test_each_article_and_claim_is_read_once_and_order_is_kept() -> None:
    pairs = [
        ("Norvania wins a football match", "unrelated"),
        (CLAIM, "agree"),
        (CLAIM, "unrelated"),
    ]
    settled: list[int] = []
    results = judge(pairs, ARTICLES, on_article=settled.append)
    assert [(r.claim, r.article) for r in results] == pairs
    assert sorted(settled) == [1, 2]  # two articles, one of them for two claims
    assert results[0].stance == "agree" or results[0].stance == "discuss"


def test_the_story_gate_separates_one_story_from_another() -> None:
    gate = load_story_gate()
    profiles = {key: gate.profile(text) for key, text in ARTICLES.items()}
    assert gate.same_story(profiles["agree"], profiles["disagree"])
    assert gate.same_story(profiles["agree"], profiles["discuss"])
    assert not gate.same_story(profiles["agree"], profiles["unrelated"])


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    bodies = write_csv(
        tmp_path / "bodies.csv",
        ["Body ID", "articleBody"],
        [["1", ARTICLES["disagree"]], ["2", ARTICLES["unrelated"]]],
    )
    claims = write_csv(
        tmp_path / "claims.csv", ["Headline", "Body ID"], [[CLAIM, "1"], [CLAIM, "2"]]
    )
    return claims, bodies


def test_the_command_writes_the_fnc_layout(files: tuple[Path, Path], tmp_path: Path) -> None:
    claims, bodies = files
    shown = run("stance", str(claims), str(bodies))
    assert shown.returncode == 0, shown.stderr
    rows = list(csv.reader(shown.stdout.splitlines()))
    assert rows == [
        ["Headline", "Body ID", "Stance"],
        [CLAIM, "1", "disagree"],
        [CLAIM, "2", "unrelated"],
    ]
    assert "judged 2 pairs" in shown.stderr
    out = tmp_path / "out.csv"
    written = run("stance", str(claims), str(bodies), "-o", str(out), "--quiet")
    assert written.returncode == 0 and written.stdout == "" and written.stderr == ""
    assert out.read_text(encoding="utf-8").splitlines() == shown.stdout.splitlines()


def test_a_missing_article_is_named_and_the_rest_goes_on(files: tuple[Path, Path]) -> None:
    claims, bodies = files
    with claims.open("a", encoding="utf-8") as handle:
        handle.write(f"{CLAIM},99\n")
    result = run("stance", str(claims), str(bodies))
    assert result.returncode == 1
    assert "claims.csv:4: Body ID '99' is not in" in result.stderr
    assert len(result.stdout.splitlines()) == 3  # the header and the two good rows


def test_a_file_without_the_columns_says_which(files: tuple[Path, Path], tmp_path: Path) -> None:
    claims, _ = files
    wrong = write_csv(tmp_path / "wrong.csv", ["id", "text"], [["1", "x"]])
    result = run("stance", str(claims), str(wrong))
    assert result.returncode == 2
    assert "wrong.csv: no column 'Body ID', 'articleBody'" in result.stderr
