"""Romanisation schemas against the sample pairs published with the iuliia project
(read from ../shared/eval/transliteration/iuliia/, never copied)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from watchfloor.lang.names import name_skeleton, romanisations
from watchfloor.lang.transliteration import SCHEMAS, transliterate

IUILIIA = Path(__file__).resolve().parents[3] / "shared" / "eval" / "transliteration" / "iuliia"


def samples(schema: str) -> list[tuple[str, str]]:
    path = IUILIIA / f"{schema}.json"
    if not path.exists():
        pytest.skip(f"{path} is not there (../shared/eval beside the project)")
    return [tuple(pair) for pair in json.loads(path.read_text(encoding="utf-8"))["samples"]]


@pytest.mark.parametrize("schema", sorted(SCHEMAS))
def test_every_published_sample_of_the_schema(schema: str) -> None:
    pairs = samples(schema)
    wrong = [
        (c, transliterate(c, schema), latin)
        for c, latin in pairs
        if transliterate(c, schema) != latin
    ]
    assert wrong == [], f"{len(wrong)}/{len(pairs)} wrong"


def test_latin_text_is_left_alone() -> None:
    assert transliterate("Lukashenko said «да»", "icao_doc_9303") == "Lukashenko said «da»"


def test_the_spellings_of_one_name_share_a_skeleton() -> None:
    spellings = {
        transliterate("Зеленский", s) for s in ("wikipedia", "bgn_pcgn", "icao_doc_9303", "mvd_782")
    }
    assert {"Zelensky", "Zelenskiy", "Zelenskii"} <= spellings | romanisations("Зеленский")
    assert len({name_skeleton(s) for s in spellings}) == 1
